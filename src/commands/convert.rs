//! `certkit convert`: check the arguments, load and merge the inputs, select what goes out,
//! ask for the new password only when the output needs one, encode, read back, write, report.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::convert::{ConvertArgs, FormatArg, MacArg, NewPasswordArgs, ProfileArg};
use crate::decode;
use crate::encode::pkcs12::{MacKind, Profile};
use crate::encode::OutputFormat;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::model::Bundle;
use crate::ops::convert::{self, Settings, Target};
use crate::password::{self, PasswordSpec};
use crate::render;

use super::context::Context;

pub fn run(args: &ConvertArgs, ctx: &Context) -> Result<ExitCode> {
    let out = &ctx.out;
    // Check everything the user typed before any work starts.
    let inputs = Input::parse_all(args.inputs.iter().map(String::as_str))?;
    let target = if args.output == "-" {
        Target::Stdout
    } else {
        Target::File(PathBuf::from(&args.output))
    };
    let format = match (args.to, &target) {
        (Some(FormatArg::Pfx), _) => OutputFormat::Pkcs12,
        (Some(FormatArg::Pem), _) => OutputFormat::Pem,
        (Some(FormatArg::Der), _) => OutputFormat::Der,
        (None, Target::Stdout) => OutputFormat::Pem,
        (None, Target::File(path)) if args.all => {
            OutputFormat::from_extension(path).unwrap_or(OutputFormat::Der)
        }
        (None, Target::File(path)) => OutputFormat::from_extension(path).ok_or_else(|| {
            usage(&format!(
                "cannot tell the output format from {}: name it .pfx/.p12, .pem/.crt or .der/.cer, or give --to pfx|pem|der",
                path.display()
            ))
        })?,
    };
    if target == Target::Stdout {
        if out.json {
            return Err(usage(
                "--json prints the report on stdout: write the output to a file, not -",
            )
            .into());
        }
        if format != OutputFormat::Pem && std::io::stdout().is_terminal() {
            return Err(usage(
                "refusing to write binary output to a terminal: redirect stdout or give -o FILE",
            )
            .into());
        }
    }
    if args.all && format != OutputFormat::Der {
        return Err(
            usage("--all writes one DER file per certificate: use it with --to der").into(),
        );
    }
    if args.no_encrypt && format == OutputFormat::Pkcs12 {
        return Err(usage(
            "a PKCS#12 file is always encrypted: drop --no-encrypt, or convert to PEM",
        )
        .into());
    }
    if args.key_out.is_some() && format != OutputFormat::Pem {
        return Err(
            usage("--key-out is for PEM output: a PKCS#12 file holds the key itself").into(),
        );
    }
    if args.key_out.is_some() && args.no_key {
        return Err(usage("--key-out and --no-key contradict each other").into());
    }
    if args
        .key_out
        .as_deref()
        .is_some_and(|k| Target::File(k.to_path_buf()) == target)
    {
        return Err(usage("--key-out must name another file than -o").into());
    }
    let profile = match args.profile {
        ProfileArg::Modern => Profile::Modern,
        ProfileArg::Legacy => Profile::Legacy,
    };
    let mac = match (args.mac, profile) {
        (MacArg::Classic, _) => MacKind::Classic,
        (MacArg::Pbmac1, Profile::Modern) => MacKind::Pbmac1,
        (MacArg::Pbmac1, Profile::Legacy) => {
            return Err(usage(
                "--mac pbmac1 goes with --profile modern: the readers the legacy profile is for cannot verify a PBMAC1 MAC",
            )
            .into())
        }
    };
    let settings = Settings {
        format,
        mac,
        chain: !args.no_chain,
        key: !args.no_key,
        friendly_name: args.friendly_name.clone(),
        profile,
        encrypt_key: !args.no_encrypt,
        all: args.all,
    };
    if args.friendly_name.is_some() && format != OutputFormat::Pkcs12 {
        out.warn("--friendly-name is only written into PKCS#12 files: ignored");
    }
    let new_spec = new_password_spec(&args.new_password);
    let passwords = ctx.passwords(inputs.contains(&Input::Stdin))?;

    // Load and merge.
    let mut merged: Option<Bundle> = None;
    for input in &inputs {
        let bytes = input.read()?;
        let bundle = decode::load(&bytes, input.path(), passwords)?;
        match &mut merged {
            None => merged = Some(bundle),
            Some(all) => all.merge(bundle),
        }
    }
    let bundle = merged.expect("clap requires at least one input");

    let now = ctx.now(None)?;
    let selection = convert::select(&bundle, &settings, now)?;
    let new_password = if convert::needs_password(&selection, &settings) {
        let why = match format {
            OutputFormat::Pkcs12 => "a PKCS#12 file",
            _ => "an encrypted PEM private key (or --no-encrypt)",
        };
        Some(password::new_password(&new_spec, &target.display(), why)?)
    } else {
        if new_spec != PasswordSpec::None {
            out.warn("the new password is not used: the output holds no encrypted private key");
        }
        None
    };
    let pass = new_password.as_ref().map(|p| p.as_str());
    let planned = convert::encode(
        &selection,
        &settings,
        &target,
        args.key_out.as_deref(),
        pass,
    )?;
    convert::verify(&planned, selection.key, pass)?;
    convert::write(&planned, args.force)?;
    if let Some(stdout) = planned.iter().find(|p| p.target == Target::Stdout) {
        out.print_bytes(&stdout.bytes)?;
    }

    let report = convert::report(
        inputs.iter().map(Input::display_name).collect(),
        &bundle,
        &selection,
        &settings,
        &planned,
        now,
    );
    for warning in &report.warnings {
        out.warn(warning);
    }
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        let text = render::convert::human(&report);
        if target == Target::Stdout {
            // stdout carries the converted file: the summary goes to stderr.
            eprint!("{text}");
        } else {
            out.print(&text)?;
        }
    }
    Ok(ExitCode::Success)
}

pub(super) fn new_password_spec(args: &NewPasswordArgs) -> PasswordSpec {
    if let Some(f) = &args.new_password_file {
        PasswordSpec::File(f.clone())
    } else if let Some(v) = &args.new_password_env {
        PasswordSpec::Env(v.clone())
    } else if let Some(p) = &args.new_password {
        PasswordSpec::Value(p.clone())
    } else {
        PasswordSpec::None
    }
}

fn usage(message: &str) -> Error {
    Error::new(ErrorKind::Usage, message)
}
