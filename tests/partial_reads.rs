//! A file yields every certificate it holds even when another part cannot be read: `inspect`
//! lists the certificates, names the unread part with its reason (`notes`, kind
//! `unread_part`), and exits 1 when the part is one a user relies on (a private key that does
//! not decrypt or parse, a damaged block); an unknown PEM label is informational (exit 0).
//! Commands that use the contents (convert) still refuse such a file with the part's error.
//! Files are made by OpenSSL in the test.

mod common;

use std::path::{Path, PathBuf};

use common::{json, Env};
use serde_json::Value;

/// A self-signed certificate and its key (plain and encrypted with "kp"), PEM, by OpenSSL.
fn cert_and_keys(env: &Env) -> (PathBuf, PathBuf, PathBuf) {
    let key = env.path("k.pem");
    let cert = env.path("c.pem");
    let enc = env.path("kenc.pem");
    let s = |p: &PathBuf| p.to_str().unwrap().to_string();
    for args in [
        vec![
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &s(&key),
            "-out",
            &s(&cert),
            "-subj",
            "/CN=partial",
            "-days",
            "30",
        ],
        vec![
            "pkcs8",
            "-topk8",
            "-in",
            &s(&key),
            "-passout",
            "pass:kp",
            "-out",
            &s(&enc),
        ],
    ] {
        let out = env.openssl(&args);
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    (cert, key, enc)
}

fn concat(env: &Env, name: &str, parts: &[&[u8]]) -> PathBuf {
    env.write(name, parts.concat())
}

fn inspect(env: &Env, file: &Path, extra: &[&str]) -> (Option<i32>, Value, String) {
    let out = env
        .certkit()
        .args(["--json", "inspect"])
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    let human = env
        .certkit()
        .arg("inspect")
        .args(extra)
        .arg(file)
        .output()
        .unwrap();
    assert_eq!(human.status.code(), out.status.code());
    (
        out.status.code(),
        json(&out),
        String::from_utf8(human.stderr).unwrap(),
    )
}

fn unread(doc: &Value) -> Vec<&Value> {
    doc["inputs"][0]["notes"]
        .as_array()
        .map(|n| n.iter().filter(|n| n["kind"] == "unread_part").collect())
        .unwrap_or_default()
}

#[test]
fn pem_certificate_next_to_an_encrypted_key_without_password() {
    let env = Env::new();
    let (cert, _, enc) = cert_and_keys(&env);
    let file = concat(
        &env,
        "both.pem",
        &[&env.read("c.pem"), &env.read("kenc.pem")],
    );
    let (code, doc, stderr) = inspect(&env, &file, &[]);
    assert_eq!(code, Some(1), "{doc:#}");
    let input = &doc["inputs"][0];
    assert_eq!(
        input["certificates"][0]["common_name"], "partial",
        "{doc:#}"
    );
    assert!(input["private_key"].is_null());
    let notes = unread(&doc);
    assert_eq!(notes.len(), 1, "{doc:#}");
    assert_eq!(notes[0]["part"], "PEM block 2 (ENCRYPTED PRIVATE KEY)");
    assert_eq!(notes[0]["reason_kind"], "password_required");
    assert_eq!(notes[0]["incomplete"], true);
    assert!(
        stderr.contains("warning") && stderr.contains("ENCRYPTED PRIVATE KEY"),
        "{stderr}"
    );
    // A wrong password: named as such, the certificate still listed.
    let (code, doc, _) = inspect(&env, &file, &["--password", "nope"]);
    assert_eq!(code, Some(1));
    assert_eq!(unread(&doc)[0]["reason_kind"], "wrong_password", "{doc:#}");
    assert!(!doc.to_string().contains("nope"), "the password leaked");
    // The right password: everything read, no note, exit 0.
    let (code, doc, _) = inspect(&env, &file, &["--password", "kp"]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["inputs"][0]["private_key"]["matches_leaf"], true);
    assert!(unread(&doc).is_empty());
    // The key alone cannot be read: nothing was read, so the file's error is the key's.
    let (code, doc, _) = inspect(&env, &enc, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        doc["inputs"][0]["error"]["kind"], "password_required",
        "{doc:#}"
    );
    // convert needs the whole file: it still refuses with the key's reason.
    let out = env
        .certkit()
        .args(["convert"])
        .arg(&file)
        .args(["-o", "out.pfx", "--new-password", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("password"),
        "{out:?}"
    );
    let _ = cert;
}

#[test]
fn pem_certificate_next_to_a_garbage_key_block_or_an_unknown_label() {
    let env = Env::new();
    cert_and_keys(&env);
    let garbage = b"-----BEGIN PRIVATE KEY-----\nZ2FyYmFnZQ==\n-----END PRIVATE KEY-----\n";
    let file = concat(&env, "garbage.pem", &[&env.read("c.pem"), garbage]);
    let (code, doc, _) = inspect(&env, &file, &[]);
    assert_eq!(code, Some(1), "{doc:#}");
    assert_eq!(
        doc["inputs"][0]["certificates"][0]["common_name"],
        "partial"
    );
    let notes = unread(&doc);
    assert_eq!(notes[0]["part"], "PEM block 2 (PRIVATE KEY)");
    assert_eq!(notes[0]["reason_kind"], "malformed");

    // A damaged certificate block next to a good one: the good one is listed.
    let bad_cert = b"-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n";
    let file = concat(&env, "badcert.pem", &[bad_cert, &env.read("c.pem")]);
    let (code, doc, _) = inspect(&env, &file, &[]);
    assert_eq!(code, Some(1), "{doc:#}");
    assert_eq!(
        doc["inputs"][0]["certificates"].as_array().unwrap().len(),
        1
    );
    assert_eq!(unread(&doc)[0]["part"], "PEM block 1 (CERTIFICATE)");

    // A label certkit does not know: informational, exit 0.
    let foo = b"-----BEGIN FOO BAR-----\nZ2FyYmFnZQ==\n-----END FOO BAR-----\n";
    let file = concat(
        &env,
        "foo.pem",
        &[&env.read("c.pem"), &env.read("k.pem"), foo],
    );
    let (code, doc, stderr) = inspect(&env, &file, &[]);
    assert_eq!(code, Some(0), "{doc:#}");
    let notes = unread(&doc);
    assert_eq!(notes[0]["part"], "PEM block 3 (FOO BAR)");
    assert_eq!(notes[0]["incomplete"], false);
    assert!(!stderr.contains("warning"), "{stderr}");
    assert_eq!(doc["inputs"][0]["private_key"]["matches_leaf"], true);
}

/// A PFX with contents in clear (OpenSSL `-keypbe NONE -certpbe NONE -nomac`) whose key bag's
/// algorithm OID is changed to one no library knows (1.2.840.10045.2.9, next to id-ecPublicKey),
/// standing for ML-KEM and other key types OpenSSL 3.0 cannot load.
fn pfx_with_unknown_key_type(env: &Env) -> PathBuf {
    cert_and_keys(env);
    let out = env.openssl(&[
        "pkcs12",
        "-export",
        "-in",
        env.path("c.pem").to_str().unwrap(),
        "-inkey",
        env.path("k.pem").to_str().unwrap(),
        "-keypbe",
        "NONE",
        "-certpbe",
        "NONE",
        "-nomac",
        "-passout",
        "pass:pw",
        "-out",
        env.path("plain.p12").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let bytes = env.read("plain.p12");
    let key_bag = [
        0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x0a, 0x01, 0x01,
    ];
    let ec = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    let find = |needle: &[u8], from: usize| {
        from + bytes[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    let at = find(&ec, find(&key_bag, 0)) + ec.len() - 1;
    let mut patched = bytes.clone();
    patched[at] = 0x09;
    env.write("unknown-key.p12", patched)
}

#[test]
fn pkcs12_with_a_key_type_openssl_cannot_load_lists_its_certificate() {
    let env = Env::new();
    let file = pfx_with_unknown_key_type(&env);
    let (code, doc, stderr) = inspect(&env, &file, &["--password", "pw"]);
    assert_eq!(code, Some(1), "{doc:#}");
    let input = &doc["inputs"][0];
    assert_eq!(input["certificates"][0]["common_name"], "partial");
    assert!(input["private_key"].is_null());
    let notes = unread(&doc);
    assert_eq!(
        notes[0]["part"],
        "PKCS#12 private key 1 (key type 1.2.840.10045.2.9)"
    );
    assert_eq!(notes[0]["reason_kind"], "unsupported_algorithm");
    assert!(stderr.contains("warning"), "{stderr}");
    // convert needs the key: refused with the reason.
    let out = env
        .certkit()
        .args(["--json", "convert"])
        .arg(&file)
        .args(["--password", "pw", "-o", "out.pfx", "--new-password", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        json(&out)["error"]["kind"],
        "unsupported_algorithm",
        "{out:?}"
    );
}

#[test]
fn java_keystore_with_only_secret_keys_reports_what_it_holds() {
    let env = Env::new();
    let store = env.path("secrets.p12");
    for alias in ["aes-key", "hmac-key"] {
        let alg = if alias == "aes-key" {
            "AES"
        } else {
            "HmacSHA256"
        };
        let out = env.run(
            "keytool",
            &[
                "-genseckey",
                "-alias",
                alias,
                "-keyalg",
                alg,
                "-keysize",
                "256",
                "-keystore",
                store.to_str().unwrap(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
            ],
        );
        assert!(out.status.success(), "{out:?}");
    }
    let (code, doc, _) = inspect(&env, &store, &["--password", "changeit"]);
    assert_eq!(code, Some(0), "{doc:#}");
    let input = &doc["inputs"][0];
    assert_eq!(input["format"], "pkcs12");
    assert!(input["certificates"].as_array().unwrap().is_empty());
    let notes = input["notes"].as_array().unwrap();
    assert_eq!(notes[0]["kind"], "secret_bags", "{doc:#}");
    assert_eq!(notes[0]["count"], 2, "{doc:#}");
    let human = env
        .certkit()
        .args(["inspect", "--password", "changeit"])
        .arg(&store)
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("0 certificates") && text.contains("2 secret bags"),
        "{text}"
    );
}

#[test]
fn pkcs12_with_clear_certificates_and_an_encrypted_key_without_password() {
    let env = Env::new();
    let (cert, key, _) = cert_and_keys(&env);
    let s = |p: &PathBuf| p.to_str().unwrap().to_string();
    let file = env.path("clear-certs.p12");
    // OpenSSL: certificates in a clear safe (-certpbe NONE), the key shrouded with "pp".
    env.run(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-in",
            &s(&cert),
            "-inkey",
            &s(&key),
            "-certpbe",
            "NONE",
            "-passout",
            "pass:pp",
            "-out",
            &s(&file),
        ],
    );
    let (code, doc, stderr) = inspect(&env, &file, &[]);
    assert_eq!(code, Some(1), "{doc:#}");
    let input = &doc["inputs"][0];
    assert_eq!(
        input["certificates"].as_array().unwrap().len(),
        1,
        "{doc:#}"
    );
    assert_eq!(input["certificates"][0]["common_name"], "partial");
    assert!(input["private_key"].is_null());
    assert_eq!(input["pkcs12"]["password"], "not_opened", "{doc:#}");
    let notes = unread(&doc);
    assert_eq!(notes.len(), 1, "{doc:#}");
    assert_eq!(
        notes[0]["part"],
        "PKCS#12 private key 1 (encrypted with AES-256-CBC)"
    );
    assert_eq!(notes[0]["reason_kind"], "password_required");
    assert_eq!(notes[0]["incomplete"], true);
    assert!(
        stderr.contains("warning") && stderr.contains("private key 1"),
        "{stderr}"
    );
    // The password: everything read, exit 0.
    let (code, doc, _) = inspect(&env, &file, &["--password", "pp"]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(doc["inputs"][0]["private_key"]["matches_leaf"], true);
    assert!(unread(&doc).is_empty());
    // A wrong password is still the file's error (the MAC covers every part).
    let (code, doc, _) = inspect(&env, &file, &["--password", "nope"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        doc["inputs"][0]["error"]["kind"], "wrong_password",
        "{doc:#}"
    );
    // Everything encrypted: nothing in clear, so the password error stands.
    let all = env.path("all-encrypted.p12");
    env.run(
        "openssl",
        &[
            "pkcs12",
            "-export",
            "-in",
            &s(&cert),
            "-inkey",
            &s(&key),
            "-passout",
            "pass:pp",
            "-out",
            &s(&all),
        ],
    );
    let (code, doc, _) = inspect(&env, &all, &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        doc["inputs"][0]["error"]["kind"], "password_required",
        "{doc:#}"
    );
    // convert needs the key: it refuses the partly readable file.
    let out = env
        .certkit()
        .args(["convert"])
        .arg(&file)
        .args(["-o", "out.pfx", "--new-password", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}
