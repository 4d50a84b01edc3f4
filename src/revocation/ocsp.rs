//! OCSP (RFC 6960): the request for one certificate (with a nonce), and the checks on a
//! response, whether fetched, saved to a file or stapled by a TLS server: successful, signed
//! by the issuer or by a responder the issuer delegated (id-kp-OCSPSigning, issued by the
//! issuer), thisUpdate/nextUpdate around the checked time, the nonce echoed, and the status of
//! the certificate (good, revoked with date and reason, unknown).

use std::ffi::{c_int, c_uchar};

use foreign_types::ForeignTypeRef;
use openssl::hash::MessageDigest;
use openssl::ocsp::{
    OcspBasicResponseRef, OcspCertId, OcspCertStatus, OcspFlag, OcspRequest, OcspResponse,
    OcspResponseStatus,
};
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::{X509VerifyFlags, X509VerifyParam};
use openssl::x509::X509;
use openssl_sys as ffi;
use time::OffsetDateTime;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::oid_registry as oids;

use super::status::{refused, Reason, Refused, State, Why};
use crate::model::Certificate;

extern "C" {
    fn OCSP_request_add1_nonce(req: *mut ffi::OCSP_REQUEST, val: *mut c_uchar, len: c_int)
        -> c_int;
    fn OCSP_check_nonce(req: *mut ffi::OCSP_REQUEST, bs: *mut ffi::OCSP_BASICRESP) -> c_int;
}

/// Tolerated clock skew between responder and checker (as `openssl ocsp` allows by default).
const SKEW_SECONDS: i64 = 300;

/// The AIA OCSP URLs of a certificate.
pub fn urls(cert: &Certificate) -> Vec<String> {
    let x = cert.parsed();
    let mut found = Vec::new();
    for ext in x.extensions() {
        if let ParsedExtension::AuthorityInfoAccess(aia) = ext.parsed_extension() {
            for d in &aia.accessdescs {
                if d.access_method == oids::OID_PKIX_ACCESS_DESCRIPTOR_OCSP {
                    if let GeneralName::URI(u) = d.access_location {
                        found.push(u.to_string());
                    }
                }
            }
        }
    }
    found
}

/// A request for one certificate, kept to check the response's nonce.
pub struct Request {
    request: OcspRequest,
    pub der: Vec<u8>,
}

/// Builds the request for `cert` (SHA-1 certificate id, as responders expect) with a random
/// 16-byte nonce.
pub fn request(cert: &Certificate, issuer: &Certificate) -> Result<Request, Refused> {
    let build = || -> Result<Request, openssl::error::ErrorStack> {
        let (c, i) = (openssl_cert(cert)?, openssl_cert(issuer)?);
        let id = OcspCertId::from_cert(MessageDigest::sha1(), &c, &i)?;
        let mut request = OcspRequest::new()?;
        request.add_id(id)?;
        // SAFETY: `request` is a live OCSP_REQUEST; a NULL value asks OpenSSL for random bytes.
        let added = unsafe { OCSP_request_add1_nonce(request.as_ptr(), std::ptr::null_mut(), 16) };
        if added != 1 {
            return Err(openssl::error::ErrorStack::get());
        }
        let der = request.to_der()?;
        Ok(Request { request, der })
    };
    build().map_err(|e| {
        refused(
            Why::BadResponse,
            format!("cannot build the OCSP request: {e}"),
        )
    })
}

fn openssl_cert(c: &Certificate) -> Result<X509, openssl::error::ErrorStack> {
    X509::from_der(c.der())
}

/// A status the response gave for the certificate, after every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub state: State,
    pub revoked: Option<(OffsetDateTime, Reason)>,
    pub this_update: OffsetDateTime,
    pub next_update: Option<OffsetDateTime>,
}

/// Checks the DER response `der` for `cert` (issued by `issuer`) at `at`. `request`, when the
/// response answers one certkit sent, must have its nonce echoed (a responder that leaves the
/// nonce out is accepted, as most pre-signing responders do).
pub fn check(
    der: &[u8],
    cert: &Certificate,
    issuer: &Certificate,
    at: OffsetDateTime,
    request: Option<&Request>,
) -> Result<Answer, Refused> {
    let response = OcspResponse::from_der(der)
        .map_err(|_| refused(Why::BadResponse, "not an OCSP response"))?;
    let status = response.status();
    if status != OcspResponseStatus::SUCCESSFUL {
        return Err(refused(
            Why::ResponderError,
            format!("the responder answered {}", response_status_name(status)),
        ));
    }
    let basic = response
        .basic()
        .map_err(|_| refused(Why::BadResponse, "the OCSP response has no basic response"))?;
    let (c, i) = match (openssl_cert(cert), openssl_cert(issuer)) {
        (Ok(c), Ok(i)) => (c, i),
        _ => {
            return Err(refused(
                Why::BadResponse,
                "a certificate OpenSSL cannot read",
            ))
        }
    };
    verify_signer(&basic, &i, at)?;
    if let Some(req) = request {
        // SAFETY: both pointers are live objects owned by `req` and `basic`.
        let nonce = unsafe { OCSP_check_nonce(req.request.as_ptr(), basic.as_ptr()) };
        if nonce == 0 {
            return Err(refused(
                Why::NonceMismatch,
                "the response does not carry the request's nonce (a replayed response?)",
            ));
        }
    }
    let found = [MessageDigest::sha1(), MessageDigest::sha256()]
        .into_iter()
        .filter_map(|md| OcspCertId::from_cert(md, &c, &i).ok())
        .find_map(|id| {
            let s = basic.find_status(&id)?;
            Some((
                s.status,
                s.reason.as_raw(),
                s.revocation_time.map(|t| t.to_string()),
                s.this_update.to_string(),
                s.next_update().map(|t| t.to_string()),
            ))
        });
    let Some((cert_status, reason, revoked_at, this_update, next_update)) = found else {
        return Err(refused(
            Why::OutOfScope,
            "the response does not cover this certificate",
        ));
    };
    let this_update = generalized_time(&this_update)
        .ok_or_else(|| refused(Why::BadResponse, "unreadable thisUpdate"))?;
    let next_update = match next_update {
        Some(t) => Some(
            generalized_time(&t)
                .ok_or_else(|| refused(Why::BadResponse, "unreadable nextUpdate"))?,
        ),
        None => None,
    };
    let skew = time::Duration::seconds(SKEW_SECONDS);
    if this_update > at + skew {
        return Err(refused(
            Why::NotYetValid,
            format!(
                "its thisUpdate {} is after the checked time",
                super::crl::rfc3339(this_update)
            ),
        ));
    }
    if let Some(next) = next_update.filter(|n| *n + skew < at) {
        return Err(refused(
            Why::Stale,
            format!(
                "stale: its nextUpdate {} has passed",
                super::crl::rfc3339(next)
            ),
        ));
    }
    let (state, revoked) = if cert_status == OcspCertStatus::GOOD {
        (State::Good, None)
    } else if cert_status == OcspCertStatus::REVOKED {
        let when = revoked_at
            .as_deref()
            .and_then(generalized_time)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let reason = u8::try_from(reason)
            .map(Reason::from_code)
            .unwrap_or(Reason::Unspecified);
        (State::Revoked, Some((when, reason)))
    } else {
        return Err(refused(
            Why::ResponderUnknown,
            "the responder does not know this certificate (status unknown)",
        ));
    };
    Ok(Answer {
        state,
        revoked,
        this_update,
        next_update,
    })
}

/// OCSP_basic_verify with the issuer as the only anchor, at the checked time: the signer must
/// be the issuer, or a certificate the issuer issued with id-kp-OCSPSigning.
fn verify_signer(
    basic: &OcspBasicResponseRef,
    issuer: &X509,
    at: OffsetDateTime,
) -> Result<(), Refused> {
    let run = || -> Result<(), openssl::error::ErrorStack> {
        let mut store = X509StoreBuilder::new()?;
        store.add_cert(issuer.clone())?;
        let mut param = X509VerifyParam::new()?;
        param.set_time(at.unix_timestamp() as _);
        // The issuer is usually an intermediate: it is the anchor here, not a self-signed root.
        param.set_flags(X509VerifyFlags::PARTIAL_CHAIN)?;
        store.set_param(&param)?;
        let store = store.build();
        let mut certs = Stack::new()?;
        certs.push(issuer.clone())?;
        basic.verify(&certs, &store, OcspFlag::empty())
    };
    run().map_err(|e| {
        let reason = e
            .errors()
            .iter()
            .filter_map(|x| x.reason().map(str::to_string))
            .collect::<Vec<_>>()
            .join("; ");
        refused(
            Why::BadSignature,
            format!(
                "not signed by the issuer or by a responder it authorised (id-kp-OCSPSigning){}",
                if reason.is_empty() {
                    String::new()
                } else {
                    format!(": {reason}")
                }
            ),
        )
    })
}

fn response_status_name(s: OcspResponseStatus) -> &'static str {
    match s {
        OcspResponseStatus::MALFORMED_REQUEST => "malformedRequest",
        OcspResponseStatus::INTERNAL_ERROR => "internalError",
        OcspResponseStatus::TRY_LATER => "tryLater",
        OcspResponseStatus::SIG_REQUIRED => "sigRequired",
        OcspResponseStatus::UNAUTHORIZED => "unauthorized",
        _ => "an unknown status",
    }
}

/// Reads OpenSSL's printed form of a GeneralizedTime ("Jun  1 00:00:00 2027 GMT").
fn generalized_time(text: &str) -> Option<OffsetDateTime> {
    let format = time::macros::format_description!(
        "[month repr:short] [day padding:space] [hour]:[minute]:[second] [year] GMT"
    );
    // Fractional seconds, when present, do not matter at this resolution.
    let text = match text.find('.') {
        Some(dot) => {
            let end = text[dot..].find(' ').map(|e| dot + e).unwrap_or(text.len());
            format!("{}{}", &text[..dot], &text[end..])
        }
        None => text.to_string(),
    };
    time::PrimitiveDateTime::parse(&text, format)
        .ok()
        .map(|t| t.assume_utc())
}

#[cfg(test)]
mod tests {
    use super::generalized_time;

    #[test]
    fn openssl_printed_times_are_read() {
        let t = generalized_time("Jun  1 00:00:00 2027 GMT").unwrap();
        assert_eq!(t.unix_timestamp(), 1_811_808_000);
        let t = generalized_time("Nov 27 12:42:07 2026 GMT").unwrap();
        assert_eq!((t.day(), t.hour(), t.second()), (27, 12, 7));
        let f = generalized_time("Nov 27 12:42:07.250 2026 GMT").unwrap();
        assert_eq!(f, t);
        assert!(generalized_time("not a time").is_none());
    }
}
