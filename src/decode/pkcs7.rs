//! PKCS#7 / .p7b certificate bundles (degenerate SignedData), DER or the contents of a PEM block.

use openssl::pkcs7::Pkcs7;

use crate::error::{Error, ErrorKind, Result};
use crate::model::Certificate;

/// Is this DER a PKCS#7 SignedData? Used by detection before any error is reported.
pub fn is_pkcs7(der: &[u8]) -> bool {
    // A ContentInfo is SEQUENCE { OBJECT IDENTIFIER, ... }, a certificate SEQUENCE { SEQUENCE
    // ... }: one byte tells them apart before OpenSSL is asked (which, failing, costs more than
    // parsing the certificate, for every block of a 10,000-certificate bundle).
    let first_inner = match der {
        [0x30, len, rest @ ..] if *len < 0x80 => rest.first(),
        [0x30, len, rest @ ..] => rest.get(usize::from(len & 0x7f)),
        _ => None,
    };
    first_inner == Some(&0x06) && Pkcs7::from_der(der).is_ok()
}

/// The certificates a PKCS#7 SignedData carries, in its order.
pub fn certificates(der: &[u8]) -> Result<Vec<Certificate>> {
    let p7 = Pkcs7::from_der(der).map_err(|_| {
        Error::new(
            ErrorKind::Malformed,
            "the PKCS#7 structure cannot be parsed",
        )
    })?;
    let signed = p7.signed().ok_or_else(|| {
        Error::new(
            ErrorKind::NotCertificateMaterial,
            "the PKCS#7 data is not a SignedData certificate bundle",
        )
    })?;
    let Some(certs) = signed.certificates() else {
        return Ok(Vec::new());
    };
    certs
        .iter()
        .map(|c| {
            let der = c.to_der().map_err(|_| {
                Error::new(
                    ErrorKind::Malformed,
                    "a certificate in the PKCS#7 bundle cannot be encoded",
                )
            })?;
            Certificate::from_der(der)
        })
        .collect()
}
