//! `certkit connect` failures that need no TLS server: a peer that does not speak TLS, one
//! that never answers, bad arguments, and certificate files that cannot be used. Peers are
//! plain TCP listeners in the test process, on 127.0.0.1.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::{json, Env};

/// A listener on 127.0.0.1 that runs `serve` for each connection, in a background thread that
/// ends with the test process.
fn listener(serve: fn(std::net::TcpStream)) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || serve(stream));
        }
    });
    port
}

#[test]
fn a_peer_that_is_not_tls_is_an_error() {
    let env = Env::new();
    let port = listener(|mut s| {
        let mut buf = [0u8; 1024];
        let _ = s.read(&mut buf);
        let _ = s.write_all(b"HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
    });
    let out = env
        .certkit()
        .args(["--json", "connect", &format!("127.0.0.1:{port}")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["error"]["kind"], "network");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is this a TLS server"), "{stderr}");
}

#[test]
fn a_silent_peer_times_out() {
    let env = Env::new();
    let port = listener(|s| {
        std::thread::sleep(Duration::from_secs(5));
        drop(s);
    });
    let started = Instant::now();
    let out = env
        .certkit()
        .args([
            "connect",
            &format!("127.0.0.1:{port}"),
            "--timeout",
            "300ms",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("did not complete the TLS handshake within 300ms"),
        "{stderr}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout was not applied"
    );
}

#[test]
fn bad_targets_and_unusable_certificates_are_refused_before_connecting() {
    let env = Env::new();
    for target in [
        "http://127.0.0.1/",
        "127.0.0.1:99999",
        "127.0.0.1/path",
        ":443",
    ] {
        let out = env
            .certkit()
            .args(["--json", "connect", target])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{target}");
        assert_eq!(json(&out)["error"]["kind"], "usage", "{target}");
    }

    // A certificate without its key, and a key that belongs to another certificate.
    let pki = env.pki();
    let leaf = pki.leaf.cert.display().to_string();
    let other_key = pki.intermediate.key.display().to_string();
    let out = env
        .certkit()
        .args(["connect", "127.0.0.1:9", "--cert", &leaf])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("there is no private key"), "{stderr}");
    let out = env
        .certkit()
        .args([
            "connect",
            "127.0.0.1:9",
            "--cert",
            &leaf,
            "--key",
            &other_key,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("does not belong to the certificate"),
        "{stderr}"
    );

    // Both versions at once are a usage error from the argument parser.
    let out = env
        .certkit()
        .args(["connect", "127.0.0.1:9", "--tls1.2", "--tls1.3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
