//! Certificates made in-process for unit tests (integration tests use the real `openssl`).

use openssl::asn1::Asn1Time;
use openssl::hash::MessageDigest;
use openssl::pkey::{Id, PKey, Private};
use openssl::x509::{X509Builder, X509NameBuilder};

use super::Certificate;

/// A self-signed certificate for `CN=cn` with `key`, valid from now for a day.
pub fn self_signed(cn: &str, key: &PKey<Private>) -> Certificate {
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", cn).unwrap();
    let name = name.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    // EdDSA signs without a separate digest.
    let md = match key.id() {
        Id::ED25519 | Id::ED448 => MessageDigest::null(),
        _ => MessageDigest::sha256(),
    };
    b.sign(key, md).unwrap();
    Certificate::from_der(b.build().to_der().unwrap()).unwrap()
}
