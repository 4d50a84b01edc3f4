//! The network side of revocation checking: one GET for CRLs and one POST for OCSP, both
//! plain `http://` through [`crate::net::http`] (timeouts, size cap, proxy variables).
//!
//! Every request of the revocation checker goes through these two functions; they only sort
//! the client's failures into the reasons a status report names.

use super::status::Why;
use crate::net::http;

/// Why a download failed, as the status report names it, with one human sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub why: Why,
    pub detail: String,
}

/// Is `url` one certkit fetches (plain http)?
pub fn supported(url: &str) -> bool {
    url.get(..7)
        .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
}

/// Downloads a CRL.
pub fn get(url: &str) -> Result<Vec<u8>, FetchError> {
    if !supported(url) {
        return Err(unsupported(url));
    }
    http::get(url).map_err(|e| classify(&e.message))
}

/// POSTs a DER OCSP request to `url` (RFC 6960 appendix A.1) and returns the DER response.
pub fn ocsp(url: &str, request_der: &[u8]) -> Result<Vec<u8>, FetchError> {
    if !supported(url) {
        return Err(unsupported(url));
    }
    http::post(url, "application/ocsp-request", request_der).map_err(|e| classify(&e.message))
}

fn unsupported(url: &str) -> FetchError {
    FetchError {
        why: Why::UnsupportedUrl,
        detail: format!("{url}: only http:// URLs are fetched"),
    }
}

/// Sorts a client error message into the reasons a report names.
fn classify(message: &str) -> FetchError {
    let lower = message.to_ascii_lowercase();
    let why = if lower.contains("in time") || lower.contains("timed out") {
        Why::Timeout
    } else if lower.contains("cannot connect")
        || lower.contains("does not resolve")
        || lower.contains("connection refused")
    {
        Why::Unreachable
    } else {
        Why::BadResponse
    };
    FetchError {
        why,
        detail: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{classify, supported, Why};

    #[test]
    fn only_plain_http_is_fetched() {
        assert!(supported("http://crl.example/ca.crl"));
        assert!(supported("HTTP://crl.example/ca.crl"));
        assert!(!supported("https://crl.example/ca.crl"));
        assert!(!supported(
            "ldap://ldap.example/cn=CA?certificateRevocationList"
        ));
        assert_eq!(
            super::get("ldap://x/").unwrap_err().why,
            Why::UnsupportedUrl
        );
    }

    #[test]
    fn client_failures_are_sorted_into_reasons() {
        let why = |m: &str| classify(m).why;
        assert_eq!(
            why("http://x/: no answer in time (connect timeout 10s, total 30s)"),
            Why::Timeout
        );
        assert_eq!(
            why("http://x/: cannot connect or read: Connection refused (os error 111)"),
            Why::Unreachable
        );
        assert_eq!(
            why("http://x/: the host name does not resolve"),
            Why::Unreachable
        );
        assert_eq!(
            why("http://x/: the server answered HTTP 404"),
            Why::BadResponse
        );
    }
}
