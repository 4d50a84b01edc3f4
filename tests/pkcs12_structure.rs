//! A PKCS#12 file whose structure is broken is refused as `malformed`, never as
//! `wrong_password`: the password is only called wrong when the MAC or the decryption proves it.
//!
//! The broken files are real OpenSSL files (`openssl pkcs12 -export`, SHA-256 MAC) with one
//! element of their DER replaced, as a faulty writer would produce them; where the edit lies
//! under the MAC, the MAC is computed again (RFC 7292 appendix B key derivation, HMAC-SHA-256)
//! so that the right password still verifies it and only the structure is wrong.

mod common;

use certkit::error::ErrorKind;
use certkit::password::Passwords;
use common::{json, Env};
use openssl::hash::{hash, MessageDigest};
use openssl::pkey::PKey;
use openssl::sign::Signer;

const PASSWORD: &str = "Structure-pw1";

// ---------------------------------------------------------------------------------------------
// A minimal DER tree: enough to find an element by its path and re-encode with new lengths.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct Tlv {
    tag: u8,
    value: Vec<u8>,
}

impl Tlv {
    fn parse(bytes: &[u8]) -> (Tlv, usize) {
        let tag = bytes[0];
        let (len, header) = if bytes[1] < 0x80 {
            (bytes[1] as usize, 2)
        } else {
            let n = (bytes[1] & 0x7f) as usize;
            let len = bytes[2..2 + n]
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | *b as usize);
            (len, 2 + n)
        };
        (
            Tlv {
                tag,
                value: bytes[header..header + len].to_vec(),
            },
            header + len,
        )
    }

    fn encode(&self) -> Vec<u8> {
        let len = self.value.len();
        let mut out = vec![self.tag];
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .into_iter()
                .skip_while(|b| *b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
        out.extend(&self.value);
        out
    }

    fn children(&self) -> Vec<Tlv> {
        let mut out = Vec::new();
        let mut rest = &self.value[..];
        while !rest.is_empty() {
            let (child, used) = Tlv::parse(rest);
            out.push(child);
            rest = &rest[used..];
        }
        out
    }

    fn with_children(&self, children: &[Tlv]) -> Tlv {
        Tlv {
            tag: self.tag,
            value: children.iter().flat_map(Tlv::encode).collect(),
        }
    }

    /// Replaces the element at `path` (child indexes; an OCTET STRING on the way is entered as
    /// the DER it holds) by what `edit` makes of it.
    fn edit(&self, path: &[usize], edit: &dyn Fn(&Tlv) -> Tlv) -> Tlv {
        let Some((&first, rest)) = path.split_first() else {
            return edit(self);
        };
        if self.tag == 0x04 {
            let (inner, _) = Tlv::parse(&self.value);
            return Tlv {
                tag: 0x04,
                value: inner.edit(path, edit).encode(),
            };
        }
        let mut children = self.children();
        children[first] = children[first].edit(rest, edit);
        self.with_children(&children)
    }

    fn at(&self, path: &[usize]) -> Tlv {
        match path.split_first() {
            None => self.clone(),
            Some(_) if self.tag == 0x04 => Tlv::parse(&self.value).0.at(path),
            Some((&first, rest)) => self.children()[first].at(rest),
        }
    }
}

// Paths in an `openssl pkcs12 -export` file: PFX → authSafe [1] → content [0] → OCTET STRING →
// AuthenticatedSafe; its second ContentInfo is the plain `data` safe with the shrouded key bag.
const AUTH_SAFE_OCTETS: [usize; 3] = [1, 1, 0];
const KEY_BAG: [usize; 7] = [1, 1, 0, 1, 1, 0, 0];
const MAC_DATA: [usize; 1] = [2];

// ---------------------------------------------------------------------------------------------
// The classic PKCS#12 MAC (RFC 7292 appendix B.2 key derivation with SHA-256, then HMAC).
// ---------------------------------------------------------------------------------------------

fn pkcs12_kdf_sha256(password: &str, salt: &[u8], iterations: usize) -> Vec<u8> {
    const U: usize = 32;
    const V: usize = 64;
    let mut pass: Vec<u8> = password.encode_utf16().flat_map(u16::to_be_bytes).collect();
    pass.extend([0, 0]);
    let stretch = |s: &[u8]| -> Vec<u8> {
        let n = s.len().div_ceil(V) * V;
        s.iter().cycle().take(n).copied().collect()
    };
    let input: Vec<u8> = [stretch(salt), stretch(&pass)].concat();
    let mut a = [vec![3u8; V], input].concat();
    for _ in 0..iterations {
        a = hash(MessageDigest::sha256(), &a).unwrap().to_vec();
    }
    a.truncate(U);
    a
}

/// Recomputes the SHA-256 MAC of a PFX for `password`, keeping its salt and iterations.
fn remac(pfx: &Tlv, password: &str) -> Tlv {
    let content = pfx.at(&AUTH_SAFE_OCTETS).value;
    let mac_data = pfx.at(&MAC_DATA).children();
    let salt = mac_data[1].value.clone();
    let iterations = mac_data[2]
        .value
        .iter()
        .fold(0usize, |acc, b| (acc << 8) | *b as usize);
    let key = pkcs12_kdf_sha256(password, &salt, iterations);
    let mut signer = Signer::new(MessageDigest::sha256(), &PKey::hmac(&key).unwrap()).unwrap();
    signer.update(&content).unwrap();
    let mac = signer.sign_to_vec().unwrap();
    pfx.edit(&[2, 0, 1], &|_| Tlv {
        tag: 0x04,
        value: mac.clone(),
    })
}

// ---------------------------------------------------------------------------------------------

fn openssl_pfx(env: &Env) -> Tlv {
    let pki = env.pki();
    let file = env.pkcs12("real.pfx", &pki.leaf, &[&pki.intermediate], PASSWORD, &[]);
    let bytes = std::fs::read(file).unwrap();
    Tlv::parse(&bytes).0
}

fn load_kind(bytes: &[u8], password: &str) -> Result<(), ErrorKind> {
    certkit::decode::load(bytes, None, &Passwords::fixed(Some(password)))
        .map(|_| ())
        .map_err(|e| e.kind)
}

const NULL: Tlv = Tlv {
    tag: 0x05,
    value: Vec::new(),
};

fn boolean() -> Tlv {
    Tlv {
        tag: 0x01,
        value: vec![0xff],
    }
}

#[test]
fn remac_reproduces_openssls_own_mac() {
    // The helper is only trusted if it computes exactly what OpenSSL wrote.
    let env = Env::new();
    let pfx = openssl_pfx(&env);
    assert_eq!(remac(&pfx, PASSWORD).encode(), pfx.encode());
    assert_eq!(load_kind(&pfx.encode(), PASSWORD), Ok(()));
    assert_eq!(
        load_kind(&pfx.encode(), "not it"),
        Err(ErrorKind::WrongPassword)
    );
}

#[test]
fn broken_bag_attributes_under_a_valid_mac_are_malformed() {
    let env = Env::new();
    let pfx = openssl_pfx(&env);
    let attributes: Vec<usize> = [&KEY_BAG[..], &[2]].concat();
    let attribute_list = pfx.at(&attributes).children();
    assert!(
        !attribute_list.is_empty(),
        "openssl writes key bag attributes"
    );

    let cases: Vec<(&str, Tlv)> = vec![
        // Each attribute's values: a NULL where the SET of values belongs.
        (
            "NULL instead of an attribute's SET of values",
            pfx.edit(&[&attributes[..], &[0, 1]].concat(), &|_| NULL),
        ),
        // The value inside the SET: a BOOLEAN where the BMPString / OCTET STRING belongs.
        (
            "BOOLEAN instead of an attribute value",
            pfx.edit(&[&attributes[..], &[0, 1, 0]].concat(), &|_| boolean()),
        ),
        // The attribute type: a NULL where the OID belongs.
        (
            "NULL instead of an attribute type",
            pfx.edit(&[&attributes[..], &[0, 0]].concat(), &|_| NULL),
        ),
        // The whole attribute SET: a BOOLEAN.
        (
            "BOOLEAN instead of the attribute SET",
            pfx.edit(&attributes, &|_| boolean()),
        ),
        // The shrouded key: a NULL where the EncryptedPrivateKeyInfo belongs.
        (
            "NULL instead of the encrypted key",
            pfx.edit(&[&KEY_BAG[..], &[1, 0]].concat(), &|_| NULL),
        ),
        // The encrypted key's ciphertext: a BOOLEAN where the OCTET STRING belongs.
        (
            "BOOLEAN instead of the key's ciphertext",
            pfx.edit(&[&KEY_BAG[..], &[1, 0, 1]].concat(), &|_| boolean()),
        ),
    ];
    for (what, broken) in cases {
        let broken = remac(&broken, PASSWORD).encode();
        assert_eq!(
            load_kind(&broken, PASSWORD),
            Err(ErrorKind::Malformed),
            "{what}, right password"
        );
        // A wrong password cannot be told apart by the MAC, but the structure is checked first
        // or the result is still a password error, never an opened file.
        assert!(
            matches!(
                load_kind(&broken, "not it"),
                Err(ErrorKind::Malformed | ErrorKind::WrongPassword)
            ),
            "{what}, wrong password"
        );
    }
}

#[test]
fn a_broken_certificate_bag_under_a_valid_mac_is_malformed_not_a_wrong_password() {
    // Certificates in an unencrypted safe (`-certpbe NONE`): the first ContentInfo of the
    // authenticated safe is then plain data, and its first bag is the leaf's CertBag.
    let env = Env::new();
    let pki = env.pki();
    let file = env.pkcs12(
        "plain-certs.pfx",
        &pki.leaf,
        &[],
        PASSWORD,
        &["-certpbe", "NONE"],
    );
    let pfx = Tlv::parse(&std::fs::read(file).unwrap()).0;
    assert_eq!(load_kind(&pfx.encode(), PASSWORD), Ok(()));
    // SafeBag → [0] → CertBag → certValue [0] → the certificate's OCTET STRING.
    let cert_octets = [1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0];
    assert_eq!(pfx.at(&cert_octets).tag, 0x04);
    for (what, replacement) in [("NULL", NULL), ("BOOLEAN", boolean())] {
        let broken = remac(&pfx.edit(&cert_octets, &|_| replacement.clone()), PASSWORD);
        assert_eq!(
            load_kind(&broken.encode(), PASSWORD),
            Err(ErrorKind::Malformed),
            "{what} instead of the certificate's OCTET STRING"
        );
    }
    // The certificate's bytes themselves garbled (still an OCTET STRING).
    let garbled = pfx.edit(&cert_octets, &|t| Tlv {
        tag: 0x04,
        value: t.value.iter().map(|b| b ^ 0x5a).collect(),
    });
    assert_eq!(
        load_kind(&remac(&garbled, PASSWORD).encode(), PASSWORD),
        Err(ErrorKind::Malformed)
    );
}

#[test]
fn unexpected_types_in_the_outer_structure_and_truncated_mac_data_are_malformed() {
    let env = Env::new();
    let pfx = openssl_pfx(&env);
    let cases: Vec<(&str, Tlv)> = vec![
        (
            "NULL instead of the authenticated safe's OCTET STRING",
            pfx.edit(&AUTH_SAFE_OCTETS, &|_| NULL),
        ),
        (
            "BOOLEAN instead of the MAC salt's OCTET STRING",
            pfx.edit(&[2, 1], &|_| boolean()),
        ),
        (
            "MAC value cut to 16 bytes",
            pfx.edit(&[2, 0, 1], &|t| Tlv {
                tag: 0x04,
                value: t.value[..16].to_vec(),
            }),
        ),
        (
            "MAC data without its digest",
            pfx.edit(&MAC_DATA, &|t| t.with_children(&t.children()[1..])),
        ),
        (
            "NULL instead of the MAC data",
            pfx.edit(&MAC_DATA, &|_| NULL),
        ),
    ];
    for (what, broken) in cases {
        let broken = broken.encode();
        assert_eq!(
            load_kind(&broken, PASSWORD),
            Err(ErrorKind::Malformed),
            "{what}"
        );
    }
    // The file cut inside its MAC data.
    let whole = pfx.encode();
    assert_eq!(
        load_kind(&whole[..whole.len() - 20], PASSWORD),
        Err(ErrorKind::Malformed)
    );
}

#[test]
fn the_binary_reports_malformed_in_json_with_one_line_on_stderr() {
    let env = Env::new();
    let pfx = openssl_pfx(&env);
    let attributes: Vec<usize> = [&KEY_BAG[..], &[2, 0, 1, 0]].concat();
    let broken = remac(&pfx.edit(&attributes, &|_| boolean()), PASSWORD).encode();
    let file = env.write("broken.pfx", broken);
    let out = env
        .certkit()
        .args(["--json", "inspect", "--password", PASSWORD])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["inputs"][0]["error"]["kind"], "malformed", "{doc}");
    let out = env
        .certkit()
        .args(["inspect", "--password", PASSWORD])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!stderr.contains(PASSWORD));
}
