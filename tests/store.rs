//! `certkit import` and `certkit store`: routing rules, idempotence, names, warnings, grants,
//! and the store's reliability under concurrent and killed imports.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use certkit::ops::import::ImportReport;
use certkit::ops::store::{ChangeReport, ListReport, PathReport, ShowReport, StoreChange};
use certkit::store::{Action, LogicalStore};
use common::{openssl_sha1, quick_leaf, Env, Spec};

fn import_json(env: &Env, args: &[&str]) -> ImportReport {
    let out = env
        .certkit()
        .arg("--json")
        .arg("import")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "import {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("import --json prints an ImportReport")
}

fn list_json(env: &Env) -> ListReport {
    let out = env
        .certkit()
        .args(["--json", "store", "list"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("store list --json prints a ListReport")
}

fn store(env: &Env) -> PathBuf {
    env.path("store")
}

/// `openssl x509 -hash` of a certificate file.
fn openssl_hash(env: &Env, cert: &Path) -> String {
    let out = env.openssl(&[
        "x509",
        "-in",
        &cert.display().to_string(),
        "-noout",
        "-hash",
    ]);
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn find(
    report: &ImportReport,
    store: LogicalStore,
) -> Vec<&certkit::ops::import::ImportedCertificate> {
    report
        .certificates
        .iter()
        .filter(|c| c.store == store)
        .collect()
}

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

#[cfg(unix)]
#[test]
fn grant_read_gives_the_group_the_key_and_unknown_groups_are_refused() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let env = Env::new();
    env.pki();
    // A group that does not exist: exit 2, nothing written.
    let out = env
        .certkit()
        .args([
            "import",
            "client.pem",
            "client.key",
            "--grant-read",
            "no-such-group-certkit",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-group-certkit"));
    assert!(!store(&env).join("personal").exists());

    // Our own primary group always works, root or not.
    let gid = std::fs::metadata(env.dir.path()).unwrap().gid();
    let report = import_json(
        &env,
        &["client.pem", "client.key", "--grant-read", &gid.to_string()],
    );
    assert_eq!(report.certificates[0].action, Action::Added);
    let key = store(&env).join("personal/client.example.com/privkey.pem");
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert_eq!(meta.gid(), gid);
    // Same import, same grant: unchanged.
    let again = import_json(
        &env,
        &["client.pem", "client.key", "--grant-read", &gid.to_string()],
    );
    assert_eq!(again.certificates[0].action, Action::Unchanged);

    // `store grant` afterwards, on a fresh entry.
    let env2 = Env::new();
    env2.pki();
    import_json(&env2, &["client.pem", "client.key"]);
    let key2 = store(&env2).join("personal/client.example.com/privkey.pem");
    assert_eq!(
        std::fs::metadata(&key2).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let out = env2
        .certkit()
        .args([
            "--json",
            "store",
            "grant",
            "client.example.com",
            &gid.to_string(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let change: ChangeReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(change.action, StoreChange::Granted);
    assert_eq!(
        std::fs::metadata(&key2).unwrap().permissions().mode() & 0o777,
        0o640
    );
    let out = env2
        .certkit()
        .args([
            "store",
            "grant",
            "client.example.com",
            "no-such-group-certkit",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn show_and_remove_by_name_or_thumbprint() {
    let env = Env::new();
    let pki = env.pki();
    import_json(
        &env,
        &["client.pem", "client.key", "intermediate.pem", "root.pem"],
    );
    let thumb = openssl_sha1(&env, &pki.leaf.cert);
    // Thumbprints in the spelling OpenSSL prints (colons, any case) are accepted.
    let colons: String = thumb
        .to_lowercase()
        .as_bytes()
        .chunks(2)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(":");
    let out = env
        .certkit()
        .args(["--json", "store", "show", &colons])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let show: ShowReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(show.name, "client.example.com");
    assert_eq!(show.inspect.certificates.len(), 2);
    assert_eq!(
        show.inspect.private_key.as_ref().unwrap().matches_leaf,
        Some(true)
    );
    let human = env
        .certkit()
        .args(["store", "show", "Test_Root_CA"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("CN=Test Root CA"));

    let missing = env
        .certkit()
        .args(["store", "show", "nope"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));

    // Removing a root deletes its hash link.
    let root_hash = openssl_hash(&env, &pki.root.cert);
    assert!(store(&env).join(format!("root/{root_hash}.0")).exists());
    let out = env
        .certkit()
        .args(["--json", "store", "remove", "Test_Root_CA"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let removed: ChangeReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(removed.store, LogicalStore::Root);
    assert!(std::fs::symlink_metadata(store(&env).join(format!("root/{root_hash}.0"))).is_err());
    assert!(!store(&env).join("root/Test_Root_CA.pem").exists());

    let out = env
        .certkit()
        .args(["store", "remove", &thumb])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!store(&env).join("personal/client.example.com").exists());
    assert_eq!(list_json(&env).entries.len(), 1);
}

#[test]
fn the_same_name_in_two_stores_needs_in() {
    let env = Env::new();
    env.pki();
    import_json(&env, &["root.pem"]);
    import_json(&env, &["root.pem", "--to", "intermediate"]);
    let out = env
        .certkit()
        .args(["store", "show", "Test_Root_CA"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--in"));
    let out = env
        .certkit()
        .args(["store", "remove", "Test_Root_CA", "--in", "intermediate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let list = list_json(&env);
    assert_eq!(list.entries.len(), 1);
    assert_eq!(list.entries[0].store, LogicalStore::Root);
}

#[test]
fn store_path_follows_the_flag_then_the_environment() {
    let env = Env::new();
    let out = env
        .certkit()
        .args(["--json", "store", "path"])
        .output()
        .unwrap();
    let path: PathReport = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(PathBuf::from(path.path), store(&env));
    let out = env
        .certkit()
        .args(["store", "path", "--store", "/srv/elsewhere"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "/srv/elsewhere"
    );
    let out = env
        .certkit()
        .env_remove("CERTKIT_STORE")
        .env("XDG_DATA_HOME", env.path("xdg"))
        .args(["store", "path"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    // Root gets the machine-wide store, everyone else the XDG one.
    assert!(
        text == env.path("xdg/certkit").display().to_string() || text == "/var/lib/certkit",
        "{text}"
    );
    // An empty store lists as empty.
    assert!(list_json(&env).entries.is_empty());
}

#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_link_out_of_the_store() {
    let env = Env::new();
    env.pki();
    let outside = env.path("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(store(&env)).unwrap();
    std::os::unix::fs::symlink(&outside, store(&env).join("personal")).unwrap();
    let out = env
        .certkit()
        .args(["import", "client.pem", "client.key"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbolic link"));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

/// Checks that the store is consistent: every personal entry complete (cert, chain, full chain,
/// metadata; a key that matches when there is one), `list` shows exactly the visible entries,
/// every hash link resolves to a certificate with that hash. Returns the personal entry names.
fn assert_consistent(env: &Env) -> BTreeSet<String> {
    let personal = store(env).join("personal");
    let mut visible = BTreeSet::new();
    for item in std::fs::read_dir(&personal).unwrap() {
        let item = item.unwrap();
        let name = item.file_name().into_string().unwrap();
        if name.starts_with('.') {
            continue;
        }
        let dir = item.path();
        let cert =
            std::fs::read(dir.join("cert.pem")).unwrap_or_else(|e| panic!("{name}: cert.pem: {e}"));
        let chain = std::fs::read(dir.join("chain.pem"))
            .unwrap_or_else(|e| panic!("{name}: chain.pem: {e}"));
        let full = std::fs::read(dir.join("fullchain.pem"))
            .unwrap_or_else(|e| panic!("{name}: fullchain.pem: {e}"));
        assert_eq!(
            full,
            [cert.clone(), chain].concat(),
            "{name}: fullchain.pem"
        );
        let meta: certkit::store::Metadata =
            serde_json::from_slice(&std::fs::read(dir.join("metadata.json")).unwrap()).unwrap();
        assert_eq!(meta.name, name);
        let x509 = openssl::x509::X509::from_pem(&cert).unwrap();
        if let Ok(key) = std::fs::read(dir.join("privkey.pem")) {
            let key = openssl::pkey::PKey::private_key_from_pem(&key)
                .unwrap_or_else(|e| panic!("{name}: privkey.pem: {e}"));
            assert!(
                x509.public_key().unwrap().public_eq(&key),
                "{name}: key does not match"
            );
        }
        visible.insert(name);
    }
    let listed: BTreeSet<String> = list_json(env)
        .entries
        .into_iter()
        .filter(|e| e.store == LogicalStore::Personal)
        .map(|e| e.name)
        .collect();
    assert_eq!(listed, visible, "list shows exactly the complete entries");
    for sub in ["root", "intermediate"] {
        let Ok(listing) = std::fs::read_dir(store(env).join(sub)) else {
            continue;
        };
        for item in listing {
            let item = item.unwrap();
            let name = item.file_name().into_string().unwrap();
            if item.file_type().unwrap().is_symlink() {
                let target = std::fs::read(item.path())
                    .unwrap_or_else(|e| panic!("{sub}/{name} does not resolve: {e}"));
                let x509 = openssl::x509::X509::from_pem(&target).unwrap();
                assert_eq!(
                    format!("{:08x}", x509.subject_name_hash()),
                    name.split('.').next().unwrap()
                );
            }
        }
    }
    visible
}

#[test]
fn fifty_concurrent_imports_leave_every_entry_complete() {
    let env = Env::new();
    let pki = env.pki();
    // Pairs share a common name, so that names collide while processes race.
    let leaves: Vec<_> = (0..50)
        .map(|i| {
            quick_leaf(
                &env,
                &pki.intermediate,
                &format!("leaf{i}"),
                &format!("client{}.example.com", i / 2),
            )
        })
        .collect();
    let started = std::time::Instant::now();
    let children: Vec<_> = leaves
        .iter()
        .map(|leaf| {
            env.certkit_std()
                .arg("import")
                .arg(&leaf.cert)
                .arg(&leaf.key)
                .arg(&pki.intermediate.cert)
                .arg(&pki.root.cert)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    eprintln!("50 concurrent imports took {:?}", started.elapsed());
    let names = assert_consistent(&env);
    assert_eq!(names.len(), 50);
    let list = list_json(&env);
    assert_eq!(
        list.entries
            .iter()
            .filter(|e| e.store == LogicalStore::Root)
            .count(),
        1
    );
    assert_eq!(
        list.entries
            .iter()
            .filter(|e| e.store == LogicalStore::Intermediate)
            .count(),
        1
    );
    assert!(list
        .entries
        .iter()
        .filter(|e| e.store == LogicalStore::Personal)
        .all(|e| e.has_key));
    // Nothing left behind by the writers.
    let hidden: Vec<_> = std::fs::read_dir(store(&env).join("personal"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "{hidden:?}");
    // Every entry carries its own certificate.
    let thumbs: BTreeSet<_> = leaves.iter().map(|l| openssl_sha1(&env, &l.cert)).collect();
    let listed: BTreeSet<_> = list
        .entries
        .iter()
        .filter(|e| e.store == LogicalStore::Personal)
        .map(|e| e.certificate.thumbprint.clone())
        .collect();
    assert_eq!(thumbs, listed);
}

#[cfg(unix)]
fn random_below(n: u64) -> u64 {
    let mut buf = [0u8; 8];
    openssl::rand::rand_bytes(&mut buf).unwrap();
    u64::from_le_bytes(buf) % n
}

#[cfg(unix)]
#[test]
fn imports_killed_at_random_moments_leave_the_store_consistent() {
    let env = Env::new();
    let pki = env.pki();
    // How long one import takes here, so that kills land before, during and after the writes.
    let timing = quick_leaf(&env, &pki.intermediate, "timing", "timing.example.com");
    let started = std::time::Instant::now();
    import_json(
        &env,
        &["timing.pem", "timing.key", "intermediate.pem", "root.pem"],
    );
    let one_import = started.elapsed().as_millis() as u64;
    let _ = timing;
    let rounds = 6;
    let per_round = 8;
    let mut killed = 0;
    let mut finished = 0;
    let mut leftovers = 0;
    for round in 0..rounds {
        let mut children = Vec::new();
        for i in 0..per_round {
            let leaf = quick_leaf(
                &env,
                &pki.intermediate,
                &format!("r{round}l{i}"),
                &format!("round{round}.example.com"),
            );
            let mut cmd = env.certkit_std();
            cmd.arg("import").arg(&leaf.cert);
            // Half bring their key, chain and root; re-imports of the previous round's
            // certificates with a key exercise replacement.
            if i % 2 == 0 {
                cmd.arg(&leaf.key)
                    .arg(&pki.intermediate.cert)
                    .arg(&pki.root.cert);
            }
            if round > 0 && i == 1 {
                let prev = env.path(&format!("r{}l1", round - 1));
                cmd.arg(prev.with_extension("pem"))
                    .arg(prev.with_extension("key"));
            }
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null());
            let deadline = std::time::Duration::from_millis(random_below(one_import * 2 + 1));
            children.push((deadline, cmd.spawn().unwrap()));
        }
        let spawned = std::time::Instant::now();
        children.sort_by_key(|(deadline, _)| *deadline);
        for (deadline, mut child) in children {
            if let Some(wait) = deadline.checked_sub(spawned.elapsed()) {
                std::thread::sleep(wait);
            }
            child.kill().ok(); // SIGKILL; an error means it already ended
            let status = child.wait().unwrap();
            if status.code().is_none() {
                killed += 1;
            } else {
                finished += 1;
            }
        }
        leftovers += std::fs::read_dir(store(&env).join("personal"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count();
        assert_consistent(&env);
    }
    eprintln!("one import takes {one_import} ms; {leftovers} temporary entries seen after kills");
    eprintln!("{killed} imports killed, {finished} finished over {rounds} rounds");
    assert!(killed > 0, "no import was killed: the test proves nothing");
    // The next writer cleans up what killed ones left and repairs the hash links.
    import_json(&env, &["root.pem", "intermediate.pem"]);
    assert_consistent(&env);
    let hidden: Vec<_> = std::fs::read_dir(store(&env).join("personal"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(hidden.is_empty(), "left behind: {hidden:?}");
    for sub in ["root", "intermediate"] {
        let dir = store(&env).join(sub);
        let links = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_symlink())
            .count();
        let pems = std::fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".pem")
            })
            .count();
        assert_eq!(links, pems, "{sub}: one hash link per certificate");
    }
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
