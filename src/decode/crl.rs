//! Detecting certificate revocation lists: a DER CRL, or the `X509 CRL` blocks of a PEM file.
//! They are not certificate material (the loader refuses them); `inspect`, `verify-chain
//! --crl` and the revocation checker read them through this one function.

use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

/// Built once: a searcher per call cost more than the search in a directory scan.
static BEGIN_X509: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"-----BEGIN X509"));

/// Every CRL in `bytes` (DER each); empty when the bytes hold no CRL.
pub fn crls_in(bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.first() == Some(&0x30) {
        return match CertificateRevocationList::from_der(bytes) {
            Ok((&[], _)) => vec![bytes.to_vec()],
            _ => Vec::new(),
        };
    }
    if BEGIN_X509.find(bytes).is_none() {
        return Vec::new();
    }
    ::pem::parse_many(bytes)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| p.tag() == "X509 CRL")
        .map(|p| p.into_contents())
        .filter(|der| CertificateRevocationList::from_der(der).is_ok())
        .collect()
}
