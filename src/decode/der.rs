//! Binary (DER) inputs: an X.509 certificate, a PKCS#12 file, a PKCS#7 bundle or a PKCS#8 key
//! (plain or encrypted). They are told apart by trying the structures from the most to the
//! least specific.

use std::path::Path;

use ::der::Decode;
use openssl::pkey::PKey;
use x509_parser::prelude::FromDer;

use super::algorithms::{check_iterations, encrypted_key_algorithm, ensure_legacy_provider};
use super::unlock::with_passwords;
use super::{pkcs12, pkcs7};
use crate::error::{Error, ErrorKind, Result};
use crate::model::note::DecodeNote;
use crate::model::{Bundle, Certificate, Format, PrivateKey, Source};
use crate::password::{Candidate, Passwords};

pub fn decode(
    bytes: &[u8],
    name: &str,
    passwords: &Passwords,
    path: Option<&Path>,
) -> Result<Bundle> {
    if let Some(total) = der_total_len(bytes).filter(|&t| t > 0 && t < bytes.len()) {
        // A complete structure followed by more bytes: read the structure, note the rest.
        let (body, trailing) = bytes.split_at(total);
        let mut bundle = decode(body, name, passwords, path)?;
        bundle.notes.push(trailing_note(trailing));
        return Ok(bundle);
    }
    let source = |format| Source {
        path: path.map(Path::to_path_buf),
        format,
        pkcs12: None,
    };
    if let Some(certificate) = Certificate::from_der_if_certificate(bytes)? {
        let mut bundle = Bundle::new(source(Format::Der));
        bundle.push_certificate(certificate);
        return Ok(bundle);
    }
    if let Ok(pfx) = ::pkcs12::pfx::Pfx::from_der(bytes) {
        return pkcs12::decode(bytes, pfx, name, passwords, source(Format::Pkcs12));
    }
    // BER with indefinite lengths (NSS pk12util): OpenSSL reads the contents, the DER copy
    // describes the container.
    if let Some(pfx) =
        super::ber::to_der(bytes).and_then(|der| ::pkcs12::pfx::Pfx::from_der(&der).ok())
    {
        return pkcs12::decode_ber(bytes, pfx, name, passwords, source(Format::Pkcs12));
    }
    if pkcs7::is_pkcs7(bytes) {
        let mut bundle = Bundle::new(source(Format::Pkcs7));
        for cert in pkcs7::certificates(bytes)? {
            bundle.push_certificate(cert);
        }
        if bundle.certificates.is_empty() {
            // E.g. a CRL-only .p7b: nothing certkit can use.
            return Err(Error::new(
                ErrorKind::NotCertificateMaterial,
                "the PKCS#7 file holds no certificate",
            ));
        }
        return Ok(bundle);
    }
    if let Some(encryption) = encrypted_key_algorithm(bytes) {
        if encryption.family == crate::model::pkcs12::CipherFamily::Legacy {
            ensure_legacy_provider();
        }
        let mut bundle = Bundle::new(source(Format::Der));
        bundle.private_key = Some(encrypted_pkcs8(bytes, name, passwords)?);
        return Ok(bundle);
    }
    if let Ok(key) = PKey::private_key_from_der(bytes) {
        let mut bundle = Bundle::new(source(Format::Der));
        bundle.private_key = Some(PrivateKey::new(key));
        return Ok(bundle);
    }
    Err(classify_unknown_der(bytes))
}

/// What the bytes after a complete structure are: zero padding, or data that may be a second
/// object (reported with its length when it is a complete DER element).
fn trailing_note(trailing: &[u8]) -> DecodeNote {
    let all_zero = trailing.iter().all(|&b| b == 0);
    let second_object_bytes = (!all_zero && trailing.len() > 2 && trailing[0] != 0)
        .then(|| der_total_len(trailing))
        .flatten()
        .filter(|&n| n > 2 && n <= trailing.len());
    DecodeNote::TrailingBytes {
        bytes: trailing.len(),
        all_zero,
        second_object_bytes,
    }
}

/// Tells a damaged certificate file (truncated or corrupted DER of a known shape) from bytes
/// that were never certificate material.
fn classify_unknown_der(bytes: &[u8]) -> Error {
    let declared = der_total_len(bytes);
    let starts_like_ours = bytes.len() > 4 && {
        let inner = &bytes[header_len(bytes).unwrap_or(bytes.len()).min(bytes.len())..];
        // Certificate / PKCS#8 (SEQUENCE), PFX (INTEGER 3), PKCS#8 v0/v1 (INTEGER 0/1), PKCS#7 (OID).
        inner.starts_with(&[0x30])
            || inner.starts_with(&[0x02, 0x01, 0x03])
            || inner.starts_with(&[0x02, 0x01, 0x00])
            || inner.starts_with(&[0x02, 0x01, 0x01])
            || inner.starts_with(&[0x06])
    };
    match declared {
        Some(total) if starts_like_ours && total > bytes.len() => Error::new(
            ErrorKind::Malformed,
            format!(
                "the file is truncated ({} of {} bytes): copy or download it again",
                bytes.len(),
                total
            ),
        ),
        Some(_) if starts_like_ours => Error::new(
            ErrorKind::Malformed,
            "the DER structure is damaged: it is not a valid certificate, PKCS#12, PKCS#7 or PKCS#8 key",
        ),
        _ => Error::new(
            ErrorKind::NotCertificateMaterial,
            "not a certificate, private key, PKCS#7 or PKCS#12 file",
        ),
    }
}

fn header_len(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)?;
    if first < 0x80 {
        Some(2)
    } else {
        let n = (first & 0x7f) as usize;
        (1..=4).contains(&n).then_some(2 + n)
    }
}

/// Header plus content length of the outer DER element, as declared.
fn der_total_len(bytes: &[u8]) -> Option<usize> {
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some(2 + first as usize);
    }
    let n = (first & 0x7f) as usize;
    if !(1..=4).contains(&n) || bytes.len() < 2 + n {
        return None;
    }
    let len = bytes[2..2 + n]
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | *b as usize);
    Some(2 + n + len)
}

/// The certificate at the start of `bytes` (OpenSSL's TRUSTED CERTIFICATE appends trust data).
pub fn first_certificate(bytes: &[u8]) -> Result<Vec<u8>> {
    let (rest, _) = x509_parser::certificate::X509Certificate::from_der(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Malformed,
            format!("the certificate cannot be parsed ({e})"),
        )
    })?;
    Ok(bytes[..bytes.len() - rest.len()].to_vec())
}

/// An unencrypted PKCS#8 (or traditional) key.
pub fn plain_pkcs8(der: &[u8]) -> Result<PrivateKey> {
    PKey::private_key_from_der(der)
        .map(PrivateKey::new)
        .map_err(|_| Error::new(ErrorKind::Malformed, "the private key cannot be parsed"))
}

/// An encrypted PKCS#8 key (PBES2 or PKCS#12 PBE), opened with the password candidates.
pub fn encrypted_pkcs8(der: &[u8], name: &str, passwords: &Passwords) -> Result<PrivateKey> {
    let encryption = encrypted_key_algorithm(der).ok_or_else(|| {
        Error::new(
            ErrorKind::Malformed,
            "the encrypted private key cannot be parsed",
        )
    })?;
    check_iterations(encryption.iterations)?;
    if encryption.family == crate::model::pkcs12::CipherFamily::Legacy {
        ensure_legacy_provider();
    }
    with_passwords(name, passwords, |candidate| {
        let pass: &[u8] = match candidate {
            Candidate::Text(t) => t.as_bytes(),
            Candidate::Empty | Candidate::Null => b"",
        };
        Ok(PKey::private_key_from_pkcs8_passphrase(der, pass)
            .ok()
            .map(PrivateKey::new))
    })
}
