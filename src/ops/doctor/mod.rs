//! `doctor`: the installation guide's troubleshooting list as ordered checks.
//!
//! Each subject (a personal entry of the store, or a file examined as it would be installed)
//! gets the same ten checks, in the guide's order, each with a stable id, a status and, for a
//! warning or a failure, the fix. The checks reuse certkit's engines: the loader's PKCS#12
//! details and their "opens in" verdicts, the private key check, the path engine with the
//! store's CAs, export naming, and the TLS probe of `connect`. This module holds the report
//! types and runs the checks; each check (or group of checks sharing one computation) has its
//! own module. Nothing here prints or knows the command line.

mod duplicates;
mod export;
mod fix;
mod handshake;
mod key;
mod keyiso;
mod opens;
mod path;
mod revocation;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::Error;
use crate::model::{Bundle, Certificate};
use crate::ops::connect::{Target, TrustSources};
use crate::store::{Entry, HeldKeyCheck};
use crate::verify::Sources;

pub use self::fix::FixContext;
pub use self::opens::Platform;

/// The stable ids of the checks, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    Opens,
    PrivateKey,
    KeyAccess,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Warn,
    Fail,
    Skipped,
}

/// One check of one subject.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckResult {
    pub id: CheckId,
    pub status: Status,
    /// What was found (for `skipped`, why the check did not run).
    pub message: String,
    /// For a warning or a failure: what to do, a certkit command where one exists.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fix: Option<String>,
}

impl CheckResult {
    fn pass(id: CheckId, message: impl Into<String>) -> CheckResult {
        CheckResult {
            id,
            status: Status::Pass,
            message: message.into(),
            fix: None,
        }
    }

    fn skipped(id: CheckId, reason: impl Into<String>) -> CheckResult {
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
        fix: impl Into<String>,
    ) -> CheckResult {
        CheckResult {
            id,
            status,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }

    fn fail(id: CheckId, message: impl Into<String>, fix: impl Into<String>) -> CheckResult {
        CheckResult::problem(id, Status::Fail, message, fix)
    }

    fn warn(id: CheckId, message: impl Into<String>, fix: impl Into<String>) -> CheckResult {
        CheckResult::problem(id, Status::Warn, message, fix)
    }
}

/// What was examined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A personal entry of the store.
    Entry,
    /// A file, examined as it would be installed.
    File,
}

/// The certificate a subject holds, for the heading.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CertificateFacts {
    pub subject: String,
    /// SHA-1 thumbprint, uppercase hex (as Windows shows it).
    pub thumbprint: String,
    /// RFC 3339.
    pub not_after: String,
}

/// The checks of one subject.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SubjectReport {
    pub kind: SubjectKind,
    /// `personal/NAME` for an entry, the path for a file.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub certificate: Option<CertificateFacts>,
    pub checks: Vec<CheckResult>,
}

/// Counts over every check of every subject.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Summary {
    pub subjects: usize,
    pub passed: usize,
    pub warnings: usize,
    pub failed: usize,
    pub skipped: usize,
}

/// `healthy` when no check failed (warnings allowed), else `failed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Healthy,
    Failed,
}

/// The whole `doctor` run.
#[derive(Debug, Clone, Serialize, Deserialize)]
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

/// Which store backend the subjects live in or are checked against.
#[derive(Debug, Clone)]
pub enum StoreKind {
    /// A certkit store folder.
    Folder(PathBuf),
    /// The Windows certificate stores.
    Windows,
}

/// The store as the checks see it: every entry, and where it is.
#[derive(Debug, Clone)]
pub struct StoreView {
    pub kind: StoreKind,
    pub location: String,
    pub entries: Vec<Entry>,
    /// The store's roots (anchors) and intermediates, set up as `verify-chain` does.
    pub sources: Sources,
    /// For a store that keeps private keys itself (Windows): which personal entries each
    /// `--account` can read, as the store judges it from the key container's access list.
    pub key_readers: Vec<AccountReaders>,
}

/// The personal entries whose private key one account can read, or why the store cannot tell
/// (an account that does not exist).
#[derive(Debug, Clone)]
pub struct AccountReaders {
    pub account: String,
    pub entries: std::result::Result<Vec<String>, String>,
}

/// One thing to examine.
#[derive(Debug)]
pub struct Subject {
    pub kind: SubjectKind,
    /// The store entry's name, or the file as named on the command line.
    pub name: String,
    /// The loaded file or entry, or why it did not load.
    pub loaded: std::result::Result<Bundle, Error>,
    /// For an entry whose key the store keeps (the Windows stores): its check by the store.
    pub held_key: Option<HeldKeyCheck>,
}

impl Subject {
    /// `personal/NAME` or the file name.
    pub fn label(&self) -> String {
        match self.kind {
            SubjectKind::Entry => format!("personal/{}", self.name),
            SubjectKind::File => self.name.clone(),
        }
    }
}

/// The `--host` handshake: where to, and what anchors the server's chain.
#[derive(Debug, Clone)]
pub struct HandshakeSettings {
    pub target: Target,
    pub trust: TrustSources,
    pub timeout: std::time::Duration,
}

/// Everything the checks need besides the subject, validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub now: OffsetDateTime,
    pub warn_days: u32,
    pub platforms: Vec<Platform>,
    pub accounts: Vec<String>,
    pub export_dir: Option<PathBuf>,
    pub export_name: Option<String>,
    pub handshake: Option<HandshakeSettings>,
    /// `--revocation`, and the CRLs the store keeps.
    pub revocation: crate::revocation::status::Mode,
    pub revocation_local: crate::revocation::Local,
    pub fix: FixContext,
}

/// Runs every check on every subject, in order, and counts the outcomes.
pub fn run(subjects: &[Subject], store: &StoreView, settings: &Settings) -> DoctorReport {
    let reports: Vec<SubjectReport> = subjects
        .iter()
        .map(|s| examine(s, store, settings))
        .collect();
    let mut summary = Summary {
        subjects: reports.len(),
        ..Summary::default()
    };
    for check in reports.iter().flat_map(|r| &r.checks) {
        match check.status {
            Status::Pass => summary.passed += 1,
            Status::Warn => summary.warnings += 1,
            Status::Fail => summary.failed += 1,
            Status::Skipped => summary.skipped += 1,
        }
    }
    DoctorReport {
        version: 1,
        store: store.location.clone(),
        at: settings
            .now
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        subjects: reports,
        verdict: if summary.failed > 0 {
            Verdict::Failed
        } else {
            Verdict::Healthy
        },
        summary,
    }
}

/// The ten checks of one subject.
fn examine(subject: &Subject, store: &StoreView, settings: &Settings) -> SubjectReport {
    let mut checks = vec![opens::check(subject, settings)];
    let bundle = match &subject.loaded {
        Ok(b) if !b.certificates.is_empty() => b,
        _ => {
            let reason = match &subject.loaded {
                Ok(_) => "it holds no certificate",
                Err(_) => "it does not open",
            };
            for id in [
                CheckId::PrivateKey,
                CheckId::KeyAccess,
                CheckId::Chain,
                CheckId::Validity,
                CheckId::Usage,
                CheckId::Revocation,
                CheckId::Export,
                CheckId::Duplicates,
                CheckId::Handshake,
            ] {
                checks.push(CheckResult::skipped(
                    id,
                    format!("not checked: {reason} (see opens)"),
                ));
            }
            return SubjectReport {
                kind: subject.kind,
                name: subject.label(),
                certificate: None,
                checks,
            };
        }
    };
    let leaf = leaf_of(bundle);
    checks.push(key::private_key(subject, bundle, settings));
    checks.push(key::access(subject, store, settings));
    checks.extend(path::checks(subject, bundle, store, settings));
    checks.push(export::check(subject, leaf, store, settings));
    checks.push(duplicates::check(subject, leaf, store, settings));
    checks.push(handshake::check(subject, bundle, settings));
    let not_after = leaf.parsed().validity().not_after.to_datetime();
    SubjectReport {
        kind: subject.kind,
        name: subject.label(),
        certificate: Some(CertificateFacts {
            subject: leaf.subject_text(),
            thumbprint: leaf.sha1_hex(),
            not_after: not_after
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        }),
        checks,
    }
}

/// The certificate the subject is about: the key's, else the one that issues no other.
fn leaf_of(bundle: &Bundle) -> &Certificate {
    &bundle.certificates[bundle.leaf_index().unwrap_or(0)]
}
