//! Helpers of the store tests (`tests/store_*.rs`): run `certkit import` and `certkit store`
//! with `--json` and read their typed reports.

use std::path::{Path, PathBuf};

use certkit::ops::import::ImportReport;
use certkit::ops::store::ListReport;
use certkit::store::LogicalStore;

use super::Env;

pub fn import_json(env: &Env, args: &[&str]) -> ImportReport {
    let out = env
        .certkit()
        .arg("--json")
        .arg("import")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "import {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("import --json prints an ImportReport")
}

pub fn list_json(env: &Env) -> ListReport {
    let out = env
        .certkit()
        .args(["--json", "store", "list"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("store list --json prints a ListReport")
}

pub fn store(env: &Env) -> PathBuf {
    env.path("store")
}

/// `openssl x509 -hash` of a certificate file.
pub fn openssl_hash(env: &Env, cert: &Path) -> String {
    let out = env.openssl(&[
        "x509",
        "-in",
        &cert.display().to_string(),
        "-noout",
        "-hash",
    ]);
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

pub fn find(
    report: &ImportReport,
    store: LogicalStore,
) -> Vec<&certkit::ops::import::ImportedCertificate> {
    report
        .certificates
        .iter()
        .filter(|c| c.store == store)
        .collect()
}
