//! One change of the folder store under its lock ([`Transaction`]): the snapshot planning
//! reads, and the steps of a plan as file operations — a personal entry built complete in a
//! temporary folder and renamed (or swapped) into place, a CA's PEM file, a key's group.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use zeroize::Zeroizing;

use super::fsio::{
    create_dir_mode, ensure_real_dir, random_hex, read_no_follow, swap_dirs, sync_dir,
};
use super::group::{from_grantee, key_has_group, resolve_group, set_group, Group};
use super::{
    pem_certificates, pem_of, FileStore, Lock, CERT_FILE, CHAIN_FILE, FULLCHAIN_FILE, KEY_FILE,
    METADATA_FILE, TMP_DIR_PREFIX,
};
use crate::error::{Error, ErrorKind, Result};
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::model::{Certificate, PrivateKey};
use crate::store::plan::{KeySource, Reader, Stored};
use crate::store::{
    CrlAction, Grantee, LogicalStore, Metadata, PersonalWrite, Snapshot, StoredCrl, Transaction,
};

/// A change in progress; the lock is released when it is dropped.
pub struct FileTransaction<'a> {
    store: &'a FileStore,
    _lock: Option<Lock>,
    /// CA folders whose hash links must be rebuilt.
    dirty: BTreeSet<LogicalStore>,
    dry_run: bool,
    /// Groups looked up so far (the grantee of the snapshot first): a plan names its groups
    /// again at each step, and each is looked up once.
    groups: RefCell<Vec<Group>>,
}

/// The files of one personal entry as they are to be written.
struct PersonalFiles {
    cert: Vec<u8>,
    chain: Vec<u8>,
    key: Option<Zeroizing<Vec<u8>>>,
    metadata: Metadata,
    group: Option<Group>,
}

impl<'a> FileTransaction<'a> {
    /// A dry run takes the shared lock when the store exists (and creates nothing); a change
    /// takes the exclusive lock and first cleans up after killed writers.
    pub(super) fn begin(store: &'a FileStore, dry_run: bool) -> Result<Self> {
        let lock = if dry_run {
            store.lock_shared()?
        } else {
            let lock = store.lock_exclusive()?;
            store.recover()?;
            Some(lock)
        };
        Ok(FileTransaction {
            store,
            _lock: lock,
            dirty: BTreeSet::new(),
            dry_run,
            groups: RefCell::new(Vec::new()),
        })
    }

    /// The group `name`, looked up at most once per transaction.
    fn group(&self, name: &str) -> Result<Group> {
        if let Some(known) = self.groups.borrow().iter().find(|g| g.name == name) {
            return Ok(known.clone());
        }
        let group = resolve_group(name)?;
        self.groups.borrow_mut().push(group.clone());
        Ok(group)
    }

    /// A personal entry's chain and key grants, beside its [`Entry`](crate::store::Entry).
    fn stored_personal(&self, stored: &mut Stored, grantee: Option<&Group>) {
        let entry = &stored.entry;
        let dir = self.store.entry_path(LogicalStore::Personal, &entry.name);
        stored.chain = Some(pem_certificates(
            &read_no_follow(&dir.join(CHAIN_FILE)).unwrap_or_default(),
        ));
        if !entry.has_key {
            return;
        }
        let key = dir.join(KEY_FILE);
        // A grant made earlier counts while its group exists.
        stored.reader = entry
            .metadata
            .as_ref()
            .and_then(|m| m.read_group.as_deref())
            .and_then(|g| self.group(g).ok())
            .map(|g| Reader {
                in_force: key_has_group(&key, Some(&g)),
                group: g.name,
            });
        stored.grantee_reads = grantee.is_some_and(|g| key_has_group(&key, Some(g)));
    }

    fn write_files(&self, name: &str, files: &PersonalFiles, replace: bool) -> Result<()> {
        let personal = self.store.personal_dir();
        let tmp = personal.join(format!("{TMP_DIR_PREFIX}{}~{name}", random_hex()));
        let built = build_personal(&tmp, files);
        if let Err(e) = built {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        let target = personal.join(name);
        let placed = if replace {
            ensure_real_dir(&target)
                .and_then(|_| swap_dirs(&tmp, &target, &personal))
                .map(|_| {
                    // `tmp` now holds the old entry.
                    let _ = fs::remove_dir_all(&tmp);
                })
        } else if fs::symlink_metadata(&target).is_ok() {
            Err(Error::new(
                ErrorKind::Exists,
                format!("{} already exists", target.display()),
            ))
        } else {
            fs::rename(&tmp, &target).map_err(|e| Error::io("create", &target, &e))
        };
        if placed.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        placed?;
        sync_dir(&personal);
        Ok(())
    }
}

impl Transaction for FileTransaction<'_> {
    fn snapshot(&self, grantee: Option<&Grantee>) -> Result<Snapshot> {
        let grantee = grantee.map(from_grantee).transpose()?;
        if let Some(group) = &grantee {
            self.groups.borrow_mut().push(group.clone());
        }
        let mut entries = Vec::new();
        for store in LogicalStore::ALL {
            for entry in self.store.read_entries(store)? {
                let mut stored = Stored::new(entry);
                if store == LogicalStore::Personal {
                    self.stored_personal(&mut stored, grantee.as_ref());
                }
                entries.push(stored);
            }
        }
        Ok(Snapshot { entries })
    }

    fn write_personal(&mut self, write: &PersonalWrite) -> Result<()> {
        let key = match &write.key {
            KeySource::Absent => None,
            KeySource::New(key) => Some(key_pem(key)?),
            KeySource::Keep => {
                let path = self
                    .store
                    .entry_path(LogicalStore::Personal, &write.name)
                    .join(KEY_FILE);
                Some(Zeroizing::new(
                    read_no_follow(&path).map_err(|e| Error::io("read", &path, &e))?,
                ))
            }
        };
        let files = PersonalFiles {
            cert: pem_of(&write.certificate),
            chain: write.chain.iter().flat_map(pem_of).collect(),
            key,
            metadata: write.metadata.clone(),
            group: write
                .read_group
                .as_deref()
                .map(|g| self.group(g))
                .transpose()?,
        };
        self.write_files(&write.name, &files, write.replace)
    }

    fn write_ca(
        &mut self,
        store: LogicalStore,
        name: &str,
        certificate: &Certificate,
    ) -> Result<()> {
        write_atomic(
            &self.store.entry_path(store, name),
            &pem_of(certificate),
            Privacy::Public,
            Overwrite::Refuse,
        )?;
        self.dirty.insert(store);
        Ok(())
    }

    fn grant_read(&mut self, name: &str, group: &str) -> Result<()> {
        self.store.grant_locked(name, &self.group(group)?)
    }

    fn add_crl(&mut self, der: &[u8]) -> Result<(CrlAction, StoredCrl)> {
        let dir = crate::store::crl::folder(self.store.dir());
        crate::store::crl::add(&dir, der, self.dry_run)
    }

    fn finish(&mut self) -> Result<()> {
        for store in std::mem::take(&mut self.dirty) {
            self.store.rebuild_links(store)?;
        }
        Ok(())
    }
}

/// Writes every file of a personal entry into the new folder `tmp`.
fn build_personal(tmp: &Path, files: &PersonalFiles) -> Result<()> {
    create_dir_mode(tmp, 0o755)?;
    write_atomic(
        &tmp.join(CERT_FILE),
        &files.cert,
        Privacy::Public,
        Overwrite::Refuse,
    )?;
    write_atomic(
        &tmp.join(CHAIN_FILE),
        &files.chain,
        Privacy::Public,
        Overwrite::Refuse,
    )?;
    let mut full = files.cert.clone();
    full.extend_from_slice(&files.chain);
    write_atomic(
        &tmp.join(FULLCHAIN_FILE),
        &full,
        Privacy::Public,
        Overwrite::Refuse,
    )?;
    if let Some(key) = &files.key {
        let key_path = tmp.join(KEY_FILE);
        write_atomic(&key_path, key, Privacy::Secret, Overwrite::Refuse)?;
        if let Some(group) = &files.group {
            set_group(&key_path, group)?;
        }
    }
    let mut meta = serde_json::to_vec_pretty(&files.metadata).expect("metadata serialises");
    meta.push(b'\n');
    write_atomic(
        &tmp.join(METADATA_FILE),
        &meta,
        Privacy::Public,
        Overwrite::Refuse,
    )?;
    sync_dir(tmp);
    Ok(())
}

fn key_pem(key: &PrivateKey) -> Result<Zeroizing<Vec<u8>>> {
    key.key
        .private_key_to_pem_pkcs8()
        .map(Zeroizing::new)
        .map_err(|_| {
            Error::new(
                ErrorKind::UnsupportedAlgorithm,
                "the private key cannot be written as PKCS#8 PEM",
            )
        })
}
