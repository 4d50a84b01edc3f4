//! Where the store is: `--store DIR`, else `CERTKIT_STORE` (both arrive through clap), else a
//! per-user folder under the XDG data directory, or a machine-wide one when run as root — the
//! Windows CurrentUser / LocalMachine split.
//!
//! `--store windows` (or `windows:CurrentUser`) and `--store windows:LocalMachine` name the real
//! Windows certificate stores instead of a folder; on Windows they are also the default.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// Which Windows system store location (the MMC "My user account" / "Computer account" choice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowsLocation {
    CurrentUser,
    LocalMachine,
}

impl WindowsLocation {
    pub fn as_str(self) -> &'static str {
        match self {
            WindowsLocation::CurrentUser => "CurrentUser",
            WindowsLocation::LocalMachine => "LocalMachine",
        }
    }
}

/// The store chosen on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    /// A certkit store folder.
    Dir(PathBuf),
    /// The Windows certificate stores (crypt32).
    Windows(WindowsLocation),
}

/// `--store`/`CERTKIT_STORE` → the store: `windows[:CurrentUser|:LocalMachine]` (any case) are
/// the Windows stores, anything else a folder; without one, the Windows CurrentUser store on
/// Windows and the default folder elsewhere. The Windows stores are a usage error off Windows.
pub fn choose(given: Option<&Path>) -> Result<StoreLocation> {
    let given = given.filter(|d| !d.as_os_str().is_empty());
    let Some(text) = given.and_then(|g| g.to_str()) else {
        return Ok(match given {
            Some(dir) => StoreLocation::Dir(dir.to_path_buf()),
            None if cfg!(windows) => StoreLocation::Windows(WindowsLocation::CurrentUser),
            None => StoreLocation::Dir(resolve(None)),
        });
    };
    let lower = text.to_ascii_lowercase();
    let location = match lower.as_str() {
        "windows" | "windows:currentuser" => WindowsLocation::CurrentUser,
        "windows:localmachine" => WindowsLocation::LocalMachine,
        other if other.starts_with("windows:") => {
            return Err(Error::new(
                ErrorKind::Usage,
                format!(
                    "--store {text:?}: the Windows store locations are windows:CurrentUser and windows:LocalMachine"
                ),
            ))
        }
        _ => return Ok(StoreLocation::Dir(PathBuf::from(text))),
    };
    if cfg!(windows) {
        Ok(StoreLocation::Windows(location))
    } else {
        Err(Error::new(
            ErrorKind::Usage,
            format!(
                "--store {text}: the Windows certificate stores exist only on Windows; give a store folder (for a folder named {text}, write ./{text})"
            ),
        ))
    }
}

/// The machine-wide store used when certkit runs as root.
pub const SYSTEM_STORE: &str = "/var/lib/certkit";

/// The store directory: the one given, else the default for this user.
pub fn resolve(given: Option<&Path>) -> PathBuf {
    if let Some(dir) = given.filter(|d| !d.as_os_str().is_empty()) {
        return dir.to_path_buf();
    }
    default_location(
        is_root(),
        std::env::var_os("XDG_DATA_HOME").map(PathBuf::from),
        std::env::var_os("HOME").map(PathBuf::from),
    )
}

/// The default store: `/var/lib/certkit` for root; else `$XDG_DATA_HOME/certkit` when that
/// is an absolute path (the XDG rule), else `~/.local/share/certkit`.
pub fn default_location(
    root: bool,
    xdg_data_home: Option<PathBuf>,
    home: Option<PathBuf>,
) -> PathBuf {
    if root {
        return PathBuf::from(SYSTEM_STORE);
    }
    if let Some(xdg) = xdg_data_home.filter(|p| p.is_absolute()) {
        return xdg.join("certkit");
    }
    #[cfg(windows)]
    if let Some(local) = std::env::var_os("LOCALAPPDATA") {
        return PathBuf::from(local).join("certkit");
    }
    match home {
        Some(home) => home.join(".local").join("share").join("certkit"),
        None => PathBuf::from(".certkit"),
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

#[cfg(not(unix))]
fn is_root() -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_follows_xdg_then_home_and_root_gets_the_system_store() {
        assert_eq!(
            default_location(true, Some("/x".into()), Some("/home/a".into())),
            PathBuf::from("/var/lib/certkit")
        );
        assert_eq!(
            default_location(false, Some("/x".into()), Some("/home/a".into())),
            PathBuf::from("/x/certkit")
        );
        assert_eq!(
            default_location(false, Some("relative".into()), Some("/home/a".into())),
            PathBuf::from("/home/a/.local/share/certkit")
        );
        assert_eq!(
            default_location(false, None, Some("/home/a".into())),
            PathBuf::from("/home/a/.local/share/certkit")
        );
    }

    #[test]
    fn windows_names_select_the_windows_stores_only_on_windows() {
        let dir = choose(Some(Path::new("./windows"))).unwrap();
        assert_eq!(dir, StoreLocation::Dir(PathBuf::from("./windows")));
        for (text, wanted) in [
            ("windows", WindowsLocation::CurrentUser),
            ("Windows:CurrentUser", WindowsLocation::CurrentUser),
            ("windows:localmachine", WindowsLocation::LocalMachine),
        ] {
            let chosen = choose(Some(Path::new(text)));
            if cfg!(windows) {
                assert_eq!(chosen.unwrap(), StoreLocation::Windows(wanted));
            } else {
                assert_eq!(chosen.unwrap_err().kind, ErrorKind::Usage);
            }
        }
        assert!(choose(Some(Path::new("windows:Elsewhere"))).is_err());
    }

    #[test]
    fn a_given_directory_wins() {
        assert_eq!(resolve(Some(Path::new("/s"))), PathBuf::from("/s"));
    }
}
