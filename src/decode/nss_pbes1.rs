//! PKCS#12 files whose safes or key bags NSS encrypted with a PKCS#5 v1 DES algorithm
//! (pbeWithSHA1AndDES-CBC, pbeWithMD5AndDES-CBC, pbeWithMD2AndDES-CBC), as `pk12util -c/-C`
//! writes them. NSS imports such files; OpenSSL and p12-keystore refuse them ("bad decrypt"),
//! because NSS does not derive the key as PKCS#5 says:
//!
//! - the password is the PKCS#12 one (BMPString, big-endian UTF-16 with a two-byte zero
//!   terminator), not the raw bytes: NSS treats these PKCS#5 algorithms like the PKCS#12 PBEs
//!   when they appear in a PKCS#12 file;
//! - the salt is used whole (pk12util writes 16 bytes; PKCS#5 defines 8);
//! - PBKDF1 (hash of password then salt, re-hashed iteration-1 times) gives the DES key in its
//!   first 8 bytes and the IV in its **last** 8 bytes: for SHA-1 that is bytes 12..20, where
//!   PKCS#5 takes bytes 8..16 (for MD5 and MD2 the two agree).
//!
//! Key bags under Netscape's pre-standard PKCS#12 v1 OID "PKCS #12 PBE With SHA-1 and Triple
//! DES-CBC" (1.2.840.113549.1.12.5.1.3), which Netscape and NSS before 3.4 wrote, are derived the
//! same way (PBKDF1-SHA-1 over BMPString password || salt), extended to 32 bytes with HMAC as
//! lowpbe.c's `nsspkcs5_PFXPBE` does: the 3DES key is the first 24 bytes, the IV the last 8.
//! When that key does not decrypt the bag, the "faulty 3DES" derivation of old NSS is tried, as
//! NSS's own import does (lib/pk11wrap/pk11akey.c): the first hash input zero-padded to the hash
//! length when password and salt are shorter.
//!
//! These parts are decrypted here, and the file is rebuilt without MAC and with those parts in
//! clear, for the ordinary reader to finish; the caller verifies the MAC on the original bytes
//! first. Written from NSS's behaviour (lib/softoken/lowpbe.c, lib/pkcs12/p12d.c) and checked
//! against files NSS 3.87 writes (tests/nss_quirks.rs).

use ::der::asn1::OctetString;
use ::der::oid::db::rfc5911::{ID_DATA, ID_ENCRYPTED_DATA};
use ::der::oid::ObjectIdentifier;
use ::der::{Any, Decode, Encode};
use ::pkcs12::pfx::Pfx;
use ::pkcs12::safe_bag::{SafeBag, SafeContents};
use cms::content_info::ContentInfo;
use openssl::hash::{hash, MessageDigest};
use openssl::symm::{decrypt, Cipher};
use pkcs5::pbes1::{
    PBE_WITH_MD2_AND_DES_CBC_OID, PBE_WITH_MD5_AND_DES_CBC_OID, PBE_WITH_SHA1_AND_DES_CBC_OID,
};
use zeroize::Zeroizing;

use super::algorithms::{ensure_legacy_provider, EncryptedKeyInfo, PKCS12_V1_SHA1_3DES_OID};
use crate::error::{Error, ErrorKind, Result};
use crate::password::Candidate;

fn is_nss_des(oid: &ObjectIdentifier) -> bool {
    [
        PBE_WITH_SHA1_AND_DES_CBC_OID,
        PBE_WITH_MD5_AND_DES_CBC_OID,
        PBE_WITH_MD2_AND_DES_CBC_OID,
        PKCS12_V1_SHA1_3DES_OID,
    ]
    .contains(oid)
}

/// Which NSS peculiarity a rebuild undoes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NssQuirk {
    /// PKCS#5 v1 DES and PKCS#12 v1 3DES parts, derived NSS's way (this module).
    Pkcs5Des,
    /// PBES2 parts whose PBKDF2 took the BMPString password and whose AES key is as long as
    /// PBKDF2's keyLength says (NSS 3.21 to 3.30; src/decode/nss_pbes2.rs).
    Pbes2Bmp,
}

fn is_quirk_alg(oid: &ObjectIdentifier, quirk: NssQuirk) -> bool {
    match quirk {
        NssQuirk::Pkcs5Des => is_nss_des(oid),
        NssQuirk::Pbes2Bmp => *oid == pkcs5::pbes2::PBES2_OID,
    }
}

/// Which first hash NSS's PBKDF1 computes (lib/softoken/lowpbe.c, `nsspkcs5_PBKDF1`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kdf1 {
    /// Hash of password || salt, as intended.
    Correct,
    /// Old NSS's bug ("faulty3DES"): the input buffer was sized max(hash length, password +
    /// salt) and hashed whole, so a short password and salt are hashed with zero bytes after
    /// them up to the hash length. NSS retries key bags of the v1 3DES OID with it.
    Faulty3Des,
}

fn malformed(what: &str) -> Error {
    Error::new(
        ErrorKind::Malformed,
        format!("the PKCS#12 {what} cannot be parsed"),
    )
}

/// The authenticated safe's ContentInfos.
fn safes(pfx: &Pfx) -> Result<Vec<ContentInfo>> {
    let content = pfx
        .auth_safe
        .content
        .to_der()
        .map_err(|_| malformed("content"))?;
    let octets = OctetString::from_der(&content).map_err(|_| malformed("content"))?;
    <Vec<ContentInfo>>::from_der(octets.as_bytes()).map_err(|_| malformed("authenticated safe"))
}

fn encrypted_data(safe: &ContentInfo) -> Result<cms::encrypted_data::EncryptedData> {
    let der = safe
        .content
        .to_der()
        .map_err(|_| malformed("encrypted safe"))?;
    cms::encrypted_data::EncryptedData::from_der(&der).map_err(|_| malformed("encrypted safe"))
}

fn data_octets(safe: &ContentInfo) -> Result<Vec<u8>> {
    let der = safe.content.to_der().map_err(|_| malformed("safe"))?;
    Ok(OctetString::from_der(&der)
        .map_err(|_| malformed("safe"))?
        .as_bytes()
        .to_vec())
}

/// Does any encrypted safe or shrouded key bag (in a clear safe) use a PKCS#5 v1 DES PBE?
/// Shrouded key bags inside encrypted safes are found once those are decrypted.
pub(crate) fn uses_pkcs5_des(pfx: &Pfx) -> bool {
    uses(pfx, NssQuirk::Pkcs5Des)
}

/// Does any encrypted safe or shrouded key bag (in a clear safe) use an algorithm `quirk`
/// concerns?
pub(crate) fn uses(pfx: &Pfx, quirk: NssQuirk) -> bool {
    let Ok(safes) = safes(pfx) else { return false };
    safes.iter().any(|safe| match safe.content_type {
        ID_ENCRYPTED_DATA => encrypted_data(safe)
            .is_ok_and(|d| is_quirk_alg(&d.enc_content_info.content_enc_alg.oid, quirk)),
        ID_DATA => data_octets(safe)
            .ok()
            .and_then(|o| SafeContents::from_der(&o).ok())
            .is_some_and(|bags| bags.iter().any(|b| shrouded(b, quirk).is_some())),
        _ => false,
    })
}

/// The `EncryptedPrivateKeyInfo` of a shrouded key bag encrypted with an algorithm `quirk`
/// concerns.
fn shrouded(bag: &SafeBag, quirk: NssQuirk) -> Option<EncryptedKeyInfo> {
    if bag.bag_id != ::pkcs12::PKCS_12_PKCS8_KEY_BAG_OID {
        return None;
    }
    let inner = ::der::AnyRef::from_der(&bag.bag_value).ok()?;
    let info = EncryptedKeyInfo::from_der(inner.value()).ok()?;
    is_quirk_alg(&info.algorithm.oid, quirk).then_some(info)
}

/// The password as NSS feeds it to these algorithms inside PKCS#12: BMPString with its
/// terminator; the NULL password is no bytes at all.
pub(crate) fn nss_password(candidate: &Candidate) -> Zeroizing<Vec<u8>> {
    let text = match candidate {
        Candidate::Text(t) => t.as_str(),
        Candidate::Empty => "",
        Candidate::Null => return Zeroizing::new(Vec::new()),
    };
    let mut out = Zeroizing::new(Vec::with_capacity(text.len() * 2 + 2));
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

/// NSS's PBKDF1 (`nsspkcs5_PBKDF1Extended`): the iterated hash, extended with HMAC when the
/// cipher needs more bytes than the hash gives (`nsspkcs5_PFXPBE`). Returns key || IV: the key
/// is the first bytes, the IV the **last** 8 bytes of the (extended) hash.
fn derive(
    oid: &ObjectIdentifier,
    params: Option<&Any>,
    password: &[u8],
    kdf1: Kdf1,
) -> Result<(Cipher, Zeroizing<Vec<u8>>)> {
    #[derive(::der::Sequence)]
    struct PbeParams {
        salt: OctetString,
        iterations: u64,
    }
    let params = params
        .and_then(|p| p.to_der().ok())
        .and_then(|der| PbeParams::from_der(&der).ok())
        .ok_or_else(|| malformed("PKCS#5 v1 parameters"))?;
    if params.iterations == 0 {
        return Err(malformed("PKCS#5 v1 parameters (iteration count 0)"));
    }
    let (digest, cipher, key_len) = match *oid {
        PBE_WITH_SHA1_AND_DES_CBC_OID => (MessageDigest::sha1(), Cipher::des_cbc(), 8),
        PBE_WITH_MD5_AND_DES_CBC_OID => (MessageDigest::md5(), Cipher::des_cbc(), 8),
        PKCS12_V1_SHA1_3DES_OID => (MessageDigest::sha1(), Cipher::des_ede3_cbc(), 24),
        _ => {
            return Err(Error::new(
                ErrorKind::UnsupportedAlgorithm,
                "the file uses pbeWithMD2AndDES-CBC (NSS), and MD2 is not available in this OpenSSL: export it again with a current cipher",
            ))
        }
    };
    let hash_err = |_| {
        Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "the hash of a PKCS#5 v1 algorithm is not available in this OpenSSL",
        )
    };
    let salt = params.salt.as_bytes();
    let mut input = Zeroizing::new(password.to_vec());
    input.extend_from_slice(salt);
    if kdf1 == Kdf1::Faulty3Des && input.len() < digest.size() {
        input.resize(digest.size(), 0);
    }
    let mut h = Zeroizing::new(hash(digest, &input).map_err(hash_err)?.to_vec());
    for _ in 1..params.iterations {
        h = Zeroizing::new(hash(digest, &h).map_err(hash_err)?.to_vec());
    }
    let needed = key_len + 8;
    let bits = if needed <= h.len() {
        h
    } else {
        extend(digest, &h, salt, needed)?
    };
    let mut key_iv = Zeroizing::new(bits[..key_len].to_vec());
    key_iv.extend_from_slice(&bits[bits.len() - 8..]);
    Ok((cipher, key_iv))
}

/// `nsspkcs5_PFXPBE`: with the PBKDF1 hash as HMAC key and a state that starts as the salt
/// (zero-padded to the hash length), each round outputs HMAC(state || salt) and replaces the
/// state by HMAC(state), until `needed` bytes are out (whole rounds are kept).
fn extend(
    digest: MessageDigest,
    key: &[u8],
    salt: &[u8],
    needed: usize,
) -> Result<Zeroizing<Vec<u8>>> {
    let hmac_err = |_| {
        Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "HMAC is not available in this OpenSSL",
        )
    };
    let pkey = openssl::pkey::PKey::hmac(key).map_err(hmac_err)?;
    let mac = |parts: &[&[u8]]| -> Result<Vec<u8>> {
        let mut signer = openssl::sign::Signer::new(digest, &pkey).map_err(hmac_err)?;
        for part in parts {
            signer.update(part).map_err(hmac_err)?;
        }
        signer.sign_to_vec().map_err(hmac_err)
    };
    let mut state = Zeroizing::new(salt.to_vec());
    if state.len() < digest.size() {
        state.resize(digest.size(), 0);
    }
    let mut out = Zeroizing::new(Vec::new());
    while out.len() < needed {
        out.extend_from_slice(&mac(&[&state, salt])?);
        state = Zeroizing::new(mac(&[&state])?);
    }
    Ok(out)
}

/// Decrypts with NSS's key and IV; `None` when the padding is wrong (a wrong password).
fn decrypt_des(
    oid: &ObjectIdentifier,
    params: Option<&Any>,
    password: &[u8],
    data: &[u8],
    kdf1: Kdf1,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    ensure_legacy_provider();
    let (cipher, key_iv) = derive(oid, params, password, kdf1)?;
    let key_len = key_iv.len() - 8;
    // NSS encrypts BER (indefinite lengths); the readers after this one want DER.
    Ok(
        decrypt(cipher, &key_iv[..key_len], Some(&key_iv[key_len..]), data)
            .ok()
            .map(|plain| super::ber::to_der(&plain).unwrap_or(plain))
            .map(Zeroizing::new),
    )
}

/// A shrouded key bag in clear: NSS's derivation, then (v1 3DES only) the faulty one NSS
/// retries with (lib/pk11wrap/pk11akey.c). `None` when neither gives a DER key.
fn decrypt_key(
    info: &EncryptedKeyInfo,
    password: &[u8],
    quirk: NssQuirk,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    if quirk == NssQuirk::Pbes2Bmp {
        let plain = super::nss_pbes2::decrypt(
            info.algorithm.parameters.as_ref(),
            password,
            info.data.as_bytes(),
        )?;
        return Ok(plain.filter(|p| Any::from_der(p).is_ok()));
    }
    let mut tries = vec![Kdf1::Correct];
    if info.algorithm.oid == PKCS12_V1_SHA1_3DES_OID {
        tries.push(Kdf1::Faulty3Des);
    }
    for kdf1 in tries {
        let plain = decrypt_des(
            &info.algorithm.oid,
            info.algorithm.parameters.as_ref(),
            password,
            info.data.as_bytes(),
            kdf1,
        )?;
        // keyBag ::= PrivateKeyInfo. (A clear key that is not DER is a wrong key.)
        if let Some(pkcs8) = plain.filter(|p| Any::from_der(p).is_ok()) {
            return Ok(Some(pkcs8));
        }
    }
    Ok(None)
}

/// Replaces every key bag `quirk` concerns by a clear key bag; `None` on a wrong password.
fn clear_bags(der: &[u8], password: &[u8], quirk: NssQuirk) -> Result<Option<Vec<u8>>> {
    let Ok(mut bags) = SafeContents::from_der(der) else {
        return Ok(None);
    };
    for bag in bags.iter_mut() {
        if let Some(info) = shrouded(bag, quirk) {
            let Some(pkcs8) = decrypt_key(&info, password, quirk)? else {
                return Ok(None);
            };
            bag.bag_id = ::pkcs12::PKCS_12_KEY_BAG_OID;
            bag.bag_value = pkcs8.to_vec();
        } else {
            // The pkcs12 crate decodes bagValue with its [0] EXPLICIT wrapper but adds the
            // wrapper again when encoding: unwrap what it read.
            let inner = ::der::AnyRef::from_der(&bag.bag_value)
                .map_err(|_| malformed("safe bag"))?
                .value()
                .to_vec();
            bag.bag_value = inner;
        }
    }
    bags.to_der()
        .map(Some)
        .map_err(|_| malformed("safe contents"))
}

fn data_info(octets: &[u8]) -> Result<ContentInfo> {
    let content = OctetString::new(octets)
        .ok()
        .and_then(|o| Any::encode_from(&o).ok())
        .ok_or_else(|| malformed("safe"))?;
    Ok(ContentInfo {
        content_type: ID_DATA,
        content,
    })
}

/// The file rebuilt with the parts `quirk` concerns in clear and no MAC (the caller has
/// verified it), or `None` when they do not decrypt with this password.
pub(crate) fn in_clear(
    pfx: &Pfx,
    candidate: &Candidate,
    quirk: NssQuirk,
) -> Result<Option<Vec<u8>>> {
    let password = nss_password(candidate);
    let mut out = Vec::new();
    for safe in safes(pfx)? {
        let rebuilt = match safe.content_type {
            ID_ENCRYPTED_DATA => {
                let data = encrypted_data(&safe)?;
                let alg = &data.enc_content_info.content_enc_alg;
                if !is_quirk_alg(&alg.oid, quirk) {
                    out.push(safe);
                    continue;
                }
                let encrypted = data
                    .enc_content_info
                    .encrypted_content
                    .as_ref()
                    .ok_or_else(|| malformed("encrypted safe"))?;
                // NSS retries the faulty derivation for key bags only, not for safes.
                let plain = match quirk {
                    NssQuirk::Pkcs5Des => decrypt_des(
                        &alg.oid,
                        alg.parameters.as_ref(),
                        &password,
                        encrypted.as_bytes(),
                        Kdf1::Correct,
                    )?,
                    NssQuirk::Pbes2Bmp => super::nss_pbes2::decrypt(
                        alg.parameters.as_ref(),
                        &password,
                        encrypted.as_bytes(),
                    )?
                    .map(|p| Zeroizing::new(super::ber::to_der(&p).unwrap_or_else(|| p.to_vec()))),
                };
                let Some(plain) = plain else {
                    return Ok(None);
                };
                clear_bags(&plain, &password, quirk)?
            }
            ID_DATA => clear_bags(&data_octets(&safe)?, &password, quirk)?,
            _ => {
                out.push(safe);
                continue;
            }
        };
        let Some(bags) = rebuilt else {
            return Ok(None);
        };
        out.push(data_info(&bags)?);
    }
    let auth_safe = data_info(&out.to_der().map_err(|_| malformed("authenticated safe"))?)?;
    Pfx {
        version: pfx.version,
        auth_safe,
        mac_data: None,
    }
    .to_der()
    .map(Some)
    .map_err(|_| malformed("structure"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_a_terminated_bmp_string() {
        assert_eq!(
            &nss_password(&Candidate::Text(Zeroizing::new("pé".to_string())))[..],
            &[0, b'p', 0, 0xe9, 0, 0]
        );
        assert_eq!(&nss_password(&Candidate::Empty)[..], &[0, 0]);
        assert!(nss_password(&Candidate::Null).is_empty());
    }

    #[test]
    fn sha1_takes_the_iv_from_the_end_of_the_hash() {
        // One iteration: SHA-1(password || salt) split as NSS does.
        let salt = OctetString::new(vec![7u8; 16]).unwrap();
        #[derive(::der::Sequence)]
        struct P {
            salt: OctetString,
            iterations: u64,
        }
        let params = Any::encode_from(&P {
            salt,
            iterations: 1,
        })
        .unwrap();
        let pw = nss_password(&Candidate::Text(Zeroizing::new("pw".to_string())));
        let (_, got) = derive(
            &PBE_WITH_SHA1_AND_DES_CBC_OID,
            Some(&params),
            &pw,
            Kdf1::Correct,
        )
        .unwrap();
        let mut input = pw.to_vec();
        input.extend_from_slice(&[7u8; 16]);
        let h = hash(MessageDigest::sha1(), &input).unwrap();
        assert_eq!(&got[..8], &h[..8]);
        assert_eq!(&got[8..], &h[12..20]);
    }

    fn v1_params(salt: &[u8]) -> Any {
        #[derive(::der::Sequence)]
        struct P {
            salt: OctetString,
            iterations: u64,
        }
        Any::encode_from(&P {
            salt: OctetString::new(salt.to_vec()).unwrap(),
            iterations: 3,
        })
        .unwrap()
    }

    #[test]
    fn the_faulty_derivation_differs_only_for_short_password_and_salt() {
        let v1 = |pw: &str, salt: &[u8], kdf1| {
            let pw = nss_password(&Candidate::Text(Zeroizing::new(pw.to_string())));
            let (_, key_iv) =
                derive(&PKCS12_V1_SHA1_3DES_OID, Some(&v1_params(salt)), &pw, kdf1).unwrap();
            assert_eq!(key_iv.len(), 32);
            key_iv
        };
        // "pw" is 6 bytes as BMPString: with an 8-byte salt, 14 < 20 bytes of SHA-1.
        assert_ne!(
            v1("pw", &[1; 8], Kdf1::Correct),
            v1("pw", &[1; 8], Kdf1::Faulty3Des)
        );
        // "password" is 18 bytes: with the same salt, 26 >= 20, the bug has no effect.
        assert_eq!(
            v1("password", &[1; 8], Kdf1::Correct),
            v1("password", &[1; 8], Kdf1::Faulty3Des)
        );
    }

    #[test]
    fn a_key_bag_written_the_faulty_way_is_retried() {
        let pw = nss_password(&Candidate::Text(Zeroizing::new("pw".to_string())));
        let params = v1_params(&[9; 8]);
        let (cipher, key_iv) = derive(
            &PKCS12_V1_SHA1_3DES_OID,
            Some(&params),
            &pw,
            Kdf1::Faulty3Des,
        )
        .unwrap();
        let pkcs8 = openssl::pkey::PKey::generate_ed25519()
            .unwrap()
            .private_key_to_pkcs8()
            .unwrap();
        let data =
            openssl::symm::encrypt(cipher, &key_iv[..24], Some(&key_iv[24..]), &pkcs8).unwrap();
        let info = EncryptedKeyInfo {
            algorithm: super::super::algorithms::AlgorithmId {
                oid: PKCS12_V1_SHA1_3DES_OID,
                parameters: Some(params),
            },
            data: OctetString::new(data).unwrap(),
        };
        let clear = decrypt_key(&info, &pw, NssQuirk::Pkcs5Des)
            .unwrap()
            .unwrap();
        assert_eq!(&clear[..], &pkcs8[..]);
        let other = nss_password(&Candidate::Text(Zeroizing::new("px".to_string())));
        assert!(decrypt_key(&info, &other, NssQuirk::Pkcs5Des)
            .unwrap()
            .is_none());
    }
}
