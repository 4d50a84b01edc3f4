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

/// Every regular file below `dir`, in a stable (sorted) order. Symbolic links are not followed,
/// so a link cannot lead the scan out of the tree or into a loop.
pub fn walk_files(dir: &Path) -> Vec<std::result::Result<PathBuf, Error>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|entry| match entry {
            Ok(e) if e.file_type().is_file() => Some(Ok(e.into_path())),
            Ok(_) => None,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("file system loop"));
                Some(Err(Error::io("read", &path, &io)))
            }
        })
        .collect()
}
