//! What path checks report: a [`Finding`] with its [`Severity`] and [`FindingKind`], and the
//! short certificate name every message uses. Kept apart from the checks themselves so that each
//! family of checks ([`super::checks`], [`super::names`]) depends on this module and not on the
//! others.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::Certificate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The stable, machine-readable name of a finding (`kind` in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// No certificate that issued the last one of the path was found.
    MissingIssuer,
    /// The path ends at a root that is not a trust anchor.
    UntrustedRoot,
    /// The path is longer than any real path may be.
    DepthExceeded,
    /// The search gave up after examining the most candidate paths it may.
    PathSearchLimit,
    /// A certificate's signature does not verify with its issuer's public key.
    BadSignature,
    /// The signature algorithm inside the certificate differs from the outer one.
    SignatureAlgorithmMismatch,
    /// A certificate's validity ended before the checked time.
    Expired,
    /// A certificate's validity starts after the checked time.
    NotYetValid,
    /// An issuing certificate has no basic constraints, or they say it is not a CA.
    NotACa,
    /// An issuing CA's key usage does not allow signing certificates.
    MissingKeyCertSign,
    /// A CA's path length constraint is violated.
    PathLengthExceeded,
    /// The key usage does not allow what the certificate is used for (the leaf's purpose, or
    /// keyCertSign asserted by a certificate that is not a CA).
    KeyUsage,
    /// The extended key usage of the leaf, or a restriction by a CA, does not allow the purpose.
    ExtendedKeyUsage,
    /// A critical extension certkit does not process.
    UnknownCriticalExtension,
    /// An extension is marked critical, or not, against RFC 5280.
    ExtensionCriticality,
    /// The same extension appears twice.
    DuplicateExtension,
    /// An extension cannot be decoded.
    MalformedExtension,
    /// The issuer name is empty.
    EmptyIssuer,
    /// A certificate that must carry an authority key identifier does not.
    MissingAuthorityKeyId,
    /// A CA certificate carries no subject key identifier.
    MissingSubjectKeyId,
    /// The serial number is zero, negative or longer than 20 bytes.
    SerialNumber,
    /// The signature uses a weak hash (MD5, SHA-1).
    WeakSignatureAlgorithm,
    /// The public key is smaller than recommended (RSA under 2048 bits, DSA, explicit curve
    /// parameters): only profiles forbid it.
    WeakKey,
    /// The public key is below what mainstream verifiers accept at all (RSA or DSA under 1024
    /// bits, elliptic curves under 224 bits).
    KeyTooSmall,
    /// A subject alternative name is not valid syntax.
    InvalidSan,
    /// A name constraints extension in a certificate that is not a CA.
    NameConstraints,
    /// A name constraint itself is not valid.
    InvalidNameConstraint,
    /// A name in the path lies outside a CA's permitted names or inside its excluded ones.
    NameConstraintViolation,
    /// The name constraints are too many to check.
    NameConstraintsTooComplex,
    /// Downloading a missing issuer from its AIA URL failed.
    FetchFailed,
    /// The server's certificate does not name the host connected to (`connect`).
    NameMismatch,
    /// A certificate of the path is revoked (CRL or OCSP).
    Revoked,
    /// The revocation status of a certificate could not be established.
    RevocationUnknown,
    /// Downloading a CRL or asking an OCSP responder failed.
    RevocationFetchFailed,
    /// A CRL is past its next update.
    CrlExpired,
    /// A CRL's this update is in the future.
    CrlNotYetValid,
    /// A CRL's signature does not verify with its issuer's key.
    CrlBadSignature,
    /// A CRL does not cover the certificate (another issuer or distribution point).
    CrlOutOfScope,
    /// A CRL cannot be decoded.
    CrlMalformed,
    /// An OCSP response is past its next update.
    OcspStale,
    /// An OCSP response's this update is in the future.
    OcspNotYetValid,
    /// An OCSP response's signature does not verify.
    OcspBadSignature,
    /// An OCSP response does not echo the request's nonce.
    OcspNonceMismatch,
    /// The OCSP responder answered with an error, or with a response that cannot be decoded.
    OcspError,
    /// An RSA modulus whose size in bits is not divisible by 8 (CA/B Forum BR 6.1.5;
    /// `--purpose server` only).
    CabfRsaModulus,
    /// A root with an extended key usage (CA/B Forum BR 7.1.2.1.2; `--purpose server` only).
    CabfRootExtendedKeyUsage,
    /// A root whose authority key identifier is not just a keyIdentifier equal to its subject
    /// key identifier (CA/B Forum BR 7.1.2.1.3; `--purpose server` only).
    CabfRootAuthorityKeyId,
    /// The leaf's extended key usage is missing, critical or lists anyExtendedKeyUsage (CA/B
    /// Forum BR 7.1.2.7.6; `--purpose server` only).
    CabfLeafExtendedKeyUsage,
    /// The leaf is a CA certificate (CA/B Forum BR 7.1.2.7.8; `--purpose server` only).
    CabfLeafIsCa,
}

impl FindingKind {
    /// The name as JSON shows it (`missing_issuer`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::MissingIssuer => "missing_issuer",
            FindingKind::UntrustedRoot => "untrusted_root",
            FindingKind::DepthExceeded => "depth_exceeded",
            FindingKind::PathSearchLimit => "path_search_limit",
            FindingKind::BadSignature => "bad_signature",
            FindingKind::SignatureAlgorithmMismatch => "signature_algorithm_mismatch",
            FindingKind::Expired => "expired",
            FindingKind::NotYetValid => "not_yet_valid",
            FindingKind::NotACa => "not_a_ca",
            FindingKind::MissingKeyCertSign => "missing_key_cert_sign",
            FindingKind::PathLengthExceeded => "path_length_exceeded",
            FindingKind::KeyUsage => "key_usage",
            FindingKind::ExtendedKeyUsage => "extended_key_usage",
            FindingKind::UnknownCriticalExtension => "unknown_critical_extension",
            FindingKind::ExtensionCriticality => "extension_criticality",
            FindingKind::DuplicateExtension => "duplicate_extension",
            FindingKind::MalformedExtension => "malformed_extension",
            FindingKind::EmptyIssuer => "empty_issuer",
            FindingKind::MissingAuthorityKeyId => "missing_authority_key_id",
            FindingKind::MissingSubjectKeyId => "missing_subject_key_id",
            FindingKind::SerialNumber => "serial_number",
            FindingKind::WeakSignatureAlgorithm => "weak_signature_algorithm",
            FindingKind::WeakKey => "weak_key",
            FindingKind::KeyTooSmall => "key_too_small",
            FindingKind::InvalidSan => "invalid_san",
            FindingKind::NameConstraints => "name_constraints",
            FindingKind::InvalidNameConstraint => "invalid_name_constraint",
            FindingKind::NameConstraintViolation => "name_constraint_violation",
            FindingKind::NameConstraintsTooComplex => "name_constraints_too_complex",
            FindingKind::FetchFailed => "fetch_failed",
            FindingKind::NameMismatch => "name_mismatch",
            FindingKind::Revoked => "revoked",
            FindingKind::RevocationUnknown => "revocation_unknown",
            FindingKind::RevocationFetchFailed => "revocation_fetch_failed",
            FindingKind::CrlExpired => "crl_expired",
            FindingKind::CrlNotYetValid => "crl_not_yet_valid",
            FindingKind::CrlBadSignature => "crl_bad_signature",
            FindingKind::CrlOutOfScope => "crl_out_of_scope",
            FindingKind::CrlMalformed => "crl_malformed",
            FindingKind::OcspStale => "ocsp_stale",
            FindingKind::OcspNotYetValid => "ocsp_not_yet_valid",
            FindingKind::OcspBadSignature => "ocsp_bad_signature",
            FindingKind::OcspNonceMismatch => "ocsp_nonce_mismatch",
            FindingKind::OcspError => "ocsp_error",
            FindingKind::CabfRsaModulus => "cabf_rsa_modulus",
            FindingKind::CabfRootExtendedKeyUsage => "cabf_root_extended_key_usage",
            FindingKind::CabfRootAuthorityKeyId => "cabf_root_authority_key_id",
            FindingKind::CabfLeafExtendedKeyUsage => "cabf_leaf_extended_key_usage",
            FindingKind::CabfLeafIsCa => "cabf_leaf_is_ca",
        }
    }
}

impl std::fmt::Display for FindingKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One problem found on the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// Stable machine-readable name (`missing_issuer`, `expired`, `untrusted_root`, …).
    pub kind: FindingKind,
    pub severity: Severity,
    /// Position in the path (0 = leaf), when the finding is about one certificate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub certificate: Option<usize>,
    /// One human sentence.
    pub message: String,
    /// For `missing_issuer`: the name of the certificate that was not found.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub missing_subject: Option<String>,
    /// For `missing_issuer`: the authority key id (hex) the missing certificate has.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub authority_key_id: Option<String>,
    /// For `missing_issuer`: the AIA "CA Issuers" URLs the child certificate names.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub ca_issuers: Vec<String>,
}

impl Finding {
    pub fn error(
        kind: FindingKind,
        certificate: Option<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            kind,
            severity: Severity::Error,
            certificate,
            message: message.into(),
            missing_subject: None,
            authority_key_id: None,
            ca_issuers: Vec::new(),
        }
    }

    pub fn warning(
        kind: FindingKind,
        certificate: Option<usize>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: Severity::Warning,
            ..Finding::error(kind, certificate, message)
        }
    }
}

/// Short name used in messages: the common name, else the whole subject.
pub fn short_name(cert: &Certificate) -> String {
    let x = cert.parsed();
    let cn = x
        .subject()
        .iter_common_name()
        .next()
        .and_then(|cn| cn.as_str().ok().map(str::to_string));
    cn.unwrap_or_else(|| {
        let s = crate::model::name_text::name_text(x.subject());
        if s.is_empty() {
            "(empty subject)".to_string()
        } else {
            s
        }
    })
}

/// How a kind of finding counts in each verdict mode (see docs/verifier-table.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Mainstream verifiers (OpenSSL's default verify, Windows CryptoAPI, Java PKIX, Go) reject
    /// the chain for it: an error in both modes.
    Rejected,
    /// Only RFC 5280 profiles or CA/Browser Forum rules require it: a warning by default, an
    /// error with `--strict`.
    ProfileOnly,
    /// Advice that no verifier enforces on every chain: a warning in both modes.
    Advice,
    /// Made outside the path checks, with a severity set by other options.
    AsMade,
}

impl Level {
    /// The severity a finding of this level gets in the given mode (`None`: as made).
    pub fn severity(self, strict: bool) -> Option<Severity> {
        match (self, strict) {
            (Level::Rejected, _) | (Level::ProfileOnly, true) => Some(Severity::Error),
            (Level::ProfileOnly, false) | (Level::Advice, _) => Some(Severity::Warning),
            (Level::AsMade, _) => None,
        }
    }
}

impl FindingKind {
    /// How this kind counts in each verdict mode: the one table behind `--strict` (and
    /// docs/verifier-table.md, which gives the sources).
    pub fn level(self) -> Level {
        use FindingKind as K;
        match self {
            K::MissingIssuer
            | K::UntrustedRoot
            | K::DepthExceeded
            | K::PathSearchLimit
            | K::BadSignature
            | K::SignatureAlgorithmMismatch
            | K::Expired
            | K::NotYetValid
            | K::NotACa
            | K::MissingKeyCertSign
            | K::PathLengthExceeded
            | K::KeyUsage
            | K::ExtendedKeyUsage
            | K::UnknownCriticalExtension
            | K::DuplicateExtension
            | K::MalformedExtension
            | K::EmptyIssuer
            | K::InvalidNameConstraint
            | K::NameConstraintViolation
            | K::NameConstraintsTooComplex
            | K::NameMismatch
            | K::KeyTooSmall
            | K::Revoked => Level::Rejected,
            K::ExtensionCriticality
            | K::MissingAuthorityKeyId
            | K::MissingSubjectKeyId
            | K::SerialNumber
            | K::WeakKey
            | K::InvalidSan
            | K::NameConstraints
            | K::CabfRsaModulus
            | K::CabfRootExtendedKeyUsage
            | K::CabfRootAuthorityKeyId
            | K::CabfLeafExtendedKeyUsage
            | K::CabfLeafIsCa => Level::ProfileOnly,
            K::WeakSignatureAlgorithm => Level::Advice,
            // Their severity depends on options outside the path checks (`--fetch-aia`,
            // `--revocation soft|hard`): they keep the severity they are made with.
            K::FetchFailed
            | K::RevocationUnknown
            | K::RevocationFetchFailed
            | K::CrlExpired
            | K::CrlNotYetValid
            | K::CrlBadSignature
            | K::CrlOutOfScope
            | K::CrlMalformed
            | K::OcspStale
            | K::OcspNotYetValid
            | K::OcspBadSignature
            | K::OcspNonceMismatch
            | K::OcspError => Level::AsMade,
        }
    }
}

/// Gives each finding the severity its kind has in the chosen mode.
pub fn apply_levels(findings: &mut [Finding], strict: bool) {
    for finding in findings {
        if let Some(severity) = finding.kind.level().severity(strict) {
            finding.severity = severity;
        }
    }
}

/// What a finding is about, for reports that sort findings into separate checks (doctor's
/// `chain`, `validity`, `usage` and `revocation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// The path itself: its certificates, their signatures, extensions, names and keys.
    Path,
    /// A certificate's validity period.
    Validity,
    /// What the key usage and extended key usage allow.
    Usage,
    /// Revocation: the status of a certificate, and the CRLs and OCSP answers behind it.
    Revocation,
}

impl FindingKind {
    /// The topic of this kind. An exhaustive match, so that a new kind must be placed here
    /// before it compiles (a name prefix would place it silently).
    pub fn topic(self) -> Topic {
        use FindingKind as K;
        match self {
            K::Expired | K::NotYetValid => Topic::Validity,
            K::KeyUsage | K::ExtendedKeyUsage => Topic::Usage,
            K::Revoked
            | K::RevocationUnknown
            | K::RevocationFetchFailed
            | K::CrlExpired
            | K::CrlNotYetValid
            | K::CrlBadSignature
            | K::CrlOutOfScope
            | K::CrlMalformed
            | K::OcspStale
            | K::OcspNotYetValid
            | K::OcspBadSignature
            | K::OcspNonceMismatch
            | K::OcspError => Topic::Revocation,
            K::MissingIssuer
            | K::UntrustedRoot
            | K::DepthExceeded
            | K::PathSearchLimit
            | K::BadSignature
            | K::SignatureAlgorithmMismatch
            | K::NotACa
            | K::MissingKeyCertSign
            | K::PathLengthExceeded
            | K::UnknownCriticalExtension
            | K::ExtensionCriticality
            | K::DuplicateExtension
            | K::MalformedExtension
            | K::EmptyIssuer
            | K::MissingAuthorityKeyId
            | K::MissingSubjectKeyId
            | K::SerialNumber
            | K::WeakSignatureAlgorithm
            | K::WeakKey
            | K::KeyTooSmall
            | K::InvalidSan
            | K::NameConstraints
            | K::InvalidNameConstraint
            | K::NameConstraintViolation
            | K::NameConstraintsTooComplex
            | K::FetchFailed
            | K::NameMismatch
            | K::CabfRsaModulus
            | K::CabfRootExtendedKeyUsage
            | K::CabfRootAuthorityKeyId
            | K::CabfLeafExtendedKeyUsage
            | K::CabfLeafIsCa => Topic::Path,
        }
    }
}
