//! The store over the real Windows certificate stores (crypt32), behind the same
//! [`CertificateStore`] interface as the folder store: `--store windows` (CurrentUser, the
//! default on Windows) and `--store windows:LocalMachine` (MMC's "Computer account").
//!
//! `personal` is the system store `MY`, `intermediate` is `CA`, `root` is `ROOT`. Entry names
//! follow the folder store's rule (friendly name, else subject CN, made safe; collisions get a
//! thumbprint suffix) and an import records the chosen name as the certificate's friendly name
//! (`CERT_FRIENDLY_NAME_PROP_ID`, MMC's "Friendly Name" column) so it stays stable.
//!
//! A private key is imported into a CryptoAPI key container of its own
//! (`certkit-<thumbprint>`, Microsoft Enhanced Cryptographic Provider, `AT_KEYEXCHANGE`, not
//! exportable) and linked to the certificate with `CERT_KEY_PROV_INFO_PROP_ID` before the
//! certificate is added, so that `CryptAcquireCertificatePrivateKey` finds it. Only RSA keys go
//! through CryptoAPI; EC keys would need CNG and are refused with a clear error. Every change is
//! committed with `CertControlStore(CERT_STORE_CTRL_COMMIT)`.

use std::collections::{HashMap, HashSet};
use std::ffi::c_void;
use std::path::PathBuf;
use std::ptr;

use windows_sys::Win32::Foundation::{GetLastError, LocalFree, ERROR_ACCESS_DENIED};
use windows_sys::Win32::Security::Authorization::{
    SetEntriesInAclW, EXPLICIT_ACCESS_W, GRANT_ACCESS, NO_MULTIPLE_TRUSTEE, TRUSTEE_IS_SID,
    TRUSTEE_IS_UNKNOWN, TRUSTEE_W,
};
use windows_sys::Win32::Security::Cryptography::{
    CertAddCertificateContextToStore, CertCloseStore, CertComparePublicKeyInfo, CertControlStore,
    CertCreateCertificateContext, CertDeleteCertificateFromStore, CertDuplicateCertificateContext,
    CertEnumCertificatesInStore, CertFindCertificateInStore, CertFreeCertificateContext,
    CertGetCertificateContextProperty, CertOpenStore, CertSetCertificateContextProperty,
    CryptAcquireCertificatePrivateKey, CryptAcquireContextW, CryptCreateHash, CryptDestroyHash,
    CryptDestroyKey, CryptExportPublicKeyInfo, CryptGetProvParam, CryptHashData, CryptImportKey,
    CryptReleaseContext, CryptSetProvParam, CryptSignHashW, NCryptFreeObject, AT_KEYEXCHANGE,
    CALG_SHA1, CERT_CONTEXT, CERT_FIND_SHA1_HASH, CERT_FRIENDLY_NAME_PROP_ID,
    CERT_KEY_PROV_INFO_PROP_ID, CERT_NCRYPT_KEY_SPEC, CERT_PUBLIC_KEY_INFO, CERT_STORE_ADD_NEW,
    CERT_STORE_CTRL_COMMIT, CERT_STORE_PROV_SYSTEM_REGISTRY_W, CERT_STORE_PROV_SYSTEM_W,
    CERT_STORE_READONLY_FLAG, CERT_SYSTEM_STORE_CURRENT_USER, CERT_SYSTEM_STORE_LOCAL_MACHINE,
    CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, CRYPT_ACQUIRE_SILENT_FLAG, CRYPT_DELETEKEYSET,
    CRYPT_INTEGER_BLOB, CRYPT_KEY_PROV_INFO, CRYPT_MACHINE_KEYSET, CRYPT_NEWKEYSET, CRYPT_SILENT,
    MS_ENHANCED_PROV_W, PKCS_7_ASN_ENCODING, PP_KEYSET_SEC_DESCR, PROV_RSA_FULL, X509_ASN_ENCODING,
};
use windows_sys::Win32::Security::{
    EqualSid, GetAce, GetSecurityDescriptorDacl, InitializeSecurityDescriptor, LookupAccountNameW,
    SetSecurityDescriptorDacl, ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, DACL_SECURITY_INFORMATION,
    NO_INHERITANCE, SID_NAME_USE,
};

use super::location::WindowsLocation;
use super::{
    unique_name, Action, Applied, ApplyOptions, CertificateStore, Entry, HeldKeyCheck,
    LogicalStore, Placement,
};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, Format, Source};

const ENCODING: u32 = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;
/// `GENERIC_READ`: what MMC's "Manage Private Keys → Read" grants on a key container.
const GENERIC_READ: u32 = 0x8000_0000;
/// `NTE_EXISTS`: the key container already exists.
const NTE_EXISTS: u32 = 0x8009_000F;
/// `SECURITY_DESCRIPTOR_REVISION` (winnt.h).
const SECURITY_DESCRIPTOR_REVISION: u32 = 1;
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

    /// Adds the placement's certificate under `name` (replacing the one with the same
    /// thumbprint when `replace`), with its key in a container of its own.
    fn add(
        &self,
        placement: &Placement,
        name: &str,
        key_blob: Option<&[u8]>,
        replace: bool,
    ) -> Result<()> {
        // Written to the location's own store: with the merged view, a copy inherited from
        // LocalMachine would make CERT_STORE_ADD_NEW fail for a CurrentUser import.
        let system = self.open_own(placement.store, true)?;
        let der = &placement.certificate.der;
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
                placement.certificate.sha1_hex().to_lowercase()
            );
            self.import_key(&container, blob)?;
            let mut container_w = wide(&container);
            let info = CRYPT_KEY_PROV_INFO {
                pwszContainerName: container_w.as_mut_ptr(),
                pwszProvName: MS_ENHANCED_PROV_W as *mut u16,
                dwProvType: PROV_RSA_FULL,
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
            if let Some(old) = system.find_sha1(&placement.certificate) {
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
            return Err(self.failure(&format!(
                "adding the certificate to {}",
                system_name(placement.store)
            )));
        }
        system
            .commit()
            .map_err(|()| self.failure("committing the store"))
    }

    /// Creates the key container `container` (replacing one of that name) and imports the
    /// `PRIVATEKEYBLOB` into it.
    fn import_key(&self, container: &str, blob: &[u8]) -> Result<()> {
        let name = wide(container);
        let flags = self.machine_flag() | CRYPT_SILENT;
        let mut prov = 0usize;
        // SAFETY: out-pointer and NUL-terminated strings valid for the calls.
        let mut ok = unsafe {
            CryptAcquireContextW(
                &mut prov,
                name.as_ptr(),
                MS_ENHANCED_PROV_W,
                PROV_RSA_FULL,
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
                    MS_ENHANCED_PROV_W,
                    PROV_RSA_FULL,
                    flags | CRYPT_DELETEKEYSET,
                );
                ok = CryptAcquireContextW(
                    &mut prov,
                    name.as_ptr(),
                    MS_ENHANCED_PROV_W,
                    PROV_RSA_FULL,
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

    /// Gives `account` read access to the key of the personal entry `name`, unless its DACL
    /// already allows it; with `write` false only says whether a change is needed. Returns
    /// whether the DACL changed (or would change).
    fn grant_entry(&self, name: &str, account: &str, write: bool) -> Result<bool> {
        let sid = lookup_account(account)?;
        let (_, ctx) = self.find_named(LogicalStore::Personal, name)?;
        let info = ctx.key_prov_info().ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                format!(
                    "personal/{name} has no private key to grant access to: import the certificate with its key"
                ),
            )
        })?;
        self.grant_on_container(&info, &sid, write)
    }

    /// Adds an ACE granting `sid` GENERIC_READ to the key container's DACL (MMC's "Manage
    /// Private Keys → Add → Read") unless an ACE already allows it.
    fn grant_on_container(&self, info: &KeyProvInfo, sid: &[u8], write: bool) -> Result<bool> {
        if info.prov_type == 0 {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "the key of this certificate is a CNG key ({}): certkit grants access to CryptoAPI key containers only; use MMC's Manage Private Keys",
                    info.provider
                ),
            ));
        }
        let container = wide(&info.container);
        let provider = wide(&info.provider);
        let mut prov = 0usize;
        // SAFETY: out-pointer and NUL-terminated strings valid for the call.
        if unsafe {
            CryptAcquireContextW(
                &mut prov,
                container.as_ptr(),
                provider.as_ptr(),
                info.prov_type,
                (info.flags & CRYPT_MACHINE_KEYSET) | CRYPT_SILENT,
            )
        } == 0
        {
            return Err(self.failure(&format!("opening the key container {}", info.container)));
        }
        let result = self.grant_on_provider(prov, &info.container, sid, write);
        // SAFETY: acquired above, released once.
        unsafe { CryptReleaseContext(prov, 0) };
        result
    }

    fn grant_on_provider(
        &self,
        prov: usize,
        container: &str,
        sid: &[u8],
        write: bool,
    ) -> Result<bool> {
        let mut len = 0u32;
        // SAFETY: a NULL buffer asks for the size.
        if unsafe {
            CryptGetProvParam(
                prov,
                PP_KEYSET_SEC_DESCR,
                ptr::null_mut(),
                &mut len,
                DACL_SECURITY_INFORMATION,
            )
        } == 0
        {
            return Err(self.failure(&format!("reading the security descriptor of {container}")));
        }
        // u64 storage: a security descriptor needs pointer alignment.
        let mut descriptor = vec![0u64; (len as usize).div_ceil(8).max(1)];
        // SAFETY: the buffer holds `len` bytes.
        if unsafe {
            CryptGetProvParam(
                prov,
                PP_KEYSET_SEC_DESCR,
                descriptor.as_mut_ptr() as *mut u8,
                &mut len,
                DACL_SECURITY_INFORMATION,
            )
        } == 0
        {
            return Err(self.failure(&format!("reading the security descriptor of {container}")));
        }
        let mut present = 0;
        let mut defaulted = 0;
        let mut dacl: *mut ACL = ptr::null_mut();
        // SAFETY: `descriptor` is the self-relative descriptor just read; the DACL pointer
        // points into it and is used while it lives.
        if unsafe {
            GetSecurityDescriptorDacl(
                descriptor.as_mut_ptr() as *mut c_void,
                &mut present,
                &mut dacl,
                &mut defaulted,
            )
        } == 0
        {
            return Err(self.failure("reading the key container's DACL"));
        }
        // A NULL DACL lets everyone in; otherwise look for an ACE that already allows `sid`.
        // SAFETY: `dacl` points into `descriptor`, which lives until the end of this function.
        if present != 0 && (dacl.is_null() || unsafe { allows_read(dacl, sid) }) {
            return Ok(false);
        }
        if !write {
            return Ok(true);
        }
        let access = EXPLICIT_ACCESS_W {
            grfAccessPermissions: GENERIC_READ,
            grfAccessMode: GRANT_ACCESS,
            grfInheritance: NO_INHERITANCE,
            Trustee: TRUSTEE_W {
                pMultipleTrustee: ptr::null_mut(),
                MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
                TrusteeForm: TRUSTEE_IS_SID,
                TrusteeType: TRUSTEE_IS_UNKNOWN,
                ptstrName: sid.as_ptr() as *mut u16,
            },
        };
        let mut new_acl: *mut ACL = ptr::null_mut();
        let old = if present != 0 {
            dacl as *const ACL
        } else {
            ptr::null()
        };
        // SAFETY: one valid entry whose trustee is a SID that outlives the call.
        let status = unsafe { SetEntriesInAclW(1, &access, old, &mut new_acl) };
        if status != 0 {
            return Err(Error::new(
                ErrorKind::Io,
                format!(
                    "{}: SetEntriesInAclW failed (Windows error {status})",
                    self.location()
                ),
            ));
        }
        // An absolute descriptor holding only the new DACL (40 bytes on 64-bit Windows).
        let mut absolute = [0u64; 8];
        let sd = absolute.as_mut_ptr() as *mut c_void;
        // SAFETY: `absolute` is large enough for SECURITY_DESCRIPTOR and aligned; `new_acl` is
        // valid until LocalFree below.
        let result = unsafe {
            if InitializeSecurityDescriptor(sd, SECURITY_DESCRIPTOR_REVISION) == 0
                || SetSecurityDescriptorDacl(sd, 1, new_acl, 0) == 0
            {
                Err(self.failure("building the new security descriptor"))
            } else if CryptSetProvParam(
                prov,
                PP_KEYSET_SEC_DESCR,
                sd as *const u8,
                DACL_SECURITY_INFORMATION,
            ) == 0
            {
                Err(self.failure(&format!("writing the security descriptor of {container}")))
            } else {
                Ok(true)
            }
        };
        // SAFETY: allocated by SetEntriesInAclW, freed once.
        unsafe { LocalFree(new_acl as *mut c_void) };
        result
    }
}

impl CertificateStore for WindowsStore {
    fn location(&self) -> String {
        format!("windows:{}", self.location.as_str())
    }

    fn entries(&self, store: LogicalStore) -> Result<Vec<Entry>> {
        Ok(self.read(store)?.into_iter().map(|(e, _)| e).collect())
    }

    fn apply(&self, placements: &[Placement], options: &ApplyOptions) -> Result<Vec<Applied>> {
        if let Some(account) = &options.grant_read {
            self.check_grantee(account)?;
        }
        // Convert every key first: an unsupported key changes nothing.
        let mut blobs = Vec::with_capacity(placements.len());
        for placement in placements {
            blobs.push(match (&placement.key, placement.store) {
                (Some(key), LogicalStore::Personal) => {
                    Some(super::capi_blob::private_key_blob(key)?)
                }
                _ => None,
            });
        }
        let mut known: HashMap<LogicalStore, Vec<Entry>> = HashMap::new();
        for store in LogicalStore::ALL {
            known.insert(store, self.entries(store)?);
        }
        let mut results = Vec::with_capacity(placements.len());
        for (placement, blob) in placements.iter().zip(&blobs) {
            let thumbprint = placement.certificate.sha1_hex();
            let entries = known
                .get_mut(&placement.store)
                .expect("every store is known");
            let applied = match entries.iter().position(|e| e.thumbprint() == thumbprint) {
                Some(i) if blob.is_some() && !entries[i].has_key => {
                    // The certificate is there without a working key: link the key now.
                    let name = entries[i].name.clone();
                    if !options.dry_run {
                        self.add(placement, &name, blob.as_deref().map(|b| &b[..]), true)?;
                    }
                    entries[i].has_key = true;
                    Applied {
                        name,
                        action: Action::Replaced,
                        has_key: true,
                    }
                }
                Some(i) => Applied {
                    name: entries[i].name.clone(),
                    action: Action::Unchanged,
                    has_key: entries[i].has_key,
                },
                None => {
                    let taken: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
                    let base = crate::model::naming::name_for(
                        placement.name.as_deref(),
                        placement.friendly_name.as_deref(),
                        &placement.certificate,
                    );
                    let name = unique_name(&base, &thumbprint, &taken);
                    if !options.dry_run {
                        self.add(placement, &name, blob.as_deref().map(|b| &b[..]), false)?;
                    }
                    entries.push(Entry {
                        store: placement.store,
                        name: name.clone(),
                        certificate: placement.certificate.clone(),
                        has_key: blob.is_some(),
                        metadata: None,
                    });
                    Applied {
                        name,
                        action: Action::Added,
                        has_key: blob.is_some(),
                    }
                }
            };
            // The grant of an entry already there counts as a change, as in the folder store.
            let mut applied = applied;
            if let (Some(account), true, LogicalStore::Personal) =
                (&options.grant_read, applied.has_key, placement.store)
            {
                let exists = !options.dry_run || applied.action != Action::Added;
                if exists
                    && self.grant_entry(&applied.name, account, !options.dry_run)?
                    && applied.action == Action::Unchanged
                {
                    applied.action = Action::Replaced;
                }
            }
            results.push(applied);
        }
        Ok(results)
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
        // Delete the key container certkit created for it; keys of other tools stay.
        if let Some(info) = key.filter(|k| k.container.starts_with(CONTAINER_PREFIX)) {
            let container = wide(&info.container);
            let provider = wide(&info.provider);
            let mut gone = 0usize;
            // SAFETY: NUL-terminated strings; CRYPT_DELETEKEYSET returns no handle.
            unsafe {
                CryptAcquireContextW(
                    &mut gone,
                    container.as_ptr(),
                    provider.as_ptr(),
                    info.prov_type,
                    (info.flags & CRYPT_MACHINE_KEYSET) | CRYPT_SILENT | CRYPT_DELETEKEYSET,
                )
            };
        }
        Ok(())
    }

    fn check_grantee(&self, group: &str) -> Result<()> {
        lookup_account(group).map(drop)
    }

    fn grant_read(&self, name: &str, group: &str) -> Result<()> {
        self.grant_entry(name, group, true).map(drop)
    }

    fn held_key_check(&self, entry: &Entry) -> Result<Option<HeldKeyCheck>> {
        let (_, ctx) = self.find_named(entry.store, &entry.name)?;
        let Some(info) = ctx.key_prov_info() else {
            return Ok(None);
        };
        let holder = format!("key container {} ({})", info.container, info.provider);
        Ok(Some(match ctx.check_key(&entry.certificate) {
            Some((public_key_match, signature_verified)) => HeldKeyCheck {
                holder,
                public_key_match,
                signature_verified,
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
        // The chain as Windows builds it: issuers from the CA and ROOT stores.
        let mut pool = self.certificates(LogicalStore::Intermediate)?;
        pool.extend(self.certificates(LogicalStore::Root)?);
        let mut current = entry.certificate.clone();
        for _ in 0..16 {
            if current.is_issuer_of(&current) {
                break;
            }
            let Some(issuer) = pool
                .iter()
                .find(|c| {
                    c.is_issuer_of(&current) && !bundle.certificates.iter().any(|b| b.der == c.der)
                })
                .cloned()
            else {
                break;
            };
            bundle.push_certificate(issuer.clone());
            current = issuer;
        }
        Ok(bundle)
    }
}

/// The system store name of a logical store.
fn system_name(store: LogicalStore) -> &'static str {
    match store {
        LogicalStore::Personal => "MY",
        LogicalStore::Intermediate => "CA",
        LogicalStore::Root => "ROOT",
    }
}

fn wide(text: &str) -> Vec<u16> {
    text.encode_utf16().chain(std::iter::once(0)).collect()
}

/// A NUL-terminated UTF-16 string.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated UTF-16 string.
unsafe fn from_wide(p: *const u16) -> String {
    if p.is_null() {
        return String::new();
    }
    let mut len = 0;
    // SAFETY: the caller promises a terminating NUL.
    while unsafe { *p.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: `len` units were just read.
    String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, len) })
}

/// An open system store, closed on drop.
struct SystemStore {
    handle: *mut c_void,
}

impl SystemStore {
    /// Every certificate, each with its own reference.
    fn contexts(&self) -> Vec<Context> {
        let mut out = Vec::new();
        let mut prev: *const CERT_CONTEXT = ptr::null();
        loop {
            // SAFETY: `prev` is NULL or the context the previous call returned (freed by this call).
            let next = unsafe { CertEnumCertificatesInStore(self.handle, prev) };
            if next.is_null() {
                break;
            }
            // SAFETY: `next` is a valid context; the duplicate is an independent reference.
            out.push(Context(unsafe { CertDuplicateCertificateContext(next) }));
            prev = next;
        }
        out
    }

    fn find_sha1(&self, cert: &Certificate) -> Option<Context> {
        let mut hash = openssl::hash::hash(openssl::hash::MessageDigest::sha1(), &cert.der)
            .ok()?
            .to_vec();
        let blob = CRYPT_INTEGER_BLOB {
            cbData: hash.len() as u32,
            pbData: hash.as_mut_ptr(),
        };
        // SAFETY: the find parameter is a CRYPT_HASH_BLOB valid for the call.
        let found = unsafe {
            CertFindCertificateInStore(
                self.handle,
                ENCODING,
                0,
                CERT_FIND_SHA1_HASH,
                &blob as *const _ as *const c_void,
                ptr::null(),
            )
        };
        (!found.is_null()).then_some(Context(found))
    }

    /// Writes the changes to the registry (wine loses them without it, see tests/windows).
    fn commit(&self) -> std::result::Result<(), ()> {
        // SAFETY: a valid store handle.
        if unsafe { CertControlStore(self.handle, 0, CERT_STORE_CTRL_COMMIT, ptr::null()) } == 0 {
            Err(())
        } else {
            Ok(())
        }
    }
}

impl Drop for SystemStore {
    fn drop(&mut self) {
        // SAFETY: opened by CertOpenStore, closed once.
        unsafe { CertCloseStore(self.handle, 0) };
    }
}

/// One reference to a certificate context, freed on drop.
struct Context(*const CERT_CONTEXT);

/// The key link of a certificate (`CRYPT_KEY_PROV_INFO`).
#[derive(Debug, Clone)]
struct KeyProvInfo {
    container: String,
    provider: String,
    prov_type: u32,
    flags: u32,
}

impl Context {
    fn der(&self) -> &[u8] {
        // SAFETY: a valid context's encoded certificate lives as long as the context.
        unsafe {
            std::slice::from_raw_parts((*self.0).pbCertEncoded, (*self.0).cbCertEncoded as usize)
        }
    }

    /// A property's bytes, in u64 storage so that structures in it are aligned.
    fn property(&self, id: u32) -> Option<Vec<u64>> {
        let mut len = 0u32;
        // SAFETY: a NULL buffer asks for the size.
        if unsafe { CertGetCertificateContextProperty(self.0, id, ptr::null_mut(), &mut len) } == 0
        {
            return None;
        }
        let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
        // SAFETY: the buffer holds at least `len` bytes.
        if unsafe {
            CertGetCertificateContextProperty(self.0, id, buf.as_mut_ptr() as *mut c_void, &mut len)
        } == 0
        {
            return None;
        }
        Some(buf)
    }

    fn friendly_name(&self) -> Option<String> {
        let buf = self.property(CERT_FRIENDLY_NAME_PROP_ID)?;
        // SAFETY: the friendly name property is a NUL-terminated UTF-16 string.
        let name = unsafe { from_wide(buf.as_ptr() as *const u16) };
        (!name.is_empty()).then_some(name)
    }

    fn key_prov_info(&self) -> Option<KeyProvInfo> {
        let buf = self.property(CERT_KEY_PROV_INFO_PROP_ID)?;
        // SAFETY: the property is a CRYPT_KEY_PROV_INFO whose strings live in the same buffer.
        unsafe {
            let info = &*(buf.as_ptr() as *const CRYPT_KEY_PROV_INFO);
            Some(KeyProvInfo {
                container: from_wide(info.pwszContainerName),
                provider: from_wide(info.pwszProvName),
                prov_type: info.dwProvType,
                flags: info.dwFlags,
            })
        }
    }

    /// Whether `CryptAcquireCertificatePrivateKey` finds the key and its public half is the
    /// certificate's (MMC's "You have a private key that corresponds to this certificate").
    fn key_linked(&self) -> bool {
        self.acquire_key(None).is_some_and(|(matches, _)| matches)
    }

    /// The linked key checked against `cert`: public halves equal, and a SHA-1 RSA signature
    /// made by the key (CryptoAPI keys) verified with the certificate. `None` when the key
    /// cannot be opened.
    fn check_key(&self, cert: &Certificate) -> Option<(bool, Option<bool>)> {
        self.acquire_key(Some(cert))
    }

    fn acquire_key(&self, sign_for: Option<&Certificate>) -> Option<(bool, Option<bool>)> {
        let mut handle = 0usize;
        let mut spec = 0u32;
        let mut caller_frees = 0;
        // SAFETY: out-pointers valid for the call; silent, so no UI.
        if unsafe {
            CryptAcquireCertificatePrivateKey(
                self.0,
                CRYPT_ACQUIRE_SILENT_FLAG | CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG,
                ptr::null(),
                &mut handle,
                &mut spec,
                &mut caller_frees,
            )
        } == 0
        {
            return None;
        }
        let mut len = 0u32;
        let mut matches = false;
        let mut signature = None;
        // SAFETY: a NULL buffer asks for the size; then the buffer holds `len` bytes. The
        // handle is released once, as CryptAcquireCertificatePrivateKey says.
        unsafe {
            if CryptExportPublicKeyInfo(handle, spec, ENCODING, ptr::null_mut(), &mut len) != 0 {
                let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
                let info = buf.as_mut_ptr() as *mut CERT_PUBLIC_KEY_INFO;
                if CryptExportPublicKeyInfo(handle, spec, ENCODING, info, &mut len) != 0 {
                    matches = CertComparePublicKeyInfo(
                        ENCODING,
                        info,
                        &(*(*self.0).pCertInfo).SubjectPublicKeyInfo,
                    ) != 0;
                }
            }
            if let (Some(cert), false) = (sign_for, spec == CERT_NCRYPT_KEY_SPEC) {
                signature = Some(capi_sign_and_verify(handle, spec, cert));
            }
            if caller_frees != 0 {
                if spec == CERT_NCRYPT_KEY_SPEC {
                    NCryptFreeObject(handle);
                } else {
                    CryptReleaseContext(handle, 0);
                }
            }
        }
        Some((matches, signature))
    }

    /// Deletes the certificate from its store (which also frees this reference).
    fn delete(self) -> std::result::Result<(), ()> {
        let raw = self.0;
        std::mem::forget(self);
        // SAFETY: a valid context from the store; CertDeleteCertificateFromStore frees it.
        if unsafe { CertDeleteCertificateFromStore(raw) } == 0 {
            Err(())
        } else {
            Ok(())
        }
    }
}

impl Drop for Context {
    fn drop(&mut self) {
        // SAFETY: each Context owns one reference.
        unsafe { CertFreeCertificateContext(self.0) };
    }
}

/// Whether an ACCESS_ALLOWED ACE of `dacl` gives `sid` read access (GENERIC_READ, or the
/// file read rights it maps to on key files).
///
/// # Safety
/// `dacl` points to a valid ACL.
unsafe fn allows_read(dacl: *const ACL, sid: &[u8]) -> bool {
    const FILE_GENERIC_READ: u32 = 0x0012_0089;
    const ACCESS_ALLOWED_ACE_TYPE: u32 = 0;
    // SAFETY: the caller promises a valid ACL; GetAce returns pointers into it.
    unsafe {
        for index in 0..u32::from((*dacl).AceCount) {
            let mut ace: *mut c_void = ptr::null_mut();
            if GetAce(dacl, index, &mut ace) == 0 || ace.is_null() {
                continue;
            }
            let header = &*(ace as *const ACE_HEADER);
            if u32::from(header.AceType) != ACCESS_ALLOWED_ACE_TYPE {
                continue;
            }
            let allowed = &*(ace as *const ACCESS_ALLOWED_ACE);
            let ace_sid = &allowed.SidStart as *const u32 as *mut c_void;
            let reads = allowed.Mask & GENERIC_READ != 0
                || allowed.Mask & FILE_GENERIC_READ == FILE_GENERIC_READ;
            if reads && EqualSid(ace_sid, sid.as_ptr() as *mut c_void) != 0 {
                return true;
            }
        }
    }
    false
}

/// Signs a fixed challenge (SHA-1, PKCS#1 v1.5) with the CryptoAPI key `prov`/`spec` and
/// verifies the signature with `cert`'s public key through OpenSSL.
fn capi_sign_and_verify(prov: usize, spec: u32, cert: &Certificate) -> bool {
    let data = b"certkit check-private-key: sign/verify round trip";
    let mut hash = 0usize;
    // SAFETY: `prov` is an acquired CryptoAPI provider; the hash is destroyed below.
    if unsafe { CryptCreateHash(prov, CALG_SHA1, 0, 0, &mut hash) } == 0 {
        return false;
    }
    let mut signature = Vec::new();
    // SAFETY: `data` and the signature buffer are valid for the lengths given.
    let signed = unsafe {
        let mut len = 0u32;
        CryptHashData(hash, data.as_ptr(), data.len() as u32, 0) != 0
            && CryptSignHashW(hash, spec, ptr::null(), 0, ptr::null_mut(), &mut len) != 0
            && {
                signature.resize(len as usize, 0);
                CryptSignHashW(hash, spec, ptr::null(), 0, signature.as_mut_ptr(), &mut len) != 0
            }
    };
    // SAFETY: created above, destroyed once.
    unsafe { CryptDestroyHash(hash) };
    if !signed {
        return false;
    }
    // CryptoAPI writes signatures little-endian.
    signature.reverse();
    let Some(public) = cert.to_openssl().ok().and_then(|x| x.public_key().ok()) else {
        return false;
    };
    openssl::sign::Verifier::new(openssl::hash::MessageDigest::sha1(), &public)
        .and_then(|mut v| v.verify_oneshot(&signature, data))
        .unwrap_or(false)
}

/// The SID of a Windows account or group (`Users`, `NETWORK SERVICE`, `DOMAIN\name`).
fn lookup_account(account: &str) -> Result<Vec<u8>> {
    let name = wide(account);
    let mut sid_len = 0u32;
    let mut domain_len = 0u32;
    let mut kind: SID_NAME_USE = 0;
    // SAFETY: a first call with NULL buffers asks for the sizes.
    unsafe {
        LookupAccountNameW(
            ptr::null(),
            name.as_ptr(),
            ptr::null_mut(),
            &mut sid_len,
            ptr::null_mut(),
            &mut domain_len,
            &mut kind,
        )
    };
    let unknown = || {
        Error::new(
            ErrorKind::Usage,
            format!(
                "no Windows account or group named {account:?}: give one such as Users, \"NETWORK SERVICE\" or DOMAIN\\name"
            ),
        )
    };
    if sid_len == 0 {
        return Err(unknown());
    }
    let mut sid = vec![0u8; sid_len as usize];
    let mut domain = vec![0u16; domain_len.max(1) as usize];
    // SAFETY: buffers of the sizes just reported.
    if unsafe {
        LookupAccountNameW(
            ptr::null(),
            name.as_ptr(),
            sid.as_mut_ptr() as *mut c_void,
            &mut sid_len,
            domain.as_mut_ptr(),
            &mut domain_len,
            &mut kind,
        )
    } == 0
    {
        return Err(unknown());
    }
    Ok(sid)
}
