//! `certkit export-public` (alias `export`): turn the input (or, later, the store's personal
//! certificates) into named entries and export them.

use anyhow::Result;

use crate::cli::export_public::ExportPublicArgs;
use crate::cli::PasswordArgs;
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::ops::export_public::{destination_kind, entries_from_bundle, export, ExportFormat};
use crate::output::Output;
use crate::password::Passwords;
use crate::render;

pub fn run(args: &ExportPublicArgs, password: &PasswordArgs, out: &Output) -> Result<ExitCode> {
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
    let Some(arg) = &args.input else {
        // The store lands with its own issue; the entries will come from its personal
        // certificates and go through the same `export`.
        return Err(Error::new(
            ErrorKind::Usage,
            "no input given and the certificate store is not available yet: name the certificate file to export",
        )
        .into());
    };
    let input = Input::parse(arg);
    let spec = super::password_spec(password, input == Input::Stdin)?;
    let passwords = Passwords::resolve(&spec, "password")?;
    let bundle = decode::load(&input.read()?, input.path(), &passwords)?;
    if bundle.certificates.is_empty() {
        return Err(Error::new(
            ErrorKind::NotCertificateMaterial,
            format!("{} holds no certificate to export", input.display_name()),
        )
        .into());
    }
    let entries = entries_from_bundle(&bundle, args.name.as_deref(), args.chain);
    let report = export(&entries, &dest, format, args.force)?;
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::export_public::human(&report))?;
    }
    Ok(ExitCode::Success)
}
