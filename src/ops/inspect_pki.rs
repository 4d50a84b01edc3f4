//! `inspect` of the other PKI files a folder of certificates holds: certificate requests
//! (PKCS#10: subject, key, requested extensions and names, whether the request's signature
//! verifies with its own key) and OCSP requests and responses (responder, producedAt, each
//! certificate's status, this and next update). They are recognised, so a directory scan
//! neither skips them nor counts them as failures.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use x509_parser::certification_request::X509CertificationRequest;
use x509_parser::extensions::ParsedExtension;
use x509_parser::prelude::FromDer;
use x509_parser::x509::X509Name;

use crate::decode::ocsp::{CertId, CertStatus, OcspObject, ResponderId};
use crate::model::key::{describe_pkey, KeyDescription};
use crate::model::name_text::name_text;
use crate::ops::cert_text::{eku_names, general_name, key_usage_names, oid_name};

/// One certificate request.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CsrReport {
    pub subject: String,
    pub key: KeyDescription,
    pub signature_algorithm: String,
    /// The request's signature verifies with the public key it carries (proof of possession).
    pub signature_valid: bool,
    /// The subject alternative names requested.
    #[serde(default)]
    pub subject_alt_names: Vec<String>,
    #[serde(default)]
    pub key_usage: Vec<String>,
    #[serde(default)]
    pub extended_key_usage: Vec<String>,
    /// Every extension requested, by name (`subjectAltName`, `basicConstraints`, …; an OID
    /// when certkit has no name for it).
    #[serde(default)]
    pub requested_extensions: Vec<String>,
}

/// An OCSP request or response.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OcspReport {
    /// `request` or `response`.
    pub kind: String,
    /// For a response: `successful`, `malformed_request`, `internal_error`, `try_later`,
    /// `sig_required`, `unauthorized`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub response_status: Option<String>,
    /// For a response: the responder's name, or `key SHA-1 <hex>` when it is named by key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub responder: Option<String>,
    /// For a response: producedAt.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub produced_at: Option<OffsetDateTime>,
    /// The certificates asked about (request) or answered for (response).
    #[serde(default)]
    pub certificates: Vec<OcspCertificate>,
}

/// One certificate of an OCSP request or response.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OcspCertificate {
    /// Serial number, uppercase hex of the DER INTEGER (as certificate summaries show it).
    pub serial: String,
    /// SHA-1 (usually) of the issuer's name and key, uppercase hex.
    pub issuer_name_hash: String,
    pub issuer_key_hash: String,
    /// For a response: `good`, `revoked` or `unknown`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub status: Option<String>,
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub revocation_time: Option<OffsetDateTime>,
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub this_update: Option<OffsetDateTime>,
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none",
        default
    )]
    #[schemars(with = "Option<String>", extend("format" = "date-time"))]
    pub next_update: Option<OffsetDateTime>,
}

/// The reports of an input's certificate requests (DER each).
pub fn csr_reports(csrs: &[Vec<u8>]) -> Vec<CsrReport> {
    csrs.iter().filter_map(|der| csr_report(der)).collect()
}

fn csr_report(der: &[u8]) -> Option<CsrReport> {
    let (_, csr) = X509CertificationRequest::from_der(der).ok()?;
    let info = &csr.certification_request_info;
    let openssl = openssl::x509::X509Req::from_der(der).ok();
    let public = openssl.as_ref().and_then(|r| r.public_key().ok());
    let signature_valid = match (&openssl, &public) {
        (Some(req), Some(key)) => req.verify(key).unwrap_or(false),
        _ => false,
    };
    let key = match &public {
        Some(key) => describe_pkey(key),
        None => KeyDescription::unsized_from_oid(
            &info.subject_pki.algorithm.algorithm.to_id_string(),
            info.subject_pki.algorithm.parameters.is_some(),
            oid_name(&info.subject_pki.algorithm.algorithm),
        ),
    };
    let mut report = CsrReport {
        subject: name_text(&info.subject),
        key,
        signature_algorithm: oid_name(&csr.signature_algorithm.algorithm),
        signature_valid,
        subject_alt_names: Vec::new(),
        key_usage: Vec::new(),
        extended_key_usage: Vec::new(),
        requested_extensions: Vec::new(),
    };
    for ext in csr.requested_extensions().into_iter().flatten() {
        match ext {
            ParsedExtension::SubjectAlternativeName(san) => {
                report.requested_extensions.push("subjectAltName".into());
                report.subject_alt_names = san.general_names.iter().map(general_name).collect();
            }
            ParsedExtension::KeyUsage(ku) => {
                report.requested_extensions.push("keyUsage".into());
                report.key_usage = key_usage_names(ku);
            }
            ParsedExtension::ExtendedKeyUsage(eku) => {
                report.requested_extensions.push("extendedKeyUsage".into());
                report.extended_key_usage = eku_names(eku);
            }
            ParsedExtension::BasicConstraints(_) => {
                report.requested_extensions.push("basicConstraints".into())
            }
            ParsedExtension::SubjectKeyIdentifier(_) => report
                .requested_extensions
                .push("subjectKeyIdentifier".into()),
            other => report.requested_extensions.push(extension_name(other)),
        }
    }
    Some(report)
}

/// The name of an extension x509-parser has no special case for here.
fn extension_name(ext: &ParsedExtension<'_>) -> String {
    match ext {
        ParsedExtension::UnsupportedExtension { oid } => oid_name(oid),
        ParsedExtension::CertificatePolicies(_) => "certificatePolicies".into(),
        ParsedExtension::NameConstraints(_) => "nameConstraints".into(),
        ParsedExtension::AuthorityInfoAccess(_) => "authorityInfoAccess".into(),
        ParsedExtension::CRLDistributionPoints(_) => "cRLDistributionPoints".into(),
        ParsedExtension::AuthorityKeyIdentifier(_) => "authorityKeyIdentifier".into(),
        ParsedExtension::ParseError { .. } => "(extension that cannot be decoded)".into(),
        _ => "(other extension)".into(),
    }
}

/// The report of an OCSP request or response.
pub fn ocsp_report(object: &OcspObject) -> OcspReport {
    match object {
        OcspObject::Request(request) => OcspReport {
            kind: "request".into(),
            response_status: None,
            responder: None,
            produced_at: None,
            certificates: request
                .tbs
                .requests
                .iter()
                .map(|r| cert_id(&r.cert_id))
                .collect(),
        },
        OcspObject::Response(response) => {
            let mut report = OcspReport {
                kind: "response".into(),
                response_status: Some(response.status.as_str().into()),
                responder: None,
                produced_at: None,
                certificates: Vec::new(),
            };
            if let Some(basic) = response.basic() {
                let data = &basic.tbs;
                report.responder = Some(match &data.responder {
                    ResponderId::ByName(name) => der::Encode::to_der(name)
                        .ok()
                        .and_then(|der| X509Name::from_der(&der).ok().map(|(_, n)| name_text(&n)))
                        .unwrap_or_else(|| "(name that cannot be decoded)".into()),
                    ResponderId::ByKey(hash) => {
                        format!("key SHA-1 {}", hex::encode_upper(hash.as_bytes()))
                    }
                });
                report.produced_at = Some(time_of(&data.produced_at));
                for single in &data.responses {
                    let mut c = cert_id(&single.cert_id);
                    let (status, revoked) = match &single.cert_status {
                        CertStatus::Good(_) => ("good", None),
                        CertStatus::Revoked(info) => {
                            ("revoked", Some(time_of(&info.revocation_time)))
                        }
                        CertStatus::Unknown(_) => ("unknown", None),
                    };
                    c.status = Some(status.into());
                    c.revocation_time = revoked;
                    c.this_update = Some(time_of(&single.this_update));
                    c.next_update = single.next_update.as_ref().map(time_of);
                    report.certificates.push(c);
                }
            }
            report
        }
    }
}

fn cert_id(id: &CertId) -> OcspCertificate {
    OcspCertificate {
        serial: hex::encode_upper(id.serial.as_bytes()),
        issuer_name_hash: hex::encode_upper(id.issuer_name_hash.as_bytes()),
        issuer_key_hash: hex::encode_upper(id.issuer_key_hash.as_bytes()),
        status: None,
        revocation_time: None,
        this_update: None,
        next_update: None,
    }
}

fn time_of(t: &der::asn1::GeneralizedTime) -> OffsetDateTime {
    OffsetDateTime::UNIX_EPOCH + t.to_unix_duration()
}
