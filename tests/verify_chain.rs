//! `certkit verify-chain` on the classic client-certificate failures, made with openssl at
//! test time.

mod common;

use std::path::Path;

use certkit::model::Role;
use certkit::ops::verify_chain::{Verdict, VerifyReport};
use certkit::verify::checks::FindingKind;
use common::http::HttpServer;
use common::{openssl_sha1, Env, Spec};

/// Runs certkit with `--json` and returns the exit code and the report.
fn verify(env: &Env, args: &[&str]) -> (i32, VerifyReport) {
    verify_with(env, &[], args)
}

/// [`verify`] with environment variables set for certkit.
fn verify_with(env: &Env, vars: &[(&str, &str)], args: &[&str]) -> (i32, VerifyReport) {
    let out = env
        .certkit()
        .envs(vars.iter().copied())
        .args(["--json", "verify-chain"])
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    let report: VerifyReport = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a verify-chain report ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, report)
}

fn kinds(report: &VerifyReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.kind.as_str()).collect()
}

fn arg(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn complete_chain_from_a_pfx_is_valid() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    let (code, report) = verify(
        &env,
        &[
            "client.pfx",
            "--password",
            "secret",
            "--ca",
            &arg(&pki.root.cert),
        ],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(report.verdict, Verdict::Valid);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let sha1: Vec<&str> = report
        .path
        .iter()
        .map(|c| c.certificate.thumbprint.as_str())
        .collect();
    assert_eq!(
        sha1,
        [
            openssl_sha1(&env, &pki.leaf.cert),
            openssl_sha1(&env, &pki.intermediate.cert),
            openssl_sha1(&env, &pki.root.cert)
        ]
    );
    assert_eq!(
        report.path[1].origin.kind,
        certkit::verify::OriginKind::Input
    );
    assert_eq!(
        report.path[2].origin.kind,
        certkit::verify::OriginKind::File
    );
    assert!(report.path[2].trusted);

    // The human form: a tree with the root first and the leaf last, thumbprints and origins.
    let out = env
        .certkit()
        .args(["verify-chain", "client.pfx", "--password", "secret", "--ca"])
        .arg(&pki.root.cert)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let root_at = text.find("CN=Test Root CA").unwrap();
    let leaf_at = text.find("CN=client.example.com").unwrap();
    assert!(root_at < leaf_at, "{text}");
    assert!(text.contains(&openssl_sha1(&env, &pki.leaf.cert)), "{text}");
    assert!(text.contains("from input client.pfx"), "{text}");
    assert!(text.contains("VALID"), "{text}");
}

#[test]
fn pfx_without_the_intermediate_names_the_missing_ca() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[], "secret", &[]);
    let (code, report) = verify(
        &env,
        &[
            "client.pfx",
            "--password",
            "secret",
            "--ca",
            &arg(&pki.root.cert),
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(report.verdict, Verdict::Invalid);
    let missing = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::MissingIssuer)
        .expect("a missing_issuer finding");
    assert_eq!(
        missing.missing_subject.as_deref(),
        Some("CN=Test Issuing CA, O=certkit tests")
    );
    assert!(missing.authority_key_id.is_some());
    assert!(missing.message.contains("the missing CA"));

    let out = env
        .certkit()
        .args(["verify-chain", "client.pfx", "--password", "secret", "--ca"])
        .arg(&pki.root.cert)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("the missing CA"), "{text}");
    assert!(text.contains("[missing] CN=Test Issuing CA"), "{text}");

    // Given the intermediate separately, the same PFX verifies.
    let (code, _) = verify(
        &env,
        &[
            "client.pfx",
            "--password",
            "secret",
            "--untrusted",
            &arg(&pki.intermediate.cert),
            "--ca",
            &arg(&pki.root.cert),
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn untrusted_root_is_reported() {
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat(
        "chain.pem",
        &[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert],
    );
    let (code, report) = verify(&env, &[&arg(&chain)]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["untrusted_root"]);
    assert_eq!(report.path.len(), 3);
    assert!(!report.path[2].trusted);
    assert_eq!(report.path[2].role, Role::Root);
}

#[test]
fn expired_leaf_is_reported_with_every_other_finding() {
    let env = Env::new();
    let pki = env.pki_with(Spec::client().valid("20200101000000Z", "20210101000000Z"));
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    // Expired and, without --ca, an untrusted root is missing too: both are reported.
    let (code, report) = verify(&env, &[&arg(&chain)]);
    assert_eq!(code, 1);
    let k = kinds(&report);
    assert!(k.contains(&"expired"), "{k:?}");
    assert!(k.contains(&"missing_issuer"), "{k:?}");
    let expired = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::Expired)
        .unwrap();
    assert_eq!(expired.certificate, Some(0));

    // At a time when it was valid (--at), only the missing root remains.
    let (_, report) = verify(
        &env,
        &[
            &arg(&chain),
            "--ca",
            &arg(&pki.root.cert),
            "--at",
            "2020-06-01T00:00:00Z",
        ],
    );
    assert_eq!(
        kinds(&report),
        ["not_yet_valid", "not_yet_valid"],
        "{:?}",
        report.findings
    );
}

#[test]
fn server_only_eku_is_not_valid_for_client_authentication() {
    let env = Env::new();
    let pki = env.pki_with(Spec::server());
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    let (code, report) = verify(&env, &[&arg(&chain), "--ca", &arg(&pki.root.cert)]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["extended_key_usage"]);
    assert!(report.findings[0].message.contains("serverAuth"));
    let (code, _) = verify(
        &env,
        &[
            &arg(&chain),
            "--ca",
            &arg(&pki.root.cert),
            "--purpose",
            "server",
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn a_same_name_anchor_with_another_key_is_not_the_issuer() {
    let env = Env::new();
    let pki = env.pki();
    // Another "Test Root CA", with its own key: the name matches, the signature cannot, so it
    // is not on the path and no finding is about it; the intermediate's issuer is missing.
    let other = Env::new();
    let impostor = other.issue("root", "Test Root CA", None, &Spec::ca());
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    let (code, report) = verify(&env, &[&arg(&chain), "--ca", &arg(&impostor.cert)]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["missing_issuer"], "{:?}", report.findings);
    assert_eq!(report.path.len(), 2);
    assert_eq!(report.findings[0].certificate, Some(1));
    assert!(
        report.findings[0]
            .message
            .contains("with the same name but another key did not sign it"),
        "{}",
        report.findings[0].message
    );

    // With both roots given, the right one is chosen.
    let (code, report) = verify(
        &env,
        &[
            &arg(&chain),
            "--ca",
            &arg(&impostor.cert),
            "--ca",
            &arg(&pki.root.cert),
        ],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(
        report.path[2].certificate.thumbprint,
        openssl_sha1(&env, &pki.root.cert)
    );
}

#[test]
fn hashed_directory_provides_anchors_and_intermediates() {
    let env = Env::new();
    let pki = env.pki();
    for (dir, cert) in [("roots", &pki.root.cert), ("cas", &pki.intermediate.cert)] {
        std::fs::create_dir(env.path(dir)).unwrap();
        std::fs::copy(cert, env.path(dir).join("ca.pem")).unwrap();
        env.openssl(&["rehash", dir]);
    }
    let (code, report) = verify(
        &env,
        &[
            &arg(&pki.leaf.cert),
            "--capath",
            "roots",
            "--untrusted-capath",
            "cas",
        ],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(report.path.len(), 3);
    assert_eq!(
        report.path[1].origin.kind,
        certkit::verify::OriginKind::Directory
    );
    assert!(report.path[2].trusted);
}

#[test]
fn missing_intermediate_is_fetched_from_aia_and_the_chain_written() {
    let env = Env::new();
    std::fs::create_dir(env.path("www")).unwrap();
    let server = HttpServer::start(&env.path("www"));
    let root = env.issue("root", "Test Root CA", None, &Spec::ca());
    let intermediate = env.issue("intermediate", "Test Issuing CA", Some(&root), &Spec::ca());
    let mut spec = Spec::client();
    let url = format!("http://127.0.0.1:{}/issuing-ca.cer", server.port);
    spec.extensions
        .push_str(&format!("authorityInfoAccess=caIssuers;URI:{url}\n"));
    let leaf = env.issue("client", "client.example.com", Some(&intermediate), &spec);
    env.to_der(&intermediate.cert, "www/issuing-ca.cer");

    // Without --fetch-aia the URL is named.
    let (code, report) = verify(&env, &[&arg(&leaf.cert), "--ca", &arg(&root.cert)]);
    assert_eq!(code, 1);
    assert_eq!(report.findings[0].ca_issuers, std::slice::from_ref(&url));
    assert!(
        report.findings[0]
            .message
            .ends_with(&format!("{url} (--fetch-aia does that)")),
        "{}",
        report.findings[0].message
    );

    let (code, report) = verify(
        &env,
        &[
            &arg(&leaf.cert),
            "--ca",
            &arg(&root.cert),
            "--fetch-aia",
            "--write-chain",
            "fullchain.pem",
        ],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(report.fetched.len(), 1);
    assert!(report.fetched[0].ok);
    assert_eq!(
        report.path[1].origin.kind,
        certkit::verify::OriginKind::Fetched
    );
    assert_eq!(report.path[1].origin.source, url);
    // The written chain is complete for openssl too.
    let full = env.read("fullchain.pem");
    assert_eq!(
        String::from_utf8_lossy(&full)
            .matches("BEGIN CERTIFICATE")
            .count(),
        3
    );
    env.openssl(&[
        "verify",
        "-CAfile",
        &arg(&root.cert),
        "-untrusted",
        "fullchain.pem",
        &arg(&leaf.cert),
    ]);
    // A second run does not overwrite the chain file.
    let out = env
        .certkit()
        .args([
            "verify-chain",
            &arg(&leaf.cert),
            "--ca",
            &arg(&root.cert),
            "--fetch-aia",
        ])
        .args(["--write-chain", "fullchain.pem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));

    // A URL that fails is reported and leaves the issuer missing.
    drop(server);
    let (code, report) = verify(
        &env,
        &[&arg(&leaf.cert), "--ca", &arg(&root.cert), "--fetch-aia"],
    );
    assert_eq!(code, 1);
    assert!(
        kinds(&report).contains(&"fetch_failed"),
        "{:?}",
        report.findings
    );
    assert!(kinds(&report).contains(&"missing_issuer"));
    // ... and the missing issuer no longer advises the flag that was just used and failed.
    let missing = report
        .findings
        .iter()
        .find(|f| f.message.starts_with("the missing CA"))
        .unwrap();
    assert!(
        !missing.message.contains("(--fetch-aia does that)")
            && missing
                .message
                .contains("(--fetch-aia could not download it: "),
        "{}",
        missing.message
    );
}

#[test]
fn unreadable_input_is_an_error() {
    let env = Env::new();
    env.write("garbage.pem", "not a certificate");
    let out = env
        .certkit()
        .args(["verify-chain", "garbage.pem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn ca_path_length_and_depth_limits() {
    let env = Env::new();
    let root = env.issue(
        "root",
        "Test Root CA",
        None,
        &Spec::ca().extensions("basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n"),
    );
    let intermediate = env.issue("intermediate", "Test Issuing CA", Some(&root), &Spec::ca());
    let leaf = env.issue(
        "client",
        "client.example.com",
        Some(&intermediate),
        &Spec::client(),
    );
    let chain = env.concat("chain.pem", &[&leaf.cert, &intermediate.cert]);
    let (code, report) = verify(&env, &[&arg(&chain), "--ca", &arg(&root.cert)]);
    assert_eq!(code, 1);
    assert_eq!(kinds(&report), ["path_length_exceeded"]);
    assert_eq!(report.findings[0].certificate, Some(2));

    let (code, report) = verify(
        &env,
        &[&arg(&chain), "--ca", &arg(&root.cert), "--max-depth", "0"],
    );
    assert_eq!(code, 1);
    assert!(
        kinds(&report).contains(&"depth_exceeded"),
        "{:?}",
        report.findings
    );
}

#[test]
fn ca_without_ca_flag_and_name_constraints_and_critical_extensions() {
    let env = Env::new();
    let root = env.issue("root", "Test Root CA", None, &Spec::ca());
    // An "intermediate" that is not a CA, restricting e-mail names it cannot restrict anyway.
    let not_ca = env.issue(
        "notca",
        "Not A CA",
        Some(&root),
        &Spec::ca().extensions("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n"),
    );
    let leaf = env.issue(
        "client",
        "client.example.com",
        Some(&not_ca),
        &Spec::client(),
    );
    let chain = env.concat("chain.pem", &[&leaf.cert, &not_ca.cert]);
    let (code, report) = verify(&env, &[&arg(&chain), "--ca", &arg(&root.cert)]);
    assert_eq!(code, 1);
    let k = kinds(&report);
    assert!(k.contains(&"not_a_ca"), "{k:?}");
    assert!(k.contains(&"missing_key_cert_sign"), "{k:?}");

    // Name constraints: the issuing CA permits e-mail names under example.com only.
    let env = Env::new();
    let root = env.issue("root", "Test Root CA", None, &Spec::ca());
    let mut ca = Spec::ca();
    ca.extensions
        .push_str("nameConstraints=critical,permitted;email:example.com\n");
    let issuing = env.issue("issuing", "Test Issuing CA", Some(&root), &ca);
    let mut client = Spec::client();
    client
        .extensions
        .push_str("subjectAltName=email:alice@example.org\n1.2.3.4.5=critical,ASN1:NULL\n");
    let leaf = env.issue("client", "client.example.com", Some(&issuing), &client);
    let chain = env.concat("chain.pem", &[&leaf.cert, &issuing.cert]);
    let (code, report) = verify(&env, &[&arg(&chain), "--ca", &arg(&root.cert)]);
    assert_eq!(code, 1);
    let k = kinds(&report);
    assert!(k.contains(&"name_constraint_violation"), "{k:?}");
    assert!(k.contains(&"unknown_critical_extension"), "{k:?}");
}

#[test]
fn sha1_signature_is_a_warning_not_a_failure() {
    let env = Env::new();
    let pki = env.pki();
    env.write(
        "leaf.ext",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    env.openssl(&[
        "x509",
        "-req",
        "-in",
        "client.csr",
        "-CA",
        &arg(&pki.intermediate.cert),
        "-CAkey",
        &arg(&pki.intermediate.key),
        "-sha1",
        "-days",
        "3650",
        "-extfile",
        "leaf.ext",
        "-out",
        "sha1.pem",
    ]);
    let chain = env.concat(
        "chain.pem",
        &[&env.path("sha1.pem"), &pki.intermediate.cert],
    );
    let (code, report) = verify(&env, &[&arg(&chain), "--ca", &arg(&pki.root.cert)]);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(kinds(&report), ["weak_signature_algorithm"]);
    assert_eq!(report.warnings, 1);
    assert_eq!(report.verdict, Verdict::Valid);
}

#[test]
fn system_trust_store_is_found_through_its_hash_links() {
    let env = Env::new();
    // Any root of the operating system's store, checked against that same store.
    let entry = std::fs::read_dir("/etc/ssl/certs")
        .expect("/etc/ssl/certs (the ca-certificates package, installed by .ci/run)")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "0"))
        .min()
        .expect("hash links in /etc/ssl/certs");
    let (_, report) = verify(
        &env,
        &[
            &arg(&entry),
            "--system",
            "--purpose",
            "any",
            "--at",
            "2026-01-01T00:00:00Z",
        ],
    );
    assert_eq!(report.path.len(), 1);
    assert!(report.path[0].trusted, "{:?}", report.path[0]);
    assert_eq!(
        report.path[0].origin.kind,
        certkit::verify::OriginKind::System
    );
    assert!(!kinds(&report).contains(&"untrusted_root"));

    // Without --system the same root is only a self-signed certificate.
    let (code, report) = verify(&env, &[&arg(&entry), "--purpose", "any"]);
    assert_eq!(code, 1);
    assert!(kinds(&report).contains(&"untrusted_root"));
}

#[test]
fn ssl_cert_file_and_ssl_cert_dir_name_the_system_trust() {
    let env = Env::new();
    let pki = env.pki();
    let untrusted = arg(&pki.intermediate.cert);
    let args = [
        arg(&pki.leaf.cert),
        "--untrusted".into(),
        untrusted,
        "--system".into(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    // A bundle file: its certificates are the system's anchors.
    let bundle = env.concat("bundle.pem", &[&pki.root.cert]);
    let (code, report) = verify_with(&env, &[("SSL_CERT_FILE", &arg(&bundle))], &args);
    assert_eq!(code, 0, "{:?}", report.findings);
    let anchor = &report.path[2];
    assert_eq!(anchor.origin.kind, certkit::verify::OriginKind::System);
    assert_eq!(anchor.origin.source, arg(&bundle));

    // A hashed directory, among several listed (the first does not exist).
    std::fs::create_dir(env.path("roots")).unwrap();
    std::fs::copy(&pki.root.cert, env.path("roots/root.pem")).unwrap();
    env.openssl(&["rehash", "roots"]);
    let dirs = format!("{}:{}", arg(&env.path("absent")), arg(&env.path("roots")));
    let (code, report) = verify_with(&env, &[("SSL_CERT_DIR", &dirs)], &args);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(
        report.path[2].origin.kind,
        certkit::verify::OriginKind::System
    );
    assert!(report.path[2]
        .origin
        .source
        .starts_with(&arg(&env.path("roots"))));

    // A bundle without our root: it is not found, the bundle named is all there is.
    let other = env.issue("other", "Other Root CA", None, &Spec::ca());
    let (code, report) = verify_with(&env, &[("SSL_CERT_FILE", &arg(&other.cert))], &args);
    assert_eq!(code, 1);
    assert!(
        kinds(&report).contains(&"missing_issuer"),
        "{:?}",
        report.findings
    );
}

#[test]
fn the_stores_root_and_intermediates_complete_the_path_unless_no_store() {
    let env = Env::new();
    let pki = env.pki();
    // The store gets the root and the intermediate, as `certkit import` files them.
    let out = env
        .certkit()
        .args(["import", &arg(&pki.root.cert), &arg(&pki.intermediate.cert)])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (code, report) = verify(&env, &[&arg(&pki.leaf.cert)]);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(report.path.len(), 3);
    let json = serde_json::to_value(&report).unwrap();
    let origins: Vec<String> = json["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["origin"]["kind"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(origins, ["input", "store", "store"], "{json}");

    let (code, report) = verify(&env, &[&arg(&pki.leaf.cert), "--no-store"]);
    assert_eq!(code, 1);
    assert!(
        kinds(&report).contains(&"missing_issuer"),
        "{:?}",
        report.findings
    );
}
