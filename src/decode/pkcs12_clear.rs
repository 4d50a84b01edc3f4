//! What a PKCS#12 file shows without its password: the certificates in clear safes (OpenSSL
//! `-certpbe NONE`, Java keytool's certificate-only entries), with each encrypted part named.
//! Used when no password was given and none of the "no password" candidates opens the file,
//! so that `inspect` lists those certificates and says which parts it could not read.

use ::der::asn1::OctetString;
use ::der::oid::db::rfc5911::{ID_DATA, ID_ENCRYPTED_DATA};
use ::der::{Decode, Encode};
use ::pkcs12::pfx::Pfx;
use ::pkcs12::safe_bag::SafeContents;

use super::algorithms::{describe_algorithm, encrypted_key_algorithm};
use crate::error::ErrorKind;
use crate::model::note::DecodeNote;
use crate::model::{Bundle, Certificate, Source};

/// The certificates in clear and a note per encrypted part, or `None` when no certificate is
/// in clear (then the password error stands). `reason`: the password error's message.
pub(crate) fn clear_parts(pfx: &Pfx, source: Source, reason: &str) -> Option<Bundle> {
    let content = pfx.auth_safe.content.to_der().ok()?;
    let octets = OctetString::from_der(&content).ok()?;
    let safes = <Vec<cms::content_info::ContentInfo>>::from_der(octets.as_bytes()).ok()?;
    let mut bundle = Bundle::new(source);
    let mut keys = 0;
    let unread = |part: String| DecodeNote::UnreadPart {
        part,
        reason_kind: ErrorKind::PasswordRequired,
        reason: reason.to_string(),
        incomplete: true,
    };
    for (index, safe) in safes.iter().enumerate() {
        match safe.content_type {
            ID_DATA => {
                let der = safe.content.to_der().ok()?;
                let inner = OctetString::from_der(&der).ok()?;
                for bag in SafeContents::from_der(inner.as_bytes()).ok()? {
                    let value = ::der::AnyRef::from_der(&bag.bag_value)
                        .ok()?
                        .value()
                        .to_vec();
                    match bag.bag_id {
                        ::pkcs12::PKCS_12_CERT_BAG_OID => {
                            let cert_bag = ::pkcs12::CertBag::from_der(&value).ok()?;
                            if cert_bag.cert_id == ::pkcs12::PKCS_12_X509_CERT_OID {
                                let der = cert_bag.cert_value.as_bytes().to_vec();
                                bundle.push_certificate(Certificate::from_der(der).ok()?);
                            }
                        }
                        ::pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => {
                            keys += 1;
                            let cipher = encrypted_key_algorithm(&value)
                                .map(|e| e.cipher)
                                .unwrap_or_else(|| "unknown".into());
                            bundle.notes.push(unread(format!(
                                "PKCS#12 private key {keys} (encrypted with {cipher})"
                            )));
                        }
                        _ => {}
                    }
                }
            }
            ID_ENCRYPTED_DATA => {
                let der = safe.content.to_der().ok()?;
                let data = cms::encrypted_data::EncryptedData::from_der(&der).ok()?;
                let alg = &data.enc_content_info.content_enc_alg;
                let params = alg.parameters.as_ref().and_then(|p| p.to_der().ok());
                let cipher = describe_algorithm(&alg.oid, params).cipher;
                bundle.notes.push(unread(format!(
                    "PKCS#12 encrypted safe {} (encrypted with {cipher})",
                    index + 1
                )));
            }
            _ => {}
        }
    }
    (!bundle.certificates.is_empty()).then_some(bundle)
}
