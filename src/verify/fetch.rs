//! Downloading a missing issuer from its AIA "CA Issuers" URL (`--fetch-aia`).
//!
//! The download goes through the shared plain-http client ([`crate::net::http`]: http only,
//! bounded redirects, timeouts, size cap, proxy from the environment); what comes back must be
//! a certificate or a bundle of them, and is then only a candidate issuer: the path builder
//! still checks its signature.

use crate::error::{Error, ErrorKind, Result};
use crate::model::Certificate;
use crate::net::http;

/// Downloads `url` and returns the certificates it holds (DER, PEM or PKCS#7).
pub fn fetch_certificates(url: &str) -> Result<Vec<Certificate>> {
    let body = http::get(url)?;
    // The shared loader recognises DER, PEM and PKCS#7 from the bytes.
    let passwords = crate::password::Passwords::fixed(None);
    let certs = crate::decode::load(&body, None, &passwords)
        .map(|b| b.certificates)
        .unwrap_or_default();
    if certs.is_empty() {
        return Err(Error::new(
            ErrorKind::Network,
            format!("{url}: the download is not a certificate (DER, PEM or PKCS#7)"),
        ));
    }
    Ok(certs)
}
