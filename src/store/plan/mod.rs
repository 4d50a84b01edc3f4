//! Store planning: the one place that decides what an import does. From the inputs and the
//! store's current contents (a [`Snapshot`] listed by the backend under its lock) it decides,
//! for every certificate, the logical store it goes to (the rules are in `route`), the name of its entry
//! (deterministic, see [`crate::model::naming`] and [`unique_name`]) and the action (added,
//! unchanged, replaced, key grants) as one [`Plan`]. [`execute`] then hands the plan's steps
//! to the backend, which only does I/O.
//!
//! Planning reads nothing and writes nothing, so `import --dry-run` shows the very plan a real
//! run executes, and the rules are unit-tested without a store.

mod route;
#[cfg(test)]
mod tests;

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use super::{unique_name, Action, Entry, LogicalStore, Metadata, Transaction};
use crate::error::Result;
use crate::model::naming::name_for;
use crate::model::{Bundle, Certificate, PrivateKey};

/// Where `--to` sends certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// By the automatic rules (the Import Wizard's, see `route`).
    Auto,
    /// Every certificate of the inputs into this store.
    Only(LogicalStore),
}

/// One loaded input.
#[derive(Debug)]
pub struct LoadedInput {
    /// The input as named on the command line (`-` shows as `<stdin>`).
    pub name: String,
    /// Its absolute path (or `<stdin>`): the source recorded in the store's metadata.
    pub source: String,
    pub bundle: Bundle,
}

/// What the user asked for.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub inputs: &'a [LoadedInput],
    pub target: Target,
    /// `--name`: the name of the personal entry (or of the only certificate).
    pub name: Option<&'a str>,
    /// `--grant-read`: the group (Windows: account) to give read access to the private keys.
    pub grant_read: Option<&'a str>,
    /// The import time recorded in the store.
    pub now: OffsetDateTime,
}

/// The store's contents as planning needs them.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub entries: Vec<Stored>,
}

impl Snapshot {
    /// The certificates of one logical store.
    pub fn certificates(&self, store: LogicalStore) -> Vec<Certificate> {
        self.entries
            .iter()
            .filter(|s| s.entry.store == store)
            .map(|s| s.entry.certificate.clone())
            .collect()
    }

    fn find(&self, store: LogicalStore, thumbprint: &str) -> Option<&Stored> {
        self.entries
            .iter()
            .find(|s| s.entry.store == store && s.entry.thumbprint() == thumbprint)
    }
}

/// One entry of the store, with what the backend knows beyond [`Entry`].
#[derive(Debug, Clone)]
pub struct Stored {
    pub entry: Entry,
    /// The issuers kept with a personal entry (the folder store's `chain.pem`); `None` when
    /// the backend keeps no chain per entry (the Windows stores build it when asked).
    pub chain: Option<Vec<Certificate>>,
    /// The group recorded as given read access to the private key by an earlier import, when
    /// it still exists.
    pub reader: Option<Reader>,
    /// Whether the grantee of this import (`--grant-read`) can already read the private key.
    pub grantee_reads: bool,
}

impl Stored {
    /// An entry with nothing known beyond itself.
    pub fn new(entry: Entry) -> Stored {
        Stored {
            entry,
            chain: None,
            reader: None,
            grantee_reads: false,
        }
    }
}

/// A recorded read grant on a private key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    pub group: String,
    /// The key's owner and mode still say so.
    pub in_force: bool,
}

/// What an import does: one row per certificate, in input order, and the warnings.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub certificates: Vec<Planned>,
    pub warnings: Vec<String>,
}

/// The decision for one certificate.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The input it comes from, as named on the command line.
    pub input: String,
    pub store: LogicalStore,
    /// The entry's name (an existing entry keeps its name).
    pub name: String,
    pub certificate: Certificate,
    pub action: Action,
    /// Whether the entry has a private key afterwards (a key stored earlier is kept).
    pub has_key: bool,
    /// The I/O that carries the action out; `None` when unchanged.
    pub step: Option<Step>,
}

/// One piece of I/O for a backend.
#[derive(Debug, Clone)]
pub enum Step {
    /// Create or replace a personal entry.
    WritePersonal(Box<PersonalWrite>),
    /// Add a CA certificate under a new name.
    WriteCa { store: LogicalStore, name: String },
    /// Give a group read access to an existing entry's key (nothing else changes).
    GrantRead { name: String, group: String },
}

/// A personal entry as it must be after the import.
#[derive(Debug, Clone)]
pub struct PersonalWrite {
    pub name: String,
    /// Replaces the entry of that name (which holds the same certificate).
    pub replace: bool,
    pub certificate: Certificate,
    /// Issuers above the certificate, leaf side first, without the root.
    pub chain: Vec<Certificate>,
    pub key: KeySource,
    /// The group (Windows: account) to be able to read the key.
    pub read_group: Option<String>,
    pub metadata: Metadata,
}

/// Where the private key of a written personal entry comes from.
#[derive(Debug, Clone)]
pub enum KeySource {
    /// The entry has no key.
    Absent,
    /// The key from the inputs.
    New(PrivateKey),
    /// The key the entry being replaced already holds.
    Keep,
}

impl KeySource {
    pub fn is_present(&self) -> bool {
        !matches!(self, KeySource::Absent)
    }
}

/// Decides everything an import does (see the module documentation).
pub fn plan(request: &Request, snapshot: &Snapshot) -> Result<Plan> {
    let routed = route::route(request, snapshot)?;
    let now = request
        .now
        .format(&Rfc3339)
        .expect("a time formats as RFC 3339");
    let mut taken: Vec<(LogicalStore, String)> = snapshot
        .entries
        .iter()
        .map(|s| (s.entry.store, s.entry.name.clone()))
        .collect();
    let mut certificates = Vec::with_capacity(routed.placements.len());
    let mut warnings = routed.warnings;
    for placement in routed.placements {
        let thumbprint = placement.certificate.sha1_hex();
        let stored = snapshot.find(placement.store, &thumbprint);
        if let (Some(stored), Some(given)) = (stored, placement.name.as_deref()) {
            warnings.extend(not_renamed(
                stored,
                given,
                &placement.input,
                &placement.certificate,
            ));
        }
        let planned = match stored {
            Some(stored) if placement.store == LogicalStore::Personal => {
                existing_personal(placement, stored, request.grant_read, &now)
            }
            Some(stored) => Planned {
                input: placement.input,
                store: placement.store,
                name: stored.entry.name.clone(),
                certificate: placement.certificate,
                action: Action::Unchanged,
                has_key: stored.entry.has_key,
                step: None,
            },
            None => {
                let in_store: Vec<String> = taken
                    .iter()
                    .filter(|(s, _)| *s == placement.store)
                    .map(|(_, n)| n.clone())
                    .collect();
                let base = name_for(
                    placement.name.as_deref(),
                    placement.friendly_name.as_deref(),
                    &placement.certificate,
                );
                let name = unique_name(&base, &thumbprint, &in_store);
                taken.push((placement.store, name.clone()));
                new_entry(placement, name, request.grant_read, &now)
            }
        };
        certificates.push(planned);
    }
    Ok(Plan {
        certificates,
        warnings,
    })
}

/// `--name` for a certificate the store already holds under another name: import never renames
/// an entry (other machines' configurations, `doctor --export-dir` and the Windows store refer
/// to it by that name), so it says so and how to rename it, instead of answering "unchanged"
/// under the old name without a word about the new one.
fn not_renamed(
    stored: &Stored,
    given: &str,
    input: &str,
    certificate: &Certificate,
) -> Option<String> {
    let wanted = name_for(Some(given), None, certificate);
    let old = &stored.entry.name;
    let store = stored.entry.store;
    let remove = match store {
        LogicalStore::Personal => format!("certkit store remove {old}"),
        _ => format!("certkit store remove {old} --in {store}"),
    };
    (wanted != *old).then(|| {
        format!(
            "--name {given}: this certificate is already in the store's {store} as \"{old}\", and import does not rename an entry (configurations refer to it by name); the entry keeps its name. To rename it: {remove} && certkit import {input} --name {wanted}"
        )
    })
}

/// A certificate the store does not hold yet in that logical store.
fn new_entry(
    placement: route::Placement,
    name: String,
    grant_read: Option<&str>,
    now: &str,
) -> Planned {
    let step = if placement.store == LogicalStore::Personal {
        let read_group = grant_read
            .filter(|_| placement.key.is_some())
            .map(str::to_string);
        let metadata = metadata(&placement, &name, None, read_group.clone(), now);
        Step::WritePersonal(Box::new(PersonalWrite {
            name: name.clone(),
            replace: false,
            certificate: placement.certificate.clone(),
            chain: placement.chain.clone(),
            key: placement
                .key
                .clone()
                .map_or(KeySource::Absent, KeySource::New),
            read_group,
            metadata,
        }))
    } else {
        Step::WriteCa {
            store: placement.store,
            name: name.clone(),
        }
    };
    Planned {
        input: placement.input,
        store: placement.store,
        name,
        has_key: placement.key.is_some() && placement.store == LogicalStore::Personal,
        certificate: placement.certificate,
        action: Action::Added,
        step: Some(step),
    }
}

/// A personal certificate already in the store: what the new import adds (a key, a chain, a
/// read grant) replaces the entry; information the import lacks is kept from it.
fn existing_personal(
    placement: route::Placement,
    stored: &Stored,
    grant_read: Option<&str>,
    now: &str,
) -> Planned {
    let entry = &stored.entry;
    let key_added = placement.key.is_some() && !entry.has_key;
    let has_key = entry.has_key || placement.key.is_some();
    let chain = if placement.chain.is_empty() {
        stored.chain.clone().unwrap_or_default()
    } else {
        placement.chain.clone()
    };
    let chain_changed = stored
        .chain
        .as_ref()
        .is_some_and(|old| !same_certificates(old, &chain));
    // A grant asked for now, else the one an earlier import made (while its group exists).
    let (read_group, grant_needed) = match (grant_read, &stored.reader) {
        (Some(group), _) => (Some(group.to_string()), !stored.grantee_reads),
        (None, Some(reader)) => (Some(reader.group.clone()), !reader.in_force),
        (None, None) => (None, false),
    };
    let read_group = read_group.filter(|_| has_key);
    let grant_needed = grant_needed && has_key;

    let step = if key_added || chain_changed {
        let key = match &placement.key {
            Some(k) if key_added => KeySource::New(k.clone()),
            _ if entry.has_key => KeySource::Keep,
            _ => KeySource::Absent,
        };
        let metadata = metadata(
            &placement,
            &entry.name,
            entry.metadata.as_ref(),
            read_group.clone(),
            now,
        );
        Some(Step::WritePersonal(Box::new(PersonalWrite {
            name: entry.name.clone(),
            replace: true,
            certificate: placement.certificate.clone(),
            chain,
            key,
            read_group,
            metadata,
        })))
    } else if grant_needed {
        read_group.map(|group| Step::GrantRead {
            name: entry.name.clone(),
            group,
        })
    } else {
        None
    };
    Planned {
        input: placement.input,
        store: LogicalStore::Personal,
        name: entry.name.clone(),
        certificate: placement.certificate,
        action: if step.is_some() {
            Action::Replaced
        } else {
            Action::Unchanged
        },
        has_key,
        step,
    }
}

/// The metadata a written personal entry records.
fn metadata(
    placement: &route::Placement,
    name: &str,
    old: Option<&Metadata>,
    read_group: Option<String>,
    now: &str,
) -> Metadata {
    Metadata {
        version: 1,
        name: name.to_string(),
        friendly_name: placement
            .friendly_name
            .clone()
            .or_else(|| old.and_then(|m| m.friendly_name.clone())),
        thumbprint: placement.certificate.sha1_hex(),
        source: placement.source.clone(),
        source_format: placement.source_format,
        imported_at: now.to_string(),
        read_group,
    }
}

fn same_certificates(a: &[Certificate], b: &[Certificate]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.der() == y.der())
}

/// Runs a plan's steps in order in `transaction`, after the backend has accepted the plan
/// ([`Transaction::check`], which the caller runs first).
pub fn execute(transaction: &mut dyn Transaction, plan: &Plan) -> Result<()> {
    for planned in &plan.certificates {
        match &planned.step {
            None => {}
            Some(Step::WritePersonal(write)) => transaction.write_personal(write)?,
            Some(Step::WriteCa { store, name }) => {
                transaction.write_ca(*store, name, &planned.certificate)?
            }
            Some(Step::GrantRead { name, group }) => transaction.grant_read(name, group)?,
        }
    }
    transaction.finish()
}
