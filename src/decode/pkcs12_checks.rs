//! Structural checks of a PKCS#12 file that need no password: bag attributes of the visible
//! (unencrypted) safes, and the length of the MAC value. A file that fails them is `malformed`
//! whatever the password, so a broken structure is never reported as a wrong password.
//!
//! Lenient where real tools differ: any string type is accepted for a friendly name (Windows
//! and Java write BMPString, some tools UTF8String), and unknown attributes are ignored.

use ::der::{Tag, Tagged};
use ::pkcs12::safe_bag::SafeBag;

use crate::error::{Error, ErrorKind, Result};

const OID_FRIENDLY_NAME: &str = "1.2.840.113549.1.9.20";
const OID_LOCAL_KEY_ID: &str = "1.2.840.113549.1.9.21";

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
        let (name, fits): (&str, fn(Tag) -> bool) = match attribute.oid.to_string().as_str() {
            OID_FRIENDLY_NAME => ("friendlyName", |tag| {
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
            OID_LOCAL_KEY_ID => ("localKeyId", |tag| tag == Tag::OctetString),
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
pub fn digest_len(oid: &str) -> Option<usize> {
    match oid {
        "1.2.840.113549.2.5" => Some(16),
        "1.3.14.3.2.26" => Some(20),
        "2.16.840.1.101.3.4.2.4" | "2.16.840.1.101.3.4.2.5" => Some(28),
        "2.16.840.1.101.3.4.2.1" | "2.16.840.1.101.3.4.2.6" => Some(32),
        "2.16.840.1.101.3.4.2.2" => Some(48),
        "2.16.840.1.101.3.4.2.3" => Some(64),
        _ => None,
    }
}
