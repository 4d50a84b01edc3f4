//! Conformance: x509-limbo's CRL cases, run through certkit's path builder and revocation
//! checker in-process (soft and hard mode, the case's CRLs as `--crl` files) and through
//! `openssl verify -crl_check` as the reference. The test prints one line per case with
//! every answer and fails unless certkit in hard mode agrees with the expected result on at
//! least as many cases as OpenSSL does, and never accepts a revoked certificate.
//!
//! The suite is the vendored copy `tests/limbo.rs` uses.

use std::process::Command;

use certkit::model::Certificate;
use certkit::revocation::status::{Mode, Source, SourceKind};
use certkit::revocation::{crl, Checker, Local};
use certkit::verify::{
    self, capath, findings::Severity, Entry, Options, Origin, OriginKind, PathEnd, Purpose, Sources,
};
use serde_json::Value;

/// The vendored suite (see tests/data/limbo/README.md), as `tests/limbo.rs` uses it.
const SUITE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/limbo/limbo.json");

fn pem_list(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn certs(pems: &[String]) -> Vec<Certificate> {
    pems.iter()
        .flat_map(|p| capath::certificates_in(p.as_bytes()))
        .collect()
}

fn validation_time(case: &Value) -> time::OffsetDateTime {
    case["validation_time"]
        .as_str()
        .and_then(|t| {
            time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
        })
        .unwrap_or_else(time::OffsetDateTime::now_utc)
}

/// certkit's verdict with revocation in `mode`, and the finding kinds when it rejects.
fn certkit_verdict(case: &Value, mode: Mode) -> (bool, String) {
    let Some(leaf) = certs(&[case["peer_certificate"].as_str().unwrap().to_string()])
        .into_iter()
        .next()
    else {
        return (false, "the peer certificate does not parse".into());
    };
    let mut sources = Sources::new();
    for c in certs(&pem_list(&case["trusted_certs"])) {
        sources.add_anchor(c, Origin::new(OriginKind::File, "trusted_certs"));
    }
    for c in certs(&pem_list(&case["untrusted_intermediates"])) {
        sources.add_untrusted(c, Origin::new(OriginKind::File, "untrusted_intermediates"));
    }
    let at = validation_time(case);
    let options = Options {
        at,
        // Revocation is what these cases are about; the purpose checks run in tests/limbo.rs.
        purpose: Purpose::Any,
        max_depth: verify::DEFAULT_MAX_DEPTH,
        strict: false,
    };
    let leaf = Entry {
        cert: leaf,
        origin: Origin::new(OriginKind::Input, "peer"),
        trusted: false,
    };
    let outcome = verify::build(leaf, &sources, &options);
    let mut local = Local::default();
    for pem in pem_list(&case["crls"]) {
        for der in crl::crls_in(pem.as_bytes()) {
            local.crls.push((
                der,
                Source {
                    kind: SourceKind::CrlFile,
                    location: "crls".into(),
                },
            ));
        }
    }
    let (_, findings) = Checker::new(mode, at, local).check_path(&outcome.path);
    let all: Vec<_> = outcome.findings.iter().chain(&findings).collect();
    let valid =
        outcome.end == PathEnd::Trusted && all.iter().all(|f| f.severity != Severity::Error);
    let kinds = all
        .iter()
        .map(|f| format!("{:?} {}", f.severity, f.kind))
        .collect::<Vec<_>>()
        .join(", ");
    (valid, kinds)
}

/// `openssl verify -crl_check` with the case's inputs; true = verified.
fn openssl_verdict(case: &Value, dir: &std::path::Path) -> (bool, String) {
    let write = |name: &str, pems: &[String]| {
        let p = dir.join(name);
        std::fs::write(&p, pems.concat()).unwrap();
        p
    };
    let mut cmd = Command::new("openssl");
    cmd.arg("verify")
        .arg("-crl_check")
        .arg("-CAfile")
        .arg(write("trusted.pem", &pem_list(&case["trusted_certs"])))
        .arg("-CRLfile")
        .arg(write("crls.pem", &pem_list(&case["crls"])));
    let untrusted = pem_list(&case["untrusted_intermediates"]);
    if !untrusted.is_empty() {
        cmd.arg("-untrusted")
            .arg(write("untrusted.pem", &untrusted));
    }
    if case["validation_time"].is_string() {
        cmd.arg("-attime")
            .arg(validation_time(case).unix_timestamp().to_string());
    }
    cmd.arg(write(
        "peer.pem",
        &[case["peer_certificate"].as_str().unwrap().to_string()],
    ));
    let out = cmd.output().expect("openssl must be installed");
    let text = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect::<Vec<_>>()
        .join(" | ");
    (out.status.success(), text)
}

#[test]
fn limbo_crl_cases_certkit_and_openssl_side_by_side() {
    let suite: Value = serde_json::from_slice(&std::fs::read(SUITE).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut cases, mut hard_ok, mut soft_ok, mut openssl_ok) = (0, 0, 0, 0);
    println!("case | expected | certkit soft | certkit hard | openssl -crl_check");
    for case in suite["testcases"].as_array().unwrap() {
        if pem_list(&case["crls"]).is_empty() {
            continue;
        }
        cases += 1;
        let id = case["id"].as_str().unwrap();
        let expected = case["expected_result"] == "SUCCESS";
        let (soft, _) = certkit_verdict(case, Mode::Soft);
        let (hard, why) = certkit_verdict(case, Mode::Hard);
        let (theirs, their_why) = openssl_verdict(case, dir.path());
        soft_ok += usize::from(soft == expected);
        hard_ok += usize::from(hard == expected);
        openssl_ok += usize::from(theirs == expected);
        let word = |v: bool| if v { "pass" } else { "fail" };
        println!(
            "{id} | {} | {} | {} ({why}) | {} ({their_why})",
            word(expected),
            word(soft),
            word(hard),
            word(theirs)
        );
        if id == "crl::revoked-certificate-with-crl" {
            assert!(
                !soft && !hard,
                "a revoked certificate is rejected in every mode"
            );
        }
    }
    println!(
        "{cases} CRL cases: certkit soft agrees on {soft_ok}, hard on {hard_ok}, openssl -crl_check on {openssl_ok}"
    );
    assert!(cases > 0, "the suite has CRL cases");
    assert!(
        hard_ok >= openssl_ok,
        "certkit (hard) agrees on {hard_ok}, openssl on {openssl_ok}"
    );
}
