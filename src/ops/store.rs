//! `store path|list|show|remove|grant`: the store's contents as reports.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::Result;
use crate::ops::inspect::{inspect_bundle, InputReport};
use crate::ops::summary::CertificateSummary;
use crate::store::{CertificateStore, Entry, Grantee, LogicalStore};

/// `store path`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct PathReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub path: String,
}

/// `store list`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ListReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub store: String,
    pub entries: Vec<ListedEntry>,
    /// The CRLs of the folder store's `crl/` folder (not filtered by `--only`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub crls: Vec<crate::store::crl::StoredCrl>,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ListedEntry {
    pub store: LogicalStore,
    pub name: String,
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    pub has_key: bool,
}

/// `store show`: the entry and the inspect view of its files.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ShowReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub store: LogicalStore,
    pub name: String,
    pub thumbprint: String,
    /// The store keeps the entry's private key and does not hand it out (the Windows stores):
    /// `inspect` then shows no key although the entry has one.
    #[serde(default)]
    pub key_held_by_store: bool,
    pub inspect: InputReport,
}

/// `store remove` and `store grant`.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ChangeReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub action: StoreChange,
    pub store: LogicalStore,
    pub name: String,
    pub thumbprint: String,
    /// The group given read access (`grant` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// What `store remove` or `store grant` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoreChange {
    /// The entry was removed.
    Removed,
    /// A group was given read access to the entry's private key.
    Granted,
}

impl StoreChange {
    pub fn as_str(self) -> &'static str {
        match self {
            StoreChange::Removed => "removed",
            StoreChange::Granted => "granted",
        }
    }
}

impl std::fmt::Display for StoreChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl PathReport {
    /// The current version of the `store path` document (unchanged since 1).
    pub const VERSION: u32 = 1;
}

impl ListReport {
    /// The current version of the `store list` document.
    pub const VERSION: u32 = 2;
}

impl ShowReport {
    /// The current version of the `store show` document.
    pub const VERSION: u32 = 2;
}

impl ChangeReport {
    /// The current version of the `store remove` and `store grant` document (unchanged since
    /// 1: its fields are the same, `action` is now a closed set in the schema).
    pub const VERSION: u32 = 1;
}

pub fn list(
    store: &dyn CertificateStore,
    only: Option<LogicalStore>,
    now: OffsetDateTime,
) -> Result<ListReport> {
    let entries = match only {
        Some(s) => store.entries(s)?,
        None => store.all_entries()?,
    };
    Ok(ListReport {
        version: ListReport::VERSION,
        store: store.location(),
        entries: entries.iter().map(|e| listed(e, now)).collect(),
        crls: match only {
            None => store.crls(),
            Some(_) => Vec::new(),
        },
    })
}

fn listed(entry: &Entry, now: OffsetDateTime) -> ListedEntry {
    ListedEntry {
        store: entry.store,
        name: entry.name.clone(),
        certificate: CertificateSummary::new(&entry.certificate, now),
        has_key: entry.has_key,
    }
}

pub fn show(
    store: &dyn CertificateStore,
    entry: &Entry,
    now: OffsetDateTime,
) -> Result<ShowReport> {
    let bundle = store.open(entry)?;
    let inspect = inspect_bundle(bundle.source.display_name(), &bundle, now);
    Ok(ShowReport {
        version: ShowReport::VERSION,
        store: entry.store,
        name: entry.name.clone(),
        thumbprint: entry.thumbprint(),
        key_held_by_store: entry.has_key && bundle.private_key.is_none(),
        inspect,
    })
}

pub fn remove(store: &dyn CertificateStore, entry: &Entry) -> Result<ChangeReport> {
    store.remove(entry.store, &entry.name)?;
    Ok(change(StoreChange::Removed, entry, None))
}

pub fn grant(
    store: &dyn CertificateStore,
    entry: &Entry,
    grantee: &Grantee,
) -> Result<ChangeReport> {
    store.grant_read(&entry.name, grantee)?;
    Ok(change(
        StoreChange::Granted,
        entry,
        Some(grantee.name.clone()),
    ))
}

fn change(action: StoreChange, entry: &Entry, group: Option<String>) -> ChangeReport {
    ChangeReport {
        version: ChangeReport::VERSION,
        action,
        store: entry.store,
        name: entry.name.clone(),
        thumbprint: entry.thumbprint(),
        group,
    }
}
