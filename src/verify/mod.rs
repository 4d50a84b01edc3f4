//! Certificate path building and validation: the engine behind `certkit verify-chain`.
//!
//! [`Sources`] says where certificates may come from (the input, other untrusted files,
//! trusted anchors in memory or in OpenSSL-style hashed directories). [`build`] searches every
//! path from the leaf to a trust anchor: issuer candidates are found by subject name (matched as
//! RFC 5280 section 7.1 says, [`canonical_name`]), ranked by key identifier, and confirmed by
//! signature; several candidates are tried (cross-signed and re-keyed CAs), cycles are refused
//! and depth and work are bounded.
//! Each path found is checked in full ([`checks`]); the best one is kept (trusted and valid
//! first) together with every finding on it, not only the first.

pub mod bundle;
pub mod cabf;
pub mod capath;
pub mod checks;
pub mod fetch;
pub mod findings;
pub mod names;
pub mod system;

use std::collections::HashMap;
use std::path::PathBuf;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::model::name::{canonical_name, same_name};
use crate::model::Certificate;

/// Default bound on the number of intermediate CAs between the leaf and the anchor.
pub const DEFAULT_MAX_DEPTH: usize = 8;

/// Bound on the work of one search (candidate paths visited), against pathological inputs.
const MAX_STEPS: usize = 2000;

/// What the leaf must be good for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Purpose {
    /// TLS client authentication (the default: certkit is a client-certificate tool).
    Client,
    /// TLS server authentication.
    Server,
    /// No particular purpose: key usage and extended key usage are not required.
    Any,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Client => "client",
            Purpose::Server => "server",
            Purpose::Any => "any",
        }
    }
}

/// Where a certificate of the path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OriginKind {
    /// The input file itself.
    Input,
    /// A file given on the command line (`--ca`, `--untrusted`).
    File,
    /// certkit's store (its `root/` and `intermediate/` directories).
    Store,
    /// An OpenSSL-style hashed directory given with `--capath` / `--untrusted-capath`.
    Directory,
    /// The operating system's trust bundle (`--system`).
    System,
    /// Downloaded from an AIA "CA Issuers" URL (`--fetch-aia`).
    Fetched,
}

/// Origin kind plus the file, directory or URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Origin {
    pub kind: OriginKind,
    /// The file, directory entry or URL the certificate was read from.
    pub source: String,
}

impl Origin {
    pub fn new(kind: OriginKind, source: impl Into<String>) -> Origin {
        Origin {
            kind,
            source: source.into(),
        }
    }
}

/// A hashed directory searched for issuers, trusted (anchors) or not (intermediates).
#[derive(Debug, Clone)]
pub struct HashedDir {
    pub dir: PathBuf,
    pub trusted: bool,
    pub kind: OriginKind,
}

/// Every place certificates may come from.
///
/// The certkit store plugs in as two hashed directories:
/// `add_hashed_dir(store.join("root"), true, OriginKind::Store)` for its anchors and
/// `add_hashed_dir(store.join("intermediate"), false, OriginKind::Store)` for its CAs. Only
/// the `<hash>.N` entries of the names being looked up are ever read.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// Certificates held in memory: (certificate, origin, trusted).
    pool: Vec<(Certificate, Origin, bool)>,
    /// Indexes into `pool` by the canonical form of the subject name, made on the first
    /// lookup (a run that never looks a name up, or an `inspect` of a bundle, never pays for
    /// canonical names), each certificate's once.
    by_subject: std::sync::OnceLock<HashMap<Vec<u8>, Vec<usize>>>,
    dirs: Vec<HashedDir>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a certificate that may serve as an intermediate but is not trusted.
    pub fn add_untrusted(&mut self, cert: Certificate, origin: Origin) {
        self.add(cert, origin, false);
    }

    /// Adds a trust anchor.
    pub fn add_anchor(&mut self, cert: Certificate, origin: Origin) {
        self.add(cert, origin, true);
    }

    fn add(&mut self, cert: Certificate, origin: Origin, trusted: bool) {
        if let Some(index) = self.by_subject.get_mut() {
            index
                .entry(canonical_name(cert.subject_raw()))
                .or_default()
                .push(self.pool.len());
        }
        self.pool.push((cert, origin, trusted));
    }

    fn subject_index(&self) -> &HashMap<Vec<u8>, Vec<usize>> {
        self.by_subject.get_or_init(|| {
            let mut index: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
            for (i, (cert, _, _)) in self.pool.iter().enumerate() {
                index
                    .entry(canonical_name(cert.subject_raw()))
                    .or_default()
                    .push(i);
            }
            index
        })
    }

    /// Adds an OpenSSL CApath-style hashed directory (`<subject-hash>.N` files).
    pub fn add_hashed_dir(&mut self, dir: PathBuf, trusted: bool, kind: OriginKind) {
        self.dirs.push(HashedDir { dir, trusted, kind });
    }

    /// Adds the operating system's trust anchors, wherever [`system::trust_locations`]
    /// finds them (`SSL_CERT_FILE` / `SSL_CERT_DIR`, else the OS's hashed directory or bundle).
    /// Returns what was used (paths joined by ", "), or `None` when nothing usable was found.
    pub fn add_system(&mut self) -> Option<String> {
        let mut used = Vec::new();
        for location in system::trust_locations() {
            match location {
                system::TrustLocation::HashedDir(dir) => {
                    used.push(dir.display().to_string());
                    self.add_hashed_dir(dir, true, OriginKind::System);
                }
                system::TrustLocation::Bundle(file) => {
                    let certs = std::fs::read(&file)
                        .map(|bytes| capath::certificates_in(&bytes))
                        .unwrap_or_default();
                    if certs.is_empty() {
                        continue;
                    }
                    let source = file.display().to_string();
                    for c in certs {
                        self.add_anchor(c, Origin::new(OriginKind::System, source.clone()));
                    }
                    used.push(source);
                }
            }
        }
        (!used.is_empty()).then(|| used.join(", "))
    }

    /// Every certificate named `subject` (DER; matched by its canonical form) in every source,
    /// with its origin and trust.
    fn named(&self, subject: &[u8], name_hash: &dyn Fn() -> Option<u32>) -> Vec<Entry> {
        let mut found: Vec<Entry> = Vec::new();
        if let Some(indexes) = self.subject_index().get(&canonical_name(subject)) {
            for &i in indexes {
                let (cert, origin, trusted) = &self.pool[i];
                found.push(Entry {
                    cert: cert.clone(),
                    origin: origin.clone(),
                    trusted: *trusted,
                });
            }
        }
        if let Some(hash) = name_hash().filter(|_| !self.dirs.is_empty()) {
            for d in &self.dirs {
                for (cert, path) in capath::find_by_subject(&d.dir, hash, subject) {
                    found.push(Entry {
                        cert,
                        origin: Origin::new(d.kind, path.display().to_string()),
                        trusted: d.trusted,
                    });
                }
            }
        }
        found
    }
}

/// One certificate known to the search, with where it came from and whether it is trusted.
#[derive(Debug, Clone)]
pub struct Entry {
    pub cert: Certificate,
    pub origin: Origin,
    pub trusted: bool,
}

/// How a path search is parameterised.
#[derive(Debug, Clone)]
pub struct Options {
    pub at: OffsetDateTime,
    pub purpose: Purpose,
    /// Maximum number of intermediate CAs (neither the leaf nor the anchor count).
    pub max_depth: usize,
    /// Findings that only RFC 5280 profiles or CA/Browser Forum rules require are errors, not
    /// warnings (see [`findings::Level`]).
    pub strict: bool,
}

/// How the chosen path ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PathEnd {
    /// At a trusted anchor.
    Trusted,
    /// At a self-signed certificate that is not trusted.
    UntrustedRoot,
    /// At a certificate whose issuer was not found.
    MissingIssuer,
    /// The depth limit stopped the search.
    DepthExceeded,
}

/// The outcome of a search: the chosen path (leaf first) and every finding on it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub path: Vec<Entry>,
    pub end: PathEnd,
    pub findings: Vec<checks::Finding>,
    /// Candidate paths examined.
    pub paths_examined: usize,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == checks::Severity::Error)
            .count()
    }
}

/// Builds and checks paths from `leaf`; returns the best.
pub fn build(leaf: Entry, sources: &Sources, options: &Options) -> Outcome {
    let mut search = Search {
        sources,
        options,
        arena: Vec::new(),
        by_der: HashMap::new(),
        issuers: HashMap::new(),
        signatures: HashMap::new(),
        rejected: HashMap::new(),
        self_signed: HashMap::new(),
        steps: 0,
        examined: 0,
        best: None,
        exhausted: false,
    };
    let mut leaf = leaf;
    // The leaf itself may be a trust anchor (a pinned self-signed certificate).
    if !leaf.trusted {
        let subject = leaf.cert.subject_raw().to_vec();
        let cert = leaf.cert.clone();
        let hash = || capath::subject_name_hash(&cert);
        if let Some(anchor) = sources
            .named(&subject, &hash)
            .into_iter()
            .find(|e| e.trusted && e.cert.der() == leaf.cert.der())
        {
            leaf = anchor;
        }
    }
    let root = search.intern(leaf);
    let mut path = vec![root];
    search.dfs(&mut path);
    let mut best = search
        .best
        .expect("the search always evaluates at least one path");
    if search.exhausted {
        best.1.push(checks::Finding::error(
            checks::FindingKind::PathSearchLimit,
            None,
            format!(
                "path building stopped after examining {MAX_STEPS} candidate steps; the certificates offered form too many possible paths"
            ),
        ));
    }
    Outcome {
        path: best.0.iter().map(|&i| search.arena[i].clone()).collect(),
        end: best.2,
        findings: best.1,
        paths_examined: search.examined,
    }
}

type Scored = (Vec<usize>, Vec<checks::Finding>, PathEnd);

struct Search<'a> {
    sources: &'a Sources,
    options: &'a Options,
    arena: Vec<Entry>,
    by_der: HashMap<Vec<u8>, usize>,
    /// Issuer candidates per certificate (arena index), found once.
    issuers: HashMap<usize, Vec<usize>>,
    /// Signature verdicts per (child, issuer).
    signatures: HashMap<(usize, usize), bool>,
    /// Per certificate, the candidates of the right name whose key did not verify its
    /// signature: never on a path, only named in the finding where the path ends.
    rejected: HashMap<usize, Vec<usize>>,
    self_signed: HashMap<usize, bool>,
    steps: usize,
    examined: usize,
    best: Option<Scored>,
    exhausted: bool,
}

impl Search<'_> {
    /// One arena slot per distinct certificate; a trusted copy wins over an untrusted one.
    fn intern(&mut self, entry: Entry) -> usize {
        if let Some(&i) = self.by_der.get(entry.cert.der()) {
            if entry.trusted && !self.arena[i].trusted {
                self.arena[i] = entry;
            }
            return i;
        }
        let i = self.arena.len();
        self.by_der.insert(entry.cert.der().to_vec(), i);
        self.arena.push(entry);
        i
    }

    /// Is the certificate self-issued and signed by its own key? (Checked once.)
    fn self_signed(&mut self, i: usize) -> bool {
        if let Some(&v) = self.self_signed.get(&i) {
            return v;
        }
        let cert = &self.arena[i].cert;
        let v = cert.is_self_issued() && checks::signed_by(cert, cert);
        self.self_signed.insert(i, v);
        v
    }

    fn signature_ok(&mut self, child: usize, issuer: usize) -> bool {
        if let Some(&v) = self.signatures.get(&(child, issuer)) {
            return v;
        }
        let ok = checks::signed_by(&self.arena[child].cert, &self.arena[issuer].cert);
        self.signatures.insert((child, issuer), ok);
        ok
    }

    /// Issuer candidates of `child`, best first: trusted, key id matching, valid at the time.
    fn candidates(&mut self, child: usize) -> Vec<usize> {
        if let Some(c) = self.issuers.get(&child) {
            return c.clone();
        }
        let cert = self.arena[child].cert.clone();
        let hash = || capath::issuer_name_hash(&cert);
        let found = self.sources.named(cert.issuer_raw(), &hash);
        let mut indexes: Vec<usize> = Vec::new();
        for e in found {
            let i = self.intern(e);
            if i != child && !indexes.contains(&i) {
                indexes.push(i);
            }
        }
        let at = self.options.at;
        let aki = cert.authority_key_id().map(<[u8]>::to_vec);
        let rank = |e: &Entry| {
            let key_match = match (&aki, e.cert.subject_key_id()) {
                (Some(a), Some(s)) => a.as_slice() == s,
                _ => true,
            };
            (!e.trusted, !key_match, !checks::valid_at(&e.cert, at))
        };
        indexes.sort_by_key(|&i| rank(&self.arena[i]));
        self.issuers.insert(child, indexes.clone());
        indexes
    }

    /// Depth-first search; returns true when a trusted, error-free path was found.
    fn dfs(&mut self, path: &mut Vec<usize>) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            self.exhausted = true;
            return true;
        }
        let cur = *path.last().expect("paths are never empty");
        if self.arena[cur].trusted {
            return self.evaluate(path, PathEnd::Trusted);
        }
        let all = self.candidates(cur);
        // Refuse cycles: neither the same certificate nor the same CA (name and key) twice.
        let fresh: Vec<usize> = all
            .into_iter()
            .filter(|&c| {
                !path.iter().any(|&p| {
                    p == c
                        || (self.arena[p].cert.spki_der() == self.arena[c].cert.spki_der()
                            && same_name(
                                self.arena[p].cert.subject_raw(),
                                self.arena[c].cert.subject_raw(),
                            ))
                })
            })
            .collect();
        // Only a candidate whose key verifies the signature is an issuer. A name match alone
        // proves nothing (renewed roots, cross-signs, test CAs and Debian's snakeoil
        // certificate share names with strangers), and key identifiers only order the tries:
        // a certificate no candidate signed ends the path here, never at a stranger.
        let mut verified = Vec::new();
        for c in fresh {
            if self.signature_ok(cur, c) {
                verified.push(c);
            } else {
                let rejected = self.rejected.entry(cur).or_default();
                if !rejected.contains(&c) {
                    rejected.push(c);
                }
            }
        }
        let self_signed = self.self_signed(cur);
        if verified.is_empty() {
            let end = if self_signed {
                PathEnd::UntrustedRoot
            } else {
                PathEnd::MissingIssuer
            };
            return self.evaluate(path, end);
        }
        // Logical intermediates on the path so far: the leaf is not one, and a self-issued
        // CA certificate (a re-keyed or renewed CA) does not count again.
        let intermediates = path[1..]
            .iter()
            .filter(|&&p| !self.arena[p].cert.is_self_issued())
            .count();
        let mut depth_refused = false;
        for c in verified {
            let allowed = if self.arena[c].trusted || self.arena[c].cert.is_self_issued() {
                intermediates <= self.options.max_depth
            } else {
                intermediates < self.options.max_depth
            };
            // Self-issued certificates do not count against the depth, so bound the length too.
            if !allowed || path.len() > 2 * self.options.max_depth + 8 {
                depth_refused = true;
                continue;
            }
            path.push(c);
            let done = self.dfs(path);
            path.pop();
            if done {
                return true;
            }
        }
        if self_signed {
            return self.evaluate(path, PathEnd::UntrustedRoot);
        }
        if depth_refused {
            return self.evaluate(path, PathEnd::DepthExceeded);
        }
        false
    }

    /// Where the path ends untrusted, says which same-name certificates were found and why they
    /// are not the issuer, in the end finding itself: no finding is ever about them. One that
    /// carries the very key identifier the certificate names as its issuer's is worth a finding
    /// about the certificate: its signature does not verify with the key it claims.
    fn note_rejected(&self, findings: &mut Vec<checks::Finding>, path: &[usize], end: PathEnd) {
        let top = *path.last().expect("paths are never empty");
        let kind = match end {
            PathEnd::UntrustedRoot => checks::FindingKind::UntrustedRoot,
            PathEnd::MissingIssuer => checks::FindingKind::MissingIssuer,
            _ => return,
        };
        let Some(rejected) = self.rejected.get(&top).filter(|r| !r.is_empty()) else {
            return;
        };
        let last = path.len() - 1;
        let cert = &self.arena[top].cert;
        if let Some(named) = cert.authority_key_id().and_then(|aki| {
            rejected
                .iter()
                .find(|&&i| self.arena[i].cert.subject_key_id() == Some(aki))
        }) {
            let named = &self.arena[*named];
            findings.push(checks::Finding::error(
                checks::FindingKind::BadSignature,
                Some(last),
                format!(
                    "the signature of \"{}\" does not verify with the key of \"{}\" (from {}), although its authority key id names that key: the certificate was altered, or that CA reused a key id for a new key",
                    checks::short_name(cert),
                    checks::short_name(&named.cert),
                    named.origin.source
                ),
            ));
        }
        let Some(finding) = findings
            .iter_mut()
            .find(|f| f.kind == kind && f.certificate == Some(last))
        else {
            return;
        };
        let origins: Vec<String> = rejected
            .iter()
            .map(|&i| {
                let e = &self.arena[i];
                let trust = if e.trusted { "trusted " } else { "" };
                format!("a {trust}certificate from {}", e.origin.source)
            })
            .collect();
        let whose = if end == PathEnd::UntrustedRoot {
            "this self-signed certificate"
        } else {
            "it"
        };
        finding.message.push_str(&format!(
            " ({} with the same name but another key did not sign {whose}: {})",
            if rejected.len() == 1 {
                "1 certificate".to_string()
            } else {
                format!("{} certificates", rejected.len())
            },
            origins.join(", ")
        ));
    }

    /// Checks one complete or dead-end path, keeps it if it beats the best so far.
    fn evaluate(&mut self, path: &[usize], end: PathEnd) -> bool {
        self.examined += 1;
        let entries: Vec<Entry> = path.iter().map(|&i| self.arena[i].clone()).collect();
        let mut findings = checks::check_path(&entries, end, self.options);
        self.note_rejected(&mut findings, path, end);
        let errors = findings
            .iter()
            .filter(|f| f.severity == checks::Severity::Error)
            .count();
        let warnings = findings.len() - errors;
        let key = |end: PathEnd, errors: usize, warnings: usize, len: usize| {
            (end != PathEnd::Trusted, errors, warnings, len)
        };
        let better = match &self.best {
            None => true,
            Some((p, f, e)) => {
                let e_errors = f
                    .iter()
                    .filter(|x| x.severity == checks::Severity::Error)
                    .count();
                key(end, errors, warnings, path.len())
                    < key(*e, e_errors, f.len() - e_errors, p.len())
            }
        };
        let done = end == PathEnd::Trusted && errors == 0;
        if better {
            self.best = Some((path.to_vec(), findings, end));
        }
        done
    }
}
