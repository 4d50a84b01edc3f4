//! Interop with Python's `cryptography` package: `pkcs12.load_key_and_certificates` reads
//! certkit's PKCS#12 files of both profiles, and certkit reads what
//! `serialize_key_and_certificates` writes (best available encryption, and 3DES with SHA-1);
//! it also verifies the PBMAC1 MAC certkit writes with `convert --mac pbmac1`.

mod common;

use common::*;

fn python(env: &Env, script: &str) -> String {
    let out = env.run("python3", &["-c", script]);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cryptography_reads_both_profiles() {
    let env = Env::new();
    let pki = env.pki();
    for profile in PROFILES {
        let file = format!("{profile}.pfx");
        certkit_pfx(&env, &pki, &file, profile, "secret-pw");
        let script = format!(
            r#"
import json
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.hazmat.primitives import serialization as s
data = open("{file}", "rb").read()
key, cert, extra = pkcs12.load_key_and_certificates(data, b"secret-pw")
both = pkcs12.load_pkcs12(data, b"secret-pw")
print(json.dumps({{
  "key_matches": key.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
     == cert.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo),
  "leaf": cert.subject.rfc4514_string(),
  "extra": [c.subject.rfc4514_string() for c in extra],
  "friendly_name": both.cert.friendly_name.decode(),
}}))
"#
        );
        let doc: serde_json::Value = serde_json::from_str(&python(&env, &script)).unwrap();
        assert_eq!(doc["key_matches"], true, "{doc}");
        assert_eq!(doc["leaf"], "O=certkit tests,CN=client.example.com");
        assert_eq!(doc["extra"].as_array().unwrap().len(), 2, "{doc}");
        assert_eq!(doc["friendly_name"], "client.example.com");
    }
}

#[test]
fn certkit_reads_what_cryptography_writes() {
    let env = Env::new();
    let pki = env.pki();
    let script = format!(
        r#"
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import (
    pkcs12, BestAvailableEncryption, PrivateFormat, load_pem_private_key)
key = load_pem_private_key(open("{key}", "rb").read(), None)
cert = x509.load_pem_x509_certificate(open("{leaf}", "rb").read())
cas = [x509.load_pem_x509_certificate(open(p, "rb").read()) for p in ("{inter}", "{root}")]
modern = pkcs12.serialize_key_and_certificates(b"py client", key, cert, cas, BestAvailableEncryption(b"secret-pw"))
open("py-modern.p12", "wb").write(modern)
legacy_enc = (PrivateFormat.PKCS12.encryption_builder().kdf_rounds(2048)
    .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC).hmac_hash(hashes.SHA1())
    .build(b"secret-pw"))
open("py-legacy.p12", "wb").write(pkcs12.serialize_key_and_certificates(b"py client", key, cert, cas, legacy_enc))
"#,
        key = pki.leaf.key.display(),
        leaf = pki.leaf.cert.display(),
        inter = pki.intermediate.cert.display(),
        root = pki.root.cert.display(),
    );
    python(&env, &script);
    for (name, cipher, mac) in [
        ("py-modern.p12", "AES-256-CBC", "SHA-256"),
        ("py-legacy.p12", "3DES-CBC", "SHA-1"),
    ] {
        assert_certkit_reads_chain(&env, &pki, &env.path(name), "secret-pw", 3);
        let input = certkit_reads(&env, &env.path(name), "secret-pw");
        assert_eq!(
            input["pkcs12"]["key_encryption"][0]["cipher"], cipher,
            "{input}"
        );
        assert_eq!(input["pkcs12"]["mac"]["algorithm"], mac, "{input}");
        assert_eq!(input["certificates"][0]["friendly_name"], "py client");
    }
}

#[test]
fn cryptography_reads_certkits_encrypted_pem_key_and_der_certificate() {
    let env = Env::new();
    let pki = env.pki();
    let pfx = certkit_pfx(&env, &pki, "client.pfx", "modern", "secret-pw");
    let pfx = pfx.display().to_string();
    certkit_ok(
        &env,
        &[
            "convert",
            &pfx,
            "--password",
            "secret-pw",
            "-o",
            "pair.pem",
            "--key-out",
            "pair.key",
            "--new-password",
            "key-pw",
        ],
    );
    certkit_ok(
        &env,
        &[
            "export",
            &pfx,
            "--password",
            "secret-pw",
            "--der",
            "leaf.cer",
        ],
    );
    let script = r#"
from cryptography import x509
from cryptography.hazmat.primitives import serialization as s
key = s.load_pem_private_key(open("pair.key", "rb").read(), b"key-pw")
certs = x509.load_pem_x509_certificates(open("pair.pem", "rb").read())
der = x509.load_der_x509_certificate(open("leaf.cer", "rb").read())
spki = lambda k: k.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
assert spki(key.public_key()) == spki(certs[0].public_key())
assert der == certs[0]
print(len(certs))
"#;
    assert_eq!(python(&env, script).trim(), "3");
}

#[test]
fn cryptography_verifies_certkits_pbmac1_output() {
    // `convert --mac pbmac1` (RFC 9579): Python's cryptography verifies the PBMAC1 MAC (it
    // refuses a wrong password), with warnings as errors so that a DER fault cannot hide behind
    // its BER fallback. The password is non-ASCII: PBMAC1 takes it as UTF-8.
    let env = Env::new();
    let pki = env.pki();
    let pfx = certkit_pfx(&env, &pki, "client.pfx", "modern", "secret-pw");
    let out = certkit_ok(
        &env,
        &[
            "--json",
            "convert",
            pfx.to_str().unwrap(),
            "--password",
            "secret-pw",
            "-o",
            "pbmac1.pfx",
            "--mac",
            "pbmac1",
            "--new-password",
            "Grüße-pw",
        ],
    );
    assert_eq!(json(&out)["mac"], "pbmac1");
    let script = r#"
import json, warnings
warnings.simplefilter("error")
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.hazmat.primitives import serialization as s
with open("pbmac1.pfx", "rb") as f:
    data = f.read()
both = pkcs12.load_pkcs12(data, "Grüße-pw".encode())
spki = lambda k: k.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
try:
    pkcs12.load_pkcs12(data, b"Grusse-pw")
    wrong = "opened"
except ValueError:
    wrong = "refused"
print(json.dumps({
  "key_matches": spki(both.key.public_key()) == spki(both.cert.certificate.public_key()),
  "leaf": both.cert.certificate.subject.rfc4514_string(),
  "extra": len(both.additional_certs),
  "wrong_password": wrong,
}))
"#;
    let doc: serde_json::Value = serde_json::from_str(&python(&env, script)).unwrap();
    assert_eq!(doc["key_matches"], true, "{doc}");
    assert_eq!(doc["leaf"], "O=certkit tests,CN=client.example.com");
    assert_eq!(doc["extra"], 2, "{doc}");
    assert_eq!(doc["wrong_password"], "refused");

    // certkit reads it back and names the MAC.
    let input = certkit_reads(&env, &env.path("pbmac1.pfx"), "Grüße-pw");
    assert_eq!(input["pkcs12"]["mac"]["algorithm"], "PBMAC1");
    assert_eq!(input["pkcs12"]["mac"]["pbmac1"]["prf"], "hmacWithSHA256");
    assert_eq!(input["pkcs12"]["mac"]["pbmac1"]["iterations"], 10000);

    // The legacy profile is for readers that cannot verify PBMAC1: refused as a usage error.
    let out = env
        .certkit()
        .args(["convert", pfx.to_str().unwrap(), "--password", "secret-pw"])
        .args(["-o", "legacy.pfx", "--profile", "legacy", "--mac", "pbmac1"])
        .args(["--new-password", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!env.path("legacy.pfx").exists());
}
