//! Safe file writing, shared by every command that writes: atomic replace, private modes for
//! key material, no silent overwrite, no writing through symbolic links.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, ErrorKind, Result};

/// Who may read the file being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// Certificates and other public material: 0644.
    Public,
    /// Anything holding a private key: 0600.
    Secret,
}

/// What to do when the target exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Refuse,
    Replace,
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder (created with the
/// final mode, so a key is never readable by others even for a moment), fsync, rename, fsync
/// of the folder. On any error the target is untouched and no temporary file is left.
/// A symbolic link at `path` is refused rather than followed.
pub fn write_atomic(
    path: &Path,
    bytes: &[u8],
    privacy: Privacy,
    overwrite: Overwrite,
) -> Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{} is a symbolic link: certkit does not write through links; remove it or choose another path", path.display()),
            ))
        }
        Ok(meta) if meta.is_dir() => {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{} is a directory: give a file path", path.display()),
            ))
        }
        Ok(_) if overwrite == Overwrite::Refuse => {
            return Err(Error::new(
                ErrorKind::Exists,
                format!("{} already exists: use --force to replace it", path.display()),
            ))
        }
        _ => {}
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".certkit-tmp-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = match privacy {
            Privacy::Public => 0o644,
            Privacy::Secret => 0o600,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = privacy;
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| Error::io("create a file in", dir, &e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("write", path, &e))?;
    let persisted = match overwrite {
        Overwrite::Replace => tmp.persist(path).map(|_| ()),
        // persist_noclobber fails if the target appeared meanwhile: never replace silently.
        Overwrite::Refuse => tmp.persist_noclobber(path).map(|_| ()),
    };
    persisted.map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Error::new(
                ErrorKind::Exists,
                format!(
                    "{} already exists: use --force to replace it",
                    path.display()
                ),
            )
        } else {
            Error::io("write", path, &e.error)
        }
    })?;
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.pem");
        write_atomic(&target, b"one", Privacy::Public, Overwrite::Refuse).unwrap();
        let err = write_atomic(&target, b"two", Privacy::Public, Overwrite::Refuse).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Exists);
        assert_eq!(std::fs::read(&target).unwrap(), b"one");
        write_atomic(&target, b"two", Privacy::Public, Overwrite::Replace).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn secret_files_are_private_and_links_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let key = dir.path().join("key.pem");
        write_atomic(&key, b"k", Privacy::Secret, Overwrite::Refuse).unwrap();
        assert_eq!(
            std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let link = dir.path().join("link.pem");
        std::os::unix::fs::symlink("/tmp/elsewhere", &link).unwrap();
        let err = write_atomic(&link, b"x", Privacy::Public, Overwrite::Replace).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage);
    }
}
