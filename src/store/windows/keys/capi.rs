//! CryptoAPI key containers ([`KeyStorage`] for `--key-provider capi`, and for keys other
//! tools put in CryptoAPI containers): a container of its own per key, Microsoft Enhanced RSA
//! and AES Cryptographic Provider (PROV_RSA_AES: PROV_RSA_FULL, MMC's choice, cannot sign
//! SHA-256, which TLS 1.2 servers without SHA-1 require, dotnet/runtime#111785),
//! `AT_KEYEXCHANGE`, not exportable; the access list through `PP_KEYSET_SEC_DESCR`.

use std::ptr;

use windows_sys::Win32::Foundation::GetLastError;
use windows_sys::Win32::Security::Cryptography::{
    CryptAcquireContextW, CryptDestroyKey, CryptGetProvParam, CryptImportKey, CryptReleaseContext,
    CryptSetProvParam, AT_KEYEXCHANGE, CRYPT_DELETEKEYSET, CRYPT_MACHINE_KEYSET, CRYPT_NEWKEYSET,
    CRYPT_SILENT, MS_ENH_RSA_AES_PROV_W, PP_KEYSET_SEC_DESCR, PROV_RSA_AES,
};

use super::{failed, KeyStorage, DACL_SECURITY_INFORMATION};
use crate::error::{Error, ErrorKind, Result};
use crate::model::PrivateKey;
use crate::store::capi_blob::private_key_blob;
use crate::store::windows::crypt32::{wide, KeyProvInfo};

/// `NTE_EXISTS`: the key container already exists.
const NTE_EXISTS: u32 = 0x8009_000F;

/// CryptoAPI key containers.
pub(in crate::store::windows) struct Capi;

/// An acquired CryptoAPI provider handle, released on drop.
struct Provider(usize);

impl Drop for Provider {
    fn drop(&mut self) {
        // SAFETY: acquired by CryptAcquireContextW, released once.
        unsafe { CryptReleaseContext(self.0, 0) };
    }
}

/// The last Windows error.
fn last_error() -> u32 {
    // SAFETY: no preconditions.
    unsafe { GetLastError() }
}

/// Opens the container a link names, through the link's provider.
fn open(link: &KeyProvInfo) -> Result<Provider> {
    let container = wide(&link.container);
    let provider = wide(&link.provider);
    let mut prov = 0usize;
    // SAFETY: out-pointer and NUL-terminated strings valid for the call.
    if unsafe {
        CryptAcquireContextW(
            &mut prov,
            container.as_ptr(),
            provider.as_ptr(),
            link.prov_type,
            (link.flags & CRYPT_MACHINE_KEYSET) | CRYPT_SILENT,
        )
    } == 0
    {
        return Err(failed(
            &format!("opening the key container {}", link.container),
            last_error(),
        ));
    }
    Ok(Provider(prov))
}

impl KeyStorage for Capi {
    fn accepts(&self, key: &PrivateKey) -> Result<()> {
        if key.key.rsa().is_err() {
            let d = key.description();
            let what = match d.curve {
                Some(curve) => format!("{} {curve}", d.algorithm),
                None => d.algorithm,
            };
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "--key-provider capi takes RSA keys only (CryptoAPI has no {what} keys): import this key with --key-provider cng"
                ),
            ));
        }
        private_key_blob(key).map(drop)
    }

    fn import(&self, name: &str, key: &PrivateKey, machine: bool) -> Result<KeyProvInfo> {
        let blob = private_key_blob(key)?;
        let container = wide(name);
        let machine = if machine { CRYPT_MACHINE_KEYSET } else { 0 };
        let flags = machine | CRYPT_SILENT;
        let acquire = |extra: u32, prov: &mut usize| {
            // SAFETY: out-pointer and NUL-terminated strings valid for the call.
            unsafe {
                CryptAcquireContextW(
                    prov,
                    container.as_ptr(),
                    MS_ENH_RSA_AES_PROV_W,
                    PROV_RSA_AES,
                    flags | extra,
                )
            }
        };
        let mut prov = 0usize;
        let mut ok = acquire(CRYPT_NEWKEYSET, &mut prov);
        if ok == 0 && last_error() == NTE_EXISTS {
            // A container left by an earlier import of this certificate: start afresh.
            let mut gone = 0usize;
            acquire(CRYPT_DELETEKEYSET, &mut gone);
            ok = acquire(CRYPT_NEWKEYSET, &mut prov);
        }
        if ok == 0 {
            return Err(failed(
                &format!("creating the key container {name}"),
                last_error(),
            ));
        }
        let prov = Provider(prov);
        let mut handle = 0usize;
        // SAFETY: a valid provider handle and a buffer of the given length.
        if unsafe { CryptImportKey(prov.0, blob.as_ptr(), blob.len() as u32, 0, 0, &mut handle) }
            == 0
        {
            let code = last_error();
            drop(prov);
            let mut gone = 0usize;
            acquire(CRYPT_DELETEKEYSET, &mut gone);
            return Err(failed(
                &format!("importing the private key into {name}"),
                code,
            ));
        }
        // SAFETY: the key handle just returned, destroyed once (the key stays in the container).
        unsafe { CryptDestroyKey(handle) };
        Ok(KeyProvInfo {
            container: name.to_string(),
            provider: String::from_utf16_lossy(&wide_const(MS_ENH_RSA_AES_PROV_W)),
            prov_type: PROV_RSA_AES,
            flags: machine,
            key_spec: AT_KEYEXCHANGE,
        })
    }

    fn delete(&self, link: &KeyProvInfo) {
        let container = wide(&link.container);
        let provider = wide(&link.provider);
        let mut gone = 0usize;
        // SAFETY: NUL-terminated strings; CRYPT_DELETEKEYSET returns no handle.
        unsafe {
            CryptAcquireContextW(
                &mut gone,
                container.as_ptr(),
                provider.as_ptr(),
                link.prov_type,
                (link.flags & CRYPT_MACHINE_KEYSET) | CRYPT_SILENT | CRYPT_DELETEKEYSET,
            )
        };
    }

    fn security_descriptor(&self, link: &KeyProvInfo) -> Result<Vec<u8>> {
        let prov = open(link)?;
        let what = format!("reading the security descriptor of {}", link.container);
        let mut len = 0u32;
        // SAFETY: a NULL buffer asks for the size; then the buffer holds `len` bytes.
        unsafe {
            if CryptGetProvParam(
                prov.0,
                PP_KEYSET_SEC_DESCR,
                ptr::null_mut(),
                &mut len,
                DACL_SECURITY_INFORMATION,
            ) == 0
            {
                return Err(failed(&what, last_error()));
            }
            let mut descriptor = vec![0u8; len as usize];
            if CryptGetProvParam(
                prov.0,
                PP_KEYSET_SEC_DESCR,
                descriptor.as_mut_ptr(),
                &mut len,
                DACL_SECURITY_INFORMATION,
            ) == 0
            {
                return Err(failed(&what, last_error()));
            }
            descriptor.truncate(len as usize);
            Ok(descriptor)
        }
    }

    fn set_security_descriptor(&self, link: &KeyProvInfo, descriptor: &[u8]) -> Result<()> {
        let prov = open(link)?;
        // Pointer-aligned storage for the descriptor.
        let mut aligned = vec![0u64; descriptor.len().div_ceil(8).max(1)];
        // SAFETY: `aligned` holds at least `descriptor.len()` bytes; then a valid handle and
        // a self-relative descriptor that outlives the call.
        unsafe {
            ptr::copy_nonoverlapping(
                descriptor.as_ptr(),
                aligned.as_mut_ptr() as *mut u8,
                descriptor.len(),
            );
            if CryptSetProvParam(
                prov.0,
                PP_KEYSET_SEC_DESCR,
                aligned.as_ptr() as *const u8,
                DACL_SECURITY_INFORMATION,
            ) == 0
            {
                return Err(failed(
                    &format!("writing the security descriptor of {}", link.container),
                    last_error(),
                ));
            }
        }
        Ok(())
    }
}

/// The UTF-16 units of a constant wide string (without the NUL).
pub(super) fn wide_const(p: windows_sys::core::PCWSTR) -> Vec<u16> {
    let mut len = 0;
    // SAFETY: windows-sys' `w!` constants are NUL-terminated.
    while unsafe { *p.add(len) } != 0 {
        len += 1;
    }
    // SAFETY: `len` units were just read.
    unsafe { std::slice::from_raw_parts(p, len) }.to_vec()
}
