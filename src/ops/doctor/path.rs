//! `chain`, `validity` and `usage`: one run of the path engine (`verify-chain --purpose client`
//! with the store's roots and intermediates), its findings sorted into the three checks, plus
//! the store placement of every CA that matters to the path (a root in intermediate, an
//! intermediate in root, a CA in personal), each with the commands that move it.

use crate::model::{Bundle, Certificate};
use crate::ops::verify_chain::verify_chain;
use crate::revocation::status::Mode;
use crate::revocation::Checker;
use crate::store::{Entry, LogicalStore};
use crate::verify::checks::{Finding, Severity};
use crate::verify::{Options, OriginKind, PathEnd, Purpose, DEFAULT_MAX_DEPTH};

use super::report::{CheckId, CheckResult, SubjectKind};
use super::setup::{Settings, StoreView, Subject};

const VALIDITY_KINDS: [&str; 2] = ["expired", "not_yet_valid"];
const USAGE_KINDS: [&str; 2] = ["key_usage", "extended_key_usage"];

pub fn checks(
    subject: &Subject,
    bundle: &Bundle,
    store: &StoreView,
    settings: &Settings,
) -> Vec<CheckResult> {
    let options = Options {
        at: settings.now,
        purpose: Purpose::Client,
        max_depth: DEFAULT_MAX_DEPTH,
        // doctor fails a chain only for what mainstream verifiers reject, as verify-chain
        // does by default; profile-only findings stay warnings.
        strict: false,
    };
    let mut checker = (settings.revocation != Mode::Off).then(|| {
        Checker::new(
            settings.revocation,
            settings.now,
            settings.revocation_local.clone(),
        )
    });
    let (report, path) = verify_chain(
        &subject.label(),
        bundle,
        store.sources.clone(),
        &options,
        false,
        checker.as_mut(),
    );
    let of_kind = |kinds: &[&str]| -> Vec<&Finding> {
        report
            .findings
            .iter()
            .filter(|f| kinds.contains(&f.kind.as_str()))
            .collect()
    };
    let chain_findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| {
            !VALIDITY_KINDS.contains(&f.kind.as_str())
                && !USAGE_KINDS.contains(&f.kind.as_str())
                && !super::revocation::is_revocation_kind(f.kind.as_str())
        })
        .collect();
    let revocation_findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| super::revocation::is_revocation_kind(f.kind.as_str()))
        .collect();
    let last_from_input = report
        .path
        .last()
        .is_some_and(|c| c.origin.kind == OriginKind::Input);
    vec![
        chain(
            subject,
            &path,
            report.end,
            last_from_input,
            &chain_findings,
            store,
            settings,
        ),
        validity(subject, &path, &of_kind(&VALIDITY_KINDS), settings),
        usage(subject, &of_kind(&USAGE_KINDS), settings),
        super::revocation::check(subject, &report, &revocation_findings, settings),
    ]
}

fn chain(
    subject: &Subject,
    path: &[Certificate],
    end: PathEnd,
    last_from_input: bool,
    findings: &[&Finding],
    store: &StoreView,
    settings: &Settings,
) -> CheckResult {
    let names: Vec<String> = path.iter().map(short).collect();
    let misplaced = misplaced_on_path(subject, path, store, settings);
    let errors: Vec<&&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let mut messages: Vec<String> = errors.iter().map(|f| f.message.clone()).collect();
    let mut fixes: Vec<String> = Vec::new();
    for (message, fix) in &misplaced {
        messages.push(message.clone());
        fixes.push(fix.clone());
    }
    let top = path.last().expect("a path always has its leaf");
    if misplaced.is_empty() {
        match end {
            PathEnd::Trusted => {}
            PathEnd::MissingIssuer => {
                let missing = findings
                    .iter()
                    .find(|f| f.kind.as_str() == "missing_issuer")
                    .and_then(|f| f.missing_subject.clone())
                    .unwrap_or_else(|| top.parsed().issuer().to_string());
                let url = findings
                    .iter()
                    .find(|f| f.kind.as_str() == "missing_issuer")
                    .and_then(|f| f.ca_issuers.first().cloned());
                let download = url
                    .map(|u| format!(" (its issuer publishes it at {u})"))
                    .unwrap_or_default();
                fixes.push(format!(
                    "get the CA certificate \"{missing}\"{download} and install it: {}",
                    settings.fix.certkit(&["import", "<issuing-ca.cer>"])
                ));
            }
            PathEnd::UntrustedRoot if last_from_input && subject.kind == SubjectKind::File => {
                fixes.push(format!(
                    "the file carries its root \"{}\": trust it by installing the file (roots go to root): {}",
                    short(top),
                    settings.fix.certkit_reading(&["import", &subject.name])
                ));
            }
            PathEnd::UntrustedRoot => fixes.push(format!(
                "if \"{}\" is the root you mean to trust, install it into root: {}",
                short(top),
                settings.fix.certkit(&["import", "<root-ca.cer>", "--to", "root"])
            )),
            PathEnd::DepthExceeded => fixes.push(
                "the path is longer than 8 CAs: check the store for CAs issuing each other in a loop (`certkit store list`)".to_string(),
            ),
        }
    }
    if end == PathEnd::Trusted && errors.is_empty() && misplaced.is_empty() {
        let warnings: Vec<String> = findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .map(|f| f.message.clone())
            .collect();
        let message = format!("complete to a trusted root: {}", names.join(" -> "));
        return if warnings.is_empty() {
            CheckResult::pass(CheckId::Chain, message)
        } else {
            CheckResult::warn(
                CheckId::Chain,
                format!("{message}; {}", warnings.join("; ")),
                "ask the CA for certificates with current algorithms (`certkit verify-chain` shows each finding)",
            )
        };
    }
    if fixes.is_empty() {
        fixes.push(format!(
            "see every finding with {}",
            match subject.kind {
                SubjectKind::File => settings
                    .fix
                    .certkit_reading(&["verify-chain", &subject.name]),
                SubjectKind::Entry => format!(
                    "`certkit verify-chain` on the entry's file ({})",
                    settings.fix.certkit(&["store", "show", &subject.name])
                ),
            }
        ));
    }
    if messages.is_empty() {
        messages.push(format!("the path ends at \"{}\"", short(top)));
    }
    fixes.dedup();
    CheckResult::fail(
        CheckId::Chain,
        format!("{} (path: {})", messages.join("; "), names.join(" -> ")),
        fixes.join(" && "),
    )
}

/// Every CA of the store in the wrong logical store that matters to this path: it is on the
/// path, or it is the missing issuer of the path's last certificate, or it is this entry.
fn misplaced_on_path(
    subject: &Subject,
    path: &[Certificate],
    store: &StoreView,
    settings: &Settings,
) -> Vec<(String, String)> {
    let top = path.last().expect("a path always has its leaf");
    let relevant = |e: &Entry| {
        path.iter().any(|c| c.der == e.certificate.der)
            || e.certificate.subject_raw() == top.issuer_raw()
            || (subject.kind == SubjectKind::Entry
                && e.store == LogicalStore::Personal
                && e.name == subject.name)
    };
    let mut out = Vec::new();
    for entry in store.entries.iter().filter(|e| relevant(e)) {
        let cert = &entry.certificate;
        let root_like = cert.is_self_issued() && cert.is_ca();
        let (what, to) = match entry.store {
            LogicalStore::Intermediate if root_like => ("a root CA in intermediate", "root"),
            LogicalStore::Root if !cert.is_self_issued() => {
                ("an intermediate CA in root", "intermediate")
            }
            LogicalStore::Personal if cert.is_ca() => ("a CA in personal", "auto"),
            _ => continue,
        };
        let message = format!(
            "\"{}\" is {what} ({}/{})",
            short(cert),
            entry.store,
            entry.name
        );
        out.push((message, move_command(entry, to, store, settings)));
    }
    out
}

/// The commands that move a store entry into the logical store `to` (import a copy, then
/// remove the misplaced one).
fn move_command(entry: &Entry, to: &str, store: &StoreView, settings: &Settings) -> String {
    let file = match store.store.certificate_file(entry) {
        Some(path) => path.display().to_string(),
        // The Windows stores keep no file to import from: the user has the CA's file.
        None => "<ca-certificate.cer>".to_string(),
    };
    format!(
        "{} && {}",
        settings.fix.certkit(&["import", &file, "--to", to]),
        settings
            .fix
            .certkit(&["store", "remove", &entry.name, "--in", entry.store.as_str()])
    )
}

fn validity(
    subject: &Subject,
    path: &[Certificate],
    findings: &[&Finding],
    settings: &Settings,
) -> CheckResult {
    let leaf = &path[0];
    let validity = leaf.parsed().validity().clone();
    let not_after = validity.not_after.to_datetime();
    let not_before = validity.not_before.to_datetime();
    let days_left = (not_after - settings.now).whole_days();
    let renew = |what: &str| match subject.kind {
        SubjectKind::Entry => format!(
            "{what}, then replace the entry under the same name: {} && {}",
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
        SubjectKind::File => format!("{what}, and use the new file"),
    };
    let date = |t: time::OffsetDateTime| t.date().to_string();
    if settings.now < not_before {
        return CheckResult::fail(
            CheckId::Validity,
            format!("not valid before {}", date(not_before)),
            "check the machine's clock; if it is right, wait or ask the CA why the certificate starts in the future",
        );
    }
    if settings.now > not_after {
        return CheckResult::fail(
            CheckId::Validity,
            format!("expired on {} ({} days ago)", date(not_after), -days_left),
            renew("renew the certificate with its CA"),
        );
    }
    let cas: Vec<String> = findings
        .iter()
        .filter(|f| f.certificate.is_some_and(|i| i > 0))
        .map(|f| f.message.clone())
        .collect();
    if !cas.is_empty() {
        return CheckResult::fail(
            CheckId::Validity,
            cas.join("; "),
            format!(
                "get the CA's renewed certificate and install it: {}",
                settings.fix.certkit(&["import", "<renewed-ca.cer>"])
            ),
        );
    }
    if days_left < i64::from(settings.warn_days) {
        return CheckResult::warn(
            CheckId::Validity,
            format!(
                "expires on {} (in {days_left} days, within --warn-days {})",
                date(not_after),
                settings.warn_days
            ),
            renew("renew the certificate with its CA before it expires"),
        );
    }
    CheckResult::pass(
        CheckId::Validity,
        format!("valid until {} ({days_left} days left)", date(not_after)),
    )
}

fn usage(subject: &Subject, findings: &[&Finding], settings: &Settings) -> CheckResult {
    if findings.is_empty() {
        return CheckResult::pass(
            CheckId::Usage,
            "the key usage and extended key usage allow TLS client authentication",
        );
    }
    let reissue = "ask the CA for a certificate with clientAuth in the extended key usage and digitalSignature in the key usage (Windows CA template \"Client Authentication\"; openssl: extendedKeyUsage=clientAuth)";
    let fix = match subject.kind {
        SubjectKind::Entry => format!(
            "{reissue}, then replace the entry: {} && {}",
            settings
                .fix
                .certkit(&["store", "remove", &subject.name, "--in", "personal"]),
            settings.fix.certkit(&[
                "import",
                "<reissued-certificate.pfx>",
                "--name",
                &subject.name
            ])
        ),
        SubjectKind::File => reissue.to_string(),
    };
    CheckResult::fail(
        CheckId::Usage,
        findings
            .iter()
            .map(|f| f.message.clone())
            .collect::<Vec<_>>()
            .join("; "),
        fix,
    )
}

fn short(cert: &Certificate) -> String {
    crate::verify::checks::short_name(cert)
}
