//! `certkit config`'s checks and writes, on any target: every refusal (exit 2, one line,
//! nothing written), a root known nowhere here (a warning, the files written), a missing
//! intermediate downloaded from its AIA URL, existing files kept without `--force`, and targets
//! sharing one output folder.

mod common;

use common::config::{assert_private, Setup};
use common::{json, Spec};
use serde_json::Value;

impl Setup {
    /// `certkit config ARGS` expected to be refused: the one stderr line. Checks that
    /// nothing was written into `out`.
    fn refused(&self, args: &[&str]) -> String {
        let out = self
            .env
            .certkit()
            .args(["config", "--out-dir", "refused"])
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "not refused: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
        let written = std::fs::read_dir(self.env.path("refused"))
            .map(|d| d.count())
            .unwrap_or(0);
        assert_eq!(written, 0, "files were written despite the refusal");
        stderr
    }
}

#[test]
fn refusals_leave_nothing_written() {
    let s = Setup::new();
    let root = s.root();
    let leaf = s.pki.leaf.cert.display().to_string();
    // No private key.
    let e = s.refused(&["mendix", "--cert", &leaf, "--ca", &root]);
    assert!(e.contains("no private key"), "{e}");
    // A key that belongs to another certificate.
    let other_key = s.env.key("unrelated", common::KeyType::EcP256);
    let mixed = s.env.concat("mixed.pem", &[&s.pki.leaf.cert, &other_key]);
    let e = s.refused(&["nginx", "--cert", mixed.to_str().unwrap(), "--ca", &root]);
    assert!(e.contains("does not match"), "{e}");
    // The issuing CA is missing (and names no AIA URL): the server could not build the path.
    let e = s.refused(&[
        "curl",
        "--cert",
        "no-intermediate.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
    ]);
    assert!(
        e.contains("incomplete") && e.contains("Test Issuing CA"),
        "{e}"
    );
    // Expired.
    let e = s.refused(&[
        "java",
        "--cert",
        "expired.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
    ]);
    assert!(e.contains("expired"), "{e}");
    // Not for client authentication.
    let e = s.refused(&[
        "mendix",
        "--cert",
        "server-purpose.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
    ]);
    assert!(e.contains("client authentication"), "{e}");
    // Mendix: a comma in a path or a password, a scheme in a host key, an unknown name, an
    // empty name.
    let base = [
        "mendix",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
    ];
    let e = s.refused(&[&base[..], &[&root, "--install-dir", "D:\\a,b"]].concat());
    assert!(e.contains("comma"), "{e}");
    let e = s.refused(&[&base[..], &[&root, "--new-password", "a,b"]].concat());
    assert!(e.contains("comma") && !e.contains("a,b"), "{e}");
    let e = s.refused(
        &[
            &base[..],
            &[&root, "--map", "https://api.partner.example=billing"],
        ]
        .concat(),
    );
    assert!(
        e.contains("without scheme") && e.contains("--map api.partner.example=NAME"),
        "{e}"
    );
    let e = s.refused(&[&base[..], &[&root, "--map", "api.partner.example=payroll"]].concat());
    assert!(e.contains("no certificate is named \"payroll\""), "{e}");
    let e = s.refused(&[&base[..], &[&root, "--map", "api.partner.example="]].concat());
    assert!(e.contains("no certificate"), "{e}");
    // One certificate per process for curl and java.
    let e = s.refused(&[
        "curl",
        "--cert",
        "a=good.pfx",
        "--cert",
        "b=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
    ]);
    assert!(e.contains("one client certificate"), "{e}");
}

#[test]
fn existing_files_are_kept_without_force() {
    let s = Setup::new();
    let root = s.root();
    std::fs::create_dir_all(s.env.path("refused")).unwrap();
    s.env.write("refused/billing.key", "keep me");
    let out = s
        .env
        .certkit()
        .args([
            "config",
            "nginx",
            "--cert",
            "billing=good.pfx",
            "--password",
            "secret",
        ])
        .args(["--ca", &root, "--out-dir", "refused"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let names: Vec<_> = std::fs::read_dir(s.env.path("refused")).unwrap().collect();
    assert_eq!(names.len(), 1, "nothing else was written");
    assert_eq!(s.env.read("refused/billing.key"), b"keep me");
    let out = s
        .env
        .certkit()
        .args([
            "config",
            "nginx",
            "--cert",
            "billing=good.pfx",
            "--password",
            "secret",
        ])
        .args(["--ca", &root, "--out-dir", "refused", "--force"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_private(s.env.path("refused/billing.key").to_str().unwrap());
}

/// `certkit config ARGS` (JSON) in the test's folder: exit code, report, stderr.
fn config_raw(s: &Setup, args: &[&str]) -> (i32, Value, String) {
    let out = s
        .env
        .certkit()
        .args(["--json", "config"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap();
    (code, json(&out), stderr)
}

#[test]
fn an_unknown_root_is_a_warning_naming_it_and_the_configuration_is_written() {
    let s = Setup::new();
    // The partner's PFX holds the leaf and its intermediate; the root is nowhere here.
    let (code, doc, stderr) = config_raw(
        &s,
        &[
            "mendix",
            "--cert",
            "billing=good.pfx",
            "--password",
            "secret",
            "--no-store",
            "--out-dir",
            "out",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("must trust \"CN=Test Root CA"),
        "{stderr}"
    );
    let notes = doc["notes"].as_array().unwrap();
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("must trust")),
        "{doc:#}"
    );
    assert_eq!(
        doc["certificates"][0]["root"],
        "CN=Test Root CA, O=certkit tests"
    );
    // The PFX presents the leaf and the intermediate, as the platform would either way.
    let pfx = s.env.path("out/billing.pfx");
    let password = std::fs::read_to_string(s.env.path("out/billing.pfx.password")).unwrap();
    let password = password.trim();
    let out = s
        .env
        .certkit()
        .args(["--json", "inspect"])
        .arg(&pfx)
        .args(["--password", password])
        .output()
        .unwrap();
    let report = json(&out);
    assert_eq!(
        report["inputs"][0]["certificates"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "{report:#}"
    );
}

#[test]
fn a_missing_intermediate_is_downloaded_from_its_aia_url() {
    let s = Setup::new();
    std::fs::create_dir(s.env.path("www")).unwrap();
    let server = common::http::HttpServer::start(&s.env.path("www"));
    s.env.to_der(&s.pki.intermediate.cert, "www/issuing-ca.cer");
    let mut spec = Spec::client();
    spec.extensions.push_str(&format!(
        "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:{}/issuing-ca.cer\n",
        server.port
    ));
    let leaf = s.env.issue(
        "aia-client",
        "aia.example.com",
        Some(&s.pki.intermediate),
        &spec,
    );
    s.env.pkcs12("aia.pfx", &leaf, &[], "secret", &[]);
    s.config(&[
        "nginx",
        "--cert",
        "billing=aia.pfx",
        "--password",
        "secret",
        "--ca",
        &s.root(),
        "--out-dir",
        "out",
    ]);
    let chain = std::fs::read_to_string(s.env.path("out/billing.crt")).unwrap();
    assert_eq!(chain.matches("BEGIN CERTIFICATE").count(), 2, "{chain}");
    // Without the download (the server stopped) the intermediate is missing: refused.
    drop(server);
    let e = s.refused(&[
        "nginx",
        "--cert",
        "billing=aia.pfx",
        "--password",
        "secret",
        "--ca",
        &s.root(),
    ]);
    assert!(e.contains("Test Issuing CA"), "{e}");
}

#[test]
fn targets_share_an_output_folder() {
    let s = Setup::new();
    let root = s.root();
    let args = |target: &'static str, extra: &[&'static str]| -> Vec<String> {
        let mut args: Vec<String> = [target, "--cert", "billing=good.pfx", "--password"]
            .iter()
            .map(|a| a.to_string())
            .collect();
        args.extend(["secret", "--ca", &root, "--out-dir", "out"].map(String::from));
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        config_raw(&s, &args)
    };
    let (code, _, stderr) = run(args("mendix", &[]));
    assert_eq!(code, 0, "{stderr}");
    let pfx = s.env.read("out/billing.pfx");
    let password = s.env.read("out/billing.pfx.password");
    // The same PKCS#12 file and password serve the second target: nothing to replace.
    let (code, _, stderr) = run(args("mendix-m2ee", &[]));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(s.env.read("out/billing.pfx"), pfx);
    assert_eq!(s.env.read("out/billing.pfx.password"), password);
    assert!(s.env.path("out/m2ee-mxruntime.yaml").exists());
    // A file with other contents is still a conflict, and nothing is written.
    std::fs::write(s.env.path("out/billing.pfx"), b"other bytes").unwrap();
    std::fs::remove_file(s.env.path("out/m2ee-mxruntime.yaml")).unwrap();
    let (code, _, stderr) = run(args("mendix-m2ee", &[]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("billing.pfx already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(s.env.read("out/billing.pfx"), b"other bytes");
    assert!(!s.env.path("out/m2ee-mxruntime.yaml").exists());
    let (code, _, stderr) = run(args("mendix-m2ee", &["--force"]));
    assert_eq!(code, 0, "{stderr}");
    assert_ne!(s.env.read("out/billing.pfx"), b"other bytes");
}
