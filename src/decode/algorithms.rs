//! Password-based encryption algorithms as PKCS#12 files and encrypted PKCS#8 keys name them:
//! their names, their compatibility family, their iteration counts, and the OpenSSL provider
//! the legacy ones need. Shared by the PKCS#12 and the DER/PEM key decoders.

use std::sync::OnceLock;

use ::der::asn1::OctetString;
use ::der::{Decode, Encode};
use openssl::provider::Provider;

use crate::error::{Error, ErrorKind, Result};
use crate::model::pkcs12::{CipherFamily, Encryption};
use pkcs5::pbes1::{
    PBE_WITH_MD5_AND_DES_CBC_OID, PBE_WITH_MD5_AND_RC2_CBC_OID, PBE_WITH_SHA1_AND_DES_CBC_OID,
    PBE_WITH_SHA1_AND_RC2_CBC_OID,
};
use pkcs5::pbes2::PBES2_OID;

/// Loads OpenSSL 3's legacy provider (RC2, RC4, single DES) next to the default one, once.
pub(crate) fn ensure_legacy_provider() {
    static PROVIDERS: OnceLock<Option<(Provider, Provider)>> = OnceLock::new();
    PROVIDERS.get_or_init(|| {
        let legacy = Provider::try_load(None, "legacy", true).ok()?;
        let default = Provider::try_load(None, "default", true).ok()?;
        Some((legacy, default))
    });
}

/// Java refuses PKCS#12 files whose PBE or MAC iteration count exceeds this
/// (`PKCS12KeyStore.MAX_ITERATION_COUNT`); certkit does the same, so that a crafted file cannot
/// keep it busy for hours deriving keys. Real tools write 2,048 to 600,000.
pub(crate) const MAX_ITERATIONS: u64 = 5_000_000;

/// Refuses iteration counts above [`MAX_ITERATIONS`] before any key is derived.
pub(crate) fn check_iterations(counts: impl IntoIterator<Item = u64>) -> Result<()> {
    match counts.into_iter().max() {
        Some(n) if n > MAX_ITERATIONS => Err(Error::new(
            ErrorKind::UnsupportedAlgorithm,
            format!(
                "the file asks for {n} key-derivation iterations, more than the {MAX_ITERATIONS} any real tool writes (Java refuses it too): the file is damaged or crafted"
            ),
        )),
        _ => Ok(()),
    }
}

/// `EncryptedPrivateKeyInfo` (PKCS#8), kept generic: the pkcs8 crate rejects the PKCS#12 PBE
/// algorithms that real shrouded key bags use.
#[derive(::der::Sequence)]
pub(crate) struct EncryptedKeyInfo {
    pub algorithm: AlgorithmId,
    pub data: OctetString,
}

#[derive(::der::Sequence)]
pub(crate) struct AlgorithmId {
    pub oid: ::der::oid::ObjectIdentifier,
    pub parameters: Option<::der::Any>,
}

/// The PKCS#12 v1 (pre-standard) OID "PKCS #12 PBE With SHA-1 and Triple DES-CBC" that
/// Netscape and NSS before 3.4 used for key bags (NSS lib/pkcs12/p12exp.c); decrypted by
/// src/decode/nss_pbes1.rs.
pub(crate) const PKCS12_V1_SHA1_3DES_OID: ::der::oid::ObjectIdentifier =
    ::der::oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.5.1.3");

/// The encryption of a DER `EncryptedPrivateKeyInfo`, or `None` when it is not one.
pub(crate) fn encrypted_key_algorithm(der: &[u8]) -> Option<Encryption> {
    let info = EncryptedKeyInfo::from_der(der).ok()?;
    let params = info
        .algorithm
        .parameters
        .as_ref()
        .and_then(|p| p.to_der().ok());
    Some(describe_algorithm(&info.algorithm.oid, params))
}

/// Names a password-based encryption algorithm and decides its compatibility family.
pub(crate) fn describe_algorithm(
    oid: &::der::oid::ObjectIdentifier,
    params: Option<Vec<u8>>,
) -> Encryption {
    let pkcs12_pbe = |cipher: &str, family| Encryption {
        scheme: format!("pbeWithSHAAnd{cipher}"),
        cipher: cipher.to_string(),
        kdf: Some("SHA-1".into()),
        iterations: params.as_deref().and_then(pbe_iterations),
        family,
    };
    match *oid {
        ::pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC4 => {
            pkcs12_pbe("128BitRC4", CipherFamily::Legacy)
        }
        ::pkcs12::PKCS_12_PBE_WITH_SHAAND40_BIT_RC4 => pkcs12_pbe("40BitRC4", CipherFamily::Legacy),
        ::pkcs12::PKCS_12_PBE_WITH_SHAAND3_KEY_TRIPLE_DES_CBC => Encryption {
            scheme: "pbeWithSHAAnd3-KeyTripleDES-CBC".into(),
            cipher: "3DES-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::TripleDes)
        },
        ::pkcs12::PKCS_12_PBE_WITH_SHAAND2_KEY_TRIPLE_DES_CBC => Encryption {
            scheme: "pbeWithSHAAnd2-KeyTripleDES-CBC".into(),
            cipher: "2-key 3DES-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::TripleDes)
        },
        ::pkcs12::PKCS_12_PBE_WITH_SHAAND128_BIT_RC2_CBC => Encryption {
            scheme: "pbeWithSHAAnd128BitRC2-CBC".into(),
            cipher: "RC2-128-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::Legacy)
        },
        ::pkcs12::PKCS_12_PBEWITH_SHAAND40_BIT_RC2_CBC => Encryption {
            scheme: "pbeWithSHAAnd40BitRC2-CBC".into(),
            cipher: "RC2-40-CBC".into(),
            ..pkcs12_pbe("", CipherFamily::Legacy)
        },
        // PKCS#5 v1.5 PBES1 (MD5/SHA-1 with DES or RC2).
        PBE_WITH_MD5_AND_DES_CBC_OID
        | PBE_WITH_MD5_AND_RC2_CBC_OID
        | PBE_WITH_SHA1_AND_DES_CBC_OID
        | PBE_WITH_SHA1_AND_RC2_CBC_OID => Encryption {
            scheme: "PBES1".into(),
            cipher:
                if *oid == PBE_WITH_MD5_AND_DES_CBC_OID || *oid == PBE_WITH_SHA1_AND_DES_CBC_OID {
                    "DES-CBC"
                } else {
                    "RC2-64-CBC"
                }
                .into(),
            kdf: Some(
                if *oid == PBE_WITH_MD5_AND_DES_CBC_OID || *oid == PBE_WITH_MD5_AND_RC2_CBC_OID {
                    "MD5"
                } else {
                    "SHA-1"
                }
                .into(),
            ),
            iterations: params.as_deref().and_then(pbe_iterations),
            family: CipherFamily::Legacy,
        },
        // Netscape's pre-standard PKCS#12 v1 OID, read only through NSS's derivation
        // (src/decode/nss_pbes1.rs); no current tool reads or writes it.
        PKCS12_V1_SHA1_3DES_OID => Encryption {
            scheme: crate::model::pkcs12::PKCS12_V1_3DES_SCHEME.into(),
            cipher: "3DES-CBC".into(),
            kdf: Some("SHA-1".into()),
            iterations: params.as_deref().and_then(pbe_iterations),
            family: CipherFamily::Unknown,
        },
        PBES2_OID => describe_pbes2(params.as_deref()),
        other => Encryption {
            scheme: other.to_string(),
            cipher: "unknown".into(),
            kdf: None,
            iterations: None,
            family: CipherFamily::Unknown,
        },
    }
}

/// `pkcs-12PbeParams ::= SEQUENCE { salt OCTET STRING, iterations INTEGER }` (PBES1 is alike).
fn pbe_iterations(params: &[u8]) -> Option<u64> {
    #[derive(::der::Sequence)]
    struct PbeParams {
        _salt: OctetString,
        iterations: u64,
    }
    PbeParams::from_der(params).ok().map(|p| p.iterations)
}

fn describe_pbes2(params: Option<&[u8]>) -> Encryption {
    let unknown = Encryption {
        scheme: "PBES2".into(),
        cipher: "unknown".into(),
        kdf: None,
        iterations: None,
        family: CipherFamily::Unknown,
    };
    let Some(params) = params else { return unknown };
    let Ok(parsed) = pkcs5::pbes2::Parameters::from_der(params) else {
        return unknown;
    };
    let (kdf, iterations, sha256) = match &parsed.kdf {
        pkcs5::pbes2::Kdf::Pbkdf2(p) => {
            let prf = match p.prf {
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha1 => "hmacWithSHA1",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha224 => "hmacWithSHA224",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256 => "hmacWithSHA256",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha384 => "hmacWithSHA384",
                pkcs5::pbes2::Pbkdf2Prf::HmacWithSha512 => "hmacWithSHA512",
                _ => "unknown PRF",
            };
            (
                format!("PBKDF2-{prf}"),
                Some(p.iteration_count as u64),
                p.prf == pkcs5::pbes2::Pbkdf2Prf::HmacWithSha256,
            )
        }
        pkcs5::pbes2::Kdf::Scrypt(_) => ("scrypt".to_string(), None, false),
        _ => ("unknown KDF".to_string(), None, false),
    };
    use pkcs5::pbes2::EncryptionScheme as S;
    let (cipher, family) = match parsed.encryption {
        S::Aes256Cbc { .. } if sha256 => ("AES-256-CBC", CipherFamily::Aes256Sha256),
        S::Aes256Cbc { .. } => ("AES-256-CBC", CipherFamily::OtherAes),
        S::Aes128Cbc { .. } => ("AES-128-CBC", CipherFamily::OtherAes),
        S::Aes192Cbc { .. } => ("AES-192-CBC", CipherFamily::OtherAes),
        S::Aes128Gcm { .. } => ("AES-128-GCM", CipherFamily::Unknown),
        S::Aes256Gcm { .. } => ("AES-256-GCM", CipherFamily::Unknown),
        S::DesEde3Cbc { .. } => ("DES-EDE3-CBC", CipherFamily::TripleDes),
        S::DesCbc { .. } => ("DES-CBC", CipherFamily::Legacy),
        _ => ("unknown", CipherFamily::Unknown),
    };
    Encryption {
        scheme: "PBES2".into(),
        cipher: cipher.into(),
        kdf: Some(kdf),
        iterations,
        family,
    }
}
