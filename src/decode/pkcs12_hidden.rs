//! The bags inside encrypted safes, looked at once the password is known, for the checks that
//! need every bag: .NET's loader refuses a certificate or key bag with a duplicate attribute
//! wherever it sits (src/decode/pkcs12_checks.rs), and the ordinary readers do not report bag
//! attributes. Decrypts the common schemes only: the PKCS#12 PBEs with 3DES and RC2 (RFC 7292
//! appendix B key derivation, SHA-1) and PBES2 with PBKDF2 and AES-CBC; a safe under any other
//! scheme is skipped (the check then covers what it can see).

use ::der::asn1::OctetString;
use ::der::oid::db::rfc5911::ID_ENCRYPTED_DATA;
use ::der::{Decode, Encode};
use ::pkcs12::kdf::{derive_key, Pkcs12KeyType};
use ::pkcs12::pfx::Pfx;
use ::pkcs12::safe_bag::SafeContents;
use cms::content_info::ContentInfo;
use openssl::symm::{decrypt, Cipher};
use zeroize::Zeroizing;

use super::algorithms::ensure_legacy_provider;
use crate::password::Candidate;

/// RFC 7292 appendix B.2 with SHA-1 (the `pkcs12` crate's KDF): `size` bytes of `kind`.
fn pkcs12_kdf(
    password: &[u8],
    salt: &[u8],
    kind: Pkcs12KeyType,
    iterations: u64,
    size: usize,
) -> Option<Zeroizing<Vec<u8>>> {
    // check_iterations has bounded the count far below i32::MAX.
    let rounds = i32::try_from(iterations).ok()?;
    Some(Zeroizing::new(derive_key::<sha1::Sha1>(
        password, salt, kind, rounds, size,
    )))
}

/// The PKCS#12 password: BMPString with its terminator; NULL is no bytes.
fn bmp(candidate: &Candidate) -> Zeroizing<Vec<u8>> {
    let text = match candidate {
        Candidate::Text(t) => t.as_str(),
        Candidate::Empty => "",
        Candidate::Null => return Zeroizing::new(Vec::new()),
    };
    let mut out = Zeroizing::new(Vec::new());
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_be_bytes());
    }
    out.extend_from_slice(&[0, 0]);
    out
}

fn decrypt_safe(safe: &ContentInfo, candidate: &Candidate) -> Option<Vec<u8>> {
    let data = cms::encrypted_data::EncryptedData::from_der(&safe.content.to_der().ok()?).ok()?;
    let alg = &data.enc_content_info.content_enc_alg;
    let encrypted = data.enc_content_info.encrypted_content.as_ref()?.as_bytes();
    let params = alg.parameters.as_ref();
    let plain = if alg.oid == pkcs5::pbes2::PBES2_OID {
        let utf8: &[u8] = match candidate {
            Candidate::Text(t) => t.as_bytes(),
            Candidate::Empty | Candidate::Null => b"",
        };
        super::nss_pbes2::decrypt(params, utf8, encrypted)
            .ok()??
            .to_vec()
    } else {
        let (cipher, key_len) = match alg.oid {
            ::pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => (Cipher::des_ede3_cbc(), 24),
            ::pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC2_CBC => (Cipher::rc2_cbc(), 16),
            ::pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => (Cipher::rc2_40_cbc(), 5),
            _ => return None,
        };
        #[derive(::der::Sequence)]
        struct PbeParams {
            salt: OctetString,
            iterations: u64,
        }
        let p = PbeParams::from_der(&params?.to_der().ok()?).ok()?;
        super::algorithms::check_iterations([p.iterations]).ok()?;
        let password = bmp(candidate);
        let salt = p.salt.as_bytes();
        let key = pkcs12_kdf(
            &password,
            salt,
            Pkcs12KeyType::EncryptionKey,
            p.iterations,
            key_len,
        )?;
        let iv = pkcs12_kdf(&password, salt, Pkcs12KeyType::Iv, p.iterations, 8)?;
        ensure_legacy_provider();
        decrypt(cipher, &key, Some(&iv), encrypted).ok()?
    };
    Some(super::ber::to_der(&plain).unwrap_or(plain))
}

/// The first certificate or key bag, inside an encrypted safe, that repeats an attribute or
/// gives one several values; `None` when there is none or no safe could be decrypted.
pub(crate) fn duplicate_in_encrypted_safes(pfx: &Pfx, candidate: &Candidate) -> Option<String> {
    let content = OctetString::from_der(&pfx.auth_safe.content.to_der().ok()?).ok()?;
    let safes = <Vec<ContentInfo>>::from_der(content.as_bytes()).ok()?;
    safes
        .iter()
        .filter(|safe| safe.content_type == ID_ENCRYPTED_DATA)
        .filter_map(|safe| decrypt_safe(safe, candidate))
        .filter_map(|plain| SafeContents::from_der(&plain).ok())
        .find_map(|bags| {
            bags.iter()
                .find_map(super::pkcs12_checks::duplicate_attribute)
                .map(|d| format!("{d} (in an encrypted safe)"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;

    /// Safes OpenSSL encrypts (3DES, RC2-40, and PBES2 AES-256) decrypt to the certificate bag.
    #[test]
    fn safes_openssl_encrypts_are_decrypted() {
        ensure_legacy_provider();
        let key = openssl::pkey::PKey::ec_gen("prime256v1").unwrap();
        let mut name = openssl::x509::X509NameBuilder::new().unwrap();
        name.append_entry_by_text("CN", "hidden").unwrap();
        let name = name.build();
        let mut cert = openssl::x509::X509Builder::new().unwrap();
        cert.set_subject_name(&name).unwrap();
        cert.set_issuer_name(&name).unwrap();
        cert.set_pubkey(&key).unwrap();
        cert.sign(&key, MessageDigest::sha256()).unwrap();
        let cert = cert.build();
        for nid in [
            Nid::PBE_WITHSHA1AND3_KEY_TRIPLEDES_CBC,
            Nid::PBE_WITHSHA1AND40BITRC2_CBC,
            Nid::AES_256_CBC,
        ] {
            let der = openssl::pkcs12::Pkcs12::builder()
                .name("hidden")
                .pkey(&key)
                .cert(&cert)
                .cert_algorithm(nid)
                .build2("pw")
                .unwrap()
                .to_der()
                .unwrap();
            let pfx = Pfx::from_der(&der).unwrap();
            let content = OctetString::from_der(&pfx.auth_safe.content.to_der().unwrap()).unwrap();
            let safes = <Vec<ContentInfo>>::from_der(content.as_bytes()).unwrap();
            let safe = safes
                .iter()
                .find(|s| s.content_type == ID_ENCRYPTED_DATA)
                .unwrap();
            let right = Candidate::Text(Zeroizing::new("pw".into()));
            let plain = decrypt_safe(safe, &right).unwrap_or_else(|| panic!("{nid:?}"));
            let bags = SafeContents::from_der(&plain).unwrap();
            assert_eq!(bags.len(), 1, "{nid:?}");
            assert_eq!(bags[0].bag_id, ::pkcs12::PKCS_12_CERT_BAG_OID);
            assert_eq!(duplicate_in_encrypted_safes(&pfx, &right), None);
            let wrong = Candidate::Text(Zeroizing::new("px".into()));
            assert!(decrypt_safe(safe, &wrong)
                .and_then(|p| SafeContents::from_der(&p).ok())
                .is_none());
        }
    }
}
