//! Helpers of the loader tests (`tests/loader_*.rs`): run `certkit --json inspect`, read its
//! report, and make or damage files with real tools.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::{json, openssl_sha1, Env, Pki};

/// `certkit --json inspect ARGS...`.
pub fn inspect(env: &Env, args: &[&str]) -> std::process::Output {
    env.certkit()
        .arg("--json")
        .arg("inspect")
        .args(args)
        .output()
        .unwrap()
}

/// The first input of a successful `--json inspect` run.
pub fn loaded(env: &Env, args: &[&str]) -> Value {
    let out = inspect(env, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "inspect {args:?} failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    assert_eq!(
        doc["version"],
        certkit::ops::inspect::InspectReport::VERSION
    );
    let input = doc["inputs"][0].clone();
    assert!(input.get("error").is_none(), "unexpected error: {input}");
    input
}

/// Runs `inspect` without `--json` on one failing file: exit 2 and exactly one stderr line that
/// names the file. Then with `--json`: the input's error kind. Returns the stderr line.
pub fn fails(env: &Env, file: &str, extra: &[&str], kind: &str) -> String {
    let mut args = vec![file];
    args.extend_from_slice(extra);
    let out = env.certkit().arg("inspect").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "exit code for {file}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one stderr line expected, got:\n{stderr}");
    assert!(
        lines[0].contains(file),
        "the error must name {file}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let out = inspect(env, &args);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let error = &doc["inputs"][0]["error"];
    assert_eq!(error["kind"], kind, "{doc}");
    assert!(error["message"].as_str().unwrap().contains(file));
    assert_eq!(doc["summary"]["failed"], 1);
    lines[0].to_string()
}

pub fn certs(input: &Value) -> &Vec<Value> {
    input["certificates"].as_array().unwrap()
}

pub fn roles(input: &Value) -> Vec<&str> {
    certs(input)
        .iter()
        .map(|c| c["role"].as_str().unwrap())
        .collect()
}

pub fn thumbprints(input: &Value) -> Vec<String> {
    certs(input)
        .iter()
        .map(|c| c["thumbprint"].as_str().unwrap().to_string())
        .collect()
}

/// (cipher, kdf, iterations) of each encryption entry of a PKCS#12 report list.
pub fn encryptions(list: &Value) -> Vec<(String, Option<String>, Option<u64>)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["cipher"].as_str().unwrap().to_string(),
                e["kdf"].as_str().map(str::to_string),
                e["iterations"].as_u64(),
            )
        })
        .collect()
}

pub fn enc(cipher: &str, kdf: &str, iterations: u64) -> (String, Option<String>, Option<u64>) {
    (cipher.to_string(), Some(kdf.to_string()), Some(iterations))
}

pub fn unencrypted() -> (String, Option<String>, Option<u64>) {
    ("none".to_string(), None, None)
}

pub fn opens(input: &Value, reader: &str) -> String {
    input["pkcs12"]["opens_in"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reader"] == reader)
        .unwrap_or_else(|| panic!("no verdict for {reader}"))["opens"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The PKI's three thumbprints as openssl computes them: leaf, intermediate, root.
pub fn pki_thumbprints(env: &Env, pki: &Pki) -> Vec<String> {
    [&pki.leaf, &pki.intermediate, &pki.root]
        .iter()
        .map(|i| openssl_sha1(env, &i.cert))
        .collect()
}

/// Leaf + its key, with the intermediate: the common shape of a client PKCS#12 file. Asserts the
/// content facts that do not depend on the container.
pub fn assert_client_bundle(env: &Env, pki: &Pki, input: &Value) {
    let expected = pki_thumbprints(env, pki);
    assert_eq!(roles(input), ["leaf", "intermediate"]);
    assert_eq!(thumbprints(input), expected[..2]);
    assert_eq!(input["private_key"]["matches_leaf"], true);
    assert_eq!(input["private_key"]["algorithm"], "EC");
    assert_eq!(
        certs(input)[0]["subject"],
        "CN=client.example.com, O=certkit tests"
    );
    assert_eq!(certs(input)[0]["extended_key_usage"][0], "clientAuth");
}

/// A real tool in the test directory, with a UTF-8 locale (keytool decodes its arguments with
/// the locale's charset).
pub fn tool(env: &Env, program: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(program)
        .args(args)
        .current_dir(env.dir.path())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e} (.ci/run installs it)"));
    assert!(
        out.status.success(),
        "{program} {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn path_str(p: &Path) -> String {
    p.display().to_string()
}

/// Flips one bit of the PKCS#12 MAC digest (the last OCTET STRING of 20 or 32 bytes).
pub fn corrupt_mac(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = [0x20u8, 0x14]
        .iter()
        .filter_map(|len| out.windows(2).rposition(|w| w == [0x04, *len]))
        .max()
        .expect("a MAC digest");
    out[at + 5] ^= 0x01;
    out
}

/// Runs `inspect` on a file whose certificates are readable but one part is not (a key that
/// does not decrypt): exit 1, the certificates listed, the part named with `kind` in
/// `notes`, and one warning line on stderr naming the file.
pub fn reads_partly(env: &Env, file: &str, extra: &[&str], kind: &str) {
    let mut args = vec![file];
    args.extend_from_slice(extra);
    let out = env.certkit().arg("inspect").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "exit code for {file}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("certkit: warning: ") && stderr.contains(file),
        "{stderr}"
    );
    let out = inspect(env, &args);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    let input = &doc["inputs"][0];
    assert!(input.get("error").is_none(), "{doc}");
    assert!(
        !input["certificates"].as_array().unwrap().is_empty(),
        "{doc}"
    );
    let note = &input["notes"][0];
    assert_eq!(note["kind"], "unread_part", "{doc}");
    assert_eq!(note["reason_kind"], kind, "{doc}");
    assert_eq!(note["incomplete"], true, "{doc}");
}
