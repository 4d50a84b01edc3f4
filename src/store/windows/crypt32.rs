//! Thin safe wrappers over crypt32: an open system store, a certificate context and its
//! properties (friendly name, key link), and the check that a linked key works (public key
//! compared, a SHA-256 signature verified).

use std::ffi::c_void;
use std::ptr;

use windows_sys::Win32::Security::Cryptography::{
    CertCloseStore, CertComparePublicKeyInfo, CertControlStore, CertDeleteCertificateFromStore,
    CertDuplicateCertificateContext, CertEnumCertificatesInStore, CertFindCertificateInStore,
    CertFreeCertificateContext, CertGetCertificateContextProperty,
    CertSetCertificateContextProperty, CryptAcquireCertificatePrivateKey, CryptAcquireContextW,
    CryptCreateHash, CryptDestroyHash, CryptDestroyKey, CryptExportPublicKeyInfo,
    CryptGetProvParam, CryptGetUserKey, CryptHashData, CryptReleaseContext, CryptSignHashW,
    NCryptFreeObject, AT_KEYEXCHANGE, AT_SIGNATURE, CALG_SHA_256, CERT_CONTEXT,
    CERT_FIND_SHA1_HASH, CERT_FRIENDLY_NAME_PROP_ID, CERT_KEY_PROV_INFO_PROP_ID,
    CERT_NCRYPT_KEY_SPEC, CERT_PUBLIC_KEY_INFO, CERT_STORE_CTRL_COMMIT,
    CRYPT_ACQUIRE_ALLOW_NCRYPT_KEY_FLAG, CRYPT_ACQUIRE_SILENT_FLAG, CRYPT_INTEGER_BLOB,
    CRYPT_KEY_PROV_INFO, CRYPT_MACHINE_KEYSET, CRYPT_SILENT, MS_ENH_RSA_AES_PROV_W,
    PKCS_7_ASN_ENCODING, PP_CONTAINER, PROV_RSA_AES, X509_ASN_ENCODING,
};

use super::ncrypt_sign::{cng_sign_and_verify, SignatureProof};
use crate::model::Certificate;
use crate::store::LogicalStore;

pub(super) const ENCODING: u32 = X509_ASN_ENCODING | PKCS_7_ASN_ENCODING;

/// The system store name of a logical store.
pub(super) fn system_name(store: LogicalStore) -> &'static str {
    match store {
        LogicalStore::Personal => "MY",
        LogicalStore::Intermediate => "CA",
        LogicalStore::Root => "ROOT",
    }
}

pub(super) fn wide(text: &str) -> Vec<u16> {
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
pub(super) struct SystemStore {
    pub(super) handle: *mut c_void,
}

impl SystemStore {
    /// Every certificate, each with its own reference.
    pub(super) fn contexts(&self) -> Vec<Context> {
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

    pub(super) fn find_sha1(&self, cert: &Certificate) -> Option<Context> {
        let mut hash = openssl::hash::hash(openssl::hash::MessageDigest::sha1(), cert.der())
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
    pub(super) fn commit(&self) -> std::result::Result<(), ()> {
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
pub(super) struct Context(pub(super) *const CERT_CONTEXT);

/// The key link of a certificate (`CRYPT_KEY_PROV_INFO`).
#[derive(Debug, Clone)]
pub(super) struct KeyProvInfo {
    pub(super) container: String,
    pub(super) provider: String,
    pub(super) prov_type: u32,
    pub(super) flags: u32,
    /// `AT_KEYEXCHANGE`/`AT_SIGNATURE` for CryptoAPI keys, 0 for CNG keys.
    pub(super) key_spec: u32,
}

impl Context {
    pub(super) fn der(&self) -> &[u8] {
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

    pub(super) fn friendly_name(&self) -> Option<String> {
        let buf = self.property(CERT_FRIENDLY_NAME_PROP_ID)?;
        // SAFETY: the friendly name property is a NUL-terminated UTF-16 string.
        let name = unsafe { from_wide(buf.as_ptr() as *const u16) };
        (!name.is_empty()).then_some(name)
    }

    pub(super) fn key_prov_info(&self) -> Option<KeyProvInfo> {
        let buf = self.property(CERT_KEY_PROV_INFO_PROP_ID)?;
        // SAFETY: the property is a CRYPT_KEY_PROV_INFO whose strings live in the same buffer.
        unsafe {
            let info = &*(buf.as_ptr() as *const CRYPT_KEY_PROV_INFO);
            Some(KeyProvInfo {
                container: from_wide(info.pwszContainerName),
                provider: from_wide(info.pwszProvName),
                prov_type: info.dwProvType,
                flags: info.dwFlags,
                key_spec: info.dwKeySpec,
            })
        }
    }

    /// Links the certificate to a private key (`CERT_KEY_PROV_INFO_PROP_ID`): provider type 0
    /// and a KSP name for a CNG key, as `Import-PfxCertificate` writes it.
    pub(super) fn set_key_link(&self, link: &KeyProvInfo) -> std::result::Result<(), ()> {
        let mut container = wide(&link.container);
        let mut provider = wide(&link.provider);
        let info = CRYPT_KEY_PROV_INFO {
            pwszContainerName: container.as_mut_ptr(),
            pwszProvName: provider.as_mut_ptr(),
            dwProvType: link.prov_type,
            dwFlags: link.flags,
            cProvParam: 0,
            rgProvParam: ptr::null_mut(),
            dwKeySpec: link.key_spec,
        };
        // SAFETY: `info` and the strings it points to outlive the call (crypt32 copies).
        if unsafe {
            CertSetCertificateContextProperty(
                self.0,
                CERT_KEY_PROV_INFO_PROP_ID,
                0,
                &info as *const _ as *const c_void,
            )
        } == 0
        {
            Err(())
        } else {
            Ok(())
        }
    }

    /// Whether `CryptAcquireCertificatePrivateKey` finds the key and its public half is the
    /// certificate's (MMC's "You have a private key that corresponds to this certificate").
    pub(super) fn key_linked(&self) -> bool {
        self.acquire_key(None)
            .is_some_and(|proof| proof.public_key_match)
    }

    /// The linked key checked against `cert`: public halves equal, and SHA-256 signatures made
    /// by the key (CryptoAPI: PKCS#1 v1.5; CNG: PKCS#1 v1.5 and PSS, or ECDSA) verified with
    /// the certificate. `None` when the key
    /// cannot be opened.
    pub(super) fn check_key(&self, cert: &Certificate) -> Option<KeyProof> {
        self.acquire_key(Some(cert))
    }

    fn acquire_key(&self, sign_for: Option<&Certificate>) -> Option<KeyProof> {
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
        let cng = spec == CERT_NCRYPT_KEY_SPEC;
        if !cng && spec != AT_KEYEXCHANGE && spec != AT_SIGNATURE {
            // wine 8's PFXImportCertStore links its keys with dwKeySpec 3, which names no
            // key of the container (tests/windows/README.md, finding 13); the key is there as
            // AT_KEYEXCHANGE. A container holds at most one key per spec: use the one it has.
            spec = [AT_KEYEXCHANGE, AT_SIGNATURE]
                .into_iter()
                .find(|&candidate| {
                    let mut key = 0usize;
                    // SAFETY: a valid provider handle; the key handle is destroyed at once.
                    unsafe {
                        CryptGetUserKey(handle, candidate, &mut key) != 0
                            && CryptDestroyKey(key) != 0
                    }
                })
                .unwrap_or(spec);
        }
        let mut len = 0u32;
        let mut proof = KeyProof {
            public_key_match: false,
            signature: None,
        };
        // SAFETY: a NULL buffer asks for the size; then the buffer holds `len` bytes. The
        // handle is released once, as CryptAcquireCertificatePrivateKey says.
        unsafe {
            if CryptExportPublicKeyInfo(handle, spec, ENCODING, ptr::null_mut(), &mut len) != 0 {
                let mut buf = vec![0u64; (len as usize).div_ceil(8).max(1)];
                let info = buf.as_mut_ptr() as *mut CERT_PUBLIC_KEY_INFO;
                if CryptExportPublicKeyInfo(handle, spec, ENCODING, info, &mut len) != 0 {
                    proof.public_key_match = CertComparePublicKeyInfo(
                        ENCODING,
                        info,
                        &(*(*self.0).pCertInfo).SubjectPublicKeyInfo,
                    ) != 0;
                }
            }
            match (sign_for, cng) {
                (Some(cert), true) => {
                    proof.signature = Some(cng_sign_and_verify(handle, cert));
                }
                (Some(cert), false) => {
                    let machine = self
                        .key_prov_info()
                        .map_or(0, |info| info.flags & CRYPT_MACHINE_KEYSET);
                    proof.signature = Some(capi_sign_and_verify(handle, spec, machine, cert));
                }
                (None, _) => {}
            }
            if caller_frees != 0 {
                if cng {
                    NCryptFreeObject(handle);
                } else {
                    CryptReleaseContext(handle, 0);
                }
            }
        }
        Some(proof)
    }

    /// Deletes the certificate from its store (which also frees this reference).
    pub(super) fn delete(self) -> std::result::Result<(), ()> {
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

/// What opening a linked key showed.
pub(super) struct KeyProof {
    /// The key's public half is the certificate's.
    pub(super) public_key_match: bool,
    /// The SHA-256 signature check (for CNG RSA keys, PKCS#1 v1.5 and PSS).
    pub(super) signature: Option<SignatureProof>,
}

/// Signs a fixed challenge (SHA-256, PKCS#1 v1.5) with the CryptoAPI key `prov`/`spec` and
/// verifies the signature with `cert`'s public key through OpenSSL. A provider that cannot
/// hash SHA-256 (PROV_RSA_FULL) is bypassed by opening the same container through the
/// Enhanced RSA and AES provider, as .NET does: RSA containers are shared between the RSA
/// providers (measured under wine with crypt32-probe `keyspec`), so the key is still proven;
/// `own_provider` says it was needed, because Schannel does not do this (dotnet/runtime#111785).
fn capi_sign_and_verify(
    prov: usize,
    spec: u32,
    machine: u32,
    cert: &Certificate,
) -> SignatureProof {
    if let Some(verified) = sign_sha256_and_verify(prov, spec, cert) {
        return SignatureProof {
            verified,
            own_provider: true,
        };
    }
    let mut proof = SignatureProof {
        verified: false,
        own_provider: false,
    };
    let Some(container) = container_name(prov) else {
        return proof;
    };
    let name = wide(&container);
    let mut aes = 0usize;
    // SAFETY: NUL-terminated strings and an out-pointer valid for the call; the handle is
    // released below.
    if unsafe {
        CryptAcquireContextW(
            &mut aes,
            name.as_ptr(),
            MS_ENH_RSA_AES_PROV_W,
            PROV_RSA_AES,
            machine | CRYPT_SILENT,
        )
    } != 0
    {
        proof.verified = sign_sha256_and_verify(aes, spec, cert).unwrap_or(false);
        // SAFETY: acquired above, released once.
        unsafe { CryptReleaseContext(aes, 0) };
    }
    proof
}

/// The key container's name (`PP_CONTAINER`, an ANSI string).
fn container_name(prov: usize) -> Option<String> {
    let mut len = 0u32;
    // SAFETY: a NULL buffer asks for the size, then the buffer holds `len` bytes.
    unsafe {
        if CryptGetProvParam(prov, PP_CONTAINER, ptr::null_mut(), &mut len, 0) == 0 {
            return None;
        }
        let mut buf = vec![0u8; len as usize];
        if CryptGetProvParam(prov, PP_CONTAINER, buf.as_mut_ptr(), &mut len, 0) == 0 {
            return None;
        }
        let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
        Some(String::from_utf8_lossy(&buf[..end]).into_owned())
    }
}

/// `None` when the provider cannot hash SHA-256; else whether the signature verified.
fn sign_sha256_and_verify(prov: usize, spec: u32, cert: &Certificate) -> Option<bool> {
    let data = b"certkit check-private-key: sign/verify round trip";
    let mut hash = 0usize;
    // SAFETY: `prov` is an acquired CryptoAPI provider; the hash is destroyed below.
    if unsafe { CryptCreateHash(prov, CALG_SHA_256, 0, 0, &mut hash) } == 0 {
        return None;
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
        return Some(false);
    }
    // CryptoAPI writes signatures little-endian.
    signature.reverse();
    let Some(public) = cert.to_openssl().ok().and_then(|x| x.public_key().ok()) else {
        return Some(false);
    };
    Some(
        openssl::sign::Verifier::new(openssl::hash::MessageDigest::sha256(), &public)
            .and_then(|mut v| v.verify_oneshot(&signature, data))
            .unwrap_or(false),
    )
}
