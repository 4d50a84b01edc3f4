//! The store over the real Windows certificate stores (crypt32), behind the same
//! [`CertificateStore`] interface as the folder store: `--store windows` (CurrentUser, the
//! default on Windows) and `--store windows:LocalMachine` (MMC's "Computer account").
//!
//! `personal` is the system store `MY`, `intermediate` is `CA`, `root` is `ROOT`. Entry names
//! follow the folder store's rule (friendly name, else subject CN, made safe; collisions get a
//! thumbprint suffix) and an import records the chosen name as the certificate's friendly name
//! (`CERT_FRIENDLY_NAME_PROP_ID`, MMC's "Friendly Name" column) so it stays stable.
//!
//! A private key is stored under a name of its own (`certkit-<thumbprint>`) by a
//! [`keys::KeyStorage`]: CNG's Microsoft Software Key Storage Provider by default (RSA and EC),
//! or a CryptoAPI container of the Enhanced RSA and AES provider (`--key-provider capi`, RSA
//! only); not exportable, machine keys for LocalMachine. It is linked to the certificate with
//! `CERT_KEY_PROV_INFO_PROP_ID` before the certificate is added, so that
//! `CryptAcquireCertificatePrivateKey` finds it. Every change is committed with
//! `CertControlStore(CERT_STORE_CTRL_COMMIT)`.
//!
//! What to write is decided by the store planner ([`crate::store::plan`]); this backend
//! lists, reads and carries out the plan's steps ([`transaction`]). [`crypt32`] wraps the
//! store and certificate handles, [`keys`] the two key storages, [`security`] the keys'
//! access lists and [`acl`] the grants made with them.

mod acl;
#[cfg(test)]
mod bcrypt_sign;
mod crypt32;
mod keys;
mod ncrypt_sign;
mod security;
mod transaction;

use std::collections::HashSet;
use std::ffi::c_void;
use std::path::PathBuf;

use windows_sys::Win32::Foundation::{GetLastError, ERROR_ACCESS_DENIED};
use windows_sys::Win32::Security::Cryptography::{
    CertOpenStore, CERT_STORE_PROV_SYSTEM_REGISTRY_W, CERT_STORE_PROV_SYSTEM_W,
    CERT_STORE_READONLY_FLAG, CERT_SYSTEM_STORE_CURRENT_USER, CERT_SYSTEM_STORE_LOCAL_MACHINE,
    CRYPT_MACHINE_KEYSET,
};

use self::crypt32::{system_name, wide, Context, SystemStore};
use self::transaction::WindowsTransaction;
use super::location::WindowsLocation;
use super::{
    unique_name, CertificateStore, Entry, Grantee, GranteeId, HeldKeyCheck, HeldKeyStorage,
    KeyLocation, KeyProvider, LogicalStore, Transaction,
};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, Format, Source};
use crate::verify::{self, Origin, OriginKind, Purpose, Sources};
use security::lookup_account;

/// Key containers certkit creates start with this; `store remove` deletes only those.
const CONTAINER_PREFIX: &str = "certkit-";

/// The Windows certificate stores of one location.
#[derive(Debug, Clone)]
pub struct WindowsStore {
    location: WindowsLocation,
}

impl WindowsStore {
    pub fn new(location: WindowsLocation) -> Self {
        WindowsStore { location }
    }

    fn machine_flag(&self) -> u32 {
        match self.location {
            WindowsLocation::CurrentUser => 0,
            WindowsLocation::LocalMachine => CRYPT_MACHINE_KEYSET,
        }
    }

    /// The system store as MMC shows it (for CurrentUser, with what it inherits from
    /// LocalMachine): what is listed, opened and checked.
    fn open_system(&self, store: LogicalStore) -> Result<SystemStore> {
        self.open_with(CERT_STORE_PROV_SYSTEM_W, store, false)
    }

    /// Only the location's own registry store, without inherited certificates: every change
    /// happens there, so that a CurrentUser removal never deletes a LocalMachine certificate.
    fn open_own(&self, store: LogicalStore, write: bool) -> Result<SystemStore> {
        self.open_with(CERT_STORE_PROV_SYSTEM_REGISTRY_W, store, write)
    }

    fn open_with(
        &self,
        provider: windows_sys::core::PCSTR,
        store: LogicalStore,
        write: bool,
    ) -> Result<SystemStore> {
        let name = wide(system_name(store));
        let location = match self.location {
            WindowsLocation::CurrentUser => CERT_SYSTEM_STORE_CURRENT_USER,
            WindowsLocation::LocalMachine => CERT_SYSTEM_STORE_LOCAL_MACHINE,
        };
        let flags = location | if write { 0 } else { CERT_STORE_READONLY_FLAG };
        // SAFETY: the provider is a predefined constant and `name` a NUL-terminated string
        // that outlives the call.
        let handle =
            unsafe { CertOpenStore(provider, 0, 0, flags, name.as_ptr() as *const c_void) };
        if handle.is_null() {
            return Err(self.failure(&format!("opening the {} store", system_name(store))));
        }
        Ok(SystemStore { handle })
    }

    /// An error for the failed call `what`, with the Windows error code and, for "access
    /// denied" on LocalMachine, the fix.
    fn failure(&self, what: &str) -> Error {
        // SAFETY: no preconditions.
        let code = unsafe { GetLastError() };
        let hint = if code == ERROR_ACCESS_DENIED && self.location == WindowsLocation::LocalMachine
        {
            ": run certkit as administrator to change windows:LocalMachine"
        } else {
            ""
        };
        Error::new(
            ErrorKind::Io,
            format!(
                "{}: {what} failed (Windows error 0x{code:08X}){hint}",
                self.location()
            ),
        )
    }

    /// `error` with this location in front, as the store's other errors.
    fn in_location(&self, mut error: Error) -> Error {
        error.message = format!("{}: {}", self.location(), error.message);
        error
    }

    /// The entries of one logical store, with the contexts they were read from.
    fn read(&self, store: LogicalStore) -> Result<Vec<(Entry, Context)>> {
        let system = self.open_system(store)?;
        let mut seen = HashSet::new();
        let mut items = Vec::new();
        for ctx in system.contexts() {
            // Certificates certkit cannot parse are not certkit's to list.
            let Ok(cert) = Certificate::from_der(ctx.der().to_vec()) else {
                continue;
            };
            // CurrentUser views include LocalMachine's certificates: list each once.
            if !seen.insert(cert.sha1_hex()) {
                continue;
            }
            let friendly = ctx.friendly_name();
            let base = crate::model::naming::name_for(None, friendly.as_deref(), &cert);
            let has_key = ctx.key_prov_info().is_some() && ctx.key_linked();
            items.push((base, friendly.is_none(), cert, has_key, ctx));
        }
        // Deterministic names whatever the enumeration order: certificates named by import
        // (friendly name) first, then by thumbprint.
        items.sort_by(|a, b| {
            (a.0.to_lowercase(), a.1, a.2.sha1_hex()).cmp(&(
                b.0.to_lowercase(),
                b.1,
                b.2.sha1_hex(),
            ))
        });
        let mut taken: Vec<String> = Vec::new();
        let mut entries = Vec::with_capacity(items.len());
        for (base, _, certificate, has_key, ctx) in items {
            let name = unique_name(&base, &certificate.sha1_hex(), &taken);
            taken.push(name.clone());
            entries.push((
                Entry {
                    store,
                    name,
                    certificate,
                    has_key,
                    metadata: None,
                },
                ctx,
            ));
        }
        entries.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        Ok(entries)
    }

    fn find_named(&self, store: LogicalStore, name: &str) -> Result<(Entry, Context)> {
        self.read(store)?
            .into_iter()
            .find(|(e, _)| e.name == name)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Usage,
                    format!(
                        "no entry named {name:?} in {}\\{}: see `certkit store list`",
                        self.location(),
                        system_name(store)
                    ),
                )
            })
    }
}

impl WindowsStore {
    /// The SID of a grantee: the one looked up by [`CertificateStore::grantee`], else looked
    /// up now.
    fn sid(&self, grantee: &Grantee) -> Result<Vec<u8>> {
        match &grantee.id {
            GranteeId::Sid(sid) => Ok(sid.clone()),
            GranteeId::Gid(_) => lookup_account(&grantee.name),
        }
    }
}

impl CertificateStore for WindowsStore {
    fn location(&self) -> String {
        format!("windows:{}", self.location.as_str())
    }

    fn entries(&self, store: LogicalStore) -> Result<Vec<Entry>> {
        Ok(self.read(store)?.into_iter().map(|(e, _)| e).collect())
    }

    fn begin(
        &self,
        _dry_run: bool,
        key_provider: Option<KeyProvider>,
    ) -> Result<Box<dyn Transaction + '_>> {
        Ok(Box::new(WindowsTransaction {
            store: self,
            sids: Default::default(),
            storage: keys::for_provider(key_provider.unwrap_or_default()),
            stored_keys: Default::default(),
        }))
    }

    fn remove(&self, store: LogicalStore, name: &str) -> Result<()> {
        let (entry, ctx) = self.find_named(store, name)?;
        let key = ctx.key_prov_info();
        drop(ctx);
        let own = self.open_own(store, true)?;
        let found = own.find_sha1(&entry.certificate).ok_or_else(|| {
            let place = format!("{}\\{}", self.location(), system_name(store));
            Error::new(
                ErrorKind::Usage,
                match self.location {
                    WindowsLocation::CurrentUser => format!(
                        "{name} is in {place} only through the computer's store (the user's view includes it): remove it with --store windows:LocalMachine, as administrator"
                    ),
                    WindowsLocation::LocalMachine => format!(
                        "{name} is not in the computer's own {place} store (group policy or another physical store provides it): remove it where it was installed"
                    ),
                },
            )
        })?;
        found
            .delete()
            .map_err(|()| self.failure(&format!("removing {name}")))?;
        own.commit()
            .map_err(|()| self.failure("committing the store"))?;
        drop(own);
        // Delete the key certkit created for it; keys of other tools stay.
        if let Some(info) = key.filter(|k| k.container.starts_with(CONTAINER_PREFIX)) {
            keys::holding(&info).delete(&info);
        }
        Ok(())
    }

    fn grantee(&self, account: &str) -> Result<Grantee> {
        Ok(Grantee {
            name: account.to_string(),
            id: GranteeId::Sid(lookup_account(account)?),
        })
    }

    fn grant_read(&self, name: &str, grantee: &Grantee) -> Result<()> {
        self.grant_entry(name, &self.sid(grantee)?, true).map(drop)
    }

    fn key_location(&self, entry: &Entry) -> Result<Option<KeyLocation>> {
        let (_, ctx) = self.find_named(entry.store, &entry.name)?;
        Ok(ctx.key_prov_info().map(|info| KeyLocation::Held {
            holder: format!("key container {} ({})", info.container, info.provider),
        }))
    }

    fn key_readable_by(&self, entry: &Entry, grantee: &Grantee) -> Result<bool> {
        let sid = self.sid(grantee)?;
        let (_, ctx) = self.find_named(entry.store, &entry.name)?;
        // A key that cannot be opened (a CNG key, another user's container) counts as not
        // readable, as in an import's snapshot.
        Ok(ctx
            .key_prov_info()
            .is_some_and(|info| matches!(self.grant_on_container(&info, &sid, false), Ok(false))))
    }

    fn key_readers(&self, entry: &Entry) -> Result<Option<Vec<String>>> {
        let (_, ctx) = self.find_named(entry.store, &entry.name)?;
        let Some(info) = ctx.key_prov_info() else {
            return Ok(None);
        };
        self.readers_of(&info)
            .map(|readers| {
                Some(
                    readers.unwrap_or_else(|| vec!["Everyone (the key has no access list)".into()]),
                )
            })
            .map_err(|e| self.in_location(e))
    }

    fn held_key_check(&self, entry: &Entry) -> Result<Option<HeldKeyCheck>> {
        let (_, ctx) = self.find_named(entry.store, &entry.name)?;
        let Some(info) = ctx.key_prov_info() else {
            return Ok(None);
        };
        let holder = format!("key container {} ({})", info.container, info.provider);
        let provider = Some(if info.prov_type == 0 {
            format!("{} (CNG)", info.provider)
        } else {
            format!("{} (CryptoAPI, type {})", info.provider, info.prov_type)
        });
        let storage = Some(if info.prov_type == 0 {
            HeldKeyStorage::Cng
        } else {
            HeldKeyStorage::CryptoApi {
                prov_type: info.prov_type,
            }
        });
        Ok(Some(match ctx.check_key(&entry.certificate) {
            Some(proof) => HeldKeyCheck {
                holder,
                public_key_match: proof.public_key_match,
                signature_verified: proof.signature.as_ref().map(|s| s.verified),
                provider,
                signature_hash: proof.signature.as_ref().map(|_| "SHA-256".to_string()),
                provider_signs_sha256: proof.signature.as_ref().map(|s| s.own_provider),
                storage,
            },
            // Linked, but CryptAcquireCertificatePrivateKey cannot open it.
            None => HeldKeyCheck {
                holder: format!(
                    "{holder}, which CryptAcquireCertificatePrivateKey cannot open (Windows error 0x{:08X})",
                    // SAFETY: no preconditions; read right after the failed call.
                    unsafe { GetLastError() }
                ),
                public_key_match: false,
                signature_verified: None,
                provider,
                signature_hash: None,
                provider_signs_sha256: None,
                storage,
            },
        }))
    }

    fn open(&self, entry: &Entry) -> Result<Bundle> {
        let mut bundle = Bundle::new(Source {
            path: Some(PathBuf::from(format!(
                "{}\\{}\\{}",
                self.location(),
                system_name(entry.store),
                entry.name
            ))),
            format: Format::Der,
            pkcs12: None,
        });
        let mut leaf = entry.certificate.clone();
        leaf.friendly_name = Some(entry.name.clone());
        bundle.push_certificate(leaf);
        // The chain as Windows builds it, from the CA and ROOT stores, by the one path engine.
        let mut sources = Sources::new();
        for cert in self.certificates(LogicalStore::Intermediate)? {
            sources.add_untrusted(cert, Origin::new(OriginKind::Store, "CA"));
        }
        for cert in self.certificates(LogicalStore::Root)? {
            sources.add_anchor(cert, Origin::new(OriginKind::Store, "ROOT"));
        }
        let leaf = verify::Entry {
            cert: entry.certificate.clone(),
            origin: Origin::new(OriginKind::Store, system_name(entry.store)),
            trusted: false,
        };
        let options = verify::Options {
            at: time::OffsetDateTime::now_utc(),
            purpose: Purpose::Any,
            max_depth: verify::DEFAULT_MAX_DEPTH,
            strict: false,
        };
        for issuer in verify::build(leaf, &sources, &options)
            .path
            .into_iter()
            .skip(1)
        {
            bundle.push_certificate(issuer.cert);
        }
        Ok(bundle)
    }
}
