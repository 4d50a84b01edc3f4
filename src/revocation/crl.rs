//! Certificate revocation lists: reading (PEM or DER), checking one CRL for one certificate
//! (issuer name, signature by the issuer, cRLSign, thisUpdate/nextUpdate at the checked time,
//! issuing-distribution-point scope) and applying delta CRLs (deltaCRLIndicator with its
//! BaseCRLNumber) on top of the complete CRL they extend.

use time::OffsetDateTime;
use x509_parser::der_parser::num_bigint::BigUint;
use x509_parser::extensions::{DistributionPointName, GeneralName, ParsedExtension};
use x509_parser::oid_registry as oids;
use x509_parser::prelude::FromDer;
use x509_parser::revocation_list::CertificateRevocationList;

use super::status::{refused, Reason, Refused, Why};
use crate::model::Certificate;

pub use crate::decode::crl::crls_in;

/// A certificate's place in a CRL that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub this_update: OffsetDateTime,
    pub next_update: Option<OffsetDateTime>,
    /// The CRL's cRLNumber, when it carries one.
    pub number: Option<BigUint>,
    /// For a delta CRL: the BaseCRLNumber of the complete CRL it extends.
    pub delta_base: Option<BigUint>,
    /// The certificate's entry: when and why it was revoked (`remove_from_crl` in a delta CRL
    /// means it is no longer on hold).
    pub entry: Option<(OffsetDateTime, Reason)>,
    /// The CRL covers only some reasons: it can prove a revocation but not good standing.
    pub partial: bool,
}

fn time(t: x509_parser::time::ASN1Time) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Does the CRL's issuer name equal the certificate's issuer name? (A CRL of another CA is
/// not a problem, just not the one for this certificate.)
pub fn issued_for(der: &[u8], cert: &Certificate) -> bool {
    CertificateRevocationList::from_der(der)
        .map(|(_, crl)| crl.issuer().as_raw() == cert.issuer_raw())
        .unwrap_or(false)
}

/// Checks the CRL `der` for `cert`, issued by `issuer`, at `at`.
pub fn check(
    der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    at: OffsetDateTime,
) -> Result<Checked, Refused> {
    let (_, crl) = CertificateRevocationList::from_der(der)
        .map_err(|e| refused(Why::BadResponse, format!("not a valid CRL ({e})")))?;
    if crl.issuer().as_raw() != cert.issuer_raw() {
        return Err(refused(
            Why::OutOfScope,
            format!(
                "issued by {}, not by the certificate's issuer (indirect CRLs are not supported)",
                crl.issuer()
            ),
        ));
    }
    let signature_ok = (|| {
        let key = issuer.to_openssl().ok()?.public_key().ok()?;
        openssl::x509::X509Crl::from_der(der)
            .ok()?
            .verify(&key)
            .ok()
    })()
    .unwrap_or(false);
    if !signature_ok {
        return Err(refused(
            Why::BadSignature,
            "its signature does not verify with the issuer's public key",
        ));
    }
    if let Ok(Some(ku)) = issuer.parsed().key_usage() {
        if !ku.value.crl_sign() {
            return Err(refused(
                Why::BadSignature,
                "the issuer's key usage does not allow signing CRLs (no cRLSign)",
            ));
        }
    }
    let this_update = time(crl.last_update());
    let next_update = crl.next_update().map(time);
    if this_update > at {
        return Err(refused(
            Why::NotYetValid,
            format!(
                "its thisUpdate {} is after the checked time",
                rfc3339(this_update)
            ),
        ));
    }
    if let Some(next) = next_update.filter(|n| *n < at) {
        return Err(refused(
            Why::Stale,
            format!("expired: its nextUpdate {} has passed", rfc3339(next)),
        ));
    }

    let mut partial = false;
    let mut delta_base = None;
    let mut number = None;
    for ext in crl.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::IssuingDistributionPoint(idp) => {
                if idp.indirect_crl {
                    return Err(refused(
                        Why::OutOfScope,
                        "an indirect CRL (certkit does not support them)",
                    ));
                }
                if idp.only_contains_attribute_certs {
                    return Err(refused(
                        Why::OutOfScope,
                        "it covers attribute certificates only",
                    ));
                }
                if idp.only_contains_user_certs && cert.is_ca() {
                    return Err(refused(
                        Why::OutOfScope,
                        "it covers end-entity certificates only and this is a CA",
                    ));
                }
                if idp.only_contains_ca_certs && !cert.is_ca() {
                    return Err(refused(
                        Why::OutOfScope,
                        "it covers CA certificates only and this is not a CA",
                    ));
                }
                partial = idp.only_some_reasons.is_some();
                if let Some(DistributionPointName::FullName(names)) = &idp.distribution_point {
                    let idp_uris = uris(names);
                    let cert_uris = distribution_point_uris(cert);
                    if !idp_uris.is_empty() && !idp_uris.iter().any(|u| cert_uris.contains(u)) {
                        return Err(refused(
                            Why::OutOfScope,
                            format!(
                                "its issuing distribution point ({}) is not one the certificate names",
                                idp_uris.join(", ")
                            ),
                        ));
                    }
                }
            }
            // RFC 5280 5.2.3: the CRL number MUST be non-critical; OpenSSL refuses it too.
            ParsedExtension::CRLNumber(_) if ext.critical => {
                return Err(refused(
                    Why::BadResponse,
                    "its CRL number extension is marked critical (RFC 5280 5.2.3 forbids it)",
                ));
            }
            ParsedExtension::CRLNumber(n) => number = Some(n.clone()),
            _ if ext.oid == oids::OID_X509_EXT_DELTA_CRL_INDICATOR => {
                match der_integer(ext.value) {
                    Some(b) => delta_base = Some(b),
                    None => {
                        return Err(refused(
                            Why::BadResponse,
                            "its delta CRL indicator is malformed",
                        ))
                    }
                }
            }
            other if ext.critical && other.unsupported() => {
                return Err(refused(
                    Why::BadResponse,
                    format!("it has an unknown critical extension {}", ext.oid),
                ));
            }
            _ => {}
        }
    }

    let serial = &cert.parsed().tbs_certificate.serial;
    let entry = crl
        .iter_revoked_certificates()
        .find(|r| r.serial() == serial)
        .map(|r| {
            let reason = r
                .reason_code()
                .map(|(_, c)| Reason::from_code(c.0))
                .unwrap_or(Reason::Unspecified);
            (time(r.revocation_date), reason)
        });
    Ok(Checked {
        this_update,
        next_update,
        number,
        delta_base,
        entry,
        partial,
    })
}

/// A DER INTEGER (the BaseCRLNumber of a delta CRL indicator).
fn der_integer(bytes: &[u8]) -> Option<BigUint> {
    x509_parser::der_parser::der::parse_der_integer(bytes)
        .ok()
        .and_then(|(_, v)| v.as_biguint().ok())
}

fn uris(names: &[GeneralName<'_>]) -> Vec<String> {
    names
        .iter()
        .filter_map(|n| match n {
            GeneralName::URI(u) => Some(u.to_string()),
            _ => None,
        })
        .collect()
}

/// The URIs of the certificate's CRL distribution points (full names).
pub fn distribution_point_uris(cert: &Certificate) -> Vec<String> {
    extension_uris(cert, &oids::OID_X509_EXT_CRL_DISTRIBUTION_POINTS)
}

/// The URIs of the certificate's freshest-CRL (delta CRL) distribution points.
pub fn freshest_uris(cert: &Certificate) -> Vec<String> {
    let x = cert.parsed();
    let mut found = Vec::new();
    for ext in x.extensions() {
        if ext.oid != oids::OID_X509_EXT_FRESHEST_CRL {
            continue;
        }
        // FreshestCRL has the syntax of CRLDistributionPoints.
        if let Ok((_, points)) = x509_parser::extensions::CRLDistributionPoints::from_der(ext.value)
        {
            for p in points.iter() {
                if let Some(DistributionPointName::FullName(names)) = &p.distribution_point {
                    found.extend(uris(names));
                }
            }
        }
    }
    found
}

fn extension_uris(cert: &Certificate, oid: &x509_parser::der_parser::oid::Oid) -> Vec<String> {
    let x = cert.parsed();
    let mut found = Vec::new();
    for ext in x.extensions() {
        if &ext.oid != oid {
            continue;
        }
        if let ParsedExtension::CRLDistributionPoints(points) = ext.parsed_extension() {
            for p in points.iter() {
                if let Some(DistributionPointName::FullName(names)) = &p.distribution_point {
                    found.extend(uris(names));
                }
            }
        }
    }
    found
}

/// The outcome of a complete CRL with the delta CRLs that apply to it: revoked (when, why) or
/// not listed. Returns `None` when a delta does not extend this complete CRL.
pub fn apply_delta(
    complete: &Checked,
    delta: &Checked,
) -> Option<Option<(OffsetDateTime, Reason)>> {
    let base = delta.delta_base.as_ref()?;
    let number = complete.number.as_ref()?;
    // RFC 5280 5.2.4: the delta extends a complete CRL numbered at least BaseCRLNumber, and
    // is only news when it is newer than that complete CRL.
    if number < base || delta.number.as_ref().is_some_and(|d| d <= number) {
        return None;
    }
    Some(match delta.entry {
        Some((_, Reason::RemoveFromCrl)) => None,
        Some(e) => Some(e),
        None => complete.entry,
    })
}

/// What `inspect` shows of a CRL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub issuer: String,
    pub this_update: OffsetDateTime,
    pub next_update: Option<OffsetDateTime>,
    pub entries: usize,
    pub signature_algorithm: String,
    pub number: Option<String>,
    /// For a delta CRL: the complete CRL number it extends.
    pub delta_base: Option<String>,
    pub issuer_name_hash: Option<u32>,
}

/// Reads the summary of one DER CRL.
pub fn summary(der: &[u8]) -> Option<Summary> {
    let (_, crl) = CertificateRevocationList::from_der(der).ok()?;
    let mut number = None;
    let mut delta_base = None;
    for ext in crl.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::CRLNumber(n) => number = Some(n.to_string()),
            _ if ext.oid == oids::OID_X509_EXT_DELTA_CRL_INDICATOR => {
                delta_base = der_integer(ext.value).map(|b| b.to_string());
            }
            _ => {}
        }
    }
    let oid = &crl.signature_algorithm.algorithm;
    let signature_algorithm = oids::OidRegistry::default()
        .with_all_crypto()
        .get(oid)
        .map(|e| e.sn().to_string())
        .unwrap_or_else(|| oid.to_id_string());
    let issuer_name_hash = openssl::x509::X509Crl::from_der(der)
        .ok()
        .and_then(|c| openssl::x509::X509Name::from_der(&c.issuer_name().to_der().ok()?).ok())
        .and_then(|n| name_hash(&n));
    Some(Summary {
        issuer: crate::model::name_text::name_text(crl.issuer()),
        this_update: time(crl.last_update()),
        next_update: crl.next_update().map(time),
        entries: crl.iter_revoked_certificates().count(),
        signature_algorithm,
        number,
        delta_base,
        issuer_name_hash,
    })
}

/// OpenSSL's X509_NAME_hash of a name (the `<hash>.r<n>` link name of a CRL in a CApath).
fn name_hash(name: &openssl::x509::X509NameRef) -> Option<u32> {
    // X509_NAME_hash is not wrapped for bare names; a throwaway certificate with that subject
    // gives the same value through subject_name_hash.
    let mut b = openssl::x509::X509Builder::new().ok()?;
    b.set_subject_name(name).ok()?;
    Some(b.build().subject_name_hash())
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::{apply_delta, BigUint, Checked, OffsetDateTime, Reason};

    fn crl(number: u32, delta_base: Option<u32>, entry: Option<Reason>) -> Checked {
        Checked {
            this_update: OffsetDateTime::UNIX_EPOCH,
            next_update: None,
            number: Some(BigUint::from(number)),
            delta_base: delta_base.map(BigUint::from),
            entry: entry.map(|r| (OffsetDateTime::UNIX_EPOCH, r)),
            partial: false,
        }
    }

    #[test]
    fn a_delta_extends_only_the_complete_crl_it_names() {
        let complete = crl(10, None, None);
        let revoked = crl(11, Some(10), Some(Reason::KeyCompromise));
        assert_eq!(
            apply_delta(&complete, &revoked).unwrap().map(|e| e.1),
            Some(Reason::KeyCompromise)
        );
        // Based on a newer complete CRL than the one held: it does not apply.
        assert!(apply_delta(&complete, &crl(12, Some(11), None)).is_none());
        // Not newer than the complete CRL: no news.
        assert!(apply_delta(&crl(11, None, None), &crl(11, Some(10), None)).is_none());
        // removeFromCRL lifts a hold listed in the complete CRL.
        let held = crl(10, None, Some(Reason::CertificateHold));
        let lifted = crl(11, Some(10), Some(Reason::RemoveFromCrl));
        assert_eq!(apply_delta(&held, &lifted), Some(None));
        // Not in the delta: the complete CRL's entry stands.
        assert_eq!(
            apply_delta(&held, &crl(11, Some(10), None))
                .unwrap()
                .map(|e| e.1),
            Some(Reason::CertificateHold)
        );
    }
}
