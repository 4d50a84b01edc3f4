//! CA/Browser Forum Baseline Requirements profile checks for TLS server certificate paths.
//!
//! The Baseline Requirements govern publicly trusted TLS server certificates only, so these
//! checks run only for `--purpose server`: a client-certificate (mutual TLS) hierarchy is not
//! bound by them, and flagging it would be a false alarm under `--strict`. Every finding made
//! here is profile-only (a warning by default, an error with `--strict`), because OpenSSL,
//! Windows, Java and Go accept such chains.

use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::public_key::PublicKey;

use super::findings::{short_name, Finding, FindingKind};
use super::{Entry, PathEnd};

/// Runs the BR checks on a path (leaf first) that ends at `end`.
pub fn check(path: &[Entry], end: PathEnd) -> Vec<Finding> {
    let mut f = Vec::new();
    let last = path.len() - 1;
    for (i, e) in path.iter().enumerate() {
        rsa_modulus(&mut f, i, &e.cert.parsed(), &short_name(&e.cert));
    }
    let top = &path[last];
    let root = top.cert.parsed();
    if end == PathEnd::Trusted && last > 0 && root.subject().as_raw() == root.issuer().as_raw() {
        root_extensions(&mut f, last, &root, &short_name(&top.cert));
    }
    leaf(&mut f, &path[0].cert.parsed(), &short_name(&path[0].cert));
    f
}

fn profile(f: &mut Vec<Finding>, kind: FindingKind, i: usize, message: String) {
    // The level (warning or error) is set afterwards from the kind (`apply_levels`).
    f.push(Finding::warning(kind, Some(i), message));
}

/// BR 6.1.5: an RSA modulus size in bits is divisible by 8.
fn rsa_modulus(f: &mut Vec<Finding>, i: usize, x: &X509Certificate<'_>, name: &str) {
    let Ok(PublicKey::RSA(rsa)) = x.public_key().parsed() else {
        return;
    };
    let modulus: Vec<u8> = rsa
        .modulus
        .iter()
        .copied()
        .skip_while(|b| *b == 0)
        .collect();
    let Some(first) = modulus.first() else {
        return;
    };
    let bits = modulus.len() * 8 - first.leading_zeros() as usize;
    if !bits.is_multiple_of(8) {
        profile(
            f,
            FindingKind::CabfRsaModulus,
            i,
            format!("\"{name}\" has a {bits}-bit RSA modulus; the CA/Browser Forum Baseline Requirements (6.1.5) require a size divisible by 8"),
        );
    }
}

/// BR 7.1.2.1.2 and 7.1.2.1.3: a root CA certificate has no extKeyUsage, and its authority key
/// identifier, when present, holds only a keyIdentifier equal to its subject key identifier.
fn root_extensions(f: &mut Vec<Finding>, i: usize, x: &X509Certificate<'_>, name: &str) {
    let mut ski = None;
    let mut aki = None;
    for ext in x.extensions() {
        match ext.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => ski = Some(k.0),
            ParsedExtension::AuthorityKeyIdentifier(a) => aki = Some(a),
            ParsedExtension::ExtendedKeyUsage(_) => profile(
                f,
                FindingKind::CabfRootExtendedKeyUsage,
                i,
                format!("the root \"{name}\" has an extended key usage, which the CA/Browser Forum Baseline Requirements (7.1.2.1.2) forbid in a root"),
            ),
            _ => {}
        }
    }
    let Some(aki) = aki else {
        return;
    };
    let problem = if aki.authority_cert_issuer.is_some() || aki.authority_cert_serial.is_some() {
        Some("holds authorityCertIssuer or authorityCertSerialNumber")
    } else {
        match (&aki.key_identifier, ski) {
            (None, _) => Some("has no keyIdentifier"),
            (Some(k), Some(s)) if k.0 != s => {
                Some("has a keyIdentifier that differs from the subject key identifier")
            }
            _ => None,
        }
    };
    if let Some(problem) = problem {
        profile(
            f,
            FindingKind::CabfRootAuthorityKeyId,
            i,
            format!("the authority key identifier of the root \"{name}\" {problem}; the CA/Browser Forum Baseline Requirements (7.1.2.1.3) allow only a keyIdentifier equal to the subject key identifier"),
        );
    }
}

/// BR 7.1.2.7.6 (extKeyUsage present, not critical, no anyExtendedKeyUsage) and 7.1.2.7.8
/// (basicConstraints cA not TRUE) for the subscriber (leaf) certificate.
fn leaf(f: &mut Vec<Finding>, x: &X509Certificate<'_>, name: &str) {
    match x.extended_key_usage() {
        Ok(Some(eku)) => {
            if eku.critical {
                profile(f, FindingKind::CabfLeafExtendedKeyUsage, 0, format!("\"{name}\" marks its extended key usage critical; the CA/Browser Forum Baseline Requirements (7.1.2.7.6) require it non-critical"));
            }
            if eku.value.any {
                profile(f, FindingKind::CabfLeafExtendedKeyUsage, 0, format!("\"{name}\" lists anyExtendedKeyUsage, which the CA/Browser Forum Baseline Requirements (7.1.2.7.6) forbid in a subscriber certificate"));
            }
        }
        Ok(None) => profile(f, FindingKind::CabfLeafExtendedKeyUsage, 0, format!("\"{name}\" has no extended key usage; the CA/Browser Forum Baseline Requirements (7.1.2.7.6) require one with serverAuth")),
        // A malformed extension is reported by the RFC 5280 checks.
        Err(_) => {}
    }
    if let Ok(Some(bc)) = x.basic_constraints() {
        if bc.value.ca {
            profile(f, FindingKind::CabfLeafIsCa, 0, format!("\"{name}\" is a CA certificate (basicConstraints cA=TRUE) used as the leaf; the CA/Browser Forum Baseline Requirements (7.1.2.7.8) forbid cA=TRUE in a subscriber certificate"));
        }
    }
}
