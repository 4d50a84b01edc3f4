//! `export-public`: write public certificates only (never key material) under deterministic
//! names, the way MMC's Export → "No, do not export the private key" → "DER encoded binary
//! X.509 (.cer)" is used to fill a shared folder from every front-end server.
//!
//! The exporting function takes a list of named certificates, so the same code serves an input
//! file and the store's personal entries. Re-running with the same content changes nothing; a
//! different existing file is never replaced without `force`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::encode;
use crate::error::{Error, ErrorKind, Result};
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::model::naming;
use crate::model::{Bundle, Certificate, Role};
use crate::ops::summary::CertificateSummary;

/// The two encodings of an exported certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// DER, `.cer` (Windows' "DER encoded binary X.509").
    Der,
    /// PEM, `.pem`.
    Pem,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Der => "cer",
            ExportFormat::Pem => "pem",
        }
    }

    fn encode(self, cert: &Certificate) -> Vec<u8> {
        match self {
            ExportFormat::Der => encode::der::certificate(cert),
            ExportFormat::Pem => encode::pem::certificate(cert).into_bytes(),
        }
    }
}

/// One certificate to export and the name its file gets (before sanitising).
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub certificate: Certificate,
    pub role: Role,
}

/// The entries of an input file: its leaf named by `name`, else its friendly name, else its
/// subject common name; with `chain`, also its CA certificates under their own names. `now`
/// decides which certificates count as CAs of the chain (validity is one of the rules).
pub fn entries_from_bundle(
    bundle: &Bundle,
    name: Option<&str>,
    chain: bool,
    now: time::OffsetDateTime,
) -> Vec<Entry> {
    let roles = crate::verify::bundle::roles(bundle, now);
    let role_of = |cert: &Certificate| crate::verify::bundle::role_of(bundle, &roles, cert);
    let ordered = crate::verify::bundle::chain_order(bundle, now);
    let mut entries = Vec::new();
    for (i, cert) in ordered.iter().enumerate() {
        if i > 0 && !chain {
            break;
        }
        let given = if i == 0 { name } else { None };
        entries.push(Entry {
            name: naming::certificate_name(cert, given),
            certificate: (*cert).clone(),
            role: role_of(cert),
        });
    }
    entries
}

/// What happened to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The file did not exist and was written.
    Written,
    /// The file already held exactly these bytes; nothing was done.
    Unchanged,
    /// A different file was replaced (`--force`).
    Replaced,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ExportedFile {
    pub path: String,
    pub name: String,
    pub role: Role,
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    pub status: Status,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ExportReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub format: ExportFormat,
    /// The destination folder, when it did not exist and this export created it (parents
    /// included). Said out loud so that a mistyped share name does not go unnoticed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub created_folder: Option<String>,
    pub files: Vec<ExportedFile>,
}

impl ExportReport {
    /// The current version of the `export-public` document.
    pub const VERSION: u32 = 2;
}

/// Where DEST points: a folder (files are named after the entries) or one file (the first
/// entry's; further entries go next to it under their own names).
pub fn destination_kind(dest: &Path) -> Dest {
    let text = dest.as_os_str().to_string_lossy();
    if dest.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        return Dest::Folder(dest.to_path_buf());
    }
    let looks_like_file = dest
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .is_some_and(|e| matches!(e.as_str(), "cer" | "crt" | "der" | "pem"));
    if looks_like_file {
        Dest::File(dest.to_path_buf())
    } else {
        Dest::Folder(dest.to_path_buf())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    Folder(PathBuf),
    File(PathBuf),
}

/// Exports `entries` to `dest`. Every target is checked before anything is written: a
/// different existing file without `force` stops the export with nothing changed.
pub fn export(
    entries: &[Entry],
    dest: &Dest,
    format: ExportFormat,
    force: bool,
    now: OffsetDateTime,
) -> Result<ExportReport> {
    if entries.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            "there is no certificate to export",
        ));
    }
    let (folder, first_file) = match dest {
        Dest::Folder(f) => (f.clone(), None),
        Dest::File(f) => (
            f.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
            Some(f.clone()),
        ),
    };
    // Decide every path first; names that collide get the thumbprint, deterministically.
    let mut counts: HashMap<String, usize> = HashMap::new();
    let stems: Vec<String> = entries
        .iter()
        .map(|e| {
            let s = naming::sanitize(&e.name);
            if s.is_empty() {
                e.certificate.sha1_hex()
            } else {
                s
            }
        })
        .collect();
    for s in &stems {
        *counts.entry(s.to_ascii_lowercase()).or_default() += 1;
    }
    let mut plans = Vec::new();
    for (i, (entry, stem)) in entries.iter().zip(&stems).enumerate() {
        let path = match (&first_file, i) {
            (Some(file), 0) => file.clone(),
            _ => {
                let stem = if counts[&stem.to_ascii_lowercase()] > 1 {
                    format!("{stem}-{}", &entry.certificate.sha1_hex()[..8])
                } else {
                    stem.clone()
                };
                folder.join(format!("{stem}.{}", format.extension()))
            }
        };
        let bytes = format.encode(&entry.certificate);
        let status = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("{} is a symbolic link: certkit does not write through links; remove it or choose another destination", path.display()),
                ))
            }
            Ok(meta) if meta.is_dir() => {
                return Err(Error::new(
                    ErrorKind::Usage,
                    format!("{} is a directory: give another --name or destination", path.display()),
                ))
            }
            Ok(_) => {
                let existing = std::fs::read(&path).map_err(|e| Error::io("read", &path, &e))?;
                if existing == bytes {
                    Status::Unchanged
                } else if force {
                    Status::Replaced
                } else {
                    return Err(Error::new(
                        ErrorKind::Exists,
                        format!(
                            "{} already exists with different content: nothing was written; use --force to replace it",
                            path.display()
                        ),
                    ));
                }
            }
            Err(_) => Status::Written,
        };
        plans.push((entry, path, bytes, status));
    }
    let mut created_folder = None;
    if plans.iter().any(|(_, _, _, s)| *s != Status::Unchanged) && !folder.exists() {
        std::fs::create_dir_all(&folder)
            .map_err(|e| Error::io("create the folder", &folder, &e))?;
        created_folder = Some(folder.display().to_string());
    }
    let mut files = Vec::new();
    for (entry, path, bytes, status) in plans {
        match status {
            Status::Unchanged => {}
            Status::Written => write_atomic(&path, &bytes, Privacy::Public, Overwrite::Refuse)?,
            Status::Replaced => write_atomic(&path, &bytes, Privacy::Public, Overwrite::Replace)?,
        }
        files.push(ExportedFile {
            path: path.display().to_string(),
            name: entry.name.clone(),
            role: entry.role,
            certificate: CertificateSummary::new(&entry.certificate, now),
            status,
        });
    }
    Ok(ExportReport {
        version: ExportReport::VERSION,
        format,
        created_folder,
        files,
    })
}
