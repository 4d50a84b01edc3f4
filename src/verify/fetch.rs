//! Downloading a missing issuer from its AIA "CA Issuers" URL (`--fetch-aia`).
//!
//! CA Issuers URLs are plain `http://` by design (the download itself is verified by the
//! signature it must carry, and HTTPS would need the chain being built). This is a small
//! HTTP/1.0 GET over a TCP stream, with a connect/read timeout, a size cap and at most a few
//! redirects, so that no HTTP stack is pulled in for one request.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};
use crate::model::Certificate;

/// The most a CA Issuers download may weigh (a certificate or a small PKCS#7 bundle).
pub const MAX_BYTES: usize = 1024 * 1024;
/// Connect and read timeout of one request.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REDIRECTS: usize = 3;

/// Downloads `url` and returns the certificates it holds (DER, PEM or PKCS#7).
pub fn fetch_certificates(url: &str) -> Result<Vec<Certificate>> {
    let body = get(url)?;
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

/// An HTTP GET of a plain `http://` URL, following up to three redirects.
pub fn get(url: &str) -> Result<Vec<u8>> {
    let mut url = url.to_string();
    for _ in 0..=MAX_REDIRECTS {
        match get_once(&url)? {
            Response::Body(b) => return Ok(b),
            Response::Redirect(to) => url = to,
        }
    }
    Err(Error::new(
        ErrorKind::Network,
        format!("{url}: too many redirects"),
    ))
}

enum Response {
    Body(Vec<u8>),
    Redirect(String),
}

fn get_once(url: &str) -> Result<Response> {
    let net = |what: String| Error::new(ErrorKind::Network, format!("{url}: {what}"));
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| net("only http:// CA Issuers URLs are fetched".into()))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => (
            h.trim_start_matches('[').trim_end_matches(']'),
            p.parse::<u16>().map_err(|_| net("bad port".into()))?,
        ),
        _ => (authority, 80),
    };
    let addr = (host, port)
        .to_socket_addrs()
        .map_err(|e| net(format!("cannot resolve {host}: {e}")))?
        .next()
        .ok_or_else(|| net(format!("cannot resolve {host}")))?;
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)
        .map_err(|e| net(format!("cannot connect: {e}")))?;
    stream.set_read_timeout(Some(TIMEOUT)).ok();
    stream.set_write_timeout(Some(TIMEOUT)).ok();
    let request = format!(
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nUser-Agent: certkit/{}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| net(format!("cannot send the request: {e}")))?;
    let mut raw = Vec::new();
    stream
        .take((MAX_BYTES + 16 * 1024) as u64)
        .read_to_end(&mut raw)
        .map_err(|e| net(format!("cannot read the response: {e}")))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| net("the response has no HTTP header".into()))?;
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let body = raw[split + 4..].to_vec();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| net("the response has no HTTP status".into()))?;
    let header = |name: &str| {
        head.lines().skip(1).find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_string())
        })
    };
    if (300..400).contains(&status) {
        if let Some(to) = header("location") {
            return Ok(Response::Redirect(to));
        }
    }
    if status != 200 {
        return Err(net(format!("the server answered HTTP {status}")));
    }
    if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        return Err(net("chunked responses are not supported".into()));
    }
    if body.len() > MAX_BYTES {
        return Err(net(format!(
            "the download is larger than {MAX_BYTES} bytes, too large for a CA certificate"
        )));
    }
    Ok(Response::Body(body))
}
