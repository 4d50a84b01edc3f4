//! `certkit config`: check the arguments, load the certificates (files and store entries),
//! check each one, plan the target's configuration, write it, report.

use anyhow::{Context, Result};

use crate::cli::config::{ConfigArgs, TargetArg};
use crate::cli::convert::ProfileArg;
use crate::decode;
use crate::encode::pkcs12::Profile;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::model::{naming, Bundle, Certificate};
use crate::ops::config::{self, NewPassword, Request, Target};
use crate::password::{self, PasswordSpec};
use crate::render;
use crate::store::LogicalStore;
use crate::verify::{Options, Origin, OriginKind, Purpose, Sources, DEFAULT_MAX_DEPTH};

use super::context::Context as RunContext;

pub fn run(args: &ConfigArgs, ctx: &RunContext) -> Result<ExitCode> {
    let out = &ctx.out;
    // Check what was typed before any work starts.
    let target = target(args.target);
    let named: Vec<(Option<String>, Input)> = args.certs.iter().map(|c| split_cert(c)).collect();
    if named.iter().filter(|(_, i)| *i == Input::Stdin).count() > 1 {
        return Err(usage("standard input (-) can be named only once").into());
    }
    if args.certs.is_empty() && args.entries.is_empty() {
        return Err(usage(
            "no certificate given: name one with --cert [NAME=]FILE or --entry NAME",
        )
        .into());
    }
    let mut maps = Vec::new();
    for m in &args.maps {
        let (key, name) = m.split_once('=').ok_or_else(|| {
            usage(&format!(
                "--map {m}: write KEY=NAME (a host or service, then a certificate name)"
            ))
        })?;
        maps.push((key.trim().to_string(), name.trim().to_string()));
    }
    let out_dir =
        std::path::absolute(&args.out_dir).map_err(|e| Error::io("resolve", &args.out_dir, &e))?;
    let install_dir = args
        .install_dir
        .clone()
        .unwrap_or_else(|| out_dir.display().to_string());
    let profile = args.profile.map(|p| match p {
        ProfileArg::Modern => Profile::Modern,
        ProfileArg::Legacy => Profile::Legacy,
    });
    let at = ctx.now(args.now.as_deref())?;
    let options = Options {
        at,
        purpose: Purpose::Client,
        max_depth: DEFAULT_MAX_DEPTH,
        strict: false,
    };
    let passwords = ctx.passwords(named.iter().any(|(_, i)| *i == Input::Stdin))?;

    // What the consumer trusts: the --ca files.
    let mut trust: Vec<Certificate> = Vec::new();
    for file in &args.cas {
        let input = Input::Path(file.clone());
        let loaded = decode::load(&input.read()?, Some(file), &passwords.for_worker())
            .with_context(|| format!("reading {}", file.display()))?;
        if loaded.certificates.is_empty() {
            return Err(Error::new(
                ErrorKind::NotCertificateMaterial,
                format!(
                    "{}: holds no certificate (--ca takes CA certificates)",
                    file.display()
                ),
            )
            .into());
        }
        for cert in loaded.certificates {
            if !trust.iter().any(|t| t.der() == cert.der()) {
                trust.push(cert);
            }
        }
    }
    let sources = || -> Result<Sources> {
        let mut sources = Sources::new();
        for cert in &trust {
            sources.add_anchor(cert.clone(), Origin::new(OriginKind::File, "--ca"));
        }
        if !args.no_store {
            ctx.add_store_sources(&mut sources)?;
        }
        if args.system && sources.add_system().is_none() {
            out.warn("--system: no operating system trust store was found");
        }
        Ok(sources)
    };

    // Load and check every certificate.
    let mut checked = Vec::new();
    for (name, input) in &named {
        let bundle = decode::load(&input.read()?, input.path(), passwords)?;
        let name = name.clone().unwrap_or_else(|| default_name(&bundle));
        checked.push(config::check(
            &name,
            &input.display_name(),
            &bundle,
            sources()?,
            &options,
        )?);
    }
    if !args.entries.is_empty() {
        let store = ctx.store()?;
        for selector in &args.entries {
            let found = store.find(selector, Some(LogicalStore::Personal))?;
            let entry = found.first().ok_or_else(|| {
                usage(&format!(
                    "--entry {selector}: the store {} has no personal certificate by that name or thumbprint (see `certkit store list`)",
                    store.location()
                ))
            })?;
            let bundle = store.open(entry)?;
            let input = format!("store entry {}", entry.name);
            checked.push(config::check(
                &entry.name,
                &input,
                &bundle,
                sources()?,
                &options,
            )?);
        }
    }

    let writes_pkcs12 = matches!(
        target,
        Target::Mendix
            | Target::MendixM2ee
            | Target::MendixCloudFoundry
            | Target::Outsystems
            | Target::Java
            | Target::Spring
    );
    let new_spec = super::convert::new_password_spec(&args.new_password);
    let new_password = if !writes_pkcs12 {
        if new_spec != PasswordSpec::None {
            out.warn("the new password is not used: this target takes PEM files");
        }
        NewPassword::Generate
    } else {
        match &new_spec {
            PasswordSpec::None => NewPassword::Generate,
            spec => {
                let password =
                    password::new_password(spec, "the PKCS#12 files", "the PKCS#12 files")?;
                let (source, file) = match spec {
                    PasswordSpec::File(f) => (format!("the file {}", f.display()), Some(f.clone())),
                    PasswordSpec::Env(v) => (format!("${v}"), None),
                    _ => ("the --new-password value".to_string(), None),
                };
                NewPassword::Given {
                    password,
                    source,
                    file,
                }
            }
        }
    };

    let request = Request {
        target,
        certificates: checked,
        maps,
        trust,
        out_dir,
        install_dir,
        url: args.url.clone(),
        app: args.app.clone(),
        profile,
        include_secrets: args.include_secrets,
        new_password,
        now: at,
    };
    let report = config::prepare(&request)?.write(args.force)?;
    // After the write, so that a refusal stays the one line on stderr.
    for warning in request
        .certificates
        .iter()
        .filter_map(|c| c.unknown_root_warning())
    {
        out.warn(&warning);
    }
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::config::human(&report))?;
    }
    Ok(ExitCode::Success)
}

fn target(arg: TargetArg) -> Target {
    match arg {
        TargetArg::Mendix => Target::Mendix,
        TargetArg::MendixM2ee => Target::MendixM2ee,
        TargetArg::MendixCloudFoundry => Target::MendixCloudFoundry,
        TargetArg::Outsystems => Target::Outsystems,
        TargetArg::Nginx => Target::Nginx,
        TargetArg::Curl => Target::Curl,
        TargetArg::Java => Target::Java,
        TargetArg::Spring => Target::Spring,
        TargetArg::Kubernetes => Target::Kubernetes,
    }
}

/// `NAME=IN` or `IN`: a name is what precedes the first `=` when it holds no path separator
/// (so `./a=b.pfx` stays a path).
fn split_cert(arg: &str) -> (Option<String>, Input) {
    match arg.split_once('=') {
        Some((name, input))
            if !name.is_empty() && !name.contains(['/', '\\']) && !input.is_empty() =>
        {
            (Some(name.to_string()), Input::parse(input))
        }
        _ => (None, Input::parse(arg)),
    }
}

/// The leaf's name by the rule the store and export use.
fn default_name(bundle: &Bundle) -> String {
    bundle
        .leaf_index()
        .map(|i| naming::certificate_name(&bundle.certificates[i], None))
        .unwrap_or_else(|| "client".to_string())
}

fn usage(message: &str) -> Error {
    Error::new(ErrorKind::Usage, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cert_arguments_split_names_from_paths() {
        assert_eq!(
            split_cert("billing=client.pfx"),
            (Some("billing".into()), Input::parse("client.pfx"))
        );
        assert_eq!(split_cert("./a=b.pfx"), (None, Input::parse("./a=b.pfx")));
        assert_eq!(split_cert("client.pfx"), (None, Input::parse("client.pfx")));
        assert_eq!(split_cert("x=-"), (Some("x".into()), Input::Stdin));
    }
}
