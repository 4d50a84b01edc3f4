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
