//! Table-driven tests of the store planner: store contents + inputs → expected plan. No store
//! and no file is touched: certificates are made in memory, the snapshot is written out.

use std::sync::OnceLock;

use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::x509::extension::BasicConstraints;
use openssl::x509::{X509Builder, X509NameBuilder};

use super::*;
use crate::model::{Format, Source};

/// A root, an issuing CA under it, two client certificates under that (with keys), and an
/// unrelated CA named like the issuing CA.
struct Pki {
    root: Certificate,
    issuing: Certificate,
    client: Certificate,
    client_key: PKey<Private>,
    other_client: Certificate,
    namesake: Certificate,
}

fn new_key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap()
}

/// `CN=cn` with `key`, signed by `issuer` (or by itself), a CA or not.
fn issue(
    cn: &str,
    serial: u32,
    key: &PKey<Private>,
    issuer: Option<(&Certificate, &PKey<Private>)>,
    ca: bool,
) -> Certificate {
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", cn).unwrap();
    let name = name.build();
    let mut b = X509Builder::new().unwrap();
    b.set_version(2).unwrap();
    let serial = BigNum::from_u32(serial).unwrap().to_asn1_integer().unwrap();
    b.set_serial_number(&serial).unwrap();
    b.set_subject_name(&name).unwrap();
    match issuer {
        Some((cert, _)) => b
            .set_issuer_name(cert.to_openssl().unwrap().subject_name())
            .unwrap(),
        None => b.set_issuer_name(&name).unwrap(),
    }
    b.set_pubkey(key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(30).unwrap())
        .unwrap();
    let constraints = if ca {
        BasicConstraints::new().critical().ca().build()
    } else {
        BasicConstraints::new().build()
    };
    b.append_extension(constraints.unwrap()).unwrap();
    let signer = issuer.map_or(key, |(_, k)| k);
    b.sign(signer, MessageDigest::sha256()).unwrap();
    Certificate::from_der(b.build().to_der().unwrap()).unwrap()
}

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let root_key = new_key();
        let root = issue("Root-CA", 1, &root_key, None, true);
        let issuing_key = new_key();
        let issuing = issue(
            "Issuing-CA",
            2,
            &issuing_key,
            Some((&root, &root_key)),
            true,
        );
        let client_key = new_key();
        let client = issue(
            "client.example",
            3,
            &client_key,
            Some((&issuing, &issuing_key)),
            false,
        );
        let other_client = issue(
            "client.example",
            4,
            &new_key(),
            Some((&issuing, &issuing_key)),
            false,
        );
        let namesake = issue("Issuing-CA", 5, &new_key(), None, true);
        Pki {
            root,
            issuing,
            client,
            client_key,
            other_client,
            namesake,
        }
    })
}

/// An input holding `certs`, and the client's key when `with_key`.
fn input(name: &str, format: Format, certs: &[&Certificate], with_key: bool) -> LoadedInput {
    let mut bundle = Bundle::new(Source {
        path: None,
        format,
        pkcs12: None,
    });
    for c in certs {
        bundle.push_certificate((*c).clone());
    }
    if with_key {
        bundle.private_key = Some(PrivateKey::new(pki().client_key.clone()));
    }
    LoadedInput {
        name: name.to_string(),
        source: name.to_string(),
        bundle,
    }
}

/// An entry of the store, as a backend would list it.
fn stored(store: LogicalStore, name: &str, cert: &Certificate, has_key: bool) -> Stored {
    Stored::new(Entry {
        store,
        name: name.to_string(),
        certificate: cert.clone(),
        has_key,
        metadata: None,
    })
}

/// A personal entry of the folder store (which keeps a chain per entry).
fn personal_with_chain(name: &str, has_key: bool, chain: &[&Certificate]) -> Stored {
    let mut s = stored(LogicalStore::Personal, name, &pki().client, has_key);
    s.chain = Some(chain.iter().map(|c| (*c).clone()).collect());
    s
}

/// The kind of I/O a row should ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Io {
    Nothing,
    NewPersonal { key: bool },
    ReplacePersonal { new_key: bool, kept_key: bool },
    Ca,
    Grant,
}

fn io_of(step: &Option<Step>) -> Io {
    match step {
        None => Io::Nothing,
        Some(Step::WriteCa { .. }) => Io::Ca,
        Some(Step::GrantRead { .. }) => Io::Grant,
        Some(Step::WritePersonal(w)) if !w.replace => Io::NewPersonal {
            key: matches!(w.key, KeySource::New(_)),
        },
        Some(Step::WritePersonal(w)) => Io::ReplacePersonal {
            new_key: matches!(w.key, KeySource::New(_)),
            kept_key: matches!(w.key, KeySource::Keep),
        },
    }
}

/// One expected row: certificate, store, name, action, key afterwards, I/O.
type Row = (&'static Certificate, LogicalStore, String, Action, bool, Io);

struct Case {
    what: &'static str,
    store: Vec<Stored>,
    inputs: Vec<LoadedInput>,
    target: Target,
    name: Option<&'static str>,
    grant: Option<&'static str>,
    rows: Vec<Row>,
    /// Each warning, by a part of its text, in order.
    warnings: Vec<&'static str>,
}

impl Default for Case {
    fn default() -> Self {
        Case {
            what: "",
            store: Vec::new(),
            inputs: Vec::new(),
            target: Target::Auto,
            name: None,
            grant: None,
            rows: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn run(case: &Case) -> Result<Plan> {
    plan(
        &Request {
            inputs: &case.inputs,
            target: case.target,
            name: case.name,
            grant_read: case.grant,
            now: now(),
        },
        &Snapshot {
            entries: case.store.clone(),
        },
    )
}

fn check(case: &Case) {
    let plan = run(case).unwrap_or_else(|e| panic!("{}: {e}", case.what));
    let got: Vec<_> = plan
        .certificates
        .iter()
        .map(|p| {
            (
                p.certificate.sha1_hex(),
                p.store,
                p.name.clone(),
                p.action,
                p.has_key,
                io_of(&p.step),
            )
        })
        .collect();
    let wanted: Vec<_> = case
        .rows
        .iter()
        .map(|(c, s, n, a, k, io)| (c.sha1_hex(), *s, n.clone(), *a, *k, *io))
        .collect();
    assert_eq!(got, wanted, "{}", case.what);
    assert_eq!(
        plan.warnings.len(),
        case.warnings.len(),
        "{}: {:?}",
        case.what,
        plan.warnings
    );
    for (w, part) in plan.warnings.iter().zip(&case.warnings) {
        assert!(w.contains(part), "{}: {w:?} lacks {part:?}", case.what);
    }
}

#[test]
fn plans_for_store_contents_and_inputs() {
    use Action::*;
    use LogicalStore::*;
    let p = pki();
    let pfx = |with_key| {
        input(
            "client.pfx",
            Format::Pkcs12,
            &[&p.client, &p.issuing, &p.root],
            with_key,
        )
    };
    let all_in_store = || {
        vec![
            personal_with_chain("client.example", true, &[&p.issuing]),
            stored(Intermediate, "Issuing-CA", &p.issuing, false),
            stored(Root, "Root-CA", &p.root, false),
        ]
    };
    let cases = vec![
        Case {
            what: "an empty store gets the three stores filled by the rules",
            inputs: vec![pfx(true)],
            rows: vec![
                (&p.client, Personal, "client.example".into(), Added, true, Io::NewPersonal { key: true }),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Added, false, Io::Ca),
                (&p.root, Root, "Root-CA".into(), Added, false, Io::Ca),
            ],
            ..Case::default()
        },
        Case {
            what: "a second import changes nothing",
            store: all_in_store(),
            inputs: vec![pfx(true)],
            rows: vec![
                (&p.client, Personal, "client.example".into(), Unchanged, true, Io::Nothing),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Unchanged, false, Io::Nothing),
                (&p.root, Root, "Root-CA".into(), Unchanged, false, Io::Nothing),
            ],
            ..Case::default()
        },
        Case {
            what: "a key imported later replaces the entry and keeps its name",
            store: vec![
                personal_with_chain("partner", false, &[&p.issuing]),
                stored(Root, "Root-CA", &p.root, false),
            ],
            inputs: vec![input("client.pem", Format::Pem, &[&p.client, &p.issuing], true)],
            rows: vec![
                (&p.client, Personal, "partner".into(), Replaced, true, Io::ReplacePersonal { new_key: true, kept_key: false }),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Added, false, Io::Ca),
            ],
            ..Case::default()
        },
        Case {
            what: "a chain the entry lacks replaces it, keeping the key it has",
            store: vec![
                personal_with_chain("client.example", true, &[]),
                stored(Root, "Root-CA", &p.root, false),
            ],
            inputs: vec![input("client.pem", Format::Pem, &[&p.client, &p.issuing], false)],
            rows: vec![
                (&p.client, Personal, "client.example".into(), Replaced, true, Io::ReplacePersonal { new_key: false, kept_key: true }),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Added, false, Io::Ca),
            ],
            // The warning is about the inputs: the store's key is kept all the same.
            warnings: vec!["without its private key"],
            ..Case::default()
        },
        Case {
            what: "a backend without chains per entry (Windows) has nothing to replace",
            store: vec![
                stored(Personal, "client.example", &p.client, true),
                stored(Root, "Root-CA", &p.root, false),
            ],
            inputs: vec![input("client.pem", Format::Pem, &[&p.client, &p.issuing], false)],
            rows: vec![
                (&p.client, Personal, "client.example".into(), Unchanged, true, Io::Nothing),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Added, false, Io::Ca),
            ],
            // The warning is about the inputs: the store's key is kept all the same.
            warnings: vec!["without its private key"],
            ..Case::default()
        },
        Case {
            what: "a grant the key lacks is the only change",
            store: all_in_store(),
            inputs: vec![pfx(true)],
            grant: Some("www-data"),
            rows: vec![
                (&p.client, Personal, "client.example".into(), Replaced, true, Io::Grant),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Unchanged, false, Io::Nothing),
                (&p.root, Root, "Root-CA".into(), Unchanged, false, Io::Nothing),
            ],
            ..Case::default()
        },
        Case {
            what: "a grant already in force changes nothing",
            store: {
                let mut s = all_in_store();
                s[0].grantee_reads = true;
                s
            },
            inputs: vec![pfx(true)],
            grant: Some("www-data"),
            rows: vec![
                (&p.client, Personal, "client.example".into(), Unchanged, true, Io::Nothing),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Unchanged, false, Io::Nothing),
                (&p.root, Root, "Root-CA".into(), Unchanged, false, Io::Nothing),
            ],
            ..Case::default()
        },
        Case {
            what: "an earlier grant no longer in force is restored",
            store: {
                let mut s = all_in_store();
                s[0].reader = Some(Reader { group: "www-data".into(), in_force: false });
                s
            },
            inputs: vec![pfx(true)],
            rows: vec![
                (&p.client, Personal, "client.example".into(), Replaced, true, Io::Grant),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Unchanged, false, Io::Nothing),
                (&p.root, Root, "Root-CA".into(), Unchanged, false, Io::Nothing),
            ],
            ..Case::default()
        },
        Case {
            what: "names taken by other certificates get a thumbprint suffix, in the store and in the plan",
            store: vec![
                stored(Intermediate, "Issuing-CA", &p.namesake, false),
                stored(Root, "Root-CA", &p.root, false),
                stored(Personal, "client.example", &p.other_client, false),
            ],
            inputs: vec![input("chain.pem", Format::Pem, &[&p.client, &p.issuing], false)],
            rows: vec![
                (&p.client, Personal, format!("client.example-{}", &p.client.sha1_hex().to_lowercase()[..8]), Added, false, Io::NewPersonal { key: false }),
                (&p.issuing, Intermediate, format!("Issuing-CA-{}", &p.issuing.sha1_hex().to_lowercase()[..8]), Added, false, Io::Ca),
            ],
            warnings: vec!["without its private key"],
            ..Case::default()
        },
        Case {
            what: "--name names the personal entry",
            inputs: vec![pfx(true)],
            name: Some("partner-api"),
            rows: vec![
                (&p.client, Personal, "partner-api".into(), Added, true, Io::NewPersonal { key: true }),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Added, false, Io::Ca),
                (&p.root, Root, "Root-CA".into(), Added, false, Io::Ca),
            ],
            ..Case::default()
        },
        Case {
            what: "--to root puts everything into root and does not store the key",
            inputs: vec![pfx(true)],
            target: Target::Only(Root),
            rows: vec![
                (&p.client, Root, "client.example".into(), Added, false, Io::Ca),
                (&p.issuing, Root, "Issuing-CA".into(), Added, false, Io::Ca),
                (&p.root, Root, "Root-CA".into(), Added, false, Io::Ca),
            ],
            warnings: vec!["the private key is not stored"],
            ..Case::default()
        },
        Case {
            what: "a missing CA and an untrusted root are named",
            inputs: vec![input("client.pem", Format::Pem, &[&p.client], true)],
            rows: vec![
                (&p.client, Personal, "client.example".into(), Added, true, Io::NewPersonal { key: true }),
            ],
            warnings: vec!["is incomplete: the CA \"CN=Issuing-CA\""],
            ..Case::default()
        },
        Case {
            what: "a root above the chain that is not in the store is not trusted yet",
            inputs: vec![
                input("client.pem", Format::Pem, &[&p.client, &p.issuing], true),
                input("root.pem", Format::Pem, &[&p.root], false),
            ],
            target: Target::Only(Intermediate),
            rows: vec![
                (&p.client, Intermediate, "client.example".into(), Added, false, Io::Ca),
                (&p.issuing, Intermediate, "Issuing-CA".into(), Added, false, Io::Ca),
                (&p.root, Intermediate, "Root-CA".into(), Added, false, Io::Ca),
            ],
            warnings: vec!["the private key is not stored", "the root \"CN=Root-CA\" (above \"CN=client.example\") is not trusted yet"],
            ..Case::default()
        },
        Case {
            what: "the store's intermediates and roots complete the chain",
            store: vec![
                stored(Intermediate, "Issuing-CA", &p.issuing, false),
                stored(Root, "Root-CA", &p.root, false),
            ],
            inputs: vec![input("client.pem", Format::Pem, &[&p.client], true)],
            rows: vec![
                (&p.client, Personal, "client.example".into(), Added, true, Io::NewPersonal { key: true }),
            ],
            ..Case::default()
        },
    ];
    for case in &cases {
        check(case);
    }
}

#[test]
fn a_personal_entry_keeps_the_chain_below_the_root() {
    let p = pki();
    let case = Case {
        inputs: vec![input(
            "client.pfx",
            Format::Pkcs12,
            &[&p.root, &p.client, &p.issuing],
            true,
        )],
        ..Case::default()
    };
    let plan = run(&case).unwrap();
    let Some(Step::WritePersonal(write)) = &plan.certificates[1].step else {
        panic!("the client is written: {:?}", plan.certificates[1]);
    };
    assert_eq!(write.chain.len(), 1);
    assert_eq!(write.chain[0].der(), p.issuing.der());
    assert_eq!(write.metadata.name, "client.example");
    assert_eq!(write.metadata.thumbprint, p.client.sha1_hex());
}

#[test]
fn name_for_several_personal_certificates_is_refused() {
    let p = pki();
    let case = Case {
        inputs: vec![input(
            "two.pem",
            Format::Pem,
            &[&p.client, &p.other_client],
            false,
        )],
        name: Some("one"),
        ..Case::default()
    };
    let err = run(&case).unwrap_err();
    assert_eq!(err.kind, crate::error::ErrorKind::Usage);
    assert!(err.to_string().contains("--name names one certificate"));
}
