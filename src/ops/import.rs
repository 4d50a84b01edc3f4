//! `import`: decide which logical store each certificate goes to, install them, and warn about
//! the classic client-certificate mistakes.
//!
//! The automatic rules are those of the Windows Import Wizard's "Automatically select the
//! certificate store":
//!
//! 1. a certificate whose private key is among the inputs → `personal` (with the key);
//! 2. a self-signed CA → `root`;
//! 3. any other CA → `intermediate`;
//! 4. an end-entity certificate without its key → `personal`, with a warning that client
//!    authentication needs the key.
//!
//! A certificate is a CA when its basic constraints say so, or when it has no basic
//! constraints, is self-signed and issued another certificate of the inputs (old v1 roots).
//! Keys and certificates may come from different inputs (`import cert.pem key.pem`).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, Format, PrivateKey};
use crate::store::{Action, ApplyOptions, CertificateStore, LogicalStore, Placement};

/// Where `--to` sends certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// By the rules above.
    Auto,
    /// Every certificate of the inputs into this store.
    Only(LogicalStore),
}

/// One loaded input.
#[derive(Debug)]
pub struct LoadedInput {
    /// The input as named on the command line (`-` shows as `<stdin>`).
    pub name: String,
    pub bundle: Bundle,
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub target: Target,
    /// `--name`: the name of the personal entry (or of the only certificate).
    pub name: Option<String>,
    pub grant_read: Option<String>,
    pub dry_run: bool,
    /// The import time recorded in the store.
    pub now: time::OffsetDateTime,
}

/// The whole `import` run; the JSON form is a contract ([`ImportReport::VERSION`]).
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    /// The store folder (or other location).
    pub store: String,
    pub dry_run: bool,
    pub certificates: Vec<ImportedCertificate>,
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// The current version of the `import` document.
    pub const VERSION: u32 = 2;
}

/// What happened to one certificate.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedCertificate {
    pub input: String,
    pub store: LogicalStore,
    pub name: String,
    #[serde(flatten)]
    pub certificate: crate::ops::summary::CertificateSummary,
    pub action: Action,
    /// Whether the entry has a private key (one stored by an earlier import counts).
    pub has_key: bool,
}

/// A certificate of the inputs, with where it came from and the key found for it.
struct Candidate {
    input: usize,
    certificate: Certificate,
    key: Option<PrivateKey>,
}

/// Plans and applies the import; with `dry_run` nothing changes.
pub fn import(
    store: &dyn CertificateStore,
    inputs: &[LoadedInput],
    options: &ImportOptions,
) -> Result<ImportReport> {
    let store_roots = store.certificates(LogicalStore::Root)?;
    let store_intermediates = store.certificates(LogicalStore::Intermediate)?;
    let (placements, inputs_of, mut warnings) =
        plan(inputs, options, &store_roots, &store_intermediates)?;
    let applied = store.apply(
        &placements,
        &ApplyOptions {
            dry_run: options.dry_run,
            grant_read: options.grant_read.clone(),
            now: options.now,
        },
    )?;
    let certificates = placements
        .iter()
        .zip(applied)
        .zip(inputs_of)
        .map(|((p, a), input)| ImportedCertificate {
            input,
            store: p.store,
            name: a.name,
            certificate: crate::ops::summary::CertificateSummary::new(&p.certificate, options.now),
            action: a.action,
            has_key: a.has_key,
        })
        .collect();
    dedup(&mut warnings);
    Ok(ImportReport {
        version: ImportReport::VERSION,
        store: store.location(),
        dry_run: options.dry_run,
        certificates,
        warnings,
    })
}

/// Routes every certificate of the inputs: the placements, the input each came from, and the
/// warnings. `store_roots`/`store_intermediates` complete chains and decide "not trusted yet".
pub fn plan(
    inputs: &[LoadedInput],
    options: &ImportOptions,
    store_roots: &[Certificate],
    store_intermediates: &[Certificate],
) -> Result<(Vec<Placement>, Vec<String>, Vec<String>)> {
    let mut warnings = Vec::new();
    let candidates = pair_keys(inputs, &mut warnings);
    let pool: Vec<&Certificate> = candidates.iter().map(|c| &c.certificate).collect();

    let mut placements = Vec::new();
    let mut inputs_of = Vec::new();
    for c in &candidates {
        let input = &inputs[c.input];
        let store = match options.target {
            Target::Only(s) => s,
            Target::Auto => auto_store(c, &pool),
        };
        let key = if store == LogicalStore::Personal {
            c.key.clone()
        } else {
            if c.key.is_some() {
                warnings.push(format!(
                    "{}: the private key is not stored: the {store} store holds certificates only (use --to personal or --to auto)",
                    input.name
                ));
            }
            None
        };
        if store == LogicalStore::Personal && key.is_none() && !c.certificate.is_ca() {
            warnings.push(no_key_warning(input, &c.certificate));
        }
        let chain = if store == LogicalStore::Personal {
            chain_above(&c.certificate, &pool, store_intermediates, store_roots)
        } else {
            Vec::new()
        };
        placements.push(Placement {
            store,
            certificate: c.certificate.clone(),
            friendly_name: c
                .certificate
                .friendly_name
                .clone()
                .or_else(|| c.key.as_ref().and_then(|k| k.friendly_name.clone())),
            key,
            chain,
            name: None,
            source: source_of(input),
            source_format: Some(input.bundle.source.format),
        });
        inputs_of.push(input.name.clone());
    }
    apply_name(&mut placements, options.name.as_deref())?;

    // Trust checks, with what the store will hold after this import.
    let trusted: Vec<&Certificate> = store_roots
        .iter()
        .chain(
            placements
                .iter()
                .filter(|p| p.store == LogicalStore::Root)
                .map(|p| &p.certificate),
        )
        .collect();
    // One warning per missing CA or untrusted root, about the first certificate below it
    // (personal entries first: they are what the user came for).
    let mut reported = HashSet::new();
    let mut checked: Vec<&Placement> = placements
        .iter()
        .filter(|p| p.store != LogicalStore::Root)
        .collect();
    checked.sort_by_key(|p| p.store != LogicalStore::Personal);
    for p in checked {
        if let Some((top, warning)) = trust_warning(
            &p.certificate,
            &pool,
            store_intermediates,
            store_roots,
            &trusted,
        ) {
            if reported.insert(top) {
                warnings.push(warning);
            }
        }
    }
    Ok((placements, inputs_of, warnings))
}

/// Every distinct certificate of the inputs (first occurrence wins) with its private key,
/// looked for first in its own input, then in the others.
fn pair_keys(inputs: &[LoadedInput], warnings: &mut Vec<String>) -> Vec<Candidate> {
    let mut seen = HashSet::new();
    let mut candidates = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        for cert in &input.bundle.certificates {
            if seen.insert(cert.sha1_hex()) {
                candidates.push(Candidate {
                    input: i,
                    certificate: cert.clone(),
                    key: None,
                });
            }
        }
    }
    for (i, input) in inputs.iter().enumerate() {
        let Some(key) = &input.bundle.private_key else {
            continue;
        };
        let owner = candidates
            .iter()
            .position(|c| c.input == i && key.matches(&c.certificate))
            .or_else(|| candidates.iter().position(|c| key.matches(&c.certificate)));
        match owner {
            Some(o) if candidates[o].key.is_none() => candidates[o].key = Some(key.clone()),
            Some(_) => {}
            None => warnings.push(format!(
                "{}: the private key matches none of the certificates being imported, so it was not stored (is it the key of another certificate?)",
                input.name
            )),
        }
    }
    candidates
}

/// The automatic rules (see the module documentation).
fn auto_store(c: &Candidate, pool: &[&Certificate]) -> LogicalStore {
    let cert = &c.certificate;
    if c.key.is_some() {
        return LogicalStore::Personal;
    }
    let self_signed = is_self_signed(cert);
    let old_root = self_signed
        && !cert.is_end_entity_explicitly()
        && !cert.is_ca()
        && pool
            .iter()
            .any(|other| other.der != cert.der && cert.is_issuer_of(other));
    if cert.is_ca() || old_root {
        if self_signed {
            LogicalStore::Root
        } else {
            LogicalStore::Intermediate
        }
    } else {
        LogicalStore::Personal
    }
}

/// Self-issued and its signature verifies with its own key.
pub fn is_self_signed(cert: &Certificate) -> bool {
    if !cert.is_self_issued() {
        return false;
    }
    let Ok(x) = cert.to_openssl() else {
        return false;
    };
    x.public_key().and_then(|k| x.verify(&k)).unwrap_or(false)
}

/// The issuer of `cert` among the inputs, then the store's intermediates, then its roots.
fn issuer_of<'a>(
    cert: &Certificate,
    pool: &[&'a Certificate],
    intermediates: &'a [Certificate],
    roots: &'a [Certificate],
) -> Option<&'a Certificate> {
    pool.iter()
        .copied()
        .chain(intermediates.iter())
        .chain(roots.iter())
        .find(|c| c.der != cert.der && c.is_issuer_of(cert))
}

/// The CAs above `cert` up to (not including) a self-issued root: chain.pem of a personal entry.
fn chain_above(
    cert: &Certificate,
    pool: &[&Certificate],
    intermediates: &[Certificate],
    roots: &[Certificate],
) -> Vec<Certificate> {
    let mut chain: Vec<Certificate> = Vec::new();
    let mut current = cert.clone();
    while chain.len() < 16 && !current.is_self_issued() {
        let Some(issuer) = issuer_of(&current, pool, intermediates, roots) else {
            break;
        };
        if issuer.is_self_issued() || chain.iter().any(|c| c.der == issuer.der) {
            break;
        }
        chain.push(issuer.clone());
        current = issuer.clone();
    }
    chain
}

/// "the chain has a missing CA" or "the root is not trusted yet", if either applies, with the
/// DER of the certificate at the top of what was found (to report each problem once).
fn trust_warning(
    cert: &Certificate,
    pool: &[&Certificate],
    intermediates: &[Certificate],
    roots: &[Certificate],
    trusted: &[&Certificate],
) -> Option<(Vec<u8>, String)> {
    let subject = |c: &Certificate| c.parsed().subject().to_string();
    let mut current = cert.clone();
    for _ in 0..16 {
        if current.is_self_issued() {
            if trusted.iter().any(|t| t.der == current.der) {
                return None;
            }
            return Some((current.der.clone(), format!(
                "the root \"{}\" (above \"{}\") is not trusted yet: it is not in the store's root folder; import it with `certkit import ROOT --to root` once you have checked it",
                subject(&current),
                subject(cert)
            )));
        }
        match issuer_of(&current, pool, intermediates, roots) {
            Some(issuer) => current = issuer.clone(),
            None => {
                let issuer = current.parsed().issuer().to_string();
                let key_id = current
                    .authority_key_id()
                    .map(|k| format!(" (key id {})", hex::encode_upper(k)))
                    .unwrap_or_default();
                return Some((current.der.clone(), format!(
                    "the chain of \"{}\" is incomplete: the CA \"{issuer}\"{key_id} that issued \"{}\" is neither in the input nor in the store; get it from the issuer and import it",
                    subject(cert),
                    subject(&current)
                )));
            }
        }
    }
    None
}

fn no_key_warning(input: &LoadedInput, cert: &Certificate) -> String {
    let subject = cert.parsed().subject().to_string();
    if input.bundle.source.format == Format::Pkcs12 {
        format!(
            "{}: the PFX holds no private key, so \"{subject}\" went to personal without one and cannot be used for client authentication; export it again with its private key (Windows: \"Yes, export the private key\")",
            input.name
        )
    } else {
        format!(
            "\"{subject}\" went to personal without its private key: client authentication needs the key; import the key file too (`certkit import cert.pem key.pem`) or the PFX that holds both"
        )
    }
}

/// Applies `--name` to the personal entry, or to the only certificate.
fn apply_name(placements: &mut [Placement], name: Option<&str>) -> Result<()> {
    let Some(name) = name else {
        return Ok(());
    };
    let personal: Vec<usize> = (0..placements.len())
        .filter(|&i| placements[i].store == LogicalStore::Personal)
        .collect();
    let target = match (personal.len(), placements.len()) {
        (1, _) => personal[0],
        (0, 1) => 0,
        (n, total) => {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "--name names one certificate, but this import has {total} certificate(s) with {n} for personal: import them one at a time, or leave --name out"
                ),
            ))
        }
    };
    placements[target].name = Some(name.to_string());
    Ok(())
}

/// The input's absolute path for the metadata file (or `<stdin>`).
fn source_of(input: &LoadedInput) -> String {
    match &input.bundle.source.path {
        Some(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        None => input.name.clone(),
    }
}

fn dedup(items: &mut Vec<String>) {
    let mut seen = HashSet::new();
    items.retain(|w| seen.insert(w.clone()));
}
