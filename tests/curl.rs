//! Interop checked by `curl`: real mutual-TLS handshakes against `openssl s_server -Verify 1
//! -verify_return_error` (which requires a client certificate) on 127.0.0.1, with the files
//! certkit writes: a PEM pair converted from a PFX, and the store's personal entry used as is.
//! Servers listen on free ports and are always killed.

mod common;

use std::process::Command;

use common::*;

/// `openssl s_server -www` presenting `cert`, requiring a client certificate that chains to
/// `client_ca_file`.
fn s_server(env: &Env, cert: &Issued, extra: &[&str], client_ca_file: &str) -> Server {
    let cert_file = cert.cert.display().to_string();
    let key_file = cert.key.display().to_string();
    env.start_server("s_server", "openssl", |port| {
        let mut args: Vec<String> = [
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            &cert_file,
            "-key",
            &key_file,
            "-CAfile",
            client_ca_file,
            "-Verify",
            "1",
            "-verify_return_error",
            "-www",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    })
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
    let root = pki.root.cert.display().to_string();
    let server = s_server(&env, &server, &[], &root);
    let port = server.port;

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

    let chain = pki.intermediate.cert.display().to_string();
    let server = s_server(
        &env,
        &server,
        &["-cert_chain", &chain],
        "store/root/Test_Root_CA.pem",
    );
    let port = server.port;
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
