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

#[cfg(test)]
mod tests {
    //! The seam itself, as the store uses it: store a key, read its access list, add a read
    //! grant, read it back, delete the key. Run under wine by tests/windows/run.sh
    //! (certkit-lib-tests.exe, filter `store::windows::keys`): there CryptoAPI goes the whole
    //! way and CNG must refuse with the line that names `--key-provider capi`; on Windows
    //! (the workflow's `cargo test`) CNG goes the whole way too.
    use super::*;
    use crate::store::windows::security;
    use openssl::pkey::PKey;

    fn rsa() -> PrivateKey {
        PrivateKey::new(PKey::from_rsa(openssl::rsa::Rsa::generate(2048).unwrap()).unwrap())
    }

    fn ec() -> PrivateKey {
        let group =
            openssl::ec::EcGroup::from_curve_name(openssl::nid::Nid::X9_62_PRIME256V1).unwrap();
        PrivateKey::new(PKey::from_ec_key(openssl::ec::EcKey::generate(&group).unwrap()).unwrap())
    }

    /// A key name no other run uses.
    fn name(kind: &str) -> String {
        let mut random = [0u8; 8];
        openssl::rand::rand_bytes(&mut random).unwrap();
        let hex: String = random.iter().map(|b| format!("{b:02x}")).collect();
        format!("certkit-test-{kind}-{hex}")
    }

    /// Stores `key`, grants `Users` read access, reads the grant back, deletes the key.
    fn round_trip(storage: &dyn KeyStorage, link: KeyProvInfo) {
        let users = security::lookup_account("Users").unwrap();
        let descriptor = storage.security_descriptor(&link).unwrap();
        if let Some(granted) = security::with_read_grant(&descriptor, &users).unwrap() {
            storage.set_security_descriptor(&link, &granted).unwrap();
        }
        let back = storage.security_descriptor(&link).unwrap();
        assert!(security::allows_read(&back, &users).unwrap());
        assert!(security::with_read_grant(&back, &users).unwrap().is_none());
        storage.delete(&link);
        assert!(
            storage.security_descriptor(&link).is_err(),
            "{} still exists after delete",
            link.container
        );
    }

    #[test]
    fn keys_capi_stores_grants_and_deletes_an_rsa_key() {
        let storage = for_provider(KeyProvider::Capi);
        let key = rsa();
        storage.accepts(&key).unwrap();
        let link = storage.import(&name("capi"), &key, false).unwrap();
        assert_eq!(
            (link.prov_type, link.key_spec, link.provider.as_str()),
            (
                24,
                1,
                "Microsoft Enhanced RSA and AES Cryptographic Provider"
            )
        );
        // The storage a link names is the one that stored it: grants and removal go there.
        round_trip(holding(&link), link);
    }

    #[test]
    fn keys_capi_refuses_an_ec_key_in_one_line() {
        let error = for_provider(KeyProvider::Capi).accepts(&ec()).unwrap_err();
        assert!(
            error
                .message
                .contains("--key-provider capi takes RSA keys only (CryptoAPI has no EC P-256 keys): import this key with --key-provider cng"),
            "{}",
            error.message
        );
    }

    #[test]
    fn keys_cng_stores_rsa_and_ec_keys_or_says_to_use_capi() {
        let storage = for_provider(KeyProvider::Cng);
        for (kind, key) in [("rsa", rsa()), ("ec", ec())] {
            storage.accepts(&key).unwrap();
            match storage.import(&name(kind), &key, false) {
                Ok(link) => {
                    assert_eq!(
                        (link.prov_type, link.key_spec, link.provider.as_str()),
                        (0, 0, "Microsoft Software Key Storage Provider")
                    );
                    round_trip(holding(&link), link);
                }
                // wine 8: no persisted CNG key. The one line the import prints.
                Err(error) => assert!(
                    error.message.contains("NCryptImportKey: NTE_NOT_SUPPORTED")
                        && error.message.contains("import with --key-provider capi"),
                    "{kind}: {}",
                    error.message
                ),
            }
        }
    }
}
