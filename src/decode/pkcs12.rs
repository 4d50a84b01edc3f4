//! PKCS#12 (.pfx/.p12) files as real tools write them.
//!
//! p12-keystore reads the contents in pure Rust (RC2-40, 3DES, AES/PBKDF2, unencrypted bags,
//! no MAC), so OpenSSL 3's "unsupported RC2-40-CBC" never reaches the user. OpenSSL is the
//! fallback for what p12-keystore cannot do: the NULL password, and algorithms it lacks (with
//! the legacy provider loaded). The container details (algorithms, MAC, iteration counts) are
//! read from the structure itself, which needs no password for the outer layers.

use ::der::asn1::OctetString;
use ::der::oid::db::rfc5911::ID_DATA;
use ::der::oid::ObjectIdentifier;
use ::der::{Decode, Encode};
use ::pkcs12::pfx::Pfx;
use ::pkcs12::safe_bag::SafeContents;
use openssl::pkcs12::Pkcs12;
use zeroize::Zeroizing;

use super::algorithms::{check_iterations, ensure_legacy_provider, AlgorithmId};
use super::nss_pbes1::{self, NssQuirk};
use super::pbmac1::Pbmac1;
use super::pkcs12_describe::{auth_safe_content, describe_container, mac_parameters};
use super::unlock::with_passwords;
use crate::error::{Error, ErrorKind, Result};
use crate::model::note::DecodeNote;
use crate::model::oids::ID_PBMAC1;
use crate::model::pkcs12::{CipherFamily, PasswordUsed, Pkcs12Details, Pkcs5DesForm};
use crate::model::{Bundle, Certificate, PrivateKey, Source};
use crate::password::{Candidate, Passwords};

/// Outcome of one password attempt.
enum Attempt {
    Opened(Box<Bundle>),
    /// The MAC did not verify with this password.
    MacMismatch,
    /// Decryption failed (bad padding or garbage): the password is wrong.
    DecryptFailed,
    /// p12-keystore cannot handle an algorithm: let OpenSSL try.
    Unsupported(String),
    /// The MAC verified with this password, so the password is right, yet the contents cannot
    /// be read: the structure is broken.
    Structural(String),
}

/// The error for [`Attempt::Structural`].
fn structural(what: &str) -> Error {
    Error::new(
        ErrorKind::Malformed,
        format!("the password is right (the integrity check passes) but {what}: the file is damaged or was written by a faulty tool, export it again"),
    )
}

pub fn decode(
    bytes: &[u8],
    pfx: Pfx,
    name: &str,
    passwords: &Passwords,
    mut source: Source,
) -> Result<Bundle> {
    let mut details = describe_container(&pfx)?;
    check_iterations(
        details
            .certificate_encryption
            .iter()
            .chain(&details.key_encryption)
            .filter_map(|e| e.iterations)
            .chain(details.mac.as_ref().map(|m| m.iterations)),
    )?;
    if let Some(mac) = pfx
        .mac_data
        .as_ref()
        .filter(|m| m.mac.algorithm.oid == ID_PBMAC1)
    {
        let pbmac1 = Pbmac1::parse(mac_parameters(mac).as_deref())?;
        let expected = mac.mac.digest.as_bytes().to_vec();
        return decode_pbmac1(&pfx, &pbmac1, &expected, name, passwords, source, details);
    }
    if nss_pbes1::uses_pkcs5_des(&pfx) {
        return decode_nss_des(bytes, &pfx, name, passwords, source, details);
    }
    let has_mac = pfx.mac_data.is_some();
    let mut used = PasswordUsed::Given;
    let mut saw_mac_mismatch = false;

    let mut nss_pbes2 = false;
    let mut opened_with = None;
    let result = with_passwords(name, passwords, |candidate| {
        let attempt = attempt(bytes, candidate, has_mac)?;
        opened_with = Some(candidate.clone());
        // What the ordinary readers cannot decrypt may be an NSS 3.21-3.30 PBES2 file.
        let mut nss_retry = || -> Result<Option<Bundle>> {
            let found = nss_pbes2_retry(&pfx, candidate)?;
            if found.is_some() {
                used = password_used(candidate);
                nss_pbes2 = true;
            }
            Ok(found)
        };
        match attempt {
            Attempt::Opened(bundle) => {
                used = password_used(candidate);
                Ok(Some(*bundle))
            }
            Attempt::MacMismatch => {
                saw_mac_mismatch = true;
                Ok(None)
            }
            Attempt::DecryptFailed => nss_retry(),
            Attempt::Unsupported(what) => match nss_retry()? {
                Some(bundle) => Ok(Some(bundle)),
                None => Err(cannot_decrypt(&what)),
            },
            Attempt::Structural(what) => match nss_retry()? {
                Some(bundle) => Ok(Some(bundle)),
                None => Err(structural(&what)),
            },
        }
    });
    let mut bundle =
        match result.map_err(|e| name_the_cause(e, has_mac && saw_mac_mismatch, &pfx, passwords)) {
            Ok(bundle) => bundle,
            Err(e) => return without_password(e, &pfx, source, details),
        };
    details.password = used;
    details.bags.nss_pbes2 = nss_pbes2;
    details.bags.certificates = Some(bundle.certificates.len());
    look_into_encrypted_safes(&pfx, opened_with.as_ref(), &mut details);
    source.pkcs12 = Some(details);
    bundle.source = source;
    note_secret_bags(&pfx, &mut bundle);
    Ok(bundle)
}

/// With the password known, the bags of the encrypted safes are checked too for what .NET's
/// loader refuses (duplicate attributes). Skipped when a key derivation is above the loader's
/// per-KDF limit: it refuses the file for that already, and the scan would cost that much again.
fn look_into_encrypted_safes(
    pfx: &Pfx,
    candidate: Option<&Candidate>,
    details: &mut Pkcs12Details,
) {
    let affordable = details
        .certificate_encryption
        .iter()
        .all(|e| e.iterations.unwrap_or(0) <= crate::model::pkcs12_readers::DOTNET_KDF_ITERATIONS);
    if let (None, Some(candidate), true) =
        (&details.bags.duplicate_attribute, candidate, affordable)
    {
        details.bags.duplicate_attribute =
            super::pkcs12_hidden::duplicate_in_encrypted_safes(pfx, candidate);
    }
}

/// The contents did not open with this candidate (after the MAC verified, or without a MAC):
/// read them as NSS 3.21 to 3.30 wrote PBES2 (src/decode/nss_pbes2.rs), if the file has PBES2.
fn nss_pbes2_retry(pfx: &Pfx, candidate: &Candidate) -> Result<Option<Bundle>> {
    if !nss_pbes1::uses(pfx, NssQuirk::Pbes2Bmp) {
        return Ok(None);
    }
    let Some(clear) = nss_pbes1::in_clear(pfx, candidate, NssQuirk::Pbes2Bmp)? else {
        return Ok(None);
    };
    Ok(match attempt(&clear, candidate, false)? {
        Attempt::Opened(bundle) => Some(*bundle),
        _ => None,
    })
}

/// With no candidate opening the file, tells a damaged or altered file from a wrong password:
/// if the contents decrypt with a candidate once the MAC is ignored, the password is right and
/// the MAC is not. (With no password given, the empty and NULL candidates failing the MAC end
/// as `password_required`; a damaged file that opens with one of them is still a bad MAC.)
fn name_the_cause(e: Error, saw_mac_mismatch: bool, pfx: &Pfx, passwords: &Passwords) -> Error {
    let password_error = matches!(
        e.kind,
        ErrorKind::WrongPassword | ErrorKind::PasswordRequired
    );
    if password_error && saw_mac_mismatch && contents_open_without_mac(pfx, passwords) {
        return Error::new(
            ErrorKind::BadMac,
            "the integrity check (MAC) fails although the password decrypts the contents: the file was altered or damaged, get a fresh copy",
        );
    }
    e
}

/// A file whose MAC is PBMAC1: the MAC is verified here, then the contents are read as those
/// of a file without a MAC (p12-keystore and OpenSSL 3.0 cannot verify PBMAC1).
fn decode_pbmac1(
    pfx: &Pfx,
    pbmac1: &Pbmac1,
    expected: &[u8],
    name: &str,
    passwords: &Passwords,
    mut source: Source,
    mut details: Pkcs12Details,
) -> Result<Bundle> {
    let data = auth_safe_content(pfx)?;
    let without_mac = Pfx {
        version: pfx.version,
        auth_safe: pfx.auth_safe.clone(),
        mac_data: None,
    }
    .to_der()
    .map_err(|_| {
        Error::new(
            ErrorKind::Malformed,
            "the PKCS#12 structure cannot be re-encoded",
        )
    })?;
    let mut used = PasswordUsed::Given;
    let mut saw_mac_mismatch = false;
    let result = with_passwords(name, passwords, |candidate| {
        // RFC 9579: PBKDF2 takes the password as UTF-8; "no password" can only be empty.
        let password: &[u8] = match candidate {
            Candidate::Text(t) => t.as_bytes(),
            Candidate::Empty | Candidate::Null => b"",
        };
        if !pbmac1.verify(password, &data, expected)? {
            saw_mac_mismatch = true;
            return Ok(None);
        }
        match attempt(&without_mac, candidate, false)? {
            Attempt::Opened(bundle) => {
                used = password_used(candidate);
                Ok(Some(*bundle))
            }
            Attempt::Unsupported(what) => Err(cannot_decrypt(&what)),
            Attempt::Structural(what) => Err(structural(&what)),
            Attempt::MacMismatch | Attempt::DecryptFailed => Err(Error::new(
                ErrorKind::Malformed,
                "the PBMAC1 integrity check passes with this password but the contents do not decrypt with it: the file is damaged or was written by a faulty tool",
            )),
        }
    });
    let mut bundle = result.map_err(|e| name_the_cause(e, saw_mac_mismatch, pfx, passwords))?;
    details.password = used;
    details.bags.certificates = Some(bundle.certificates.len());
    source.pkcs12 = Some(details);
    bundle.source = source;
    note_secret_bags(pfx, &mut bundle);
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
    if details.mac.as_ref().is_some_and(|m| m.pbmac1.is_some()) {
        // The MAC covers the original BER bytes, which certkit only reads through OpenSSL, and
        // OpenSSL before 3.4 cannot verify PBMAC1; no known tool writes this combination.
        return Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "the file is BER-encoded (indefinite lengths) and has a PBMAC1 MAC, a combination certkit cannot verify: re-export it in DER",
        ));
    }
    if nss_pbes1::uses_pkcs5_des(&pfx) {
        return decode_nss_des(bytes, &pfx, name, passwords, source, details);
    }
    let has_mac = pfx.mac_data.is_some();
    let mut used = PasswordUsed::Given;
    let mut nss_pbes2 = false;
    let mut opened_with = None;
    let bundle = with_passwords(name, passwords, |candidate| {
        opened_with = Some(candidate.clone());
        let pass = match candidate {
            Candidate::Text(t) => t.as_str(),
            Candidate::Empty | Candidate::Null => "",
        };
        if pass.contains('\0') {
            return Ok(None);
        }
        let attempt = openssl_attempt(bytes, pass, has_mac);
        // The MAC was verified on the original bytes; NSS's PBES2 parts are read from the DER
        // copy (src/decode/nss_pbes2.rs).
        let retry = |what: Option<Error>,
                     used: &mut PasswordUsed,
                     nss: &mut bool|
         -> Result<Option<Bundle>> {
            match nss_pbes2_retry(&pfx, candidate)? {
                Some(bundle) => {
                    *used = password_used(candidate);
                    *nss = true;
                    Ok(Some(bundle))
                }
                None => what.map_or(Ok(None), Err),
            }
        };
        match attempt {
            Attempt::Opened(bundle) => {
                used = password_used(candidate);
                Ok(Some(*bundle))
            }
            Attempt::MacMismatch => Ok(None),
            Attempt::DecryptFailed => retry(None, &mut used, &mut nss_pbes2),
            Attempt::Unsupported(what) => {
                retry(Some(cannot_decrypt(&what)), &mut used, &mut nss_pbes2)
            }
            Attempt::Structural(what) => retry(Some(structural(&what)), &mut used, &mut nss_pbes2),
        }
    });
    let mut bundle = match bundle {
        Ok(bundle) => bundle,
        Err(e) => return without_password(e, &pfx, source, details),
    };
    details.bags.nss_pbes2 = nss_pbes2;
    details.password = used;
    look_into_encrypted_safes(&pfx, opened_with.as_ref(), &mut details);
    details.bags.certificates = Some(bundle.certificates.len());
    source.pkcs12 = Some(details);
    bundle.source = source;
    note_secret_bags(&pfx, &mut bundle);
    Ok(bundle)
}

/// No password was given and none of the "no password" candidates opens the file: the
/// certificates in clear are still read, each encrypted part is named (an incomplete read,
/// which a whole-file reader turns back into the `password_required` error).
fn without_password(
    e: Error,
    pfx: &Pfx,
    mut source: Source,
    mut details: Pkcs12Details,
) -> Result<Bundle> {
    if e.kind != ErrorKind::PasswordRequired {
        return Err(e);
    }
    details.password = PasswordUsed::NotOpened;
    source.pkcs12 = Some(details);
    let Some(mut bundle) = super::pkcs12_clear::clear_parts(pfx, source, &e.message) else {
        return Err(e);
    };
    note_secret_bags(pfx, &mut bundle);
    Ok(bundle)
}

/// A file with parts NSS encrypted with a PKCS#5 v1 DES algorithm (src/decode/nss_pbes1.rs):
/// OpenSSL checks the classic MAC on the original bytes (BER included), then those parts are
/// decrypted as NSS does and the rebuilt file is read as one without a MAC.
fn decode_nss_des(
    bytes: &[u8],
    pfx: &Pfx,
    name: &str,
    passwords: &Passwords,
    mut source: Source,
    mut details: Pkcs12Details,
) -> Result<Bundle> {
    let has_mac = pfx.mac_data.is_some();
    let mut used = PasswordUsed::Given;
    let mut form = Pkcs5DesForm::Nss;
    let mut bundle = with_passwords(name, passwords, |candidate| {
        let pass = match candidate {
            Candidate::Text(t) => t.as_str(),
            Candidate::Empty | Candidate::Null => "",
        };
        // The ordinary readers first: OpenSSL verifies the MAC on the original (maybe BER)
        // bytes; both read parts derived as PKCS#5 says. (OpenSSL's PKCS12_parse refuses a
        // file without a MAC when given a password, p12-keystore does not.)
        let first = if has_mac {
            openssl_attempt(bytes, pass, true)
        } else {
            attempt(bytes, candidate, false)?
        };
        match first {
            Attempt::MacMismatch => return Ok(None),
            Attempt::Opened(bundle) => {
                used = password_used(candidate);
                form = Pkcs5DesForm::Standard;
                return Ok(Some(*bundle));
            }
            Attempt::Unsupported(what) => return Err(cannot_decrypt(&what)),
            // The MAC verified (or there is none); OpenSSL cannot decrypt the DES parts NSS's way.
            Attempt::Structural(_) | Attempt::DecryptFailed => {}
        }
        let Some(clear) = nss_pbes1::in_clear(pfx, candidate, NssQuirk::Pkcs5Des)? else {
            return if has_mac {
                Err(structural("the PKCS#5 v1 DES parts do not decrypt"))
            } else {
                Ok(None)
            };
        };
        match attempt(&clear, candidate, false)? {
            Attempt::Opened(bundle) => {
                used = password_used(candidate);
                Ok(Some(*bundle))
            }
            Attempt::Unsupported(what) => Err(cannot_decrypt(&what)),
            Attempt::Structural(what) => Err(structural(&what)),
            Attempt::MacMismatch | Attempt::DecryptFailed if has_mac => {
                Err(structural("the PKCS#5 v1 DES parts do not decrypt"))
            }
            Attempt::MacMismatch | Attempt::DecryptFailed => Ok(None),
        }
    })?;
    details.password = used;
    details.bags.pkcs5_des = Some(form);
    details.bags.certificates = Some(bundle.certificates.len());
    source.pkcs12 = Some(details);
    bundle.source = source;
    note_secret_bags(pfx, &mut bundle);
    Ok(bundle)
}

/// One password candidate. `has_mac`: the file has a (classic) MAC, which p12-keystore and
/// OpenSSL verify before anything else, so a later failure proves a broken structure.
fn attempt(bytes: &[u8], candidate: &Candidate, has_mac: bool) -> Result<Attempt> {
    let text: Option<&str> = match candidate {
        Candidate::Text(t) => Some(t.as_str()),
        Candidate::Empty => Some(""),
        Candidate::Null => None,
    };
    if let Some(password) = text {
        match p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password) {
            Ok(archive) => return Ok(Attempt::Opened(Box::new(from_archive(archive)?))),
            Err(e) => match classify_keystore_error(&e, has_mac) {
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
    Ok(openssl_attempt(bytes, pass, has_mac))
}

fn classify_keystore_error(e: &p12_keystore::error::Error, mac_verified: bool) -> Attempt {
    use p12_keystore::error::Error as E;
    match e {
        E::MacError(_) => Attempt::MacMismatch,
        // p12-keystore verifies the MAC first: past it, the password is proven right.
        E::UnpadError
        | E::Pkcs5Error(_)
        | E::DerError(_)
        | E::X509Error(_)
        | E::InvalidPrivateKey
        | E::InvalidLength
            if mac_verified =>
        {
            Attempt::Structural(format!("the contents cannot be read ({e})"))
        }
        E::UnpadError | E::Pkcs5Error(_) => Attempt::DecryptFailed,
        // Garbage after decryption (no MAC to catch a wrong password first).
        E::DerError(_) | E::X509Error(_) | E::InvalidPrivateKey | E::InvalidLength => {
            Attempt::DecryptFailed
        }
        other => Attempt::Unsupported(other.to_string()),
    }
}

/// OpenSSL's PKCS12_parse; with `has_mac`, any failure other than the MAC's comes after the MAC
/// verified, so it is structural.
fn openssl_attempt(bytes: &[u8], pass: &str, has_mac: bool) -> Attempt {
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
            Attempt::Opened(Box::new(bundle))
        }
        Err(stack) => {
            let text = stack.to_string().to_ascii_lowercase();
            if text.contains("mac verify") {
                Attempt::MacMismatch
            } else if text.contains("unsupported") && !text.contains("decrypt") {
                Attempt::Unsupported("an encryption algorithm OpenSSL does not support".into())
            } else if has_mac {
                Attempt::Structural("OpenSSL cannot read the contents".into())
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
    for (index, bag) in archive.keys.into_iter().enumerate() {
        let der = Zeroizing::new(bag.key.as_der().to_vec());
        match PrivateKey::from_pkcs8_der(&der) {
            Ok(mut key) => {
                key.friendly_name = bag.friendly_name;
                key.local_key_id = bag.local_key_id.map(|id| id.0);
                keys.push(key);
            }
            // A key type OpenSSL cannot load (ML-KEM, an unknown OID): the certificates are
            // still read; the key is named (whole-file readers turn this into the error).
            Err(_) => bundle.notes.push(DecodeNote::UnreadPart {
                part: format!(
                    "PKCS#12 private key {} ({})",
                    index + 1,
                    key_algorithm(&der)
                ),
                reason_kind: ErrorKind::UnsupportedAlgorithm,
                reason: "the private key uses a key type OpenSSL cannot load".to_string(),
                incomplete: true,
            }),
        }
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
    bundle.private_key = crate::model::key::pick_key(&bundle.certificates, keys);
    Ok(bundle)
}

/// How many secret bags (passwords, symmetric keys: Java `-importpass`/`-genseckey`, Oracle
/// wallets) the unencrypted safes hold; those in encrypted safes are not seen without
/// decrypting them, and certkit does not model secrets.
fn secret_bags(pfx: &Pfx) -> usize {
    const SECRET_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.5");
    let octets = |any: &::der::Any| {
        any.to_der()
            .ok()
            .and_then(|d| OctetString::from_der(&d).ok())
    };
    let Some(auth_safe) = octets(&pfx.auth_safe.content) else {
        return 0;
    };
    let Ok(safes) = <Vec<cms::content_info::ContentInfo>>::from_der(auth_safe.as_bytes()) else {
        return 0;
    };
    safes
        .iter()
        .filter(|safe| safe.content_type == ID_DATA)
        .filter_map(|safe| octets(&safe.content))
        .filter_map(|inner| SafeContents::from_der(inner.as_bytes()).ok())
        .map(|bags| bags.iter().filter(|b| b.bag_id == SECRET_BAG).count())
        .sum()
}

/// Names the secret bags a file holds (informational: they are not certificate material).
fn note_secret_bags(pfx: &Pfx, bundle: &mut Bundle) {
    let count = secret_bags(pfx);
    if count > 0 {
        bundle.notes.push(DecodeNote::SecretBags { count });
    }
}

/// The algorithm OID of a PKCS#8 `PrivateKeyInfo`, for naming a key certkit cannot load.
fn key_algorithm(der: &[u8]) -> String {
    // PrivateKeyInfo ::= SEQUENCE { version, privateKeyAlgorithm, privateKey, ... }
    Vec::<::der::Any>::from_der(der)
        .ok()
        .and_then(|fields| fields.get(1)?.decode_as::<AlgorithmId>().ok())
        .map(|alg| format!("key type {}", alg.oid))
        .unwrap_or_else(|| "unparsable key".to_string())
}

/// Do the contents decrypt with some candidate once the MAC is removed?
fn contents_open_without_mac(pfx: &Pfx, passwords: &Passwords) -> bool {
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
