//! Differential test of `certkit --json inspect` against Python cryptography on every
//! certificate of the cryptography_vectors package (48.0.0, the version of cryptography that
//! .ci/run pins): subject, issuer, serial, validity, SHA-256 fingerprint (and SHA-1 to match
//! them), key, SAN, key usage, extended key usage, basic constraints, SKI and AKI. The
//! comparison is tests/differential/cryptography_vectors.py; every disagreement must be listed,
//! with its reason, in tests/differential/cryptography_vectors_exceptions.txt, and every listed
//! one must still occur.

mod common;

use std::collections::BTreeSet;

use common::Env;

#[test]
fn inspect_agrees_with_python_cryptography_on_its_test_vectors() {
    let env = Env::new();
    let located = env.run(
        "python3",
        &[
            "-c",
            "import os, cryptography_vectors as v; print(os.path.join(os.path.dirname(v.__file__), 'x509'))",
        ],
    );
    let vectors = String::from_utf8(located.stdout)
        .unwrap()
        .trim()
        .to_string();
    // Exit 2 is expected: the vectors include password-protected PKCS#12 files.
    let out = env
        .certkit()
        .args(["--json", "inspect", &vectors])
        .output()
        .unwrap();
    env.write("certkit.json", &out.stdout);
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/differential/cryptography_vectors.py");
    let report = env.run(
        "python3",
        &[script.to_str().unwrap(), "certkit.json", &vectors],
    );
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    let compared = report["compared"].as_u64().unwrap();
    let agree = report["agree"].as_u64().unwrap();
    let found: BTreeSet<(String, String)> = report["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["field"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let listed: BTreeSet<(String, String)> =
        include_str!("differential/cryptography_vectors_exceptions.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let mut parts = l.split('\t');
                (
                    parts.next().unwrap().to_string(),
                    parts.next().unwrap().to_string(),
                )
            })
            .collect();
    eprintln!(
        "cryptography_vectors: {compared} certificates compared, {agree} agree, {} listed",
        listed.len()
    );
    assert!(compared >= 500, "only {compared} certificates compared");
    let unlisted: Vec<_> = report["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            !listed.contains(&(
                d["file"].as_str().unwrap().to_string(),
                d["field"].as_str().unwrap().to_string(),
            ))
        })
        .collect();
    assert!(
        unlisted.is_empty(),
        "disagreements not listed: {unlisted:#?}"
    );
    let stale: Vec<_> = listed.difference(&found).collect();
    assert!(
        stale.is_empty(),
        "listed but no longer disagreeing (remove them): {stale:?}"
    );
}
