//! The `--json` contract: the committed JSON Schemas under `schema/` are the ones generated from
//! the report types (`CERTKIT_BLESS=1 cargo test --test json_schema` rewrites them), and real
//! outputs of every command, success and error, validate against them and deserialize into the
//! typed reports.

mod common;

use std::path::{Path, PathBuf};

use certkit::ops::schema::{documents, to_file_text};
use common::{json, openssl_sha1, Env, Pki, Spec};
use serde::de::DeserializeOwned;
use serde_json::Value;

fn schema_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schema")
}

#[test]
fn committed_schemas_are_generated_from_the_report_types() {
    let bless = std::env::var_os("CERTKIT_BLESS").is_some();
    let dir = schema_dir();
    let mut stale = Vec::new();
    let expected: Vec<String> = documents().iter().map(|d| d.file.to_string()).collect();
    for doc in documents() {
        let text = to_file_text(&doc.schema);
        // Every generated schema is itself a valid JSON Schema.
        let value: Value = serde_json::from_str(&text).unwrap();
        jsonschema::meta::validate(&value)
            .unwrap_or_else(|e| panic!("{} is not a valid JSON Schema: {e}", doc.file));
        let path = dir.join(doc.file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else {
                stale.push(doc.file);
            }
        }
    }
    let mut extra: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".json") && !expected.contains(name))
                .collect()
        })
        .unwrap_or_default();
    extra.sort();
    assert!(
        stale.is_empty(),
        "schema/ is stale for {stale:?}: run `CERTKIT_BLESS=1 cargo test --test json_schema` and commit schema/"
    );
    assert!(
        extra.is_empty(),
        "schema/ holds files no report type generates: {extra:?}"
    );
}

/// Validates `doc` against the committed `schema/FILE`, with formats (date-time) checked.
fn assert_valid(doc: &Value, file: &str) {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(schema_dir().join(file))
            .unwrap_or_else(|e| panic!("schema/{file}: {e}")),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema/{file} does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "output does not match schema/{file}:\n{}\n{doc:#}",
        errors.join("\n")
    );
}

/// `certkit --json ARGS...`: exit code and the document, validated against `schema/FILE` and,
/// for a report, deserialized into its type `T`.
fn run<T: DeserializeOwned>(env: &Env, args: &[&str], file: &str, code: i32) -> Value {
    let out = env.certkit().arg("--json").args(args).output().unwrap();
    let doc = json(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "certkit {}: {doc:#}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_valid(&doc, file);
    serde_json::from_value::<T>(doc.clone())
        .unwrap_or_else(|e| panic!("{file} output does not deserialize: {e}\n{doc:#}"));
    doc
}

/// A failing run: exit 2, the error document, and the expected kind.
fn run_error(env: &Env, args: &[&str], kind: &str) {
    let doc = run::<certkit::error::ErrorDocument>(env, args, "error.json", 2);
    assert_eq!(doc["error"]["kind"], kind, "{doc:#}");
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

fn pfx(env: &Env, pki: &Pki) -> String {
    path(&env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]))
}

#[test]
fn inspect_outputs_match_the_schema() {
    use certkit::ops::inspect::InspectReport;
    let env = Env::new();
    let pki = env.pki();
    let pfx = pfx(&env, &pki);
    let doc = run::<InspectReport>(
        &env,
        &["inspect", &pfx, "--password", "secret"],
        "inspect.json",
        0,
    );
    let leaf = &doc["inputs"][0]["certificates"][0];
    assert_eq!(leaf["thumbprint"], openssl_sha1(&env, &pki.leaf.cert));
    assert_eq!(leaf["not_after"], "2028-01-01T00:00:00Z");
    assert_eq!(leaf["role"], "leaf");
    assert_eq!(doc["inputs"][0]["pkcs12"]["password"], "given");

    // A PFX with Windows-style zero padding after the structure: read, with a typed note.
    let mut padded = std::fs::read(&pfx).unwrap();
    padded.extend_from_slice(&[0; 16]);
    let padded = env.write("padded.pfx", padded);
    let doc = run::<InspectReport>(
        &env,
        &["inspect", &path(&padded), "--password", "secret"],
        "inspect.json",
        0,
    );
    assert_eq!(
        doc["inputs"][0]["notes"][0]["kind"], "trailing_bytes",
        "{doc:#}"
    );
    assert_eq!(doc["inputs"][0]["notes"][0]["bytes"], 16, "{doc:#}");

    // A directory scan, with a file that is not certificate material among the certificates.
    std::fs::create_dir(env.path("scan")).unwrap();
    std::fs::copy(&pki.root.cert, env.path("scan/root.pem")).unwrap();
    std::fs::copy(&pki.leaf.cert, env.path("scan/leaf.pem")).unwrap();
    env.write("scan/notes.txt", "not a certificate");
    let scan = run::<InspectReport>(&env, &["inspect", "scan"], "inspect.json", 0);
    assert_eq!(scan["summary"]["certificates"], 2, "{scan:#}");
    assert_eq!(scan["summary"]["skipped"], 1, "{scan:#}");

    // --expiring: the leaf (2028-01-01) is within 365 days of the fixed clock (2027-06-01).
    let expiring = run::<InspectReport>(
        &env,
        &["inspect", "scan", "--expiring", "365d"],
        "inspect.json",
        1,
    );
    assert_eq!(expiring["summary"]["expiring"], 1, "{expiring:#}");

    // Unreadable inputs are reported in the inspect document itself, with exit 2.
    let wrong = run::<InspectReport>(
        &env,
        &["inspect", &pfx, "--password", "wrong"],
        "inspect.json",
        2,
    );
    assert_eq!(wrong["inputs"][0]["error"]["kind"], "wrong_password");
    let garbage = env.write("garbage.pem", "hello");
    let not_cert = run::<InspectReport>(&env, &["inspect", &path(&garbage)], "inspect.json", 2);
    assert_eq!(
        not_cert["inputs"][0]["error"]["kind"],
        "not_certificate_material"
    );
    let missing = run::<InspectReport>(&env, &["inspect", "missing.pem"], "inspect.json", 2);
    assert_eq!(missing["inputs"][0]["error"]["kind"], "io");
}

#[test]
fn inspect_json_lines_match_the_line_schema() {
    use certkit::ops::inspect_scan::Line;
    let env = Env::new();
    let pki = env.pki();
    let pfx = pfx(&env, &pki);
    // A scan with every kind of line: a PKCS#12 (file + certificates), the same certificate
    // again (duplicate), a file that is not certificate material (skipped) and a damaged one.
    std::fs::create_dir(env.path("scan")).unwrap();
    std::fs::copy(&pfx, env.path("scan/client.pfx")).unwrap();
    std::fs::copy(&pki.leaf.cert, env.path("scan/leaf.pem")).unwrap();
    env.write("scan/notes.txt", "not a certificate");
    env.write("scan/broken.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n");
    let out = env
        .certkit()
        .args(["inspect", "scan", "--json-lines", "--password", "secret"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let mut kinds = Vec::new();
    for text in String::from_utf8(out.stdout).unwrap().lines() {
        let value: Value = serde_json::from_str(text).unwrap();
        assert_valid(&value, "inspect-lines.json");
        serde_json::from_value::<Line>(value.clone())
            .unwrap_or_else(|e| panic!("line does not deserialize: {e}\n{value:#}"));
        kinds.push(value["type"].as_str().unwrap().to_string());
    }
    for kind in [
        "begin",
        "file",
        "certificate",
        "duplicate",
        "skipped",
        "error",
        "summary",
    ] {
        assert!(
            kinds.iter().any(|k| k == kind),
            "no {kind} line in {kinds:?}"
        );
    }
    assert_eq!(kinds.first().map(String::as_str), Some("begin"));
    assert_eq!(kinds.last().map(String::as_str), Some("summary"));
}

#[test]
fn convert_check_private_key_and_export_outputs_match_the_schema() {
    use certkit::ops::check_private_key::CheckReport;
    use certkit::ops::convert::ConvertReport;
    use certkit::ops::export_public::ExportReport;
    let env = Env::new();
    let pki = env.pki();
    let pfx = pfx(&env, &pki);

    let converted = run::<ConvertReport>(
        &env,
        &[
            "convert",
            &pfx,
            "--password",
            "secret",
            "-o",
            "out.pem",
            "--no-encrypt",
        ],
        "convert.json",
        0,
    );
    assert_eq!(
        converted["certificates"][0]["thumbprint"],
        openssl_sha1(&env, &pki.leaf.cert)
    );
    run_error(
        &env,
        &["convert", &pfx, "--password", "wrong", "-o", "x.pem"],
        "wrong_password",
    );
    run_error(&env, &["convert", "missing.pfx", "-o", "x.pem"], "io");

    let matched = run::<CheckReport>(
        &env,
        &["check-private-key", &pfx, "--password", "secret"],
        "check-private-key.json",
        0,
    );
    assert_eq!(matched["verdict"], "match");
    let other_key = path(&pki.root.key);
    let mismatch = run::<CheckReport>(
        &env,
        &[
            "check-private-key",
            &path(&pki.leaf.cert),
            "--key",
            &other_key,
        ],
        "check-private-key.json",
        1,
    );
    assert_eq!(mismatch["verdict"], "mismatch");
    let no_key = run::<CheckReport>(
        &env,
        &["check-private-key", &path(&pki.leaf.cert)],
        "check-private-key.json",
        1,
    );
    assert_eq!(no_key["verdict"], "no_key");
    run_error(
        &env,
        &["check-private-key", &pfx, "--password", "wrong"],
        "wrong_password",
    );
    let garbage = env.write("garbage.pem", "hello");
    run_error(
        &env,
        &["check-private-key", &path(&garbage)],
        "not_certificate_material",
    );

    let exported = run::<ExportReport>(
        &env,
        &[
            "export-public",
            &pfx,
            "--password",
            "secret",
            "--der",
            "exports",
        ],
        "export-public.json",
        0,
    );
    assert_eq!(exported["files"][0]["status"], "written");
    // A different file under the same name is refused without --force.
    env.write(
        "exports/other.cer",
        std::fs::read(env.path("out.pem")).unwrap(),
    );
    run_error(
        &env,
        &[
            "export-public",
            &path(&pki.root.cert),
            "--der",
            "exports",
            "--name",
            "other",
        ],
        "exists",
    );
}

#[test]
fn verify_chain_outputs_match_the_schema() {
    use certkit::ops::verify_chain::VerifyReport;
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    let root = path(&pki.root.cert);
    let valid = run::<VerifyReport>(
        &env,
        &["verify-chain", &path(&chain), "--ca", &root, "--no-store"],
        "verify-chain.json",
        0,
    );
    assert_eq!(valid["verdict"], "valid");
    assert_eq!(valid["path"][2]["role"], "root");
    assert_eq!(valid["at"], common::NOW);

    let missing = run::<VerifyReport>(
        &env,
        &[
            "verify-chain",
            &path(&pki.leaf.cert),
            "--ca",
            &root,
            "--no-store",
        ],
        "verify-chain.json",
        1,
    );
    assert_eq!(missing["end"], "missing_issuer");
    assert_eq!(missing["findings"][0]["kind"], "missing_issuer");

    run_error(&env, &["verify-chain", "missing.pem"], "io");
    // A command line clap refuses is a usage error, as a document too.
    run_error(&env, &["verify-chain", "--no-such-flag"], "usage");
}

#[test]
fn import_and_store_outputs_match_the_schema() {
    use certkit::ops::import::ImportReport;
    use certkit::ops::store::{ChangeReport, ListReport, PathReport, ShowReport};
    let env = Env::new();
    let pki = env.pki();
    let pfx = pfx(&env, &pki);
    let root = path(&pki.root.cert);

    let plan = run::<ImportReport>(
        &env,
        &["import", &pfx, &root, "--password", "secret", "--dry-run"],
        "import.json",
        0,
    );
    assert_eq!(plan["dry_run"], true);
    let imported = run::<ImportReport>(
        &env,
        &["import", &pfx, &root, "--password", "secret"],
        "import.json",
        0,
    );
    assert_eq!(imported["certificates"][0]["action"], "added");
    let again = run::<ImportReport>(
        &env,
        &["import", &pfx, &root, "--password", "secret"],
        "import.json",
        0,
    );
    assert_eq!(again["certificates"][0]["action"], "unchanged");
    run_error(
        &env,
        &["import", &pfx, "--password", "wrong"],
        "wrong_password",
    );

    run::<PathReport>(&env, &["store", "path"], "store-path.json", 0);
    let list = run::<ListReport>(&env, &["store", "list"], "store-list.json", 0);
    let leaf_thumbprint = openssl_sha1(&env, &pki.leaf.cert);
    assert!(
        list["entries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["thumbprint"] == leaf_thumbprint.as_str()),
        "{list:#}"
    );
    let show = run::<ShowReport>(
        &env,
        &["store", "show", &leaf_thumbprint],
        "store-show.json",
        0,
    );
    assert_eq!(show["thumbprint"], leaf_thumbprint.as_str());
    let removed = run::<ChangeReport>(
        &env,
        &["store", "remove", &leaf_thumbprint],
        "store-change.json",
        0,
    );
    assert_eq!(removed["action"], "removed");
    run_error(&env, &["store", "show", &leaf_thumbprint], "usage");
}

#[test]
fn connect_outputs_match_the_schema() {
    use certkit::ops::connect::ConnectReport;
    let env = Env::new();
    let pki = env.pki();
    let pfx = pfx(&env, &pki);
    let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
    let (cert, key, root) = (path(&server.cert), path(&server.key), path(&pki.root.cert));
    let s_server = env.start_server("s_server", "openssl", move |port| {
        [
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            &cert,
            "-key",
            &key,
            "-CAfile",
            &root,
            "-Verify",
            "1",
            "-verify_return_error",
            "-quiet",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    });
    let target = format!("127.0.0.1:{}", s_server.port);
    let root = path(&pki.root.cert);
    let accepted = run::<ConnectReport>(
        &env,
        &[
            "connect",
            &target,
            "--cert",
            &pfx,
            "--password",
            "secret",
            "--ca",
            &root,
            "--timeout",
            "10s",
        ],
        "connect.json",
        0,
    );
    assert_eq!(accepted["outcome"]["result"], "accepted");
    assert_eq!(
        accepted["client_certificate"]["sent"][0]["thumbprint"],
        openssl_sha1(&env, &pki.leaf.cert)
    );
    // Without a client certificate the server ends the handshake: a verdict, not an error.
    let rejected = run::<ConnectReport>(
        &env,
        &["connect", &target, "--ca", &root, "--timeout", "10s"],
        "connect.json",
        1,
    );
    assert_eq!(rejected["outcome"]["result"], "rejected");
    drop(s_server);

    // Nothing listens on a port just released: a network error.
    let closed = format!("127.0.0.1:{}", common::free_port());
    run_error(&env, &["connect", &closed, "--timeout", "5s"], "network");
    run_error(
        &env,
        &["connect", &target, "--cert", &pfx, "--password", "wrong"],
        "wrong_password",
    );
}

#[test]
fn config_outputs_match_the_schema() {
    let env = Env::new();
    let pki = env.pki();
    let pfx = pfx(&env, &pki);
    let root = path(&pki.root.cert);
    let doc = run::<certkit::ops::config::ConfigReport>(
        &env,
        &[
            "config",
            "nginx",
            "--cert",
            &pfx,
            "--password",
            "secret",
            "--ca",
            &root,
            "--out-dir",
            "out",
        ],
        "config.json",
        0,
    );
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["certificates"][0]["not_yet_valid"], false, "{doc:#}");
    assert!(
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "private_key"),
        "{doc:#}"
    );
    assert!(
        doc["snippets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["language"] == "nginx"),
        "{doc:#}"
    );
    // The issuing CA is missing (the root alone would only be a warning): refused.
    let leaf_only = env.pkcs12("leaf-only.pfx", &pki.leaf, &[], "secret", &[]);
    run_error(
        &env,
        &[
            "config",
            "curl",
            "--cert",
            &path(&leaf_only),
            "--password",
            "secret",
            "--ca",
            &root,
            "--out-dir",
            "refused",
        ],
        "usage",
    );
}

#[test]
fn the_schemas_reject_what_the_contract_does_not_allow() {
    let rejects = |file: &str, doc: Value| {
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(schema_dir().join(file)).unwrap())
                .unwrap();
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        assert!(!validator.is_valid(&doc), "schema/{file} accepts {doc}");
    };
    // An error kind outside the enum, and an older version.
    rejects(
        "error.json",
        serde_json::json!({"version": 1, "error": {"kind": "oops", "message": "m"}}),
    );
    rejects(
        "store-path.json",
        serde_json::json!({"version": 0, "path": "/var/lib/certkit"}),
    );
    // A timestamp that is not RFC 3339, and the old field name `sha1`.
    let summary = serde_json::json!({
        "subject": "CN=a", "issuer": "CN=a", "serial": "01", "thumbprint": "AA",
        "not_before": "2026-01-01T00:00:00Z", "not_after": "2028-01-01T00:00:00Z",
        "days_left": 1, "expired": false, "not_yet_valid": false
    });
    let listed = |summary: Value| {
        let mut entry = summary.as_object().unwrap().clone();
        entry.insert("store".into(), "root".into());
        entry.insert("name".into(), "a".into());
        entry.insert("has_key".into(), false.into());
        serde_json::json!({"version": 2, "store": "/s", "entries": [entry]})
    };
    assert_valid(&listed(summary.clone()), "store-list.json");
    let mut bad_date = summary.clone();
    bad_date["not_after"] = "2028-01-01".into();
    rejects("store-list.json", listed(bad_date));
    let mut old_name = summary;
    let thumbprint = old_name
        .as_object_mut()
        .unwrap()
        .remove("thumbprint")
        .unwrap();
    old_name["sha1"] = thumbprint;
    rejects("store-list.json", listed(old_name));
}
