//! The loader's failures and where its input comes from, driven through `certkit inspect`:
//! wrong passwords (never shown), bad MACs, damaged, empty and missing files, every password
//! source and the terminal prompt (no echo, retry), directory scans (skips, counts,
//! deduplication), `--expiring`, stdin input and a closed output pipe.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use common::loader::{corrupt_mac, fails, inspect, pki_thumbprints};
use common::{json, openssl_sha1, Env, Spec};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Failures
// ---------------------------------------------------------------------------------------------

#[test]
fn wrong_password_never_shows_the_password() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "right-one",
        &[],
    );
    let secret = "Zq7-distinctive-PW-93x";
    env.write("pw.txt", format!("{secret}\n"));
    let line = fails(
        &env,
        "client.pfx",
        &["--password", secret],
        "wrong_password",
    );
    assert!(line.contains("wrong"), "{line}");
    for args in [
        vec!["inspect", "client.pfx", "--password", secret],
        vec!["--json", "inspect", "client.pfx", "--password", secret],
        vec![
            "--json",
            "inspect",
            "client.pfx",
            "--password-file",
            "pw.txt",
        ],
    ] {
        let out = env.certkit().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !String::from_utf8_lossy(stream).contains(secret),
                "the password leaked with {args:?}"
            );
        }
    }
}

#[test]
fn bad_mac_is_told_from_a_wrong_password() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "s3cret", &[]);
    env.write("altered.pfx", corrupt_mac(&env.read("client.pfx")));
    let line = fails(&env, "altered.pfx", &["--password", "s3cret"], "bad_mac");
    assert!(line.contains("MAC"), "{line}");
    // With a wrong password it is still a wrong password.
    fails(
        &env,
        "altered.pfx",
        &["--password", "other"],
        "wrong_password",
    );

    // The same with the empty password, found without any password option.
    env.pkcs12("empty.pfx", &pki.leaf, &[], "", &["-macalg", "sha1"]);
    env.write("empty-altered.pfx", corrupt_mac(&env.read("empty.pfx")));
    fails(&env, "empty-altered.pfx", &[], "bad_mac");
}

#[test]
fn truncated_garbage_and_empty_files() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "s3cret", &[]);
    env.to_der(&pki.leaf.cert, "leaf.der");
    let pfx = env.read("client.pfx");
    env.write("cut.pfx", &pfx[..pfx.len() / 2]);
    let line = fails(&env, "cut.pfx", &["--password", "s3cret"], "malformed");
    assert!(line.contains("truncated"), "{line}");
    let der = env.read("leaf.der");
    env.write("cut.cer", &der[..der.len() - 10]);
    fails(&env, "cut.cer", &[], "malformed");
    let pem = env.read("client.pem");
    env.write("cut.pem", &pem[..pem.len() / 2]);
    fails(&env, "cut.pem", &[], "malformed");

    let mut garbage = vec![0u8; 4096];
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for b in garbage.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    garbage[0] = 0x42; // not a DER SEQUENCE by chance
    env.write("garbage.bin", &garbage);
    fails(&env, "garbage.bin", &[], "not_certificate_material");
    env.write("notes.txt", "just some notes, no certificate here\n");
    fails(&env, "notes.txt", &[], "not_certificate_material");
    env.write("empty.cer", b"");
    let line = fails(&env, "empty.cer", &[], "not_certificate_material");
    assert!(line.contains("empty"), "{line}");
}

#[test]
fn missing_file_is_an_io_error() {
    let env = Env::new();
    let line = fails(&env, "nowhere.pfx", &[], "io");
    assert!(line.contains("no such file"), "{line}");
}

#[test]
fn password_required_without_a_terminal() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[], "s3cret", &[]);
    // assert_cmd gives the child no terminal on stdin, so there is no prompt.
    let line = fails(&env, "client.pfx", &[], "password_required");
    assert!(line.contains("--password-file"), "{line}");
}

#[test]
fn every_password_source_opens_the_file() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "sp ace:pw",
        &[],
    );
    env.write("pw.txt", "sp ace:pw\r\nsecond line ignored\n");
    let check = |out: std::process::Output| {
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = json(&out);
        assert_eq!(doc["inputs"][0]["pkcs12"]["password"], "given");
        assert_eq!(doc["inputs"][0]["private_key"]["matches_leaf"], true);
    };
    let base = ["--json", "inspect", "client.pfx"];
    check(
        env.certkit()
            .args(base)
            .args(["--password-file", "pw.txt"])
            .output()
            .unwrap(),
    );
    check(
        env.certkit()
            .args(base)
            .args(["--password-env", "PFX_PW"])
            .env("PFX_PW", "sp ace:pw")
            .output()
            .unwrap(),
    );
    check(
        env.certkit()
            .args(base)
            .arg("--password-stdin")
            .write_stdin("sp ace:pw\n")
            .output()
            .unwrap(),
    );
    check(
        env.certkit()
            .args(base)
            .args(["--password", "sp ace:pw"])
            .output()
            .unwrap(),
    );

    // Sources that cannot be read are fatal errors with a JSON error document.
    for (extra, kind) in [
        (vec!["--password-env", "CERTKIT_TEST_SURELY_UNSET"], "usage"),
        (vec!["--password-file", "no-such-file"], "io"),
    ] {
        let out = env.certkit().args(base).args(&extra).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let doc = json(&out);
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["error"]["kind"], kind, "{doc}");
    }
}

// ---------------------------------------------------------------------------------------------
// Directory scans, --expiring, closed pipes
// ---------------------------------------------------------------------------------------------

#[test]
fn directory_scan_skips_counts_fails_and_deduplicates() {
    let env = Env::new();
    let pki = env.pki();
    let dir = env.path("certs");
    std::fs::create_dir_all(dir.join("nested/deeper")).unwrap();
    // The leaf four times in different formats, the intermediate twice.
    std::fs::copy(&pki.leaf.cert, dir.join("client.pem")).unwrap();
    env.to_der(&pki.leaf.cert, "certs/nested/client.cer");
    // (env.pkcs12 leaves a chain file beside its output, so write outside and move in.)
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    std::fs::rename(env.path("client.pfx"), dir.join("nested/client.pfx")).unwrap();
    std::fs::copy(&pki.intermediate.cert, dir.join("nested/deeper/ca.crt")).unwrap();
    env.concat("certs/chain.pem", &[&pki.leaf.cert, &pki.root.cert]);
    // Not certificate material: skipped and counted.
    std::fs::write(dir.join("README.txt"), "certificates for the partner API\n").unwrap();
    std::fs::write(
        dir.join("nested/image.png"),
        [0x89, b'P', b'N', b'G', 1, 2, 3],
    )
    .unwrap();
    // A failing file: a PKCS#12 that needs a password nobody gave.
    env.pkcs12("locked.pfx", &pki.leaf, &[], "s3cret", &[]);
    std::fs::rename(env.path("locked.pfx"), dir.join("locked.pfx")).unwrap();

    let out = inspect(&env, &["certs"]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    let summary = &doc["summary"];
    assert_eq!(summary["skipped"], 2, "{summary}");
    assert_eq!(summary["failed"], 1);
    assert_eq!(summary["inputs_read"], 6);
    assert_eq!(summary["certificates"], 3);
    let inputs = doc["inputs"].as_array().unwrap();
    let locked = inputs
        .iter()
        .find(|i| i["path"].as_str().unwrap().ends_with("locked.pfx"))
        .unwrap();
    assert_eq!(locked["error"]["kind"], "password_required");
    assert_eq!(
        inputs.iter().filter(|i| i.get("error").is_none()).count(),
        5
    );

    // Human output: one row per distinct certificate, the failure on stderr.
    let out = env.certkit().args(["inspect", "certs"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for sha1 in pki_thumbprints(&env, &pki) {
        assert_eq!(stdout.matches(&sha1).count(), 1, "{sha1} in:\n{stdout}");
    }
    assert!(stdout.contains("2 skipped"), "{stdout}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("locked.pfx"), "{stderr}");
}

#[test]
fn expiring_exits_one_with_a_hit_and_zero_without() {
    let env = Env::new();
    let ca = env.issue("ca", "Expiry CA", None, &Spec::ca());
    // NOW is 2027-06-01: one expires in two weeks, one next year.
    let soon = env.issue(
        "soon",
        "soon.example",
        Some(&ca),
        &Spec::client().valid("20260601000000Z", "20270615000000Z"),
    );
    let later = env.issue(
        "later",
        "later.example",
        Some(&ca),
        &Spec::client().valid("20260601000000Z", "20280601000000Z"),
    );
    std::fs::create_dir_all(env.path("all")).unwrap();
    std::fs::create_dir_all(env.path("fine")).unwrap();
    std::fs::copy(&soon.cert, env.path("all/soon.pem")).unwrap();
    std::fs::copy(&later.cert, env.path("all/later.pem")).unwrap();
    std::fs::copy(&later.cert, env.path("fine/later.pem")).unwrap();

    let out = inspect(&env, &["all", "--expiring", "30d"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["summary"]["expiring"], 1);
    let listed: Vec<&Value> = doc["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|i| i["certificates"].as_array().unwrap())
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["thumbprint"], openssl_sha1(&env, &soon.cert));
    assert_eq!(listed[0]["days_left"], 14);

    let out = inspect(&env, &["fine", "--expiring", "30d"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["summary"]["expiring"], 0);
    // A window that reaches the later one too.
    let out = inspect(&env, &["all", "--expiring", "400d"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["summary"]["expiring"], 2);
    // Human output lists the hit.
    let out = env
        .certkit()
        .args(["inspect", "all", "--expiring", "30d"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("soon.example"), "{stdout}");
    assert!(!stdout.contains("later.example"), "{stdout}");
}

/// Many self-signed certificates made in-process with the openssl crate (fast), one file each.
fn many_certificates(dir: &Path, count: usize) {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::{X509Builder, X509NameBuilder};
    std::fs::create_dir_all(dir).unwrap();
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    for i in 0..count {
        let mut name = X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", &format!("host-{i:04}.pipe.example"))
            .unwrap();
        let name = name.build();
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        b.set_serial_number(
            &BigNum::from_u32(i as u32 + 1)
                .unwrap()
                .to_asn1_integer()
                .unwrap(),
        )
        .unwrap();
        b.set_subject_name(&name).unwrap();
        b.set_issuer_name(&name).unwrap();
        b.set_pubkey(&key).unwrap();
        b.set_not_before(&Asn1Time::from_str("20260101000000Z").unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::from_str("20300101000000Z").unwrap())
            .unwrap();
        b.sign(&key, MessageDigest::sha256()).unwrap();
        std::fs::write(
            dir.join(format!("c{i:04}.pem")),
            b.build().to_pem().unwrap(),
        )
        .unwrap();
    }
}

#[test]
fn closed_pipe_ends_quietly() {
    let env = Env::new();
    // Enough rows that the output is far larger than a pipe buffer, so writing must hit the
    // closed pipe.
    many_certificates(&env.path("many"), 700);
    for json_flag in [false, true] {
        let mut cmd = env.certkit_std();
        if json_flag {
            cmd.arg("--json");
        }
        let mut child = cmd
            .args(["inspect", "many"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut first = String::new();
        BufReader::new(stdout).read_line(&mut first).unwrap();
        assert!(!first.is_empty());
        // The reader (and so the pipe's read end) is dropped here, like `| head -1`.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.trim().is_empty(), "stderr: {stderr}");
        assert_eq!(out.status.code(), Some(0), "json={json_flag}");
    }
}

#[test]
fn stdin_input_is_detected_like_a_file() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("client.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    let out = env
        .certkit()
        .args(["--json", "inspect", "-"])
        .write_stdin(env.read("client.pfx"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(doc["inputs"][0]["format"], "pkcs12");
    assert_eq!(doc["inputs"][0]["pkcs12"]["password"], "empty");
}

/// Reads a child's output in the background, so the test can wait for a prompt with a timeout.
struct Transcript {
    rx: std::sync::mpsc::Receiver<Vec<u8>>,
    text: String,
}

impl Transcript {
    fn new(mut out: impl std::io::Read + Send + 'static) -> Transcript {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Transcript {
            rx,
            text: String::new(),
        }
    }

    /// Waits until the output holds `needle` `count` times in all.
    fn wait_for(&mut self, needle: &str, count: usize) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while self.text.matches(needle).count() < count {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(chunk) => self.text.push_str(&String::from_utf8_lossy(&chunk)),
                Err(_) => panic!("no {needle:?} within 60 s; output so far:\n{}", self.text),
            }
        }
    }

    fn rest(&mut self) -> &str {
        while let Ok(chunk) = self.rx.recv_timeout(std::time::Duration::from_secs(60)) {
            self.text.push_str(&String::from_utf8_lossy(&chunk));
        }
        &self.text
    }
}

#[test]
fn prompts_without_echo_on_a_terminal_and_retries_a_wrong_password() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "typed-Pw-71",
        &[],
    );
    let bin = assert_cmd::cargo::cargo_bin("certkit");
    // util-linux `script` gives certkit a terminal (a pseudo-terminal it drives).
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("{} inspect client.pfx", bin.display()),
            "/dev/null",
        ])
        .current_dir(env.dir.path())
        .env("CERTKIT_NOW", common::NOW)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("script (util-linux) runs certkit on a pseudo-terminal");
    let mut stdin = child.stdin.take().unwrap();
    let mut transcript = Transcript::new(child.stdout.take().unwrap());
    let pause = || std::thread::sleep(std::time::Duration::from_millis(300));

    transcript.wait_for("Password for client.pfx:", 1);
    pause(); // let the prompt switch echo off before typing
    stdin.write_all(b"wrong-Typed-9\n").unwrap();
    transcript.wait_for("Password for client.pfx:", 2);
    assert!(
        transcript.text.contains("wrong password"),
        "{}",
        transcript.text
    );
    pause();
    stdin.write_all(b"typed-Pw-71\n").unwrap();
    let text = transcript.rest().to_string();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(0), "{text}");
    assert!(text.contains("matches the leaf certificate"), "{text}");
    assert!(
        !text.contains("typed-Pw-71"),
        "the password was echoed:\n{text}"
    );
    assert!(
        !text.contains("wrong-Typed-9"),
        "the password was echoed:\n{text}"
    );
}
