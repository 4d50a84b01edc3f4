//! The verdict of `connect`: did the server accept the client certificate? Decided from plain
//! facts about the exchange (how it ended, which alert, whether a certificate was asked for
//! and sent, the TLS version, the HTTP answer) so that every situation is unit-tested below
//! without a server. The sentences come from [`super::explain`].

use std::time::Duration;

use super::explain::{alert_name, explain_alert, explain_http_rejection};
use super::report::{
    AlertReport, ClientCertificateReport, HttpRejection, HttpReport, OutcomeReport, Verdict,
};
use super::tls::Failure;
use crate::error::{Error, ErrorKind, Result};

/// What happened on the wire, as far as the verdict needs it.
#[derive(Debug, Clone, Default)]
pub struct Exchange {
    pub handshake_completed: bool,
    /// TLS 1.3 was negotiated (its verdict on a certificate comes after the handshake).
    pub tls13: bool,
    /// How the exchange failed, if it did; `None` after an HTTP status line.
    pub failure: Option<Failure>,
    /// An alert certkit's own TLS library sent (its description code).
    pub alert_sent: Option<u8>,
    /// Certificate requests received after the handshake.
    pub requests_after_handshake: u32,
    /// A `--cert` was given.
    pub client_given: bool,
    /// The peer's address and the timeout, for error messages.
    pub address: String,
    pub timeout: Duration,
}

/// Is the HTTP answer a refusal of the client certificate? Returns the refusal and the words
/// quoting the server. Besides the answers [`super::http::recognise`] knows by their text, a
/// 401 or 403 is one when the server asked for a certificate after the handshake (Apache's
/// per-directory `SSLVerifyClient`), or when it asked, none was sent, and it refused.
pub fn http_rejection(
    http: &HttpReport,
    client: &ClientCertificateReport,
) -> Option<(HttpRejection, String)> {
    let status = http.status?;
    if let Some(r) = http.certificate_rejection {
        let what = match (status, r) {
            (400, HttpRejection::CertificateRequired) => {
                "HTTP 400 \"No required SSL certificate was sent\"".to_string()
            }
            (400, HttpRejection::CertificateUntrusted) => {
                "HTTP 400 \"The SSL certificate error\"".to_string()
            }
            (403, HttpRejection::CertificateRequired) => "HTTP 403.7".to_string(),
            (403, HttpRejection::CertificateRevoked) => "HTTP 403.13".to_string(),
            (403, HttpRejection::CertificateUntrusted) => "HTTP 403.16".to_string(),
            (403, HttpRejection::CertificateExpired) => "HTTP 403.17".to_string(),
            _ => format!("HTTP {status}"),
        };
        return Some((r, what));
    }
    if !matches!(status, 401 | 403) {
        return None;
    }
    if client.requested_after_handshake {
        return Some((HttpRejection::RefusedAfterRequest, format!("HTTP {status}")));
    }
    if client.requested && client.sent.is_empty() {
        return Some((HttpRejection::CertificateRequired, format!("HTTP {status}")));
    }
    None
}

/// Accepted or rejected, with the alert and the explanation; an error when the exchange
/// says nothing about the certificate (a timeout, a peer that is not TLS, certkit's own side
/// giving up).
pub fn decide(
    ex: &Exchange,
    client: &ClientCertificateReport,
    http: Option<&HttpReport>,
) -> Result<OutcomeReport> {
    let sent_leaf = client.sent.first();
    if ex.failure.is_none() {
        if let Some((rejection, what)) = http.and_then(|h| http_rejection(h, client)) {
            return Ok(OutcomeReport {
                result: Verdict::Rejected,
                alert: None,
                explanation: explain_http_rejection(rejection, &what, ex.client_given, client),
            });
        }
    }
    let Some(failure) = &ex.failure else {
        let explanation = match (client.requested, sent_leaf) {
            (true, Some(leaf)) => format!(
                "the server accepted the client certificate {} (SHA-1 {})",
                leaf.subject, leaf.sha1
            ),
            (true, None) if ex.client_given => "the server asked for a client certificate, certkit could not send the one given (its key type or signature algorithm is not among those the server accepts), and the server accepted the connection without one".to_string(),
            (true, None) => "the server asked for a client certificate but accepted the connection without one".to_string(),
            (false, _) if ex.client_given => "the server accepted the connection without asking for a client certificate, so the certificate was not sent and not tested: if this server should require one, its TLS configuration does not ask for it".to_string(),
            (false, _) => "the server accepted the connection; it did not ask for a client certificate".to_string(),
        };
        return Ok(OutcomeReport {
            result: Verdict::Accepted,
            alert: None,
            explanation,
        });
    };

    if let Some(code) = failure.alert_received {
        return Ok(OutcomeReport {
            result: Verdict::Rejected,
            alert: Some(AlertReport {
                code,
                name: alert_name(code),
                from: "server".to_string(),
            }),
            explanation: explain_alert(code, ex.client_given, client),
        });
    }
    if let Some(code) = ex.alert_sent {
        return Err(Error::new(
            ErrorKind::Network,
            format!(
                "{}: certkit's TLS library ended the handshake with the alert {} ({})",
                ex.address,
                alert_name(code),
                failure.detail
            ),
        ));
    }
    if failure.timed_out {
        return Err(Error::new(
            ErrorKind::Network,
            format!(
                "{}: no answer from the server within {}",
                ex.address,
                humantime::format_duration(ex.timeout)
            ),
        ));
    }
    // Closed without an alert. While the verdict on a requested certificate is still open (in
    // the handshake, after it in TLS 1.3, or after a post-handshake request), that is how some
    // servers refuse; once a TLS 1.2 handshake completed, the certificate was accepted.
    let verdict_pending = !ex.handshake_completed || ex.tls13 || ex.requests_after_handshake > 0;
    if failure.closed && ex.handshake_completed && !(client.requested && verdict_pending) {
        let explanation = match sent_leaf {
            Some(leaf) if client.requested => format!(
                "the server accepted the client certificate {} (SHA-1 {}), then closed the connection",
                leaf.subject, leaf.sha1
            ),
            _ => "the TLS handshake completed, then the server closed the connection".to_string(),
        };
        return Ok(OutcomeReport {
            result: Verdict::Accepted,
            alert: None,
            explanation,
        });
    }
    if failure.closed && client.requested {
        let explanation = if sent_leaf.is_none() {
            "the server asked for a client certificate, none was sent, and it closed the connection without an alert: it requires one".to_string()
        } else {
            "the server closed the connection without an alert after receiving the client certificate: it most likely refused it (check its logs)".to_string()
        };
        return Ok(OutcomeReport {
            result: Verdict::Rejected,
            alert: None,
            explanation,
        });
    }
    Err(Error::new(
        ErrorKind::Network,
        format!(
            "{}: the TLS handshake failed ({}): is this a TLS server, and does it support TLS 1.2 or 1.3?",
            ex.address, failure.detail
        ),
    ))
}
