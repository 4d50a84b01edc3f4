//! A bundle's own certificates in path order, as the path engine builds it: which of them form
//! the chain leaf → root, and each one's role. `inspect`, `convert` and `export-public` show
//! and write certificates in this order, so they agree with `verify-chain` (same issuer
//! matching by RFC 5280 names and key identifiers, confirmed by signature) about the chain.

use time::OffsetDateTime;

use super::{build, Entry, Options, Origin, OriginKind, Purpose, Sources, DEFAULT_MAX_DEPTH};
use crate::model::{Bundle, Certificate, Role};

/// Indexes of the bundle's certificates on the path the engine builds from the bundle's leaf
/// with nothing but the bundle itself (leaf first); empty when the bundle has no leaf.
pub fn path_indexes(bundle: &Bundle, at: OffsetDateTime) -> Vec<usize> {
    let Some(leaf) = bundle.leaf_index() else {
        return Vec::new();
    };
    // A lone certificate is its own path: no search (inspect reads thousands of these).
    if bundle.certificates.len() == 1 {
        return vec![leaf];
    }
    let origin = || Origin::new(OriginKind::Input, bundle.source.display_name());
    let mut sources = Sources::new();
    for (i, cert) in bundle.certificates.iter().enumerate() {
        if i != leaf {
            sources.add_untrusted(cert.clone(), origin());
        }
    }
    let start = Entry {
        cert: bundle.certificates[leaf].clone(),
        origin: origin(),
        trusted: false,
    };
    let options = Options {
        at,
        purpose: Purpose::Any,
        max_depth: DEFAULT_MAX_DEPTH,
        strict: false,
    };
    let outcome = build(start, &sources, &options);
    outcome
        .path
        .iter()
        .filter_map(|e| {
            bundle
                .certificates
                .iter()
                .position(|c| c.der() == e.cert.der())
        })
        .collect()
}

/// The role of every certificate, in bundle order: on the path, the leaf, its CAs and (when
/// the path ends self-signed) the root; off the path, what the certificate says of itself
/// ([`Bundle::roles`]).
pub fn roles(bundle: &Bundle, at: OffsetDateTime) -> Vec<Role> {
    let mut roles = bundle.roles();
    for (position, &i) in path_indexes(bundle, at).iter().enumerate() {
        roles[i] = if position == 0 {
            Role::Leaf
        } else if bundle.certificates[i].is_self_issued() {
            Role::Root
        } else {
            Role::Intermediate
        };
    }
    roles
}

/// The role of `cert` among `roles` (from [`roles`]); a certificate not in the bundle counts
/// as a leaf.
pub fn role_of(bundle: &Bundle, roles: &[Role], cert: &Certificate) -> Role {
    let index = bundle
        .certificates
        .iter()
        .position(|c| c.der() == cert.der());
    index.map_or(Role::Leaf, |i| roles[i])
}

/// Certificates ordered leaf → root along the path, then whatever is left in file order
/// (unrelated certificates are kept, not dropped).
pub fn chain_order(bundle: &Bundle, at: OffsetDateTime) -> Vec<&Certificate> {
    let path = path_indexes(bundle, at);
    let rest = (0..bundle.certificates.len()).filter(|i| !path.contains(i));
    path.iter()
        .copied()
        .chain(rest)
        .map(|i| &bundle.certificates[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use openssl::asn1::Asn1Time;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::{PKey, Private};
    use openssl::x509::{X509Builder, X509NameBuilder};

    use super::*;
    use crate::model::test_support::self_signed;
    use crate::model::{Format, Source};

    fn key() -> PKey<Private> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
    }

    /// `CN=leaf` issued by `CN=cn` with `issuer_key`, without key identifiers.
    fn leaf_signed_by(cn: &str, issuer_key: &PKey<Private>) -> Certificate {
        let name = |cn: &str| {
            let mut n = X509NameBuilder::new().unwrap();
            n.append_entry_by_text("CN", cn).unwrap();
            n.build()
        };
        let mut b = X509Builder::new().unwrap();
        b.set_version(2).unwrap();
        b.set_subject_name(&name("leaf")).unwrap();
        b.set_issuer_name(&name(cn)).unwrap();
        b.set_pubkey(&key()).unwrap();
        b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
            .unwrap();
        b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
            .unwrap();
        b.sign(issuer_key, MessageDigest::sha256()).unwrap();
        Certificate::from_der(b.build().to_der().unwrap()).unwrap()
    }

    /// Two CAs share the name the leaf's issuer field gives and neither carries key
    /// identifiers: only the signature tells the real issuer. The decoy comes first in the
    /// file, where a walk by name alone would put it on the chain.
    #[test]
    fn the_chain_follows_the_signature_not_the_first_name_match() {
        let (decoy_key, real_key) = (key(), key());
        let decoy = self_signed("Issuing CA", &decoy_key);
        let real = self_signed("Issuing CA", &real_key);
        let leaf = leaf_signed_by("Issuing CA", &real_key);
        let mut bundle = Bundle::new(Source {
            path: None,
            format: Format::Pem,
            pkcs12: None,
        });
        for cert in [leaf.clone(), decoy.clone(), real.clone()] {
            bundle.push_certificate(cert);
        }
        let now = OffsetDateTime::now_utc();
        assert_eq!(path_indexes(&bundle, now), vec![0, 2]);
        let order: Vec<&[u8]> = chain_order(&bundle, now).iter().map(|c| c.der()).collect();
        assert_eq!(order, vec![leaf.der(), real.der(), decoy.der()]);
        assert_eq!(roles(&bundle, now)[0], Role::Leaf);
        assert_eq!(roles(&bundle, now)[2], Role::Root);
    }
}
