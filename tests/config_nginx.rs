//! `certkit config nginx` and `certkit config curl` used by the real consumers: Debian's nginx
//! (run as a child process on 127.0.0.1 with everything in the test directory) proxying to
//! `openssl s_server -Verify` with the emitted upstream settings, nginx as the server that
//! demands a client certificate with the emitted server settings, reached by the emitted curl
//! command and by `certkit connect`.

mod common;

use std::path::Path;

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
        client_certificate_cases(&env, &pki);
        let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
        Setup { env, pki, server }
    }

    fn root(&self) -> String {
        self.pki.root.cert.display().to_string()
    }

    fn config(&self, args: &[&str]) -> Value {
        let out = self
            .env
            .certkit()
            .args(["--json", "config"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json(&out)
    }

    /// `openssl s_server -Verify 2 -www` with the server certificate, trusting the test root
    /// for client certificates.
    fn s_server(&self) -> Server {
        let cert = self.server.cert.display().to_string();
        let key = self.server.key.display().to_string();
        let root = self.root();
        self.env.start_server("s_server", "openssl", move |port| {
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
                "2",
                "-verify_return_error",
                "-www",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        })
    }

    /// nginx with `http_body` inside its `http { }` block (`PORT` is replaced by the port it
    /// listens on), its prefix, logs, pid and temporary files in a folder of the test
    /// directory.
    fn nginx(&self, name: &str, http_body: &str) -> Server {
        let prefix = self.env.path(name);
        std::fs::create_dir_all(prefix.join("logs")).unwrap();
        let body = http_body.to_string();
        self.env.start_server(name, "nginx", move |port| {
            let p = prefix.display();
            let conf = format!(
                "worker_processes 1;\n\
                 error_log {p}/logs/error.log info;\n\
                 pid {p}/nginx.pid;\n\
                 events {{ worker_connections 64; }}\n\
                 http {{\n\
                 access_log off;\n\
                 client_body_temp_path {p}/body;\n\
                 proxy_temp_path {p}/proxy;\n\
                 fastcgi_temp_path {p}/fastcgi;\n\
                 uwsgi_temp_path {p}/uwsgi;\n\
                 scgi_temp_path {p}/scgi;\n\
                 {}\n}}\n",
                body.replace("PORT", &port.to_string())
            );
            let conf_path = prefix.join("nginx.conf");
            std::fs::write(&conf_path, conf).unwrap();
            vec![
                "-p".into(),
                format!("{p}/"),
                "-c".into(),
                conf_path.display().to_string(),
                "-g".into(),
                "daemon off;".into(),
            ]
        })
    }
}

fn curl(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new("curl")
        .args(["--silent", "--show-error", "--max-time", "20"])
        .args(args)
        .output()
        .expect("curl");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn nginx_presents_the_client_certificate_upstream() {
    let s = Setup::new();
    let root = s.root();
    let doc = s.config(&[
        "nginx",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--map",
        "localhost=billing",
        "--out-dir",
        "out",
    ]);
    let include = s.env.path("out/localhost.upstream.conf");
    assert!(doc["files"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["path"] == include.display().to_string()));
    let upstream = s.s_server();
    let with = |include: Option<&Path>| {
        let include = include
            .map(|p| format!("include {};", p.display()))
            .unwrap_or_default();
        format!(
            "server {{ listen 127.0.0.1:PORT; location / {{ proxy_pass https://127.0.0.1:{}; {include} }} }}",
            upstream.port
        )
    };
    let nginx = s.nginx("proxy", &with(Some(&include)));
    let (code, body) = curl(&[&format!("http://127.0.0.1:{}/", nginx.port)]);
    assert_eq!(code, 0, "{body}\n{}", nginx.log());
    // s_server -www describes the session, including the client certificate it verified.
    assert!(
        body.contains("client.example.com"),
        "{body}\n{}",
        upstream.log()
    );
    drop(nginx);

    // Without the emitted settings the same proxy is refused by s_server: the test can fail.
    let bare = s.nginx("bare", &with(None));
    let (_, body) = curl(&[
        "--write-out",
        "%{http_code}",
        &format!("http://127.0.0.1:{}/", bare.port),
    ]);
    assert!(body.ends_with("502"), "{body}");
}

#[test]
fn nginx_demands_the_certificate_and_the_emitted_curl_command_presents_it() {
    let s = Setup::new();
    let root = s.root();
    s.config(&[
        "nginx",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--out-dir",
        "out",
    ]);
    let server_conf = s.env.path("out/billing.server.conf");
    let nginx = s.nginx(
        "server",
        &format!(
            "server {{ listen 127.0.0.1:PORT ssl; ssl_certificate {}; ssl_certificate_key {}; include {}; \
             location / {{ return 200 \"verified $ssl_client_verify $ssl_client_s_dn\\n\"; }} }}",
            s.server.cert.display(),
            s.server.key.display(),
            server_conf.display()
        ),
    );
    let url = format!("https://localhost:{}/", nginx.port);
    let doc = s.config(&[
        "curl",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--url",
        &url,
        "--out-dir",
        "curl",
    ]);
    let command = doc["snippets"][0]["text"].as_str().unwrap();
    assert!(command.starts_with("curl "), "{command}");
    let run = std::process::Command::new("sh")
        .args(["-c", command])
        .current_dir(s.env.dir.path())
        .output()
        .unwrap();
    let body = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{command}: {}\n{}",
        String::from_utf8_lossy(&run.stderr),
        nginx.log()
    );
    assert!(
        body.contains("verified SUCCESS") && body.contains("client.example.com"),
        "{body}"
    );

    // Without a certificate nginx answers 400: the server side really demands one.
    let (_, body) = curl(&[
        "--cacert",
        &root,
        "--write-out",
        "%{http_code}",
        "--output",
        "/dev/null",
        &url,
    ]);
    assert!(body.ends_with("400"), "{body}");

    // certkit connect with the same certificate is accepted and sees HTTP 200.
    let out = s
        .env
        .certkit()
        .args([
            "--json",
            "connect",
            &url,
            "--cert",
            "good.pfx",
            "--password",
            "secret",
        ])
        .args(["--ca", &root, "--timeout", "10s"])
        .output()
        .unwrap();
    let report = json(&out);
    assert_eq!(out.status.code(), Some(0), "{report:#}");
    assert_eq!(report["http"]["status"], 200, "{report:#}");
}
