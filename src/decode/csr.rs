//! Recognising certificate requests (PKCS#10, RFC 2986): a DER request, or the
//! `CERTIFICATE REQUEST` / `NEW CERTIFICATE REQUEST` blocks of a PEM file. Like CRLs they are
//! not certificate material for the loader; `inspect` reads them through this function.

use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::prelude::FromDer;

/// Built once: a searcher per call cost more than the search in a directory scan.
static REQUEST_END: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"CERTIFICATE REQUEST-----"));

/// Every certificate request in `bytes` (DER each); empty when the bytes hold none.
pub fn csrs_in(bytes: &[u8]) -> Vec<Vec<u8>> {
    if bytes.first() == Some(&0x30) {
        return match X509CertificationRequest::from_der(bytes) {
            Ok((&[], _)) => vec![bytes.to_vec()],
            _ => Vec::new(),
        };
    }
    // "CERTIFICATE REQUEST-----" with at least three bytes before it, as in "NEW " or "IN ".
    if !REQUEST_END.find_iter(bytes).any(|at| at >= 3) {
        return Vec::new();
    }
    let blocks = ::pem::parse_many(bytes).unwrap_or_default();
    let is_request =
        |p: &::pem::Pem| p.tag() == "CERTIFICATE REQUEST" || p.tag() == "NEW CERTIFICATE REQUEST";
    // A file that also holds certificates or keys is certificate material: the loader reads
    // it (and passes over the request blocks), so nothing it holds is lost.
    if !blocks.iter().all(is_request) {
        return Vec::new();
    }
    blocks
        .into_iter()
        .map(|p| p.into_contents())
        .filter(|der| X509CertificationRequest::from_der(der).is_ok())
        .collect()
}
