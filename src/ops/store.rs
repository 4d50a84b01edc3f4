//! `store path|list|show|remove|grant`: the store's contents as reports.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::error::Result;
use crate::ops::inspect::{inspect_bundle, InputReport};
use crate::store::{CertificateStore, Entry, LogicalStore};

/// `store path`.
#[derive(Debug, Serialize, Deserialize)]
pub struct PathReport {
    pub version: u32,
    pub path: String,
}

/// `store list`.
#[derive(Debug, Serialize, Deserialize)]
pub struct ListReport {
    pub version: u32,
    pub store: String,
    pub entries: Vec<ListedEntry>,
    /// The CRLs of the folder store's `crl/` folder (not filtered by `--only`).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub crls: Vec<crate::store::crl::StoredCrl>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ListedEntry {
    pub store: LogicalStore,
    pub name: String,
    pub subject: String,
    /// SHA-1, uppercase hex.
    pub thumbprint: String,
    /// RFC 3339.
    pub not_after: String,
    pub has_key: bool,
}

/// `store show`: the entry and the inspect view of its files.
#[derive(Debug, Serialize, Deserialize)]
pub struct ShowReport {
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
#[derive(Debug, Serialize, Deserialize)]
pub struct ChangeReport {
    pub version: u32,
    /// `removed` or `granted`.
    pub action: String,
    pub store: LogicalStore,
    pub name: String,
    pub thumbprint: String,
    /// The group given read access (`grant` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

pub fn list(store: &dyn CertificateStore, only: Option<LogicalStore>) -> Result<ListReport> {
    let entries = match only {
        Some(s) => store.entries(s)?,
        None => store.all_entries()?,
    };
    Ok(ListReport {
        version: 1,
        store: store.location(),
        entries: entries.iter().map(listed).collect(),
        crls: match (only, store.hashed_dir(LogicalStore::Root)) {
            (None, Some(root)) => root
                .parent()
                .map(|dir| crate::store::crl::list(&crate::store::crl::folder(dir)))
                .unwrap_or_default(),
            _ => Vec::new(),
        },
    })
}

fn listed(entry: &Entry) -> ListedEntry {
    let parsed = entry.certificate.parsed();
    ListedEntry {
        store: entry.store,
        name: entry.name.clone(),
        subject: parsed.subject().to_string(),
        thumbprint: entry.thumbprint(),
        not_after: parsed
            .validity()
            .not_after
            .to_datetime()
            .format(&Rfc3339)
            .unwrap_or_default(),
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
        version: 1,
        store: entry.store,
        name: entry.name.clone(),
        thumbprint: entry.thumbprint(),
        key_held_by_store: entry.has_key && bundle.private_key.is_none(),
        inspect,
    })
}

pub fn remove(store: &dyn CertificateStore, entry: &Entry) -> Result<ChangeReport> {
    store.remove(entry.store, &entry.name)?;
    Ok(change("removed", entry, None))
}

pub fn grant(store: &dyn CertificateStore, entry: &Entry, group: &str) -> Result<ChangeReport> {
    store.grant_read(&entry.name, group)?;
    Ok(change("granted", entry, Some(group.to_string())))
}

fn change(action: &str, entry: &Entry, group: Option<String>) -> ChangeReport {
    ChangeReport {
        version: 1,
        action: action.to_string(),
        store: entry.store,
        name: entry.name.clone(),
        thumbprint: entry.thumbprint(),
        group,
    }
}
