//! Interop with NSS's `pk12util` (a temporary NSS database per test): it lists certkit's
//! PKCS#12 files of both profiles, and certkit reads what it exports with AES-256 and with
//! 3DES. NSS writes BER with indefinite lengths, which the loader reads through OpenSSL.

mod common;

use common::*;

fn nss_db(env: &Env) -> String {
    std::fs::create_dir_all(env.path("nssdb")).unwrap();
    env.run("certutil", &["-N", "-d", "sql:nssdb", "--empty-password"]);
    "sql:nssdb".to_string()
}

#[test]
fn pk12util_lists_both_profiles() {
    let env = Env::new();
    let pki = env.pki();
    let db = nss_db(&env);
    for profile in PROFILES {
        let file = format!("{profile}.pfx");
        certkit_pfx(&env, &pki, &file, profile, "secret-pw");
        let out = env.run("pk12util", &["-l", &file, "-d", &db, "-W", "secret-pw"]);
        let text = String::from_utf8_lossy(&out.stdout);
        let top: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with(' ') && !l.is_empty())
            .collect();
        assert_eq!(
            top.iter()
                .filter(|l| l.starts_with("Certificate(has private key)"))
                .count(),
            1,
            "{text}"
        );
        assert_eq!(
            top.iter().filter(|l| l.starts_with("Certificate")).count(),
            3,
            "{text}"
        );
        assert!(top.iter().any(|l| l.starts_with("Key(shrouded)")), "{text}");
        assert!(text.contains("Friendly Name: client.example.com"), "{text}");
    }
}

#[test]
fn certkit_reads_what_pk12util_writes() {
    let env = Env::new();
    let pki = env.pki();
    let db = nss_db(&env);
    certkit_pfx(&env, &pki, "source.pfx", "modern", "secret-pw");
    env.run(
        "pk12util",
        &["-i", "source.pfx", "-d", &db, "-W", "secret-pw", "-K", ""],
    );
    let triple_des = "PKCS #12 V2 PBE With SHA-1 And 3KEY Triple DES-CBC";
    for (name, cipher, mac) in [
        ("nss-aes.p12", "AES-256-CBC", "SHA-256"),
        ("nss-3des.p12", triple_des, "SHA-1"),
    ] {
        env.run(
            "pk12util",
            &[
                "-o",
                name,
                "-n",
                "client.example.com",
                "-d",
                &db,
                "-W",
                "nss-pw",
                "-K",
                "",
                "-c",
                cipher,
                "-C",
                cipher,
                "-M",
                mac,
            ],
        );
        assert_certkit_reads_chain(&env, &pki, &env.path(name), "nss-pw", 3);
        let wrong = env
            .certkit()
            .args(["--json", "inspect", name, "--password", "not-it"])
            .output()
            .unwrap();
        assert_eq!(wrong.status.code(), Some(2));
        assert_eq!(json(&wrong)["inputs"][0]["error"]["kind"], "wrong_password");
        let input = certkit_reads(&env, &env.path(name), "nss-pw");
        assert_eq!(input["pkcs12"]["mac"]["algorithm"], mac, "{input}");
        let expected = if cipher == triple_des {
            "3DES-CBC"
        } else {
            "AES-256-CBC"
        };
        assert_eq!(input["pkcs12"]["key_encryption"][0]["cipher"], expected);
        // certkit converts it on, and NSS lists the result again.
        let out = format!("{name}.legacy.pfx");
        certkit_ok(
            &env,
            &[
                "convert",
                name,
                "--password",
                "nss-pw",
                "-o",
                &out,
                "--profile",
                "legacy",
                "--new-password",
                "again-pw",
            ],
        );
        env.run("pk12util", &["-l", &out, "-d", &db, "-W", "again-pw"]);
    }
}
