//! Keeping the folder store consistent: cleanup after writers that were killed half-way,
//! and the OpenSSL subject-hash links (`HASH.N`) of the CA folders.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

#[cfg(unix)]
use super::fsio::random_hex;
use super::fsio::{hidden_items, remove_any, sync_dir};
use super::{FileStore, OLD_DIR_PREFIX, TMP_DIR_PREFIX, TMP_LINK_PREFIX, WRITE_TMP_PREFIX};
use crate::error::{Error, Result};
#[cfg(not(unix))]
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::store::LogicalStore;

impl FileStore {
    /// Cleans up after processes that were killed half-way, then re-creates the hash links.
    /// Runs under the exclusive lock.
    pub(super) fn recover(&self) -> Result<()> {
        let personal = self.personal_dir();
        for (name, path) in hidden_items(&personal)? {
            if name.starts_with(TMP_DIR_PREFIX) {
                remove_any(&path)?;
            } else if let Some(rest) = name.strip_prefix(OLD_DIR_PREFIX) {
                // `.old~RANDOM~NAME`: put it back unless its replacement made it into place.
                let original = rest.split_once('~').map(|(_, n)| n).unwrap_or("");
                let target = personal.join(original);
                if !original.is_empty() && fs::symlink_metadata(&target).is_err() {
                    fs::rename(&path, &target).map_err(|e| Error::io("restore", &target, &e))?;
                } else {
                    remove_any(&path)?;
                }
            } else if name.starts_with(WRITE_TMP_PREFIX) {
                remove_any(&path)?;
            }
        }
        // Live entries are only rewritten in place by `grant_read` (metadata): its temporary file.
        for entry in fs::read_dir(&personal).map_err(|e| Error::io("read", &personal, &e))? {
            let entry = entry.map_err(|e| Error::io("read", &personal, &e))?;
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                for (name, path) in hidden_items(&entry.path())? {
                    if name.starts_with(WRITE_TMP_PREFIX) {
                        remove_any(&path)?;
                    }
                }
            }
        }
        for store in [LogicalStore::Root, LogicalStore::Intermediate] {
            let dir = self.store_dir(store);
            for (name, path) in hidden_items(&dir)? {
                if name.starts_with(WRITE_TMP_PREFIX) || name.starts_with(TMP_LINK_PREFIX) {
                    remove_any(&path)?;
                }
            }
            self.rebuild_links(store)?;
        }
        Ok(())
    }

    /// Makes the `HASH.N` links of a CA folder match its PEM files: N counts certificates with
    /// the same subject hash in file-name order, as `openssl rehash` does.
    pub(super) fn rebuild_links(&self, store: LogicalStore) -> Result<()> {
        let dir = self.store_dir(store);
        let mut by_hash: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        for entry in self.read_entries(store)? {
            let hash = entry.certificate.to_openssl()?.subject_name_hash();
            by_hash
                .entry(hash)
                .or_default()
                .push(format!("{}.pem", entry.name));
        }
        let mut wanted: BTreeMap<String, String> = BTreeMap::new();
        for (hash, files) in by_hash {
            for (i, file) in files.into_iter().enumerate() {
                wanted.insert(format!("{hash:08x}.{i}"), file);
            }
        }
        let listing = fs::read_dir(&dir).map_err(|e| Error::io("read", &dir, &e))?;
        let mut correct = BTreeSet::new();
        for item in listing {
            let item = item.map_err(|e| Error::io("read", &dir, &e))?;
            let Ok(name) = item.file_name().into_string() else {
                continue;
            };
            if !is_hash_link_name(&name) {
                continue;
            }
            if link_points_to(&item.path(), wanted.get(&name)) {
                correct.insert(name);
            } else if !wanted.contains_key(&name) {
                remove_any(&item.path())?;
            }
        }
        for (link, target) in &wanted {
            if !correct.contains(link) {
                make_link(&dir, link, target)?;
            }
        }
        sync_dir(&dir);
        Ok(())
    }
}

/// `0123abcd.0`: the names `openssl rehash` gives certificate links.
fn is_hash_link_name(name: &str) -> bool {
    match name.split_once('.') {
        Some((hash, n)) => {
            hash.len() == 8
                && hash
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
                && !n.is_empty()
                && n.chars().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(unix)]
fn link_points_to(link: &Path, target: Option<&String>) -> bool {
    match (fs::read_link(link), target) {
        (Ok(actual), Some(target)) => actual == Path::new(target),
        _ => false,
    }
}

#[cfg(not(unix))]
fn link_points_to(link: &Path, target: Option<&String>) -> bool {
    // Without symbolic links the "link" is a copy of the PEM file.
    match target {
        Some(t) => {
            let dir = link.parent().unwrap_or(Path::new("."));
            matches!((fs::read(link), fs::read(dir.join(t))), (Ok(a), Ok(b)) if a == b)
        }
        None => false,
    }
}

/// Creates or replaces `dir/link` → `target` atomically (a relative link, so the folder can
/// be moved or mounted elsewhere).
#[cfg(unix)]
fn make_link(dir: &Path, link: &str, target: &str) -> Result<()> {
    let tmp = dir.join(format!("{TMP_LINK_PREFIX}{}", random_hex()));
    std::os::unix::fs::symlink(target, &tmp).map_err(|e| Error::io("create", &tmp, &e))?;
    let path = dir.join(link);
    fs::rename(&tmp, &path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error::io("create", &path, &e)
    })
}

#[cfg(not(unix))]
fn make_link(dir: &Path, link: &str, target: &str) -> Result<()> {
    let bytes = fs::read(dir.join(target)).map_err(|e| Error::io("read", &dir.join(target), &e))?;
    write_atomic(&dir.join(link), &bytes, Privacy::Public, Overwrite::Replace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_link_names_are_recognised() {
        assert!(is_hash_link_name("0a1b2c3d.0"));
        assert!(is_hash_link_name("0a1b2c3d.12"));
        assert!(!is_hash_link_name("0A1B2C3D.0"));
        assert!(!is_hash_link_name("0a1b2c3d.pem"));
        assert!(!is_hash_link_name("root.0"));
        assert!(!is_hash_link_name("0a1b2c3d.r0"));
    }
}
