//! PEM text: any mix of certificates, keys (plain, PKCS#8-encrypted, legacy-encrypted) and
//! PKCS#7 blocks, in any order, with explanatory text around them.

use openssl::pkey::PKey;

use super::unlock::with_passwords;
use super::{der, pkcs7, Reading};
use crate::error::{Error, ErrorKind, Result};
use crate::model::note::DecodeNote;
use crate::model::{Bundle, Certificate, PrivateKey, Source};
use crate::password::{Candidate, Passwords};

/// Built once: a searcher per call cost more than the search in a directory scan.
static BEGIN: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"-----BEGIN "));

/// A cheap test: does a PEM header appear near the start (allowing a BOM and leading text)?
pub fn looks_like_pem(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    BEGIN.find(head).is_some()
}

/// Reads every block; with [`Reading::Partial`] a block that cannot be read is noted (see
/// [`DecodeNote::UnreadPart`]) and the others are kept, unless nothing at all could be read.
pub fn decode(
    bytes: &[u8],
    name: &str,
    passwords: &Passwords,
    source: Source,
    reading: Reading,
) -> Result<Bundle> {
    // The pem crate silently drops a last block that has no END line; a cut-off file must not
    // pass for "no certificate here" (a directory scan would skip it without a word).
    if let Some(label) = unterminated_block(bytes) {
        return Err(Error::new(
            ErrorKind::Malformed,
            format!(
                "the PEM block \"BEGIN {label}\" has no END line: the file is truncated, copy or export it again"
            ),
        ));
    }
    let blocks = parse_blocks(bytes).map_err(|e| {
        Error::new(
            ErrorKind::Malformed,
            format!(
                "the PEM text is damaged ({e}); re-export it or check that it was copied whole"
            ),
        )
    })?;
    let mut bundle = Bundle::new(source);
    let mut keys = Vec::new();
    let mut unknown = Vec::new();
    let mut first_error = None;
    for (index, block) in blocks.iter().enumerate() {
        match read_block(block, name, passwords, &mut bundle, &mut keys, &mut unknown) {
            Ok(()) => {}
            Err(e) if reading == Reading::Whole => return Err(e),
            Err(e) => {
                bundle.notes.push(DecodeNote::UnreadPart {
                    part: format!("PEM block {} ({})", index + 1, block.tag()),
                    reason_kind: e.kind,
                    reason: e.message.clone(),
                    incomplete: true,
                });
                first_error.get_or_insert(e);
            }
        }
    }
    if reading == Reading::Partial {
        // Labels certkit does not know at all (not the usual company of such files): named,
        // informational.
        for (index, block) in blocks.iter().enumerate() {
            if !KNOWN_LABELS.contains(&block.tag()) {
                bundle.notes.push(DecodeNote::UnreadPart {
                    part: format!("PEM block {} ({})", index + 1, block.tag()),
                    reason_kind: ErrorKind::NotCertificateMaterial,
                    reason: "certkit does not know this PEM label".to_string(),
                    incomplete: false,
                });
            }
        }
    }
    if let Some(e) = first_error.filter(|_| bundle.certificates.is_empty() && keys.is_empty()) {
        // Nothing could be read: the file's error is that of its first unreadable block.
        return Err(e);
    }
    if bundle.certificates.is_empty() && keys.is_empty() {
        let what = if unknown.is_empty() {
            "no PEM block".to_string()
        } else {
            format!("only {}", unknown.join(", "))
        };
        return Err(Error::new(
            ErrorKind::NotCertificateMaterial,
            format!("holds no certificate or private key ({what})"),
        ));
    }
    bundle.private_key = crate::model::key::pick_key(&bundle.certificates, keys);
    Ok(bundle)
}

/// The PEM blocks of `bytes`, as `pem::parse_many` finds them. Well-formed blocks without
/// headers (every certificate of a 10,000-certificate bundle) are split and decoded here, from
/// bytes: the pem crate walks the text byte by byte and copies every block into a `String`
/// char by char, which cost more than parsing the certificates. Anything else (headers, a
/// label that does not match its END, text that is not base64) is left to the pem crate for
/// the whole input, so its answers and errors stay the pem crate's.
fn parse_blocks(bytes: &[u8]) -> std::result::Result<Vec<::pem::Pem>, ::pem::PemError> {
    fast_blocks(bytes).map_or_else(|| ::pem::parse_many(bytes), Ok)
}

fn fast_blocks(bytes: &[u8]) -> Option<Vec<::pem::Pem>> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    const END: &[u8] = b"-----END ";
    const DASHES: &[u8] = b"-----";
    // The first `needle` at or after `from` (needles start with '-', absent from base64).
    let find = |from: usize, needle: &[u8]| -> Option<usize> {
        let mut at = from;
        loop {
            at += memchr::memchr(b'-', bytes.get(at..)?)?;
            if bytes[at..].starts_with(needle) {
                return Some(at);
            }
            at += 1;
        }
    };
    let mut blocks = Vec::new();
    let mut at = 0;
    while let Some(begin) = find(at, BEGIN) {
        let label_start = begin + BEGIN.len();
        let label_end = find(label_start, DASHES)?;
        let data_start = label_end + DASHES.len();
        let end = find(data_start, END)?;
        let end_label_start = end + END.len();
        let end_label_end = find(end_label_start, DASHES)?;
        let label = &bytes[label_start..label_end];
        let data = &bytes[data_start..end];
        if label != &bytes[end_label_start..end_label_end] || memchr::memchr(b':', data).is_some() {
            return None;
        }
        let label = std::str::from_utf8(label).ok()?;
        let contents = base64_body(data)?;
        blocks.push(::pem::Pem::new(label, contents));
        at = end_label_end + DASHES.len();
    }
    Some(blocks)
}

/// The bytes of a PEM body (base64 in lines), `None` when it is not base64. The lines are
/// joined without their line ends and surrounding blanks (whitespace inside a line is rare:
/// the decoder refuses it, and the body is then read again without any whitespace at all).
fn base64_body(data: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let engine = &base64::engine::general_purpose::STANDARD;
    let mut clean = Vec::with_capacity(data.len());
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', data).chain([data.len()]) {
        clean.extend_from_slice(data[start..end].trim_ascii());
        start = end + 1;
    }
    engine.decode(&clean).ok().or_else(|| {
        clean.clear();
        clean.extend(data.iter().filter(|b| !b.is_ascii_whitespace()));
        engine.decode(&clean).ok()
    })
}

/// Labels that are certkit's or the normal company of certificate files.
const KNOWN_LABELS: &[&str] = &[
    "CERTIFICATE",
    "X509 CERTIFICATE",
    "TRUSTED CERTIFICATE",
    "PKCS7",
    "PKCS #7 SIGNED DATA",
    "CMS",
    "PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
    "RSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "DSA PRIVATE KEY",
    "EC PARAMETERS",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "X509 CRL",
    "CERTIFICATE REQUEST",
    "NEW CERTIFICATE REQUEST",
    "DH PARAMETERS",
];

/// Reads one PEM block into the bundle (certificates), `keys` or `unknown` (labels not
/// modelled).
fn read_block(
    block: &::pem::Pem,
    name: &str,
    passwords: &Passwords,
    bundle: &mut Bundle,
    keys: &mut Vec<PrivateKey>,
    unknown: &mut Vec<String>,
) -> Result<()> {
    match block.tag() {
        // Microsoft AD CS ("Download certificate chain", Base 64) labels a PKCS#7 bundle
        // CERTIFICATE: read it as what it is.
        "CERTIFICATE" | "X509 CERTIFICATE"
            if block.contents().first() == Some(&0x30) && pkcs7::is_pkcs7(block.contents()) =>
        {
            for cert in pkcs7::certificates(block.contents())? {
                bundle.push_certificate(cert);
            }
        }
        "CERTIFICATE" | "X509 CERTIFICATE" => {
            bundle.push_certificate(Certificate::from_der(block.contents().to_vec())?);
        }
        "TRUSTED CERTIFICATE" => {
            // OpenSSL's trusted form: the certificate followed by trust settings.
            bundle.push_certificate(Certificate::from_der(der::first_certificate(
                block.contents(),
            )?)?);
        }
        "PKCS7" | "PKCS #7 SIGNED DATA" | "CMS" => {
            let certs = pkcs7::certificates(block.contents())?;
            if certs.is_empty() {
                unknown.push(format!("{} without certificates", block.tag()));
            }
            for cert in certs {
                bundle.push_certificate(cert);
            }
        }
        "PRIVATE KEY" => keys.push(der::plain_pkcs8(block.contents())?),
        "ENCRYPTED PRIVATE KEY" => {
            keys.push(der::encrypted_pkcs8(block.contents(), name, passwords)?)
        }
        "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "DSA PRIVATE KEY" => {
            keys.push(traditional_key(block, name, passwords)?)
        }
        // Blocks that are not ours to model, but are normal company in such files.
        "EC PARAMETERS"
        | "PUBLIC KEY"
        | "RSA PUBLIC KEY"
        | "X509 CRL"
        | "CERTIFICATE REQUEST"
        | "NEW CERTIFICATE REQUEST"
        | "DH PARAMETERS" => unknown.push(block.tag().to_string()),
        other => unknown.push(other.to_string()),
    }
    Ok(())
}

/// The label of a last `-----BEGIN ...-----` that no `-----END ` follows.
fn unterminated_block(bytes: &[u8]) -> Option<String> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    const END: &[u8] = b"-----END ";
    // Markers are the only dashes of PEM text: the last one that starts `needle`.
    let last = |needle: &[u8]| {
        memchr::memrchr_iter(b'-', bytes).find(|&at| bytes[at..].starts_with(needle))
    };
    let begin = last(BEGIN)?;
    if last(END).is_some_and(|end| end > begin) {
        return None;
    }
    let rest = &bytes[begin + BEGIN.len()..];
    let label_len = rest
        .iter()
        .position(|&b| b == b'-' || b == b'\n' || b == b'\r')
        .unwrap_or(rest.len())
        .min(40);
    Some(String::from_utf8_lossy(&rest[..label_len]).into_owned())
}

/// `RSA/EC/DSA PRIVATE KEY`, possibly encrypted the old OpenSSL way (Proc-Type/DEK-Info).
fn traditional_key(block: &::pem::Pem, name: &str, passwords: &Passwords) -> Result<PrivateKey> {
    let encrypted = block
        .headers()
        .get("Proc-Type")
        .is_some_and(|v| v.contains("ENCRYPTED"));
    let text = ::pem::encode(block);
    if !encrypted {
        return PKey::private_key_from_pem(text.as_bytes())
            .map(PrivateKey::new)
            .map_err(|_| {
                Error::new(
                    ErrorKind::Malformed,
                    format!("the {} block cannot be parsed", block.tag()),
                )
            });
    }
    with_passwords(name, passwords, |candidate| {
        let pass: &[u8] = match candidate {
            Candidate::Text(t) => t.as_bytes(),
            Candidate::Empty | Candidate::Null => b"",
        };
        Ok(PKey::private_key_from_pem_passphrase(text.as_bytes(), pass)
            .ok()
            .map(PrivateKey::new))
    })
}

#[cfg(test)]
mod tests {
    use super::{base64_body, unterminated_block};

    #[test]
    fn pem_bodies_are_read_whatever_their_whitespace() {
        let expected = b"certkit reads PEM bodies".to_vec();
        for body in [
            &b"\nY2VydGtpdCByZWFkcyBQRU0g\nYm9kaWVz\n"[..],
            b"\r\nY2VydGtpdCByZWFkcyBQRU0g\r\nYm9kaWVz\r\n",
            b"\n  Y2VydGtpdCByZWFkcyBQRU0g  \n\tYm9kaWVz\n\n",
            b"\nY2VydGtp dCByZWFkcyBQ\tRU0gYm9kaWVz",
        ] {
            assert_eq!(base64_body(body).as_deref(), Some(&expected[..]));
        }
        assert_eq!(base64_body(b"\nnot*base64\n"), None);
    }

    #[test]
    fn a_block_without_end_is_found() {
        let cut = b"text\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE";
        assert_eq!(unterminated_block(cut).as_deref(), Some("PRIVATE KEY"));
        let whole = b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        assert_eq!(unterminated_block(whole), None);
        assert_eq!(unterminated_block(b"no pem here"), None);
    }
}
