//! The certificate summary every report shares, and the timestamp form of every report.
//!
//! Each command that names certificates in its report (inspect, convert, check-private-key,
//! export-public, verify-chain, import, store, connect) embeds this one type, flattened into
//! its own fields, so a certificate is described with the same field names everywhere:
//! `thumbprint` is the SHA-1 Windows shows, dates are RFC 3339 timestamps.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;

use crate::model::Certificate;

/// One certificate, as every report names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CertificateSummary {
    /// The subject distinguished name (`CN=client.example.com, O=Example`).
    pub subject: String,
    /// The issuer distinguished name.
    pub issuer: String,
    /// Serial number, uppercase hex without separators, as Windows shows it: the bytes of the
    /// DER INTEGER (for a negative serial, its two's-complement bytes).
    pub serial: String,
    /// The serial as a signed decimal number, as OpenSSL prints it (`-1` for the DER bytes `FF`).
    #[serde(default)]
    pub serial_decimal: String,
    /// The serial's DER INTEGER is negative. RFC 5280 forbids it, but such certificates exist;
    /// `serial` then holds the raw two's-complement bytes, `serial_decimal` the signed value.
    #[serde(default)]
    pub serial_negative: bool,
    /// SHA-1 of the DER certificate, uppercase hex without separators (Windows' "Thumbprint").
    pub thumbprint: String,
    /// Start of the validity period.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(schema_with = "date_time")]
    pub not_before: OffsetDateTime,
    /// End of the validity period.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(schema_with = "date_time")]
    pub not_after: OffsetDateTime,
    /// Whole days from the report's time until `not_after` (negative once expired).
    pub days_left: i64,
    /// `not_after` is before the report's time.
    pub expired: bool,
    /// `not_before` is after the report's time.
    pub not_yet_valid: bool,
}

impl CertificateSummary {
    /// The summary of `cert`, with days left and expiry counted from `now`.
    pub fn new(cert: &Certificate, now: OffsetDateTime) -> Self {
        Self::from_parsed(cert, cert.parsed_shallow(), now)
    }

    /// The same from a parsed view the caller already holds (`x` is `cert.parsed()` or
    /// `cert.parsed_shallow()`: no extension is read).
    pub fn from_parsed(cert: &Certificate, x: &X509Certificate<'_>, now: OffsetDateTime) -> Self {
        let validity = x.validity();
        let not_before = validity.not_before.to_datetime();
        let not_after = validity.not_after.to_datetime();
        CertificateSummary {
            subject: crate::model::name_text::name_text(x.subject()),
            issuer: crate::model::name_text::name_text(x.issuer()),
            serial: crate::model::certificate::upper_hex(x.raw_serial()),
            serial_decimal: signed_decimal(x.raw_serial()),
            serial_negative: x.raw_serial().first().is_some_and(|b| b & 0x80 != 0),
            thumbprint: cert.sha1_hex(),
            not_before,
            not_after,
            days_left: (not_after - now).whole_days(),
            expired: now > not_after,
            not_yet_valid: now < not_before,
        }
    }
}

/// The signed decimal value of the contents of a DER INTEGER (two's complement, big-endian).
pub fn signed_decimal(be: &[u8]) -> String {
    num_bigint::BigInt::from_signed_bytes_be(be).to_string()
}

/// The JSON Schema of a timestamp field: an RFC 3339 string (`2027-01-31T00:00:00Z`).
pub fn date_time(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({ "type": "string", "format": "date-time" })
}

/// The JSON Schema of an optional timestamp field.
pub fn optional_date_time(_: &mut SchemaGenerator) -> Schema {
    schemars::json_schema!({ "type": ["string", "null"], "format": "date-time" })
}

/// A timestamp as reports and people read it (`2027-01-31T00:00:00Z`).
pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_else(|_| t.to_string())
}

/// The date part of a timestamp (`2027-01-31`), for tables.
pub fn date(t: OffsetDateTime) -> String {
    t.date().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::self_signed;

    fn summary_at(offset: time::Duration) -> CertificateSummary {
        let key = openssl::pkey::PKey::generate_ed25519().unwrap();
        let cert = self_signed("summary test", &key);
        let not_before = cert.parsed_shallow().validity().not_before.to_datetime();
        CertificateSummary::new(&cert, not_before + offset)
    }

    #[test]
    fn validity_flags_follow_the_reference_time() {
        // The test certificate is valid for one day from its not_before.
        let before = summary_at(time::Duration::seconds(-1));
        assert!(before.not_yet_valid && !before.expired);
        assert_eq!(before.days_left, 1);
        let during = summary_at(time::Duration::hours(12));
        assert!(!during.not_yet_valid && !during.expired);
        assert_eq!(during.days_left, 0);
        let after = summary_at(time::Duration::days(3));
        assert!(after.expired && !after.not_yet_valid);
        assert_eq!(after.days_left, -2);
    }

    #[test]
    fn serials_read_as_signed_integers() {
        assert_eq!(signed_decimal(&[0x01]), "1");
        assert_eq!(signed_decimal(&[0x00, 0xFF]), "255");
        assert_eq!(signed_decimal(&[0xFF]), "-1");
        assert_eq!(signed_decimal(&[0x80]), "-128");
        assert_eq!(signed_decimal(&[0xFF, 0x7F]), "-129");
        assert_eq!(
            signed_decimal(&hex::decode("8000000000000000000000000000000000000001").unwrap()),
            "-730750818665451459101842416358141509827966271487"
        );
    }

    #[test]
    fn timestamps_serialize_as_rfc3339_and_read_back() {
        let summary = summary_at(time::Duration::ZERO);
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(json["not_before"], rfc3339(summary.not_before));
        assert!(json["not_after"].as_str().unwrap().ends_with('Z'));
        assert_eq!(json["thumbprint"].as_str().unwrap().len(), 40);
        let back: CertificateSummary = serde_json::from_value(json).unwrap();
        assert_eq!(back, summary);
    }
}
