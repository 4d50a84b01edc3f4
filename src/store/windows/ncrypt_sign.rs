//! The signature half of `check-private-key --entry` for a CNG key (one linked with provider
//! type 0, whichever tool stored it): the key signs a SHA-256 digest with `NCryptSignHash` —
//! RSA with PKCS#1 v1.5 and with PSS (what TLS 1.3 client authentication needs), EC with
//! ECDSA — and OpenSSL verifies every signature with the certificate's public key.
//! [`verifies`] is also what the BCrypt tests under wine check their signatures with
//! (`bcrypt_sign.rs`), so the conversion of CNG's `r || s` is exercised there.

use std::ffi::c_void;
use std::ptr;

use openssl::bn::BigNum;
use openssl::ecdsa::EcdsaSig;
use openssl::hash::{hash, MessageDigest};
use openssl::pkey::{Id, PKey, Public};
use openssl::rsa::Padding;
use openssl::sign::{RsaPssSaltlen, Verifier};
use windows_sys::Win32::Security::Cryptography::{
    NCryptSignHash, BCRYPT_PKCS1_PADDING_INFO, BCRYPT_PSS_PADDING_INFO, NCRYPT_PAD_PKCS1_FLAG,
    NCRYPT_PAD_PSS_FLAG, NCRYPT_SILENT_FLAG,
};

use crate::model::Certificate;

/// A SHA-256 signature made with the linked key and checked with the certificate.
pub(super) struct SignatureProof {
    pub(super) verified: bool,
    /// The key's own provider could hash SHA-256 (PROV_RSA_FULL cannot: NTE_BAD_ALGID).
    pub(super) own_provider: bool,
}

/// The challenge the key signs.
const CHALLENGE: &[u8] = b"certkit check-private-key: sign/verify round trip";

/// A signature scheme over a SHA-256 digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scheme {
    /// RSA PKCS#1 v1.5.
    Pkcs1,
    /// RSA-PSS, MGF1 with SHA-256, a 32-byte salt.
    Pss,
    /// ECDSA; CNG writes `r || s`, each the curve's field size.
    Ecdsa,
}

/// Whether `signature`, as CNG writes it for `scheme`, is a signature of `message`'s SHA-256
/// digest by the key of `public`.
pub(super) fn verifies(
    public: &PKey<impl openssl::pkey::HasPublic>,
    scheme: Scheme,
    signature: &[u8],
    message: &[u8],
) -> bool {
    let check = || -> Result<bool, openssl::error::ErrorStack> {
        let mut verifier = Verifier::new(MessageDigest::sha256(), public)?;
        match scheme {
            Scheme::Pkcs1 => {
                verifier.set_rsa_padding(Padding::PKCS1)?;
                verifier.verify_oneshot(signature, message)
            }
            Scheme::Pss => {
                verifier.set_rsa_padding(Padding::PKCS1_PSS)?;
                verifier.set_rsa_mgf1_md(MessageDigest::sha256())?;
                verifier.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)?;
                verifier.verify_oneshot(signature, message)
            }
            Scheme::Ecdsa => {
                if signature.is_empty() || !signature.len().is_multiple_of(2) {
                    return Ok(false);
                }
                let (r, s) = signature.split_at(signature.len() / 2);
                let der = EcdsaSig::from_private_components(
                    BigNum::from_slice(r)?,
                    BigNum::from_slice(s)?,
                )?
                .to_der()?;
                verifier.verify_oneshot(&der, message)
            }
        }
    };
    check().unwrap_or(false)
}

/// Signs [`CHALLENGE`]'s SHA-256 digest with the CNG key `key` by `scheme`.
fn sign(key: usize, scheme: Scheme) -> Option<Vec<u8>> {
    let digest = hash(MessageDigest::sha256(), CHALLENGE).ok()?;
    let sha256: Vec<u16> = "SHA256\0".encode_utf16().collect();
    let pkcs1 = BCRYPT_PKCS1_PADDING_INFO {
        pszAlgId: sha256.as_ptr(),
    };
    let pss = BCRYPT_PSS_PADDING_INFO {
        pszAlgId: sha256.as_ptr(),
        cbSalt: 32,
    };
    let (padding, flags): (*const c_void, u32) = match scheme {
        Scheme::Pkcs1 => (&pkcs1 as *const _ as *const c_void, NCRYPT_PAD_PKCS1_FLAG),
        Scheme::Pss => (&pss as *const _ as *const c_void, NCRYPT_PAD_PSS_FLAG),
        Scheme::Ecdsa => (ptr::null(), 0),
    };
    let mut len = 0u32;
    // SAFETY: a valid key handle; the padding structure and the strings it points to, the
    // digest and the output buffer are valid for the calls (the first asks for the size).
    unsafe {
        if NCryptSignHash(
            key,
            padding,
            digest.as_ptr(),
            digest.len() as u32,
            ptr::null_mut(),
            0,
            &mut len,
            flags | NCRYPT_SILENT_FLAG,
        ) != 0
        {
            return None;
        }
        let mut signature = vec![0u8; len as usize];
        if NCryptSignHash(
            key,
            padding,
            digest.as_ptr(),
            digest.len() as u32,
            signature.as_mut_ptr(),
            len,
            &mut len,
            flags | NCRYPT_SILENT_FLAG,
        ) != 0
        {
            return None;
        }
        signature.truncate(len as usize);
        Some(signature)
    }
}

/// The SHA-256 proof of a CNG key: every scheme its kind of key has signs, and OpenSSL
/// verifies each signature with `cert`'s public key.
pub(super) fn cng_sign_and_verify(key: usize, cert: &Certificate) -> SignatureProof {
    let public: Option<PKey<Public>> = cert.to_openssl().ok().and_then(|x| x.public_key().ok());
    let verified = public.is_some_and(|public| {
        let schemes: &[Scheme] = match public.id() {
            Id::RSA => &[Scheme::Pkcs1, Scheme::Pss],
            Id::EC => &[Scheme::Ecdsa],
            _ => &[],
        };
        !schemes.is_empty()
            && schemes.iter().all(|&scheme| {
                sign(key, scheme)
                    .is_some_and(|signature| verifies(&public, scheme, &signature, CHALLENGE))
            })
    });
    SignatureProof {
        verified,
        own_provider: true,
    }
}
