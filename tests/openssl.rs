//! Interop with the `openssl` command (OpenSSL 3): it reads what certkit writes, and certkit
//! reads what it writes.
//!
//! Facts recorded here (OpenSSL 3.0): the modern profile opens without `-legacy`; the legacy
//! profile (3DES, SHA-1 MAC) opens both without and with `-legacy`, because 3DES is in the
//! default provider (only RC2/RC4/single DES need the legacy provider).

mod common;

use common::*;

fn openssl_status(env: &Env, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new("openssl")
        .args(args)
        .current_dir(env.dir.path())
        .output()
        .expect("openssl");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn openssl_reads_both_profiles_without_and_with_legacy() {
    let env = Env::new();
    let pki = env.pki();
    for profile in PROFILES {
        let file = format!("{profile}.pfx");
        certkit_pfx(&env, &pki, &file, profile, "secret-pw");
        for legacy_flag in [false, true] {
            let mut args = vec![
                "pkcs12",
                "-in",
                &file,
                "-passin",
                "pass:secret-pw",
                "-nodes",
            ];
            if legacy_flag {
                args.push("-legacy");
            }
            let (ok, text) = openssl_status(&env, &args);
            assert!(
                ok,
                "openssl pkcs12 {profile} (-legacy: {legacy_flag}) failed: {text}"
            );
            assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 3, "{text}");
            assert_eq!(text.matches("BEGIN PRIVATE KEY").count(), 1, "{text}");
        }
        let (ok, info) = openssl_status(
            &env,
            &[
                "pkcs12",
                "-in",
                &file,
                "-passin",
                "pass:secret-pw",
                "-info",
                "-noout",
            ],
        );
        assert!(ok, "{info}");
        if profile == "modern" {
            assert!(info.contains("MAC: sha256, Iteration 10000"), "{info}");
            assert_eq!(
                info.matches("PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256")
                    .count(),
                2,
                "{info}"
            );
        } else {
            assert!(info.contains("MAC: sha1, Iteration 2048"), "{info}");
            assert_eq!(
                info.matches("pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048")
                    .count(),
                2,
                "{info}"
            );
        }
    }
}

#[test]
fn certkit_reads_what_openssl_writes() {
    let env = Env::new();
    let pki = env.pki();
    let chain = [&pki.intermediate, &pki.root];
    env.pkcs12("default.pfx", &pki.leaf, &chain, "secret-pw", &[]);
    env.pkcs12("legacy.pfx", &pki.leaf, &chain, "secret-pw", &["-legacy"]);
    for file in ["default.pfx", "legacy.pfx"] {
        assert_certkit_reads_chain(&env, &pki, &env.path(file), "secret-pw", 3);
        // And converts it to both profiles, which OpenSSL opens again.
        for profile in PROFILES {
            let out = format!("{file}.{profile}.p12");
            certkit_ok(
                &env,
                &[
                    "convert",
                    file,
                    "--password",
                    "secret-pw",
                    "-o",
                    &out,
                    "--profile",
                    profile,
                    "--new-password",
                    "other-pw",
                ],
            );
            env.openssl(&["pkcs12", "-in", &out, "-passin", "pass:other-pw", "-noout"]);
        }
    }
    let legacy = certkit_reads(&env, &env.path("legacy.pfx"), "secret-pw");
    assert_eq!(
        legacy["pkcs12"]["certificate_encryption"][0]["cipher"],
        "RC2-40-CBC"
    );
}

#[test]
fn openssl_uses_certkits_pem_pair() {
    let env = Env::new();
    let pki = env.pki();
    let pfx = certkit_pfx(&env, &pki, "client.pfx", "modern", "secret-pw");
    let pfx = pfx.display().to_string();
    certkit_ok(
        &env,
        &[
            "convert",
            &pfx,
            "--password",
            "secret-pw",
            "-o",
            "pair.pem",
            "--key-out",
            "pair.key",
            "--new-password",
            "key-pw",
        ],
    );
    // The encrypted key opens with the new password and is the leaf's key.
    let key = env.openssl(&[
        "pkey",
        "-in",
        "pair.key",
        "-passin",
        "pass:key-pw",
        "-pubout",
    ]);
    let cert_pub = env.openssl(&["x509", "-in", "pair.pem", "-noout", "-pubkey"]);
    assert_eq!(key.stdout, cert_pub.stdout);
    // The chain in pair.pem verifies leaf → root.
    let root = pki.root.cert.display().to_string();
    env.openssl(&[
        "verify",
        "-CAfile",
        &root,
        "-untrusted",
        "pair.pem",
        "pair.pem",
    ]);
}
