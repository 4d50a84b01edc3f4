//! Read access to a private key for a Windows account or group: the key container's DACL
//! (MMC's "Manage Private Keys → Add → Read").

use std::ffi::c_void;
use std::ptr;

use windows_sys::Win32::Foundation::LocalFree;
use windows_sys::Win32::Security::Authorization::{
    SetEntriesInAclW, EXPLICIT_ACCESS_W, GRANT_ACCESS, NO_MULTIPLE_TRUSTEE, TRUSTEE_IS_SID,
    TRUSTEE_IS_UNKNOWN, TRUSTEE_W,
};
use windows_sys::Win32::Security::Cryptography::{
    CryptAcquireContextW, CryptGetProvParam, CryptReleaseContext, CryptSetProvParam,
    CRYPT_MACHINE_KEYSET, CRYPT_SILENT, PP_KEYSET_SEC_DESCR,
};
use windows_sys::Win32::Security::{
    EqualSid, GetAce, GetSecurityDescriptorDacl, InitializeSecurityDescriptor, LookupAccountNameW,
    SetSecurityDescriptorDacl, ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, DACL_SECURITY_INFORMATION,
    NO_INHERITANCE, SID_NAME_USE,
};

use super::crypt32::{wide, KeyProvInfo};
use super::WindowsStore;
use crate::error::{Error, ErrorKind, Result};
use crate::store::{CertificateStore, LogicalStore};

/// `GENERIC_READ`: what MMC's "Manage Private Keys → Read" grants on a key container.
const GENERIC_READ: u32 = 0x8000_0000;
/// `SECURITY_DESCRIPTOR_REVISION` (winnt.h).
const SECURITY_DESCRIPTOR_REVISION: u32 = 1;

impl WindowsStore {
    /// Gives `account` read access to the key of the personal entry `name`, unless its DACL
    /// already allows it; with `write` false only says whether a change is needed. Returns
    /// whether the DACL changed (or would change).
    pub(super) fn grant_entry(&self, name: &str, sid: &[u8], write: bool) -> Result<bool> {
        let (_, ctx) = self.find_named(LogicalStore::Personal, name)?;
        let info = ctx.key_prov_info().ok_or_else(|| {
            Error::new(
                ErrorKind::Usage,
                format!(
                    "personal/{name} has no private key to grant access to: import the certificate with its key"
                ),
            )
        })?;
        self.grant_on_container(&info, sid, write)
    }

    /// Adds an ACE granting `sid` GENERIC_READ to the key container's DACL (MMC's "Manage
    /// Private Keys → Add → Read") unless an ACE already allows it.
    pub(super) fn grant_on_container(
        &self,
        info: &KeyProvInfo,
        sid: &[u8],
        write: bool,
    ) -> Result<bool> {
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

/// The SID of a Windows account or group (`Users`, `NETWORK SERVICE`, `DOMAIN\name`).
pub(super) fn lookup_account(account: &str) -> Result<Vec<u8>> {
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
