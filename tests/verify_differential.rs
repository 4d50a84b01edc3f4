//! Differential tests of `verify-chain`'s two verdict levels against `openssl verify`.
//!
//! Each case is a root → intermediate → leaf chain made here with openssl, with one defect.
//! certkit's default verdict (exit 0 valid, 1 invalid) must equal `openssl verify`'s (without
//! `-x509_strict`, with the same `-purpose`), except for the cases listed in [`EXCEPTIONS`]
//! where RFC 5280 and the other mainstream verifiers say OpenSSL is wrong. `--strict` must turn
//! every profile-only defect into an error. docs/verifier-table.md has the table behind it.

mod common;

use std::process::Output;

use common::Env;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// Cases where certkit's default verdict differs from `openssl verify` on purpose, with why.
/// None of the defects made here is one: the known one, an inner signature algorithm that
/// differs from the outer one (OpenSSL checks it only with `-x509_strict`; Go, Java and RFC 5280
/// section 4.1.1.2 refuse it), cannot be made with the openssl command line.
const EXCEPTIONS: &[(&str, &str)] = &[];

/// One certificate to make: `section` is its x509v3 extension section.
struct Make<'a> {
    name: &'a str,
    issuer: Option<&'a str>,
    key: &'a str,
    serial: &'a str,
    digest: &'a str,
    section: String,
}

const CA: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n";
const LEAF: &str = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n";

impl<'a> Make<'a> {
    fn new(name: &'a str, issuer: Option<&'a str>, section: &str) -> Make<'a> {
        Make {
            name,
            issuer,
            key: "EC",
            serial: "0x1234567890ABCDEF",
            digest: "sha256",
            section: section.to_string(),
        }
    }
}

fn make(env: &Env, m: &Make) {
    let key = format!("{}.key", m.name);
    let mut genpkey = vec!["genpkey", "-out", &key];
    match m.key {
        "EC" => genpkey.extend(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
        "RSA1024" => genpkey.extend(["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"]),
        _ => genpkey.extend(["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]),
    }
    env.openssl(&genpkey);
    let csr = format!("{}.csr", m.name);
    let subject = format!("/CN={}/O=certkit differential", m.name);
    env.openssl(&["req", "-new", "-key", &key, "-subj", &subject, "-out", &csr]);
    let ext = format!("{}.ext", m.name);
    env.write(&ext, format!("[ext]\n{}", m.section));
    let out = format!("{}.pem", m.name);
    let digest = format!("-{}", m.digest);
    let mut args = vec![
        "x509",
        "-req",
        "-in",
        &csr,
        "-days",
        "3650",
        &digest,
        "-set_serial",
        m.serial,
        "-extfile",
        &ext,
        "-extensions",
        "ext",
        "-out",
        &out,
    ];
    let (ca, ca_key);
    match m.issuer {
        Some(issuer) => {
            ca = format!("{issuer}.pem");
            ca_key = format!("{issuer}.key");
            args.extend(["-CA", &ca, "-CAkey", &ca_key]);
        }
        None => args.extend(["-signkey", &key]),
    }
    env.openssl(&args);
}

/// A case: the three certificates' recipes, the purpose and when the chain is checked.
struct Case<'a> {
    name: &'a str,
    root: Make<'a>,
    intermediate: Make<'a>,
    leaf: Make<'a>,
    /// certkit's `--purpose` and openssl's `-purpose`.
    purpose: (&'a str, &'a str),
    at: OffsetDateTime,
    /// A defect only RFC 5280 profiles or CA/Browser Forum rules forbid: an error only with
    /// `--strict`.
    profile_only: bool,
}

fn case<'a>(name: &'a str) -> Case<'a> {
    Case {
        name,
        root: Make::new("root", None, CA),
        intermediate: Make::new("intermediate", Some("root"), CA),
        leaf: Make::new("leaf", Some("intermediate"), LEAF),
        purpose: ("client", "sslclient"),
        at: OffsetDateTime::now_utc() + Duration::days(1),
        profile_only: false,
    }
}

fn cases<'a>() -> Vec<Case<'a>> {
    let mut all = Vec::new();
    all.push(case("no defect"));

    let mut c = case("CA basicConstraints not critical");
    c.intermediate.section = CA.replace("critical,CA:TRUE", "CA:TRUE");
    c.profile_only = true;
    all.push(c);

    let mut c = case("CA without subject key identifier");
    // OpenSSL 3 adds key identifiers unless told `none`.
    c.intermediate.section = CA.replace("subjectKeyIdentifier=hash", "subjectKeyIdentifier=none");
    c.leaf.section = LEAF.replace("keyid:always", "keyid,issuer");
    c.profile_only = true;
    all.push(c);

    let mut c = case("leaf without authority key identifier");
    c.leaf.section = LEAF.replace("keyid:always", "none");
    c.profile_only = true;
    all.push(c);

    let mut c = case("1024-bit RSA root");
    c.root.key = "RSA1024";
    c.profile_only = true;
    all.push(c);

    let mut c = case("1024-bit RSA leaf");
    c.leaf.key = "RSA1024";
    c.profile_only = true;
    all.push(c);

    for (name, serial) in [
        ("zero serial", "0"),
        ("negative serial", "-5"),
        (
            "21-byte serial",
            "0x0102030405060708090A0B0C0D0E0F1011121314FF",
        ),
    ] {
        let mut c = case(name);
        c.leaf.serial = serial;
        c.profile_only = true;
        all.push(c);
    }

    let mut c = case("expired");
    c.at = OffsetDateTime::now_utc() + Duration::days(3650 * 2);
    all.push(c);

    let mut c = case("not yet valid");
    c.at = OffsetDateTime::now_utc() - Duration::days(2);
    all.push(c);

    let mut c = case("CA without keyCertSign");
    c.intermediate.section = CA.replace("keyCertSign,cRLSign", "cRLSign,digitalSignature");
    all.push(c);

    let mut c = case("path length exceeded");
    c.root.section = CA.replace("CA:TRUE", "CA:TRUE,pathlen:0");
    all.push(c);

    let mut c = case("issuer with CA:FALSE");
    c.intermediate.section = CA.replace("critical,CA:TRUE", "critical,CA:FALSE");
    all.push(c);

    let mut c = case("wrong extended key usage");
    c.leaf.section = LEAF.replace("clientAuth", "serverAuth");
    all.push(c);

    let mut c = case("unknown critical extension");
    c.leaf.section = format!("{LEAF}1.3.6.1.4.1.55555.1=critical,ASN1:NULL\n");
    all.push(c);

    let mut c = case("SHA-1 signature on the leaf");
    c.leaf.digest = "sha1";
    all.push(c);

    all
}

fn status(out: &Output) -> bool {
    out.status.success()
}

fn certkit(env: &Env, c: &Case, strict: bool) -> (bool, String) {
    let at = c.at.format(&Rfc3339).unwrap();
    let mut cmd = env.certkit();
    cmd.args([
        "verify-chain",
        "chain.pem",
        "--ca",
        "root.pem",
        "--no-store",
    ])
    .args(["--purpose", c.purpose.0, "--revocation", "off", "--at", &at]);
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd.output().unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0) | Some(1)),
        "{}: certkit exited {code:?}: {}",
        c.name,
        String::from_utf8_lossy(&out.stderr)
    );
    (
        status(&out),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn openssl(env: &Env, c: &Case) -> (bool, String) {
    let at = c.at.unix_timestamp().to_string();
    let out = std::process::Command::new("openssl")
        .current_dir(env.dir.path())
        .args([
            "verify",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "intermediate.pem",
        ])
        .args(["-purpose", c.purpose.1, "-attime", &at, "leaf.pem"])
        .output()
        .expect("openssl must be installed");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (status(&out), text)
}

#[test]
fn default_verdict_matches_openssl_verify_and_strict_adds_the_profile_rules() {
    let mut failures = Vec::new();
    for c in cases() {
        let env = Env::new();
        make(&env, &c.root);
        make(&env, &c.intermediate);
        make(&env, &c.leaf);
        env.concat(
            "chain.pem",
            &[&env.path("leaf.pem"), &env.path("intermediate.pem")],
        );
        let (ours, our_text) = certkit(&env, &c, false);
        let (strict, strict_text) = certkit(&env, &c, true);
        let (theirs, their_text) = openssl(&env, &c);
        let exception = EXCEPTIONS.iter().find(|(name, _)| *name == c.name);
        let expected_default = if exception.is_some() { !theirs } else { theirs };
        if ours != expected_default {
            failures.push(format!(
                "{}: certkit {} but openssl verify {}{}\ncertkit: {our_text}\nopenssl: {their_text}",
                c.name,
                verdict(ours),
                verdict(theirs),
                if exception.is_some() { " (a listed exception: they must differ)" } else { "" },
            ));
        }
        let expected_strict = ours && !c.profile_only;
        if strict != expected_strict {
            failures.push(format!(
                "{}: certkit --strict {}, expected {}\n{strict_text}",
                c.name,
                verdict(strict),
                verdict(expected_strict)
            ));
        }
        println!(
            "{:40} certkit {:8} --strict {:8} openssl {:8}",
            c.name,
            verdict(ours),
            verdict(strict),
            verdict(theirs)
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn verdict(valid: bool) -> &'static str {
    if valid {
        "valid"
    } else {
        "invalid"
    }
}

#[test]
fn json_shows_the_mode_and_each_findings_level() {
    let env = Env::new();
    let mut c = case("CA basicConstraints not critical");
    c.intermediate.section = CA.replace("critical,CA:TRUE", "CA:TRUE");
    make(&env, &c.root);
    make(&env, &c.intermediate);
    make(&env, &c.leaf);
    env.concat(
        "chain.pem",
        &[&env.path("leaf.pem"), &env.path("intermediate.pem")],
    );
    let at = c.at.format(&Rfc3339).unwrap();
    for (strict, code, severity) in [(false, 0, "warning"), (true, 1, "error")] {
        let mut cmd = env.certkit();
        cmd.args(["--json", "verify-chain", "chain.pem", "--ca", "root.pem"])
            .args(["--no-store", "--revocation", "off", "--at", &at]);
        if strict {
            cmd.arg("--strict");
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(code), "strict {strict}");
        let report = common::json(&out);
        assert_eq!(report["strict"], strict);
        let finding = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["kind"] == "extension_criticality")
            .unwrap_or_else(|| panic!("no extension_criticality finding: {report}"));
        assert_eq!(finding["severity"], severity, "strict {strict}");
    }
}
