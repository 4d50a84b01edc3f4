//! Human rendering of an `import` report: one row per certificate.

use crate::ops::import::ImportReport;
use crate::output::{Color, Output};
use crate::store::crl::CrlAction;
use crate::store::Action;

pub fn report(report: &ImportReport, out: &Output) -> String {
    let mut text = String::new();
    if report.dry_run {
        text.push_str(&format!(
            "Dry run: nothing was changed in {}. Plan:\n",
            report.store
        ));
    }
    let mut table = super::new_table(
        out,
        &["ACTION", "STORE", "NAME", "THUMBPRINT", "KEY", "SUBJECT"],
    );
    for c in &report.certificates {
        let action = match (report.dry_run, c.action) {
            (true, Action::Added) => "add".to_string(),
            (true, Action::Replaced) => "replace".to_string(),
            (true, Action::Unchanged) => "unchanged".to_string(),
            (false, a) => a.as_str().to_string(),
        };
        let action = match c.action {
            Action::Added | Action::Replaced => out.paint(&action, Color::Green),
            Action::Unchanged => action,
        };
        table.add_row(vec![
            action,
            c.store.to_string(),
            c.name.clone(),
            c.certificate.thumbprint.clone(),
            if c.has_key { "yes" } else { "no" }.to_string(),
            c.certificate.subject.clone(),
        ]);
    }
    if !report.certificates.is_empty() {
        text.push_str(&table.to_string());
        text.push('\n');
    }
    for c in &report.crls {
        let action = match (report.dry_run, c.action) {
            (true, CrlAction::Added) => "add",
            (true, CrlAction::Replaced) => "replace",
            (_, CrlAction::Unchanged) => "unchanged",
            (false, CrlAction::Added) => "added",
            (false, CrlAction::Replaced) => "replaced",
        };
        text.push_str(&format!(
            "{action} CRL crl/{} ({}, next update {}, {} entries)\n",
            c.crl.file,
            c.crl.issuer,
            c.crl
                .next_update
                .map(crate::ops::summary::rfc3339)
                .unwrap_or_else(|| "none".to_string()),
            c.crl.entries
        ));
    }
    if !report.dry_run {
        text.push_str(&format!("store: {}\n", report.store));
    }
    text
}
