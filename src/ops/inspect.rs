//! `inspect`: every fact about every certificate of a bundle, as a report.
//!
//! The report is what both renderings (human and JSON) are made from; its JSON form is a
//! versioned contract (`version`, [`InspectReport::VERSION`]) described by a JSON Schema.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{
    AuthorityInfoAccess, BasicConstraints, CRLDistributionPoints, DistributionPointName,
    ExtendedKeyUsage, GeneralName, KeyUsage, SubjectAlternativeName,
};
use x509_parser::prelude::FromDer;
use x509_parser::public_key::PublicKey;

use crate::error::Error;
pub use crate::error::ErrorReport;
use crate::model::certificate::upper_hex;
use crate::model::key::KeyDescription;
use crate::model::oids::{self, Oid};
use crate::model::pkcs12::{Compatibility, Encryption, Mac, Opens, PasswordUsed, Pbmac1Details};
use crate::model::{Bundle, Certificate, Format, Role};
use crate::ops::cert_text::{eku_names, general_name, key_usage_names, oid_name};
use crate::ops::summary::CertificateSummary;

/// The whole `inspect` run.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct InspectReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub inputs: Vec<InputReport>,
    /// Every entry of a scanned directory that was left out, with its reason.
    #[serde(default)]
    pub skipped: Vec<SkippedFile>,
    pub summary: Summary,
}

impl InspectReport {
    /// The current version of the `inspect` document.
    pub const VERSION: u32 = 4;
}

#[derive(Debug, Default, Clone, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Default, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SkipReasons {
    /// Files that are not certificate material.
    pub not_certificate_material: usize,
    /// Symbolic links that loop (to a directory above them, or to themselves).
    pub link_loops: usize,
    /// Symbolic links whose target does not exist.
    pub dangling_links: usize,
    /// Further links to a file the scan already read (read once).
    pub duplicate_links: usize,
    /// PKI objects recognised but not inspected in a scan (certificate requests, OCSP).
    #[serde(default)]
    pub other_pki_objects: usize,
}

impl SkipReasons {
    pub fn total(&self) -> usize {
        self.not_certificate_material
            + self.link_loops
            + self.dangling_links
            + self.duplicate_links
            + self.other_pki_objects
    }
}

/// One entry of a scanned directory that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SkippedFile {
    pub path: String,
    pub reason: SkipReason,
    /// What the file holds, for `other_pki_object` (e.g. "certificate request (PKCS#10)").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Why a scan left an entry out. None of these is a failure: the exit code does not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Not certificate material (no certificate, key, CRL or other PKI object in it).
    NotCertificateMaterial,
    /// A symbolic link that loops (to a directory above it, or to itself).
    LinkLoop,
    /// A symbolic link whose target does not exist.
    DanglingLink,
    /// A further link to a file the scan reads under another name.
    DuplicateLink,
    /// A PKI object that is recognised but holds no certificate this scan lists (a certificate
    /// request, an OCSP request or response).
    OtherPkiObject,
}

impl SkipReason {
    /// A few words for the human rendering.
    pub fn text(self) -> &'static str {
        match self {
            SkipReason::NotCertificateMaterial => "not certificate material",
            SkipReason::LinkLoop => "link loop",
            SkipReason::DanglingLink => "dangling link",
            SkipReason::DuplicateLink => "link to a file already read",
            SkipReason::OtherPkiObject => "other PKI object",
        }
    }
}

/// One input file (or stdin).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
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
    /// The certificate requests (PKCS#10) of a request file.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub csrs: Vec<crate::ops::inspect_pki::CsrReport>,
    /// The OCSP request or response of an OCSP file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ocsp: Option<crate::ops::inspect_pki::OcspReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorReport>,
    /// What the decoder noticed while reading the file (trailing bytes, ...).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<crate::model::note::DecodeNote>,
}

impl InputReport {
    /// The report of an input that holds CRLs rather than certificates.
    pub fn of_crls(path: String, crls: Vec<crate::ops::inspect_crl::CrlReport>) -> InputReport {
        InputReport {
            path,
            format: None,
            pkcs12: None,
            private_key: None,
            certificates: Vec::new(),
            crls,
            csrs: Vec::new(),
            ocsp: None,
            error: None,
            notes: Vec::new(),
        }
    }

    /// The report of an input that holds certificate requests.
    pub fn of_csrs(path: String, csrs: Vec<crate::ops::inspect_pki::CsrReport>) -> InputReport {
        InputReport {
            csrs,
            ..InputReport::of_crls(path, Vec::new())
        }
    }

    /// The report of an input that holds an OCSP request or response.
    pub fn of_ocsp(path: String, ocsp: crate::ops::inspect_pki::OcspReport) -> InputReport {
        InputReport {
            ocsp: Some(ocsp),
            ..InputReport::of_crls(path, Vec::new())
        }
    }
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct Pkcs12Report {
    pub certificate_encryption: Vec<EncryptionReport>,
    pub key_encryption: Vec<EncryptionReport>,
    pub mac: Option<MacReport>,
    /// Which password opened the file: the one given, the empty one or the absent (NULL) one.
    pub password: PasswordUsed,
    pub opens_in: Vec<CompatibilityReport>,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
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

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct CompatibilityReport {
    pub reader: String,
    pub opens: Opens,
    pub reason: Option<String>,
}

impl From<&Compatibility> for CompatibilityReport {
    fn from(c: &Compatibility) -> Self {
        CompatibilityReport {
            reader: c.reader.to_string(),
            opens: c.opens,
            reason: c.reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct KeyReport {
    #[serde(flatten)]
    pub description: KeyDescription,
    /// `None` when there is no leaf certificate to compare with.
    pub matches_leaf: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CertificateReport {
    pub role: Role,
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    /// The subject's common name, or the whole subject when it has none.
    pub common_name: String,
    /// SHA-256 fingerprint, uppercase hex without separators.
    pub sha256: String,
    pub key: KeyDescription,
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
    let roles = crate::verify::bundle::roles(bundle, now);
    let certificates = bundle
        .certificates
        .iter()
        .zip(roles)
        .map(|(cert, role)| certificate_report(cert, role, now))
        .collect();
    let private_key = bundle.private_key.as_ref().map(|key| KeyReport {
        description: key.description(),
        matches_leaf: bundle.key_matches_leaf(),
        friendly_name: key.friendly_name.clone(),
    });
    let pkcs12 = bundle.source.pkcs12.as_ref().map(|d| Pkcs12Report {
        certificate_encryption: d.certificate_encryption.iter().map(Into::into).collect(),
        key_encryption: d.key_encryption.iter().map(Into::into).collect(),
        mac: d.mac.as_ref().map(Into::into),
        password: d.password,
        opens_in: d.compatibility().iter().map(Into::into).collect(),
    });
    InputReport {
        path,
        format: Some(bundle.source.format),
        pkcs12,
        private_key,
        certificates,
        crls: Vec::new(),
        csrs: Vec::new(),
        ocsp: None,
        error: None,
        notes: bundle.notes.clone(),
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
        csrs: Vec::new(),
        ocsp: None,
        error: Some(error.into()),
        notes: Vec::new(),
    }
}

pub fn certificate_report(
    cert: &Certificate,
    role: Role,
    now: OffsetDateTime,
) -> CertificateReport {
    let x = cert.parsed_shallow();
    let mut report = CertificateReport {
        role,
        certificate: CertificateSummary::from_parsed(cert, x, now),
        common_name: common_name(x),
        sha256: cert.sha256_hex(),
        key: public_key_report(cert, x),
        signature_algorithm: oid_name(&x.signature_algorithm.algorithm),
        subject_alt_names: Vec::new(),
        key_usage: Vec::new(),
        extended_key_usage: Vec::new(),
        client_auth: true,
        is_ca: cert.is_ca(),
        path_len_constraint: None,
        subject_key_id: cert.subject_key_id().map(upper_hex),
        authority_key_id: cert.authority_key_id().map(upper_hex),
        ca_issuers: Vec::new(),
        ocsp: Vec::new(),
        crl_distribution_points: Vec::new(),
        friendly_name: cert.friendly_name.clone(),
    };
    // The report decodes only the extensions it shows, from a parse that left them shallow
    // (the same decoders x509-parser's full parse applies; one that fails is left out, as the
    // full parse keeps it as a parse error).
    for ext in x.extensions() {
        let oid = &ext.oid;
        if *oid == oids::OID_X509_EXT_SUBJECT_ALT_NAME {
            if let Ok((_, san)) = SubjectAlternativeName::from_der(ext.value) {
                report.subject_alt_names = san.general_names.iter().map(general_name).collect();
            }
        } else if *oid == oids::OID_X509_EXT_KEY_USAGE {
            if let Ok((_, ku)) = KeyUsage::from_der(ext.value) {
                report.key_usage = key_usage_names(&ku);
            }
        } else if *oid == oids::OID_X509_EXT_EXTENDED_KEY_USAGE {
            if let Ok((_, eku)) = ExtendedKeyUsage::from_der(ext.value) {
                report.extended_key_usage = eku_names(&eku);
                report.client_auth = eku.client_auth || eku.any;
            }
        } else if *oid == oids::OID_PKIX_AUTHORITY_INFO_ACCESS {
            if let Ok((_, aia)) = AuthorityInfoAccess::from_der(ext.value) {
                for access in &aia.accessdescs {
                    let GeneralName::URI(uri) = &access.access_location else {
                        continue;
                    };
                    if access.access_method == oids::OID_PKIX_ACCESS_DESCRIPTOR_CA_ISSUERS {
                        report.ca_issuers.push(uri.to_string());
                    } else if access.access_method == oids::OID_PKIX_ACCESS_DESCRIPTOR_OCSP {
                        report.ocsp.push(uri.to_string());
                    }
                }
            }
        } else if *oid == oids::OID_X509_EXT_CRL_DISTRIBUTION_POINTS {
            if let Ok((_, points)) = CRLDistributionPoints::from_der(ext.value) {
                for point in points.iter() {
                    if let Some(DistributionPointName::FullName(names)) = &point.distribution_point
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
        } else if *oid == oids::OID_X509_EXT_BASIC_CONSTRAINTS {
            if let Ok((_, bc)) = BasicConstraints::from_der(ext.value) {
                report.path_len_constraint = bc.path_len_constraint;
            }
        }
    }
    report
}

fn common_name(x: &X509Certificate<'_>) -> String {
    x.subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok().map(str::to_string))
        .unwrap_or_else(|| crate::model::name_text::name_text(x.subject()))
}

fn public_key_report(cert: &Certificate, x: &X509Certificate<'_>) -> KeyDescription {
    let spki = x.public_key();
    let alg = &spki.algorithm.algorithm;
    let curve_oid = spki
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.as_oid().ok());
    let simple = KeyDescription::sized;
    if *alg == oids::OID_PKCS1_RSAENCRYPTION {
        if let Ok(PublicKey::RSA(rsa)) = spki.parsed() {
            return simple("RSA", exact_bits(rsa.modulus), None);
        }
    } else if *alg == oids::OID_KEY_TYPE_EC_PUBLIC_KEY {
        let named = NAMED_CURVES
            .iter()
            .find(|(oid, _, _)| curve_oid.as_ref() == Some(oid));
        if let Some((_, bits, name)) = named {
            return simple("EC", *bits, Some(name.to_string()));
        }
    } else if *alg == oids::OID_SIG_ED25519 {
        return simple("Ed25519", 256, None);
    } else if *alg == oids::OID_SIG_ED448 {
        return simple("Ed448", 456, None);
    }
    openssl_public_key(cert)
}

/// The curves sized without OpenSSL: their OID, size in bits and name.
static NAMED_CURVES: [(Oid<'static>, u32, &str); 4] = [
    (oids::OID_EC_P256, 256, "P-256"),
    (oids::OID_NIST_EC_P384, 384, "P-384"),
    (oids::OID_NIST_EC_P521, 521, "P-521"),
    (oids::OID_EC_SECP256K1, 256, "secp256k1"),
];

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
fn openssl_public_key(cert: &Certificate) -> KeyDescription {
    match cert.to_openssl().and_then(|x| {
        x.public_key().map_err(|_| {
            crate::error::Error::new(crate::error::ErrorKind::Malformed, "no public key")
        })
    }) {
        Ok(key) => crate::model::key::describe_pkey(&key),
        Err(_) => {
            let x = cert.parsed_shallow();
            let algorithm = &x.public_key().algorithm;
            KeyDescription::unsized_from_oid(
                &algorithm.algorithm.to_id_string(),
                algorithm
                    .parameters
                    .as_ref()
                    .is_some_and(|p| p.tag() != x509_parser::der_parser::asn1_rs::Tag::Null),
                oid_name(&algorithm.algorithm),
            )
        }
    }
}
