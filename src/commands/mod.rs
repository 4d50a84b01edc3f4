//! Glue: turn parsed arguments into validated settings, run the operation, render the report,
//! and decide the exit code. One module per subcommand; the global arguments become one
//! [`context::Context`] per run (the store opened once, passwords read when first needed, the
//! clock), which each subcommand borrows from.

pub mod check_private_key;
pub mod completions;
pub mod config;
pub mod connect;
pub mod context;
pub mod convert;
pub mod doctor;
pub mod export_public;
pub mod import;
pub mod inspect;
pub mod store;
pub mod verify_chain;

use anyhow::Result;

use crate::cli::{Cli, Command, PasswordArgs};
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::password::PasswordSpec;
use context::Context;

/// Runs the parsed command line: the global arguments become one [`Context`] for the run.
pub fn dispatch(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::new(&cli.global);
    match &cli.command {
        Command::Inspect(args) => inspect::run(args, &ctx.global.password, &ctx.out),
        Command::Connect(args) => connect::run(args, &ctx),
        Command::Completions(args) => completions::run(args, &ctx.out),
        Command::Import(args) => import::run(args, &ctx),
        Command::Store(args) => store::run(args, &ctx),
        Command::Convert(args) => convert::run(args, &ctx),
        Command::CheckPrivateKey(args) => check_private_key::run(args, &ctx),
        Command::ExportPublic(args) => export_public::run(args, &ctx),
        Command::VerifyChain(args) => verify_chain::run(args, &ctx),
        Command::Doctor(args) => doctor::run(args, &ctx),
        Command::Config(args) => config::run(args, &ctx),
    }
}

/// The password source chosen by the global password flags. `inputs_use_stdin` refuses
/// `--password-stdin` when an input is itself read from stdin.
pub fn password_spec(args: &PasswordArgs, inputs_use_stdin: bool) -> Result<PasswordSpec, Error> {
    if args.password_stdin && inputs_use_stdin {
        return Err(Error::new(
            ErrorKind::Usage,
            "--password-stdin cannot be used when an input is read from stdin (-): use --password-file or --password-env",
        ));
    }
    Ok(if let Some(f) = &args.password_file {
        PasswordSpec::File(f.clone())
    } else if let Some(v) = &args.password_env {
        PasswordSpec::Env(v.clone())
    } else if args.password_stdin {
        PasswordSpec::Stdin
    } else if let Some(p) = &args.password {
        PasswordSpec::Value(p.clone())
    } else {
        PasswordSpec::None
    })
}

/// The time checks are made at: `--at`/`--now`/`CERTKIT_NOW` when given (tests use a fixed
/// clock). Accepted: RFC 3339 (`2027-01-31T00:00:00Z`, any offset) or a date alone
/// (`2027-01-31`), which means midnight UTC.
pub fn parse_now(now: Option<&str>) -> Result<time::OffsetDateTime, Error> {
    match now.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(time::OffsetDateTime::now_utc()),
        Some(text) => parse_time(text).ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                format!(
                    "invalid time {text:?}: give an RFC 3339 time (2027-01-31T00:00:00Z, \
                     2027-01-31T09:30:00+01:00) or a date (2027-01-31, midnight UTC)"
                ),
            )
        }),
    }
}

fn parse_time(text: &str) -> Option<time::OffsetDateTime> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Some(t);
    }
    let date = time::Date::parse(
        text,
        time::macros::format_description!("[year]-[month]-[day]"),
    );
    date.ok().map(|d| d.midnight().assume_utc())
}

#[cfg(test)]
mod tests {
    use super::parse_now;

    #[test]
    fn a_date_alone_is_midnight_utc_and_rfc_3339_keeps_its_offset() {
        let t = parse_now(Some("2050-01-01")).unwrap();
        assert_eq!(t, time::macros::datetime!(2050-01-01 00:00 UTC));
        let t = parse_now(Some("2050-01-01T09:30:00+01:00")).unwrap();
        assert_eq!(t, time::macros::datetime!(2050-01-01 08:30 UTC));
        for bad in ["2050-13-01", "2050-01-01 09:30", "tomorrow", "2050/01/01"] {
            let e = parse_now(Some(bad)).unwrap_err();
            assert!(
                e.to_string()
                    .contains("or a date (2027-01-31, midnight UTC)"),
                "{e}"
            );
        }
    }
}
