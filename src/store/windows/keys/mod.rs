//! Where the Windows store keeps private keys: one small seam ([`KeyStorage`]) with two
//! implementations, chosen by `--key-provider` for new keys and by the certificate's key link
//! (`CRYPT_KEY_PROV_INFO`: provider type 0 is CNG) for keys already there, whichever tool
//! made them.
//!
//! - [`Cng`]: the Microsoft Software Key Storage Provider, where `Import-PfxCertificate`, .NET
//!   and `PKCS12_PREFER_CNG_KSP` put keys; RSA and EC keys; what TLS 1.3 client authentication
//!   (RSA-PSS) needs. The default.
//! - [`Capi`]: CryptoAPI containers of the Microsoft Enhanced RSA and AES Cryptographic
//!   Provider (PROV_RSA_AES, which signs SHA-256; never PROV_RSA_FULL): RSA only, for
//!   applications that need a CryptoAPI key.
//!
//! The store's transaction, removal and grants go through this trait only; the key's access
//! list is handled as bytes by [`super::security`], the same for both.

mod capi;
mod cng;

pub(super) use capi::Capi;
pub(super) use cng::Cng;

use super::crypt32::KeyProvInfo;
use crate::error::{Error, ErrorKind, Result};
use crate::model::PrivateKey;
use crate::store::KeyProvider;

/// `DACL_SECURITY_INFORMATION`: the part of a key's security descriptor read and written.
pub(super) const DACL_SECURITY_INFORMATION: u32 = 4;

/// A place that stores private keys under a name and links them to certificates.
pub(super) trait KeyStorage {
    /// Whether `key` can be stored here: checked for every key before anything is written.
    fn accepts(&self, key: &PrivateKey) -> Result<()>;

    /// Stores `key` under `name` (replacing a key of that name), not exportable, as a machine
    /// key when `machine`; returns the link to set on the certificate.
    fn import(&self, name: &str, key: &PrivateKey, machine: bool) -> Result<KeyProvInfo>;

    /// Deletes the key `link` names; a key that is already gone is no error.
    fn delete(&self, link: &KeyProvInfo);

    /// The key's self-relative security descriptor (its DACL).
    fn security_descriptor(&self, link: &KeyProvInfo) -> Result<Vec<u8>>;

    /// Replaces the key's DACL with the one of `descriptor` (self-relative).
    fn set_security_descriptor(&self, link: &KeyProvInfo, descriptor: &[u8]) -> Result<()>;
}

/// The storage for new keys of `provider`.
pub(super) fn for_provider(provider: KeyProvider) -> &'static dyn KeyStorage {
    match provider {
        KeyProvider::Cng => &Cng,
        KeyProvider::Capi => &Capi,
    }
}

/// The storage that holds the key a certificate links to.
pub(super) fn holding(link: &KeyProvInfo) -> &'static dyn KeyStorage {
    if link.prov_type == 0 {
        &Cng
    } else {
        &Capi
    }
}

/// An error for a failed call, with the Windows error code.
pub(super) fn failed(what: &str, code: u32) -> Error {
    Error::new(
        ErrorKind::Io,
        format!("{what} failed (Windows error 0x{code:08X})"),
    )
}
