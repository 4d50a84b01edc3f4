//! The CNG key blobs of RSA and EC private keys, as `NCryptImportKey` (the Microsoft Software
//! Key Storage Provider) and `BCryptImportKeyPair` take them: `BCRYPT_RSAFULLPRIVATE_BLOB` and
//! `BCRYPT_ECCPRIVATE_BLOB` (bcrypt.h). Plain bytes, so they are built and tested on every
//! platform; the Windows store hands them to CNG, and the tests read them back into OpenSSL
//! keys to prove nothing was lost or reordered.
//!
//! Why blobs and not PKCS#8 (`NCRYPT_PKCS8_PRIVATE_KEY_BLOB`): the same bytes import into an
//! in-memory BCrypt key, which wine implements, so the blob that real Windows persists is the
//! blob the wine tests sign with.

use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};
use crate::model::PrivateKey;

/// `BCRYPT_RSAFULLPRIVATE_MAGIC` ("RSA3").
const RSA_FULL_PRIVATE_MAGIC: u32 = 0x3341_5352;
/// `BCRYPT_ECDSA_PRIVATE_P256_MAGIC` ("ECS2").
const ECDSA_PRIVATE_P256_MAGIC: u32 = 0x3253_4345;
/// `BCRYPT_ECDSA_PRIVATE_P384_MAGIC` ("ECS4").
const ECDSA_PRIVATE_P384_MAGIC: u32 = 0x3453_4345;
/// `BCRYPT_ECDSA_PRIVATE_P521_MAGIC` ("ECS6").
const ECDSA_PRIVATE_P521_MAGIC: u32 = 0x3653_4345;

/// The size of `BCRYPT_RSAKEY_BLOB` (six `ULONG`s).
const RSA_HEADER: usize = 24;
/// The size of `BCRYPT_ECCKEY_BLOB` (two `ULONG`s).
const ECC_HEADER: usize = 8;

/// A private key in the form CNG imports.
pub struct CngKeyBlob {
    /// The blob type `NCryptImportKey` is told (`BCRYPT_RSAFULLPRIVATE_BLOB`,
    /// `BCRYPT_ECCPRIVATE_BLOB`).
    pub blob_type: &'static str,
    /// The CNG algorithm identifier the key has once imported (`RSA`, `ECDSA_P256`, …).
    pub algorithm: &'static str,
    pub bytes: Zeroizing<Vec<u8>>,
}

/// The curves CNG's named ECDSA blobs cover: (OpenSSL NID, algorithm id, magic, field bytes).
const CURVES: [(openssl::nid::Nid, &str, u32, usize); 3] = [
    (
        openssl::nid::Nid::X9_62_PRIME256V1,
        "ECDSA_P256",
        ECDSA_PRIVATE_P256_MAGIC,
        32,
    ),
    (
        openssl::nid::Nid::SECP384R1,
        "ECDSA_P384",
        ECDSA_PRIVATE_P384_MAGIC,
        48,
    ),
    (
        openssl::nid::Nid::SECP521R1,
        "ECDSA_P521",
        ECDSA_PRIVATE_P521_MAGIC,
        66,
    ),
];

fn unsupported(key: &PrivateKey) -> Error {
    Error::new(
        ErrorKind::UnsupportedAlgorithm,
        format!(
            "the Windows key storage takes RSA keys and EC keys on P-256, P-384 or P-521 (this key is {}); import into a store folder with --store DIR",
            key.description().algorithm
        ),
    )
}

/// The CNG blob of an RSA or EC (P-256, P-384, P-521) private key.
pub fn private_key_blob(key: &PrivateKey) -> Result<CngKeyBlob> {
    if let Ok(rsa) = key.key.rsa() {
        return rsa_blob(key, &rsa);
    }
    if let Ok(ec) = key.key.ec_key() {
        return ec_blob(key, &ec);
    }
    Err(unsupported(key))
}

fn rsa_blob(
    key: &PrivateKey,
    rsa: &openssl::rsa::Rsa<openssl::pkey::Private>,
) -> Result<CngKeyBlob> {
    let (Some(p), Some(q), Some(dp), Some(dq), Some(qi)) =
        (rsa.p(), rsa.q(), rsa.dmp1(), rsa.dmq1(), rsa.iqmp())
    else {
        // A key without its CRT parts cannot be written as a full private blob.
        return Err(unsupported(key));
    };
    let bits = rsa.n().num_bits() as usize;
    let modulus = bits.div_ceil(8);
    let prime = p.num_bytes().max(q.num_bytes()) as usize;
    let exponent = rsa.e().to_vec();
    let mut blob = Zeroizing::new(Vec::with_capacity(
        RSA_HEADER + exponent.len() + modulus * 2 + prime * 5,
    ));
    for field in [
        RSA_FULL_PRIVATE_MAGIC,
        bits as u32,
        exponent.len() as u32,
        modulus as u32,
        prime as u32,
        prime as u32,
    ] {
        blob.extend_from_slice(&field.to_le_bytes());
    }
    blob.extend_from_slice(&exponent);
    for (number, len) in [
        (rsa.n(), modulus),
        (p, prime),
        (q, prime),
        (dp, prime),
        (dq, prime),
        (qi, prime),
        (rsa.d(), modulus),
    ] {
        let bytes = Zeroizing::new(
            number
                .to_vec_padded(len as i32)
                .map_err(|_| unsupported(key))?,
        );
        blob.extend_from_slice(&bytes);
    }
    Ok(CngKeyBlob {
        blob_type: "RSAFULLPRIVATEBLOB",
        algorithm: "RSA",
        bytes: blob,
    })
}

fn ec_blob(
    key: &PrivateKey,
    ec: &openssl::ec::EcKey<openssl::pkey::Private>,
) -> Result<CngKeyBlob> {
    let nid = ec.group().curve_name().ok_or_else(|| unsupported(key))?;
    let &(_, algorithm, magic, size) = CURVES
        .iter()
        .find(|(curve, ..)| *curve == nid)
        .ok_or_else(|| unsupported(key))?;
    let mut ctx = openssl::bn::BigNumContext::new().map_err(|_| unsupported(key))?;
    let mut x = openssl::bn::BigNum::new().map_err(|_| unsupported(key))?;
    let mut y = openssl::bn::BigNum::new().map_err(|_| unsupported(key))?;
    ec.public_key()
        .affine_coordinates(ec.group(), &mut x, &mut y, &mut ctx)
        .map_err(|_| unsupported(key))?;
    let mut blob = Zeroizing::new(Vec::with_capacity(ECC_HEADER + size * 3));
    blob.extend_from_slice(&magic.to_le_bytes());
    blob.extend_from_slice(&(size as u32).to_le_bytes());
    for number in [&*x, &*y, ec.private_key()] {
        let bytes = Zeroizing::new(
            number
                .to_vec_padded(size as i32)
                .map_err(|_| unsupported(key))?,
        );
        blob.extend_from_slice(&bytes);
    }
    Ok(CngKeyBlob {
        blob_type: "ECCPRIVATEBLOB",
        algorithm,
        bytes: blob,
    })
}

/// Reads a blob made by [`private_key_blob`] (or exported by CNG in the same format) back into
/// an OpenSSL key. The tests use it to prove the round trip; it checks every length it reads.
#[cfg_attr(not(test), allow(dead_code))]
pub fn parse(blob: &[u8]) -> Result<PrivateKey> {
    let malformed = |what: &str| {
        Error::new(
            ErrorKind::Malformed,
            format!("the CNG key blob is damaged: {what}"),
        )
    };
    let word = |at: usize| -> Result<usize> {
        blob.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| malformed("it ends inside its header"))
    };
    let magic = word(0)? as u32;
    let mut at;
    let take = |len: usize, at: &mut usize| -> Result<openssl::bn::BigNum> {
        let bytes = blob
            .get(*at..*at + len)
            .ok_or_else(|| malformed("it ends inside a number"))?;
        *at += len;
        openssl::bn::BigNum::from_slice(bytes).map_err(|_| malformed("a number does not decode"))
    };
    let pkey = if magic == RSA_FULL_PRIVATE_MAGIC {
        let (exponent, modulus, prime1, prime2) = (word(8)?, word(12)?, word(16)?, word(20)?);
        at = RSA_HEADER;
        let e = take(exponent, &mut at)?;
        let n = take(modulus, &mut at)?;
        let p = take(prime1, &mut at)?;
        let q = take(prime2, &mut at)?;
        let dp = take(prime1, &mut at)?;
        let dq = take(prime2, &mut at)?;
        let qi = take(prime1, &mut at)?;
        let d = take(modulus, &mut at)?;
        let rsa = openssl::rsa::RsaPrivateKeyBuilder::new(n, e, d)
            .and_then(|b| b.set_factors(p, q))
            .and_then(|b| b.set_crt_params(dp, dq, qi))
            .map(|b| b.build())
            .map_err(|_| malformed("the RSA numbers do not form a key"))?;
        openssl::pkey::PKey::from_rsa(rsa)
    } else {
        let &(nid, ..) = CURVES
            .iter()
            .find(|(_, _, m, _)| *m == magic)
            .ok_or_else(|| {
                malformed("its magic number is neither an RSA nor an ECDSA private key")
            })?;
        let size = word(4)?;
        at = ECC_HEADER;
        let x = take(size, &mut at)?;
        let y = take(size, &mut at)?;
        let d = take(size, &mut at)?;
        let group = openssl::ec::EcGroup::from_curve_name(nid)
            .map_err(|_| malformed("its curve is unknown"))?;
        let mut ctx = openssl::bn::BigNumContext::new().map_err(|_| malformed("no memory"))?;
        let mut point = openssl::ec::EcPoint::new(&group).map_err(|_| malformed("no memory"))?;
        point
            .set_affine_coordinates_gfp(&group, &x, &y, &mut ctx)
            .map_err(|_| malformed("its public point is not on the curve"))?;
        let ec = openssl::ec::EcKey::from_private_components(&group, &d, &point)
            .and_then(|k| k.check_key().map(|_| k))
            .map_err(|_| malformed("its EC numbers do not form a key"))?;
        openssl::pkey::PKey::from_ec_key(ec)
    }
    .map_err(|_| malformed("the key does not decode"))?;
    if at != blob.len() {
        return Err(malformed("bytes follow the key"));
    }
    Ok(PrivateKey::new(pkey))
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::pkey::PKey;

    fn rsa(bits: u32) -> PrivateKey {
        PrivateKey::new(PKey::from_rsa(openssl::rsa::Rsa::generate(bits).unwrap()).unwrap())
    }

    fn ec(nid: openssl::nid::Nid) -> PrivateKey {
        let group = openssl::ec::EcGroup::from_curve_name(nid).unwrap();
        PrivateKey::new(PKey::from_ec_key(openssl::ec::EcKey::generate(&group).unwrap()).unwrap())
    }

    /// The header of an RSA blob names the sizes CNG checks, and the numbers come back whole,
    /// for an ordinary and two odd sizes.
    #[test]
    fn rsa_keys_round_trip() {
        for bits in [2048, 1025, 3071] {
            let key = rsa(bits);
            // OpenSSL may make a modulus a bit shorter than asked for odd sizes.
            let bits = key.key.rsa().unwrap().n().num_bits() as u32;
            let blob = private_key_blob(&key).unwrap();
            assert_eq!(blob.blob_type, "RSAFULLPRIVATEBLOB");
            assert_eq!(blob.algorithm, "RSA");
            assert_eq!(&blob.bytes[..4], b"RSA3");
            assert_eq!(
                u32::from_le_bytes(blob.bytes[4..8].try_into().unwrap()),
                bits
            );
            let modulus = (bits as usize).div_ceil(8);
            assert_eq!(
                u32::from_le_bytes(blob.bytes[12..16].try_into().unwrap()) as usize,
                modulus
            );
            let back = parse(&blob.bytes).unwrap();
            assert_eq!(*back.pkcs8_der(), *key.pkcs8_der(), "{bits} bits");
        }
    }

    #[test]
    fn ec_keys_round_trip_on_the_three_named_curves() {
        for (nid, algorithm, magic, size) in [
            (
                openssl::nid::Nid::X9_62_PRIME256V1,
                "ECDSA_P256",
                b"ECS2",
                32,
            ),
            (openssl::nid::Nid::SECP384R1, "ECDSA_P384", b"ECS4", 48),
            (openssl::nid::Nid::SECP521R1, "ECDSA_P521", b"ECS6", 66),
        ] {
            let key = ec(nid);
            let blob = private_key_blob(&key).unwrap();
            assert_eq!(blob.blob_type, "ECCPRIVATEBLOB");
            assert_eq!(blob.algorithm, algorithm);
            assert_eq!(&blob.bytes[..4], magic);
            assert_eq!(blob.bytes.len(), ECC_HEADER + 3 * size);
            let back = parse(&blob.bytes).unwrap();
            assert!(back.key.public_eq(&key.key), "{algorithm}");
            assert_eq!(
                back.key.ec_key().unwrap().private_key().to_vec(),
                key.key.ec_key().unwrap().private_key().to_vec()
            );
        }
    }

    #[test]
    fn other_curves_and_key_types_are_refused_with_a_hint() {
        let ed = PrivateKey::new(PKey::generate_ed25519().unwrap());
        let k1 = ec(openssl::nid::Nid::SECP256K1);
        for key in [ed, k1] {
            let err = private_key_blob(&key).err().expect("refused");
            assert_eq!(err.kind, ErrorKind::UnsupportedAlgorithm);
            assert!(err.message.contains("--store DIR"), "{}", err.message);
        }
    }

    #[test]
    fn damaged_blobs_are_refused_not_misread() {
        let blob = private_key_blob(&ec(openssl::nid::Nid::X9_62_PRIME256V1)).unwrap();
        assert!(parse(&blob.bytes[..blob.bytes.len() - 1]).is_err());
        let mut longer = blob.bytes.to_vec();
        longer.push(0);
        assert!(parse(&longer).is_err());
        let mut off_curve = blob.bytes.to_vec();
        off_curve[ECC_HEADER] ^= 1;
        assert!(parse(&off_curve).is_err());
        assert!(parse(b"RSA3").is_err());
    }
}
