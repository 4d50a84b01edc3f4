//! Human rendering of a `verify-chain` report: the path as a tree like the Windows
//! "Certification Path" tab (root at the top, leaf at the bottom), then every finding and the
//! verdict.

use crate::model::Role;
use crate::ops::summary::rfc3339;
use crate::ops::verify_chain::{Verdict, VerifyReport};
use crate::output::{Color, Output};
use crate::revocation::status::{CertStatus, SourceKind, State, Why};
use crate::verify::checks::{FindingKind, Severity};
use crate::verify::{OriginKind, PathEnd};

pub fn tree(report: &VerifyReport, out: &Output) -> String {
    let mut s = format!(
        "Certification path of {} (purpose: {}, at {})\n\n",
        report.input,
        report.purpose.as_str(),
        rfc3339(report.at)
    );
    let mut depth = 0;
    if report.end == PathEnd::MissingIssuer {
        if let Some(f) = report
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::MissingIssuer)
        {
            let mut line = format!(
                "{} {}",
                out.paint("[missing]", Color::Red),
                f.missing_subject.as_deref().unwrap_or("(unknown)")
            );
            if let Some(aki) = &f.authority_key_id {
                line.push_str(&format!("\n    key id {aki}"));
            }
            for url in &f.ca_issuers {
                line.push_str(&format!("\n    CA Issuers {url}"));
            }
            s.push_str(&format!("  {line}\n"));
            depth = 1;
        }
    }
    for (n, c) in report.path.iter().enumerate().rev() {
        let indent = "   ".repeat(depth);
        let branch = if depth == 0 { "" } else { "└─ " };
        let has_error = report
            .findings
            .iter()
            .any(|f| f.certificate == Some(n) && f.severity == Severity::Error);
        let mark = if has_error {
            out.paint("✗", Color::Red)
        } else {
            out.paint("✓", Color::Green)
        };
        let mut tags = vec![c.role.as_str().to_string()];
        if c.trusted {
            tags.push("trusted".into());
        } else if c.role == Role::Root {
            tags.push("not trusted".into());
        }
        s.push_str(&format!(
            "  {indent}{branch}{mark} {}  [{}]\n",
            c.certificate.subject,
            tags.join(", ")
        ));
        let pad = format!("  {indent}{}", if depth == 0 { "  " } else { "     " });
        let validity = if c.time_valid {
            String::new()
        } else {
            format!(" {}", out.paint("(not valid at that time)", Color::Red))
        };
        s.push_str(&format!(
            "{pad}thumbprint {}\n{pad}valid {} to {}{validity}\n{pad}from {}\n",
            c.certificate.thumbprint,
            rfc3339(c.certificate.not_before),
            rfc3339(c.certificate.not_after),
            origin_text(c.origin.kind, &c.origin.source)
        ));
        if let Some(r) = &c.revocation {
            s.push_str(&format!("{pad}revocation {}\n", revocation_text(r, out)));
        }
        depth += 1;
    }
    if !report.fetched.is_empty() {
        s.push_str("\nDownloaded (--fetch-aia):\n");
        for f in &report.fetched {
            if f.ok {
                s.push_str(&format!(
                    "  {} → {} certificate(s)\n",
                    f.url,
                    f.certificates.len()
                ));
            } else {
                s.push_str(&format!(
                    "  {} failed: {}\n",
                    f.url,
                    f.error.as_deref().unwrap_or("")
                ));
            }
        }
    }
    if !report.findings.is_empty() {
        s.push_str("\nFindings:\n");
        for f in &report.findings {
            let sev = match f.severity {
                Severity::Error => out.paint("error  ", Color::Red),
                Severity::Warning => out.paint("warning", Color::Yellow),
            };
            s.push_str(&format!("  {sev} {:<28} {}\n", f.kind.as_str(), f.message));
        }
    }
    let verdict = match report.verdict {
        Verdict::Valid => out.paint("VALID", Color::Green),
        Verdict::Invalid => out.paint("INVALID", Color::Red),
    };
    let detail = match report.verdict {
        Verdict::Valid => format!(
            "complete, trusted and valid for {} use",
            report.purpose.as_str()
        ),
        Verdict::Invalid => format!("{} error(s)", report.errors),
    };
    s.push_str(&format!(
        "\nVerdict: {verdict} — {detail}{}\n",
        if report.warnings > 0 {
            format!(", {} warning(s)", report.warnings)
        } else {
            String::new()
        }
    ));
    s
}

pub(super) fn origin_text(kind: OriginKind, source: &str) -> String {
    match kind {
        OriginKind::Input => format!("input {source}"),
        OriginKind::File => format!("given file {source}"),
        OriginKind::Store => format!("store {source}"),
        OriginKind::Directory => format!("directory {source}"),
        OriginKind::System => format!("system trust store {source}"),
        OriginKind::Fetched => format!("fetched from {source}"),
    }
}

/// "good (OCSP http://…, updated …)", "REVOKED since … (key_compromise; CRL …)",
/// "unknown: unreachable (…)".
pub fn revocation_text(r: &CertStatus, out: &Output) -> String {
    let source = r.source.as_ref().map(|s| {
        let kind = match s.kind {
            SourceKind::Ocsp => "OCSP",
            SourceKind::Crl => "CRL",
            SourceKind::CrlFile => "CRL file",
            SourceKind::OcspFile => "OCSP response file",
            SourceKind::Store => "store CRL",
            SourceKind::Staple => "stapled OCSP response",
        };
        let updated = r
            .this_update
            .map(|t| format!(", updated {}", rfc3339(t)))
            .unwrap_or_default();
        format!("{kind} {}{updated}", s.location)
    });
    match r.status {
        State::Good => format!(
            "{} ({})",
            out.paint("good", Color::Green),
            source.unwrap_or_default()
        ),
        State::Revoked => format!(
            "{} since {} ({}; {})",
            out.paint("REVOKED", Color::Red),
            r.revoked_at.map(rfc3339).unwrap_or_else(|| "?".to_string()),
            r.reason.map(|x| x.as_str()).unwrap_or("unspecified"),
            source.unwrap_or_default()
        ),
        State::Unknown => {
            let why = r.why.unwrap_or(Why::NoSource);
            let detail = match why {
                Why::NoSource => "the certificate names no OCSP or CRL URL".to_string(),
                Why::NoIssuer => "its issuer is not on the path".to_string(),
                _ => r
                    .attempts
                    .last()
                    .map(|a| format!("{} {}", a.source.location, a.detail))
                    .unwrap_or_default(),
            };
            format!(
                "{}: {} ({detail})",
                out.paint("unknown", Color::Yellow),
                why.as_str()
            )
        }
    }
}
