//! PKCS#12 files NSS's `pk12util` writes with the PKCS#5 v1 DES ciphers (`-c`/`-C`): NSS
//! imports them, OpenSSL `-legacy` cannot decrypt them, certkit reads them by deriving the key
//! as NSS does (src/decode/nss_pbes1.rs). Files are written here by the installed pk12util.

mod common;

use common::loader::opens;
use common::*;

const SHA1_DES: &str = "PKCS #5 Password Based Encryption with SHA-1 and DES-CBC";
const MD5_DES: &str = "PKCS #5 Password Based Encryption with MD5 and DES-CBC";
const MD2_DES: &str = "PKCS #5 Password Based Encryption with MD2 and DES-CBC";

/// A fresh NSS database holding certkit's chain, and a pk12util export with `cipher`.
fn nss_export(env: &Env, pki: &Pki, name: &str, cipher: &str, mac: &str) {
    if !env.path("nssdb").exists() {
        std::fs::create_dir_all(env.path("nssdb")).unwrap();
        env.run("certutil", &["-N", "-d", "sql:nssdb", "--empty-password"]);
        // NSS 3.110 (Debian 13) no longer *writes* PKCS#12 with MD5 or MD2 by default
        // (SEC_ERROR_BAD_EXPORT_ALGORITHM); it still imports such files, which is what users
        // are sent by older NSS. A policy module in this test database only lets pk12util write
        // them as older NSS did; older NSS accepts the same line.
        let mut modules = std::fs::OpenOptions::new()
            .append(true)
            .open(env.path("nssdb/pkcs11.txt"))
            .unwrap();
        std::io::Write::write_all(
            &mut modules,
            b"\nlibrary=\nname=Policy\nNSS=flags=policyOnly,moduleDB\nconfig=\"allow=md5:md2\"\n",
        )
        .unwrap();
        certkit_pfx(env, pki, "source.pfx", "modern", "secret-pw");
        env.run(
            "pk12util",
            &[
                "-i",
                "source.pfx",
                "-d",
                "sql:nssdb",
                "-W",
                "secret-pw",
                "-K",
                "",
            ],
        );
    }
    env.run(
        "pk12util",
        &[
            "-o",
            name,
            "-n",
            "client.example.com",
            "-d",
            "sql:nssdb",
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
    // NSS itself reads what it wrote.
    env.run("pk12util", &["-l", name, "-d", "sql:nssdb", "-W", "nss-pw"]);
}

#[test]
fn pkcs5_des_files_from_pk12util_are_read() {
    let env = Env::new();
    let pki = env.pki();
    for (name, cipher, kdf, mac) in [
        ("sha1-des.p12", SHA1_DES, "SHA-1", "SHA-1"),
        ("md5-des.p12", MD5_DES, "MD5", "SHA-256"),
    ] {
        nss_export(&env, &pki, name, cipher, mac);
        // OpenSSL -legacy derives the key as PKCS#5 says and fails: the quirk is real.
        let openssl = std::process::Command::new("openssl")
            .args([
                "pkcs12",
                "-legacy",
                "-in",
                name,
                "-passin",
                "pass:nss-pw",
                "-info",
                "-nokeys",
            ])
            .current_dir(env.path("."))
            .output()
            .unwrap();
        assert!(
            !openssl.status.success(),
            "{name}: OpenSSL -legacy now reads it"
        );
        assert_certkit_reads_chain(&env, &pki, &env.path(name), "nss-pw", 3);
        let input = certkit_reads(&env, &env.path(name), "nss-pw");
        for part in ["certificate_encryption", "key_encryption"] {
            assert_eq!(input["pkcs12"][part][0]["cipher"], "DES-CBC", "{input}");
            assert_eq!(input["pkcs12"][part][0]["kdf"], kdf, "{input}");
        }
        assert_eq!(input["pkcs12"]["mac"]["algorithm"], mac, "{input}");
        // "Opens in" says what was just observed: not OpenSSL, even with -legacy; NSS yes.
        assert_eq!(opens(&input, "OpenSSL 3 -legacy"), "no", "{input}");
        assert_eq!(opens(&input, "OpenSSL 3"), "no", "{input}");
        assert_eq!(opens(&input, "NSS pk12util"), "yes", "{input}");
        let wrong = env
            .certkit()
            .args(["--json", "inspect", name, "--password", "not-it"])
            .output()
            .unwrap();
        assert_eq!(wrong.status.code(), Some(2));
        assert_eq!(json(&wrong)["inputs"][0]["error"]["kind"], "wrong_password");
        // Converted on, the key and chain survive and NSS lists the result.
        let out = format!("{name}.modern.p12");
        certkit_ok(
            &env,
            &[
                "convert",
                name,
                "--password",
                "nss-pw",
                "-o",
                &out,
                "--new-password",
                "again-pw",
            ],
        );
        assert_certkit_reads_chain(&env, &pki, &env.path(&out), "again-pw", 3);
    }
}

#[test]
fn md2_des_is_named_as_unsupported() {
    let env = Env::new();
    let pki = env.pki();
    nss_export(&env, &pki, "md2-des.p12", MD2_DES, "SHA-1");
    let out = env
        .certkit()
        .args(["--json", "inspect", "md2-des.p12", "--password", "nss-pw"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let error = &json(&out)["inputs"][0]["error"];
    assert_eq!(error["kind"], "unsupported_algorithm", "{error}");
    assert!(!error["message"].as_str().unwrap().contains("nss-pw"));
}

/// The same algorithm written by OpenSSL (`-certpbe/-keypbe PBE-SHA1-DES`) is derived as PKCS#5
/// says: OpenSSL -legacy reads it and NSS refuses it, the other way round from pk12util's files.
/// certkit reads both and says so in "opens in".
#[test]
fn pkcs5_des_written_by_openssl_opens_in_openssl_not_nss() {
    let env = Env::new();
    let pki = env.pki();
    let (leaf, key) = (
        pki.leaf.cert.display().to_string(),
        pki.leaf.key.display().to_string(),
    );
    {
        let name = "openssl-des.p12";
        env.openssl(&[
            "pkcs12",
            "-export",
            "-legacy",
            "-in",
            &leaf,
            "-inkey",
            &key,
            "-certpbe",
            "PBE-SHA1-DES",
            "-keypbe",
            "PBE-SHA1-DES",
            "-passout",
            "pass:ossl-pw",
            "-out",
            name,
        ]);
        env.openssl(&[
            "pkcs12",
            "-legacy",
            "-in",
            name,
            "-passin",
            "pass:ossl-pw",
            "-info",
            "-nokeys",
        ]);
        let input = certkit_reads(&env, &env.path(name), "ossl-pw");
        assert_eq!(
            input["pkcs12"]["key_encryption"][0]["cipher"], "DES-CBC",
            "{input}"
        );
        assert!(input["private_key"].is_object(), "{input}");
        assert_eq!(opens(&input, "OpenSSL 3 -legacy"), "yes", "{input}");
        assert_eq!(opens(&input, "NSS pk12util"), "no", "{input}");
        // Mono.Security derives PKCS#5 v1 keys with the PKCS#12 KDF (from its source).
        assert_eq!(opens(&input, "Mono"), "no", "{input}");
        std::fs::create_dir_all(env.path("ossl-db")).unwrap();
        env.run("certutil", &["-N", "-d", "sql:ossl-db", "--empty-password"]);
        let nss = std::process::Command::new("pk12util")
            .args(["-i", name, "-d", "sql:ossl-db", "-W", "ossl-pw", "-K", ""])
            .current_dir(env.path("."))
            .output()
            .unwrap();
        assert!(
            !nss.status.success(),
            "NSS now imports an OpenSSL PKCS#5 DES file: {nss:?}"
        );
    }
}
