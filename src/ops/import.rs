//! `import`: plan the installation of the inputs into the store and carry it out (or, with
//! `--dry-run`, only show it), and report each certificate with the warnings about the
//! classic client-certificate mistakes.
//!
//! The decisions (logical store, entry name, added/unchanged/replaced, key grants) are made
//! by the store planner ([`crate::store::plan`]); this module runs it under the store's lock
//! and turns the plan into the report.

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::Bundle;
use crate::store::plan::{self, Plan, Request};
use crate::store::{Action, CertificateStore, Grantee, KeyProvider, LogicalStore};

pub use crate::store::plan::{LoadedInput, Target};

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub target: Target,
    /// `--name`: the name of the personal entry (or of the only certificate).
    pub name: Option<String>,
    /// `--grant-read`, looked up by the store before anything was read.
    pub grant_read: Option<Grantee>,
    /// `--key-provider`: where a store with a choice (the Windows stores) keeps new keys.
    pub key_provider: Option<KeyProvider>,
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
    /// CRLs put into the store's `crl/` folder.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub crls: Vec<ImportedCrl>,
    pub warnings: Vec<String>,
}

impl ImportReport {
    /// The current version of the `import` document.
    pub const VERSION: u32 = 2;
}

/// A CRL read from an input, as the command line named the input.
#[derive(Debug, Clone)]
pub struct LoadedCrl {
    pub input: String,
    pub der: Vec<u8>,
}

/// What happened to one CRL.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImportedCrl {
    pub input: String,
    pub action: crate::store::crl::CrlAction,
    #[serde(flatten)]
    pub crl: crate::store::crl::StoredCrl,
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

/// An input ready for import: `name` as the command line gave it, the bundle read from it.
pub fn loaded_input(name: String, bundle: Bundle) -> LoadedInput {
    // The absolute path is what the store's metadata records as the source.
    let source = match &bundle.source.path {
        Some(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        None => name.clone(),
    };
    LoadedInput {
        name,
        source,
        bundle,
    }
}

/// Plans the import from the store's contents and, unless `dry_run`, executes the plan; the
/// CRLs go into the store in the same transaction, under the same lock, before the first
/// certificate is written (a store that keeps no CRLs refuses them before anything changes).
pub fn import(
    store: &dyn CertificateStore,
    inputs: &[LoadedInput],
    crls: &[LoadedCrl],
    options: &ImportOptions,
) -> Result<ImportReport> {
    let mut transaction = store.begin(options.dry_run, options.key_provider)?;
    let plan = if inputs.is_empty() {
        Plan::default()
    } else {
        let snapshot = transaction.snapshot(options.grant_read.as_ref())?;
        plan::plan(
            &Request {
                inputs,
                target: options.target,
                name: options.name.as_deref(),
                grant_read: options.grant_read.as_ref().map(|g| g.name.as_str()),
                now: options.now,
            },
            &snapshot,
        )?
    };
    if !options.dry_run {
        transaction.check(&plan)?;
    }
    let mut stored_crls = Vec::with_capacity(crls.len());
    for crl in crls {
        let (action, stored) = transaction.add_crl(&crl.der)?;
        stored_crls.push(ImportedCrl {
            input: crl.input.clone(),
            action,
            crl: stored,
        });
    }
    if !options.dry_run && !inputs.is_empty() {
        plan::execute(&mut *transaction, &plan)?;
    }
    drop(transaction);
    let mut report = report(store.location(), options.dry_run, plan, options.now);
    report.crls = stored_crls;
    Ok(report)
}

/// The report of a plan (executed, or only shown in a dry run); days left are counted from
/// `now`.
pub fn report(store: String, dry_run: bool, plan: Plan, now: time::OffsetDateTime) -> ImportReport {
    ImportReport {
        version: ImportReport::VERSION,
        store,
        dry_run,
        certificates: plan
            .certificates
            .into_iter()
            .map(|p| ImportedCertificate {
                input: p.input,
                store: p.store,
                name: p.name,
                certificate: crate::ops::summary::CertificateSummary::new(&p.certificate, now),
                action: p.action,
                has_key: p.has_key,
            })
            .collect(),
        crls: Vec::new(),
        warnings: plan.warnings,
    }
}
