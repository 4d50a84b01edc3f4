//! `certkit connect` against `openssl s_server` on 127.0.0.1, with a PKI made at test time:
//! accepted and rejected client certificates in TLS 1.2 and 1.3, each rejection explained, the
//! acceptable CA names, the server's trust and name check, and an https URL's HTTP status.

mod common;

use std::path::PathBuf;

use common::{client_certificate_cases, json, openssl_sha1, Env, Issued, Pki, Server, Spec};
use serde_json::Value;

/// The PKI, the server certificate (issued by the test root for localhost and 127.0.0.1) and
/// one PFX per client-certificate case.
struct Setup {
    env: Env,
    pki: Pki,
    server: Issued,
    other_root: Issued,
}

impl Setup {
    fn new() -> Setup {
        let env = Env::new();
        let pki = env.pki();
        let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
        let other_root = client_certificate_cases(&env, &pki);
        let server_only = env.issue(
            "server-purpose",
            "wrong-purpose.example.com",
            Some(&pki.intermediate),
            &Spec::server(),
        );
        env.pkcs12(
            "server-purpose.pfx",
            &server_only,
            &[&pki.intermediate],
            "secret",
            &[],
        );
        Setup {
            env,
            pki,
            server,
            other_root,
        }
    }

    /// `openssl s_server` requiring a client certificate from the test root, plus `extra`.
    fn s_server(&self, extra: &[&str]) -> Server {
        let cert = self.server.cert.display().to_string();
        let key = self.server.key.display().to_string();
        let root = self.pki.root.cert.display().to_string();
        let extra: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
        self.env.start_server("s_server", "openssl", move |port| {
            let mut args: Vec<String> = [
                "s_server",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                &cert,
                "-key",
                &key,
                "-CAfile",
                &root,
                "-quiet",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            args.extend(extra.iter().cloned());
            args
        })
    }

    fn root(&self) -> String {
        self.pki.root.cert.display().to_string()
    }

    /// `certkit --json connect TARGET ARGS... --ca root.pem`: (exit code, report).
    fn connect(&self, target: &str, args: &[&str]) -> (i32, Value) {
        let root = self.root();
        let out = self
            .env
            .certkit()
            .args([
                "--json",
                "connect",
                target,
                "--ca",
                &root,
                "--timeout",
                "10s",
            ])
            .args(args)
            .output()
            .unwrap();
        let code = out.status.code().expect("exit code");
        let doc = json(&out);
        // The report is a contract: it must deserialize into the typed struct.
        if doc.get("outcome").is_some() {
            serde_json::from_value::<certkit::ops::connect::ConnectReport>(doc.clone())
                .unwrap_or_else(|e| panic!("report does not deserialize: {e}\n{doc:#}"));
        }
        (code, doc)
    }

    fn pfx(&self, name: &str) -> PathBuf {
        self.env.path(name)
    }
}

fn explanation(doc: &Value) -> String {
    doc["outcome"]["explanation"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Every client-certificate case against one s_server pinned to `version` by the client.
fn all_cases(version_flag: &str, version_name: &str) {
    let setup = Setup::new();
    let server = setup.s_server(&["-Verify", "1", "-verify_return_error"]);
    let target = format!("127.0.0.1:{}", server.port);
    let with = |pfx: &str| {
        let path = setup.pfx(pfx).display().to_string();
        setup.connect(
            &target,
            &["--cert", &path, "--password", "secret", version_flag],
        )
    };
    let context = |doc: &Value| format!("{doc:#}\nserver log:\n{}", server.log());

    // Accepted: the right PFX (leaf + intermediate).
    let (code, doc) = with("good.pfx");
    assert_eq!(code, 0, "{}", context(&doc));
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert_eq!(doc["tls"]["version"], version_name);
    assert!(doc["tls"]["cipher"].as_str().is_some_and(|c| !c.is_empty()));
    let client = &doc["client_certificate"];
    assert_eq!(client["requested"], true);
    assert_eq!(client["requested_after_handshake"], false);
    assert_eq!(
        client["acceptable_ca_names"],
        serde_json::json!(["CN=Test Root CA, O=certkit tests"])
    );
    assert_eq!(client["chain_matches_ca_names"], true);
    assert_eq!(client["chain_reaches"], "CN=Test Root CA, O=certkit tests");
    let sent = client["sent"].as_array().unwrap();
    assert_eq!(sent.len(), 2, "leaf and intermediate, never the root");
    assert_eq!(
        sent[0]["thumbprint"],
        openssl_sha1(&setup.env, &setup.pki.leaf.cert)
    );
    assert_eq!(
        sent[1]["thumbprint"],
        openssl_sha1(&setup.env, &setup.pki.intermediate.cert)
    );
    let server_report = &doc["server"];
    assert_eq!(server_report["trusted"], true);
    assert_eq!(server_report["checked_name"], "127.0.0.1");
    assert_eq!(
        server_report["chain"][0]["thumbprint"],
        openssl_sha1(&setup.env, &setup.server.cert)
    );
    assert_eq!(
        server_report["chain"][0]["subject"],
        "CN=localhost, O=certkit tests"
    );
    assert!(explanation(&doc).contains("accepted the client certificate CN=client.example.com"));

    // Rejected: the PFX lacks the intermediate.
    let (code, doc) = with("no-intermediate.pfx");
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["outcome"]["result"], "rejected");
    assert_eq!(
        doc["outcome"]["alert"]["name"],
        "unknown_ca",
        "{}",
        context(&doc)
    );
    assert_eq!(doc["outcome"]["alert"]["code"], 48);
    let text = explanation(&doc);
    assert!(
        text.contains("does not trust your issuing CA (CN=Test Issuing CA, O=certkit tests)")
            && text.contains("send the intermediate certificate"),
        "{text}"
    );
    assert_eq!(
        doc["client_certificate"]["sent"].as_array().unwrap().len(),
        1
    );
    assert_eq!(doc["client_certificate"]["chain_matches_ca_names"], false);
    assert!(doc["client_certificate"]["ca_names_note"]
        .as_str()
        .unwrap()
        .contains("ends at CN=Test Issuing CA, O=certkit tests"));

    // Rejected: an expired certificate.
    let (code, doc) = with("expired.pfx");
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(
        doc["outcome"]["alert"]["name"],
        "certificate_expired",
        "{}",
        context(&doc)
    );
    let text = explanation(&doc);
    assert!(
        text.contains("your certificate has expired (it expired on 2025-01-01)"),
        "{text}"
    );

    // Rejected: no certificate at all.
    let (code, doc) = setup.connect(&target, &[version_flag]);
    assert_eq!(code, 1, "{}", context(&doc));
    let expected_alert = if version_name == "TLSv1.3" {
        "certificate_required"
    } else {
        "handshake_failure"
    };
    assert_eq!(doc["outcome"]["alert"]["name"], expected_alert);
    assert!(
        explanation(&doc).contains("requires a client certificate and none was sent"),
        "{}",
        explanation(&doc)
    );
    assert_eq!(doc["client_certificate"]["requested"], true);
    assert_eq!(doc["client_certificate"]["sent"], serde_json::json!([]));

    // Rejected: a certificate from another CA.
    let (code, doc) = with("other-ca.pfx");
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["outcome"]["alert"]["name"], "unknown_ca");
    let text = explanation(&doc);
    assert!(
        text.contains(
            "does not trust your issuing CA (CN=Other Root CA, O=certkit tests, a root CA)"
        ) && text.contains("the server accepts certificates from: CN=Test Root CA"),
        "{text}"
    );
    assert_eq!(doc["client_certificate"]["chain_matches_ca_names"], false);
    assert_eq!(
        doc["client_certificate"]["root"]["thumbprint"],
        openssl_sha1(&setup.env, &setup.other_root.cert)
    );

    // Rejected: a certificate for servers only (no clientAuth).
    let (code, doc) = with("server-purpose.pfx");
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["outcome"]["alert"]["name"], "unsupported_certificate");
    assert!(
        explanation(&doc).contains("clientAuth"),
        "{}",
        explanation(&doc)
    );
}

#[test]
fn tls12_accepted_and_each_rejection_explained() {
    all_cases("--tls1.2", "TLSv1.2");
}

#[test]
fn tls13_accepted_and_each_rejection_explained() {
    all_cases("--tls1.3", "TLSv1.3");
}

#[test]
fn https_url_reports_the_http_status() {
    let setup = Setup::new();
    let server = setup.s_server(&["-Verify", "1", "-verify_return_error", "-www"]);
    let url = format!("https://127.0.0.1:{}/status", server.port);
    let good = setup.pfx("good.pfx").display().to_string();
    let (code, doc) = setup.connect(&url, &["--cert", &good, "--password", "secret"]);
    assert_eq!(code, 0, "{doc:#}\n{}", server.log());
    assert_eq!(doc["http"]["request"], "GET /status");
    assert_eq!(doc["http"]["status"], 200);
    assert!(doc["http"]["status_line"]
        .as_str()
        .unwrap()
        .starts_with("HTTP/1.0 200"));
    assert_eq!(doc["outcome"]["result"], "accepted");

    // The human rendering says the same.
    let root = setup.root();
    let out = setup
        .env
        .certkit()
        .args([
            "connect",
            &url,
            "--cert",
            &good,
            "--password",
            "secret",
            "--ca",
            &root,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("Outcome: ACCEPTED"), "{text}");
    assert!(text.contains("HTTP: GET /status -> HTTP/1.0 200"), "{text}");
    assert!(text.contains("CN=Test Root CA, O=certkit tests"), "{text}");

    // Without a certificate the TLS 1.3 verdict arrives instead of the HTTP answer.
    let (code, doc) = setup.connect(&url, &["--tls1.3"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["outcome"]["alert"]["name"], "certificate_required");
    assert!(doc["http"]["status"].is_null());
}

/// A server that completes the handshake and never answers the request: the check failed
/// (exit 1, the connect document, the outcome line says why), not an error of the command.
#[test]
fn no_http_answer_is_a_failed_check_not_an_error() {
    let setup = Setup::new();
    // Without -www, s_server reads the request and answers nothing.
    let server = setup.s_server(&["-Verify", "1", "-verify_return_error"]);
    let url = format!("https://127.0.0.1:{}/status", server.port);
    let good = setup.pfx("good.pfx").display().to_string();
    let root = setup.root();
    let args = [
        "connect",
        &url,
        "--cert",
        &good,
        "--password",
        "secret",
        "--ca",
        &root,
        "--timeout",
        "2s",
    ];
    let out = setup
        .env
        .certkit()
        .arg("--json")
        .args(args)
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(out.status.code(), Some(1), "{doc:#}\n{}", server.log());
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert!(doc["http"]["status"].is_null(), "{doc:#}");
    assert!(doc.get("error").is_none(), "{doc:#}");
    let out = setup.env.certkit().args(args).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("Outcome: ACCEPTED, but the server gave no HTTP answer (exit 1)"),
        "{text}"
    );
}

#[test]
fn optional_certificate_no_ca_names_and_server_trust() {
    let setup = Setup::new();
    // -verify (lower case): asks for a certificate but does not require one.
    let server = setup.s_server(&["-verify", "1", "-no_ca_names"]);
    let target = format!("127.0.0.1:{}", server.port);
    let (code, doc) = setup.connect(&target, &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert_eq!(doc["client_certificate"]["requested"], true);
    assert_eq!(
        doc["client_certificate"]["acceptable_ca_names"],
        serde_json::json!([])
    );
    assert!(explanation(&doc).contains("accepted the connection without one"));

    // The server's certificate does not name this host: not trusted, exit 1 unless --insecure.
    let (code, doc) = setup.connect(&target, &["--servername", "api.example.com"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert_eq!(doc["server"]["trusted"], false);
    let why = doc["server"]["explanation"].as_str().unwrap();
    assert!(
        why.contains("not valid for \"api.example.com\"") && why.contains("localhost, 127.0.0.1"),
        "{why}"
    );
    let (code, _) = setup.connect(&target, &["--servername", "api.example.com", "--insecure"]);
    assert_eq!(code, 0);

    // Anchored by the wrong root: the chain does not lead to a trusted root.
    let other = setup.other_root.cert.display().to_string();
    let out = setup
        .env
        .certkit()
        .args(["--json", "connect", &target, "--ca", &other])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["server"]["trusted"], false);
    assert!(doc["server"]["explanation"]
        .as_str()
        .unwrap()
        .contains("give its root CA with --ca"));
}

#[test]
fn unreachable_server_and_unreadable_certificate_are_errors() {
    let env = Env::new();
    let port = common::free_port();
    let out = env
        .certkit()
        .args(["--json", "connect", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["error"]["kind"], "network");
    assert!(String::from_utf8_lossy(&out.stderr).contains("connection refused"));

    env.write("garbage.pfx", b"not a certificate");
    let out = env
        .certkit()
        .args([
            "connect",
            &format!("127.0.0.1:{port}"),
            "--cert",
            "garbage.pfx",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("garbage.pfx"));
}

#[test]
fn server_chain_through_an_intermediate_and_an_intermediate_as_anchor() {
    let setup = Setup::new();
    let pki = &setup.pki;
    let server_cert = setup.env.issue(
        "server-via-intermediate",
        "localhost",
        Some(&pki.intermediate),
        &Spec::server(),
    );
    let cert = server_cert.cert.display().to_string();
    let key = server_cert.key.display().to_string();
    let chain = pki.intermediate.cert.display().to_string();
    let root = setup.root();
    let server = setup
        .env
        .start_server("s_server-chain", "openssl", move |port| {
            [
                "s_server",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                &cert,
                "-key",
                &key,
                "-cert_chain",
                &chain,
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
    let target = format!("localhost:{}", server.port);
    let good = setup.pfx("good.pfx").display().to_string();
    let (code, doc) = setup.connect(&target, &["--cert", &good, "--password", "secret"]);
    assert_eq!(code, 0, "{doc:#}\n{}", server.log());
    let chain = doc["server"]["chain"].as_array().unwrap();
    assert_eq!(chain.len(), 2, "{doc:#}");
    assert_eq!(chain[1]["subject"], "CN=Test Issuing CA, O=certkit tests");
    assert_eq!(doc["server"]["trusted"], true);
    assert_eq!(doc["server"]["checked_name"], "localhost");

    // The issuing CA alone, given with --ca, anchors the chain (as with curl).
    let intermediate = pki.intermediate.cert.display().to_string();
    let out = setup
        .env
        .certkit()
        .args(["--json", "connect", &target, "--ca", &intermediate])
        .args(["--cert", &good, "--password", "secret"])
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(out.status.code(), Some(0), "{doc:#}");
    assert_eq!(doc["server"]["trusted"], true);
    assert_eq!(doc["server"]["anchors"], serde_json::json!([intermediate]));
}

/// The store's roots anchor the server check without --ca (as Windows trusts its Trusted Root
/// store); --no-store leaves them out.
#[test]
fn the_stores_root_anchors_the_server_check() {
    let setup = Setup::new();
    let server = setup.s_server(&["-Verify", "1", "-verify_return_error"]);
    let target = format!("127.0.0.1:{}", server.port);
    let root = setup.root();
    let out = setup
        .env
        .certkit()
        .args(["import", &root])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pfx = setup.pfx("good.pfx").display().to_string();
    let run = |extra: &[&str]| {
        let out = setup
            .env
            .certkit()
            .args([
                "--json",
                "connect",
                &target,
                "--cert",
                &pfx,
                "--password",
                "secret",
            ])
            .args(extra)
            .output()
            .unwrap();
        (out.status.code().unwrap(), json(&out))
    };
    let (code, doc) = run(&[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["server"]["trusted"], true, "{doc:#}");
    let (code, doc) = run(&["--no-store"]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(doc["server"]["trusted"], false, "{doc:#}");
}

/// `connect` and `verify-chain --purpose server` check the same server chain with the same
/// engine and the same anchors: they agree on the verdict and on the anchor reached, for a
/// trusted chain, an intermediate as the anchor, a missing intermediate and an untrusted root.
#[test]
fn connect_and_verify_chain_agree_on_the_server_chain() {
    let setup = Setup::new();
    let pki = &setup.pki;
    let env = &setup.env;
    let server_cert = env.issue(
        "server-agree",
        "localhost",
        Some(&pki.intermediate),
        &Spec::server(),
    );
    let full_chain = env.concat(
        "server-agree-chain.pem",
        &[&server_cert.cert, &pki.intermediate.cert],
    );
    let start = |name: &str, chain: Option<&std::path::Path>| {
        let cert = server_cert.cert.display().to_string();
        let key = server_cert.key.display().to_string();
        let chain = chain.map(|c| c.display().to_string());
        env.start_server(name, "openssl", move |port| {
            let mut args: Vec<String> = [
                "s_server",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                &cert,
                "-key",
                &key,
                "-quiet",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            if let Some(chain) = &chain {
                args.extend(["-cert_chain".to_string(), chain.clone()]);
            }
            args
        })
    };
    let with_intermediate = start("s_server-agree-full", Some(&pki.intermediate.cert));
    let leaf_only = start("s_server-agree-leaf", None);

    let root = pki.root.cert.display().to_string();
    let intermediate = pki.intermediate.cert.display().to_string();
    let other_root = setup.other_root.cert.display().to_string();
    let cases: [(&str, &Server, &std::path::Path, &str, Option<&str>); 4] = [
        (
            "trusted chain",
            &with_intermediate,
            &full_chain,
            &root,
            Some("CN=Test Root CA, O=certkit tests"),
        ),
        (
            "the intermediate as anchor",
            &with_intermediate,
            &full_chain,
            &intermediate,
            Some("CN=Test Issuing CA, O=certkit tests"),
        ),
        (
            "missing intermediate",
            &leaf_only,
            &server_cert.cert,
            &root,
            None,
        ),
        (
            "untrusted root",
            &with_intermediate,
            &full_chain,
            &other_root,
            None,
        ),
    ];
    for (name, server, sent_chain, ca, anchor) in cases {
        let target = format!("localhost:{}", server.port);
        let out = env
            .certkit()
            .args(["--json", "connect", &target, "--ca", ca])
            .output()
            .unwrap();
        let connect = json(&out);
        let sent_chain = sent_chain.display().to_string();
        let out = env
            .certkit()
            .args(["--json", "verify-chain", &sent_chain, "--purpose", "server"])
            .args(["--ca", ca])
            .output()
            .unwrap();
        let verify = json(&out);

        let trusted = anchor.is_some();
        assert_eq!(connect["server"]["trusted"], trusted, "{name}: {connect:#}");
        let verify_valid = verify["verdict"] == "valid";
        assert_eq!(verify_valid, trusted, "{name}: {verify:#}");
        assert_eq!(connect["server"]["end"], verify["end"], "{name}");

        let path = verify["path"].as_array().unwrap();
        let verify_anchor = path
            .last()
            .filter(|c| c["trusted"] == true)
            .map(|c| c["subject"].clone())
            .unwrap_or(Value::Null);
        assert_eq!(
            connect["server"]["anchor"]["subject"], verify_anchor,
            "{name}: {connect:#}\n{verify:#}"
        );
        assert_eq!(
            verify_anchor,
            anchor.map_or(Value::Null, Value::from),
            "{name}"
        );
        if trusted {
            assert_eq!(connect["server"]["anchor"]["origin"]["kind"], "file");
            assert_eq!(connect["server"]["anchor"]["origin"]["source"], ca);
        }
        // The same findings, by kind (connect adds the name check, which passes here).
        let kinds = |doc: &Value| -> Vec<String> {
            doc.as_array()
                .unwrap()
                .iter()
                .map(|f| f["kind"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(
            kinds(&connect["server"]["findings"]),
            kinds(&verify["findings"]),
            "{name}"
        );
    }
}

/// Our path to the server's acceptable CA names is built by the engine from the --cert file,
/// the store and --ca: an intermediate held only in the store leads there, but it is not sent,
/// so the report names it as the certificate to add to the --cert file.
#[test]
fn an_intermediate_only_in_the_store_is_named_as_not_sent() {
    let setup = Setup::new();
    let server = setup.s_server(&["-Verify", "1", "-verify_return_error"]);
    let target = format!("127.0.0.1:{}", server.port);
    let intermediate = setup.pki.intermediate.cert.display().to_string();
    let out = setup
        .env
        .certkit()
        .args(["import", &intermediate])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let pfx = setup.pfx("no-intermediate.pfx").display().to_string();
    let (code, doc) = setup.connect(&target, &["--cert", &pfx, "--password", "secret"]);
    assert_eq!(code, 1, "{doc:#}");
    let client = &doc["client_certificate"];
    assert_eq!(client["chain_matches_ca_names"], false, "{doc:#}");
    assert_eq!(client["chain_reaches"], "CN=Test Root CA, O=certkit tests");
    let note = client["ca_names_note"].as_str().unwrap();
    assert!(
        note.contains("only through CN=Test Issuing CA, O=certkit tests (from ")
            && note.contains("add it to the --cert file"),
        "{note}"
    );
}
