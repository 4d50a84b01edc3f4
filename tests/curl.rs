//! Interop checked by `curl`: a mutual-TLS handshake against `openssl s_server` that requires a
//! client certificate, using the files of the store as they are.

mod common;

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Env, Spec};

/// Kills the server when the test ends, however it ends.
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

#[test]
fn curl_completes_mtls_with_the_personal_entry_and_the_store_root() {
    let env = Env::new();
    let pki = env.pki();
    let server = env.issue(
        "server",
        "localhost",
        Some(&pki.intermediate),
        &Spec::server(),
    );
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    let out = env
        .certkit()
        .args([
            "import",
            "client.pfx",
            "root.pem",
            "--password",
            "secret",
            "--name",
            "partner-api",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let port = free_port();
    let accept = format!("127.0.0.1:{port}");
    let child = Command::new("openssl")
        .args([
            "s_server",
            "-accept",
            &accept,
            "-cert",
            &server.cert.display().to_string(),
            "-key",
            &server.key.display().to_string(),
            "-cert_chain",
            &pki.intermediate.cert.display().to_string(),
            "-Verify",
            "1",
            "-verify_return_error",
            "-CAfile",
            "store/root/Test_Root_CA.pem",
            "-www",
        ])
        .current_dir(env.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    let _server = Server(child);
    let started = Instant::now();
    while TcpStream::connect(&accept).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "s_server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = format!("https://127.0.0.1:{port}/");
    let curl = |with_cert: bool| {
        let mut cmd = Command::new("curl");
        cmd.args([
            "-sS",
            "--fail",
            "--max-time",
            "10",
            "--capath",
            "store/root",
        ]);
        if with_cert {
            cmd.args([
                "--cert",
                "store/personal/partner-api/fullchain.pem",
                "--key",
                "store/personal/partner-api/privkey.pem",
            ]);
        }
        cmd.arg(&url).current_dir(env.dir.path()).output().unwrap()
    };

    let accepted = curl(true);
    let page = String::from_utf8_lossy(&accepted.stdout);
    assert!(
        accepted.status.success(),
        "curl with the store's client certificate failed: {}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    assert!(page.contains("Cipher"), "{page}");

    // The server really requires the certificate: without it the handshake fails.
    let refused = curl(false);
    assert!(
        !refused.status.success(),
        "the server accepted a client without a certificate"
    );
}
