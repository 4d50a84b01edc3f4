//! CNG keys in the Microsoft Software Key Storage Provider ([`KeyStorage`] for
//! `--key-provider cng`, the default, and for keys other tools put there): the blob of
//! [`crate::store::cng_blob`] imported under a name (`NCryptImportKey` with
//! `NCRYPTBUFFER_PKCS_KEY_NAME`), machine keys for LocalMachine, export policy 0 (not
//! exportable), finalized; linked with provider type 0 and the provider's name, as
//! `Import-PfxCertificate` links its keys, so that `X509Certificate2`, Schannel and IIS find
//! them. The access list through `NCRYPT_SECURITY_DESCR_PROPERTY`.
//!
//! wine 8 persists no CNG key: `NCryptImportKey` with a key name returns NTE_NOT_SUPPORTED.
//! That is reported as one line pointing to `--key-provider capi`, before anything is
//! written (the transaction stores keys first).

use std::ffi::c_void;
use std::ptr;

use windows_sys::Win32::Security::Cryptography::{
    BCryptBuffer, BCryptBufferDesc, NCryptDeleteKey, NCryptFinalizeKey, NCryptFreeObject,
    NCryptGetProperty, NCryptImportKey, NCryptOpenKey, NCryptOpenStorageProvider,
    NCryptSetProperty, MS_KEY_STORAGE_PROVIDER, NCRYPTBUFFER_PKCS_KEY_NAME, NCRYPTBUFFER_VERSION,
    NCRYPT_DO_NOT_FINALIZE_FLAG, NCRYPT_EXPORT_POLICY_PROPERTY, NCRYPT_MACHINE_KEY_FLAG,
    NCRYPT_OVERWRITE_KEY_FLAG, NCRYPT_PERSIST_FLAG, NCRYPT_SECURITY_DESCR_PROPERTY,
    NCRYPT_SILENT_FLAG,
};

use super::capi::wide_const;
use super::{failed, KeyStorage, DACL_SECURITY_INFORMATION};
use crate::error::{Error, ErrorKind, Result};
use crate::model::PrivateKey;
use crate::store::cng_blob::private_key_blob;
use crate::store::windows::crypt32::{wide, KeyProvInfo};

/// `NTE_NOT_SUPPORTED`: what wine 8 returns for a named (persisted) key.
const NTE_NOT_SUPPORTED: u32 = 0x8009_0029;
/// `NTE_BAD_KEYSET`: no key of that name.
const NTE_BAD_KEYSET: u32 = 0x8009_0016;

/// The Microsoft Software Key Storage Provider.
pub(in crate::store::windows) struct Cng;

/// An NCrypt provider or key handle, freed on drop.
struct Handle(usize);

impl Drop for Handle {
    fn drop(&mut self) {
        if self.0 != 0 {
            // SAFETY: a handle NCrypt returned, freed once.
            unsafe { NCryptFreeObject(self.0) };
        }
    }
}

/// An HRESULT as the unsigned code Windows documents.
fn code(status: i32) -> u32 {
    status as u32
}

fn open_provider(name: &str) -> Result<Handle> {
    let name = wide(name);
    let mut prov = 0usize;
    // SAFETY: out-pointer and a NUL-terminated name valid for the call.
    let status = unsafe { NCryptOpenStorageProvider(&mut prov, name.as_ptr(), 0) };
    if status != 0 {
        return Err(failed(
            "opening the key storage provider (NCryptOpenStorageProvider)",
            code(status),
        ));
    }
    Ok(Handle(prov))
}

/// The key a link names, opened.
fn open_key(link: &KeyProvInfo) -> Result<Handle> {
    let prov = open_provider(&link.provider)?;
    let name = wide(&link.container);
    let mut key = 0usize;
    // SAFETY: a valid provider handle, an out-pointer and a NUL-terminated name.
    let status = unsafe {
        NCryptOpenKey(
            prov.0,
            &mut key,
            name.as_ptr(),
            0,
            (link.flags & NCRYPT_MACHINE_KEY_FLAG) | NCRYPT_SILENT_FLAG,
        )
    };
    if status != 0 {
        return Err(failed(
            &format!("opening the CNG key {} (NCryptOpenKey)", link.container),
            code(status),
        ));
    }
    Ok(Handle(key))
}

fn provider_name() -> String {
    String::from_utf16_lossy(&wide_const(MS_KEY_STORAGE_PROVIDER))
}

impl KeyStorage for Cng {
    fn accepts(&self, key: &PrivateKey) -> Result<()> {
        private_key_blob(key).map(drop)
    }

    fn import(&self, name: &str, key: &PrivateKey, machine: bool) -> Result<KeyProvInfo> {
        let blob = private_key_blob(key)?;
        let prov = open_provider(&provider_name())?;
        let key_name = wide(name);
        let blob_type = wide(blob.blob_type);
        let mut buffer = BCryptBuffer {
            cbBuffer: (key_name.len() * 2) as u32,
            BufferType: NCRYPTBUFFER_PKCS_KEY_NAME,
            pvBuffer: key_name.as_ptr() as *mut c_void,
        };
        let parameters = BCryptBufferDesc {
            ulVersion: NCRYPTBUFFER_VERSION,
            cBuffers: 1,
            pBuffers: &mut buffer,
        };
        let machine = if machine { NCRYPT_MACHINE_KEY_FLAG } else { 0 };
        let mut handle = 0usize;
        // SAFETY: every pointer is valid for the call: the parameter list and the name it
        // points to, the blob type, the blob bytes and the out-pointer.
        let status = unsafe {
            NCryptImportKey(
                prov.0,
                0,
                blob_type.as_ptr(),
                &parameters,
                &mut handle,
                blob.bytes.as_ptr(),
                blob.bytes.len() as u32,
                NCRYPT_DO_NOT_FINALIZE_FLAG
                    | NCRYPT_OVERWRITE_KEY_FLAG
                    | NCRYPT_SILENT_FLAG
                    | machine,
            )
        };
        if code(status) == NTE_NOT_SUPPORTED {
            return Err(Error::new(
                ErrorKind::Io,
                "this system's CNG key storage cannot store keys (NCryptImportKey: NTE_NOT_SUPPORTED, 0x80090029, as under wine): import with --key-provider capi (RSA keys only)",
            ));
        }
        if status != 0 {
            return Err(failed(
                &format!("importing the private key as the CNG key {name} (NCryptImportKey)"),
                code(status),
            ));
        }
        let key = Handle(handle);
        // Not exportable: export policy 0, set before the key is finalized (written).
        let policy = 0u32.to_le_bytes();
        // SAFETY: a valid key handle and a 4-byte buffer.
        let mut status = unsafe {
            NCryptSetProperty(
                key.0,
                NCRYPT_EXPORT_POLICY_PROPERTY,
                policy.as_ptr(),
                policy.len() as u32,
                NCRYPT_PERSIST_FLAG | NCRYPT_SILENT_FLAG,
            )
        };
        let mut what = "setting the CNG key's export policy";
        if status == 0 {
            // SAFETY: a valid key handle.
            status = unsafe { NCryptFinalizeKey(key.0, NCRYPT_SILENT_FLAG) };
            what = "storing the CNG key (NCryptFinalizeKey)";
        }
        if status != 0 {
            // SAFETY: NCryptDeleteKey frees the handle, so it is not freed again.
            unsafe { NCryptDeleteKey(key.0, 0) };
            std::mem::forget(key);
            return Err(failed(what, code(status)));
        }
        Ok(KeyProvInfo {
            container: name.to_string(),
            provider: provider_name(),
            prov_type: 0,
            flags: machine,
            key_spec: 0,
        })
    }

    fn delete(&self, link: &KeyProvInfo) {
        if let Ok(key) = open_key(link) {
            // SAFETY: a valid key handle; NCryptDeleteKey frees it.
            unsafe { NCryptDeleteKey(key.0, NCRYPT_SILENT_FLAG) };
            std::mem::forget(key);
        }
    }

    fn security_descriptor(&self, link: &KeyProvInfo) -> Result<Vec<u8>> {
        let key = open_key(link).map_err(|e| {
            if e.message.contains(&format!("0x{NTE_BAD_KEYSET:08X}")) {
                Error::new(
                    ErrorKind::Io,
                    format!(
                        "the CNG key {} linked to the certificate does not exist (NTE_BAD_KEYSET): import the certificate again with its key",
                        link.container
                    ),
                )
            } else {
                e
            }
        })?;
        let what = format!(
            "reading the security descriptor of the CNG key {}",
            link.container
        );
        let mut len = 0u32;
        // SAFETY: a NULL buffer asks for the size; then the buffer holds `len` bytes.
        unsafe {
            let status = NCryptGetProperty(
                key.0,
                NCRYPT_SECURITY_DESCR_PROPERTY,
                ptr::null_mut(),
                0,
                &mut len,
                DACL_SECURITY_INFORMATION,
            );
            if status != 0 {
                return Err(failed(&what, code(status)));
            }
            let mut descriptor = vec![0u8; len as usize];
            let status = NCryptGetProperty(
                key.0,
                NCRYPT_SECURITY_DESCR_PROPERTY,
                descriptor.as_mut_ptr(),
                len,
                &mut len,
                DACL_SECURITY_INFORMATION,
            );
            if status != 0 {
                return Err(failed(&what, code(status)));
            }
            descriptor.truncate(len as usize);
            Ok(descriptor)
        }
    }

    fn set_security_descriptor(&self, link: &KeyProvInfo, descriptor: &[u8]) -> Result<()> {
        let key = open_key(link)?;
        // SAFETY: a valid key handle and a buffer of the given length.
        let status = unsafe {
            NCryptSetProperty(
                key.0,
                NCRYPT_SECURITY_DESCR_PROPERTY,
                descriptor.as_ptr(),
                descriptor.len() as u32,
                DACL_SECURITY_INFORMATION | NCRYPT_PERSIST_FLAG | NCRYPT_SILENT_FLAG,
            )
        };
        if status != 0 {
            return Err(failed(
                &format!(
                    "writing the security descriptor of the CNG key {}",
                    link.container
                ),
                code(status),
            ));
        }
        Ok(())
    }
}
