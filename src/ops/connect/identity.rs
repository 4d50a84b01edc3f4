//! The client certificate `connect` presents: which certificate of the `--cert` file is the
//! leaf, which key goes with it, and which intermediates are sent (never the root).

use time::OffsetDateTime;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, PrivateKey};
use crate::verify::{
    self, Entry, Options, Origin, OriginKind, Purpose, Sources, DEFAULT_MAX_DEPTH,
};

/// The client certificate to present: the leaf, the intermediates sent with it, and its key.
#[derive(Debug, Clone)]
pub struct ClientIdentity {
    /// Where it came from, for messages.
    pub source: String,
    pub leaf: Certificate,
    /// Intermediates, leaf-side first; never the root.
    pub intermediates: Vec<Certificate>,
    /// The root the chain ends at, when the file has it (reported, never sent).
    pub root: Option<Certificate>,
    pub key: PrivateKey,
    /// Every other certificate of the file (intermediates, root, strays): the first source
    /// when certkit builds the client's path to the server's acceptable CA names.
    pub others: Vec<Certificate>,
}

impl ClientIdentity {
    /// Picks the leaf, the key and the chain to send from a loaded bundle. The chain is the
    /// leaf's issuers found in the bundle (judged at `now`), stopping before a self-issued root.
    pub fn from_bundle(
        bundle: Bundle,
        source: &str,
        now: OffsetDateTime,
    ) -> Result<ClientIdentity> {
        let Some(leaf_index) = bundle.leaf_index() else {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{source}: no client certificate found (only CA certificates): give the file holding your own certificate"),
            ));
        };
        let Some(key) = bundle.private_key.clone() else {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{source}: there is no private key for the certificate: give the key with --key KEYFILE, or use the PFX that holds it"),
            ));
        };
        let leaf = bundle.certificates[leaf_index].clone();
        if !key.matches(&leaf) {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{source}: the private key does not belong to the certificate: check with `certkit check-private-key`"),
            ));
        }
        // The chain to send is the leaf's path through the file's own certificates, found by
        // the one path engine (names, key ids and signatures); a self-issued root ends it and
        // is never sent.
        let origin = Origin::new(OriginKind::Input, source);
        let mut sources = Sources::new();
        let others: Vec<Certificate> = bundle
            .certificates
            .iter()
            .enumerate()
            .filter(|&(i, c)| i != leaf_index && c.der() != leaf.der())
            .map(|(_, c)| c.clone())
            .collect();
        for c in &others {
            sources.add_untrusted(c.clone(), origin.clone());
        }
        let options = Options {
            at: now,
            purpose: Purpose::Any,
            max_depth: DEFAULT_MAX_DEPTH,
            strict: false,
        };
        let leaf_entry = Entry {
            cert: leaf.clone(),
            origin,
            trusted: false,
        };
        let path = verify::build(leaf_entry, &sources, &options).path;
        let mut intermediates: Vec<Certificate> = Vec::new();
        let mut root = None;
        for entry in path.into_iter().skip(1) {
            if entry.cert.is_self_issued() {
                root = Some(entry.cert);
                break;
            }
            intermediates.push(entry.cert);
        }
        // TLS needs OpenSSL's view of every certificate sent: refuse now what it cannot parse.
        for cert in std::iter::once(&leaf).chain(&intermediates) {
            cert.to_openssl()?;
        }
        Ok(ClientIdentity {
            source: source.to_string(),
            leaf,
            intermediates,
            root,
            key,
            others,
        })
    }
}
