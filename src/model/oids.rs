//! The object identifiers certkit compares against, by name: the constants of the
//! `oid-registry` crate (the version x509-parser uses), plus the few it does not list,
//! declared here once. No other module spells an OID as a dotted string.

pub use oid_registry::asn1_rs::oid;
pub use oid_registry::*;

/// The same numbers in the `der` crate's type, for the PKCS#12 decoder and encoder (which
/// read with `der`): only those neither `const-oid`'s database, `pkcs5` nor `pkcs12` names.
pub type DerOid = ::der::oid::ObjectIdentifier;

/// id-PBMAC1 (RFC 8018 appendix A.5; its PKCS#12 use is RFC 9579).
pub const ID_PBMAC1: DerOid = DerOid::new_unwrap("1.2.840.113549.1.5.14");
/// id-sha512-224 (FIPS 180-4, NIST's algorithm registry; RFC 8017 appendix B.1).
pub const ID_SHA_512_224: DerOid = DerOid::new_unwrap("2.16.840.1.101.3.4.2.5");
/// id-sha512-256 (FIPS 180-4, NIST's algorithm registry; RFC 8017 appendix B.1).
pub const ID_SHA_512_256: DerOid = DerOid::new_unwrap("2.16.840.1.101.3.4.2.6");

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
        for (oid, dotted) in [
            (ID_PBMAC1, "1.2.840.113549.1.5.14"),
            (ID_SHA_512_224, "2.16.840.1.101.3.4.2.5"),
            (ID_SHA_512_256, "2.16.840.1.101.3.4.2.6"),
        ] {
            assert_eq!(oid.to_string(), dotted);
        }
    }
}
