//! The loader, driven through `certkit inspect`, on PEM, DER and PKCS#7 input: chains and keys in
//! any order, PKCS#8 and traditional keys (plain and encrypted), OpenSSL's bag-attribute PEM,
//! `TRUSTED CERTIFICATE` blocks, CRLF/BOM/UTF-16 text, AD CS PKCS#7 and CRL-only PKCS#7. Files
//! are made at test time by the openssl CLI and Python's cryptography; thumbprints are checked
//! against `openssl x509 -fingerprint`.

mod common;

use common::loader::{
    assert_client_bundle, certs, fails, inspect, loaded, path_str, pki_thumbprints, reads_partly,
    roles, thumbprints, tool,
};
use common::{json, openssl_sha1, Env, KeyType, Spec};
use serde_json::Value;

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
        reads_partly(&env, &pem, &["--password", "not it"], "wrong_password");
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
            reads_partly(&env, &file, &["--password", "wrong"], "wrong_password");
            reads_partly(&env, &file, &[], "password_required");
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
