//! The certificate store: where `import` installs certificates and where `store`, `export` and
//! `verify-chain` find them.
//!
//! Like the Windows certificate stores it mirrors, it has three logical stores: `personal`
//! (certificates with their private keys), `root` (trusted anchors) and `intermediate` (other
//! CAs). Commands talk to it only through the small [`CertificateStore`] trait, so that a
//! second implementation over the real Windows stores (crypt32) can sit beside the plain-file
//! one in [`file`] without touching the commands. What an import writes (store, entry name,
//! added/unchanged/replaced, key grants) is decided once, above the backends, in [`plan`];
//! a backend only lists, reads, writes, removes and grants.
//!
//! A new backend (say, the operating system's trust stores) implements [`CertificateStore`]
//! (`location`, `entries`, `open`, `remove`, `grantee`, `grant_read`, `key_location`,
//! `key_readable_by`, `begin`; `certificate_file`, `crl_dir` and `hashed_dir` when it keeps
//! files) and the [`Transaction`] that `begin` returns (`snapshot`, `write_personal`,
//! `write_ca`, `grant_read`; `check`, `add_crl` and `finish` when it needs them). It decides no
//! names and no actions. Operations reach a store only through these two traits: none names a
//! backend or builds a path inside a store.

pub mod capi_blob;
pub mod cng_blob;
pub mod crl;
pub mod file;
pub mod location;
pub mod plan;
#[cfg(windows)]
pub mod windows;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, Format};

pub use crl::{CrlAction, StoredCrl};
pub use file::FileStore;
pub use plan::{PersonalWrite, Plan, Snapshot};

/// One of the three logical stores.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum LogicalStore {
    /// Certificates with their private keys (Windows "Personal", `My`).
    Personal,
    /// CAs that are not trust anchors (Windows "Intermediate Certification Authorities", `CA`).
    Intermediate,
    /// Trust anchors (Windows "Trusted Root Certification Authorities", `Root`).
    Root,
}

impl LogicalStore {
    pub const ALL: [LogicalStore; 3] = [
        LogicalStore::Personal,
        LogicalStore::Intermediate,
        LogicalStore::Root,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LogicalStore::Personal => "personal",
            LogicalStore::Intermediate => "intermediate",
            LogicalStore::Root => "root",
        }
    }
}

impl std::fmt::Display for LogicalStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the store remembers about how an entry got there (the personal metadata file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub version: u32,
    pub name: String,
    /// PKCS#12 friendly name of the certificate (or its key) in the imported file.
    pub friendly_name: Option<String>,
    /// SHA-1 thumbprint, uppercase hex.
    pub thumbprint: String,
    /// The input it was imported from, as named on the command line.
    pub source: String,
    pub source_format: Option<Format>,
    /// RFC 3339 time of the import.
    pub imported_at: String,
    /// The group granted read access to the private key, when one was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_group: Option<String>,
}

/// One certificate in the store.
#[derive(Debug, Clone)]
pub struct Entry {
    pub store: LogicalStore,
    /// The entry's name: a directory under `personal/`, a `NAME.pem` file under the others.
    pub name: String,
    pub certificate: Certificate,
    pub has_key: bool,
    /// Personal entries only.
    pub metadata: Option<Metadata>,
}

impl Entry {
    pub fn thumbprint(&self) -> String {
        self.certificate.sha1_hex()
    }
}

/// The result of [`CertificateStore::held_key_check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldKeyCheck {
    /// Where the key is (for messages), e.g. the key container and provider.
    pub holder: String,
    /// The key's public half equals the certificate's public key.
    pub public_key_match: bool,
    /// A signature made with the held key verified with the certificate (`None`: not run).
    pub signature_verified: Option<bool>,
    /// The provider that holds the key, e.g. "Microsoft Enhanced RSA and AES Cryptographic
    /// Provider (CryptoAPI, type 24)" or "Microsoft Software Key Storage Provider (CNG)".
    pub provider: Option<String>,
    /// The signature's hash algorithm, when a signature was made ("SHA-256").
    pub signature_hash: Option<String>,
    /// Whether the key's own provider can sign SHA-256 (`false` for PROV_RSA_FULL, whose keys
    /// TLS 1.2 servers without SHA-1 and TLS 1.3 client authentication reject; the check then
    /// signed through the AES provider). `None` when not checked.
    pub provider_signs_sha256: Option<bool>,
    /// Which kind of key storage holds the key, when the store knows.
    pub storage: Option<HeldKeyStorage>,
}

/// The kind of key storage that holds a key a store keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeldKeyStorage {
    /// CNG (a key storage provider): what TLS 1.3 client authentication and every modern
    /// Windows tool use.
    Cng,
    /// A CryptoAPI provider of the given type (1: PROV_RSA_FULL, 24: PROV_RSA_AES).
    CryptoApi { prov_type: u32 },
}

/// Where the Windows store keeps new private keys (`import --key-provider`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum KeyProvider {
    /// CNG, the Microsoft Software Key Storage Provider (RSA and EC keys).
    #[default]
    Cng,
    /// CryptoAPI, the Microsoft Enhanced RSA and AES Cryptographic Provider (RSA keys only).
    Capi,
}

impl KeyProvider {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyProvider::Cng => "cng",
            KeyProvider::Capi => "capi",
        }
    }
}

/// Where a personal entry's private key is kept: what decides who can read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyLocation {
    /// A key file the store wrote (the folder store): its owner, group and mode, and those of
    /// the folders above it, decide who reads it.
    File(PathBuf),
    /// A key the store keeps and does not hand out (a Windows key container): only the store
    /// can say who reads it ([`CertificateStore::key_readable_by`]). `holder` names it for
    /// messages, e.g. the container and its provider.
    Held { holder: String },
}

/// A group or account that may be given read access to private keys, looked up once by the
/// store that grants it (`--grant-read`, `store grant`, `doctor --account`) and then passed
/// down, so that the lookup is not repeated at every step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grantee {
    /// As the user named it.
    pub name: String,
    pub id: GranteeId,
}

/// What a [`Grantee`] is to the system that checks access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GranteeId {
    /// A Unix group id (the folder store gives key files to a group).
    Gid(u32),
    /// A Windows security identifier (a user, group or well-known account).
    Sid(Vec<u8>),
}

/// What importing one certificate did (or, in a dry run, would do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A new entry.
    Added,
    /// The same certificate (by thumbprint) with the same files was already there.
    Unchanged,
    /// The certificate was there but its files differed (key added, chain or group changed).
    Replaced,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Added => "added",
            Action::Unchanged => "unchanged",
            Action::Replaced => "replaced",
        }
    }
}

/// The interface `import`, `export`, `verify-chain` and `store` use. Every method is I/O:
/// listing, reading, writing one entry, removing one, granting read access. What to write is
/// decided above the backends by [`plan`]. Implementations must make
/// [`begin`](CertificateStore::begin) and [`remove`](CertificateStore::remove) safe against
/// concurrent certkit processes and against being killed half-way.
pub trait CertificateStore {
    /// Where the store is, for messages (`certkit store path`).
    fn location(&self) -> String;

    /// Every entry of one logical store, sorted by name. An absent store is empty.
    fn entries(&self, store: LogicalStore) -> Result<Vec<Entry>>;

    /// Starts a change: takes the store's write lock (a read lock when `dry_run`; a dry run
    /// creates nothing) for as long as the transaction lives, so that the snapshot a plan is
    /// made from is still true when the plan is executed.
    /// `key_provider` chooses where new private keys go, in a store that has a choice (the
    /// Windows stores); a store without one refuses it.
    fn begin(
        &self,
        dry_run: bool,
        key_provider: Option<KeyProvider>,
    ) -> Result<Box<dyn Transaction + '_>>;

    /// Deletes one entry (and, for CAs, its hash links).
    fn remove(&self, store: LogicalStore, name: &str) -> Result<()>;

    /// Looks `group` up (a Unix group, or a Windows account or group): an error when it does
    /// not exist, so that callers can refuse before anything is read or changed.
    fn grantee(&self, group: &str) -> Result<Grantee>;

    /// Gives `grantee` read access to the private key of a personal entry.
    fn grant_read(&self, name: &str, grantee: &Grantee) -> Result<()>;

    /// Where the private key of a personal entry is kept; `None` when it has none.
    fn key_location(&self, entry: &Entry) -> Result<Option<KeyLocation>>;

    /// Whether `grantee` can read the private key of a personal entry, as the store judges
    /// it (a key file's group and mode, a key container's access list).
    fn key_readable_by(&self, entry: &Entry, grantee: &Grantee) -> Result<bool>;

    /// The accounts that can read the private key of a personal entry, by name, as the key's
    /// own access list says (a key the store keeps); `None` when the store cannot list them
    /// (a key file: its owner, group and mode say it).
    fn key_readers(&self, _entry: &Entry) -> Result<Option<Vec<String>>> {
        Ok(None)
    }

    /// A file holding the entry's certificate that other tools (and `certkit import`) read,
    /// when the store keeps one.
    fn certificate_file(&self, _entry: &Entry) -> Option<PathBuf> {
        None
    }

    /// The folder of the CRLs the store keeps (see [`crl`]), when it keeps any; it may not
    /// exist yet.
    fn crl_dir(&self) -> Option<PathBuf> {
        None
    }

    /// The CRLs the store keeps, by file name.
    fn crls(&self) -> Vec<StoredCrl> {
        self.crl_dir()
            .map(|dir| crl::list(&dir))
            .unwrap_or_default()
    }

    /// The entry's certificate, its chain and, for personal entries, its private key.
    fn open(&self, entry: &Entry) -> Result<Bundle>;

    /// For a personal entry whose private key the store keeps and does not hand out (the
    /// Windows stores): that key checked against the certificate by the store itself. `None`
    /// when [`open`](CertificateStore::open) returns the key, or the entry has none.
    fn held_key_check(&self, _entry: &Entry) -> Result<Option<HeldKeyCheck>> {
        Ok(None)
    }

    /// Every entry of every logical store (personal, intermediate, root).
    fn all_entries(&self) -> Result<Vec<Entry>> {
        let mut all = Vec::new();
        for store in LogicalStore::ALL {
            all.extend(self.entries(store)?);
        }
        Ok(all)
    }

    /// Entries whose name or SHA-1 thumbprint is `selector` (see [`matching`]).
    fn find(&self, selector: &str, only: Option<LogicalStore>) -> Result<Vec<Entry>> {
        let all = self.all_entries()?;
        Ok(matching(&all, selector, only)
            .into_iter()
            .cloned()
            .collect())
    }

    /// Exactly one entry for `selector`, or an error that says what to do (see [`select`]).
    fn find_one(&self, selector: &str, only: Option<LogicalStore>) -> Result<Entry> {
        select(&self.all_entries()?, selector, only, &self.location()).cloned()
    }

    /// The personal certificates as (entry name, certificate), for `export` from the store.
    fn personal_certificates(&self) -> Result<Vec<(String, Certificate)>> {
        Ok(self
            .entries(LogicalStore::Personal)?
            .into_iter()
            .map(|e| (e.name, e.certificate))
            .collect())
    }

    /// An OpenSSL-style hashed directory (`<subject-hash>.N`) holding one logical store, when
    /// the implementation keeps one: chain building then looks issuers up by hash instead of
    /// reading every certificate.
    fn hashed_dir(&self, _store: LogicalStore) -> Option<PathBuf> {
        None
    }

    /// The certificates of one logical store, for chain building (`verify-chain`).
    fn certificates(&self, store: LogicalStore) -> Result<Vec<Certificate>> {
        Ok(self
            .entries(store)?
            .into_iter()
            .map(|e| e.certificate)
            .collect())
    }
}

/// One change of a store, under its lock: the snapshot to plan from, then the plan's steps
/// ([`plan::execute`] calls them in order). Steps are I/O only: the names, actions and the
/// contents of every entry are already decided.
pub trait Transaction {
    /// Every entry of every logical store, with what planning needs beyond [`Entry`]. With
    /// `grantee` (`--grant-read`), whether it can already read each private key; a grantee
    /// that does not exist is an error here, before anything changes.
    fn snapshot(&self, grantee: Option<&Grantee>) -> Result<Snapshot>;

    /// Refuses a plan this backend cannot store (before its first step runs, so that nothing
    /// changes), e.g. a key type it cannot hold.
    fn check(&self, _plan: &Plan) -> Result<()> {
        Ok(())
    }

    /// Creates a personal entry, or replaces the one of that name (`write.replace`).
    fn write_personal(&mut self, write: &PersonalWrite) -> Result<()>;

    /// Adds a CA certificate to `root` or `intermediate` under `name`.
    fn write_ca(
        &mut self,
        store: LogicalStore,
        name: &str,
        certificate: &Certificate,
    ) -> Result<()>;

    /// Gives `group` read access to the private key of the personal entry `name`.
    fn grant_read(&mut self, name: &str, group: &str) -> Result<()>;

    /// Adds a CRL to the store's CRLs, unless an equal or newer one of the same CA and kind is
    /// there (in a dry run, only says what it would do). Under the same lock as the rest of
    /// the import, so that two imports cannot interleave.
    fn add_crl(&mut self, _der: &[u8]) -> Result<(CrlAction, StoredCrl)> {
        Err(Error::new(
            ErrorKind::Usage,
            "CRLs can only be imported into a folder store (its crl/ folder)",
        ))
    }

    /// After the last step: whatever completes the change (hash links, commits).
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

/// The entries whose name or SHA-1 thumbprint is `selector` (thumbprints in any case, with or
/// without colons or spaces), optionally only in one logical store.
pub fn matching<'e>(
    entries: &'e [Entry],
    selector: &str,
    only: Option<LogicalStore>,
) -> Vec<&'e Entry> {
    let wanted = normalise_thumbprint(selector);
    entries
        .iter()
        .filter(|e| only.is_none_or(|s| s == e.store))
        .filter(|e| e.name == selector || wanted.as_deref().is_some_and(|t| t == e.thumbprint()))
        .collect()
}

/// Exactly one of `entries` [`matching`] `selector`; else an
/// error that says what to do. `location` is the store's, for the message. Callers that have
/// listed the store already select from that listing instead of reading it again.
pub fn select<'e>(
    entries: &'e [Entry],
    selector: &str,
    only: Option<LogicalStore>,
    location: &str,
) -> Result<&'e Entry> {
    let found = matching(entries, selector, only);
    match found[..] {
        [] => Err(Error::new(
            ErrorKind::Usage,
            format!(
                "no entry named {selector:?} (or with that thumbprint) in the store {location}: see `certkit store list`"
            ),
        )),
        [one] => Ok(one),
        _ => Err(Error::new(
            ErrorKind::Usage,
            format!(
                "{selector:?} matches entries in several stores ({}): add --in STORE",
                found
                    .iter()
                    .map(|e| format!("{}/{}", e.store, e.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

/// `AB:CD ef…` → `ABCDEF…` when the text is a SHA-1 thumbprint (40 hex digits), else `None`.
pub fn normalise_thumbprint(text: &str) -> Option<String> {
    let hex: String = text
        .chars()
        .filter(|c| !matches!(c, ':' | ' ' | '\u{200e}'))
        .collect();
    (hex.len() == 40 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| hex.to_uppercase())
}

/// A name not in `taken` (compared without case, for case-insensitive file systems): `base`,
/// else `base-<first 8 thumbprint digits>`, else `base-<whole thumbprint>`.
pub fn unique_name(base: &str, thumbprint: &str, taken: &[String]) -> String {
    let is_taken = |n: &str| taken.iter().any(|t| t.eq_ignore_ascii_case(n));
    let thumb = thumbprint.to_lowercase();
    [
        base.to_string(),
        format!("{base}-{}", &thumb[..8]),
        format!("{base}-{thumb}"),
    ]
    .into_iter()
    .find(|n| !is_taken(n))
    .unwrap_or_else(|| format!("{base}-{thumb}-{}", taken.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_get_a_thumbprint_suffix() {
        let thumb = "ABCDEF0123456789ABCDEF0123456789ABCDEF01";
        assert_eq!(unique_name("a", thumb, &[]), "a");
        assert_eq!(unique_name("a", thumb, &["A".into()]), "a-abcdef01");
        assert_eq!(
            unique_name("a", thumb, &["a".into(), "a-abcdef01".into()]),
            format!("a-{}", thumb.to_lowercase())
        );
    }

    #[test]
    fn thumbprints_are_recognised_in_windows_and_openssl_spelling() {
        let t = "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01";
        assert_eq!(
            normalise_thumbprint(t).unwrap(),
            "ABCDEF0123456789ABCDEF0123456789ABCDEF01"
        );
        assert!(normalise_thumbprint("client.example.com").is_none());
    }
}
