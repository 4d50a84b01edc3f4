//! What the checks are given: the subjects, the store as they see it, and the settings made
//! from the command line (validated, no clap).

use std::path::PathBuf;

use time::OffsetDateTime;

use crate::error::Error;
use crate::model::Bundle;
use crate::ops::connect::{Target, TrustSources};
use crate::store::{CertificateStore, Entry, HeldKeyCheck, LogicalStore};
use crate::verify::Sources;

use super::fix::FixContext;
use super::report::SubjectKind;

/// A platform that must open the file. Runtimes built on one of these map onto it: the
/// Mendix runtime reads PKCS#12 through the JDK (`java17`, or `java8` for Mendix 7), and
/// OutSystems on-premises imports into the Windows store of its Windows Server front ends
/// (`windows-2016` or `windows-2019`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Windows2016,
    Windows2019,
    Java8,
    Java17,
    Openssl3,
    Macos,
    Nss,
    Dotnet9,
    DotnetFramework,
    Mono,
}

impl Platform {
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Windows2016 => "windows-2016",
            Platform::Windows2019 => "windows-2019",
            Platform::Java8 => "java8",
            Platform::Java17 => "java17",
            Platform::Openssl3 => "openssl3",
            Platform::Macos => "macos",
            Platform::Nss => "nss",
            Platform::Dotnet9 => "dotnet9",
            Platform::DotnetFramework => "dotnet-framework",
            Platform::Mono => "mono",
        }
    }
}

/// The store as the checks see it: the store itself (for what only it can say: where an
/// entry's files and key are, who can read a key), every entry as listed once, and where it is.
pub struct StoreView<'a> {
    pub store: &'a dyn CertificateStore,
    pub location: String,
    pub entries: Vec<Entry>,
    /// The store's roots (anchors) and intermediates, set up as `verify-chain` does.
    pub sources: Sources,
}

impl StoreView<'_> {
    /// The personal entry `name`, from the listing.
    pub fn personal(&self, name: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.store == LogicalStore::Personal && e.name == name)
    }
}

/// One thing to examine.
#[derive(Debug)]
pub struct Subject {
    pub kind: SubjectKind,
    /// The store entry's name, or the file as named on the command line.
    pub name: String,
    /// The loaded file or entry, or why it did not load.
    pub loaded: std::result::Result<Bundle, Error>,
    /// For an entry whose key the store keeps (the Windows stores): its check by the store.
    pub held_key: Option<HeldKeyCheck>,
}

impl Subject {
    /// `personal/NAME` or the file name.
    pub fn label(&self) -> String {
        match self.kind {
            SubjectKind::Entry => format!("personal/{}", self.name),
            SubjectKind::File => self.name.clone(),
        }
    }
}

/// The `--host` handshake: where to, and what anchors the server's chain.
#[derive(Debug, Clone)]
pub struct HandshakeSettings {
    pub target: Target,
    pub trust: TrustSources,
    pub timeout: std::time::Duration,
}

/// Everything the checks need besides the subject, validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub now: OffsetDateTime,
    pub warn_days: u32,
    pub platforms: Vec<Platform>,
    pub accounts: Vec<String>,
    pub export_dir: Option<PathBuf>,
    pub export_name: Option<String>,
    pub handshake: Option<HandshakeSettings>,
    /// `--revocation`, and the CRLs the store keeps.
    pub revocation: crate::revocation::status::Mode,
    pub revocation_local: crate::revocation::Local,
    pub fix: FixContext,
}
