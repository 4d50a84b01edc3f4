//! PKCS#12 output through OpenSSL's `PKCS12_create`, in one of two documented profiles.
//!
//! - `modern`: PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256 for the certificates and the key,
//!   SHA-256 MAC, 10000 iterations: OpenSSL 1.1.1+/3.x, Windows 10 1709+/Server 2019+,
//!   Java 8u301+/11.0.12+/12+.
//! - `legacy`: pbeWithSHAAnd3-KeyTripleDES-CBC for the certificates and the key, SHA-1 MAC,
//!   2048 iterations: also Windows Server 2016 and older, old Java, macOS before 26.
//!
//! The leaf certificate and the key carry the friendly name and a localKeyId (the SHA-1 of the
//! leaf) that ties them together, as Windows and Java expect.

use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkcs12::Pkcs12;
use openssl::stack::Stack;
use openssl::x509::X509;
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Certificate, PrivateKey};

/// Iterations of the modern profile (key derivation and MAC): Java's default, well inside
/// Windows' limit of 600,000 for the MAC.
pub const MODERN_ITERATIONS: u32 = 10_000;
/// Iterations of the legacy profile: what Windows and OpenSSL write.
pub const LEGACY_ITERATIONS: u32 = 2048;

/// Which readers the file is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Modern,
    Legacy,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Modern => "modern",
            Profile::Legacy => "legacy",
        }
    }

    /// One line for people: the algorithms this profile writes.
    pub fn summary(self) -> &'static str {
        match self {
            Profile::Modern => "AES-256-CBC with PBKDF2-HMAC-SHA256, SHA-256 MAC, 10000 iterations",
            Profile::Legacy => "3DES (pbeWithSHAAnd3-KeyTripleDES-CBC), SHA-1 MAC, 2048 iterations",
        }
    }

    fn settings(self) -> (Nid, MessageDigest, u32) {
        match self {
            Profile::Modern => (Nid::AES_256_CBC, MessageDigest::sha256(), MODERN_ITERATIONS),
            Profile::Legacy => (
                Nid::PBE_WITHSHA1AND3_KEY_TRIPLEDES_CBC,
                MessageDigest::sha1(),
                LEGACY_ITERATIONS,
            ),
        }
    }
}

/// What goes into one PKCS#12 file.
pub struct Contents<'a> {
    /// The private key; it must belong to `leaf`.
    pub key: Option<&'a PrivateKey>,
    /// The leaf certificate (the one the key belongs to), if any.
    pub leaf: Option<&'a Certificate>,
    /// The other certificates, in the order they are to be written (leaf → root).
    pub chain: Vec<&'a Certificate>,
    /// friendlyName of the leaf certificate and the key.
    pub friendly_name: Option<&'a str>,
}

/// Builds the DER bytes of a PKCS#12 file.
pub fn encode(contents: &Contents<'_>, password: &str, profile: Profile) -> Result<Vec<u8>> {
    // OpenSSL takes C strings: a NUL would end them early (and panic in the binding).
    if password.contains('\0') {
        return Err(Error::new(
            ErrorKind::Usage,
            "the new password contains a NUL character, which PKCS#12 cannot encode",
        ));
    }
    if contents.friendly_name.is_some_and(|n| n.contains('\0')) {
        return Err(Error::new(
            ErrorKind::Usage,
            "the friendly name contains a NUL character",
        ));
    }
    if contents.key.is_some() && contents.leaf.is_none() {
        return Err(Error::new(
            ErrorKind::Usage,
            "a PKCS#12 file with a private key needs the certificate that belongs to it",
        ));
    }
    let (nid, mac_md, iterations) = profile.settings();
    let mut builder = Pkcs12::builder();
    builder
        .key_algorithm(nid)
        .cert_algorithm(nid)
        .key_iter(iterations)
        .mac_iter(iterations)
        .mac_md(mac_md);
    if let Some(name) = contents.friendly_name {
        builder.name(name);
    }
    if let Some(key) = contents.key {
        builder.pkey(&key.key);
    }
    if let Some(leaf) = contents.leaf {
        let leaf = leaf.to_openssl()?;
        builder.cert(&leaf);
    }
    if !contents.chain.is_empty() {
        let mut stack = Stack::<X509>::new().map_err(openssl_failed)?;
        for cert in &contents.chain {
            stack.push(cert.to_openssl()?).map_err(openssl_failed)?;
        }
        builder.ca(stack);
    }
    let pkcs12 = builder.build2(password).map_err(openssl_failed)?;
    pkcs12.to_der().map_err(openssl_failed)
}

fn openssl_failed(e: openssl::error::ErrorStack) -> Error {
    Error::new(
        ErrorKind::UnsupportedAlgorithm,
        format!("OpenSSL could not build the PKCS#12 file ({e})"),
    )
}
