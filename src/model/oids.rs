//! The object identifiers certkit compares against, by name: the constants of the
//! `oid-registry` crate (the version x509-parser uses), plus the few it does not list,
//! declared here once. No other module spells an OID as a dotted string.

pub use oid_registry::asn1_rs::oid;
pub use oid_registry::*;

/// ecdsa-with-SHA1 (ANSI X9.62): a SHA-1 signature, reported as weak.
#[rustfmt::skip]
pub const OID_SIG_ECDSA_WITH_SHA1: Oid<'static> = oid!(1.2.840.10045.4.1);
/// prime192v1 (P-192): a curve too small for OpenSSL's default security level.
#[rustfmt::skip]
pub const OID_EC_P192: Oid<'static> = oid!(1.2.840.10045.3.1.1);
/// secp256k1 (SEC 2).
#[rustfmt::skip]
pub const OID_EC_SECP256K1: Oid<'static> = oid!(1.3.132.0.10);
/// Microsoft user principal name, an otherName of the subject alternative names.
#[rustfmt::skip]
pub const OID_MS_USER_PRINCIPAL_NAME: Oid<'static> = oid!(1.3.6.1.4.1.311.20.2.3);
/// Microsoft smart card logon, an extended key usage.
#[rustfmt::skip]
pub const OID_MS_SMARTCARD_LOGON: Oid<'static> = oid!(1.3.6.1.4.1.311.20.2.2);
/// Microsoft encrypting file system, an extended key usage.
#[rustfmt::skip]
pub const OID_MS_ENCRYPTED_FILE_SYSTEM: Oid<'static> = oid!(1.3.6.1.4.1.311.10.3.4);
/// id-kp-ipsecIKE (RFC 4945), an extended key usage.
#[rustfmt::skip]
pub const OID_PKIX_KP_IPSEC_IKE: Oid<'static> = oid!(1.3.6.1.5.5.7.3.17);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_constants_spell_the_registered_numbers() {
        for (oid, dotted) in [
            (OID_SIG_ECDSA_WITH_SHA1, "1.2.840.10045.4.1"),
            (OID_EC_P192, "1.2.840.10045.3.1.1"),
            (OID_EC_SECP256K1, "1.3.132.0.10"),
            (OID_MS_USER_PRINCIPAL_NAME, "1.3.6.1.4.1.311.20.2.3"),
            (OID_MS_SMARTCARD_LOGON, "1.3.6.1.4.1.311.20.2.2"),
            (OID_MS_ENCRYPTED_FILE_SYSTEM, "1.3.6.1.4.1.311.10.3.4"),
            (OID_PKIX_KP_IPSEC_IKE, "1.3.6.1.5.5.7.3.17"),
        ] {
            assert_eq!(oid.to_id_string(), dotted);
        }
    }
}
