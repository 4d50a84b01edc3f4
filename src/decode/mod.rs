//! Detect and decode: bytes in, [`Bundle`] out.
//!
//! The format is recognised from the bytes, never from the file name: PEM text (any mix of
//! blocks), DER certificates, DER PKCS#8 keys, PKCS#7 bundles and PKCS#12 files. Each format
//! has its own module; this one only decides which applies and turns the outcome into one
//! [`Bundle`].

mod algorithms;
mod ber;
pub mod crl;
pub mod csr;
mod der;
pub mod ocsp;
pub(crate) mod pbmac1;
mod pem;
mod pkcs12;
mod pkcs12_checks;
mod pkcs7;
mod unlock;

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Format, Source};
use crate::password::Passwords;

pub use self::pkcs12::describe_container;

/// Decodes one input. `path` is only used for messages and for the bundle's source.
pub fn load(bytes: &[u8], path: Option<&Path>, passwords: &Passwords) -> Result<Bundle> {
    let name = path
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "<stdin>".to_string());
    let in_file = |e: Error| Error::new(e.kind, format!("{name}: {}", e.message));
    let source = |format| Source {
        path: path.map(Path::to_path_buf),
        format,
        pkcs12: None,
    };

    if bytes.is_empty() {
        return Err(in_file(Error::new(
            ErrorKind::NotCertificateMaterial,
            "the file is empty",
        )));
    }
    if pem::looks_like_pem(bytes) {
        return pem::decode(bytes, &name, passwords, source(Format::Pem)).map_err(in_file);
    }
    if let Some(text) = utf16_text(bytes).filter(|t| pem::looks_like_pem(t)) {
        return pem::decode(&text, &name, passwords, source(Format::Pem)).map_err(in_file);
    }
    if bytes[0] == 0x30 {
        return der::decode(bytes, &name, passwords, path).map_err(in_file);
    }
    Err(in_file(Error::new(
        ErrorKind::NotCertificateMaterial,
        "not a certificate, private key, PKCS#7 or PKCS#12 file (no PEM block, not DER)",
    )))
}

/// PEM text saved as UTF-16 with a byte order mark, as Windows PowerShell 5 writes it (`>`,
/// `Out-File`) and Notepad's "Unicode" encoding: the same text as UTF-8. `None` for anything else.
fn utf16_text(bytes: &[u8]) -> Option<Vec<u8>> {
    let (little_endian, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        _ => return None,
    };
    if body.len() % 2 != 0 {
        return None;
    }
    let units = body.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if little_endian {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<std::result::Result<String, _>>()
        .ok()
        .map(String::into_bytes)
}

#[cfg(test)]
mod tests {
    use super::utf16_text;

    #[test]
    fn utf16_with_either_byte_order_mark() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("-----BEGIN X".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("-----BEGIN X".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(utf16_text(&le).unwrap(), b"-----BEGIN X");
        assert_eq!(utf16_text(&be).unwrap(), b"-----BEGIN X");
        assert_eq!(utf16_text(&le[..le.len() - 1]), None);
        assert_eq!(utf16_text(b"-----BEGIN X"), None);
    }
}
