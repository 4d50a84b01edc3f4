//! Odd names render as OpenSSL and RFC 4514 write them, never as Rust debug text: a
//! non-string attribute value (a BIT STRING x500UniqueIdentifier) as `#` + DER hex, x400Address
//! and ediPartyName general names in readable form, a negative serial as a signed number with
//! its DER bytes. The certificates are made by the openssl CLI at test time: the SAN with
//! `asn1parse -genconf` and `-addext subjectAltName=DER:…`, the negative serial with
//! `-set_serial -1`, and the BIT STRING value by editing the DER OpenSSL wrote (inspect does not
//! need the signature to verify).

mod common;

use common::{json, Env};

/// A GeneralNames value with one x400Address and one ediPartyName, as `asn1parse -genconf`
/// builds it.
const ODD_SAN: &str = "asn1=SEQUENCE:gns
[gns]
x400=IMPLICIT:3,SEQUENCE:oraddr
edi=IMPLICIT:5,SEQUENCE:edi
[oraddr]
std=SEQUENCE:bsa
[bsa]
c=EXPLICIT:1A,PRINTABLESTRING:DE
admd=EXPLICIT:2A,PRINTABLESTRING:ADMD1
prmd=EXPLICIT:2C,PRINTABLESTRING:Example
org=IMPLICIT:3C,PRINTABLESTRING:Example Org
[edi]
na=EXPLICIT:0C,UTF8String:Assigner
pn=EXPLICIT:1C,UTF8String:Party, Inc.
";

fn inspect(env: &Env, file: &str) -> (String, serde_json::Value) {
    let human = env.certkit().args(["inspect", file]).output().unwrap();
    assert!(human.status.success(), "{human:?}");
    let out = env
        .certkit()
        .args(["inspect", "--json", file])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(human.stdout).unwrap();
    for debug in ["X400Address(", "EDIPartyName(", "Any {", "Header {"] {
        assert!(!text.contains(debug), "debug text in human output:\n{text}");
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains(debug),
            "debug text in JSON output"
        );
    }
    (text, json(&out))
}

fn self_signed(env: &Env, name: &str, extra: &[&str]) {
    let mut args = vec![
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        "k.pem",
        "-days",
        "1",
        "-out",
    ];
    let out = format!("{name}.pem");
    args.push(&out);
    args.extend(extra);
    env.openssl(&args);
}

#[test]
fn x400_address_and_edi_party_name_read_as_text() {
    let env = Env::new();
    env.write("san.cnf", ODD_SAN);
    env.openssl(&[
        "asn1parse",
        "-genconf",
        "san.cnf",
        "-out",
        "san.der",
        "-noout",
    ]);
    let ext = format!("subjectAltName=DER:{}", hex::encode(env.read("san.der")));
    self_signed(&env, "odd", &["-subj", "/CN=odd", "-addext", &ext]);
    let (text, doc) = inspect(&env, "odd.pem");
    let sans = &doc["inputs"][0]["certificates"][0]["subject_alt_names"];
    assert_eq!(
        sans,
        &serde_json::json!([
            "X400Name:C=DE; ADMD=ADMD1; PRMD=Example; O=Example Org",
            "EdiPartyName:nameAssigner=Assigner, partyName=Party\\, Inc."
        ])
    );
    assert!(
        text.contains("EdiPartyName:nameAssigner=Assigner"),
        "{text}"
    );
}

#[test]
fn a_bit_string_attribute_value_is_hash_hex_of_its_der_as_openssl_writes_it() {
    let env = Env::new();
    self_signed(
        &env,
        "uid",
        &[
            "-subj",
            "/CN=a, b/x500UniqueIdentifier=abc",
            "-outform",
            "DER",
        ],
    );
    // Replace the UTF8String "abc" OpenSSL wrote (subject and issuer) by BIT STRING 00 AB CD.
    let der = env.read("uid.pem");
    let (old, new) = ([0x0c, 3, b'a', b'b', b'c'], [0x03, 3, 0x00, 0xab, 0xcd]);
    let mut edited = der.clone();
    let mut replaced = 0;
    for i in 0..der.len() - old.len() {
        if der[i..i + old.len()] == old {
            edited[i..i + old.len()].copy_from_slice(&new);
            replaced += 1;
        }
    }
    assert_eq!(replaced, 2, "subject and issuer each hold the value once");
    env.write("uid.der", &edited);
    let openssl = env.openssl(&[
        "x509", "-in", "uid.der", "-inform", "DER", "-noout", "-subject", "-nameopt", "RFC2253",
    ]);
    let openssl = String::from_utf8(openssl.stdout).unwrap();
    assert!(openssl.contains("#030300ABCD"), "{openssl}");
    let (_, doc) = inspect(&env, "uid.der");
    let cert = &doc["inputs"][0]["certificates"][0];
    // Same value text as OpenSSL, and RFC 4514's escaping of the comma in the CN.
    assert_eq!(cert["subject"], "CN=a\\, b, uniqueIdentifier=#030300ABCD");
    assert_eq!(cert["issuer"], cert["subject"]);
}

#[test]
fn a_negative_serial_is_a_signed_number_with_its_der_bytes() {
    let env = Env::new();
    self_signed(&env, "neg", &["-subj", "/CN=neg", "-set_serial", "-1"]);
    self_signed(&env, "big", &["-subj", "/CN=big", "-set_serial", "-0x0102"]);
    self_signed(&env, "pos", &["-subj", "/CN=pos", "-set_serial", "255"]);
    let (text, doc) = inspect(&env, "neg.pem");
    let cert = &doc["inputs"][0]["certificates"][0];
    assert_eq!(cert["serial"], "FF");
    assert_eq!(cert["serial_decimal"], "-1");
    assert_eq!(cert["serial_negative"], true);
    assert!(text.contains("-1 (negative: DER bytes FF"), "{text}");
    let (_, doc) = inspect(&env, "big.pem");
    let cert = &doc["inputs"][0]["certificates"][0];
    assert_eq!(cert["serial"], "FEFE");
    assert_eq!(cert["serial_decimal"], "-258");
    let (text, doc) = inspect(&env, "pos.pem");
    let cert = &doc["inputs"][0]["certificates"][0];
    assert_eq!(cert["serial"], "00FF");
    assert_eq!(cert["serial_decimal"], "255");
    assert_eq!(cert["serial_negative"], false);
    assert!(!text.contains("negative"), "{text}");
}

/// One DER element of `input`: (header length, total length).
fn element(input: &[u8]) -> (usize, usize) {
    let first = input[1] as usize;
    if first < 0x80 {
        return (2, 2 + first);
    }
    let n = first & 0x7f;
    let len = input[2..2 + n]
        .iter()
        .fold(0usize, |a, &b| (a << 8) | b as usize);
    (2 + n, 2 + n + len)
}

/// `tag` + DER length of `content` + `content`.
fn wrap(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = content.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend([0x81, len as u8]);
    } else {
        out.extend([0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend_from_slice(content);
    out
}

/// The children of a constructed element's contents.
fn children(mut contents: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while !contents.is_empty() {
        let (_, total) = element(contents);
        out.push(contents[..total].to_vec());
        contents = &contents[total..];
    }
    out
}

/// A DSA key whose parameters are absent from the certificate (RFC 3279 2.3.2: inherited from
/// the issuer) is `DSA` of unknown size, not `id-dsa` of 0 bits, and its size is not guessed.
#[test]
fn a_dsa_key_with_inherited_parameters_says_dsa_and_that_its_size_is_unknown() {
    let env = Env::new();
    env.openssl(&[
        "genpkey",
        "-genparam",
        "-algorithm",
        "DSA",
        "-pkeyopt",
        "dsa_paramgen_bits:2048",
        "-out",
        "dsa.params",
    ]);
    env.openssl(&["genpkey", "-paramfile", "dsa.params", "-out", "dsa.key"]);
    env.openssl(&[
        "req", "-x509", "-key", "dsa.key", "-subj", "/CN=dsa", "-days", "1", "-outform", "DER",
        "-out", "dsa.der",
    ]);
    // Certificate → TBSCertificate → SubjectPublicKeyInfo (the 7th field after [0] version):
    // drop the parameters from its AlgorithmIdentifier and re-encode the lengths around it.
    let der = env.read("dsa.der");
    let (header, _) = element(&der);
    let mut cert = children(&der[header..]);
    let (tbs_header, _) = element(&cert[0]);
    let mut tbs = children(&cert[0][tbs_header..]);
    let spki_index = 6;
    let (spki_header, _) = element(&tbs[spki_index]);
    let spki = children(&tbs[spki_index][spki_header..]);
    let (alg_header, _) = element(&spki[0]);
    let alg = children(&spki[0][alg_header..]);
    assert_eq!(
        alg[0],
        [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01],
        "id-dsa"
    );
    let new_alg = wrap(0x30, &alg[0]);
    tbs[spki_index] = wrap(0x30, &[new_alg, spki[1].clone()].concat());
    cert[0] = wrap(0x30, &tbs.concat());
    env.write("inherited.der", wrap(0x30, &cert.concat()));

    let (text, doc) = inspect(&env, "inherited.der");
    let key = &doc["inputs"][0]["certificates"][0]["key"];
    assert_eq!(key["algorithm"], "DSA", "{doc}");
    assert_eq!(key["bits"], 0);
    assert!(
        key["size_unknown"].as_str().unwrap().contains("inherited"),
        "{key}"
    );
    assert!(text.contains("DSA (size unknown)"), "{text}");
    assert!(
        !text.contains("id-dsa") && !text.contains("dsaEncryption"),
        "{text}"
    );
}
