//! Conformance: x509-limbo (C2SP) path-validation cases, run through certkit's path builder
//! in-process and through `openssl verify` (default and `-x509_strict`) as references.
//!
//! The suite is vendored in `tests/data/limbo/` (licence and provenance there). Cases about
//! peer names (host name or CN matching: certkit verifies client certificates and matches no
//! peer name) and about revocation (certkit does not check CRLs yet) are skipped and counted.
//! certkit's `--strict` verdict (the suite's expected results follow RFC 5280 and CA/Browser
//! Forum profile rules, which `--strict` enforces) on every other case must agree with the
//! expected result except for the cases listed in `tests/data/limbo/known-disagreements.txt`,
//! exactly: a new disagreement (a
//! regression) or a listed case that now agrees fails the test until the list is updated (the
//! failure prints the list to paste). Run with `--nocapture` for the agreement figures of
//! certkit (`--strict` and default) and of `openssl verify`, side by side, and the cases the
//! default mode gets wrong only because a profile-only finding is a warning there.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use certkit::model::Certificate;
use certkit::verify::{
    self, capath, Entry, Options, Origin, OriginKind, PathEnd, Purpose, Sources,
};
use rayon::prelude::*;
use serde_json::Value;

const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/limbo/limbo.json");
const KNOWN_DISAGREEMENTS: &str = include_str!("data/limbo/known-disagreements.txt");
const KNOWN_FILE: &str = "tests/data/limbo/known-disagreements.txt";

/// The committed list: case id -> reason.
fn known_disagreements() -> BTreeMap<&'static str, &'static str> {
    let mut known = BTreeMap::new();
    for line in KNOWN_DISAGREEMENTS.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (id, reason) = line
            .split_once(" | ")
            .unwrap_or_else(|| panic!("{KNOWN_FILE}: not `<id> | <reason>`: {line}"));
        assert!(
            !reason.trim().is_empty(),
            "{KNOWN_FILE}: {id} has no reason"
        );
        assert!(
            known.insert(id.trim(), reason.trim()).is_none(),
            "{KNOWN_FILE}: {id} is listed twice"
        );
    }
    known
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
    } else if eku.iter().any(|e| e == "serverAuth") || case["validation_kind"] == "SERVER" {
        // A SERVER case validates a TLS server certificate: certkit's `--purpose server`, which
        // is also what turns on the CA/Browser Forum Baseline Requirements checks.
        Purpose::Server
    } else {
        Purpose::Any
    }
}

/// Valid or not, and why.
type Verdict = (bool, String);

/// certkit's verdict (true = valid) and, when invalid, the finding kinds as the reason.
fn certkit_verdict(case: &Value, strict: bool) -> (bool, String) {
    certkit_verdict_as(case, strict, purpose(case))
}

/// certkit's verdict with the given purpose instead of the case's.
fn certkit_verdict_as(case: &Value, strict: bool, purpose: Purpose) -> (bool, String) {
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
        purpose,
        max_depth: case["max_chain_depth"]
            .as_u64()
            .map(|d| d as usize)
            .unwrap_or(verify::DEFAULT_MAX_DEPTH),
        strict,
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

/// `openssl verify` (with `-x509_strict` when `strict`) on the case's inputs; true = verified.
fn openssl_verdict(case: &Value, dir: &Path, strict: bool) -> (bool, String) {
    let write = |name: &str, pems: &[String]| {
        let p = dir.join(name);
        std::fs::write(&p, pems.concat()).unwrap();
        p.display().to_string()
    };
    let mut args: Vec<String> = vec!["verify".into()];
    if strict {
        args.push("-x509_strict".into());
    }
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

/// Agreement with the expected results, over all cases run and over the client-relevant ones.
#[derive(Default)]
struct Tally {
    all: usize,
    client: usize,
}

impl Tally {
    fn count(&mut self, agrees: bool, client: bool) {
        if agrees {
            self.all += 1;
            if client {
                self.client += 1;
            }
        }
    }
}

#[test]
fn limbo_disagreements_are_exactly_the_known_ones() {
    let suite: Value = serde_json::from_slice(&std::fs::read(SUITE).unwrap()).unwrap();
    let cases = suite["testcases"].as_array().unwrap();
    let known = known_disagreements();
    let tmp = tempfile::tempdir().unwrap();

    // The three verdicts of every case run, in parallel (openssl is one process per case).
    let verdicts: Vec<Option<[Verdict; 4]>> = cases
        .par_iter()
        .map(|case| {
            if skip_reason(case).is_some() {
                return None;
            }
            let id = case["id"].as_str().unwrap();
            let dir = tmp.path().join(id.replace("::", "_"));
            std::fs::create_dir_all(&dir).unwrap();
            Some([
                certkit_verdict(case, true),
                certkit_verdict(case, false),
                openssl_verdict(case, &dir, false),
                openssl_verdict(case, &dir, true),
            ])
        })
        .collect();

    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut run, mut client_run) = (0, 0);
    let (mut certkit, mut certkit_default, mut openssl, mut strict) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    // Cases the default mode gets wrong although --strict gets them right: id -> findings.
    let mut default_only: BTreeMap<&str, String> = BTreeMap::new();
    // Case id -> what certkit said, for every disagreement.
    let mut disagreements: BTreeMap<&str, String> = BTreeMap::new();
    let mut only_openssl_right = Vec::new();
    let mut run_ids = BTreeSet::new();
    for (case, verdict) in cases.iter().zip(verdicts) {
        let id = case["id"].as_str().unwrap();
        if let Some(why) = skip_reason(case) {
            *skipped.entry(why).or_default() += 1;
            continue;
        }
        run_ids.insert(id);
        let expected = case["expected_result"] == "SUCCESS";
        let [(ck, reason), (ck_default, default_reason), (os, _), (os_strict, _)] =
            verdict.expect("every case run has verdicts");
        let client = !server_name_case(case);
        run += 1;
        client_run += usize::from(client);
        certkit.count(ck == expected, client);
        certkit_default.count(ck_default == expected, client);
        if ck == expected && ck_default != expected {
            default_only.insert(id, default_reason);
        }
        openssl.count(os == expected, client);
        strict.count(os_strict == expected, client);
        if ck != expected {
            let said = format!(
                "expected {}, certkit says {}: {}{}",
                if expected { "valid" } else { "invalid" },
                if ck { "valid" } else { "invalid" },
                if reason.is_empty() {
                    "certkit found nothing wrong".to_string()
                } else {
                    reason
                },
                profile_note(case)
                    .map(|n| format!(" [{n}]"))
                    .unwrap_or_default()
            );
            disagreements.insert(id, said);
            if os == expected {
                only_openssl_right.push(id);
            }
        }
    }

    println!("x509-limbo: {} cases ({SUITE})", cases.len());
    for (why, n) in &skipped {
        println!("  skipped ({why}): {n}");
    }
    println!("  agreement with the expected result        all {run:>3}   client-relevant {client_run:>3}");
    for (who, t) in [
        ("certkit --strict", &certkit),
        ("certkit (default)", &certkit_default),
        ("openssl verify", &openssl),
        ("openssl verify -x509_strict", &strict),
    ] {
        println!("    {who:<38} {:>7}   {:>19}", t.all, t.client);
    }
    println!("  (client-relevant: the cases run minus DNS/IP name-constraint cases for servers)");
    println!("certkit disagreements ({}):", disagreements.len());
    for (id, said) in &disagreements {
        println!("  {id}: {said}");
    }
    println!(
        "cases openssl verify gets right and certkit --strict does not: {only_openssl_right:?}"
    );
    println!(
        "cases only the default mode gets wrong (profile-only findings are warnings) ({}):",
        default_only.len()
    );
    for (id, said) in &default_only {
        println!("  {id}: {said}");
    }

    let new: Vec<&&str> = disagreements
        .keys()
        .filter(|id| !known.contains_key(**id))
        .collect();
    let now_agree: Vec<&&str> = known
        .keys()
        .filter(|id| run_ids.contains(**id) && !disagreements.contains_key(**id))
        .collect();
    let stale: Vec<&&str> = known.keys().filter(|id| !run_ids.contains(**id)).collect();
    if new.is_empty() && now_agree.is_empty() && stale.is_empty() {
        return;
    }
    let mut message = String::new();
    for id in &new {
        message.push_str(&format!(
            "NEW disagreement (a regression, or list it with its reason): {id}: {}\n",
            disagreements[**id]
        ));
    }
    for id in &now_agree {
        message.push_str(&format!(
            "now AGREES (remove it from the list): {id} (was: {})\n",
            known[**id]
        ));
    }
    for id in &stale {
        message.push_str(&format!(
            "listed but not a case that is run (remove it): {id}\n"
        ));
    }
    message.push_str(&format!(
        "\nThe list as it would be now ({KNOWN_FILE}, without its header):\n"
    ));
    for id in disagreements.keys() {
        let reason = known.get(id).copied().unwrap_or("TODO: one-line reason");
        message.push_str(&format!("{id} | {reason}\n"));
    }
    panic!("x509-limbo: certkit's disagreements differ from {KNOWN_FILE}:\n{message}");
}

/// The CA/Browser Forum checks are for TLS server certificates only: the Web PKI cases that
/// `--strict --purpose server` refuses for a BR rule get no `cabf_*` finding for `--purpose client`.
#[test]
fn cabf_rules_do_not_apply_to_client_chains() {
    let suite: Value = serde_json::from_slice(&std::fs::read(SUITE).unwrap()).unwrap();
    for id in [
        "webpki::eku::ee-without-eku",
        "webpki::aki::root-with-aki-ski-mismatch",
        "webpki::forbidden-rsa-key-not-divisible-by-8-in-leaf",
    ] {
        let case = suite["testcases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("{id} is in the suite"));
        let (server_valid, server_reason) = certkit_verdict_as(case, true, Purpose::Server);
        assert!(
            !server_valid && server_reason.contains("cabf_"),
            "{id}: {server_reason}"
        );
        // (Other findings, such as a serverAuth-only EKU, may still refuse the client chain.)
        let (_, client_reason) = certkit_verdict_as(case, true, Purpose::Client);
        assert!(
            !client_reason.contains("cabf_"),
            "{id} as a client chain: {client_reason}"
        );
    }
}
