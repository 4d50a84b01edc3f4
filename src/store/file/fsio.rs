//! File-system primitives of the folder store: reading and opening without following
//! symbolic links, atomic folder swaps, folder creation with a mode, cleanup helpers.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::OLD_DIR_PREFIX;
use crate::error::{Error, ErrorKind, Result};

pub(super) fn random_hex() -> String {
    let mut buf = [0u8; 8];
    openssl::rand::rand_bytes(&mut buf).expect("openssl random bytes");
    hex::encode(buf)
}

/// Hidden items (name starts with a dot) of a folder; none when it does not exist.
pub(super) fn hidden_items(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let listing = match fs::read_dir(dir) {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io("read", dir, &e)),
    };
    let mut out = Vec::new();
    for item in listing {
        let item = item.map_err(|e| Error::io("read", dir, &e))?;
        if let Ok(name) = item.file_name().into_string() {
            if name.starts_with('.') {
                out.push((name, item.path()));
            }
        }
    }
    Ok(out)
}

/// Removes a file, link or folder (a link is removed, never followed).
pub(super) fn remove_any(path: &Path) -> Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    };
    result.map_err(|e| Error::io("remove", path, &e))
}

/// Refuses a folder of the store that is a symbolic link (it could lead writes elsewhere).
pub(super) fn ensure_real_dir(dir: &Path) -> Result<()> {
    let meta = fs::symlink_metadata(dir).map_err(|e| Error::io("read", dir, &e))?;
    if meta.file_type().is_symlink() {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "{} is a symbolic link: certkit does not write through links inside the store; replace it with a folder",
                dir.display()
            ),
        ));
    }
    if !meta.is_dir() {
        return Err(Error::new(
            ErrorKind::Usage,
            format!(
                "{} is not a folder: the store is damaged; move it aside",
                dir.display()
            ),
        ));
    }
    Ok(())
}

pub(super) fn create_store_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o755);
    }
    builder
        .create(dir)
        .map_err(|e| Error::io("create the store", dir, &e))
}

pub(super) fn create_dir_mode(dir: &Path, mode: u32) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, mode);
    #[cfg(not(unix))]
    let _ = mode;
    builder
        .recursive(false)
        .create(dir)
        .map_err(|e| Error::io("create", dir, &e))
}

/// Opens a file without following a symbolic link at its path.
pub(super) fn open_no_follow(path: &Path, create: bool) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    if create {
        options.write(true).create(true).truncate(false);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW).mode(0o644);
    }
    #[cfg(not(unix))]
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(std::io::Error::other("is a symbolic link"));
    }
    options.open(path)
}

/// Reads a whole file, refusing a symbolic link at its path.
pub(super) fn read_no_follow(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = open_no_follow(path, false)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

pub(super) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Moves the complete entry `new` to `target`, which exists: one atomic exchange on Linux
/// (afterwards `new` holds the old entry); elsewhere the old entry is first moved aside under
/// a name recovery understands, then `new` renamed into place and the old one left at `new`.
pub(super) fn swap_dirs(new: &Path, target: &Path, parent: &Path) -> Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let a = CString::new(new.as_os_str().as_bytes()).expect("paths have no NUL");
        let b = CString::new(target.as_os_str().as_bytes()).expect("paths have no NUL");
        // The system call itself rather than libc's wrapper: the musl of the static release
        // build has no renameat2 function.
        // SAFETY: both are valid NUL-terminated paths; renameat2 only reads them.
        let rc = unsafe {
            libc::syscall(
                libc::SYS_renameat2,
                libc::AT_FDCWD,
                a.as_ptr(),
                libc::AT_FDCWD,
                b.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if rc == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if !matches!(err.raw_os_error(), Some(libc::EINVAL) | Some(libc::ENOSYS)) {
            return Err(Error::io("replace", target, &err));
        }
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = parent.join(format!("{OLD_DIR_PREFIX}{}~{name}", random_hex()));
    fs::rename(target, &aside).map_err(|e| Error::io("replace", target, &e))?;
    fs::rename(new, target).map_err(|e| Error::io("replace", target, &e))?;
    fs::rename(&aside, new).map_err(|e| Error::io("replace", target, &e))?;
    Ok(())
}
