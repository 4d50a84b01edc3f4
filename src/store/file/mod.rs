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

//!
//! The module is split by concern: [`transaction`] carries out a plan's steps, [`repair`]
//! cleans up after killed writers and keeps the hash links, [`group`] handles the key
//! readers' group, [`fsio`] holds the no-follow, atomic file primitives.

mod fsio;
mod group;
mod repair;
mod transaction;

use std::fs;
use std::path::{Path, PathBuf};

use openssl::pkey::PKey;
use zeroize::Zeroizing;

use self::fsio::{
    create_store_dir, ensure_real_dir, open_no_follow, random_hex, read_no_follow, sync_dir,
};
use self::group::{from_grantee, key_has_group, resolve_group, set_group, Group};
use self::transaction::FileTransaction;
use super::{
    CertificateStore, Entry, Grantee, GranteeId, KeyLocation, KeyProvider, LogicalStore, Metadata,
    Transaction,
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

/// A held store lock; released when dropped (or when the process dies).
struct Lock {
    _file: fs::File,
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

    /// Gives `group` read access to the key of the personal entry `name`; the caller holds
    /// the exclusive lock.
    fn grant_locked(&self, name: &str, group: &Group) -> Result<()> {
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
        set_group(&dir.join(KEY_FILE), group)?;
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

    fn begin(
        &self,
        dry_run: bool,
        key_provider: Option<KeyProvider>,
    ) -> Result<Box<dyn Transaction + '_>> {
        if let Some(provider) = key_provider {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "--key-provider {} chooses where the Windows certificate stores keep keys; the store folder {} keeps them in key files: drop --key-provider, or use --store windows",
                    provider.as_str(),
                    self.location()
                ),
            ));
        }
        Ok(Box::new(FileTransaction::begin(self, dry_run)?))
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

    fn grantee(&self, group: &str) -> Result<Grantee> {
        let group = resolve_group(group)?;
        Ok(Grantee {
            name: group.name,
            id: GranteeId::Gid(group.gid),
        })
    }

    fn grant_read(&self, name: &str, grantee: &Grantee) -> Result<()> {
        Self::check_name(name)?;
        let group = from_grantee(grantee)?;
        let _lock = self.lock_exclusive()?;
        self.grant_locked(name, &group)
    }

    fn key_location(&self, entry: &Entry) -> Result<Option<KeyLocation>> {
        Ok(
            (entry.store == LogicalStore::Personal && entry.has_key).then(|| {
                KeyLocation::File(
                    self.entry_path(LogicalStore::Personal, &entry.name)
                        .join(KEY_FILE),
                )
            }),
        )
    }

    fn key_readable_by(&self, entry: &Entry, grantee: &Grantee) -> Result<bool> {
        let Some(KeyLocation::File(key)) = self.key_location(entry)? else {
            return Ok(false);
        };
        let group = from_grantee(grantee)?;
        // Readable through the group a grant gives, or by anyone.
        Ok(key_has_group(&key, Some(&group)) || crate::accounts::world_readable(&key))
    }

    fn certificate_file(&self, entry: &Entry) -> Option<PathBuf> {
        let path = self.entry_path(entry.store, &entry.name);
        Some(match entry.store {
            LogicalStore::Personal => path.join(CERT_FILE),
            _ => path,
        })
    }

    fn crl_dir(&self) -> Option<PathBuf> {
        Some(super::crl::folder(&self.dir))
    }

    fn open(&self, entry: &Entry) -> Result<Bundle> {
        let _lock = self.lock_shared()?;
        let path = self.entry_path(entry.store, &entry.name);
        let cert_path = self
            .certificate_file(entry)
            .expect("the folder store keeps every certificate in a file");
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
