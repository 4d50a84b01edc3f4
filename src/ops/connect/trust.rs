//! Trust on both sides of the handshake, decided by certkit's one path engine
//! ([`crate::verify::build`], the engine of `verify-chain`):
//!
//! - the server's chain: the certificates it sent are untrusted sources next to the anchors the
//!   user gave (`--ca`, the store, the system bundle); the path is checked for
//!   [`Purpose::Server`], and the report names the anchor reached, its origin and every finding;
//! - the server's name: the engine does not check names (a path is valid or not whatever host
//!   it is used for), so the leaf alone is checked against the host or IP address with
//!   OpenSSL's RFC 6125 matcher ([`X509VerifyParam`]);
//! - our own chain against the CA names of the server's CertificateRequest: the client's path
//!   is built from the same sources plus the `--cert` file, and each certificate on it (and its
//!   issuer) is compared with the acceptable names by [`same_name`].

use std::net::IpAddr;

use openssl::error::ErrorStack;
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::{X509VerifyFlags, X509VerifyParam};
use openssl::x509::{X509Name, X509StoreContext, X509};
use time::OffsetDateTime;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;

use super::identity::ClientIdentity;
use super::probe::Observed;
use super::report::{
    summarize, AnchorReport, ClientCertificateReport, ServerReport, ServerRevocation,
};
use crate::model::Certificate;
use crate::revocation::status::{Mode, Source, SourceKind};
use crate::revocation::{Checker, Local};
use crate::verify::checks::{Finding, FindingKind, Severity};
use crate::verify::{
    self, Entry, Options, Origin, OriginKind, PathEnd, Purpose, Sources, DEFAULT_MAX_DEPTH,
};

/// OpenSSL's verify error codes for a host name and an IP address mismatch.
const X509_V_ERR_HOSTNAME_MISMATCH: i32 = 62;
const X509_V_ERR_IP_ADDRESS_MISMATCH: i32 = 64;

/// The anchors for the server's chain and the label of each for the report.
#[derive(Debug, Clone, Default)]
pub struct TrustSources {
    /// `--ca` files (anchors), the store (roots as anchors, intermediates untrusted) and the
    /// system bundle, as `verify-chain` sets them up.
    pub sources: Sources,
    /// What the user sees as "trusted by …": the `--ca` files, the store's root directory,
    /// `system`.
    pub labels: Vec<String>,
}

/// What `connect` knows about the server's revocation status: the mode and the stapled OCSP
/// response.
pub struct ServerRevocationInput<'a> {
    pub mode: Mode,
    pub staple: Option<&'a [u8]>,
    /// The store's `crl/` folder.
    pub crl_dir: Option<std::path::PathBuf>,
}

/// Checks the server's chain (leaf first, as sent) with the path engine at `at`, and the leaf
/// against `name`; then the revocation status of its path (the staple first).
pub fn check_server(
    chain: &[X509],
    trust: &TrustSources,
    name: &str,
    at: OffsetDateTime,
    peer: &str,
    revocation: &ServerRevocationInput,
    strict: bool,
) -> ServerReport {
    let certificates: Vec<Certificate> = chain
        .iter()
        .filter_map(|x| x.to_der().ok())
        .filter_map(|der| Certificate::from_der(der).ok())
        .collect();
    let mut report = ServerReport {
        chain: certificates.iter().map(|c| summarize(c, at)).collect(),
        trusted: false,
        checked_name: name.to_string(),
        anchors: trust.labels.clone(),
        anchor: None,
        end: None,
        findings: Vec::new(),
        error: None,
        explanation: None,
        ocsp_stapled: revocation.staple.is_some(),
        strict,
        revocation: Vec::new(),
    };
    let Some(leaf_x509) = chain.first() else {
        report.error = Some("the server sent no certificate".to_string());
        report.explanation =
            Some("the handshake ended before the server sent its certificate".to_string());
        return report;
    };
    if certificates.len() != chain.len() {
        report.error = Some("a certificate the server sent cannot be read".to_string());
        report.explanation = Some(
            "the server's chain holds a certificate certkit cannot parse: it cannot be trusted"
                .to_string(),
        );
        return report;
    }

    let origin = Origin::new(OriginKind::Input, format!("sent by the server {peer}"));
    let mut sources = trust.sources.clone();
    for c in &certificates[1..] {
        sources.add_untrusted(c.clone(), origin.clone());
    }
    let leaf = Entry {
        cert: certificates[0].clone(),
        origin,
        trusted: false,
    };
    let options = Options {
        at,
        purpose: Purpose::Server,
        max_depth: DEFAULT_MAX_DEPTH,
        strict,
    };
    let outcome = verify::build(leaf, &sources, &options);
    let mut findings = outcome.findings;
    let mut local = Local {
        crl_dir: revocation.crl_dir.clone(),
        ..Local::default()
    };
    if let Some(staple) = revocation.staple {
        local.ocsp_responses.push((
            staple.to_vec(),
            Source {
                kind: SourceKind::Staple,
                location: format!("stapled by {peer}"),
            },
        ));
    }
    let (statuses, revocation_findings) =
        Checker::new(revocation.mode, at, local).check_path(&outcome.path);
    findings.extend(revocation_findings);
    report.revocation = outcome
        .path
        .iter()
        .zip(statuses)
        .enumerate()
        .filter_map(|(i, (e, s))| {
            s.map(|status| ServerRevocation {
                certificate: i,
                subject: crate::model::name_text::name_text(e.cert.parsed().subject()),
                status,
            })
        })
        .collect();
    let name_ok = match leaf_names_host(leaf_x509, name) {
        Ok(ok) => ok,
        Err(e) => {
            findings.push(Finding::error(
                FindingKind::NameMismatch,
                Some(0),
                format!("the server's name could not be checked: {e}"),
            ));
            false
        }
    };
    let names = names_of(&certificates[0]);
    if !name_ok && !findings.iter().any(|f| f.kind == FindingKind::NameMismatch) {
        findings.push(Finding::error(
            FindingKind::NameMismatch,
            Some(0),
            format!(
                "the server's certificate is not valid for {name:?} (it names: {})",
                names.join(", ")
            ),
        ));
    }
    if outcome.end == PathEnd::Trusted {
        let anchor = outcome.path.last().expect("a path is never empty");
        report.anchor = Some(AnchorReport {
            certificate: summarize(&anchor.cert, at),
            origin: anchor.origin.clone(),
        });
    }
    let first_error = findings.iter().find(|f| f.severity == Severity::Error);
    report.trusted = outcome.end == PathEnd::Trusted && first_error.is_none();
    if !report.trusted {
        let subject_at = |i: Option<usize>| {
            i.and_then(|i| report.chain.get(i).or(report.chain.last()))
                .map(|c| c.subject.clone())
                .unwrap_or_default()
        };
        let explanation = if outcome.end == PathEnd::UntrustedRoot && outcome.path.len() == 1 {
            format!(
                "the server's certificate {} is self-signed and not trusted by {}: give it with --ca (or --insecure to carry on regardless)",
                subject_at(Some(0)),
                anchor_words(&trust.labels)
            )
        } else if outcome.end != PathEnd::Trusted {
            let missing = findings
                .iter()
                .find(|f| f.kind == FindingKind::MissingIssuer)
                .and_then(|f| f.missing_subject.clone())
                .map(|s| format!(" (the issuer {s} was not found)"))
                .unwrap_or_default();
            format!(
                "the server's chain does not lead to a root trusted by {}{missing}: give its root CA with --ca (or --insecure to carry on regardless)",
                anchor_words(&trust.labels)
            )
        } else if !name_ok {
            format!(
                "the server's certificate is not valid for {name:?} (it names: {}): connect with the name it was issued for, or give it with --servername",
                names.join(", ")
            )
        } else {
            let f = first_error.expect("not trusted with a trusted end means an error");
            match f.kind {
                FindingKind::Expired => format!(
                    "the server's certificate {} has expired",
                    subject_at(f.certificate)
                ),
                FindingKind::Revoked => format!(
                    "the server's chain holds a revoked certificate: {}",
                    f.message
                ),
                FindingKind::NotYetValid => format!(
                    "the server's certificate {} is not valid yet",
                    subject_at(f.certificate)
                ),
                FindingKind::ExtendedKeyUsage | FindingKind::KeyUsage
                    if f.certificate == Some(0) =>
                {
                    format!(
                        "the server's certificate {} is not meant for TLS servers: {}",
                        subject_at(f.certificate),
                        f.message
                    )
                }
                _ => format!("the server's certificate is not trusted: {}", f.message),
            }
        };
        report.error = findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map(|f| f.message.clone())
            .or_else(|| Some(explanation.clone()));
        report.explanation = Some(explanation);
    }
    report.end = Some(outcome.end);
    report.findings = findings;
    report
}

/// "the --ca file(s) a.pem or the system CA store", for explanations.
fn anchor_words(labels: &[String]) -> String {
    if labels.is_empty() {
        return "any anchor (none was given and no system store was found)".to_string();
    }
    let (system, files): (Vec<&String>, Vec<&String>) =
        labels.iter().partition(|l| l.as_str() == "system");
    let mut words = Vec::new();
    if !files.is_empty() {
        let files: Vec<&str> = files.iter().map(|s| s.as_str()).collect();
        words.push(files.join(", "));
    }
    if !system.is_empty() {
        words.push("the system CA store".to_string());
    }
    words.join(" or ")
}

/// Does the server's leaf name `name` (a DNS name or an IP address)? The path engine does not
/// check names, so OpenSSL's matcher (RFC 6125: SAN first, wildcards in the left-most label
/// only, CN only when there is no DNS SAN) runs on the leaf alone: the leaf is its own anchor,
/// and time and critical extensions are left to the engine's findings.
fn leaf_names_host(leaf: &X509, name: &str) -> Result<bool, ErrorStack> {
    let mut store = X509StoreBuilder::new()?;
    store.add_cert(leaf.clone())?;
    let mut param = X509VerifyParam::new()?;
    match name.parse::<IpAddr>() {
        Ok(ip) => param.set_ip(ip)?,
        Err(_) => param.set_host(name)?,
    }
    param.set_flags(
        X509VerifyFlags::PARTIAL_CHAIN
            | X509VerifyFlags::NO_CHECK_TIME
            | X509VerifyFlags::IGNORE_CRITICAL,
    )?;
    store.set_param(&param)?;
    let store = store.build();
    let untrusted = Stack::new()?;
    let mut context = X509StoreContext::new()?;
    context.init(&store, leaf, &untrusted, |c| {
        if c.verify_cert()? {
            return Ok(true);
        }
        let code = c.error().as_raw();
        Ok(!(code == X509_V_ERR_HOSTNAME_MISMATCH || code == X509_V_ERR_IP_ADDRESS_MISMATCH))
    })
}

/// DNS names and IP addresses of a certificate's subjectAltName.
fn names_of(cert: &Certificate) -> Vec<String> {
    let mut names = Vec::new();
    for ext in cert.parsed().extensions() {
        if let ParsedExtension::SubjectAlternativeName(san) = ext.parsed_extension() {
            for n in &san.general_names {
                match n {
                    GeneralName::DNSName(d) => names.push(d.to_string()),
                    GeneralName::IPAddress(ip) => {
                        if let Ok(v4) = <[u8; 4]>::try_from(*ip) {
                            names.push(std::net::Ipv4Addr::from(v4).to_string());
                        } else if let Ok(v6) = <[u8; 16]>::try_from(*ip) {
                            names.push(std::net::Ipv6Addr::from(v6).to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if names.is_empty() {
        names.push("no subject alternative names".to_string());
    }
    names
}

/// A DER name as text (`CN=…, O=…`).
pub fn name_text(der: &[u8]) -> String {
    match x509_parser::x509::X509Name::from_der(der) {
        Ok((_, name)) => name.to_string(),
        Err(_) => format!("(unreadable name, {} bytes)", der.len()),
    }
}

/// Are two DER names the same name (RFC 5280 §7.1: case-insensitive, whitespace folded,
/// whatever the string type)? Byte equality, else OpenSSL's canonical comparison.
pub fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (X509Name::from_der(a), X509Name::from_der(b)) {
        (Ok(x), Ok(y)) => x
            .try_cmp(&y)
            .map(|o| o == std::cmp::Ordering::Equal)
            .unwrap_or(false),
        _ => false,
    }
}

/// The client side of the report: what was configured, asked for and sent, and whether our
/// path reaches one of the server's acceptable CA names.
pub fn client_report(
    client: Option<&ClientIdentity>,
    observed: &Observed,
    trust: &TrustSources,
    at: OffsetDateTime,
) -> ClientCertificateReport {
    let configured: Vec<Certificate> = client
        .map(|c| {
            std::iter::once(c.leaf.clone())
                .chain(c.intermediates.iter().cloned())
                .collect()
        })
        .unwrap_or_default();
    let sent: Vec<Certificate> = observed
        .sent
        .last()
        .map(|certs| {
            certs
                .iter()
                .filter_map(|der| Certificate::from_der(der.clone()).ok())
                .collect()
        })
        .unwrap_or_default();
    let requested = observed.requests_in_handshake + observed.requests_after_handshake > 0;
    let names = &observed.ca_names;
    let mut report = ClientCertificateReport {
        source: client.map(|c| c.source.clone()),
        requested,
        requested_after_handshake: observed.requests_after_handshake > 0,
        acceptable_ca_names: names.iter().map(|n| name_text(n)).collect(),
        chain_reaches: None,
        chain_matches_ca_names: None,
        ca_names_note: None,
        configured: configured.iter().map(|c| summarize(c, at)).collect(),
        sent: sent.iter().map(|c| summarize(c, at)).collect(),
        root: client
            .and_then(|c| c.root.as_ref())
            .map(|r| summarize(r, at)),
    };
    if !requested {
        return report;
    }
    if names.is_empty() {
        report.ca_names_note = Some(
            "the server sent no CA names: it does not say which issuers it accepts".to_string(),
        );
        return report;
    }
    let chain = if sent.is_empty() { &configured } else { &sent };
    let Some(leaf) = chain.first() else {
        return report;
    };
    let path = client_path(leaf, chain, client, trust, at);
    let reached = path.iter().enumerate().find_map(|(i, c)| {
        names
            .iter()
            .find(|name| same_name(name, c.cert.issuer_raw()))
            .map(|name| (i, name))
    });
    let wanted = report.acceptable_ca_names.join("; ");
    match reached {
        // The certificates sent carry the path up to the acceptable CA's name.
        Some((i, name)) if i < chain.len() => {
            report.chain_reaches = Some(name_text(name));
            report.chain_matches_ca_names = Some(true);
        }
        // Only certificates certkit does not send (from the store or --ca) lead there.
        Some((i, name)) => {
            let reaches = name_text(name);
            let missing: Vec<String> = path[chain.len()..=i]
                .iter()
                .map(|e| format!("{} (from {})", subject_of(&e.cert), e.origin.source))
                .collect();
            report.chain_reaches = Some(reaches.clone());
            report.chain_matches_ca_names = Some(false);
            report.ca_names_note = Some(format!(
                "the server accepts certificates from {wanted}; your chain reaches {reaches} only through {}, which certkit does not send: add it to the --cert file",
                missing.join(", ")
            ));
        }
        None => {
            report.chain_matches_ca_names = Some(false);
            let top = chain.last().expect("chain is not empty");
            let ends_at = name_text(top.issuer_raw());
            report.ca_names_note = Some(format!(
                "the server accepts certificates from {wanted}, but the chain certkit sends ends at {ends_at}, which is none of them: if {ends_at} is issued by one of those CAs, add that intermediate certificate to the --cert file; otherwise you need a certificate issued under one of them"
            ));
        }
    }
    report
}

/// Our own path from `leaf`, built by the engine from the chain sent, the rest of the `--cert`
/// file, and the user's anchors and store: the certificates sent come first in the path
/// whenever they chain (they are the only untrusted issuers in the input).
fn client_path(
    leaf: &Certificate,
    chain: &[Certificate],
    client: Option<&ClientIdentity>,
    trust: &TrustSources,
    at: OffsetDateTime,
) -> Vec<Entry> {
    let source = client
        .map(|c| c.source.as_str())
        .unwrap_or("certificate sent");
    let origin = Origin::new(OriginKind::Input, source);
    let mut sources = trust.sources.clone();
    let others = client.map(|c| c.others.as_slice()).unwrap_or_default();
    for c in chain[1..].iter().chain(others) {
        sources.add_untrusted(c.clone(), origin.clone());
    }
    let options = Options {
        at,
        purpose: Purpose::Any,
        max_depth: DEFAULT_MAX_DEPTH,
        strict: false,
    };
    let entry = Entry {
        cert: leaf.clone(),
        origin,
        trusted: false,
    };
    verify::build(entry, &sources, &options).path
}

fn subject_of(cert: &Certificate) -> String {
    crate::model::name_text::name_text(cert.parsed().subject())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_compare_canonically() {
        use openssl::asn1::Asn1Type;
        use openssl::nid::Nid;
        use openssl::x509::X509Name;
        let name = |ty: Asn1Type, cn: &str| {
            let mut b = X509Name::builder().unwrap();
            b.append_entry_by_nid_with_type(Nid::COMMONNAME, cn, ty)
                .unwrap();
            b.build().to_der().unwrap()
        };
        let printable = name(Asn1Type::PRINTABLESTRING, "Partner Issuing CA");
        let utf8 = name(Asn1Type::UTF8STRING, "Partner  issuing CA");
        assert_ne!(printable, utf8);
        // Same name for X.509 (case and inner spaces fold), though the bytes differ.
        assert!(super::same_name(&printable, &utf8));
        assert!(!super::same_name(
            &printable,
            &name(Asn1Type::UTF8STRING, "Other CA")
        ));
    }
}
