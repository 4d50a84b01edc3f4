//! Human output of `inspect` for certificate requests and OCSP objects (the reports of
//! [`crate::ops::inspect_pki`]).

use std::fmt::Write as _;

use crate::ops::inspect::InputReport;
use crate::ops::summary::rfc3339;
use crate::output::{Color, Output};

/// One line per request or OCSP object, for the table of a multi-file run.
pub fn one_line(text: &mut String, input: &InputReport) {
    for csr in &input.csrs {
        let _ = writeln!(
            text,
            "Certificate request {}: {}, {}, signature {}",
            input.path,
            csr.subject,
            key_summary(&csr.key.algorithm, csr.key.bits, csr.key.curve.as_deref()),
            if csr.signature_valid {
                "valid"
            } else {
                "INVALID"
            }
        );
    }
    if let Some(ocsp) = &input.ocsp {
        let _ = writeln!(
            text,
            "OCSP {} {}: {} certificate(s){}",
            ocsp.kind,
            input.path,
            ocsp.certificates.len(),
            ocsp.response_status
                .as_deref()
                .map(|s| format!(", status {s}"))
                .unwrap_or_default()
        );
    }
}

/// A certificate request file in full.
pub fn write_csrs(text: &mut String, input: &InputReport, out: &Output) {
    let _ = writeln!(
        text,
        "{}",
        out.paint(
            &format!("{} (certificate request)", input.path),
            Color::Bold
        )
    );
    for csr in &input.csrs {
        let key = key_summary(&csr.key.algorithm, csr.key.bits, csr.key.curve.as_deref());
        let signature = if csr.signature_valid {
            out.paint("valid (signed by its own key)", Color::Green)
        } else {
            out.paint(
                "INVALID: the request is not signed by the key it carries",
                Color::Red,
            )
        };
        let _ = writeln!(text, "\n  Subject:             {}", csr.subject);
        let _ = writeln!(text, "  Key:                 {key}");
        let _ = writeln!(
            text,
            "  Signature:           {} — {signature}",
            csr.signature_algorithm
        );
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        let _ = writeln!(
            text,
            "  Alternative names:   {}",
            list(&csr.subject_alt_names)
        );
        if !csr.key_usage.is_empty() {
            let _ = writeln!(text, "  Key usage:           {}", csr.key_usage.join(", "));
        }
        if !csr.extended_key_usage.is_empty() {
            let _ = writeln!(
                text,
                "  Extended key usage:  {}",
                csr.extended_key_usage.join(", ")
            );
        }
        let _ = writeln!(
            text,
            "  Requested extensions: {}",
            list(&csr.requested_extensions)
        );
    }
}

/// An OCSP request or response in full.
pub fn write_ocsp(text: &mut String, input: &InputReport, out: &Output) {
    let Some(ocsp) = &input.ocsp else { return };
    let _ = writeln!(
        text,
        "{}",
        out.paint(&format!("{} (OCSP {})", input.path, ocsp.kind), Color::Bold)
    );
    if let Some(status) = &ocsp.response_status {
        let _ = writeln!(text, "  Response status:  {status}");
    }
    if let Some(responder) = &ocsp.responder {
        let _ = writeln!(text, "  Responder:        {responder}");
    }
    if let Some(at) = ocsp.produced_at {
        let _ = writeln!(text, "  Produced at:      {}", rfc3339(at));
    }
    for c in &ocsp.certificates {
        let _ = writeln!(text, "\n  Serial {}", c.serial);
        let _ = writeln!(text, "    Issuer key hash:  {}", c.issuer_key_hash);
        if let Some(status) = &c.status {
            let painted = match status.as_str() {
                "good" => out.paint(status, Color::Green),
                "revoked" => out.paint(status, Color::Red),
                _ => out.paint(status, Color::Yellow),
            };
            let revoked = c
                .revocation_time
                .map(|t| format!(" on {}", rfc3339(t)))
                .unwrap_or_default();
            let _ = writeln!(text, "    Status:           {painted}{revoked}");
        }
        if let Some(t) = c.this_update {
            let _ = writeln!(text, "    This update:      {}", rfc3339(t));
        }
        if c.status.is_some() {
            let next = c.next_update.map(rfc3339).unwrap_or_else(|| "none".into());
            let _ = writeln!(text, "    Next update:      {next}");
        }
    }
}

/// A key as tables show it (`RSA 2048`, `EC P-256`, `Ed25519`, `DSA (size unknown)`).
pub(super) fn key_summary(algorithm: &str, bits: u32, curve: Option<&str>) -> String {
    match curve {
        Some(c) => format!("{algorithm} {c}"),
        None if algorithm.starts_with("Ed") => algorithm.to_string(),
        None if bits == 0 => format!("{algorithm} (size unknown)"),
        None => format!("{algorithm} {bits}"),
    }
}
