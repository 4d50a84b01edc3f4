//! `certkit config TARGET` where the consumer cannot run here (Mendix, m2ee-tools, the Cloud
//! Foundry buildpack, OutSystems, Spring, Kubernetes): the emitted values are parsed back the
//! way the platform's documented schema reads them, and the PKCS#12 files are opened by the
//! reader the platform uses (Java keytool; the legacy profile for Windows Server 2016). The
//! checks and refusals common to every target are in `config_checks.rs`.

mod common;

use std::path::Path;

use common::config::{assert_private, Setup};
use common::{json, Env};
use serde_json::Value;

impl Setup {
    fn setting<'a>(&self, doc: &'a Value, name: &str) -> &'a Value {
        doc["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no setting {name} in {doc:#}"))
    }

    /// `keytool -list` of a PKCS#12 file: its output (panics when keytool refuses it).
    fn keytool(&self, file: &Path, password: &str) -> String {
        let out = std::process::Command::new("keytool")
            .args(["-list", "-storetype", "PKCS12", "-keystore"])
            .arg(file)
            .args(["-storepass", password])
            .output()
            .expect("keytool (default-jre-headless)");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "keytool refused {}: {text}",
            file.display()
        );
        text
    }
}

fn read_password(path: &str) -> String {
    std::fs::read_to_string(path).unwrap().trim().to_string()
}

#[test]
fn mendix_custom_settings_parse_back_and_keytool_opens_the_pfx() {
    let s = Setup::new();
    let root = s.root();
    let doc = s.config(&[
        "mendix",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--map",
        "api.partner.example=billing",
        "--map",
        "Billing.InvoiceService=billing",
        "--out-dir",
        "out",
    ]);
    // ClientCertificates: comma-separated paths; the passwords in the same order.
    let certificates: Vec<String> = s.setting(&doc, "ClientCertificates")["value"]
        .as_str()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    assert_eq!(certificates.len(), 1);
    let passwords = s.setting(&doc, "ClientCertificatePasswords");
    assert_eq!(passwords["secret"], true);
    assert!(
        passwords["value"].is_null(),
        "password printed without --include-secrets"
    );
    let password_file = s.env.path("out/billing.pfx.password");
    assert!(passwords["secret_file"]
        .as_str()
        .unwrap()
        .contains(&password_file.display().to_string()));
    let password = read_password(password_file.to_str().unwrap());
    // ClientCertificateUsages: a JSON object, every path listed in ClientCertificates.
    let usages: serde_json::Map<String, Value> = serde_json::from_str(
        s.setting(&doc, "ClientCertificateUsages")["value"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(usages.len(), 2);
    for (key, path) in &usages {
        assert!(!key.contains("://"));
        assert!(certificates.contains(&path.as_str().unwrap().to_string()));
    }
    // CACertificates: the --ca root as its own file.
    let cas = s.setting(&doc, "CACertificates")["value"].as_str().unwrap();
    assert!(Path::new(cas).exists(), "{cas}");
    // The PKCS#12 file: 0600, opened by Java's keytool with the key entry; the input was
    // AES-encrypted (OpenSSL 3's default), which Java before 8u301 cannot open.
    assert_private(&certificates[0]);
    assert_private(password_file.to_str().unwrap());
    let listing = s.keytool(Path::new(&certificates[0]), &password);
    assert!(listing.contains("PrivateKeyEntry"), "{listing}");
    let used = &doc["certificates"][0];
    assert_eq!(used["pkcs12_profile"], "legacy");
    assert!(
        used["reencrypted"].as_str().unwrap().contains("Java 8"),
        "{used}"
    );
    // The human output never shows the password.
    let human = s
        .env
        .certkit()
        .args([
            "config",
            "mendix",
            "--cert",
            "billing=good.pfx",
            "--password",
            "secret",
        ])
        .args(["--ca", &root, "--out-dir", "out2"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("ClientCertificatePasswords\t<secret: the file"),
        "{text}"
    );
    let second = read_password(s.env.path("out2/billing.pfx.password").to_str().unwrap());
    assert!(!text.contains(&second));
}

#[test]
fn mendix_windows_paths_are_doubled_only_inside_the_json_and_secrets_print_when_asked() {
    let s = Setup::new();
    let root = s.root();
    let doc = s.config(&[
        "mendix",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--map",
        "api.partner.example=billing",
        "--install-dir",
        "D:\\App\\certificates",
        "--new-password",
        "pfx-pass",
        "--include-secrets",
        "--out-dir",
        "out",
    ]);
    assert_eq!(
        s.setting(&doc, "ClientCertificates")["value"],
        "D:\\App\\certificates\\billing.pfx"
    );
    assert_eq!(
        s.setting(&doc, "ClientCertificatePasswords")["value"],
        "pfx-pass"
    );
    let raw = s.setting(&doc, "ClientCertificateUsages")["value"]
        .as_str()
        .unwrap();
    assert!(
        raw.contains("D:\\\\App\\\\certificates\\\\billing.pfx"),
        "{raw}"
    );
    let usages: Value = serde_json::from_str(raw).unwrap();
    assert_eq!(
        usages["api.partner.example"],
        "D:\\App\\certificates\\billing.pfx"
    );
    assert!(s.env.path("out/billing.pfx").exists());
    assert!(!s.env.path("out/billing.pfx.password").exists());
    s.keytool(&s.env.path("out/billing.pfx"), "pfx-pass");
}

#[test]
fn m2ee_yaml_block_reads_back_with_a_yaml_parser() {
    let s = Setup::new();
    let root = s.root();
    let doc = s.config(&[
        "mendix-m2ee",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--map",
        "api.partner.example=billing",
        "--out-dir",
        "out",
    ]);
    let file = s.env.path("out/m2ee-mxruntime.yaml");
    assert_private(file.to_str().unwrap());
    // m2ee-tools reads its configuration with PyYAML.
    let script = "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))";
    let out = s
        .env
        .run("python3", &["-c", script, file.to_str().unwrap()]);
    let parsed: Value = serde_json::from_slice(&out.stdout).unwrap();
    let runtime = &parsed["mxruntime"];
    let pfx = runtime["ClientCertificates"].as_str().unwrap();
    let password = runtime["ClientCertificatePasswords"].as_str().unwrap();
    assert_eq!(password, read_password(&format!("{pfx}.password")));
    assert_eq!(
        runtime["ClientCertificateUsages"]["api.partner.example"],
        pfx
    );
    assert!(Path::new(runtime["CACertificates"].as_str().unwrap()).exists());
    s.keytool(Path::new(pfx), password);
    // The printed block hides the password.
    let shown = doc["snippets"][0]["text"].as_str().unwrap();
    assert!(
        !shown.contains(password) && shown.contains("<secret:"),
        "{shown}"
    );
}

#[test]
fn cloud_foundry_variables_decode_as_the_buildpack_does() {
    let s = Setup::new();
    let root = s.root();
    let doc = s.config(&[
        "mendix-cloud-foundry",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--map",
        "Billing.InvoiceService=billing",
        "--app",
        "billing-app",
        "--out-dir",
        "out",
    ]);
    let file = s.env.path("out/CLIENT_CERTIFICATES.json");
    assert_private(file.to_str().unwrap());
    let list: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let entry = &list[0];
    // The buildpack: base64-decode `pfx` into a file, use `password`, pin to `pin_to`.
    let pfx = openssl::base64::decode_block(entry["pfx"].as_str().unwrap()).unwrap();
    let pfx_path = s.env.write("decoded.pfx", pfx);
    s.keytool(&pfx_path, entry["password"].as_str().unwrap());
    assert_eq!(entry["pin_to"][0], "Billing.InvoiceService");
    assert!(
        !s.env.path("out/billing.pfx").exists(),
        "the PFX travels inside the variable"
    );
    let ca = std::fs::read_to_string(s.env.path("out/CERTIFICATE_AUTHORITIES.pem")).unwrap();
    assert_eq!(ca.matches("-----BEGIN CERTIFICATE-----").count(), 1);
    let commands = doc["snippets"][0]["text"].as_str().unwrap();
    assert!(commands.contains("cf set-env billing-app CLIENT_CERTIFICATES \"$(cat "));
    assert!(commands.contains("cf restage billing-app"));
    assert!(!commands.contains(entry["password"].as_str().unwrap()));
    assert!(s.setting(&doc, "CLIENT_CERTIFICATES")["value"].is_null());
}

/// The words of one PowerShell command line as the script writes them (double quotes group).
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            _ => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn outsystems_ec_key_goes_to_cng_and_every_script_line_is_a_certkit_command() {
    let s = Setup::new();
    let root = s.root();
    s.config(&[
        "outsystems",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--out-dir",
        "out",
    ]);
    let script = std::fs::read_to_string(s.env.path("out/install-billing.ps1")).unwrap();
    // The test PKI's client key is EC P-256: the script says where it goes and imports it into
    // CNG explicitly, whatever certkit's default.
    assert!(
        script.contains("# The private key is EC (P-256): CNG keeps it"),
        "{script}"
    );
    let imports: Vec<&str> = script
        .lines()
        .filter(|l| l.contains("import .\\billing.pfx"))
        .collect();
    assert_eq!(imports.len(), 2, "{script}");
    assert!(
        imports.iter().all(|l| l.contains("--key-provider cng")),
        "{script}"
    );
    // Each certkit line is a command certkit accepts: here (not Windows) it stops at the
    // Windows store or the Windows path with exit 2, never at an argument clap refuses.
    let mut run = 0;
    for line in script.lines().filter(|l| l.starts_with("certkit ")) {
        let args = words(line);
        let out = s
            .env
            .certkit()
            .current_dir(s.env.path("out"))
            .args(&args[1..])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{line}: {stderr}");
        assert!(
            !stderr.contains("For more information, try") && !stderr.contains("Usage:"),
            "clap refused {line}: {stderr}"
        );
        run += 1;
    }
    assert!(run >= 6, "{script}");
}

#[test]
fn outsystems_refuses_a_key_windows_cannot_store_before_writing_anything() {
    let s = Setup::new();
    let ed = s.env.issue(
        "ed-client",
        "ed.example.com",
        Some(&s.pki.intermediate),
        &common::Spec {
            key: common::KeyType::Ed25519,
            ..common::Spec::client()
        },
    );
    s.env
        .pkcs12("ed.pfx", &ed, &[&s.pki.intermediate], "secret", &[]);
    let root = s.root();
    let out = s
        .env
        .certkit()
        .args(["config", "outsystems", "--cert", "billing=ed.pfx"])
        .args(["--password", "secret", "--ca", &root, "--out-dir", "out"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("the OutSystems front ends cannot install this key")
            && stderr.contains("Ed25519")
            && stderr.contains("RSA or EC"),
        "{stderr}"
    );
    assert!(
        !s.env.path("out").exists() || common::dir_entries(&s.env.path("out")).is_empty(),
        "files were written: {:?}",
        common::dir_entries(&s.env.path("out"))
    );
}

#[test]
fn outsystems_pfx_opens_on_windows_server_2016_and_the_script_uses_certkit() {
    let s = Setup::new();
    let root = s.root();
    let doc = s.config(&[
        "outsystems",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--install-dir",
        "D:\\certificates",
        "--out-dir",
        "out",
    ]);
    let pfx = s.env.path("out/billing.pfx");
    let password_file = s.env.path("out/billing.pfx.password");
    let inspect = s
        .env
        .certkit()
        .args(["--json", "inspect"])
        .arg(&pfx)
        .arg("--password-file")
        .arg(&password_file)
        .output()
        .unwrap();
    let report = json(&inspect);
    let compat = report["inputs"][0]["pkcs12"]["opens_in"]
        .as_array()
        .unwrap_or_else(|| panic!("no opens_in in {report:#}"));
    let ws2016 = compat
        .iter()
        .find(|c| c["reader"] == "Windows Server 2016")
        .unwrap();
    assert_eq!(ws2016["opens"], "yes", "{ws2016}");
    let script = std::fs::read_to_string(s.env.path("out/install-billing.ps1")).unwrap();
    for expected in [
        "--store windows:LocalMachine import .\\Test_Root_CA.cer --to root",
        "--store windows:LocalMachine import .\\Test_Issuing_CA.cer --to intermediate",
        "--store windows:LocalMachine import .\\billing.pfx --password-file .\\billing.pfx.password --name billing --key-provider cng --grant-read \"IIS_IUSRS\"",
        "--grant-read \"NETWORK SERVICE\"",
        "verify-chain .\\billing.pfx",
        "export-public --der \"D:\\certificates\" --name billing",
    ] {
        assert!(script.contains(expected), "{expected} missing from:\n{script}");
    }
    // OutSystems Cloud: the CAs as DER .cer files.
    let cer = s.env.path("out/Test_Issuing_CA.cer");
    s.env.openssl(&[
        "x509",
        "-inform",
        "DER",
        "-noout",
        "-in",
        cer.to_str().unwrap(),
    ]);
    assert!(s.setting(&doc, "CertificatePassword")["value"].is_null());
    // Every file written for the front ends is one the script uses: the PFX, its password and
    // each CA certificate.
    for file in common::dir_entries(&s.env.path("out")) {
        if file.ends_with(".ps1") {
            continue;
        }
        assert!(
            script.contains(&format!(".\\{file} ")),
            "{file} is written but the script does not use it:\n{script}"
        );
    }
}

#[test]
fn spring_bundle_properties_point_at_stores_keytool_opens() {
    let s = Setup::new();
    let root = s.root();
    s.config(&[
        "spring",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--out-dir",
        "out",
    ]);
    let text = std::fs::read_to_string(s.env.path("out/ssl-bundles.properties")).unwrap();
    let props: std::collections::HashMap<&str, &str> =
        text.lines().filter_map(|l| l.split_once('=')).collect();
    let keystore = props["spring.ssl.bundle.jks.billing.keystore.location"]
        .strip_prefix("file:")
        .unwrap();
    let listing = s.keytool(
        Path::new(keystore),
        props["spring.ssl.bundle.jks.billing.keystore.password"],
    );
    assert!(listing.contains("PrivateKeyEntry"));
    assert_eq!(
        props["spring.ssl.bundle.jks.billing.keystore.type"],
        "PKCS12"
    );
    let truststore = props["spring.ssl.bundle.jks.billing.truststore.location"]
        .strip_prefix("file:")
        .unwrap();
    let listing = s.keytool(
        Path::new(truststore),
        props["spring.ssl.bundle.jks.billing.truststore.password"],
    );
    assert!(listing.contains("trustedCertEntry"), "{listing}");
}

#[test]
fn kubernetes_secret_holds_a_matching_pair_and_the_ca() {
    let s = Setup::new();
    let root = s.root();
    s.config(&[
        "kubernetes",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--out-dir",
        "out",
    ]);
    let file = s.env.path("out/billing-tls.secret.yaml");
    assert_private(file.to_str().unwrap());
    let script = "import sys, yaml, json; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))";
    let out = s
        .env
        .run("python3", &["-c", script, file.to_str().unwrap()]);
    let secret: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(secret["type"], "kubernetes.io/tls");
    assert_eq!(secret["kind"], "Secret");
    let decode =
        |k: &str| openssl::base64::decode_block(secret["data"][k].as_str().unwrap()).unwrap();
    s.env.write("tls.crt", decode("tls.crt"));
    s.env.write("tls.key", decode("tls.key"));
    s.env.write("ca.crt", decode("ca.crt"));
    let check = s
        .env
        .certkit()
        .args(["check-private-key", "tls.crt", "--key", "tls.key"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(0));
    s.env.openssl(&[
        "verify",
        "-CAfile",
        "ca.crt",
        "-untrusted",
        "tls.crt",
        "tls.crt",
    ]);
}

#[test]
fn store_entries_are_configured_by_name() {
    let s = Setup::new();
    let root = s.root();
    common::certkit_ok(
        &s.env,
        &[
            "import",
            "good.pfx",
            "--password",
            "secret",
            "--name",
            "billing",
        ],
    );
    common::certkit_ok(&s.env, &["import", &root]);
    let doc = s.config(&[
        "curl",
        "--entry",
        "billing",
        "--ca",
        &root,
        "--out-dir",
        "out",
    ]);
    assert_eq!(doc["certificates"][0]["name"], "billing");
    assert_eq!(doc["certificates"][0]["input"], "store entry billing");
    // Without --ca the store's root completes the chain.
    s.config(&["nginx", "--entry", "billing", "--out-dir", "out-store"]);
}

#[test]
fn nginx_maps_a_host_to_no_certificate() {
    let s = Setup::new();
    let root = s.root();
    s.config(&[
        "nginx",
        "--cert",
        "billing=good.pfx",
        "--password",
        "secret",
        "--ca",
        &root,
        "--map",
        "api.partner.example=billing",
        "--map",
        "public.example=",
        "--out-dir",
        "out",
    ]);
    let with =
        std::fs::read_to_string(s.env.path("out/api.partner.example.upstream.conf")).unwrap();
    assert!(
        with.contains("proxy_ssl_certificate ")
            && with.contains("proxy_ssl_name api.partner.example;")
    );
    let without = std::fs::read_to_string(s.env.path("out/public.example.upstream.conf")).unwrap();
    assert!(!without.contains("proxy_ssl_certificate "), "{without}");
    assert!(
        without.contains("proxy_ssl_verify on;")
            && without.contains("proxy_ssl_name public.example;")
    );
}

#[test]
fn help_examples_run_as_written() {
    let env = Env::new();
    let pki = env.pki();
    let work = env.path("work");
    std::fs::create_dir_all(&work).unwrap();
    env.pkcs12(
        "work/client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "example-pw",
        &[],
    );
    std::fs::copy(&pki.root.cert, work.join("partner-root.cer")).unwrap();
    std::fs::write(work.join("pfx.pw"), "example-pw\n").unwrap();
    let pfx = work.join("client.pfx").display().to_string();
    let root = work.join("partner-root.cer").display().to_string();
    common::certkit_ok(
        &env,
        &[
            "import",
            &pfx,
            "--password",
            "example-pw",
            "--name",
            "client",
        ],
    );
    common::certkit_ok(&env, &["import", &root]);
    let examples = common::help_examples(&env, "config");
    assert_eq!(examples.len(), 5, "{examples:?}");
    let vars = [
        ("PFX_PASSWORD", "example-pw"),
        ("KEYSTORE_PASSWORD", "keystore-pw"),
    ];
    for line in &examples {
        common::run_example(&env, &work, line, &vars, 0);
    }
    assert!(work.join("mendix/billing.pfx").exists());
    // Named by the store's rule: the PKCS#12 friendly name openssl wrote.
    assert!(work.join("java/certkit_test_client.p12").exists());
}
