//! Revocation checking (CRL and OCSP) of a built certification path.
//!
//! For every certificate of the path below the anchor, [`Checker::check_path`] asks, in this
//! order, the sources that need no network (OCSP responses and CRLs given on the command
//! line, the store's `crl/` folder), then the certificate's AIA OCSP URL, then its CRL
//! distribution points (with the delta CRLs its freshest-CRL extension names). The first
//! definitive answer (good or revoked) wins; every source tried is recorded. Each URL is
//! fetched at most once per run, and nothing is fetched in [`Mode::Off`] (the checker is not
//! run at all).
//!
//! The result per certificate is a [`status::CertStatus`]; [`findings`] turns the statuses
//! into findings with stable kinds: `revoked` (always an error), `revocation_unknown` (a
//! warning in soft mode, an error in hard mode), and warnings about broken sources
//! (`crl_expired`, `crl_bad_signature`, `ocsp_bad_signature`, `revocation_fetch_failed`, …).

pub mod crl;
pub mod ocsp;
pub mod status;
pub mod transport;

use std::collections::HashMap;
use std::path::PathBuf;

use time::OffsetDateTime;

use crate::model::Certificate;
use crate::verify::findings::{short_name, Finding, FindingKind};
use crate::verify::Entry;
use status::{Attempt, CertStatus, Mode, Reason, Refused, Source, SourceKind, State, Why};
use transport::FetchError;

/// Revocation data given without the network.
#[derive(Debug, Default, Clone)]
pub struct Local {
    /// Each CRL (DER) with the file it came from (`--crl`).
    pub crls: Vec<(Vec<u8>, Source)>,
    /// Each OCSP response (DER) with its file (`--ocsp-response`) or `staple`.
    pub ocsp_responses: Vec<(Vec<u8>, Source)>,
    /// The store's `crl/` folder (`<issuer-hash>.r<n>` links).
    pub crl_dir: Option<PathBuf>,
}

/// The checker of one run: the mode, the time, the local data and the download cache.
pub struct Checker {
    mode: Mode,
    at: OffsetDateTime,
    local: Local,
    /// Every URL fetched in this run: the CRL bytes, or the failure.
    crl_cache: HashMap<String, Result<Vec<u8>, FetchError>>,
    /// OCSP responders that failed in this run are not asked again.
    ocsp_failed: HashMap<String, FetchError>,
}

/// What one certificate's check produced: its status, and warnings about broken sources.
struct Checked {
    status: CertStatus,
    problems: Vec<(FindingKind, String)>,
}

impl Checker {
    pub fn new(mode: Mode, at: OffsetDateTime, local: Local) -> Checker {
        Checker {
            mode,
            at,
            local,
            crl_cache: HashMap::new(),
            ocsp_failed: HashMap::new(),
        }
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Checks every certificate of `path` (leaf first) below the anchor, each against its
    /// issuer on the path. Returns one status per position (`None` for the anchor, a trusted
    /// certificate and a self-signed root) and the findings.
    pub fn check_path(&mut self, path: &[Entry]) -> (Vec<Option<CertStatus>>, Vec<Finding>) {
        let mut statuses = Vec::with_capacity(path.len());
        let mut findings = Vec::new();
        if self.mode == Mode::Off {
            return (vec![None; path.len()], findings);
        }
        for (i, entry) in path.iter().enumerate() {
            let cert = &entry.cert;
            if entry.trusted || cert.is_self_issued() && i + 1 == path.len() {
                statuses.push(None);
                continue;
            }
            let issuer = path.get(i + 1).map(|e| &e.cert);
            let checked = self.check_one(cert, issuer);
            findings.extend(self.findings(i, cert, &checked));
            statuses.push(Some(checked.status));
        }
        (statuses, findings)
    }

    fn findings(&self, i: usize, cert: &Certificate, checked: &Checked) -> Vec<Finding> {
        let name = short_name(cert);
        let s = &checked.status;
        let mut out: Vec<Finding> = checked
            .problems
            .iter()
            .map(|(kind, message)| Finding::warning(*kind, Some(i), message.clone()))
            .collect();
        match s.status {
            State::Good => {}
            State::Revoked => out.push(Finding::error(
                FindingKind::Revoked,
                Some(i),
                format!(
                    "{name} is revoked since {} (reason: {}), says {}",
                    s.revoked_at
                        .map(crl::rfc3339)
                        .unwrap_or_else(|| "an unknown time".to_string()),
                    s.reason.unwrap_or(Reason::Unspecified).as_str(),
                    s.source
                        .as_ref()
                        .map(|x| x.location.as_str())
                        .unwrap_or("the revocation source")
                ),
            )),
            State::Unknown => {
                let why = s.why.unwrap_or(Why::NoSource);
                let message = match why {
                    Why::NoSource => format!(
                        "the revocation status of {name} cannot be checked: it names no OCSP or CRL URL and no CRL or OCSP response for it was given"
                    ),
                    _ => format!(
                        "the revocation status of {name} is unknown ({}): {}",
                        why.as_str(),
                        s.attempts
                            .iter()
                            .map(|a| format!("{} {}", a.source.location, a.detail))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                };
                // Soft mode fails open: a certificate without any source is only shown as
                // unknown (as browsers and Windows do); one whose sources failed is a warning.
                match (self.mode, why) {
                    (_, Why::NoIssuer) => {}
                    (Mode::Hard, _) => out.push(Finding::error(
                        FindingKind::RevocationUnknown,
                        Some(i),
                        message,
                    )),
                    (_, Why::NoSource) => {}
                    _ => out.push(Finding::warning(
                        FindingKind::RevocationUnknown,
                        Some(i),
                        message,
                    )),
                }
            }
        }
        out
    }

    fn check_one(&mut self, cert: &Certificate, issuer: Option<&Certificate>) -> Checked {
        let mut run = Run::default();
        let Some(issuer) = issuer else {
            return Checked {
                status: unknown(Why::NoIssuer, Vec::new()),
                problems: Vec::new(),
            };
        };
        if let Some(s) = self.local_ocsp(cert, issuer, &mut run) {
            return run.done(s);
        }
        if let Some(s) = self.local_crls(cert, issuer, &mut run) {
            return run.done(s);
        }
        if let Some(s) = self.network_ocsp(cert, issuer, &mut run) {
            return run.done(s);
        }
        if let Some(s) = self.network_crls(cert, issuer, &mut run) {
            return run.done(s);
        }
        let why = run
            .attempts
            .last()
            .and_then(|a| a.why)
            .unwrap_or(Why::NoSource);
        let status = unknown(why, std::mem::take(&mut run.attempts));
        Checked {
            status,
            problems: run.problems,
        }
    }

    fn local_ocsp(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        run: &mut Run,
    ) -> Option<CertStatus> {
        for (der, source) in &self.local.ocsp_responses {
            match ocsp::check(der, cert, issuer, self.at, None) {
                Ok(answer) => return Some(run.ocsp_answer(source.clone(), &answer)),
                // A saved response for another certificate is simply not this one's.
                Err(r) if r.why == Why::OutOfScope => {}
                Err(r) => run.ocsp_refused(source.clone(), r),
            }
        }
        None
    }

    fn local_crls(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        run: &mut Run,
    ) -> Option<CertStatus> {
        let mut found: Vec<(Vec<u8>, Source)> = self
            .local
            .crls
            .iter()
            .filter(|(der, _)| crl::issued_for(der, cert))
            .cloned()
            .collect();
        if let Some(dir) = &self.local.crl_dir {
            found.extend(store_crls(dir, cert));
        }
        let mut completes = Vec::new();
        let mut deltas = Vec::new();
        for (der, source) in found {
            match crl::check(&der, cert, issuer, self.at) {
                Ok(c) if c.delta_base.is_some() => deltas.push((c, source)),
                Ok(c) => completes.push((c, source)),
                Err(r) => run.crl_refused(source, r),
            }
        }
        run.decide_by_crls(completes, deltas)
    }

    fn network_ocsp(
        &mut self,
        cert: &Certificate,
        issuer: &Certificate,
        run: &mut Run,
    ) -> Option<CertStatus> {
        for url in ocsp::urls(cert) {
            let source = Source {
                kind: SourceKind::Ocsp,
                location: url.clone(),
            };
            if let Some(failed) = self.ocsp_failed.get(&url) {
                run.fetch_failed(source, failed.clone());
                continue;
            }
            let request = match ocsp::request(cert, issuer) {
                Ok(r) => r,
                Err(r) => {
                    run.ocsp_refused(source, r);
                    continue;
                }
            };
            match transport::ocsp(&url, &request.der) {
                Ok(body) => match ocsp::check(&body, cert, issuer, self.at, Some(&request)) {
                    Ok(answer) => return Some(run.ocsp_answer(source, &answer)),
                    Err(r) => run.ocsp_refused(source, r),
                },
                Err(e) => {
                    self.ocsp_failed.insert(url, e.clone());
                    run.fetch_failed(source, e);
                }
            }
        }
        None
    }

    fn network_crls(
        &mut self,
        cert: &Certificate,
        issuer: &Certificate,
        run: &mut Run,
    ) -> Option<CertStatus> {
        let mut completes = Vec::new();
        for url in crl::distribution_point_uris(cert) {
            for (der, source) in self.download_crls(&url, run) {
                match crl::check(&der, cert, issuer, self.at) {
                    Ok(c) if c.delta_base.is_none() => completes.push((c, source)),
                    Ok(_) => {}
                    Err(r) => run.crl_refused(source, r),
                }
            }
            if !completes.is_empty() {
                break;
            }
        }
        if completes.is_empty() {
            return None;
        }
        let mut deltas = Vec::new();
        for url in crl::freshest_uris(cert) {
            for (der, source) in self.download_crls(&url, run) {
                match crl::check(&der, cert, issuer, self.at) {
                    Ok(c) if c.delta_base.is_some() => deltas.push((c, source)),
                    Ok(_) => {}
                    Err(r) => run.crl_refused(source, r),
                }
            }
        }
        run.decide_by_crls(completes, deltas)
    }

    /// The CRLs at `url`, fetched once per run.
    fn download_crls(&mut self, url: &str, run: &mut Run) -> Vec<(Vec<u8>, Source)> {
        let source = Source {
            kind: SourceKind::Crl,
            location: url.to_string(),
        };
        let fetched = self
            .crl_cache
            .entry(url.to_string())
            .or_insert_with(|| transport::get(url))
            .clone();
        match fetched {
            Ok(bytes) => {
                let crls = crl::crls_in(&bytes);
                if crls.is_empty() {
                    run.crl_refused(
                        source.clone(),
                        status::refused(Why::BadResponse, "the download is not a CRL"),
                    );
                }
                crls.into_iter().map(|d| (d, source.clone())).collect()
            }
            Err(e) => {
                run.fetch_failed(source, e);
                Vec::new()
            }
        }
    }
}

/// The CRLs of the store's `crl/` folder issued under the certificate's issuer name, found
/// through the `<issuer-hash>.r<n>` links as `openssl verify -CApath -crl_check` does.
fn store_crls(dir: &std::path::Path, cert: &Certificate) -> Vec<(Vec<u8>, Source)> {
    let Some(hash) = crate::verify::capath::issuer_name_hash(cert) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    // OpenSSL stops at the first gap; the bound keeps a hostile folder from making us spin.
    for n in 0..1000u32 {
        let path = dir.join(format!("{hash:08x}.r{n}"));
        let Ok(bytes) = std::fs::read(&path) else {
            break;
        };
        let source = Source {
            kind: SourceKind::Store,
            location: path.display().to_string(),
        };
        for der in crl::crls_in(&bytes) {
            if crl::issued_for(&der, cert) {
                found.push((der, source.clone()));
            }
        }
    }
    found
}

fn unknown(why: Why, attempts: Vec<Attempt>) -> CertStatus {
    CertStatus {
        status: State::Unknown,
        revoked_at: None,
        reason: None,
        why: Some(why),
        source: None,
        this_update: None,
        next_update: None,
        attempts,
    }
}

/// The sources tried for one certificate so far.
#[derive(Default)]
struct Run {
    attempts: Vec<Attempt>,
    problems: Vec<(FindingKind, String)>,
}

impl Run {
    fn done(mut self, mut status: CertStatus) -> Checked {
        status.attempts = std::mem::take(&mut self.attempts);
        Checked {
            status,
            problems: self.problems,
        }
    }

    fn refused(&mut self, source: Source, r: Refused, kind: Option<FindingKind>) {
        if let Some(kind) = kind {
            self.problems
                .push((kind, format!("{}: {}", source.location, r.detail)));
        }
        self.attempts.push(Attempt {
            source,
            state: State::Unknown,
            why: Some(r.why),
            detail: r.detail,
        });
    }

    fn fetch_failed(&mut self, source: Source, e: FetchError) {
        let kind = (e.why != Why::UnsupportedUrl).then_some(FindingKind::RevocationFetchFailed);
        self.refused(source, status::refused(e.why, e.detail), kind);
    }

    fn crl_refused(&mut self, source: Source, r: Refused) {
        let kind = match r.why {
            Why::Stale => Some(FindingKind::CrlExpired),
            Why::NotYetValid => Some(FindingKind::CrlNotYetValid),
            Why::BadSignature => Some(FindingKind::CrlBadSignature),
            Why::OutOfScope => Some(FindingKind::CrlOutOfScope),
            Why::BadResponse => Some(FindingKind::CrlMalformed),
            _ => None,
        };
        self.refused(source, r, kind);
    }

    fn ocsp_refused(&mut self, source: Source, r: Refused) {
        let kind = match r.why {
            Why::Stale => Some(FindingKind::OcspStale),
            Why::NotYetValid => Some(FindingKind::OcspNotYetValid),
            Why::BadSignature => Some(FindingKind::OcspBadSignature),
            Why::NonceMismatch => Some(FindingKind::OcspNonceMismatch),
            Why::ResponderError | Why::BadResponse => Some(FindingKind::OcspError),
            // The responder does not know the certificate: the status says so.
            _ => None,
        };
        self.refused(source, r, kind);
    }

    fn ocsp_answer(&mut self, source: Source, a: &ocsp::Answer) -> CertStatus {
        self.attempts.push(Attempt {
            source: source.clone(),
            state: a.state,
            why: None,
            detail: match a.state {
                State::Good => "good".to_string(),
                _ => "revoked".to_string(),
            },
        });
        CertStatus {
            status: a.state,
            revoked_at: a.revoked.map(|(t, _)| t),
            reason: a.revoked.map(|(_, r)| r),
            why: None,
            source: Some(source),
            this_update: Some(a.this_update),
            next_update: a.next_update,
            attempts: Vec::new(),
        }
    }

    /// The answer of the newest complete CRL, with the newest delta CRL that extends it.
    fn decide_by_crls(
        &mut self,
        mut completes: Vec<(crl::Checked, Source)>,
        mut deltas: Vec<(crl::Checked, Source)>,
    ) -> Option<CertStatus> {
        completes.sort_by_key(|(c, _)| std::cmp::Reverse(c.this_update));
        deltas.sort_by_key(|(c, _)| std::cmp::Reverse(c.this_update));
        for (complete, source) in &completes {
            let delta = deltas
                .iter()
                .find_map(|(d, s)| crl::apply_delta(complete, d).map(|e| (e, d, s)));
            let (entry, used, used_source) = match delta {
                Some((entry, d, s)) => (entry, d, s),
                None => (complete.entry, complete, source),
            };
            // A CRL for only some reasons proves a revocation, never good standing.
            if entry.is_none() && complete.partial {
                continue;
            }
            let state = if entry.is_some() {
                State::Revoked
            } else {
                State::Good
            };
            self.attempts.push(Attempt {
                source: used_source.clone(),
                state,
                why: None,
                detail: match (state, delta.is_some()) {
                    (State::Good, false) => "not listed".to_string(),
                    (State::Good, true) => {
                        format!("not listed (with the complete CRL {})", source.location)
                    }
                    (_, false) => "listed".to_string(),
                    (_, true) => format!("listed (with the complete CRL {})", source.location),
                },
            });
            return Some(CertStatus {
                status: state,
                revoked_at: entry.map(|(t, _)| t),
                reason: entry.map(|(_, r)| r),
                why: None,
                source: Some(used_source.clone()),
                this_update: Some(used.this_update),
                next_update: used.next_update,
                attempts: Vec::new(),
            });
        }
        None
    }
}
