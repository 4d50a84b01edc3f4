//! Distinguished names and odd general names as text, the way RFC 4514 and OpenSSL write them.
//!
//! x509-parser's own `Display` prints a value that is not a string (a BIT STRING
//! uniqueIdentifier, an INTEGER, a string that does not decode) as bare hex, which reads like
//! text, and leaves `,` and `+` inside values unescaped, so a name cannot be read back. Here
//! string values are escaped as RFC 4514 section 2.4 says and every other value is written
//! `#` + the hex of its DER, as RFC 4514 section 2.4 and OpenSSL (`-nameopt RFC2253`) do. The
//! attribute order and the `, ` / ` + ` separators stay those certkit has always shown.

use x509_parser::der_parser::asn1_rs::{Any, Class, Tag, ToDer};
use x509_parser::objects::{oid2abbrev, oid_registry};
use x509_parser::x509::X509Name;

/// The name as one line (`C=DE, O=Example\, Inc., CN=client`).
pub fn name_text(name: &X509Name<'_>) -> String {
    let mut out = String::new();
    for (i, rdn) in name.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        for (j, atv) in rdn.iter().enumerate() {
            if j > 0 {
                out.push_str(" + ");
            }
            let oid = atv.attr_type();
            match oid2abbrev(oid, oid_registry()) {
                Ok(short) => out.push_str(short),
                Err(_) => out.push_str(&oid.to_id_string()),
            }
            out.push('=');
            push_value_text(&mut out, atv.attr_value());
        }
    }
    out
}

/// One attribute value: escaped text for the string types, `#` + DER hex for anything else.
pub fn value_text(value: &Any<'_>) -> String {
    let mut out = String::new();
    push_value_text(&mut out, value);
    out
}

/// [`value_text`] appended to `out`: a scan writes two names per certificate, so the common
/// case (a UTF-8 or printable string) is escaped straight from the DER bytes.
fn push_value_text(out: &mut String, value: &Any<'_>) {
    let plain = value.header.class() == Class::Universal
        && !value.header.is_constructed()
        && matches!(
            value.header.tag(),
            Tag::Utf8String
                | Tag::PrintableString
                | Tag::Ia5String
                | Tag::VisibleString
                | Tag::NumericString
        );
    if let Some(text) = plain
        .then(|| std::str::from_utf8(value.data).ok())
        .flatten()
    {
        escape_into(out, text);
        return;
    }
    match string_value(value) {
        Some(text) => escape_into(out, &text),
        None => out.push_str(&der_hex(value)),
    }
}

/// `#` followed by the uppercase hex of the whole DER element (tag, length and contents).
pub fn der_hex(value: &Any<'_>) -> String {
    match value.to_der_vec() {
        Ok(der) => format!("#{}", hex::encode_upper(der)),
        Err(_) => format!("#{}", hex::encode_upper(value.data)),
    }
}

/// The text of a value of a string type, `None` for other types or undecodable strings.
fn string_value(value: &Any<'_>) -> Option<String> {
    if value.header.class() != Class::Universal || value.header.is_constructed() {
        return None;
    }
    match value.header.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::NumericString => std::str::from_utf8(value.data).ok().map(str::to_string),
        Tag::T61String | Tag::BmpString | Tag::UniversalString => {
            super::name::directory_text(value)
        }
        _ => None,
    }
}

/// RFC 4514 section 2.4: `"+,;<>\` anywhere, `#` or a space at the start and a space at the
/// end are escaped with a backslash; control characters as `\XX`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`] appended to `out`.
fn escape_into(out: &mut String, text: &str) {
    let last = text.len().saturating_sub(1);
    for (i, c) in text.char_indices() {
        match c {
            '"' | '+' | ',' | ';' | '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '#' if i == 0 => out.push_str("\\#"),
            // A space is one byte: at byte `last` it is the last character.
            ' ' if i == 0 || i == last => out.push_str("\\ "),
            c if c.is_control() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("\\{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
}

/// An x400Address general name (the contents of its `[3]` tag, an ORAddress) as OpenSSL-style
/// text: the parts of its built-in standard attributes that people read (country, ADMD, PRMD,
/// organisation, personal name, organisational units), `X400Name:` + `#`-hex of the whole
/// value when none can be read.
pub fn x400_text(value: &Any<'_>) -> String {
    let mut parts = Vec::new();
    // ORAddress ::= SEQUENCE { built-in-standard-attributes SEQUENCE {...}, ... }: the
    // IMPLICIT [3] replaced the outer SEQUENCE tag, so the contents start with the first field.
    if let Some((0, true, 16, standard, _)) = tlv(value.data) {
        let mut rest = standard;
        while let Some((class, constructed, tag, content, next)) = tlv(rest) {
            rest = next;
            let label = match (class, tag) {
                (1, 1) => "C",
                (1, 2) => "ADMD",
                (2, 0) => "X121",
                (2, 1) => "T-ID",
                (2, 2) => "PRMD",
                (2, 3) => "O",
                (2, 4) => "UA-ID",
                (2, 5) => {
                    let mut rest = content;
                    while let Some((_, _, tag, content, next)) = tlv(rest) {
                        rest = next;
                        let label = ["S", "G", "I", "Q"].get(tag as usize).unwrap_or(&"?");
                        parts.push(format!("{label}={}", escape(&latin1(content))));
                    }
                    continue;
                }
                (2, 6) => {
                    let mut rest = content;
                    while let Some((_, _, _, content, next)) = tlv(rest) {
                        rest = next;
                        parts.push(format!("OU={}", escape(&latin1(content))));
                    }
                    continue;
                }
                _ => continue,
            };
            parts.push(format!(
                "{label}={}",
                escape(&strings_in(constructed, content))
            ));
        }
    }
    if parts.is_empty() {
        format!("X400Name:{}", der_hex(value))
    } else {
        format!("X400Name:{}", parts.join("; "))
    }
}

/// An ediPartyName general name (the contents of its `[5]` tag) as text:
/// `EdiPartyName:nameAssigner=…, partyName=…`, or `#`-hex when it cannot be read.
pub fn edi_party_text(value: &Any<'_>) -> String {
    let mut parts = Vec::new();
    let mut rest = value.data;
    while let Some((2, _, tag, content, next)) = tlv(rest) {
        rest = next;
        // [0] and [1] wrap a DirectoryString CHOICE, so they are explicit whatever the module
        // default: the string is the one element inside.
        let text = match tlv(content) {
            Some((0, false, inner, string, _)) => string_of(inner, string),
            _ => None,
        };
        let label = match tag {
            0 => "nameAssigner",
            1 => "partyName",
            _ => return format!("EdiPartyName:{}", der_hex(value)),
        };
        match text {
            Some(text) => parts.push(format!("{label}={}", escape(&text))),
            None => return format!("EdiPartyName:{}", der_hex(value)),
        }
    }
    if parts.is_empty() || !rest.is_empty() {
        format!("EdiPartyName:{}", der_hex(value))
    } else {
        format!("EdiPartyName:{}", parts.join(", "))
    }
}

/// The text of a universal string element (tag number `tag`, contents `data`).
fn string_of(tag: u32, data: &[u8]) -> Option<String> {
    match tag {
        12 | 18 | 19 | 22 | 26 => std::str::from_utf8(data).ok().map(str::to_string),
        20 => Some(latin1(data)),
        30 if data.len().is_multiple_of(2) => {
            char::decode_utf16(data.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])))
                .collect::<Result<String, _>>()
                .ok()
        }
        _ => None,
    }
}

/// The strings inside an ORAddress field: the field itself when primitive (an IMPLICIT
/// string), else the string element of the CHOICE it wraps.
fn strings_in(constructed: bool, content: &[u8]) -> String {
    if !constructed {
        return latin1(content);
    }
    match tlv(content) {
        Some((0, false, inner, data, _)) => string_of(inner, data).unwrap_or_else(|| latin1(data)),
        _ => format!("#{}", hex::encode_upper(content)),
    }
}

fn latin1(data: &[u8]) -> String {
    data.iter().map(|&b| char::from(b)).collect()
}

/// (class, constructed, tag number, contents, the bytes after the element).
type Tlv<'a> = (u8, bool, u32, &'a [u8], &'a [u8]);

/// One DER element of `input`: (class, constructed, tag number, contents, rest). Only the
/// single-byte tags and definite lengths these structures use; `None` otherwise.
fn tlv(input: &[u8]) -> Option<Tlv<'_>> {
    let (&first, rest) = input.split_first()?;
    if first & 0x1f == 0x1f {
        return None;
    }
    let (&len0, rest) = rest.split_first()?;
    let (len, rest) = if len0 < 0x80 {
        (len0 as usize, rest)
    } else {
        let n = (len0 & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((
        first >> 6,
        first & 0x20 != 0,
        u32::from(first & 0x1f),
        &rest[..len],
        &rest[len..],
    ))
}
