//! `certkit check-private-key`: load the input (and the separate key file), run the check,
//! render it, exit 0 on a match and 1 otherwise.

use anyhow::Result;

use crate::cli::check_private_key::CheckPrivateKeyArgs;
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::ops::check_private_key::{check, check_held, CheckReport, Verdict};
use crate::render;
use crate::store::LogicalStore;

use super::context::Context;

pub fn run(args: &CheckPrivateKeyArgs, ctx: &Context) -> Result<ExitCode> {
    let out = &ctx.out;
    let report = match (&args.entry, &args.input) {
        (Some(entry), _) => check_entry(entry, ctx)?,
        (None, Some(input)) => check_file(input, args, ctx)?,
        (None, None) => {
            return Err(Error::new(ErrorKind::Usage, "give INPUT or --entry NAME").into())
        }
    };
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::check_private_key::human(&report, out))?;
    }
    Ok(match report.verdict {
        Verdict::Match => ExitCode::Success,
        Verdict::NoKey | Verdict::Mismatch => ExitCode::CheckFailed,
    })
}

/// A personal entry of the store: the key the store returns, or the one it keeps and checks
/// itself (the Windows stores).
fn check_entry(selector: &str, ctx: &Context) -> Result<CheckReport> {
    let now = ctx.now(None)?;
    let store = ctx.store()?;
    let entry = store.find_one(selector, Some(LogicalStore::Personal))?;
    let bundle = store.open(&entry)?;
    let input = format!("{}/personal/{}", store.location(), entry.name);
    if bundle.private_key.is_none() {
        if let Some(held) = store.held_key_check(&entry)? {
            return Ok(check_held(input, &bundle, &held, now));
        }
    }
    Ok(check(
        input,
        None,
        &bundle,
        bundle.private_key.as_ref(),
        now,
    ))
}

fn check_file(input: &str, args: &CheckPrivateKeyArgs, ctx: &Context) -> Result<CheckReport> {
    let now = ctx.now(None)?;
    let mut named = Input::parse_all(std::iter::once(input).chain(args.key.as_deref()))?;
    let key_input = args.key.is_some().then(|| named.remove(1));
    let input = named.remove(0);
    let passwords = ctx.passwords(input == Input::Stdin || key_input == Some(Input::Stdin))?;

    let bundle = decode::load(&input.read()?, input.path(), passwords)?;
    if bundle.certificates.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "{} holds no certificate: give the certificate file as INPUT and the key with --key KEYFILE",
                input.display_name()
            ),
        )
        .into());
    }
    let separate = match &key_input {
        Some(k) => {
            let key_bundle = decode::load(&k.read()?, k.path(), passwords)?;
            let key = key_bundle.private_key.ok_or_else(|| {
                Error::new(
                    ErrorKind::NotCertificateMaterial,
                    format!(
                        "{} holds no private key: give the key file with --key",
                        k.display_name()
                    ),
                )
            })?;
            Some(key)
        }
        None => None,
    };
    let key = separate.as_ref().or(bundle.private_key.as_ref());
    Ok(check(
        input.display_name(),
        key_input.as_ref().map(Input::display_name),
        &bundle,
        key,
        now,
    ))
}
