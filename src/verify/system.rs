//! Where this machine keeps its trusted CA certificates, for `--system` (and `connect`'s
//! server check, through [`super::Sources::add_system`]).
//!
//! As OpenSSL does, `SSL_CERT_FILE` and `SSL_CERT_DIR` decide when they are set (both may be,
//! and `SSL_CERT_DIR` may list several directories). Otherwise the usual places of this
//! operating system, as the `openssl-probe` crate knows them: the first hashed directory
//! (`<subject-hash>.N` links, read lazily per issuer name), else the first bundle file.

use std::path::{Path, PathBuf};

/// One place trusted certificates are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustLocation {
    /// An OpenSSL hashed directory (`c_rehash` / `openssl rehash` links).
    HashedDir(PathBuf),
    /// A PEM bundle of certificates.
    Bundle(PathBuf),
}

/// The system's trust locations, most authoritative first; empty when none is found.
pub fn trust_locations() -> Vec<TrustLocation> {
    let from_env = from_environment();
    if !from_env.is_empty() {
        return from_env;
    }
    let probed = openssl_probe::probe();
    if let Some(dir) = probed.cert_dir.into_iter().find(|d| has_hash_links(d)) {
        return vec![TrustLocation::HashedDir(dir)];
    }
    probed
        .cert_file
        .map(TrustLocation::Bundle)
        .into_iter()
        .collect()
}

/// `SSL_CERT_FILE` and the directories of `SSL_CERT_DIR` that exist.
fn from_environment() -> Vec<TrustLocation> {
    let mut found = Vec::new();
    if let Some(file) = std::env::var_os("SSL_CERT_FILE").map(PathBuf::from) {
        if file.is_file() {
            found.push(TrustLocation::Bundle(file));
        }
    }
    if let Some(dirs) = std::env::var_os("SSL_CERT_DIR") {
        found.extend(
            std::env::split_paths(&dirs)
                .filter(|d| d.is_dir())
                .map(TrustLocation::HashedDir),
        );
    }
    found
}

/// Does `dir` look like a hashed directory (at least one `<8 hex digits>.<n>` entry)?
fn has_hash_links(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        matches!(name.split_once('.'), Some((h, n))
            if h.len() == 8 && h.chars().all(|c| c.is_ascii_hexdigit()) && n.parse::<u32>().is_ok())
    })
}
