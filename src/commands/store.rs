//! `certkit store`: find the entry the user named, run the operation, render.

use anyhow::Result;

use crate::cli::store::{StoreArgs, StoreCommand, StoreName};
use crate::exit::ExitCode;
use crate::ops::store as ops;
use crate::output::Output;
use crate::render;
use crate::store::LogicalStore;

use super::context::Context;

pub fn run(args: &StoreArgs, ctx: &Context) -> Result<ExitCode> {
    let out = &ctx.out;
    let store = ctx.store()?;
    match &args.command {
        StoreCommand::Path => {
            let report = ops::PathReport {
                version: ops::PathReport::VERSION,
                path: store.location(),
            };
            if out.json {
                out.print_json(&report)?;
            } else {
                out.print(&format!("{}\n", report.path))?;
            }
        }
        StoreCommand::List(list) => {
            let report = ops::list(store, list.only.map(logical), ctx.now(None)?)?;
            if out.json {
                out.print_json(&report)?;
            } else if !out.quiet {
                out.print(&render::store::list(&report, out))?;
            }
        }
        StoreCommand::Show(show) => {
            let now = ctx.now(show.now.as_deref())?;
            let entry = store.find_one(&show.entry, show.only.map(logical))?;
            let report = ops::show(store, &entry, now)?;
            if out.json {
                out.print_json(&report)?;
            } else if !out.quiet {
                out.print(&render::store::show(report, out))?;
            }
        }
        StoreCommand::Remove(remove) => {
            let entry = store.find_one(&remove.entry, remove.only.map(logical))?;
            let report = ops::remove(store, &entry)?;
            print_change(&report, out)?;
        }
        StoreCommand::Grant(grant) => {
            // Check the group before looking for the entry: the clearer error first.
            let grantee = store.grantee(&grant.group)?;
            let entry = store.find_one(&grant.entry, Some(LogicalStore::Personal))?;
            let report = ops::grant(store, &entry, &grantee)?;
            print_change(&report, out)?;
        }
    }
    Ok(ExitCode::Success)
}

fn print_change(report: &ops::ChangeReport, out: &Output) -> Result<()> {
    if out.json {
        out.print_json(report)
    } else if !out.quiet {
        out.print(&render::store::change(report))
    } else {
        Ok(())
    }
}

fn logical(name: StoreName) -> LogicalStore {
    match name {
        StoreName::Personal => LogicalStore::Personal,
        StoreName::Intermediate => LogicalStore::Intermediate,
        StoreName::Root => LogicalStore::Root,
    }
}
