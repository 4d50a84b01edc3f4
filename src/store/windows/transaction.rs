//! One change of the Windows stores ([`Transaction`]): the snapshot planning reads, and a
//! plan's steps as crypt32 calls — a certificate added with its friendly name and linked to
//! its private key, a read grant on that key. The keys of a plan are stored first, by the
//! chosen [`KeyStorage`] (CNG or CryptoAPI), before any certificate is written: a key that
//! cannot be stored (an EC key for CryptoAPI, CNG under wine) changes nothing.

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr;

use windows_sys::Win32::Security::Cryptography::{
    CertAddCertificateContextToStore, CertCreateCertificateContext,
    CertSetCertificateContextProperty, CERT_FRIENDLY_NAME_PROP_ID, CERT_STORE_ADD_NEW,
    CRYPT_INTEGER_BLOB,
};

use super::crypt32::{system_name, wide, Context, KeyProvInfo, ENCODING};
use super::keys::{self, KeyStorage};
use super::{WindowsStore, CONTAINER_PREFIX};
use crate::error::Result;
use crate::model::{Certificate, PrivateKey};
use crate::store::plan::{KeySource, Step, Stored};
use crate::store::{Grantee, LogicalStore, PersonalWrite, Plan, Snapshot, Transaction};

/// A change in progress. crypt32 serialises writers itself, so there is no lock to hold.
pub struct WindowsTransaction<'a> {
    pub(super) store: &'a WindowsStore,
    /// Accounts looked up so far (the grantee of the snapshot first): a plan names its
    /// account again at each step, and each is looked up once.
    pub(super) sids: RefCell<Vec<(String, Vec<u8>)>>,
    /// Where new keys go (`--key-provider`).
    pub(super) storage: &'static dyn KeyStorage,
    /// Keys stored by [`Transaction::check`], by certificate thumbprint, until their
    /// certificate is written; those left when the transaction ends are deleted.
    pub(super) stored_keys: RefCell<Vec<(String, KeyProvInfo)>>,
}

impl Drop for WindowsTransaction<'_> {
    /// A key whose certificate was never written (a later step failed) is deleted again.
    fn drop(&mut self) {
        for (_, link) in self.stored_keys.get_mut().drain(..) {
            self.storage.delete(&link);
        }
    }
}

impl WindowsTransaction<'_> {
    /// Stores the key of `certificate` in a key of its own, `certkit-<thumbprint>`.
    fn store_key(&self, certificate: &Certificate, key: &PrivateKey) -> Result<KeyProvInfo> {
        let name = format!(
            "{CONTAINER_PREFIX}{}",
            certificate.sha1_hex().to_lowercase()
        );
        self.storage
            .import(&name, key, self.store.machine_flag() != 0)
            .map_err(|e| self.store.in_location(e))
    }

    /// The SID of `account`, looked up at most once per transaction.
    fn sid_of(&self, account: &str) -> Result<Vec<u8>> {
        if let Some((_, sid)) = self.sids.borrow().iter().find(|(n, _)| n == account) {
            return Ok(sid.clone());
        }
        let sid = super::security::lookup_account(account)?;
        self.sids
            .borrow_mut()
            .push((account.to_string(), sid.clone()));
        Ok(sid)
    }
}

impl Transaction for WindowsTransaction<'_> {
    fn snapshot(&self, grantee: Option<&Grantee>) -> Result<Snapshot> {
        let sid = grantee.map(|g| self.store.sid(g)).transpose()?;
        if let (Some(g), Some(sid)) = (grantee, &sid) {
            self.sids.borrow_mut().push((g.name.clone(), sid.clone()));
        }
        let mut entries = Vec::new();
        for store in LogicalStore::ALL {
            for (entry, ctx) in self.store.read(store)? {
                let mut stored = Stored::new(entry);
                if let (Some(sid), true, LogicalStore::Personal) =
                    (&sid, stored.entry.has_key, store)
                {
                    // Every personal key is looked at, not only those of this import: one
                    // that cannot be opened (a CNG key, another user's container) counts as
                    // not readable, and only fails the import if the plan grants on it.
                    stored.grantee_reads = ctx.key_prov_info().is_some_and(|info| {
                        matches!(self.store.grant_on_container(&info, sid, false), Ok(false))
                    });
                }
                entries.push(stored);
            }
        }
        Ok(Snapshot { entries })
    }

    /// Checks every key against the storage, then stores them all, before any certificate
    /// is written: a key that cannot be stored changes nothing.
    fn check(&self, plan: &Plan) -> Result<()> {
        let writes: Vec<&PersonalWrite> = plan
            .certificates
            .iter()
            .filter_map(|planned| match &planned.step {
                Some(Step::WritePersonal(write)) => Some(&**write),
                _ => None,
            })
            .collect();
        for write in &writes {
            if let KeySource::New(key) = &write.key {
                self.storage
                    .accepts(key)
                    .map_err(|e| self.store.in_location(e))?;
            }
        }
        for write in writes {
            if let KeySource::New(key) = &write.key {
                // On failure, Drop deletes the keys stored so far.
                let link = self.store_key(&write.certificate, key)?;
                self.stored_keys
                    .borrow_mut()
                    .push((write.certificate.sha1_hex(), link));
            }
        }
        Ok(())
    }

    fn write_personal(&mut self, write: &PersonalWrite) -> Result<()> {
        match &write.key {
            KeySource::New(key) => {
                let thumbprint = write.certificate.sha1_hex();
                let stored = {
                    let mut keys = self.stored_keys.borrow_mut();
                    let found = keys.iter().position(|(t, _)| *t == thumbprint);
                    found.map(|i| keys.remove(i).1)
                };
                let link = match stored {
                    Some(link) => link,
                    None => self.store_key(&write.certificate, key)?,
                };
                let added = self.store.add(
                    LogicalStore::Personal,
                    &write.certificate,
                    &write.name,
                    Some(&link),
                    write.replace,
                );
                if added.is_err() {
                    self.storage.delete(&link);
                }
                added?;
            }
            KeySource::Absent if !write.replace => self.store.add(
                LogicalStore::Personal,
                &write.certificate,
                &write.name,
                None,
                false,
            )?,
            // The same certificate with the key it has: these stores keep no chain or
            // metadata per entry, so there is nothing to rewrite.
            KeySource::Absent | KeySource::Keep => {}
        }
        if let (Some(account), true) = (&write.read_group, write.key.is_present()) {
            let sid = self.sid_of(account)?;
            self.store.grant_entry(&write.name, &sid, true)?;
        }
        Ok(())
    }

    fn write_ca(
        &mut self,
        store: LogicalStore,
        name: &str,
        certificate: &Certificate,
    ) -> Result<()> {
        self.store.add(store, certificate, name, None, false)
    }

    fn grant_read(&mut self, name: &str, group: &str) -> Result<()> {
        let sid = self.sid_of(group)?;
        self.store.grant_entry(name, &sid, true).map(drop)
    }
}

impl WindowsStore {
    /// Adds `certificate` to `store` under `name` (replacing the one with the same
    /// thumbprint when `replace`), linked to the key `link` names.
    fn add(
        &self,
        store: LogicalStore,
        certificate: &Certificate,
        name: &str,
        link: Option<&KeyProvInfo>,
        replace: bool,
    ) -> Result<()> {
        // Written to the location's own store: with the merged view, a copy inherited from
        // LocalMachine would make CERT_STORE_ADD_NEW fail for a CurrentUser import.
        let system = self.open_own(store, true)?;
        let der = certificate.der();
        // SAFETY: `der` is a valid buffer of the given length for the duration of the call.
        let raw = unsafe { CertCreateCertificateContext(ENCODING, der.as_ptr(), der.len() as u32) };
        if raw.is_null() {
            return Err(self.failure("CertCreateCertificateContext"));
        }
        let ctx = Context(raw);
        let friendly = wide(name);
        let blob = CRYPT_INTEGER_BLOB {
            cbData: (friendly.len() * 2) as u32,
            pbData: friendly.as_ptr() as *mut u8,
        };
        // SAFETY: the property data is a CRYPT_DATA_BLOB over a NUL-terminated UTF-16 string
        // that outlives the call (crypt32 copies it).
        if unsafe {
            CertSetCertificateContextProperty(
                ctx.0,
                CERT_FRIENDLY_NAME_PROP_ID,
                0,
                &blob as *const _ as *const c_void,
            )
        } == 0
        {
            return Err(self.failure("setting the friendly name"));
        }
        if let Some(link) = link {
            ctx.set_key_link(link).map_err(|()| {
                self.failure("linking the private key (CERT_KEY_PROV_INFO_PROP_ID)")
            })?;
        }
        let mut old_key = None;
        if replace {
            // Only this location's own copy is replaced; one inherited from LocalMachine stays.
            if let Some(old) = system.find_sha1(certificate) {
                old_key = old.key_prov_info();
                old.delete()
                    .map_err(|()| self.failure("removing the old certificate"))?;
                system
                    .commit()
                    .map_err(|()| self.failure("committing the store"))?;
            }
        }
        // SAFETY: both handles are valid; no context is returned.
        if unsafe {
            CertAddCertificateContextToStore(
                system.handle,
                ctx.0,
                CERT_STORE_ADD_NEW,
                ptr::null_mut(),
            )
        } == 0
        {
            return Err(self.failure(&format!("adding the certificate to {}", system_name(store))));
        }
        system
            .commit()
            .map_err(|()| self.failure("committing the store"))?;
        // The old key of a replaced certificate, when certkit made it in the other storage
        // (the new key took the same name in its own storage, replacing one there).
        if let Some(old) = old_key.filter(|old| {
            old.container.starts_with(CONTAINER_PREFIX)
                && link.is_none_or(|new| new.prov_type != old.prov_type)
        }) {
            keys::holding(&old).delete(&old);
        }
        Ok(())
    }
}
