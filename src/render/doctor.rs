//! Human rendering of a doctor run: one checklist per subject (a mark and one line per check,
//! the fix indented under it: its advice, then each command on its own line, quoted for a POSIX
//! shell so that it can be pasted as printed), then one summary line.

use crate::ops::doctor::{DoctorReport, Fix, Status, SubjectReport};
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
            render_fix(text, fix);
        }
    }
}

/// `fix: ADVICE`, then one shell command line per command, aligned under the advice.
fn render_fix(text: &mut String, fix: &Fix) {
    text.push_str(&format!("         fix: {}\n", fix.advice));
    for command in &fix.commands {
        text.push_str(&format!("              {}\n", shell_line(command)));
    }
}

/// Words joined into one shell command line; `<placeholders>` are left as they are, so that a
/// reader sees what to fill in.
pub fn shell_line(words: &[String]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

/// One word quoted for a POSIX shell (unchanged when it needs no quoting).
fn quote(word: &str) -> String {
    if word.starts_with('<') && word.ends_with('>') {
        return word.to_string();
    }
    shlex::try_quote(word)
        .map(|q| q.into_owned())
        .unwrap_or_else(|_| word.replace('\0', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_quoted_for_a_shell_and_placeholders_left_alone() {
        let words: Vec<String> = [
            "certkit",
            "import",
            "<renewed.pfx>",
            "--store",
            "/srv/my store",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        assert_eq!(
            shell_line(&words),
            "certkit import <renewed.pfx> --store '/srv/my store'"
        );
    }

    #[test]
    fn the_advice_comes_first_then_one_line_per_command() {
        let mut text = String::new();
        let fix = Fix::run(
            "remove the copies",
            vec![
                vec!["rm".into(), "--".into(), "a b.cer".into()],
                vec!["rm".into(), "--".into(), "c.cer".into()],
            ],
        );
        render_fix(&mut text, &fix);
        assert_eq!(
            text,
            "         fix: remove the copies\n              rm -- 'a b.cer'\n              rm -- c.cer\n"
        );
    }
}
