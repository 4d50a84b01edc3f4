//! Issuer lookup in an OpenSSL "CApath"-style hashed directory.
//!
//! Such a directory holds one certificate per file plus links named `<hash>.<n>`, where `hash`
//! is OpenSSL's subject-name hash (eight lowercase hex digits) and `n` counts certificates
//! whose subjects share that hash (0, 1, 2, …). `openssl rehash`/`c_rehash` make them, and so
//! does certkit's store. Finding the issuers of a certificate opens only the `<hash>.N` files for
//! the hash of its issuer name, never the whole directory, so the cost does not grow with the
//! number of certificates stored.

use std::path::{Path, PathBuf};

use crate::model::Certificate;

/// OpenSSL's subject-name hash of the certificate's issuer name (what `<hash>.N` links use).
pub fn issuer_name_hash(cert: &Certificate) -> u32 {
    cert.to_openssl().issuer_name_hash()
}

/// OpenSSL's subject-name hash of the certificate's own subject name.
pub fn subject_name_hash(cert: &Certificate) -> u32 {
    cert.to_openssl().subject_name_hash()
}

/// Every certificate in the hashed directory `dir` whose subject is `subject_der` (raw DER of
/// the name), looked up through the links `<name_hash>.0`, `.1`, … and stopping at the first
/// missing number (as OpenSSL does). Files that cannot be read or parsed are skipped: a
/// broken entry must not hide the others. Returns each certificate with the file it came from.
pub fn find_by_subject(
    dir: &Path,
    name_hash: u32,
    subject_der: &[u8],
) -> Vec<(Certificate, PathBuf)> {
    let mut found = Vec::new();
    // OpenSSL stops at the first gap; a bound keeps a hostile directory from making us spin.
    for n in 0..1000u32 {
        let path = dir.join(format!("{name_hash:08x}.{n}"));
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(_) => break,
        };
        for cert in certificates_in(&bytes) {
            if cert.subject_raw() == subject_der {
                found.push((cert, path.clone()));
            }
        }
    }
    found
}

/// The issuers of `cert` (by name) that a hashed directory holds.
pub fn find_issuers(dir: &Path, cert: &Certificate) -> Vec<(Certificate, PathBuf)> {
    find_by_subject(dir, issuer_name_hash(cert), cert.issuer_raw())
}

/// Does the hashed directory hold exactly this certificate (same DER)?
pub fn contains(dir: &Path, cert: &Certificate) -> Option<PathBuf> {
    find_by_subject(dir, subject_name_hash(cert), cert.subject_raw())
        .into_iter()
        .find(|(c, _)| c.der == cert.der)
        .map(|(_, p)| p)
}

/// Certificates in one file: PEM (one or several CERTIFICATE / TRUSTED CERTIFICATE blocks) or
/// a single DER certificate.
pub fn certificates_in(bytes: &[u8]) -> Vec<Certificate> {
    if bytes.first() == Some(&0x30) {
        return Certificate::from_der(bytes.to_vec()).into_iter().collect();
    }
    match openssl::x509::X509::stack_from_pem(bytes) {
        Ok(stack) => stack
            .iter()
            .filter_map(|x| x.to_der().ok())
            .filter_map(|der| Certificate::from_der(der).ok())
            .collect(),
        Err(_) => Vec::new(),
    }
}
