//! `certkit import`: how a file's certificates and keys are routed to the logical stores, that a
//! second import and a dry run change nothing, the plan a dry run shows, warnings about classic
//! mistakes, deterministic names and collisions, a key imported later, old roots without basic
//! constraints, stdin input, and the Windows stores refused off Windows.

mod common;

use std::path::PathBuf;

use certkit::ops::import::ImportReport;
use certkit::ops::store::PathReport;
use certkit::store::{Action, LogicalStore};
use common::store::{find, import_json, list_json, openssl_hash, store};
use common::{openssl_sha1, quick_leaf, Env, Spec};

#[test]
fn pfx_is_split_by_the_rules_and_a_second_import_changes_nothing() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    let first = import_json(&env, &["client.pfx", "root.pem", "--password", "secret"]);
    assert_eq!(first.version, 2);
    assert!(!first.dry_run);
    assert_eq!(first.certificates.len(), 3);
    let personal = find(&first, LogicalStore::Personal);
    assert_eq!(personal.len(), 1);
    assert!(personal[0].has_key);
    // The PFX friendly name ("certkit test client") names the personal entry.
    assert_eq!(personal[0].name, "certkit_test_client");
    assert_eq!(
        personal[0].certificate.thumbprint,
        openssl_sha1(&env, &pki.leaf.cert)
    );
    assert_eq!(
        find(&first, LogicalStore::Intermediate)[0].name,
        "Test_Issuing_CA"
    );
    assert_eq!(find(&first, LogicalStore::Root)[0].name, "Test_Root_CA");
    assert!(first.certificates.iter().all(|c| c.action == Action::Added));
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);

    // The Linux server layout, key private.
    let entry = store(&env).join("personal/certkit_test_client");
    let cert = std::fs::read(entry.join("cert.pem")).unwrap();
    let chain = std::fs::read(entry.join("chain.pem")).unwrap();
    let full = std::fs::read(entry.join("fullchain.pem")).unwrap();
    assert_eq!(full, [cert.clone(), chain.clone()].concat());
    assert_eq!(
        openssl_sha1(&env, &entry.join("chain.pem")),
        openssl_sha1(&env, &pki.intermediate.cert)
    );
    let meta: certkit::store::Metadata =
        serde_json::from_slice(&std::fs::read(entry.join("metadata.json")).unwrap()).unwrap();
    assert_eq!(meta.thumbprint, personal[0].certificate.thumbprint);
    assert_eq!(meta.friendly_name.as_deref(), Some("certkit test client"));
    assert!(meta.source.ends_with("client.pfx"));
    // The time of the import is the run's clock, which CERTKIT_NOW pins (common::NOW).
    assert!(
        meta.imported_at.starts_with("2027-06-01"),
        "{}",
        meta.imported_at
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(entry.join("privkey.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The key is the leaf's.
    let x509 = openssl::x509::X509::from_pem(&cert).unwrap();
    let key = openssl::pkey::PKey::private_key_from_pem(
        &std::fs::read(entry.join("privkey.pem")).unwrap(),
    )
    .unwrap();
    assert!(x509.public_key().unwrap().public_eq(&key));

    // Hash links exactly as `openssl x509 -hash` names them, pointing at the PEM file.
    let root_hash = openssl_hash(&env, &pki.root.cert);
    let link = store(&env).join(format!("root/{root_hash}.0"));
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        PathBuf::from("Test_Root_CA.pem")
    );
    let int_hash = openssl_hash(&env, &pki.intermediate.cert);
    assert!(store(&env)
        .join(format!("intermediate/{int_hash}.0"))
        .exists());

    let second = import_json(&env, &["client.pfx", "root.pem", "--password", "secret"]);
    assert!(
        second
            .certificates
            .iter()
            .all(|c| c.action == Action::Unchanged),
        "{:?}",
        second.certificates
    );
    let names: Vec<_> = second
        .certificates
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["certkit_test_client", "Test_Issuing_CA", "Test_Root_CA"]
    );

    let list = list_json(&env);
    assert_eq!(list.entries.len(), 3);
    let leaf = list
        .entries
        .iter()
        .find(|e| e.store == LogicalStore::Personal)
        .unwrap();
    assert!(leaf.has_key);
    assert_eq!(
        leaf.certificate.subject,
        "CN=client.example.com, O=certkit tests"
    );
    assert_eq!(leaf.certificate.not_after.date().to_string(), "2028-01-01");
}

#[test]
fn dry_run_prints_the_plan_and_writes_nothing() {
    let env = Env::new();
    env.pki();
    let report = import_json(
        &env,
        &[
            "--dry-run",
            "client.pem",
            "client.key",
            "intermediate.pem",
            "root.pem",
        ],
    );
    assert!(report.dry_run);
    let stores: Vec<_> = report
        .certificates
        .iter()
        .map(|c| (c.store, c.action))
        .collect();
    assert_eq!(
        stores,
        [
            (LogicalStore::Personal, Action::Added),
            (LogicalStore::Intermediate, Action::Added),
            (LogicalStore::Root, Action::Added)
        ]
    );
    assert!(!store(&env).exists(), "a dry run must not create the store");
    let human = env
        .certkit()
        .args(["import", "--dry-run", "client.pem", "client.key"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("Dry run"), "{text}");
    assert!(text.contains("client.example.com"), "{text}");
    assert!(!store(&env).exists());
}

/// The rows of an import report without the dry-run flag: what a plan decides.
fn decisions(report: &ImportReport) -> Vec<(LogicalStore, String, String, Action, bool)> {
    report
        .certificates
        .iter()
        .map(|c| {
            (
                c.store,
                c.name.clone(),
                c.certificate.thumbprint.clone(),
                c.action,
                c.has_key,
            )
        })
        .collect()
}

#[test]
fn a_dry_run_shows_the_plan_the_real_run_then_carries_out() {
    let env = Env::new();
    let pki = env.pki();
    let other = quick_leaf(&env, &pki.intermediate, "other", "client.example.com");
    import_json(&env, &["client.pem", "root.pem"]);
    // Against a populated store: a key to add (replace), a name collision, a new CA, an
    // unchanged root.
    let args = [
        "client.pem",
        "client.key",
        "other.pem",
        "other.key",
        "intermediate.pem",
        "root.pem",
    ];
    let planned = import_json(&env, &[&["--dry-run"][..], &args[..]].concat());
    assert!(planned.dry_run);
    let done = import_json(&env, &args);
    assert!(!done.dry_run);
    assert_eq!(decisions(&planned), decisions(&done));
    assert_eq!(planned.warnings, done.warnings);
    let actions: Vec<_> = done.certificates.iter().map(|c| c.action).collect();
    assert_eq!(
        actions,
        [
            Action::Replaced,
            Action::Added,
            Action::Added,
            Action::Unchanged
        ]
    );
    let thumb = openssl_sha1(&env, &other.cert).to_lowercase();
    assert_eq!(
        done.certificates[1].name,
        format!("client.example.com-{}", &thumb[..8])
    );
    // And the plan of a run with nothing left to do is all unchanged.
    let again = import_json(&env, &[&["--dry-run"][..], &args[..]].concat());
    assert!(again
        .certificates
        .iter()
        .all(|c| c.action == Action::Unchanged));
}

#[test]
fn classic_mistakes_are_warned_about() {
    let env = Env::new();
    env.pki();
    // A PFX exported without its private key.
    env.openssl(&[
        "pkcs12",
        "-export",
        "-nokeys",
        "-in",
        "client.pem",
        "-certfile",
        "intermediate.pem",
        "-out",
        "nokey.pfx",
        "-passout",
        "pass:pw",
    ]);
    let report = import_json(&env, &["nokey.pfx", "--password", "pw", "--dry-run"]);
    let warnings = report.warnings.join("\n");
    assert!(
        warnings.contains("the PFX holds no private key"),
        "{warnings}"
    );
    // The root is missing: named.
    assert!(warnings.contains("CN=Test Root CA"), "{warnings}");
    assert!(warnings.contains("incomplete"), "{warnings}");
    let personal = find(&report, LogicalStore::Personal);
    assert!(!personal[0].has_key);

    // The root is present in the input but forced elsewhere: not trusted yet.
    let report = import_json(
        &env,
        &[
            "root.pem",
            "intermediate.pem",
            "--to",
            "intermediate",
            "--dry-run",
        ],
    );
    let warnings = report.warnings.join("\n");
    assert!(warnings.contains("is not trusted yet"), "{warnings}");

    // With the root in the store, no chain warning.
    import_json(&env, &["root.pem"]);
    let report = import_json(&env, &["client.pem", "client.key", "intermediate.pem"]);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn a_key_imported_later_replaces_the_entry_and_keeps_its_name() {
    let env = Env::new();
    let pki = env.pki();
    import_json(&env, &["root.pem", "intermediate.pem"]);
    let first = import_json(&env, &["client.pem"]);
    assert_eq!(first.certificates[0].store, LogicalStore::Personal);
    assert!(
        first
            .warnings
            .iter()
            .any(|w| w.contains("without its private key")),
        "{:?}",
        first.warnings
    );
    assert!(!store(&env)
        .join("personal/client.example.com/privkey.pem")
        .exists());
    let second = import_json(&env, &["client.pem", "client.key"]);
    assert_eq!(second.certificates[0].action, Action::Replaced);
    assert_eq!(second.certificates[0].name, "client.example.com");
    assert!(store(&env)
        .join("personal/client.example.com/privkey.pem")
        .exists());
    // The chain came from the store's intermediate.
    assert_eq!(
        openssl_sha1(
            &env,
            &store(&env).join("personal/client.example.com/chain.pem")
        ),
        openssl_sha1(&env, &pki.intermediate.cert)
    );
    // Importing the certificate alone again keeps the key.
    let third = import_json(&env, &["client.pem"]);
    assert_eq!(third.certificates[0].action, Action::Unchanged);
    assert!(
        third.certificates[0].has_key,
        "the key stored earlier counts"
    );
    assert!(store(&env)
        .join("personal/client.example.com/privkey.pem")
        .exists());
    let list = list_json(&env);
    assert_eq!(
        list.entries
            .iter()
            .filter(|e| e.store == LogicalStore::Personal)
            .count(),
        1
    );
}

#[test]
fn names_are_deterministic_and_collisions_get_a_thumbprint_suffix() {
    let env = Env::new();
    let pki = env.pki();
    let other = quick_leaf(&env, &pki.intermediate, "other", "client.example.com");
    let a = import_json(&env, &["client.pem", "client.key"]);
    assert_eq!(a.certificates[0].name, "client.example.com");
    let b = import_json(&env, &["other.pem", "other.key"]);
    let thumb = openssl_sha1(&env, &other.cert).to_lowercase();
    assert_eq!(
        b.certificates[0].name,
        format!("client.example.com-{}", &thumb[..8])
    );
    let c = import_json(&env, &["root.pem", "--name", "Partner Root (2025)"]);
    assert_eq!(c.certificates[0].name, "Partner_Root_2025");
    assert!(store(&env).join("root/Partner_Root_2025.pem").is_file());
    // --name with several personal certificates is refused.
    let out = env
        .certkit()
        .args(["import", "client.pem", "other.pem", "--name", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_old_root_without_basic_constraints_goes_to_root_and_stdin_is_an_input() {
    let env = Env::new();
    // A v1-style root: no extensions at all, self-signed, issuing the client certificate.
    let root = env.issue("oldroot", "Old Root", None, &Spec::ca().extensions(""));
    env.issue(
        "leaf",
        "leaf.example.com",
        Some(&root),
        &Spec::client().extensions("basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n"),
    );
    let both = env.concat(
        "both.pem",
        &[&env.path("leaf.pem"), &env.path("oldroot.pem")],
    );
    let out = env
        .certkit()
        .args(["--json", "import", "-"])
        .pipe_stdin(&both)
        .unwrap()
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: ImportReport = serde_json::from_slice(&out.stdout).unwrap();
    let routed: Vec<_> = report
        .certificates
        .iter()
        .map(|c| (c.store, c.name.as_str(), c.input.as_str()))
        .collect();
    assert_eq!(
        routed,
        [
            (LogicalStore::Personal, "leaf.example.com", "<stdin>"),
            (LogicalStore::Root, "Old_Root", "<stdin>")
        ]
    );
    // The end-entity certificate came without its key: said so.
    assert!(report
        .warnings
        .iter()
        .any(|w| w.contains("without its private key")));
}

#[test]
fn the_windows_stores_are_a_usage_error_off_windows() {
    let env = Env::new();
    for store in ["windows", "windows:LocalMachine"] {
        let out = env
            .certkit()
            .args(["--store", store, "store", "list"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--store {store}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("only on Windows"), "{stderr}");
    }
    // A folder that happens to be called windows is still a folder when written as a path.
    let out = env
        .certkit()
        .current_dir(env.path(""))
        .args(["--json", "--store", "./windows", "store", "path"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report: PathReport = serde_json::from_slice(&out.stdout).unwrap();
    assert!(report.path.ends_with("windows"), "{}", report.path);
}

#[test]
fn key_provider_is_refused_by_a_store_folder_before_anything_changes() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    for provider in ["cng", "capi"] {
        let out = env
            .certkit()
            .args(["import", "client.pfx", "root.pem", "--password", "secret"])
            .args(["--key-provider", provider])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--key-provider {provider}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains(&format!(
                "--key-provider {provider} chooses where the Windows"
            )) && stderr.contains("drop --key-provider"),
            "{stderr}"
        );
        assert!(list_json(&env).entries.is_empty(), "the store changed");
    }
    // An unknown provider is clap's refusal, naming the two.
    let out = env
        .certkit()
        .args(["import", "client.pfx", "--key-provider", "rsa-full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cng") && stderr.contains("capi"),
        "{stderr}"
    );
}

#[test]
fn name_for_a_certificate_already_stored_says_why_it_is_not_renamed() {
    let env = Env::new();
    env.pki();
    let first = import_json(&env, &["client.pem", "client.key"]);
    assert_eq!(first.certificates[0].name, "client.example.com");
    // The same certificate again under another name: unchanged, and the report says why the
    // name asked for was not taken, and how to rename it.
    let again = import_json(&env, &["client.pem", "--name", "billing client"]);
    assert_eq!(again.certificates[0].name, "client.example.com");
    assert_eq!(
        again.certificates[0].action,
        certkit::store::Action::Unchanged
    );
    let warning = again
        .warnings
        .iter()
        .find(|w| w.starts_with("--name billing client:"))
        .unwrap_or_else(|| panic!("no word about --name: {:?}", again.warnings));
    assert!(
        warning.contains("already in the store's personal as \"client.example.com\""),
        "{warning}"
    );
    assert!(
        warning.contains("certkit store remove client.example.com && certkit import client.pem --name billing_client"),
        "{warning}"
    );
    // The human form prints it too (on stderr, as every warning).
    let out = env
        .certkit()
        .args(["import", "root.pem", "--name", "Partner Root"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = env
        .certkit()
        .args(["import", "root.pem", "--name", "Other Root"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("import does not rename an entry")
            && stderr.contains("certkit store remove Partner_Root --in root"),
        "{stderr}"
    );
    // The same name as the entry's: nothing to say.
    let same = import_json(&env, &["client.pem", "--name", "client.example.com"]);
    assert!(
        same.warnings.iter().all(|w| !w.starts_with("--name")),
        "{:?}",
        same.warnings
    );
}
