//! PBMAC1 (RFC 9579) PKCS#12 files: the RFC's own examples (tests/data/rfc9579, with
//! provenance) load with the right password and are refused with the kind that names the cause
//! otherwise; `inspect` shows the PBMAC1 parameters and who can verify such a MAC. Python's
//! `cryptography` (which verifies PBMAC1) checks the fixtures, and OpenSSL 3.0 on this machine
//! confirms it cannot verify them, as the "opens in" verdict says.

mod common;

use std::path::PathBuf;

use common::{json, Env};
use serde_json::Value;

const PASSWORD: &str = "1234";

/// Decodes the RFC's base64 example `name` (`a1` ... `a6`) into a .p12 file in `env`.
fn example(env: &Env, name: &str) -> PathBuf {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/rfc9579/{name}.b64")),
    )
    .unwrap();
    let b64 = env.write(&format!("{name}.b64"), text);
    let out = env.path(&format!("{name}.p12"));
    let run = env.openssl(&[
        "base64",
        "-d",
        "-in",
        b64.to_str().unwrap(),
        "-out",
        out.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    out
}

fn inspect(env: &Env, file: &PathBuf, password: &str) -> (Option<i32>, Value) {
    let out = env
        .certkit()
        .args(["--json", "inspect", "--password", password])
        .arg(file)
        .output()
        .unwrap();
    (out.status.code(), json(&out))
}

fn opens<'a>(input: &'a Value, reader: &str) -> &'a str {
    input["pkcs12"]["opens_in"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reader"] == reader)
        .unwrap_or_else(|| panic!("no verdict for {reader}: {input}"))["opens"]
        .as_str()
        .unwrap()
}

#[test]
fn rfc9579_valid_examples_load_with_their_parameters() {
    let env = Env::new();
    for (name, prf, mac, key_length) in [
        ("a1", "hmacWithSHA256", "HMAC-SHA-256", 32),
        ("a2", "hmacWithSHA512", "HMAC-SHA-256", 32),
        ("a3", "hmacWithSHA512", "HMAC-SHA-512", 64),
    ] {
        let file = example(&env, name);
        let (code, doc) = inspect(&env, &file, PASSWORD);
        assert_eq!(code, Some(0), "{name}: {doc}");
        let input = &doc["inputs"][0];
        assert_eq!(input["format"], "pkcs12");
        let certs = input["certificates"].as_array().unwrap();
        assert_eq!(certs.len(), 1, "{name}");
        assert_eq!(certs[0]["common_name"], "tt");
        assert_eq!(input["private_key"]["algorithm"], "RSA");
        assert_eq!(input["private_key"]["matches_leaf"], true);
        let mac_json = &input["pkcs12"]["mac"];
        assert_eq!(mac_json["algorithm"], "PBMAC1");
        assert_eq!(mac_json["iterations"], 2048);
        let params = &mac_json["pbmac1"];
        assert_eq!(params["kdf"], "PBKDF2", "{name}");
        assert_eq!(params["prf"], prf, "{name}");
        assert_eq!(params["mac"], mac, "{name}");
        assert_eq!(params["iterations"], 2048);
        assert_eq!(params["key_length"], key_length, "{name}");
        assert_eq!(opens(input, "OpenSSL 3"), "no");
        assert_eq!(opens(input, "OpenSSL 3.4+"), "yes");
        assert_eq!(opens(input, "Java 8u301+/11.0.12+/17+"), "no");
        assert_eq!(opens(input, "NSS pk12util"), "no");
        assert_eq!(opens(input, "Windows Server 2019+"), "no");
    }
    // The human rendering names the parameters too.
    let out = env
        .certkit()
        .args(["inspect", "--password", PASSWORD])
        .arg(example(&env, "a3"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "PBMAC1 (HMAC-SHA-512, PBKDF2 with hmacWithSHA512, 2048 iterations, 64-byte key)"
        ),
        "{text}"
    );
}

#[test]
fn rfc9579_examples_refused_with_the_kind_that_names_the_cause() {
    let env = Env::new();
    let a1 = example(&env, "a1");
    // A wrong password: the MAC fails and the contents do not decrypt either.
    let (code, doc) = inspect(&env, &a1, "12345");
    assert_eq!(code, Some(2));
    assert_eq!(doc["inputs"][0]["error"]["kind"], "wrong_password", "{doc}");

    // A.4 (PBKDF2 iteration count changed) and A.5 (salt changed): the password is right (it
    // decrypts the contents) but the MAC does not verify: the file was altered.
    for name in ["a4", "a5"] {
        let (code, doc) = inspect(&env, &example(&env, name), PASSWORD);
        assert_eq!(code, Some(2), "{name}");
        assert_eq!(
            doc["inputs"][0]["error"]["kind"], "bad_mac",
            "{name}: {doc}"
        );
    }
    // A.6 (PBKDF2 keyLength missing): a structural fault, whatever the password.
    for password in [PASSWORD, "wrong"] {
        let (code, doc) = inspect(&env, &example(&env, "a6"), password);
        assert_eq!(code, Some(2));
        let error = &doc["inputs"][0]["error"];
        assert_eq!(error["kind"], "malformed", "{doc}");
        assert!(
            error["message"].as_str().unwrap().contains("keyLength"),
            "{doc}"
        );
    }

    // A tampered MAC value in the valid A.1: the last byte of the 32-byte HMAC sits just before
    // the trailing macSalt ("NOT USED") and iterations (1).
    let mut bytes = std::fs::read(&a1).unwrap();
    let tail = b"\x04\x08NOT USED\x02\x01\x01";
    assert!(bytes.ends_with(tail));
    let at = bytes.len() - tail.len() - 1;
    bytes[at] ^= 0x01;
    let tampered = env.write("tampered.p12", &bytes);
    let (code, doc) = inspect(&env, &tampered, PASSWORD);
    assert_eq!(code, Some(2));
    assert_eq!(doc["inputs"][0]["error"]["kind"], "bad_mac", "{doc}");
}

#[test]
fn python_cryptography_agrees_on_every_example_and_openssl_30_cannot_verify() {
    let env = Env::new();
    for (name, valid) in [
        ("a1", true),
        ("a2", true),
        ("a3", true),
        ("a4", false),
        ("a5", false),
        ("a6", false),
    ] {
        let file = example(&env, name);
        let script = "import sys, warnings\nwarnings.simplefilter('ignore')\nfrom cryptography.hazmat.primitives.serialization import pkcs12\ntry:\n    pkcs12.load_pkcs12(open(sys.argv[1], 'rb').read(), b'1234')\n    print('ok')\nexcept Exception:\n    print('refused')\n";
        let out = env.run("python3", &["-c", script, file.to_str().unwrap()]);
        let verdict = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            verdict.trim(),
            if valid { "ok" } else { "refused" },
            "{name}"
        );
    }
    // OpenSSL 3.0 (this machine) cannot verify PBMAC1: what the "OpenSSL 3" verdict says.
    let version = env.openssl(&["version"]);
    if String::from_utf8_lossy(&version.stdout).starts_with("OpenSSL 3.0") {
        let file = example(&env, "a1");
        let out = std::process::Command::new("openssl")
            .args(["pkcs12", "-passin", "pass:1234", "-noout", "-in"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(!out.status.success());
    }
}

#[test]
fn pbmac1_in_a_ber_file_is_refused_as_unsupported_not_as_a_password_problem() {
    // The RFC's A.1 with its outer SEQUENCE re-encoded with an indefinite length (BER, as NSS
    // writes PKCS#12 files): certkit reads BER contents only through OpenSSL, which cannot
    // verify PBMAC1 before 3.4, so it says so instead of blaming the password or the structure.
    let env = Env::new();
    let der = std::fs::read(example(&env, "a1")).unwrap();
    assert_eq!(&der[..2], &[0x30, 0x82]);
    let mut ber = vec![0x30, 0x80];
    ber.extend_from_slice(&der[4..]);
    ber.extend_from_slice(&[0, 0]);
    let file = env.write("a1-ber.p12", ber);
    let (code, doc) = inspect(&env, &file, PASSWORD);
    assert_eq!(code, Some(2));
    assert_eq!(
        doc["inputs"][0]["error"]["kind"], "unsupported_algorithm",
        "{doc}"
    );
}

/// A file of tests/data/pbmac1-weakened (see its README for how each was made).
fn weakened(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/pbmac1-weakened/{name}.p12"))
}

/// The wrong password whose 1-byte PBKDF2 key equals that of "1234" (found by weaken.py).
const COLLIDING: &str = "wrong-195";

#[test]
fn weakened_pbmac1_parameters_never_open_whatever_the_password() {
    let env = Env::new();
    for (name, says) in [
        (
            "keylen-1",
            "keyLength is 1 where HMAC-SHA-256 needs 32 bytes",
        ),
        (
            "plain-keylen-1",
            "keyLength is 1 where HMAC-SHA-256 needs 32 bytes",
        ),
        ("keylen-16", "keyLength is 16 where"),
        ("keylen-64", "keyLength is 64 where"),
        ("iterations-0", "iteration count is 0"),
        ("iterations-huge", "iteration count is 4294967296"),
        ("mac-short", "MAC value is 4 bytes where 32"),
    ] {
        for password in [PASSWORD, COLLIDING, "other"] {
            let (code, doc) = inspect(&env, &weakened(name), password);
            assert_eq!(code, Some(2), "{name} {password}: {doc}");
            let error = &doc["inputs"][0]["error"];
            assert_eq!(error["kind"], "malformed", "{name} {password}: {doc}");
            let message = error["message"].as_str().unwrap();
            assert!(message.contains(says), "{name}: {message}");
            assert!(
                !message.contains(password),
                "the password leaked: {message}"
            );
            let certificates = &doc["inputs"][0]["certificates"];
            assert!(
                certificates.is_null() || certificates.as_array().unwrap().is_empty(),
                "{name}: {doc}"
            );
        }
    }
}

#[test]
fn the_weakened_files_are_what_the_committed_script_makes_and_the_bypass_was_real() {
    // Rebuild every fixture with weaken.py (deterministic: fixed salt) and compare: the files
    // carry exactly the weakening the table in the README says.
    let env = Env::new();
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/pbmac1-weakened/weaken.py");
    let a1 = example(&env, "a1");
    for (base, case, name) in [
        (a1.clone(), "keylen-1", "keylen-1"),
        (a1.clone(), "keylen-16", "keylen-16"),
        (a1.clone(), "keylen-64", "keylen-64"),
        (a1.clone(), "iterations-0", "iterations-0"),
        (a1.clone(), "iterations-huge", "iterations-huge"),
        (a1.clone(), "mac-short", "mac-short"),
        (a1.clone(), "prf-mismatch", "prf-mismatch"),
        (weakened("plain"), "keylen-1", "plain-keylen-1"),
    ] {
        let out = env.path(&format!("{name}.p12"));
        let wrong = env.path(&format!("{name}.wrong"));
        let mut args = vec![
            script.to_str().unwrap(),
            base.to_str().unwrap(),
            out.to_str().unwrap(),
            PASSWORD,
            case,
        ];
        if case == "keylen-1" {
            args.push(wrong.to_str().unwrap());
        }
        let run = env.run("python3", &args);
        assert!(run.status.success(), "{name}: {run:?}");
        assert_eq!(
            std::fs::read(&out).unwrap(),
            std::fs::read(weakened(name)).unwrap(),
            "{name}"
        );
        if case == "keylen-1" {
            // The search found the documented colliding wrong password: under the buggy
            // behaviour it passes the MAC (and opens the clear-content file).
            assert_eq!(
                std::fs::read_to_string(&wrong).unwrap(),
                COLLIDING,
                "{name}"
            );
        }
    }
}

#[test]
fn a_different_prf_with_a_full_length_key_is_valid() {
    // The control case: RFC 9579 allows the PRF and the MAC to use different hashes (its own
    // A.2 does), so certkit must not refuse it along with the weakened ones.
    let env = Env::new();
    let (code, doc) = inspect(&env, &weakened("prf-mismatch"), PASSWORD);
    assert_eq!(code, Some(0), "{doc}");
    let params = &doc["inputs"][0]["pkcs12"]["mac"]["pbmac1"];
    assert_eq!(params["prf"], "hmacWithSHA512");
    assert_eq!(params["mac"], "HMAC-SHA-256");
    let (code, doc) = inspect(&env, &weakened("prf-mismatch"), COLLIDING);
    assert_eq!(code, Some(2));
    assert_eq!(doc["inputs"][0]["error"]["kind"], "wrong_password", "{doc}");
    // The clear-content base opens with its password, so the refusals above are the MAC's.
    let (code, doc) = inspect(&env, &weakened("plain"), PASSWORD);
    assert_eq!(code, Some(0), "{doc}");
}
