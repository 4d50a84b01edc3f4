//! The typed error at the core of certkit.
//!
//! Every failure that a user or a script may want to branch on has a stable [`ErrorKind`]
//! (rendered as `kind` in JSON output). Messages name the file and say what to do; they never
//! contain a password or key material. Foreign error types stay out of this enum: the loader
//! translates them into a kind and a sentence.

use std::fmt;
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The stable, machine-readable category of an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The password does not open the file.
    WrongPassword,
    /// The file is protected, no password was given and none could be asked for.
    PasswordRequired,
    /// The PKCS#12 integrity check failed although the contents decrypt: the file was altered.
    BadMac,
    /// The file uses an algorithm certkit cannot process.
    UnsupportedAlgorithm,
    /// The file looks like certificate material but its structure is broken.
    Malformed,
    /// The bytes are not a certificate, key, PKCS#7 or PKCS#12 file.
    NotCertificateMaterial,
    /// Reading or writing a file failed.
    Io,
    /// The command line asks for something that cannot be done.
    Usage,
    /// An output file exists and `--force` was not given.
    Exists,
    /// The network operation failed (connect, fetch).
    Network,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::WrongPassword => "wrong_password",
            ErrorKind::PasswordRequired => "password_required",
            ErrorKind::BadMac => "bad_mac",
            ErrorKind::UnsupportedAlgorithm => "unsupported_algorithm",
            ErrorKind::Malformed => "malformed",
            ErrorKind::NotCertificateMaterial => "not_certificate_material",
            ErrorKind::Io => "io",
            ErrorKind::Usage => "usage",
            ErrorKind::Exists => "exists",
            ErrorKind::Network => "network",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error with a stable kind and a one-line, secret-free message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// An I/O failure on `path`, worded for people ("cannot read client.pfx: No such file").
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        let reason = match err.kind() {
            std::io::ErrorKind::NotFound => "no such file or directory".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => err.to_string(),
        };
        Error::new(
            ErrorKind::Io,
            format!("cannot {action} {}: {reason}", path.display()),
        )
    }
}

/// An error as JSON reports carry it: the stable kind and the one-line message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ErrorReport {
    pub kind: ErrorKind,
    pub message: String,
}

impl From<&Error> for ErrorReport {
    fn from(e: &Error) -> Self {
        ErrorReport {
            kind: e.kind,
            message: e.message.clone(),
        }
    }
}

/// The document `--json` prints on stdout when a command fails (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ErrorDocument {
    /// The version of this document's format.
    pub version: u32,
    pub error: ErrorReport,
}

impl ErrorDocument {
    /// The current version of the error document.
    pub const VERSION: u32 = 1;

    /// The document for a command line that cannot be run (kind `usage`).
    pub fn usage(message: &str) -> Self {
        ErrorDocument {
            version: Self::VERSION,
            error: ErrorReport {
                kind: ErrorKind::Usage,
                message: message.to_string(),
            },
        }
    }

    /// The document for a failed run: the kind found in the chain, the top message.
    pub fn new(err: &anyhow::Error) -> Self {
        ErrorDocument {
            version: Self::VERSION,
            error: ErrorReport {
                kind: kind_of(err),
                message: err.to_string(),
            },
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Finds the certkit [`Error`] inside an `anyhow` chain, for the kind shown in JSON output.
pub fn kind_of(err: &anyhow::Error) -> ErrorKind {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<Error>())
        .map(|e| e.kind)
        .unwrap_or(ErrorKind::Io)
}
