//! `certkit connect` and TLS 1.3 post-handshake client authentication, against a small HTTPS
//! server written with Python's `ssl` module on 127.0.0.1: like a web server that asks for a
//! client certificate only under one path, it completes the handshake without a request and
//! sends a CertificateRequest once it has read `GET /private`.

mod common;

use common::{json, openssl_sha1, Env, Pki, Server, Spec};
use serde_json::Value;

const SERVER: &str = r#"
import socket, ssl, sys

root, cert, key, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.minimum_version = ssl.TLSVersion.TLSv1_3
context.load_cert_chain(cert, key)
context.load_verify_locations(root)
context.verify_mode = ssl.CERT_REQUIRED
# With post-handshake authentication on, the handshake itself asks for no certificate.
context.post_handshake_auth = True
listener = socket.create_server(("127.0.0.1", port))
print("listening", flush=True)

def answer(tls, status, text):
    body = text.encode()
    tls.sendall(b"HTTP/1.1 " + status.encode() + b"\r\nContent-Length: "
                + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)

while True:
    connection, _ = listener.accept()
    tls = None
    try:
        tls = context.wrap_socket(connection, server_side=True)
        request = b""
        while b"\r\n\r\n" not in request:
            data = tls.recv(4096)
            if not data:
                raise EOFError("closed before the request ended")
            request += data
        path = request.split(b" ")[1]
        if path.startswith(b"/private"):
            tls.verify_client_post_handshake()
            tls.do_handshake()  # sends the CertificateRequest
            tls.settimeout(0.1)
            for _ in range(100):
                if tls.getpeercert():
                    break
                try:
                    tls.recv(1)  # reads (and verifies) the client's certificate
                except (socket.timeout, ssl.SSLWantReadError):
                    pass
            subject = dict(x[0] for x in tls.getpeercert()["subject"])["commonName"]
            answer(tls, "200 OK", "hello " + subject)
        elif path.startswith(b"/forbidden"):
            answer(tls, "403 Forbidden", "not on the allow list")
        else:
            answer(tls, "200 OK", "public")
    except Exception as error:
        print("refused:", repr(error), flush=True)
    finally:
        (tls or connection).close()
"#;

fn start(env: &Env, pki: &Pki) -> Server {
    let server = env.issue("server", "localhost", Some(&pki.root), &Spec::server());
    env.write("server.py", SERVER);
    let root = pki.root.cert.display().to_string();
    let cert = server.cert.display().to_string();
    let key = server.key.display().to_string();
    env.start_server("python-ssl", "python3", move |port| {
        vec![
            "server.py".into(),
            root.clone(),
            cert.clone(),
            key.clone(),
            port.to_string(),
        ]
    })
}

fn connect(env: &Env, pki: &Pki, url: &str, args: &[&str]) -> (i32, Value) {
    let root = pki.root.cert.display().to_string();
    let out = env
        .certkit()
        .args(["--json", "connect", url, "--ca", &root])
        .args(args)
        .output()
        .unwrap();
    (out.status.code().expect("exit code"), json(&out))
}

#[test]
fn post_handshake_authentication() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("good.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    let other_root = env.issue("other-root", "Other Root CA", None, &Spec::ca());
    let other = env.issue(
        "other",
        "other.example.com",
        Some(&other_root),
        &Spec::client(),
    );
    env.pkcs12("other-ca.pfx", &other, &[&other_root], "secret", &[]);
    let server = start(&env, &pki);
    let base = format!("https://127.0.0.1:{}", server.port);
    let context = |doc: &Value| format!("{doc:#}\nserver log:\n{}", server.log());

    // The certificate is asked for after the handshake, sent, and accepted.
    let (code, doc) = connect(
        &env,
        &pki,
        &format!("{base}/private"),
        &["--cert", "good.pfx", "--password", "secret"],
    );
    assert_eq!(code, 0, "{}", context(&doc));
    assert_eq!(doc["tls"]["version"], "TLSv1.3");
    let client = &doc["client_certificate"];
    assert_eq!(client["requested"], true);
    assert_eq!(client["requested_after_handshake"], true);
    assert_eq!(
        client["sent"][0]["thumbprint"],
        openssl_sha1(&env, &pki.leaf.cert)
    );
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert_eq!(doc["http"]["status"], 200);

    // A path without client authentication: never asked, so not sent.
    let (code, doc) = connect(
        &env,
        &pki,
        &format!("{base}/public"),
        &["--cert", "good.pfx", "--password", "secret"],
    );
    assert_eq!(code, 0, "{}", context(&doc));
    assert_eq!(doc["client_certificate"]["requested"], false);
    assert_eq!(doc["client_certificate"]["sent"], serde_json::json!([]));
    assert!(doc["outcome"]["explanation"]
        .as_str()
        .unwrap()
        .contains("without asking for a client certificate"));

    // The application refuses: a good handshake, then HTTP 403.
    let (code, doc) = connect(
        &env,
        &pki,
        &format!("{base}/forbidden"),
        &["--cert", "good.pfx", "--password", "secret"],
    );
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["outcome"]["result"], "accepted");
    assert_eq!(doc["http"]["status"], 403);
    assert_eq!(doc["http"]["status_line"], "HTTP/1.1 403 Forbidden");
    assert!(doc["http"]["explanation"]
        .as_str()
        .unwrap()
        .contains("the application refused the request"));

    // Asked after the handshake, none to send: refused with certificate_required.
    let (code, doc) = connect(&env, &pki, &format!("{base}/private"), &[]);
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(doc["client_certificate"]["requested_after_handshake"], true);
    assert_eq!(doc["outcome"]["alert"]["name"], "certificate_required");
    assert!(doc["http"]["status"].is_null());

    // Asked after the handshake, a certificate from another CA: unknown_ca.
    let (code, doc) = connect(
        &env,
        &pki,
        &format!("{base}/private"),
        &["--cert", "other-ca.pfx", "--password", "secret"],
    );
    assert_eq!(code, 1, "{}", context(&doc));
    assert_eq!(
        doc["outcome"]["alert"]["name"],
        "unknown_ca",
        "{}",
        context(&doc)
    );
    assert!(doc["outcome"]["explanation"]
        .as_str()
        .unwrap()
        .contains("does not trust your issuing CA (CN=Other Root CA, O=certkit tests, a root CA)"));
}
