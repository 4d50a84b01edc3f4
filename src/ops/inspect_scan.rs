//! The running state of an `inspect` scan: what each file found, counted and de-duplicated as
//! it arrives, so that a scan keeps a thumbprint per distinct certificate, not a report per file.
//!
//! Also the JSON Lines form of the scan (`inspect --json-lines`): one typed line per file,
//! certificate, CRL, error or skipped entry, written as found, and a summary line last.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::ErrorReport;
use crate::model::Format;
use crate::ops::inspect::{CertificateReport, InputReport, KeyReport, Pkcs12Report, Summary};
pub use crate::ops::inspect::{SkipReason, SkippedFile};
use crate::ops::inspect_crl::CrlReport;

/// The recognised PKI objects that hold no certificate to list, named for the skip report.
/// Called only on files the certificate decoders refused, so the common case pays nothing.
pub fn other_pki_object(bytes: &[u8]) -> Option<&'static str> {
    const CSR: &str = "certificate request (PKCS#10)";
    const OCSP_REQUEST: &str = "OCSP request";
    const OCSP_RESPONSE: &str = "OCSP response";
    let text = std::str::from_utf8(bytes).ok();
    if let Some(text) = text.filter(|t| t.contains("-----BEGIN ")) {
        for (label, name) in [
            ("-----BEGIN CERTIFICATE REQUEST-----", CSR),
            ("-----BEGIN NEW CERTIFICATE REQUEST-----", CSR),
            ("-----BEGIN OCSP REQUEST-----", OCSP_REQUEST),
            ("-----BEGIN OCSP RESPONSE-----", OCSP_RESPONSE),
        ] {
            if text.contains(label) {
                return Some(name);
            }
        }
        return None;
    }
    use x509_parser::prelude::FromDer;
    if x509_parser::certification_request::X509CertificationRequest::from_der(bytes).is_ok() {
        return Some(CSR);
    }
    if openssl::ocsp::OcspResponse::from_der(bytes).is_ok() {
        return Some(OCSP_RESPONSE);
    }
    if openssl::ocsp::OcspRequest::from_der(bytes).is_ok() {
        return Some(OCSP_REQUEST);
    }
    None
}

/// With `--expiring`: keeps only the certificates that expire by `limit`.
pub fn keep_expiring(report: &mut InputReport, limit: OffsetDateTime) {
    report
        .certificates
        .retain(|c| c.certificate.not_after <= limit);
}

/// What the tally needs of one file, taken before the file's report goes to the printer.
#[derive(Debug, Default)]
pub struct Facts {
    /// The file was read (whether or not it could be decoded).
    pub read: bool,
    pub failed: bool,
    pub skipped: Option<SkipReason>,
    /// The SHA-1 thumbprints of the certificates reported, in order.
    pub thumbprints: Vec<[u8; 20]>,
}

impl Facts {
    pub fn of_input(report: &InputReport) -> Facts {
        Facts {
            read: true,
            failed: report.error.is_some(),
            skipped: None,
            thumbprints: report
                .certificates
                .iter()
                .map(|c| thumbprint_key(&c.certificate.thumbprint))
                .collect(),
        }
    }

    pub fn of_skip(reason: SkipReason, read: bool) -> Facts {
        Facts {
            read,
            skipped: Some(reason),
            ..Facts::default()
        }
    }
}

/// A certificate's place among the distinct certificates of the scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Its index in the order distinct certificates were first met.
    pub index: usize,
    /// This is the first time the scan meets it.
    pub first: bool,
}

/// The summary of a scan, built file by file: 20 bytes and an index per distinct certificate.
///
/// The certificates met in earlier rounds ([`Known`]) are read by the workers preparing the next
/// round while the scan's own thread records the previous one: it records into [`Recorder`],
/// and [`Tally::settle`] adds what it met to the known ones once both are done.
#[derive(Debug, Default)]
pub struct Tally {
    known: Known,
    met: HashMap<[u8; 20], usize>,
    summary: Summary,
}

/// The certificates a scan has recorded, by SHA-1 thumbprint, with their first-met order.
#[derive(Debug, Default)]
pub struct Known(HashMap<[u8; 20], usize>);

impl Known {
    /// Whether the scan had met this certificate (by its hex thumbprint) when the round began:
    /// a worker asks it to skip formatting a certificate that can only be a repeat.
    pub fn knows(&self, thumbprint: &str) -> bool {
        self.0.contains_key(&thumbprint_key(thumbprint))
    }
}

/// Records files while the known certificates are only read (see [`Tally`]).
pub struct Recorder<'a> {
    known: &'a Known,
    met: &'a mut HashMap<[u8; 20], usize>,
    summary: &'a mut Summary,
}

impl Tally {
    pub fn new(expiring: bool) -> Tally {
        Tally {
            summary: Summary {
                expiring: expiring.then_some(0),
                ..Summary::default()
            },
            ..Tally::default()
        }
    }

    /// The known certificates, to share with the workers, and the recorder of this round.
    pub fn split(&mut self) -> (&Known, Recorder<'_>) {
        (
            &self.known,
            Recorder {
                known: &self.known,
                met: &mut self.met,
                summary: &mut self.summary,
            },
        )
    }

    /// Makes what was recorded since the last call known.
    pub fn settle(&mut self) {
        self.known.0.extend(self.met.drain());
    }

    /// Records one file and settles at once (for a caller with no round running).
    pub fn record(&mut self, facts: &Facts) -> Vec<Seen> {
        let seen = self.split().1.record(facts);
        self.settle();
        seen
    }

    pub fn known(&self) -> &Known {
        &self.known
    }

    /// Counts an entry that is reported as failed without being read (an unreadable directory).
    pub fn record_unread_failure(&mut self) {
        self.summary.failed += 1;
    }

    pub fn summary(&self) -> Summary {
        let distinct = self.known.0.len() + self.met.len();
        let mut s = self.summary.clone();
        s.certificates = distinct;
        if s.expiring.is_some() {
            s.expiring = Some(distinct);
        }
        s.skipped = s.skipped_reasons.total();
        s
    }
}

impl Recorder<'_> {
    /// Counts one file (or skipped entry) and says, for each of its certificates, whether the
    /// scan has seen it before.
    pub fn record(&mut self, facts: &Facts) -> Vec<Seen> {
        let s = &mut *self.summary;
        if facts.read && facts.skipped.is_none() {
            s.inputs_read += 1;
        }
        if facts.failed {
            s.failed += 1;
        }
        if let Some(reason) = facts.skipped {
            let r = &mut s.skipped_reasons;
            *match reason {
                SkipReason::NotCertificateMaterial => &mut r.not_certificate_material,
                SkipReason::LinkLoop => &mut r.link_loops,
                SkipReason::DanglingLink => &mut r.dangling_links,
                SkipReason::DuplicateLink => &mut r.duplicate_links,
                SkipReason::OtherPkiObject => &mut r.other_pki_objects,
            } += 1;
        }
        facts
            .thumbprints
            .iter()
            .map(|t| {
                if let Some(&index) = self.known.0.get(t) {
                    return Seen {
                        index,
                        first: false,
                    };
                }
                let next = self.known.0.len() + self.met.len();
                let index = *self.met.entry(*t).or_insert(next);
                Seen {
                    index,
                    first: index == next,
                }
            })
            .collect()
    }
}

/// The 20 bytes of a SHA-1 thumbprint given in hex; anything else (never produced by certkit)
/// is hashed so that it still compares by value.
fn thumbprint_key(hex_text: &str) -> [u8; 20] {
    let mut key = [0u8; 20];
    if hex::decode_to_slice(hex_text, &mut key).is_err() {
        let digest = openssl::sha::sha1(hex_text.as_bytes());
        key.copy_from_slice(&digest);
    }
    key
}

/// One line of `inspect --json-lines`. Each line is one JSON object whose `type` says which.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Line {
    /// The first line: the version of this line format.
    Begin { version: u32 },
    /// A file that was read: its format and container details. Its certificates, CRLs or
    /// error follow on their own lines.
    File(FileLine),
    /// A certificate met for the first time in the scan.
    Certificate(CertificateLine),
    /// A certificate met again (in another file, or twice in one): only where and which.
    Duplicate { path: String, thumbprint: String },
    /// One CRL of a CRL file.
    Crl(CrlLine),
    /// A file or directory entry that could not be read.
    Error { path: String, error: ErrorReport },
    /// An entry of a scanned directory left out, with its reason.
    Skipped(SkippedFile),
    /// The last line: the same summary as the JSON document's.
    Summary { summary: Summary },
}

impl Line {
    /// The version of the line format (see CHANGELOG.md).
    pub const VERSION: u32 = 1;
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct FileLine {
    pub path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// What the decoders noted (trailing bytes, a part left unread), as in the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<crate::model::note::DecodeNote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pkcs12: Option<Pkcs12Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key: Option<KeyReport>,
    /// The certificate requests (PKCS#10) of a request file, as in the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub csrs: Vec<crate::ops::inspect_pki::CsrReport>,
    /// The OCSP request or response of an OCSP file, as in the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocsp: Option<crate::ops::inspect_pki::OcspReport>,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct CertificateLine {
    pub path: String,
    #[serde(flatten)]
    pub report: CertificateReport,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct CrlLine {
    pub path: String,
    #[serde(flatten)]
    pub report: CrlReport,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_distinct_certificates_and_first_sightings() {
        let mut tally = Tally::new(false);
        let a = [1u8; 20];
        let b = [2u8; 20];
        let file = |t: Vec<[u8; 20]>| Facts {
            read: true,
            thumbprints: t,
            ..Facts::default()
        };
        let seen = tally.record(&file(vec![a, b, a]));
        assert_eq!(
            seen,
            vec![
                Seen {
                    index: 0,
                    first: true
                },
                Seen {
                    index: 1,
                    first: true
                },
                Seen {
                    index: 0,
                    first: false
                },
            ]
        );
        assert_eq!(
            tally.record(&file(vec![b]))[0],
            Seen {
                index: 1,
                first: false
            }
        );
        tally.record(&Facts::of_skip(SkipReason::DanglingLink, false));
        tally.record(&Facts::of_skip(SkipReason::NotCertificateMaterial, true));
        let s = tally.summary();
        assert_eq!(s.certificates, 2);
        assert_eq!(s.inputs_read, 2);
        assert_eq!(s.skipped, 2);
        assert_eq!(s.skipped_reasons.dangling_links, 1);
        assert_eq!(s.skipped_reasons.not_certificate_material, 1);
        assert_eq!(s.failed, 0);
    }

    #[test]
    fn thumbprints_compare_by_value() {
        let hex = "00112233445566778899AABBCCDDEEFF00112233";
        assert_eq!(thumbprint_key(hex)[..2], [0x00, 0x11]);
        assert_eq!(thumbprint_key("odd"), thumbprint_key("odd"));
        assert_ne!(thumbprint_key("odd"), thumbprint_key("even"));
    }
}
