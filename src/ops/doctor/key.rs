//! `private_key` and `key_access`: the private key is there and belongs to the certificate
//! (the `check-private-key` operation, or the Windows store's own check of a key it keeps), and
//! each `--account` can read it: in a store folder from the key file's owner, group and mode
//! (and the folders above it), judged through [`crate::accounts`]; for a key the store keeps
//! (a Windows key container), by the store from the container's access list. Where the key
//! is comes from the store ([`KeyLocation`]).

use crate::ops::check_private_key::{check, check_held, Verdict};

use super::report::{CheckId, CheckResult, Fix, SubjectKind};
use super::setup::{Settings, StoreView, Subject};
#[cfg(unix)]
use crate::accounts::{self, Account};
use crate::model::Bundle;
use crate::store::{Entry, KeyLocation};
use std::path::Path;

use super::keyiso::{self, KeyIsolation};

pub fn private_key(subject: &Subject, bundle: &Bundle, settings: &Settings) -> CheckResult {
    let label = subject.label();
    let report = match (&subject.held_key, &bundle.private_key) {
        (Some(held), None) => check_held(label, bundle, held, settings.now),
        _ => check(
            label,
            None,
            bundle,
            bundle.private_key.as_ref(),
            settings.now,
        ),
    };
    match report.verdict {
        // The right key, held by a provider that cannot sign SHA-256 (PROV_RSA_FULL, MMC's):
        // what that breaks, and the re-import, are the key_provider check's.
        Verdict::Match
            if report.provider_signs_sha256 == Some(false) && subject.held_key.is_some() =>
        {
            CheckResult::pass(
                CheckId::PrivateKey,
                format!("{} (see key_provider)", report.message),
            )
        }
        Verdict::Match => CheckResult::pass(CheckId::PrivateKey, report.message),
        Verdict::NoKey | Verdict::Mismatch => {
            const WITH_KEY: &str = "<certificate-with-key.pfx>";
            let fix = match (subject.kind, report.verdict) {
                (SubjectKind::Entry, Verdict::NoKey) => Fix::run(
                    "import the certificate again with its private key (the PFX it came with, or its key file)",
                    vec![settings.fix.import_entry(WITH_KEY, &subject.name)],
                ),
                (SubjectKind::Entry, _) => settings.fix.replace_entry(
                    "get the certificate with its own private key (the PFX it came with, or its key file)",
                    WITH_KEY,
                    &subject.name,
                ),
                (SubjectKind::File, _) => Fix::from(
                    "export the certificate again with its private key (MMC: \"Yes, export the private key\"), or give the certificate together with the key file that was generated with its request",
                ),
            };
            CheckResult::fail(CheckId::PrivateKey, report.message, fix)
        }
    }
}

pub fn access(subject: &Subject, store: &StoreView, settings: &Settings) -> CheckResult {
    if subject.kind == SubjectKind::File {
        return CheckResult::skipped(
            CheckId::KeyAccess,
            format!(
                "the file is not installed yet: after `certkit import {} --grant-read GROUP`, run doctor without INPUT",
                subject.name
            ),
        );
    }
    let has_key = subject
        .loaded
        .as_ref()
        .is_ok_and(|b| b.private_key.is_some())
        || subject.held_key.is_some();
    if !has_key {
        return CheckResult::skipped(
            CheckId::KeyAccess,
            "the entry has no private key (see private_key)",
        );
    }
    let Some(entry) = store.personal(&subject.name) else {
        return CheckResult::skipped(
            CheckId::KeyAccess,
            "the entry is no longer in the store (see opens)",
        );
    };
    match store.store.key_location(entry) {
        Ok(Some(KeyLocation::Held { .. })) => windows_access(subject, entry, store, settings),
        Ok(Some(KeyLocation::File(_))) if settings.accounts.is_empty() => CheckResult::skipped(
            CheckId::KeyAccess,
            "no --account given: name the service account or group that must read the key",
        ),
        Ok(Some(KeyLocation::File(key_file))) => folder_access(subject, &key_file, settings),
        Ok(None) => CheckResult::skipped(
            CheckId::KeyAccess,
            "the entry has no private key (see private_key)",
        ),
        Err(e) => CheckResult::fail(
            CheckId::KeyAccess,
            format!("cannot find the private key: {}", e.message),
            Fix::run(
                "check the entry's files",
                vec![settings.fix.certkit(&["store", "show", &subject.name])],
            ),
        ),
    }
}

/// The Windows stores: the Key Isolation service, and each account's read access to the key
/// container, as the store reads it from the container's access list. Always a warning at
/// best: re-importing the certificate with its key resets those permissions.
fn windows_access(
    subject: &Subject,
    entry: &Entry,
    store: &StoreView,
    settings: &Settings,
) -> CheckResult {
    let service = match keyiso::query() {
        KeyIsolation::NotRunning(state) => {
            return CheckResult::fail(
                CheckId::KeyAccess,
                format!("the CNG Key Isolation service (KeyIso) is {state}: no private key of the store can be used"),
                "start it: `sc start KeyIso` as administrator (services.msc: CNG Key Isolation)",
            )
        }
        KeyIsolation::Running => "the CNG Key Isolation service is running".to_string(),
        KeyIsolation::Unknown(why) => {
            format!("the CNG Key Isolation service could not be queried: {why}")
        }
    };
    // Who the key's access list lets read it, by name (MMC's "Manage Private Keys").
    let service = match store.store.key_readers(entry) {
        Ok(Some(readers)) if readers.is_empty() => {
            format!("the key's access list lets no account read it; {service}")
        }
        Ok(Some(readers)) => format!(
            "the key's access list lets read: {}; {service}",
            readers.join(", ")
        ),
        Ok(None) => service,
        Err(why) => format!(
            "the key's access list could not be read: {}; {service}",
            why.message
        ),
    };
    if settings.accounts.is_empty() {
        return CheckResult::skipped(CheckId::KeyAccess, format!("no --account given; {service}"));
    }
    let grant = |account: &str| {
        settings
            .fix
            .certkit(&["store", "grant", &subject.name, account])
    };
    let mut readers = Vec::new();
    let mut denied = Vec::new();
    for account in &settings.accounts {
        let readable = store
            .store
            .grantee(account)
            .and_then(|grantee| store.store.key_readable_by(entry, &grantee));
        match readable {
            Ok(true) => readers.push(account.clone()),
            Ok(false) => denied.push(account.clone()),
            Err(why) => {
                return CheckResult::fail(
                    CheckId::KeyAccess,
                    format!("cannot check the account {account:?}: {}", why.message),
                    "name an existing Windows account or group with --account (e.g. IIS_IUSRS, \"NETWORK SERVICE\")",
                )
            }
        }
    }
    let reimport = "re-importing the certificate with its key resets the key's permissions";
    if !denied.is_empty() {
        return CheckResult::fail(
            CheckId::KeyAccess,
            format!(
                "{} cannot read the private key (its key container's access list does not allow it); {service}",
                denied.join(", ")
            ),
            Fix::run(
                format!("let {} read the private key", denied.join(", ")),
                denied.iter().map(|a| grant(a)).collect(),
            ),
        );
    }
    CheckResult::warn(
        CheckId::KeyAccess,
        format!(
            "{} can read the private key; {reimport}; {service}",
            readers.join(", ")
        ),
        Fix::run(
            "after every re-import, grant again",
            readers.iter().map(|a| grant(a)).collect(),
        ),
    )
}

#[cfg(unix)]
fn folder_access(subject: &Subject, key_file: &Path, settings: &Settings) -> CheckResult {
    let mut denied = Vec::new();
    let mut fixes = Vec::new();
    let mut granted = Vec::new();
    // Who reads today, and the groups a grant would have to give: a key file has one group,
    // so one `store grant` replaces the previous one (see `one_group_fix`).
    let mut readers = Vec::new();
    let mut needed_groups: Vec<String> = Vec::new();
    for account in &settings.accounts {
        let Some(who) = Account::resolve(account) else {
            return CheckResult::fail(
                CheckId::KeyAccess,
                format!("the account {account:?} is neither a user nor a group on this machine"),
                "create the account, or name the one the service runs as with --account",
            );
        };
        match accounts::readable_by(key_file, &who) {
            Ok(None) => {
                granted.push(account.clone());
                readers.push((account.clone(), who));
            }
            Ok(Some(reason)) => {
                denied.push(format!(
                    "{account} cannot read {}: {reason}",
                    key_file.display()
                ));
                match who.group_to_grant() {
                    Some(group) => {
                        if !needed_groups.contains(&group) {
                            needed_groups.push(group.clone());
                        }
                        fixes.push(Fix::run(
                            format!("let {group} read the private key"),
                            vec![settings
                                .fix
                                .certkit(&["store", "grant", &subject.name, &group])],
                        ))
                    }
                    None => fixes.push(Fix::from(format!(
                        "give {account} access to {} (it is not a group certkit can grant)",
                        key_file.display()
                    ))),
                }
            }
            Err(e) => {
                return CheckResult::fail(
                    CheckId::KeyAccess,
                    format!("cannot read the permissions of {}: {e}", key_file.display()),
                    Fix::run(
                        "check the entry's files and the folders above them",
                        vec![settings.fix.certkit(&["store", "show", &subject.name])],
                    ),
                )
            }
        }
    }
    if !denied.is_empty() {
        let fix = one_group_fix(key_file, &needed_groups, &readers, subject, settings)
            .unwrap_or_else(|| Fix::all(fixes));
        return CheckResult::fail(CheckId::KeyAccess, denied.join("; "), fix);
    }
    match accounts::world_readable(key_file) {
        true => CheckResult::warn(
            CheckId::KeyAccess,
            format!(
                "{} can read the key, and so can every account on this machine (the key file is world-readable)",
                granted.join(", ")
            ),
            Fix::run(
                format!(
                    "let only {} (and its group) read the key",
                    settings.accounts[0]
                ),
                vec![settings.fix.certkit(&[
                    "store",
                    "grant",
                    &subject.name,
                    &settings.accounts[0],
                ])],
            ),
        ),
        false => CheckResult::pass(
            CheckId::KeyAccess,
            format!("{} can read {}", granted.join(", "), key_file.display()),
        ),
    }
}

/// The fix when single grants cannot work: the key file has one group, so granting two
/// different groups (two accounts with different groups), or a new group while another account
/// reads through the current one, would take access away again. Then the accounts need one
/// group in common first. `None` when the plain grant commands are right.
#[cfg(unix)]
fn one_group_fix(
    key_file: &Path,
    needed_groups: &[String],
    readers: &[(String, Account)],
    subject: &Subject,
    settings: &Settings,
) -> Option<Fix> {
    let losers: Vec<&str> = match needed_groups {
        [group] => readers
            .iter()
            .filter(|(_, who)| !who.still_reads_with_group(key_file, group))
            .map(|(name, _)| name.as_str())
            .collect(),
        _ => Vec::new(),
    };
    if needed_groups.len() <= 1 && losers.is_empty() {
        return None;
    }
    let accounts = settings.accounts.join(", ");
    Some(Fix::run(
        format!(
            "the key file can be readable by one group only: put {accounts} in one group (for example `groupadd certkit-keys` and `usermod -aG certkit-keys ACCOUNT` for each), then grant that group"
        ),
        vec![settings
            .fix
            .certkit(&["store", "grant", &subject.name, "certkit-keys"])],
    ))
}

#[cfg(not(unix))]
fn folder_access(_subject: &Subject, _key_file: &Path, _settings: &Settings) -> CheckResult {
    CheckResult::skipped(
        CheckId::KeyAccess,
        "file owners and modes exist on Unix only: use the Windows store (--store windows:LocalMachine) on Windows",
    )
}
