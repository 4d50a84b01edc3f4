//! `revocation`: the revocation status of the certificate and of each CA below the anchor, from
//! the revocation engine run along the path (`verify-chain --revocation`: the certificates' OCSP
//! and CRL URLs, the store's CRLs), and whether those sources answered.

use crate::ops::verify_chain::VerifyReport;
use crate::revocation::status::{Mode, State, Why};
use crate::verify::checks::{Finding, Severity};

use super::report::{CheckId, CheckResult, SubjectKind};
use super::setup::{Settings, Subject};

/// The finding kinds the revocation engine produces.
pub fn is_revocation_kind(kind: &str) -> bool {
    kind == "revoked"
        || kind.starts_with("revocation_")
        || kind.starts_with("crl_")
        || kind.starts_with("ocsp_")
}

pub fn check(
    subject: &Subject,
    report: &VerifyReport,
    findings: &[&Finding],
    settings: &Settings,
) -> CheckResult {
    if settings.revocation == Mode::Off {
        return CheckResult::skipped(
            CheckId::Revocation,
            "--revocation off: not checked (nothing was fetched)",
        );
    }
    let reach = format!(
        "let this machine reach the CRL and OCSP URLs over http (set HTTP_PROXY if it needs a proxy), or install the CA's current CRL: {}",
        settings.fix.certkit(&["import", "<ca.crl>"])
    );
    let revoked: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.kind.as_str() == "revoked")
        .collect();
    if !revoked.is_empty() {
        let leaf_revoked = revoked.iter().any(|f| f.certificate == Some(0));
        let fix = match (leaf_revoked, subject.kind) {
            (true, SubjectKind::Entry) => format!(
                "get a new certificate from the CA, then replace the entry: {} && {}",
                settings
                    .fix
                    .certkit(&["store", "remove", &subject.name, "--in", "personal"]),
                settings.fix.certkit(&[
                    "import",
                    "<renewed-certificate.pfx>",
                    "--name",
                    &subject.name
                ])
            ),
            (true, SubjectKind::File) => {
                "get a new certificate from the CA: this one must not be used".to_string()
            }
            (false, _) => "a CA of the path is revoked: ask the CA for its new chain".to_string(),
        };
        return CheckResult::fail(CheckId::Revocation, join(&revoked), fix);
    }
    let errors: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return CheckResult::fail(CheckId::Revocation, join(&errors), reach);
    }
    if !findings.is_empty() {
        let warnings: Vec<&&Finding> = findings.iter().collect();
        return CheckResult::warn(CheckId::Revocation, join(&warnings), reach);
    }
    let mut good = Vec::new();
    let mut without_source = Vec::new();
    for c in &report.path {
        match &c.revocation {
            Some(s) if s.status == State::Good => good.push(format!(
                "{} good ({})",
                c.certificate.subject,
                s.source
                    .as_ref()
                    .map(|x| x.location.as_str())
                    .unwrap_or("?")
            )),
            Some(s) if s.why == Some(Why::NoSource) => {
                without_source.push(c.certificate.subject.clone())
            }
            _ => {}
        }
    }
    if good.is_empty() {
        return CheckResult::skipped(
            CheckId::Revocation,
            "cannot be checked: no certificate of the path names a CRL or OCSP URL, and the store holds no CRL for them",
        );
    }
    let mut message = good.join("; ");
    if !without_source.is_empty() {
        message.push_str(&format!(
            "; no CRL or OCSP URL for {}",
            without_source.join(", ")
        ));
    }
    CheckResult::pass(CheckId::Revocation, message)
}

fn join(findings: &[&&Finding]) -> String {
    findings
        .iter()
        .map(|f| f.message.clone())
        .collect::<Vec<_>>()
        .join("; ")
}
