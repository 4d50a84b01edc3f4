//! `doctor`: the installation guide's troubleshooting list as ordered checks.
//!
//! Each subject (a personal entry of the store, or a file examined as it would be installed)
//! gets the same ten checks, in the guide's order, each with a stable id, a status and, for a
//! warning or a failure, the fix; an entry whose private key the store keeps (the Windows
//! stores) gets an eleventh, `key_provider`, after `key_access`. The checks reuse certkit's engines: the loader's PKCS#12
//! details and their "opens in" verdicts, the private key check, the path engine with the
//! store's CAs, export naming, and the TLS probe of `connect` (and revocation along the path).
//! Nothing here prints or knows the command line.
//!
//! The modules, each depending only on those above it (none on this one):
//!
//! - `report`: the report types (the `--json` contract);
//! - `fix`: the fix commands, and the fixes several checks share; `setup`: the subjects, the store view, the settings;
//! - `keyiso`: the Windows CNG Key Isolation service;
//! - one module per check or group of checks sharing one computation: `opens`, `key`
//!   (`private_key`, `key_access`), `provider` (`key_provider`), `revocation`, `path` (`chain`, `validity`, `usage`, and
//!   `revocation` from the same path run), `export`, `duplicates`, `handshake`;
//! - this module: the run, in the guide's order.

mod duplicates;
mod export;
mod fix;
mod handshake;
mod key;
mod keyiso;
mod opens;
mod path;
mod provider;
mod report;
mod revocation;
mod setup;

use crate::model::{Bundle, Certificate};

pub use self::fix::FixContext;
pub use self::report::{
    CertificateFacts, CheckId, CheckResult, Command, DoctorReport, Fix, Status, SubjectKind,
    SubjectReport, Summary, Verdict,
};
pub use self::setup::{HandshakeSettings, Platform, Settings, StoreView, Subject};
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
        version: DoctorReport::VERSION,
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

/// The ten checks of one subject (eleven for a key the store keeps).
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
    checks.extend(provider::check(subject, settings));
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
