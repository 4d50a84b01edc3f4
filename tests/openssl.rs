//! Interop checked by the `openssl` command (OpenSSL 3): it reads what certkit writes, certkit
//! reads what it writes, and `openssl verify -CApath` uses the store's folders as they are.
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

/// `openssl verify -CApath STORE/root -untrusted STORE/intermediate/...` accepts the client
/// certificate certkit imported, and rejects it while the root is not in the store.
#[test]
fn openssl_verify_uses_the_store_root_folder_as_capath() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    let out = env
        .certkit()
        .args(["--json", "import", "client.pfx", "--password", "secret"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    let personal = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["store"] == "personal")
        .unwrap()["name"]
        .as_str()
        .unwrap()
        .to_string();
    let cert = format!("store/personal/{personal}/cert.pem");
    let verify = |untrusted: &str| {
        std::process::Command::new("openssl")
            .args([
                "verify",
                "-CApath",
                "store/root",
                "-untrusted",
                untrusted,
                &cert,
            ])
            .current_dir(env.dir.path())
            .output()
            .unwrap()
    };

    // No root in the store yet: OpenSSL cannot build the path.
    let before = verify("store/intermediate/Test_Issuing_CA.pem");
    assert!(
        !before.status.success(),
        "verify must fail without the root"
    );

    let out = env.certkit().args(["import", "root.pem"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    for untrusted in [
        "store/intermediate/Test_Issuing_CA.pem".to_string(),
        format!("store/personal/{personal}/chain.pem"),
    ] {
        let after = verify(&untrusted);
        let stdout = String::from_utf8_lossy(&after.stdout);
        assert!(
            after.status.success() && stdout.contains(": OK"),
            "openssl verify -untrusted {untrusted}: {stdout}{}",
            String::from_utf8_lossy(&after.stderr)
        );
    }
}

/// Two roots with the same subject share a subject hash: they get `HASH.0` and `HASH.1`, and
/// OpenSSL finds the right one for each client certificate.
#[test]
fn roots_with_the_same_subject_get_numbered_hash_links() {
    let env = Env::new();
    let old = env.issue("old-root", "Partner Root", None, &common::Spec::ca());
    let new = env.issue("new-root", "Partner Root", None, &common::Spec::ca());
    env.issue(
        "old-client",
        "old.example.com",
        Some(&old),
        &common::Spec::client(),
    );
    env.issue(
        "new-client",
        "new.example.com",
        Some(&new),
        &common::Spec::client(),
    );
    for root in ["old-root.pem", "new-root.pem"] {
        let out = env.certkit().args(["import", root]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let hash = String::from_utf8(
        env.openssl(&["x509", "-in", "old-root.pem", "-noout", "-hash"])
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();
    for n in 0..2 {
        let link = env.path(&format!("store/root/{hash}.{n}"));
        assert!(link.exists(), "{} is missing", link.display());
    }
    for client in ["old-client.pem", "new-client.pem"] {
        let out = env.openssl(&["verify", "-CApath", "store/root", client]);
        assert!(String::from_utf8_lossy(&out.stdout).contains(": OK"));
    }
}
