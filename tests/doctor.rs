//! `certkit doctor` against stores set up with one defect each (real certificates made with
//! `openssl` at test time): each defect fails its check with a fix, the printed fix command is
//! run from the JSON (each argument vector executed directly), and doctor then passes. Parts of a
//! fix that only the user can supply (the PFX with the right key, a renewed certificate, the
//! missing CA's file) are printed as `<placeholders>`; the test fills in its own file there.
//! Also `--host` against `openssl s_server` with the right CA list, a foreign one, and a server
//! that asks for no certificate.

mod common;

use std::path::Path;

use common::{json, Env, Issued, Pki, Server, Spec};
use serde_json::Value;

/// `certkit --json doctor ARGS...`: (exit code, report). The report must deserialize into the
/// typed struct: the JSON output is a contract.
fn doctor(env: &Env, args: &[&str]) -> (i32, Value) {
    let out = env
        .certkit()
        .args(["--json", "doctor"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().expect("exit code");
    let doc = json(&out);
    let schema = if code != 2 {
        serde_json::from_value::<certkit::ops::doctor::DoctorReport>(doc.clone())
            .unwrap_or_else(|e| panic!("report does not deserialize: {e}\n{doc:#}"));
        "doctor.json"
    } else {
        "error.json"
    };
    assert_matches_schema(&doc, schema);
    (code, doc)
}

/// Validates `doc` against the committed `schema/FILE`.
fn assert_matches_schema(doc: &Value, file: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
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

/// The check `id` of the first subject.
fn check<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["subjects"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no check {id}: {doc:#}"))
}

fn status<'a>(doc: &'a Value, id: &str) -> &'a str {
    check(doc, id)["status"].as_str().unwrap()
}

/// The commands of check `id`'s fix, as the JSON gives them: argument vectors.
fn fix_command(doc: &Value, id: &str) -> Vec<Vec<String>> {
    let fix = &check(doc, id)["fix"];
    assert!(
        fix["advice"].as_str().is_some_and(|a| !a.is_empty()),
        "{id}: a fix without advice: {doc:#}"
    );
    let commands: Vec<Vec<String>> = serde_json::from_value(fix["commands"].clone())
        .unwrap_or_else(|e| panic!("{id}: commands are not argument vectors ({e}): {doc:#}"));
    assert!(
        !commands.is_empty(),
        "{id}: the fix has no command: {doc:#}"
    );
    commands
}

/// A fix's advice and commands as one text, for assertions on what it names.
fn fix_text(doc: &Value, id: &str) -> String {
    let fix = &check(doc, id)["fix"];
    let commands: Vec<Vec<String>> =
        serde_json::from_value(fix["commands"].clone()).unwrap_or_default();
    let mut text = fix["advice"].as_str().unwrap_or_default().to_string();
    for command in commands {
        text.push('\n');
        text.push_str(&command.join(" "));
    }
    text
}

/// Runs a fix's commands in order, each argument vector executed directly (no shell), with
/// `<placeholder>` words replaced by the test's files; `certkit` is the binary under test.
fn run_fix(env: &Env, commands: &[Vec<String>], fill: &[(&str, &Path)]) {
    for command in commands {
        let words: Vec<String> = command
            .iter()
            .map(|w| {
                fill.iter()
                    .find(|(placeholder, _)| w == placeholder)
                    .map(|(_, file)| file.display().to_string())
                    .unwrap_or_else(|| w.clone())
            })
            .collect();
        assert!(
            !words.iter().any(|w| w.starts_with('<') && w.ends_with('>')),
            "a placeholder was left unfilled: {words:?}"
        );
        let program = match words[0].as_str() {
            "certkit" => env!("CARGO_BIN_EXE_certkit"),
            other => other,
        };
        let out = std::process::Command::new(program)
            .args(&words[1..])
            .current_dir(env.dir.path())
            .env("CERTKIT_NOW", common::NOW)
            .env("CERTKIT_STORE", env.path("store"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "fix {words:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn import(env: &Env, args: &[&str]) {
    common::certkit_ok(env, &[&["import"], args].concat());
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// The client PKI and a PFX of the leaf with its key and intermediate.
fn setup() -> (Env, Pki, std::path::PathBuf) {
    let env = Env::new();
    let pki = env.pki();
    let pfx = env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    (env, pki, pfx)
}

/// The whole healthy installation: leaf with key, intermediate, root.
fn install_all(env: &Env, pki: &Pki) {
    import(
        env,
        &[
            &s(&pki.leaf.cert),
            &s(&pki.leaf.key),
            &s(&pki.intermediate.cert),
            &s(&pki.root.cert),
        ],
    );
}

fn assert_healthy(env: &Env, args: &[&str]) -> Value {
    let (code, doc) = doctor(env, args);
    assert_eq!(code, 0, "doctor still fails:\n{doc:#}");
    for c in doc["subjects"][0]["checks"].as_array().unwrap() {
        assert_ne!(c["status"], "fail", "{doc:#}");
    }
    doc
}

#[test]
fn a_healthy_store_passes_every_check_that_runs_and_says_why_others_are_skipped() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    let doc = assert_healthy(&env, &[]);
    for id in [
        "opens",
        "private_key",
        "chain",
        "validity",
        "usage",
        "duplicates",
    ] {
        assert_eq!(status(&doc, id), "pass", "{id}: {doc:#}");
    }
    // The test certificates name no CRL or OCSP URL and the store holds no CRL.
    assert!(check(&doc, "revocation")["message"]
        .as_str()
        .unwrap()
        .contains("no certificate of the path names a CRL or OCSP URL"));
    for id in ["key_access", "revocation", "export", "handshake"] {
        assert_eq!(status(&doc, id), "skipped", "{id}");
    }
    let ids: Vec<&str> = doc["subjects"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "opens",
            "private_key",
            "key_access",
            "chain",
            "validity",
            "usage",
            "revocation",
            "export",
            "duplicates",
            "handshake"
        ]
    );
    // The human checklist: one line per check, the summary last.
    let out = env.certkit().arg("doctor").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[pass] chain"), "{text}");
    assert!(text.contains("[skip] revocation"), "{text}");
    assert!(
        text.trim_end()
            .ends_with("1 subject: 6 passed, 0 warnings, 0 failed, 4 skipped"),
        "{text}"
    );
}

#[test]
fn no_private_key_fails_and_importing_the_pfx_fixes_it() {
    let (env, pki, pfx) = setup();
    import(
        &env,
        &[
            &s(&pki.leaf.cert),
            &s(&pki.intermediate.cert),
            &s(&pki.root.cert),
        ],
    );
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&doc, "private_key"), "fail");
    let fix = fix_command(&doc, "private_key");
    assert!(
        fix_text(&doc, "private_key").contains("<certificate-with-key.pfx>"),
        "{fix:?}"
    );
    run_fix(&env, &fix, &[("<certificate-with-key.pfx>", &pfx)]);
    assert_healthy(&env, &[]);
}

#[test]
fn the_key_of_another_certificate_fails_and_importing_the_right_one_fixes_it() {
    let (env, pki, pfx) = setup();
    install_all(&env, &pki);
    // The defect on purpose: another key in the entry's key file.
    let other = env.key("other", common::KeyType::EcP256);
    let other_pkcs8 = env.openssl(&["pkey", "-in", &s(&other)]).stdout;
    let key_file = env.path("store/personal/client.example.com/privkey.pem");
    std::fs::write(&key_file, other_pkcs8).unwrap();
    let (code, doc) = doctor(&env, &["--entry", "client.example.com"]);
    assert_eq!(code, 1);
    assert_eq!(status(&doc, "private_key"), "fail");
    assert!(
        check(&doc, "private_key")["message"]
            .as_str()
            .unwrap()
            .contains("does not match"),
        "{doc:#}"
    );
    run_fix(
        &env,
        &fix_command(&doc, "private_key"),
        &[("<certificate-with-key.pfx>", &pfx)],
    );
    assert_healthy(&env, &["--entry", "client.example.com"]);
}

#[cfg(unix)]
#[test]
fn a_key_readable_by_nobody_else_fails_and_the_grant_fixes_it() {
    use std::os::unix::fs::PermissionsExt;
    let (env, pki, _) = setup();
    // The account must be able to walk to the store (a temporary folder is 0700).
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    install_all(&env, &pki);
    let key_file = env.path("store/personal/client.example.com/privkey.pem");
    assert_eq!(common::mode(&key_file) & 0o777, 0o600);
    let (code, doc) = doctor(&env, &["--account", "nobody"]);
    assert_eq!(code, 1);
    assert_eq!(status(&doc, "key_access"), "fail");
    let message = check(&doc, "key_access")["message"].as_str().unwrap();
    assert!(message.contains("nobody cannot read"), "{message}");
    assert!(message.contains("mode 0600"), "{message}");
    let fix = fix_command(&doc, "key_access");
    assert_eq!(
        fix[0][..4],
        ["certkit", "store", "grant", "client.example.com"],
        "{fix:?}"
    );
    run_fix(&env, &fix, &[]);
    let doc = assert_healthy(&env, &["--account", "nobody"]);
    assert_eq!(status(&doc, "key_access"), "pass");
    // A group account works the same way.
    let doc = assert_healthy(&env, &["--account", "nogroup"]);
    assert_eq!(status(&doc, "key_access"), "pass");
    // A second account in another group: granting its group would take the key from nobody
    // (a key file has one group), so the fix asks for one group in common instead.
    let (code, doc) = doctor(&env, &["--account", "nobody", "--account", "daemon"]);
    assert_eq!(code, 1);
    let fix = fix_text(&doc, "key_access");
    assert!(fix.contains("one group only"), "{fix}");
    assert!(!fix.contains("grant client.example.com daemon"), "{fix}");
    // An account that does not exist is named.
    let (code, doc) = doctor(&env, &["--account", "no-such-account-xyz"]);
    assert_eq!(code, 1);
    assert!(check(&doc, "key_access")["message"]
        .as_str()
        .unwrap()
        .contains("neither a user nor a group"));
}

#[test]
fn a_missing_intermediate_is_named_and_importing_it_fixes_the_chain() {
    let (env, pki, _) = setup();
    import(
        &env,
        &[&s(&pki.leaf.cert), &s(&pki.leaf.key), &s(&pki.root.cert)],
    );
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&doc, "chain"), "fail");
    let chain = check(&doc, "chain");
    assert!(
        fix_text(&doc, "chain").contains("Test Issuing CA"),
        "{chain:#}"
    );
    run_fix(
        &env,
        &fix_command(&doc, "chain"),
        &[("<ca-certificate.cer>", &pki.intermediate.cert)],
    );
    let doc = assert_healthy(&env, &[]);
    assert_eq!(status(&doc, "chain"), "pass");
}

#[test]
fn a_root_imported_into_intermediate_is_moved_by_the_printed_commands() {
    let (env, pki, _) = setup();
    import(
        &env,
        &[
            &s(&pki.leaf.cert),
            &s(&pki.leaf.key),
            &s(&pki.intermediate.cert),
        ],
    );
    import(&env, &[&s(&pki.root.cert), "--to", "intermediate"]);
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 1);
    let chain = check(&doc, "chain");
    assert_eq!(chain["status"], "fail");
    assert!(
        chain["message"]
            .as_str()
            .unwrap()
            .contains("is a root CA in intermediate"),
        "{chain:#}"
    );
    let fix = fix_command(&doc, "chain");
    let text = fix_text(&doc, "chain");
    assert!(text.contains("--to root"), "{text}");
    assert!(text.contains("--in intermediate"), "{text}");
    run_fix(&env, &fix, &[]);
    assert_healthy(&env, &[]);
    assert!(env.path("store/root/Test_Root_CA.pem").exists());
    assert!(!env.path("store/intermediate/Test_Root_CA.pem").exists());
}

/// A leaf of the test PKI made from `spec`, as a PFX with its intermediate.
fn leaf_pfx(env: &Env, pki: &Pki, name: &str, spec: &Spec) -> (Issued, std::path::PathBuf) {
    let leaf = env.issue(name, "client.example.com", Some(&pki.intermediate), spec);
    let pfx = env.pkcs12(&format!("{name}.pfx"), &leaf, &[&pki.intermediate], "", &[]);
    (leaf, pfx)
}

#[test]
fn an_expired_certificate_fails_and_is_replaced_under_the_same_name() {
    let (env, pki, renewed) = setup();
    let (_, expired) = leaf_pfx(
        &env,
        &pki,
        "expired",
        &Spec::client().valid("20250101000000Z", "20260101000000Z"),
    );
    import(&env, &[&s(&expired), &s(&pki.root.cert)]);
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&doc, "validity"), "fail");
    assert!(check(&doc, "validity")["message"]
        .as_str()
        .unwrap()
        .starts_with("expired on 2026-01-01"));
    run_fix(
        &env,
        &fix_command(&doc, "validity"),
        &[("<renewed-certificate.pfx>", &renewed)],
    );
    // Replaced under the same name: still one entry, now healthy.
    let doc = assert_healthy(&env, &[]);
    assert_eq!(doc["subjects"].as_array().unwrap().len(), 1);
}

#[test]
fn expiring_within_warn_days_is_a_warning_not_a_failure() {
    let (env, pki, _) = setup();
    let (_, soon) = leaf_pfx(
        &env,
        &pki,
        "soon",
        &Spec::client().valid("20260101000000Z", "20270615000000Z"),
    );
    import(&env, &[&s(&soon), &s(&pki.root.cert)]);
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(status(&doc, "validity"), "warn");
    assert!(!fix_command(&doc, "validity").is_empty());
    let (_, doc) = doctor(&env, &["--warn-days", "7"]);
    assert_eq!(status(&doc, "validity"), "pass");
}

#[test]
fn a_certificate_without_client_auth_fails_usage_and_the_reissued_one_passes() {
    let (env, pki, reissued) = setup();
    let (_, server_only) = leaf_pfx(
        &env,
        &pki,
        "server-only",
        &Spec::client().extensions(
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n",
        ),
    );
    import(&env, &[&s(&server_only), &s(&pki.root.cert)]);
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 1);
    assert_eq!(status(&doc, "usage"), "fail");
    assert!(check(&doc, "usage")["message"]
        .as_str()
        .unwrap()
        .contains("clientAuth"));
    run_fix(
        &env,
        &fix_command(&doc, "usage"),
        &[("<reissued-certificate.pfx>", &reissued)],
    );
    assert_healthy(&env, &[]);
}

#[test]
fn two_entries_for_one_certificate_fail_and_removing_the_extra_fixes_it() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    // The defect on purpose: a copy of the entry under another name.
    let personal = env.path("store/personal");
    let out = std::process::Command::new("cp")
        .args(["-a", "client.example.com", "client-copy"])
        .current_dir(&personal)
        .output()
        .unwrap();
    assert!(out.status.success());
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 1);
    let subjects = doc["subjects"].as_array().unwrap();
    assert_eq!(subjects.len(), 2);
    let fixes: Vec<&Value> = subjects
        .iter()
        .map(|s| {
            let dup = s["checks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == "duplicates")
                .unwrap();
            assert_eq!(dup["status"], "fail");
            &dup["fix"]
        })
        .collect();
    // Both entries print the same fix, so running either leaves exactly one.
    assert_eq!(fixes[0], fixes[1]);
    run_fix(&env, &fix_command(&doc, "duplicates"), &[]);
    let doc = assert_healthy(&env, &[]);
    assert_eq!(doc["subjects"].as_array().unwrap().len(), 1);
}

#[test]
fn an_export_folder_with_a_wrong_name_and_different_bytes_fails_and_is_repaired() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    let shared = env.path("shared");
    std::fs::create_dir(&shared).unwrap();
    // Our certificate under the wrong name, and other bytes under the right one.
    env.to_der(&pki.leaf.cert, "shared/CLIENT-old.cer");
    env.to_der(&pki.intermediate.cert, "shared/client.example.com.cer");
    let (code, doc) = doctor(&env, &["--export-dir", "shared"]);
    assert_eq!(code, 1);
    let export = check(&doc, "export");
    assert_eq!(export["status"], "fail");
    let message = export["message"].as_str().unwrap();
    assert!(message.contains("other bytes"), "{message}");
    assert!(message.contains("CLIENT-old.cer"), "{message}");
    let fix = fix_command(&doc, "export");
    assert!(fix_text(&doc, "export").contains("--force"), "{fix:?}");
    run_fix(&env, &fix, &[]);
    assert_healthy(&env, &["--export-dir", "shared"]);
    assert_eq!(
        common::dir_entries(&shared),
        vec!["client.example.com.cer".to_string()]
    );
    // --name: the name configured on the other servers.
    let (_, doc) = doctor(&env, &["--export-dir", "shared", "--name", "partner-api"]);
    assert_eq!(status(&doc, "export"), "fail");
    run_fix(&env, &fix_command(&doc, "export"), &[]);
    let doc = assert_healthy(&env, &["--export-dir", "shared", "--name", "partner-api"]);
    assert_eq!(status(&doc, "export"), "pass");
}

#[test]
fn a_file_is_examined_as_it_would_be_installed() {
    let (env, pki, _) = setup();
    // OpenSSL 3's default PKCS#12 is AES: Windows Server 2016 and Java 8 refuse it.
    let aes = env.pkcs12("aes.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    let (code, doc) = doctor(
        &env,
        &[
            &s(&aes),
            "--password",
            "secret",
            "--platform",
            "windows-2016",
            "--platform",
            "java17",
        ],
    );
    assert_eq!(code, 1);
    let opens = check(&doc, "opens");
    assert_eq!(opens["status"], "fail");
    assert!(opens["message"].as_str().unwrap().contains("windows-2016"));
    assert!(fix_text(&doc, "opens").contains("--profile legacy"));
    // The command is a command: no advice inside it.
    assert!(fix_command(&doc, "opens")[0]
        .iter()
        .all(|w| !w.contains(' ')));
    assert_eq!(doc["subjects"][0]["kind"], "file");
    // Not installed yet: the root is unknown to the store.
    assert_eq!(status(&doc, "chain"), "fail");
    assert_eq!(status(&doc, "key_access"), "skipped");
    // The Mendix runtime is a JVM: java17 opens AES files.
    let (_, doc) = doctor(
        &env,
        &[&s(&aes), "--password", "secret", "--platform", "mendix"],
    );
    assert_eq!(status(&doc, "opens"), "pass", "{doc:#}");
    // A wrong password is an error, not a finding.
    let (code, doc) = doctor(&env, &[&s(&aes), "--password", "wrong"]);
    assert_eq!(code, 2);
    assert_eq!(doc["error"]["kind"], "wrong_password");
}

// ---- --host against openssl s_server ----

/// `openssl s_server` with the server certificate of the test root; `ca_names` is the file
/// whose CAs it lists (and trusts) for client certificates; `verify` asks for one.
fn s_server(env: &Env, server: &Issued, ca_names: &Path, verify: bool) -> Server {
    let cert = s(&server.cert);
    let key = s(&server.key);
    let ca = s(ca_names);
    env.start_server("s_server", "openssl", move |port| {
        let mut args: Vec<String> = vec![
            "s_server".into(),
            "-accept".into(),
            format!("127.0.0.1:{port}"),
            "-cert".into(),
            cert.clone(),
            "-key".into(),
            key.clone(),
            "-CAfile".into(),
            ca.clone(),
            "-quiet".into(),
        ];
        if verify {
            args.extend(["-Verify".into(), "2".into(), "-verify_return_error".into()]);
        }
        args
    })
}

#[test]
fn handshake_with_the_right_ca_list_passes() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
    let s_server = s_server(&env, &server, &pki.root.cert, true);
    let host = format!("127.0.0.1:{}", s_server.port);
    let doc = assert_healthy(&env, &["--host", &host]);
    let handshake = check(&doc, "handshake");
    assert_eq!(handshake["status"], "pass", "{}", s_server.log());
    let message = handshake["message"].as_str().unwrap();
    assert!(message.contains("Test Root CA"), "{message}");
    assert!(message.contains("TLSv1."), "{message}");
}

#[test]
fn handshake_with_a_foreign_ca_list_fails_naming_the_cas() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    let other = env.issue("other-root", "Other Root CA", None, &Spec::ca());
    let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
    let s_server = s_server(&env, &server, &other.cert, true);
    let host = format!("127.0.0.1:{}", s_server.port);
    let (code, doc) = doctor(&env, &["--host", &host]);
    assert_eq!(code, 1);
    let handshake = check(&doc, "handshake");
    assert_eq!(handshake["status"], "fail");
    let message = handshake["message"].as_str().unwrap();
    assert!(message.contains("Other Root CA"), "{message}");
    assert!(message.contains("reaches none"), "{message}");
    assert!(fix_text(&doc, "handshake").contains("--chain"));
}

#[test]
fn handshake_with_a_server_that_asks_for_no_certificate_fails() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
    let s_server = s_server(&env, &server, &pki.root.cert, false);
    let host = format!("127.0.0.1:{}", s_server.port);
    let (code, doc) = doctor(&env, &["--host", &host]);
    assert_eq!(code, 1);
    let handshake = check(&doc, "handshake");
    assert_eq!(handshake["status"], "fail");
    assert!(handshake["message"]
        .as_str()
        .unwrap()
        .contains("did not ask for a client certificate"));
}

#[test]
fn usage_errors_exit_2() {
    let env = Env::new();
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 2);
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no personal entries"));
}

/// A missing export folder is treated as `export` treats it: not an error; the export check
/// fails naming the folder, and its fix (`certkit export`) creates it and says so.
#[test]
fn a_missing_export_folder_fails_the_export_check_and_its_fix_creates_it() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    let (code, doc) = doctor(&env, &["--export-dir", "shared/certificates"]);
    assert_eq!(code, 1, "{doc}");
    let export = check(&doc, "export");
    assert_eq!(export["status"], "fail");
    let message = export["message"].as_str().unwrap();
    assert!(
        message.contains("the folder shared/certificates does not exist"),
        "{message}"
    );
    let fix = fix_command(&doc, "export");
    assert!(
        fix[0]
            .windows(3)
            .any(|w| w == ["export", "--der", "shared/certificates"]),
        "{fix:?}"
    );
    run_fix(&env, &fix, &[]);
    assert!(env.path("shared/certificates").is_dir());
    assert_healthy(&env, &["--export-dir", "shared/certificates"]);
}

#[test]
fn a_revoked_certificate_fails_and_is_replaced_by_a_new_one() {
    let (env, pki, _) = setup();
    install_all(&env, &pki);
    // The issuing CA revokes the leaf: `openssl ca` with the database the leaf was issued from.
    let config = env.path(".ca-client/ca.cnf");
    let (config, leaf, ca, key) = (
        s(&config),
        s(&pki.leaf.cert),
        s(&pki.intermediate.cert),
        s(&pki.intermediate.key),
    );
    let ca_args = ["-config", &config, "-cert", &ca, "-keyfile", &key];
    let out = env.openssl(&[&["ca", "-batch", "-revoke", &leaf][..], &ca_args[..]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = env.openssl(
        &[
            &[
                "ca",
                "-batch",
                "-gencrl",
                "-crldays",
                "900",
                "-out",
                "issuing.crl",
            ][..],
            &ca_args[..],
        ]
        .concat(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    import(&env, &[&s(&env.path("issuing.crl"))]);
    let (code, doc) = doctor(&env, &[]);
    assert_eq!(code, 1);
    let revocation = check(&doc, "revocation");
    assert_eq!(revocation["status"], "fail", "{revocation:#}");
    assert!(revocation["message"].as_str().unwrap().contains("revoked"));
    // A new certificate for the same key pair and subject (a new serial, not on the CRL).
    let renewed = env.issue(
        "renewed",
        "client.example.com",
        Some(&pki.intermediate),
        &Spec::client(),
    );
    let renewed_pfx = env.pkcs12("renewed.pfx", &renewed, &[&pki.intermediate], "", &[]);
    run_fix(
        &env,
        &fix_command(&doc, "revocation"),
        &[("<renewed-certificate.pfx>", &renewed_pfx)],
    );
    let doc = assert_healthy(&env, &[]);
    let revocation = check(&doc, "revocation");
    assert_eq!(revocation["status"], "pass", "{revocation:#}");
    assert!(revocation["message"].as_str().unwrap().contains("good"));
    // Offline: not checked.
    let (_, doc) = doctor(&env, &["--revocation", "off"]);
    assert_eq!(status(&doc, "revocation"), "skipped");
}

#[test]
fn an_entry_is_examined_without_reading_the_password_source_a_file_would_need() {
    let (env, pki, pfx) = setup();
    install_all(&env, &pki);
    let missing = env.path("no-such-password.txt");
    // The store's entries need no password: the password file is never read.
    assert_healthy(
        &env,
        &[
            "--entry",
            "client.example.com",
            "--password-file",
            &s(&missing),
        ],
    );
    // A file to open does need it: reading it fails, naming the file.
    let (code, doc) = doctor(&env, &[&s(&pfx), "--password-file", &s(&missing)]);
    assert_eq!(code, 2, "{doc:#}");
    assert!(
        doc["error"].to_string().contains("no-such-password.txt"),
        "{doc:#}"
    );
}
