//! The verdict of `connect`: did the server accept the client certificate? Decided from plain
//! facts about the exchange (how it ended, which alert, whether a certificate was asked for
//! and sent, the TLS version, the HTTP answer) so that every situation is unit-tested below
//! without a server. The sentences come from [`super::explain`].

use std::time::Duration;

use super::explain::{alert_name, explain_alert, explain_http_rejection};
use super::report::{
    AlertReport, AlertSender, ClientCertificateReport, HttpRejection, HttpReport, OutcomeReport,
    Verdict,
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
                leaf.subject, leaf.thumbprint
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
                from: AlertSender::Server,
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
                leaf.subject, leaf.thumbprint
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

#[cfg(test)]
mod tests {
    use super::super::report::fixtures::{client, leaf, leaf_and_issuing, summary, ISSUING, ROOT};
    use super::super::report::{
        ClientCertificateReport, HttpRejection, HttpReport, OutcomeReport, Verdict,
    };
    use super::{decide, Exchange, Failure};

    /// How an exchange ended, in the words of the table.
    #[derive(Clone, Copy)]
    enum End {
        /// Nothing went wrong (and an HTTP status, when there is one, arrived).
        Clean,
        /// The server sent this alert.
        Alert(u8),
        /// certkit's side sent this alert.
        OwnAlert(u8),
        /// The server closed without an alert.
        Closed,
        TimedOut,
        /// A failure that is none of these (not TLS at all).
        Garbage,
    }

    struct Case {
        name: &'static str,
        end: End,
        handshake_completed: bool,
        tls13: bool,
        after_handshake_request: bool,
        client_given: bool,
        client: ClientCertificateReport,
        /// HTTP status and the refusal recognised from its text, for a URL.
        http: Option<(u16, Option<HttpRejection>)>,
        /// `Ok((verdict, alert name))` or `Err(words of the error)`.
        expected: Result<(Verdict, Option<&'static str>), &'static str>,
        /// Words the explanation must contain.
        words: &'static [&'static str],
    }

    fn case(name: &'static str, end: End, client: ClientCertificateReport) -> Case {
        Case {
            name,
            end,
            handshake_completed: !matches!(end, End::Alert(_) | End::Garbage),
            tls13: false,
            after_handshake_request: false,
            client_given: !client.configured.is_empty(),
            client,
            http: None,
            expected: Ok((Verdict::Accepted, None)),
            words: &[],
        }
    }

    impl Case {
        fn expect(mut self, verdict: Verdict, alert: Option<&'static str>) -> Case {
            self.expected = Ok((verdict, alert));
            self
        }
        fn error(mut self, words: &'static str) -> Case {
            self.expected = Err(words);
            self
        }
        fn words(mut self, words: &'static [&'static str]) -> Case {
            self.words = words;
            self
        }
        fn tls13(mut self) -> Case {
            self.tls13 = true;
            self
        }
        fn incomplete(mut self) -> Case {
            self.handshake_completed = false;
            self
        }
        fn http(mut self, status: u16, rejection: Option<HttpRejection>) -> Case {
            self.http = Some((status, rejection));
            self
        }
        fn after_handshake_request(mut self) -> Case {
            self.after_handshake_request = true;
            self.client.requested_after_handshake = true;
            self
        }
        fn run(&self) -> crate::error::Result<OutcomeReport> {
            let failure = match self.end {
                End::Clean | End::OwnAlert(_) if self.http.is_some() => None,
                End::Clean => None,
                End::Alert(code) => Some(Failure {
                    alert_received: Some(code),
                    ..Failure::default()
                }),
                End::OwnAlert(_) | End::Garbage => Some(Failure {
                    detail: "wrong version number".to_string(),
                    ..Failure::default()
                }),
                End::Closed => Some(Failure {
                    closed: true,
                    ..Failure::default()
                }),
                End::TimedOut => Some(Failure {
                    timed_out: true,
                    ..Failure::default()
                }),
            };
            let exchange = Exchange {
                handshake_completed: self.handshake_completed,
                tls13: self.tls13,
                failure,
                alert_sent: match self.end {
                    End::OwnAlert(code) => Some(code),
                    _ => None,
                },
                requests_after_handshake: u32::from(self.after_handshake_request),
                client_given: self.client_given,
                address: "127.0.0.1:4433".to_string(),
                timeout: std::time::Duration::from_secs(10),
            };
            let http = self.http.map(|(status, rejection)| HttpReport {
                request: "GET /".to_string(),
                status_line: Some(format!("HTTP/1.1 {status} X")),
                status: Some(status),
                explanation: None,
                certificate_rejection: rejection,
            });
            decide(&exchange, &self.client, http.as_ref())
        }
    }

    fn no_intermediate_sent() -> ClientCertificateReport {
        let mut c = client(true, vec![leaf(false)]);
        c.acceptable_ca_names = vec![ROOT.to_string()];
        c.chain_matches_ca_names = Some(false);
        c
    }

    fn foreign_root_known() -> ClientCertificateReport {
        let mut c = client(true, leaf_and_issuing());
        c.acceptable_ca_names = vec!["CN=Another Root".to_string()];
        c.chain_matches_ca_names = Some(false);
        c.root = Some(summary(ROOT, ROOT, false));
        c
    }

    #[test]
    fn every_situation_gets_its_verdict_and_explanation() {
        use End::*;
        use HttpRejection::*;
        use Verdict::Rejected;
        let sent = || client(true, leaf_and_issuing());
        let nothing = || client(true, Vec::new());
        let cases = vec![
            case("accepted", Clean, sent())
                .words(&["accepted the client certificate CN=client.example.com"]),
            case(
                "not asked, certificate given",
                Clean,
                client(false, leaf_and_issuing()),
            )
            .words(&["without asking for a client certificate", "not tested"]),
            case("asked, none given", Clean, nothing())
                .words(&["accepted the connection without one"]),
            case("asked, given, could not send", Clean, {
                let mut c = nothing();
                c.configured = leaf_and_issuing();
                c
            })
            .words(&["could not send the one given"]),
            case(
                "unknown_ca, intermediate missing",
                Alert(48),
                no_intermediate_sent(),
            )
            .expect(Rejected, Some("unknown_ca"))
            .words(&[
                "does not trust your issuing CA (CN=Partner Issuing CA)",
                "send the intermediate certificate",
                "the server accepts certificates from: CN=Partner Root CA",
            ]),
            case("unknown_ca, foreign root", Alert(48), foreign_root_known())
                .expect(Rejected, Some("unknown_ca"))
                .words(&[
                    "nor its root (CN=Partner Root CA)",
                    "ask the server's operators",
                ]),
            case(
                "unknown_ca, self-signed",
                Alert(48),
                client(true, vec![summary("CN=me", "CN=me", false)]),
            )
            .expect(Rejected, Some("unknown_ca"))
            .words(&["your self-signed certificate"]),
            case("expired", Alert(45), client(true, vec![leaf(true)]))
                .expect(Rejected, Some("certificate_expired"))
                .words(&["has expired (it expired on 2025-01-01)", "renew it"]),
            case("expired by the server's clock", Alert(45), sent())
                .expect(Rejected, Some("certificate_expired"))
                .words(&["valid until 2030-01-01", "server's clock"]),
            case("unsupported purpose", Alert(43), sent())
                .expect(Rejected, Some("unsupported_certificate"))
                .words(&["clientAuth", "digital signatures"]),
            case("revoked", Alert(44), sent())
                .expect(Rejected, Some("certificate_revoked"))
                .words(&["revoked"]),
            case(
                "bad certificate, expired CA sent",
                Alert(42),
                client(true, vec![leaf(false), summary(ISSUING, ROOT, true)]),
            )
            .expect(Rejected, Some("bad_certificate"))
            .words(&["the CA certificate CN=Partner Issuing CA sent with it has expired"]),
            case(
                "certificate unknown, chain short",
                Alert(46),
                no_intermediate_sent(),
            )
            .expect(Rejected, Some("certificate_unknown"))
            .words(&["intermediate certificate between it and the server's CAs was not sent"]),
            case("access denied, foreign CA", Alert(49), foreign_root_known())
                .expect(Rejected, Some("access_denied"))
                .words(&["does not trust your CA"]),
            case("access denied, no clue", Alert(49), sent())
                .expect(Rejected, Some("access_denied"))
                .words(&["allow list", "CN=Partner Issuing CA"]),
            case("decrypt error", Alert(51), sent())
                .expect(Rejected, Some("decrypt_error"))
                .words(&["key may not belong to the certificate"]),
            case("certificate required (TLS 1.3)", Alert(116), nothing())
                .expect(Rejected, Some("certificate_required"))
                .words(&["requires a client certificate and none was sent", "--cert"]),
            case("handshake failure, none sent", Alert(40), nothing())
                .expect(Rejected, Some("handshake_failure"))
                .words(&["requires a client certificate and none was sent: give one with --cert"]),
            case("handshake failure, sent", Alert(40), sent())
                .expect(Rejected, Some("handshake_failure"))
                .words(&["no acceptable protocol parameters"]),
            case("protocol version", Alert(70), nothing())
                .expect(Rejected, Some("protocol_version"))
                .words(&["try --tls1.2 or --tls1.3"]),
            case("unrecognized name", Alert(112), sent())
                .expect(Rejected, Some("unrecognized_name"))
                .words(&["--servername"]),
            case("internal error", Alert(80), sent())
                .expect(Rejected, Some("internal_error"))
                .words(&["check its logs"]),
            case("our own side gave up", OwnAlert(42), sent())
                .incomplete()
                .error("certkit's TLS library ended the handshake with the alert bad_certificate"),
            case("silence", TimedOut, sent())
                .incomplete()
                .error("no answer from the server within 10s"),
            case("not TLS", Garbage, nothing()).error("is this a TLS server"),
            case("closed after a TLS 1.2 handshake", Closed, sent()).words(&[
                "accepted the client certificate",
                "then closed the connection",
            ]),
            case("closed after a TLS 1.3 handshake", Closed, sent())
                .tls13()
                .expect(Rejected, None)
                .words(&[
                    "closed the connection without an alert after receiving the client certificate",
                ]),
            case("closed during the handshake, none sent", Closed, nothing())
                .incomplete()
                .expect(Rejected, None)
                .words(&["none was sent", "it requires one"]),
            case("closed after a renegotiation request", Closed, sent())
                .after_handshake_request()
                .expect(Rejected, None)
                .words(&["most likely refused it"]),
            case("HTTP 200", Clean, sent())
                .http(200, None)
                .words(&["accepted the client certificate"]),
            case("HTTP 403 from the application", Clean, sent())
                .http(403, None)
                .words(&["accepted the client certificate"]),
            case("nginx: no required certificate", Clean, nothing())
                .http(400, Some(CertificateRequired))
                .expect(Rejected, None)
                .words(&[
                    "requires a client certificate and none was sent",
                    "No required SSL certificate was sent",
                    "--cert",
                ]),
            case("nginx: certificate error", Clean, foreign_root_known())
                .http(400, Some(CertificateUntrusted))
                .expect(Rejected, None)
                .words(&[
                    "rejected the client certificate",
                    "The SSL certificate error",
                    "does not trust your CA (CN=Partner Root CA)",
                ]),
            case("nginx: certificate error, no clue", Clean, sent())
                .http(400, Some(CertificateUntrusted))
                .expect(Rejected, None)
                .words(&[
                    "rejected the client certificate",
                    "does not trust your issuing CA (CN=Partner Issuing CA)",
                ]),
            case("IIS 403.16", Clean, sent())
                .http(403, Some(CertificateUntrusted))
                .expect(Rejected, None)
                .words(&["HTTP 403.16", "rejected the client certificate"]),
            case("IIS 403.7", Clean, nothing())
                .http(403, Some(CertificateRequired))
                .expect(Rejected, None)
                .words(&["HTTP 403.7", "none was sent"]),
            case("IIS 403.17", Clean, sent())
                .http(403, Some(CertificateExpired))
                .expect(Rejected, None)
                .words(&["HTTP 403.17", "expired"]),
            case("IIS 403.13", Clean, sent())
                .http(403, Some(CertificateRevoked))
                .expect(Rejected, None)
                .words(&["HTTP 403.13", "revoked"]),
            case("Apache: 403 after renegotiation", Clean, sent())
                .after_handshake_request()
                .http(403, None)
                .expect(Rejected, None)
                .words(&[
                    "after the handshake",
                    "received CN=client.example.com",
                    "HTTP 403",
                ]),
            case(
                "Apache: 403 after renegotiation, none sent",
                Clean,
                nothing(),
            )
            .after_handshake_request()
            .http(403, None)
            .expect(Rejected, None)
            .words(&["after the handshake", "none was sent"]),
            case("asked, none sent, 403", Clean, nothing())
                .http(403, None)
                .expect(Rejected, None)
                .words(&["requires a client certificate and none was sent (HTTP 403)"]),
            case("asked, none sent, 404", Clean, nothing())
                .http(404, None)
                .words(&["accepted the connection without one"]),
        ];
        for case in &cases {
            let name = case.name;
            match (case.run(), case.expected) {
                (Ok(outcome), Ok((verdict, alert))) => {
                    assert_eq!(outcome.result, verdict, "{name}: {}", outcome.explanation);
                    assert_eq!(
                        outcome.alert.as_ref().map(|a| a.name.as_str()),
                        alert,
                        "{name}"
                    );
                    for word in case.words {
                        assert!(
                            outcome.explanation.contains(word),
                            "{name}: {word:?} not in {:?}",
                            outcome.explanation
                        );
                    }
                }
                (Err(e), Err(words)) => {
                    assert!(e.message.contains(words), "{name}: {}", e.message)
                }
                (got, expected) => panic!("{name}: got {got:?}, expected {expected:?}"),
            }
        }
    }
}
