//! Where the store is: `--store DIR`, else `CERTKIT_STORE` (both arrive through clap), else a
//! per-user folder under the XDG data directory, or a machine-wide one when run as root — the
//! Windows CurrentUser / LocalMachine split.

use std::path::{Path, PathBuf};

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
    fn a_given_directory_wins() {
        assert_eq!(resolve(Some(Path::new("/s"))), PathBuf::from("/s"));
    }
}
