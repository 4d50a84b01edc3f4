//! PBMAC1 (RFC 9579): the PKCS#12 integrity check that derives the HMAC key with PBKDF2 instead
//! of the PKCS#12 key-derivation function. OpenSSL 3.4+, GnuTLS and Bouncy Castle write it
//! (FIPS 140-3 environments require it); OpenSSL 3.0 and p12-keystore cannot verify it, so
//! certkit verifies the MAC here and then reads the contents as a file without a MAC.
//!
//! RFC 9579 section 4: `macData.mac.digestAlgorithm` is id-PBMAC1 with `PBMAC1-params` (a
//! PBKDF2 key-derivation function and an HMAC scheme); `macData.macSalt` and
//! `macData.iterations` are ignored (the PBKDF2 parameters hold the real ones); the password is
//! used as UTF-8, not as the BMPString of the classic PKCS#12 MAC; PBKDF2's keyLength must be
//! present (the RFC's example A.6 is invalid for lacking it) and equal to the HMAC's output.
//!
//! Parameters that would weaken the check are refused as malformed before any password is
//! tried, so such a file never opens whatever the password: a keyLength other than the HMAC's
//! output, no keyLength, 0 or more than [`MAX_ITERATIONS`] iterations, and (in the decoder) a
//! MAC value whose length is not the HMAC's output. A PRF differing from the MAC's hash is
//! allowed: RFC 9579's own valid example A.2 pairs hmacWithSHA512 with HMAC-SHA-256.

use ::der::asn1::OctetString;
use ::der::{Decode, Encode};
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;

use super::algorithms::{AlgorithmId, MAX_ITERATIONS};
use crate::error::{Error, ErrorKind, Result};
use crate::model::pkcs12::Pbmac1Details;

use ::der::oid::db::rfc6268::{
    ID_HMAC_WITH_SHA_224, ID_HMAC_WITH_SHA_256, ID_HMAC_WITH_SHA_384, ID_HMAC_WITH_SHA_512,
};
use ::der::oid::ObjectIdentifier;
use pkcs5::pbes2::{HMAC_WITH_SHA1_OID, PBKDF2_OID};

/// `PBMAC1-params ::= SEQUENCE { keyDerivationFunc, messageAuthScheme }` (RFC 8018 A.5).
#[derive(::der::Sequence)]
struct Pbmac1ParamsDer {
    key_derivation_func: AlgorithmId,
    message_auth_scheme: AlgorithmId,
}

/// `PBKDF2-params` (RFC 8018 A.2); only the `specified` salt choice is used in practice.
#[derive(::der::Sequence)]
struct Pbkdf2ParamsDer {
    salt: OctetString,
    iteration_count: u64,
    key_length: Option<u64>,
    prf: Option<AlgorithmId>,
}

/// The parsed, checked parameters of a PBMAC1 MAC.
#[derive(Debug, Clone)]
pub struct Pbmac1 {
    prf: Hmac,
    mac: Hmac,
    salt: Vec<u8>,
    iterations: u64,
    key_length: usize,
}

/// The HMAC hash functions PBKDF2's PRF and the message authentication scheme may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hmac {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Hmac {
    fn from_oid(oid: &ObjectIdentifier) -> Option<Hmac> {
        match *oid {
            HMAC_WITH_SHA1_OID => Some(Hmac::Sha1),
            ID_HMAC_WITH_SHA_224 => Some(Hmac::Sha224),
            ID_HMAC_WITH_SHA_256 => Some(Hmac::Sha256),
            ID_HMAC_WITH_SHA_384 => Some(Hmac::Sha384),
            ID_HMAC_WITH_SHA_512 => Some(Hmac::Sha512),
            _ => None,
        }
    }

    fn digest(self) -> MessageDigest {
        match self {
            Hmac::Sha1 => MessageDigest::sha1(),
            Hmac::Sha224 => MessageDigest::sha224(),
            Hmac::Sha256 => MessageDigest::sha256(),
            Hmac::Sha384 => MessageDigest::sha384(),
            Hmac::Sha512 => MessageDigest::sha512(),
        }
    }

    fn oid(self) -> ObjectIdentifier {
        match self {
            Hmac::Sha1 => HMAC_WITH_SHA1_OID,
            Hmac::Sha224 => ID_HMAC_WITH_SHA_224,
            Hmac::Sha256 => ID_HMAC_WITH_SHA_256,
            Hmac::Sha384 => ID_HMAC_WITH_SHA_384,
            Hmac::Sha512 => ID_HMAC_WITH_SHA_512,
        }
    }

    /// PBKDF2's name for it as a PRF (`hmacWithSHA256`).
    fn prf_name(self) -> &'static str {
        match self {
            Hmac::Sha1 => "hmacWithSHA1",
            Hmac::Sha224 => "hmacWithSHA224",
            Hmac::Sha256 => "hmacWithSHA256",
            Hmac::Sha384 => "hmacWithSHA384",
            Hmac::Sha512 => "hmacWithSHA512",
        }
    }

    /// Its name as a MAC (`HMAC-SHA-256`).
    fn mac_name(self) -> &'static str {
        match self {
            Hmac::Sha1 => "HMAC-SHA-1",
            Hmac::Sha224 => "HMAC-SHA-224",
            Hmac::Sha256 => "HMAC-SHA-256",
            Hmac::Sha384 => "HMAC-SHA-384",
            Hmac::Sha512 => "HMAC-SHA-512",
        }
    }
}

fn malformed(what: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorKind::Malformed,
        format!("the PKCS#12 PBMAC1 parameters are invalid: {what} (RFC 9579); the file was damaged or written by a faulty tool"),
    )
}

impl Pbmac1 {
    /// HMAC-SHA-256 keyed by PBKDF2-HMAC-SHA256 with a 32-byte key: what OpenSSL 3.4's
    /// `-pbmac1_pbkdf2` writes by default and what RFC 9579's example A.1 uses.
    pub fn sha256(salt: Vec<u8>, iterations: u64) -> Pbmac1 {
        Pbmac1 {
            prf: Hmac::Sha256,
            mac: Hmac::Sha256,
            salt,
            iterations,
            key_length: 32,
        }
    }

    /// The DER `PBMAC1-params` of these parameters.
    pub fn params_der(&self) -> Result<Vec<u8>> {
        let failed = |_: ::der::Error| {
            Error::new(
                ErrorKind::Malformed,
                "the PBMAC1 parameters cannot be encoded",
            )
        };
        let null = || ::der::Any::from_der(&[0x05, 0x00]).map_err(failed);
        let alg = |oid: ObjectIdentifier, parameters: ::der::Any| -> Result<AlgorithmId> {
            Ok(AlgorithmId {
                oid,
                parameters: Some(parameters),
            })
        };
        let kdf = Pbkdf2ParamsDer {
            salt: OctetString::new(self.salt.clone()).map_err(failed)?,
            iteration_count: self.iterations,
            key_length: Some(self.key_length as u64),
            prf: Some(alg(self.prf.oid(), null()?)?),
        }
        .to_der()
        .map_err(failed)?;
        Pbmac1ParamsDer {
            key_derivation_func: alg(PBKDF2_OID, ::der::Any::from_der(&kdf).map_err(failed)?)?,
            message_auth_scheme: alg(self.mac.oid(), null()?)?,
        }
        .to_der()
        .map_err(failed)
    }

    /// Parses and checks the DER `PBMAC1-params` of `macData.mac.digestAlgorithm`.
    pub fn parse(params: Option<&[u8]>) -> Result<Pbmac1> {
        let params = params.ok_or_else(|| malformed("the parameters are missing"))?;
        let parsed = Pbmac1ParamsDer::from_der(params)
            .map_err(|_| malformed("PBMAC1-params cannot be parsed"))?;
        let kdf_oid = parsed.key_derivation_func.oid;
        if kdf_oid != PBKDF2_OID {
            return Err(Error::new(
                ErrorKind::UnsupportedAlgorithm,
                format!("the PBMAC1 MAC uses the key-derivation function {kdf_oid}; certkit knows PBKDF2 only"),
            ));
        }
        let kdf_params = parsed
            .key_derivation_func
            .parameters
            .as_ref()
            .and_then(|p| p.to_der().ok())
            .ok_or_else(|| malformed("the PBKDF2 parameters are missing"))?;
        let kdf = Pbkdf2ParamsDer::from_der(&kdf_params)
            .map_err(|_| malformed("the PBKDF2 parameters cannot be parsed"))?;
        let prf = match &kdf.prf {
            // RFC 8018: the PRF defaults to hmacWithSHA1.
            None => Hmac::Sha1,
            Some(alg) => Hmac::from_oid(&alg.oid).ok_or_else(|| {
                Error::new(
                    ErrorKind::UnsupportedAlgorithm,
                    format!(
                        "the PBMAC1 MAC uses the PBKDF2 PRF {}, which certkit does not know",
                        alg.oid
                    ),
                )
            })?,
        };
        let mac_oid = parsed.message_auth_scheme.oid;
        let mac = Hmac::from_oid(&mac_oid).ok_or_else(|| {
            Error::new(
                ErrorKind::UnsupportedAlgorithm,
                format!("the PBMAC1 MAC uses the scheme {mac_oid}, which certkit does not know"),
            )
        })?;
        // RFC 9579 section 4 (and OpenSSL 3.4+, go-pkcs12): keyLength must be present and equal
        // to the HMAC's output length. A shorter key is the password bypass this check exists
        // for: with a 1-byte key one wrong password in 256 "verifies". A longer one is no
        // weaker, but no conforming writer makes it, so it is refused the same way.
        let key_length = kdf
            .key_length
            .ok_or_else(|| malformed("PBKDF2's keyLength is missing"))?;
        let expected_length = mac.digest().size() as u64;
        if key_length != expected_length {
            return Err(malformed(format!(
                "PBKDF2's keyLength is {key_length} where {} needs {expected_length} bytes; a shorter key would let wrong passwords pass the integrity check",
                mac.mac_name()
            )));
        }
        // Zero iterations is not PBKDF2; above the cap every other PKCS#12 key derivation in
        // certkit also refuses (Java's MAX_ITERATION_COUNT), and here it is structural: the
        // file cannot be checked, so it is never opened.
        if kdf.iteration_count == 0 {
            return Err(malformed("PBKDF2's iteration count is 0"));
        }
        if kdf.iteration_count > MAX_ITERATIONS {
            return Err(malformed(format!(
                "PBKDF2's iteration count is {}, more than the {MAX_ITERATIONS} certkit accepts",
                kdf.iteration_count
            )));
        }
        Ok(Pbmac1 {
            prf,
            mac,
            salt: kdf.salt.as_bytes().to_vec(),
            iterations: kdf.iteration_count,
            key_length: key_length as usize,
        })
    }

    /// The iteration count that really applies (PBKDF2's; `macData.iterations` is ignored).
    pub fn iterations(&self) -> u64 {
        self.iterations
    }

    /// The length of the MAC value: the output of the HMAC's hash.
    pub fn mac_len(&self) -> usize {
        self.mac.digest().size()
    }

    /// The parameters for reports.
    pub fn details(&self) -> Pbmac1Details {
        Pbmac1Details {
            kdf: "PBKDF2".into(),
            prf: self.prf.prf_name().into(),
            mac: self.mac.mac_name().into(),
            iterations: self.iterations,
            key_length: self.key_length as u64,
        }
    }

    /// The MAC of `data` (the authenticated safe's content octets) with `password` (UTF-8).
    pub fn compute(&self, password: &[u8], data: &[u8]) -> Result<Vec<u8>> {
        let failed = |_| {
            Error::new(
                ErrorKind::UnsupportedAlgorithm,
                "OpenSSL cannot compute the PBMAC1 MAC",
            )
        };
        let mut key = zeroize::Zeroizing::new(vec![0u8; self.key_length]);
        let iterations =
            usize::try_from(self.iterations).map_err(|_| malformed("iteration count"))?;
        openssl::pkcs5::pbkdf2_hmac(
            password,
            &self.salt,
            iterations,
            self.prf.digest(),
            &mut key,
        )
        .map_err(failed)?;
        let hmac_key = PKey::hmac(&key).map_err(failed)?;
        let mut signer = Signer::new(self.mac.digest(), &hmac_key).map_err(failed)?;
        signer.update(data).map_err(failed)?;
        signer.sign_to_vec().map_err(failed)
    }

    /// Does `expected` match the MAC of `data` with `password`? Compared in constant time.
    pub fn verify(&self, password: &[u8], data: &[u8], expected: &[u8]) -> Result<bool> {
        let computed = self.compute(password, data)?;
        Ok(computed.len() == expected.len() && openssl::memcmp::eq(&computed, expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(key_length: Option<u64>, prf: ObjectIdentifier, mac: ObjectIdentifier) -> Vec<u8> {
        params_with(2048, key_length, prf, mac)
    }

    fn params_with(
        iteration_count: u64,
        key_length: Option<u64>,
        prf: ObjectIdentifier,
        mac: ObjectIdentifier,
    ) -> Vec<u8> {
        let alg = |oid: ObjectIdentifier, params: Option<Vec<u8>>| AlgorithmId {
            oid,
            parameters: params.map(|p| ::der::Any::from_der(&p).unwrap()),
        };
        let null = vec![0x05, 0x00];
        let kdf = Pbkdf2ParamsDer {
            salt: OctetString::new(vec![1, 2, 3, 4, 5, 6, 7, 8]).unwrap(),
            iteration_count,
            key_length,
            prf: Some(alg(prf, Some(null.clone()))),
        };
        Pbmac1ParamsDer {
            key_derivation_func: alg(PBKDF2_OID, Some(kdf.to_der().unwrap())),
            message_auth_scheme: alg(mac, Some(null)),
        }
        .to_der()
        .unwrap()
    }

    #[test]
    fn every_hmac_is_accepted_and_named() {
        for (oid, prf_name) in [
            (HMAC_WITH_SHA1_OID, "hmacWithSHA1"),
            (ID_HMAC_WITH_SHA_256, "hmacWithSHA256"),
            (ID_HMAC_WITH_SHA_384, "hmacWithSHA384"),
            (ID_HMAC_WITH_SHA_512, "hmacWithSHA512"),
        ] {
            let p = Pbmac1::parse(Some(&params(Some(64), oid, ID_HMAC_WITH_SHA_512))).unwrap();
            assert_eq!(p.details().prf, prf_name);
            assert_eq!(p.details().mac, "HMAC-SHA-512");
            assert_eq!(p.compute(b"1234", b"data").unwrap().len(), 64);
        }
    }

    #[test]
    fn key_length_other_than_the_hmac_output_is_malformed() {
        for key_length in [
            None,
            Some(0),
            Some(1),
            Some(16),
            Some(31),
            Some(33),
            Some(64),
            Some(100_000),
        ] {
            let e = Pbmac1::parse(Some(&params(
                key_length,
                ID_HMAC_WITH_SHA_256,
                ID_HMAC_WITH_SHA_256,
            )))
            .unwrap_err();
            assert_eq!(e.kind, ErrorKind::Malformed, "{key_length:?}");
        }
        assert_eq!(Pbmac1::parse(None).unwrap_err().kind, ErrorKind::Malformed);
        assert_eq!(
            Pbmac1::parse(Some(&[0x05, 0x00])).unwrap_err().kind,
            ErrorKind::Malformed
        );
    }

    #[test]
    fn key_length_follows_the_mac_not_the_prf() {
        // RFC 9579 A.2: PRF hmacWithSHA512, MAC HMAC-SHA-256, 32-byte key: valid.
        assert!(Pbmac1::parse(Some(&params(
            Some(32),
            ID_HMAC_WITH_SHA_512,
            ID_HMAC_WITH_SHA_256
        )))
        .is_ok());
        let e = Pbmac1::parse(Some(&params(
            Some(64),
            ID_HMAC_WITH_SHA_512,
            ID_HMAC_WITH_SHA_256,
        )))
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Malformed);
    }

    #[test]
    fn zero_or_absurd_iteration_counts_are_malformed() {
        for iterations in [0, MAX_ITERATIONS + 1, u64::from(u32::MAX) + 1] {
            let e = Pbmac1::parse(Some(&params_with(
                iterations,
                Some(32),
                ID_HMAC_WITH_SHA_256,
                ID_HMAC_WITH_SHA_256,
            )))
            .unwrap_err();
            assert_eq!(e.kind, ErrorKind::Malformed, "{iterations}");
        }
        assert!(Pbmac1::parse(Some(&params_with(
            MAX_ITERATIONS,
            Some(32),
            ID_HMAC_WITH_SHA_256,
            ID_HMAC_WITH_SHA_256
        )))
        .is_ok());
    }

    #[test]
    fn unknown_mac_scheme_is_unsupported() {
        let e = Pbmac1::parse(Some(&params(
            Some(32),
            ID_HMAC_WITH_SHA_256,
            ObjectIdentifier::new_unwrap("1.2.3.4"),
        )))
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::UnsupportedAlgorithm);
    }

    #[test]
    fn written_parameters_parse_back() {
        let written = Pbmac1::sha256(vec![7; 16], 10_000);
        let read = Pbmac1::parse(Some(&written.params_der().unwrap())).unwrap();
        assert_eq!(read.details(), written.details());
        assert_eq!(read.salt, vec![7; 16]);
        assert_eq!(
            read.compute(b"pw", b"x").unwrap(),
            written.compute(b"pw", b"x").unwrap()
        );
    }

    #[test]
    fn verify_detects_a_changed_byte() {
        let p = Pbmac1::parse(Some(&params(
            Some(32),
            ID_HMAC_WITH_SHA_256,
            ID_HMAC_WITH_SHA_256,
        )))
        .unwrap();
        let mac = p.compute(b"pw", b"contents").unwrap();
        assert!(p.verify(b"pw", b"contents", &mac).unwrap());
        assert!(!p.verify(b"pw", b"Contents", &mac).unwrap());
        assert!(!p.verify(b"px", b"contents", &mac).unwrap());
    }
}
