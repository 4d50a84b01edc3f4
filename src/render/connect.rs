//! Human rendering of the connect report: the server's chain and trust, the client-certificate
//! exchange, and the outcome, in the order the handshake happens.

use std::fmt::Write as _;

use crate::ops::connect::{CertificateSummary, ConnectReport, Verdict};
use crate::output::{Color, Output};
use crate::verify::checks::Severity;

pub fn detailed(report: &ConnectReport, out: &Output, insecure: bool) -> String {
    let mut text = String::new();
    let t = &report.target;
    let _ = write!(text, "Connected to {} ({})", t.servername, t.address);
    if let Some(tls) = &report.tls {
        let _ = write!(text, " with {}", tls.version);
        if let Some(cipher) = &tls.cipher {
            let _ = write!(text, ", {cipher}");
        }
    }
    text.push('\n');

    let s = &report.server;
    text.push_str("\nServer certificate chain\n");
    if s.chain.is_empty() {
        text.push_str("  (none received)\n");
    }
    for (i, c) in s.chain.iter().enumerate() {
        certificate_lines(&mut text, i, c, out);
    }
    let anchors = s.anchors.join(", ");
    if s.trusted {
        let _ = writeln!(
            text,
            "  Trust: {} by {anchors}, valid for {}",
            out.paint("trusted", Color::Green),
            s.checked_name
        );
    } else {
        let _ = writeln!(
            text,
            "  Trust: {} by {anchors}: {}",
            out.paint("NOT TRUSTED", Color::Red),
            s.explanation
                .as_deref()
                .or(s.error.as_deref())
                .unwrap_or("")
        );
    }

    if let Some(anchor) = &s.anchor {
        let _ = writeln!(
            text,
            "  Anchor: {} (SHA-1 {}), from the {}",
            anchor.certificate.subject,
            anchor.certificate.thumbprint,
            super::verify_chain::origin_text(anchor.origin.kind, &anchor.origin.source)
        );
    }
    for r in &s.revocation {
        let _ = writeln!(
            text,
            "  Revocation of {}: {}",
            r.subject,
            super::verify_chain::revocation_text(&r.status, out)
        );
    }
    if !s.chain.is_empty() {
        let _ = writeln!(
            text,
            "  Stapled OCSP response: {}",
            if s.ocsp_stapled { "yes" } else { "none" }
        );
    }
    for finding in &s.findings {
        let mark = match finding.severity {
            Severity::Error => out.paint("error", Color::Red),
            Severity::Warning => out.paint("warning", Color::Yellow),
        };
        let _ = writeln!(text, "    {mark}: {}", finding.message);
    }

    let c = &report.client_certificate;
    text.push_str("\nClient certificate\n");
    let asked = match (c.requested, c.requested_after_handshake) {
        (false, _) => "no".to_string(),
        (true, false) => "yes, during the handshake".to_string(),
        (true, true) => "yes, after the handshake (post-handshake authentication)".to_string(),
    };
    let _ = writeln!(text, "  Requested by the server: {asked}");
    if c.requested {
        if c.acceptable_ca_names.is_empty() {
            text.push_str("  Acceptable CA names: none sent\n");
        } else {
            text.push_str("  Acceptable CA names:\n");
            for name in &c.acceptable_ca_names {
                let _ = writeln!(text, "    {name}");
            }
        }
        match (c.chain_matches_ca_names, &c.chain_reaches) {
            (Some(true), Some(name)) => {
                let _ = writeln!(
                    text,
                    "  Our chain reaches: {} {}",
                    name,
                    out.paint("(acceptable)", Color::Green)
                );
            }
            (Some(false), _) => {
                let _ = writeln!(
                    text,
                    "  {} {}",
                    out.paint("Our chain reaches none of them:", Color::Yellow),
                    c.ca_names_note.as_deref().unwrap_or("")
                );
            }
            _ => {}
        }
    }
    if let Some(source) = &c.source {
        let _ = writeln!(text, "  Certificate file: {source}");
    }
    if c.sent.is_empty() {
        if c.requested {
            text.push_str("  Sent: no certificate\n");
        } else if !c.configured.is_empty() {
            text.push_str("  Sent: nothing (not asked)\n");
        }
    } else {
        text.push_str("  Sent:\n");
        for (i, cert) in c.sent.iter().enumerate() {
            certificate_lines(&mut text, i, cert, out);
        }
    }

    if let Some(root) = &c.root {
        let _ = writeln!(
            text,
            "  Root CA in the file (never sent): {} (SHA-1 {})",
            root.subject, root.thumbprint
        );
    }

    let o = &report.outcome;
    text.push('\n');
    // The line agrees with the exit code: an accepted connection that still fails the check
    // says why, in the same words the exit code follows.
    let but = report.accepted_but(insecure);
    let head = match o.result {
        Verdict::Accepted if but.is_empty() => out.paint("Outcome: ACCEPTED", Color::Green),
        Verdict::Accepted => out.paint(
            &format!("Outcome: ACCEPTED, but {} (exit 1)", but.join(" and ")),
            Color::Red,
        ),
        Verdict::Rejected => out.paint("Outcome: REJECTED", Color::Red),
    };
    let _ = write!(text, "{head}");
    if let Some(alert) = &o.alert {
        let _ = write!(
            text,
            " (alert {} {} from the {})",
            alert.code, alert.name, alert.from
        );
    }
    let _ = writeln!(text, "\n  {}", o.explanation);

    if let Some(http) = &report.http {
        let status = http.status_line.as_deref().unwrap_or("no response");
        let _ = writeln!(text, "\nHTTP: {} -> {status}", http.request);
        if let Some(e) = &http.explanation {
            let _ = writeln!(text, "  {e}");
        }
    }
    text
}

fn certificate_lines(text: &mut String, index: usize, c: &CertificateSummary, out: &Output) {
    let _ = writeln!(text, "  {index} {}", c.subject);
    let days = if c.expired {
        out.paint("EXPIRED", Color::Red)
    } else {
        format!("{} days left", c.days_left)
    };
    let _ = writeln!(
        text,
        "      issuer {}\n      expires {} ({days}), SHA-1 {}",
        c.issuer,
        crate::ops::summary::date(c.not_after),
        c.thumbprint
    );
}
