//! What a PKCS#12 file says about itself before any password: the encryption of each safe and
//! key bag, the MAC, and the bag attributes some readers refuse (src/model/pkcs12.rs decides
//! from these which tools open the file).

use ::der::asn1::OctetString;
use ::der::oid::db::rfc5911::{ID_DATA, ID_ENCRYPTED_DATA};
use ::der::oid::db::rfc5912::{ID_MD_5, ID_SHA_1, ID_SHA_224, ID_SHA_256, ID_SHA_384, ID_SHA_512};
use ::der::oid::ObjectIdentifier;
use ::der::{Decode, Encode};
use ::pkcs12::pfx::Pfx;
use ::pkcs12::safe_bag::SafeContents;

use super::algorithms::{describe_algorithm, encrypted_key_algorithm};
use super::pbmac1::Pbmac1;
use super::pkcs12_checks::{check_bag_attributes, check_mac_length, digest_len};
use crate::error::{Error, ErrorKind, Result};
use crate::model::oids::{ID_PBMAC1, ID_SHA_512_224, ID_SHA_512_256};
use crate::model::pkcs12::{BagFacts, CipherFamily, Encryption, Mac, PasswordUsed, Pkcs12Details};

/// Reads algorithms, MAC and iteration counts from the structure, without any password.
pub fn describe_container(pfx: &Pfx) -> Result<Pkcs12Details> {
    let malformed = |what: &str| {
        Error::new(
            ErrorKind::Malformed,
            format!("the PKCS#12 {what} cannot be parsed"),
        )
    };
    let mac = match &pfx.mac_data {
        None => None,
        Some(m) if m.mac.algorithm.oid == ID_PBMAC1 => {
            let pbmac1 = Pbmac1::parse(mac_parameters(m).as_deref())?;
            check_mac_length(
                "PBMAC1",
                m.mac.digest.as_bytes().len(),
                Some(pbmac1.mac_len()),
            )?;
            Some(Mac {
                algorithm: "PBMAC1".into(),
                iterations: pbmac1.iterations(),
                pbmac1: Some(pbmac1.details()),
            })
        }
        Some(m) => Some(Mac {
            algorithm: {
                let oid = m.mac.algorithm.oid;
                check_mac_length(
                    &digest_name(&oid),
                    m.mac.digest.as_bytes().len(),
                    digest_len(&oid),
                )?;
                digest_name(&oid)
            },
            iterations: m.iterations.max(0) as u64,
            pbmac1: None,
        }),
    };
    let mut certificate_encryption = Vec::new();
    let mut key_encryption = Vec::new();
    let mut duplicate_attribute = None;

    if pfx.auth_safe.content_type != ID_DATA {
        return Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            "the PKCS#12 file uses public-key integrity mode, which certkit does not support",
        ));
    }
    let auth_safe_der = OctetString::from_der(
        &pfx.auth_safe
            .content
            .to_der()
            .map_err(|_| malformed("content"))?,
    )
    .map_err(|_| malformed("content"))?;
    let safes = <Vec<cms::content_info::ContentInfo>>::from_der(auth_safe_der.as_bytes())
        .map_err(|_| malformed("authenticated safe"))?;
    for safe in &safes {
        match safe.content_type {
            ID_DATA => {
                let inner =
                    OctetString::from_der(&safe.content.to_der().map_err(|_| malformed("safe"))?)
                        .map_err(|_| malformed("safe"))?;
                let bags = SafeContents::from_der(inner.as_bytes())
                    .map_err(|_| malformed("safe contents"))?;
                for bag in &bags {
                    check_bag_attributes(bag)?;
                    if duplicate_attribute.is_none() {
                        duplicate_attribute = super::pkcs12_checks::duplicate_attribute(bag);
                    }
                    match bag.bag_id {
                        ::pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => {
                            // bag_value is the [0] EXPLICIT wrapper around EncryptedPrivateKeyInfo.
                            let value = explicit_inner(&bag.bag_value)
                                .ok_or_else(|| malformed("key bag"))?;
                            key_encryption.push(
                                encrypted_key_algorithm(value)
                                    .ok_or_else(|| malformed("key bag"))?,
                            );
                        }
                        ::pkcs12::PKCS_12_KEY_BAG_OID => key_encryption.push(Encryption::none()),
                        ::pkcs12::PKCS_12_CERT_BAG_OID
                            if !certificate_encryption.contains(&Encryption::none()) =>
                        {
                            certificate_encryption.push(Encryption::none());
                        }
                        _ => {}
                    }
                }
            }
            ID_ENCRYPTED_DATA => {
                let data = cms::encrypted_data::EncryptedData::from_der(
                    &safe
                        .content
                        .to_der()
                        .map_err(|_| malformed("encrypted safe"))?,
                )
                .map_err(|_| malformed("encrypted safe"))?;
                let alg = &data.enc_content_info.content_enc_alg;
                let params = alg.parameters.as_ref().and_then(|p| p.to_der().ok());
                certificate_encryption.push(describe_algorithm(&alg.oid, params));
            }
            other => certificate_encryption.push(Encryption {
                scheme: other.to_string(),
                cipher: "unknown".into(),
                kdf: None,
                iterations: None,
                family: CipherFamily::Unknown,
            }),
        }
    }
    Ok(Pkcs12Details {
        certificate_encryption,
        key_encryption,
        mac,
        password: PasswordUsed::Given,
        bags: BagFacts {
            duplicate_attribute,
            ..BagFacts::default()
        },
    })
}

/// The DER parameters of the MAC algorithm (PBMAC1-params for PBMAC1).
pub(super) fn mac_parameters(mac: &::pkcs12::MacData) -> Option<Vec<u8>> {
    mac.mac
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.to_der().ok())
}

/// The content octets of the authenticated safe: what the MAC covers.
pub(super) fn auth_safe_content(pfx: &Pfx) -> Result<Vec<u8>> {
    let malformed = || {
        Error::new(
            ErrorKind::Malformed,
            "the PKCS#12 authenticated safe is not an OCTET STRING",
        )
    };
    let der = pfx.auth_safe.content.to_der().map_err(|_| malformed())?;
    Ok(OctetString::from_der(&der)
        .map_err(|_| malformed())?
        .as_bytes()
        .to_vec())
}

/// The content of a `[0] EXPLICIT` wrapper.
fn explicit_inner(tlv: &[u8]) -> Option<&[u8]> {
    let any = ::der::AnyRef::from_der(tlv).ok()?;
    Some(any.value())
}

fn digest_name(oid: &ObjectIdentifier) -> String {
    match *oid {
        ID_SHA_1 => "SHA-1".into(),
        ID_SHA_224 => "SHA-224".into(),
        ID_SHA_256 => "SHA-256".into(),
        ID_SHA_384 => "SHA-384".into(),
        ID_SHA_512 => "SHA-512".into(),
        ID_SHA_512_224 => "SHA-512/224".into(),
        ID_SHA_512_256 => "SHA-512/256".into(),
        ID_MD_5 => "MD5".into(),
        ID_PBMAC1 => "PBMAC1".into(),
        other => other.to_string(),
    }
}
