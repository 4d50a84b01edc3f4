//! Human renderings of the inspect report: a detailed view of one input, and a table with one
//! row per distinct certificate for directory scans and several inputs.

use std::fmt::Write as _;

use comfy_table::Cell;

use crate::model::pkcs12::{Opens, PasswordUsed};
use crate::ops::inspect::{CertificateReport, InputReport, InspectReport, Summary};
use crate::ops::inspect_scan::SkippedFile;
use crate::ops::summary::{date, rfc3339};
use crate::output::{Color, Output};

/// One row of the scan table: only what the table prints, so a scan keeps a few short strings
/// per distinct certificate rather than its whole report.
#[derive(Debug, Clone)]
pub struct TableRow {
    role: String,
    subject: String,
    expires: String,
    days: String,
    key: String,
    thumbprint: String,
    path: String,
    /// Further places (files, or the same file again) holding the same certificate.
    pub also: usize,
}

/// The table row of `cert`, first seen in `input`.
pub fn table_row(cert: &CertificateReport, input: &InputReport, out: &Output) -> TableRow {
    let key_holder = input.private_key.is_some() && cert.role == crate::model::Role::Leaf;
    let role = if key_holder {
        format!("{} +key", cert.role.as_str())
    } else {
        cert.role.as_str().to_string()
    };
    TableRow {
        role,
        subject: cert.common_name.clone(),
        expires: date(cert.certificate.not_after),
        days: days_cell(cert, out),
        key: key_text(cert),
        thumbprint: cert.certificate.thumbprint.clone(),
        path: input.path.clone(),
        also: 0,
    }
}

/// The one-line summaries of the PKI objects a file holds besides certificates (its CRLs,
/// certificate requests and OCSP objects), as the scan table lists them.
pub fn object_lines(input: &InputReport, out: &Output) -> Vec<String> {
    let mut lines: Vec<String> = input
        .crls
        .iter()
        .map(|crl| {
            let next = crl
                .next_update
                .map(rfc3339)
                .unwrap_or_else(|| "none".to_string());
            let expired = if crl.expired {
                format!(" {}", out.paint("(expired)", Color::Red))
            } else {
                String::new()
            };
            format!(
                "CRL {}: {}, next update {next}{expired}, {} entries",
                input.path, crl.issuer, crl.entries
            )
        })
        .collect();
    let mut pki = String::new();
    super::inspect_pki::one_line(&mut pki, input);
    lines.extend(pki.lines().map(str::to_string));
    lines
}

/// Table of distinct certificates (by thumbprint), one row each, in the order first seen; then
/// the other PKI objects (CRLs, requests, OCSP), the decoders' notes, the entries left out (when `skipped` is given: `--verbose`) and the summary line.
pub fn table(
    rows: Vec<TableRow>,
    objects: &[String],
    notes: &[String],
    skipped: Option<&[SkippedFile]>,
    summary: &Summary,
    out: &Output,
) -> String {
    let mut table = super::new_table(
        out,
        &[
            "Role",
            "Subject",
            "Expires",
            "Days",
            "Key",
            "Thumbprint (SHA-1)",
            "File",
        ],
    );
    let any_rows = !rows.is_empty();
    // Each row is dropped as its cells are made: the table's own copy is the only one left.
    for row in rows {
        let file = if row.also > 0 {
            format!("{} (+{} more)", row.path, row.also)
        } else {
            row.path
        };
        table.add_row(vec![
            Cell::new(row.role),
            Cell::new(row.subject),
            Cell::new(row.expires),
            Cell::new(row.days),
            Cell::new(row.key),
            Cell::new(row.thumbprint),
            Cell::new(file),
        ]);
    }
    let mut text = if !any_rows {
        String::new()
    } else {
        let mut t = table.to_string();
        t.push('\n');
        t
    };
    drop(table);
    for line in objects {
        let _ = writeln!(text, "{line}");
    }
    for line in notes {
        let _ = writeln!(text, "{line}");
    }
    for entry in skipped.unwrap_or_default() {
        let detail = entry
            .detail
            .as_ref()
            .map(|d| format!(": {d}"))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "skipped {} ({}{detail})",
            entry.path,
            entry.reason.text()
        );
    }
    let s = summary;
    let _ = write!(
        text,
        "{} certificate{} in {} file{}",
        s.certificates,
        plural(s.certificates),
        s.inputs_read,
        plural(s.inputs_read)
    );
    if let Some(n) = s.expiring {
        let _ = write!(text, ", {n} expiring");
    }
    if s.skipped > 0 {
        let r = &s.skipped_reasons;
        let reasons: Vec<String> = [
            (
                r.not_certificate_material,
                "not certificate material",
                "not certificate material",
            ),
            (r.other_pki_objects, "other PKI object", "other PKI objects"),
            (
                r.duplicate_links,
                "link to a file already read",
                "links to files already read",
            ),
            (r.link_loops, "link loop", "link loops"),
            (r.dangling_links, "dangling link", "dangling links"),
        ]
        .into_iter()
        .filter(|(n, _, _)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        let _ = write!(text, ", {} skipped ({})", s.skipped, reasons.join(", "));
    }
    if s.failed > 0 {
        let _ = write!(text, ", {} failed", s.failed);
    }
    text.push('\n');
    text
}

/// The decoders' notes (trailing bytes, ...) on a file, one line each naming the file.
pub fn note_lines(input: &InputReport, out: &Output) -> Vec<String> {
    input
        .notes
        .iter()
        .map(|note| {
            format!(
                "{} {}: {}",
                out.paint("Note:", Color::Yellow),
                input.path,
                note.message()
            )
        })
        .collect()
}

/// Everything about each input, certificate by certificate.
pub fn detailed(report: &InspectReport, out: &Output) -> String {
    let mut text = String::new();
    for input in &report.inputs {
        if input.error.is_some() {
            continue;
        }
        write_input(&mut text, input, out);
    }
    if let Some(n) = report.summary.expiring {
        let _ = writeln!(
            text,
            "{n} certificate{} expiring within the window",
            plural(n)
        );
    }
    text
}

fn write_input(text: &mut String, input: &InputReport, out: &Output) {
    if !input.crls.is_empty() {
        write_crls(text, input, out);
        return;
    }
    if !input.csrs.is_empty() {
        super::inspect_pki::write_csrs(text, input, out);
        return;
    }
    if input.ocsp.is_some() {
        super::inspect_pki::write_ocsp(text, input, out);
        return;
    }
    let format = input.format.map(|f| f.as_str()).unwrap_or("?");
    let _ = writeln!(
        text,
        "{}",
        out.paint(
            &format!("{} ({})", input.path, format.to_uppercase()),
            Color::Bold
        )
    );
    match &input.private_key {
        Some(key) => {
            let matches = match key.matches_leaf {
                Some(true) => out.paint("matches the leaf certificate", Color::Green),
                Some(false) => out.paint("does NOT match the leaf certificate", Color::Red),
                None => "no leaf certificate to match".to_string(),
            };
            let _ = writeln!(
                text,
                "  Private key:   {}, {}",
                super::inspect_pki::key_summary(
                    &key.description.algorithm,
                    key.description.bits,
                    key.description.curve.as_deref(),
                ),
                matches
            );
        }
        None => {
            let _ = writeln!(text, "  Private key:   none");
        }
    }
    if let Some(p12) = &input.pkcs12 {
        let list = |items: &[crate::ops::inspect::EncryptionReport]| {
            if items.is_empty() {
                "none".to_string()
            } else {
                let mut names: Vec<&str> = items.iter().map(|e| e.summary.as_str()).collect();
                names.dedup();
                names.join("; ")
            }
        };
        let _ = writeln!(
            text,
            "  Certificates:  {}",
            list(&p12.certificate_encryption)
        );
        let _ = writeln!(text, "  Key:           {}", list(&p12.key_encryption));
        let mac = p12
            .mac
            .as_ref()
            .map(|m| match &m.pbmac1 {
                Some(p) => format!(
                    "PBMAC1 ({}, {} with {}, {} iterations, {}-byte key)",
                    p.mac, p.kdf, p.prf, p.iterations, p.key_length
                ),
                None => format!("{} ({} iterations)", m.algorithm, m.iterations),
            })
            .unwrap_or_else(|| "none (no integrity check)".to_string());
        let _ = writeln!(text, "  MAC:           {mac}");
        let password = match p12.password {
            PasswordUsed::Empty => "empty password (\"\")",
            PasswordUsed::Null => "no password (NULL)",
            PasswordUsed::Given => "the given password",
            PasswordUsed::NotOpened => {
                "not opened (no password given: only the parts in clear were read)"
            }
        };
        let _ = writeln!(text, "  Opened with:   {password}");
        let _ = writeln!(text, "  Opens in:");
        let width = p12
            .opens_in
            .iter()
            .map(|c| c.reader.len())
            .max()
            .unwrap_or(0);
        for c in &p12.opens_in {
            let verdict = match c.opens {
                Opens::Yes => out.paint("yes", Color::Green),
                Opens::No => out.paint("no", Color::Red),
                other => out.paint(other.as_str(), Color::Yellow),
            };
            let reason = c
                .reason
                .as_deref()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default();
            let _ = writeln!(text, "    {:<width$} {verdict}{reason}", c.reader);
        }
    }
    for note in &input.notes {
        let _ = writeln!(
            text,
            "  {}          {}",
            out.paint("Note:", Color::Yellow),
            note.message()
        );
    }
    if input.certificates.is_empty() {
        let _ = writeln!(text, "  0 certificates");
    }
    for (i, cert) in input.certificates.iter().enumerate() {
        let _ = writeln!(text);
        write_certificate(text, i + 1, input.certificates.len(), cert, out);
    }
    text.push('\n');
}

fn write_certificate(
    text: &mut String,
    n: usize,
    total: usize,
    cert: &CertificateReport,
    out: &Output,
) {
    let heading = format!(
        "Certificate {n} of {total}: {} — {}",
        cert.role.as_str(),
        cert.common_name
    );
    let _ = writeln!(text, "  {}", out.paint(&heading, Color::Bold));
    let mut field = |label: &str, value: String| {
        let _ = writeln!(text, "    {label:<24}{value}");
    };
    field("Subject", cert.certificate.subject.clone());
    field("Issuer", cert.certificate.issuer.clone());
    field("Serial", serial_text(&cert.certificate));
    field("Valid from", rfc3339(cert.certificate.not_before));
    field(
        "Valid to",
        format!(
            "{} ({})",
            rfc3339(cert.certificate.not_after),
            days_cell(cert, out)
        ),
    );
    field("Thumbprint (SHA-1)", cert.certificate.thumbprint.clone());
    field("SHA-256", cert.sha256.clone());
    field("Public key", key_text(cert));
    field("Signature", cert.signature_algorithm.clone());
    if !cert.subject_alt_names.is_empty() {
        field("Alternative names", cert.subject_alt_names.join(", "));
    }
    if !cert.key_usage.is_empty() {
        field("Key usage", cert.key_usage.join(", "));
    }
    let eku = if cert.extended_key_usage.is_empty() {
        "(none: any purpose)".to_string()
    } else {
        cert.extended_key_usage.join(", ")
    };
    field("Extended key usage", eku);
    if cert.role == crate::model::Role::Leaf {
        let verdict = if cert.client_auth {
            out.paint("yes", Color::Green)
        } else {
            out.paint("NO (extended key usage lacks clientAuth)", Color::Red)
        };
        field("Client authentication", verdict);
    }
    let ca = match (cert.is_ca, cert.path_len_constraint) {
        (true, Some(n)) => format!("CA, path length {n}"),
        (true, None) => "CA".to_string(),
        (false, _) => "not a CA".to_string(),
    };
    field("Basic constraints", ca);
    if let Some(ski) = &cert.subject_key_id {
        field("Subject key id", ski.clone());
    }
    if let Some(aki) = &cert.authority_key_id {
        field("Authority key id", aki.clone());
    }
    if !cert.ca_issuers.is_empty() {
        field("CA issuers (AIA)", cert.ca_issuers.join(", "));
    }
    if !cert.ocsp.is_empty() {
        field("OCSP", cert.ocsp.join(", "));
    }
    if !cert.crl_distribution_points.is_empty() {
        field("CRL distribution", cert.crl_distribution_points.join(", "));
    }
    if let Some(name) = &cert.friendly_name {
        field("Friendly name", name.clone());
    }
}

fn days_cell(cert: &CertificateReport, out: &Output) -> String {
    if cert.certificate.expired {
        out.paint(
            &format!("expired {} days ago", -cert.certificate.days_left),
            Color::Red,
        )
    } else if cert.certificate.not_yet_valid {
        out.paint("not yet valid", Color::Yellow)
    } else if cert.certificate.days_left <= 30 {
        out.paint(
            &format!("{} days left", cert.certificate.days_left),
            Color::Yellow,
        )
    } else {
        format!("{} days left", cert.certificate.days_left)
    }
}

/// The serial as Windows shows it; a negative one (RFC 5280 forbids them, some CAs issued
/// them) also as the signed number OpenSSL prints, with the DER bytes named as such.
fn serial_text(cert: &crate::ops::summary::CertificateSummary) -> String {
    if cert.serial_negative {
        format!(
            "{} (negative: DER bytes {}; RFC 5280 requires a positive serial)",
            cert.serial_decimal, cert.serial
        )
    } else {
        cert.serial.clone()
    }
}

fn key_text(cert: &CertificateReport) -> String {
    super::inspect_pki::key_summary(
        &cert.key.algorithm,
        cert.key.bits,
        cert.key.curve.as_deref(),
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A CRL file: each CRL's issuer, dates, entries and algorithm.
fn write_crls(text: &mut String, input: &InputReport, out: &Output) {
    let _ = writeln!(
        text,
        "{}",
        out.paint(&format!("{} (CRL)", input.path), Color::Bold)
    );
    for crl in &input.crls {
        let kind = if crl.delta_base.is_some() {
            "Delta CRL"
        } else {
            "CRL"
        };
        let _ = writeln!(text, "\n  {kind} issued by {}", crl.issuer);
        let _ = writeln!(text, "    This update:   {}", rfc3339(crl.this_update));
        let next = match crl.next_update.map(rfc3339) {
            Some(n) if crl.expired => format!("{n} {}", out.paint("(expired)", Color::Red)),
            Some(n) => n,
            None => "none".to_string(),
        };
        let _ = writeln!(text, "    Next update:   {next}");
        let _ = writeln!(
            text,
            "    Entries:       {} revoked certificate(s)",
            crl.entries
        );
        let _ = writeln!(text, "    Signature:     {}", crl.signature_algorithm);
        if let Some(n) = &crl.crl_number {
            let _ = writeln!(text, "    CRL number:    {n}");
        }
        if let Some(b) = &crl.delta_base {
            let _ = writeln!(text, "    Extends CRL:   number {b}");
        }
        if let Some(h) = &crl.issuer_hash {
            let _ = writeln!(text, "    Hash link:     {h}.r0");
        }
    }
    text.push('\n');
}
