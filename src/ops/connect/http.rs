//! The HTTP layer of `connect`, for an https URL: one `GET` over the established TLS stream,
//! the status line, and for an error status the head and a bounded part of the body, where web
//! servers say that they refused the client certificate (nginx's 400 pages, IIS substatus
//! 403.7/403.16). Recognising those answers is [`recognise`]; what they mean is for the
//! verdict and the explanations.

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use openssl::ssl::{ErrorCode, SslStream};

use super::explain::http_explanation;
use super::report::{HttpRejection, HttpReport};
use super::tls::Failure;

/// Most bytes of the response head read.
const MAX_HEAD: usize = 16 * 1024;
/// Most bytes of an error response's body read (nginx's and IIS's error pages are a few KiB).
const MAX_BODY: usize = 64 * 1024;

/// Where the request goes.
pub struct Request<'a> {
    /// The name for the Host header (the SNI name, or the host).
    pub servername: &'a str,
    pub port: u16,
    pub path: &'a str,
    pub timeout: Duration,
}

/// Sends the request and reads the answer. The failure is how the stream ended when no
/// status line came (an alert, a close); a status line is the verdict and clears it.
pub fn exchange(
    stream: &mut SslStream<TcpStream>,
    request: &Request,
) -> (Option<Failure>, HttpReport) {
    let host_header = if request.port == 443 {
        bracket_ipv6(request.servername)
    } else {
        format!("{}:{}", bracket_ipv6(request.servername), request.port)
    };
    let path = request.path;
    let text = format!(
        "GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: certkit/{}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut report = HttpReport {
        request: format!("GET {path}"),
        status_line: None,
        status: None,
        explanation: None,
        certificate_rejection: None,
    };
    if let Err(e) = stream.ssl_write(text.as_bytes()) {
        let mut failure = Failure::from_ssl_error(&e);
        // The server may have refused the certificate and closed before the request went
        // out: its alert can still be waiting to be read.
        if failure.alert_received.is_none() {
            let mut buf = [0u8; 512];
            if let Err(e) = stream.ssl_read(&mut buf) {
                let later = Failure::from_ssl_error(&e);
                if later.alert_received.is_some() {
                    failure = later;
                }
            }
        }
        report.explanation = Some(if failure.alert_received.is_some() {
            "no HTTP response: the server ended the connection with an alert".to_string()
        } else {
            format!("the request could not be sent ({})", failure.detail)
        });
        return (Some(failure), report);
    }
    let _ = stream.flush();

    let mut received = Vec::new();
    // The status line is enough for a success; an error's head (and body, below) may say
    // that the certificate was refused.
    let mut failure = read_until(stream, &mut received, |r| {
        let Some(end) = r.iter().position(|&b| b == b'\n') else {
            return false;
        };
        let line = String::from_utf8_lossy(&r[..end]);
        parse_status(line.trim_end()).is_none_or(|s| s < 400)
            || head_end(r).is_some()
            || r.len() > MAX_HEAD
    });
    let first_line = received
        .split(|&b| b == b'\n')
        .next()
        .map(|l| {
            String::from_utf8_lossy(l)
                .trim_end_matches('\r')
                .to_string()
        })
        .filter(|l| !l.is_empty());
    let Some(line) = first_line else {
        report.explanation = Some(match &failure {
            Some(f) if f.timed_out && f.alert_received.is_none() => format!(
                "no HTTP response within {}",
                humantime::format_duration(request.timeout)
            ),
            Some(f) if f.alert_received.is_some() => {
                "no HTTP response: the server ended the connection with an alert".to_string()
            }
            _ => "the server closed the connection without an HTTP response".to_string(),
        });
        return (
            failure.filter(|f| !(f.timed_out && f.alert_received.is_none())),
            report,
        );
    };
    report.status = parse_status(&line);
    report.status_line = Some(line);
    // A status after the handshake is the verdict: a late alert cannot follow it.
    failure = None;
    let Some(status) = report.status else {
        report.explanation = Some("the server's answer is not an HTTP status line".to_string());
        return (failure, report);
    };
    report.explanation = http_explanation(status);
    if status >= 400 {
        let head = parse_head(&received);
        if let Some(head) = &head {
            let wanted = body_length(head).map(|n| head.length + n.min(MAX_BODY));
            let _ = read_until(stream, &mut received, |r| match wanted {
                Some(total) => r.len() >= total,
                None => r.len() >= head.length + MAX_BODY || chunked_end(&r[head.length..]),
            });
        }
        let (headers, body) = match &head {
            Some(h) => (h.headers.clone(), &received[h.length.min(received.len())..]),
            None => (Vec::new(), &received[..0]),
        };
        report.certificate_rejection = recognise(status, &headers, body);
    }
    (failure, report)
}

/// Reads into `received` until `done` says so, the peer closes, or a read fails; returns the
/// failure, if any (a clean close is none).
fn read_until(
    stream: &mut SslStream<TcpStream>,
    received: &mut Vec<u8>,
    done: impl Fn(&[u8]) -> bool,
) -> Option<Failure> {
    let mut buf = [0u8; 4096];
    while !done(received) {
        match stream.ssl_read(&mut buf) {
            Ok(0) => return None,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) if e.code() == ErrorCode::ZERO_RETURN => return None,
            Err(e) => return Some(Failure::from_ssl_error(&e)),
        }
    }
    None
}

/// The response head: its length in bytes (with the blank line) and its headers.
struct Head {
    length: usize,
    headers: Vec<(String, String)>,
}

fn head_end(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

fn parse_head(bytes: &[u8]) -> Option<Head> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut headers);
    match response.parse(bytes) {
        Ok(httparse::Status::Complete(length)) => Some(Head {
            length,
            headers: response
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_ascii_lowercase(),
                        String::from_utf8_lossy(h.value).to_string(),
                    )
                })
                .collect(),
        }),
        _ => None,
    }
}

/// The body's length from Content-Length (none for chunked or close-delimited bodies).
fn body_length(head: &Head) -> Option<usize> {
    let chunked = head
        .headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return None;
    }
    head.headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.trim().parse().ok())
}

/// Has a chunked body reached its last (empty) chunk?
fn chunked_end(body: &[u8]) -> bool {
    body.starts_with(b"0\r\n") || body.windows(5).any(|w| w == b"\n0\r\n")
}

/// Is this error answer a web server refusing the client certificate, and how?
///
/// - nginx turns its internal 495/496 into `400 Bad Request` pages saying "The SSL certificate
///   error" (the certificate failed verification) or "No required SSL certificate was sent"
///   (`ssl_verify_client on` and nothing arrived); other front ends keep 495/496.
/// - IIS answers 403 with a substatus: 403.7 certificate required, 403.13 revoked, 403.16
///   untrusted or invalid, 403.17 expired or not yet valid. The substatus shows in its error
///   page ("HTTP Error 403.16 - Forbidden") or, behind some front ends, in a header.
pub fn recognise(status: u16, headers: &[(String, String)], body: &[u8]) -> Option<HttpRejection> {
    let body = String::from_utf8_lossy(body);
    match status {
        495 => return Some(HttpRejection::CertificateUntrusted),
        496 => return Some(HttpRejection::CertificateRequired),
        400 if body.contains("No required SSL certificate was sent") => {
            return Some(HttpRejection::CertificateRequired)
        }
        400 if body.contains("The SSL certificate error") => {
            return Some(HttpRejection::CertificateUntrusted)
        }
        403 => {}
        _ => return None,
    }
    let texts = headers
        .iter()
        .map(|(_, v)| v.as_str())
        .chain(std::iter::once(body.as_ref()));
    for text in texts {
        match iis_substatus(text) {
            Some(7) => return Some(HttpRejection::CertificateRequired),
            Some(13) => return Some(HttpRejection::CertificateRevoked),
            Some(16) => return Some(HttpRejection::CertificateUntrusted),
            Some(17) => return Some(HttpRejection::CertificateExpired),
            _ => {}
        }
    }
    None
}

/// The first IIS client-certificate substatus (`403.7`, `403.13`, `403.16`, `403.17`) in a
/// text; other 403 substatuses (IP restrictions, SSL required…) are not about the certificate.
fn iis_substatus(text: &str) -> Option<u16> {
    let mut rest = text;
    while let Some(i) = rest.find("403.") {
        let after = &rest[i + 4..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let before_ok = i == 0 || !rest.as_bytes()[i - 1].is_ascii_digit();
        if before_ok {
            if let Ok(n @ (7 | 13 | 16 | 17)) = digits.parse::<u16>() {
                return Some(n);
            }
        }
        rest = after;
    }
    None
}

fn bracket_ipv6(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// The status code of `HTTP/1.1 200 OK`.
pub fn parse_status(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    let version = parts.next()?;
    if !version.starts_with("HTTP/") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{parse_status, recognise, HttpRejection};

    #[test]
    fn status_lines() {
        assert_eq!(parse_status("HTTP/1.1 200 OK"), Some(200));
        assert_eq!(parse_status("HTTP/1.0 403 Forbidden"), Some(403));
        assert_eq!(parse_status("SSH-2.0-OpenSSH"), None);
        assert_eq!(parse_status("HTTP/1.1 2000"), None);
    }

    #[test]
    fn web_servers_refusing_the_certificate_are_recognised() {
        use HttpRejection::*;
        let none: &[(String, String)] = &[];
        let header = |v: &str| vec![("x-substatus".to_string(), v.to_string())];
        let nginx_page = |text: &str| {
            format!("<html>\r\n<head><title>400 {text}</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>{text}</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
        };
        type Case = (u16, Vec<(String, String)>, String, Option<HttpRejection>);
        let cases: Vec<Case> = vec![
            (
                400,
                none.to_vec(),
                nginx_page("No required SSL certificate was sent"),
                Some(CertificateRequired),
            ),
            (
                400,
                none.to_vec(),
                nginx_page("The SSL certificate error"),
                Some(CertificateUntrusted),
            ),
            (400, none.to_vec(), "bad request".to_string(), None),
            (
                495,
                none.to_vec(),
                String::new(),
                Some(CertificateUntrusted),
            ),
            (496, none.to_vec(), String::new(), Some(CertificateRequired)),
            (
                403,
                none.to_vec(),
                "<h2>HTTP Error 403.7 - Forbidden</h2>".to_string(),
                Some(CertificateRequired),
            ),
            (
                403,
                none.to_vec(),
                "<h2>HTTP Error 403.16 - Forbidden</h2>".to_string(),
                Some(CertificateUntrusted),
            ),
            (
                403,
                none.to_vec(),
                "HTTP Error 403.17 - Forbidden".to_string(),
                Some(CertificateExpired),
            ),
            (
                403,
                none.to_vec(),
                "HTTP Error 403.13 - Forbidden".to_string(),
                Some(CertificateRevoked),
            ),
            (
                403,
                header("403.16"),
                String::new(),
                Some(CertificateUntrusted),
            ),
            // Other substatuses, lookalike numbers and plain 403s are not about the certificate.
            (
                403,
                none.to_vec(),
                "HTTP Error 403.6 - IP address rejected".to_string(),
                None,
            ),
            (
                403,
                none.to_vec(),
                "error 403.160 and 1403.7".to_string(),
                None,
            ),
            (403, none.to_vec(), "Forbidden".to_string(), None),
            (
                404,
                none.to_vec(),
                nginx_page("The SSL certificate error"),
                None,
            ),
            (200, none.to_vec(), "403.16".to_string(), None),
        ];
        for (status, headers, body, expected) in cases {
            assert_eq!(
                recognise(status, &headers, body.as_bytes()),
                expected,
                "{status} {headers:?} {body}"
            );
        }
    }
}
