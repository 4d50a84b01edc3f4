//! `certkit export-public` (alias `export`): turn the input (or the store's personal
//! certificates) into named entries and export them.

use anyhow::Result;

use crate::cli::export_public::ExportPublicArgs;
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::ops::export_public::{
    destination_kind, entries_from_bundle, export, Entry, ExportFormat,
};
use crate::render;
use crate::store::{normalise_thumbprint, LogicalStore};

use super::context::Context;

pub fn run(args: &ExportPublicArgs, ctx: &Context) -> Result<ExitCode> {
    let out = &ctx.out;
    let (format, dest) = match (&args.der, &args.pem) {
        (Some(d), None) => (ExportFormat::Der, d),
        (None, Some(p)) => (ExportFormat::Pem, p),
        _ => unreachable!("clap requires exactly one of --der and --pem"),
    };
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
    let dest = destination_kind(dest);
    let entries = match &args.input {
        Some(arg) => entries_from_input(arg, args, ctx)?,
        None => entries_from_store(args, ctx)?,
    };
    let report = export(&entries, &dest, format, args.force, ctx.now(None)?)?;
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::export_public::human(&report))?;
    }
    Ok(ExitCode::Success)
}

fn entries_from_input(arg: &str, args: &ExportPublicArgs, ctx: &Context) -> Result<Vec<Entry>> {
    let input = Input::parse(arg);
    let passwords = ctx.passwords(input == Input::Stdin)?;
    let bundle = decode::load(&input.read()?, input.path(), passwords)?;
    if bundle.certificates.is_empty() {
        return Err(Error::new(
            ErrorKind::NotCertificateMaterial,
            format!("{} holds no certificate to export", input.display_name()),
        )
        .into());
    }
    Ok(entries_from_bundle(
        &bundle,
        args.name.as_deref(),
        args.chain,
        ctx.now(None)?,
    ))
}

/// The store's personal certificates (all, or the one `--name`/`--thumbprint` selects), each
/// named after its store entry so that every server exports the same file names.
fn entries_from_store(args: &ExportPublicArgs, ctx: &Context) -> Result<Vec<Entry>> {
    let now = ctx.now(None)?;
    let store = ctx.store()?;
    let mut selected = store.entries(LogicalStore::Personal)?;
    if let Some(name) = &args.name {
        selected.retain(|e| &e.name == name);
    }
    if let Some(thumbprint) = &args.thumbprint {
        let wanted = normalise_thumbprint(thumbprint).ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                format!("--thumbprint {thumbprint:?} is not a SHA-1 thumbprint (40 hex digits)"),
            )
        })?;
        selected.retain(|e| e.thumbprint() == wanted);
    }
    if selected.is_empty() {
        let what = if args.name.is_some() || args.thumbprint.is_some() {
            "no personal certificate matches --name/--thumbprint"
        } else {
            "has no personal certificates"
        };
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "the store {} {what}: import one with `certkit import FILE`, or name a file to export",
                store.location()
            ),
        )
        .into());
    }
    let mut entries: Vec<Entry> = Vec::new();
    for entry in &selected {
        let bundle = store.open(entry)?;
        for e in entries_from_bundle(&bundle, Some(&entry.name), args.chain, now) {
            // Entries that share an issuing CA export it once.
            if !entries
                .iter()
                .any(|seen| seen.certificate.der() == e.certificate.der())
            {
                entries.push(e);
            }
        }
    }
    Ok(entries)
}
