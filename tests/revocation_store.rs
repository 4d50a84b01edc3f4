//! CRL files outside `verify-chain`: `inspect` reads them as OpenSSL does, `import` puts them
//! into the store's `crl/` folder with hash links that `verify-chain` and `openssl verify
//! -CApath` both use.

mod common;
#[path = "revocation/pki.rs"]
mod pki;

use std::path::Path;
use std::process::Command;

use certkit::ops::verify_chain::VerifyReport;
use certkit::revocation::status::{Reason, SourceKind};
use common::Env;
use pki::*;

#[test]
fn inspect_reads_crl_files_as_openssl_does() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let leaf = pki.leaf(&env, "leaf", false, true);
    pki.int.revoke(&env, &leaf, "keyCompromise");
    pki.publish(&env);
    let expired = pki.int.crl(
        &env,
        "expired.crl",
        "20270101000000Z",
        "20270201000000Z",
        None,
    );
    env.openssl(&[
        "crl", "-in", "int.crl", "-outform", "DER", "-out", "int.der",
    ]);
    let hash = String::from_utf8(
        env.openssl(&["crl", "-in", "int.crl", "-noout", "-hash"])
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();

    for file in ["int.crl", "int.der"] {
        let out = env
            .certkit()
            .args(["--json", "inspect", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let crl = &common::json(&out)["inputs"][0]["crls"][0];
        assert_eq!(crl["issuer"], "CN=Revocation Issuing CA, O=certkit tests");
        assert_eq!(crl["entries"], 1);
        assert_eq!(crl["this_update"], "2027-05-01T00:00:00Z");
        assert_eq!(crl["next_update"], "2027-07-01T00:00:00Z");
        assert_eq!(crl["expired"], false);
        assert_eq!(crl["signature_algorithm"], "ecdsa-with-SHA256");
        assert_eq!(crl["issuer_hash"], hash.as_str());
    }
    let out = env.certkit().arg("inspect").arg(&expired).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Next update:   2027-02-01T00:00:00Z (expired)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Hash link:     {hash}.r0")),
        "{text}"
    );
}

#[test]
fn imported_crls_serve_verify_chain_and_openssl_from_the_store() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let good = pki.leaf(&env, "good", false, false);
    let gone = pki.leaf(&env, "gone", false, false);
    pki.int.revoke(&env, &gone, "cessationOfOperation");
    pki.publish(&env);

    let ok = |args: &[&str]| {
        let out = env.certkit().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ok(&["import", &arg(&pki.root.cert), &arg(&pki.int.cert)]);
    // A dry run says what it would do and writes nothing.
    let out = ok(&["--json", "import", "--dry-run", "int.crl"]);
    let report = common::json(&out);
    assert_eq!(report["crls"][0]["action"], "added", "{report}");
    assert!(!env.path("store").join("crl").exists());
    // A CRL-only import is the same versioned document as any other import.
    let out = ok(&["--json", "import", "int.crl", "root.crl"]);
    let report = common::json(&out);
    assert_eq!(report["version"], 2, "{report}");
    assert_eq!(report["crls"][0]["action"], "added", "{report}");
    assert_eq!(report["crls"][1]["action"], "added");
    // Importing the same CRL again changes nothing; certificates and CRLs go in one import.
    let out = ok(&["--json", "import", &arg(&pki.int.cert), "int.crl"]);
    let report = common::json(&out);
    assert_eq!(report["version"], 2, "{report}");
    assert_eq!(report["crls"][0]["action"], "unchanged", "{report}");
    assert_eq!(report["certificates"][0]["action"], "unchanged", "{report}");

    let out = ok(&["--json", "store", "list"]);
    let listed = common::json(&out);
    let crls = listed["crls"].as_array().expect("crls listed");
    assert_eq!(crls.len(), 2, "{listed}");
    assert!(crls.iter().any(
        |c| c["issuer"] == "CN=Revocation Issuing CA, O=certkit tests"
            && c["next_update"] == "2027-07-01T00:00:00Z"
            && c["entries"] == 1
    ));
    let text = String::from_utf8(ok(&["store", "list"]).stdout).unwrap();
    assert!(text.contains("crl/"), "{text}");

    // verify-chain finds them in the store, without the network, in hard mode.
    let verify = |leaf: &Path| {
        let out = env
            .certkit()
            .args(["--json", "verify-chain", "--revocation", "hard"])
            .arg(leaf)
            .output()
            .unwrap();
        let report: VerifyReport = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), report)
    };
    let (code, report) = verify(&good);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(
        leaf_status(&report).source.as_ref().unwrap().kind,
        SourceKind::Store
    );
    let (code, report) = verify(&gone);
    assert_eq!(code, 1);
    assert_eq!(
        leaf_status(&report).reason,
        Some(Reason::CessationOfOperation)
    );
    assert_eq!(pki.http.total_hits(), 0);

    // OpenSSL finds the CRLs in the crl/ folder through their hash links (<hash>.r0).
    let crl_dir = env.path("store").join("crl");
    let openssl = |leaf: &Path| {
        Command::new("openssl")
            .args(["verify", "-attime", NOW_EPOCH, "-crl_check_all"])
            .arg("-CAfile")
            .arg(&pki.root.cert)
            .arg("-untrusted")
            .arg(&pki.int.cert)
            .arg("-CApath")
            .arg(&crl_dir)
            .arg(leaf)
            .output()
            .unwrap()
    };
    let theirs = openssl(&good);
    assert!(
        theirs.status.success(),
        "{}{}",
        String::from_utf8_lossy(&theirs.stdout),
        String::from_utf8_lossy(&theirs.stderr)
    );
    let theirs = openssl(&gone);
    assert!(!theirs.status.success());
    assert!(
        String::from_utf8_lossy(&theirs.stdout).contains("certificate revoked")
            || String::from_utf8_lossy(&theirs.stderr).contains("certificate revoked")
    );
}
