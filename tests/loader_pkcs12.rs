//! The loader, driven through `certkit inspect`, on every PKCS#12 variant real tools write:
//! OpenSSL 3 defaults and `-legacy`, Windows-style 3DES/SHA-1, PBES2 with 3DES, unencrypted bags
//! and no MAC, empty and null passwords (GnuTLS), certificate-only and key-only files, DSA,
//! Ed25519, EC and RSA keys, Unicode friendly names, Java keytool keystores (default, legacy,
//! trusted-certificate entries) and absurd iteration counts. Each test asserts the encryption
//! and MAC the writer was told to use, and thumbprints from openssl.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::loader::{
    assert_client_bundle, certs, enc, encryptions, fails, loaded, opens, path_str, pki_thumbprints,
    roles, thumbprints, tool, unencrypted,
};
use common::{openssl_sha1, Env, KeyType, Spec};
use serde_json::Value;

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
    let args = [
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
    ];
    // Debian 13's certtool (GnuTLS 3.8.9) dies with SIGSEGV on --null-password after loading
    // the key: a GnuTLS bug, not certkit's, and then there is no GnuTLS file to read. Any
    // other failure of certtool still fails the test.
    let out = std::process::Command::new("certtool")
        .args(args)
        .current_dir(env.dir.path())
        .output()
        .expect("certtool (.ci/run installs gnutls-bin)");
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&out.status) {
        eprintln!(
            "NOT CHECKED: certtool --null-password crashed (signal {signal}), a GnuTLS bug on \
             this system; no NULL-password file from GnuTLS to read"
        );
        return;
    }
    assert!(
        out.status.success(),
        "certtool failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
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
