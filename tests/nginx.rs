//! `certkit connect` against nginx (Debian's nginx-light) on 127.0.0.1: nginx completes the
//! TLS handshake whatever client certificate arrives and refuses at the HTTP layer (400 "The
//! SSL certificate error", 400 "No required SSL certificate was sent"), so `connect` must read
//! the answer to see the rejection and its cause. With `ssl_verify_client optional` the
//! application decides, here with a 403 unless `$ssl_client_verify` is `SUCCESS`.

mod common;

use common::{client_certificate_cases, json, Env, Issued, Pki, Server, Spec};
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
        std::fs::create_dir_all(env.path("nginx/tmp")).unwrap();
        Setup { env, pki, server }
    }

    /// nginx trusting the test root for client certificates, with `ssl_verify_client` set to
    /// `verify` and `location` as the only location's body. Runs in the foreground as one
    /// process (no master, no workers to switch users), everything under its own prefix.
    /// TLS 1.3 is named because nginx before 1.23.4 (Debian 12 has 1.22) leaves it out by
    /// default.
    fn nginx(&self, name: &str, verify: &str, location: &str) -> Server {
        let prefix = self.env.path("nginx");
        let cert = self.server.cert.display().to_string();
        let key = self.server.key.display().to_string();
        let root = self.pki.root.cert.display().to_string();
        let (verify, location, name) = (verify.to_string(), location.to_string(), name.to_string());
        let env = &self.env;
        env.start_server(&format!("nginx-{name}"), "nginx", move |port| {
            let conf = format!(
                "daemon off;
master_process off;
pid {name}.pid;
error_log {name}.error.log info;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;
    server {{
        listen 127.0.0.1:{port} ssl;
        ssl_certificate {cert};
        ssl_certificate_key {key};
        ssl_client_certificate {root};
        ssl_verify_client {verify};
        ssl_verify_depth 3;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {{ {location} }}
    }}
}}
"
            );
            let conf_path = prefix.join(format!("{name}.{port}.conf"));
            std::fs::write(&conf_path, conf).unwrap();
            [
                "-p",
                &prefix.display().to_string(),
                "-e",
                &prefix
                    .join(format!("{name}.startup.log"))
                    .display()
                    .to_string(),
                "-c",
                &conf_path.display().to_string(),
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        })
    }

    /// `certkit --json connect https://localhost:PORT/ --ca root [--cert PFX]`.
    fn connect(&self, server: &Server, pfx: Option<&str>, extra: &[&str]) -> (i32, Value) {
        let url = format!("https://localhost:{}/", server.port);
        let root = self.pki.root.cert.display().to_string();
        let mut cmd = self.env.certkit();
        cmd.args(["--json", "connect", &url, "--ca", &root]);
        if let Some(pfx) = pfx {
            let path = self.env.path(pfx).display().to_string();
            cmd.args(["--cert", &path, "--password", "secret"]);
        }
        let out = cmd.args(extra).output().unwrap();
        let doc = json(&out);
        serde_json::from_value::<certkit::ops::connect::ConnectReport>(doc.clone())
            .unwrap_or_else(|e| panic!("report does not deserialize: {e}\n{doc:#}"));
        (out.status.code().expect("exit code"), doc)
    }
}

fn explanation(doc: &Value) -> &str {
    doc["outcome"]["explanation"].as_str().unwrap_or("")
}

fn verify_client_on(version: &str) {
    let setup = Setup::new();
    let server = setup.nginx("on", "on", "return 200 \"ok\\n\";");
    let context = |doc: &Value| format!("{doc:#}\nnginx log:\n{}", server.log());

    // The right CA: accepted, HTTP 200.
    let (code, doc) = setup.connect(&server, Some("good.pfx"), &[version]);
    assert_eq!(code, 0, "{}", context(&doc));
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert_eq!(doc["http"]["status"], 200);
    assert_eq!(doc["server"]["trusted"], true);
    assert_eq!(
        doc["client_certificate"]["chain_reaches"],
        "CN=Test Root CA, O=certkit tests"
    );

    // A certificate from a CA nginx does not trust: the handshake completes, nginx answers
    // 400 "The SSL certificate error".
    let (code, doc) = setup.connect(&server, Some("other-ca.pfx"), &[version]);
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["outcome"]["result"], "rejected", "{}", context(&doc));
    assert_eq!(doc["http"]["status"], 400);
    assert_eq!(
        doc["http"]["certificate_rejection"],
        "certificate_untrusted"
    );
    let text = explanation(&doc);
    assert!(
        text.contains("rejected the client certificate")
            && text.contains("The SSL certificate error")
            && text.contains("does not trust your CA (CN=Other Root CA, O=certkit tests)"),
        "{text}"
    );

    // The chain without its intermediate: the same refusal, and the missing link named.
    let (code, doc) = setup.connect(&server, Some("no-intermediate.pfx"), &[version]);
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(
        doc["http"]["certificate_rejection"],
        "certificate_untrusted"
    );
    assert!(
        explanation(&doc)
            .contains("the intermediate certificate between it and the server's CAs was not sent"),
        "{}",
        explanation(&doc)
    );

    // No certificate: 400 "No required SSL certificate was sent".
    let (code, doc) = setup.connect(&server, None, &[version]);
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["outcome"]["result"], "rejected");
    assert_eq!(doc["http"]["certificate_rejection"], "certificate_required");
    let text = explanation(&doc);
    assert!(
        text.contains("requires a client certificate and none was sent")
            && text.contains("No required SSL certificate was sent")
            && text.contains("--cert"),
        "{text}"
    );

    // The human output says REJECTED, not ACCEPTED with "check the path".
    let url = format!("https://localhost:{}/", server.port);
    let root = setup.pki.root.cert.display().to_string();
    let out = setup
        .env
        .certkit()
        .args(["connect", &url, "--ca", &root, version])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("Outcome: REJECTED"), "{text}");
    assert!(!text.contains("check the path"), "{text}");
}

#[test]
fn verify_client_on_tls12() {
    verify_client_on("--tls1.2");
}

#[test]
fn verify_client_on_tls13() {
    verify_client_on("--tls1.3");
}

/// `ssl_verify_client optional`: nginx asks, still refuses a certificate that fails its check
/// (400), and lets a request without one through to the application, which here answers 403
/// unless `$ssl_client_verify` is `SUCCESS`.
#[test]
fn verify_client_optional() {
    let setup = Setup::new();
    let server = setup.nginx(
        "optional",
        "optional",
        "if ($ssl_client_verify != SUCCESS) { return 403; } return 200 \"ok\\n\";",
    );
    let context = |doc: &Value| format!("{doc:#}\nnginx log:\n{}", server.log());

    let (code, doc) = setup.connect(&server, Some("good.pfx"), &[]);
    assert_eq!(code, 0, "{}", context(&doc));
    assert_eq!(doc["http"]["status"], 200);
    assert_eq!(doc["outcome"]["result"], "accepted");

    let (code, doc) = setup.connect(&server, Some("other-ca.pfx"), &[]);
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["outcome"]["result"], "rejected");
    assert_eq!(
        doc["http"]["certificate_rejection"],
        "certificate_untrusted"
    );

    // No certificate: the handshake and nginx let it pass, the application refuses.
    let (code, doc) = setup.connect(&server, None, &[]);
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["client_certificate"]["requested"], true);
    assert_eq!(doc["http"]["status"], 403);
    assert_eq!(doc["outcome"]["result"], "rejected");
    assert_eq!(doc["http"]["certificate_rejection"], "certificate_required");
    assert!(
        explanation(&doc).contains("requires a client certificate and none was sent (HTTP 403)"),
        "{}",
        explanation(&doc)
    );
}
