//! Revocation in `certkit connect`, against `openssl s_server`: a stapled OCSP response
//! (`-status_file`) is requested and checked, and a server that refuses our revoked client
//! certificate (`-CRL … -crl_check`) gets an explanation naming revocation and our status.

mod common;
#[path = "revocation/pki.rs"]
mod pki;

use std::path::Path;

use common::Env;
use pki::*;

/// `openssl s_server` on 127.0.0.1 with the server certificate `server` (and its key),
/// requiring a client certificate from the test root, plus `extra`.
fn s_server(env: &Env, pki: &Pki, server: &Path, extra: Vec<String>) -> common::Server {
    let chain = env.concat("server-chain.pem", &[&pki.int.cert]);
    let (cert, key, root, chain) = (
        arg(server),
        arg(&server.with_extension("key")),
        arg(&pki.root.cert),
        arg(&chain),
    );
    env.start_server("s_server", "openssl", move |port| {
        let mut args: Vec<String> = [
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
            "-chainCAfile",
            &root,
            "-quiet",
            "-tls1_2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().cloned());
        args
    })
}

fn connect(
    env: &Env,
    pki: &Pki,
    port: u16,
    client: &Path,
    extra: &[&str],
) -> (i32, serde_json::Value) {
    let out = env
        .certkit()
        .args(["--json", "connect", &format!("127.0.0.1:{port}"), "--ca"])
        .arg(&pki.root.cert)
        .arg("--cert")
        .arg(env.concat("client-chain.pem", &[client, &pki.int.cert]))
        .arg("--key")
        .arg(client.with_extension("key"))
        .args(["--timeout", "10s"])
        .args(extra)
        .output()
        .unwrap();
    let doc = common::json(&out);
    serde_json::from_value::<certkit::ops::connect::ConnectReport>(doc.clone())
        .unwrap_or_else(|e| panic!("report does not deserialize: {e}\n{doc:#}"));
    (out.status.code().unwrap(), doc)
}

#[test]
fn connect_checks_the_stapled_ocsp_response_of_the_server() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let server = pki.int.issue(
        &env,
        "server",
        "localhost",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    let client = pki.leaf(&env, "client", false, false);
    pki.int.revoke(&env, &server, "keyCompromise");
    // The response the server staples, made by OpenSSL's responder from the CA's index.
    let (int, key, index, s) = (
        arg(&pki.int.cert),
        arg(&pki.int.key),
        arg(&pki.int.index),
        arg(&server),
    );
    env.openssl(&[
        "ocsp",
        "-issuer",
        &int,
        "-cert",
        &s,
        "-no_nonce",
        "-reqout",
        "sreq.der",
    ]);
    env.openssl(&[
        "ocsp",
        "-index",
        &index,
        "-CA",
        &int,
        "-rsigner",
        &int,
        "-rkey",
        &key,
        "-reqin",
        "sreq.der",
        "-respout",
        "staple.der",
    ]);
    let srv = s_server(
        &env,
        &pki,
        &server,
        vec!["-status_file".into(), "staple.der".into()],
    );
    let (code, doc) = connect(&env, &pki, srv.port, &client, &[]);
    assert!(doc["server"]["ocsp_stapled"].as_bool().unwrap(), "{doc:#}");
    let leaf = &doc["server"]["revocation"][0];
    assert_eq!(leaf["status"], "revoked", "{doc:#}");
    assert_eq!(leaf["reason"], "key_compromise");
    assert_eq!(leaf["source"]["kind"], "staple");
    assert_eq!(doc["server"]["trusted"], false);
    assert_eq!(code, 1, "a revoked server certificate is not trusted");
    let (_, doc) = connect(&env, &pki, srv.port, &client, &["--revocation", "off"]);
    assert_eq!(
        doc["server"]["ocsp_stapled"], false,
        "not even requested with off"
    );
    assert_eq!(doc["server"]["trusted"], true, "{doc:#}");
}

#[test]
fn connect_explains_a_certificate_revoked_alert_with_our_own_status() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let server = pki.int.issue(
        &env,
        "server",
        "localhost",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    let client = pki.leaf(&env, "client", false, true);
    pki.int.revoke(&env, &client, "keyCompromise");
    pki.publish(&env);
    // OpenSSL checks CRLs at the wall clock, so the server gets a CRL valid now (the test
    // CRLs are made around 2027); -CRL takes one CRL, -crl_check checks the leaf only.
    let now_int = pki.int.crl(
        &env,
        "int-now.crl",
        "20250101000000Z",
        "20350101000000Z",
        None,
    );
    let srv = s_server(
        &env,
        &pki,
        &server,
        vec![
            "-Verify".into(),
            "1".into(),
            "-verify_return_error".into(),
            "-CRL".into(),
            arg(&now_int),
            "-crl_check".into(),
        ],
    );
    let (code, doc) = connect(&env, &pki, srv.port, &client, &[]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        doc["outcome"]["alert"]["name"], "certificate_revoked",
        "{doc:#}"
    );
    let text = doc["outcome"]["explanation"].as_str().unwrap();
    assert!(text.contains("revoked"), "{text}");
    assert!(
        text.contains("certkit's own check of your certificate: revoked since"),
        "{text}"
    );
    assert!(text.contains("key_compromise"), "{text}");
}
