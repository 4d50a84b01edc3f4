//! Name matching as RFC 5280 section 7.1 asks, through `certkit verify-chain`: a CA whose
//! subject is encoded differently from the issuer field of what it signed (string type, case,
//! white space) is still its issuer. Certificates made with openssl at test time.

mod common;

use certkit::ops::verify_chain::VerifyReport;
use common::{Env, Spec};

fn arg(p: &std::path::Path) -> String {
    p.display().to_string()
}

/// Runs `certkit --json verify-chain ARGS`; the exit code and the report.
fn verify(env: &Env, args: &[&str]) -> (i32, VerifyReport) {
    let out = env
        .certkit()
        .args(["--json", "verify-chain"])
        .args(args)
        .output()
        .unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

/// A self-signed CA certificate for `key` with `subject`, its strings encoded as `string_mask`
/// says (`nombstr`: PrintableString where possible; `utf8only`: UTF8String).
fn ca_with_encoding(env: &Env, name: &str, key: &str, subject: &str, string_mask: &str) -> String {
    let config = env.write(
        &format!("{name}.cnf"),
        format!(
            "[req]\ndistinguished_name=dn\nstring_mask={string_mask}\nx509_extensions=ext\n[dn]\n[ext]\n{}",
            Spec::ca().extensions
        ),
    );
    let out = format!("{name}.pem");
    env.openssl(&[
        "req",
        "-x509",
        "-new",
        "-key",
        key,
        "-subj",
        subject,
        "-days",
        "3650",
        "-config",
        &arg(&config),
        "-out",
        &out,
    ]);
    out
}

#[test]
fn issuer_names_match_across_string_types_case_and_spaces() {
    let env = Env::new();
    env.key("root", common::KeyType::EcP256);
    env.key("client", common::KeyType::EcP256);
    // The anchor's subject: PrintableStrings, mixed case, a double space.
    let anchor = ca_with_encoding(
        &env,
        "anchor",
        "root.key",
        "/C=NL/O=Example  CA/CN=Name Test Root",
        "nombstr",
    );
    // The same CA (same key) named in UTF8Strings, other case and spacing: it signs the leaf,
    // so the leaf's issuer field is encoded this way. Only the anchor is given to certkit.
    let twin = ca_with_encoding(
        &env,
        "twin",
        "root.key",
        "/C=NL/O=example ca/CN=NAME   TEST ROOT",
        "utf8only",
    );
    let ext = env.write("client.ext", Spec::client().extensions);
    env.openssl(&[
        "req",
        "-new",
        "-key",
        "client.key",
        "-subj",
        "/CN=client.example.com",
        "-out",
        "client.csr",
    ]);
    env.openssl(&[
        "x509",
        "-req",
        "-in",
        "client.csr",
        "-CA",
        &twin,
        "-CAkey",
        "root.key",
        "-CAcreateserial",
        "-days",
        "365",
        "-extfile",
        &arg(&ext),
        "-out",
        "client.pem",
    ]);
    let raw = |file: &str, field: &str| {
        let out = env.openssl(&[
            "x509",
            "-in",
            file,
            "-noout",
            field,
            "-nameopt",
            "dump_all,sep_comma_plus",
        ]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    // The encodings really differ (dumped as hex DER values).
    assert_ne!(
        raw(&anchor, "-subject").trim_start_matches("subject="),
        raw("client.pem", "-issuer").trim_start_matches("issuer=")
    );

    let now = "--at=2027-01-01T00:00:00Z";
    let (code, report) = verify(&env, &["client.pem", "--ca", &anchor, now]);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(report.path.len(), 2);
    assert!(report.path[1].trusted);
    assert!(report.path[1].origin.source.ends_with("anchor.pem"));

    // Through a hashed directory too (OpenSSL's name hash is over the canonical form).
    std::fs::create_dir(env.path("roots")).unwrap();
    std::fs::copy(env.path(&anchor), env.path("roots/anchor.pem")).unwrap();
    env.openssl(&["rehash", "roots"]);
    let (code, report) = verify(&env, &["client.pem", "--capath", "roots", now]);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(
        report.path[1].origin.kind,
        certkit::verify::OriginKind::Directory
    );

    // openssl agrees.
    env.openssl(&[
        "verify",
        "-CAfile",
        &anchor,
        "-attime",
        "1798761600",
        "client.pem",
    ]);
}
