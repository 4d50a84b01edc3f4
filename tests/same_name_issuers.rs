//! Same-name CAs with different keys (Debian's self-signed `CN=localhost` snakeoil certificate
//! next to a server's own, renewed roots, cross-signed intermediates): the path engine follows
//! only a candidate whose key verifies the signature, so a certificate no candidate signed is
//! reported as self-signed and untrusted, or as missing its issuer, never with findings about a
//! stranger. Checked for `verify-chain`, `connect` (against `openssl s_server` on 127.0.0.1)
//! and `doctor --host`, with the stranger in the system store (a bundle through
//! `SSL_CERT_FILE`, a hashed directory through `SSL_CERT_DIR`) and given with `--ca`.

mod common;

use std::path::Path;

use certkit::ops::verify_chain::VerifyReport;
use common::{openssl_sha1, Env, Issued, Server, Spec};
use serde_json::Value;

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// One way to give trust: environment variables and command-line arguments.
type TrustWay = (Vec<(String, String)>, Vec<String>);

/// The ways trusted certificates reach certkit: (environment, extra arguments): a bundle
/// through `SSL_CERT_FILE`, a hashed directory through `SSL_CERT_DIR`, and `--ca`.
fn trust_ways(env: &Env, name: &str, trusted: &[&Path]) -> Vec<TrustWay> {
    let dir = env.path(&format!("hashed-{name}"));
    std::fs::create_dir(&dir).unwrap();
    for (i, cert) in trusted.iter().enumerate() {
        std::fs::copy(cert, dir.join(format!("ca{i}.pem"))).unwrap();
    }
    env.openssl(&["rehash", &s(&dir)]);
    let bundle = s(&env.concat(&format!("{name}.pem"), trusted));
    vec![
        (
            vec![("SSL_CERT_FILE".into(), bundle.clone())],
            vec!["--system".into()],
        ),
        (
            vec![("SSL_CERT_DIR".into(), s(&dir))],
            vec!["--system".into()],
        ),
        (Vec::new(), vec!["--ca".into(), bundle]),
    ]
}

fn verify_chain(env: &Env, vars: &[(String, String)], args: &[String]) -> (i32, VerifyReport) {
    let out = env
        .certkit()
        // Never the machine's own trust store: only what the test names.
        .env("SSL_CERT_FILE", env.path("no-such-bundle.pem"))
        .env("SSL_CERT_DIR", env.path("no-such-dir"))
        .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(["--json", "verify-chain"])
        .args(args)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a verify-chain report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

fn errors(report: &VerifyReport) -> Vec<&str> {
    report
        .findings
        .iter()
        .filter(|f| f.severity == certkit::verify::checks::Severity::Error)
        .map(|f| f.kind.as_str())
        .collect()
}

/// A server's own self-signed `CN=localhost` certificate and a stranger of the same name (the
/// snakeoil certificate's part), each with its own key.
fn localhost_pair(env: &Env) -> (Issued, Issued) {
    let server = env.issue("server", "localhost", None, &Spec::server());
    let snakeoil = env.issue("snakeoil", "localhost", None, &Spec::server());
    (server, snakeoil)
}

#[test]
fn a_self_signed_server_next_to_a_trusted_stranger_of_its_name_is_self_signed_and_untrusted() {
    let env = Env::new();
    let (server, snakeoil) = localhost_pair(&env);
    for (vars, trust) in trust_ways(&env, "snakeoil-trust", &[&snakeoil.cert]) {
        let mut args = vec![s(&server.cert), "--purpose".into(), "server".into()];
        args.extend(trust.clone());
        let (code, report) = verify_chain(&env, &vars, &args);
        assert_eq!(code, 1, "{trust:?}: {:?}", report.findings);
        assert_eq!(
            report.path.len(),
            1,
            "{trust:?}: the stranger is not on the path"
        );
        assert_eq!(
            errors(&report),
            ["untrusted_root"],
            "{trust:?}: {:?}",
            report.findings
        );
        assert!(
            report.findings.iter().all(|f| f.certificate != Some(1)),
            "{:?}",
            report.findings
        );
        let message = &report.findings[0].message;
        assert!(
            message.contains("is self-signed and is not trusted"),
            "{message}"
        );
        assert!(message.contains("another key did not sign"), "{message}");
    }
    // The server's own certificate as the anchor: trusted.
    let args = [
        s(&server.cert),
        "--purpose".into(),
        "server".into(),
        "--ca".into(),
        s(&server.cert),
        "--ca".into(),
        s(&snakeoil.cert),
    ];
    let (code, report) = verify_chain(&env, &[], &args);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert!(report.path[0].trusted);
}

#[test]
fn a_same_name_root_with_another_key_is_skipped_for_the_real_one_or_the_issuer_is_missing() {
    let env = Env::new();
    let pki = env.pki();
    let renewed = env.issue("renewed-root", "Test Root CA", None, &Spec::ca());
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    // Both roots trusted, the renewed one first: the path goes to the one that signed.
    for (vars, trust) in trust_ways(&env, "both", &[&renewed.cert, &pki.root.cert]) {
        let mut args = vec![s(&chain)];
        args.extend(trust.clone());
        let (code, report) = verify_chain(&env, &vars, &args);
        assert_eq!(code, 0, "{trust:?}: {:?}", report.findings);
        assert_eq!(
            report.path[2].certificate.thumbprint,
            openssl_sha1(&env, &pki.root.cert)
        );
    }
    // Only the renewed root: the intermediate's issuer is missing; nothing about the stranger.
    for (vars, trust) in trust_ways(&env, "renewed", &[&renewed.cert]) {
        let mut args = vec![s(&chain)];
        args.extend(trust.clone());
        let (code, report) = verify_chain(&env, &vars, &args);
        assert_eq!(code, 1);
        assert_eq!(report.path.len(), 2, "{trust:?}");
        assert_eq!(errors(&report), ["missing_issuer"], "{:?}", report.findings);
        assert_eq!(report.findings[0].certificate, Some(1));
        let message = &report.findings[0].message;
        assert!(message.contains("another key did not sign it"), "{message}");
    }
}

/// `openssl x509 -req`: the intermediate's request signed again, by `issuer` (a cross-sign:
/// same name, same key, another issuer).
fn cross_sign(env: &Env, csr: &str, issuer: &Issued, out: &str) -> std::path::PathBuf {
    env.write(
        "cross.cnf",
        "[ext]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    env.openssl(&[
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        &s(&issuer.cert),
        "-CAkey",
        &s(&issuer.key),
        "-set_serial",
        "4242",
        "-days",
        "3650",
        "-extfile",
        "cross.cnf",
        "-extensions",
        "ext",
        "-out",
        out,
    ]);
    env.path(out)
}

#[test]
fn a_cross_signed_intermediate_reaches_whichever_root_is_trusted() {
    let env = Env::new();
    let pki = env.pki();
    let new_root = env.issue("new-root", "Test Root CA", None, &Spec::ca());
    let cross = cross_sign(
        &env,
        "intermediate.csr",
        &new_root,
        "intermediate-cross.pem",
    );
    // Both intermediates offered, the one the trusted root did not sign first.
    let offered = env.concat("offered.pem", &[&pki.intermediate.cert, &cross]);
    for (root, via) in [(&new_root, &cross), (&pki.root, &pki.intermediate.cert)] {
        for (vars, trust) in trust_ways(&env, &root.name, &[&root.cert]) {
            let mut args = vec![s(&pki.leaf.cert), "--untrusted".into(), s(&offered)];
            args.extend(trust.clone());
            let (code, report) = verify_chain(&env, &vars, &args);
            assert_eq!(code, 0, "{} {trust:?}: {:?}", root.name, report.findings);
            assert_eq!(
                report.path[1].certificate.thumbprint,
                openssl_sha1(&env, via)
            );
            assert_eq!(
                report.path[2].certificate.thumbprint,
                openssl_sha1(&env, &root.cert)
            );
        }
    }
}

/// `openssl s_server` on 127.0.0.1 with `server`, asking for a client certificate from
/// `client_ca` when one is given.
fn s_server(env: &Env, server: &Issued, client_ca: Option<&Path>) -> Server {
    let (cert, key) = (s(&server.cert), s(&server.key));
    let ca = client_ca.map(s);
    env.start_server("s_server", "openssl", move |port| {
        let mut args: Vec<String> = vec![
            "s_server".into(),
            "-accept".into(),
            format!("127.0.0.1:{port}"),
            "-cert".into(),
            cert.clone(),
            "-key".into(),
            key.clone(),
            "-quiet".into(),
            "-www".into(),
        ];
        if let Some(ca) = &ca {
            args.extend(["-CAfile".into(), ca.clone(), "-Verify".into(), "2".into()]);
        }
        args
    })
}

fn run(env: &Env, vars: &[(String, String)], args: &[&str]) -> (i32, String, String) {
    let out = env
        .certkit()
        .env("SSL_CERT_FILE", env.path("no-such-bundle.pem"))
        .env("SSL_CERT_DIR", env.path("no-such-dir"))
        .envs(vars.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn connect_to_a_self_signed_localhost_blames_no_stranger_and_its_outcome_line_gives_the_exit_code()
{
    let env = Env::new();
    let (server, snakeoil) = localhost_pair(&env);
    let s_server = s_server(&env, &server, None);
    let url = format!("https://localhost:{}/", s_server.port);
    let target = format!("localhost:{}", s_server.port);
    for (vars, trust) in trust_ways(&env, "snakeoil-trust", &[&snakeoil.cert]) {
        // connect takes the system store without --ca; --system is not needed.
        let trust: Vec<&str> = trust
            .iter()
            .map(String::as_str)
            .filter(|a| *a != "--system")
            .collect();
        let mut args = vec!["--json", "connect", &target];
        args.extend(&trust);
        let (code, stdout, stderr) = run(&env, &vars, &args);
        assert_eq!(code, 1, "{trust:?}: {stdout}{stderr}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        serde_json::from_value::<certkit::ops::connect::ConnectReport>(doc.clone()).unwrap();
        assert_eq!(doc["outcome"]["result"], "accepted");
        assert_eq!(doc["server"]["trusted"], false);
        assert_eq!(doc["server"]["end"], "untrusted_root", "{doc:#}");
        let kinds: Vec<&str> = doc["server"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "error")
            .map(|f| f["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["untrusted_root"], "{trust:?}: {doc:#}");

        // The human outcome line says why an accepted connection exits 1.
        let mut args = vec!["connect", &url];
        args.extend(&trust);
        let (code, stdout, _) = run(&env, &vars, &args);
        assert_eq!(code, 1);
        assert!(
            stdout.contains(
                "Outcome: ACCEPTED, but the server's certificate is not trusted (exit 1)"
            ),
            "{stdout}"
        );
        assert!(
            stdout.contains("is self-signed and is not trusted"),
            "{stdout}"
        );
        assert!(!stdout.contains("does not verify"), "{stdout}");
        assert!(!stdout.contains("not a CA"), "{stdout}");
    }
    // With the server's certificate as --ca: trusted, accepted, exit 0, a plain outcome line.
    let (code, stdout, _) = run(&env, &[], &["connect", &url, "--ca", &s(&server.cert)]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("Outcome: ACCEPTED\n"), "{stdout}");
    // --insecure: carries on, exit 0, and the line does not claim a failure.
    let (code, stdout, _) = run(&env, &[], &["connect", &url, "--insecure"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("Outcome: ACCEPTED\n"), "{stdout}");
}

#[test]
fn doctor_host_takes_ca_and_blames_no_stranger() {
    let env = Env::new();
    let pki = env.pki();
    let (server, snakeoil) = localhost_pair(&env);
    let key_and_cert = env.concat(
        "client.pem",
        &[&pki.leaf.cert, &pki.leaf.key, &pki.intermediate.cert],
    );
    let s_server = s_server(&env, &server, Some(&pki.root.cert));
    let host = format!("localhost:{}", s_server.port);
    let handshake = |doc: &Value| -> Value {
        doc["subjects"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "handshake")
            .cloned()
            .unwrap_or_else(|| panic!("no handshake check: {doc:#}"))
    };
    let vars = [("SSL_CERT_FILE".to_string(), s(&snakeoil.cert))];
    let client = s(&key_and_cert);
    let (_, stdout, stderr) = run(&env, &vars, &["--json", "doctor", &client, "--host", &host]);
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let check = handshake(&doc);
    assert_eq!(check["status"], "fail", "{check:#}");
    let message = check["message"].as_str().unwrap();
    assert!(message.contains("not trusted"), "{message}");
    assert!(message.contains("self-signed"), "{message}");
    assert!(
        !message.contains("does not verify") && !message.contains("not a CA"),
        "{message}"
    );

    // --ca names the server's own certificate: the handshake check passes.
    let (_, stdout, stderr) = run(
        &env,
        &vars,
        &[
            "--json",
            "doctor",
            &client,
            "--host",
            &host,
            "--ca",
            &s(&server.cert),
        ],
    );
    let doc: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let check = handshake(&doc);
    assert_eq!(check["status"], "pass", "{check:#}\n{}", s_server.log());

    // --ca without --host is a usage error.
    let (code, _, stderr) = run(&env, &[], &["doctor", &client, "--ca", &s(&server.cert)]);
    assert_eq!(code, 2, "{stderr}");
}
