//! Recognising OCSP requests and responses (RFC 6960) in a file, for `inspect`.
//!
//! The revocation checker ([`crate::revocation::ocsp`]) asks OpenSSL to verify a response for
//! one certificate it already knows; a saved `.ocsp`/`.der` file needs the other direction:
//! read whatever it holds and list it (responder, producedAt, every certificate's status). The
//! `der` crate's derive reads the structures; nothing here checks signatures.

use der::asn1::{GeneralizedTime, Int, Null, ObjectIdentifier, OctetString};
use der::{Any, Choice, Decode, Enumerated, Sequence};

/// Built once: a searcher per call cost more than the search in a directory scan.
static BEGIN_OCSP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"-----BEGIN OCSP "));

/// What an OCSP file holds.
pub enum OcspObject {
    Request(OcspRequest),
    Response(OcspResponse),
}

/// One OCSP object in `bytes` (DER, or the PEM forms some tools write), `None` when the bytes
/// are not one.
pub fn ocsp_in(bytes: &[u8]) -> Option<OcspObject> {
    let der = if bytes.first() == Some(&0x30) {
        bytes.to_vec()
    } else if BEGIN_OCSP.find(bytes).is_some() {
        ::pem::parse_many(bytes)
            .ok()?
            .into_iter()
            .find(|p| p.tag() == "OCSP RESPONSE" || p.tag() == "OCSP REQUEST")?
            .into_contents()
    } else {
        return None;
    };
    if let Ok(response) = OcspResponse::from_der(&der) {
        return Some(OcspObject::Response(response));
    }
    OcspRequest::from_der(&der).ok().map(OcspObject::Request)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Enumerated)]
#[repr(u32)]
pub enum ResponseStatus {
    Successful = 0,
    MalformedRequest = 1,
    InternalError = 2,
    TryLater = 3,
    SigRequired = 5,
    Unauthorized = 6,
}

impl ResponseStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ResponseStatus::Successful => "successful",
            ResponseStatus::MalformedRequest => "malformed_request",
            ResponseStatus::InternalError => "internal_error",
            ResponseStatus::TryLater => "try_later",
            ResponseStatus::SigRequired => "sig_required",
            ResponseStatus::Unauthorized => "unauthorized",
        }
    }
}

/// OCSPResponse.
#[derive(Sequence)]
pub struct OcspResponse {
    pub status: ResponseStatus,
    #[asn1(context_specific = "0", optional = "true")]
    pub bytes: Option<ResponseBytes>,
}

#[derive(Sequence)]
pub struct ResponseBytes {
    pub response_type: ObjectIdentifier,
    pub response: OctetString,
}

/// id-pkix-ocsp-basic.
pub const OCSP_BASIC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.48.1.1");

impl OcspResponse {
    /// The BasicOCSPResponse inside, when the response is successful and of the basic type.
    pub fn basic(&self) -> Option<BasicOcspResponse> {
        let bytes = self.bytes.as_ref()?;
        if bytes.response_type != OCSP_BASIC {
            return None;
        }
        BasicOcspResponse::from_der(bytes.response.as_bytes()).ok()
    }
}

#[derive(Sequence)]
pub struct BasicOcspResponse {
    pub tbs: ResponseData,
    pub signature_algorithm: AlgorithmIdentifier,
    pub signature: der::asn1::BitString,
    #[asn1(context_specific = "0", optional = "true")]
    pub certs: Option<Vec<Any>>,
}

#[derive(Sequence)]
pub struct AlgorithmIdentifier {
    pub algorithm: ObjectIdentifier,
    pub parameters: Option<Any>,
}

#[derive(Sequence)]
pub struct ResponseData {
    #[asn1(context_specific = "0", default = "Default::default")]
    pub version: u8,
    pub responder: ResponderId,
    pub produced_at: GeneralizedTime,
    pub responses: Vec<SingleResponse>,
    #[asn1(context_specific = "1", optional = "true")]
    pub extensions: Option<Any>,
}

#[derive(Choice)]
pub enum ResponderId {
    /// The responder's name (DER of a Name).
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", constructed = "true")]
    ByName(Any),
    /// SHA-1 of the responder's public key.
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", constructed = "true")]
    ByKey(OctetString),
}

#[derive(Sequence)]
pub struct SingleResponse {
    pub cert_id: CertId,
    pub cert_status: CertStatus,
    pub this_update: GeneralizedTime,
    #[asn1(context_specific = "0", optional = "true")]
    pub next_update: Option<GeneralizedTime>,
    #[asn1(context_specific = "1", optional = "true")]
    pub extensions: Option<Any>,
}

#[derive(Sequence)]
pub struct CertId {
    pub hash_algorithm: AlgorithmIdentifier,
    pub issuer_name_hash: OctetString,
    pub issuer_key_hash: OctetString,
    pub serial: Int,
}

#[derive(Choice)]
pub enum CertStatus {
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT")]
    Good(Null),
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", constructed = "true")]
    Revoked(RevokedInfo),
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT")]
    Unknown(Null),
}

#[derive(Sequence)]
pub struct RevokedInfo {
    pub revocation_time: GeneralizedTime,
    #[asn1(context_specific = "0", optional = "true")]
    pub reason: Option<Any>,
}

/// OCSPRequest.
#[derive(Sequence)]
pub struct OcspRequest {
    pub tbs: TbsRequest,
    #[asn1(context_specific = "0", optional = "true")]
    pub signature: Option<Any>,
}

#[derive(Sequence)]
pub struct TbsRequest {
    #[asn1(context_specific = "0", default = "Default::default")]
    pub version: u8,
    #[asn1(context_specific = "1", optional = "true")]
    pub requestor: Option<Any>,
    pub requests: Vec<Request>,
    #[asn1(context_specific = "2", optional = "true")]
    pub extensions: Option<Any>,
}

#[derive(Sequence)]
pub struct Request {
    pub cert_id: CertId,
    #[asn1(context_specific = "0", optional = "true")]
    pub extensions: Option<Any>,
}
