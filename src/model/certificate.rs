//! One X.509 certificate of the model: its DER bytes, the parse that validated them, and the
//! few facts every command needs.
//!
//! DER is the currency between crates (x509-parser for reading fields, openssl for signatures
//! and keys). The facts cached here are the ones used to relate certificates to each other
//! (names, key ids, CA flag). Other fields are read from the kept parse
//! ([`Certificate::parsed_shallow`]); decoded extensions from [`Certificate::parsed`].

use x509_parser::certificate::{X509Certificate, X509CertificateParser};
use x509_parser::extensions::{AuthorityKeyIdentifier, BasicConstraints, KeyIdentifier};
use x509_parser::nom::Parser as _;
use x509_parser::prelude::FromDer;

use crate::error::{Error, ErrorKind, Result};

self_cell::self_cell!(
    /// The DER bytes and x509-parser's parse of them (extensions left shallow), kept together:
    /// the parse that validates a certificate is the one every later reader uses, so no
    /// command parses a certificate twice (a directory scan reads thousands of them).
    struct DerAndParse {
        owner: Vec<u8>,
        #[covariant]
        dependent: X509Certificate,
    }
);

#[derive(Clone)]
pub struct Certificate {
    /// Shared by clones: the DER and its parse never change once built.
    der_and_parse: std::sync::Arc<DerAndParse>,
    /// PKCS#12 friendlyName (Windows "Friendly Name", Java alias) when the file had one.
    pub friendly_name: Option<String>,
    /// PKCS#12 localKeyId, which ties a certificate to its key bag.
    pub local_key_id: Option<Vec<u8>>,
    /// Whether the PKCS#12 bag carries Oracle's trusted-certificate attribute (Java truststores).
    pub java_trusted: bool,
    subject_key_id: Option<Vec<u8>>,
    authority_key_id: Option<Vec<u8>>,
    /// `Some(true)` CA, `Some(false)` explicitly not a CA, `None` no basic constraints.
    basic_ca: Option<bool>,
    /// Subject and issuer are the same name (RFC 5280 section 7.1), found once while parsing.
    self_issued: bool,
    /// OpenSSL's view, parsed on first use: OpenSSL 3 decodes the public key of every
    /// certificate it parses, which costs more than everything else `inspect` does, so
    /// commands that never need it don't pay for it. `None` when OpenSSL rejects what
    /// x509-parser accepted (it is stricter in places, e.g. invalid UTF-8 in names).
    openssl: std::sync::OnceLock<Option<openssl::x509::X509>>,
}

impl std::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certificate")
            .field("sha1", &self.sha1_hex())
            .field("friendly_name", &self.friendly_name)
            .finish()
    }
}

impl Certificate {
    /// Parses DER bytes; fails with `malformed` when they are not one whole certificate that
    /// both x509-parser and OpenSSL accept.
    pub fn from_der(der: Vec<u8>) -> Result<Self> {
        Self::build(der)?
    }

    /// For a decoder telling formats apart: `Ok(None)` when the bytes are not one whole X.509
    /// certificate (so another format may fit), an error when they are one the model refuses
    /// (a name that is not valid UTF-8), which must be reported rather than read as another
    /// format. The bytes are parsed once, for the sniff and the model alike.
    pub fn from_der_if_certificate(der: &[u8]) -> Result<Option<Self>> {
        Ok(Self::build(der.to_vec())?.ok())
    }

    /// The outer error: a certificate the model refuses; the inner one: bytes that are not
    /// one whole certificate.
    fn build(der: Vec<u8>) -> Result<Result<Self>> {
        // Extensions are read shallowly here (which accepts and refuses the same certificates:
        // x509-parser keeps an extension it cannot read as a parse error, never a failure) and
        // only the three the model keeps are decoded: a directory scan or a 10,000-certificate
        // bundle reads thousands of certificates, and decoding every extension of each was
        // most of the cost of building one.
        let built = DerAndParse::try_new(der, |der| {
            let mut parser = X509CertificateParser::new().with_deep_parse_extensions(false);
            let (rest, cert) = parser.parse(der).map_err(|e| {
                Error::new(
                    ErrorKind::Malformed,
                    format!("the certificate cannot be parsed ({e})"),
                )
            })?;
            if !rest.is_empty() {
                return Err(Error::new(
                    ErrorKind::Malformed,
                    "the certificate has trailing bytes after its end",
                ));
            }
            Ok(cert)
        });
        let der_and_parse = match built {
            Ok(der_and_parse) => der_and_parse,
            Err(not_a_certificate) => return Ok(Err(not_a_certificate)),
        };
        let cert = der_and_parse.borrow_dependent();
        // OpenSSL refuses a UTF8String name that is not UTF-8 where x509-parser accepts it;
        // refuse it here too, so the model never holds a certificate OpenSSL cannot use.
        let valid_utf8 = |name: &x509_parser::x509::X509Name<'_>| {
            name.iter_attributes().all(|a| {
                let value = a.attr_value();
                value.tag() != x509_parser::der_parser::asn1_rs::Tag::Utf8String
                    || std::str::from_utf8(value.data).is_ok()
            })
        };
        if !valid_utf8(cert.subject()) || !valid_utf8(cert.issuer()) {
            return Err(Error::new(
                ErrorKind::Malformed,
                "the certificate has a name that is not valid UTF-8",
            ));
        }
        let mut subject_key_id = None;
        let mut authority_key_id = None;
        let mut basic_ca = None;
        for ext in cert.extensions() {
            if ext.oid == oid_registry::OID_X509_EXT_SUBJECT_KEY_IDENTIFIER {
                subject_key_id = KeyIdentifier::from_der(ext.value)
                    .ok()
                    .map(|(_, ski)| ski.0.to_vec());
            } else if ext.oid == oid_registry::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER {
                authority_key_id = AuthorityKeyIdentifier::from_der(ext.value)
                    .ok()
                    .and_then(|(_, aki)| aki.key_identifier.map(|k| k.0.to_vec()));
            } else if ext.oid == oid_registry::OID_X509_EXT_BASIC_CONSTRAINTS {
                basic_ca = BasicConstraints::from_der(ext.value)
                    .ok()
                    .map(|(_, bc)| bc.ca);
            }
        }
        let self_issued = super::name::same_parsed_name(cert.subject(), cert.issuer());
        Ok(Ok(Certificate {
            der_and_parse: std::sync::Arc::new(der_and_parse),
            friendly_name: None,
            local_key_id: None,
            java_trusted: false,
            subject_key_id,
            authority_key_id,
            basic_ca,
            self_issued,
            openssl: std::sync::OnceLock::new(),
        }))
    }

    /// The certificate's DER bytes.
    pub fn der(&self) -> &[u8] {
        self.der_and_parse.borrow_owner()
    }

    /// The full parsed view, for reading any field. Cannot fail: the DER was checked on creation.
    pub fn parsed(&self) -> X509Certificate<'_> {
        X509Certificate::from_der(self.der())
            .expect("certificate DER was validated when the Certificate was built")
            .1
    }

    /// The parsed view with its extensions left undecoded (`ext.value` only), for a caller
    /// that decodes just the ones it needs: decoding all of them costs more than the rest.
    /// It is the parse made when the certificate was built, not a new one.
    pub fn parsed_shallow(&self) -> &X509Certificate<'_> {
        self.der_and_parse.borrow_dependent()
    }

    /// The openssl view, for signatures, keys and TLS (a cheap reference-counted copy once
    /// parsed). Fails with `malformed` for the rare certificate OpenSSL refuses.
    pub fn to_openssl(&self) -> Result<openssl::x509::X509> {
        self.openssl
            .get_or_init(|| openssl::x509::X509::from_der(self.der()).ok())
            .clone()
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Malformed,
                    format!(
                        "the certificate {} is not valid DER for OpenSSL (for example a name that is not valid UTF-8)",
                        self.sha1_hex()
                    ),
                )
            })
    }

    /// SHA-1 of the DER: the thumbprint Windows shows, uppercase hex without separators.
    pub fn sha1_hex(&self) -> String {
        use sha1::Digest as _;
        upper_hex(&sha1::Sha1::digest(self.der()))
    }

    /// SHA-256 fingerprint of the DER, uppercase hex without separators.
    pub fn sha256_hex(&self) -> String {
        use sha2::Digest as _;
        upper_hex(&sha2::Sha256::digest(self.der()))
    }

    pub fn subject_raw(&self) -> &[u8] {
        self.parsed_shallow().subject().as_raw()
    }

    pub fn issuer_raw(&self) -> &[u8] {
        self.parsed_shallow().issuer().as_raw()
    }

    /// DER of the SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> &[u8] {
        self.parsed_shallow().public_key().raw
    }

    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.subject_key_id.as_deref()
    }

    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.authority_key_id.as_deref()
    }

    /// Basic constraints say CA.
    pub fn is_ca(&self) -> bool {
        self.basic_ca == Some(true)
    }

    /// Basic constraints are present and say "not a CA".
    pub fn is_end_entity_explicitly(&self) -> bool {
        self.basic_ca == Some(false)
    }

    /// Subject and issuer names are the same (a self-issued, usually self-signed, certificate),
    /// compared as RFC 5280 section 7.1 says ([`super::name::same_name`]).
    pub fn is_self_issued(&self) -> bool {
        self.self_issued
    }

    /// Could `self` have issued `other`? Names must match; where both carry key ids they must
    /// match too. (Signatures are checked by verify-chain, not here.)
    pub fn is_issuer_of(&self, other: &Certificate) -> bool {
        if !super::name::same_name(self.subject_raw(), other.issuer_raw()) {
            return false;
        }
        match (self.subject_key_id(), other.authority_key_id()) {
            (Some(ski), Some(aki)) => ski == aki,
            _ => true,
        }
    }
}

impl Certificate {
    /// The subject's first common name, if it has one.
    pub fn common_name(&self) -> Option<String> {
        self.parsed_shallow()
            .subject()
            .iter_common_name()
            .next()
            .and_then(|cn| cn.as_str().ok().map(str::to_string))
    }

    /// The subject as one line (`CN=client.example.com, O=Example`).
    pub fn subject_text(&self) -> String {
        crate::model::name_text::name_text(self.parsed_shallow().subject())
    }
}

/// Uppercase hex without separators, as reports show fingerprints, serials and key ids. The hex
/// crate builds its `String` one char at a time; a scan writes five of these per certificate.
pub fn upper_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut text = Vec::with_capacity(bytes.len() * 2);
    for &b in bytes {
        text.push(DIGITS[usize::from(b >> 4)]);
        text.push(DIGITS[usize::from(b & 0x0F)]);
    }
    String::from_utf8(text).expect("hex digits are ASCII")
}

#[cfg(test)]
mod tests {
    use super::Certificate;
    use crate::model::test_support::self_signed;

    #[test]
    fn the_sniff_tells_a_certificate_from_other_der_and_from_one_the_model_refuses() {
        let key = openssl::pkey::PKey::generate_ed25519().unwrap();
        let cert = self_signed("sniffed-X", &key);
        let found = Certificate::from_der_if_certificate(cert.der()).unwrap();
        assert_eq!(found.expect("a certificate").der(), cert.der());

        let pkcs8 = key.private_key_to_pkcs8().unwrap();
        assert!(Certificate::from_der_if_certificate(&pkcs8)
            .unwrap()
            .is_none());
        let mut longer = cert.der().to_vec();
        longer.push(0);
        assert!(Certificate::from_der_if_certificate(&longer)
            .unwrap()
            .is_none());

        // The same certificate with a byte of its UTF8String common name made invalid: still
        // a certificate (so no other format is tried), one the model refuses.
        let mut bad_name = cert.der().to_vec();
        let at = bad_name
            .windows(9)
            .position(|w| w == b"sniffed-X")
            .expect("the common name in the DER");
        bad_name[at + 8] = 0xFF;
        let error = Certificate::from_der_if_certificate(&bad_name).unwrap_err();
        assert!(
            error.message.contains("not valid UTF-8"),
            "{}",
            error.message
        );
    }
}
