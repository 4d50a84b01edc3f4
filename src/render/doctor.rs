//! Human rendering of a doctor run: one checklist per subject (a mark and one line per check,
//! the fix indented under it), then one summary line.

use crate::ops::doctor::{DoctorReport, Status, SubjectReport};
use crate::output::{Color, Output};

pub fn human(report: &DoctorReport, out: &Output) -> String {
    let mut text = String::new();
    for subject in &report.subjects {
        checklist(&mut text, subject, out);
        text.push('\n');
    }
    let s = &report.summary;
    let subjects = if s.subjects == 1 {
        "1 subject".to_string()
    } else {
        format!("{} subjects", s.subjects)
    };
    let verdict = if s.failed > 0 {
        out.paint("FAILED", Color::Red)
    } else {
        out.paint("HEALTHY", Color::Green)
    };
    text.push_str(&format!(
        "{verdict}: {subjects}: {} passed, {} warnings, {} failed, {} skipped\n",
        s.passed, s.warnings, s.failed, s.skipped
    ));
    text
}

fn checklist(text: &mut String, subject: &SubjectReport, out: &Output) {
    match &subject.certificate {
        Some(c) => text.push_str(&format!(
            "{}  ({}, {})\n",
            subject.name, c.subject, c.thumbprint
        )),
        None => text.push_str(&format!("{}\n", subject.name)),
    }
    let width = subject
        .checks
        .iter()
        .map(|c| c.id.as_str().len())
        .max()
        .unwrap_or(0);
    for check in &subject.checks {
        let mark = match check.status {
            Status::Pass => out.paint("[pass]", Color::Green),
            Status::Warn => out.paint("[warn]", Color::Yellow),
            Status::Fail => out.paint("[FAIL]", Color::Red),
            Status::Skipped => "[skip]".to_string(),
        };
        text.push_str(&format!(
            "  {mark} {:<width$}  {}\n",
            check.id.as_str(),
            check.message
        ));
        if let Some(fix) = &check.fix {
            text.push_str(&format!("         fix: {fix}\n"));
        }
    }
}
