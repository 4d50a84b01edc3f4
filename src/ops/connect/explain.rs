//! What `connect`'s outcomes mean, in sentences: the TLS alert table (RFC 5246/8446 names),
//! the explanation of each alert a server sends about a client certificate, the likely cause
//! when an alert says little, what an HTTP status means after the handshake, and why a web
//! server's HTTP answer is a refusal of the certificate. Pure functions of the report's data:
//! no I/O, so every sentence is unit-tested below without a server.

use std::fmt::Write as _;

use super::report::{ClientCertificateReport, HttpRejection};

/// RFC 8446/5246 names of the alerts `connect` explains.
pub fn alert_name(code: u8) -> String {
    let known = match code {
        10 => "unexpected_message",
        20 => "bad_record_mac",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        90 => "user_canceled",
        109 => "missing_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    openssl::ssl::SslAlert::from_reason_code(
        openssl::ssl::SslAlert::CLOSE_NOTIFY.reason_code() + code as i32,
    )
    .map(|a| a.to_string().replace(' ', "_").to_lowercase())
    .unwrap_or_else(|| format!("alert_{code}"))
}

/// For alerts that do not say why (GnuTLS answers access_denied to every failed check): the
/// most likely reason, from what certkit knows of the chain it sent.
fn likely_cause(client: &ClientCertificateReport) -> Option<String> {
    let sent = &client.sent;
    if let Some(position) = sent.iter().position(|c| c.expired) {
        let expired = &sent[position];
        let what = if position == 0 {
            "your certificate".to_string()
        } else {
            format!("the CA certificate {} sent with it", expired.subject)
        };
        return Some(format!(
            "most likely because {what} has expired (on {}): renew it",
            crate::ops::summary::date(expired.not_after)
        ));
    }
    if client.chain_matches_ca_names == Some(false) {
        let top_issuer = sent.last()?.issuer.clone();
        let root_known = client
            .root
            .as_ref()
            .is_some_and(|r| r.subject == top_issuer);
        return Some(if root_known {
            format!("most likely because it does not trust your CA ({top_issuer}): ask the server's operators to trust it, or get a certificate from a CA they trust")
        } else {
            format!("most likely because the chain does not reach a CA it accepts: the chain sent ends at {top_issuer}, so the intermediate certificate between it and the server's CAs was not sent (add it to the --cert file)")
        });
    }
    None
}

/// The server's alert, in a sentence about the client certificate.
///
/// `client_given`: a `--cert` was given (so "none was sent" means certkit could not send it).
pub fn explain_alert(code: u8, client_given: bool, client: &ClientCertificateReport) -> String {
    let sent = &client.sent;
    let none_sent = sent.is_empty();
    let mut text = if none_sent && client.requested && code != 70 && code != 112 {
        if client_given {
            "the server requires a client certificate and none was sent: certkit could not send the one given (the server accepts none of its key type or signature algorithms)".to_string()
        } else {
            "the server requires a client certificate and none was sent: give one with --cert"
                .to_string()
        }
    } else {
        let leaf = sent.first().or(client.configured.first());
        let issuer = leaf.map(|l| l.issuer.clone()).unwrap_or_default();
        let top_issuer = sent
            .last()
            .or(client.configured.last())
            .map(|l| l.issuer.clone())
            .unwrap_or_default();
        match code {
            48 => {
                let leaf_self_signed = leaf.is_some_and(|l| l.subject == l.issuer);
                if leaf_self_signed {
                    format!(
                        "the server does not trust your self-signed certificate ({issuer}): ask the server's operators to trust it, or get a certificate from a CA they trust"
                    )
                } else if let Some(root) = client.root.as_ref().filter(|r| r.subject == top_issuer) {
                    let root = &root.subject;
                    if *root == issuer {
                        format!(
                            "the server does not trust your issuing CA ({issuer}, a root CA): ask the server's operators to trust it, or get a certificate from a CA they trust"
                        )
                    } else {
                        format!(
                            "the server does not trust your issuing CA ({issuer}) nor its root ({root}): ask the server's operators to trust {root}, or get a certificate from a CA they trust"
                        )
                    }
                } else if sent.len() <= 1 {
                    format!(
                        "the server does not trust your issuing CA ({issuer}): send the intermediate certificate with your certificate (add it to the --cert file), or ask the server's operators to trust {top_issuer}"
                    )
                } else {
                    format!(
                        "the server does not trust your issuing CA ({issuer}): the chain sent ends at {top_issuer}; ask the server's operators to trust {top_issuer}, or get a certificate from a CA they trust"
                    )
                }
            }
            45 => {
                let when = leaf
                    .map(|l| {
                        if l.expired {
                            format!(" (it expired on {})", crate::ops::summary::date(l.not_after))
                        } else {
                            format!(
                                " (certkit's clock says it is valid until {}: a certificate of its chain may have expired, or the server's clock is wrong)",
                                crate::ops::summary::date(l.not_after)
                            )
                        }
                    })
                    .unwrap_or_default();
                format!("the server says your certificate has expired{when}: renew it")
            }
            43 => "the server does not accept the certificate's purpose (unsupported certificate): a client certificate needs the extended key usage TLS Web Client Authentication (clientAuth) and a key usage allowing digital signatures".to_string(),
            42 => match likely_cause(client) {
                Some(cause) => format!("the server rejected the certificate as bad, {cause}"),
                None => "the server rejected the certificate as bad: its signature does not verify, it is malformed, or the chain is incomplete or out of order".to_string(),
            },
            44 => "the server says your certificate has been revoked: get a new one".to_string(),
            46 => match likely_cause(client) {
                Some(cause) => format!("the server could not accept the certificate (certificate unknown), {cause}"),
                None => "the server could not accept the certificate (certificate unknown): often an issuing CA it does not trust, a missing intermediate, or a purpose it does not allow".to_string(),
            },
            49 => match likely_cause(client) {
                Some(cause) => format!("the server denied access with this certificate, {cause}"),
                None => format!(
                    "the server denied access with this certificate: it checked it and refused it (an issuing CA it does not trust, here {issuer}, or a certificate not on its allow list)"
                ),
            },
            51 => "the server could not verify the signature made with your private key: the key may not belong to the certificate, or the server does not accept its algorithm".to_string(),
            116 => "the server requires a client certificate and none was sent".to_string(),
            40 => "the handshake failed (handshake failure): the server found no acceptable protocol parameters, or refused the client certificate".to_string(),
            70 => "the server does not support the TLS version offered: try --tls1.2 or --tls1.3".to_string(),
            71 => "the server requires stronger security than offered (insufficient security)".to_string(),
            112 => "the server does not know the name sent in SNI: give the name it serves with --servername".to_string(),
            80 => "the server failed internally during the handshake (internal error): check its logs".to_string(),
            50 => "the server could not decode a handshake message (decode error)".to_string(),
            _ => format!("the server ended the connection with the alert {}", alert_name(code)),
        }
    };
    if client.chain_matches_ca_names == Some(false) && !none_sent {
        let _ = write!(
            text,
            " (the server accepts certificates from: {})",
            client.acceptable_ca_names.join("; ")
        );
    }
    text
}

/// What an HTTP status after a completed handshake means.
pub fn http_explanation(status: u16) -> Option<String> {
    match status {
        401 | 403 => Some(format!(
            "the TLS handshake accepted the certificate, but the application refused the request (HTTP {status}): the server may check the certificate's thumbprint, subject or issuer against an allow list, or the certificate is not mapped to an account"
        )),
        495 | 496 => Some(format!(
            "the web server refused the client certificate (HTTP {status}): the certificate was invalid or missing"
        )),
        400..=499 => Some(format!(
            "the request was refused (HTTP {status}): check the path and what the service expects"
        )),
        500..=599 => Some(format!("the server failed to answer (HTTP {status})")),
        _ => None,
    }
}

/// Why the web server's HTTP answer is a refusal of the client certificate, and what to do.
/// `what` quotes the server (its status and, where known, its words).
pub fn explain_http_rejection(
    rejection: HttpRejection,
    what: &str,
    client_given: bool,
    client: &ClientCertificateReport,
) -> String {
    let leaf = client.sent.first();
    let issuer = leaf.map(|l| l.issuer.clone()).unwrap_or_default();
    let mut text = match rejection {
        HttpRejection::CertificateRequired if client_given && client.requested => format!(
            "the server requires a client certificate and none was sent ({what}): certkit could not send the one given (the server accepts none of its key type or signature algorithms)"
        ),
        HttpRejection::CertificateRequired if client_given => format!(
            "the server requires a client certificate and none was sent ({what}): the server did not ask for one in the handshake, so the web server's TLS configuration and its certificate check disagree"
        ),
        HttpRejection::CertificateRequired => format!(
            "the server requires a client certificate and none was sent ({what}): give one with --cert"
        ),
        HttpRejection::CertificateUntrusted => match likely_cause(client) {
            Some(cause) => format!(
                "the web server completed the handshake but rejected the client certificate ({what}), {cause}"
            ),
            None => format!(
                "the web server completed the handshake but rejected the client certificate ({what}): it does not trust your issuing CA ({issuer}) or could not verify the chain sent; ask the server's operators to trust it, or send the missing intermediate certificate"
            ),
        },
        HttpRejection::CertificateExpired => format!(
            "the web server says your certificate has expired or is not yet valid ({what}): renew it, or check the server's clock"
        ),
        HttpRejection::CertificateRevoked => {
            format!("the web server says your certificate has been revoked ({what}): get a new one")
        }
        HttpRejection::RefusedAfterRequest if leaf.is_none() => format!(
            "the server asked for a client certificate after the handshake (renegotiation or post-handshake authentication), none was sent, and it refused the request ({what}): it requires one"
        ),
        HttpRejection::RefusedAfterRequest => format!(
            "the server asked for a client certificate after the handshake (renegotiation or post-handshake authentication), received {}, and refused the request ({what}): it did not accept the certificate (check the issuing CA it trusts, and its access rules)",
            leaf.map(|l| l.subject.as_str()).unwrap_or_default()
        ),
    };
    if client.chain_matches_ca_names == Some(false) && leaf.is_some() {
        let _ = write!(
            text,
            " (the server accepts certificates from: {})",
            client.acceptable_ca_names.join("; ")
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::report::fixtures::{client, leaf_and_issuing};
    use super::super::report::HttpRejection;
    use super::{alert_name, explain_alert, explain_http_rejection, http_explanation};

    #[test]
    fn alert_names_follow_the_rfcs() {
        for (code, name) in [
            (40, "handshake_failure"),
            (42, "bad_certificate"),
            (43, "unsupported_certificate"),
            (44, "certificate_revoked"),
            (45, "certificate_expired"),
            (46, "certificate_unknown"),
            (48, "unknown_ca"),
            (49, "access_denied"),
            (51, "decrypt_error"),
            (70, "protocol_version"),
            (112, "unrecognized_name"),
            (116, "certificate_required"),
        ] {
            assert_eq!(alert_name(code), name, "{code}");
        }
        assert!(!alert_name(250).is_empty());
    }

    /// Each alert about a certificate that was sent, and the words its sentence must hold.
    #[test]
    fn each_alert_is_explained() {
        let sent = client(true, leaf_and_issuing());
        for (code, words) in [
            (48, "does not trust your issuing CA"),
            (45, "has expired"),
            (43, "clientAuth"),
            (42, "rejected the certificate as bad"),
            (44, "revoked"),
            (46, "certificate unknown"),
            (49, "denied access"),
            (51, "could not verify the signature"),
            (116, "requires a client certificate"),
            (40, "handshake failure"),
            (70, "TLS version"),
            (71, "stronger security"),
            (112, "--servername"),
            (80, "internal error"),
            (50, "decode error"),
            (90, "alert user_canceled"),
        ] {
            let text = explain_alert(code, true, &sent);
            assert!(text.contains(words), "{code}: {words:?} not in {text:?}");
        }
        // With nothing sent, every certificate alert says so (not the version or SNI ones).
        let nothing = client(true, Vec::new());
        for code in [40, 42, 46, 48, 49, 116] {
            let text = explain_alert(code, false, &nothing);
            assert!(
                text.contains("none was sent: give one with --cert"),
                "{code}: {text}"
            );
        }
        assert!(explain_alert(70, false, &nothing).contains("TLS version"));
    }

    #[test]
    fn http_answers_are_explained() {
        let sent = client(true, leaf_and_issuing());
        for (rejection, words) in [
            (HttpRejection::CertificateRequired, "none was sent"),
            (
                HttpRejection::CertificateUntrusted,
                "rejected the client certificate",
            ),
            (
                HttpRejection::CertificateExpired,
                "expired or is not yet valid",
            ),
            (HttpRejection::CertificateRevoked, "revoked"),
            (HttpRejection::RefusedAfterRequest, "after the handshake"),
        ] {
            let text = explain_http_rejection(rejection, "HTTP 400", true, &sent);
            assert!(
                text.contains(words) && text.contains("HTTP 400"),
                "{rejection:?}: {text}"
            );
        }
        for (status, words) in [
            (403, Some("application refused the request")),
            (401, Some("application refused the request")),
            (404, Some("check the path")),
            (496, Some("refused the client certificate")),
            (503, Some("failed to answer")),
            (200, None),
        ] {
            let text = http_explanation(status);
            assert_eq!(
                text.as_deref()
                    .map(|t| words.is_some_and(|w| t.contains(w))),
                words.map(|_| true),
                "{status}: {text:?}"
            );
        }
    }
}
