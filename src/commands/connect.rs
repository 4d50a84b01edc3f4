//! `certkit connect`: check the arguments, load the client certificate and the anchors, run
//! the connection, render the report, and pick the exit code.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::connect::ConnectArgs;
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::input::Input;
use crate::model::Bundle;
use crate::ops::connect::{
    connect, ClientIdentity, ConnectOptions, ConnectReport, Target, TlsVersion, TrustSources,
    Verdict,
};
use crate::password::Passwords;
use crate::render;
use crate::store::LogicalStore;
use crate::verify::{Origin, OriginKind};

use super::context::Context as RunContext;

pub fn run(args: &ConnectArgs, ctx: &RunContext) -> Result<ExitCode> {
    let out = &ctx.out;
    // Check everything the user typed before any work starts.
    let target = Target::parse(&args.target)?;
    if let Some(name) = &args.servername {
        if name.is_empty() || name.contains(['/', ' ']) {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("--servername {name:?} is not a host name"),
            )
            .into());
        }
    }
    if args.timeout.is_zero() {
        return Err(Error::new(ErrorKind::Usage, "--timeout must be more than 0").into());
    }
    let named = Input::parse_all(args.cert.as_deref().into_iter().chain(args.key.as_deref()))?;
    let cert_input = args.cert.as_deref().map(Input::parse);
    let key_input = args.key.as_deref().map(Input::parse);
    let passwords = ctx.passwords(named.contains(&Input::Stdin))?;
    let now = ctx.now(args.now.as_deref())?;

    let client = match &cert_input {
        None => None,
        Some(input) => {
            let mut bundle = load(input, passwords)?;
            if let Some(key) = &key_input {
                let key_bundle = load(key, passwords)?;
                if key_bundle.private_key.is_none() {
                    return Err(Error::new(
                        ErrorKind::Usage,
                        format!("{}: no private key in this file", key.display_name()),
                    )
                    .into());
                }
                // The --key file wins over a key inside the certificate file.
                bundle.private_key = None;
                bundle.merge(key_bundle);
            }
            Some(ClientIdentity::from_bundle(
                bundle,
                &input.display_name(),
                now,
            )?)
        }
    };
    // The server's chain is checked by the same engine and with the same sources as
    // `verify-chain --purpose server`: the --ca files as anchors, the store's roots (anchors)
    // and intermediates, and the system bundle without --ca or with --system.
    let mut trust = TrustSources::default();
    add_ca_files(&mut trust, &args.ca, passwords)?;
    if !args.no_store {
        // Like Windows with its Trusted Root store, the store's roots always count.
        let store = ctx.store()?;
        if !store.certificates(LogicalStore::Root)?.is_empty() {
            trust.labels.push(format!("{}/root", store.location()));
        }
        ctx.add_store_sources(&mut trust.sources)?;
    }
    if args.system || args.ca.is_empty() {
        if trust.sources.add_system().is_none() {
            out.warn("no operating system trust store was found (looked for /etc/ssl/certs and the usual bundle files): give the server's root CA with --ca");
        }
        trust.labels.push("system".to_string());
    }

    let options = ConnectOptions {
        target,
        servername: args.servername.clone(),
        client,
        trust,
        timeout: args.timeout,
        version: if args.tls1_2 {
            Some(TlsVersion::Tls12)
        } else if args.tls1_3 {
            Some(TlsVersion::Tls13)
        } else {
            None
        },
        now,
        revocation: match args.revocation {
            crate::cli::verify_chain::RevocationArg::Off => crate::revocation::status::Mode::Off,
            crate::cli::verify_chain::RevocationArg::Soft => crate::revocation::status::Mode::Soft,
            crate::cli::verify_chain::RevocationArg::Hard => crate::revocation::status::Mode::Hard,
        },
        revocation_crl_dir: if args.no_store {
            None
        } else {
            ctx.store_crl_dir()?
        },
        strict: args.strict,
    };
    let report = connect(&options).with_context(|| format!("connecting to {}", args.target))?;

    if report.client_certificate.source.is_some() && !report.client_certificate.requested {
        out.warn("the server did not ask for a client certificate, so it was not sent");
    }
    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::connect::detailed(&report, out, args.insecure))?;
    }
    Ok(exit_code(&report, args.insecure))
}

/// Adds the certificates of each `--ca` file as anchors for the server's chain (also used by
/// `doctor --host --ca`); a file without certificates is a usage error naming it.
pub fn add_ca_files(
    trust: &mut TrustSources,
    files: &[PathBuf],
    passwords: &Passwords,
) -> Result<()> {
    for path in files {
        let input = Input::Path(path.clone());
        let bundle = load(&input, passwords)?;
        if bundle.certificates.is_empty() {
            return Err(Error::new(
                ErrorKind::NotCertificateMaterial,
                format!(
                    "{}: --ca needs certificates, this file has none",
                    path.display()
                ),
            )
            .into());
        }
        let origin = Origin::new(OriginKind::File, path.display().to_string());
        for cert in bundle.certificates {
            trust.sources.add_anchor(cert, origin.clone());
        }
        trust.labels.push(path.display().to_string());
    }
    Ok(())
}

fn load(input: &Input, passwords: &Passwords) -> Result<Bundle, Error> {
    let bytes = input.read()?;
    decode::load(&bytes, input.path(), passwords)
}

/// 1 for a rejection, or an accepted connection with an untrusted server (unless `insecure`),
/// an HTTP error or no HTTP answer ([`ConnectReport::accepted_but`], which the outcome line
/// prints too); else 0. Exit 2 is left to errors, which print the error document.
pub fn exit_code(report: &ConnectReport, insecure: bool) -> ExitCode {
    if report.outcome.result == Verdict::Rejected {
        return ExitCode::CheckFailed;
    }
    if !report.accepted_but(insecure).is_empty() {
        return ExitCode::CheckFailed;
    }
    ExitCode::Success
}
