//! What path checks report: a [`Finding`] with its [`Severity`], and the short certificate
//! name every message uses. Kept apart from the checks themselves so that each family of
//! checks ([`super::checks`], [`super::names`]) depends on this module and not on the others.

use serde::{Deserialize, Serialize};

use crate::model::Certificate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found on the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable machine-readable name (`missing_issuer`, `expired`, `untrusted_root`, …).
    pub kind: String,
    pub severity: Severity,
    /// Position in the path (0 = leaf), when the finding is about one certificate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub certificate: Option<usize>,
    /// One human sentence.
    pub message: String,
    /// For `missing_issuer`: the name of the certificate that was not found.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub missing_subject: Option<String>,
    /// For `missing_issuer`: the authority key id (hex) the missing certificate has.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub authority_key_id: Option<String>,
    /// For `missing_issuer`: the AIA "CA Issuers" URLs the child certificate names.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ca_issuers: Vec<String>,
}

impl Finding {
    pub fn error(kind: &str, certificate: Option<usize>, message: impl Into<String>) -> Finding {
        Finding {
            kind: kind.to_string(),
            severity: Severity::Error,
            certificate,
            message: message.into(),
            missing_subject: None,
            authority_key_id: None,
            ca_issuers: Vec::new(),
        }
    }

    pub fn warning(kind: &str, certificate: Option<usize>, message: impl Into<String>) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(kind, certificate, message)
        }
    }
}

/// Short name used in messages: the common name, else the whole subject.
pub fn short_name(cert: &Certificate) -> String {
    let x = cert.parsed();
    let cn = x
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok().map(str::to_string));
    cn.unwrap_or_else(|| {
        let s = x.subject().to_string();
        if s.is_empty() {
            "(empty subject)".to_string()
        } else {
            s
        }
    })
}

/// How a kind of finding counts in each verdict mode (see docs/verifier-table.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Mainstream verifiers (OpenSSL's default verify, Windows CryptoAPI, Java PKIX, Go) reject
    /// the chain for it: an error in both modes.
    Rejected,
    /// Only RFC 5280 profiles or CA/Browser Forum rules require it: a warning by default, an
    /// error with `--strict`.
    ProfileOnly,
    /// Advice that no verifier enforces on every chain: a warning in both modes.
    Advice,
}

impl Level {
    /// The severity a finding of this level gets in the given mode.
    pub fn severity(self, strict: bool) -> Severity {
        match (self, strict) {
            (Level::Rejected, _) | (Level::ProfileOnly, true) => Severity::Error,
            (Level::ProfileOnly, false) | (Level::Advice, _) => Severity::Warning,
        }
    }
}

/// The one table of levels of the path checks' finding kinds. Kinds made outside the path
/// checks (revocation, `connect`'s host name) keep the severity they are made with.
pub fn level(kind: &str) -> Option<Level> {
    Some(match kind {
        "missing_issuer" | "untrusted_root" | "depth_exceeded" | "path_search_limit" => {
            Level::Rejected
        }
        "bad_signature" | "signature_algorithm_mismatch" | "expired" | "not_yet_valid" => {
            Level::Rejected
        }
        "not_a_ca" | "missing_key_cert_sign" | "path_length_exceeded" | "key_usage" => {
            Level::Rejected
        }
        "extended_key_usage" | "unknown_critical_extension" | "duplicate_extension" => {
            Level::Rejected
        }
        "malformed_extension" | "empty_issuer" => Level::Rejected,
        "invalid_name_constraint"
        | "name_constraint_violation"
        | "name_constraints_too_complex" => Level::Rejected,
        "extension_criticality" | "missing_authority_key_id" | "missing_subject_key_id" => {
            Level::ProfileOnly
        }
        "serial_number" | "weak_key" | "invalid_san" | "name_constraints" => Level::ProfileOnly,
        "weak_signature_algorithm" => Level::Advice,
        _ => return None,
    })
}

/// Gives each finding the severity its kind has in the chosen mode.
pub fn apply_levels(findings: &mut [Finding], strict: bool) {
    for finding in findings {
        if let Some(level) = level(finding.kind.as_str()) {
            finding.severity = level.severity(strict);
        }
    }
}
