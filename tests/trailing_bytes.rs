//! Bytes after a complete DER certificate, PKCS#12 or PKCS#7 structure: Windows pads some PFX
//! exports with zero bytes (Windows, .NET and OpenSSL load them); certkit reads the structure
//! and says in `inspect` how many bytes follow and whether they are all zero, and reports a
//! second DER object appended to the file instead of dropping it silently. Files are made by
//! OpenSSL in the test, then padded the way the issue describes.

mod common;

use std::path::{Path, PathBuf};

use common::{json, Env};
use serde_json::Value;

fn inspect(env: &Env, file: &Path, password: &str) -> (Option<i32>, Value, String) {
    let out = env
        .certkit()
        .args(["--json", "inspect", "--password", password])
        .arg(file)
        .output()
        .unwrap();
    let human = env
        .certkit()
        .args(["inspect", "--password", password])
        .arg(file)
        .output()
        .unwrap();
    (
        out.status.code(),
        json(&out),
        String::from_utf8(human.stdout).unwrap(),
    )
}

fn with_tail(env: &Env, file: &Path, name: &str, tail: &[u8]) -> PathBuf {
    let mut bytes = std::fs::read(file).unwrap();
    bytes.extend_from_slice(tail);
    env.write(name, bytes)
}

/// A key, its self-signed certificate (PEM and DER), a PFX and a .p7b of it, all by OpenSSL.
fn files(env: &Env) -> (PathBuf, PathBuf, PathBuf) {
    let key = env.path("k.pem");
    let cert = env.path("c.pem");
    let der = env.path("c.der");
    let pfx = env.path("c.pfx");
    let p7b = env.path("c.p7b");
    let s = |p: &PathBuf| p.to_str().unwrap().to_string();
    for args in [
        vec![
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &s(&key),
            "-out",
            &s(&cert),
            "-subj",
            "/CN=padded",
            "-days",
            "30",
        ],
        vec![
            "x509",
            "-in",
            &s(&cert),
            "-outform",
            "der",
            "-out",
            &s(&der),
        ],
        vec![
            "pkcs12",
            "-export",
            "-in",
            &s(&cert),
            "-inkey",
            &s(&key),
            "-passout",
            "pass:pw",
            "-out",
            &s(&pfx),
        ],
        vec![
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            &s(&cert),
            "-outform",
            "der",
            "-out",
            &s(&p7b),
        ],
    ] {
        let out = env.openssl(&args);
        assert!(out.status.success(), "{args:?}: {out:?}");
    }
    (der, pfx, p7b)
}

fn only_note(doc: &Value) -> &Value {
    let notes = doc["inputs"][0]["notes"]
        .as_array()
        .unwrap_or_else(|| panic!("no notes: {doc:#}"));
    assert_eq!(notes.len(), 1, "{doc:#}");
    &notes[0]
}

#[test]
fn zero_padding_after_pfx_der_and_p7b_is_read_and_noted() {
    let env = Env::new();
    let (der, pfx, p7b) = files(&env);
    for (file, format, has_key) in [
        (&pfx, "pkcs12", true),
        (&der, "der", false),
        (&p7b, "pkcs7", false),
    ] {
        // Windows pads to a block; 1 byte and a full kilobyte both occur in the wild.
        for pad in [1usize, 1024] {
            let padded = with_tail(&env, file, &format!("padded-{pad}.{format}"), &vec![0; pad]);
            let (code, doc, human) = inspect(&env, &padded, "pw");
            assert_eq!(code, Some(0), "{format} +{pad}: {doc:#}");
            let input = &doc["inputs"][0];
            assert_eq!(input["format"], format);
            assert_eq!(input["certificates"][0]["common_name"], "padded");
            assert_eq!(input["private_key"].is_object(), has_key, "{doc:#}");
            let note = only_note(&doc);
            assert_eq!(note["kind"], "trailing_bytes");
            assert_eq!(note["bytes"], pad);
            assert_eq!(note["all_zero"], true);
            assert_eq!(note["second_object_bytes"], Value::Null);
            assert!(human.contains(&format!("{pad} trailing byte")), "{human}");
            assert!(human.contains("all zero"), "{human}");
        }
        // Without padding: no note at all.
        let (code, doc, _) = inspect(&env, file, "pw");
        assert_eq!(code, Some(0));
        assert!(doc["inputs"][0].get("notes").is_none(), "{doc:#}");
    }
}

#[test]
fn a_second_object_appended_is_reported_not_dropped() {
    let env = Env::new();
    let (der, _, p7b) = files(&env);
    let second = std::fs::read(&der).unwrap();
    let two = with_tail(&env, &der, "two.der", &second);
    let (code, doc, human) = inspect(&env, &two, "pw");
    assert_eq!(code, Some(0), "{doc:#}");
    let note = only_note(&doc);
    assert_eq!(note["all_zero"], false);
    assert_eq!(note["bytes"], second.len());
    assert_eq!(note["second_object_bytes"], second.len());
    assert!(
        human.contains("second DER object") && human.contains("NOT read"),
        "{human}"
    );

    // Non-zero bytes that are no DER element: reported as such.
    let junk = with_tail(&env, &p7b, "junk.p7b", b"junkjunk");
    let (code, doc, human) = inspect(&env, &junk, "pw");
    assert_eq!(code, Some(0), "{doc:#}");
    let note = only_note(&doc);
    assert_eq!(note["bytes"], 8);
    assert_eq!(note["all_zero"], false);
    assert_eq!(note["second_object_bytes"], Value::Null);
    assert!(human.contains("not all zero"), "{human}");
}

#[test]
fn a_truncated_file_is_still_damaged() {
    // The trailing-bytes path must not hide truncation: a PFX cut short stays malformed.
    let env = Env::new();
    let (_, pfx, _) = files(&env);
    let bytes = std::fs::read(&pfx).unwrap();
    let cut = env.write("cut.pfx", &bytes[..bytes.len() - 10]);
    let (code, doc, _) = inspect(&env, &cut, "pw");
    assert_eq!(code, Some(2));
    assert_eq!(doc["inputs"][0]["error"]["kind"], "malformed", "{doc:#}");
}
