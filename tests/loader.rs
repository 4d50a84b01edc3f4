//! The loader, driven through `certkit inspect`, on every format and PKCS#12 variant that real
//! tools write: files made at test time by the openssl CLI, Java keytool, GnuTLS certtool and
//! Python's cryptography. Each test asserts facts the tools themselves confirm (thumbprints from
//! `openssl x509 -fingerprint`, algorithms the writer was told to use), not just "it loaded".
//! Failures (wrong password, bad MAC, damaged files, missing files, no password source), the
//! password sources, directory scans, `--expiring` and a closed output pipe are covered too.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{json, openssl_sha1, Env, KeyType, Pki, Spec};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// `certkit --json inspect ARGS...`.
fn inspect(env: &Env, args: &[&str]) -> std::process::Output {
    env.certkit()
        .arg("--json")
        .arg("inspect")
        .args(args)
        .output()
        .unwrap()
}

/// The first input of a successful `--json inspect` run.
fn loaded(env: &Env, args: &[&str]) -> Value {
    let out = inspect(env, args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "inspect {args:?} failed:\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    assert_eq!(doc["version"], 2);
    let input = doc["inputs"][0].clone();
    assert!(input.get("error").is_none(), "unexpected error: {input}");
    input
}

/// Runs `inspect` without `--json` on one failing file: exit 2 and exactly one stderr line that
/// names the file. Then with `--json`: the input's error kind. Returns the stderr line.
fn fails(env: &Env, file: &str, extra: &[&str], kind: &str) -> String {
    let mut args = vec![file];
    args.extend_from_slice(extra);
    let out = env.certkit().arg("inspect").args(&args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "exit code for {file}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one stderr line expected, got:\n{stderr}");
    assert!(
        lines[0].contains(file),
        "the error must name {file}: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let out = inspect(env, &args);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let error = &doc["inputs"][0]["error"];
    assert_eq!(error["kind"], kind, "{doc}");
    assert!(error["message"].as_str().unwrap().contains(file));
    assert_eq!(doc["summary"]["failed"], 1);
    lines[0].to_string()
}

fn certs(input: &Value) -> &Vec<Value> {
    input["certificates"].as_array().unwrap()
}

fn roles(input: &Value) -> Vec<&str> {
    certs(input)
        .iter()
        .map(|c| c["role"].as_str().unwrap())
        .collect()
}

fn thumbprints(input: &Value) -> Vec<String> {
    certs(input)
        .iter()
        .map(|c| c["thumbprint"].as_str().unwrap().to_string())
        .collect()
}

/// (cipher, kdf, iterations) of each encryption entry of a PKCS#12 report list.
fn encryptions(list: &Value) -> Vec<(String, Option<String>, Option<u64>)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["cipher"].as_str().unwrap().to_string(),
                e["kdf"].as_str().map(str::to_string),
                e["iterations"].as_u64(),
            )
        })
        .collect()
}

fn enc(cipher: &str, kdf: &str, iterations: u64) -> (String, Option<String>, Option<u64>) {
    (cipher.to_string(), Some(kdf.to_string()), Some(iterations))
}

fn unencrypted() -> (String, Option<String>, Option<u64>) {
    ("none".to_string(), None, None)
}

fn opens(input: &Value, reader: &str) -> String {
    input["pkcs12"]["opens_in"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reader"] == reader)
        .unwrap_or_else(|| panic!("no verdict for {reader}"))["opens"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The PKI's three thumbprints as openssl computes them: leaf, intermediate, root.
fn pki_thumbprints(env: &Env, pki: &Pki) -> Vec<String> {
    [&pki.leaf, &pki.intermediate, &pki.root]
        .iter()
        .map(|i| openssl_sha1(env, &i.cert))
        .collect()
}

/// Leaf + its key, with the intermediate: the common shape of a client PKCS#12 file. Asserts the
/// content facts that do not depend on the container.
fn assert_client_bundle(env: &Env, pki: &Pki, input: &Value) {
    let expected = pki_thumbprints(env, pki);
    assert_eq!(roles(input), ["leaf", "intermediate"]);
    assert_eq!(thumbprints(input), expected[..2]);
    assert_eq!(input["private_key"]["matches_leaf"], true);
    assert_eq!(input["private_key"]["algorithm"], "EC");
    assert_eq!(
        certs(input)[0]["subject"],
        "CN=client.example.com, O=certkit tests"
    );
    assert_eq!(certs(input)[0]["extended_key_usage"][0], "clientAuth");
}

/// A real tool in the test directory, with a UTF-8 locale (keytool decodes its arguments with
/// the locale's charset).
fn tool(env: &Env, program: &str, args: &[&str]) -> std::process::Output {
    let out = Command::new(program)
        .args(args)
        .current_dir(env.dir.path())
        .env("LC_ALL", "C.UTF-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e} (.ci/run installs it)"));
    assert!(
        out.status.success(),
        "{program} {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn path_str(p: &Path) -> String {
    p.display().to_string()
}

/// Flips one bit of the PKCS#12 MAC digest (the last OCTET STRING of 20 or 32 bytes).
fn corrupt_mac(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let at = [0x20u8, 0x14]
        .iter()
        .filter_map(|len| out.windows(2).rposition(|w| w == [0x04, *len]))
        .max()
        .expect("a MAC digest");
    out[at + 5] ^= 0x01;
    out
}

// ---------------------------------------------------------------------------------------------
// PEM
// ---------------------------------------------------------------------------------------------

#[test]
fn pem_with_chain_and_pkcs8_key_in_any_order_and_surrounding_text() {
    let env = Env::new();
    let pki = env.pki();
    let mut text = b"Issued by the test CA.\nKey first, then the chain in reverse:\n".to_vec();
    text.extend(std::fs::read(&pki.leaf.key).unwrap());
    text.extend(b"\nroot:\n");
    text.extend(std::fs::read(&pki.root.cert).unwrap());
    text.extend(std::fs::read(&pki.intermediate.cert).unwrap());
    text.extend(b"subject=CN = client.example.com\n");
    text.extend(std::fs::read(&pki.leaf.cert).unwrap());
    env.write("bundle.pem", &text);
    assert!(String::from_utf8_lossy(&env.read("bundle.pem")).contains("BEGIN PRIVATE KEY"));

    let input = loaded(&env, &["bundle.pem"]);
    assert_eq!(input["format"], "pem");
    assert_eq!(roles(&input), ["root", "intermediate", "leaf"]);
    let mut expected = pki_thumbprints(&env, &pki);
    expected.reverse();
    assert_eq!(thumbprints(&input), expected);
    assert_eq!(input["private_key"]["matches_leaf"], true);
    assert_eq!(input["private_key"]["curve"], "P-256");
    assert!(input.get("pkcs12").is_none());
}

#[test]
fn pem_written_by_openssl_pkcs12_nodes_with_bag_attributes() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("in.pfx", &pki.leaf, &[&pki.intermediate], "pw", &[]);
    let out = env.openssl(&["pkcs12", "-in", "in.pfx", "-passin", "pass:pw", "-nodes"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Bag Attributes"));
    env.write("from-pfx.pem", &out.stdout);
    let input = loaded(&env, &["from-pfx.pem"]);
    assert_eq!(input["format"], "pem");
    assert_client_bundle(&env, &pki, &input);
}

#[test]
fn pem_encrypted_pkcs8_keys_pbes2_variants() {
    let env = Env::new();
    let pki = env.pki();
    let key = path_str(&pki.leaf.key);
    // openssl pkcs8 -v2 CIPHER [-v2prf PRF]: PBES2 as OpenSSL, Java and Windows write it.
    for (name, cipher, prf) in [
        ("aes256-sha256", "aes-256-cbc", "hmacWithSHA256"),
        ("aes128-sha1", "aes-128-cbc", "hmacWithSHA1"),
        ("des3-sha256", "des3", "hmacWithSHA256"),
    ] {
        let file = format!("{name}.key");
        env.openssl(&[
            "pkcs8",
            "-topk8",
            "-in",
            &key,
            "-out",
            &file,
            "-passout",
            "pass:k3y pass",
            "-v2",
            cipher,
            "-v2prf",
            prf,
        ]);
        assert!(String::from_utf8_lossy(&env.read(&file)).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        let pem = env.concat(&format!("{name}.pem"), &[&pki.leaf.cert, &env.path(&file)]);
        let pem = path_str(&pem);
        let input = loaded(&env, &[&pem, "--password", "k3y pass"]);
        assert_eq!(input["private_key"]["matches_leaf"], true, "{name}");
        assert_eq!(
            certs(&input)[0]["thumbprint"],
            openssl_sha1(&env, &pki.leaf.cert),
            "{name}"
        );
        fails(&env, &pem, &["--password", "not it"], "wrong_password");
    }
}

#[test]
fn pem_traditional_rsa_and_ec_keys_plain_and_legacy_encrypted() {
    let env = Env::new();
    let rsa = env.issue(
        "rsa",
        "rsa.example",
        None,
        &Spec::client().key(KeyType::Rsa2048),
    );
    let ec = env.issue(
        "ec",
        "ec.example",
        None,
        &Spec::client().key(KeyType::EcP384),
    );
    let rsa_key = path_str(&rsa.key);
    let ec_key = path_str(&ec.key);
    env.openssl(&[
        "rsa",
        "-in",
        &rsa_key,
        "-traditional",
        "-out",
        "rsa-trad.key",
    ]);
    env.openssl(&[
        "rsa",
        "-in",
        &rsa_key,
        "-traditional",
        "-aes256",
        "-passout",
        "pass:legacy pw",
        "-out",
        "rsa-enc.key",
    ]);
    env.openssl(&["ec", "-in", &ec_key, "-out", "ec-trad.key"]);
    env.openssl(&[
        "ec",
        "-in",
        &ec_key,
        "-des3",
        "-passout",
        "pass:legacy pw",
        "-out",
        "ec-enc.key",
    ]);
    let text = |f: &str| String::from_utf8(env.read(f)).unwrap();
    assert!(text("rsa-trad.key").contains("BEGIN RSA PRIVATE KEY"));
    assert!(text("ec-trad.key").contains("BEGIN EC PRIVATE KEY"));
    for f in ["rsa-enc.key", "ec-enc.key"] {
        assert!(text(f).contains("Proc-Type: 4,ENCRYPTED"), "{f}");
        assert!(text(f).contains("DEK-Info:"), "{f}");
    }

    for (cert, key, pass, algorithm, bits) in [
        (&rsa, "rsa-trad.key", None, "RSA", 2048),
        (&rsa, "rsa-enc.key", Some("legacy pw"), "RSA", 2048),
        (&ec, "ec-trad.key", None, "EC", 384),
        (&ec, "ec-enc.key", Some("legacy pw"), "EC", 384),
    ] {
        let file = format!("{key}.pem");
        env.concat(&file, &[&cert.cert, &env.path(key)]);
        let mut args = vec![file.as_str()];
        if let Some(p) = pass {
            args.extend(["--password", p]);
        }
        let input = loaded(&env, &args);
        assert_eq!(input["private_key"]["algorithm"], algorithm, "{key}");
        assert_eq!(input["private_key"]["bits"], bits, "{key}");
        assert_eq!(input["private_key"]["matches_leaf"], true, "{key}");
        assert_eq!(roles(&input), ["leaf"], "{key}");
        if pass.is_some() {
            fails(&env, &file, &["--password", "wrong"], "wrong_password");
            fails(&env, &file, &[], "password_required");
        }
    }
}

#[test]
fn pem_pkcs7_block_and_pem_text_in_a_cer_file() {
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat(
        "chain.pem",
        &[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert],
    );
    env.openssl(&[
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        &path_str(&chain),
        "-out",
        "chain.p7b.pem",
    ]);
    assert!(String::from_utf8_lossy(&env.read("chain.p7b.pem")).contains("BEGIN PKCS7"));
    let input = loaded(&env, &["chain.p7b.pem"]);
    assert_eq!(input["format"], "pem");
    let mut got = thumbprints(&input);
    got.sort();
    let mut expected = pki_thumbprints(&env, &pki);
    expected.sort();
    assert_eq!(got, expected);
    assert!(input.get("private_key").is_none());

    // Windows "Base-64 encoded X.509 (.CER)": PEM text under a .cer name.
    std::fs::copy(&pki.leaf.cert, env.path("client.cer")).unwrap();
    let input = loaded(&env, &["client.cer"]);
    assert_eq!(input["format"], "pem");
    assert_eq!(thumbprints(&input), [openssl_sha1(&env, &pki.leaf.cert)]);
}

// ---------------------------------------------------------------------------------------------
// DER and PKCS#7
// ---------------------------------------------------------------------------------------------

#[test]
fn der_certificate_is_detected_from_the_bytes_not_the_name() {
    let env = Env::new();
    let pki = env.pki();
    // Windows "DER encoded binary X.509 (.CER)", and the same bytes under a misleading name.
    env.to_der(&pki.leaf.cert, "client.cer");
    env.to_der(&pki.leaf.cert, "client-der.pem");
    for name in ["client.cer", "client-der.pem"] {
        let input = loaded(&env, &[name]);
        assert_eq!(input["format"], "der", "{name}");
        assert_eq!(thumbprints(&input), [openssl_sha1(&env, &pki.leaf.cert)]);
        assert_eq!(roles(&input), ["leaf"]);
        assert_eq!(
            certs(&input)[0]["issuer"],
            "CN=Test Issuing CA, O=certkit tests"
        );
    }
}

#[test]
fn der_pkcs8_keys_plain_and_encrypted() {
    let env = Env::new();
    let rsa = env.key("rsa", KeyType::Rsa2048);
    let ed = env.key("ed", KeyType::Ed25519);
    env.openssl(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        &path_str(&rsa),
        "-outform",
        "DER",
        "-out",
        "rsa.p8",
    ]);
    env.openssl(&[
        "pkcs8",
        "-topk8",
        "-in",
        &path_str(&ed),
        "-outform",
        "DER",
        "-out",
        "ed-enc.p8",
        "-passout",
        "pass:der pass",
        "-v2",
        "aes-256-cbc",
    ]);
    env.openssl(&[
        "pkcs8",
        "-topk8",
        "-in",
        &path_str(&rsa),
        "-outform",
        "DER",
        "-out",
        "rsa-pbe.p8",
        "-passout",
        "pass:der pass",
        "-v1",
        "PBE-SHA1-3DES",
    ]);
    let input = loaded(&env, &["rsa.p8"]);
    assert_eq!(input["format"], "der");
    assert_eq!(input["private_key"]["algorithm"], "RSA");
    assert_eq!(input["private_key"]["bits"], 2048);
    assert_eq!(input["private_key"]["matches_leaf"], Value::Null);
    assert!(certs(&input).is_empty());

    let input = loaded(&env, &["ed-enc.p8", "--password", "der pass"]);
    assert_eq!(input["format"], "der");
    assert_eq!(input["private_key"]["algorithm"], "Ed25519");
    fails(&env, "ed-enc.p8", &["--password", "nope"], "wrong_password");

    let input = loaded(&env, &["rsa-pbe.p8", "--password", "der pass"]);
    assert_eq!(input["private_key"]["algorithm"], "RSA");

    // Traditional (PKCS#1 / SEC 1) keys in DER.
    let ec = env.key("ec", KeyType::EcP256);
    env.openssl(&[
        "rsa",
        "-in",
        &path_str(&rsa),
        "-traditional",
        "-outform",
        "DER",
        "-out",
        "rsa.der",
    ]);
    env.openssl(&[
        "ec",
        "-in",
        &path_str(&ec),
        "-outform",
        "DER",
        "-out",
        "ec.der",
    ]);
    for (file, algorithm) in [("rsa.der", "RSA"), ("ec.der", "EC")] {
        let input = loaded(&env, &[file]);
        assert_eq!(input["format"], "der");
        assert_eq!(input["private_key"]["algorithm"], algorithm);
    }
}

#[test]
fn pkcs7_bundles_in_der_and_pem() {
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat(
        "chain.pem",
        &[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert],
    );
    let chain = path_str(&chain);
    env.openssl(&[
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        &chain,
        "-outform",
        "DER",
        "-out",
        "chain.p7b",
    ]);
    env.openssl(&[
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        &chain,
        "-out",
        "chain-pem.p7b",
    ]);
    let der = loaded(&env, &["chain.p7b"]);
    assert_eq!(der["format"], "pkcs7");
    let pem = loaded(&env, &["chain-pem.p7b"]);
    assert_eq!(pem["format"], "pem");
    let mut expected = pki_thumbprints(&env, &pki);
    expected.sort();
    for input in [&der, &pem] {
        let mut got = thumbprints(input);
        got.sort();
        assert_eq!(got, expected);
        let role_of = |sha1: &str| {
            certs(input)
                .iter()
                .find(|c| c["thumbprint"] == sha1)
                .unwrap()["role"]
                .clone()
        };
        let t = pki_thumbprints(&env, &pki);
        assert_eq!(role_of(&t[0]), "leaf");
        assert_eq!(role_of(&t[1]), "intermediate");
        assert_eq!(role_of(&t[2]), "root");
    }
}

// ---------------------------------------------------------------------------------------------
// PKCS#12 from OpenSSL
// ---------------------------------------------------------------------------------------------

#[test]
fn pkcs12_openssl3_default() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "s3cret", &[]);
    let input = loaded(&env, &["client.pfx", "--password", "s3cret"]);
    assert_eq!(input["format"], "pkcs12");
    assert_client_bundle(&env, &pki, &input);
    let p12 = &input["pkcs12"];
    let aes = enc("AES-256-CBC", "PBKDF2-hmacWithSHA256", 2048);
    assert_eq!(
        encryptions(&p12["certificate_encryption"]),
        std::slice::from_ref(&aes)
    );
    assert_eq!(encryptions(&p12["key_encryption"]), [aes]);
    assert_eq!(p12["mac"]["algorithm"], "SHA-256");
    assert_eq!(p12["mac"]["iterations"], 2048);
    assert_eq!(p12["password"], "given");
    assert_eq!(certs(&input)[0]["friendly_name"], "certkit test client");
    assert_eq!(input["private_key"]["friendly_name"], "certkit test client");
    assert_eq!(opens(&input, "OpenSSL 3"), "yes");
    assert_eq!(opens(&input, "Windows Server 2019+"), "yes");
    assert_eq!(opens(&input, "Windows Server 2016"), "no");
    assert_eq!(opens(&input, "Java 8 (before 8u301)"), "no");
}

#[test]
fn pkcs12_openssl_legacy_opens_without_any_extra_flag() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "legacy.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "s3cret",
        &["-legacy"],
    );
    // The file really is one OpenSSL 3 refuses without -legacy.
    let refused = Command::new("openssl")
        .args([
            "pkcs12",
            "-in",
            "legacy.pfx",
            "-passin",
            "pass:s3cret",
            "-noout",
        ])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("unsupported"));

    let input = loaded(&env, &["legacy.pfx", "--password", "s3cret"]);
    assert_client_bundle(&env, &pki, &input);
    let p12 = &input["pkcs12"];
    assert_eq!(
        encryptions(&p12["certificate_encryption"]),
        [enc("RC2-40-CBC", "SHA-1", 2048)]
    );
    assert_eq!(
        encryptions(&p12["key_encryption"]),
        [enc("3DES-CBC", "SHA-1", 2048)]
    );
    assert_eq!(p12["mac"]["algorithm"], "SHA-1");
    assert_eq!(opens(&input, "OpenSSL 3"), "no");
    assert_eq!(opens(&input, "OpenSSL 3 -legacy"), "yes");
    assert_eq!(opens(&input, "Windows Server 2016"), "yes");
}

#[test]
fn pkcs12_windows_style_3des_with_sha1_mac() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "windows.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "s3cret",
        &[
            "-certpbe",
            "PBE-SHA1-3DES",
            "-keypbe",
            "PBE-SHA1-3DES",
            "-macalg",
            "sha1",
        ],
    );
    let input = loaded(&env, &["windows.pfx", "--password", "s3cret"]);
    assert_client_bundle(&env, &pki, &input);
    let p12 = &input["pkcs12"];
    let des = enc("3DES-CBC", "SHA-1", 2048);
    assert_eq!(
        encryptions(&p12["certificate_encryption"]),
        std::slice::from_ref(&des)
    );
    assert_eq!(encryptions(&p12["key_encryption"]), [des]);
    assert_eq!(p12["mac"]["algorithm"], "SHA-1");
    assert_eq!(opens(&input, "Windows Server 2016"), "yes");
    assert_eq!(opens(&input, "macOS 15 and older"), "yes");
    assert_eq!(opens(&input, "OpenSSL 3"), "yes");
}

#[test]
fn pkcs12_pbes2_with_des_ede3() {
    let env = Env::new();
    let pki = env.pki();
    // A cipher name (not a PBE algorithm) makes openssl write PBES2 with that cipher.
    env.pkcs12(
        "des3-pbes2.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "s3cret",
        &["-certpbe", "des-ede3-cbc", "-keypbe", "des-ede3-cbc"],
    );
    let input = loaded(&env, &["des3-pbes2.pfx", "--password", "s3cret"]);
    assert_client_bundle(&env, &pki, &input);
    let p12 = &input["pkcs12"];
    let des = enc("DES-EDE3-CBC", "PBKDF2-hmacWithSHA256", 2048);
    assert_eq!(
        encryptions(&p12["certificate_encryption"]),
        std::slice::from_ref(&des)
    );
    assert_eq!(encryptions(&p12["key_encryption"]), [des]);
    assert_eq!(p12["certificate_encryption"][0]["scheme"], "PBES2");
}

#[test]
fn pkcs12_unencrypted_bags_and_no_mac() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "plain.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "s3cret",
        &["-certpbe", "NONE", "-keypbe", "NONE"],
    );
    let input = loaded(&env, &["plain.pfx", "--password", "s3cret"]);
    assert_client_bundle(&env, &pki, &input);
    let p12 = &input["pkcs12"];
    assert_eq!(encryptions(&p12["certificate_encryption"]), [unencrypted()]);
    assert_eq!(encryptions(&p12["key_encryption"]), [unencrypted()]);
    assert_eq!(p12["mac"]["algorithm"], "SHA-256");
    // The MAC still needs the password.
    fails(
        &env,
        "plain.pfx",
        &["--password", "other"],
        "wrong_password",
    );

    env.pkcs12(
        "nomac.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "s3cret",
        &["-nomac"],
    );
    let input = loaded(&env, &["nomac.pfx", "--password", "s3cret"]);
    assert_client_bundle(&env, &pki, &input);
    assert_eq!(input["pkcs12"]["mac"], Value::Null);
    assert_eq!(
        encryptions(&input["pkcs12"]["key_encryption"]),
        [enc("AES-256-CBC", "PBKDF2-hmacWithSHA256", 2048)]
    );
    assert_eq!(opens(&input, "NSS pk12util"), "no");
    // Without a MAC a wrong password is caught by the decryption itself.
    fails(
        &env,
        "nomac.pfx",
        &["--password", "other"],
        "wrong_password",
    );

    env.pkcs12(
        "bare.pfx",
        &pki.leaf,
        &[],
        "",
        &["-nomac", "-certpbe", "NONE", "-keypbe", "NONE"],
    );
    let input = loaded(&env, &["bare.pfx"]);
    assert_eq!(input["pkcs12"]["mac"], Value::Null);
    assert_eq!(input["private_key"]["matches_leaf"], true);
}

#[test]
fn pkcs12_empty_password_opens_with_no_password_given() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("empty.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    let input = loaded(&env, &["empty.pfx"]);
    assert_client_bundle(&env, &pki, &input);
    assert_eq!(input["pkcs12"]["password"], "empty");
    // p12-keystore reads it with "" (no fallback needed).
    assert!(p12_keystore::Pkcs12Archive::from_pkcs12(&env.read("empty.pfx"), "").is_ok());
    // An explicitly given empty password works too.
    let input = loaded(&env, &["empty.pfx", "--password", ""]);
    assert_eq!(input["pkcs12"]["password"], "given");
}

#[test]
fn pkcs12_null_password_from_gnutls_falls_back_to_openssl() {
    let env = Env::new();
    let pki = env.pki();
    tool(
        &env,
        "certtool",
        &[
            "--to-p12",
            "--load-certificate",
            &path_str(&pki.leaf.cert),
            "--load-privkey",
            &path_str(&pki.leaf.key),
            "--null-password",
            "--p12-name",
            "gnutls null",
            "--outder",
            "--outfile",
            "null.p12",
        ],
    );
    let bytes = env.read("null.p12");
    // p12-keystore cannot open it with "", so this really exercises the OpenSSL fallback.
    assert!(p12_keystore::Pkcs12Archive::from_pkcs12(&bytes, "").is_err());
    let input = loaded(&env, &["null.p12"]);
    assert_eq!(input["pkcs12"]["password"], "null");
    assert_eq!(thumbprints(&input), [openssl_sha1(&env, &pki.leaf.cert)]);
    assert_eq!(input["private_key"]["matches_leaf"], true);
    assert_eq!(input["private_key"]["friendly_name"], "gnutls null");
    assert!(input["pkcs12"]["mac"]["iterations"].as_u64().unwrap() > 0);
    // An explicitly empty password (an empty --password-env, say) opens it too, as in OpenSSL.
    let input = loaded(&env, &["null.p12", "--password", ""]);
    assert_eq!(input["private_key"]["matches_leaf"], true);
    // A real password given by the user is not the NULL password.
    fails(&env, "null.p12", &["--password", "x"], "wrong_password");
}

#[test]
fn pkcs12_certificate_only_and_key_only() {
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    env.openssl(&[
        "pkcs12",
        "-export",
        "-nokeys",
        "-in",
        &path_str(&chain),
        "-passout",
        "pass:pw",
        "-out",
        "certs.pfx",
    ]);
    let input = loaded(&env, &["certs.pfx", "--password", "pw"]);
    assert!(input.get("private_key").is_none());
    assert_eq!(
        input["pkcs12"]["key_encryption"].as_array().unwrap().len(),
        0
    );
    let t = pki_thumbprints(&env, &pki);
    let mut got = thumbprints(&input);
    got.sort();
    let mut expected = t[..2].to_vec();
    expected.sort();
    assert_eq!(got, expected);
    let leaf = certs(&input)
        .iter()
        .find(|c| c["thumbprint"] == t[0])
        .unwrap();
    assert_eq!(leaf["role"], "leaf");

    env.openssl(&[
        "pkcs12",
        "-export",
        "-nocerts",
        "-inkey",
        &path_str(&pki.leaf.key),
        "-passout",
        "pass:pw",
        "-out",
        "key.pfx",
    ]);
    let input = loaded(&env, &["key.pfx", "--password", "pw"]);
    assert!(certs(&input).is_empty());
    assert_eq!(input["private_key"]["algorithm"], "EC");
    assert_eq!(input["private_key"]["matches_leaf"], Value::Null);
    assert_eq!(
        input["pkcs12"]["certificate_encryption"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn pkcs12_key_types_dsa_ed25519_ec_rsa() {
    let env = Env::new();
    for (name, key, algorithm, bits) in [
        ("rsa", KeyType::Rsa2048, "RSA", 2048),
        ("p384", KeyType::EcP384, "EC", 384),
        ("ed25519", KeyType::Ed25519, "Ed25519", 256),
        ("dsa", KeyType::Dsa2048, "DSA", 2048),
    ] {
        let issued = env.issue(
            name,
            &format!("{name}.example"),
            None,
            &Spec::client().key(key),
        );
        let file = format!("{name}.pfx");
        env.pkcs12(&file, &issued, &[], "pw", &[]);
        let input = loaded(&env, &[&file, "--password", "pw"]);
        assert_eq!(input["private_key"]["algorithm"], algorithm, "{name}");
        assert_eq!(input["private_key"]["bits"], bits, "{name}");
        assert_eq!(input["private_key"]["matches_leaf"], true, "{name}");
        assert_eq!(certs(&input)[0]["key"]["algorithm"], algorithm, "{name}");
        assert_eq!(certs(&input)[0]["key"]["bits"], bits, "{name}");
        assert_eq!(thumbprints(&input), [openssl_sha1(&env, &issued.cert)]);
        assert_eq!(roles(&input), ["leaf"]);
    }
}

#[test]
fn unicode_friendly_names_from_openssl_and_python() {
    let env = Env::new();
    let pki = env.pki();
    let name = "Zertifikat für Müller – 证书 ✓";
    env.openssl(&[
        "pkcs12",
        "-export",
        "-in",
        &path_str(&pki.leaf.cert),
        "-inkey",
        &path_str(&pki.leaf.key),
        "-name",
        name,
        "-passout",
        "pass:pw",
        "-out",
        "openssl.pfx",
    ]);
    let input = loaded(&env, &["openssl.pfx", "--password", "pw"]);
    assert_eq!(certs(&input)[0]["friendly_name"], name);
    assert_eq!(input["private_key"]["friendly_name"], name);

    let script = format!(
        "from cryptography.hazmat.primitives.serialization import pkcs12, load_pem_private_key, BestAvailableEncryption\n\
         from cryptography import x509\n\
         key = load_pem_private_key(open({key:?}, 'rb').read(), None)\n\
         cert = x509.load_pem_x509_certificate(open({cert:?}, 'rb').read())\n\
         ca = x509.load_pem_x509_certificate(open({ca:?}, 'rb').read())\n\
         data = pkcs12.serialize_key_and_certificates({name:?}.encode(), key, cert, [ca], BestAvailableEncryption(b'pw'))\n\
         open('python.pfx', 'wb').write(data)\n",
        key = path_str(&pki.leaf.key),
        cert = path_str(&pki.leaf.cert),
        ca = path_str(&pki.intermediate.cert),
        name = name,
    );
    env.write("make.py", script);
    tool(&env, "python3", &["make.py"]);
    let input = loaded(&env, &["python.pfx", "--password", "pw"]);
    assert_client_bundle(&env, &pki, &input);
    assert_eq!(certs(&input)[0]["friendly_name"], name);
    assert_eq!(input["private_key"]["friendly_name"], name);
}

// ---------------------------------------------------------------------------------------------
// PKCS#12 from Java keytool
// ---------------------------------------------------------------------------------------------

fn keytool_genkeypair(env: &Env, file: &str, alias: &str, properties: &[&str]) {
    let mut args: Vec<&str> = properties.to_vec();
    args.extend([
        "-genkeypair",
        "-storetype",
        "PKCS12",
        "-keystore",
        file,
        "-storepass",
        "changeit",
        "-keypass",
        "changeit",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-alias",
        alias,
        "-dname",
        "CN=java client, O=certkit tests",
        "-validity",
        "3650",
    ]);
    tool(env, "keytool", &args);
}

/// The certificate keytool made, as PEM, for openssl's thumbprint.
fn keytool_export(env: &Env, file: &str, alias: &str, out: &str) -> PathBuf {
    tool(
        env,
        "keytool",
        &[
            "-exportcert",
            "-rfc",
            "-storetype",
            "PKCS12",
            "-keystore",
            file,
            "-storepass",
            "changeit",
            "-alias",
            alias,
            "-file",
            out,
        ],
    );
    env.path(out)
}

#[test]
fn keytool_default_keystore_aes256_hmacsha256_10000_with_unicode_alias() {
    let env = Env::new();
    // keytool lowercases PKCS#12 aliases, so the name is lowercase already.
    let alias = "clé für müller 证书 ✓";
    keytool_genkeypair(&env, "java.p12", alias, &[]);
    let input = loaded(&env, &["java.p12", "--password", "changeit"]);
    let p12 = &input["pkcs12"];
    let aes = enc("AES-256-CBC", "PBKDF2-hmacWithSHA256", 10000);
    assert_eq!(
        encryptions(&p12["certificate_encryption"]),
        std::slice::from_ref(&aes)
    );
    assert_eq!(encryptions(&p12["key_encryption"]), [aes]);
    assert_eq!(p12["mac"]["algorithm"], "SHA-256");
    assert_eq!(p12["mac"]["iterations"], 10000);
    assert_eq!(certs(&input)[0]["friendly_name"], alias);
    assert_eq!(input["private_key"]["friendly_name"], alias);
    assert_eq!(input["private_key"]["matches_leaf"], true);
    let pem = keytool_export(&env, "java.p12", alias, "java.pem");
    assert_eq!(thumbprints(&input), [openssl_sha1(&env, &pem)]);
}

#[test]
fn keytool_legacy_mode_and_pbes2_with_hmacwithsha1() {
    let env = Env::new();
    keytool_genkeypair(
        &env,
        "legacy.p12",
        "legacy",
        &["-J-Dkeystore.pkcs12.legacy"],
    );
    let input = loaded(&env, &["legacy.p12", "--password", "changeit"]);
    let p12 = &input["pkcs12"];
    let certs_enc = encryptions(&p12["certificate_encryption"]);
    assert_eq!(certs_enc[0].0, "RC2-40-CBC");
    assert_eq!(encryptions(&p12["key_encryption"])[0].0, "3DES-CBC");
    assert_eq!(p12["mac"]["algorithm"], "SHA-1");
    assert_eq!(input["private_key"]["matches_leaf"], true);
    assert_eq!(certs(&input)[0]["friendly_name"], "legacy");

    // PBES2 with the SHA-1 PRF, which keytool writes when told to.
    keytool_genkeypair(
        &env,
        "sha1.p12",
        "sha1",
        &[
            "-J-Dkeystore.pkcs12.certProtectionAlgorithm=PBEWithHmacSHA1AndAES_128",
            "-J-Dkeystore.pkcs12.keyProtectionAlgorithm=PBEWithHmacSHA1AndAES_256",
            "-J-Dkeystore.pkcs12.macAlgorithm=HmacPBESHA1",
        ],
    );
    let input = loaded(&env, &["sha1.p12", "--password", "changeit"]);
    let p12 = &input["pkcs12"];
    assert_eq!(
        encryptions(&p12["certificate_encryption"]),
        [enc("AES-128-CBC", "PBKDF2-hmacWithSHA1", 10000)]
    );
    assert_eq!(
        encryptions(&p12["key_encryption"]),
        [enc("AES-256-CBC", "PBKDF2-hmacWithSHA1", 10000)]
    );
    assert_eq!(p12["mac"]["algorithm"], "SHA-1");
    assert_eq!(input["private_key"]["matches_leaf"], true);
}

#[test]
fn keytool_trusted_certificate_entries_carry_oracles_attribute() {
    let env = Env::new();
    let pki = env.pki();
    for (alias, cert) in [
        ("test root", &pki.root),
        ("test issuing", &pki.intermediate),
    ] {
        tool(
            &env,
            "keytool",
            &[
                "-importcert",
                "-noprompt",
                "-storetype",
                "PKCS12",
                "-keystore",
                "trust.p12",
                "-storepass",
                "changeit",
                "-alias",
                alias,
                "-file",
                &path_str(&cert.cert),
            ],
        );
    }
    let input = loaded(&env, &["trust.p12", "--password", "changeit"]);
    assert!(input.get("private_key").is_none());
    let t = pki_thumbprints(&env, &pki);
    let by_sha1 = |sha1: &str| {
        certs(&input)
            .iter()
            .find(|c| c["thumbprint"] == sha1)
            .unwrap_or_else(|| panic!("{sha1} missing: {input}"))
            .clone()
    };
    assert_eq!(by_sha1(&t[2])["role"], "root");
    assert_eq!(by_sha1(&t[2])["friendly_name"], "test root");
    assert_eq!(by_sha1(&t[1])["role"], "intermediate");
    assert_eq!(by_sha1(&t[1])["friendly_name"], "test issuing");

    // The model keeps the trusted-certificate attribute (not in the JSON report yet).
    let bundle = certkit::decode::load(
        &env.read("trust.p12"),
        None,
        &certkit::password::Passwords::fixed(Some("changeit")),
    )
    .unwrap();
    assert_eq!(bundle.certificates.len(), 2);
    assert!(bundle.certificates.iter().all(|c| c.java_trusted));
    // OpenSSL-made files do not have it.
    env.pkcs12("o.pfx", &pki.leaf, &[&pki.intermediate], "pw", &[]);
    let bundle = certkit::decode::load(
        &env.read("o.pfx"),
        None,
        &certkit::password::Passwords::fixed(Some("pw")),
    )
    .unwrap();
    assert!(bundle.certificates.iter().all(|c| !c.java_trusted));
    assert!(bundle.certificates[0].local_key_id.is_some());
    assert_eq!(
        bundle.certificates[0].local_key_id,
        bundle.private_key.as_ref().unwrap().local_key_id
    );
}

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

#[test]
fn wrong_password_never_shows_the_password() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "right-one",
        &[],
    );
    let secret = "Zq7-distinctive-PW-93x";
    env.write("pw.txt", format!("{secret}\n"));
    let line = fails(
        &env,
        "client.pfx",
        &["--password", secret],
        "wrong_password",
    );
    assert!(line.contains("wrong"), "{line}");
    for args in [
        vec!["inspect", "client.pfx", "--password", secret],
        vec!["--json", "inspect", "client.pfx", "--password", secret],
        vec![
            "--json",
            "inspect",
            "client.pfx",
            "--password-file",
            "pw.txt",
        ],
    ] {
        let out = env.certkit().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !String::from_utf8_lossy(stream).contains(secret),
                "the password leaked with {args:?}"
            );
        }
    }
}

#[test]
fn bad_mac_is_told_from_a_wrong_password() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "s3cret", &[]);
    env.write("altered.pfx", corrupt_mac(&env.read("client.pfx")));
    let line = fails(&env, "altered.pfx", &["--password", "s3cret"], "bad_mac");
    assert!(line.contains("MAC"), "{line}");
    // With a wrong password it is still a wrong password.
    fails(
        &env,
        "altered.pfx",
        &["--password", "other"],
        "wrong_password",
    );

    // The same with the empty password, found without any password option.
    env.pkcs12("empty.pfx", &pki.leaf, &[], "", &["-macalg", "sha1"]);
    env.write("empty-altered.pfx", corrupt_mac(&env.read("empty.pfx")));
    fails(&env, "empty-altered.pfx", &[], "bad_mac");
}

#[test]
fn truncated_garbage_and_empty_files() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "s3cret", &[]);
    env.to_der(&pki.leaf.cert, "leaf.der");
    let pfx = env.read("client.pfx");
    env.write("cut.pfx", &pfx[..pfx.len() / 2]);
    let line = fails(&env, "cut.pfx", &["--password", "s3cret"], "malformed");
    assert!(line.contains("truncated"), "{line}");
    let der = env.read("leaf.der");
    env.write("cut.cer", &der[..der.len() - 10]);
    fails(&env, "cut.cer", &[], "malformed");
    let pem = env.read("client.pem");
    env.write("cut.pem", &pem[..pem.len() / 2]);
    fails(&env, "cut.pem", &[], "malformed");

    let mut garbage = vec![0u8; 4096];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for b in garbage.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    garbage[0] = 0x42; // not a DER SEQUENCE by chance
    env.write("garbage.bin", &garbage);
    fails(&env, "garbage.bin", &[], "not_certificate_material");
    env.write("notes.txt", "just some notes, no certificate here\n");
    fails(&env, "notes.txt", &[], "not_certificate_material");
    env.write("empty.cer", b"");
    let line = fails(&env, "empty.cer", &[], "not_certificate_material");
    assert!(line.contains("empty"), "{line}");
}

#[test]
fn missing_file_is_an_io_error() {
    let env = Env::new();
    let line = fails(&env, "nowhere.pfx", &[], "io");
    assert!(line.contains("no such file"), "{line}");
}

#[test]
fn password_required_without_a_terminal() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[], "s3cret", &[]);
    // assert_cmd gives the child no terminal on stdin, so there is no prompt.
    let line = fails(&env, "client.pfx", &[], "password_required");
    assert!(line.contains("--password-file"), "{line}");
}

#[test]
fn every_password_source_opens_the_file() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "sp ace:pw",
        &[],
    );
    env.write("pw.txt", "sp ace:pw\r\nsecond line ignored\n");
    let check = |out: std::process::Output| {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = json(&out);
        assert_eq!(doc["inputs"][0]["pkcs12"]["password"], "given");
        assert_eq!(doc["inputs"][0]["private_key"]["matches_leaf"], true);
    };
    let base = ["--json", "inspect", "client.pfx"];
    check(
        env.certkit()
            .args(base)
            .args(["--password-file", "pw.txt"])
            .output()
            .unwrap(),
    );
    check(
        env.certkit()
            .args(base)
            .args(["--password-env", "PFX_PW"])
            .env("PFX_PW", "sp ace:pw")
            .output()
            .unwrap(),
    );
    check(
        env.certkit()
            .args(base)
            .arg("--password-stdin")
            .write_stdin("sp ace:pw\n")
            .output()
            .unwrap(),
    );
    check(
        env.certkit()
            .args(base)
            .args(["--password", "sp ace:pw"])
            .output()
            .unwrap(),
    );

    // Sources that cannot be read are fatal errors with a JSON error document.
    for (extra, kind) in [
        (vec!["--password-env", "CERTKIT_TEST_SURELY_UNSET"], "usage"),
        (vec!["--password-file", "no-such-file"], "io"),
    ] {
        let out = env.certkit().args(base).args(&extra).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let doc = json(&out);
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["error"]["kind"], kind, "{doc}");
    }
}

// ---------------------------------------------------------------------------------------------
// Directory scans, --expiring, closed pipes
// ---------------------------------------------------------------------------------------------

#[test]
fn directory_scan_skips_counts_fails_and_deduplicates() {
    let env = Env::new();
    let pki = env.pki();
    let dir = env.path("certs");
    std::fs::create_dir_all(dir.join("nested/deeper")).unwrap();
    // The leaf four times in different formats, the intermediate twice.
    std::fs::copy(&pki.leaf.cert, dir.join("client.pem")).unwrap();
    env.to_der(&pki.leaf.cert, "certs/nested/client.cer");
    // (env.pkcs12 leaves a chain file beside its output, so write outside and move in.)
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    std::fs::rename(env.path("client.pfx"), dir.join("nested/client.pfx")).unwrap();
    std::fs::copy(&pki.intermediate.cert, dir.join("nested/deeper/ca.crt")).unwrap();
    env.concat("certs/chain.pem", &[&pki.leaf.cert, &pki.root.cert]);
    // Not certificate material: skipped and counted.
    std::fs::write(dir.join("README.txt"), "certificates for the partner API\n").unwrap();
    std::fs::write(
        dir.join("nested/image.png"),
        [0x89, b'P', b'N', b'G', 1, 2, 3],
    )
    .unwrap();
    // A failing file: a PKCS#12 that needs a password nobody gave.
    env.pkcs12("locked.pfx", &pki.leaf, &[], "s3cret", &[]);
    std::fs::rename(env.path("locked.pfx"), dir.join("locked.pfx")).unwrap();

    let out = inspect(&env, &["certs"]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let summary = &doc["summary"];
    assert_eq!(summary["skipped"], 2, "{summary}");
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["inputs_read"], 6);
    assert_eq!(summary["certificates"], 3);
    let inputs = doc["inputs"].as_array().unwrap();
    let locked = inputs
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with("locked.pfx"))
        .unwrap();
    assert_eq!(locked["error"]["kind"], "password_required");
    assert_eq!(
        inputs.iter().filter(|i| i.get("error").is_none()).count(),
        5
    );

    // Human output: one row per distinct certificate, the failure on stderr.
    let out = env.certkit().args(["inspect", "certs"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for sha1 in pki_thumbprints(&env, &pki) {
        assert_eq!(stdout.matches(&sha1).count(), 1, "{sha1} in:\n{stdout}");
    }
    assert!(stdout.contains("2 skipped"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("locked.pfx"), "{stderr}");
}

#[test]
fn expiring_exits_one_with_a_hit_and_zero_without() {
    let env = Env::new();
    let ca = env.issue("ca", "Expiry CA", None, &Spec::ca());
    // NOW is 2027-06-01: one expires in two weeks, one next year.
    let soon = env.issue(
        "soon",
        "soon.example",
        Some(&ca),
        &Spec::client().valid("20260601000000Z", "20270615000000Z"),
    );
    let later = env.issue(
        "later",
        "later.example",
        Some(&ca),
        &Spec::client().valid("20260601000000Z", "20280601000000Z"),
    );
    std::fs::create_dir_all(env.path("all")).unwrap();
    std::fs::create_dir_all(env.path("fine")).unwrap();
    std::fs::copy(&soon.cert, env.path("all/soon.pem")).unwrap();
    std::fs::copy(&later.cert, env.path("all/later.pem")).unwrap();
    std::fs::copy(&later.cert, env.path("fine/later.pem")).unwrap();

    let out = inspect(&env, &["all", "--expiring", "30d"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["summary"]["expiring"], 1);
    let listed: Vec<&Value> = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["certificates"].as_array().unwrap())
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["thumbprint"], openssl_sha1(&env, &soon.cert));
    assert_eq!(listed[0]["days_left"], 14);

    let out = inspect(&env, &["fine", "--expiring", "30d"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["summary"]["expiring"], 0);
    // A window that reaches the later one too.
    let out = inspect(&env, &["all", "--expiring", "400d"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["summary"]["expiring"], 2);
    // Human output lists the hit.
    let out = env
        .certkit()
        .args(["inspect", "all", "--expiring", "30d"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("soon.example"), "{stdout}");
    assert!(!stdout.contains("later.example"), "{stdout}");
}

/// Many self-signed certificates made in-process with the openssl crate (fast), one file each.
fn many_certificates(dir: &Path, count: usize) {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::{X509Builder, X509NameBuilder};
    std::fs::create_dir_all(dir).unwrap();
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    for i in 0..count {
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", &format!("host-{i:04}.pipe.example"))
            .unwrap();
        let name = name.build();
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        b.set_serial_number(
            &BigNum::from_u32(i as u32 + 1)
                .unwrap()
                .to_asn1_integer()
                .unwrap(),
        )
        .unwrap();
        b.set_subject_name(&name).unwrap();
        b.set_issuer_name(&name).unwrap();
        b.set_pubkey(&key).unwrap();
        b.set_not_before(&Asn1Time::from_str("20260101000000Z").unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::from_str("20300101000000Z").unwrap())
            .unwrap();
        b.sign(&key, MessageDigest::sha256()).unwrap();
        std::fs::write(
            dir.join(format!("c{i:04}.pem")),
            b.build().to_pem().unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn closed_pipe_ends_quietly() {
    let env = Env::new();
    // Enough rows that the output is far larger than a pipe buffer, so writing must hit the
    // closed pipe.
    many_certificates(&env.path("many"), 700);
    for json_flag in [false, true] {
        let mut cmd = env.certkit_std();
        if json_flag {
            cmd.arg("--json");
        }
        let mut child = cmd
            .args(["inspect", "many"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // The reader (and so the pipe's read end) is dropped here, like `| head -1`.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.trim().is_empty(), "stderr: {stderr}");
        assert_eq!(out.status.code(), Some(0), "json={json_flag}");
    }
}

#[test]
fn stdin_input_is_detected_like_a_file() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    let out = env
        .certkit()
        .args(["--json", "inspect", "-"])
        .write_stdin(env.read("client.pfx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["inputs"][0]["format"], "pkcs12");
    assert_eq!(doc["inputs"][0]["pkcs12"]["password"], "empty");
}

/// Replaces every DER INTEGER 65536 (`02 03 01 00 00`) with 8,388,607.
fn inflate_iterations(bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut found = 0;
    for i in 0..out.len().saturating_sub(4) {
        if out[i..i + 5] == [0x02, 0x03, 0x01, 0x00, 0x00] {
            out[i + 2..i + 5].copy_from_slice(&[0x7F, 0xFF, 0xFF]);
            found += 1;
        }
    }
    assert!(found > 0, "no iteration count 65536 in the file");
    out
}

#[test]
fn absurd_iteration_counts_are_refused_before_any_work() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("many.pfx", &pki.leaf, &[], "pw", &["-iter", "65536"]);
    env.write("crafted.pfx", inflate_iterations(&env.read("many.pfx")));
    let line = fails(
        &env,
        "crafted.pfx",
        &["--password", "pw"],
        "unsupported_algorithm",
    );
    assert!(line.contains("8388607"), "{line}");
    env.openssl(&[
        "pkcs8",
        "-topk8",
        "-in",
        &path_str(&pki.leaf.key),
        "-outform",
        "DER",
        "-out",
        "many.p8",
        "-passout",
        "pass:pw",
        "-iter",
        "65536",
    ]);
    env.write("crafted.p8", inflate_iterations(&env.read("many.p8")));
    fails(
        &env,
        "crafted.p8",
        &["--password", "pw"],
        "unsupported_algorithm",
    );
}

#[test]
fn pem_variants_trusted_certificate_crlf_bom_and_adcs_pkcs7() {
    let env = Env::new();
    let pki = env.pki();
    let leaf = path_str(&pki.leaf.cert);
    let sha1 = openssl_sha1(&env, &pki.leaf.cert);
    // OpenSSL's trusted form (certificate plus trust settings).
    env.openssl(&[
        "x509",
        "-in",
        &leaf,
        "-trustout",
        "-addtrust",
        "clientAuth",
        "-out",
        "trusted.pem",
    ]);
    assert!(String::from_utf8_lossy(&env.read("trusted.pem")).contains("BEGIN TRUSTED CERTIFICATE"));
    assert_eq!(
        thumbprints(&loaded(&env, &["trusted.pem"])),
        std::slice::from_ref(&sha1)
    );

    // Windows line endings and a UTF-8 byte order mark, as Notepad saves them.
    let mut text = b"\xEF\xBB\xBF".to_vec();
    let pem = [
        env.read("client.pem"),
        std::fs::read(&pki.leaf.key).unwrap(),
    ]
    .concat();
    text.extend(
        String::from_utf8(pem)
            .unwrap()
            .replace('\n', "\r\n")
            .into_bytes(),
    );
    env.write("notepad.cer", text);
    let input = loaded(&env, &["notepad.cer"]);
    assert_eq!(thumbprints(&input), std::slice::from_ref(&sha1));
    assert_eq!(input["private_key"]["matches_leaf"], true);

    // Microsoft AD CS "Download certificate chain" (Base 64): PKCS#7 under a CERTIFICATE label.
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    let p7 = env.openssl(&["crl2pkcs7", "-nocrl", "-certfile", &path_str(&chain)]);
    let relabelled = String::from_utf8(p7.stdout)
        .unwrap()
        .replace("PKCS7", "CERTIFICATE");
    env.write("certnew.p7b", relabelled);
    let input = loaded(&env, &["certnew.p7b"]);
    let mut got = thumbprints(&input);
    got.sort();
    let mut expected = pki_thumbprints(&env, &pki)[..2].to_vec();
    expected.sort();
    assert_eq!(got, expected);
}

#[test]
fn pkcs7_with_only_a_crl_is_not_certificate_material() {
    let env = Env::new();
    let ca = env.issue("ca", "CRL CA", None, &Spec::ca());
    let config = env.path(".ca-ca/ca.cnf").display().to_string();
    env.openssl(&[
        "ca",
        "-gencrl",
        "-config",
        &config,
        "-cert",
        &path_str(&ca.cert),
        "-keyfile",
        &path_str(&ca.key),
        "-crldays",
        "30",
        "-out",
        "ca.crl",
    ]);
    env.openssl(&[
        "crl2pkcs7",
        "-in",
        "ca.crl",
        "-outform",
        "DER",
        "-out",
        "crl.p7b",
    ]);
    fails(&env, "crl.p7b", &[], "not_certificate_material");
    // In a directory scan it is skipped and counted, not an error.
    std::fs::create_dir_all(env.path("d")).unwrap();
    std::fs::copy(env.path("crl.p7b"), env.path("d/crl.p7b")).unwrap();
    std::fs::copy(&ca.cert, env.path("d/ca.pem")).unwrap();
    let out = inspect(&env, &["d"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["summary"]["skipped"], 1);
}

/// Reads a child's output in the background, so the test can wait for a prompt with a timeout.
struct Transcript {
    rx: std::sync::mpsc::Receiver<Vec<u8>>,
    text: String,
}

impl Transcript {
    fn new(mut out: impl std::io::Read + Send + 'static) -> Transcript {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Transcript {
            rx,
            text: String::new(),
        }
    }

    /// Waits until the output holds `needle` `count` times in all.
    fn wait_for(&mut self, needle: &str, count: usize) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while self.text.matches(needle).count() < count {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(chunk) => self.text.push_str(&String::from_utf8_lossy(&chunk)),
                Err(_) => panic!("no {needle:?} within 60 s; output so far:\n{}", self.text),
            }
        }
    }

    fn rest(&mut self) -> &str {
        while let Ok(chunk) = self.rx.recv_timeout(std::time::Duration::from_secs(60)) {
            self.text.push_str(&String::from_utf8_lossy(&chunk));
        }
        &self.text
    }
}

#[test]
fn prompts_without_echo_on_a_terminal_and_retries_a_wrong_password() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "typed-Pw-71",
        &[],
    );
    let bin = assert_cmd::cargo::cargo_bin("certkit");
    // util-linux `script` gives certkit a terminal (a pseudo-terminal it drives).
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("{} inspect client.pfx", bin.display()),
            "/dev/null",
        ])
        .current_dir(env.dir.path())
        .env("CERTKIT_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script (util-linux) runs certkit on a pseudo-terminal");
    let mut stdin = child.stdin.take().unwrap();
    let mut transcript = Transcript::new(child.stdout.take().unwrap());
    let pause = || std::thread::sleep(std::time::Duration::from_millis(300));

    transcript.wait_for("Password for client.pfx:", 1);
    pause(); // let the prompt switch echo off before typing
    stdin.write_all(b"wrong-Typed-9\n").unwrap();
    transcript.wait_for("Password for client.pfx:", 2);
    assert!(
        transcript.text.contains("wrong password"),
        "{}",
        transcript.text
    );
    pause();
    stdin.write_all(b"typed-Pw-71\n").unwrap();
    let text = transcript.rest().to_string();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(0), "{text}");
    assert!(text.contains("matches the leaf certificate"), "{text}");
    assert!(
        !text.contains("typed-Pw-71"),
        "the password was echoed:\n{text}"
    );
    assert!(
        !text.contains("wrong-Typed-9"),
        "the password was echoed:\n{text}"
    );
}

#[test]
fn pem_saved_as_utf16_like_windows_powershell() {
    let env = Env::new();
    let pki = env.pki();
    let bundle = env.concat("bundle.pem", &[&pki.leaf.cert, &pki.leaf.key]);
    // iconv's UTF-16 is little-endian with a byte order mark: PowerShell 5's `>` and Out-File.
    let out = tool(
        &env,
        "iconv",
        &["-f", "UTF-8", "-t", "UTF-16", &path_str(&bundle)],
    );
    assert_eq!(out.stdout[..2], [0xFF, 0xFE]);
    env.write("powershell.cer", &out.stdout);
    let input = loaded(&env, &["powershell.cer"]);
    assert_eq!(input["format"], "pem");
    assert_eq!(thumbprints(&input), [openssl_sha1(&env, &pki.leaf.cert)]);
    assert_eq!(input["private_key"]["matches_leaf"], true);
    // Cut in half it is still reported as damaged, not skipped as foreign.
    env.write("cut.cer", &out.stdout[..(out.stdout.len() / 2) & !1]);
    fails(&env, "cut.cer", &[], "malformed");
}
