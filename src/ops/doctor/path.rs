//! `chain`, `validity` and `usage`: one run of the path engine (`verify-chain --purpose client`
//! with the store's roots and intermediates), its findings sorted into the three checks, plus
//! the store placement of every CA that matters to the path (a root in intermediate, an
//! intermediate in root, a CA in personal), each with the commands that move it.

use crate::model::{Bundle, Certificate};
use crate::ops::verify_chain::verify_chain;
use crate::revocation::status::Mode;
use crate::revocation::Checker;
use crate::store::{Entry, LogicalStore};
use crate::verify::checks::{Finding, FindingKind, Severity};
use crate::verify::findings::Topic;
use crate::verify::{Options, OriginKind, PathEnd, Purpose, DEFAULT_MAX_DEPTH};

use super::fix::RENEWED;
use super::report::{CheckId, CheckResult, Fix, SubjectKind};
use super::setup::{Settings, StoreView, Subject};

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
    let of_topic = |topic: Topic| -> Vec<&Finding> {
        report
            .findings
            .iter()
            .filter(|f| f.kind.topic() == topic)
            .collect()
    };
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
            &of_topic(Topic::Path),
            store,
            settings,
        ),
        validity(subject, &path, &of_topic(Topic::Validity), settings),
        usage(subject, &of_topic(Topic::Usage), settings),
        super::revocation::check(subject, &report, &of_topic(Topic::Revocation), settings),
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
    let mut fixes: Vec<Fix> = Vec::new();
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
                    .find(|f| f.kind == FindingKind::MissingIssuer)
                    .and_then(|f| f.missing_subject.clone())
                    .unwrap_or_else(|| crate::model::name_text::name_text(top.parsed().issuer()));
                let url = findings
                    .iter()
                    .find(|f| f.kind == FindingKind::MissingIssuer)
                    .and_then(|f| f.ca_issuers.first().cloned());
                let download = url
                    .map(|u| format!(" (its issuer publishes it at {u})"))
                    .unwrap_or_default();
                // The missing CA may be a root or an intermediate: import sorts it into the
                // right store, so the placeholder names neither.
                fixes.push(Fix::run(
                    format!("get the CA certificate \"{missing}\"{download} and install it"),
                    vec![settings.fix.certkit(&["import", "<ca-certificate.cer>"])],
                ));
            }
            PathEnd::UntrustedRoot if last_from_input && subject.kind == SubjectKind::File => {
                fixes.push(Fix::run(
                    format!(
                        "the file carries its root \"{}\": trust it by installing the file (roots go to root)",
                        short(top)
                    ),
                    vec![settings.fix.certkit_reading(&["import", &subject.name])],
                ));
            }
            PathEnd::UntrustedRoot => fixes.push(Fix::run(
                format!(
                    "if \"{}\" is the root you mean to trust, install it into root",
                    short(top)
                ),
                vec![settings
                    .fix
                    .certkit(&["import", "<root-ca.cer>", "--to", "root"])],
            )),
            PathEnd::DepthExceeded => fixes.push(Fix::run(
                "the path is longer than 8 CAs: look in the store for CAs issuing each other in a loop",
                vec![settings.fix.certkit(&["store", "list"])],
            )),
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
        fixes.push(match subject.kind {
            SubjectKind::File => Fix::run(
                "see every finding",
                vec![settings
                    .fix
                    .certkit_reading(&["verify-chain", &subject.name])],
            ),
            SubjectKind::Entry => Fix::run(
                "see every finding with `certkit verify-chain` on the entry's file (which `store show` names)",
                vec![settings.fix.certkit(&["store", "show", &subject.name])],
            ),
        });
    }
    if messages.is_empty() {
        messages.push(format!("the path ends at \"{}\"", short(top)));
    }
    CheckResult::fail(
        CheckId::Chain,
        format!("{} (path: {})", messages.join("; "), names.join(" -> ")),
        Fix::all(fixes),
    )
}

/// Every CA of the store in the wrong logical store that matters to this path: it is on the
/// path, or it is the missing issuer of the path's last certificate, or it is this entry.
fn misplaced_on_path(
    subject: &Subject,
    path: &[Certificate],
    store: &StoreView,
    settings: &Settings,
) -> Vec<(String, Fix)> {
    let top = path.last().expect("a path always has its leaf");
    let relevant = |e: &Entry| {
        path.iter().any(|c| c.der() == e.certificate.der())
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
        out.push((message, move_fix(entry, to, store, settings)));
    }
    out
}

/// The commands that move a store entry into the logical store `to` (import a copy, then
/// remove the misplaced one).
fn move_fix(entry: &Entry, to: &str, store: &StoreView, settings: &Settings) -> Fix {
    let file = match store.store.certificate_file(entry) {
        Some(path) => path.display().to_string(),
        // The Windows stores keep no file to import from: the user has the CA's file.
        None => "<ca-certificate.cer>".to_string(),
    };
    Fix::run(
        match to {
            "auto" => format!(
                "move {}/{} out of {} (import puts it where it belongs)",
                entry.store, entry.name, entry.store
            ),
            _ => format!("move {}/{} to {to}", entry.store, entry.name),
        },
        vec![
            settings.fix.certkit(&["import", &file, "--to", to]),
            settings
                .fix
                .certkit(&["store", "remove", &entry.name, "--in", entry.store.as_str()]),
        ],
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
        SubjectKind::Entry => settings.fix.replace_entry(what, RENEWED, &subject.name),
        SubjectKind::File => Fix::from(format!("{what}, and use the new file")),
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
            Fix::run(
                "get the CA's renewed certificate and install it",
                vec![settings.fix.certkit(&["import", "<renewed-ca.cer>"])],
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
        SubjectKind::Entry => {
            settings
                .fix
                .replace_entry(reissue, "<reissued-certificate.pfx>", &subject.name)
        }
        SubjectKind::File => Fix::from(reissue),
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
