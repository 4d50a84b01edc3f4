//! Interop with Java's `keytool` (the JDK on the machine): it lists certkit's PKCS#12 files of
//! both profiles with the whole chain, and certkit reads the keystores it writes, in its modern
//! default and with `-J-Dkeystore.pkcs12.legacy`.
//!
//! keytool refuses store passwords shorter than 6 characters, so the tests use longer ones.

mod common;

use common::*;

#[test]
fn keytool_lists_both_profiles_with_the_whole_chain() {
    let env = Env::new();
    let pki = env.pki();
    for profile in PROFILES {
        let file = format!("{profile}.pfx");
        certkit_pfx(&env, &pki, &file, profile, "secret-pw");
        let out = env.run(
            "keytool",
            &[
                "-list",
                "-v",
                "-keystore",
                &file,
                "-storetype",
                "PKCS12",
                "-storepass",
                "secret-pw",
            ],
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("Your keystore contains 1 entry"), "{text}");
        assert!(text.contains("Alias name: client.example.com"), "{text}");
        assert!(text.contains("Entry type: PrivateKeyEntry"), "{text}");
        assert!(text.contains("Certificate chain length: 3"), "{text}");
    }
}

#[test]
fn certkit_reads_what_keytool_writes() {
    let env = Env::new();
    let pki = env.pki();
    certkit_pfx(&env, &pki, "source.pfx", "modern", "secret-pw");
    for (name, legacy) in [("keytool-modern.p12", false), ("keytool-legacy.p12", true)] {
        let mut args = Vec::new();
        if legacy {
            args.push("-J-Dkeystore.pkcs12.legacy");
        }
        args.extend([
            "-importkeystore",
            "-noprompt",
            "-srckeystore",
            "source.pfx",
            "-srcstoretype",
            "PKCS12",
            "-srcstorepass",
            "secret-pw",
            "-destkeystore",
            name,
            "-deststoretype",
            "PKCS12",
            "-deststorepass",
            "keytool-pw",
        ]);
        env.run("keytool", &args);
        assert_certkit_reads_chain(&env, &pki, &env.path(name), "keytool-pw", 3);
        let input = certkit_reads(&env, &env.path(name), "keytool-pw");
        let p12 = &input["pkcs12"];
        if legacy {
            // Java's legacy format: RC2-40 certificates, 3DES key, SHA-1 MAC.
            assert_eq!(
                p12["certificate_encryption"][0]["cipher"], "RC2-40-CBC",
                "{p12}"
            );
            assert_eq!(p12["key_encryption"][0]["cipher"], "3DES-CBC", "{p12}");
            assert_eq!(p12["mac"]["algorithm"], "SHA-1", "{p12}");
        } else {
            assert_eq!(
                p12["certificate_encryption"][0]["cipher"], "AES-256-CBC",
                "{p12}"
            );
            assert_eq!(p12["mac"]["algorithm"], "SHA-256", "{p12}");
        }
    }
}

/// A fact worth knowing: keytool shows no entry for a PKCS#12 file without a private key
/// whose certificates lack Oracle's trusted-certificate attribute (OpenSSL's writer, which
/// certkit uses, cannot add it). certkit warns when it writes such a file.
#[test]
fn keytool_lists_no_entries_in_a_certificate_only_pfx() {
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat("chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    let chain = chain.display().to_string();
    let out = certkit_ok(
        &env,
        &[
            "convert",
            &chain,
            "-o",
            "certs.pfx",
            "--new-password",
            "secret-pw",
        ],
    );
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(warning.contains("holds no private key"), "{warning}");
    let out = env.run(
        "keytool",
        &[
            "-list",
            "-keystore",
            "certs.pfx",
            "-storetype",
            "PKCS12",
            "-storepass",
            "secret-pw",
        ],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Your keystore contains 0 entries"), "{text}");
    // certkit itself still reads both certificates.
    let input = certkit_reads(&env, &env.path("certs.pfx"), "secret-pw");
    assert_eq!(input["certificates"].as_array().unwrap().len(), 2);
}

#[test]
fn keytool_reads_the_exported_der_certificate() {
    let env = Env::new();
    let pki = env.pki();
    let pfx = certkit_pfx(&env, &pki, "client.pfx", "legacy", "secret-pw");
    let pfx = pfx.display().to_string();
    certkit_ok(
        &env,
        &["export", &pfx, "--password", "secret-pw", "--der", "out"],
    );
    let out = env.run(
        "keytool",
        &["-printcert", "-file", "out/client.example.com.cer"],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CN=client.example.com"), "{text}");
    let sha1 = openssl_sha1(&env, &pki.leaf.cert);
    let colons: Vec<String> = sha1
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8(c.to_vec()).unwrap())
        .collect();
    assert!(text.contains(&colons.join(":")), "{text}");
}
