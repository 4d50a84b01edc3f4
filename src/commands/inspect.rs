//! `certkit inspect`: expand inputs, load each (in parallel for directory scans), build the
//! report, filter by `--expiring`, render, and pick the exit code.

use anyhow::Result;
use rayon::prelude::*;

use crate::cli::inspect::InspectArgs;
use crate::cli::PasswordArgs;
use crate::decode;
use crate::error::ErrorKind;
use crate::exit::ExitCode;
use crate::input::{scan_dir, Input, LeftOut};
use crate::ops::inspect::{failed_input, inspect_bundle, InputReport, Summary};
use crate::ops::inspect_scan::{
    keep_expiring, other_pki_object, Facts, Known, Recorder, SkipReason, SkippedFile, Tally,
};
use crate::output::Output;
use crate::password::Passwords;
use crate::render::inspect_stream::{Detailed, Found, JsonDocument, JsonLines, Printer, Table};

/// One thing to read, and whether it was named by the user or found in a scanned directory
/// (found files that are not certificate material are skipped, not errors).
struct Job {
    input: Input,
    scanned: bool,
}

pub fn run(args: &InspectArgs, password: &PasswordArgs, out: &Output) -> Result<ExitCode> {
    // Check everything the user typed before any work starts.
    if args.json_lines && out.json {
        return Err(crate::error::Error::new(
            ErrorKind::Usage,
            "--json and --json-lines are two forms of the same output: choose one",
        )
        .into());
    }
    let inputs = Input::parse_all(args.inputs.iter().map(String::as_str))?;
    let spec = super::password_spec(password, inputs.contains(&Input::Stdin))?;
    let passwords = Passwords::resolve(&spec, "password")?;
    let now = super::parse_now(args.now.as_deref())?;

    let limit = args
        .expiring
        .map(|window| now + time::Duration::seconds(window.as_secs() as i64));

    // The walk keeps a path per file; what each file holds is kept only as the output needs.
    let mut jobs = Vec::new();
    let mut found_first = Vec::new();
    let any_directory = inputs.iter().any(Input::is_dir);
    for input in inputs {
        if input.is_dir() {
            let scan = scan_dir(input.path().expect("a directory has a path"));
            for e in &scan.errors {
                found_first.push(Found::Input(Box::new(failed_input(e.message.clone(), e))));
            }
            for (path, reason) in scan.left_out {
                found_first.push(Found::Skipped(SkippedFile {
                    path: path.display().to_string(),
                    reason: match reason {
                        LeftOut::LinkLoop => SkipReason::LinkLoop,
                        LeftOut::DanglingLink => SkipReason::DanglingLink,
                        LeftOut::DuplicateLink => SkipReason::DuplicateLink,
                    },
                    detail: None,
                }));
            }
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

    let scan = Scan {
        jobs: &jobs,
        first: found_first,
        passwords: &passwords,
        now,
        limit,
        out,
    };
    let print = !out.quiet;
    let (summary, errors, incomplete) = if args.json_lines {
        scan.run(JsonLines::new()?)?
    } else if out.json {
        scan.run(JsonDocument::new()?)?
    } else if any_directory || jobs.len() > 1 {
        scan.run(Table::new(out, print, args.verbose))?
    } else {
        scan.run(Detailed::new(out, print))?
    };
    if !out.json && !args.json_lines {
        for message in errors {
            eprintln!("certkit: error: {message}");
        }
        for message in &incomplete {
            eprintln!("certkit: warning: {message}");
        }
    }

    let mut code = ExitCode::Success;
    if summary.expiring.is_some_and(|n| n > 0) {
        code = code.worst(ExitCode::CheckFailed);
    }
    if summary.failed > 0 {
        code = code.worst(ExitCode::Error);
    }
    // A file with a part a user relies on left unread (a key that did not decrypt, a damaged
    // block) was not fully read: the check found a problem (exit 1), the rest is listed.
    if !incomplete.is_empty() {
        code = code.worst(ExitCode::CheckFailed);
    }
    Ok(code)
}

/// Files read per round of parallel work: enough to keep every core busy, few enough that a
/// round's reports (dropped once written) stay small whatever the number of files.
const ROUND: usize = 512;

/// One run over the inputs, feeding a printer in scan order.
struct Scan<'a> {
    jobs: &'a [Job],
    /// What the directory walks found before any file was read (unreadable entries, links).
    first: Vec<Found>,
    passwords: &'a Passwords,
    now: time::OffsetDateTime,
    limit: Option<time::OffsetDateTime>,
    out: &'a Output,
}

/// One found thing, its facts for the tally, and what the printer made of it.
struct Done<P> {
    facts: Facts,
    error: Option<String>,
    /// The notes of a file not fully read, as "path: note".
    incomplete: Vec<String>,
    prepared: P,
}

impl Scan<'_> {
    /// Reads every job (in parallel rounds for several), hands each result to the printer in
    /// order, and returns the summary, the error messages of the inputs that failed and the
    /// notes of the files not fully read ("path: note").
    ///
    /// A round is written while the workers read the next one: the output and the tally's
    /// recorder belong to the writing side, the files and the known certificates to the workers.
    fn run<P: Printer>(mut self, mut printer: P) -> Result<(Summary, Vec<String>, Vec<String>)> {
        let options = printer.options();
        let mut tally = Tally::new(self.limit.is_some());
        let mut written = Written::default();
        let first: Vec<Done<P::Prepared>> = std::mem::take(&mut self.first)
            .into_iter()
            .map(|found| self.prepare::<P>(&options, found, false, tally.known()))
            .collect();
        written.write_all(first, &mut tally.split().1, &mut printer)?;
        tally.settle();
        let progress = if self.out.stderr_is_terminal && !self.out.quiet && self.jobs.len() > 50 {
            let pb = indicatif::ProgressBar::new(self.jobs.len() as u64);
            pb.set_style(
                indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
                    .expect("static progress template"),
            );
            Some(pb)
        } else {
            None
        };
        let mut pending: Vec<Done<P::Prepared>> = Vec::new();
        for round in self.jobs.chunks(ROUND) {
            let (known, mut recorder) = tally.split();
            let (wrote, done) = rayon::join(
                || written.write_all(std::mem::take(&mut pending), &mut recorder, &mut printer),
                || self.read_round::<P>(round, &options, known),
            );
            wrote?;
            tally.settle();
            pending = done;
            if let Some(pb) = &progress {
                pb.inc(round.len() as u64);
            }
        }
        written.write_all(pending, &mut tally.split().1, &mut printer)?;
        tally.settle();
        if let Some(pb) = progress {
            pb.finish_and_clear();
        }
        let summary = tally.summary();
        printer.finish(&summary)?;
        Ok((summary, written.errors, written.incomplete))
    }

    /// Reads and prepares one round of jobs, in parallel when there are several.
    fn read_round<P: Printer>(
        &self,
        round: &[Job],
        options: &P::Options,
        known: &Known,
    ) -> Vec<Done<P::Prepared>> {
        if round.len() == 1 {
            let found = load_one(&round[0], self.passwords, self.now);
            return vec![self.prepare::<P>(options, found, true, known)];
        }
        if !self.passwords.can_prompt() {
            // Each worker reads, decodes and prepares its file in one go: one pass over the
            // round, not two with a wait for the slowest file between them.
            return round
                .par_iter()
                .map_init(
                    || self.passwords.for_worker(),
                    |worker_passwords, job| {
                        let found = load_one(job, worker_passwords, self.now);
                        self.prepare::<P>(options, found, true, known)
                    },
                )
                .collect();
        }
        let mut outcomes: Vec<Found> = round
            .par_iter()
            .map_init(
                || self.passwords.for_worker(),
                |worker_passwords, job| load_one(job, worker_passwords, self.now),
            )
            .collect();
        // Inputs that turn out to need a password are retried one by one with the prompt
        // (when there is a terminal): workers never prompt.
        for (job, found) in round.iter().zip(outcomes.iter_mut()) {
            let needs_password = matches!(found, Found::Input(r)
                if r.error.as_ref().is_some_and(|e| e.kind == ErrorKind::PasswordRequired));
            if needs_password {
                *found = load_one(job, self.passwords, self.now);
            }
        }
        outcomes
            .into_par_iter()
            .map(|found| self.prepare::<P>(options, found, true, known))
            .collect()
    }

    /// Filters by `--expiring`, takes the tally's facts and lets the printer prepare the rest.
    fn prepare<P: Printer>(
        &self,
        options: &P::Options,
        found: Found,
        read: bool,
        known: &Known,
    ) -> Done<P::Prepared> {
        let mut incomplete = Vec::new();
        let (facts, error, found) = match found {
            Found::Input(mut report) => {
                if let Some(limit) = self.limit {
                    keep_expiring(&mut report, limit);
                }
                let mut facts = Facts::of_input(&report);
                facts.read = read;
                let error = report.error.as_ref().map(|e| e.message.clone());
                incomplete.extend(
                    (report.notes.iter().filter(|n| n.incomplete()))
                        .map(|n| format!("{}: {}", report.path, n.message())),
                );
                (facts, error, Found::Input(report))
            }
            Found::Skipped(s) => (Facts::of_skip(s.reason, read), None, Found::Skipped(s)),
        };
        Done {
            facts,
            error,
            incomplete,
            prepared: P::prepare(options, found, known),
        }
    }
}

/// What the writing side keeps besides the output: the messages for standard error.
#[derive(Default)]
struct Written {
    /// The error messages of the inputs that failed.
    errors: Vec<String>,
    /// The notes of the files not fully read, as "path: note".
    incomplete: Vec<String>,
}

impl Written {
    /// Records and writes prepared results in scan order.
    fn write_all<P: Printer>(
        &mut self,
        done: Vec<Done<P::Prepared>>,
        recorder: &mut Recorder<'_>,
        printer: &mut P,
    ) -> Result<()> {
        for d in done {
            let seen = recorder.record(&d.facts);
            self.errors.extend(d.error);
            self.incomplete.extend(d.incomplete);
            printer.write(d.prepared, &seen)?;
        }
        Ok(())
    }
}

fn load_one(job: &Job, passwords: &Passwords, now: time::OffsetDateTime) -> Found {
    let name = job.input.display_name();
    let bytes = match job.input.read() {
        Ok(b) => b,
        Err(e) => return Found::Input(Box::new(failed_input(name, &e))),
    };
    let crls = decode::crl::crls_in(&bytes);
    if !crls.is_empty() {
        let reports = crate::ops::inspect_crl::crl_reports(&crls, now);
        return Found::Input(Box::new(InputReport::of_crls(name, reports)));
    }
    // Certificate requests and OCSP objects are recognised PKI files too (src/ops/inspect_pki.rs).
    let csrs = decode::csr::csrs_in(&bytes);
    if !csrs.is_empty() {
        let reports = crate::ops::inspect_pki::csr_reports(&csrs);
        return Found::Input(Box::new(InputReport::of_csrs(name, reports)));
    }
    if let Some(object) = decode::ocsp::ocsp_in(&bytes) {
        let report = crate::ops::inspect_pki::ocsp_report(&object);
        return Found::Input(Box::new(InputReport::of_ocsp(name, report)));
    }
    // inspect reports what a file holds even when a part of it cannot be read (notes).
    match decode::load_partial(&bytes, job.input.path(), passwords) {
        Ok(bundle) => Found::Input(Box::new(inspect_bundle(name, &bundle, now))),
        // A scan skips what is not a certificate, naming it; a file named by the user that is
        // not one is an error. A recognised PKI object without certificates is never a failure.
        Err(e) => match other_pki_object(&bytes) {
            Some(kind) if job.scanned => Found::Skipped(SkippedFile {
                path: name,
                reason: SkipReason::OtherPkiObject,
                detail: Some(kind.to_string()),
            }),
            _ if job.scanned && e.kind == ErrorKind::NotCertificateMaterial => {
                Found::Skipped(SkippedFile {
                    path: name,
                    reason: SkipReason::NotCertificateMaterial,
                    detail: None,
                })
            }
            _ => Found::Input(Box::new(failed_input(name, &e))),
        },
    }
}
