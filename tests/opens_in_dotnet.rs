//! The .NET and Mono rows of "opens in" (inspect) and `doctor --platform`: .NET 9's
//! X509CertificateLoader default limits, .NET Framework before and after KB5025823's cap on
//! password-less files, PFXImportCertStore's 600,000-iteration cap, Mono's 3DES/RC2-only reader.
//! The files are written by `openssl pkcs12 -export` with the iteration counts under test.

mod common;

use common::loader::{loaded, opens};
use common::{json, Env};
use serde_json::Value;

fn export(env: &Env, name: &str, pass: &str, extra: &[&str]) -> String {
    let out = format!("{name}.pfx");
    let passout = format!("pass:{pass}");
    let mut args = vec![
        "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-passout", &passout, "-out",
        &out,
    ];
    args.extend(extra);
    env.openssl(&args);
    out
}

fn reason(input: &Value, reader: &str) -> String {
    input["pkcs12"]["opens_in"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["reader"] == reader)
        .unwrap()["reason"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

const DOTNET9: &str = ".NET 9+ X509CertificateLoader";
const FRAMEWORK: &str = ".NET Framework (KB5025823, June 2023+)";
const FRAMEWORK_OLD: &str = ".NET Framework (before KB5025823)";

fn setup() -> Env {
    let env = Env::new();
    env.openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-subj",
        "/CN=leaf",
        "-days",
        "3650",
        "-out",
        "leaf.pem",
    ]);
    env
}

#[test]
fn dotnet_limits_name_the_limit_and_the_convert_command() {
    let env = setup();
    // Everyday file: 2048 iterations, AES: .NET 9 opens it, Mono does not.
    let plain = export(&env, "plain", "secret", &[]);
    let input = loaded(&env, &[&plain, "--password", "secret"]);
    assert_eq!(opens(&input, DOTNET9), "yes");
    assert_eq!(opens(&input, "Mono"), "no");
    assert!(
        reason(&input, "Mono").contains("--profile legacy"),
        "{input}"
    );

    // One KDF with 400,000 iterations: over IndividualKdfIterationLimit (300,000), under
    // Windows' 600,000.
    // (`-nomaciter`: OpenSSL 3 would use the same count for the MAC.)
    let kdf = export(&env, "kdf", "secret", &["-iter", "400000", "-nomaciter"]);
    let input = loaded(&env, &[&kdf, "--password", "secret"]);
    assert_eq!(opens(&input, DOTNET9), "no");
    let why = reason(&input, DOTNET9);
    assert!(
        why.contains("IndividualKdfIterationLimit (300000)"),
        "{why}"
    );
    assert!(why.contains("certkit convert"), "{why}");
    assert_ne!(opens(&input, FRAMEWORK_OLD), "no");
    assert_ne!(
        opens(&input, FRAMEWORK),
        "no",
        "a file with a password is not capped"
    );

    // The MAC with 700,000 iterations: over MacIterationLimit and PFXImportCertStore's cap.
    let mac = export(&env, "mac", "secret", &["-iter", "700000"]);
    let input = loaded(&env, &[&mac, "--password", "secret"]);
    assert!(
        reason(&input, DOTNET9).contains("MacIterationLimit"),
        "{input}"
    );
    assert_eq!(opens(&input, FRAMEWORK_OLD), "no");
    assert!(reason(&input, FRAMEWORK_OLD).contains("600000"), "{input}");
}

#[test]
fn kb5025823_caps_password_less_files_at_600000_iterations_in_all() {
    let env = setup();
    // Certificates and key each 350,000 iterations (700,000 in all), no password.
    let file = export(&env, "nopass", "", &["-iter", "350000", "-legacy"]);
    let file3des = export(&env, "nopass-ok", "", &["-legacy"]);
    // No --password: certkit finds the empty password itself, as a password-less file.
    let input = loaded(&env, &[&file]);
    assert_eq!(opens(&input, FRAMEWORK), "no");
    assert!(
        reason(&input, FRAMEWORK).contains("without a password"),
        "{input}"
    );
    assert_eq!(opens(&input, FRAMEWORK_OLD), "yes");
    assert_eq!(
        opens(&input, DOTNET9),
        "no",
        "the total is over 300,000 per KDF too"
    );
    assert_eq!(opens(&input, "Mono"), "yes", "3DES/RC2 with a SHA-1 MAC");
    let input = loaded(&env, &[&file3des]);
    assert_eq!(opens(&input, FRAMEWORK), "yes");
    assert_eq!(opens(&input, DOTNET9), "yes");
}

#[test]
fn doctor_platform_dotnet9_fails_over_a_limit_with_the_convert_fix() {
    let env = setup();
    let file = export(&env, "kdf", "secret", &["-iter", "400000", "-nomaciter"]);
    env.write("pw", "secret");
    let out = env
        .certkit()
        .args([
            "--json",
            "doctor",
            &file,
            "--password-file",
            "pw",
            "--platform",
            "dotnet9",
        ])
        .output()
        .unwrap();
    let doc = json(&out);
    let check = doc["subjects"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "opens")
        .unwrap()
        .clone();
    assert_eq!(check["status"], "fail", "{doc:#}");
    assert!(
        check["message"]
            .as_str()
            .unwrap()
            .contains("IndividualKdfIterationLimit"),
        "{check}"
    );
    assert!(check["fix"].to_string().contains("convert"), "{check}");
}

/// MaxCertificates (200 by default) counts the certificates of every safe, the encrypted ones
/// included: the leaf with 199 more opens, with 200 more it does not. RC4 is not among the
/// algorithms the loader decrypts (X509CertificateLoader.Pkcs12.cs, GetKdfCount).
#[test]
fn dotnet9_counts_certificates_and_refuses_rc4() {
    let env = setup();
    // 200 extra self-signed certificates, on the leaf's key (one key: fast).
    let mut extra = String::new();
    for i in 0..200 {
        let name = format!("extra{i}.pem");
        env.openssl(&[
            "req",
            "-x509",
            "-key",
            "leaf.key",
            "-subj",
            &format!("/CN=extra {i}"),
            "-days",
            "30",
            "-out",
            &name,
        ]);
        extra.push_str(&String::from_utf8(env.read(&name)).unwrap());
        if i == 198 {
            env.write("bundle199.pem", &extra);
        }
    }
    env.write("bundle200.pem", &extra);
    let at_limit = export(&env, "at-limit", "secret", &["-certfile", "bundle199.pem"]);
    let input = loaded(&env, &[&at_limit, "--password", "secret"]);
    assert_eq!(input["certificates"].as_array().unwrap().len(), 200);
    assert_eq!(opens(&input, DOTNET9), "yes", "{}", reason(&input, DOTNET9));
    let over = export(&env, "over", "secret", &["-certfile", "bundle200.pem"]);
    let input = loaded(&env, &[&over, "--password", "secret"]);
    assert_eq!(input["certificates"].as_array().unwrap().len(), 201);
    assert_eq!(opens(&input, DOTNET9), "no");
    let why = reason(&input, DOTNET9);
    assert!(
        why.contains("201 certificates, above MaxCertificates (200)"),
        "{why}"
    );
    assert!(why.contains("--no-chain"), "{why}");
    assert_eq!(opens(&input, "OpenSSL 3"), "yes");

    let rc4 = export(
        &env,
        "rc4",
        "secret",
        &[
            "-legacy",
            "-certpbe",
            "PBE-SHA1-RC4-128",
            "-keypbe",
            "PBE-SHA1-3DES",
        ],
    );
    let input = loaded(&env, &[&rc4, "--password", "secret"]);
    assert_eq!(opens(&input, DOTNET9), "no");
    assert!(reason(&input, DOTNET9).contains("RC4"), "{input}");
    assert_eq!(opens(&input, "OpenSSL 3 -legacy"), "yes");
}
