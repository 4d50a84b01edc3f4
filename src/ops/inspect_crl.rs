//! `inspect` of a CRL file: issuer, this/next update (and whether it is past), number of
//! entries, signature algorithm, CRL number, delta base, and the `<issuer-hash>.r0` name
//! OpenSSL looks it up by.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::revocation::crl::summary;

/// One CRL of an input.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CrlReport {
    pub issuer: String,
    /// thisUpdate.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub this_update: time::OffsetDateTime,
    /// nextUpdate, when the CRL has one.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub next_update: Option<time::OffsetDateTime>,
    /// The nextUpdate has passed: relying parties treat the CRL as expired.
    pub expired: bool,
    /// Revoked certificates listed.
    pub entries: usize,
    pub signature_algorithm: String,
    /// cRLNumber (decimal).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub crl_number: Option<String>,
    /// For a delta CRL: the number of the complete CRL it extends (decimal).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub delta_base: Option<String>,
    /// OpenSSL's issuer-name hash: the CRL's link name in a CApath is `<hash>.r0`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub issuer_hash: Option<String>,
}

/// The reports of an input's CRLs (DER each), judged at `now`.
pub fn crl_reports(crls: &[Vec<u8>], now: OffsetDateTime) -> Vec<CrlReport> {
    crls.iter()
        .filter_map(|der| summary(der))
        .map(|s| CrlReport {
            issuer: s.issuer,
            this_update: s.this_update,
            next_update: s.next_update,
            expired: s.next_update.is_some_and(|n| n < now),
            entries: s.entries,
            signature_algorithm: s.signature_algorithm,
            crl_number: s.number,
            delta_base: s.delta_base,
            issuer_hash: s.issuer_name_hash.map(|h| format!("{h:08x}")),
        })
        .collect()
}
