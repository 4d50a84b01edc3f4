//! `certkit check-private-key`: presence, match by public key and by a sign/verify round trip
//! for every key type, and the exit codes 0/1/2.

mod common;

use common::*;

fn check(env: &Env, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut all = vec!["--json", "check-private-key"];
    all.extend(args);
    let out = env.certkit().args(&all).output().unwrap();
    let doc = json(&out);
    (out.status.code(), doc)
}

#[test]
fn every_key_type_matches_its_certificate_and_not_another() {
    let env = Env::new();
    let ca = env.issue("ca", "Key Type CA", None, &Spec::ca());
    let mut issued = Vec::new();
    for (name, key) in [
        ("rsa", KeyType::Rsa2048),
        ("ec", KeyType::EcP256),
        ("ec384", KeyType::EcP384),
        ("ed25519", KeyType::Ed25519),
        ("dsa", KeyType::Dsa2048),
    ] {
        issued.push(env.issue(
            name,
            &format!("{name}.example"),
            Some(&ca),
            &Spec::client().key(key),
        ));
    }
    // Ed448 is not in the harness's key types: a self-signed one straight from openssl.
    env.openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ED448",
        "-nodes",
        "-keyout",
        "ed448.key",
        "-out",
        "ed448.pem",
        "-subj",
        "/CN=ed448.example",
        "-days",
        "3650",
    ]);
    let algorithms = ["RSA", "EC", "EC", "Ed25519", "DSA", "Ed448"];
    let mut files: Vec<(String, String)> = issued
        .iter()
        .map(|i| (i.cert.display().to_string(), i.key.display().to_string()))
        .collect();
    files.push(("ed448.pem".into(), "ed448.key".into()));
    for (i, (cert, key)) in files.iter().enumerate() {
        let (code, doc) = check(&env, &[cert, "--key", key]);
        assert_eq!(code, Some(0), "{doc}");
        assert_eq!(doc["version"], 3);
        assert_eq!(doc["verdict"], "match");
        assert_eq!(doc["key_present"], true);
        assert_eq!(doc["public_key_match"], true);
        assert_eq!(doc["signature_check"], "passed");
        assert_eq!(doc["key"]["algorithm"], algorithms[i]);
        // The next certificate's key does not match this one.
        let (_, other_key) = &files[(i + 1) % files.len()];
        let (code, doc) = check(&env, &[cert, "--key", other_key]);
        assert_eq!(code, Some(1), "{doc}");
        assert_eq!(doc["verdict"], "mismatch");
        assert_eq!(doc["public_key_match"], false);
        assert_ne!(doc["signature_check"], "passed");
    }
    // Same algorithm and curve, another key: still a mismatch, and the signature fails.
    let other = env.key("other-ec", KeyType::EcP256).display().to_string();
    let (code, doc) = check(&env, &[&files[1].0, "--key", &other]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["signature_check"], "failed");
}

#[test]
fn pfx_with_key_passes_and_certificate_only_pfx_explains_why_it_fails() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("full.pfx", &pki.leaf, &[&pki.intermediate], "pfx-pw", &[]);
    let (code, doc) = check(&env, &["full.pfx", "--password", "pfx-pw"]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(
        doc["leaf"]["thumbprint"],
        openssl_sha1(&env, &pki.leaf.cert)
    );

    let leaf = pki.leaf.cert.display().to_string();
    env.openssl(&[
        "pkcs12",
        "-export",
        "-nokeys",
        "-in",
        &leaf,
        "-out",
        "certonly.pfx",
        "-passout",
        "pass:pfx-pw",
    ]);
    let (code, doc) = check(&env, &["certonly.pfx", "--password", "pfx-pw"]);
    assert_eq!(code, Some(1));
    assert_eq!(doc["verdict"], "no_key");
    assert_eq!(doc["key_present"], false);
    let message = doc["message"].as_str().unwrap();
    assert!(message.contains("certificate-only"), "{message}");
    assert!(
        message.contains("client authentication needs the private key"),
        "{message}"
    );

    // The human form says the same, on stdout, with exit 1.
    let out = env
        .certkit()
        .args(["check-private-key", "certonly.pfx", "--password", "pfx-pw"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("NO PRIVATE KEY"), "{text}");
}

#[test]
fn a_key_of_another_certificate_in_the_file_is_named() {
    let env = Env::new();
    let pki = env.pki();
    // The leaf with the intermediate's key: the key belongs to the CA, not to the leaf.
    let file = env.concat(
        "mixed.pem",
        &[
            &pki.leaf.cert,
            &pki.intermediate.cert,
            &pki.intermediate.key,
        ],
    );
    let (code, doc) = check(&env, &[&file.display().to_string()]);
    assert_eq!(code, Some(1), "{doc}");
    assert_eq!(doc["verdict"], "mismatch");
    assert_eq!(
        doc["leaf"]["thumbprint"],
        openssl_sha1(&env, &pki.leaf.cert)
    );
    assert_eq!(
        doc["key_belongs_to"]["thumbprint"],
        openssl_sha1(&env, &pki.intermediate.cert)
    );
}

#[test]
fn a_root_ca_with_its_key_is_not_called_a_client_certificate() {
    let env = Env::new();
    let pki = env.pki();
    let root = pki.root.cert.display().to_string();
    let key = pki.root.key.display().to_string();
    let (code, doc) = check(&env, &[&root, "--key", &key]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(doc["verdict"], "match");
    assert_eq!(doc["leaf"]["ca"], true);
    let message = doc["message"].as_str().unwrap();
    assert!(
        message.contains("matches the root CA certificate")
            && message.contains("is a CA, not a client certificate"),
        "{message}"
    );
    assert!(!message.contains("leaf certificate"), "{message}");
    let out = env
        .certkit()
        .args(["check-private-key", &root, "--key", &key])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n  CA certificate    "), "{text}");
    assert!(!text.contains("leaf certificate"), "{text}");
    // A client certificate keeps its wording.
    let leaf = pki.leaf.cert.display().to_string();
    let leaf_key = pki.leaf.key.display().to_string();
    let (_, doc) = check(&env, &[&leaf, "--key", &leaf_key]);
    assert_eq!(doc["leaf"]["ca"], false);
    assert!(doc["message"]
        .as_str()
        .unwrap()
        .contains("matches the leaf certificate"));
}

#[test]
fn errors_exit_2() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("full.pfx", &pki.leaf, &[], "pfx-pw", &[]);
    let out = env
        .certkit()
        .args([
            "--json",
            "check-private-key",
            "full.pfx",
            "--password",
            "wrong",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["kind"], "wrong_password");
    // A key alone: nothing to compare it with.
    let key = pki.leaf.key.display().to_string();
    let out = env
        .certkit()
        .args(["check-private-key", &key])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--key"));
    // --key naming a file without a key.
    let cert = pki.leaf.cert.display().to_string();
    let out = env
        .certkit()
        .args(["check-private-key", &cert, "--key", &cert])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // A folder where a file is expected: one line naming it, exit 2 (the folder opens, and
    // only the read says what it is).
    std::fs::create_dir(env.path("a-folder")).unwrap();
    let out = env
        .certkit()
        .args(["check-private-key", "a-folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("a-folder is a directory: this command takes a file"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn help_examples_run_as_written() {
    let env = Env::new();
    let pki = env.pki();
    let work = env.path("work");
    std::fs::create_dir(&work).unwrap();
    env.pkcs12(
        "work/client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "example-pw",
        &[],
    );
    std::fs::copy(&pki.leaf.cert, work.join("client.crt")).unwrap();
    std::fs::copy(&pki.leaf.key, work.join("client.key")).unwrap();
    // `--entry client.example.com` checks the entry of the (test) store.
    let leaf = pki.leaf.cert.display().to_string();
    let key = pki.leaf.key.display().to_string();
    certkit_ok(&env, &["import", &leaf, &key]);
    let examples = help_examples(&env, "check-private-key");
    assert_eq!(examples.len(), 4, "{examples:?}");
    for line in &examples {
        run_example(&env, &work, line, &[("PFX_PASSWORD", "example-pw")], 0);
    }
}

#[test]
fn a_store_entry_is_checked_with_entry() {
    let env = Env::new();
    let pki = env.pki();
    let store = env.path("store").display().to_string();
    let leaf = pki.leaf.cert.display().to_string();
    let key = pki.leaf.key.display().to_string();
    let root = pki.root.cert.display().to_string();
    certkit_ok(&env, &["--store", &store, "import", &leaf, &key]);
    certkit_ok(
        &env,
        &["--store", &store, "import", &root, "--to", "personal"],
    );

    let (code, doc) = check(&env, &["--store", &store, "--entry", "client.example.com"]);
    assert_eq!(code, Some(0), "{doc}");
    assert_eq!(doc["verdict"], "match");
    assert_eq!(doc["signature_check"], "passed");
    assert!(doc["input"]
        .as_str()
        .unwrap()
        .ends_with("personal/client.example.com"));

    // The same entry by thumbprint; a certificate without its key exits 1.
    let (code, doc) = check(
        &env,
        &[
            "--store",
            &store,
            "--entry",
            &openssl_sha1(&env, &pki.leaf.cert),
        ],
    );
    assert_eq!(code, Some(0), "{doc}");
    let (code, doc) = check(&env, &["--store", &store, "--entry", "Test_Root_CA"]);
    assert_eq!(code, Some(1), "{doc}");
    assert_eq!(doc["verdict"], "no_key");

    // No such entry, or a file and --entry together: usage errors.
    let (code, _) = check(&env, &["--store", &store, "--entry", "nothing-here"]);
    assert_eq!(code, Some(2));
    let out = env
        .certkit()
        .args(["check-private-key", &leaf, "--entry", "client.example.com"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
