//! `certkit verify-chain`: check the arguments, load the input and the given files, set up
//! the sources, run the path search, render, and pick the exit code.

use anyhow::{Context, Result};

use crate::cli::verify_chain::{PurposeArg, RevocationArg, VerifyChainArgs};
use crate::decode;
use crate::error::{Error, ErrorKind};
use crate::exit::ExitCode;
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::input::Input;
use crate::ops::verify_chain::{verify_chain, Verdict};
use crate::render;
use crate::revocation::status::{Mode, Source, SourceKind};
use crate::revocation::{crl, Checker, Local};
use crate::verify::{Options, Origin, OriginKind, Purpose, Sources};

use super::context::Context as RunContext;

pub fn run(args: &VerifyChainArgs, ctx: &RunContext) -> Result<ExitCode> {
    let out = &ctx.out;
    let input = Input::parse(&args.input);
    let passwords = ctx.passwords(input == Input::Stdin)?;
    let at = ctx
        .now(args.at.as_deref().or(args.now.as_deref()))?
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    for dir in args.capath.iter().chain(&args.untrusted_capath) {
        if !dir.is_dir() {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{} is not a directory: --capath and --untrusted-capath take an OpenSSL-style hashed directory", dir.display()),
            )
            .into());
        }
    }
    let options = Options {
        at,
        purpose: match args.purpose {
            PurposeArg::Client => Purpose::Client,
            PurposeArg::Server => Purpose::Server,
            PurposeArg::Any => Purpose::Any,
        },
        max_depth: args.max_depth,
        strict: args.strict,
    };

    let name = input.display_name();
    let bytes = input.read()?;
    let bundle = decode::load(&bytes, input.path(), passwords)?;
    if bundle.certificates.is_empty() {
        return Err(Error::new(
            ErrorKind::NotCertificateMaterial,
            format!("{name}: holds no certificate to verify"),
        )
        .into());
    }

    let mut sources = Sources::new();
    let others = passwords.for_worker();
    for (files, trusted) in [(&args.ca, true), (&args.untrusted, false)] {
        for file in files {
            let input = Input::Path(file.clone());
            let bytes = input.read()?;
            let loaded = decode::load(&bytes, Some(file), &others)
                .with_context(|| format!("reading {}", file.display()))?;
            if loaded.certificates.is_empty() {
                return Err(Error::new(
                    ErrorKind::NotCertificateMaterial,
                    format!("{}: holds no certificate", file.display()),
                )
                .into());
            }
            let origin = Origin::new(OriginKind::File, file.display().to_string());
            for cert in loaded.certificates {
                if trusted {
                    sources.add_anchor(cert, origin.clone());
                } else {
                    sources.add_untrusted(cert, origin.clone());
                }
            }
        }
    }
    for dir in &args.capath {
        sources.add_hashed_dir(dir.clone(), true, OriginKind::Directory);
    }
    for dir in &args.untrusted_capath {
        sources.add_hashed_dir(dir.clone(), false, OriginKind::Directory);
    }
    if !args.no_store {
        ctx.add_store_sources(&mut sources)?;
    }
    if args.system && sources.add_system().is_none() {
        out.warn("--system: no operating system trust store was found (looked at SSL_CERT_FILE, SSL_CERT_DIR, the usual hashed directories such as /etc/ssl/certs and the usual bundle files)");
    }

    let mode = match args.revocation {
        RevocationArg::Off => Mode::Off,
        RevocationArg::Soft => Mode::Soft,
        RevocationArg::Hard => Mode::Hard,
    };
    let mut checker = if mode == Mode::Off {
        None
    } else {
        let mut local = read_revocation_files(args)?;
        if !args.no_store {
            local.crl_dir = ctx.store_crl_dir()?;
        }
        Some(Checker::new(mode, at, local))
    };

    let (mut report, chain) = verify_chain(
        &name,
        &bundle,
        sources,
        &options,
        args.fetch_aia,
        checker.as_mut(),
    );
    if !args.fetch_aia {
        crate::ops::verify_chain::advise_fetch_aia(&mut report);
    }

    if let Some(path) = &args.write_chain {
        let mut pem = String::new();
        for cert in &chain {
            pem.push_str(&crate::encode::pem::certificate(cert));
        }
        write_atomic(path, pem.as_bytes(), Privacy::Public, Overwrite::Refuse)?;
        if !out.quiet && !out.json {
            eprintln!(
                "certkit: wrote the path ({} certificates, leaf first) to {}",
                chain.len(),
                path.display()
            );
        }
    }

    if out.json {
        out.print_json(&report)?;
    } else if !out.quiet {
        out.print(&render::verify_chain::tree(&report, out))?;
    }
    Ok(match report.verdict {
        Verdict::Valid => ExitCode::Success,
        Verdict::Invalid => ExitCode::CheckFailed,
    })
}

/// The CRLs of `--crl` and the OCSP responses of `--ocsp-response`, each checked to be what
/// it claims before any work starts.
fn read_revocation_files(args: &VerifyChainArgs) -> Result<Local> {
    let mut local = Local::default();
    for file in &args.crl {
        let bytes = Input::Path(file.clone()).read()?;
        let crls = crl::crls_in(&bytes);
        if crls.is_empty() {
            return Err(Error::new(
                ErrorKind::NotCertificateMaterial,
                format!(
                    "{}: holds no CRL; --crl takes a CRL file (PEM \"X509 CRL\" or DER)",
                    file.display()
                ),
            )
            .into());
        }
        let source = Source {
            kind: SourceKind::CrlFile,
            location: file.display().to_string(),
        };
        local
            .crls
            .extend(crls.into_iter().map(|der| (der, source.clone())));
    }
    for file in &args.ocsp_response {
        let bytes = Input::Path(file.clone()).read()?;
        if openssl::ocsp::OcspResponse::from_der(&bytes).is_err() {
            return Err(Error::new(
                ErrorKind::NotCertificateMaterial,
                format!(
                    "{}: is not an OCSP response; --ocsp-response takes a DER response (openssl ocsp -respout)",
                    file.display()
                ),
            )
            .into());
        }
        local.ocsp_responses.push((
            bytes,
            Source {
                kind: SourceKind::OcspFile,
                location: file.display().to_string(),
            },
        ));
    }
    Ok(local)
}
