//! `certkit convert`: merging inputs, every direction, the two PKCS#12 profiles, round trips
//! that keep certificates byte-identical, and failures that leave nothing behind.

mod common;

use common::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit 2 and exactly one line on stderr, which is an error line.
fn assert_one_line_error(out: &std::process::Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stderr: {}", stderr(out));
    let text = stderr(out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line, got: {text}");
    assert!(lines[0].starts_with("certkit: error: "), "{text}");
    text
}

#[test]
fn separate_files_in_any_order_become_one_pfx_with_the_chain_ordered_leaf_to_root() {
    let env = Env::new();
    let pki = env.pki();
    let args = [
        pki.root.cert.display().to_string(),
        pki.leaf.key.display().to_string(),
        pki.intermediate.cert.display().to_string(),
        pki.leaf.cert.display().to_string(),
    ];
    let mut cmd = vec!["--json", "convert"];
    cmd.extend(args.iter().map(String::as_str));
    cmd.extend(["-o", "client.pfx", "--new-password", "secret-pw"]);
    let out = certkit_ok(&env, &cmd);
    let report: serde_json::Value = json(&out);
    assert_eq!(report["version"], 2);
    assert_eq!(report["format"], "pkcs12");
    assert_eq!(report["profile"], "modern");
    assert_eq!(report["verified"], true);
    assert_eq!(report["friendly_name"], "client.example.com");
    let roles: Vec<&str> = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["leaf", "intermediate", "root"]);
    let sha1s: Vec<&str> = report["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["thumbprint"].as_str().unwrap())
        .collect();
    assert_eq!(sha1s, chain_sha1s(&env, &pki));
    assert_eq!(report["private_key"]["algorithm"], "EC");
    assert_certkit_reads_chain(&env, &pki, &env.path("client.pfx"), "secret-pw", 3);
    #[cfg(unix)]
    assert_eq!(mode(&env.path("client.pfx")), 0o600);

    // The CA certificates follow the leaf in the file, leaf → root (as openssl lists them).
    let listed = env.openssl(&[
        "pkcs12",
        "-in",
        "client.pfx",
        "-passin",
        "pass:secret-pw",
        "-nokeys",
    ]);
    let text = String::from_utf8(listed.stdout).unwrap();
    let subjects: Vec<&str> = text.lines().filter(|l| l.starts_with("subject=")).collect();
    assert_eq!(subjects.len(), 3);
    assert!(subjects[0].contains("client.example.com"), "{subjects:?}");
    assert!(subjects[1].contains("Test Issuing CA"), "{subjects:?}");
    assert!(subjects[2].contains("Test Root CA"), "{subjects:?}");
}

#[test]
fn profiles_write_the_documented_algorithms() {
    let env = Env::new();
    let pki = env.pki();
    for profile in PROFILES {
        let file = certkit_pfx(&env, &pki, &format!("{profile}.pfx"), profile, "secret-pw");
        let input = certkit_reads(&env, &file, "secret-pw");
        let p12 = &input["pkcs12"];
        let all: Vec<&serde_json::Value> = p12["certificate_encryption"]
            .as_array()
            .unwrap()
            .iter()
            .chain(p12["key_encryption"].as_array().unwrap())
            .collect();
        assert_eq!(all.len(), 2, "{p12}");
        for enc in all {
            if profile == "modern" {
                assert_eq!(enc["scheme"], "PBES2");
                assert_eq!(enc["cipher"], "AES-256-CBC");
                assert_eq!(enc["kdf"], "PBKDF2-hmacWithSHA256");
                assert!(enc["iterations"].as_u64().unwrap() >= 10_000);
            } else {
                assert_eq!(enc["scheme"], "pbeWithSHAAnd3-KeyTripleDES-CBC");
                assert_eq!(enc["iterations"], 2048);
            }
        }
        let (mac, iterations) = if profile == "modern" {
            ("SHA-256", 10_000)
        } else {
            ("SHA-1", 2048)
        };
        assert_eq!(p12["mac"]["algorithm"], mac);
        assert_eq!(p12["mac"]["iterations"], iterations);
        // Friendly name and localKeyId on the leaf and the key.
        let info = env.openssl(&[
            "pkcs12",
            "-in",
            &format!("{profile}.pfx"),
            "-passin",
            "pass:secret-pw",
            "-nodes",
        ]);
        let text = String::from_utf8(info.stdout).unwrap();
        assert_eq!(
            text.matches("friendlyName: client.example.com").count(),
            2,
            "{text}"
        );
        assert_eq!(text.matches("localKeyID:").count(), 2, "{text}");
    }
}

#[test]
fn round_trip_pfx_pem_pfx_der_pem_keeps_every_certificate_byte_identical() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "start.pfx",
        &pki.leaf,
        &[&pki.intermediate, &pki.root],
        "start-pw",
        &[],
    );
    let originals: Vec<Vec<u8>> = [&pki.leaf, &pki.intermediate, &pki.root]
        .iter()
        .map(|i| pem_certificates_der(&i.cert).remove(0))
        .collect();
    certkit_ok(
        &env,
        &[
            "convert",
            "start.pfx",
            "--password",
            "start-pw",
            "-o",
            "step1.pem",
            "--new-password",
            "pem-pw",
        ],
    );
    assert_eq!(pem_certificates_der(&env.path("step1.pem")), originals);
    certkit_ok(
        &env,
        &[
            "convert",
            "step1.pem",
            "--password",
            "pem-pw",
            "-o",
            "step2.pfx",
            "--profile",
            "legacy",
            "--new-password",
            "pfx-pw",
        ],
    );
    certkit_ok(
        &env,
        &[
            "convert",
            "step2.pfx",
            "--password",
            "pfx-pw",
            "-o",
            "step3",
            "--to",
            "der",
            "--all",
        ],
    );
    let ders = dir_entries(&env.path("step3"));
    assert_eq!(
        ders,
        [
            "00-client.example.com.cer",
            "01-Test_Issuing_CA.cer",
            "02-Test_Root_CA.cer"
        ]
    );
    let der_bytes: Vec<Vec<u8>> = ders
        .iter()
        .map(|n| std::fs::read(env.path("step3").join(n)).unwrap())
        .collect();
    assert_eq!(der_bytes, originals);
    let mut args = vec!["convert".to_string()];
    args.extend(ders.iter().map(|n| format!("step3/{n}")));
    args.extend(["-o".into(), "step4.pem".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    certkit_ok(&env, &args);
    assert_eq!(pem_certificates_der(&env.path("step4.pem")), originals);
}

#[test]
fn pem_keys_are_encrypted_unless_asked_and_key_files_are_private() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("in.pfx", &pki.leaf, &[&pki.intermediate], "in-pw", &[]);
    certkit_ok(
        &env,
        &[
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "both.pem",
            "--new-password",
            "key-pw",
        ],
    );
    let text = String::from_utf8(env.read("both.pem")).unwrap();
    assert!(text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    assert!(!text.contains("-----BEGIN PRIVATE KEY-----"));
    assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 2);
    #[cfg(unix)]
    assert_eq!(mode(&env.path("both.pem")), 0o600);
    // OpenSSL opens the key with the new password; it is PBES2 with AES-256.
    env.openssl(&[
        "pkey",
        "-in",
        "both.pem",
        "-passin",
        "pass:key-pw",
        "-noout",
    ]);
    // asn1parse reads the first PEM block only: give it the key block alone.
    let key_block = &text[text.find("-----BEGIN ENCRYPTED").unwrap()..];
    env.write("only-key.pem", key_block);
    let asn1 = env.openssl(&["asn1parse", "-in", "only-key.pem"]);
    let asn1 = String::from_utf8(asn1.stdout).unwrap();
    assert!(asn1.contains("aes-256-cbc"), "{asn1}");
    assert!(asn1.contains("hmacWithSHA256"), "{asn1}");

    // --key-out: certificates public, key private and separate; --no-encrypt: plain PKCS#8.
    certkit_ok(
        &env,
        &[
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "pair.crt",
            "--key-out",
            "pair.key",
            "--no-encrypt",
        ],
    );
    let certs = String::from_utf8(env.read("pair.crt")).unwrap();
    assert!(!certs.contains("PRIVATE KEY"));
    let key = String::from_utf8(env.read("pair.key")).unwrap();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"), "{key}");
    #[cfg(unix)]
    {
        assert_eq!(mode(&env.path("pair.key")), 0o600);
        assert_eq!(mode(&env.path("pair.crt")), 0o644);
    }
}

#[test]
fn der_output_takes_the_leaf_and_says_what_was_left_out() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("in.pfx", &pki.leaf, &[&pki.intermediate], "in-pw", &[]);
    let out = certkit_ok(
        &env,
        &["convert", "in.pfx", "--password", "in-pw", "-o", "leaf.cer"],
    );
    let warnings = stderr(&out);
    assert!(
        warnings.contains("private key is not written"),
        "{warnings}"
    );
    assert!(
        warnings.contains("1 chain certificate(s) not written"),
        "{warnings}"
    );
    assert_eq!(
        env.read("leaf.cer"),
        pem_certificates_der(&pki.leaf.cert).remove(0)
    );
    // DER → PEM, and stdout.
    let out = certkit_ok(&env, &["convert", "leaf.cer", "-o", "-"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("-----BEGIN CERTIFICATE-----"), "{text}");
    assert_eq!(text.matches("BEGIN").count(), 1);
}

#[test]
fn pkcs7_and_pfx_rewrap_keep_everything() {
    let env = Env::new();
    let pki = env.pki();
    let chain = env.concat("chain.pem", &[&pki.intermediate.cert, &pki.root.cert]);
    let chain = chain.display().to_string();
    env.openssl(&[
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        &chain,
        "-outform",
        "DER",
        "-out",
        "chain.p7b",
    ]);
    certkit_ok(&env, &["convert", "chain.p7b", "-o", "chain-out.pem"]);
    assert_eq!(pem_certificates_der(&env.path("chain-out.pem")).len(), 2);

    // RC2-40 legacy file from OpenSSL → modern, new password and friendly name.
    env.pkcs12(
        "old.pfx",
        &pki.leaf,
        &[&pki.intermediate, &pki.root],
        "old-pw",
        &["-legacy"],
    );
    certkit_ok(
        &env,
        &[
            "convert",
            "old.pfx",
            "--password",
            "old-pw",
            "-o",
            "new.p12",
            "--new-password",
            "new-pw",
            "--friendly-name",
            "Partner API",
        ],
    );
    let input = certkit_reads(&env, &env.path("new.p12"), "new-pw");
    assert_eq!(input["certificates"][0]["friendly_name"], "Partner API");
    assert_certkit_reads_chain(&env, &pki, &env.path("new.p12"), "new-pw", 3);
}

#[test]
fn no_chain_and_no_key_leave_them_out() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12(
        "in.pfx",
        &pki.leaf,
        &[&pki.intermediate, &pki.root],
        "in-pw",
        &[],
    );
    let out = certkit_ok(
        &env,
        &[
            "--json",
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "leaf-only.pfx",
            "--no-chain",
            "--new-password",
            "pw",
        ],
    );
    assert_eq!(json(&out)["certificates"].as_array().unwrap().len(), 1);
    let input = certkit_reads(&env, &env.path("leaf-only.pfx"), "pw");
    assert_eq!(input["certificates"].as_array().unwrap().len(), 1);
    assert_eq!(input["private_key"]["matches_leaf"], true);

    certkit_ok(
        &env,
        &[
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "certs.pem",
            "--no-key",
        ],
    );
    let text = String::from_utf8(env.read("certs.pem")).unwrap();
    assert!(!text.contains("PRIVATE KEY"));
    assert_eq!(text.matches("BEGIN CERTIFICATE").count(), 3);
    #[cfg(unix)]
    assert_eq!(mode(&env.path("certs.pem")), 0o644);
}

#[test]
fn bad_input_wrong_password_and_existing_output_fail_cleanly_and_write_nothing() {
    let env = Env::new();
    let pki = env.pki();
    env.pkcs12("in.pfx", &pki.leaf, &[&pki.intermediate], "in-pw", &[]);
    env.write(
        "garbage.bin",
        b"this is not a certificate at all\x00\x01\x02",
    );
    let before = dir_entries(env.dir.path());

    // Not certificate material.
    let out = env
        .certkit()
        .args([
            "convert",
            "garbage.bin",
            "-o",
            "out.pfx",
            "--new-password",
            "pw",
        ])
        .output()
        .unwrap();
    let msg = assert_one_line_error(&out);
    assert!(msg.contains("garbage.bin"), "{msg}");
    // Truncated PKCS#12.
    let bytes = env.read("in.pfx");
    env.write("cut.pfx", &bytes[..bytes.len() / 2]);
    let out = env
        .certkit()
        .args([
            "convert",
            "cut.pfx",
            "--password",
            "in-pw",
            "-o",
            "out.pem",
            "--no-encrypt",
        ])
        .output()
        .unwrap();
    let msg = assert_one_line_error(&out);
    assert!(msg.contains("truncated"), "{msg}");
    std::fs::remove_file(env.path("cut.pfx")).unwrap();
    // Wrong password, with the JSON kind.
    let out = env
        .certkit()
        .args([
            "--json",
            "convert",
            "in.pfx",
            "--password",
            "nope",
            "-o",
            "out.pem",
            "--no-encrypt",
        ])
        .output()
        .unwrap();
    assert_one_line_error(&out);
    assert_eq!(json(&out)["error"]["kind"], "wrong_password");
    // No new password and no terminal.
    let out = env
        .certkit()
        .args([
            "--json",
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "out.pfx",
        ])
        .output()
        .unwrap();
    let msg = assert_one_line_error(&out);
    assert!(msg.contains("--new-password-file"), "{msg}");
    assert_eq!(json(&out)["error"]["kind"], "password_required");
    // A key that belongs to none of the certificates.
    let other = env.key("other", KeyType::EcP256).display().to_string();
    let leaf = pki.leaf.cert.display().to_string();
    let out = env
        .certkit()
        .args([
            "convert",
            &leaf,
            &other,
            "-o",
            "out.pfx",
            "--new-password",
            "pw",
        ])
        .output()
        .unwrap();
    let msg = assert_one_line_error(&out);
    assert!(msg.contains("--no-key"), "{msg}");
    std::fs::remove_file(env.path("other.key")).unwrap();
    assert_eq!(
        dir_entries(env.dir.path()),
        before,
        "nothing may be left behind"
    );

    // An existing output is not replaced without --force.
    env.write("exists.pem", b"keep me");
    let out = env
        .certkit()
        .args([
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "exists.pem",
            "--no-encrypt",
        ])
        .output()
        .unwrap();
    let msg = assert_one_line_error(&out);
    assert!(msg.contains("--force"), "{msg}");
    assert_eq!(env.read("exists.pem"), b"keep me");
    // --key-out to an existing file: neither file is written.
    let out = env
        .certkit()
        .args([
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "fresh.pem",
            "--key-out",
            "exists.pem",
            "--no-encrypt",
        ])
        .output()
        .unwrap();
    assert_one_line_error(&out);
    assert!(!env.path("fresh.pem").exists());
    assert_eq!(env.read("exists.pem"), b"keep me");
    // With --force it is replaced.
    certkit_ok(
        &env,
        &[
            "convert",
            "in.pfx",
            "--password",
            "in-pw",
            "-o",
            "exists.pem",
            "--no-encrypt",
            "--force",
        ],
    );
    assert!(String::from_utf8(env.read("exists.pem"))
        .unwrap()
        .contains("BEGIN CERTIFICATE"));
    let mut expected = before.clone();
    expected.push("exists.pem".into());
    expected.sort();
    assert_eq!(dir_entries(env.dir.path()), expected);
}

#[test]
fn usage_mistakes_are_caught_before_any_work() {
    let env = Env::new();
    let pki = env.pki();
    let leaf = pki.leaf.cert.display().to_string();
    for args in [
        vec!["convert", leaf.as_str(), "-o", "out.txt"],
        vec!["convert", leaf.as_str(), "-o", "out.pfx", "--no-encrypt"],
        vec!["convert", leaf.as_str(), "-o", "out.pem", "--all"],
        vec![
            "convert",
            leaf.as_str(),
            "-o",
            "out.der",
            "--key-out",
            "k.pem",
        ],
        vec!["--json", "convert", leaf.as_str(), "-o", "-"],
    ] {
        let out = env.certkit().args(&args).output().unwrap();
        assert_one_line_error(&out);
    }
    assert!(!env.path("out.txt").exists());
    assert!(!env.path("out.pfx").exists());
}

/// Runs `certkit ARGS` on a pseudo-terminal (util-linux `script`): waits for each prompt in
/// `dialogue` to appear, then types its answer. Returns the exit code and the screen.
fn on_terminal(env: &Env, args: &str, dialogue: &[(&str, &str)]) -> (Option<i32>, String) {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    let bin = assert_cmd::cargo::cargo_bin("certkit");
    let mut child = std::process::Command::new("script")
        .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
        .current_dir(env.dir.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("script (util-linux)");
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = Arc::clone(&screen);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 1024];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    let text = |s: &Arc<Mutex<Vec<u8>>>| String::from_utf8_lossy(&s.lock().unwrap()).into_owned();
    for (prompt, answer) in dialogue {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !text(&screen).contains(prompt) {
            assert!(
                std::time::Instant::now() < deadline,
                "no prompt {prompt:?}: {}",
                text(&screen)
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        // Let the prompt finish turning echo off before typing.
        std::thread::sleep(std::time::Duration::from_millis(200));
        stdin.write_all(format!("{answer}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    // Keep stdin open until certkit is done, or script would hang up on it.
    let status = child.wait().unwrap();
    drop(stdin);
    reader.join().unwrap();
    let screen = text(&screen);
    (status.code(), screen)
}

#[test]
fn the_new_password_is_asked_twice_on_a_terminal() {
    let env = Env::new();
    let pki = env.pki();
    let files = format!("{} {}", pki.leaf.cert.display(), pki.leaf.key.display());
    let (code, screen) = on_terminal(
        &env,
        &format!("convert {files} -o typed.pfx"),
        &[
            ("New password for typed.pfx", "typed-pw-1"),
            ("Repeat the new password", "typed-pw-1"),
        ],
    );
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("New password for typed.pfx"), "{screen}");
    assert!(screen.contains("Repeat the new password"), "{screen}");
    assert!(
        !screen.contains("typed-pw-1"),
        "the password was echoed: {screen}"
    );
    assert_eq!(
        certkit_reads(&env, &env.path("typed.pfx"), "typed-pw-1")["private_key"]["matches_leaf"],
        true
    );

    let (code, screen) = on_terminal(
        &env,
        &format!("convert {files} -o differ.pfx"),
        &[
            ("New password for differ.pfx", "typed-pw-1"),
            ("Repeat the new password", "typed-pw-2"),
        ],
    );
    assert_eq!(code, Some(2), "{screen}");
    assert!(screen.contains("the two new passwords differ"), "{screen}");
    assert!(!env.path("differ.pfx").exists());
}

#[test]
fn help_examples_run_as_written() {
    let env = Env::new();
    let pki = env.pki();
    let work = env.path("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::copy(&pki.leaf.cert, work.join("cert.pem")).unwrap();
    std::fs::copy(&pki.leaf.key, work.join("key.pem")).unwrap();
    env.concat("work/chain.pem", &[&pki.intermediate.cert, &pki.root.cert]);
    env.pkcs12(
        "work/partner.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "partner-pw",
        &[],
    );
    env.write("work/in.pw", "partner-pw\n");
    env.write("work/out.pw", "legacy-pw\n");
    env.to_der(&pki.leaf.cert, "work/client.cer");
    let examples = help_examples(&env, "convert");
    assert_eq!(examples.len(), 5, "{examples:?}");
    for line in &examples {
        run_example(&env, &work, line, &[("PFX_PASSWORD", "example-pw")], 0);
    }
    assert_certkit_reads_chain(&env, &pki, &work.join("client.pfx"), "example-pw", 3);
    assert_certkit_reads_chain(&env, &pki, &work.join("client-legacy.pfx"), "legacy-pw", 2);
    assert_eq!(dir_entries(&work.join("certificates")).len(), 3);
    assert_eq!(
        pem_certificates_der(&work.join("client-cert.pem")),
        pem_certificates_der(&pki.leaf.cert)
    );
}
