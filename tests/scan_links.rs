//! Directory scans follow symbolic links (CA directories such as /etc/ssl/certs and
//! `openssl rehash` output are mostly links), read each file once however many names lead to
//! it, and count what they leave out and why: link loops, dangling links, further links to a
//! file already read, and files that are not certificate material.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;

use common::{json, openssl_sha1, Env};

#[test]
fn links_are_followed_loops_and_dangling_links_are_counted() {
    let env = Env::new();
    let pki = env.pki();
    // The certificates live outside the scanned tree; the tree holds only links to them, as
    // /etc/ssl/certs links into /usr/share/ca-certificates.
    let store = env.path("store");
    let scanned = env.path("scanned");
    std::fs::create_dir_all(&store).unwrap();
    std::fs::create_dir_all(scanned.join("sub")).unwrap();
    std::fs::copy(&pki.root.cert, store.join("root.pem")).unwrap();
    std::fs::copy(&pki.intermediate.cert, store.join("intermediate.pem")).unwrap();
    symlink(store.join("root.pem"), scanned.join("root.pem")).unwrap();
    // A hash-style second name for the same file, and a link to the link.
    symlink("root.pem", scanned.join("0a1b2c3d.0")).unwrap();
    symlink(
        store.join("intermediate.pem"),
        scanned.join("sub/intermediate.pem"),
    )
    .unwrap();
    // A regular file in the tree, plus a link to it.
    std::fs::copy(&pki.leaf.cert, scanned.join("leaf.pem")).unwrap();
    symlink("../leaf.pem", scanned.join("sub/leaf-again.pem")).unwrap();
    // What must be skipped: a dangling link, a link to itself, a link to an ancestor
    // directory, and a file that is not certificate material.
    symlink("gone.pem", scanned.join("dangling.pem")).unwrap();
    symlink("self.pem", scanned.join("self.pem")).unwrap();
    symlink("..", scanned.join("sub/up")).unwrap();
    std::fs::write(scanned.join("README"), "not a certificate\n").unwrap();

    let out = env
        .certkit()
        .args(["--json", "inspect"])
        .arg(&scanned)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out);
    let summary = &doc["summary"];
    assert_eq!(summary["inputs_read"], 3, "{summary}");
    assert_eq!(summary["certificates"], 3, "{summary}");
    assert_eq!(summary["failed"], 0, "{summary}");
    let reasons = &summary["skipped_reasons"];
    assert_eq!(reasons["not_certificate_material"], 1, "{summary}");
    assert_eq!(reasons["duplicate_links"], 2, "{summary}");
    assert_eq!(reasons["link_loops"], 2, "{summary}");
    assert_eq!(reasons["dangling_links"], 1, "{summary}");
    assert_eq!(summary["skipped"], 6, "{summary}");

    // Every certificate was read, whichever name led to it; the file read for the leaf is the
    // regular file, not the link to it.
    let mut sha1s: Vec<String> = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["certificates"].as_array().unwrap().clone())
        .map(|c| c["thumbprint"].as_str().unwrap().to_string())
        .collect();
    sha1s.sort();
    let mut expected = vec![
        openssl_sha1(&env, &pki.root.cert),
        openssl_sha1(&env, &pki.intermediate.cert),
        openssl_sha1(&env, &pki.leaf.cert),
    ];
    expected.sort();
    assert_eq!(sha1s, expected);
    let paths: Vec<&str> = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.ends_with("scanned/leaf.pem")),
        "{paths:?}"
    );

    // The human summary says the same in words.
    let out = env.certkit().arg("inspect").arg(&scanned).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("3 certificates in 3 files, 6 skipped (1 not certificate material, 2 links to files already read, 2 link loops, 1 dangling link)"),
        "{text}"
    );
}
