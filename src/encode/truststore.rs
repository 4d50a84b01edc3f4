//! Java truststores: a PKCS#12 file of CA certificates only, each marked with Oracle's
//! trusted-key-usage attribute, the only certificate entries Java's PKCS12 KeyStore loads as
//! trusted (OpenSSL's writer cannot add the attribute before 3.2, so p12-keystore writes it).

use crate::error::{Error, ErrorKind, Result};
use crate::model::Certificate;

/// The PKCS#12 bytes of a truststore holding `certs`, each under the alias its name gives,
/// protected by `password` with AES-256/PBKDF2-SHA256 and a SHA-256 MAC.
pub fn encode(certs: &[(String, &Certificate)], password: &str) -> Result<Vec<u8>> {
    let failed = |e: p12_keystore::error::Error| {
        Error::new(
            ErrorKind::UnsupportedAlgorithm,
            format!("the truststore could not be written ({e})"),
        )
    };
    let mut store = p12_keystore::KeyStore::new();
    for (alias, cert) in certs {
        let entry = p12_keystore::Certificate::from_der(cert.der()).map_err(failed)?;
        store.add_entry(alias, p12_keystore::KeyStoreEntry::Certificate(entry));
    }
    store.writer(password).write().map_err(failed)
}
