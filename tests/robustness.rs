//! Damaged input never panics: every truncation and thousands of random bit flips of each kind
//! of file the loader reads, fed to `certkit::decode::load` in-process under `catch_unwind`,
//! then a smaller sample through the real binary, whose exit code must be 0, 1 (read in part)
//! or 2.
//!
//! The fixtures are made by the openssl CLI at test time (low PBKDF2 iteration counts keep each
//! attempt cheap; the code paths are the same). The random numbers come from a fixed-seed
//! xorshift generator, so a failure reproduces exactly.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use certkit::error::ErrorKind;
use certkit::model::Bundle;
use certkit::password::Passwords;
use common::Env;

const PASSWORD: &str = "Rb7-robust-pw";
/// Random mutations per fixture in-process, and the sample run through the binary.
const FLIPS: usize = 2500;
const BINARY_SAMPLE: usize = 12;

/// xorshift64*: tiny, deterministic, good enough to pick bits.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One kind of input, as real tools write it.
struct Fixture {
    name: &'static str,
    bytes: Vec<u8>,
    /// PEM text may survive some truncations (a cut final newline); binary formats never do.
    binary: bool,
}

fn fixture(kind: &str) -> (Env, Fixture) {
    let env = Env::new();
    let pki = env.pki();
    let leaf = pki.leaf.cert.display().to_string();
    let key = pki.leaf.key.display().to_string();
    let pass = format!("pass:{PASSWORD}");
    let chain = env.concat(
        "chain.pem",
        &[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert],
    );
    let chain = chain.display().to_string();
    let (name, file, binary): (&'static str, String, bool) = match kind {
        "pem-cert" => ("PEM certificate", leaf.clone(), false),
        "pem-chain-key" => {
            env.concat(
                "chain-key.pem",
                &[
                    &pki.leaf.cert,
                    &pki.intermediate.cert,
                    &pki.root.cert,
                    &pki.leaf.key,
                ],
            );
            ("PEM chain and key", "chain-key.pem".into(), false)
        }
        "pem-encrypted-key" => {
            env.openssl(&[
                "pkcs8",
                "-topk8",
                "-in",
                &key,
                "-out",
                "enc.key",
                "-passout",
                &pass,
                "-v2",
                "aes-256-cbc",
                "-iter",
                "16",
            ]);
            env.openssl(&[
                "ec", "-in", &key, "-aes256", "-passout", &pass, "-out", "trad.key",
            ]);
            env.concat(
                "enc.pem",
                &[&pki.leaf.cert, &env.path("enc.key"), &env.path("trad.key")],
            );
            ("encrypted PEM keys", "enc.pem".into(), false)
        }
        "der-cert" => {
            env.to_der(&pki.leaf.cert, "leaf.cer");
            ("DER certificate", "leaf.cer".into(), true)
        }
        "pkcs7" => {
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
            ("PKCS#7", "chain.p7b".into(), true)
        }
        "pkcs12-modern" => {
            env.pkcs12(
                "modern.pfx",
                &pki.leaf,
                &[&pki.intermediate],
                PASSWORD,
                &["-iter", "16"],
            );
            ("PKCS#12 (OpenSSL 3 default)", "modern.pfx".into(), true)
        }
        "pkcs12-legacy" => {
            env.pkcs12(
                "legacy.pfx",
                &pki.leaf,
                &[&pki.intermediate],
                PASSWORD,
                &["-legacy", "-iter", "16"],
            );
            ("PKCS#12 (-legacy)", "legacy.pfx".into(), true)
        }
        "der-pkcs8" => {
            env.openssl(&[
                "pkcs8", "-topk8", "-in", &key, "-nocrypt", "-outform", "DER", "-out", "key.p8",
            ]);
            ("DER PKCS#8 key", "key.p8".into(), true)
        }
        "der-pkcs8-encrypted" => {
            env.openssl(&[
                "pkcs8",
                "-topk8",
                "-in",
                &key,
                "-outform",
                "DER",
                "-out",
                "key-enc.p8",
                "-passout",
                &pass,
                "-v2",
                "aes-128-cbc",
                "-iter",
                "16",
            ]);
            ("encrypted DER PKCS#8 key", "key-enc.p8".into(), true)
        }
        other => panic!("unknown fixture {other}"),
    };
    let bytes = env.read(&file);
    (
        env,
        Fixture {
            name,
            bytes,
            binary,
        },
    )
}

/// Loads `bytes` under `catch_unwind`; a panic becomes `Err(description)`. Every error message
/// is also checked for the password.
fn load(bytes: &[u8]) -> Result<Result<Bundle, certkit::error::Error>, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let passwords = Passwords::fixed(Some(PASSWORD));
        let loaded = certkit::decode::load(bytes, None, &passwords);
        if let Ok(bundle) = &loaded {
            // What every command does next with a bundle.
            let now = time::OffsetDateTime::now_utc();
            let _ = certkit::verify::bundle::roles(bundle, now);
            let _ = certkit::verify::bundle::chain_order(bundle, now);
            let _ = bundle.key_matches_leaf();
            for cert in &bundle.certificates {
                let _ = cert.sha1_hex();
                let _ = cert.parsed();
            }
            let now = time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_970);
            let _ = certkit::ops::inspect::inspect_bundle(String::new(), bundle, now);
        }
        loaded
    }));
    match outcome {
        Ok(Err(e)) if e.message.contains(PASSWORD) => {
            Err(format!("password in error message: {}", e.message))
        }
        Ok(result) => Ok(result),
        Err(panic) => Err(panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())),
    }
}

/// A random mutation: one bit most of the time, else 2 to 8 bits anywhere in the file. For PEM
/// text, every other mutation flips bits in the DER inside one block and encodes it again, so
/// that the damage reaches the certificate and key parsers instead of only the base64 decoder.
fn mutate(bytes: &[u8], binary: bool, rng: &mut Rng) -> (Vec<u8>, String) {
    if !binary && rng.below(2) == 0 {
        let mut blocks = pem::parse_many(bytes).expect("the intact fixture is valid PEM");
        let i = rng.below(blocks.len());
        let (der, what) = flip_bits(blocks[i].contents(), rng);
        let mut block = pem::Pem::new(blocks[i].tag(), der);
        for (name, value) in blocks[i].headers().iter() {
            block.headers_mut().add(name, value).unwrap();
        }
        blocks[i] = block;
        return (
            pem::encode_many(&blocks).into_bytes(),
            format!("block {i} DER {what}"),
        );
    }
    flip_bits(bytes, rng)
}

fn flip_bits(bytes: &[u8], rng: &mut Rng) -> (Vec<u8>, String) {
    let mut out = bytes.to_vec();
    let bits = if rng.below(10) < 6 {
        1
    } else {
        2 + rng.below(7)
    };
    let mut what = Vec::new();
    for _ in 0..bits {
        let at = rng.below(out.len());
        let bit = rng.below(8);
        out[at] ^= 1 << bit;
        what.push(format!("{at}.{bit}"));
    }
    (out, format!("bits {}", what.join(",")))
}

fn robust(kind: &str, seed: u64) {
    let (env, fx) = fixture(kind);
    let whole =
        load(&fx.bytes).unwrap_or_else(|p| panic!("{}: panic on the intact file: {p}", fx.name));
    assert!(
        whole.is_ok(),
        "{}: the intact file must load: {:?}",
        fx.name,
        whole.err()
    );

    let mut failures = Vec::new();
    // Every truncation.
    for len in 0..fx.bytes.len() {
        match load(&fx.bytes[..len]) {
            Err(panic) => failures.push(format!("truncated to {len}: {panic}")),
            Ok(Ok(_)) if fx.binary => {
                failures.push(format!("truncated to {len} bytes but loaded as if whole"))
            }
            Ok(Err(e))
                if fx.binary
                    && !matches!(
                        e.kind,
                        ErrorKind::Malformed | ErrorKind::NotCertificateMaterial
                    ) =>
            {
                failures.push(format!(
                    "truncated to {len}: kind {} ({})",
                    e.kind, e.message
                ))
            }
            Ok(_) => {}
        }
    }
    // Random bit flips.
    let mut rng = Rng::new(seed);
    let mut samples = Vec::new();
    let mut loaded_anyway = 0;
    for i in 0..FLIPS {
        let (bytes, what) = mutate(&fx.bytes, fx.binary, &mut rng);
        match load(&bytes) {
            Err(panic) => failures.push(format!("{what}: {panic}")),
            Ok(Ok(_)) => loaded_anyway += 1,
            Ok(Err(_)) => {}
        }
        if i % (FLIPS / BINARY_SAMPLE) == 0 {
            samples.push((bytes, what));
        }
    }
    assert!(
        failures.is_empty(),
        "{}: {} of {} damaged inputs failed, first ones:\n{}",
        fx.name,
        failures.len(),
        fx.bytes.len() + FLIPS,
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // Some flips land in signatures or padding and load fine; most must not.
    assert!(loaded_anyway < FLIPS, "{}: every mutation loaded", fx.name);

    // A sample through the real binary: exit 0, 1 or 2, never a crash, no panic text.
    let mut rng = Rng::new(seed ^ 0xA5A5);
    for _ in 0..BINARY_SAMPLE {
        let len = rng.below(fx.bytes.len());
        samples.push((fx.bytes[..len].to_vec(), format!("truncated to {len}")));
    }
    for (i, (bytes, what)) in samples.iter().enumerate() {
        let file = format!("sample-{i}.bin");
        env.write(&file, bytes);
        let out = env
            .certkit()
            .args(["inspect", &file, "--password", PASSWORD])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            // 1: read in part (a damaged key block next to readable certificates).
            matches!(out.status.code(), Some(0) | Some(1) | Some(2)),
            "{} {what}: exit {:?}\n{stderr}",
            fx.name,
            out.status
        );
        assert!(!stderr.contains("panicked"), "{} {what}: {stderr}", fx.name);
        assert!(!stderr.contains(PASSWORD), "{} {what}: {stderr}", fx.name);
    }
}

#[test]
fn pem_certificate() {
    robust("pem-cert", 1);
}

#[test]
fn pem_chain_and_key() {
    robust("pem-chain-key", 2);
}

#[test]
fn pem_encrypted_keys() {
    robust("pem-encrypted-key", 3);
}

#[test]
fn der_certificate() {
    robust("der-cert", 4);
}

#[test]
fn pkcs7() {
    robust("pkcs7", 5);
}

#[test]
fn pkcs12_modern() {
    robust("pkcs12-modern", 6);
}

#[test]
fn pkcs12_legacy() {
    robust("pkcs12-legacy", 7);
}

#[test]
fn der_pkcs8() {
    robust("der-pkcs8", 8);
}

#[test]
fn der_pkcs8_encrypted() {
    robust("der-pkcs8-encrypted", 9);
}

/// The first crash cargo-fuzz found: a certificate x509-parser accepts but OpenSSL refuses
/// (invalid UTF-8 in a name) once made the key match panic.
#[test]
fn certificate_that_only_one_parser_accepts() {
    let env = Env::new();
    let pki = env.pki();
    env.to_der(&pki.leaf.cert, "leaf.der");
    let mut der = env.read("leaf.der");
    let cn = b"client.example.com";
    let at = der
        .windows(cn.len())
        .position(|w| w == cn)
        .expect("the subject CN in the DER");
    assert_eq!(der[at - 2], 0x0C, "the CN is a UTF8String");
    der[at + 3] = 0xFF; // not valid UTF-8
    let mut pem = pem_block("CERTIFICATE", &der);
    pem.extend(std::fs::read(&pki.leaf.key).unwrap());
    for bytes in [der.clone(), pem] {
        match load(&bytes) {
            Err(panic) => panic!("panicked: {panic}"),
            Ok(Ok(_)) => panic!("a certificate OpenSSL cannot parse was accepted"),
            Ok(Err(e)) => assert_eq!(e.kind, ErrorKind::Malformed, "{}", e.message),
        }
    }
}

fn pem_block(label: &str, der: &[u8]) -> Vec<u8> {
    let out = std::process::Command::new("openssl")
        .args(["base64", "-e"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(der)?;
            child.wait_with_output()
        })
        .unwrap();
    let mut text = format!("-----BEGIN {label}-----\n").into_bytes();
    text.extend(out.stdout);
    text.extend(format!("-----END {label}-----\n").into_bytes());
    text
}
