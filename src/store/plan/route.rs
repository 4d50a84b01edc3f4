//! Routing: which logical store each certificate of the inputs goes to, the chain a personal
//! entry keeps, and the warnings about the classic client-certificate mistakes.
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
//! constraints, is self-signed and is on the path of another certificate of the inputs (old
//! v1 roots). Keys and certificates may come from different inputs (`import cert.pem key.pem`).
//!
//! Issuers are found by the one path engine ([`crate::verify::build`]), over the inputs, the
//! store's intermediates and its roots (the anchors): the same search `verify-chain` runs.

use std::collections::HashSet;

use super::{LoadedInput, Request, Snapshot, Target};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Certificate, Format, PrivateKey};
use crate::store::LogicalStore;
use crate::verify::{self, Origin, OriginKind, Outcome, PathEnd, Purpose, Sources};

/// A certificate routed to one logical store.
#[derive(Debug, Clone)]
pub struct Placement {
    pub store: LogicalStore,
    pub certificate: Certificate,
    /// The private key (personal only).
    pub key: Option<PrivateKey>,
    /// Issuers above the certificate, leaf side first, without the root (personal only).
    pub chain: Vec<Certificate>,
    /// The name asked for with `--name`.
    pub name: Option<String>,
    pub friendly_name: Option<String>,
    /// The input as named on the command line.
    pub input: String,
    /// The input's absolute path (or `<stdin>`), for the metadata.
    pub source: String,
    pub source_format: Option<Format>,
}

/// The placements in input order, and the warnings.
pub struct Routed {
    pub placements: Vec<Placement>,
    pub warnings: Vec<String>,
}

/// A certificate of the inputs, with where it came from and the key found for it.
struct Candidate {
    input: usize,
    certificate: Certificate,
    key: Option<PrivateKey>,
}

/// Routes every certificate of the inputs.
pub fn route(request: &Request, snapshot: &Snapshot) -> Result<Routed> {
    let inputs = request.inputs;
    let mut warnings = Vec::new();
    let candidates = pair_keys(inputs, &mut warnings);
    let paths = paths(request, &candidates, snapshot);

    let mut placements = Vec::with_capacity(candidates.len());
    for (i, c) in candidates.iter().enumerate() {
        let input = &inputs[c.input];
        let store = match request.target {
            Target::Only(s) => s,
            Target::Auto => auto_store(c, i, &paths),
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
            chain_above(&paths[i])
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
            input: input.name.clone(),
            source: input.source.clone(),
            source_format: Some(input.bundle.source.format),
        });
    }
    apply_name(&mut placements, request.name)?;

    // One warning per missing CA or untrusted root, about the first certificate below it
    // (personal entries first: they are what the user came for). A root this import puts
    // into the root store counts as trusted.
    let new_roots: HashSet<&[u8]> = placements
        .iter()
        .filter(|p| p.store == LogicalStore::Root)
        .map(|p| p.certificate.der())
        .collect();
    let mut checked: Vec<usize> = (0..placements.len())
        .filter(|&i| placements[i].store != LogicalStore::Root)
        .collect();
    checked.sort_by_key(|&i| placements[i].store != LogicalStore::Personal);
    let mut reported = HashSet::new();
    for i in checked {
        if let Some((top, warning)) = trust_warning(&placements[i].certificate, &paths[i]) {
            if !new_roots.contains(top.as_slice()) && reported.insert(top) {
                warnings.push(warning);
            }
        }
    }
    dedup(&mut warnings);
    Ok(Routed {
        placements,
        warnings,
    })
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

/// The path of every candidate, from the path engine: the inputs and the store's
/// intermediates as untrusted issuers, the store's roots as anchors.
fn paths(request: &Request, candidates: &[Candidate], snapshot: &Snapshot) -> Vec<Outcome> {
    let input_origin =
        |c: &Candidate| Origin::new(OriginKind::Input, &request.inputs[c.input].name);
    let mut sources = Sources::new();
    for c in candidates {
        sources.add_untrusted(c.certificate.clone(), input_origin(c));
    }
    for cert in snapshot.certificates(LogicalStore::Intermediate) {
        sources.add_untrusted(cert, Origin::new(OriginKind::Store, "intermediate"));
    }
    for cert in snapshot.certificates(LogicalStore::Root) {
        sources.add_anchor(cert, Origin::new(OriginKind::Store, "root"));
    }
    let options = verify::Options {
        at: request.now,
        purpose: Purpose::Any,
        max_depth: verify::DEFAULT_MAX_DEPTH,
        strict: false,
    };
    candidates
        .iter()
        .map(|c| {
            let leaf = verify::Entry {
                cert: c.certificate.clone(),
                origin: input_origin(c),
                trusted: false,
            };
            verify::build(leaf, &sources, &options)
        })
        .collect()
}

/// The automatic rules (see the module documentation). `paths[i]` is the candidate's own.
fn auto_store(c: &Candidate, i: usize, paths: &[Outcome]) -> LogicalStore {
    let cert = &c.certificate;
    if c.key.is_some() {
        return LogicalStore::Personal;
    }
    let self_signed = is_self_signed(cert);
    let issues_another = || {
        paths.iter().enumerate().any(|(j, outcome)| {
            j != i
                && outcome
                    .path
                    .iter()
                    .skip(1)
                    .any(|e| e.cert.der() == cert.der())
        })
    };
    let old_root =
        self_signed && !cert.is_end_entity_explicitly() && !cert.is_ca() && issues_another();
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
fn is_self_signed(cert: &Certificate) -> bool {
    if !cert.is_self_issued() {
        return false;
    }
    let Ok(x) = cert.to_openssl() else {
        return false;
    };
    x.public_key().and_then(|k| x.verify(&k)).unwrap_or(false)
}

/// The CAs above the certificate up to (not including) a self-issued root: chain.pem of a
/// personal entry.
fn chain_above(outcome: &Outcome) -> Vec<Certificate> {
    outcome
        .path
        .iter()
        .skip(1)
        .take_while(|e| !e.cert.is_self_issued())
        .map(|e| e.cert.clone())
        .collect()
}

/// "the chain has a missing CA" or "the root is not trusted yet", if either applies, with the
/// DER of the certificate at the top of the path (to report each problem once).
fn trust_warning(cert: &Certificate, outcome: &Outcome) -> Option<(Vec<u8>, String)> {
    let subject = |c: &Certificate| crate::model::name_text::name_text(c.parsed().subject());
    let top = &outcome.path.last()?.cert;
    match outcome.end {
        PathEnd::Trusted | PathEnd::DepthExceeded => None,
        PathEnd::UntrustedRoot => Some((top.der().to_vec(), format!(
            "the root \"{}\" (above \"{}\") is not trusted yet: it is not in the store's root folder; import it with `certkit import ROOT --to root` once you have checked it",
            subject(top),
            subject(cert)
        ))),
        PathEnd::MissingIssuer => {
            let issuer = crate::model::name_text::name_text(top.parsed().issuer());
            let key_id = top
                .authority_key_id()
                .map(|k| format!(" (key id {})", hex::encode_upper(k)))
                .unwrap_or_default();
            Some((top.der().to_vec(), format!(
                "the chain of \"{}\" is incomplete: the CA \"{issuer}\"{key_id} that issued \"{}\" is neither in the input nor in the store; get it from the issuer and import it",
                subject(cert),
                subject(top)
            )))
        }
    }
}

fn no_key_warning(input: &LoadedInput, cert: &Certificate) -> String {
    let subject = crate::model::name_text::name_text(cert.parsed().subject());
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

fn dedup(items: &mut Vec<String>) {
    let mut seen = HashSet::new();
    items.retain(|w| seen.insert(w.clone()));
}
