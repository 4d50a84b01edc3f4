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
mod nss_pbes1;
mod nss_pbes2;
pub mod ocsp;
pub(crate) mod pbmac1;
mod pem;
mod pkcs12;
mod pkcs12_checks;
mod pkcs12_clear;
mod pkcs12_describe;
mod pkcs12_hidden;
mod pkcs7;
mod unlock;

use std::path::Path;

use crate::error::{Error, ErrorKind, Result};
use crate::model::note::DecodeNote;
use crate::model::{Bundle, Format, Source};
use crate::password::Passwords;

pub use self::pkcs12_describe::describe_container;

/// How much of a file a reader needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Every part, or an error: what commands that use the contents need (a `convert` whose
    /// key cannot be decrypted must fail with the reason, not write a file without the key).
    Whole,
    /// As much as can be read: a part that cannot be read becomes a
    /// [`DecodeNote::UnreadPart`](crate::model::note::DecodeNote) and the rest is kept, what
    /// `inspect` needs. An error still comes when nothing at all could be read.
    Partial,
}

/// Decodes one input, every part of it. `path` is only used for messages and for the bundle's
/// source.
pub fn load(bytes: &[u8], path: Option<&Path>, passwords: &Passwords) -> Result<Bundle> {
    load_as(bytes, path, passwords, Reading::Whole)
}

/// Applies the reading mode to what a decoder read: a part left unread fails a whole-file
/// read, and a partial read that got nothing at all fails with the first part's reason.
fn settle(bundle: Bundle, reading: Reading) -> Result<Bundle> {
    let nothing = bundle.certificates.is_empty() && bundle.private_key.is_none();
    let first_unread = bundle.notes.iter().find_map(|n| match n {
        DecodeNote::UnreadPart {
            reason_kind,
            reason,
            incomplete: true,
            ..
        } => Some(Error::new(*reason_kind, reason.clone())),
        _ => None,
    });
    match first_unread {
        Some(e) if reading == Reading::Whole || nothing => Err(e),
        _ => Ok(bundle),
    }
}

/// Decodes one input as far as it can be read (see [`Reading::Partial`]).
pub fn load_partial(bytes: &[u8], path: Option<&Path>, passwords: &Passwords) -> Result<Bundle> {
    load_as(bytes, path, passwords, Reading::Partial)
}

fn load_as(
    bytes: &[u8],
    path: Option<&Path>,
    passwords: &Passwords,
    reading: Reading,
) -> Result<Bundle> {
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
        return pem::decode(bytes, &name, passwords, source(Format::Pem), reading).map_err(in_file);
    }
    if let Some(text) = utf16_text(bytes).filter(|t| pem::looks_like_pem(t)) {
        return pem::decode(&text, &name, passwords, source(Format::Pem), reading).map_err(in_file);
    }
    if bytes[0] == 0x30 {
        return der::decode(bytes, &name, passwords, path)
            .and_then(|bundle| settle(bundle, reading))
            .map_err(in_file);
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
