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
    assert_eq!(certs[0]["thumbprint"], openssl_sha1(&env, &pki.leaf.cert));
    assert_eq!(certs[0]["extended_key_usage"][0], "clientAuth");
    assert_eq!(certs[1]["role"], "intermediate");
    assert_eq!(input["pkcs12"]["mac"]["algorithm"], "SHA-256");
}

#[test]
fn inspect_directory_table_has_one_row_per_certificate_and_marks_the_key_holder() {
    let env = Env::new();
    let pki = env.pki();
    std::fs::create_dir(env.path("scan")).unwrap();
    env.concat(
        "scan/a_bundle.pem",
        &[&pki.leaf.cert, &pki.intermediate.cert, &pki.leaf.key],
    );
    env.concat("scan/b_copy.pem", &[&pki.leaf.cert]);
    env.concat("scan/c_root.pem", &[&pki.root.cert]);
    env.write("scan/d_notes.txt", "not a certificate");
    let out = env.certkit().args(["inspect", "scan"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("scan/")).collect();
    assert_eq!(rows.len(), 3, "{text}");
    let leaf = openssl_sha1(&env, &pki.leaf.cert);
    let leaf_row = rows.iter().find(|r| r.contains(&leaf)).expect(&text);
    assert!(leaf_row.contains("leaf +key"), "{text}");
    assert!(leaf_row.contains("scan/a_bundle.pem (+1 more)"), "{text}");
    let root = openssl_sha1(&env, &pki.root.cert);
    let root_row = rows.iter().find(|r| r.contains(&root)).expect(&text);
    assert!(
        root_row.contains("root") && !root_row.contains("+key"),
        "{text}"
    );
    assert!(
        text.contains("3 certificates in 3 files, 1 skipped"),
        "{text}"
    );
}

#[test]
fn help_examples_run_as_written() {
    let env = Env::new();
    let pki = env.pki();
    let work = env.path("work");
    std::fs::create_dir_all(work.join("certificates")).unwrap();
    env.pkcs12(
        "work/client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "example-pw",
        &[],
    );
    std::fs::copy(&pki.leaf.cert, work.join("certificates/client.pem")).unwrap();
    env.concat("work/chain.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    let examples = common::help_examples(&env, "inspect");
    assert_eq!(examples.len(), 3, "{examples:?}");
    for line in &examples {
        // Nothing in the folder expires within 30 days of the fixed clock: exit 0.
        let out = common::run_example(&env, &work, line, &[("PFX_PASSWORD", "example-pw")], 0);
        if line.contains("--json") {
            let doc = json(&out);
            assert_eq!(
                doc["inputs"][0]["certificates"].as_array().unwrap().len(),
                2
            );
        }
    }
}
