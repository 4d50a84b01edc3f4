//! `certkit export-public` (alias `export`): public certificates only, deterministic names,
//! idempotent re-runs, no silent overwrite.

mod common;

use common::*;

#[test]
fn exports_the_leaf_under_its_friendly_name_and_never_the_key() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "pfx-pw", &[]);
    let out = certkit_ok(
        &env,
        &[
            "--json",
            "export-public",
            "client.pfx",
            "--password",
            "pfx-pw",
            "--der",
            "shared",
        ],
    );
    let doc = json(&out);
    assert_eq!(doc["version"], 2);
    assert_eq!(doc["files"][0]["status"], "written");
    assert_eq!(doc["files"].as_array().unwrap().len(), 1);
    // The folder did not exist: created, and said (a mistyped share name shows).
    assert_eq!(doc["created_folder"], "shared");
    // The harness names the PKCS#12 entry "certkit test client".
    assert_eq!(
        dir_entries(&env.path("shared")),
        ["certkit_test_client.cer"]
    );
    let bytes = std::fs::read(env.path("shared/certkit_test_client.cer")).unwrap();
    assert_eq!(bytes, pem_certificates_der(&pki.leaf.cert).remove(0));
    #[cfg(unix)]
    assert_eq!(mode(&env.path("shared/certkit_test_client.cer")), 0o644);

    // Same content again: a no-op, exit 0, reported as unchanged.
    let out = certkit_ok(
        &env,
        &[
            "export",
            "client.pfx",
            "--password",
            "pfx-pw",
            "--der",
            "shared",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("unchanged"), "{text}");

    // Human output names a folder it creates, first.
    let out = certkit_ok(
        &env,
        &[
            "export",
            "client.pfx",
            "--password",
            "pfx-pw",
            "--der",
            "new/share",
        ],
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("created    folder new/share (it did not exist)\nwritten    new/share/"),
        "{text}"
    );
}

#[test]
fn names_are_deterministic_and_the_chain_goes_next_to_it() {
    let env = Env::new();
    let pki = env.pki();
    let input = env.concat(
        "chain.pem",
        &[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert],
    );
    let input = input.display().to_string();
    // Without a friendly name: the subject common name.
    certkit_ok(&env, &["export", &input, "--pem", "a", "--chain"]);
    assert_eq!(
        dir_entries(&env.path("a")),
        [
            "Test_Issuing_CA.pem",
            "Test_Root_CA.pem",
            "client.example.com.pem"
        ]
    );
    let leaf = pem_certificates_der(&env.path("a/client.example.com.pem"));
    assert_eq!(leaf, pem_certificates_der(&pki.leaf.cert));
    // --name is sanitised for every file system.
    certkit_ok(
        &env,
        &[
            "export",
            &input,
            "--der",
            "b/",
            "--name",
            "Partner API: prod/1",
        ],
    );
    assert_eq!(dir_entries(&env.path("b")), ["Partner_API_prod_1.cer"]);
    // A file path as destination.
    certkit_ok(&env, &["export", &input, "--der", "exact.cer"]);
    assert_eq!(
        env.read("exact.cer"),
        pem_certificates_der(&pki.leaf.cert).remove(0)
    );
    // The same input in another folder ("another server") gets the same names.
    certkit_ok(&env, &["export", &input, "--pem", "c", "--chain"]);
    assert_eq!(dir_entries(&env.path("c")), dir_entries(&env.path("a")));
}

#[test]
fn a_different_existing_file_is_not_replaced_without_force() {
    let env = Env::new();
    let pki = env.pki();
    let leaf = pki.leaf.cert.display().to_string();
    let root = pki.root.cert.display().to_string();
    certkit_ok(&env, &["export", &leaf, "--der", "out", "--name", "api"]);
    let original = std::fs::read(env.path("out/api.cer")).unwrap();
    let out = env
        .certkit()
        .args(["--json", "export", &root, "--der", "out", "--name", "api"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(json(&out)["error"]["kind"], "exists");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(env.path("out/api.cer")).unwrap(), original);
    assert_eq!(dir_entries(&env.path("out")), ["api.cer"]);

    let out = certkit_ok(
        &env,
        &[
            "--json", "export", &root, "--der", "out", "--name", "api", "--force",
        ],
    );
    assert_eq!(json(&out)["files"][0]["status"], "replaced");
    assert_eq!(
        std::fs::read(env.path("out/api.cer")).unwrap(),
        pem_certificates_der(&pki.root.cert).remove(0)
    );
}

#[test]
fn without_input_it_exports_the_stores_personal_certificates_under_their_entry_names() {
    let env = Env::new();
    // An empty store: a clear error, nothing written.
    let out = env
        .certkit()
        .args(["export", "--der", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("has no personal certificates"), "{err}");
    assert!(!env.path("out").exists());
    // --der or --pem is required.
    let out = env.certkit().args(["export", "x.pem"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "pfx-pw", &[]);
    certkit_ok(
        &env,
        &[
            "import",
            "client.pfx",
            "--password",
            "pfx-pw",
            "--name",
            "partner-api",
        ],
    );
    let out = certkit_ok(&env, &["--json", "export", "--der", "out"]);
    assert_eq!(json(&out)["files"][0]["status"], "written");
    assert_eq!(dir_entries(&env.path("out")), ["partner-api.cer"]);
    assert_eq!(
        std::fs::read(env.path("out/partner-api.cer")).unwrap(),
        pem_certificates_der(&pki.leaf.cert).remove(0)
    );
    // The same run on another server (or again here) is a no-op.
    let out = certkit_ok(&env, &["--json", "export", "--der", "out"]);
    assert_eq!(json(&out)["files"][0]["status"], "unchanged");
    // Selecting by thumbprint, with the chain, as PEM.
    let thumb = openssl_sha1(&env, &pki.leaf.cert);
    certkit_ok(
        &env,
        &["export", "--pem", "pem", "--thumbprint", &thumb, "--chain"],
    );
    assert_eq!(
        dir_entries(&env.path("pem")),
        ["Test_Issuing_CA.pem", "partner-api.pem"]
    );
    let out = env
        .certkit()
        .args(["export", "--der", "none", "--name", "no-such-entry"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_examples_run_as_written() {
    let env = Env::new();
    let pki = env.pki();
    let work = env.path("work");
    std::fs::create_dir(&work).unwrap();
    env.pkcs12(
        "work/client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "example-pw",
        &[],
    );
    std::fs::copy(&pki.leaf.cert, work.join("client.pem")).unwrap();
    // The last example exports from the store.
    certkit_ok(
        &env,
        &[
            "import",
            "work/client.pfx",
            "--password",
            "example-pw",
            "--name",
            "billing",
        ],
    );
    let examples = help_examples(&env, "export-public");
    assert_eq!(examples.len(), 4, "{examples:?}");
    for line in &examples {
        run_example(&env, &work, line, &[("PFX_PASSWORD", "example-pw")], 0);
    }
    assert_eq!(
        dir_entries(&work.join("certificates")),
        [
            "Test_Issuing_CA.pem",
            "certkit_test_client.cer",
            "partner-api.pem"
        ]
    );
    assert_eq!(
        std::fs::read(work.join("client.cer")).unwrap(),
        pem_certificates_der(&pki.leaf.cert).remove(0)
    );
    assert_eq!(dir_entries(&work.join("shared")), ["billing.cer"]);
}
