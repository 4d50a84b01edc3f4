//! PBES2 parts written by NSS 3.21 to 3.30: PBKDF2 took the password as the PKCS#12 BMPString
//! (big-endian UTF-16 with its terminator) where RFC 8018 and every other tool use UTF-8, and
//! NSS 3.29.5 named AES-128-CBC while deriving (PBKDF2 keyLength 32) and using a 32-byte key.
//! NSS still imports both (its test suite's TestOldCA.p12, "PBES2 with BMPString password",
//! and TestOldAES128CA.p12, "PBES2 with incorrect AES-128-CBC algorithm ID", nss/tests/tools);
//! OpenSSL fails with "bad decrypt" and "unsupported keylength".
//!
//! Used by src/decode/nss_pbes1.rs's rebuild, after the classic MAC has verified: the AES key
//! is PBKDF2(BMPString password, salt, iterations, keyLength or the cipher's size), the cipher
//! AES-CBC of that key size with the IV from the parameters.

use ::der::asn1::OctetString;
use ::der::oid::ObjectIdentifier;
use ::der::{Any, Decode, Encode};
use openssl::hash::MessageDigest;
use openssl::symm::{decrypt as symm_decrypt, Cipher};
use zeroize::Zeroizing;

use super::algorithms::AlgorithmId;
use crate::error::{Error, ErrorKind, Result};

const PBKDF2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.5.12");
const AES_128_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.2");
const AES_192_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.22");
const AES_256_CBC: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.1.42");

#[derive(::der::Sequence)]
struct Pbes2Params {
    kdf: AlgorithmId,
    encryption: AlgorithmId,
}

#[derive(::der::Sequence)]
struct Pbkdf2Params {
    salt: OctetString,
    iterations: u64,
    key_length: Option<u64>,
    prf: Option<AlgorithmId>,
}

fn unsupported(what: &str) -> Error {
    Error::new(
        ErrorKind::UnsupportedAlgorithm,
        format!("the file uses PBES2 with {what}, which certkit cannot decrypt"),
    )
}

fn malformed() -> Error {
    Error::new(
        ErrorKind::Malformed,
        "the PKCS#12 PBES2 parameters cannot be parsed",
    )
}

/// Decrypts one PBES2 part NSS's way; `None` when the padding is wrong.
pub(crate) fn decrypt(
    params: Option<&Any>,
    bmp_password: &[u8],
    data: &[u8],
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let der = params.and_then(|p| p.to_der().ok()).ok_or_else(malformed)?;
    let pbes2 = Pbes2Params::from_der(&der).map_err(|_| malformed())?;
    if pbes2.kdf.oid != PBKDF2 {
        return Err(unsupported(&format!(
            "the key derivation {}",
            pbes2.kdf.oid
        )));
    }
    let kdf = pbes2
        .kdf
        .parameters
        .as_ref()
        .and_then(|p| p.to_der().ok())
        .and_then(|d| Pbkdf2Params::from_der(&d).ok())
        .ok_or_else(malformed)?;
    super::algorithms::check_iterations([kdf.iterations])?;
    let digest = match kdf.prf.as_ref().map(|p| p.oid.to_string()).as_deref() {
        None | Some("1.2.840.113549.2.7") => MessageDigest::sha1(),
        Some("1.2.840.113549.2.9") => MessageDigest::sha256(),
        Some("1.2.840.113549.2.10") => MessageDigest::sha384(),
        Some("1.2.840.113549.2.11") => MessageDigest::sha512(),
        Some(other) => return Err(unsupported(&format!("the PRF {other}"))),
    };
    let named = match pbes2.encryption.oid {
        AES_128_CBC => 16,
        AES_192_CBC => 24,
        AES_256_CBC => 32,
        other => return Err(unsupported(&format!("the cipher {other}"))),
    };
    // NSS 3.29.5 derived and used keyLength bytes whatever AES the OID named.
    let key_len = kdf.key_length.map_or(named, |n| n as usize);
    let cipher = match key_len {
        16 => Cipher::aes_128_cbc(),
        24 => Cipher::aes_192_cbc(),
        32 => Cipher::aes_256_cbc(),
        n => return Err(unsupported(&format!("an AES key of {n} bytes"))),
    };
    let iv = pbes2
        .encryption
        .parameters
        .as_ref()
        .and_then(|p| p.to_der().ok())
        .and_then(|d| OctetString::from_der(&d).ok())
        .filter(|iv| iv.as_bytes().len() == 16)
        .ok_or_else(malformed)?;
    let mut key = Zeroizing::new(vec![0u8; key_len]);
    openssl::pkcs5::pbkdf2_hmac(
        bmp_password,
        kdf.salt.as_bytes(),
        kdf.iterations as usize,
        digest,
        &mut key,
    )
    .map_err(|_| unsupported("PBKDF2"))?;
    Ok(symm_decrypt(cipher, &key, Some(iv.as_bytes()), data)
        .ok()
        .map(Zeroizing::new))
}
