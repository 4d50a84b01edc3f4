//! Name constraints (RFC 5280 section 4.2.1.10 and 6.1): a CA may restrict the names that the
//! certificates below it carry, by permitted and excluded subtrees of DNS names, e-mail
//! addresses, IP address ranges, directory names and URIs.

use x509_parser::extensions::{GeneralName, NameConstraints, ParsedExtension};
use x509_parser::x509::X509Name;

use super::findings::{short_name, Finding, FindingKind};
use super::Entry;
use crate::model::name::canonical_value;

/// A name a certificate carries, in the forms constraints apply to.
#[derive(Debug, Clone)]
enum Name {
    Dns(String),
    Email(String),
    Ip(Vec<u8>),
    /// The DER-ish comparable form of a distinguished name: one entry per RDN.
    Dn(Vec<Vec<(String, String)>>),
    Uri(String),
    Other(String, Vec<u8>),
}

/// A constraint subtree in comparable form.
#[derive(Debug, Clone)]
enum Subtree {
    Dns(String),
    Email(String),
    Ip(Vec<u8>, Vec<u8>),
    Dn(Vec<Vec<(String, String)>>),
    Uri(String),
    Other(String, Vec<u8>),
    /// A form certkit does not evaluate (X.400, EDI party, registered id).
    Unsupported,
}

/// Most name/constraint comparisons made for one certificate (OpenSSL uses the same bound).
const MAX_NAME_CHECKS: usize = 1 << 20;

/// Syntax problems of the DNS names and e-mail addresses in a certificate's subject
/// alternative names (RFC 5280 4.2.1.6: preferred name syntax, addr-spec).
pub fn san_syntax(x: &x509_parser::certificate::X509Certificate<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for ext in x.extensions() {
        if let ParsedExtension::SubjectAlternativeName(san) = ext.parsed_extension() {
            for g in &san.general_names {
                match g {
                    GeneralName::DNSName(d) if !valid_dns(d) => {
                        out.push(format!("not a valid DNS name: DNS:{d}"))
                    }
                    GeneralName::RFC822Name(m) if !valid_mailbox(m) => {
                        out.push(format!("not a valid e-mail address: email:{m}"))
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// Letters, digits and hyphens in labels of 1–63 characters, a leftmost `*` allowed, and not
/// an IP address written as a DNS name.
fn valid_dns(name: &str) -> bool {
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.is_empty() || name.len() > 253 || name.parse::<std::net::IpAddr>().is_ok() {
        return false;
    }
    name.split('.').enumerate().all(|(i, label)| {
        (i == 0 && label == "*")
            || (!label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    })
}

fn valid_mailbox(m: &str) -> bool {
    match m.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && !local.contains(char::is_whitespace)
                && valid_dns(domain)
                && !domain.contains('*')
        }
        None => false,
    }
}

/// Every name-constraint finding on the path (leaf first).
pub fn check(path: &[Entry]) -> Vec<Finding> {
    let mut f = Vec::new();
    for (i, e) in path.iter().enumerate() {
        let x = e.cert.parsed();
        for ext in x.extensions() {
            let ParsedExtension::NameConstraints(nc) = ext.parsed_extension() else {
                continue;
            };
            let ca_name = short_name(&e.cert);
            if i == 0 && !e.cert.is_ca() {
                f.push(Finding::error(
                    FindingKind::NameConstraints,
                    Some(0),
                    format!("\"{ca_name}\" is not a CA but carries name constraints, which RFC 5280 allows only in CA certificates"),
                ));
                continue;
            }
            if !ext.critical {
                f.push(Finding::error(
                    FindingKind::ExtensionCriticality,
                    Some(i),
                    format!("\"{ca_name}\" has non-critical name constraints; RFC 5280 requires them critical"),
                ));
            }
            let (permitted, excluded, invalid) = subtrees(nc);
            for why in invalid {
                f.push(Finding::error(
                    FindingKind::InvalidNameConstraint,
                    Some(i),
                    format!("\"{ca_name}\" has an invalid name constraint: {why}"),
                ));
            }
            for (j, below) in path.iter().enumerate().take(i) {
                // Self-issued intermediates are exempt (RFC 5280 6.1.3 (b)); the leaf never is.
                if j > 0 && below.cert.is_self_issued() {
                    continue;
                }
                let names = names_of(below);
                // Like OpenSSL, refuse a quadratic amount of work rather than spend it.
                if names.len() * (permitted.len() + excluded.len()) > MAX_NAME_CHECKS {
                    f.push(Finding::error(
                        FindingKind::NameConstraintsTooComplex,
                        Some(j),
                        format!(
                            "checking the {} names of \"{}\" against the {} name constraints of \"{ca_name}\" is too much work; certkit (like OpenSSL and browsers) refuses it",
                            names.len(),
                            short_name(&below.cert),
                            permitted.len() + excluded.len()
                        ),
                    ));
                    continue;
                }
                for name in names {
                    if let Some(why) = violation(&name, &permitted, &excluded) {
                        f.push(Finding::error(
                            FindingKind::NameConstraintViolation,
                            Some(j),
                            format!(
                                "\"{}\" has the name {} which the name constraints of \"{ca_name}\" {why}",
                                short_name(&below.cert),
                                describe(&name)
                            ),
                        ));
                    }
                }
            }
        }
    }
    f
}

fn describe(name: &Name) -> String {
    match name {
        Name::Dns(d) => format!("DNS:{d}"),
        Name::Email(m) => format!("email:{m}"),
        Name::Ip(ip) => format!("IP:{}", ip_text(ip)),
        Name::Dn(rdns) => format!(
            "DirName:{}",
            rdns.iter()
                .map(|r| r
                    .iter()
                    .map(|(t, v)| format!("{t}={v}"))
                    .collect::<Vec<_>>()
                    .join("+"))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Name::Uri(u) => format!("URI:{u}"),
        Name::Other(oid, _) => format!("otherName:{oid}"),
    }
}

fn ip_text(ip: &[u8]) -> String {
    match ip.len() {
        4 => std::net::Ipv4Addr::new(ip[0], ip[1], ip[2], ip[3]).to_string(),
        16 => {
            let mut b = [0u8; 16];
            b.copy_from_slice(ip);
            std::net::Ipv6Addr::from(b).to_string()
        }
        _ => hex::encode(ip),
    }
}

/// A name as RDNs of (attribute type, value), values in the canonical form of RFC 5280
/// section 7.1 ([`canonical_value`]; other types as hex) and each RDN's attributes sorted, so
/// that directory-name constraints match names as the path builder does.
fn dn_form(name: &X509Name<'_>) -> Vec<Vec<(String, String)>> {
    name.iter()
        .map(|rdn| {
            let mut attributes: Vec<(String, String)> = rdn
                .iter()
                .map(|atv| {
                    let value = canonical_value(atv.attr_value())
                        .unwrap_or_else(|| hex::encode(atv.attr_value().data));
                    (atv.attr_type().to_id_string(), value)
                })
                .collect();
            attributes.sort();
            attributes
        })
        .collect()
}

fn names_of(e: &Entry) -> Vec<Name> {
    let x = e.cert.parsed();
    let mut out = Vec::new();
    let dn = dn_form(x.subject());
    let email_attribute = crate::model::oids::OID_PKCS9_EMAIL_ADDRESS.to_id_string();
    if !dn.is_empty() {
        for rdn in &dn {
            for (t, v) in rdn {
                if *t == email_attribute {
                    out.push(Name::Email(v.clone()));
                }
            }
        }
        out.push(Name::Dn(dn));
    }
    for ext in x.extensions() {
        if let ParsedExtension::SubjectAlternativeName(san) = ext.parsed_extension() {
            for g in &san.general_names {
                match g {
                    GeneralName::DNSName(d) => out.push(Name::Dns(d.to_string())),
                    GeneralName::RFC822Name(m) => out.push(Name::Email(m.to_string())),
                    GeneralName::IPAddress(ip) => out.push(Name::Ip(ip.to_vec())),
                    GeneralName::DirectoryName(n) => out.push(Name::Dn(dn_form(n))),
                    GeneralName::URI(u) => out.push(Name::Uri(u.to_string())),
                    GeneralName::OtherName(oid, v) => {
                        out.push(Name::Other(oid.to_id_string(), v.to_vec()))
                    }
                    _ => {}
                }
            }
        }
    }
    out
}

/// Comparable subtrees, plus the reasons any of them is invalid.
fn subtrees(nc: &NameConstraints<'_>) -> (Vec<Subtree>, Vec<Subtree>, Vec<String>) {
    let mut invalid = Vec::new();
    let permitted_given = nc
        .permitted_subtrees
        .as_ref()
        .is_some_and(|v| !v.is_empty());
    let excluded_given = nc.excluded_subtrees.as_ref().is_some_and(|v| !v.is_empty());
    if !permitted_given && !excluded_given {
        invalid.push("it has neither permitted nor excluded subtrees".to_string());
    }
    let mut convert = |list: &Option<Vec<x509_parser::extensions::GeneralSubtree<'_>>>| {
        let mut out = Vec::new();
        for s in list.iter().flatten() {
            let t = match &s.base {
                GeneralName::DNSName(d) => {
                    if d.contains('*') || d.starts_with('.') || d.contains("..") {
                        invalid.push(format!("DNS:{d} is not a DNS name"));
                    }
                    Subtree::Dns(d.to_ascii_lowercase())
                }
                GeneralName::RFC822Name(m) => {
                    if m.matches('@').count() > 1
                        || m.ends_with('@')
                        || m.contains(char::is_whitespace)
                    {
                        invalid.push(format!("email:{m} is not a mailbox, host or domain"));
                    }
                    Subtree::Email(m.to_string())
                }
                GeneralName::IPAddress(b) => {
                    let ok = (b.len() == 8 || b.len() == 32) && contiguous(&b[b.len() / 2..]);
                    if !ok {
                        invalid.push(format!(
                            "IP constraint {} is not an address and a contiguous mask",
                            hex::encode(b)
                        ));
                        Subtree::Unsupported
                    } else {
                        let h = b.len() / 2;
                        Subtree::Ip(b[..h].to_vec(), b[h..].to_vec())
                    }
                }
                GeneralName::DirectoryName(n) => Subtree::Dn(dn_form(n)),
                GeneralName::URI(u) => Subtree::Uri(u.to_ascii_lowercase()),
                GeneralName::OtherName(oid, v) => Subtree::Other(oid.to_id_string(), v.to_vec()),
                GeneralName::Invalid(..) => {
                    invalid.push("a subtree cannot be parsed".to_string());
                    Subtree::Unsupported
                }
                _ => Subtree::Unsupported,
            };
            out.push(t);
        }
        out
    };
    let permitted = convert(&nc.permitted_subtrees);
    let excluded = convert(&nc.excluded_subtrees);
    (permitted, excluded, invalid)
}

fn contiguous(mask: &[u8]) -> bool {
    let bits: Vec<bool> = mask
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1 == 1))
        .collect();
    let ones = bits.iter().take_while(|&&b| b).count();
    bits[ones..].iter().all(|&b| !b)
}

fn same_type(name: &Name, s: &Subtree) -> bool {
    matches!(
        (name, s),
        (Name::Dns(_), Subtree::Dns(_))
            | (Name::Email(_), Subtree::Email(_))
            | (Name::Ip(_), Subtree::Ip(..))
            | (Name::Dn(_), Subtree::Dn(_))
            | (Name::Uri(_), Subtree::Uri(_))
            | (Name::Other(..), Subtree::Other(..))
    )
}

/// `Some(reason)` when `name` breaks the constraints.
fn violation(name: &Name, permitted: &[Subtree], excluded: &[Subtree]) -> Option<&'static str> {
    for s in excluded {
        if same_type(name, s) && excluded_match(name, s) {
            return Some("exclude");
        }
    }
    let of_type: Vec<&Subtree> = permitted.iter().filter(|s| same_type(name, s)).collect();
    if !of_type.is_empty() && !of_type.iter().any(|s| matches(name, s)) {
        return Some("do not permit");
    }
    None
}

/// An excluded subtree also catches a wildcard DNS name that could expand into it.
fn excluded_match(name: &Name, s: &Subtree) -> bool {
    if matches(name, s) {
        return true;
    }
    if let (Name::Dns(d), Subtree::Dns(c)) = (name, s) {
        if let Some(base) = d.to_ascii_lowercase().strip_prefix("*.") {
            return dns_within(c, base);
        }
    }
    false
}

fn matches(name: &Name, s: &Subtree) -> bool {
    match (name, s) {
        (Name::Dns(d), Subtree::Dns(c)) => dns_within(&d.to_ascii_lowercase(), c),
        (Name::Email(m), Subtree::Email(c)) => email_within(m, c),
        (Name::Ip(ip), Subtree::Ip(base, mask)) => {
            ip.len() == base.len()
                && ip
                    .iter()
                    .zip(base)
                    .zip(mask)
                    .all(|((a, b), m)| a & m == b & m)
        }
        (Name::Dn(n), Subtree::Dn(c)) => n.len() >= c.len() && n[..c.len()] == c[..],
        (Name::Uri(u), Subtree::Uri(c)) => uri_host(u).is_some_and(|h| {
            if let Some(domain) = c.strip_prefix('.') {
                h.ends_with(&format!(".{domain}"))
            } else {
                h == *c
            }
        }),
        (Name::Other(oid, v), Subtree::Other(coid, cv)) => oid == coid && v == cv,
        _ => false,
    }
}

/// DNS: the constraint plus zero or more labels on the left.
fn dns_within(name: &str, constraint: &str) -> bool {
    let name = name.trim_end_matches('.');
    let c = constraint.trim_end_matches('.');
    c.is_empty() || name == c || name.ends_with(&format!(".{c}"))
}

/// E-mail: a mailbox (exact; the local part is case-sensitive), a host (any mailbox at
/// exactly that host) or `.domain` (any mailbox at a host below the domain).
fn email_within(mailbox: &str, c: &str) -> bool {
    let Some((local, host)) = mailbox.rsplit_once('@') else {
        return false;
    };
    if let Some((clocal, chost)) = c.rsplit_once('@') {
        return local == clocal && host.eq_ignore_ascii_case(chost);
    }
    let host = host.to_ascii_lowercase();
    let c = c.to_ascii_lowercase();
    if c.starts_with('.') {
        host.ends_with(&c)
    } else {
        host == c
    }
}

fn uri_host(uri: &str) -> Option<String> {
    let rest = uri.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_constraints_add_labels_on_the_left_only() {
        assert!(dns_within("example.com", "example.com"));
        assert!(dns_within("a.b.example.com", "example.com"));
        assert!(!dns_within("badexample.com", "example.com"));
        assert!(!dns_within("example.com.evil", "example.com"));
        assert!(dns_within("anything.test", ""));
    }

    #[test]
    fn email_constraints_mailbox_host_and_domain() {
        assert!(email_within("foo@example.com", "foo@example.com"));
        assert!(email_within("foo@EXAMPLE.com", "foo@example.com"));
        assert!(!email_within("Foo@example.com", "foo@example.com"));
        assert!(email_within("bar@example.com", "example.com"));
        assert!(!email_within("bar@sub.example.com", "example.com"));
        assert!(email_within("bar@sub.example.com", ".example.com"));
        assert!(!email_within("bar@example.com", ".example.com"));
    }

    #[test]
    fn ip_masks_must_be_contiguous() {
        assert!(contiguous(&[255, 255, 0, 0]));
        assert!(contiguous(&[0, 0, 0, 0]));
        assert!(!contiguous(&[255, 0, 255, 0]));
    }

    #[test]
    fn san_syntax() {
        assert!(valid_dns("example.com"));
        assert!(valid_dns("*.example.com"));
        assert!(!valid_dns("foo_bar.example.com"));
        assert!(!valid_dns(".example.com"));
        assert!(!valid_dns("8.8.8.8"));
        assert!(!valid_dns("a.*.example.com"));
        assert!(valid_mailbox("user@example.com"));
        assert!(!valid_mailbox("invalid@address@example.com"));
        assert!(!valid_mailbox("example.com"));
    }

    #[test]
    fn uri_hosts() {
        assert_eq!(
            uri_host("https://User@Host.example:8443/x").as_deref(),
            Some("host.example")
        );
        assert_eq!(uri_host("not a uri"), None);
    }
}
