//! Human renderings of the `store` reports.

use crate::ops::inspect::{InspectReport, Summary};
use crate::ops::store::{ChangeReport, ListReport, ShowReport};
use crate::output::{Color, Output};

/// One row per entry: store, name, subject, thumbprint, expiry, private key.
pub fn list(report: &ListReport, out: &Output) -> String {
    if report.entries.is_empty() && report.crls.is_empty() {
        return format!("the store {} is empty\n", report.store);
    }
    let mut table = super::new_table(
        out,
        &["STORE", "NAME", "SUBJECT", "THUMBPRINT", "EXPIRES", "KEY"],
    );
    for e in &report.entries {
        table.add_row(vec![
            e.store.to_string(),
            e.name.clone(),
            e.certificate.subject.clone(),
            e.certificate.thumbprint.clone(),
            crate::ops::summary::date(e.certificate.not_after),
            if e.has_key { "yes" } else { "no" }.to_string(),
        ]);
    }
    let mut text = if report.entries.is_empty() {
        String::new()
    } else {
        format!("{table}\n")
    };
    if !report.crls.is_empty() {
        let mut crls = super::new_table(out, &["CRL", "ISSUER", "NEXT UPDATE", "ENTRIES"]);
        for c in &report.crls {
            let next = c
                .next_update
                .map(crate::ops::summary::date)
                .unwrap_or_else(|| "none".to_string());
            crls.add_row(vec![
                format!("crl/{}", c.file),
                c.issuer.clone(),
                next,
                c.entries.to_string(),
            ]);
        }
        text.push_str(&format!("{crls}\n"));
    }
    text
}

/// The entry's name and store, then the inspect view of its files.
pub fn show(report: ShowReport, out: &Output) -> String {
    let mut text = format!(
        "{} {}/{} ({})\n\n",
        out.paint("store entry", Color::Bold),
        report.store,
        report.name,
        report.thumbprint
    );
    let inspect = InspectReport {
        version: InspectReport::VERSION,
        inputs: vec![report.inspect],
        skipped: Vec::new(),
        summary: Summary::default(),
    };
    let detail = super::inspect::detailed(&inspect, out);
    if report.key_held_by_store {
        text.push_str(&detail.replacen(
            "  Private key:   none",
            &format!(
                "  Private key:   kept by the store, not exportable (check it with `certkit check-private-key --entry {}`)",
                report.name
            ),
            1,
        ));
    } else {
        text.push_str(&detail);
    }
    text
}

pub fn change(report: &ChangeReport) -> String {
    match &report.group {
        Some(group) => format!(
            "group {group} may now read the private key of {}/{} ({})\n",
            report.store, report.name, report.thumbprint
        ),
        None => format!(
            "{} {}/{} ({})\n",
            report.action, report.store, report.name, report.thumbprint
        ),
    }
}
