//! `private_key` and `key_access`: the private key is there and belongs to the certificate
//! (the `check-private-key` operation, or the Windows store's own check of a key it keeps), and
//! each `--account` can read it: in a store folder from the key file's owner, group and mode
//! (and the folders above it), on Windows from the key container's access list.

use crate::ops::check_private_key::{check, check_held, Verdict};

use super::report::{CheckId, CheckResult, Fix, SubjectKind};
use super::setup::{Settings, StoreKind, StoreView, Subject};
use crate::model::Bundle;

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
    match &store.kind {
        StoreKind::Windows => windows_access(subject, store, settings),
        StoreKind::Folder(_) if settings.accounts.is_empty() => CheckResult::skipped(
            CheckId::KeyAccess,
            "no --account given: name the service account or group that must read the key",
        ),
        StoreKind::Folder(dir) => folder_access(subject, dir, settings),
    }
}

/// The Windows stores: the Key Isolation service, and each account's read access to the key
/// container, as the store reads it from the container's access list. Always a warning at
/// best: re-importing the certificate with its key resets those permissions.
fn windows_access(subject: &Subject, store: &StoreView, settings: &Settings) -> CheckResult {
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
        match store
            .key_readers
            .iter()
            .find(|r| &r.account == account)
            .map(|r| &r.entries)
        {
            Some(Ok(names)) if names.contains(&subject.name) => readers.push(account.clone()),
            Some(Ok(_)) => denied.push(account.clone()),
            Some(Err(why)) => {
                return CheckResult::fail(
                    CheckId::KeyAccess,
                    format!("cannot check the account {account:?}: {why}"),
                    "name an existing Windows account or group with --account (e.g. IIS_IUSRS, \"NETWORK SERVICE\")",
                )
            }
            None => denied.push(account.clone()),
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
fn folder_access(subject: &Subject, dir: &std::path::Path, settings: &Settings) -> CheckResult {
    use crate::store::{FileStore, LogicalStore};
    let key_file = FileStore::new(dir)
        .entry_path(LogicalStore::Personal, &subject.name)
        .join(crate::store::file::KEY_FILE);
    let mut denied = Vec::new();
    let mut fixes = Vec::new();
    let mut granted = Vec::new();
    // Who reads today, and the groups a grant would have to give: a key file has one group,
    // so one `store grant` replaces the previous one (see `one_group_fix`).
    let mut readers = Vec::new();
    let mut needed_groups: Vec<String> = Vec::new();
    for account in &settings.accounts {
        let Some(who) = unix::Account::resolve(account) else {
            return CheckResult::fail(
                CheckId::KeyAccess,
                format!("the account {account:?} is neither a user nor a group on this machine"),
                "create the account, or name the one the service runs as with --account",
            );
        };
        match unix::readable_by(&key_file, &who) {
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
        let fix = one_group_fix(&key_file, &needed_groups, &readers, subject, settings)
            .unwrap_or_else(|| Fix::all(fixes));
        return CheckResult::fail(CheckId::KeyAccess, denied.join("; "), fix);
    }
    match unix::world_readable(&key_file) {
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
    key_file: &std::path::Path,
    needed_groups: &[String],
    readers: &[(String, unix::Account)],
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
fn folder_access(_subject: &Subject, _dir: &std::path::Path, _settings: &Settings) -> CheckResult {
    CheckResult::skipped(
        CheckId::KeyAccess,
        "file owners and modes exist on Unix only: use the Windows store (--store windows:LocalMachine) on Windows",
    )
}

/// Users, groups and file modes.
#[cfg(unix)]
mod unix {
    use std::ffi::{CStr, CString};
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    /// A user (with every group it belongs to) or a group.
    #[derive(Debug)]
    pub enum Account {
        User {
            uid: u32,
            primary_group: String,
            groups: Vec<u32>,
        },
        Group {
            name: String,
            gid: u32,
        },
    }

    impl Account {
        /// A user name first (services run as users), else a group name.
        pub fn resolve(name: &str) -> Option<Account> {
            user(name).or_else(|| group(name))
        }

        /// The group `certkit store grant` should give read access so that this account can
        /// read: the group itself, or a user's primary group.
        pub fn group_to_grant(&self) -> Option<String> {
            match self {
                Account::User { primary_group, .. } if !primary_group.is_empty() => {
                    Some(primary_group.clone())
                }
                Account::User { .. } => None,
                Account::Group { name, .. } => Some(name.clone()),
            }
        }

        /// Could this account still read `file` once its group became `group` (as
        /// `certkit store grant` makes it: owner read, group read)?
        pub fn still_reads_with_group(&self, file: &Path, group_name: &str) -> bool {
            let Ok(meta) = std::fs::metadata(file) else {
                return false;
            };
            let Some(Account::Group { gid: new_gid, .. }) = group(group_name) else {
                return false;
            };
            match self {
                Account::User { uid, groups, .. } => {
                    *uid == 0 || *uid == meta.uid() || groups.contains(&new_gid)
                }
                Account::Group { gid, .. } => *gid == new_gid,
            }
        }

        fn can(&self, meta: &std::fs::Metadata, owner_bit: u32) -> bool {
            let mode = meta.mode();
            let group_bit = owner_bit >> 3;
            let other_bit = owner_bit >> 6;
            if mode & other_bit != 0 {
                return true;
            }
            match self {
                Account::User { uid, groups, .. } => {
                    *uid == 0
                        || (*uid == meta.uid() && mode & owner_bit != 0)
                        || (groups.contains(&meta.gid()) && mode & group_bit != 0)
                }
                Account::Group { gid, .. } => *gid == meta.gid() && mode & group_bit != 0,
            }
        }
    }

    /// `None` when `account` can read `file`, else why not. The folders above it must let the
    /// account through (x) too.
    pub fn readable_by(file: &Path, account: &Account) -> std::io::Result<Option<String>> {
        let meta = std::fs::metadata(file)?;
        let mut reason = None;
        if !account.can(&meta, 0o400) {
            reason = Some(format!(
                "the key file is owned by {}:{} with mode {:04o}",
                user_name(meta.uid()),
                group_name(meta.gid()),
                meta.mode() & 0o7777
            ));
        }
        for dir in file.ancestors().skip(1) {
            if dir.as_os_str().is_empty() {
                continue;
            }
            if let Ok(m) = std::fs::metadata(dir) {
                if !account.can(&m, 0o100) {
                    let why = format!(
                        "the folder {} ({}:{} mode {:04o}) does not let it through",
                        dir.display(),
                        user_name(m.uid()),
                        group_name(m.gid()),
                        m.mode() & 0o7777
                    );
                    reason = Some(match reason {
                        Some(r) => format!("{r}, and {why}"),
                        None => why,
                    });
                    break;
                }
            }
        }
        Ok(reason)
    }

    pub fn world_readable(file: &Path) -> bool {
        std::fs::metadata(file).is_ok_and(|m| m.mode() & 0o004 != 0)
    }

    fn user(name: &str) -> Option<Account> {
        let cname = CString::new(name).ok()?;
        let mut buf: Vec<libc::c_char> = vec![0; 16384];
        // SAFETY: an all-zero `passwd` is a valid out-parameter; getpwnam_r points its strings
        // into `buf`, which outlives every use below.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc = unsafe {
            libc::getpwnam_r(
                cname.as_ptr(),
                &mut pwd,
                buf.as_mut_ptr(),
                buf.len(),
                &mut result,
            )
        };
        if rc != 0 || result.is_null() {
            return None;
        }
        let (uid, gid) = (pwd.pw_uid, pwd.pw_gid);
        let mut groups: Vec<libc::gid_t> = vec![0; 256];
        let mut count = groups.len() as libc::c_int;
        // SAFETY: `groups` has room for `count` entries; getgrouplist writes at most that many
        // and sets `count` to the number found (or needed, when it returns -1).
        let rc =
            unsafe { libc::getgrouplist(cname.as_ptr(), gid, groups.as_mut_ptr(), &mut count) };
        if rc < 0 {
            groups.resize(count.max(0) as usize, 0);
            // SAFETY: as above, with the size getgrouplist asked for.
            unsafe {
                libc::getgrouplist(cname.as_ptr(), gid, groups.as_mut_ptr(), &mut count);
            }
        }
        groups.truncate(count.max(0) as usize);
        if !groups.contains(&gid) {
            groups.push(gid);
        }
        let primary_group = group_name(gid);
        Some(Account::User {
            uid,
            primary_group,
            groups,
        })
    }

    fn group(name: &str) -> Option<Account> {
        let cname = CString::new(name).ok()?;
        let mut buf: Vec<libc::c_char> = vec![0; 65536];
        // SAFETY: an all-zero `group` is a valid out-parameter; getgrnam_r points its strings
        // into `buf`, and only the gid is copied out.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = unsafe {
            libc::getgrnam_r(
                cname.as_ptr(),
                &mut grp,
                buf.as_mut_ptr(),
                buf.len(),
                &mut result,
            )
        };
        (rc == 0 && !result.is_null()).then(|| Account::Group {
            name: name.to_string(),
            gid: grp.gr_gid,
        })
    }

    fn user_name(uid: u32) -> String {
        let mut buf: Vec<libc::c_char> = vec![0; 16384];
        // SAFETY: as in `user`.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let rc =
            unsafe { libc::getpwuid_r(uid, &mut pwd, buf.as_mut_ptr(), buf.len(), &mut result) };
        if rc != 0 || result.is_null() {
            return uid.to_string();
        }
        // SAFETY: pw_name points into `buf`, NUL-terminated by getpwuid_r.
        unsafe { CStr::from_ptr(pwd.pw_name) }
            .to_string_lossy()
            .into_owned()
    }

    fn group_name(gid: u32) -> String {
        let mut buf: Vec<libc::c_char> = vec![0; 16384];
        // SAFETY: an all-zero `group` is a valid out-parameter; its strings point into `buf`.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc =
            unsafe { libc::getgrgid_r(gid, &mut grp, buf.as_mut_ptr(), buf.len(), &mut result) };
        if rc != 0 || result.is_null() {
            return gid.to_string();
        }
        // SAFETY: gr_name points into `buf`, NUL-terminated by getgrgid_r.
        unsafe { CStr::from_ptr(grp.gr_name) }
            .to_string_lossy()
            .into_owned()
    }
}
