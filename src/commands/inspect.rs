//! `certkit inspect`: expand inputs, load each (in parallel for directory scans), build the
//! report, filter by `--expiring`, render, and pick the exit code.

use std::collections::HashSet;

use anyhow::Result;
use rayon::prelude::*;

use crate::cli::inspect::InspectArgs;
use crate::cli::PasswordArgs;
use crate::decode;
use crate::error::ErrorKind;
use crate::exit::ExitCode;
use crate::input::{scan_dir, Input};
use crate::ops::inspect::{failed_input, inspect_bundle, InputReport, InspectReport, Summary};
use crate::output::Output;
use crate::password::Passwords;
use crate::render;

/// One thing to read, and whether it was named by the user or found in a scanned directory
/// (found files that are not certificate material are skipped, not errors).
struct Job {
    input: Input,
    scanned: bool,
}

enum Outcome {
    Report(Box<InputReport>),
    Skipped,
}

pub fn run(args: &InspectArgs, password: &PasswordArgs, out: &Output) -> Result<ExitCode> {
    // Check everything the user typed before any work starts.
    let inputs = Input::parse_all(args.inputs.iter().map(String::as_str))?;
    let spec = super::password_spec(password, inputs.contains(&Input::Stdin))?;
    let passwords = Passwords::resolve(&spec, "password")?;
    let now = super::parse_now(args.now.as_deref())?;

    let mut jobs = Vec::new();
    let mut scan_errors = Vec::new();
    let mut summary = Summary::default();
    let any_directory = inputs.iter().any(Input::is_dir);
    for input in inputs {
        if input.is_dir() {
            let scan = scan_dir(input.path().expect("a directory has a path"));
            summary.skipped_reasons.link_loops += scan.link_loops;
            summary.skipped_reasons.dangling_links += scan.dangling_links;
            summary.skipped_reasons.duplicate_links += scan.duplicate_links;
            scan_errors.extend(scan.errors);
            jobs.extend(scan.files.into_iter().map(|path| Job {
                input: Input::Path(path),
                scanned: true,
            }));
        } else {
            jobs.push(Job {
                input,
                scanned: false,
            });
        }
    }

    let outcomes = load_all(&jobs, &passwords, now, out);
    let mut reports = Vec::new();
    for e in &scan_errors {
        summary.failed += 1;
        reports.push(failed_input(e.message.clone(), e));
    }
    for outcome in outcomes {
        match outcome {
            Outcome::Skipped => summary.skipped_reasons.not_certificate_material += 1,
            Outcome::Report(report) => {
                summary.inputs_read += 1;
                if report.error.is_some() {
                    summary.failed += 1;
                }
                reports.push(*report);
            }
        }
    }

    summary.skipped = summary.skipped_reasons.total();

    if let Some(window) = args.expiring {
        let limit = now + time::Duration::seconds(window.as_secs() as i64);
        for report in &mut reports {
            report
                .certificates
                .retain(|c| c.certificate.not_after <= limit);
        }
    }
    let distinct: HashSet<&str> = reports
        .iter()
        .flat_map(|r| {
            r.certificates
                .iter()
                .map(|c| c.certificate.thumbprint.as_str())
        })
        .collect();
    summary.certificates = distinct.len();
    if args.expiring.is_some() {
        summary.expiring = Some(distinct.len());
    }

    let report = InspectReport {
        version: InspectReport::VERSION,
        inputs: reports,
        summary,
    };
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet || args.expiring.is_some() {
        let text = if any_directory || jobs.len() > 1 {
            render::inspect::table(&report, out)
        } else {
            render::inspect::detailed(&report, out)
        };
        if !out.quiet {
            out.print(&text)?;
        }
    }
    for failed in report.inputs.iter().filter_map(|r| r.error.as_ref()) {
        if !out.json {
            eprintln!("certkit: error: {}", failed.message);
        }
    }

    let mut code = ExitCode::Success;
    if report.summary.expiring.is_some_and(|n| n > 0) {
        code = code.worst(ExitCode::CheckFailed);
    }
    if report.summary.failed > 0 {
        code = code.worst(ExitCode::Error);
    }
    // A file with a part a user relies on left unread (a key that did not decrypt, a damaged
    // block) was not fully read: the check found a problem (exit 1), the rest is listed.
    for input in &report.inputs {
        for note in input.notes.iter().filter(|n| n.incomplete()) {
            code = code.worst(ExitCode::CheckFailed);
            if !out.json {
                eprintln!("certkit: warning: {}: {}", input.path, note.message());
            }
        }
    }
    Ok(code)
}

/// Loads every job. Scans run in parallel without prompting; inputs that turn out to need a
/// password are then retried one by one with the prompt (when there is a terminal).
fn load_all(
    jobs: &[Job],
    passwords: &Passwords,
    now: time::OffsetDateTime,
    out: &Output,
) -> Vec<Outcome> {
    if jobs.len() == 1 {
        return vec![load_one(&jobs[0], passwords, now)];
    }
    let progress = if out.stderr_is_terminal && !out.quiet && jobs.len() > 50 {
        let pb = indicatif::ProgressBar::new(jobs.len() as u64);
        pb.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                .expect("static progress template"),
        );
        Some(pb)
    } else {
        None
    };
    let mut outcomes: Vec<Outcome> = jobs
        .par_iter()
        .map_init(
            || passwords.for_worker(),
            |worker_passwords, job| {
                let outcome = load_one(job, worker_passwords, now);
                if let Some(pb) = &progress {
                    pb.inc(1);
                }
                outcome
            },
        )
        .collect();
    if let Some(pb) = progress {
        pb.finish_and_clear();
    }
    if passwords.can_prompt() {
        for (job, outcome) in jobs.iter().zip(outcomes.iter_mut()) {
            let needs_password = matches!(outcome, Outcome::Report(r)
                if r.error.as_ref().is_some_and(|e| e.kind == ErrorKind::PasswordRequired));
            if needs_password {
                *outcome = load_one(job, passwords, now);
            }
        }
    }
    outcomes
}

fn load_one(job: &Job, passwords: &Passwords, now: time::OffsetDateTime) -> Outcome {
    let name = job.input.display_name();
    let bytes = match job.input.read() {
        Ok(b) => b,
        Err(e) => return Outcome::Report(Box::new(failed_input(name, &e))),
    };
    let crls = decode::crl::crls_in(&bytes);
    if !crls.is_empty() {
        let reports = crate::ops::inspect_crl::crl_reports(&crls, now);
        return Outcome::Report(Box::new(InputReport::of_crls(name, reports)));
    }
    // inspect reports what a file holds even when a part of it cannot be read (notes).
    match decode::load_partial(&bytes, job.input.path(), passwords) {
        Ok(bundle) => Outcome::Report(Box::new(inspect_bundle(name, &bundle, now))),
        Err(e) if job.scanned && e.kind == ErrorKind::NotCertificateMaterial => Outcome::Skipped,
        Err(e) => Outcome::Report(Box::new(failed_input(name, &e))),
    }
}
