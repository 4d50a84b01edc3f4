//! `certkit store` and the store's file-system rules: `--grant-read` for a group, `show` and
//! `remove` by name or thumbprint, `--in` when a name is in two stores, where the store lives
//! (flag, then environment), and nothing written through a link that leaves the store.

mod common;

use std::path::PathBuf;

use certkit::ops::store::{ChangeReport, PathReport, ShowReport};
use certkit::store::LogicalStore;
use common::store::{import_json, list_json, openssl_hash, store};
use common::{openssl_sha1, Env};

#[cfg(unix)]
#[test]
fn grant_read_gives_the_group_the_key_and_unknown_groups_are_refused() {
    use certkit::ops::store::StoreChange;
    use certkit::store::Action;
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
