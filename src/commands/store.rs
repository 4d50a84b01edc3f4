//! `certkit store`: find the entry the user named, run the operation, render.

use anyhow::Result;

use crate::cli::store::{StoreArgs, StoreCommand, StoreName};
use crate::cli::GlobalArgs;
use crate::exit::ExitCode;
use crate::ops::store as ops;
use crate::output::Output;
use crate::render;
use crate::store::LogicalStore;

pub fn run(args: &StoreArgs, global: &GlobalArgs, out: &Output) -> Result<ExitCode> {
    let store = super::open_store(global)?;
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
            let report = ops::list(
                &*store,
                list.only.map(logical),
                time::OffsetDateTime::now_utc(),
            )?;
            if out.json {
                out.print_json(&report)?;
            } else if !out.quiet {
                out.print(&render::store::list(&report, out))?;
            }
        }
        StoreCommand::Show(show) => {
            let now = super::parse_now(show.now.as_deref())?;
            let entry = store.find_one(&show.entry, show.only.map(logical))?;
            let report = ops::show(&*store, &entry, now)?;
            if out.json {
                out.print_json(&report)?;
            } else if !out.quiet {
                out.print(&render::store::show(report, out))?;
            }
        }
        StoreCommand::Remove(remove) => {
            let entry = store.find_one(&remove.entry, remove.only.map(logical))?;
            let report = ops::remove(&*store, &entry)?;
            print_change(&report, out)?;
        }
        StoreCommand::Grant(grant) => {
            // Check the group before looking for the entry: the clearer error first.
            store.check_grantee(&grant.group)?;
            let entry = store.find_one(&grant.entry, Some(LogicalStore::Personal))?;
            let report = ops::grant(&*store, &entry, &grant.group)?;
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
