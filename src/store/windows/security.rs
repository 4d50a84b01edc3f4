//! Security descriptors of private keys, as bytes: who may read a key (the DACL's allowing
//! ACEs), and the descriptor with a read grant added (MMC's "Manage Private Keys → Add →
//! Read"). The same code serves both key kinds: a CryptoAPI container's descriptor
//! (`PP_KEYSET_SEC_DESCR`) and a CNG key's (`NCRYPT_SECURITY_DESCR_PROPERTY`) are both
//! self-relative `SECURITY_DESCRIPTOR`s. Only advapi32's descriptor functions are used, which
//! wine implements, so the lib tests exercise this module under wine in one process; the
//! key storages ([`super::keys`]) only read and write the bytes.

use std::ffi::c_void;
use std::ptr;

use windows_sys::Win32::Foundation::LocalFree;
use windows_sys::Win32::Security::Authorization::{
    SetEntriesInAclW, EXPLICIT_ACCESS_W, GRANT_ACCESS, NO_MULTIPLE_TRUSTEE, TRUSTEE_IS_SID,
    TRUSTEE_IS_UNKNOWN, TRUSTEE_W,
};
use windows_sys::Win32::Security::{
    GetAce, GetLengthSid, GetSecurityDescriptorDacl, InitializeSecurityDescriptor,
    IsValidSecurityDescriptor, LookupAccountNameW, LookupAccountSidW, MakeSelfRelativeSD,
    SetSecurityDescriptorDacl, ACCESS_ALLOWED_ACE, ACE_HEADER, ACL, NO_INHERITANCE, SID_NAME_USE,
};

use super::crypt32::wide;
use crate::error::{Error, ErrorKind, Result};

/// `GENERIC_READ`: what MMC's "Manage Private Keys → Read" grants, on both key kinds.
pub(super) const GENERIC_READ: u32 = 0x8000_0000;
/// The read rights `GENERIC_READ` maps to on the key files (CryptoAPI and CNG keys are files
/// under `%APPDATA%`/`%ProgramData%\Microsoft\Crypto`): an ACE with these also reads.
const FILE_GENERIC_READ: u32 = 0x0012_0089;
/// `GENERIC_ALL` includes reading.
const GENERIC_ALL: u32 = 0x1000_0000;
/// `SECURITY_DESCRIPTOR_REVISION` (winnt.h).
const SECURITY_DESCRIPTOR_REVISION: u32 = 1;
const ACCESS_ALLOWED_ACE_TYPE: u32 = 0;

fn invalid(what: &str) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("the key's security descriptor {what}: Windows returned one certkit cannot read"),
    )
}

/// Copies the descriptor into pointer-aligned storage (the descriptor functions need it).
fn aligned(descriptor: &[u8]) -> Vec<u64> {
    let mut buf = vec![0u64; descriptor.len().div_ceil(8).max(1)];
    // SAFETY: `buf` holds at least `descriptor.len()` bytes; the regions do not overlap.
    unsafe {
        ptr::copy_nonoverlapping(
            descriptor.as_ptr(),
            buf.as_mut_ptr() as *mut u8,
            descriptor.len(),
        )
    };
    buf
}

/// What the DACL of a descriptor says.
enum Dacl {
    /// No DACL, or a NULL one: everyone has full access.
    Open,
    /// The SIDs that an ACCESS_ALLOWED ACE lets read.
    Readers(Vec<Vec<u8>>),
}

/// Whether `descriptor` is a self-relative security descriptor whose parts all lie inside it:
/// the header, the owner, group and SACL offsets, and the DACL with every ACE (and each allowing
/// ACE's SID). advapi32's own check (`IsValidSecurityDescriptor`) takes no length, so this
/// comes first: nothing is read outside the bytes Windows returned.
fn well_formed(descriptor: &[u8]) -> bool {
    const HEADER: usize = 20;
    const SE_DACL_PRESENT: u16 = 0x0004;
    const SE_SELF_RELATIVE: u16 = 0x8000;
    let u16_at = |at: usize| -> Option<u16> {
        Some(u16::from_le_bytes(
            descriptor.get(at..at + 2)?.try_into().ok()?,
        ))
    };
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(descriptor.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let check = || -> Option<bool> {
        if descriptor.len() < HEADER || descriptor[0] != 1 {
            return Some(false);
        }
        let control = u16_at(2)?;
        if control & SE_SELF_RELATIVE == 0 {
            return Some(false);
        }
        for at in [4, 8, 12] {
            let offset = u32_at(at)?;
            if offset != 0 && (offset < HEADER || offset >= descriptor.len()) {
                return Some(false);
            }
        }
        let dacl = u32_at(16)?;
        if control & SE_DACL_PRESENT == 0 || dacl == 0 {
            return Some(true);
        }
        // ACL: revision, pad, size (u16), ACE count (u16), pad (u16).
        let size = usize::from(u16_at(dacl + 2)?);
        let count = u16_at(dacl + 4)?;
        if size < 8 || dacl + size > descriptor.len() {
            return Some(false);
        }
        let mut ace = dacl + 8;
        for _ in 0..count {
            // ACE header: type, flags, size (u16).
            let ace_type = *descriptor.get(ace)?;
            let ace_size = usize::from(u16_at(ace + 2)?);
            if ace_size < 4 || ace + ace_size > dacl + size {
                return Some(false);
            }
            if u32::from(ace_type) == ACCESS_ALLOWED_ACE_TYPE {
                // Mask (u32), then the SID: revision, sub-authority count, 6 bytes, 4 each.
                let sid = ace + 8;
                let subs = usize::from(*descriptor.get(sid + 1)?);
                if ace_size < 8 + 8 + 4 * subs {
                    return Some(false);
                }
            }
            ace += ace_size;
        }
        Some(true)
    };
    check().unwrap_or(false)
}

/// Reads the DACL of a self-relative descriptor.
fn dacl(descriptor: &[u8]) -> Result<Dacl> {
    if !well_formed(descriptor) {
        return Err(invalid("is not valid"));
    }
    let mut buf = aligned(descriptor);
    let sd = buf.as_mut_ptr() as *mut c_void;
    let mut present = 0;
    let mut defaulted = 0;
    let mut acl: *mut ACL = ptr::null_mut();
    // SAFETY: `sd` points to the descriptor's bytes, which live in `buf` for this function;
    // the ACL and ACE pointers point into it.
    unsafe {
        if IsValidSecurityDescriptor(sd) == 0
            || GetSecurityDescriptorDacl(sd, &mut present, &mut acl, &mut defaulted) == 0
        {
            return Err(invalid("is not valid"));
        }
        if present == 0 || acl.is_null() {
            return Ok(Dacl::Open);
        }
        let mut readers = Vec::new();
        for index in 0..u32::from((*acl).AceCount) {
            let mut ace: *mut c_void = ptr::null_mut();
            if GetAce(acl, index, &mut ace) == 0 || ace.is_null() {
                continue;
            }
            let header = &*(ace as *const ACE_HEADER);
            if u32::from(header.AceType) != ACCESS_ALLOWED_ACE_TYPE {
                continue;
            }
            let allowed = &*(ace as *const ACCESS_ALLOWED_ACE);
            let reads = allowed.Mask & (GENERIC_READ | GENERIC_ALL) != 0
                || allowed.Mask & FILE_GENERIC_READ == FILE_GENERIC_READ;
            if !reads {
                continue;
            }
            let sid = &allowed.SidStart as *const u32 as *mut c_void;
            let len = GetLengthSid(sid) as usize;
            let sid = std::slice::from_raw_parts(sid as *const u8, len).to_vec();
            if !readers.contains(&sid) {
                readers.push(sid);
            }
        }
        Ok(Dacl::Readers(readers))
    }
}

/// The SIDs a descriptor's DACL lets read the key, or `None` when it lets everyone in (no
/// DACL, or a NULL one).
pub(super) fn readers(descriptor: &[u8]) -> Result<Option<Vec<Vec<u8>>>> {
    Ok(match dacl(descriptor)? {
        Dacl::Open => None,
        Dacl::Readers(sids) => Some(sids),
    })
}

/// Whether the descriptor lets `sid` read the key. Only explicit ACEs for the SID count:
/// membership of a group that may read is the service's business, as MMC shows it.
pub(super) fn allows_read(descriptor: &[u8], sid: &[u8]) -> Result<bool> {
    Ok(match dacl(descriptor)? {
        Dacl::Open => true,
        Dacl::Readers(sids) => sids.iter().any(|s| s == sid),
    })
}

/// The descriptor with an ACE that lets `sid` read (GENERIC_READ) added to its DACL, as a
/// self-relative descriptor holding the DACL only (the key stores are written with
/// `DACL_SECURITY_INFORMATION`); `None` when the descriptor already lets `sid` read.
pub(super) fn with_read_grant(descriptor: &[u8], sid: &[u8]) -> Result<Option<Vec<u8>>> {
    if allows_read(descriptor, sid)? {
        return Ok(None);
    }
    let mut buf = aligned(descriptor);
    let sd = buf.as_mut_ptr() as *mut c_void;
    let mut present = 0;
    let mut defaulted = 0;
    let mut old: *mut ACL = ptr::null_mut();
    // SAFETY: validated by `allows_read` above; the DACL points into `buf`.
    if unsafe { GetSecurityDescriptorDacl(sd, &mut present, &mut old, &mut defaulted) } == 0 {
        return Err(invalid("has no readable DACL"));
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
        old as *const ACL
    } else {
        ptr::null()
    };
    // SAFETY: one valid entry whose trustee is a SID that outlives the call; `old` is NULL or
    // the DACL in `buf`.
    let status = unsafe { SetEntriesInAclW(1, &access, old, &mut new_acl) };
    if status != 0 {
        return Err(Error::new(
            ErrorKind::Io,
            format!("adding the read grant to the key's access list: SetEntriesInAclW failed (Windows error {status})"),
        ));
    }
    // An absolute descriptor holding only the new DACL (40 bytes on 64-bit Windows), made
    // self-relative so that it is one buffer of bytes.
    let mut absolute = [0u64; 8];
    let abs = absolute.as_mut_ptr() as *mut c_void;
    // SAFETY: `absolute` is large enough for SECURITY_DESCRIPTOR and aligned; `new_acl` is
    // valid until LocalFree below; the size query's buffer is NULL.
    let result = unsafe {
        let mut len = 0u32;
        if InitializeSecurityDescriptor(abs, SECURITY_DESCRIPTOR_REVISION) == 0
            || SetSecurityDescriptorDacl(abs, 1, new_acl, 0) == 0
        {
            Err(invalid("could not be rebuilt"))
        } else {
            MakeSelfRelativeSD(abs, ptr::null_mut(), &mut len);
            let mut out = vec![0u64; (len as usize).div_ceil(8).max(1)];
            if len == 0 || MakeSelfRelativeSD(abs, out.as_mut_ptr() as *mut c_void, &mut len) == 0 {
                Err(invalid("could not be rebuilt"))
            } else {
                let bytes =
                    std::slice::from_raw_parts(out.as_ptr() as *const u8, len as usize).to_vec();
                Ok(Some(bytes))
            }
        }
    };
    // SAFETY: allocated by SetEntriesInAclW, freed once.
    unsafe { LocalFree(new_acl as *mut c_void) };
    result
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

/// The account name of a SID (`BUILTIN\Users`, `NT AUTHORITY\SYSTEM`), or the SID's string
/// form (`S-1-5-…`) when no account has it.
pub(super) fn account_name(sid: &[u8]) -> String {
    let mut name = vec![0u16; 256];
    let mut domain = vec![0u16; 256];
    let mut name_len = name.len() as u32;
    let mut domain_len = domain.len() as u32;
    let mut kind: SID_NAME_USE = 0;
    // SAFETY: buffers of the sizes given; the SID bytes outlive the call.
    let found = unsafe {
        LookupAccountSidW(
            ptr::null(),
            sid.as_ptr() as *mut c_void,
            name.as_mut_ptr(),
            &mut name_len,
            domain.as_mut_ptr(),
            &mut domain_len,
            &mut kind,
        )
    } != 0;
    if found {
        let name = String::from_utf16_lossy(&name[..name_len as usize]);
        let domain = String::from_utf16_lossy(&domain[..domain_len as usize]);
        return if domain.is_empty() {
            name
        } else {
            format!("{domain}\\{name}")
        };
    }
    sid_string(sid)
}

/// `S-1-<authority>-<sub>-…` from a SID's bytes.
fn sid_string(sid: &[u8]) -> String {
    if sid.len() < 8 {
        return "S-?".to_string();
    }
    let authority = sid[2..8].iter().fold(0u64, |a, b| (a << 8) | u64::from(*b));
    let mut text = format!("S-{}-{authority}", sid[0]);
    for sub in sid[8..].chunks_exact(4).take(usize::from(sid[1])) {
        text.push_str(&format!(
            "-{}",
            u32::from_le_bytes([sub[0], sub[1], sub[2], sub[3]])
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    //! Run under wine by tests/windows/run.sh (certkit-lib-tests.exe, filter `security`).
    use super::*;
    use windows_sys::Win32::Security::Authorization::{
        ConvertStringSecurityDescriptorToSecurityDescriptorW, SDDL_REVISION_1,
    };

    /// A self-relative descriptor from SDDL (what `icacls`/PowerShell show).
    fn from_sddl(sddl: &str) -> Vec<u8> {
        let text = wide(sddl);
        let mut sd: *mut c_void = ptr::null_mut();
        let mut len = 0u32;
        // SAFETY: a NUL-terminated string; the descriptor is copied, then freed once.
        unsafe {
            assert_ne!(
                ConvertStringSecurityDescriptorToSecurityDescriptorW(
                    text.as_ptr(),
                    SDDL_REVISION_1,
                    &mut sd,
                    &mut len
                ),
                0,
                "SDDL {sddl}"
            );
            let bytes = std::slice::from_raw_parts(sd as *const u8, len as usize).to_vec();
            LocalFree(sd);
            bytes
        }
    }

    /// `S-1-5-32-545` (BUILTIN\Users), `S-1-5-18` (SYSTEM), `S-1-5-20` (NETWORK SERVICE).
    fn sid(text: &str) -> Vec<u8> {
        let parts: Vec<u64> = text[2..].split('-').map(|p| p.parse().unwrap()).collect();
        let mut out = vec![parts[0] as u8, (parts.len() - 2) as u8];
        out.extend_from_slice(&parts[1].to_be_bytes()[2..]);
        for sub in &parts[2..] {
            out.extend_from_slice(&(*sub as u32).to_le_bytes());
        }
        out
    }

    #[test]
    fn security_readers_are_the_allowing_aces_with_read_rights() {
        // SYSTEM: generic all; Administrators: generic read; NETWORK SERVICE: file read;
        // Users: write only (not a reader); a deny ACE is no reader either.
        let sd = from_sddl("D:P(A;;GA;;;SY)(A;;GR;;;BA)(A;;FR;;;NS)(A;;GW;;;BU)(D;;GR;;;AU)");
        let readers = readers(&sd).unwrap().unwrap();
        let names: Vec<String> = readers.iter().map(|s| sid_string(s)).collect();
        assert_eq!(names, ["S-1-5-18", "S-1-5-32-544", "S-1-5-20"]);
        assert!(allows_read(&sd, &sid("S-1-5-20")).unwrap());
        assert!(!allows_read(&sd, &sid("S-1-5-32-545")).unwrap());
    }

    #[test]
    fn security_grant_adds_one_ace_and_keeps_the_others() {
        let sd = from_sddl("D:P(A;;GR;;;SY)(A;;GR;;;BA)");
        let users = sid("S-1-5-32-545");
        let granted = with_read_grant(&sd, &users).unwrap().expect("a change");
        let readers = readers(&granted).unwrap().unwrap();
        let names: Vec<String> = readers.iter().map(|s| sid_string(s)).collect();
        assert!(names.contains(&"S-1-5-32-545".to_string()), "{names:?}");
        assert!(names.contains(&"S-1-5-18".to_string()), "{names:?}");
        assert!(names.contains(&"S-1-5-32-544".to_string()), "{names:?}");
        // Granting again changes nothing.
        assert!(with_read_grant(&granted, &users).unwrap().is_none());
    }

    /// A self-relative descriptor whose DACL is present and NULL (everyone has access).
    fn null_dacl() -> Vec<u8> {
        let mut absolute = [0u64; 8];
        let abs = absolute.as_mut_ptr() as *mut c_void;
        let mut out = [0u64; 16];
        let mut len = (out.len() * 8) as u32;
        // SAFETY: aligned buffers large enough for the descriptors.
        unsafe {
            assert_ne!(
                InitializeSecurityDescriptor(abs, SECURITY_DESCRIPTOR_REVISION),
                0
            );
            assert_ne!(SetSecurityDescriptorDacl(abs, 1, ptr::null(), 0), 0);
            assert_ne!(
                MakeSelfRelativeSD(abs, out.as_mut_ptr() as *mut c_void, &mut len),
                0
            );
            std::slice::from_raw_parts(out.as_ptr() as *const u8, len as usize).to_vec()
        }
    }

    #[test]
    fn security_open_dacl_lets_everyone_read_and_garbage_is_an_error() {
        // No DACL at all (only an owner), and a NULL DACL: both let everyone in.
        let no_dacl = from_sddl("O:BA");
        assert!(readers(&no_dacl).unwrap().is_none());
        let open = null_dacl();
        assert!(readers(&open).unwrap().is_none());
        assert!(allows_read(&open, &sid("S-1-5-32-545")).unwrap());
        assert!(with_read_grant(&open, &sid("S-1-5-32-545"))
            .unwrap()
            .is_none());
        assert!(readers(&[1, 2, 3]).is_err());
        assert!(readers(&[]).is_err());
        // A real descriptor cut short, or with an ACE running past its ACL, is refused too.
        let sd = from_sddl("D:P(A;;GR;;;SY)(A;;GR;;;BA)");
        assert!(readers(&sd[..sd.len() - 4]).is_err());
        let mut bad = sd.clone();
        let dacl = u32::from_le_bytes(bad[16..20].try_into().unwrap()) as usize;
        bad[dacl + 8 + 2] = 0xff;
        assert!(readers(&bad).is_err());
    }

    #[test]
    fn security_account_names_come_back_from_sids() {
        assert_eq!(sid_string(&sid("S-1-5-32-545")), "S-1-5-32-545");
        let users = lookup_account("Users").unwrap();
        assert_eq!(sid_string(&users), "S-1-5-32-545");
        assert!(
            account_name(&users).ends_with("Users"),
            "{}",
            account_name(&users)
        );
        // A SID no account has is shown in its string form.
        let nobody = sid("S-1-5-21-1-2-3-4242");
        assert_eq!(account_name(&nobody), "S-1-5-21-1-2-3-4242");
    }
}
