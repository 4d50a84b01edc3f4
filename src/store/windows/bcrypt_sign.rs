//! The CNG key blobs ([`crate::store::cng_blob`]) imported into in-memory BCrypt keys and used
//! to sign, with every signature verified by OpenSSL against the public key. wine persists no
//! CNG key (`NCryptImportKey` with a name returns NTE_NOT_SUPPORTED), but its BCrypt imports and
//! signs in one process: so the bytes that real Windows persists for `--key-provider cng` are
//! proven here to be the key, in the layout CNG reads. Run under wine by tests/windows/run.sh
//! (the cross-built lib test executable, filtered to `bcrypt_sign`).

use std::ffi::c_void;
use std::ptr;

use openssl::bn::BigNum;
use openssl::ecdsa::EcdsaSig;
use openssl::hash::{hash, MessageDigest};
use openssl::nid::Nid;
use openssl::pkey::PKey;
use openssl::rsa::{Padding, Rsa};
use openssl::sign::{RsaPssSaltlen, Verifier};
use windows_sys::Win32::Security::Cryptography::{
    BCryptCloseAlgorithmProvider, BCryptDestroyKey, BCryptImportKeyPair,
    BCryptOpenAlgorithmProvider, BCryptSignHash, BCRYPT_PAD_PKCS1, BCRYPT_PAD_PSS,
    BCRYPT_PKCS1_PADDING_INFO, BCRYPT_PSS_PADDING_INFO,
};

use super::crypt32::wide;
use super::ncrypt_sign::{verifies, Scheme as CngScheme};
use crate::model::PrivateKey;
use crate::store::cng_blob::{private_key_blob, CngKeyBlob};

const MESSAGE: &[u8] = b"certkit: the CNG blob signs as the key it came from";

/// How to sign: the padding information structure and flags `BCryptSignHash` takes.
enum Scheme {
    Pkcs1,
    Pss,
    Ecdsa,
}

/// Imports `blob` into BCrypt and signs the SHA-256 digest of [`MESSAGE`] by `scheme`.
fn bcrypt_sign(blob: &CngKeyBlob, scheme: Scheme) -> Vec<u8> {
    let algorithm = wide(blob.algorithm);
    let blob_type = wide(blob.blob_type);
    let sha256 = wide("SHA256");
    let digest = hash(MessageDigest::sha256(), MESSAGE).unwrap();
    let pkcs1 = BCRYPT_PKCS1_PADDING_INFO {
        pszAlgId: sha256.as_ptr(),
    };
    let pss = BCRYPT_PSS_PADDING_INFO {
        pszAlgId: sha256.as_ptr(),
        cbSalt: 32,
    };
    let (padding, flags): (*const c_void, _) = match scheme {
        Scheme::Pkcs1 => (&pkcs1 as *const _ as *const c_void, BCRYPT_PAD_PKCS1),
        Scheme::Pss => (&pss as *const _ as *const c_void, BCRYPT_PAD_PSS),
        Scheme::Ecdsa => (ptr::null(), 0),
    };
    let mut alg = ptr::null_mut();
    let mut key = ptr::null_mut();
    let mut signature = vec![0u8; 1024];
    let mut len = 0u32;
    // SAFETY: every string is NUL-terminated and outlives the calls; the blob, digest and
    // signature buffers are valid for the lengths given; both handles are released below.
    unsafe {
        let status = BCryptOpenAlgorithmProvider(&mut alg, algorithm.as_ptr(), ptr::null(), 0);
        assert_eq!(status, 0, "BCryptOpenAlgorithmProvider({})", blob.algorithm);
        let status = BCryptImportKeyPair(
            alg,
            ptr::null_mut(),
            blob_type.as_ptr(),
            &mut key,
            blob.bytes.as_ptr(),
            blob.bytes.len() as u32,
            0,
        );
        assert_eq!(
            status, 0,
            "BCryptImportKeyPair({}, {}): 0x{status:08X}",
            blob.algorithm, blob.blob_type
        );
        let status = BCryptSignHash(
            key,
            padding,
            digest.as_ptr(),
            digest.len() as u32,
            signature.as_mut_ptr(),
            signature.len() as u32,
            &mut len,
            flags,
        );
        BCryptDestroyKey(key);
        BCryptCloseAlgorithmProvider(alg, 0);
        assert_eq!(
            status, 0,
            "BCryptSignHash({}): 0x{status:08X}",
            blob.algorithm
        );
    }
    signature.truncate(len as usize);
    signature
}

fn rsa() -> PrivateKey {
    PrivateKey::new(PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap())
}

fn ec(nid: Nid) -> PrivateKey {
    let group = openssl::ec::EcGroup::from_curve_name(nid).unwrap();
    PrivateKey::new(PKey::from_ec_key(openssl::ec::EcKey::generate(&group).unwrap()).unwrap())
}

#[test]
fn bcrypt_sign_rsa_pkcs1_sha256_verifies_with_openssl() {
    let key = rsa();
    let signature = bcrypt_sign(&private_key_blob(&key).unwrap(), Scheme::Pkcs1);
    let mut verifier = Verifier::new(MessageDigest::sha256(), &key.key).unwrap();
    verifier.set_rsa_padding(Padding::PKCS1).unwrap();
    assert!(verifier.verify_oneshot(&signature, MESSAGE).unwrap());
    // And not for another message: the check can fail.
    assert!(!verifier.verify_oneshot(&signature, b"other").unwrap());
    // check-private-key's verification of a CNG key's signature agrees.
    assert!(verifies(&key.key, CngScheme::Pkcs1, &signature, MESSAGE));
    assert!(!verifies(&key.key, CngScheme::Pss, &signature, MESSAGE));
}

#[test]
fn bcrypt_sign_rsa_pss_sha256_verifies_with_openssl() {
    let key = rsa();
    let signature = bcrypt_sign(&private_key_blob(&key).unwrap(), Scheme::Pss);
    let mut verifier = Verifier::new(MessageDigest::sha256(), &key.key).unwrap();
    verifier.set_rsa_padding(Padding::PKCS1_PSS).unwrap();
    verifier.set_rsa_mgf1_md(MessageDigest::sha256()).unwrap();
    verifier
        .set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)
        .unwrap();
    assert!(verifier.verify_oneshot(&signature, MESSAGE).unwrap());
    assert!(verifies(&key.key, CngScheme::Pss, &signature, MESSAGE));
    assert!(!verifies(&key.key, CngScheme::Pss, &signature, b"other"));
}

/// Signs with an EC key of `nid` (field `size` bytes) through BCrypt; OpenSSL verifies.
fn ecdsa_round_trip(nid: Nid, size: usize) {
    let key = ec(nid);
    let raw = bcrypt_sign(&private_key_blob(&key).unwrap(), Scheme::Ecdsa);
    // CNG writes r || s, each the field's size; OpenSSL verifies DER.
    assert_eq!(raw.len(), 2 * size, "{nid:?}");
    let r = BigNum::from_slice(&raw[..size]).unwrap();
    let s = BigNum::from_slice(&raw[size..]).unwrap();
    let der = EcdsaSig::from_private_components(r, s)
        .unwrap()
        .to_der()
        .unwrap();
    let mut verifier = Verifier::new(MessageDigest::sha256(), &key.key).unwrap();
    assert!(verifier.verify_oneshot(&der, MESSAGE).unwrap(), "{nid:?}");
    assert!(!verifier.verify_oneshot(&der, b"other").unwrap(), "{nid:?}");
    // check-private-key's verification of a CNG key's r || s agrees.
    assert!(
        verifies(&key.key, CngScheme::Ecdsa, &raw, MESSAGE),
        "{nid:?}"
    );
    assert!(
        !verifies(&key.key, CngScheme::Ecdsa, &raw, b"other"),
        "{nid:?}"
    );
}

#[test]
fn bcrypt_sign_ecdsa_p256_verifies_with_openssl() {
    ecdsa_round_trip(Nid::X9_62_PRIME256V1, 32);
}

/// Windows only in practice: wine 8's BCrypt refuses a P-384 private blob
/// (STATUS_NOT_SUPPORTED), so tests/windows/run.sh skips this one.
#[test]
fn bcrypt_sign_ecdsa_p384_verifies_with_openssl() {
    ecdsa_round_trip(Nid::SECP384R1, 48);
}
