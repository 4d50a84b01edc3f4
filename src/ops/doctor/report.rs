//! The `doctor` report: one checklist per subject, each check with its stable id, status,
//! message and fix (advice and commands), and the counts (the `--json` contract, which the human renderer reads too).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The stable ids of the checks, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    Opens,
    PrivateKey,
    KeyAccess,
    /// Only for a key the store keeps (the Windows stores): CNG or CryptoAPI.
    KeyProvider,
    Chain,
    Validity,
    Usage,
    Revocation,
    Export,
    Duplicates,
    Handshake,
}

impl CheckId {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Opens => "opens",
            CheckId::PrivateKey => "private_key",
            CheckId::KeyAccess => "key_access",
            CheckId::KeyProvider => "key_provider",
            CheckId::Chain => "chain",
            CheckId::Validity => "validity",
            CheckId::Usage => "usage",
            CheckId::Revocation => "revocation",
            CheckId::Export => "export",
            CheckId::Duplicates => "duplicates",
            CheckId::Handshake => "handshake",
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    Skipped,
}

/// One check of one subject.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CheckResult {
    pub id: CheckId,
    pub status: Status,
    /// What was found (for `skipped`, why the check did not run).
    pub message: String,
    /// For a warning or a failure: what to do, with the certkit commands where they exist.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fix: Option<Fix>,
}

/// One command to run: the program, then its arguments, each one word, unquoted. A word
/// written `<like this>` is a placeholder for a file only the user has.
pub type Command = Vec<String>;

/// What to do about a warning or a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Fix {
    /// What to do, in words: what the commands do, and what only the user can do.
    pub advice: String,
    /// The commands that carry the advice out, to run in order (none when only the user can
    /// act).
    #[serde(default)]
    pub commands: Vec<Command>,
}

impl Fix {
    /// Advice with the commands that carry it out.
    pub fn run(advice: impl Into<String>, commands: Vec<Command>) -> Fix {
        Fix {
            advice: advice.into(),
            commands,
        }
    }

    /// Several fixes as one: the advice joined, the commands in order, each once.
    pub fn all(fixes: Vec<Fix>) -> Fix {
        let mut advice: Vec<String> = Vec::new();
        let mut commands: Vec<Command> = Vec::new();
        for fix in fixes {
            if !advice.contains(&fix.advice) {
                advice.push(fix.advice);
            }
            for command in fix.commands {
                if !commands.contains(&command) {
                    commands.push(command);
                }
            }
        }
        Fix {
            advice: advice.join("; "),
            commands,
        }
    }
}

/// Advice alone, for what only the user can do.
impl From<&str> for Fix {
    fn from(advice: &str) -> Fix {
        Fix::run(advice, Vec::new())
    }
}

impl From<String> for Fix {
    fn from(advice: String) -> Fix {
        Fix::run(advice, Vec::new())
    }
}

impl CheckResult {
    pub(super) fn pass(id: CheckId, message: impl Into<String>) -> CheckResult {
        CheckResult {
            id,
            status: Status::Pass,
            message: message.into(),
            fix: None,
        }
    }

    pub(super) fn skipped(id: CheckId, reason: impl Into<String>) -> CheckResult {
        CheckResult {
            id,
            status: Status::Skipped,
            message: reason.into(),
            fix: None,
        }
    }

    fn problem(
        id: CheckId,
        status: Status,
        message: impl Into<String>,
        fix: impl Into<Fix>,
    ) -> CheckResult {
        CheckResult {
            id,
            status,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }

    pub(super) fn fail(
        id: CheckId,
        message: impl Into<String>,
        fix: impl Into<Fix>,
    ) -> CheckResult {
        CheckResult::problem(id, Status::Fail, message, fix)
    }

    pub(super) fn warn(
        id: CheckId,
        message: impl Into<String>,
        fix: impl Into<Fix>,
    ) -> CheckResult {
        CheckResult::problem(id, Status::Warn, message, fix)
    }
}

/// What was examined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A personal entry of the store.
    Entry,
    /// A file, examined as it would be installed.
    File,
}

/// The certificate a subject holds, for the heading.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CertificateFacts {
    pub subject: String,
    /// SHA-1 thumbprint, uppercase hex (as Windows shows it).
    pub thumbprint: String,
    /// RFC 3339.
    pub not_after: String,
}

/// The checks of one subject.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SubjectReport {
    pub kind: SubjectKind,
    /// `personal/NAME` for an entry, the path for a file.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub certificate: Option<CertificateFacts>,
    pub checks: Vec<CheckResult>,
}

/// Counts over every check of every subject.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub subjects: usize,
    pub passed: usize,
    pub warnings: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// `healthy` when no check failed (warnings allowed), else `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Healthy,
    Failed,
}

/// The whole `doctor` run.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DoctorReport {
    pub version: u32,
    /// The store the subjects were checked against.
    pub store: String,
    /// The time the checks were made at (RFC 3339).
    pub at: String,
    pub subjects: Vec<SubjectReport>,
    pub summary: Summary,
    pub verdict: Verdict,
}

impl DoctorReport {
    /// The version of this document (`version` in JSON).
    pub const VERSION: u32 = 3;
}
