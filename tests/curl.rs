//! A real mutual-TLS handshake: a PEM pair converted by certkit (certificate with chain, and an
//! encrypted PKCS#8 key) lets curl through `openssl s_server -Verify 1 -verify_return_error`,
//! which trusts only the root and so needs the intermediate certkit put into the PEM file.
//! The server listens on 127.0.0.1 on a free port and is always killed.

mod common;

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Kills the server when the test ends, whatever happens.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_server(env: &Env, server: &Issued, ca_file: &str) -> (Server, u16) {
    for _ in 0..5 {
        let port = free_port();
        let child = Command::new("openssl")
            .args([
                "s_server",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                &server.cert.display().to_string(),
                "-key",
                &server.key.display().to_string(),
                "-CAfile",
                ca_file,
                "-Verify",
                "1",
                "-verify_return_error",
                "-www",
                "-quiet",
            ])
            .current_dir(env.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server");
        let mut guard = Server(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return (guard, port);
            }
            if let Ok(Some(_)) = guard.0.try_wait() {
                break; // the port was taken meanwhile: try another
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("openssl s_server did not start");
}

fn curl(env: &Env, port: u16, extra: &[&str]) -> std::process::Output {
    let url = format!("https://127.0.0.1:{port}/");
    let mut args = vec![
        "--silent",
        "--show-error",
        "--max-time",
        "20",
        "--cacert",
        "server-ca.pem",
    ];
    args.extend(extra);
    args.push(&url);
    Command::new("curl")
        .args(&args)
        .current_dir(env.dir.path())
        .output()
        .expect("curl (is it installed? .ci/run installs it)")
}

#[test]
fn curl_completes_mtls_with_a_pem_pair_converted_by_certkit() {
    let env = Env::new();
    let pki = env.pki();
    let server = env.issue(
        "server",
        "localhost",
        Some(&pki.intermediate),
        &Spec::server(),
    );
    env.concat("server-ca.pem", &[&pki.intermediate.cert, &pki.root.cert]);
    // The partner's PFX (from OpenSSL), converted by certkit into the pair curl takes.
    env.pkcs12(
        "client.pfx",
        &pki.leaf,
        &[&pki.intermediate, &pki.root],
        "pfx-pw",
        &[],
    );
    certkit_ok(
        &env,
        &[
            "convert",
            "client.pfx",
            "--password",
            "pfx-pw",
            "-o",
            "client-chain.pem",
            "--key-out",
            "client-key.pem",
            "--new-password",
            "key-pw",
        ],
    );
    let (_server, port) = start_server(&env, &server, &pki.root.cert.display().to_string());

    let out = curl(
        &env,
        port,
        &[
            "--cert",
            "client-chain.pem",
            "--key",
            "client-key.pem",
            "--pass",
            "key-pw",
        ],
    );
    let body = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "curl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // s_server -www answers with its status page, which shows the client certificate.
    assert!(body.contains("client.example.com"), "{body}");

    // The server really demands a certificate: without one the handshake fails.
    let out = curl(&env, port, &[]);
    assert!(
        !out.status.success(),
        "the server accepted a client without a certificate"
    );
}
