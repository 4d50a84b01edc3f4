//! PEM output: certificates as `CERTIFICATE` blocks and the private key as PKCS#8, encrypted
//! with AES-256-CBC (PBES2) unless the caller explicitly asks for a plain key.

use openssl::symm::Cipher;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Certificate, PrivateKey};

/// `CERTIFICATE` blocks for `certs`, in the given order, with LF line endings.
pub fn certificates(certs: &[&Certificate]) -> String {
    let mut text = String::new();
    for cert in certs {
        text.push_str(&certificate(cert));
    }
    text
}

/// One `CERTIFICATE` block.
pub fn certificate(cert: &Certificate) -> String {
    ::pem::encode_config(
        &::pem::Pem::new("CERTIFICATE", cert.der().to_vec()),
        ::pem::EncodeConfig::new().set_line_ending(::pem::LineEnding::LF),
    )
}

/// The private key as PKCS#8 PEM: `ENCRYPTED PRIVATE KEY` (PBES2, AES-256-CBC) with a
/// password, `PRIVATE KEY` with `None`. The bytes are wiped when dropped.
pub fn private_key(key: &PrivateKey, password: Option<&str>) -> Result<Zeroizing<Vec<u8>>> {
    let encoded = match password {
        Some(pass) => key
            .key
            .private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), pass.as_bytes()),
        None => key.key.private_key_to_pem_pkcs8(),
    };
    encoded.map(Zeroizing::new).map_err(|_| {
        Error::new(
            ErrorKind::UnsupportedAlgorithm,
            format!(
                "the {} private key cannot be written as PKCS#8",
                key.description().algorithm
            ),
        )
    })
}
