//! Human renderings of the inspect report: a detailed view of one input, and a table with one
//! row per distinct certificate for directory scans and several inputs.

use std::fmt::Write as _;

use comfy_table::Cell;

use crate::model::pkcs12::{Opens, PasswordUsed};
use crate::ops::inspect::{CertificateReport, InputReport, InspectReport, Summary};
use crate::ops::inspect_scan::SkippedFile;
use crate::ops::summary::{date, rfc3339};
use crate::output::{Color, Output};

/// One row of the scan table: only what the table prints, in one string per row, so a scan
/// keeps one short allocation per distinct certificate rather than its whole report (100,000
/// distinct certificates are a few tens of MiB of rows).
#[derive(Debug, Clone)]
pub struct TableRow {
    /// Role, subject, expiry date, days, key, thumbprint and file, one after another.
    text: Box<str>,
    /// Where each of the seven fields ends in `text`.
    ends: [u32; 7],
    /// Further places (files, or the same file again) holding the same certificate.
    pub also: usize,
}

impl TableRow {
    fn new(fields: [&str; 7]) -> TableRow {
        let mut text = String::with_capacity(fields.iter().map(|f| f.len()).sum());
        let mut ends = [0u32; 7];
        for (end, field) in ends.iter_mut().zip(fields) {
            text.push_str(field);
            *end = u32::try_from(text.len()).unwrap_or(u32::MAX);
        }
        TableRow {
            text: text.into_boxed_str(),
            ends,
            also: 0,
        }
    }

    /// The printed cells, the file with its "(+N more)" when the certificate is found again.
    fn cells(&self) -> Vec<Cell> {
        let mut start = 0;
        let mut cells: Vec<Cell> = self
            .ends
            .iter()
            .map(|&end| {
                let field = self.text.get(start..end as usize).unwrap_or_default();
                start = end as usize;
                Cell::new(field)
            })
            .collect();
        if self.also > 0 {
            let path = &self.text[self.ends[5] as usize..];
            cells[6] = Cell::new(format!("{path} (+{} more)", self.also));
        }
        cells
    }
}

/// The table row of `cert`, first seen in `input`.
pub fn table_row(cert: &CertificateReport, input: &InputReport, out: &Output) -> TableRow {
    let key_holder = input.private_key.is_some() && cert.role == crate::model::Role::Leaf;
    let role = if key_holder {
        format!("{} +key", cert.role.as_str())
    } else {
        cert.role.as_str().to_string()
    };
    TableRow::new([
        &role,
        &cert.common_name,
        &date(cert.certificate.not_after),
        &days_cell(cert, out),
        &key_text(cert),
        &cert.certificate.thumbprint,
        &input.path,
    ])
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

const TABLE_HEADER: [&str; 7] = [
    "Role",
    "Subject",
    "Expires",
    "Days",
    "Key",
    "Thumbprint (SHA-1)",
    "File",
];

/// Rows laid out per comfy-table when the table is not for a terminal: what rendering holds
/// at once stays this many rows, whatever the number of certificates.
const ROWS_PER_PART: usize = 1024;

/// Writes the table of distinct certificates (by thumbprint), one row each, in the order first
/// seen (nothing when there are none).
///
/// For a terminal, one comfy-table lays out every row (borders, wrapping to the terminal
/// width). Otherwise the borderless table is written in parts of [`ROWS_PER_PART`] rows: the
/// column widths are measured over every row first, then each part is laid out with those
/// widths fixed, which prints exactly what one table of all the rows would.
pub fn write_table(
    w: &mut dyn std::io::Write,
    rows: &[TableRow],
    out: &Output,
) -> std::io::Result<()> {
    write_table_in_parts(w, rows, out, ROWS_PER_PART)
}

fn write_table_in_parts(
    w: &mut dyn std::io::Write,
    rows: &[TableRow],
    out: &Output,
    part: usize,
) -> std::io::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    if out.stdout_is_terminal {
        let mut table = super::new_table(out, &TABLE_HEADER);
        for row in rows {
            table.add_row(row.cells());
        }
        return writeln!(w, "{table}");
    }
    let part_table = |chunk: &[TableRow], header: bool| {
        let mut table = if header {
            super::new_table(out, &TABLE_HEADER)
        } else {
            // The same settings as new_table's for a pipe, without the header row.
            let mut table = comfy_table::Table::new();
            table
                .load_style(comfy_table::presets::NOTHING)
                .force_no_tty()
                .set_content_arrangement(comfy_table::ContentArrangement::Disabled);
            table
        };
        for row in chunk {
            table.add_row(row.cells());
        }
        table
    };
    let mut widths = vec![0u16; TABLE_HEADER.len()];
    for chunk in rows.chunks(part) {
        for (max, width) in widths
            .iter_mut()
            .zip(part_table(chunk, true).column_max_content_widths())
        {
            *max = (*max).max(width);
        }
    }
    for (i, chunk) in rows.chunks(part).enumerate() {
        let mut table = part_table(chunk, i == 0);
        // An absolute width counts the cell padding (one space each side).
        table.set_constraints(widths.iter().map(|&width| {
            comfy_table::ColumnConstraint::Absolute(comfy_table::Width::Fixed(
                width.saturating_add(2),
            ))
        }));
        writeln!(w, "{table}")?;
    }
    Ok(())
}

/// What follows the table: the other PKI objects (CRLs, requests, OCSP), the decoders' notes,
/// the entries left out (when `skipped` is given: `--verbose`) and the summary line.
pub fn table_tail(
    objects: &[String],
    notes: &[String],
    skipped: Option<&[SkippedFile]>,
    summary: &Summary,
) -> String {
    let mut text = String::new();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pipe() -> Output {
        Output {
            json: false,
            quiet: false,
            color: false,
            stdout_is_terminal: false,
            stderr_is_terminal: false,
        }
    }

    /// The table as one comfy-table of every row prints it (what certkit printed before the
    /// table was written in parts).
    fn whole(rows: &[TableRow], out: &Output) -> String {
        let mut table = crate::render::new_table(out, &TABLE_HEADER);
        for row in rows {
            table.add_row(row.cells());
        }
        format!("{table}\n")
    }

    #[test]
    fn a_table_written_in_parts_prints_as_one_table() {
        let mut rows: Vec<TableRow> = [
            [
                "leaf",
                "a",
                "2027-01-01",
                "30 days left",
                "RSA 2048",
                "AB",
                "x.pem",
            ],
            [
                "root",
                "two\nlines",
                "2030-01-01",
                "1000 days left",
                "EC P-256",
                "CD",
                "dir/y.pem",
            ],
            [
                "leaf +key",
                "証明書 wide",
                "2026-01-01",
                "expired 3 days ago",
                "Ed25519",
                "EF",
                "z",
            ],
            [
                "intermediate",
                "",
                "2028-06-30",
                "not yet valid",
                "RSA 4096",
                "0123",
                "a/much/longer/path.pem",
            ],
            [
                "leaf",
                "last",
                "2029-02-03",
                "9 days left",
                "EC P-384",
                "4567",
                "w.pem",
            ],
        ]
        .into_iter()
        .map(TableRow::new)
        .collect();
        rows[3].also = 12;
        let out = pipe();
        let expected = whole(&rows, &out);
        for part in [1, 2, 3, 5, 1024] {
            let mut written = Vec::new();
            write_table_in_parts(&mut written, &rows, &out, part).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                expected,
                "parts of {part}"
            );
        }
        let mut none = Vec::new();
        write_table_in_parts(&mut none, &[], &out, 2).unwrap();
        assert!(none.is_empty());
    }
}
