//! Interop checked by the `openssl` command itself.

mod common;

use common::{json, Env};

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
