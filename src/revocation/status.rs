//! The revocation status of one certificate, as reports carry it: `good`, `revoked` (date and
//! reason) or `unknown` (and why), the source that gave the answer, the validity window of
//! that answer, and every source that was tried.

use serde::{Deserialize, Serialize};

/// How strictly revocation is checked (`--revocation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Not checked; nothing is fetched.
    Off,
    /// Checked; `revoked` is an error, a status that cannot be found is a warning.
    Soft,
    /// Checked; `revoked` and a status that cannot be found are both errors.
    Hard,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Off => "off",
            Mode::Soft => "soft",
            Mode::Hard => "hard",
        }
    }
}

/// The answer for one certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Good,
    Revoked,
    Unknown,
}

/// RFC 5280 CRLReason, in snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Unspecified,
    KeyCompromise,
    CaCompromise,
    AffiliationChanged,
    Superseded,
    CessationOfOperation,
    CertificateHold,
    RemoveFromCrl,
    PrivilegeWithdrawn,
    AaCompromise,
}

impl Reason {
    /// From the CRLReason code (RFC 5280 5.3.1); unknown codes read as `unspecified`.
    pub fn from_code(code: u8) -> Reason {
        match code {
            1 => Reason::KeyCompromise,
            2 => Reason::CaCompromise,
            3 => Reason::AffiliationChanged,
            4 => Reason::Superseded,
            5 => Reason::CessationOfOperation,
            6 => Reason::CertificateHold,
            8 => Reason::RemoveFromCrl,
            9 => Reason::PrivilegeWithdrawn,
            10 => Reason::AaCompromise,
            _ => Reason::Unspecified,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Unspecified => "unspecified",
            Reason::KeyCompromise => "key_compromise",
            Reason::CaCompromise => "ca_compromise",
            Reason::AffiliationChanged => "affiliation_changed",
            Reason::Superseded => "superseded",
            Reason::CessationOfOperation => "cessation_of_operation",
            Reason::CertificateHold => "certificate_hold",
            Reason::RemoveFromCrl => "remove_from_crl",
            Reason::PrivilegeWithdrawn => "privilege_withdrawn",
            Reason::AaCompromise => "aa_compromise",
        }
    }
}

/// Why a source gave no answer (or why no source could be asked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// The certificate names no OCSP or CRL URL and no CRL or OCSP response was given.
    NoSource,
    /// The issuer is not on the path, so no answer can be checked.
    NoIssuer,
    /// Only non-http URLs (ldap://, https://) are named; certkit fetches plain http only.
    UnsupportedUrl,
    /// The server could not be reached (refused, no route, name not resolved).
    Unreachable,
    /// The server did not answer in time.
    Timeout,
    /// The server answered with an HTTP error, a body too large, or not a CRL / OCSP response.
    BadResponse,
    /// The answer's validity window does not contain the checked time (nextUpdate passed).
    Stale,
    /// The answer's thisUpdate is after the checked time.
    NotYetValid,
    /// The answer is not signed by the issuer (or by a responder it authorised).
    BadSignature,
    /// The CRL is not issued by the certificate's issuer, or does not cover this certificate
    /// (issuing distribution point scope, indirect CRL, only some reasons).
    OutOfScope,
    /// The OCSP responder answered `unknown` for this certificate.
    ResponderUnknown,
    /// The OCSP responder refused (malformedRequest, internalError, tryLater, unauthorized …).
    ResponderError,
    /// The OCSP response does not echo the request's nonce.
    NonceMismatch,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::NoSource => "no_source",
            Why::NoIssuer => "no_issuer",
            Why::UnsupportedUrl => "unsupported_url",
            Why::Unreachable => "unreachable",
            Why::Timeout => "timeout",
            Why::BadResponse => "bad_response",
            Why::Stale => "stale",
            Why::NotYetValid => "not_yet_valid",
            Why::BadSignature => "bad_signature",
            Why::OutOfScope => "out_of_scope",
            Why::ResponderUnknown => "responder_unknown",
            Why::ResponderError => "responder_error",
            Why::NonceMismatch => "nonce_mismatch",
        }
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The certificate's AIA OCSP URL.
    Ocsp,
    /// A CRL distribution point URL (of the certificate, or a freshest-CRL URL for deltas).
    Crl,
    /// A CRL given with `--crl`.
    CrlFile,
    /// An OCSP response given with `--ocsp-response`.
    OcspFile,
    /// A CRL of the store's `crl/` folder.
    Store,
    /// An OCSP response stapled by a TLS server.
    Staple,
}

/// One source: its kind and its URL or file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Source {
    pub kind: SourceKind,
    pub location: String,
}

/// One source tried and what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Attempt {
    pub source: Source,
    /// `good`, `revoked` or `unknown`.
    pub state: State,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub why: Option<Why>,
    /// One human sentence.
    pub detail: String,
}

/// The revocation status of one certificate of the path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CertStatus {
    pub status: State,
    /// For `revoked`: when.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub revoked_at: Option<time::OffsetDateTime>,
    /// For `revoked`: the CRLReason (`unspecified` when the source gives none).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reason: Option<Reason>,
    /// For `unknown`: why (the reason of the last source tried, or `no_source`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub why: Option<Why>,
    /// The source of a `good` or `revoked` answer.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<Source>,
    /// thisUpdate of the answer used.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub this_update: Option<time::OffsetDateTime>,
    /// nextUpdate of the answer used, when it has one.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub next_update: Option<time::OffsetDateTime>,
    /// Every source tried, in order.
    #[serde(default)]
    pub attempts: Vec<Attempt>,
}

/// A source that gave no usable answer for this certificate, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub why: Why,
    pub detail: String,
}

pub fn refused(why: Why, detail: impl Into<String>) -> Refused {
    Refused {
        why,
        detail: detail.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Reason, Why};

    #[test]
    fn names_are_the_json_names() {
        for code in 0..=10u8 {
            let r = Reason::from_code(code);
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        assert_eq!(Reason::from_code(1), Reason::KeyCompromise);
        assert_eq!(Reason::from_code(6), Reason::CertificateHold);
        assert_eq!(Reason::from_code(7), Reason::Unspecified, "7 is not used");
        for why in [
            Why::NoSource,
            Why::NoIssuer,
            Why::UnsupportedUrl,
            Why::Unreachable,
            Why::Timeout,
            Why::BadResponse,
            Why::Stale,
            Why::NotYetValid,
            Why::BadSignature,
            Why::OutOfScope,
            Why::ResponderUnknown,
            Why::ResponderError,
            Why::NonceMismatch,
        ] {
            assert_eq!(
                serde_json::to_string(&why).unwrap(),
                format!("\"{}\"", why.as_str())
            );
        }
    }
}
