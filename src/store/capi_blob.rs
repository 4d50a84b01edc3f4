//! The CryptoAPI `PRIVATEKEYBLOB` of an RSA key, as `CryptImportKey` takes it (the Windows
//! store imports keys with it). Plain bytes, so it is built and tested on every platform:
//! the tests compare it with OpenSSL's `-outform MSBLOB`.

use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};
use crate::model::PrivateKey;

/// `PRIVATEKEYBLOB` (wincrypt.h).
const PRIVATEKEYBLOB: u8 = 7;
/// `CUR_BLOB_VERSION`.
const CUR_BLOB_VERSION: u8 = 2;
/// `CALG_RSA_KEYX`: the key is imported for `AT_KEYEXCHANGE` (which also signs).
const CALG_RSA_KEYX: u32 = 0xA400;

/// The CryptoAPI `PRIVATEKEYBLOB` of an RSA key (`BLOBHEADER`, `RSAPUBKEY` "RSA2", then the
/// modulus, primes, exponents, coefficient and private exponent, little-endian).
#[cfg_attr(not(windows), allow(dead_code))]
pub fn private_key_blob(key: &PrivateKey) -> Result<Zeroizing<Vec<u8>>> {
    let unsupported = || {
        Error::new(
            ErrorKind::UnsupportedAlgorithm,
            format!(
                "the Windows store takes RSA private keys only in this version of certkit (this key is {}); import into a store folder with --store DIR",
                key.description().algorithm
            ),
        )
    };
    let rsa = key.key.rsa().map_err(|_| unsupported())?;
    let bits = rsa.n().num_bits() as usize;
    let full = bits.div_ceil(8);
    let half = bits.div_ceil(16);
    let e = rsa.e().to_vec();
    if e.len() > 4 {
        return Err(unsupported());
    }
    let exponent = e.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
    let (Some(p), Some(q), Some(dp), Some(dq), Some(qi)) =
        (rsa.p(), rsa.q(), rsa.dmp1(), rsa.dmq1(), rsa.iqmp())
    else {
        return Err(unsupported());
    };
    let mut blob = Zeroizing::new(Vec::with_capacity(20 + full * 2 + half * 5));
    blob.extend_from_slice(&[PRIVATEKEYBLOB, CUR_BLOB_VERSION, 0, 0]);
    blob.extend_from_slice(&CALG_RSA_KEYX.to_le_bytes());
    blob.extend_from_slice(b"RSA2");
    blob.extend_from_slice(&(bits as u32).to_le_bytes());
    blob.extend_from_slice(&exponent.to_le_bytes());
    for (number, len) in [
        (rsa.n(), full),
        (p, half),
        (q, half),
        (dp, half),
        (dq, half),
        (qi, half),
        (rsa.d(), full),
    ] {
        let mut bytes = Zeroizing::new(
            number
                .to_vec_padded(len as i32)
                .map_err(|_| unsupported())?,
        );
        bytes.reverse();
        blob.extend_from_slice(&bytes);
    }
    Ok(blob)
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::pkey::PKey;

    /// The blob equals `openssl rsa -outform MSBLOB` of the same key, for an ordinary and an
    /// odd key size.
    #[test]
    fn the_blob_is_openssls_msblob() {
        let dir = tempfile::tempdir().unwrap();
        for bits in [2048, 1025] {
            let rsa = openssl::rsa::Rsa::generate(bits).unwrap();
            let pem = rsa.private_key_to_pem().unwrap();
            let key_path = dir.path().join(format!("{bits}.pem"));
            let blob_path = dir.path().join(format!("{bits}.blob"));
            std::fs::write(&key_path, &pem).unwrap();
            let status = std::process::Command::new("openssl")
                .arg("rsa")
                .arg("-in")
                .arg(&key_path)
                .args(["-outform", "MSBLOB", "-out"])
                .arg(&blob_path)
                .stderr(std::process::Stdio::null())
                .status()
                .expect("openssl runs");
            assert!(status.success());
            let key = PrivateKey::new(PKey::from_rsa(rsa).unwrap());
            let blob = private_key_blob(&key).unwrap();
            assert_eq!(
                &blob[..],
                &std::fs::read(&blob_path).unwrap()[..],
                "{bits} bits"
            );
        }
    }

    #[test]
    fn other_keys_are_refused_with_a_hint() {
        let group =
            openssl::ec::EcGroup::from_curve_name(openssl::nid::Nid::X9_62_PRIME256V1).unwrap();
        let ec = openssl::ec::EcKey::generate(&group).unwrap();
        let key = PrivateKey::new(PKey::from_ec_key(ec).unwrap());
        let err = private_key_blob(&key).unwrap_err();
        assert_eq!(err.kind, ErrorKind::UnsupportedAlgorithm);
        assert!(
            err.message.contains("RSA private keys only"),
            "{}",
            err.message
        );
    }
}
