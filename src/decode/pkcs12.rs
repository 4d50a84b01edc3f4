//! PKCS#12 (.pfx/.p12) files as real tools write them.
//!
//! p12-keystore reads the contents in pure Rust (RC2-40, 3DES, AES/PBKDF2, unencrypted bags,
//! no MAC), so OpenSSL 3's "unsupported RC2-40-CBC" never reaches the user. OpenSSL is the
//! fallback for what p12-keystore cannot do: the NULL password, and algorithms it lacks (with
//! the legacy provider loaded). The container details (algorithms, MAC, iteration counts) are
//! read from the structure itself, which needs no password for the outer layers.

use std::sync::OnceLock;

use ::der::asn1::OctetString;
use ::der::{Decode, Encode};
use ::pkcs12::pfx::Pfx;
use ::pkcs12::safe_bag::SafeContents;
use openssl::pkcs12::Pkcs12;
use openssl::provider::Provider;
use zeroize::Zeroizing;

use super::with_passwords;
use crate::error::{Error, ErrorKind, Result};
use crate::model::pkcs12::{CipherFamily, Encryption, Mac, PasswordUsed, Pkcs12Details};
use crate::model::{Bundle, Certificate, PrivateKey, Source};
use crate::password::{Candidate, Passwords};

const OID_DATA: &str = "1.2.840.113549.1.7.1";
const OID_ENCRYPTED_DATA: &str = "1.2.840.113549.1.7.6";
const OID_SHROUDED_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.2";
const OID_KEY_BAG: &str = "1.2.840.113549.1.12.10.1.1";
const OID_CERT_BAG: &str = "1.2.840.113549.1.12.10.1.3";
const OID_PBES2: &str = "1.2.840.113549.1.5.13";
const OID_PBMAC1: &str = "1.2.840.113549.1.5.14";

/// Outcome of one password attempt.
enum Attempt {
    Opened(Bundle),
    /// The MAC did not verify with this password.
    MacMismatch,
    /// Decryption failed (bad padding or garbage): the password is wrong.
    DecryptFailed,
    /// p12-keystore cannot handle an algorithm: let OpenSSL try.
    Unsupported(String),
}

pub fn decode(
    bytes: &[u8],
    pfx: Pfx,
    name: &str,
    passwords: &Passwords,
    mut source: Source,
) -> Result<Bundle> {
    let details = describe_container(&pfx)?;
    check_iterations(
        details
            .certificate_encryption
            .iter()
            .chain(&details.key_encryption)
            .filter_map(|e| e.iterations)
            .chain(details.mac.as_ref().map(|m| m.iterations)),
    )?;
    let has_mac = pfx.mac_data.is_some();
    let mut used = PasswordUsed::Given;
    let mut saw_mac_mismatch = false;

    let result = with_passwords(name, passwords, |candidate| {
        let attempt = attempt(bytes, candidate)?;
        match attempt {
            Attempt::Opened(bundle) => {
                used = password_used(candidate);
                Ok(Some(bundle))
            }
            Attempt::MacMismatch => {
                saw_mac_mismatch = true;
                Ok(None)
            }
            Attempt::DecryptFailed => Ok(None),
            Attempt::Unsupported(what) => Err(cannot_decrypt(&what)),
        }
    });

    let mut bundle = match result {
        Ok(bundle) => bundle,
        // With no password given, the empty and NULL candidates failing the MAC ends as
        // `password_required`; a damaged file that opens with one of them is still a bad MAC.
        Err(e)
            if matches!(
                e.kind,
                ErrorKind::WrongPassword | ErrorKind::PasswordRequired
            ) && has_mac
                && saw_mac_mismatch =>
        {
            // Tell a damaged or altered file from a wrong password: if the contents decrypt with
            // this password once the MAC is ignored, the password is right and the MAC is not.
            if contents_open_without_mac(bytes, &pfx, passwords) {
                return Err(Error::new(
                    ErrorKind::BadMac,
                    "the integrity check (MAC) fails although the password decrypts the contents: the file was altered or damaged, get a fresh copy",
                ));
            }
            return Err(e);
        }
        Err(e) => return Err(e),
    };
    let mut details = details;
    details.password = used;
    source.pkcs12 = Some(details);
    bundle.source = source;
    Ok(bundle)
}

/// Which password opened the file, for the container details.
fn password_used(candidate: &Candidate) -> PasswordUsed {
    match candidate {
        Candidate::Text(_) => PasswordUsed::Given,
        Candidate::Empty => PasswordUsed::Empty,
        Candidate::Null => PasswordUsed::Null,
    }
}

fn cannot_decrypt(what: &str) -> Error {
    Error::new(
        ErrorKind::UnsupportedAlgorithm,
        format!("the file uses {what}, which certkit cannot decrypt"),
    )
}

/// A PKCS#12 file in BER (indefinite lengths, as NSS writes it): the contents are read by
/// OpenSSL from the original bytes (the MAC covers them as they are); `pfx` is the normalised
/// DER copy, used only to describe the container.
pub fn decode_ber(
    bytes: &[u8],
    pfx: Pfx,
    name: &str,
    passwords: &Passwords,
    mut source: Source,
) -> Result<Bundle> {
    let mut details = describe_container(&pfx)?;
    let mut used = PasswordUsed::Given;
    let mut bundle = with_passwords(name, passwords, |candidate| {
        let pass = match candidate {
            Candidate::Text(t) => t.as_str(),
            Candidate::Empty | Candidate::Null => "",
        };
        if pass.contains('\0') {
            return Ok(None);
        }
        match openssl_attempt(bytes, pass) {
            Attempt::Opened(bundle) => {
                used = password_used(candidate);
                Ok(Some(bundle))
            }
            Attempt::MacMismatch | Attempt::DecryptFailed => Ok(None),
            Attempt::Unsupported(what) => Err(cannot_decrypt(&what)),
        }
    })?;
    details.password = used;
    source.pkcs12 = Some(details);
    bundle.source = source;
    Ok(bundle)
}

fn attempt(bytes: &[u8], candidate: &Candidate) -> Result<Attempt> {
    let text: Option<&str> = match candidate {
        Candidate::Text(t) => Some(t.as_str()),
        Candidate::Empty => Some(""),
        Candidate::Null => None,
    };
    if let Some(password) = text {
        match p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password) {
            Ok(archive) => return Ok(Attempt::Opened(from_archive(archive)?)),
            Err(e) => match classify_keystore_error(&e) {
                Attempt::Unsupported(_) => {} // fall through to OpenSSL
                // A given "" (say, an empty --password-env) also means "no password" to the
                // user: OpenSSL's "" tries the NULL password as well.
                // (Not for the Empty candidate: Null follows it and must be reported as such.)
                Attempt::MacMismatch if matches!(candidate, Candidate::Text(t) if t.is_empty()) => {
                }
                other => return Ok(other),
            },
        }
    }
    // OpenSSL: the NULL password ("" tries NULL first, then the empty string), or algorithms
    // p12-keystore lacks.
    let pass = text.unwrap_or("");
    if pass.contains('\0') {
        return Ok(Attempt::DecryptFailed);
    }
    Ok(openssl_attempt(bytes, pass))
}

fn classify_keystore_error(e: &p12_keystore::error::Error) -> Attempt {
    use p12_keystore::error::Error as E;
    match e {
        E::MacError(_) => Attempt::MacMismatch,
        E::UnpadError | E::Pkcs5Error(_) => Attempt::DecryptFailed,
        // Garbage after decryption (no MAC to catch a wrong password first).
        E::DerError(_) | E::X509Error(_) | E::InvalidPrivateKey | E::InvalidLength => {
            Attempt::DecryptFailed
        }
        other => Attempt::Unsupported(other.to_string()),
    }
}

fn openssl_attempt(bytes: &[u8], pass: &str) -> Attempt {
    ensure_legacy_provider();
    let parsed = Pkcs12::from_der(bytes).and_then(|p12| p12.parse2(pass));
    match parsed {
        Ok(parsed) => {
            let mut bundle = Bundle::new(placeholder_source());
            let alias = parsed
                .cert
                .as_ref()
                .and_then(|c| c.alias().map(|a| String::from_utf8_lossy(a).into_owned()));
            if let Some(cert) = parsed.cert {
                if let Ok(mut c) = cert
                    .to_der()
                    .map_err(|_| ())
                    .and_then(|d| Certificate::from_der(d).map_err(|_| ()))
                {
                    c.friendly_name = alias.clone();
                    bundle.push_certificate(c);
                }
            }
            if let Some(ca) = parsed.ca {
                for cert in ca.iter() {
                    let friendly = cert
                        .alias()
                        .map(|a| String::from_utf8_lossy(a).into_owned());
                    if let Ok(mut c) = cert
                        .to_der()
                        .map_err(|_| ())
                        .and_then(|d| Certificate::from_der(d).map_err(|_| ()))
                    {
                        c.friendly_name = friendly;
                        bundle.push_certificate(c);
                    }
                }
            }
            if let Some(pkey) = parsed.pkey {
                let mut key = PrivateKey::new(pkey);
                key.friendly_name = alias;
                bundle.private_key = Some(key);
            }
            Attempt::Opened(bundle)
        }
        Err(stack) => {
            let text = stack.to_string().to_ascii_lowercase();
            if text.contains("mac verify") {
                Attempt::MacMismatch
            } else if text.contains("unsupported") && !text.contains("decrypt") {
                Attempt::Unsupported("an encryption algorithm OpenSSL does not support".into())
            } else {
                Attempt::DecryptFailed
            }
        }
    }
}

fn placeholder_source() -> Source {
    Source {
        path: None,
        format: crate::model::Format::Pkcs12,
        pkcs12: None,
    }
}

fn from_archive(archive: p12_keystore::Pkcs12Archive) -> Result<Bundle> {
    let mut bundle = Bundle::new(placeholder_source());
    for bag in archive.certs {
        let mut cert = Certificate::from_der(bag.cert.as_der().to_vec())?;
        cert.friendly_name = bag.friendly_name;
        cert.local_key_id = bag.local_key_id;
        cert.java_trusted = bag.trusted;
        bundle.push_certificate(cert);
    }
    let mut keys = Vec::new();
    for bag in archive.keys {
        let der = Zeroizing::new(bag.key.as_der().to_vec());
        let mut key = PrivateKey::from_pkcs8_der(&der).map_err(|_| {
            Error::new(
                ErrorKind::UnsupportedAlgorithm,
                "the private key in the file uses a key type OpenSSL cannot load",
            )
        })?;
        key.friendly_name = bag.friendly_name;
        key.local_key_id = bag.local_key_id.map(|id| id.0);
        keys.push(key);
    }
    // The key bag whose localKeyId a certificate shares is the one that matters.
    if keys.len() > 1 {
        if let Some(i) = keys.iter().position(|k| {
            k.local_key_id.is_some()
                && bundle
                    .certificates
                    .iter()
                    .any(|c| c.local_key_id == k.local_key_id)
        }) {
            keys.swap(0, i);
        }
    }
    bundle.private_key = super::pem::pick_key(&bundle, keys);
    Ok(bundle)
}

/// Do the contents decrypt with some candidate once the MAC is removed?
fn contents_open_without_mac(bytes: &[u8], pfx: &Pfx, passwords: &Passwords) -> bool {
    let _ = bytes;
    let stripped = Pfx {
        version: pfx.version,
        auth_safe: pfx.auth_safe.clone(),
        mac_data: None,
    };
    let Ok(der) = stripped.to_der() else {
        return false;
    };
    // Only meaningful when something is encrypted: otherwise any password "decrypts".
    let details = match describe_container(pfx) {
        Ok(d) => d,
        Err(_) => return false,
    };
    let encrypted = details
        .certificate_encryption
        .iter()
        .chain(details.key_encryption.iter())
        .any(|e| e.family != CipherFamily::None);
    if !encrypted {
        return false;
    }
    passwords.candidates().iter().any(|c| match c {
        Candidate::Text(t) => p12_keystore::Pkcs12Archive::from_pkcs12(&der, t).is_ok(),
        Candidate::Empty => p12_keystore::Pkcs12Archive::from_pkcs12(&der, "").is_ok(),
        // OpenSSL's "" tries the NULL password too; without a MAC it must decrypt to succeed.
        Candidate::Null => {
            ensure_legacy_provider();
            Pkcs12::from_der(&der)
                .and_then(|p12| p12.parse2(""))
                .is_ok()
        }
    })
}

/// Loads OpenSSL 3's legacy provider (RC2, RC4, single DES) next to the default one, once.
pub(crate) fn ensure_legacy_provider() {
    static PROVIDERS: OnceLock<Option<(Provider, Provider)>> = OnceLock::new();
    PROVIDERS.get_or_init(|| {
        let legacy = Provider::try_load(None, "legacy", true).ok()?;
        let default = Provider::try_load(None, "default", true).ok()?;
        Some((legacy, default))
    });
}

/// Reads algorithms, MAC and iteration counts from the structure, without any password.
pub fn describe_container(pfx: &Pfx) -> Result<Pkcs12Details> {
    let malformed = |what: &str| {
        Error::new(
            ErrorKind::Malformed,
            format!("the PKCS#12 {what} cannot be parsed"),
        )
    };
    let mac = pfx.mac_data.as_ref().map(|m| Mac {
        algorithm: digest_name(&m.mac.algorithm.oid.to_string()),
        iterations: m.iterations.max(0) as u64,
    });
    let mut certificate_encryption = Vec::new();
    let mut key_encryption = Vec::new();

    if pfx.auth_safe.content_type.to_string() != OID_DATA {
        return Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "the PKCS#12 file uses public-key integrity mode, which certkit does not support",
        ));
    }
    let auth_safe_der = OctetString::from_der(
        &pfx.auth_safe
            .content
            .to_der()
            .map_err(|_| malformed("content"))?,
    )
    .map_err(|_| malformed("content"))?;
    let safes = <Vec<cms::content_info::ContentInfo>>::from_der(auth_safe_der.as_bytes())
        .map_err(|_| malformed("authenticated safe"))?;
    for safe in &safes {
        match safe.content_type.to_string().as_str() {
            OID_DATA => {
                let inner =
                    OctetString::from_der(&safe.content.to_der().map_err(|_| malformed("safe"))?)
                        .map_err(|_| malformed("safe"))?;
                let bags = SafeContents::from_der(inner.as_bytes())
                    .map_err(|_| malformed("safe contents"))?;
                for bag in &bags {
                    match bag.bag_id.to_string().as_str() {
                        OID_SHROUDED_KEY_BAG => {
                            // bag_value is the [0] EXPLICIT wrapper around EncryptedPrivateKeyInfo.
                            let value = explicit_inner(&bag.bag_value)
                                .ok_or_else(|| malformed("key bag"))?;
                            key_encryption.push(
                                encrypted_key_algorithm(value)
                                    .ok_or_else(|| malformed("key bag"))?,
                            );
                        }
                        OID_KEY_BAG => key_encryption.push(Encryption::none()),
                        OID_CERT_BAG if !certificate_encryption.contains(&Encryption::none()) => {
                            certificate_encryption.push(Encryption::none());
                        }
                        _ => {}
                    }
                }
            }
            OID_ENCRYPTED_DATA => {
                let data = cms::encrypted_data::EncryptedData::from_der(
                    &safe
                        .content
                        .to_der()
                        .map_err(|_| malformed("encrypted safe"))?,
                )
                .map_err(|_| malformed("encrypted safe"))?;
                let alg = &data.enc_content_info.content_enc_alg;
                let params = alg.parameters.as_ref().and_then(|p| p.to_der().ok());
                certificate_encryption.push(describe_algorithm(&alg.oid, params));
            }
            other => certificate_encryption.push(Encryption {
                scheme: other.to_string(),
                cipher: "unknown".into(),
                kdf: None,
                iterations: None,
                family: CipherFamily::Unknown,
            }),
        }
    }
    Ok(Pkcs12Details {
        certificate_encryption,
        key_encryption,
        mac,
        password: PasswordUsed::Given,
    })
}

/// Java refuses PKCS#12 files whose PBE or MAC iteration count exceeds this
/// (`PKCS12KeyStore.MAX_ITERATION_COUNT`); certkit does the same, so that a crafted file cannot
/// keep it busy for hours deriving keys. Real tools write 2,048 to 600,000.
pub(crate) const MAX_ITERATIONS: u64 = 5_000_000;

/// Refuses iteration counts above [`MAX_ITERATIONS`] before any key is derived.
pub(crate) fn check_iterations(counts: impl IntoIterator<Item = u64>) -> Result<()> {
    match counts.into_iter().max() {
        Some(n) if n > MAX_ITERATIONS => Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            format!(
                "the file asks for {n} key-derivation iterations, more than the {MAX_ITERATIONS} any real tool writes (Java refuses it too): the file is damaged or crafted"
            ),
        )),
        _ => Ok(()),
    }
}

/// `EncryptedPrivateKeyInfo` (PKCS#8), kept generic: the pkcs8 crate rejects the PKCS#12 PBE
/// algorithms that real shrouded key bags use.
#[derive(::der::Sequence)]
pub(crate) struct EncryptedKeyInfo {
    pub algorithm: AlgorithmId,
    pub data: OctetString,
}

#[derive(::der::Sequence)]
pub(crate) struct AlgorithmId {
    pub oid: ::der::oid::ObjectIdentifier,
    pub parameters: Option<::der::Any>,
}

/// The encryption of a DER `EncryptedPrivateKeyInfo`, or `None` when it is not one.
pub(crate) fn encrypted_key_algorithm(der: &[u8]) -> Option<Encryption> {
    let info = EncryptedKeyInfo::from_der(der).ok()?;
    let params = info
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.to_der().ok());
    Some(describe_algorithm(&info.algorithm.oid, params))
}

/// The content of a `[0] EXPLICIT` wrapper.
fn explicit_inner(tlv: &[u8]) -> Option<&[u8]> {
    let any = ::der::AnyRef::from_der(tlv).ok()?;
    Some(any.value())
}

fn digest_name(oid: &str) -> String {
    match oid {
        "1.3.14.3.2.26" => "SHA-1".into(),
        "2.16.840.1.101.3.4.2.4" => "SHA-224".into(),
        "2.16.840.1.101.3.4.2.1" => "SHA-256".into(),
        "2.16.840.1.101.3.4.2.2" => "SHA-384".into(),
        "2.16.840.1.101.3.4.2.3" => "SHA-512".into(),
        "2.16.840.1.101.3.4.2.5" => "SHA-512/224".into(),
        "2.16.840.1.101.3.4.2.6" => "SHA-512/256".into(),
        "1.2.840.113549.2.5" => "MD5".into(),
        OID_PBMAC1 => "PBMAC1".into(),
        other => other.to_string(),
    }
}

/// Names a password-based encryption algorithm and decides its compatibility family.
pub(crate) fn describe_algorithm(
    oid: &::der::oid::ObjectIdentifier,
    params: Option<Vec<u8>>,
) -> Encryption {
    let oid = oid.to_string();
    let pkcs12_pbe = |cipher: &str, family| Encryption {
        scheme: format!("pbeWithSHAAnd{cipher}"),
        cipher: cipher.to_string(),
        kdf: Some("SHA-1".into()),
        iterations: params.as_deref().and_then(pbe_iterations),
        family,
    };
    match oid.as_str() {
        "1.2.840.113549.1.12.1.1" => pkcs12_pbe("128BitRC4", CipherFamily::Legacy),
        "1.2.840.113549.1.12.1.2" => pkcs12_pbe("40BitRC4", CipherFamily::Legacy),
        "1.2.840.113549.1.12.1.3" => Encryption {
            scheme: "pbeWithSHAAnd3-KeyTripleDES-CBC".into(),
            cipher: "3DES-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::TripleDes)
        },
        "1.2.840.113549.1.12.1.4" => Encryption {
            scheme: "pbeWithSHAAnd2-KeyTripleDES-CBC".into(),
            cipher: "2-key 3DES-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::TripleDes)
        },
        "1.2.840.113549.1.12.1.5" => Encryption {
            scheme: "pbeWithSHAAnd128BitRC2-CBC".into(),
            cipher: "RC2-128-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::Legacy)
        },
        "1.2.840.113549.1.12.1.6" => Encryption {
            scheme: "pbeWithSHAAnd40BitRC2-CBC".into(),
            cipher: "RC2-40-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::Legacy)
        },
        // PKCS#5 v1.5 PBES1 (MD5/SHA-1 with DES or RC2).
        "1.2.840.113549.1.5.3"
        | "1.2.840.113549.1.5.6"
        | "1.2.840.113549.1.5.10"
        | "1.2.840.113549.1.5.11" => Encryption {
            scheme: "PBES1".into(),
            cipher: if oid.ends_with(".3") || oid.ends_with(".10") {
                "DES-CBC"
            } else {
                "RC2-64-CBC"
            }
            .into(),
            kdf: Some(
                if oid.ends_with(".3") || oid.ends_with(".6") {
                    "MD5"
                } else {
                    "SHA-1"
                }
                .into(),
            ),
            iterations: params.as_deref().and_then(pbe_iterations),
            family: CipherFamily::Legacy,
        },
        OID_PBES2 => describe_pbes2(params.as_deref()),
        other => Encryption {
            scheme: other.to_string(),
            cipher: "unknown".into(),
            kdf: None,
            iterations: None,
            family: CipherFamily::Unknown,
        },
    }
}

/// `pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }` (PBES1 is alike).
fn pbe_iterations(params: &[u8]) -> Option<u64> {
    #[derive(::der::Sequence)]
    struct PbeParams {
        _salt: OctetString,
        iterations: u64,
    }
    PbeParams::from_der(params).ok().map(|p| p.iterations)
}

fn describe_pbes2(params: Option<&[u8]>) -> Encryption {
    let unknown = Encryption {
        scheme: "PBES2".into(),
        cipher: "unknown".into(),
        kdf: None,
        iterations: None,
        family: CipherFamily::Unknown,
    };
    let Some(params) = params else { return unknown };
    let Ok(parsed) = pkcs5::pbes2::Parameters::from_der(params) else {
        return unknown;
    };
    let (kdf, iterations, sha256) = match &parsed.kdf {
        pkcs5::pbes2::Kdf::Pbkdf2(p) => {
            let prf = match p.prf {
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha1 => "hmacWithSHA1",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha224 => "hmacWithSHA224",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256 => "hmacWithSHA256",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha384 => "hmacWithSHA384",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha512 => "hmacWithSHA512",
                _ => "unknown PRF",
            };
            (
                format!("PBKDF2-{prf}"),
                Some(p.iteration_count as u64),
                p.prf == pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256,
            )
        }
        pkcs5::pbes2::Kdf::Scrypt(_) => ("scrypt".to_string(), None, false),
        _ => ("unknown KDF".to_string(), None, false),
    };
    use pkcs5::pbes2::EncryptionScheme as S;
    let (cipher, family) = match parsed.encryption {
        S::Aes256Cbc { .. } if sha256 => ("AES-256-CBC", CipherFamily::Aes256Sha256),
        S::Aes256Cbc { .. } => ("AES-256-CBC", CipherFamily::OtherAes),
        S::Aes128Cbc { .. } => ("AES-128-CBC", CipherFamily::OtherAes),
        S::Aes192Cbc { .. } => ("AES-192-CBC", CipherFamily::OtherAes),
        S::Aes128Gcm { .. } => ("AES-128-GCM", CipherFamily::Unknown),
        S::Aes256Gcm { .. } => ("AES-256-GCM", CipherFamily::Unknown),
        S::DesEde3Cbc { .. } => ("DES-EDE3-CBC", CipherFamily::TripleDes),
        S::DesCbc { .. } => ("DES-CBC", CipherFamily::Legacy),
        _ => ("unknown", CipherFamily::Unknown),
    };
    Encryption {
        scheme: "PBES2".into(),
        cipher: cipher.into(),
        kdf: Some(kdf),
        iterations,
        family,
    }
}
