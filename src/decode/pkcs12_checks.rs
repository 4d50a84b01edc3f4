//! Structural checks of a PKCS#12 file that need no password: bag attributes of the visible
//! (unencrypted) safes, and the length of the MAC value. A file that fails them is `malformed`
//! whatever the password, so a broken structure is never reported as a wrong password.
//!
//! Lenient where real tools differ: any string type is accepted for a friendly name (Windows
//! and Java write BMPString, some tools UTF8String), and unknown attributes are ignored.

use ::der::{Tag, Tagged};
use ::pkcs12::safe_bag::SafeBag;

use ::der::oid::db::rfc2985::{PKCS_9_AT_FRIENDLY_NAME, PKCS_9_AT_LOCAL_KEY_ID};
use ::der::oid::db::rfc5912::{ID_MD_5, ID_SHA_1, ID_SHA_224, ID_SHA_256, ID_SHA_384, ID_SHA_512};
use ::der::oid::ObjectIdentifier;

use crate::error::{Error, ErrorKind, Result};
use crate::model::oids::{ID_SHA_512_224, ID_SHA_512_256};

fn malformed(what: String) -> Error {
    Error::new(
        ErrorKind::Malformed,
        format!("the PKCS#12 structure is broken: {what}; the file was damaged or written by a faulty tool, export it again"),
    )
}

/// The friendlyName and localKeyId attributes of a bag hold one value of the right type.
pub fn check_bag_attributes(bag: &SafeBag) -> Result<()> {
    let Some(attributes) = &bag.bag_attributes else {
        return Ok(());
    };
    for attribute in attributes.iter() {
        let (name, fits): (&str, fn(Tag) -> bool) = match attribute.oid {
            PKCS_9_AT_FRIENDLY_NAME => ("friendlyName", |tag| {
                matches!(
                    tag,
                    Tag::BmpString
                        | Tag::Utf8String
                        | Tag::PrintableString
                        | Tag::Ia5String
                        | Tag::TeletexString
                        | Tag::VisibleString
                )
            }),
            PKCS_9_AT_LOCAL_KEY_ID => ("localKeyId", |tag| tag == Tag::OctetString),
            _ => continue,
        };
        if attribute.values.is_empty() {
            return Err(malformed(format!("a bag's {name} attribute has no value")));
        }
        if let Some(value) = attribute.values.iter().find(|v| !fits(v.tag())) {
            return Err(malformed(format!(
                "a bag's {name} attribute holds a {} where a {} belongs",
                value.tag(),
                if name == "localKeyId" {
                    "OCTET STRING"
                } else {
                    "string"
                }
            )));
        }
    }
    Ok(())
}

/// What .NET's `X509CertificateLoader` calls a duplicate attribute (`AllowDuplicateAttributes`,
/// false by default): in a certificate or key bag, an attribute type given twice, or one
/// attribute holding more than one value. `None` when the bag has none.
pub fn duplicate_attribute(bag: &SafeBag) -> Option<String> {
    let kind = match bag.bag_id {
        ::pkcs12::PKCS_12_CERT_BAG_OID => "certificate bag",
        ::pkcs12::PKCS_12_KEY_BAG_OID | ::pkcs12::PKCS_12_PKCS8_KEY_BAG_OID => "key bag",
        _ => return None,
    };
    let attributes = bag.bag_attributes.as_ref()?;
    let mut seen = Vec::new();
    for attribute in attributes.iter() {
        let name = attribute_name(&attribute.oid);
        if attribute.values.len() > 1 {
            return Some(format!(
                "a {kind}'s {name} attribute holds {} values",
                attribute.values.len()
            ));
        }
        if seen.contains(&attribute.oid) {
            return Some(format!("a {kind} has its {name} attribute twice"));
        }
        seen.push(attribute.oid);
    }
    None
}

fn attribute_name(oid: &ObjectIdentifier) -> String {
    match *oid {
        PKCS_9_AT_FRIENDLY_NAME => "friendlyName".into(),
        PKCS_9_AT_LOCAL_KEY_ID => "localKeyId".into(),
        other => other.to_string(),
    }
}

/// The MAC value is as long as the output of its hash (`expected` bytes).
pub fn check_mac_length(algorithm: &str, actual: usize, expected: Option<usize>) -> Result<()> {
    match expected {
        Some(expected) if expected != actual => Err(malformed(format!(
            "the {algorithm} MAC value is {actual} bytes where {expected} belong (truncated MAC data)"
        ))),
        _ => Ok(()),
    }
}

/// Output length of the classic PKCS#12 MAC's digest, by OID; `None` when unknown.
pub fn digest_len(oid: &ObjectIdentifier) -> Option<usize> {
    match *oid {
        ID_MD_5 => Some(16),
        ID_SHA_1 => Some(20),
        ID_SHA_224 | ID_SHA_512_224 => Some(28),
        ID_SHA_256 | ID_SHA_512_256 => Some(32),
        ID_SHA_384 => Some(48),
        ID_SHA_512 => Some(64),
        _ => None,
    }
}
