//! `certkit connect` against GnuTLS's `gnutls-serv --require-client-cert --verify-client-cert`
//! on 127.0.0.1 (another TLS stack than the one certkit uses), with a PKI made at test time.
//! GnuTLS words its refusals differently from OpenSSL (access_denied, decode_error), and
//! certkit must still explain them.

mod common;

use common::{client_certificate_cases, json, openssl_sha1, Env, Issued, Pki, Server, Spec};
use serde_json::Value;

struct Setup {
    env: Env,
    pki: Pki,
    server: Issued,
}

impl Setup {
    fn new() -> Setup {
        let env = Env::new();
        let pki = env.pki();
        let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
        client_certificate_cases(&env, &pki);
        Setup { env, pki, server }
    }

    fn gnutls_serv(&self) -> Server {
        let cert = self.server.cert.display().to_string();
        let key = self.server.key.display().to_string();
        let root = self.pki.root.cert.display().to_string();
        self.env
            .start_server("gnutls-serv", "gnutls-serv", move |port| {
                vec![
                    "--http".into(),
                    "--quiet".into(),
                    "--port".into(),
                    port.to_string(),
                    format!("--x509cafile={root}"),
                    format!("--x509certfile={cert}"),
                    format!("--x509keyfile={key}"),
                    "--require-client-cert".into(),
                    "--verify-client-cert".into(),
                ]
            })
    }

    fn connect(&self, target: &str, args: &[&str]) -> (i32, Value) {
        let root = self.pki.root.cert.display().to_string();
        let out = self
            .env
            .certkit()
            .args(["--json", "connect", target, "--ca", &root])
            .args(args)
            .output()
            .unwrap();
        (out.status.code().expect("exit code"), json(&out))
    }

    fn with(&self, target: &str, pfx: &str, version: &str) -> (i32, Value) {
        let path = self.env.path(pfx).display().to_string();
        self.connect(target, &["--cert", &path, "--password", "secret", version])
    }
}

fn explanation(doc: &Value) -> String {
    doc["outcome"]["explanation"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn gnutls_accepts_the_right_certificate_over_https() {
    let setup = Setup::new();
    let server = setup.gnutls_serv();
    let url = format!("https://127.0.0.1:{}/", server.port);
    for version in ["--tls1.2", "--tls1.3"] {
        let (code, doc) = setup.with(&url, "good.pfx", version);
        assert_eq!(code, 0, "{version}: {doc:#}\n{}", server.log());
        assert_eq!(doc["outcome"]["result"], "accepted");
        assert_eq!(doc["http"]["status"], 200);
        let client = &doc["client_certificate"];
        assert_eq!(
            client["acceptable_ca_names"],
            serde_json::json!(["CN=Test Root CA, O=certkit tests"])
        );
        assert_eq!(client["chain_matches_ca_names"], true);
        assert_eq!(
            client["sent"][0]["thumbprint"],
            openssl_sha1(&setup.env, &setup.pki.leaf.cert)
        );
        assert_eq!(doc["server"]["trusted"], true);
    }

    // Without a URL, a TLS 1.3 server that accepts says nothing: certkit waits a moment for
    // a verdict, hears none, and reports acceptance.
    let target = format!("127.0.0.1:{}", server.port);
    let started = std::time::Instant::now();
    let (code, doc) = setup.with(&target, "good.pfx", "--tls1.3");
    assert_eq!(
        code,
        0,
        "{doc:#}
{}",
        server.log()
    );
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn gnutls_rejections_are_explained() {
    let setup = Setup::new();
    let server = setup.gnutls_serv();
    let target = format!("127.0.0.1:{}", server.port);
    for version in ["--tls1.2", "--tls1.3"] {
        let context = |doc: &Value| format!("{version}: {doc:#}\nserver log:\n{}", server.log());

        // Missing intermediate: GnuTLS cannot build the path to its root.
        let (code, doc) = setup.with(&target, "no-intermediate.pfx", version);
        assert_eq!(code, 1, "{}", context(&doc));
        assert_eq!(doc["outcome"]["result"], "rejected");
        assert_eq!(doc["client_certificate"]["chain_matches_ca_names"], false);
        assert!(
            explanation(&doc).contains(
                "the intermediate certificate between it and the server's CAs was not sent"
            ),
            "{}",
            context(&doc)
        );
        assert!(
            doc["client_certificate"]["ca_names_note"]
                .as_str()
                .unwrap()
                .contains("ends at CN=Test Issuing CA, O=certkit tests"),
            "{}",
            context(&doc)
        );

        // Another CA.
        let (code, doc) = setup.with(&target, "other-ca.pfx", version);
        assert_eq!(code, 1, "{}", context(&doc));
        assert_eq!(doc["outcome"]["result"], "rejected");
        assert!(
            explanation(&doc)
                .contains("it does not trust your CA (CN=Other Root CA, O=certkit tests)")
                || explanation(&doc).contains("closed the connection without an alert"),
            "{}",
            context(&doc)
        );
        if version == "--tls1.2" {
            // In TLS 1.2 the refusal is part of the handshake: the alert always arrives.
            assert_eq!(
                doc["outcome"]["alert"]["name"],
                "access_denied",
                "{}",
                context(&doc)
            );
            assert!(
                explanation(&doc).contains("denied access with this certificate")
                    && explanation(&doc)
                        .contains("the server accepts certificates from: CN=Test Root CA"),
                "{}",
                context(&doc)
            );
        }

        // Expired.
        let (code, doc) = setup.with(&target, "expired.pfx", version);
        assert_eq!(code, 1, "{}", context(&doc));
        assert_eq!(doc["outcome"]["result"], "rejected");
        assert!(
            explanation(&doc).contains("your certificate has expired (on 2025-01-01)"),
            "{}",
            context(&doc)
        );

        // No certificate.
        let (code, doc) = setup.connect(&target, &[version]);
        assert_eq!(code, 1, "{}", context(&doc));
        assert!(
            explanation(&doc).contains("requires a client certificate and none was sent"),
            "{}",
            context(&doc)
        );
        if version == "--tls1.3" {
            assert_eq!(doc["outcome"]["alert"]["name"], "certificate_required");
        }
    }
}
