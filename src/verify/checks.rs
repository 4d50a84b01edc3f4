//! The checks made on one candidate path, each producing [`Finding`]s with a stable `kind`.
//!
//! Every check runs on every path; nothing stops at the first problem. Errors make the path
//! invalid; warnings (weak algorithms, odd serial numbers, weak keys) are reported but do not.

use crate::model::oids::{self, Oid};
use time::OffsetDateTime;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::{GeneralName, ParsedExtension};

// Re-exported so that callers keep naming them through `checks`, where findings are made.
pub use super::findings::{short_name, Finding, FindingKind, Severity};
use super::{names, Entry, Options, PathEnd, Purpose};
use crate::model::Certificate;

/// Does `issuer`'s public key verify `child`'s signature?
pub fn signed_by(child: &Certificate, issuer: &Certificate) -> bool {
    let (Ok(child), Ok(issuer)) = (child.to_openssl(), issuer.to_openssl()) else {
        return false;
    };
    let Ok(key) = issuer.public_key() else {
        return false;
    };
    child.verify(&key).unwrap_or(false)
}

/// Is `cert` within its validity period at `at` (both ends inclusive, as RFC 5280 says)?
pub fn valid_at(cert: &Certificate, at: OffsetDateTime) -> bool {
    let x = cert.parsed();
    let t = at.unix_timestamp();
    x.validity().not_before.timestamp() <= t && t <= x.validity().not_after.timestamp()
}

/// The AIA "CA Issuers" URLs of a certificate.
pub fn ca_issuers_urls(cert: &Certificate) -> Vec<String> {
    let x = cert.parsed();
    let mut urls = Vec::new();
    for ext in x.extensions() {
        if let ParsedExtension::AuthorityInfoAccess(aia) = ext.parsed_extension() {
            for d in &aia.accessdescs {
                if d.access_method == oids::OID_PKIX_ACCESS_DESCRIPTOR_CA_ISSUERS {
                    if let GeneralName::URI(u) = d.access_location {
                        urls.push(u.to_string());
                    }
                }
            }
        }
    }
    urls
}

/// Runs every check on `path` (leaf first), whose every certificate was verified with the key
/// of the next (the engine puts nothing else on a path).
pub fn check_path(path: &[Entry], end: PathEnd, options: &Options) -> Vec<Finding> {
    let mut f = Vec::new();
    let last = path.len() - 1;
    let top = &path[last].cert;

    match end {
        PathEnd::Trusted => {}
        PathEnd::UntrustedRoot => f.push(Finding::error(
            FindingKind::UntrustedRoot,
            Some(last),
            format!(
                "{} is not trusted: add it with --ca FILE (or the store's root/), or use --system if it is a public CA",
                if last == 0 {
                    format!("\"{}\" is self-signed and", short_name(top))
                } else {
                    format!("the root \"{}\"", short_name(top))
                }
            ),
        )),
        PathEnd::MissingIssuer => {
            let x = top.parsed();
            let urls = ca_issuers_urls(top);
            let aki = top.authority_key_id().map(hex_colon);
            let mut message = format!(
                "the missing CA: the issuer of \"{}\", \"{}\", was not found",
                short_name(top),
                x.issuer()
            );
            if let Some(a) = &aki {
                message.push_str(&format!(" (authority key id {a})"));
            }
            if urls.is_empty() {
                message.push_str("; give it with --untrusted FILE or --ca FILE");
            } else {
                // Whether --fetch-aia can help is for the command to say (verify-chain adds
                // it, and says so when the download was tried and failed).
                message.push_str(&format!("; it can be downloaded from {}", urls.join(", ")));
            }
            let mut finding = Finding::error(FindingKind::MissingIssuer, Some(last), message);
            finding.missing_subject = Some(crate::model::name_text::name_text(x.issuer()));
            finding.authority_key_id = aki;
            finding.ca_issuers = urls;
            f.push(finding);
        }
        PathEnd::DepthExceeded => f.push(Finding::error(
            FindingKind::DepthExceeded,
            Some(last),
            format!(
                "the path needs more than {} intermediate CAs (--max-depth)",
                options.max_depth
            ),
        )),
    }

    for (i, e) in path.iter().enumerate() {
        let anchor = e.trusted && i == last && end == PathEnd::Trusted;
        check_certificate(&mut f, i, e, anchor, options);
        if i > 0 {
            check_ca(&mut f, i, e, options.purpose);
        }
    }
    check_path_length(&mut f, path);
    check_leaf(&mut f, &path[0].cert, options.purpose);
    f.extend(names::check(path));
    if options.purpose == Purpose::Server {
        f.extend(super::cabf::check(path, end));
    }
    super::findings::apply_levels(&mut f, options.strict);
    f
}

fn hex_colon(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Signature algorithms with a broken hash, and the hash's name.
static WEAK_SIGNATURES: [(Oid<'static>, &str); 5] = [
    (oids::OID_PKCS1_SHA1WITHRSA, "SHA-1"),
    (oids::OID_SIG_ECDSA_WITH_SHA1, "SHA-1"),
    (oids::OID_SIG_DSA_WITH_SHA1, "SHA-1"),
    (oids::OID_PKCS1_MD5WITHRSAENC, "MD5"),
    (oids::OID_PKCS1_MD2WITHRSAENC, "MD2"),
];

/// Extensions whose meaning certkit knows, so that a critical one is not "unknown".
/// (Certificate policies are known too: certkit requires no policy.)
static KNOWN_EXTENSIONS: [Oid<'static>; 11] = [
    oids::OID_X509_EXT_BASIC_CONSTRAINTS,
    oids::OID_X509_EXT_KEY_USAGE,
    oids::OID_X509_EXT_EXTENDED_KEY_USAGE,
    oids::OID_X509_EXT_SUBJECT_ALT_NAME,
    oids::OID_X509_EXT_NAME_CONSTRAINTS,
    oids::OID_X509_EXT_SUBJECT_KEY_IDENTIFIER,
    oids::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER,
    oids::OID_X509_EXT_CERTIFICATE_POLICIES,
    oids::OID_X509_EXT_POLICY_CONSTRAINTS,
    oids::OID_X509_EXT_INHIBIT_ANY_POLICY,
    oids::OID_X509_EXT_POLICY_MAPPINGS,
];

/// Extensions RFC 5280 forbids marking critical, and their names.
static NEVER_CRITICAL: [(Oid<'static>, &str); 3] = [
    (
        oids::OID_X509_EXT_AUTHORITY_KEY_IDENTIFIER,
        "authority key identifier",
    ),
    (
        oids::OID_X509_EXT_SUBJECT_KEY_IDENTIFIER,
        "subject key identifier",
    ),
    (
        oids::OID_PKIX_AUTHORITY_INFO_ACCESS,
        "authority information access",
    ),
];

/// Checks that apply to any certificate of the path.
fn check_certificate(f: &mut Vec<Finding>, i: usize, e: &Entry, anchor: bool, options: &Options) {
    let cert = &e.cert;
    let x = cert.parsed();
    let name = short_name(cert);
    let t = options.at.unix_timestamp();
    let v = x.validity();
    if t > v.not_after.timestamp() {
        f.push(Finding::error(
            FindingKind::Expired,
            Some(i),
            format!(
                "\"{name}\" expired on {} (checked at {})",
                fmt_time(v.not_after.timestamp()),
                fmt_time(t)
            ),
        ));
    }
    if t < v.not_before.timestamp() {
        f.push(Finding::error(
            FindingKind::NotYetValid,
            Some(i),
            format!(
                "\"{name}\" is not valid before {} (checked at {})",
                fmt_time(v.not_before.timestamp()),
                fmt_time(t)
            ),
        ));
    }
    if x.signature_algorithm != x.tbs_certificate.signature {
        f.push(Finding::error(
            FindingKind::SignatureAlgorithmMismatch,
            Some(i),
            format!("\"{name}\" names two different signature algorithms (inside and outside the signed part)"),
        ));
    }
    // A trust anchor's own signature is never relied upon.
    if !anchor {
        let alg = &x.signature_algorithm.algorithm;
        let weak = WEAK_SIGNATURES
            .iter()
            .find(|(oid, _)| oid == alg)
            .map(|(_, hash)| *hash);
        if let Some(w) = weak {
            f.push(Finding::warning(
                FindingKind::WeakSignatureAlgorithm,
                Some(i),
                format!("\"{name}\" is signed with {w}, which is broken: many clients and servers refuse it"),
            ));
        }
    }
    if x.issuer().as_raw().len() <= 2 || x.issuer().iter().next().is_none() {
        f.push(Finding::error(
            FindingKind::EmptyIssuer,
            Some(i),
            format!("\"{name}\" has an empty issuer name, which RFC 5280 forbids"),
        ));
    }
    let serial = x.raw_serial();
    let serial_ok = !serial.is_empty()
        && serial.len() <= 20
        && serial[0] & 0x80 == 0
        && serial.iter().any(|&b| b != 0);
    // Old roots (some with serial 0) are taken as given, like every trust anchor.
    if !serial_ok && !anchor {
        f.push(Finding::error(
            FindingKind::SerialNumber,
            Some(i),
            format!("\"{name}\" has a serial number that is zero, negative or longer than 20 bytes, which RFC 5280 forbids (Go and other strict clients refuse it)"),
        ));
    }

    let subject_empty = x.subject().iter().next().is_none();
    let mut seen = std::collections::HashSet::new();
    let mut san_critical = None;
    for ext in x.extensions() {
        let oid = ext.oid.to_id_string();
        if !seen.insert(ext.oid.clone()) {
            f.push(Finding::error(
                FindingKind::DuplicateExtension,
                Some(i),
                format!("\"{name}\" has the extension {oid} twice, which RFC 5280 forbids"),
            ));
        }
        if let ParsedExtension::ParseError { error } = ext.parsed_extension() {
            f.push(Finding::error(
                FindingKind::MalformedExtension,
                Some(i),
                format!("\"{name}\": the extension {oid} cannot be parsed ({error})"),
            ));
            continue;
        }
        if ext.critical && !KNOWN_EXTENSIONS.contains(&ext.oid) {
            f.push(Finding::error(
                FindingKind::UnknownCriticalExtension,
                Some(i),
                format!("\"{name}\" has a critical extension certkit does not know ({oid}): RFC 5280 says the certificate must then be refused"),
            ));
        }
        let must_not_be_critical = NEVER_CRITICAL
            .iter()
            .find(|(known, _)| *known == ext.oid)
            .map(|(_, what)| *what);
        if let (Some(what), true) = (must_not_be_critical, ext.critical) {
            f.push(Finding::error(
                FindingKind::ExtensionCriticality,
                Some(i),
                format!("\"{name}\" marks its {what} extension critical, which RFC 5280 forbids"),
            ));
        }
        if ext.oid == oids::OID_X509_EXT_POLICY_CONSTRAINTS && !ext.critical {
            f.push(Finding::error(
                FindingKind::ExtensionCriticality,
                Some(i),
                format!("\"{name}\" has a non-critical policy constraints extension; RFC 5280 requires it critical"),
            ));
        }
        if ext.oid == oids::OID_X509_EXT_SUBJECT_ALT_NAME {
            san_critical = Some(ext.critical);
            if let ParsedExtension::SubjectAlternativeName(san) = ext.parsed_extension() {
                if san.general_names.is_empty() {
                    f.push(Finding::error(
                        FindingKind::MalformedExtension,
                        Some(i),
                        format!("\"{name}\" has an empty subject alternative name extension"),
                    ));
                }
                for g in &san.general_names {
                    if let GeneralName::Invalid(..) = g {
                        f.push(Finding::error(
                            FindingKind::MalformedExtension,
                            Some(i),
                            format!("\"{name}\" has a malformed subject alternative name"),
                        ));
                    }
                }
            }
        }
        if let ParsedExtension::ExtendedKeyUsage(eku) = ext.parsed_extension() {
            let empty = !eku.any
                && !eku.server_auth
                && !eku.client_auth
                && !eku.code_signing
                && !eku.email_protection
                && !eku.time_stamping
                && !eku.ocsp_signing
                && eku.other.is_empty();
            if empty {
                f.push(Finding::error(
                    FindingKind::MalformedExtension,
                    Some(i),
                    format!(
                        "\"{name}\" has an empty extended key usage extension (it allows nothing)"
                    ),
                ));
            }
        }
    }
    if subject_empty && san_critical == Some(false) {
        f.push(Finding::error(
            FindingKind::ExtensionCriticality,
            Some(i),
            format!("\"{name}\" has an empty subject, so its subject alternative name must be critical (RFC 5280)"),
        ));
    }
    // Key identifiers: RFC 5280 requires the authority key id except in self-signed
    // certificates, and the subject key id in every CA certificate.
    // A trust anchor is taken as given (RFC 5280 6.1.1): who issued it does not matter.
    if !anchor
        && cert.authority_key_id().is_none()
        && !(cert.is_self_issued() && signed_by(cert, cert))
    {
        f.push(Finding::error(
            FindingKind::MissingAuthorityKeyId,
            Some(i),
            format!("\"{name}\" has no authority key identifier, which RFC 5280 requires (it tells clients which CA key signed it)"),
        ));
    }
    if i > 0 && cert.subject_key_id().is_none() {
        f.push(Finding::error(
            FindingKind::MissingSubjectKeyId,
            Some(i),
            format!("the CA \"{name}\" has no subject key identifier, which RFC 5280 requires of CA certificates"),
        ));
    }
    if let Some((kind, w)) = weak_key(&x) {
        f.push(Finding::error(kind, Some(i), format!("\"{name}\" has {w}")));
    }
    for why in names::san_syntax(&x) {
        f.push(Finding::error(
            FindingKind::InvalidSan,
            Some(i),
            format!("\"{name}\" has a subject alternative name that is {why}"),
        ));
    }
}

/// Keys below what mainstream verifiers accept at all (`key_too_small`: RSA or DSA under
/// 1024 bits, elliptic curves under 224 bits; Windows, Java, Go and Chrome refuse them, see
/// docs/verifier-table.md), and keys that are merely discouraged (`weak_key`: RSA under 2048
/// bits, which OpenSSL 3 refuses at its default security level and CA/B Forum BR 6.1.5 forbids;
/// DSA; explicit curve parameters, which RFC 5480 forbids).
fn weak_key(x: &X509Certificate<'_>) -> Option<(FindingKind, String)> {
    use x509_parser::public_key::PublicKey;
    let spki = x.public_key();
    if spki.algorithm.algorithm == oids::OID_KEY_TYPE_EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            // `as_oid` does not check the tag: explicit parameters are a SEQUENCE.
            .filter(|p| p.tag() == x509_parser::der_parser::asn1_rs::Tag::Oid)
            .and_then(|p| p.as_oid().ok());
        match curve {
            None => return Some((FindingKind::WeakKey,
                "an elliptic-curve key with explicit curve parameters instead of a named curve (RFC 5480 forbids it; TLS libraries refuse it)".into()),
            ),
            Some(curve) => {
                if let Some(bits) = small_curve_bits(&curve.to_id_string()) {
                    return Some((FindingKind::KeyTooSmall, format!(
                        "a {bits}-bit elliptic-curve key ({}), too small: Java refuses curves under 224 bits and Windows, Go and Chrome support none of them",
                        curve.to_id_string()
                    )));
                }
            }
        }
    }
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) => {
            let bits = rsa.key_size();
            if bits < 1024 {
                Some((FindingKind::KeyTooSmall, format!("a {bits}-bit RSA key, too small: Windows, Java, Go and Chrome refuse RSA under 1024 bits")))
            } else {
                (bits < 2048).then(|| (FindingKind::WeakKey, format!("a {bits}-bit RSA key, too short: OpenSSL refuses RSA under 2048 bits at its default security level")))
            }
        }
        Ok(PublicKey::DSA(_)) => match dsa_bits(&spki.algorithm) {
            Some(bits) if bits < 1024 => Some((
                FindingKind::KeyTooSmall,
                format!("a {bits}-bit DSA key, too small: Java refuses DSA under 1024 bits"),
            )),
            _ => Some((
                FindingKind::WeakKey,
                "a DSA key, which TLS 1.3 and current TLS libraries no longer accept".into(),
            )),
        },
        _ => None,
    }
}

/// The size of a named curve under 224 bits (SEC 2 and X9.62 curves), `None` otherwise.
fn small_curve_bits(oid: &str) -> Option<u32> {
    Some(match oid {
        "1.2.840.10045.3.1.1" => 192, // P-192 (prime192v1)
        "1.2.840.10045.3.1.2" | "1.2.840.10045.3.1.3" => 192, // prime192v2/v3
        "1.3.132.0.31" => 192,        // secp192k1
        "1.3.132.0.8" | "1.3.132.0.9" | "1.3.132.0.30" => 160, // secp160r1/k1/r2
        "1.3.132.0.6" | "1.3.132.0.7" => 112, // secp112r1/r2
        "1.3.132.0.28" | "1.3.132.0.29" => 128, // secp128r1/r2
        _ => return None,
    })
    .filter(|&bits| bits < 224)
}

/// The size of the DSA prime p when the parameters are in the certificate; `None` when they
/// are inherited from the issuer (RFC 3279 2.3.2) and the size cannot be told.
fn dsa_bits(algorithm: &x509_parser::x509::AlgorithmIdentifier<'_>) -> Option<u32> {
    use x509_parser::der_parser::ber::parse_ber_integer;
    let params = algorithm.parameters.as_ref()?;
    if params.tag() != x509_parser::der_parser::asn1_rs::Tag::Sequence {
        return None;
    }
    let (_, p) = parse_ber_integer(params.data).ok()?;
    let p = p.as_slice().ok()?;
    let p = &p[p.iter().position(|&b| b != 0)?..];
    Some((p.len() as u32 - 1) * 8 + (8 - p[0].leading_zeros()))
}

fn fmt_time(t: i64) -> String {
    OffsetDateTime::from_unix_timestamp(t)
        .ok()
        .and_then(|d| {
            d.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| t.to_string())
}

/// Checks that apply to a certificate acting as a CA (every certificate above the leaf).
fn check_ca(f: &mut Vec<Finding>, i: usize, e: &Entry, purpose: Purpose) {
    let cert = &e.cert;
    let x = cert.parsed();
    let name = short_name(cert);
    let mut bc = None;
    let mut ku = None;
    let mut eku_ok = true;
    for ext in x.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::BasicConstraints(b) => bc = Some((b.ca, ext.critical)),
            ParsedExtension::KeyUsage(k) => ku = Some(k.key_cert_sign()),
            ParsedExtension::ExtendedKeyUsage(k) => {
                eku_ok = k.any
                    || match purpose {
                        Purpose::Client => k.client_auth,
                        Purpose::Server => k.server_auth,
                        Purpose::Any => true,
                    }
            }
            _ => {}
        }
    }
    match bc {
        None => f.push(Finding::error(
            FindingKind::NotACa,
            Some(i),
            format!("\"{name}\" issues certificates but has no basic constraints extension saying it is a CA"),
        )),
        Some((false, _)) => f.push(Finding::error(
            FindingKind::NotACa,
            Some(i),
            format!("\"{name}\" issues certificates but its basic constraints say it is not a CA (CA:FALSE)"),
        )),
        Some((true, false)) => f.push(Finding::error(
            FindingKind::ExtensionCriticality,
            Some(i),
            format!("the CA \"{name}\" has non-critical basic constraints; RFC 5280 requires them critical in CA certificates"),
        )),
        Some((true, true)) => {}
    }
    if ku == Some(false) {
        f.push(Finding::error(
            FindingKind::MissingKeyCertSign,
            Some(i),
            format!("the CA \"{name}\" has a key usage without keyCertSign, so it may not sign certificates"),
        ));
    }
    if !eku_ok {
        f.push(Finding::error(
            FindingKind::ExtendedKeyUsage,
            Some(i),
            format!(
                "the CA \"{name}\" restricts its extended key usage and does not include {}",
                purpose_eku_name(purpose)
            ),
        ));
    }
}

fn purpose_eku_name(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Client => "client authentication (clientAuth)",
        Purpose::Server => "server authentication (serverAuth)",
        Purpose::Any => "any purpose",
    }
}

/// pathLenConstraint: a CA may have at most that many non-self-issued intermediates below it.
fn check_path_length(f: &mut Vec<Finding>, path: &[Entry]) {
    for i in 1..path.len() {
        let x = path[i].cert.parsed();
        let Some(limit) = x
            .extensions()
            .iter()
            .find_map(|e| match e.parsed_extension() {
                ParsedExtension::BasicConstraints(b) if b.ca => b.path_len_constraint,
                _ => None,
            })
        else {
            continue;
        };
        let below = (1..i).filter(|&j| !path[j].cert.is_self_issued()).count();
        if below as u64 > u64::from(limit) {
            f.push(Finding::error(
                FindingKind::PathLengthExceeded,
                Some(i),
                format!(
                    "\"{}\" allows {limit} intermediate CA(s) below it (pathLenConstraint) but the path has {below}",
                    short_name(&path[i].cert)
                ),
            ));
        }
    }
}

/// The leaf's key usage and extended key usage must allow the purpose.
fn check_leaf(f: &mut Vec<Finding>, leaf: &Certificate, purpose: Purpose) {
    let x = leaf.parsed();
    let name = short_name(leaf);
    let mut is_ca = false;
    for ext in x.extensions() {
        if let ParsedExtension::BasicConstraints(b) = ext.parsed_extension() {
            is_ca = b.ca;
        }
    }
    for ext in x.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::KeyUsage(ku) => {
                if ku.key_cert_sign() && !is_ca {
                    f.push(Finding::error(
                        FindingKind::KeyUsage,
                        Some(0),
                        format!("\"{name}\" asserts keyCertSign without being a CA, which RFC 5280 forbids"),
                    ));
                }
                let allowed = match purpose {
                    Purpose::Client => ku.digital_signature() || ku.key_agreement(),
                    Purpose::Server => {
                        ku.digital_signature() || ku.key_encipherment() || ku.key_agreement()
                    }
                    Purpose::Any => true,
                };
                if !allowed {
                    f.push(Finding::error(
                        FindingKind::KeyUsage,
                        Some(0),
                        format!(
                            "\"{name}\" has a key usage that does not allow TLS {} authentication (it needs digitalSignature)",
                            purpose.as_str()
                        ),
                    ));
                }
            }
            ParsedExtension::ExtendedKeyUsage(eku) => {
                let allowed = eku.any
                    || match purpose {
                        Purpose::Client => eku.client_auth,
                        Purpose::Server => eku.server_auth,
                        Purpose::Any => true,
                    };
                if !allowed {
                    let mut has = Vec::new();
                    if eku.server_auth {
                        has.push("serverAuth");
                    }
                    if eku.client_auth {
                        has.push("clientAuth");
                    }
                    if eku.code_signing {
                        has.push("codeSigning");
                    }
                    if eku.email_protection {
                        has.push("emailProtection");
                    }
                    let has = if has.is_empty() {
                        "other purposes".to_string()
                    } else {
                        has.join(", ")
                    };
                    f.push(Finding::error(
                        FindingKind::ExtendedKeyUsage,
                        Some(0),
                        format!(
                            "\"{name}\" is not valid for {}: its extended key usage allows only {has}",
                            purpose_eku_name(purpose)
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
}
