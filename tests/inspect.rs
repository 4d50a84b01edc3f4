//! `certkit inspect` on files made by OpenSSL at test time.

mod common;

use common::{json, openssl_sha1, Env};

#[test]
fn inspect_modern_pfx_reports_chain_key_and_container() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    let out = env
        .certkit()
        .args(["--json", "inspect", "client.pfx", "--password", "secret"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    let input = &doc["inputs"][0];
    assert_eq!(input["format"], "pkcs12");
    assert_eq!(input["private_key"]["matches_leaf"], true);
    let certs = input["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0]["role"], "leaf");
    assert_eq!(certs[0]["sha1"], openssl_sha1(&env, &pki.leaf.cert));
    assert_eq!(certs[0]["extended_key_usage"][0], "clientAuth");
    assert_eq!(certs[1]["role"], "intermediate");
    assert_eq!(input["pkcs12"]["mac"]["algorithm"], "SHA-256");
}
