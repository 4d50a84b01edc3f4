//! Distinguished-name matching as RFC 5280 section 7.1 asks, in OpenSSL's practical form.
//!
//! A CA's subject and the issuer field of what it signed are often encoded differently
//! (PrintableString in one, UTF8String in the other; other case; doubled spaces) and are still
//! the same name. [`canonical_name`] turns a DER name into a comparison key that is equal for
//! such names and different otherwise, with the rules of OpenSSL's canonical encoding (the one
//! its `X509_NAME_cmp` and subject hash use, so certkit and `openssl verify` agree):
//! values of the directory string types are converted to UTF-8, stripped of leading and
//! trailing white space, internal white-space runs collapsed to one space, ASCII letters
//! lowercased, and the string type forgotten; other values (NumericString, binary values) are
//! kept as they are; the attributes of a multi-valued RDN are compared as a set.

use x509_parser::der_parser::asn1_rs::{Any, Class, Tag};
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

/// The comparison key of the DER-encoded name `der` (a `Name`, as in a certificate's subject
/// or issuer field). Two names match when their keys are equal. The key is certkit's own
/// serialisation, not DER: use it for comparing and indexing only. A name that does not parse
/// keeps its raw bytes as its key (such a name then matches only itself, byte for byte).
pub fn canonical_name(der: &[u8]) -> Vec<u8> {
    match X509Name::from_der(der) {
        Ok((&[], name)) => {
            let mut key = vec![b'N'];
            for rdn in name.iter() {
                let mut attributes: Vec<Vec<u8>> = rdn
                    .iter()
                    .map(|atv| attribute_key(atv.attr_type().as_bytes(), atv.attr_value()))
                    .collect();
                // A multi-valued RDN is a SET: its order carries no meaning.
                attributes.sort();
                push_field(&mut key, &attributes.concat());
            }
            key
        }
        _ => [b"R".as_slice(), der].concat(),
    }
}

/// Do the DER names `a` and `b` match (RFC 5280 section 7.1, as [`canonical_name`] says)?
/// The same answer as comparing the keys, found attribute by attribute so that the common
/// case (different names, on every certificate that is not self-issued) costs no more than
/// parsing the two names.
pub fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (X509Name::from_der(a), X509Name::from_der(b)) {
        (Ok((&[], x)), Ok((&[], y))) => same_parsed_name(&x, &y),
        // Unparsable names match only byte for byte, as their keys say.
        _ => false,
    }
}

/// [`same_name`] for names x509-parser has already parsed (a certificate's subject and
/// issuer), without parsing them again.
pub fn same_parsed_name(x: &X509Name<'_>, y: &X509Name<'_>) -> bool {
    if x.as_raw() == y.as_raw() {
        return true;
    }
    if x.iter().count() != y.iter().count() {
        return false;
    }
    for (r, s) in x.iter().zip(y.iter()) {
        let (mut r, mut s) = (r.iter(), s.iter());
        match (r.next(), s.next(), r.next(), s.next()) {
            (Some(p), Some(q), None, None) => {
                if p.attr_type() != q.attr_type() || !same_value(p.attr_value(), q.attr_value()) {
                    return false;
                }
            }
            // Multi-valued RDNs (rare): compared as sets, through the keys.
            _ => return canonical_name(x.as_raw()) == canonical_name(y.as_raw()),
        }
    }
    true
}

fn same_value(p: &Any, q: &Any) -> bool {
    let raw = |v: &Any| (v.header.class(), v.header.is_constructed(), v.header.tag());
    if raw(p) == raw(q) && p.data == q.data {
        return true;
    }
    match (canonical_value(p), canonical_value(q)) {
        (Some(u), Some(v)) => u == v,
        _ => false,
    }
}

/// The canonical text of an attribute value of a directory string type (see the module doc);
/// `None` for other types, which are compared as they are.
pub fn canonical_value(value: &Any) -> Option<String> {
    directory_string(value).map(|text| canonical_text(&text))
}

/// The decoded text of a value of a directory string type (T61String is read as Latin-1, as
/// OpenSSL does); `None` for other types. Shared with [`super::name_text`].
pub(crate) fn directory_text(value: &Any) -> Option<String> {
    directory_string(value)
}

/// One attribute: its type and its value, the value canonical where it is a string.
fn attribute_key(oid: &[u8], value: &Any) -> Vec<u8> {
    let mut key = Vec::new();
    push_field(&mut key, oid);
    match canonical_value(value) {
        Some(text) => {
            key.push(b'S');
            push_field(&mut key, text.as_bytes());
        }
        None => {
            let header = value.header.clone();
            key.push(b'V');
            key.push(header.class() as u8);
            key.push(u8::from(header.is_constructed()));
            key.extend_from_slice(&header.tag().0.to_be_bytes());
            push_field(&mut key, value.data);
        }
    }
    key
}

/// Length-prefixed, so that concatenated fields cannot be confused with each other.
fn push_field(key: &mut Vec<u8>, bytes: &[u8]) {
    key.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    key.extend_from_slice(bytes);
}

/// The text of a value of one of the string types OpenSSL canonicalises; `None` for other
/// types and for values that do not decode (compared as they are).
fn directory_string(value: &Any) -> Option<String> {
    if value.header.class() != Class::Universal || value.header.is_constructed() {
        return None;
    }
    let data = value.data;
    match value.header.tag() {
        Tag::Utf8String => std::str::from_utf8(data).ok().map(str::to_string),
        // One byte per character; OpenSSL reads T61String as Latin-1 too.
        Tag::PrintableString | Tag::Ia5String | Tag::VisibleString | Tag::T61String => {
            Some(data.iter().map(|&b| char::from(b)).collect())
        }
        Tag::BmpString => {
            if !data.len().is_multiple_of(2) {
                return None;
            }
            let units = data.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
            char::decode_utf16(units)
                .collect::<Result<String, _>>()
                .ok()
        }
        Tag::UniversalString => {
            if !data.len().is_multiple_of(4) {
                return None;
            }
            data.chunks(4)
                .map(|c| char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]])))
                .collect()
        }
        _ => None,
    }
}

/// Trimmed, internal white space collapsed to one space, ASCII letters lowercased (OpenSSL's
/// rules: only ASCII white space and letters are touched).
fn canonical_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.trim_matches(is_space).chars() {
        if is_space(c) {
            pending_space = true;
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r')
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::nid::Nid;
    use openssl::x509::X509Name;

    /// A DER name with one attribute per (nid, value, string type) entry.
    fn name(entries: &[(Nid, &str, openssl::asn1::Asn1Type)]) -> Vec<u8> {
        let mut b = X509Name::builder().unwrap();
        for (nid, value, ty) in entries {
            b.append_entry_by_nid_with_type(*nid, value, *ty).unwrap();
        }
        b.build().to_der().unwrap()
    }

    use openssl::asn1::Asn1Type as T;

    /// A name of one common name as a BMPString (UTF-16), which openssl's builder does not
    /// make from text: short-form DER lengths are enough here.
    fn bmp_common_name(text: &str) -> Vec<u8> {
        let value: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let atv = [tlv(0x06, &[0x55, 0x04, 0x03]), tlv(0x1e, &value)].concat();
        tlv(0x30, &tlv(0x31, &tlv(0x30, &atv)))
    }

    #[test]
    fn string_type_case_and_white_space_do_not_matter() {
        let printable = name(&[
            (Nid::COUNTRYNAME, "NL", T::PRINTABLESTRING),
            (Nid::ORGANIZATIONNAME, "Example  CA", T::PRINTABLESTRING),
            (Nid::COMMONNAME, "Issuing CA 1", T::PRINTABLESTRING),
        ]);
        let utf8 = name(&[
            (Nid::COUNTRYNAME, "nl", T::PRINTABLESTRING),
            (Nid::ORGANIZATIONNAME, " example ca ", T::UTF8STRING),
            (Nid::COMMONNAME, "ISSUING\tCA 1", T::UTF8STRING),
        ]);
        assert_ne!(printable, utf8);
        assert!(same_name(&printable, &utf8));
        assert_eq!(canonical_name(&printable), canonical_name(&utf8));
        // OpenSSL agrees (X509_NAME_cmp uses its canonical encoding).
        let (a, b) = (
            X509Name::from_der(&printable).unwrap(),
            X509Name::from_der(&utf8).unwrap(),
        );
        assert_eq!(a.try_cmp(&b).unwrap(), std::cmp::Ordering::Equal);
    }

    #[test]
    fn different_names_stay_different() {
        let base = name(&[(Nid::COMMONNAME, "Issuing CA 1", T::UTF8STRING)]);
        for other in [
            name(&[(Nid::COMMONNAME, "Issuing CA 2", T::UTF8STRING)]),
            name(&[(Nid::COMMONNAME, "IssuingCA 1", T::UTF8STRING)]),
            name(&[(Nid::ORGANIZATIONNAME, "Issuing CA 1", T::UTF8STRING)]),
            name(&[
                (Nid::COMMONNAME, "Issuing CA 1", T::UTF8STRING),
                (Nid::COUNTRYNAME, "NL", T::PRINTABLESTRING),
            ]),
            bmp_common_name("ISSUING CA 10"),
        ] {
            assert!(!same_name(&base, &other));
        }
        // Non-ASCII letters are not case-folded (nor are they by OpenSSL).
        let accented = name(&[(Nid::COMMONNAME, "Ärzte CA", T::UTF8STRING)]);
        let lower = name(&[(Nid::COMMONNAME, "ärzte CA", T::UTF8STRING)]);
        assert!(!same_name(&accented, &lower));
        let bmp = bmp_common_name("ÄRZTE ca");
        assert!(same_name(&accented, &bmp));
    }

    #[test]
    fn same_name_agrees_with_the_keys() {
        let names = [
            name(&[(Nid::COMMONNAME, "CA", T::UTF8STRING)]),
            name(&[(Nid::COMMONNAME, " ca ", T::PRINTABLESTRING)]),
            name(&[(Nid::COMMONNAME, "CA", T::IA5STRING)]),
            name(&[(Nid::COMMONNAME, "CB", T::UTF8STRING)]),
            name(&[(Nid::SERIALNUMBER, "12", T::NUMERICSTRING)]),
            name(&[(Nid::SERIALNUMBER, "12", T::PRINTABLESTRING)]),
            name(&[
                (Nid::COMMONNAME, "CA", T::UTF8STRING),
                (Nid::ORGANIZATIONNAME, "O", T::UTF8STRING),
            ]),
            bmp_common_name("ca"),
            b"\x30\x00".to_vec(),
            b"\x30\x03\x31\x01".to_vec(),
            multi_valued_rdn(&[("CN", "a"), ("O", "B")]),
            multi_valued_rdn(&[("O", "b"), ("CN", "A")]),
            multi_valued_rdn(&[("O", "b"), ("CN", "C")]),
        ];
        let mut matches = 0;
        for a in &names {
            for b in &names {
                let same = same_name(a, b);
                assert_eq!(
                    same,
                    canonical_name(a) == canonical_name(b),
                    "{a:x?} {b:x?}"
                );
                matches += usize::from(same);
            }
        }
        // Each name with itself, the four spellings of "CA" with each other (12 ordered
        // pairs), the two orders of the multi-valued RDN (2); NumericString "12" is not
        // canonicalised (as in OpenSSL), so it differs from PrintableString "12".
        assert_eq!(matches, names.len() + 12 + 2);
    }

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        [&[tag, content.len() as u8][..], content].concat()
    }

    /// A name of one multi-valued RDN (`CN=..+O=..`, as `openssl req -multivalue-rdn` writes
    /// them), its attributes in the order given, values as UTF8String.
    fn multi_valued_rdn(entries: &[(&str, &str)]) -> Vec<u8> {
        let attributes: Vec<u8> = entries
            .iter()
            .flat_map(|(field, value)| {
                let oid: &[u8] = if *field == "CN" {
                    &[0x55, 4, 3]
                } else {
                    &[0x55, 4, 10]
                };
                tlv(
                    0x30,
                    &[tlv(0x06, oid), tlv(0x0c, value.as_bytes())].concat(),
                )
            })
            .collect();
        tlv(0x30, &tlv(0x31, &attributes))
    }

    #[test]
    fn a_certificate_whose_issuer_is_its_subject_spelt_differently_is_self_issued() {
        use openssl::x509::X509Builder;
        let key = openssl::pkey::PKey::from_ec_key(
            openssl::ec::EcKey::generate(
                &openssl::ec::EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap(),
            )
            .unwrap(),
        )
        .unwrap();
        let subject = name(&[(Nid::COMMONNAME, "Root  CA", T::PRINTABLESTRING)]);
        let issuer = name(&[(Nid::COMMONNAME, "root ca", T::UTF8STRING)]);
        let mut b = X509Builder::new().unwrap();
        b.set_subject_name(&X509Name::from_der(&subject).unwrap())
            .unwrap();
        b.set_issuer_name(&X509Name::from_der(&issuer).unwrap())
            .unwrap();
        b.set_pubkey(&key).unwrap();
        b.set_not_before(&openssl::asn1::Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        b.set_not_after(&openssl::asn1::Asn1Time::days_from_now(1).unwrap())
            .unwrap();
        b.sign(&key, openssl::hash::MessageDigest::sha256())
            .unwrap();
        let cert = crate::model::Certificate::from_der(b.build().to_der().unwrap()).unwrap();
        assert_ne!(cert.subject_raw(), cert.issuer_raw());
        assert!(cert.is_self_issued());
    }

    #[test]
    fn a_name_that_does_not_parse_matches_only_itself() {
        let junk = b"\x30\x03\x31\x01".to_vec();
        assert!(same_name(&junk, &junk));
        assert!(!same_name(&junk, b"\x30\x00"));
        assert_ne!(canonical_name(&junk), canonical_name(b"\x30\x00"));
        assert_eq!(canonical_name(b"\x30\x00"), b"N");
    }
}
