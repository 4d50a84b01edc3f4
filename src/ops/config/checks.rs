//! The checks every `config` target needs before anything is written: a private key that
//! matches, a chain complete up to a root certkit can name, nothing expired, client
//! authentication allowed. Each refusal is one sentence naming the input and the fix.
//!
//! The work is done by the existing engines: `check_private_key` for the key, `verify-chain`'s
//! path building for the chain, expiry and purpose.

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, PrivateKey};
use crate::ops::check_private_key::{self, Verdict as KeyVerdict};
use crate::ops::verify_chain::verify_chain;
use crate::verify::checks::{Finding, Severity};
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
    /// The issuers above the leaf, leaf side first, ending with the root.
    pub issuers: Vec<Certificate>,
    /// The root's subject, as certkit names it.
    pub root_subject: String,
    /// The input's PKCS#12 container, when it was one.
    pub pkcs12: Option<crate::model::Pkcs12Details>,
}

impl Checked {
    /// The intermediate CAs (the issuers without the root).
    pub fn intermediates(&self) -> &[Certificate] {
        &self.issuers[..self.issuers.len().saturating_sub(1)]
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

    let (report, path) = verify_chain(input, bundle, sources, options, false, None);
    match report.end {
        PathEnd::MissingIssuer => {
            let missing = report
                .findings
                .iter()
                .find(|f| kind_name(f) == "missing_issuer")
                .and_then(|f| f.missing_subject.clone())
                .unwrap_or_else(|| "an issuing CA".to_string());
            return Err(refuse(format!(
                "{input}: the chain is incomplete, the issuer {missing} was not found: give its certificate with --ca FILE, or import it into the store"
            )));
        }
        PathEnd::DepthExceeded => {
            return Err(refuse(format!(
                "{input}: the chain is longer than certkit follows: check the CA files given"
            )))
        }
        PathEnd::Trusted | PathEnd::UntrustedRoot => {}
    }
    // An untrusted root is fine here: the root is named and present, and it is the server
    // that must trust it, not this machine.
    if let Some(problem) = report
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error && kind_name(f) != "untrusted_root")
    {
        let fix = match kind_name(problem).as_str() {
            "expired" | "not_yet_valid" => "ask the issuer for a certificate that is valid now",
            "extended_key_usage" | "key_usage" => {
                "client authentication is not allowed by this certificate: ask for one with the clientAuth extended key usage"
            }
            _ => "run `certkit verify-chain` on it for the details",
        };
        return Err(refuse(format!("{input}: {}; {fix}", problem.message)));
    }
    let root_subject = path.last().map(|c| c.subject_text()).unwrap_or_default();
    Ok(Checked {
        name: name.to_string(),
        input: input.to_string(),
        leaf: path[0].clone(),
        key,
        issuers: path[1..].to_vec(),
        root_subject,
        pkcs12: bundle.source.pkcs12.clone(),
    })
}

/// A finding's stable name as the JSON contract spells it (`missing_issuer`, `expired`, …).
fn kind_name(finding: &Finding) -> String {
    finding.kind.as_str().to_string()
}

/// A refused configuration: exit 2, nothing written.
pub fn refuse(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Usage, message)
}
