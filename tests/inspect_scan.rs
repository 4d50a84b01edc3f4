//! Directory scans at scale and what they report: every skipped entry named with its reason
//! (JSON always, the table with `--verbose`), recognised PKI objects (certificate requests, OCSP
//! requests and responses, CRLs) never counted as failures, and the JSON Lines form
//! (`--json-lines`) agreeing with the JSON document, line by line typed and schema-valid.

mod common;

use std::path::Path;

use certkit::ops::inspect::InspectReport;
use certkit::ops::inspect_scan::{Line, SkipReason};
use common::{json, Env, Pki};
use serde_json::Value;

/// A folder of valid PKI files as a CA's working directory holds them: certificates (PEM and
/// DER), a PEM and a DER certificate request, an OCSP request and response, a CRL, plus a
/// README that is none of these.
fn pki_folder(env: &Env) -> (Pki, std::path::PathBuf) {
    let pki = env.pki();
    let dir = env.path("pki");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::copy(&pki.leaf.cert, dir.join("client.pem")).unwrap();
    std::fs::copy(&pki.intermediate.cert, dir.join("sub/intermediate.pem")).unwrap();
    env.to_der(&pki.root.cert, "pki/root.der");
    // `Env::issue` leaves each certificate's request next to it.
    std::fs::copy(env.path("client.csr"), dir.join("client.csr")).unwrap();
    env.openssl(&[
        "req",
        "-in",
        "client.csr",
        "-outform",
        "DER",
        "-out",
        "pki/client.csr.der",
    ]);
    env.openssl(&[
        "ocsp",
        "-issuer",
        "intermediate.pem",
        "-cert",
        "client.pem",
        "-no_nonce",
        "-reqout",
        "pki/request.ocsp",
    ]);
    env.write("index.txt", "");
    env.openssl(&[
        "ocsp",
        "-index",
        "index.txt",
        "-rsigner",
        "intermediate.pem",
        "-rkey",
        "intermediate.key",
        "-CA",
        "intermediate.pem",
        "-reqin",
        "pki/request.ocsp",
        "-respout",
        "pki/response.ocsp",
        "-ndays",
        "1",
    ]);
    std::fs::write(dir.join("README"), "certificates of the test CA\n").unwrap();
    (pki, dir)
}

fn skipped_of(doc: &Value) -> Vec<(String, String, Option<String>)> {
    doc["skipped"]
        .as_array()
        .expect("skipped is an array")
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap();
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            (
                name.into_owned(),
                s["reason"].as_str().unwrap().to_string(),
                s["detail"].as_str().map(str::to_string),
            )
        })
        .collect()
}

#[test]
fn a_folder_of_valid_pki_files_exits_0_and_names_each_skipped_file() {
    let env = Env::new();
    let (_pki, dir) = pki_folder(&env);
    let out = env
        .certkit()
        .args(["--json", "inspect"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    let report: InspectReport = serde_json::from_value(doc.clone()).unwrap();
    assert_eq!(report.summary.failed, 0);
    assert_eq!(report.summary.certificates, 3);
    // Requests and OCSP objects are read and reported (csrs, ocsp), not skipped.
    assert_eq!(report.summary.inputs_read, 7);
    let inputs = doc["inputs"].as_array().unwrap();
    let of = |name: &str| {
        inputs
            .iter()
            .find(|i| i["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} is not among the inputs"))
    };
    for csr in ["client.csr", "client.csr.der"] {
        assert_eq!(of(csr)["csrs"][0]["signature_valid"], true, "{csr}");
    }
    assert_eq!(of("request.ocsp")["ocsp"]["kind"], "request");
    assert_eq!(of("response.ocsp")["ocsp"]["kind"], "response");
    let skipped = skipped_of(&doc);
    assert_eq!(
        skipped,
        vec![("README".into(), "not_certificate_material".into(), None)]
    );
    assert_eq!(report.summary.skipped, 1);
    assert_eq!(report.summary.skipped_reasons.other_pki_objects, 0);
    assert_eq!(report.summary.skipped_reasons.not_certificate_material, 1);
    assert!(report
        .skipped
        .iter()
        .all(|s| s.reason != SkipReason::DuplicateLink));
}

#[test]
fn the_table_names_skipped_files_only_with_verbose() {
    let env = Env::new();
    let (_pki, dir) = pki_folder(&env);
    let quiet = env.certkit().arg("inspect").arg(&dir).output().unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    let text = String::from_utf8(quiet.stdout).unwrap();
    assert!(
        text.contains("3 certificates in 7 files, 1 skipped (1 not certificate material)"),
        "{text}"
    );
    assert!(!text.contains("skipped pki/README"), "{text}");

    let verbose = env
        .certkit()
        .args(["inspect", "--verbose", "pki"])
        .output()
        .unwrap();
    assert_eq!(verbose.status.code(), Some(0));
    let text = String::from_utf8(verbose.stdout).unwrap();
    let line = "skipped pki/README (not certificate material)";
    assert!(
        text.lines().any(|l| l == line),
        "{line:?} missing in\n{text}"
    );
}

#[test]
fn a_certificate_request_named_by_the_user_is_inspected() {
    // A request is a recognised PKI file, named or found in a scan: read, not an error.
    let env = Env::new();
    let (_pki, _dir) = pki_folder(&env);
    let out = env
        .certkit()
        .args(["inspect", "pki/client.csr.der"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("valid (signed by its own key)"), "{text}");
}

/// Parses JSON Lines output into typed lines (each line one object) and raw values.
fn lines(stdout: &[u8]) -> Vec<(Line, Value)> {
    String::from_utf8(stdout.to_vec())
        .unwrap()
        .lines()
        .map(|l| {
            let value: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"));
            let line: Line = serde_json::from_value(value.clone())
                .unwrap_or_else(|e| panic!("not a typed line ({e}): {l}"));
            (line, value)
        })
        .collect()
}

#[test]
fn json_lines_stream_one_typed_object_per_line_and_agree_with_the_document() {
    let env = Env::new();
    let (pki, dir) = pki_folder(&env);
    // The same certificate twice more: once in its own file, once in a chain file.
    std::fs::copy(&pki.leaf.cert, dir.join("client-copy.pem")).unwrap();
    env.concat("pki/chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    // A CRL file is inspected, and an unreadable file is an error line.
    let config = env.path(".ca-root/ca.cnf").display().to_string();
    env.openssl(&[
        "ca",
        "-gencrl",
        "-config",
        &config,
        "-cert",
        "root.pem",
        "-keyfile",
        "root.key",
        "-crldays",
        "30",
        "-out",
        "pki/root.crl",
    ]);
    std::fs::write(
        dir.join("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n",
    )
    .unwrap();

    let doc_out = env
        .certkit()
        .args(["--json", "inspect", "pki"])
        .output()
        .unwrap();
    let lines_out = env
        .certkit()
        .args(["inspect", "--json-lines", "pki"])
        .output()
        .unwrap();
    assert_eq!(doc_out.status.code(), lines_out.status.code());
    let doc: InspectReport = serde_json::from_value(json(&doc_out)).unwrap();
    let lines = lines(&lines_out.stdout);

    assert!(matches!(
        lines.first(),
        Some((Line::Begin { version: 1 }, _))
    ));
    let Some((Line::Summary { summary }, _)) = lines.last() else {
        panic!("the last line is not the summary: {:?}", lines.last());
    };
    assert_eq!(summary.certificates, doc.summary.certificates);
    assert_eq!(summary.inputs_read, doc.summary.inputs_read);
    assert_eq!(summary.skipped, doc.summary.skipped);
    assert_eq!(summary.failed, doc.summary.failed);

    let kinds: Vec<&str> = lines
        .iter()
        .map(|(_, v)| v["type"].as_str().unwrap())
        .collect();
    let count = |kind: &str| kinds.iter().filter(|k| **k == kind).count();
    // One full line per distinct certificate, a short one for each further sighting.
    assert_eq!(count("certificate"), doc.summary.certificates);
    let sightings: usize = doc.inputs.iter().map(|i| i.certificates.len()).sum();
    assert_eq!(count("duplicate"), sightings - doc.summary.certificates);
    assert_eq!(count("skipped"), doc.skipped.len());
    assert_eq!(count("error"), doc.summary.failed);
    assert_eq!(count("crl"), 1);
    assert_eq!(count("file"), doc.summary.inputs_read - doc.summary.failed);
    // Every certificate line says where it was found, and a duplicate names one seen before.
    let mut seen = std::collections::HashSet::new();
    for (line, _) in &lines {
        match line {
            Line::Certificate(c) => {
                assert!(c.path.starts_with("pki"), "{}", c.path);
                assert!(seen.insert(c.report.certificate.thumbprint.clone()));
            }
            Line::Duplicate { thumbprint, .. } => assert!(seen.contains(thumbprint)),
            _ => {}
        }
    }
}

#[test]
fn json_and_json_lines_together_are_a_usage_error() {
    let env = Env::new();
    let out = env
        .certkit()
        .args(["--json", "inspect", "--json-lines", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // With --json the error itself is the one JSON document.
    assert_eq!(json(&out)["error"]["kind"], "usage");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("--json-lines"), "{stderr}");
}

#[test]
fn repeats_across_rounds_of_parallel_work_are_counted_once() {
    // More files than one round of parallel reading (512): the same certificate in 700 files,
    // and the intermediate in one more, at the end of the scan order.
    let env = Env::new();
    let pki = env.pki();
    let dir = env.path("many");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..700 {
        std::fs::copy(&pki.leaf.cert, dir.join(format!("leaf-{i:04}.pem"))).unwrap();
    }
    std::fs::copy(&pki.intermediate.cert, dir.join("zz-intermediate.pem")).unwrap();

    let table = env.certkit().args(["inspect", "many"]).output().unwrap();
    assert_eq!(table.status.code(), Some(0));
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(text.contains("many/leaf-0000.pem (+699 more)"), "{text}");
    assert!(text.contains("2 certificates in 701 files"), "{text}");

    let out = env
        .certkit()
        .args(["inspect", "--json-lines", "many"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines = lines(&out.stdout);
    let count = |kind: &str| lines.iter().filter(|(_, v)| v["type"] == kind).count();
    assert_eq!(count("certificate"), 2);
    assert_eq!(count("duplicate"), 699);
    assert_eq!(count("file"), 701);

    let doc = env
        .certkit()
        .args(["--json", "inspect", "many"])
        .output()
        .unwrap();
    let doc: InspectReport = serde_json::from_value(json(&doc)).unwrap();
    assert_eq!(doc.inputs.len(), 701);
    assert!(doc.inputs.iter().all(|i| i.certificates.len() == 1));
    assert_eq!(doc.summary.certificates, 2);
}
