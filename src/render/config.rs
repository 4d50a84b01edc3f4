//! Human rendering of `certkit config`: what was checked, the settings, the snippets to
//! paste, the files written and the notes. Secrets appear only as the report holds them.

use crate::ops::config::ConfigReport;

pub fn human(report: &ConfigReport) -> String {
    let mut text = format!(
        "certkit config {}: {} certificate(s) checked: private key matches, chain complete, valid now, client authentication allowed\n",
        report.target.as_str(),
        report.certificates.len()
    );
    for c in &report.certificates {
        text.push_str(&format!(
            "  {}: {} (thumbprint {}), root {}, from {}\n",
            c.name, c.certificate.subject, c.certificate.thumbprint, c.root, c.input
        ));
    }
    if !report.settings.is_empty() {
        text.push_str("\nSettings:\n");
        for s in &report.settings {
            let value = match (&s.value, &s.secret_file) {
                (Some(v), _) => v.clone(),
                (None, Some(location)) => format!("<secret: {location}>"),
                (None, None) => "<secret>".to_string(),
            };
            text.push_str(&format!("  {} = {}\n", s.name, value));
        }
    }
    for snippet in &report.snippets {
        match &snippet.file {
            Some(file) => text.push_str(&format!("\n# {} ({file})\n", snippet.title)),
            None => text.push_str(&format!("\n# {}\n", snippet.title)),
        }
        text.push_str(&snippet.text);
    }
    if !report.files.is_empty() {
        text.push_str("\nFiles written:\n");
        for f in &report.files {
            let mode = if f.secret { "owner only" } else { "public" };
            text.push_str(&format!("  {} ({}, {mode})\n", f.path, f.kind.as_str()));
        }
    }
    if !report.notes.is_empty() {
        text.push_str("\nNotes:\n");
        for n in &report.notes {
            text.push_str(&format!("  - {n}\n"));
        }
    }
    text
}
