//! `check-private-key`: is a private key present, and does it belong to the leaf certificate?
//!
//! Two independent checks: the public keys are compared, and a signature made with the private
//! key is verified with the certificate's public key (RSA, RSA-PSS, EC, Ed25519, Ed448, DSA).
//! Both must pass for a match.

use openssl::hash::MessageDigest;
use openssl::pkey::{Id, PKey, Private, Public};
use openssl::rsa::Padding;
use openssl::sign::{RsaPssSaltlen, Signer, Verifier};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::model::key::KeyDescription;
use crate::model::{Bundle, Certificate, PrivateKey};
use crate::ops::summary::CertificateSummary;
use crate::store::HeldKeyCheck;

/// The outcome, as scripts branch on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A private key is present and belongs to the leaf certificate.
    Match,
    /// No private key in the input.
    NoKey,
    /// A private key is present but does not belong to the leaf certificate.
    Mismatch,
}

/// The result of the sign/verify round trip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureCheck {
    /// A signature made with the private key verified with the certificate's public key.
    Passed,
    /// It did not verify.
    Failed,
    /// Not run (no key), or the key type cannot sign (X25519, DH, ...).
    NotRun,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CheckReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub input: String,
    /// The separate key file (`--key`), if one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_file: Option<String>,
    pub verdict: Verdict,
    pub key_present: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyDescription>,
    pub leaf: LeafFacts,
    /// Public key of the private key equals the certificate's. `None` without a key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key_match: Option<bool>,
    pub signature_check: SignatureCheck,
    /// When the key belongs to another certificate of the input, that one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_belongs_to: Option<LeafFacts>,
    /// Where a store holds the key (Windows stores): the provider, its API and, for CryptoAPI,
    /// the provider type, e.g. "Microsoft Software Key Storage Provider (CNG)".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_provider: Option<String>,
    /// The hash of the signature made with a store's key ("SHA-256"), when one was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature_hash: Option<String>,
    /// Whether the store's key provider can itself sign SHA-256. `false` for a PROV_RSA_FULL
    /// key (MMC's provider): the signature was then made by opening the same container through
    /// the Enhanced RSA and AES provider, which Schannel does not do, so TLS 1.3 client
    /// authentication and TLS 1.2 servers that refuse SHA-1 fail with this key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_signs_sha256: Option<bool>,
    /// One sentence saying what was found and what to do.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct LeafFacts {
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    pub key_algorithm: String,
    /// The certificate checked is a CA certificate (basic constraints CA:TRUE), which is never
    /// a client certificate: the input holds no end-entity certificate.
    #[serde(default)]
    pub ca: bool,
}

impl LeafFacts {
    /// What the checked certificate is, for sentences: "leaf certificate", or "CA certificate"
    /// / "root CA certificate" when the input holds only CAs.
    pub fn noun(&self) -> &'static str {
        match (self.ca, self.certificate.subject == self.certificate.issuer) {
            (false, _) => "leaf certificate",
            (true, true) => "root CA certificate",
            (true, false) => "CA certificate",
        }
    }
}

/// Said after the verdict when the certificate checked is a CA: a key that matches it is a CA's
/// key, not what client authentication presents.
fn not_a_client_certificate(leaf: &LeafFacts) -> String {
    if leaf.ca {
        format!(
            "; {} is a CA, not a client certificate: client authentication needs the client certificate it issued, with that certificate's own private key",
            leaf.certificate.subject
        )
    } else {
        String::new()
    }
}

impl CheckReport {
    /// The current version of the `check-private-key` document.
    pub const VERSION: u32 = 3;
}

/// Checks `key` (the input's own, or the one from `--key`) against the bundle's leaf
/// certificate. `bundle` must hold at least one certificate.
pub fn check(
    input: String,
    key_file: Option<String>,
    bundle: &Bundle,
    key: Option<&PrivateKey>,
    now: OffsetDateTime,
) -> CheckReport {
    let leaf = structural_leaf(bundle);
    let leaf_facts = facts(leaf, now);
    let Some(key) = key else {
        let pkcs12 = bundle.source.format == crate::model::Format::Pkcs12;
        let message = if pkcs12 {
            format!("{input} holds no private key: it is a certificate-only PKCS#12 file, and client authentication needs the private key; export the certificate again with its private key (Windows: \"Yes, export the private key\")")
        } else {
            format!("{input} holds no private key: client authentication needs the private key; give the key file with --key KEYFILE")
        } + &not_a_client_certificate(&leaf_facts);
        return CheckReport {
            version: CheckReport::VERSION,
            input,
            key_file,
            verdict: Verdict::NoKey,
            key_present: false,
            key: None,
            leaf: leaf_facts,
            public_key_match: None,
            signature_check: SignatureCheck::NotRun,
            key_belongs_to: None,
            key_provider: None,
            signature_hash: None,
            provider_signs_sha256: None,
            message,
        };
    };
    let description = key.description();
    let public_key_match = key.matches(leaf);
    let signature_check = match leaf.to_openssl().ok().and_then(|x| x.public_key().ok()) {
        Some(public) => sign_and_verify(&key.key, &public),
        None => SignatureCheck::Failed,
    };
    let matched = public_key_match && signature_check == SignatureCheck::Passed;
    let key_belongs_to = if public_key_match {
        None
    } else {
        bundle
            .certificates
            .iter()
            .find(|c| key.matches(c))
            .map(|c| facts(c, now))
    };
    let noun = leaf_facts.noun();
    let mut message = if matched {
        format!(
            "the {} private key matches the {noun} {} (public keys equal, signature verified)",
            description.algorithm, leaf_facts.certificate.subject
        )
    } else if public_key_match {
        format!(
            "the public keys are equal but a signature made with the private key does not verify with {}: the key is damaged",
            leaf_facts.certificate.subject
        )
    } else if let Some(other) = &key_belongs_to {
        format!(
            "the private key does not match the {noun} {}: it belongs to {} instead",
            leaf_facts.certificate.subject, other.certificate.subject
        )
    } else {
        format!(
            "the {} private key does not match the {noun} {} ({} key): find the key that was generated with this certificate's request",
            description.algorithm, leaf_facts.certificate.subject, leaf_facts.key_algorithm
        )
    };
    message.push_str(&not_a_client_certificate(&leaf_facts));
    CheckReport {
        version: CheckReport::VERSION,
        input,
        key_file,
        verdict: if matched {
            Verdict::Match
        } else {
            Verdict::Mismatch
        },
        key_present: true,
        key: Some(description),
        leaf: leaf_facts,
        public_key_match: Some(public_key_match),
        signature_check,
        key_belongs_to,
        key_provider: None,
        signature_hash: None,
        provider_signs_sha256: None,
        message,
    }
}

/// The check of a personal store entry whose private key the store keeps to itself (the
/// Windows stores, where keys are not exportable): what the store found, as the same report.
/// `bundle` is the entry opened from the store, its certificate first.
pub fn check_held(
    input: String,
    bundle: &Bundle,
    held: &HeldKeyCheck,
    now: OffsetDateTime,
) -> CheckReport {
    let leaf = &bundle.certificates[0];
    let leaf_facts = facts(leaf, now);
    let signature_check = match held.signature_verified {
        Some(true) => SignatureCheck::Passed,
        Some(false) => SignatureCheck::Failed,
        None => SignatureCheck::NotRun,
    };
    let matched = held.public_key_match && signature_check != SignatureCheck::Failed;
    // The key's facts are those of its public half, which the store compared.
    let key = leaf
        .to_openssl()
        .ok()
        .and_then(|x| x.public_key().ok())
        .map(|public| crate::model::key::describe_pkey(&public));
    let message = if matched {
        let proof = match (signature_check, &held.signature_hash) {
            (SignatureCheck::Passed, Some(hash)) => {
                format!("public keys equal, {hash} signature verified")
            }
            (SignatureCheck::Passed, None) => "public keys equal, signature verified".to_string(),
            _ => "public keys equal".to_string(),
        };
        let warning = if held.provider_signs_sha256 == Some(false) {
            // The key is right, but where it is held breaks modern client authentication.
            "; its provider cannot sign SHA-256 itself, so Schannel offers only SHA-1 with it (TLS 1.3 client authentication and TLS 1.2 servers that refuse SHA-1 fail): import the PFX again with certkit, then grant again"
        } else {
            ""
        };
        format!(
            "the private key in {} matches the certificate {} ({proof}){warning}",
            held.holder, leaf_facts.certificate.subject,
        )
    } else {
        format!(
            "the private key linked to {} ({}) does not match it: import the certificate again with its own key",
            leaf_facts.certificate.subject, held.holder
        )
    };
    CheckReport {
        version: CheckReport::VERSION,
        input,
        key_file: None,
        verdict: if matched {
            Verdict::Match
        } else {
            Verdict::Mismatch
        },
        key_present: true,
        key,
        leaf: leaf_facts,
        public_key_match: Some(held.public_key_match),
        signature_check,
        key_belongs_to: None,
        key_provider: held.provider.clone(),
        signature_hash: held.signature_hash.clone(),
        provider_signs_sha256: held.provider_signs_sha256,
        message,
    }
}

/// The leaf by structure alone (the certificate that issues no other and is not a CA), so
/// that a key belonging to a CA certificate of the file is not taken for the leaf's.
fn structural_leaf(bundle: &Bundle) -> &Certificate {
    let mut without_key = bundle.clone();
    without_key.private_key = None;
    let index = without_key.leaf_index().unwrap_or(0);
    &bundle.certificates[index]
}

fn facts(cert: &Certificate, now: OffsetDateTime) -> LeafFacts {
    let key_algorithm = cert
        .to_openssl()
        .ok()
        .and_then(|x| x.public_key().ok())
        .map(|k| crate::model::key::describe_pkey(&k).algorithm)
        .unwrap_or_else(|| "unknown".to_string());
    LeafFacts {
        certificate: CertificateSummary::new(cert, now),
        key_algorithm,
        ca: cert.is_ca(),
    }
}

/// Signs a fixed challenge with the private key and verifies it with the public key.
pub fn sign_and_verify(private: &PKey<Private>, public: &PKey<Public>) -> SignatureCheck {
    let data = b"certkit check-private-key: sign/verify round trip";
    let id = private.id();
    let result = (|| -> Result<bool, openssl::error::ErrorStack> {
        match id {
            Id::ED25519 | Id::ED448 => {
                let mut signer = Signer::new_without_digest(private)?;
                let signature = signer.sign_oneshot_to_vec(data)?;
                let mut verifier = Verifier::new_without_digest(public)?;
                verifier.verify_oneshot(&signature, data)
            }
            Id::RSA | Id::RSA_PSS | Id::EC | Id::DSA => {
                let md = MessageDigest::sha256();
                let mut signer = Signer::new(md, private)?;
                let mut verifier = Verifier::new(md, public)?;
                if id == Id::RSA_PSS {
                    signer.set_rsa_padding(Padding::PKCS1_PSS)?;
                    signer.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)?;
                    verifier.set_rsa_padding(Padding::PKCS1_PSS)?;
                    verifier.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)?;
                }
                signer.update(data)?;
                let signature = signer.sign_to_vec()?;
                verifier.update(data)?;
                verifier.verify(&signature)
            }
            _ => Ok(false),
        }
    })();
    match (id, result) {
        (Id::ED25519 | Id::ED448 | Id::RSA | Id::RSA_PSS | Id::EC | Id::DSA, Ok(true)) => {
            SignatureCheck::Passed
        }
        (Id::ED25519 | Id::ED448 | Id::RSA | Id::RSA_PSS | Id::EC | Id::DSA, _) => {
            SignatureCheck::Failed
        }
        _ => SignatureCheck::NotRun,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::nid::Nid;

    fn public_of(key: &PKey<Private>) -> PKey<Public> {
        PKey::public_key_from_der(&key.public_key_to_der().unwrap()).unwrap()
    }

    #[test]
    fn round_trip_passes_for_every_signing_key_type() {
        let keys = [
            PKey::from_rsa(openssl::rsa::Rsa::generate(2048).unwrap()).unwrap(),
            PKey::from_ec_key(
                EcKey::generate(&EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap()).unwrap(),
            )
            .unwrap(),
            PKey::generate_ed25519().unwrap(),
            PKey::generate_ed448().unwrap(),
            PKey::from_dsa(openssl::dsa::Dsa::generate(2048).unwrap()).unwrap(),
        ];
        for key in &keys {
            assert_eq!(
                sign_and_verify(key, &public_of(key)),
                SignatureCheck::Passed,
                "{:?}",
                key.id()
            );
        }
    }

    #[test]
    fn round_trip_fails_for_another_key() {
        let a = PKey::generate_ed25519().unwrap();
        let b = PKey::generate_ed25519().unwrap();
        assert_eq!(sign_and_verify(&a, &public_of(&b)), SignatureCheck::Failed);
        let a = PKey::from_rsa(openssl::rsa::Rsa::generate(2048).unwrap()).unwrap();
        let b = PKey::from_rsa(openssl::rsa::Rsa::generate(2048).unwrap()).unwrap();
        assert_eq!(sign_and_verify(&a, &public_of(&b)), SignatureCheck::Failed);
    }

    #[test]
    fn key_agreement_keys_are_not_signed_with() {
        let x = PKey::generate_x25519().unwrap();
        assert_eq!(sign_and_verify(&x, &public_of(&x)), SignatureCheck::NotRun);
    }
}
