//! `verify-chain`: build the certification path of an input's leaf and report every finding.
//!
//! The path building and the checks live in [`crate::verify`]; this operation adds the input's
//! own certificates to the sources, fetches missing issuers from their AIA URLs when asked,
//! and turns the outcome into a versioned, serialisable report.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{Bundle, Certificate, Role};
use crate::ops::summary::{self, CertificateSummary};
use crate::revocation::status::{CertStatus, Mode};
use crate::revocation::Checker;
use crate::verify::checks::{self, Finding, FindingKind, Severity};
use crate::verify::{self, fetch, Entry, Options, Origin, OriginKind, PathEnd, Purpose, Sources};

/// The report: the path (leaf first), every finding and the verdict.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct VerifyReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub input: String,
    pub purpose: Purpose,
    /// The time the checks were made at.
    #[serde(with = "time::serde::rfc3339")]
    #[schemars(schema_with = "summary::date_time")]
    pub at: time::OffsetDateTime,
    /// `valid` (complete, trusted, no error) or `invalid`.
    pub verdict: Verdict,
    /// How the path ends: `trusted`, `untrusted_root`, `missing_issuer`, `depth_exceeded`.
    pub end: PathEnd,
    /// Leaf first, anchor (or the last certificate found) last.
    pub path: Vec<PathCertificate>,
    pub findings: Vec<Finding>,
    /// AIA downloads made with `--fetch-aia`.
    #[serde(default)]
    pub fetched: Vec<Fetch>,
    /// How revocation was checked (`--revocation`): `off`, `soft` or `hard`.
    #[serde(default = "mode_off")]
    pub revocation: Mode,
    /// The verdict mode: `true` with `--strict` (findings only RFC 5280 or CA/Browser Forum
    /// profiles require are errors), `false` by default (they are warnings).
    #[serde(default)]
    pub strict: bool,
    pub errors: usize,
    pub warnings: usize,
    /// Candidate paths examined by the search.
    pub paths_examined: usize,
}

impl VerifyReport {
    /// The current version of the `verify-chain` document.
    pub const VERSION: u32 = 2;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Valid,
    Invalid,
}

/// One certificate of the path.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PathCertificate {
    pub role: Role,
    /// The certificate; days left and expiry are counted from the checked time (`at`).
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    /// Within its validity period at the checked time.
    pub time_valid: bool,
    pub origin: Origin,
    pub trusted: bool,
    pub self_signed: bool,
    /// The revocation status, for every certificate below the anchor when revocation is
    /// checked (absent for the anchor and with `--revocation off`).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub revocation: Option<CertStatus>,
}

fn mode_off() -> Mode {
    Mode::Off
}

/// One AIA download.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Fetch {
    pub url: String,
    pub ok: bool,
    /// Thumbprints of the certificates obtained (empty when it failed).
    pub certificates: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub error: Option<String>,
}

/// Most AIA downloads one run makes.
const MAX_FETCHES: usize = 8;

/// Builds and checks the path of `input`'s leaf (or of its first certificate when it holds
/// only CAs). `sources` holds the other files, directories and anchors; `revocation`, when
/// given, checks the revocation status of the path found. Returns the report and the
/// certificates of the chosen path, leaf first (for `--write-chain`).
pub fn verify_chain(
    input_name: &str,
    input: &Bundle,
    mut sources: Sources,
    options: &Options,
    fetch_aia: bool,
    revocation: Option<&mut Checker>,
) -> (VerifyReport, Vec<Certificate>) {
    let leaf_index = input.leaf_index().unwrap_or(0);
    let origin = Origin::new(OriginKind::Input, input_name);
    for (i, c) in input.certificates.iter().enumerate() {
        if i != leaf_index {
            sources.add_untrusted(c.clone(), origin.clone());
        }
    }
    let leaf = Entry {
        cert: input.certificates[leaf_index].clone(),
        origin,
        trusted: false,
    };
    let mut fetched: Vec<Fetch> = Vec::new();
    loop {
        let outcome = verify::build(leaf.clone(), &sources, options);
        if fetch_aia && outcome.end == PathEnd::MissingIssuer && fetched.len() < MAX_FETCHES {
            let top = &outcome.path.last().expect("path is never empty").cert;
            let next = checks::ca_issuers_urls(top)
                .into_iter()
                .find(|u| !fetched.iter().any(|f| &f.url == u));
            if let Some(url) = next {
                match fetch::fetch_certificates(&url) {
                    Ok(certs) => {
                        fetched.push(Fetch {
                            url: url.clone(),
                            ok: true,
                            certificates: certs.iter().map(Certificate::sha1_hex).collect(),
                            error: None,
                        });
                        for c in certs {
                            sources.add_untrusted(c, Origin::new(OriginKind::Fetched, &url));
                        }
                    }
                    Err(e) => fetched.push(Fetch {
                        url,
                        ok: false,
                        certificates: Vec::new(),
                        error: Some(e.message),
                    }),
                }
                continue;
            }
        }
        let chain = outcome.path.iter().map(|e| e.cert.clone()).collect();
        let (mode, statuses, findings) = match revocation {
            Some(checker) => {
                let (statuses, findings) = checker.check_path(&outcome.path);
                (checker.mode(), statuses, findings)
            }
            None => (Mode::Off, vec![None; outcome.path.len()], Vec::new()),
        };
        let mut outcome = outcome;
        outcome.findings.extend(findings);
        let mut report = report(input_name, outcome, options, fetched);
        report.revocation = mode;
        for (c, s) in report.path.iter_mut().zip(statuses) {
            c.revocation = s;
        }
        return (report, chain);
    }
}

/// For the `verify-chain` command run without `--fetch-aia`: a missing issuer whose URL the
/// certificate names can be downloaded by running it again with the flag. (Other callers of
/// [`verify_chain`], such as doctor and config, have no such flag and do not advise it.)
pub fn advise_fetch_aia(report: &mut VerifyReport) {
    for f in report
        .findings
        .iter_mut()
        .filter(|f| f.kind == FindingKind::MissingIssuer && !f.ca_issuers.is_empty())
    {
        f.message.push_str(" (--fetch-aia does that)");
    }
}

fn report(
    input_name: &str,
    outcome: verify::Outcome,
    options: &Options,
    fetched: Vec<Fetch>,
) -> VerifyReport {
    let mut findings = outcome.findings;
    // --fetch-aia was used and the download failed: say so on the missing issuer (the hint to
    // use it is the verify-chain command's, see `advise_fetch_aia`).
    for f in findings
        .iter_mut()
        .filter(|f| f.kind == FindingKind::MissingIssuer)
    {
        if let Some(d) = fetched
            .iter()
            .find(|d| !d.ok && f.ca_issuers.contains(&d.url))
        {
            f.message.push_str(&format!(
                " (--fetch-aia could not download it: {})",
                d.error.as_deref().unwrap_or("unknown error")
            ));
        }
    }
    for f in fetched.iter().filter(|f| !f.ok) {
        findings.push(Finding::warning(
            FindingKind::FetchFailed,
            None,
            format!(
                "could not download {}: {}",
                f.url,
                f.error.as_deref().unwrap_or("unknown error")
            ),
        ));
    }
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let last = outcome.path.len() - 1;
    let path = outcome
        .path
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let self_signed = e.cert.is_self_issued() && checks::signed_by(&e.cert, &e.cert);
            let role = if i == 0 {
                Role::Leaf
            } else if i == last && (self_signed || e.trusted) {
                Role::Root
            } else {
                Role::Intermediate
            };
            PathCertificate {
                role,
                certificate: CertificateSummary::new(&e.cert, options.at),
                time_valid: checks::valid_at(&e.cert, options.at),
                origin: e.origin.clone(),
                trusted: e.trusted,
                self_signed,
                revocation: None,
            }
        })
        .collect();
    VerifyReport {
        version: VerifyReport::VERSION,
        input: input_name.to_string(),
        purpose: options.purpose,
        at: options.at,
        verdict: if errors == 0 && outcome.end == PathEnd::Trusted {
            Verdict::Valid
        } else {
            Verdict::Invalid
        },
        end: outcome.end,
        path,
        warnings: findings.len() - errors,
        errors,
        findings,
        fetched,
        revocation: Mode::Off,
        strict: options.strict,
        paths_examined: outcome.paths_examined,
    }
}
