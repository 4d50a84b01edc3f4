//! One change of the Windows stores ([`Transaction`]): the snapshot planning reads, and a
//! plan's steps as crypt32 calls — a certificate added with its friendly name, its private key
//! imported into a key container of its own and linked, a read grant on that container.

use std::cell::RefCell;
use std::ffi::c_void;
use std::ptr;

use windows_sys::Win32::Foundation::GetLastError;
use windows_sys::Win32::Security::Cryptography::{
    CertAddCertificateContextToStore, CertCreateCertificateContext,
    CertSetCertificateContextProperty, CryptAcquireContextW, CryptDestroyKey, CryptImportKey,
    CryptReleaseContext, AT_KEYEXCHANGE, CERT_FRIENDLY_NAME_PROP_ID, CERT_KEY_PROV_INFO_PROP_ID,
    CERT_STORE_ADD_NEW, CRYPT_DELETEKEYSET, CRYPT_INTEGER_BLOB, CRYPT_KEY_PROV_INFO,
    CRYPT_NEWKEYSET, CRYPT_SILENT, MS_ENH_RSA_AES_PROV_W, PROV_RSA_AES,
};

use super::crypt32::{system_name, wide, Context, ENCODING};
use super::{WindowsStore, CONTAINER_PREFIX};
use crate::error::Result;
use crate::model::Certificate;
use crate::store::capi_blob::private_key_blob;
use crate::store::plan::{KeySource, Step, Stored};
use crate::store::{Grantee, LogicalStore, PersonalWrite, Plan, Snapshot, Transaction};

/// `NTE_EXISTS`: the key container already exists.
const NTE_EXISTS: u32 = 0x8009_000F;

/// A change in progress. crypt32 serialises writers itself, so there is no lock to hold.
pub struct WindowsTransaction<'a> {
    pub(super) store: &'a WindowsStore,
    /// Accounts looked up so far (the grantee of the snapshot first): a plan names its
    /// account again at each step, and each is looked up once.
    pub(super) sids: RefCell<Vec<(String, Vec<u8>)>>,
}

impl WindowsTransaction<'_> {
    /// The SID of `account`, looked up at most once per transaction.
    fn sid_of(&self, account: &str) -> Result<Vec<u8>> {
        if let Some((_, sid)) = self.sids.borrow().iter().find(|(n, _)| n == account) {
            return Ok(sid.clone());
        }
        let sid = super::acl::lookup_account(account)?;
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

    /// Converts every key first: an unsupported key (not RSA) changes nothing.
    fn check(&self, plan: &Plan) -> Result<()> {
        for planned in &plan.certificates {
            if let Some(Step::WritePersonal(write)) = &planned.step {
                if let KeySource::New(key) = &write.key {
                    private_key_blob(key)?;
                }
            }
        }
        Ok(())
    }

    fn write_personal(&mut self, write: &PersonalWrite) -> Result<()> {
        match &write.key {
            KeySource::New(key) => {
                let blob = private_key_blob(key)?;
                self.store.add(
                    LogicalStore::Personal,
                    &write.certificate,
                    &write.name,
                    Some(&blob),
                    write.replace,
                )?;
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
    /// thumbprint when `replace`), with its key in a container of its own.
    fn add(
        &self,
        store: LogicalStore,
        certificate: &Certificate,
        name: &str,
        key_blob: Option<&[u8]>,
        replace: bool,
    ) -> Result<()> {
        // Written to the location's own store: with the merged view, a copy inherited from
        // LocalMachine would make CERT_STORE_ADD_NEW fail for a CurrentUser import.
        let system = self.open_own(store, true)?;
        let der = &certificate.der;
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
        if let Some(blob) = key_blob {
            let container = format!(
                "{CONTAINER_PREFIX}{}",
                certificate.sha1_hex().to_lowercase()
            );
            self.import_key(&container, blob)?;
            let mut container_w = wide(&container);
            let info = CRYPT_KEY_PROV_INFO {
                pwszContainerName: container_w.as_mut_ptr(),
                pwszProvName: MS_ENH_RSA_AES_PROV_W as *mut u16,
                dwProvType: PROV_RSA_AES,
                dwFlags: self.machine_flag(),
                cProvParam: 0,
                rgProvParam: ptr::null_mut(),
                dwKeySpec: AT_KEYEXCHANGE,
            };
            // SAFETY: `info` and the strings it points to outlive the call (crypt32 copies).
            if unsafe {
                CertSetCertificateContextProperty(
                    ctx.0,
                    CERT_KEY_PROV_INFO_PROP_ID,
                    0,
                    &info as *const _ as *const c_void,
                )
            } == 0
            {
                return Err(self.failure("linking the private key (CERT_KEY_PROV_INFO_PROP_ID)"));
            }
        }
        if replace {
            // Only this location's own copy is replaced; one inherited from LocalMachine stays.
            if let Some(old) = system.find_sha1(certificate) {
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
            .map_err(|()| self.failure("committing the store"))
    }

    /// Creates the key container `container` (replacing one of that name) and imports the
    /// `PRIVATEKEYBLOB` into it, with the Enhanced RSA and AES provider: PROV_RSA_FULL (MMC's
    /// choice) cannot sign SHA-256, which TLS 1.2 servers without SHA-1 require
    /// (dotnet/runtime#111785).
    fn import_key(&self, container: &str, blob: &[u8]) -> Result<()> {
        let name = wide(container);
        let flags = self.machine_flag() | CRYPT_SILENT;
        let mut prov = 0usize;
        // SAFETY: out-pointer and NUL-terminated strings valid for the calls.
        let mut ok = unsafe {
            CryptAcquireContextW(
                &mut prov,
                name.as_ptr(),
                MS_ENH_RSA_AES_PROV_W,
                PROV_RSA_AES,
                flags | CRYPT_NEWKEYSET,
            )
        };
        // SAFETY: no preconditions.
        if ok == 0 && unsafe { GetLastError() } == NTE_EXISTS {
            // A container left by an earlier import of this certificate: start afresh.
            let mut gone = 0usize;
            // SAFETY: as above; CRYPT_DELETEKEYSET returns no handle to release.
            unsafe {
                CryptAcquireContextW(
                    &mut gone,
                    name.as_ptr(),
                    MS_ENH_RSA_AES_PROV_W,
                    PROV_RSA_AES,
                    flags | CRYPT_DELETEKEYSET,
                );
                ok = CryptAcquireContextW(
                    &mut prov,
                    name.as_ptr(),
                    MS_ENH_RSA_AES_PROV_W,
                    PROV_RSA_AES,
                    flags | CRYPT_NEWKEYSET,
                );
            }
        }
        if ok == 0 {
            return Err(self.failure(&format!("creating the key container {container}")));
        }
        let mut key = 0usize;
        // SAFETY: `prov` is a valid provider handle and `blob` a buffer of the given length.
        let imported =
            unsafe { CryptImportKey(prov, blob.as_ptr(), blob.len() as u32, 0, 0, &mut key) };
        let result = if imported == 0 {
            Err(self.failure(&format!("importing the private key into {container}")))
        } else {
            // SAFETY: `key` is the handle just returned.
            unsafe { CryptDestroyKey(key) };
            Ok(())
        };
        // SAFETY: `prov` was acquired above and is released once.
        unsafe { CryptReleaseContext(prov, 0) };
        result
    }
}
