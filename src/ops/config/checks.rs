//! The checks every `config` target needs before anything is written: a private key that
//! matches, no missing intermediate, nothing expired, client authentication allowed. Each
//! refusal is one sentence naming the input and the fix.
//!
//! The root is the server's business: the platform presents the leaf and its intermediates
//! either way, so a root that is known nowhere here (a partner's PFX holds the leaf and its
//! intermediate only) is a warning naming the CA the server must trust, not a refusal. A
//! missing intermediate is refused, once the input, `--ca`, the store (and the system, with
//! `--system`) and the certificates' AIA URLs have been tried.
//!
//! The work is done by the existing engines: `check_private_key` for the key, `verify-chain`'s
//! path building (with AIA downloads) for the chain, expiry and purpose.

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, PrivateKey};
use crate::ops::check_private_key::{self, Verdict as KeyVerdict};
use crate::ops::verify_chain::verify_chain;
use crate::verify::checks::{FindingKind, Severity};
use crate::verify::{Options, PathEnd, Sources};

/// A certificate that passed every check, ready to be written for a target.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The name it is known by in the configuration (file names, aliases, map values).
    pub name: String,
    /// The input as named on the command line (`client.pfx`, `store entry billing`).
    pub input: String,
    pub leaf: Certificate,
    pub key: PrivateKey,
    /// The issuers above the leaf, leaf side first, ending with the root when it is known.
    pub issuers: Vec<Certificate>,
    /// The root's subject, as certkit names it (when unknown, the name its issuer gives it).
    pub root_subject: String,
    /// Whether the root is the last of `issuers`; `false` when it was found nowhere here, and
    /// the server must be told to trust `root_subject`.
    pub root_known: bool,
    /// The input's PKCS#12 container, when it was one.
    pub pkcs12: Option<crate::model::Pkcs12Details>,
}

impl Checked {
    /// The intermediate CAs (the issuers without the root).
    pub fn intermediates(&self) -> &[Certificate] {
        match self.root_known {
            true => &self.issuers[..self.issuers.len().saturating_sub(1)],
            false => &self.issuers,
        }
    }

    /// The root, when it is known here.
    pub fn root(&self) -> Option<&Certificate> {
        self.issuers.last().filter(|_| self.root_known)
    }

    /// For a root known nowhere here: the warning that names it.
    pub fn unknown_root_warning(&self) -> Option<String> {
        (!self.root_known).then(|| {
            format!(
                "{}: the root CA \"{}\" was found neither in the input nor in --ca, the store or by AIA: the configuration presents the chain without it, and the server must trust \"{}\" (give it with --ca to check the whole chain)",
                self.input, self.root_subject, self.root_subject
            )
        })
    }
}

/// Runs every check on one input; `sources` holds the --ca files, the store and the system
/// anchors (the input's own certificates are added here).
pub fn check(
    name: &str,
    input: &str,
    bundle: &Bundle,
    sources: Sources,
    options: &Options,
) -> Result<Checked> {
    if bundle.certificates.is_empty() {
        return Err(refuse(format!(
            "{input} holds no certificate: give the PKCS#12 file or the certificate with its key"
        )));
    }
    let key_report = check_private_key::check(
        input.to_string(),
        None,
        bundle,
        bundle.private_key.as_ref(),
        options.at,
    );
    let key = match (key_report.verdict, &bundle.private_key) {
        (KeyVerdict::Match, Some(key)) => key.clone(),
        _ => return Err(refuse(key_report.message)),
    };

    // Missing issuers are downloaded from the AIA URLs the certificates name, as
    // `verify-chain --fetch-aia` does: only then is a missing intermediate final.
    let (report, path) = verify_chain(input, bundle, sources, options, true, None);
    let missing = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::MissingIssuer)
        .and_then(|f| f.missing_subject.clone());
    let mut root_known = true;
    match report.end {
        // Only the leaf: its issuing CA is missing, and the server cannot build the path
        // without it.
        PathEnd::MissingIssuer if path.len() == 1 => {
            let missing = missing.unwrap_or_else(|| "an issuing CA".to_string());
            return Err(refuse(format!(
                "{input}: the chain is incomplete, the issuing CA {missing} was not found in the input, --ca, the store or by AIA: give its certificate with --ca FILE, or import it into the store"
            )));
        }
        // The path ends at a CA whose issuer is known nowhere here: the root, which the
        // server must trust (see the module doc).
        PathEnd::MissingIssuer => root_known = false,
        PathEnd::DepthExceeded => {
            return Err(refuse(format!(
                "{input}: the chain is longer than certkit follows: check the CA files given"
            )))
        }
        PathEnd::Trusted | PathEnd::UntrustedRoot => {}
    }
    // An untrusted root is fine here: the root is named and present, and it is the server
    // that must trust it, not this machine.
    if let Some(problem) = report.findings.iter().find(|f| {
        f.severity == Severity::Error
            && !matches!(
                f.kind,
                FindingKind::UntrustedRoot | FindingKind::MissingIssuer
            )
    }) {
        let fix = match problem.kind {
            FindingKind::Expired | FindingKind::NotYetValid => {
                "ask the issuer for a certificate that is valid now"
            }
            FindingKind::ExtendedKeyUsage | FindingKind::KeyUsage => {
                "client authentication is not allowed by this certificate: ask for one with the clientAuth extended key usage"
            }
            _ => "run `certkit verify-chain` on it for the details",
        };
        return Err(refuse(format!("{input}: {}; {fix}", problem.message)));
    }
    let root_subject = match (root_known, missing) {
        (false, Some(missing)) => missing,
        _ => path.last().map(|c| c.subject_text()).unwrap_or_default(),
    };
    Ok(Checked {
        name: name.to_string(),
        input: input.to_string(),
        leaf: path[0].clone(),
        key,
        issuers: path[1..].to_vec(),
        root_subject,
        root_known,
        pkcs12: bundle.source.pkcs12.clone(),
    })
}

/// A refused configuration: exit 2, nothing written.
pub fn refuse(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Usage, message)
}
