//! `certkit doctor`: check the arguments, gather the subjects (the input file, one entry, or
//! every personal entry of the store), set up the store's CAs and the handshake target, run the
//! checks, render, and exit 1 when any check failed.

use anyhow::Result;

use crate::cli::doctor::{DoctorArgs, PlatformArg};
use crate::cli::verify_chain::RevocationArg;
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::ops::connect::{Target, TrustSources};
use crate::ops::doctor::{
    run as run_checks, FixContext, HandshakeSettings, Platform, Settings, StoreView, Subject,
    SubjectKind, Verdict,
};
use crate::password::{PasswordSpec, Passwords};
use crate::render;
use crate::revocation::status::Mode;
use crate::revocation::Local;
use crate::store::{select, CertificateStore, Entry, LogicalStore};
use crate::verify::Sources;

use super::context::Context;

pub fn run(args: &DoctorArgs, ctx: &Context) -> Result<ExitCode> {
    let out = &ctx.out;
    // Everything the user typed is checked before any work starts.
    let now = ctx.now(args.now.as_deref())?;
    let target = args.host.as_deref().map(Target::parse).transpose()?;
    if args.timeout.is_zero() {
        return Err(Error::new(ErrorKind::Usage, "--timeout must be more than 0").into());
    }
    if args
        .name
        .as_deref()
        .is_some_and(|n| crate::model::naming::sanitize(n).is_empty())
    {
        return Err(Error::new(
            ErrorKind::Usage,
            "--name has no letters or digits left once made safe for file names: give another name",
        )
        .into());
    }
    // A missing --export-dir is not an error: the export check fails with the `certkit export`
    // that creates the folder and says so (export and doctor treat a missing folder alike).
    let input = args.input.as_deref().map(Input::parse);
    // Only a file needs the passwords; they are read when it is opened.
    let spec = ctx.password_spec(input == Some(Input::Stdin))?;

    // The store is listed once: the checks see that listing, and the subjects come from it.
    let store = ctx.store()?;
    let mut sources = Sources::new();
    ctx.add_store_sources(&mut sources)?;
    let view = StoreView {
        store,
        location: store.location(),
        entries: store.all_entries()?,
        sources,
    };

    let subjects = match (&input, &args.entry) {
        (Some(input), _) => vec![file_subject(input, ctx.passwords(*input == Input::Stdin)?)?],
        (None, Some(selector)) => {
            let entry = select(
                &view.entries,
                selector,
                Some(LogicalStore::Personal),
                &view.location,
            )?;
            vec![entry_subject(store, entry)]
        }
        (None, None) => {
            let personal: Vec<&Entry> = view
                .entries
                .iter()
                .filter(|e| e.store == LogicalStore::Personal)
                .collect();
            if personal.is_empty() {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!(
                        "the store {} has no personal entries: install one with `certkit import FILE`, or name a file to examine",
                        store.location()
                    ),
                )
                .into());
            }
            personal.iter().map(|e| entry_subject(store, e)).collect()
        }
    };

    let handshake = match target {
        Some(target) => {
            // The server's chain is trusted as `connect` trusts it: the --ca files, the
            // store's roots, and the system's when no --ca is given.
            let mut trust = TrustSources {
                sources: view.sources.clone(),
                ..TrustSources::default()
            };
            if !args.ca.is_empty() {
                super::connect::add_ca_files(&mut trust, &args.ca, ctx.passwords(false)?)?;
            }
            trust.labels.push(format!("{}/root", store.location()));
            if args.ca.is_empty() && trust.sources.add_system().is_some() {
                trust.labels.push("system".to_string());
            }
            Some(HandshakeSettings {
                target,
                trust,
                timeout: args.timeout,
            })
        }
        None => None,
    };
    let revocation = match args.revocation {
        RevocationArg::Off => Mode::Off,
        RevocationArg::Soft => Mode::Soft,
        RevocationArg::Hard => Mode::Hard,
    };
    let revocation_local = Local {
        crl_dir: ctx.store_crl_dir()?,
        ..Local::default()
    };
    let settings = Settings {
        now,
        warn_days: args.warn_days,
        platforms: platforms(&args.platform),
        accounts: args.account.clone(),
        export_dir: args.export_dir.clone(),
        export_name: args.name.clone(),
        handshake,
        revocation,
        revocation_local,
        fix: FixContext {
            store: ctx
                .global
                .store
                .as_ref()
                .map(|s| s.display().to_string())
                .filter(|s| !s.is_empty()),
            password: match &spec {
                PasswordSpec::File(f) => vec!["--password-file".into(), f.display().to_string()],
                PasswordSpec::Env(v) => vec!["--password-env".into(), v.clone()],
                _ => Vec::new(),
            },
        },
    };
    let report = run_checks(&subjects, &view, &settings);
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::doctor::human(&report, out))?;
    }
    Ok(match report.verdict {
        Verdict::Healthy => ExitCode::Success,
        Verdict::Failed => ExitCode::CheckFailed,
    })
}

/// A file, as it would be installed. A file that cannot be read, or whose password is wrong or
/// missing, is an error (exit 2); one that reads but does not decode fails `opens`.
fn file_subject(input: &Input, passwords: &Passwords) -> Result<Subject> {
    let bytes = input.read()?;
    let loaded = decode::load(&bytes, input.path(), passwords);
    if let Err(e) = &loaded {
        if matches!(
            e.kind,
            ErrorKind::WrongPassword | ErrorKind::PasswordRequired | ErrorKind::Io
        ) {
            return Err(e.clone().into());
        }
    }
    Ok(Subject {
        kind: SubjectKind::File,
        name: input.display_name(),
        loaded,
        held_key: None,
    })
}

fn entry_subject(store: &dyn CertificateStore, entry: &Entry) -> Subject {
    let loaded = store.open(entry);
    let held_key = match &loaded {
        Ok(b) if b.private_key.is_none() => store.held_key_check(entry).ok().flatten(),
        _ => None,
    };
    Subject {
        kind: SubjectKind::Entry,
        name: entry.name.clone(),
        loaded,
        held_key,
    }
}

/// `--platform` values as the platforms they stand for: the Mendix runtime reads PKCS#12
/// through the JDK, OutSystems on-premises through the Windows Server it runs on.
fn platforms(args: &[PlatformArg]) -> Vec<Platform> {
    let mut out: Vec<Platform> = Vec::new();
    for arg in args {
        let these: &[Platform] = match arg {
            PlatformArg::Windows2016 => &[Platform::Windows2016],
            PlatformArg::Windows2019 => &[Platform::Windows2019],
            PlatformArg::Java8 => &[Platform::Java8],
            PlatformArg::Java17 => &[Platform::Java17],
            PlatformArg::Openssl3 => &[Platform::Openssl3],
            PlatformArg::Macos => &[Platform::Macos],
            PlatformArg::Nss => &[Platform::Nss],
            PlatformArg::Dotnet9 => &[Platform::Dotnet9],
            PlatformArg::DotnetFramework => &[Platform::DotnetFramework],
            PlatformArg::Mono => &[Platform::Mono],
            PlatformArg::Mendix => &[Platform::Java17],
            PlatformArg::Outsystems => &[Platform::Windows2016, Platform::Windows2019],
        };
        for p in these {
            if !out.contains(p) {
                out.push(*p);
            }
        }
    }
    out
}
