//! BER → DER, for PKCS#12 files written with indefinite lengths (NSS's `pk12util` does this).
//!
//! The DER parsers refuse such files, OpenSSL reads them. certkit reads the contents of a BER
//! file with OpenSSL (the MAC covers the original BER bytes, so they must not be changed) and
//! uses this normalised copy only to describe the container (algorithms, MAC, iterations).
//! OCTET STRINGs whose content is itself one BER SEQUENCE (the authenticated safe, the safe
//! contents) are normalised too.

/// Deepest nesting accepted: real PKCS#12 files stay far below it.
const MAX_DEPTH: usize = 64;

/// The DER form of `bytes`, or `None` when they are not one whole BER element.
pub fn to_der(bytes: &[u8]) -> Option<Vec<u8>> {
    let (der, used) = element(bytes, 0)?;
    (used == bytes.len()).then_some(der)
}

/// Normalises the element at the start of `bytes`; returns its DER and the bytes consumed.
fn element(bytes: &[u8], depth: usize) -> Option<(Vec<u8>, usize)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut pos = 0;
    let first = *bytes.first()?;
    pos += 1;
    if first & 0x1f == 0x1f {
        // High tag number: continuation bytes have the top bit set.
        loop {
            let b = *bytes.get(pos)?;
            pos += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let tag = bytes[..pos].to_vec();
    let constructed = first & 0x20 != 0;
    let len_byte = *bytes.get(pos)?;
    pos += 1;
    let content: Vec<u8>;
    if len_byte == 0x80 {
        if !constructed {
            return None;
        }
        let mut children = Vec::new();
        loop {
            if bytes.get(pos..pos + 2)? == [0, 0] {
                pos += 2;
                break;
            }
            let (child, used) = element(&bytes[pos..], depth + 1)?;
            children.push(child);
            pos += used;
        }
        content = join(first, children)?;
    } else {
        let len = if len_byte < 0x80 {
            len_byte as usize
        } else {
            let n = (len_byte & 0x7f) as usize;
            if n == 0 || n > 4 {
                return None;
            }
            let len = bytes
                .get(pos..pos + n)?
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | *b as usize);
            pos += n;
            len
        };
        let body = bytes.get(pos..pos.checked_add(len)?)?;
        pos += len;
        if constructed {
            let mut children = Vec::new();
            let mut at = 0;
            while at < body.len() {
                let (child, used) = element(&body[at..], depth + 1)?;
                children.push(child);
                at += used;
            }
            content = join(first, children)?;
        } else if first == 0x04 && body.first() == Some(&0x30) {
            // An OCTET STRING wrapping an encoded structure (authenticated safe, safe contents).
            content = match element(body, depth + 1) {
                Some((inner, used)) if used == body.len() => inner,
                _ => body.to_vec(),
            };
        } else {
            content = body.to_vec();
        }
    }
    // A constructed OCTET STRING becomes a primitive one.
    let tag = if first == 0x24 { vec![0x04] } else { tag };
    let mut out = tag;
    push_length(&mut out, content.len());
    out.extend_from_slice(&content);
    Some((out, pos))
}

/// The content of a constructed element from its children's DER: concatenated, except that a
/// constructed OCTET STRING's content is its pieces' contents.
fn join(first: u8, mut children: Vec<Vec<u8>>) -> Option<Vec<u8>> {
    if first == 0x30 {
        encrypted_content_to_primitive(&mut children)?;
    }
    if first != 0x24 {
        return Some(children.concat());
    }
    let mut content = Vec::new();
    for child in children {
        if child.first() != Some(&0x04) {
            return None;
        }
        let (_, header) = length_of(&child)?;
        content.extend_from_slice(&child[header..]);
    }
    // The pieces of a wrapped structure were split arbitrarily: normalise the whole.
    if content.first() == Some(&0x30) {
        if let Some((inner, used)) = element(&content, 1) {
            if used == content.len() {
                return Some(inner);
            }
        }
    }
    Some(content)
}

/// DER of the OID pkcs7-data (1.2.840.113549.1.7.1).
const OID_PKCS7_DATA: [u8; 11] = [
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
];

/// `EncryptedContentInfo ::= SEQUENCE { contentType, contentEncryptionAlgorithm,
/// encryptedContent [0] IMPLICIT OCTET STRING }`: in BER the `[0]` may be constructed from
/// OCTET STRING pieces; DER wants one primitive `[0]`. (A ContentInfo's `[0] EXPLICIT` has only
/// two siblings, so the two cannot be confused.)
fn encrypted_content_to_primitive(children: &mut [Vec<u8>]) -> Option<()> {
    if children.len() != 3
        || children[0] != OID_PKCS7_DATA
        || children[1].first() != Some(&0x30)
        || children[2].first() != Some(&0xa0)
    {
        return Some(());
    }
    let (_, header) = length_of(&children[2])?;
    let body = &children[2][header..];
    let mut content = Vec::new();
    let mut at = 0;
    while at < body.len() {
        let piece = &body[at..];
        if piece.first() != Some(&0x04) {
            return None;
        }
        let (len, h) = length_of(piece)?;
        content.extend_from_slice(piece.get(h..h + len)?);
        at += h + len;
    }
    let mut out = vec![0x80];
    push_length(&mut out, content.len());
    out.extend_from_slice(&content);
    children[2] = out;
    Some(())
}

/// Content length and header length of a DER element with a one-byte tag.
fn length_of(der: &[u8]) -> Option<(usize, usize)> {
    let b = *der.get(1)?;
    if b < 0x80 {
        return Some((b as usize, 2));
    }
    let n = (b & 0x7f) as usize;
    let len = der
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |acc, x| (acc << 8) | *x as usize);
    Some((len, 2 + n))
}

fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

#[cfg(test)]
mod tests {
    use super::to_der;

    #[test]
    fn indefinite_lengths_and_chunked_octet_strings_become_der() {
        // SEQUENCE (indefinite) { INTEGER 3, OCTET STRING constructed { "ab", "c" } }
        let ber = [
            0x30, 0x80, 0x02, 0x01, 0x03, 0x24, 0x80, 0x04, 0x02, b'a', b'b', 0x04, 0x01, b'c',
            0x00, 0x00, 0x00, 0x00,
        ];
        let der = to_der(&ber).unwrap();
        assert_eq!(
            der,
            [0x30, 0x08, 0x02, 0x01, 0x03, 0x04, 0x03, b'a', b'b', b'c']
        );
        // DER stays as it is.
        assert_eq!(to_der(&der).unwrap(), der);
    }

    #[test]
    fn garbage_and_truncation_are_refused() {
        assert!(to_der(&[0x30, 0x80, 0x02, 0x01]).is_none());
        assert!(to_der(&[0x30, 0x05, 0x02]).is_none());
        assert!(to_der(&[]).is_none());
    }
}
