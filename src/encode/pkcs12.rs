//! PKCS#12 output through OpenSSL's `PKCS12_create`, in one of two documented profiles.
//!
//! - `modern`: PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256 for the certificates and the key,
//!   SHA-256 MAC, 10000 iterations: OpenSSL 1.1.1+/3.x, Windows 10 1709+/Server 2019+,
//!   Java 8u301+/11.0.12+/12+.
//! - `legacy`: pbeWithSHAAnd3-KeyTripleDES-CBC for the certificates and the key, SHA-1 MAC,
//!   2048 iterations: also Windows Server 2016 and older, old Java, macOS before 26.
//!
//! Either profile takes the classic PKCS#12 MAC (every reader) or, with [`MacKind::Pbmac1`], a
//! PBMAC1 MAC (RFC 9579: HMAC-SHA-256 keyed by PBKDF2-HMAC-SHA256), which FIPS 140-3
//! environments ask for and OpenSSL 3.4+, recent GnuTLS and Python's cryptography verify.
//! OpenSSL 3.0 cannot write it, so certkit computes it over the authenticated safe OpenSSL wrote
//! and replaces the MacData.
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

/// The integrity check of a written PKCS#12 file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MacKind {
    /// The PKCS#12 MAC of the profile (SHA-256 or SHA-1).
    Classic,
    /// PBMAC1 (RFC 9579): HMAC-SHA-256 with PBKDF2-HMAC-SHA256.
    Pbmac1,
}

impl MacKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MacKind::Classic => "classic",
            MacKind::Pbmac1 => "pbmac1",
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
pub fn encode(
    contents: &Contents<'_>,
    password: &str,
    profile: Profile,
    mac: MacKind,
) -> Result<Vec<u8>> {
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
    let der = pkcs12.to_der().map_err(openssl_failed)?;
    match mac {
        MacKind::Classic => Ok(der),
        MacKind::Pbmac1 => with_pbmac1(&der, password, iterations),
    }
}

/// Replaces the MAC of a PKCS#12 file by a PBMAC1 MAC over the same authenticated safe. As RFC
/// 9579 recommends, `macData.macSalt` and `macData.iterations` (ignored by readers) are "NOT
/// USED" and 1; the real salt and count are in the PBKDF2 parameters.
fn with_pbmac1(der: &[u8], password: &str, iterations: u32) -> Result<Vec<u8>> {
    use ::der::asn1::OctetString;
    use ::der::{Decode, Encode};
    use ::pkcs12::cms::cert::x509::spki::AlgorithmIdentifierOwned;

    let failed = |what: &str| {
        Error::new(
            ErrorKind::UnsupportedAlgorithm,
            format!("certkit could not add the PBMAC1 MAC ({what})"),
        )
    };
    let mut pfx = ::pkcs12::Pfx::from_der(der).map_err(|_| failed("reading OpenSSL's output"))?;
    let content = pfx
        .auth_safe
        .content
        .to_der()
        .ok()
        .and_then(|d| OctetString::from_der(&d).ok())
        .ok_or_else(|| failed("the authenticated safe"))?;
    let mut salt = vec![0u8; 16];
    openssl::rand::rand_bytes(&mut salt).map_err(openssl_failed)?;
    let pbmac1 = crate::decode::pbmac1::Pbmac1::sha256(salt, iterations.into());
    let value = pbmac1.compute(password.as_bytes(), content.as_bytes())?;
    let params = ::der::Any::from_der(&pbmac1.params_der()?).map_err(|_| failed("parameters"))?;
    pfx.mac_data = Some(::pkcs12::MacData {
        mac: ::pkcs12::DigestInfo {
            algorithm: AlgorithmIdentifierOwned {
                oid: crate::model::oids::ID_PBMAC1,
                parameters: Some(params),
            },
            digest: OctetString::new(value).map_err(|_| failed("MAC value"))?,
        },
        mac_salt: OctetString::new(b"NOT USED".to_vec()).map_err(|_| failed("salt"))?,
        iterations: 1,
    });
    pfx.to_der().map_err(|_| failed("encoding"))
}

fn openssl_failed(e: openssl::error::ErrorStack) -> Error {
    Error::new(
        ErrorKind::UnsupportedAlgorithm,
        format!("OpenSSL could not build the PKCS#12 file ({e})"),
    )
}
