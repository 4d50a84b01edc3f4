//! The one rule for `--json` on exit 2 (README, "JSON output"): stdout holds exactly one JSON
//! document and nothing else. It is the error document (`schema/error.json`, a top-level
//! `error`), except where a command has read several independent inputs: `inspect` prints its
//! own report, in which each input that could not be read carries an `error` of the same shape
//! (`kind`, `message`), because the other inputs' results stand. A consumer tells the two apart
//! by the top-level key: `error` or `inputs`. One test per command checks it.

mod common;

use std::path::{Path, PathBuf};

use common::{free_port, Env};
use serde_json::Value;

fn schema(file: &str) -> Value {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn assert_valid(doc: &Value, file: &str) {
    let schema = schema(file);
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "not {file}: {errors:?}\n{doc:#}");
}

/// `certkit --json ARGS` exits 2 and prints exactly one document (and no human text) on
/// stdout.
fn exit_2(env: &Env, args: &[&str]) -> Value {
    let out = env.certkit().arg("--json").args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "certkit --json {}: {}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    // Exactly one document: a stream deserializer finds one value and then the end.
    let mut docs = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
    let doc = docs
        .next()
        .unwrap_or_else(|| panic!("no JSON document on stdout for {args:?}"))
        .unwrap_or_else(|e| panic!("stdout is not JSON for {args:?} ({e}): {text}"));
    assert!(docs.next().is_none(), "more than one document: {text}");
    doc
}

/// The rule's main case: the error document with the expected kind, and nothing of a report.
fn error_document(env: &Env, args: &[&str], kind: &str) {
    let doc = exit_2(env, args);
    assert_valid(&doc, "error.json");
    assert_eq!(doc["error"]["kind"], kind, "{args:?}: {doc:#}");
    assert!(
        doc["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{doc:#}"
    );
}

fn pfx(env: &Env) -> String {
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[])
        .display()
        .to_string()
}

#[test]
fn inspect_reports_each_unreadable_input_in_its_own_document_and_usage_as_the_error_document() {
    let env = Env::new();
    let pfx = pfx(&env);
    // Two inputs, one with a wrong password: the report stands, the failed input carries
    // the error, and the other input is still described.
    let pki = env.pki();
    let root = pki.root.cert.display().to_string();
    let doc = exit_2(&env, &["inspect", &pfx, &root, "--password", "wrong"]);
    assert_valid(&doc, "inspect.json");
    assert!(doc.get("error").is_none(), "{doc:#}");
    assert_eq!(doc["inputs"][0]["error"]["kind"], "wrong_password");
    assert!(doc["inputs"][0]["error"]["message"].is_string());
    assert!(doc["inputs"][1].get("error").is_none(), "{doc:#}");
    assert_eq!(
        doc["inputs"][1]["certificates"].as_array().unwrap().len(),
        1
    );
    // Before any input is read, there is no report to give: the error document.
    error_document(&env, &["inspect", &root, "--expiring", "soon"], "usage");
}

#[test]
fn import_prints_the_error_document() {
    let env = Env::new();
    error_document(&env, &["import", "missing.pfx"], "io");
    let pfx = pfx(&env);
    error_document(
        &env,
        &["import", &pfx, "--password", "wrong"],
        "wrong_password",
    );
}

#[test]
fn store_subcommands_print_the_error_document() {
    let env = Env::new();
    for sub in [&["path"][..], &["list"]] {
        let mut args = vec!["--store", "windows", "store"];
        args.extend_from_slice(sub);
        let doc = exit_2(&env, &args);
        assert_valid(&doc, "error.json");
    }
    error_document(&env, &["store", "show", "no-such-entry"], "usage");
    error_document(&env, &["store", "remove", "no-such-entry"], "usage");
    error_document(&env, &["store", "grant", "no-such-entry", "root"], "usage");
}

#[test]
fn connect_prints_the_error_document_when_nothing_answers() {
    let env = Env::new();
    let closed = format!("127.0.0.1:{}", free_port());
    error_document(&env, &["connect", &closed, "--timeout", "5s"], "network");
    error_document(
        &env,
        &[
            "connect",
            &closed,
            "--cert",
            "missing.pfx",
            "--timeout",
            "5s",
        ],
        "io",
    );
}

#[test]
fn convert_prints_the_error_document() {
    let env = Env::new();
    error_document(&env, &["convert", "missing.pfx", "-o", "x.pem"], "io");
    let pfx = pfx(&env);
    error_document(
        &env,
        &["convert", &pfx, "-o", "x.pem", "--password", "wrong"],
        "wrong_password",
    );
}

#[test]
fn check_private_key_prints_the_error_document() {
    let env = Env::new();
    error_document(&env, &["check-private-key", "missing.pem"], "io");
    let pfx = pfx(&env);
    error_document(
        &env,
        &["check-private-key", &pfx, "--password", "wrong"],
        "wrong_password",
    );
}

#[test]
fn export_public_prints_the_error_document() {
    let env = Env::new();
    error_document(
        &env,
        &["export-public", "missing.pem", "--der", "out"],
        "io",
    );
}

#[test]
fn completions_prints_the_error_document_for_bad_usage() {
    let env = Env::new();
    error_document(&env, &["completions", "no-such-shell"], "usage");
}

#[test]
fn verify_chain_prints_the_error_document() {
    let env = Env::new();
    error_document(&env, &["verify-chain", "missing.pem"], "io");
    let pki = env.pki();
    let leaf = pki.leaf.cert.display().to_string();
    error_document(&env, &["verify-chain", &leaf, "--at", "soon"], "usage");
}

#[test]
fn doctor_prints_the_error_document() {
    let env = Env::new();
    // An empty store: nothing to examine.
    error_document(&env, &["doctor"], "usage");
    error_document(&env, &["doctor", "missing.pfx"], "io");
}

#[test]
fn config_prints_the_error_document() {
    let env = Env::new();
    error_document(
        &env,
        &[
            "config",
            "curl",
            "--cert",
            "missing.pfx",
            "--out-dir",
            "out",
        ],
        "io",
    );
    assert!(!env.path("out").exists(), "config wrote despite the error");
}
