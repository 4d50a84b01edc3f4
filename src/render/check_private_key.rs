//! Human rendering of a private key check.

use crate::ops::check_private_key::{CheckReport, SignatureCheck, Verdict};
use crate::output::{Color, Output};

pub fn human(report: &CheckReport, out: &Output) -> String {
    let headline = match report.verdict {
        Verdict::Match => out.paint("OK", Color::Green),
        Verdict::NoKey => out.paint("NO PRIVATE KEY", Color::Red),
        Verdict::Mismatch => out.paint("MISMATCH", Color::Red),
    };
    let mut text = format!("{headline}: {}\n", report.message);
    text.push_str(&format!(
        "  {:<16}  {}  {} ({} key)\n",
        if report.leaf.ca {
            "CA certificate"
        } else {
            "leaf certificate"
        },
        report.leaf.certificate.thumbprint,
        report.leaf.certificate.subject,
        report.leaf.key_algorithm
    ));
    if let Some(key) = &report.key {
        let curve = key
            .curve
            .as_ref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        let from = report
            .key_file
            .as_ref()
            .map(|f| format!(" from {f}"))
            .unwrap_or_default();
        text.push_str(&format!(
            "  private key       {}{curve} {} bits{from}\n",
            key.algorithm, key.bits
        ));
    }
    if let Some(equal) = report.public_key_match {
        text.push_str(&format!(
            "  public keys       {}\n",
            if equal { "equal" } else { "different" }
        ));
    }
    if report.key_present {
        let sig = match report.signature_check {
            SignatureCheck::Passed => "passed",
            SignatureCheck::Failed => "failed",
            SignatureCheck::NotRun => "not run (the key type cannot sign)",
        };
        let hash = report
            .signature_hash
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        text.push_str(&format!("  sign/verify       {sig}{hash}\n"));
    }
    if let Some(provider) = &report.key_provider {
        let note = match report.provider_signs_sha256 {
            Some(false) => " (cannot sign SHA-256 itself)",
            _ => "",
        };
        text.push_str(&format!("  key provider      {provider}{note}\n"));
    }
    text
}
