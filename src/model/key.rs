//! The private key of the model, held by openssl and wiped from memory when dropped.

use openssl::pkey::{Id, PKey, Private};
use serde::Serialize;
use zeroize::Zeroizing;

use super::Certificate;

#[derive(Clone)]
pub struct PrivateKey {
    pub key: PKey<Private>,
    /// PKCS#12 friendlyName of the key bag.
    pub friendly_name: Option<String>,
    /// PKCS#12 localKeyId of the key bag.
    pub local_key_id: Option<Vec<u8>>,
}

// Never print key material, not even in debug output.
impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.description().algorithm)
            .finish_non_exhaustive()
    }
}

/// What kind of key this is, for reports (private and public keys alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
pub struct KeyDescription {
    /// `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, …
    pub algorithm: String,
    /// Key size in bits (0 when certkit cannot tell).
    pub bits: u32,
    /// Named curve for EC keys (`P-256`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub curve: Option<String>,
    /// Why the size is unknown, when `bits` is 0 (a DSA key whose parameters are inherited
    /// from its issuer, a curve certkit cannot size).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size_unknown: Option<String>,
}

impl KeyDescription {
    /// A key whose algorithm and size are known.
    pub fn sized(algorithm: &str, bits: u32, curve: Option<String>) -> Self {
        KeyDescription {
            algorithm: algorithm.to_string(),
            bits,
            curve,
            size_unknown: None,
        }
    }

    /// A key that cannot be sized, named by its SubjectPublicKeyInfo algorithm OID (dotted),
    /// with the family name the sized keys use (`DSA`, not `id-dsa`), so the same key type
    /// always reads the same. `fallback` names OIDs outside the table.
    pub fn unsized_from_oid(oid: &str, has_parameters: bool, fallback: String) -> Self {
        let (algorithm, why) = match oid {
            "1.2.840.10040.4.1" if !has_parameters => (
                "DSA".to_string(),
                "the DSA parameters are absent: they are inherited from the issuing CA's key (RFC 3279 2.3.2)",
            ),
            "1.2.840.10040.4.1" => ("DSA".to_string(), "OpenSSL cannot read the DSA parameters"),
            "1.2.840.113549.1.1.1" => ("RSA".to_string(), "the RSA key cannot be decoded"),
            "1.2.840.113549.1.1.10" => ("RSA-PSS".to_string(), "the RSA-PSS key cannot be decoded"),
            "1.2.840.10045.2.1" => ("EC".to_string(), "the curve is not one certkit can size"),
            _ => (fallback, "certkit does not know this key type"),
        };
        KeyDescription {
            algorithm,
            bits: 0,
            curve: None,
            size_unknown: Some(why.to_string()),
        }
    }
}

impl PrivateKey {
    pub fn new(key: PKey<Private>) -> Self {
        PrivateKey {
            key,
            friendly_name: None,
            local_key_id: None,
        }
    }

    /// Parses an unencrypted PKCS#8 DER key.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, openssl::error::ErrorStack> {
        Ok(PrivateKey::new(PKey::private_key_from_pkcs8(der)?))
    }

    /// PKCS#8 DER of the key, wiped when dropped.
    pub fn pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(
            self.key
                .private_key_to_pkcs8()
                .expect("openssl can encode a key it holds as PKCS#8"),
        )
    }

    /// DER of the key's SubjectPublicKeyInfo.
    pub fn public_spki_der(&self) -> Vec<u8> {
        self.key
            .public_key_to_der()
            .expect("openssl can encode the public half of a key it holds")
    }

    /// Does this key belong to `cert`? Compares the public keys.
    pub fn matches(&self, cert: &Certificate) -> bool {
        if self.public_spki_der() == cert.spki_der() {
            return true;
        }
        // Same key, different encoding (e.g. explicit EC parameters): let openssl decide.
        cert.to_openssl()
            .ok()
            .and_then(|x| x.public_key().ok())
            .is_some_and(|public| public.public_eq(&self.key))
    }

    pub fn description(&self) -> KeyDescription {
        describe_pkey(&self.key)
    }
}

/// With several keys in one file, keep the one that belongs to a certificate; else the first.
pub fn pick_key(certificates: &[Certificate], mut keys: Vec<PrivateKey>) -> Option<PrivateKey> {
    if keys.len() > 1 {
        if let Some(i) = keys
            .iter()
            .position(|k| certificates.iter().any(|c| k.matches(c)))
        {
            return Some(keys.swap_remove(i));
        }
    }
    keys.into_iter().next()
}

/// Algorithm, size and curve of any openssl key (public or private).
pub fn describe_pkey<T: openssl::pkey::HasPublic>(key: &PKey<T>) -> KeyDescription {
    let id = key.id();
    let (algorithm, curve) = match id {
        Id::RSA => ("RSA".to_string(), None),
        Id::RSA_PSS => ("RSA-PSS".to_string(), None),
        Id::DSA => ("DSA".to_string(), None),
        Id::EC => {
            let curve = key
                .ec_key()
                .ok()
                .and_then(|ec| ec.group().curve_name())
                .map(curve_display_name);
            ("EC".to_string(), curve)
        }
        Id::ED25519 => ("Ed25519".to_string(), None),
        Id::ED448 => ("Ed448".to_string(), None),
        Id::X25519 => ("X25519".to_string(), None),
        Id::X448 => ("X448".to_string(), None),
        Id::DH => ("DH".to_string(), None),
        other => (format!("unknown ({})", other.as_raw()), None),
    };
    let bits = key.bits();
    KeyDescription {
        algorithm,
        bits,
        curve,
        size_unknown: (bits == 0).then(|| "OpenSSL reports no size for this key".to_string()),
    }
}

fn curve_display_name(nid: openssl::nid::Nid) -> String {
    use openssl::nid::Nid;
    match nid {
        Nid::X9_62_PRIME256V1 => "P-256".to_string(),
        Nid::SECP384R1 => "P-384".to_string(),
        Nid::SECP521R1 => "P-521".to_string(),
        Nid::SECP256K1 => "secp256k1".to_string(),
        other => other
            .short_name()
            .map(str::to_string)
            .unwrap_or_else(|_| format!("nid {}", other.as_raw())),
    }
}
