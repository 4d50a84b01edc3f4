//! The plain-file store: folders other tools use as they are.
//!
//! ```text
//! STORE/.lock                      taken shared by readers, exclusive by writers
//! STORE/personal/NAME/cert.pem     the certificate
//!                    chain.pem     its issuers (without the root)
//!                    fullchain.pem cert.pem + chain.pem
//!                    privkey.pem   PKCS#8 private key, 0600 (0640 with a granted group)
//!                    metadata.json friendly name, thumbprint, source, time of import
//! STORE/root/NAME.pem              trust anchors, plus OpenSSL subject-hash links HASH.0, HASH.1
//! STORE/intermediate/NAME.pem      other CAs, plus hash links
//! ```
//!
//! Crash safety: every file is written with [`write_atomic`]; a personal entry is built
//! complete in a temporary folder (`.tmp~…`, ignored by readers) and then renamed into place —
//! a replacement is swapped in with one atomic exchange where the system has it. The next
//! writer removes whatever a killed process left behind and re-creates the hash links.
//! Nothing is read or written through a symbolic link inside the store.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use openssl::pkey::PKey;
use zeroize::Zeroizing;

use super::{
    unique_name, Action, Applied, ApplyOptions, CertificateStore, Entry, LogicalStore, Metadata,
    Placement,
};
use crate::error::{Error, ErrorKind, Result};
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::model::{Bundle, Certificate, Format, PrivateKey, Source};

const LOCK_FILE: &str = ".lock";
pub const CERT_FILE: &str = "cert.pem";
pub const CHAIN_FILE: &str = "chain.pem";
pub const FULLCHAIN_FILE: &str = "fullchain.pem";
pub const KEY_FILE: &str = "privkey.pem";
pub const METADATA_FILE: &str = "metadata.json";
/// A personal entry being built, or an old one being deleted. Entry names never contain `~`.
const TMP_DIR_PREFIX: &str = ".tmp~";
/// A personal entry moved aside during a replacement (systems without an atomic exchange).
const OLD_DIR_PREFIX: &str = ".old~";
/// A hash link being created.
const TMP_LINK_PREFIX: &str = ".link~";
/// The temporary files of [`write_atomic`].
const WRITE_TMP_PREFIX: &str = ".certkit-tmp-";

/// A store kept as plain folders and PEM files.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

/// A group that may read private keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub gid: u32,
}

/// A held store lock; released when dropped (or when the process dies).
struct Lock {
    _file: fs::File,
}

/// The files of one personal entry, as they are or as they should be.
struct PersonalFiles {
    cert: Vec<u8>,
    chain: Vec<u8>,
    key: Option<Zeroizing<Vec<u8>>>,
    metadata: Metadata,
    group: Option<Group>,
}

impl FileStore {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        FileStore { dir: dir.into() }
    }

    /// The store's top folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The folder of one logical store.
    pub fn store_dir(&self, store: LogicalStore) -> PathBuf {
        self.dir.join(store.as_str())
    }

    /// `STORE/root`: usable as `openssl verify -CApath`, `curl --capath`, nginx
    /// `ssl_client_certificate`-style directories.
    pub fn root_dir(&self) -> PathBuf {
        self.store_dir(LogicalStore::Root)
    }

    /// `STORE/intermediate`, hashed like `root/`.
    pub fn intermediate_dir(&self) -> PathBuf {
        self.store_dir(LogicalStore::Intermediate)
    }

    pub fn personal_dir(&self) -> PathBuf {
        self.store_dir(LogicalStore::Personal)
    }

    /// Where an entry lives: its folder (personal) or its PEM file (root, intermediate).
    pub fn entry_path(&self, store: LogicalStore, name: &str) -> PathBuf {
        match store {
            LogicalStore::Personal => self.personal_dir().join(name),
            _ => self.store_dir(store).join(format!("{name}.pem")),
        }
    }

    /// Creates the folders and takes the exclusive lock.
    fn lock_exclusive(&self) -> Result<Lock> {
        create_store_dir(&self.dir)?;
        let path = self.dir.join(LOCK_FILE);
        let file =
            open_no_follow(&path, true).map_err(|e| Error::io("lock the store at", &path, &e))?;
        file.lock()
            .map_err(|e| Error::io("lock the store at", &path, &e))?;
        for store in LogicalStore::ALL {
            let dir = self.store_dir(store);
            match fs::create_dir(&dir) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Error::io("create", &dir, &e)),
            }
            ensure_real_dir(&dir)?;
        }
        Ok(Lock { _file: file })
    }

    /// Takes the shared lock when the store has a lock file that can be opened; readers of a
    /// store they may not write (or one never written) go without.
    fn lock_shared(&self) -> Result<Option<Lock>> {
        let path = self.dir.join(LOCK_FILE);
        let file = match open_no_follow(&path, false) {
            Ok(f) => f,
            Err(_) => return Ok(None),
        };
        file.lock_shared()
            .map_err(|e| Error::io("lock the store at", &path, &e))?;
        Ok(Some(Lock { _file: file }))
    }

    /// Reads one logical store without locking (the caller holds the lock).
    fn read_entries(&self, store: LogicalStore) -> Result<Vec<Entry>> {
        let dir = self.store_dir(store);
        let listing = match fs::read_dir(&dir) {
            Ok(l) => l,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io("read", &dir, &e)),
        };
        ensure_real_dir(&dir)?;
        let mut entries = Vec::new();
        for item in listing {
            let item = item.map_err(|e| Error::io("read", &dir, &e))?;
            let Ok(file_name) = item.file_name().into_string() else {
                continue;
            };
            if file_name.starts_with('.') {
                continue;
            }
            let file_type = item
                .file_type()
                .map_err(|e| Error::io("read", &item.path(), &e))?;
            let entry = match store {
                LogicalStore::Personal if file_type.is_dir() => {
                    read_personal(&item.path(), &file_name)
                }
                LogicalStore::Root | LogicalStore::Intermediate if file_type.is_file() => {
                    match file_name.strip_suffix(".pem") {
                        Some(name) if !name.is_empty() => read_ca(&item.path(), name, store),
                        _ => None,
                    }
                }
                _ => None,
            };
            entries.extend(entry);
        }
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(entries)
    }

    /// Cleans up after processes that were killed half-way, then re-creates the hash links.
    /// Runs under the exclusive lock.
    fn recover(&self) -> Result<()> {
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
    fn rebuild_links(&self, store: LogicalStore) -> Result<()> {
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

    /// The files a personal placement should have. Information the new import lacks (a key,
    /// a chain, a granted group) is kept from `existing`.
    fn personal_files(
        &self,
        placement: &Placement,
        name: &str,
        existing: Option<&Entry>,
        group: Option<&Group>,
        now: &str,
    ) -> Result<PersonalFiles> {
        let existing_dir = existing.map(|e| self.entry_path(LogicalStore::Personal, &e.name));
        let cert = pem_of(&placement.certificate);
        let mut chain: Vec<u8> = placement.chain.iter().flat_map(pem_of).collect();
        if chain.is_empty() {
            if let Some(dir) = &existing_dir {
                chain = read_no_follow(&dir.join(CHAIN_FILE)).unwrap_or_default();
            }
        }
        let key = match &placement.key {
            Some(k) => Some(key_pem(k)?),
            None => match &existing_dir {
                Some(dir) if existing.is_some_and(|e| e.has_key) => Some(Zeroizing::new(
                    read_no_follow(&dir.join(KEY_FILE))
                        .map_err(|e| Error::io("read", &dir.join(KEY_FILE), &e))?,
                )),
                _ => None,
            },
        };
        let old_meta = existing.and_then(|e| e.metadata.clone());
        let group = match group {
            Some(g) => Some(g.clone()),
            // Keep a grant made earlier, if the group still exists.
            None => old_meta
                .as_ref()
                .and_then(|m| m.read_group.as_deref())
                .and_then(|g| resolve_group(g).ok()),
        };
        let metadata = Metadata {
            version: 1,
            name: name.to_string(),
            friendly_name: placement
                .friendly_name
                .clone()
                .or_else(|| old_meta.as_ref().and_then(|m| m.friendly_name.clone())),
            thumbprint: placement.certificate.sha1_hex(),
            source: placement.source.clone(),
            source_format: placement.source_format,
            imported_at: now.to_string(),
            read_group: group
                .as_ref()
                .map(|g| g.name.clone())
                .filter(|_| key.is_some()),
        };
        Ok(PersonalFiles {
            cert,
            chain,
            key,
            metadata,
            group,
        })
    }

    /// Whether an existing personal entry already has `wanted`'s files.
    fn personal_unchanged(&self, existing: &Entry, wanted: &PersonalFiles) -> bool {
        let dir = self.entry_path(LogicalStore::Personal, &existing.name);
        let same =
            |file: &str, bytes: &[u8]| read_no_follow(&dir.join(file)).is_ok_and(|b| b == bytes);
        let key_same = match &wanted.key {
            Some(k) => {
                same(KEY_FILE, k) && key_has_group(&dir.join(KEY_FILE), wanted.group.as_ref())
            }
            None => !existing.has_key,
        };
        same(CERT_FILE, &wanted.cert) && same(CHAIN_FILE, &wanted.chain) && key_same
    }

    /// Builds a personal entry complete under a temporary name, then renames it into place
    /// (or swaps it with the entry it replaces).
    fn write_personal(&self, name: &str, files: &PersonalFiles, replace: bool) -> Result<()> {
        let personal = self.personal_dir();
        let tmp = personal.join(format!("{TMP_DIR_PREFIX}{}~{name}", random_hex()));
        let built = self.build_personal(&tmp, files);
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

    fn build_personal(&self, tmp: &Path, files: &PersonalFiles) -> Result<()> {
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

    /// Checks that an entry name read from the user or a listing is one certkit could have made.
    fn check_name(name: &str) -> Result<()> {
        if name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\', '~', '\0'])
            || name == ".."
        {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{name:?} is not a store entry name: see `certkit store list`"),
            ));
        }
        Ok(())
    }
}

impl CertificateStore for FileStore {
    fn location(&self) -> String {
        self.dir.display().to_string()
    }

    fn hashed_dir(&self, store: LogicalStore) -> Option<PathBuf> {
        (store != LogicalStore::Personal).then(|| self.store_dir(store))
    }

    fn entries(&self, store: LogicalStore) -> Result<Vec<Entry>> {
        let _lock = self.lock_shared()?;
        self.read_entries(store)
    }

    fn apply(&self, placements: &[Placement], options: &ApplyOptions) -> Result<Vec<Applied>> {
        // Check the group before anything else, in dry runs too.
        let group = options
            .grant_read
            .as_deref()
            .map(resolve_group)
            .transpose()?;
        let _lock = if options.dry_run {
            self.lock_shared()?
        } else {
            let lock = self.lock_exclusive()?;
            self.recover()?;
            Some(lock)
        };
        let now = options
            .now
            .format(&time::format_description::well_known::Rfc3339)
            .expect("a time formats as RFC 3339");
        let mut known: HashMap<LogicalStore, Vec<Entry>> = HashMap::new();
        for store in LogicalStore::ALL {
            known.insert(store, self.read_entries(store)?);
        }
        let mut dirty = BTreeSet::new();
        let mut results = Vec::with_capacity(placements.len());
        for placement in placements {
            let thumbprint = placement.certificate.sha1_hex();
            let entries = known
                .get_mut(&placement.store)
                .expect("every store is known");
            let existing = entries.iter().position(|e| e.thumbprint() == thumbprint);
            let applied = match (placement.store, existing) {
                (LogicalStore::Personal, Some(i)) => {
                    let name = entries[i].name.clone();
                    let files = self.personal_files(
                        placement,
                        &name,
                        Some(&entries[i]),
                        group.as_ref(),
                        &now,
                    )?;
                    if self.personal_unchanged(&entries[i], &files) {
                        Applied {
                            name,
                            action: Action::Unchanged,
                            has_key: entries[i].has_key,
                        }
                    } else {
                        if !options.dry_run {
                            self.write_personal(&name, &files, true)?;
                        }
                        entries[i].has_key = files.key.is_some();
                        Applied {
                            name,
                            action: Action::Replaced,
                            has_key: files.key.is_some(),
                        }
                    }
                }
                (_, Some(i)) => Applied {
                    name: entries[i].name.clone(),
                    action: Action::Unchanged,
                    has_key: false,
                },
                (store, None) => {
                    let taken: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
                    let base = crate::model::naming::name_for(
                        placement.name.as_deref(),
                        placement.friendly_name.as_deref(),
                        &placement.certificate,
                    );
                    let name = unique_name(&base, &thumbprint, &taken);
                    let has_key = store == LogicalStore::Personal && placement.key.is_some();
                    if !options.dry_run {
                        if store == LogicalStore::Personal {
                            let files =
                                self.personal_files(placement, &name, None, group.as_ref(), &now)?;
                            self.write_personal(&name, &files, false)?;
                        } else {
                            write_atomic(
                                &self.entry_path(store, &name),
                                &pem_of(&placement.certificate),
                                Privacy::Public,
                                Overwrite::Refuse,
                            )?;
                            dirty.insert(store);
                        }
                    }
                    entries.push(Entry {
                        store,
                        name: name.clone(),
                        certificate: placement.certificate.clone(),
                        has_key,
                        metadata: None,
                    });
                    Applied {
                        name,
                        action: Action::Added,
                        has_key,
                    }
                }
            };
            results.push(applied);
        }
        for store in dirty {
            self.rebuild_links(store)?;
        }
        Ok(results)
    }

    fn remove(&self, store: LogicalStore, name: &str) -> Result<()> {
        Self::check_name(name)?;
        let _lock = self.lock_exclusive()?;
        self.recover()?;
        let path = self.entry_path(store, name);
        let meta = fs::symlink_metadata(&path).map_err(|e| Error::io("remove", &path, &e))?;
        match store {
            LogicalStore::Personal => {
                if !meta.is_dir() {
                    return Err(not_an_entry(&path));
                }
                // Rename first so that the entry disappears at once; the rest is cleanup that
                // the next writer finishes if this process dies.
                let doomed = self
                    .personal_dir()
                    .join(format!("{TMP_DIR_PREFIX}{}~{name}", random_hex()));
                fs::rename(&path, &doomed).map_err(|e| Error::io("remove", &path, &e))?;
                sync_dir(&self.personal_dir());
                fs::remove_dir_all(&doomed).map_err(|e| Error::io("remove", &doomed, &e))?;
            }
            _ => {
                if !meta.is_file() {
                    return Err(not_an_entry(&path));
                }
                fs::remove_file(&path).map_err(|e| Error::io("remove", &path, &e))?;
                self.rebuild_links(store)?;
            }
        }
        Ok(())
    }

    fn check_grantee(&self, group: &str) -> Result<()> {
        resolve_group(group).map(drop)
    }

    fn grant_read(&self, name: &str, group: &str) -> Result<()> {
        Self::check_name(name)?;
        let group = resolve_group(group)?;
        let _lock = self.lock_exclusive()?;
        let dir = self.entry_path(LogicalStore::Personal, name);
        ensure_real_dir(&dir)?;
        let entry = read_personal(&dir, name).ok_or_else(|| not_an_entry(&dir))?;
        if !entry.has_key {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "personal/{name} has no private key to grant access to: import the certificate with its key"
                ),
            ));
        }
        set_group(&dir.join(KEY_FILE), &group)?;
        if let Some(mut meta) = entry.metadata {
            meta.read_group = Some(group.name.clone());
            let mut bytes = serde_json::to_vec_pretty(&meta).expect("metadata serialises");
            bytes.push(b'\n');
            write_atomic(
                &dir.join(METADATA_FILE),
                &bytes,
                Privacy::Public,
                Overwrite::Replace,
            )?;
        }
        Ok(())
    }

    fn open(&self, entry: &Entry) -> Result<Bundle> {
        let _lock = self.lock_shared()?;
        let path = self.entry_path(entry.store, &entry.name);
        let cert_path = match entry.store {
            LogicalStore::Personal => path.join(CERT_FILE),
            _ => path.clone(),
        };
        let mut bundle = Bundle::new(Source {
            path: Some(cert_path.clone()),
            format: Format::Pem,
            pkcs12: None,
        });
        let read = |p: &Path| read_no_follow(p).map_err(|e| Error::io("read", p, &e));
        for cert in pem_certificates(&read(&cert_path)?) {
            bundle.push_certificate(cert);
        }
        if entry.store == LogicalStore::Personal {
            for cert in pem_certificates(&read(&path.join(CHAIN_FILE))?) {
                bundle.push_certificate(cert);
            }
            if entry.has_key {
                let key_path = path.join(KEY_FILE);
                let pem = Zeroizing::new(read(&key_path)?);
                let key = PKey::private_key_from_pem(&pem).map_err(|_| {
                    Error::new(
                        ErrorKind::Malformed,
                        format!("{}: the private key cannot be read", key_path.display()),
                    )
                })?;
                bundle.private_key = Some(PrivateKey::new(key));
            }
        }
        if let Some(meta) = &entry.metadata {
            if let Some(first) = bundle.certificates.first_mut() {
                first.friendly_name = meta.friendly_name.clone();
            }
        }
        Ok(bundle)
    }
}

fn not_an_entry(path: &Path) -> Error {
    Error::new(
        ErrorKind::Usage,
        format!(
            "{} is not a store entry certkit made: leave it alone or remove it by hand",
            path.display()
        ),
    )
}

fn read_personal(dir: &Path, name: &str) -> Option<Entry> {
    let certs = pem_certificates(&read_no_follow(&dir.join(CERT_FILE)).ok()?);
    let certificate = certs.into_iter().next()?;
    let has_key = fs::symlink_metadata(dir.join(KEY_FILE)).is_ok_and(|m| m.is_file());
    let metadata = read_no_follow(&dir.join(METADATA_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice::<Metadata>(&b).ok());
    Some(Entry {
        store: LogicalStore::Personal,
        name: name.to_string(),
        certificate,
        has_key,
        metadata,
    })
}

fn read_ca(path: &Path, name: &str, store: LogicalStore) -> Option<Entry> {
    let certificate = pem_certificates(&read_no_follow(path).ok()?)
        .into_iter()
        .next()?;
    Some(Entry {
        store,
        name: name.to_string(),
        certificate,
        has_key: false,
        metadata: None,
    })
}

/// The certificates of a PEM text (other blocks ignored).
pub fn pem_certificates(bytes: &[u8]) -> Vec<Certificate> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Vec::new();
    }
    openssl::x509::X509::stack_from_pem(bytes)
        .unwrap_or_default()
        .iter()
        .filter_map(|x| x.to_der().ok())
        .filter_map(|der| Certificate::from_der(der).ok())
        .collect()
}

/// One certificate as PEM (LF line ends, as OpenSSL writes).
pub fn pem_of(cert: &Certificate) -> Vec<u8> {
    crate::encode::pem::certificate(cert).into_bytes()
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

fn random_hex() -> String {
    let mut buf = [0u8; 8];
    openssl::rand::rand_bytes(&mut buf).expect("openssl random bytes");
    hex::encode(buf)
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

/// Hidden items (name starts with a dot) of a folder; none when it does not exist.
fn hidden_items(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let listing = match fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", dir, &e)),
    };
    let mut out = Vec::new();
    for item in listing {
        let item = item.map_err(|e| Error::io("read", dir, &e))?;
        if let Ok(name) = item.file_name().into_string() {
            if name.starts_with('.') {
                out.push((name, item.path()));
            }
        }
    }
    Ok(out)
}

/// Removes a file, link or folder (a link is removed, never followed).
fn remove_any(path: &Path) -> Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    };
    result.map_err(|e| Error::io("remove", path, &e))
}

/// Refuses a folder of the store that is a symbolic link (it could lead writes elsewhere).
fn ensure_real_dir(dir: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(dir).map_err(|e| Error::io("read", dir, &e))?;
    if meta.file_type().is_symlink() {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "{} is a symbolic link: certkit does not write through links inside the store; replace it with a folder",
                dir.display()
            ),
        ));
    }
    if !meta.is_dir() {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "{} is not a folder: the store is damaged; move it aside",
                dir.display()
            ),
        ));
    }
    Ok(())
}

fn create_store_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o755);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io("create the store", dir, &e))
}

fn create_dir_mode(dir: &Path, mode: u32) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, mode);
    #[cfg(not(unix))]
    let _ = mode;
    builder
        .recursive(false)
        .create(dir)
        .map_err(|e| Error::io("create", dir, &e))
}

/// Opens a file without following a symbolic link at its path.
fn open_no_follow(path: &Path, create: bool) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    if create {
        options.write(true).create(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
    }
    #[cfg(not(unix))]
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other("is a symbolic link"));
    }
    options.open(path)
}

/// Reads a whole file, refusing a symbolic link at its path.
fn read_no_follow(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = open_no_follow(path, false)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Moves the complete entry `new` to `target`, which exists: one atomic exchange on Linux
/// (afterwards `new` holds the old entry); elsewhere the old entry is first moved aside under
/// a name recovery understands, then `new` renamed into place and the old one left at `new`.
fn swap_dirs(new: &Path, target: &Path, parent: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(new.as_os_str().as_bytes()).expect("paths have no NUL");
        let b = CString::new(target.as_os_str().as_bytes()).expect("paths have no NUL");
        // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if !matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(Error::io("replace", target, &err));
        }
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = parent.join(format!("{OLD_DIR_PREFIX}{}~{name}", random_hex()));
    fs::rename(target, &aside).map_err(|e| Error::io("replace", target, &e))?;
    fs::rename(new, target).map_err(|e| Error::io("replace", target, &e))?;
    fs::rename(&aside, new).map_err(|e| Error::io("replace", target, &e))?;
    Ok(())
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

/// Looks a group up by name (or number).
#[cfg(unix)]
pub fn resolve_group(name: &str) -> Result<Group> {
    let missing = || {
        Error::new(
            ErrorKind::Usage,
            format!(
                "group {name:?} does not exist: create it (groupadd) or name an existing group"
            ),
        )
    };
    if let Ok(gid) = name.parse::<u32>() {
        return Ok(Group {
            name: name.to_string(),
            gid,
        });
    }
    let cname = std::ffi::CString::new(name).map_err(|_| missing())?;
    let mut size = 4096usize;
    loop {
        let mut buf: Vec<libc::c_char> = vec![0; size];
        // SAFETY: an all-zero `group` is a valid out-parameter; getgrnam_r fills it and points
        // its strings into `buf`, which outlives the call; we only copy gr_gid out.
        let mut grp: libc::group = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::group = std::ptr::null_mut();
        let rc = unsafe {
            libc::getgrnam_r(
                cname.as_ptr(),
                &mut grp,
                buf.as_mut_ptr(),
                buf.len(),
                &mut result,
            )
        };
        if rc == libc::ERANGE && size < 1 << 20 {
            size *= 4;
            continue;
        }
        if rc != 0 || result.is_null() {
            return Err(missing());
        }
        return Ok(Group {
            name: name.to_string(),
            gid: grp.gr_gid,
        });
    }
}

#[cfg(not(unix))]
pub fn resolve_group(name: &str) -> Result<Group> {
    Err(Error::new(
        ErrorKind::Usage,
        format!("cannot grant {name:?} read access: groups and file modes exist on Unix only"),
    ))
}

/// Makes the key file readable by `group`: its group becomes `group`, its mode 0640.
#[cfg(unix)]
fn set_group(path: &Path, group: &Group) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let file = open_no_follow(path, false).map_err(|e| Error::io("open", path, &e))?;
    std::os::unix::fs::fchown(&file, None, Some(group.gid)).map_err(|e| {
        Error::io(
            &format!("give group {} read access to", group.name),
            path,
            &e,
        )
    })?;
    file.set_permissions(fs::Permissions::from_mode(0o640))
        .map_err(|e| Error::io("change the mode of", path, &e))?;
    file.sync_all().map_err(|e| Error::io("write", path, &e))
}

#[cfg(not(unix))]
fn set_group(_path: &Path, group: &Group) -> Result<()> {
    resolve_group(&group.name).map(|_| ())
}

/// Whether the key file has the group and mode a grant gives (always true without a grant).
#[cfg(unix)]
fn key_has_group(path: &Path, group: Option<&Group>) -> bool {
    use std::os::unix::fs::MetadataExt;
    match group {
        None => true,
        Some(g) => {
            fs::symlink_metadata(path).is_ok_and(|m| m.gid() == g.gid && m.mode() & 0o777 == 0o640)
        }
    }
}

#[cfg(not(unix))]
fn key_has_group(_path: &Path, group: Option<&Group>) -> bool {
    group.is_none()
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

    #[cfg(unix)]
    #[test]
    fn unknown_groups_are_refused() {
        assert_eq!(resolve_group("root").unwrap().gid, 0);
        let err = resolve_group("no-such-group-certkit").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage);
    }
}
