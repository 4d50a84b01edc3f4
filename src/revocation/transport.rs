//! The network side of revocation checking: one GET for CRLs and one exchange for OCSP, both
//! plain `http://` (CRLs and OCSP responses are signed, and https would need the very chain
//! being checked), bounded in time and size.
//!
//! Every request of the revocation checker goes through these two functions, so that the
//! HTTP client behind them can change without touching the checks.

use super::status::Why;

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
    crate::verify::fetch::get(url).map_err(|e| classify(&e.message))
}

/// Sends a DER OCSP request to `url` and returns the DER response.
///
/// RFC 6960 appendix A.1 GET form (the base64 request, URL-encoded, appended to the URL),
/// which every responder must accept.
pub fn ocsp(url: &str, request_der: &[u8]) -> Result<Vec<u8>, FetchError> {
    if !supported(url) {
        return Err(unsupported(url));
    }
    let encoded: String = openssl::base64::encode_block(request_der)
        .chars()
        .map(|c| match c {
            '+' => "%2B".to_string(),
            '/' => "%2F".to_string(),
            '=' => "%3D".to_string(),
            c => c.to_string(),
        })
        .collect();
    let full = if url.ends_with('/') {
        format!("{url}{encoded}")
    } else {
        format!("{url}/{encoded}")
    };
    crate::verify::fetch::get(&full).map_err(|e| classify(&e.message.replace(&full, url)))
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
    let why = if lower.contains("timed out") || lower.contains("would block") {
        Why::Timeout
    } else if lower.contains("cannot connect") || lower.contains("cannot resolve") {
        Why::Unreachable
    } else {
        Why::BadResponse
    };
    FetchError {
        why,
        detail: message.to_string(),
    }
}
