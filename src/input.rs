//! Inputs: a path, a directory to scan, or `-` for standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Result};

/// Certificate files are small; anything larger than this is refused before it is read whole.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The buffer a file is first read into: most certificate files fit, so they take one read and
/// the read that finds their end; larger ones grow it.
const FIRST_READ: usize = 16 * 1024;

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
                // One open and the reads, no fstat: directory scans read thousands of files,
                // and the size would only be a hint (special files report 0, files may grow).
                // A directory opens but refuses to be read (EISDIR). The take() keeps the limit
                // however much is really there.
                let io = |e: std::io::Error| Error::io("read", path, &e);
                let file = std::fs::File::open(path).map_err(io)?;
                let mut buf = Vec::with_capacity(FIRST_READ);
                match file.take(MAX_INPUT_BYTES + 1).read_to_end(&mut buf) {
                    Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
                        return Err(Error::new(
                            ErrorKind::Usage,
                            format!(
                                "{} is a directory: this command takes a file",
                                path.display()
                            ),
                        ))
                    }
                    Err(e) => return Err(io(e)),
                    Ok(_) => {}
                }
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
    /// Device and inode (one `stat`, where resolving the real path would take one `lstat` per
    /// path component).
    #[cfg(unix)]
    Inode(u64, u64),
    /// The canonical path, where there are no inode numbers (or the file cannot be statted).
    Path(PathBuf),
    /// A file no other name in the scan can lead to (its inode number is its own).
    Unique(usize),
}

fn file_id(path: &Path) -> FileId {
    #[cfg(unix)]
    if let Ok(meta) = std::fs::metadata(path) {
        use std::os::unix::fs::MetadataExt;
        return FileId::Inode(meta.dev(), meta.ino());
    }
    FileId::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.into()))
}

/// The inode number the walk already knows without a `stat`: the directory entry's for a
/// file, the target's for a followed link. Only files that share one are statted.
fn known_ino(entry: &walkdir::DirEntry) -> Option<u64> {
    #[cfg(unix)]
    {
        use walkdir::DirEntryExt;
        Some(entry.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = entry;
        None
    }
}

/// What the walk met, in order; files are told apart once the walk is over.
enum Met {
    File {
        path: PathBuf,
        via_link: bool,
        ino: Option<u64>,
    },
    LeftOut(PathBuf, LeftOut),
}

/// Every regular file below `dir`, following symbolic links (as `openssl rehash` directories and
/// /etc/ssl/certs are made of links). Loops and dangling links are counted, not read, and a file
/// reached under several names is listed once, under its own name when the scan meets it.
pub fn scan_dir(dir: &Path) -> DirScan {
    let mut scan = DirScan::default();
    let mut met = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        // By name, as sort_by_file_name does, but comparing the whole paths: siblings share
        // their parent's path, so the order is the same without splitting each path into
        // components at every comparison (a tenth of the walk's time in a 10,000-file scan).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
    {
        match entry {
            Ok(e) if e.file_type().is_file() => met.push(Met::File {
                ino: known_ino(&e),
                via_link: e.path_is_symlink(),
                path: e.into_path(),
            }),
            Ok(_) => {}
            Err(e) if e.loop_ancestor().is_some() => {
                let path = e
                    .path()
                    .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                met.push(Met::LeftOut(path, LeftOut::LinkLoop));
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
                    met.push(Met::LeftOut(path, LeftOut::LinkLoop));
                } else if is_link && io.kind() == std::io::ErrorKind::NotFound {
                    met.push(Met::LeftOut(path, LeftOut::DanglingLink));
                } else {
                    scan.errors.push(Error::io("read", &path, &io));
                }
            }
        }
    }
    // A file whose inode number no other file of the scan has is reached by one name only:
    // it needs no `stat` (directory scans read thousands of files). Files sharing a number
    // (links, hard links, or the same number on two devices) are told apart by a `stat`.
    let mut inos: std::collections::HashMap<u64, u32> = Default::default();
    for m in &met {
        if let Met::File { ino: Some(ino), .. } = m {
            *inos.entry(*ino).or_default() += 1;
        }
    }
    // The file (however reached) -> index in `scan.files`, and whether that entry was reached
    // through a link.
    let mut seen: std::collections::HashMap<FileId, (usize, bool)> = Default::default();
    for m in met {
        let (path, via_link, ino) = match m {
            Met::File {
                path,
                via_link,
                ino,
            } => (path, via_link, ino),
            Met::LeftOut(path, reason) => {
                scan.left_out.push((path, reason));
                continue;
            }
        };
        let real = match ino {
            Some(ino) if inos[&ino] == 1 => FileId::Unique(scan.files.len()),
            _ => file_id(&path),
        };
        match seen.get_mut(&real) {
            None => {
                seen.insert(real, (scan.files.len(), via_link));
                scan.files.push(path);
            }
            Some((index, seen_via_link)) => {
                // The file keeps its own name; the link to it is the one left out.
                let mut skipped = path;
                if *seen_via_link && !via_link {
                    std::mem::swap(&mut scan.files[*index], &mut skipped);
                    *seen_via_link = false;
                }
                scan.left_out.push((skipped, LeftOut::DuplicateLink));
            }
        }
    }
    scan
}
