//! `revocation`: the revocation status of the certificate and of each CA below the anchor, from
//! the revocation engine run along the path (`verify-chain --revocation`: the certificates' OCSP
//! and CRL URLs, the store's CRLs), and whether those sources answered.

use crate::ops::verify_chain::VerifyReport;
use crate::revocation::status::{Mode, State, Why};
use crate::verify::checks::{Finding, FindingKind, Severity};

use super::fix::RENEWED;
use super::report::{CheckId, CheckResult, Fix, SubjectKind};
use super::setup::{Settings, Subject};

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
    let reach = Fix::run(
        "let this machine reach the CRL and OCSP URLs over http (set HTTP_PROXY if it needs a proxy), or get the CA's current CRL and install it",
        vec![settings.fix.certkit(&["import", "<ca.crl>"])],
    );
    let revoked: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.kind == FindingKind::Revoked)
        .collect();
    if !revoked.is_empty() {
        let leaf_revoked = revoked.iter().any(|f| f.certificate == Some(0));
        let fix = match (leaf_revoked, subject.kind) {
            (true, SubjectKind::Entry) => settings.fix.replace_entry(
                "get a new certificate from the CA",
                RENEWED,
                &subject.name,
            ),
            (true, SubjectKind::File) => {
                Fix::from("get a new certificate from the CA: this one must not be used")
            }
            (false, _) => Fix::from("a CA of the path is revoked: ask the CA for its new chain"),
        };
        return CheckResult::fail(CheckId::Revocation, join(&revoked), fix);
    }
    let errors: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    if !errors.is_empty() {
        return CheckResult::fail(CheckId::Revocation, join(&errors), reach.clone());
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
