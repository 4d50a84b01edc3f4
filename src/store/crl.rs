//! The folder store's `crl/` folder: one PEM file per CA and kind (`<issuer-hash>.crl` for the
//! complete CRL, `<issuer-hash>-delta.crl` for a delta CRL) plus the OpenSSL hash links
//! `<issuer-hash>.r0` (complete) and `.r1` (delta), so that `openssl verify -CApath STORE/crl
//! -crl_check` finds them, and `verify-chain` reads them without the network. nginx's
//! `ssl_crl` takes one of the files.
//!
//! A newer CRL of the same CA replaces the stored one; an older or identical one leaves it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::error::{Error, ErrorKind, Result};
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::revocation::crl::summary;

/// What importing one CRL did (or, in a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CrlAction {
    Added,
    /// A CRL of the same CA and kind with an earlier thisUpdate was replaced.
    Replaced,
    /// The same CRL, or a newer one, is already stored.
    Unchanged,
}

/// One stored CRL, as `store list` and `import` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StoredCrl {
    /// The file in `crl/`.
    pub file: String,
    pub issuer: String,
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(with = "String", extend("format" = "date-time"))]
    pub this_update: time::OffsetDateTime,
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub next_update: Option<time::OffsetDateTime>,
    pub entries: usize,
    /// A delta CRL (it extends a complete CRL).
    pub delta: bool,
}

/// The `crl/` folder of a folder store.
pub fn folder(store_dir: &Path) -> PathBuf {
    store_dir.join("crl")
}

/// Puts the CRL `der` into `dir` (created when missing) unless an equal or newer one of the
/// same CA and kind is there; re-creates the hash links. With `dry_run`, only says what it
/// would do.
pub fn add(dir: &Path, der: &[u8], dry_run: bool) -> Result<(CrlAction, StoredCrl)> {
    let s = summary(der)
        .ok_or_else(|| Error::new(ErrorKind::Malformed, "the CRL cannot be read".to_string()))?;
    let hash = s.issuer_name_hash.ok_or_else(|| {
        Error::new(
            ErrorKind::Malformed,
            "the CRL's issuer name cannot be hashed",
        )
    })?;
    let delta = s.delta_base.is_some();
    let file = format!("{hash:08x}{}.crl", if delta { "-delta" } else { "" });
    let path = dir.join(&file);
    let stored = StoredCrl {
        file: file.clone(),
        issuer: s.issuer.clone(),
        this_update: s.this_update,
        next_update: s.next_update,
        entries: s.entries,
        delta,
    };
    let existing = std::fs::read(&path)
        .ok()
        .and_then(|b| crate::decode::crl::crls_in(&b).into_iter().next());
    let action = match existing
        .as_deref()
        .and_then(|old| summary(old).map(|o| (old, o)))
    {
        None => CrlAction::Added,
        Some((_, o)) if o.issuer != s.issuer => {
            return Err(Error::new(
                ErrorKind::Exists,
                format!(
                    "{}: holds a CRL of {}, another CA with the same name hash; not replaced",
                    path.display(),
                    o.issuer
                ),
            ));
        }
        Some((old, o)) if old == der || o.this_update >= s.this_update => CrlAction::Unchanged,
        Some(_) => CrlAction::Replaced,
    };
    if dry_run || action == CrlAction::Unchanged {
        return Ok((action, stored));
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io("create", dir, &e))?;
    let pem = ::pem::encode(&::pem::Pem::new("X509 CRL", der.to_vec()));
    write_atomic(&path, pem.as_bytes(), Privacy::Public, Overwrite::Replace)?;
    link(dir, &format!("{hash:08x}.r{}", u8::from(delta)), &file)?;
    Ok((action, stored))
}

/// Every CRL stored in `dir`, by file name.
pub fn list(dir: &Path) -> Vec<StoredCrl> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<StoredCrl> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".crl") {
                return None;
            }
            let bytes = std::fs::read(e.path()).ok()?;
            let der = crate::decode::crl::crls_in(&bytes).into_iter().next()?;
            let s = summary(&der)?;
            Some(StoredCrl {
                file: name,
                issuer: s.issuer,
                this_update: s.this_update,
                next_update: s.next_update,
                entries: s.entries,
                delta: s.delta_base.is_some(),
            })
        })
        .collect();
    found.sort_by(|a, b| a.file.cmp(&b.file));
    found
}

/// Has the CRL's nextUpdate passed at `now`?
pub fn expired(crl: &StoredCrl, now: OffsetDateTime) -> bool {
    crl.next_update.is_some_and(|t| t < now)
}

/// `dir/name` → `target` (a file of the same folder), replacing an older link.
#[cfg(unix)]
fn link(dir: &Path, name: &str, target: &str) -> Result<()> {
    let path = dir.join(name);
    let tmp = dir.join(format!(".{name}.tmp"));
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp).map_err(|e| Error::io("create", &tmp, &e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io("create", &path, &e))
}

/// Without symbolic links, the "link" is a copy (as `openssl rehash` does on Windows).
#[cfg(not(unix))]
fn link(dir: &Path, name: &str, target: &str) -> Result<()> {
    let bytes =
        std::fs::read(dir.join(target)).map_err(|e| Error::io("read", &dir.join(target), &e))?;
    write_atomic(&dir.join(name), &bytes, Privacy::Public, Overwrite::Replace)
}
