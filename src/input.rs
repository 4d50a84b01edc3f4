//! Inputs: a path, a directory to scan, or `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// Certificate files are small; anything larger than this is refused before it is read whole.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// One input as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Path(PathBuf),
}

impl Input {
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// Parses the inputs named on the command line, refusing `-` (stdin) more than once.
    pub fn parse_all<'a>(args: impl IntoIterator<Item = &'a str>) -> Result<Vec<Input>> {
        let inputs: Vec<Input> = args.into_iter().map(Input::parse).collect();
        if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
            return Err(Error::new(
                ErrorKind::Usage,
                "standard input (-) can be named only once",
            ));
        }
        Ok(inputs)
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::Path(p) => Some(p),
        }
    }

    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::Path(p) => p.display().to_string(),
        }
    }

    pub fn is_dir(&self) -> bool {
        matches!(self, Input::Path(p) if p.is_dir())
    }

    /// Reads the whole input, refusing anything over [`MAX_INPUT_BYTES`].
    pub fn read(&self) -> Result<Vec<u8>> {
        match self {
            Input::Stdin => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .lock()
                    .take(MAX_INPUT_BYTES + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| {
                        Error::new(ErrorKind::Io, format!("cannot read standard input: {e}"))
                    })?;
                check_size(buf.len() as u64, "<stdin>")?;
                Ok(buf)
            }
            Input::Path(path) => {
                // One open and one fstat per file: directory scans read thousands of them.
                let io = |e: std::io::Error| Error::io("read", path, &e);
                let file = std::fs::File::open(path).map_err(io)?;
                let meta = file.metadata().map_err(io)?;
                if meta.is_dir() {
                    return Err(Error::new(
                        ErrorKind::Usage,
                        format!(
                            "{} is a directory: this command takes a file",
                            path.display()
                        ),
                    ));
                }
                check_size(meta.len(), &path.display().to_string())?;
                // The size is a hint only (special files report 0, files may grow): the take()
                // keeps the limit however much is really there.
                let mut buf = Vec::with_capacity(meta.len() as usize + 1);
                file.take(MAX_INPUT_BYTES + 1)
                    .read_to_end(&mut buf)
                    .map_err(io)?;
                check_size(buf.len() as u64, &path.display().to_string())?;
                Ok(buf)
            }
        }
    }
}

fn check_size(len: u64, name: &str) -> Result<()> {
    if len > MAX_INPUT_BYTES {
        return Err(Error::new(
            ErrorKind::Malformed,
            format!(
                "{name}: the file is {len} bytes, larger than any certificate file (limit {MAX_INPUT_BYTES}): check that this is the right file"
            ),
        ));
    }
    Ok(())
}

/// "Too many levels of symbolic links" (a link to itself, or a cycle of links).
/// (`io::ErrorKind::FilesystemLoop` is not stable yet.)
fn is_loop_error(io: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        io.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = io;
        false
    }
}

/// What a directory scan found: the files to read, and what it left out and why.
#[derive(Debug, Default)]
pub struct DirScan {
    /// Regular files, each once, in a stable (sorted) order.
    pub files: Vec<PathBuf>,
    /// Entries left out, each named with its reason, in the order the scan met them.
    pub left_out: Vec<(PathBuf, LeftOut)>,
    /// Entries that could not be read (permission denied, ...).
    pub errors: Vec<Error>,
}

/// Why a directory scan left an entry out without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeftOut {
    /// A symbolic link that leads back into a directory above it, or to itself.
    LinkLoop,
    /// A symbolic link whose target does not exist.
    DanglingLink,
    /// A further name (link) for a file the scan already has (a CA directory's hash links).
    DuplicateLink,
}

impl DirScan {
    /// How many entries were left out for `reason`.
    pub fn count(&self, reason: LeftOut) -> usize {
        self.left_out.iter().filter(|(_, r)| *r == reason).count()
    }
}

/// What identifies a file however it is reached (through links or not).
#[derive(Debug, PartialEq, Eq, Hash)]
enum FileId {
    /// Device and inode: one `stat` per file, where resolving the real path would take one
    /// `lstat` per path component (directory scans read thousands of files).
    #[cfg(unix)]
    Inode(u64, u64),
    /// The canonical path, where there are no inode numbers (or the file cannot be statted).
    Path(PathBuf),
}

fn file_id(entry: &walkdir::DirEntry) -> FileId {
    #[cfg(unix)]
    if let Ok(meta) = entry.metadata() {
        use std::os::unix::fs::MetadataExt;
        return FileId::Inode(meta.dev(), meta.ino());
    }
    FileId::Path(std::fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().into()))
}

/// Every regular file below `dir`, following symbolic links (as `openssl rehash` directories and
/// /etc/ssl/certs are made of links). Loops and dangling links are counted, not read, and a file
/// reached under several names is listed once, under its own name when the scan meets it.
pub fn scan_dir(dir: &Path) -> DirScan {
    let mut scan = DirScan::default();
    // The file (however reached) -> index in `scan.files`, and whether that entry was reached
    // through a link.
    let mut seen: std::collections::HashMap<FileId, (usize, bool)> = Default::default();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let real = file_id(&e);
                let via_link = e.path_is_symlink();
                match seen.get_mut(&real) {
                    None => {
                        seen.insert(real, (scan.files.len(), via_link));
                        scan.files.push(e.into_path());
                    }
                    Some((index, seen_via_link)) => {
                        // The file keeps its own name; the link to it is the one left out.
                        let mut skipped = e.into_path();
                        if *seen_via_link && !via_link {
                            std::mem::swap(&mut scan.files[*index], &mut skipped);
                            *seen_via_link = false;
                        }
                        scan.left_out.push((skipped, LeftOut::DuplicateLink));
                    }
                }
            }
            Ok(_) => {}
            Err(e) if e.loop_ancestor().is_some() => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                scan.left_out.push((path, LeftOut::LinkLoop));
            }
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let is_link = path
                    .symlink_metadata()
                    .is_ok_and(|m| m.file_type().is_symlink());
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("file system loop"));
                if is_link && is_loop_error(&io) {
                    scan.left_out.push((path, LeftOut::LinkLoop));
                } else if is_link && io.kind() == std::io::ErrorKind::NotFound {
                    scan.left_out.push((path, LeftOut::DanglingLink));
                } else {
                    scan.errors.push(Error::io("read", &path, &io));
                }
            }
        }
    }
    scan
}
