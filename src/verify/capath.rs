//! Issuer lookup in an OpenSSL "CApath"-style hashed directory.
//!
//! Such a directory holds one certificate per file plus links named `<hash>.<n>`, where `hash`
//! is OpenSSL's subject-name hash (eight lowercase hex digits) and `n` counts certificates
//! whose subjects share that hash (0, 1, 2, …). `openssl rehash`/`c_rehash` make them, and so
//! does certkit's store. Finding the issuers of a certificate opens only the `<hash>.N` files for
//! the hash of its issuer name, never the whole directory, so the cost does not grow with the
//! number of certificates stored.

use std::path::{Path, PathBuf};

use crate::model::name::canonical_name;
use crate::model::Certificate;

/// OpenSSL's subject-name hash of the certificate's issuer name (what `<hash>.N` links use).
pub fn issuer_name_hash(cert: &Certificate) -> Option<u32> {
    cert.to_openssl().ok().map(|x| x.issuer_name_hash())
}

/// OpenSSL's subject-name hash of the certificate's own subject name.
pub fn subject_name_hash(cert: &Certificate) -> Option<u32> {
    cert.to_openssl().ok().map(|x| x.subject_name_hash())
}

/// Every certificate in the hashed directory `dir` whose subject is `subject_der` (DER of the
/// name, matched by its canonical form, over which OpenSSL's hash is computed too), looked up
/// through the links `<name_hash>.0`, `.1`, … and stopping at the first missing number (as
/// OpenSSL does). Files that cannot be read or parsed are skipped: a broken entry must not
/// hide the others. Returns each certificate with the file it came from.
pub fn find_by_subject(
    dir: &Path,
    name_hash: u32,
    subject_der: &[u8],
) -> Vec<(Certificate, PathBuf)> {
    let mut found = Vec::new();
    let wanted = canonical_name(subject_der);
    // OpenSSL stops at the first gap; a bound keeps a hostile directory from making us spin.
    for n in 0..1000u32 {
        let path = dir.join(format!("{name_hash:08x}.{n}"));
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(_) => break,
        };
        for cert in certificates_in(&bytes) {
            if cert.subject_raw() == subject_der || canonical_name(cert.subject_raw()) == wanted {
                found.push((cert, path.clone()));
            }
        }
    }
    found
}

/// The issuers of `cert` (by name) that a hashed directory holds.
pub fn find_issuers(dir: &Path, cert: &Certificate) -> Vec<(Certificate, PathBuf)> {
    issuer_name_hash(cert)
        .map(|hash| find_by_subject(dir, hash, cert.issuer_raw()))
        .unwrap_or_default()
}

/// Does the hashed directory hold exactly this certificate (same DER)?
pub fn contains(dir: &Path, cert: &Certificate) -> Option<PathBuf> {
    find_by_subject(dir, subject_name_hash(cert)?, cert.subject_raw())
        .into_iter()
        .find(|(c, _)| c.der() == cert.der())
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

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::{ec, nid::Nid, pkey::PKey};

    fn self_signed(cn: &str) -> Certificate {
        let group = ec::EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = PKey::from_ec_key(ec::EcKey::generate(&group).unwrap()).unwrap();
        crate::model::test_support::self_signed(cn, &key)
    }

    #[test]
    fn finds_every_numbered_entry_of_the_hash_and_stops_at_a_gap() {
        let dir = tempfile::tempdir().unwrap();
        let a1 = self_signed("Hashed CA");
        let a2 = self_signed("Hashed CA");
        let other = self_signed("Other CA");
        let hash = subject_name_hash(&a1).unwrap();
        let pem = |c: &Certificate| c.to_openssl().unwrap().to_pem().unwrap();
        std::fs::write(dir.path().join(format!("{hash:08x}.0")), pem(&a1)).unwrap();
        std::fs::write(dir.path().join(format!("{hash:08x}.1")), a2.der()).unwrap();
        // After a gap: not looked at, as with OpenSSL.
        std::fs::write(dir.path().join(format!("{hash:08x}.3")), pem(&a1)).unwrap();
        // A file not named by the hash is never read.
        std::fs::write(dir.path().join("other.pem"), pem(&other)).unwrap();

        let found = find_issuers(dir.path(), &a1);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].0.der(), a1.der());
        assert_eq!(found[1].0.der(), a2.der());
        assert!(contains(dir.path(), &a2).is_some());
        assert!(contains(dir.path(), &other).is_none());
    }
}
