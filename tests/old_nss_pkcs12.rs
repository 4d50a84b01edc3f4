//! PKCS#12 files as old NSS versions wrote them. PBES2 with the BMPString password given to
//! PBKDF2 (NSS 3.21) and with AES-128 named but a 32-byte key used (NSS 3.29.5): NSS 3.87 still
//! imports both, OpenSSL cannot decrypt them, certkit reads them (src/decode/nss_pbes2.rs).
//!
//! Key bags under Netscape's PKCS#12 v1 3DES OID (1.2.840.113549.1.12.5.1.3), and old NSS's
//! "faulty 3DES" key derivation that NSS retries on import (lib/pk11wrap/pk11akey.c): certkit
//! derives the key as NSS's lib/softoken/lowpbe.c does and retries with the faulty derivation.
//!
//! No current tool writes these files, so tests/data/pkcs12-quirks/make_pkcs12.py writes them
//! (Python `cryptography` for 3DES, its own RFC 7292 MAC). The same script's standard
//! (pbeWithSHAAnd3-KeyTripleDES-CBC) output is imported by NSS's pk12util and read by OpenSSL,
//! which checks the structure, the MAC and the PKCS#12 key derivation it shares with the
//! quirky files. NSS 3.87 itself refuses both v1 files: its softoken has listed no mechanism
//! for the v1 OID since 2001 and the faulty mechanism has no OID mapping, so the retry in
//! pk11akey.c cannot succeed any more (docs/PKCS12-COMPAT.md).

mod common;

use common::loader::opens;
use common::*;

fn generate(env: &Env, pki: &Pki, out: &str, password: &str, extra: &[&str]) {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/pkcs12-quirks/make_pkcs12.py");
    let (key, cert) = (
        pki.leaf.key.display().to_string(),
        pki.leaf.cert.display().to_string(),
    );
    let mut args = vec![script.to_str().unwrap(), &key, &cert, password, out];
    args.extend(extra);
    env.run("python3", &args);
}

fn nss_imports(env: &Env, file: &str, password: &str) -> bool {
    let db = format!("{file}.db");
    std::fs::create_dir_all(env.path(&db)).unwrap();
    env.run(
        "certutil",
        &["-N", "-d", &format!("sql:{db}"), "--empty-password"],
    );
    std::process::Command::new("pk12util")
        .args([
            "-i",
            file,
            "-d",
            &format!("sql:{db}"),
            "-W",
            password,
            "-K",
            "",
        ])
        .current_dir(env.path("."))
        .output()
        .unwrap()
        .status
        .success()
}

fn assert_reads_leaf_and_key(env: &Env, file: &str, password: &str) -> serde_json::Value {
    let input = certkit_reads(env, &env.path(file), password);
    assert!(input["error"].is_null(), "{file}: {input}");
    assert_eq!(
        input["certificates"].as_array().unwrap().len(),
        1,
        "{input}"
    );
    assert_eq!(input["private_key"]["matches_leaf"], true, "{input}");
    let wrong = env
        .certkit()
        .args(["--json", "inspect", file, "--password", "not-it"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2), "{file}");
    assert_eq!(json(&wrong)["inputs"][0]["error"]["kind"], "wrong_password");
    input
}

#[test]
fn v1_3des_key_bags_are_read_with_and_without_the_faulty_derivation() {
    let env = Env::new();
    let pki = env.pki();
    // The generator's standard file is a valid PKCS#12 file for NSS and OpenSSL.
    generate(&env, &pki, "v2.p12", "pw", &["--key-pbe", "v2-3des"]);
    assert!(
        nss_imports(&env, "v2.p12", "pw"),
        "NSS refuses the standard file"
    );
    env.openssl(&[
        "pkcs12", "-in", "v2.p12", "-passin", "pass:pw", "-info", "-noout",
    ]);
    assert_reads_leaf_and_key(&env, "v2.p12", "pw");

    // "pw" as BMPString (6 bytes) and an 8-byte salt are shorter than SHA-1's 20 bytes, so
    // the faulty derivation gives another key than the correct one.
    for mode in ["v1-3des", "v1-3des-faulty"] {
        let file = format!("{mode}.p12");
        generate(&env, &pki, &file, "pw", &["--key-pbe", mode]);
        let input = assert_reads_leaf_and_key(&env, &file, "pw");
        assert_eq!(
            input["pkcs12"]["key_encryption"][0]["scheme"], "pkcs12v1PbeWithSHA1AndTripleDES-CBC",
            "{input}"
        );
        // Neither OpenSSL nor today's NSS reads them; "opens in" says so.
        let openssl = std::process::Command::new("openssl")
            .args([
                "pkcs12",
                "-legacy",
                "-in",
                &file,
                "-passin",
                "pass:pw",
                "-nodes",
                "-out",
                "/dev/null",
            ])
            .current_dir(env.path("."))
            .output()
            .unwrap();
        assert!(!openssl.status.success(), "OpenSSL now reads {file}");
        assert!(!nss_imports(&env, &file, "pw"), "NSS now imports {file}");
        assert_eq!(opens(&input, "OpenSSL 3 -legacy"), "no", "{input}");
        assert_eq!(opens(&input, "NSS pk12util"), "no", "{input}");
        // Converted on, the key survives and OpenSSL reads the result.
        let out = format!("{mode}.modern.p12");
        certkit_ok(
            &env,
            &[
                "convert",
                &file,
                "--password",
                "pw",
                "-o",
                &out,
                "--new-password",
                "again-pw",
            ],
        );
        env.openssl(&[
            "pkcs12",
            "-in",
            &out,
            "-passin",
            "pass:again-pw",
            "-info",
            "-noout",
        ]);
    }
}

#[test]
fn a_duplicate_bag_attribute_closes_dotnet9_only() {
    let env = Env::new();
    let pki = env.pki();
    generate(&env, &pki, "dup.p12", "pw", &["--duplicate-attribute"]);
    // OpenSSL and NSS take the file; .NET 9's loader refuses duplicate attributes by default.
    env.openssl(&[
        "pkcs12", "-in", "dup.p12", "-passin", "pass:pw", "-info", "-noout",
    ]);
    assert!(nss_imports(&env, "dup.p12", "pw"));
    let input = assert_reads_leaf_and_key(&env, "dup.p12", "pw");
    assert_eq!(
        opens(&input, ".NET 9+ X509CertificateLoader"),
        "no",
        "{input}"
    );
    let reason = input["pkcs12"]["opens_in"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reader"] == ".NET 9+ X509CertificateLoader")
        .unwrap()["reason"]
        .to_string();
    assert!(reason.contains("friendlyName attribute twice"), "{reason}");
    assert!(reason.contains("AllowDuplicateAttributes"), "{reason}");
    assert_eq!(opens(&input, "OpenSSL 3"), "yes", "{input}");
    // The same inside an encrypted safe (3DES): found once the password is known.
    generate(&env, &pki, "encdup.p12", "pw", &["--encrypted-duplicate"]);
    env.openssl(&[
        "pkcs12",
        "-in",
        "encdup.p12",
        "-passin",
        "pass:pw",
        "-nodes",
        "-out",
        "/dev/null",
    ]);
    assert!(nss_imports(&env, "encdup.p12", "pw"));
    let input = assert_reads_leaf_and_key(&env, "encdup.p12", "pw");
    assert_eq!(
        opens(&input, ".NET 9+ X509CertificateLoader"),
        "no",
        "{input}"
    );
    let reason = input["pkcs12"]["opens_in"].to_string();
    assert!(
        reason.contains(
            "certificate bag has its friendlyName attribute twice (in an encrypted safe)"
        ),
        "{reason}"
    );
    generate(&env, &pki, "single.p12", "pw", &[]);
    let input = certkit_reads(&env, &env.path("single.p12"), "pw");
    assert_eq!(
        opens(&input, ".NET 9+ X509CertificateLoader"),
        "yes",
        "{input}"
    );
}

#[test]
fn pbes2_files_as_nss_3_21_and_3_29_wrote_them_are_read() {
    let env = Env::new();
    let pki = env.pki();
    for mode in ["pbes2-bmp", "pbes2-aes128-keylen32"] {
        let file = format!("{mode}.p12");
        generate(&env, &pki, &file, "nss-pw", &["--key-pbe", mode]);
        // NSS imports them (the oracle for the generator); OpenSSL cannot decrypt the key.
        assert!(nss_imports(&env, &file, "nss-pw"), "NSS refuses {file}");
        let openssl = std::process::Command::new("openssl")
            .args(["pkcs12", "-legacy", "-in", &file, "-passin", "pass:nss-pw"])
            .args(["-nodes", "-out", "/dev/null"])
            .current_dir(env.path("."))
            .output()
            .unwrap();
        assert!(!openssl.status.success(), "OpenSSL now reads {file}");
        let input = assert_reads_leaf_and_key(&env, &file, "nss-pw");
        assert_eq!(opens(&input, "OpenSSL 3"), "no", "{input}");
        assert_eq!(opens(&input, "OpenSSL 3 -legacy"), "no", "{input}");
        assert_eq!(opens(&input, "NSS pk12util"), "yes", "{input}");
    }
}
