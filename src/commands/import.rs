//! `certkit import`: check the arguments, load every input (all or nothing), route and install
//! through the store (certificates and CRLs in one transaction), render the report.

use anyhow::Result;

use crate::cli::import::{ImportArgs, ImportTarget, KeyProviderArg};
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::model::naming::sanitize;
use crate::ops::import::{import, loaded_input, ImportOptions, LoadedCrl, Target};
use crate::render;
use crate::store::{KeyProvider, LogicalStore};

use super::context::Context;

pub fn run(args: &ImportArgs, ctx: &Context) -> Result<ExitCode> {
    let out = &ctx.out;
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
    let now = ctx.now(None)?;
    let store = ctx.store()?;
    // Fail before reading anything when the group does not exist; the group found is the
    // one every later step uses.
    let grant_read = args
        .grant_read
        .as_deref()
        .map(|group| store.grantee(group))
        .transpose()?;
    let passwords = ctx.passwords(inputs.contains(&Input::Stdin))?;

    let mut loaded = Vec::with_capacity(inputs.len());
    let mut crls = Vec::new();
    for input in &inputs {
        let bytes = input.read()?;
        // A CRL file goes to the store's CRLs (detected by content, like the rest).
        let found = decode::crl::crls_in(&bytes);
        if !found.is_empty() {
            crls.extend(found.into_iter().map(|der| LoadedCrl {
                input: input.display_name(),
                der,
            }));
            continue;
        }
        let bundle = decode::load(&bytes, input.path(), passwords)?;
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
        grant_read,
        key_provider: args.key_provider.map(|p| match p {
            KeyProviderArg::Cng => KeyProvider::Cng,
            KeyProviderArg::Capi => KeyProvider::Capi,
        }),
        dry_run: args.dry_run,
        now,
    };
    let report = import(store, &loaded, &crls, &options)?;
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
