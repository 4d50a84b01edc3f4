//! The shared certificate model: what every command reads into and writes from.
//!
//! A [`Bundle`] is the content of one or more inputs: certificates in file order, at most one
//! private key, which certificate is the leaf, and where it all came from. The model knows
//! nothing of the command line or of output formatting; it is plain data plus the few facts
//! that follow from the data alone (leaf selection, chain order, key match).

pub mod certificate;
pub mod key;
pub mod name;
pub mod name_text;
pub mod naming;
pub mod note;
pub mod oids;
pub mod pkcs12;
pub mod pkcs12_readers;
#[cfg(test)]
pub(crate) mod test_support;

use std::path::PathBuf;

use serde::Serialize;

pub use certificate::Certificate;
pub use key::PrivateKey;
pub use pkcs12::Pkcs12Details;

/// How the bytes of an input were encoded.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pkcs12,
    Pem,
    Der,
    Pkcs7,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Pkcs12 => "pkcs12",
            Format::Pem => "pem",
            Format::Der => "der",
            Format::Pkcs7 => "pkcs7",
        }
    }
}

/// Where a bundle came from: the file (or stdin) and its container.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given, or `None` for standard input.
    pub path: Option<PathBuf>,
    pub format: Format,
    /// Container details when the input was PKCS#12.
    pub pkcs12: Option<Pkcs12Details>,
}

impl Source {
    /// The name used in messages: the path, or `<stdin>`.
    pub fn display_name(&self) -> String {
        match &self.path {
            Some(p) => p.display().to_string(),
            None => "<stdin>".to_string(),
        }
    }
}

/// The content of one input (or of several merged inputs).
#[derive(Debug, Clone)]
pub struct Bundle {
    pub source: Source,
    /// Certificates in the order the input holds them, without duplicates.
    pub certificates: Vec<Certificate>,
    pub private_key: Option<PrivateKey>,
    /// Positions in `certificates` by a hash of the DER, so that de-duplication stays linear
    /// for bundles of thousands (a CA bundle, a 10,000-certificate `--untrusted` file): a scan
    /// of the whole list per certificate made loading them quadratic.
    der_index: std::collections::HashMap<u64, Vec<usize>>,
    /// How many of `certificates` the index covers.
    der_indexed: usize,
    /// What the decoder noticed about the file while reading it (see [`note::DecodeNote`]).
    pub notes: Vec<note::DecodeNote>,
}

/// The role of a certificate within its bundle.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Leaf,
    Intermediate,
    Root,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Leaf => "leaf",
            Role::Intermediate => "intermediate",
            Role::Root => "root",
        }
    }
}

fn der_hash(der: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    der.hash(&mut hasher);
    hasher.finish()
}

impl Bundle {
    pub fn new(source: Source) -> Self {
        Bundle {
            source,
            certificates: Vec::new(),
            private_key: None,
            der_index: std::collections::HashMap::new(),
            der_indexed: 0,
            notes: Vec::new(),
        }
    }

    /// Adds a certificate unless an identical one (same DER) is already present.
    pub fn push_certificate(&mut self, cert: Certificate) {
        if self.certificates.is_empty() {
            // Nothing to compare with (most files hold one certificate): the index is built
            // when a second certificate arrives (`der_indexed` 0 != 1 below).
            self.der_index.clear();
            self.der_indexed = 0;
            self.certificates.push(cert);
            return;
        }
        if self.der_indexed != self.certificates.len() {
            // `certificates` was changed directly: index it again.
            self.der_index.clear();
            for (i, c) in self.certificates.iter().enumerate() {
                self.der_index.entry(der_hash(c.der())).or_default().push(i);
            }
            self.der_indexed = self.certificates.len();
        }
        let hash = der_hash(cert.der());
        let same = self.der_index.get(&hash).and_then(|positions| {
            positions
                .iter()
                .copied()
                .find(|&i| self.certificates[i].der() == cert.der())
        });
        if let Some(existing) = same.map(|i| &mut self.certificates[i]) {
            // Keep the first occurrence's position but do not lose attributes the second one has.
            if existing.friendly_name.is_none() {
                existing.friendly_name = cert.friendly_name;
            }
            if existing.local_key_id.is_none() {
                existing.local_key_id = cert.local_key_id;
            }
            existing.java_trusted |= cert.java_trusted;
            return;
        }
        self.der_index
            .entry(hash)
            .or_default()
            .push(self.certificates.len());
        self.certificates.push(cert);
        self.der_indexed += 1;
    }

    /// Index of the certificate whose public key matches the private key, if both exist.
    pub fn key_owner(&self) -> Option<usize> {
        let key = self.private_key.as_ref()?;
        self.certificates.iter().position(|c| key.matches(c))
    }

    /// Index of the leaf: the certificate whose private key is present; else the first
    /// certificate that issues no other certificate of the bundle and is not a CA. A bundle of
    /// CAs only (a CA bundle, a Java truststore) has no leaf: its intermediates stay
    /// intermediates.
    pub fn leaf_index(&self) -> Option<usize> {
        if let Some(i) = self.key_owner() {
            return Some(i);
        }
        let issues_none = |i: usize| {
            let me = &self.certificates[i];
            !self
                .certificates
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && me.is_issuer_of(other))
        };
        (0..self.certificates.len()).find(|&i| issues_none(i) && !self.certificates[i].is_ca())
    }

    /// The role of every certificate, in bundle order.
    pub fn roles(&self) -> Vec<Role> {
        let leaf = self.leaf_index();
        self.certificates
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if Some(i) == leaf {
                    Role::Leaf
                } else if c.is_self_issued() && (c.is_ca() || !c.is_end_entity_explicitly()) {
                    Role::Root
                } else if c.is_ca() {
                    Role::Intermediate
                } else {
                    Role::Leaf
                }
            })
            .collect()
    }

    /// Does the private key match the leaf certificate? `None` when either is absent.
    pub fn key_matches_leaf(&self) -> Option<bool> {
        let key = self.private_key.as_ref()?;
        let leaf = &self.certificates[self.leaf_index()?];
        Some(key.matches(leaf))
    }

    /// Merges another bundle's certificates and key into this one (for multi-file inputs).
    pub fn merge(&mut self, other: Bundle) {
        for cert in other.certificates {
            self.push_certificate(cert);
        }
        if self.private_key.is_none() {
            self.private_key = other.private_key;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::self_signed;

    #[test]
    fn a_bundle_keeps_each_certificate_once_from_the_first() {
        let key = openssl::pkey::PKey::generate_ed25519().unwrap();
        let a = self_signed("a", &key);
        let b = self_signed("b", &key);
        let mut bundle = Bundle::new(Source {
            path: None,
            format: Format::Pem,
            pkcs12: None,
        });
        let mut named = a.clone();
        named.friendly_name = Some("first".to_string());
        for cert in [a.clone(), named, b.clone(), a.clone(), b] {
            bundle.push_certificate(cert);
        }
        assert_eq!(bundle.certificates.len(), 2);
        assert_eq!(bundle.certificates[0].der(), a.der());
        // The repeat's friendly name is kept on the first occurrence.
        assert_eq!(
            bundle.certificates[0].friendly_name.as_deref(),
            Some("first")
        );
    }
}
