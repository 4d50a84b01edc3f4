//! Read access to a private key for a Windows account or group (MMC's "Manage Private Keys →
//! Add → Read"), on CNG keys and CryptoAPI containers alike, whichever tool imported them: the
//! key's security descriptor is read and written by its [`keys::KeyStorage`], and the ACE is
//! added by [`security`].

use super::crypt32::KeyProvInfo;
use super::{keys, security, WindowsStore};
use crate::error::{Error, ErrorKind, Result};
use crate::store::LogicalStore;

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

    /// Adds an ACE granting `sid` GENERIC_READ to the key's DACL unless an ACE already allows
    /// it (or the DACL lets everyone in).
    pub(super) fn grant_on_container(
        &self,
        info: &KeyProvInfo,
        sid: &[u8],
        write: bool,
    ) -> Result<bool> {
        let storage = keys::holding(info);
        let descriptor = storage
            .security_descriptor(info)
            .map_err(|e| self.in_location(e))?;
        let Some(granted) = security::with_read_grant(&descriptor, sid)? else {
            return Ok(false);
        };
        if write {
            storage
                .set_security_descriptor(info, &granted)
                .map_err(|e| self.in_location(e))?;
        }
        Ok(true)
    }

    /// The accounts the key's DACL lets read it, by name; `None` when it lets everyone in.
    pub(super) fn readers_of(&self, info: &KeyProvInfo) -> Result<Option<Vec<String>>> {
        let descriptor = keys::holding(info).security_descriptor(info)?;
        Ok(security::readers(&descriptor)?
            .map(|sids| sids.iter().map(|sid| security::account_name(sid)).collect()))
    }
}
