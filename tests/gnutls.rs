//! Interop with GnuTLS's `certtool`: `--p12-info` reads certkit's PKCS#12 files of both
//! profiles, and certkit reads what `certtool --to-p12` writes with AES-256 and with 3DES.

mod common;

use common::*;

#[test]
fn certtool_reads_both_profiles() {
    let env = Env::new();
    let pki = env.pki();
    for profile in PROFILES {
        let file = format!("{profile}.pfx");
        certkit_pfx(&env, &pki, &file, profile, "secret-pw");
        let out = env.run(
            "certtool",
            &[
                "--p12-info",
                "--inder",
                "--infile",
                &file,
                "--password",
                "secret-pw",
            ],
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 3, "{text}");
        assert!(text.contains("PKCS #8 Encrypted key"), "{text}");
        assert!(text.contains("Friendly name: client.example.com"), "{text}");
        if profile == "modern" {
            assert!(text.contains("MAC: SHA256"), "{text}");
            assert_eq!(
                text.matches("Schema: PBES2-AES256-CBC").count(),
                2,
                "{text}"
            );
        } else {
            assert!(text.contains("MAC: SHA1"), "{text}");
            assert_eq!(
                text.matches("Schema: PKCS12-3DES-SHA1").count(),
                2,
                "{text}"
            );
        }
    }
}

#[test]
fn certkit_reads_what_certtool_writes() {
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat(
        "chain.pem",
        &[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert],
    );
    let chain = chain.display().to_string();
    let key = pki.leaf.key.display().to_string();
    for (name, cipher) in [
        ("gnutls-aes.p12", "aes-256"),
        ("gnutls-3des.p12", "3des-pkcs12"),
    ] {
        env.run(
            "certtool",
            &[
                "--to-p12",
                "--load-privkey",
                &key,
                "--load-certificate",
                &chain,
                "--p12-name",
                "gnutls client",
                "--password",
                "secret-pw",
                "--pkcs-cipher",
                cipher,
                "--outder",
                "--outfile",
                name,
            ],
        );
        assert_certkit_reads_chain(&env, &pki, &env.path(name), "secret-pw", 3);
        let input = certkit_reads(&env, &env.path(name), "secret-pw");
        let expected = if cipher == "aes-256" {
            "AES-256-CBC"
        } else {
            "3DES-CBC"
        };
        assert_eq!(input["pkcs12"]["key_encryption"][0]["cipher"], expected);
    }
}
