//! `inspect`: every fact about every certificate of a bundle, as a report.
//!
//! The report is what both renderings (human and JSON) are made from; its JSON form is a
//! versioned contract (`version: 1`), so fields are only ever added.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::public_key::PublicKey;

use crate::error::Error;
use crate::model::key::KeyDescription;
use crate::model::pkcs12::{Compatibility, Encryption, Mac, PasswordUsed, Pbmac1Details};
use crate::model::{Bundle, Certificate, Format, Role};

/// The whole `inspect` run.
#[derive(Debug, Serialize, Deserialize)]
pub struct InspectReport {
    pub version: u32,
    pub inputs: Vec<InputReport>,
    pub summary: Summary,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Summary {
    /// Files and streams read.
    pub inputs_read: usize,
    /// Entries of scanned directories left out: the sum of `skipped_reasons`.
    pub skipped: usize,
    /// Why entries of scanned directories were left out.
    #[serde(default)]
    pub skipped_reasons: SkipReasons,
    /// Inputs that could not be read.
    pub failed: usize,
    /// Distinct certificates (by SHA-1 thumbprint) reported.
    pub certificates: usize,
    /// With `--expiring`: distinct certificates that expire within the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiring: Option<usize>,
}

/// Counts of directory entries a scan left out, by reason.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct SkipReasons {
    /// Files that are not certificate material.
    pub not_certificate_material: usize,
    /// Symbolic links that loop (to a directory above them, or to themselves).
    pub link_loops: usize,
    /// Symbolic links whose target does not exist.
    pub dangling_links: usize,
    /// Further links to a file the scan already read (read once).
    pub duplicate_links: usize,
}

impl SkipReasons {
    pub fn total(&self) -> usize {
        self.not_certificate_material + self.link_loops + self.dangling_links + self.duplicate_links
    }
}

/// One input file (or stdin).
#[derive(Debug, Serialize, Deserialize)]
pub struct InputReport {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkcs12: Option<Pkcs12Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key: Option<KeyReport>,
    #[serde(default)]
    pub certificates: Vec<CertificateReport>,
    /// The CRLs of a CRL file (see `inspect_crl`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub crls: Vec<crate::ops::inspect_crl::CrlReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorReport>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorReport {
    pub kind: String,
    pub message: String,
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        ErrorReport {
            kind: e.kind.as_str().to_string(),
            message: e.message.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Pkcs12Report {
    pub certificate_encryption: Vec<EncryptionReport>,
    pub key_encryption: Vec<EncryptionReport>,
    pub mac: Option<MacReport>,
    /// `given`, `empty` or `null`.
    pub password: String,
    pub opens_in: Vec<CompatibilityReport>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EncryptionReport {
    pub scheme: String,
    pub cipher: String,
    pub kdf: Option<String>,
    pub iterations: Option<u64>,
    pub summary: String,
}

impl From<&Encryption> for EncryptionReport {
    fn from(e: &Encryption) -> Self {
        EncryptionReport {
            scheme: e.scheme.clone(),
            cipher: e.cipher.clone(),
            kdf: e.kdf.clone(),
            iterations: e.iterations,
            summary: e.summary(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct MacReport {
    pub algorithm: String,
    pub iterations: u64,
    /// The PBMAC1 (RFC 9579) parameters, when the MAC is PBMAC1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pbmac1: Option<Pbmac1Details>,
}

impl From<&Mac> for MacReport {
    fn from(m: &Mac) -> Self {
        MacReport {
            algorithm: m.algorithm.clone(),
            iterations: m.iterations,
            pbmac1: m.pbmac1.clone(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
pub struct CompatibilityReport {
    pub reader: String,
    /// `yes`, `probably` or `no`.
    pub opens: String,
    pub reason: Option<String>,
}

impl From<&Compatibility> for CompatibilityReport {
    fn from(c: &Compatibility) -> Self {
        CompatibilityReport {
            reader: c.reader.to_string(),
            opens: c.opens.as_str().to_string(),
            reason: c.reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyReport {
    pub algorithm: String,
    pub bits: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
    /// `None` when there is no leaf certificate to compare with.
    pub matches_leaf: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PublicKeyReport {
    pub algorithm: String,
    pub bits: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CertificateReport {
    pub role: Role,
    pub subject: String,
    /// The subject's common name, or the whole subject when it has none.
    pub common_name: String,
    pub issuer: String,
    /// Uppercase hex without separators, as Windows shows it.
    pub serial: String,
    pub not_before: String,
    pub not_after: String,
    /// Whole days until expiry (negative once expired).
    pub days_left: i64,
    pub expired: bool,
    pub not_yet_valid: bool,
    /// SHA-1 thumbprint, uppercase hex without separators (Windows' "Thumbprint").
    pub sha1: String,
    /// SHA-256 fingerprint, uppercase hex without separators.
    pub sha256: String,
    pub key: PublicKeyReport,
    pub signature_algorithm: String,
    pub subject_alt_names: Vec<String>,
    pub key_usage: Vec<String>,
    /// Extended key usage names (`clientAuth`, `serverAuth`, ...); empty when absent.
    pub extended_key_usage: Vec<String>,
    /// Usable for TLS client authentication: EKU absent, or it has clientAuth or anyExtendedKeyUsage.
    pub client_auth: bool,
    pub is_ca: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path_len_constraint: Option<u32>,
    pub subject_key_id: Option<String>,
    pub authority_key_id: Option<String>,
    /// Authority information access "CA Issuers" URLs: where the issuing CA can be downloaded.
    #[serde(default)]
    pub ca_issuers: Vec<String>,
    /// OCSP responder URLs.
    #[serde(default)]
    pub ocsp: Vec<String>,
    /// CRL distribution point URLs.
    #[serde(default)]
    pub crl_distribution_points: Vec<String>,
    pub friendly_name: Option<String>,
}

/// The report of one successfully loaded bundle. `now` decides days left and expiry.
pub fn inspect_bundle(path: String, bundle: &Bundle, now: OffsetDateTime) -> InputReport {
    let roles = bundle.roles();
    let certificates = bundle
        .certificates
        .iter()
        .zip(roles)
        .map(|(cert, role)| certificate_report(cert, role, now))
        .collect();
    let private_key = bundle.private_key.as_ref().map(|key| {
        let KeyDescription {
            algorithm,
            bits,
            curve,
        } = key.description();
        KeyReport {
            algorithm,
            bits,
            curve,
            matches_leaf: bundle.key_matches_leaf(),
            friendly_name: key.friendly_name.clone(),
        }
    });
    let pkcs12 = bundle.source.pkcs12.as_ref().map(|d| Pkcs12Report {
        certificate_encryption: d.certificate_encryption.iter().map(Into::into).collect(),
        key_encryption: d.key_encryption.iter().map(Into::into).collect(),
        mac: d.mac.as_ref().map(Into::into),
        password: match d.password {
            PasswordUsed::Given => "given",
            PasswordUsed::Empty => "empty",
            PasswordUsed::Null => "null",
        }
        .to_string(),
        opens_in: d.compatibility().iter().map(Into::into).collect(),
    });
    InputReport {
        path,
        format: Some(bundle.source.format),
        pkcs12,
        private_key,
        certificates,
        crls: Vec::new(),
        error: None,
    }
}

/// The report of an input that could not be read.
pub fn failed_input(path: String, error: &Error) -> InputReport {
    InputReport {
        path,
        format: None,
        pkcs12: None,
        private_key: None,
        certificates: Vec::new(),
        crls: Vec::new(),
        error: Some(error.into()),
    }
}

pub fn certificate_report(
    cert: &Certificate,
    role: Role,
    now: OffsetDateTime,
) -> CertificateReport {
    let x = cert.parsed();
    let validity = x.validity();
    let not_before = validity.not_before.to_datetime();
    let not_after = validity.not_after.to_datetime();
    let days_left = (not_after - now).whole_days();

    let mut report = CertificateReport {
        role,
        subject: x.subject().to_string(),
        common_name: common_name(&x),
        issuer: x.issuer().to_string(),
        serial: hex::encode_upper(x.raw_serial()),
        not_before: rfc3339(not_before),
        not_after: rfc3339(not_after),
        days_left,
        expired: now > not_after,
        not_yet_valid: now < not_before,
        sha1: cert.sha1_hex(),
        sha256: cert.sha256_hex(),
        key: public_key_report(cert, &x),
        signature_algorithm: oid_name(&x.signature_algorithm.algorithm),
        subject_alt_names: Vec::new(),
        key_usage: Vec::new(),
        extended_key_usage: Vec::new(),
        client_auth: true,
        is_ca: cert.is_ca(),
        path_len_constraint: None,
        subject_key_id: cert.subject_key_id().map(hex::encode_upper),
        authority_key_id: cert.authority_key_id().map(hex::encode_upper),
        ca_issuers: Vec::new(),
        ocsp: Vec::new(),
        crl_distribution_points: Vec::new(),
        friendly_name: cert.friendly_name.clone(),
    };
    for ext in x.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectAlternativeName(san) => {
                report.subject_alt_names = san.general_names.iter().map(general_name).collect();
            }
            ParsedExtension::KeyUsage(ku) => report.key_usage = key_usage_names(ku),
            ParsedExtension::ExtendedKeyUsage(eku) => {
                report.extended_key_usage = eku_names(eku);
                report.client_auth = eku.client_auth || eku.any;
            }
            ParsedExtension::AuthorityInfoAccess(aia) => {
                for access in &aia.accessdescs {
                    let GeneralName::URI(uri) = &access.access_location else {
                        continue;
                    };
                    match access.access_method.to_id_string().as_str() {
                        "1.3.6.1.5.5.7.48.2" => report.ca_issuers.push(uri.to_string()),
                        "1.3.6.1.5.5.7.48.1" => report.ocsp.push(uri.to_string()),
                        _ => {}
                    }
                }
            }
            ParsedExtension::CRLDistributionPoints(points) => {
                for point in points.iter() {
                    if let Some(x509_parser::extensions::DistributionPointName::FullName(names)) =
                        &point.distribution_point
                    {
                        report
                            .crl_distribution_points
                            .extend(names.iter().filter_map(|n| match n {
                                GeneralName::URI(uri) => Some(uri.to_string()),
                                _ => None,
                            }));
                    }
                }
            }
            ParsedExtension::BasicConstraints(bc) => {
                report.path_len_constraint = bc.path_len_constraint
            }
            _ => {}
        }
    }
    report
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

fn common_name(x: &X509Certificate<'_>) -> String {
    x.subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok().map(str::to_string))
        .unwrap_or_else(|| x.subject().to_string())
}

fn oid_name(oid: &x509_parser::der_parser::oid::Oid<'_>) -> String {
    x509_parser::objects::oid2sn(oid, x509_parser::objects::oid_registry())
        .map(str::to_string)
        .unwrap_or_else(|_| oid.to_id_string())
}

fn public_key_report(cert: &Certificate, x: &X509Certificate<'_>) -> PublicKeyReport {
    let spki = x.public_key();
    let alg = spki.algorithm.algorithm.to_id_string();
    let curve_oid = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok())
        .map(|o| o.to_id_string());
    let simple = |algorithm: &str, bits: u32, curve: Option<String>| PublicKeyReport {
        algorithm: algorithm.to_string(),
        bits,
        curve,
    };
    match alg.as_str() {
        "1.2.840.113549.1.1.1" => match spki.parsed() {
            Ok(PublicKey::RSA(rsa)) => simple("RSA", exact_bits(rsa.modulus), None),
            _ => openssl_public_key(cert),
        },
        "1.2.840.10045.2.1" => match curve_oid.as_deref() {
            Some("1.2.840.10045.3.1.7") => simple("EC", 256, Some("P-256".into())),
            Some("1.3.132.0.34") => simple("EC", 384, Some("P-384".into())),
            Some("1.3.132.0.35") => simple("EC", 521, Some("P-521".into())),
            Some("1.3.132.0.10") => simple("EC", 256, Some("secp256k1".into())),
            _ => openssl_public_key(cert),
        },
        "1.3.101.112" => simple("Ed25519", 256, None),
        "1.3.101.113" => simple("Ed448", 456, None),
        _ => openssl_public_key(cert),
    }
}

/// The bit length of a big-endian unsigned integer (an RSA modulus): a 2047-bit key is 2047, not
/// its byte length times eight.
fn exact_bits(be: &[u8]) -> u32 {
    let significant = match be.iter().position(|&b| b != 0) {
        Some(i) => &be[i..],
        None => return 0,
    };
    (significant.len() as u32 - 1) * 8 + (8 - significant[0].leading_zeros())
}

/// Slow path for key types x509-parser does not size (DSA, RSA-PSS, other curves).
fn openssl_public_key(cert: &Certificate) -> PublicKeyReport {
    match cert.to_openssl().and_then(|x| {
        x.public_key().map_err(|_| {
            crate::error::Error::new(crate::error::ErrorKind::Malformed, "no public key")
        })
    }) {
        Ok(key) => {
            let KeyDescription {
                algorithm,
                bits,
                curve,
            } = crate::model::key::describe_pkey(&key);
            PublicKeyReport {
                algorithm,
                bits,
                curve,
            }
        }
        Err(_) => PublicKeyReport {
            algorithm: oid_name(&cert.parsed().public_key().algorithm.algorithm),
            bits: 0,
            curve: None,
        },
    }
}

fn general_name(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::DNSName(d) => format!("DNS:{d}"),
        GeneralName::RFC822Name(e) => format!("email:{e}"),
        GeneralName::URI(u) => format!("URI:{u}"),
        GeneralName::IPAddress(bytes) => match bytes.len() {
            4 => format!(
                "IP:{}",
                std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*bytes).unwrap())
            ),
            16 => format!(
                "IP:{}",
                std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*bytes).unwrap())
            ),
            _ => format!("IP:{}", hex::encode_upper(bytes)),
        },
        GeneralName::DirectoryName(n) => format!("DirName:{n}"),
        GeneralName::RegisteredID(oid) => format!("RID:{}", oid.to_id_string()),
        GeneralName::OtherName(oid, value) => {
            let id = oid.to_id_string();
            if id == "1.3.6.1.4.1.311.20.2.3" {
                // Microsoft UPN: [0] EXPLICIT UTF8String.
                if let Some(upn) = utf8_in_explicit(value) {
                    return format!("UPN:{upn}");
                }
            }
            format!("othername:{id}")
        }
        other => format!("{other:?}"),
    }
}

fn utf8_in_explicit(value: &[u8]) -> Option<String> {
    use x509_parser::der_parser::ber::parse_ber_any_r;
    let (_, outer) = parse_ber_any_r(value, 8).ok()?;
    let inner = match outer.content {
        x509_parser::der_parser::ber::BerObjectContent::Unknown(ref any) => {
            parse_ber_any_r(any.data, 8).ok()?.1
        }
        _ => outer,
    };
    inner.as_str().ok().map(str::to_string)
}

fn key_usage_names(ku: &x509_parser::extensions::KeyUsage) -> Vec<String> {
    let names = [
        (ku.digital_signature(), "digitalSignature"),
        (ku.non_repudiation(), "nonRepudiation"),
        (ku.key_encipherment(), "keyEncipherment"),
        (ku.data_encipherment(), "dataEncipherment"),
        (ku.key_agreement(), "keyAgreement"),
        (ku.key_cert_sign(), "keyCertSign"),
        (ku.crl_sign(), "cRLSign"),
        (ku.encipher_only(), "encipherOnly"),
        (ku.decipher_only(), "decipherOnly"),
    ];
    names
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, n)| n.to_string())
        .collect()
}

fn eku_names(eku: &x509_parser::extensions::ExtendedKeyUsage<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let known = [
        (eku.any, "anyExtendedKeyUsage"),
        (eku.server_auth, "serverAuth"),
        (eku.client_auth, "clientAuth"),
        (eku.code_signing, "codeSigning"),
        (eku.email_protection, "emailProtection"),
        (eku.time_stamping, "timeStamping"),
        (eku.ocsp_signing, "OCSPSigning"),
    ];
    out.extend(
        known
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, n)| n.to_string()),
    );
    for oid in &eku.other {
        let id = oid.to_id_string();
        out.push(match id.as_str() {
            "1.3.6.1.4.1.311.20.2.2" => "smartcardLogon".to_string(),
            "1.3.6.1.5.5.7.3.17" => "ipsecIKE".to_string(),
            "1.3.6.1.4.1.311.10.3.4" => "encryptedFileSystem".to_string(),
            _ => id,
        });
    }
    out
}
