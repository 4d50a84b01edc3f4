//! The store's reliability: fifty concurrent imports and imports killed at random moments all
//! leave every entry complete and every hash link valid.

mod common;

use std::collections::BTreeSet;

use certkit::store::LogicalStore;
#[cfg(unix)]
use common::store::import_json;
use common::store::{list_json, store};
use common::{openssl_sha1, quick_leaf, Env};

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
