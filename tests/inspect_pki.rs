//! `inspect` of certificate requests (PKCS#10, PEM and DER) and OCSP requests and responses,
//! made at test time with `openssl req`, `openssl ocsp` (a real responder run on an index
//! file) and `openssl ca -gencrl`; and a folder of valid PKI files (certificates, keys, CSRs,
//! CRL, OCSP) exits 0 with each of them recognised.

mod common;

use common::{json, Env};

fn setup(env: &Env) {
    env.openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "ca.key",
        "-subj",
        "/CN=Test CA",
        "-days",
        "3650",
        "-out",
        "ca.pem",
    ]);
    env.openssl(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-384",
        "-nodes",
        "-keyout",
        "leaf.key",
        "-subj",
        "/CN=leaf, Inc./O=Example",
        "-addext",
        "subjectAltName=DNS:leaf.example,IP:10.0.0.1",
        "-addext",
        "extendedKeyUsage=clientAuth",
        "-addext",
        "keyUsage=critical,digitalSignature",
        "-out",
        "leaf.csr",
    ]);
    env.openssl(&[
        "req",
        "-in",
        "leaf.csr",
        "-outform",
        "DER",
        "-out",
        "leaf-csr.der",
    ]);
    env.openssl(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-days",
        "3650",
        "-set_serial",
        "0x1234",
        "-out",
        "leaf.pem",
    ]);
    env.openssl(&[
        "ocsp",
        "-issuer",
        "ca.pem",
        "-cert",
        "leaf.pem",
        "-reqout",
        "req.ocsp",
        "-no_nonce",
    ]);
    // The index says serial 1234 is revoked on 2027-01-02.
    env.write(
        "index.txt",
        "R\t351231000000Z\t270102030405Z,keyCompromise\t1234\tunknown\t/CN=leaf\n",
    );
    env.openssl(&[
        "ocsp",
        "-index",
        "index.txt",
        "-rsigner",
        "ca.pem",
        "-rkey",
        "ca.key",
        "-CA",
        "ca.pem",
        "-reqin",
        "req.ocsp",
        "-respout",
        "resp.ocsp",
        "-ndays",
        "7",
    ]);
}

fn first_input(env: &Env, file: &str) -> serde_json::Value {
    let out = env
        .certkit()
        .args(["--json", "inspect", file])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)["inputs"][0].clone()
}

#[test]
fn certificate_requests_in_pem_and_der_are_inspected() {
    let env = Env::new();
    setup(&env);
    for file in ["leaf.csr", "leaf-csr.der"] {
        let input = first_input(&env, file);
        let csr = &input["csrs"][0];
        assert_eq!(csr["subject"], "CN=leaf\\, Inc., O=Example", "{input}");
        assert_eq!(csr["key"]["algorithm"], "EC");
        assert_eq!(csr["key"]["curve"], "P-384");
        assert_eq!(csr["signature_valid"], true);
        assert_eq!(
            csr["subject_alt_names"],
            serde_json::json!(["DNS:leaf.example", "IP:10.0.0.1"])
        );
        assert_eq!(csr["extended_key_usage"], serde_json::json!(["clientAuth"]));
        assert_eq!(csr["key_usage"], serde_json::json!(["digitalSignature"]));
    }
    // A request whose signature was changed no longer verifies with its own key.
    let mut der = env.read("leaf-csr.der");
    let last = der.len() - 3;
    der[last] ^= 0x01;
    env.write("tampered.der", &der);
    let input = first_input(&env, "tampered.der");
    assert_eq!(input["csrs"][0]["signature_valid"], false, "{input}");
    let human = env
        .certkit()
        .args(["inspect", "tampered.der"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("INVALID"));
}

#[test]
fn ocsp_requests_and_responses_are_summarised() {
    let env = Env::new();
    setup(&env);
    let input = first_input(&env, "req.ocsp");
    assert_eq!(input["ocsp"]["kind"], "request", "{input}");
    assert_eq!(input["ocsp"]["certificates"][0]["serial"], "1234");
    let input = first_input(&env, "resp.ocsp");
    let ocsp = &input["ocsp"];
    assert_eq!(ocsp["kind"], "response", "{input}");
    assert_eq!(ocsp["response_status"], "successful");
    assert_eq!(ocsp["responder"], "CN=Test CA");
    assert!(ocsp["produced_at"].as_str().unwrap().ends_with('Z'));
    let c = &ocsp["certificates"][0];
    assert_eq!(c["serial"], "1234");
    assert_eq!(c["status"], "revoked");
    assert_eq!(c["revocation_time"], "2027-01-02T03:04:05Z");
    assert!(c["next_update"].is_string(), "{c}");
}

#[test]
fn a_folder_of_valid_pki_files_exits_0() {
    let env = Env::new();
    setup(&env);
    std::fs::write(env.path("crlnumber"), "01\n").unwrap();
    env.write(
        "ca.cnf",
        "[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ncrlnumber=crlnumber\ndefault_md=sha256\ndefault_crl_days=7\n",
    );
    env.openssl(&[
        "ca", "-gencrl", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem", "-out",
        "ca.crl",
    ]);
    let dir = env.path("pki");
    std::fs::create_dir(&dir).unwrap();
    for f in [
        "ca.pem",
        "leaf.pem",
        "leaf.csr",
        "leaf-csr.der",
        "req.ocsp",
        "resp.ocsp",
        "ca.crl",
    ] {
        std::fs::copy(env.path(f), dir.join(f)).unwrap();
    }
    let out = env
        .certkit()
        .args(["--json", "inspect", "pki"])
        .output()
        .unwrap();
    let doc = json(&out);
    assert_eq!(out.status.code(), Some(0), "{doc:#}");
    assert_eq!(doc["summary"]["inputs_read"], 7, "{doc:#}");
    assert_eq!(doc["summary"]["failed"], 0);
    assert_eq!(doc["summary"]["skipped"], 0);
    let human = env.certkit().args(["inspect", "pki"]).output().unwrap();
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("OCSP response") && text.contains("Certificate request"),
        "{text}"
    );
}
