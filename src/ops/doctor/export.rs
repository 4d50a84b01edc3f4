//! `export`: with `--export-dir`, the public `.cer` is in the shared folder under the name
//! `export` gives it (the entry's name, or `--name`: the name configured on the other servers),
//! its bytes are the certificate's DER, and no other file there holds the same certificate
//! under another name. Names come from `export`'s own rule, files are read by the loader.

use std::path::{Path, PathBuf};

use crate::input::Input;
use crate::model::{naming, Certificate};
use crate::ops::export_public::ExportFormat;
use crate::password::Passwords;

use super::report::{CheckId, CheckResult, Command, Fix, SubjectKind};
use super::setup::{Settings, StoreView, Subject};

pub fn check(
    subject: &Subject,
    leaf: &Certificate,
    store: &StoreView,
    settings: &Settings,
) -> CheckResult {
    let Some(dir) = &settings.export_dir else {
        return CheckResult::skipped(
            CheckId::Export,
            "no --export-dir given: name the shared folder the .cer goes to",
        );
    };
    let given = settings.export_name.as_deref().or(match subject.kind {
        SubjectKind::Entry => Some(subject.name.as_str()),
        SubjectKind::File => None,
    });
    let stem = export_stem(leaf, given);
    let expected = dir.join(format!("{stem}.{}", ExportFormat::Der.extension()));
    let der = crate::encode::der::certificate(leaf);

    let mut problems = Vec::new();
    let mut fixes = Vec::new();
    let export = |force: bool| export_command(subject, given, dir, force, store, settings);
    match std::fs::read(&expected) {
        Ok(bytes) if bytes == der => {}
        Ok(_) => {
            problems.push(format!(
                "{} holds other bytes than this certificate's DER",
                expected.display()
            ));
            fixes.push(Fix::run(
                "write the certificate's DER over it",
                vec![export(true)],
            ));
        }
        Err(_) if !dir.is_dir() => {
            // Said plainly: a mistyped share name shows here, before export creates it.
            problems.push(format!(
                "the folder {} does not exist, so {} is missing (export creates the folder: check its name first)",
                dir.display(),
                expected.display()
            ));
            fixes.push(Fix::run(
                "export the certificate (this creates the folder)",
                vec![export(false)],
            ));
        }
        Err(_) => {
            problems.push(format!("{} is missing", expected.display()));
            fixes.push(Fix::run("export the certificate", vec![export(false)]));
        }
    }
    let others = same_certificate_elsewhere(dir, &expected, leaf);
    for other in &others {
        problems.push(format!(
            "{} holds the same certificate under another name",
            other.display()
        ));
        fixes.push(Fix::run(
            "remove the copies under other names",
            vec![vec!["rm".into(), "--".into(), other.display().to_string()]],
        ));
    }
    if problems.is_empty() {
        return CheckResult::pass(
            CheckId::Export,
            format!("{} holds this certificate (DER)", expected.display()),
        );
    }
    CheckResult::fail(CheckId::Export, problems.join("; "), Fix::all(fixes))
}

/// The file name `export` gives the certificate, without the extension.
fn export_stem(leaf: &Certificate, given: Option<&str>) -> String {
    let stem = naming::sanitize(&naming::certificate_name(leaf, given));
    if stem.is_empty() {
        leaf.sha1_hex()
    } else {
        stem
    }
}

/// The `certkit export` command that writes the expected file.
fn export_command(
    subject: &Subject,
    given: Option<&str>,
    dir: &Path,
    force: bool,
    store: &StoreView,
    settings: &Settings,
) -> Command {
    let dir = dir.display().to_string();
    let mut words: Vec<String> = Vec::new();
    let reads_file = match subject.kind {
        SubjectKind::File => {
            words.extend(["export".into(), subject.name.clone()]);
            true
        }
        // From the store, `--name` selects the entry and names the file: that works when the
        // export name is the entry's own.
        SubjectKind::Entry if given == Some(subject.name.as_str()) => {
            words.push("export".into());
            false
        }
        SubjectKind::Entry => {
            let file = match store
                .personal(&subject.name)
                .and_then(|entry| store.store.certificate_file(entry))
            {
                Some(path) => path.display().to_string(),
                None => "<certificate.cer>".to_string(),
            };
            words.extend(["export".into(), file]);
            false
        }
    };
    words.extend(["--der".into(), dir]);
    if let Some(name) = given {
        words.extend(["--name".into(), name.to_string()]);
    }
    if force {
        words.push("--force".into());
    }
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    if reads_file {
        settings.fix.certkit_reading(&words)
    } else {
        settings.fix.certkit(&words)
    }
}

/// Files of `dir` (not below it) other than `expected` that hold `leaf`, in any format the
/// loader reads without a password.
fn same_certificate_elsewhere(dir: &Path, expected: &Path, leaf: &Certificate) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| p != expected)
        .collect();
    paths.sort();
    let passwords = Passwords::fixed(None).without_prompt();
    paths
        .into_iter()
        .filter(|p| {
            Input::Path(p.clone())
                .read()
                .ok()
                .and_then(|bytes| crate::decode::load(&bytes, Some(p), &passwords).ok())
                .is_some_and(|b| b.certificates.iter().any(|c| c.der() == leaf.der()))
        })
        .collect()
}
