//! `certkit import`: check the arguments, load every input (all or nothing), route and install
//! through the store, render the report.

use anyhow::Result;

use crate::cli::import::{ImportArgs, ImportTarget};
use crate::cli::GlobalArgs;
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::model::naming::sanitize;
use crate::ops::import::{import, loaded_input, ImportOptions, Target};
use crate::output::Output;
use crate::password::Passwords;
use crate::render;
use crate::store::LogicalStore;

pub fn run(args: &ImportArgs, global: &GlobalArgs, out: &Output) -> Result<ExitCode> {
    let inputs = Input::parse_all(args.inputs.iter().map(String::as_str))?;
    if let Some(name) = &args.name {
        if sanitize(name).is_empty() {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "--name {name:?} has no letters or digits: give a name such as partner-api"
                ),
            )
            .into());
        }
    }
    let store = super::open_store(global)?;
    if let Some(group) = &args.grant_read {
        // Fail before reading anything when the group does not exist.
        store.check_grantee(group)?;
    }
    let spec = super::password_spec(&global.password, inputs.contains(&Input::Stdin))?;
    let passwords = Passwords::resolve(&spec, "password")?;

    let mut loaded = Vec::with_capacity(inputs.len());
    let mut crls = Vec::new();
    for input in &inputs {
        let bytes = input.read()?;
        // A CRL file goes to the store's crl/ folder (detected by content, like the rest).
        let found = decode::crl::crls_in(&bytes);
        if !found.is_empty() {
            crls.extend(found.into_iter().map(|der| (input.display_name(), der)));
            continue;
        }
        let bundle = decode::load(&bytes, input.path(), &passwords)?;
        loaded.push(loaded_input(input.display_name(), bundle));
    }

    let options = ImportOptions {
        target: match args.to {
            ImportTarget::Auto => Target::Auto,
            ImportTarget::Personal => Target::Only(LogicalStore::Personal),
            ImportTarget::Root => Target::Only(LogicalStore::Root),
            ImportTarget::Intermediate => Target::Only(LogicalStore::Intermediate),
        },
        name: args.name.clone(),
        grant_read: args.grant_read.clone(),
        dry_run: args.dry_run,
        now: time::OffsetDateTime::now_utc(),
    };
    let crl_dir = if crls.is_empty() {
        None
    } else {
        let root = store.hashed_dir(LogicalStore::Root).ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                format!(
                    "{}: CRLs can only be imported into a folder store (its crl/ folder)",
                    store.location()
                ),
            )
        })?;
        Some(crate::store::crl::folder(
            root.parent().unwrap_or(std::path::Path::new(".")),
        ))
    };
    let mut report = if loaded.is_empty() {
        crate::ops::import::ImportReport {
            version: 1,
            store: store.location(),
            dry_run: args.dry_run,
            certificates: Vec::new(),
            crls: Vec::new(),
            warnings: Vec::new(),
        }
    } else {
        import(&*store, &loaded, &options)?
    };
    if let Some(dir) = crl_dir {
        for (input, der) in &crls {
            let (action, crl) = crate::store::crl::add(&dir, der, args.dry_run)?;
            report.crls.push(crate::ops::import::ImportedCrl {
                input: input.clone(),
                action,
                crl,
            });
        }
    }
    for warning in &report.warnings {
        out.warn(warning);
    }
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::import::report(&report, out))?;
    }
    Ok(ExitCode::Success)
}
