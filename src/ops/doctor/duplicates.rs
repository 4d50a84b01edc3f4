//! `duplicates`: the same certificate held by several personal entries (the guide's "several
//! files holding the same certificate"), and entries superseded by a newer certificate with the
//! same subject. Certificates are compared by their DER bytes, subjects by their raw names.

use crate::model::Certificate;
use crate::store::{Entry, LogicalStore};

use super::report::{CheckId, CheckResult, Fix, SubjectKind};
use super::setup::{Settings, StoreView, Subject};

pub fn check(
    subject: &Subject,
    leaf: &Certificate,
    store: &StoreView,
    settings: &Settings,
) -> CheckResult {
    let personal: Vec<&Entry> = store
        .entries
        .iter()
        .filter(|e| e.store == LogicalStore::Personal)
        .collect();
    let mut holders: Vec<&str> = personal
        .iter()
        .filter(|e| e.certificate.der() == leaf.der())
        .map(|e| e.name.as_str())
        .collect();
    holders.sort_unstable();
    if holders.len() > 1 {
        // Every entry of the group prints the same fix: keep the first name, remove the rest.
        let (keep, extra) = (holders[0], &holders[1..]);
        return CheckResult::fail(
            CheckId::Duplicates,
            format!(
                "the same certificate is held by {} personal entries: {}",
                holders.len(),
                holders
                    .iter()
                    .map(|n| format!("personal/{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Fix::run(
                format!("keep personal/{keep} and remove the others"),
                extra.iter().map(|n| settings.fix.remove_entry(n)).collect(),
            ),
        );
    }
    let issued = |c: &Certificate| c.parsed().validity().not_before.to_datetime();
    let newer: Vec<&&Entry> = personal
        .iter()
        .filter(|e| {
            e.certificate.der() != leaf.der()
                && e.certificate.subject_raw() == leaf.subject_raw()
                && issued(&e.certificate) > issued(leaf)
        })
        .collect();
    if let Some(newest) = newer.iter().max_by_key(|e| issued(&e.certificate)) {
        let since = issued(&newest.certificate).date();
        return match subject.kind {
            SubjectKind::Entry => CheckResult::warn(
                CheckId::Duplicates,
                format!(
                    "superseded: personal/{} holds a newer certificate for the same subject (valid from {since})",
                    newest.name
                ),
                Fix::run(
                    "once nothing uses this entry any more, remove it",
                    vec![settings.fix.remove_entry(&subject.name)],
                ),
            ),
            SubjectKind::File => CheckResult::warn(
                CheckId::Duplicates,
                format!(
                    "the store already holds a newer certificate for this subject: personal/{} (valid from {since})",
                    newest.name
                ),
                "check that this file is the certificate you mean to install",
            ),
        };
    }
    match (subject.kind, holders.first()) {
        (SubjectKind::File, Some(name)) => CheckResult::pass(
            CheckId::Duplicates,
            format!("already installed once, as personal/{name}"),
        ),
        _ => CheckResult::pass(
            CheckId::Duplicates,
            "no other entry holds this certificate or a newer one for its subject",
        ),
    }
}
