//! Conformance: x509-limbo (C2SP) path-validation cases, run through certkit's path builder
//! in-process and through `openssl verify -x509_strict` as the reference.
//!
//! Cases about peer names (host name or CN matching: certkit verifies client certificates and
//! matches no peer name) and about revocation (certkit does not check CRLs) are skipped and
//! counted. Every other case is run by both; the test prints the agreement counts and every
//! case where certkit disagrees with the expected result, with certkit's findings as the
//! reason, and fails unless certkit agrees with the expected results on more cases than
//! OpenSSL does.
//!
//! The suite is looked up at `$CERTKIT_LIMBO`, then `../shared/conformance/limbo.json` next to
//! the repository, then `/work/shared/conformance/limbo.json`.

use std::path::PathBuf;
use std::process::Command;

use certkit::model::Certificate;
use certkit::verify::{
    self, capath, Entry, Options, Origin, OriginKind, PathEnd, Purpose, Sources,
};
use rayon::prelude::*;
use serde_json::Value;

fn limbo_path() -> PathBuf {
    let mut tried = Vec::new();
    if let Some(p) = std::env::var_os("CERTKIT_LIMBO") {
        let p = PathBuf::from(p);
        if p.is_file() {
            return p;
        }
        tried.push(p);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for p in [
        manifest.join("../shared/conformance/limbo.json"),
        PathBuf::from("/work/shared/conformance/limbo.json"),
    ] {
        if p.is_file() {
            return p;
        }
        tried.push(p);
    }
    panic!(
        "x509-limbo suite not found; looked at: {} (set CERTKIT_LIMBO to its path)",
        tried
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// Why a case is outside what certkit checks, if it is.
fn skip_reason(case: &Value) -> Option<&'static str> {
    let id = case["id"].as_str().unwrap();
    if id.starts_with("webpki::san::")
        || id.starts_with("webpki::cn::")
        || id.ends_with("-wrong-san")
    {
        return Some("peer name");
    }
    if !case["crls"].as_array().unwrap().is_empty() {
        return Some("revocation (CRL)");
    }
    None
}

/// Name-constraint cases about DNS names and IP addresses only: server names, kept in the
/// run but reported apart from the client-relevant figure.
fn server_name_case(case: &Value) -> bool {
    let id = case["id"].as_str().unwrap();
    let nc = id.starts_with("rfc5280::nc::")
        || id.starts_with("webpki::nc::")
        || id.starts_with("cve::cve-2025");
    let dn = case["features"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "name-constraint-dn");
    nc && case["validation_kind"] == "SERVER" && !dn
}

/// Why certkit's rules differ from a case's expectation, where the case says so itself.
fn profile_note(case: &Value) -> Option<String> {
    let id = case["id"].as_str().unwrap();
    let conflicts = case["conflicts_with"].as_array().unwrap();
    if !conflicts.is_empty() {
        return Some(format!(
            "the suite marks this case as conflicting with {}; certkit follows RFC 5280",
            conflicts
                .iter()
                .map(|c| c.as_str().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if id.starts_with("webpki::") {
        return Some(
            "a Web PKI (CA/Browser Forum) rule that RFC 5280 does not make; certkit validates by RFC 5280"
                .into(),
        );
    }
    let features = case["features"].as_array().unwrap();
    if features
        .iter()
        .any(|f| f.as_str().unwrap_or("").starts_with("pedantic"))
    {
        return Some("a case the suite marks as pedantic".into());
    }
    None
}

fn pem_list(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn certs(pems: &[String]) -> Vec<Certificate> {
    pems.iter()
        .flat_map(|p| capath::certificates_in(p.as_bytes()))
        .collect()
}

fn validation_time(case: &Value) -> time::OffsetDateTime {
    match case["validation_time"].as_str() {
        Some(t) => time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|e| panic!("{}: bad time {t}: {e}", case["id"])),
        None => time::OffsetDateTime::now_utc(),
    }
}

fn purpose(case: &Value) -> Purpose {
    let eku = case["extended_key_usage"].as_array().unwrap();
    if eku.iter().any(|e| e == "clientAuth") || case["validation_kind"] == "CLIENT" {
        Purpose::Client
    } else if eku.iter().any(|e| e == "serverAuth") {
        Purpose::Server
    } else {
        Purpose::Any
    }
}

/// Valid or not, and why.
type Verdict = (bool, String);

/// certkit's verdict (true = valid) and, when invalid, the finding kinds as the reason.
fn certkit_verdict(case: &Value) -> (bool, String) {
    let peer = certs(&[case["peer_certificate"].as_str().unwrap().to_string()]);
    let Some(leaf) = peer.into_iter().next() else {
        return (false, "the peer certificate does not parse".into());
    };
    let mut sources = Sources::new();
    let trusted = pem_list(&case["trusted_certs"]);
    let untrusted = pem_list(&case["untrusted_intermediates"]);
    for c in certs(&trusted) {
        sources.add_anchor(c, Origin::new(OriginKind::File, "trusted_certs"));
    }
    for c in certs(&untrusted) {
        sources.add_untrusted(c, Origin::new(OriginKind::File, "untrusted_intermediates"));
    }
    let options = Options {
        at: validation_time(case),
        purpose: purpose(case),
        max_depth: case["max_chain_depth"]
            .as_u64()
            .map(|d| d as usize)
            .unwrap_or(verify::DEFAULT_MAX_DEPTH),
    };
    let leaf = Entry {
        cert: leaf,
        origin: Origin::new(OriginKind::Input, "peer"),
        trusted: false,
    };
    let outcome = verify::build(leaf, &sources, &options);
    let valid = outcome.end == PathEnd::Trusted && outcome.errors() == 0;
    let reason = outcome
        .findings
        .iter()
        .map(|f| format!("{:?} {}: {}", f.severity, f.kind, f.message))
        .collect::<Vec<_>>()
        .join(" | ");
    (valid, reason)
}

/// `openssl verify -x509_strict` with the case's inputs; true = verified.
fn openssl_verdict(case: &Value, dir: &std::path::Path) -> (bool, String) {
    let write = |name: &str, pems: &[String]| {
        let p = dir.join(name);
        std::fs::write(&p, pems.concat()).unwrap();
        p.display().to_string()
    };
    let mut args: Vec<String> = vec!["verify".into(), "-x509_strict".into()];
    let trusted = pem_list(&case["trusted_certs"]);
    if trusted.is_empty() {
        args.extend(["-no-CAfile", "-no-CApath", "-no-CAstore"].map(String::from));
    } else {
        args.extend(["-CAfile".into(), write("trusted.pem", &trusted)]);
    }
    let untrusted = pem_list(&case["untrusted_intermediates"]);
    if !untrusted.is_empty() {
        args.extend(["-untrusted".into(), write("untrusted.pem", &untrusted)]);
    }
    if case["validation_time"].is_string() {
        args.extend([
            "-attime".into(),
            validation_time(case).unix_timestamp().to_string(),
        ]);
    }
    match purpose(case) {
        Purpose::Client => args.extend(["-purpose".into(), "sslclient".into()]),
        Purpose::Server => args.extend(["-purpose".into(), "sslserver".into()]),
        Purpose::Any => {}
    }
    if let Some(d) = case["max_chain_depth"].as_u64() {
        args.extend(["-verify_depth".into(), d.to_string()]);
    }
    let crls = pem_list(&case["crls"]);
    if !crls.is_empty() {
        args.extend([
            "-crl_check".into(),
            "-CRLfile".into(),
            write("crls.pem", &crls),
        ]);
    }
    args.push(write(
        "peer.pem",
        &[case["peer_certificate"].as_str().unwrap().to_string()],
    ));
    let out = Command::new("openssl")
        .args(&args)
        .output()
        .expect("openssl must be installed (.ci/run installs it)");
    let text = String::from_utf8_lossy(&out.stderr)
        .trim()
        .replace('\n', " | ");
    (out.status.success(), text)
}

#[test]
fn limbo_certkit_agrees_with_more_cases_than_openssl() {
    let path = limbo_path();
    let suite: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let cases = suite["testcases"].as_array().unwrap();
    let tmp = tempfile::tempdir().unwrap();

    let mut skipped: std::collections::BTreeMap<&str, usize> = Default::default();
    let (mut run, mut certkit_ok, mut openssl_ok) = (0, 0, 0);
    let (mut client_run, mut client_certkit, mut client_openssl) = (0, 0, 0);
    let mut disagreements = Vec::new();
    let mut openssl_only = Vec::new();
    // Both verdicts of every case, computed in parallel (openssl runs as one process per case).
    let verdicts: Vec<Option<(Verdict, Verdict)>> = cases
        .par_iter()
        .map(|case| {
            if skip_reason(case).is_some() {
                return None;
            }
            let id = case["id"].as_str().unwrap();
            let dir = tmp.path().join(id.replace("::", "_"));
            std::fs::create_dir_all(&dir).unwrap();
            Some((certkit_verdict(case), openssl_verdict(case, &dir)))
        })
        .collect();
    for (case, verdict) in cases.iter().zip(verdicts) {
        let id = case["id"].as_str().unwrap();
        if let Some(why) = skip_reason(case) {
            *skipped.entry(why).or_default() += 1;
            continue;
        }
        let expected = case["expected_result"] == "SUCCESS";
        let ((ck, reason), (os, os_reason)) = verdict.expect("every case run has verdicts");
        run += 1;
        let client = !server_name_case(case);
        if client {
            client_run += 1;
        }
        if ck == expected {
            certkit_ok += 1;
            if client {
                client_certkit += 1;
            }
        } else {
            let note = profile_note(case)
                .map(|n| format!(" [{n}]"))
                .unwrap_or_default();
            disagreements.push(format!(
                "  {id}: expected {}, certkit says {} — {}{note}",
                if expected { "valid" } else { "invalid" },
                if ck { "valid" } else { "invalid" },
                if reason.is_empty() {
                    "certkit found nothing wrong".to_string()
                } else {
                    reason
                }
            ));
        }
        if os == expected {
            openssl_ok += 1;
            if client {
                client_openssl += 1;
            }
            if ck != expected {
                openssl_only.push(id.to_string());
            }
        } else if ck == expected {
            openssl_only.push(format!("(certkit right, openssl wrong: {id}: {os_reason})"));
        }
    }
    println!("x509-limbo: {} cases in {}", cases.len(), path.display());
    for (why, n) in &skipped {
        println!("  skipped ({why}): {n}");
    }
    println!(
        "  run: {run}; certkit agrees with the expected result on {certkit_ok}, openssl -x509_strict on {openssl_ok}"
    );
    println!(
        "  client-relevant (run minus DNS/IP name-constraint cases): {client_run}; certkit {client_certkit}, openssl {client_openssl}"
    );
    println!("certkit disagreements ({}):", disagreements.len());
    for d in &disagreements {
        println!("{d}");
    }
    println!("where only one of the two is right:");
    for d in &openssl_only {
        println!("  {d}");
    }
    assert!(
        certkit_ok > openssl_ok,
        "certkit agrees on {certkit_ok} cases, openssl on {openssl_ok}: certkit must do better"
    );
    assert!(
        client_certkit > client_openssl,
        "client-relevant: certkit {client_certkit}, openssl {client_openssl}"
    );
}
