//! The run's context: what the global arguments stand for, turned into real objects once per
//! run and lent to the subcommand — the store (chosen and opened once, its kind known), the
//! passwords (read from their source only when an input needs one), the clock (`CERTKIT_NOW`
//! pins it for every command), the store's trust sources and CRL folder, and the output
//! settings. Operations borrow from it; nothing below `commands/` chooses or opens a store.

use std::cell::OnceCell;
use std::path::PathBuf;

use time::OffsetDateTime;

use crate::cli::GlobalArgs;
use crate::error::Error;
use crate::output::Output;
use crate::password::{PasswordSpec, Passwords};
use crate::store::location::{choose, StoreLocation};
use crate::store::{CertificateStore, LogicalStore};
use crate::verify::{Origin, OriginKind, Sources};

/// The environment variable that pins the clock (tests use a fixed time).
pub const NOW_ENV: &str = "CERTKIT_NOW";

/// Everything a subcommand needs besides its own arguments.
pub struct Context<'a> {
    pub global: &'a GlobalArgs,
    pub out: Output,
    store: OnceCell<OpenStore>,
    passwords: OnceCell<Passwords>,
}

/// The store of this run, and which kind it is.
pub struct OpenStore {
    pub location: StoreLocation,
    pub store: Box<dyn CertificateStore>,
}

impl<'a> Context<'a> {
    /// Nothing is opened or read yet: a subcommand that needs no store never fails on one.
    pub fn new(global: &'a GlobalArgs) -> Self {
        Context {
            global,
            out: Output::new(global.json, global.quiet, global.no_color),
            store: OnceCell::new(),
            passwords: OnceCell::new(),
        }
    }

    /// The store chosen by `--store`/`CERTKIT_STORE` or the default, opened on first use.
    pub fn open_store(&self) -> Result<&OpenStore, Error> {
        if let Some(open) = self.store.get() {
            return Ok(open);
        }
        let location = choose(self.global.store.as_deref())?;
        let store = open(&location)?;
        Ok(self.store.get_or_init(|| OpenStore { location, store }))
    }

    /// The store, opened on first use.
    pub fn store(&self) -> Result<&dyn CertificateStore, Error> {
        Ok(self.open_store()?.store.as_ref())
    }

    /// The password source the global flags name. `inputs_use_stdin` refuses
    /// `--password-stdin` when an input is itself read from stdin.
    pub fn password_spec(&self, inputs_use_stdin: bool) -> Result<PasswordSpec, Error> {
        super::password_spec(&self.global.password, inputs_use_stdin)
    }

    /// The passwords, read from their source on first use only (a run that opens nothing
    /// encrypted never reads a password file or stdin).
    pub fn passwords(&self, inputs_use_stdin: bool) -> Result<&Passwords, Error> {
        if let Some(passwords) = self.passwords.get() {
            return Ok(passwords);
        }
        let passwords = Passwords::resolve(&self.password_spec(inputs_use_stdin)?, "password")?;
        Ok(self.passwords.get_or_init(|| passwords))
    }

    /// The time of the checks: the subcommand's own `--now`/`--at` when it has one, else
    /// `CERTKIT_NOW`, else the system clock.
    pub fn now(&self, given: Option<&str>) -> Result<OffsetDateTime, Error> {
        match given.filter(|t| !t.trim().is_empty()) {
            Some(text) => super::parse_now(Some(text)),
            None => super::parse_now(std::env::var(NOW_ENV).ok().as_deref()),
        }
    }

    /// Adds the store's roots (trusted) and intermediates to `sources`, as Windows uses its
    /// stores: through the subject-hash index when the store keeps one, so 10,000 CAs cost no
    /// more than 10.
    pub fn add_store_sources(&self, sources: &mut Sources) -> Result<(), Error> {
        let store = self.store()?;
        for (logical, trusted) in [
            (LogicalStore::Root, true),
            (LogicalStore::Intermediate, false),
        ] {
            match store.hashed_dir(logical) {
                Some(dir) => {
                    if dir.is_dir() {
                        sources.add_hashed_dir(dir, trusted, OriginKind::Store);
                    }
                }
                None => {
                    let origin = Origin::new(
                        OriginKind::Store,
                        format!("{}/{}", store.location(), logical),
                    );
                    for cert in store.certificates(logical)? {
                        if trusted {
                            sources.add_anchor(cert, origin.clone());
                        } else {
                            sources.add_untrusted(cert, origin.clone());
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// The store's CRL folder, when it has one that exists.
    pub fn store_crl_dir(&self) -> Result<Option<PathBuf>, Error> {
        Ok(self.store()?.crl_dir().filter(|dir| dir.is_dir()))
    }
}

/// The backend for a store location.
fn open(location: &StoreLocation) -> Result<Box<dyn CertificateStore>, Error> {
    match location {
        StoreLocation::Dir(dir) => Ok(Box::new(crate::store::FileStore::new(dir))),
        #[cfg(windows)]
        StoreLocation::Windows(location) => Ok(Box::new(crate::store::windows::WindowsStore::new(
            *location,
        ))),
        #[cfg(not(windows))]
        StoreLocation::Windows(location) => Err(Error::new(
            crate::error::ErrorKind::Usage,
            format!(
                "--store windows:{}: the Windows certificate stores exist only on Windows",
                location.as_str()
            ),
        )),
    }
}
