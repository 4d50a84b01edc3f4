//! The `connect` report: what the handshake, the server-chain check, the client-certificate
//! exchange and the HTTP request showed, as serialisable types (the `--json` contract) that the
//! human renderer reads too. Plain data, no behaviour beyond [`summarize`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::model::Certificate;
pub use crate::ops::summary::CertificateSummary;
use crate::verify::checks::Finding;
use crate::verify::{Origin, PathEnd};

/// The whole `connect` run.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ConnectReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub target: TargetReport,
    /// Negotiated protocol, when the handshake got that far.
    pub tls: Option<TlsReport>,
    pub server: ServerReport,
    pub client_certificate: ClientCertificateReport,
    pub outcome: OutcomeReport,
    /// For an https URL: the HTTP exchange after the handshake.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpReport>,
}

impl ConnectReport {
    /// The current version of the `connect` document.
    pub const VERSION: u32 = 2;

    /// Why a connection the server accepted still fails the check (exit 1): the server's own
    /// certificate is not trusted (unless `insecure`), or the HTTP answer is an error status.
    /// Empty when the server rejected us (a failure already) or nothing is wrong.
    pub fn accepted_but(&self, insecure: bool) -> Vec<String> {
        let mut reasons = Vec::new();
        if self.outcome.result == Verdict::Rejected {
            return reasons;
        }
        if !self.server.trusted && !insecure {
            reasons.push("the server's certificate is not trusted".to_string());
        }
        match self.http.as_ref().map(|h| h.status) {
            Some(Some(status)) if status >= 400 => {
                reasons.push(format!("the HTTP answer is {status}"))
            }
            // The handshake worked but the request got no answer: a failed check (exit 1)
            // with its connect document, not an error of the command (exit 2).
            Some(None) => reasons.push("the server gave no HTTP answer".to_string()),
            _ => {}
        }
        reasons
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TargetReport {
    pub host: String,
    pub port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name sent as SNI (none for an IP address) and checked against the certificate.
    pub servername: String,
    pub sni_sent: bool,
    /// The address actually connected to.
    pub address: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TlsReport {
    /// `TLSv1.2`, `TLSv1.3`
    pub version: String,
    /// IANA cipher suite name.
    pub cipher: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ServerReport {
    /// The chain as the server sent it, leaf first.
    pub chain: Vec<CertificateSummary>,
    pub trusted: bool,
    /// The name (or IP address) checked against the server certificate.
    pub checked_name: String,
    /// What anchored the check: the --ca files, the store's roots and/or `system`.
    pub anchors: Vec<String>,
    /// The trust anchor the path engine reached (the same engine as `verify-chain`), when the
    /// path ends at one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub anchor: Option<AnchorReport>,
    /// How the server's path ends: `trusted`, `untrusted_root`, `missing_issuer`,
    /// `depth_exceeded` (absent when the server sent no certificate).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<PathEnd>,
    /// Every finding of the path check, as `verify-chain --purpose server` reports them, plus
    /// `name_mismatch` when the certificate does not name the host.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// The first error found, in a sentence, when not trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A sentence saying what is wrong and what to do, when not trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// The server stapled an OCSP response to the handshake (it was requested).
    #[serde(default)]
    pub ocsp_stapled: bool,
    /// The verdict mode of the chain check: `true` with `--strict` (findings only RFC 5280 or
    /// CA/Browser Forum profiles require are errors), `false` by default (they are warnings).
    #[serde(default)]
    pub strict: bool,
    /// The revocation status of each certificate of the server's path below the anchor, as
    /// `verify-chain` checks it (empty with `--revocation off`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub revocation: Vec<ServerRevocation>,
}

/// The revocation status of one certificate of the server's path.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ServerRevocation {
    /// Position in the path (0 = the server's certificate).
    pub certificate: usize,
    pub subject: String,
    #[serde(flatten)]
    pub status: crate::revocation::status::CertStatus,
}

/// The trust anchor a path ends at, and where it came from.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AnchorReport {
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    /// `file` (a --ca file), `store`, `system` …, with the file or directory entry.
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ClientCertificateReport {
    /// Where the client certificate came from (`--cert`), if one was given.
    pub source: Option<String>,
    /// The server sent a CertificateRequest (during or after the handshake).
    pub requested: bool,
    /// It came after the handshake (TLS 1.3 post-handshake authentication or renegotiation).
    pub requested_after_handshake: bool,
    /// The CA names of the request ("Acceptable client certificate CA names").
    pub acceptable_ca_names: Vec<String>,
    /// The acceptable CA name our chain reaches, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_reaches: Option<String>,
    /// `Some(false)` when the server listed CA names and our chain reaches none of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_matches_ca_names: Option<bool>,
    /// What the CA names mean for our certificate, in a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_names_note: Option<String>,
    /// The certificate and intermediates certkit was configured to send.
    pub configured: Vec<CertificateSummary>,
    /// What actually went out in the last Certificate message (empty: none was sent).
    pub sent: Vec<CertificateSummary>,
    /// The root CA of the client chain found in the --cert file (never sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<CertificateSummary>,
}

/// Whether the server took the client certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct OutcomeReport {
    pub result: Verdict,
    /// The alert that ended the connection, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<AlertReport>,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AlertReport {
    /// The TLS alert description number (48 = unknown_ca, ...).
    pub code: u8,
    /// Its RFC name (`unknown_ca`, `certificate_required`, ...).
    pub name: String,
    pub from: AlertSender,
}

/// Which side sent a TLS alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertSender {
    /// Received from the server.
    Server,
    /// Sent by certkit's side.
    Client,
}

impl std::fmt::Display for AlertSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            AlertSender::Server => "server",
            AlertSender::Client => "client",
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct HttpReport {
    /// `GET /path`
    pub request: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// What the status (or its absence) means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// When the answer is the web server refusing the client certificate (nginx's 400 pages,
    /// IIS 403.7/403.16, a 403 after renegotiation): which refusal it is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub certificate_rejection: Option<HttpRejection>,
}

/// How a web server refused the client certificate in its HTTP answer, after a completed
/// handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HttpRejection {
    /// No certificate arrived and one is required (nginx "No required SSL certificate was
    /// sent", IIS 403.7).
    CertificateRequired,
    /// The certificate failed the server's checks: an issuer it does not trust, a broken
    /// chain, a bad signature (nginx "The SSL certificate error", IIS 403.16).
    CertificateUntrusted,
    /// Expired or not yet valid (IIS 403.17).
    CertificateExpired,
    /// Revoked (IIS 403.13).
    CertificateRevoked,
    /// Refused after the server asked for a certificate after the handshake (Apache's
    /// per-directory `SSLVerifyClient` renegotiation, or TLS 1.3 post-handshake
    /// authentication) and answered 401/403.
    RefusedAfterRequest,
}

pub fn summarize(cert: &Certificate, now: OffsetDateTime) -> CertificateSummary {
    CertificateSummary::new(cert, now)
}

/// Hand-made report parts for the table-driven tests of the verdict and the explanations.
#[cfg(test)]
pub mod fixtures {
    use super::{CertificateSummary, ClientCertificateReport};

    /// A certificate summary; `expired` also sets the date the sentences quote.
    pub fn summary(subject: &str, issuer: &str, expired: bool) -> CertificateSummary {
        CertificateSummary {
            subject: subject.to_string(),
            issuer: issuer.to_string(),
            serial: "01".to_string(),
            serial_decimal: "1".to_string(),
            serial_negative: false,
            thumbprint: "AB".repeat(20),
            not_before: time::macros::datetime!(2024-01-01 00:00 UTC),
            not_after: if expired {
                time::macros::datetime!(2025-01-01 00:00 UTC)
            } else {
                time::macros::datetime!(2030-01-01 00:00 UTC)
            },
            days_left: if expired { -10 } else { 1000 },
            expired,
            not_yet_valid: false,
        }
    }

    pub const LEAF: &str = "CN=client.example.com";
    pub const ISSUING: &str = "CN=Partner Issuing CA";
    pub const ROOT: &str = "CN=Partner Root CA";

    /// The client side: `requested` by the server, `sent` (leaf first) and the rest default.
    pub fn client(requested: bool, sent: Vec<CertificateSummary>) -> ClientCertificateReport {
        ClientCertificateReport {
            source: None,
            requested,
            requested_after_handshake: false,
            acceptable_ca_names: Vec::new(),
            chain_reaches: None,
            chain_matches_ca_names: None,
            ca_names_note: None,
            configured: sent.clone(),
            sent,
            root: None,
        }
    }

    /// Our leaf, issued by the issuing CA.
    pub fn leaf(expired: bool) -> CertificateSummary {
        summary(LEAF, ISSUING, expired)
    }

    /// Our chain: the leaf and the issuing CA (issued by the root).
    pub fn leaf_and_issuing() -> Vec<CertificateSummary> {
        vec![leaf(false), summary(ISSUING, ROOT, false)]
    }
}
