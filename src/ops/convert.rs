//! `convert`: choose what of the model goes into the output, encode it, read it back through
//! the loader and check it, then write it atomically.
//!
//! The steps are separate functions so that the glue can ask for a password only when the
//! output needs one, and so that nothing reaches the disk before the read-back check passed.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::decode;
use crate::encode::pkcs12::{Contents, MacKind, Profile};
use crate::encode::{self, OutputFormat};
use crate::error::{Error, ErrorKind, Result};
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::model::key::KeyDescription;
use crate::model::naming;
use crate::model::{Bundle, Certificate, PrivateKey, Role};
use crate::ops::summary::CertificateSummary;
use crate::password::Passwords;

/// What the user asked for, already validated.
#[derive(Debug, Clone)]
pub struct Settings {
    pub format: OutputFormat,
    /// Carry the chain (everything but the leaf).
    pub chain: bool,
    /// Carry the private key.
    pub key: bool,
    pub friendly_name: Option<String>,
    pub profile: Profile,
    /// The PKCS#12 integrity check.
    pub mac: MacKind,
    /// Encrypt a PEM private key (false only with `--no-encrypt`).
    pub encrypt_key: bool,
    /// DER: one file per certificate into a folder.
    pub all: bool,
}

/// Where one output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Stdout,
    File(PathBuf),
}

impl Target {
    pub fn display(&self) -> String {
        match self {
            Target::Stdout => "-".to_string(),
            Target::File(p) => p.display().to_string(),
        }
    }
}

/// What of the model goes into the output.
pub struct Selection<'a> {
    /// The leaf: the certificate the key belongs to, or the bundle's leaf.
    pub leaf: Option<&'a Certificate>,
    /// The other certificates to write, leaf → root.
    pub chain: Vec<&'a Certificate>,
    pub key: Option<&'a PrivateKey>,
    /// The friendly name for a PKCS#12 leaf and key.
    pub friendly_name: Option<String>,
    /// Things left out that the user may not expect.
    pub warnings: Vec<String>,
}

impl Selection<'_> {
    fn certificates(&self) -> Vec<&Certificate> {
        self.leaf
            .iter()
            .copied()
            .chain(self.chain.iter().copied())
            .collect()
    }
}

/// Picks the leaf, chain and key from the merged model. Fails when the result would be
/// unusable (a key that belongs to none of the certificates, nothing left to write).
pub fn select<'a>(
    bundle: &'a Bundle,
    settings: &Settings,
    now: time::OffsetDateTime,
) -> Result<Selection<'a>> {
    let mut warnings = Vec::new();
    let key = match &bundle.private_key {
        Some(key) if settings.key => {
            if !bundle.certificates.is_empty() && bundle.key_owner().is_none() {
                return Err(Error::new(
                    ErrorKind::Usage,
                    "the private key belongs to none of the certificates: give the matching certificate, or leave the key out with --no-key",
                ));
            }
            Some(key)
        }
        _ => None,
    };
    let ordered = crate::verify::bundle::chain_order(bundle, now);
    let (leaf, rest) = match bundle.leaf_index() {
        Some(_) => (Some(ordered[0]), ordered[1..].to_vec()),
        None => (None, ordered),
    };
    let chain = if settings.chain { rest } else { Vec::new() };
    if leaf.is_none() && chain.is_empty() && key.is_none() {
        return Err(Error::new(
            ErrorKind::Usage,
            if bundle.certificates.is_empty() {
                "the input holds no certificate and no private key to write (the key was left out with --no-key)"
            } else {
                "the input holds only CA certificates and --no-chain leaves them all out: drop --no-chain"
            },
        ));
    }
    let friendly_name = leaf.and_then(|leaf| {
        settings
            .friendly_name
            .clone()
            .or_else(|| leaf.friendly_name.clone())
            .or_else(|| key.and_then(|k| k.friendly_name.clone()))
            .or_else(|| leaf.common_name())
    });
    let mut selection = Selection {
        leaf,
        chain,
        key,
        friendly_name,
        warnings: Vec::new(),
    };
    match settings.format {
        OutputFormat::Pkcs12 => {
            if selection.leaf.is_none() && selection.chain.is_empty() {
                return Err(Error::new(
                    ErrorKind::Usage,
                    "a PKCS#12 file needs a certificate, and the input holds only a private key: add the certificate file to the inputs",
                ));
            }
            if selection.key.is_none() {
                warnings.push("the PKCS#12 file holds no private key: it cannot be used for client authentication, and Java keytool lists no entries in it".to_string());
            }
        }
        OutputFormat::Der => {
            if selection.leaf.is_none() && selection.chain.is_empty() {
                return Err(Error::new(
                    ErrorKind::Usage,
                    "DER output holds certificates, and the input holds only a private key: use --to pem for the key",
                ));
            }
            if selection.key.take().is_some() {
                warnings.push("the private key is not written: a DER certificate file cannot hold it (use --to pem or --to pfx to keep it, or --no-key to silence this)".to_string());
            }
            if !settings.all {
                let dropped = selection.certificates().len() - 1;
                if dropped > 0 {
                    warnings.push(format!(
                        "{dropped} chain certificate(s) not written: a DER file holds one certificate (use --all to write one file per certificate)"
                    ));
                }
            }
        }
        OutputFormat::Pem => {}
    }
    selection.warnings = warnings;
    Ok(selection)
}

/// Whether the output needs a new password: PKCS#12 always, PEM when it holds an encrypted key.
pub fn needs_password(selection: &Selection<'_>, settings: &Settings) -> bool {
    match settings.format {
        OutputFormat::Pkcs12 => true,
        OutputFormat::Pem => selection.key.is_some() && settings.encrypt_key,
        OutputFormat::Der => false,
    }
}

/// One file ready to be written, already read back and checked.
pub struct Planned {
    pub target: Target,
    pub bytes: Zeroizing<Vec<u8>>,
    pub privacy: Privacy,
    /// The certificates it holds, in file order.
    pub certificates: Vec<Certificate>,
    pub has_key: bool,
}

/// Encodes the selection into the files to write: `out` (a file, a folder for DER `--all`, or
/// stdout) and, for PEM with `key_out`, a separate key file.
pub fn encode(
    selection: &Selection<'_>,
    settings: &Settings,
    out: &Target,
    key_out: Option<&Path>,
    password: Option<&str>,
) -> Result<Vec<Planned>> {
    let certs = selection.certificates();
    let owned = |list: &[&Certificate]| list.iter().map(|c| (*c).clone()).collect::<Vec<_>>();
    let mut planned = Vec::new();
    match settings.format {
        OutputFormat::Pkcs12 => {
            let password = password.ok_or_else(|| {
                Error::new(
                    ErrorKind::PasswordRequired,
                    "a PKCS#12 file needs a new password",
                )
            })?;
            let contents = Contents {
                key: selection.key,
                leaf: selection.leaf,
                chain: selection.chain.clone(),
                friendly_name: selection.friendly_name.as_deref(),
            };
            let bytes =
                encode::pkcs12::encode(&contents, password, settings.profile, settings.mac)?;
            planned.push(Planned {
                target: out.clone(),
                bytes: Zeroizing::new(bytes),
                privacy: privacy(selection.key.is_some()),
                certificates: owned(&certs),
                has_key: selection.key.is_some(),
            });
        }
        OutputFormat::Pem => {
            let key_pem = match selection.key {
                Some(key) => {
                    let pass = if settings.encrypt_key {
                        Some(password.ok_or_else(|| {
                            Error::new(
                                ErrorKind::PasswordRequired,
                                "an encrypted private key needs a new password",
                            )
                        })?)
                    } else {
                        None
                    };
                    Some(encode::pem::private_key(key, pass)?)
                }
                None => None,
            };
            let cert_text = encode::pem::certificates(&certs);
            match (key_out, key_pem) {
                (Some(key_path), Some(key_pem)) => {
                    if certs.is_empty() {
                        return Err(Error::new(
                            ErrorKind::Usage,
                            "--key-out leaves nothing for the output file: the input holds only a private key",
                        ));
                    }
                    planned.push(Planned {
                        target: Target::File(key_path.to_path_buf()),
                        bytes: key_pem,
                        privacy: Privacy::Secret,
                        certificates: Vec::new(),
                        has_key: true,
                    });
                    planned.push(Planned {
                        target: out.clone(),
                        bytes: Zeroizing::new(cert_text.into_bytes()),
                        privacy: Privacy::Public,
                        certificates: owned(&certs),
                        has_key: false,
                    });
                }
                (Some(_), None) => {
                    return Err(Error::new(
                        ErrorKind::Usage,
                        "--key-out was given but there is no private key to write (none in the inputs, or --no-key)",
                    ))
                }
                (None, key_pem) => {
                    let has_key = key_pem.is_some();
                    let mut bytes = Zeroizing::new(cert_text.into_bytes());
                    if let Some(key_pem) = key_pem {
                        bytes.extend_from_slice(&key_pem);
                    }
                    planned.push(Planned {
                        target: out.clone(),
                        bytes,
                        privacy: privacy(has_key),
                        certificates: owned(&certs),
                        has_key,
                    });
                }
            }
        }
        OutputFormat::Der => {
            if settings.all {
                let Target::File(folder) = out else {
                    return Err(Error::new(
                        ErrorKind::Usage,
                        "--all writes one file per certificate into a folder: give a folder, not -",
                    ));
                };
                let width = certs.len().to_string().len().max(2);
                let mut used = std::collections::HashSet::new();
                for (i, cert) in certs.iter().enumerate() {
                    let name = naming::sanitize(&naming::certificate_name(cert, None));
                    let mut file = format!("{i:0width$}-{name}.cer");
                    if !used.insert(file.clone()) {
                        file = format!("{i:0width$}-{}.cer", cert.sha1_hex());
                    }
                    planned.push(Planned {
                        target: Target::File(folder.join(file)),
                        bytes: Zeroizing::new(encode::der::certificate(cert)),
                        privacy: Privacy::Public,
                        certificates: vec![(*cert).clone()],
                        has_key: false,
                    });
                }
            } else {
                let first = certs[0];
                planned.push(Planned {
                    target: out.clone(),
                    bytes: Zeroizing::new(encode::der::certificate(first)),
                    privacy: Privacy::Public,
                    certificates: vec![first.clone()],
                    has_key: false,
                });
            }
        }
    }
    Ok(planned)
}

fn privacy(has_key: bool) -> Privacy {
    if has_key {
        Privacy::Secret
    } else {
        Privacy::Public
    }
}

/// Reads every planned file back through certkit's own loader and checks that it holds
/// exactly the intended certificates (byte for byte) and the same private key.
pub fn verify(planned: &[Planned], key: Option<&PrivateKey>, password: Option<&str>) -> Result<()> {
    for file in planned {
        let name = file.target.display();
        let failed = |what: &str| {
            Error::new(
                ErrorKind::Malformed,
                format!("{name}: reading the new file back failed ({what}); nothing was written"),
            )
        };
        let passwords = Passwords::fixed(password);
        let path = match &file.target {
            Target::File(p) => Some(p.as_path()),
            Target::Stdout => None,
        };
        let loaded = decode::load(&file.bytes, path, &passwords).map_err(|e| failed(&e.message))?;
        let mut expected: Vec<&[u8]> = file.certificates.iter().map(|c| c.der()).collect();
        let mut got: Vec<&[u8]> = loaded.certificates.iter().map(|c| c.der()).collect();
        expected.sort();
        got.sort();
        if expected != got {
            return Err(failed("the certificates differ"));
        }
        match (file.has_key, &loaded.private_key, key) {
            (false, None, _) => {}
            (true, Some(back), Some(original)) if back.key.public_eq(&original.key) => {}
            (true, Some(_), _) => return Err(failed("the private key differs")),
            (true, None, _) => return Err(failed("the private key is missing")),
            (false, Some(_), _) => return Err(failed("it holds an unexpected private key")),
        }
    }
    Ok(())
}

/// Writes the planned files (not stdout) atomically. Existing files are refused up front
/// unless `force`, so a multi-file output is written whole or not at all; if a later file
/// fails, the files this run created are removed again.
pub fn write(planned: &[Planned], force: bool) -> Result<()> {
    let overwrite = if force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let files: Vec<(&Path, &Planned)> = planned
        .iter()
        .filter_map(|p| match &p.target {
            Target::File(path) => Some((path.as_path(), p)),
            Target::Stdout => None,
        })
        .collect();
    if !force {
        if let Some((path, _)) = files
            .iter()
            .find(|(path, _)| path.symlink_metadata().is_ok())
        {
            return Err(Error::new(
                ErrorKind::Exists,
                format!(
                    "{} already exists: use --force to replace it",
                    path.display()
                ),
            ));
        }
    }
    let mut created: Vec<&Path> = Vec::new();
    let mut folders_created: Vec<PathBuf> = Vec::new();
    for (path, file) in &files {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !parent.exists() {
                std::fs::create_dir_all(parent)
                    .map_err(|e| Error::io("create the folder", parent, &e))?;
                folders_created.push(parent.to_path_buf());
            }
        }
        let existed = path.symlink_metadata().is_ok();
        if let Err(e) = write_atomic(path, &file.bytes, file.privacy, overwrite) {
            for done in &created {
                let _ = std::fs::remove_file(done);
            }
            for folder in folders_created.iter().rev() {
                let _ = std::fs::remove_dir(folder);
            }
            return Err(e);
        }
        if !existed {
            created.push(path);
        }
    }
    Ok(())
}

/// The JSON (and human) report of a conversion.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ConvertReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub inputs: Vec<String>,
    pub format: OutputFormat,
    /// The PKCS#12 profile, for PKCS#12 output.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// Algorithms of the profile, for people.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile_summary: Option<String>,
    /// The PKCS#12 integrity check written: `classic` or `pbmac1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mac: Option<MacKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    pub outputs: Vec<OutputReport>,
    /// The certificates written, leaf → root.
    pub certificates: Vec<WrittenCertificate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_key: Option<WrittenKey>,
    /// Every output was read back through certkit's loader and matched (always true in a
    /// report: a failed check is an error instead).
    pub verified: bool,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct OutputReport {
    /// The file written, or `-` for standard output.
    pub path: String,
    pub certificates: usize,
    pub private_key: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct WrittenCertificate {
    pub role: Role,
    #[serde(flatten)]
    pub certificate: CertificateSummary,
}

impl ConvertReport {
    /// The current version of the `convert` document.
    pub const VERSION: u32 = 2;
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct WrittenKey {
    #[serde(flatten)]
    pub description: KeyDescription,
    /// PKCS#12 always encrypts; PEM unless `--no-encrypt`.
    pub encrypted: bool,
}

/// Builds the report of a successful conversion.
pub fn report(
    inputs: Vec<String>,
    bundle: &Bundle,
    selection: &Selection<'_>,
    settings: &Settings,
    planned: &[Planned],
    now: OffsetDateTime,
) -> ConvertReport {
    let roles = crate::verify::bundle::roles(bundle, now);
    let role_of = |cert: &Certificate| crate::verify::bundle::role_of(bundle, &roles, cert);
    let written_key = planned.iter().any(|p| p.has_key);
    let pkcs12 = settings.format == OutputFormat::Pkcs12;
    ConvertReport {
        version: ConvertReport::VERSION,
        inputs,
        format: settings.format,
        profile: pkcs12.then_some(settings.profile),
        profile_summary: pkcs12.then(|| match settings.mac {
            MacKind::Classic => settings.profile.summary().to_string(),
            MacKind::Pbmac1 => settings.profile.summary().replace(
                "SHA-256 MAC",
                "PBMAC1 MAC (HMAC-SHA-256, PBKDF2-HMAC-SHA256)",
            ),
        }),
        mac: pkcs12.then_some(settings.mac),
        friendly_name: if pkcs12 {
            selection.friendly_name.clone()
        } else {
            None
        },
        outputs: planned
            .iter()
            .map(|p| OutputReport {
                path: p.target.display(),
                certificates: p.certificates.len(),
                private_key: p.has_key,
            })
            .collect(),
        // What was written (a single DER file holds only the leaf), in order, once each.
        certificates: planned
            .iter()
            .flat_map(|p| p.certificates.iter())
            .fold(Vec::<&Certificate>::new(), |mut seen, c| {
                if !seen.iter().any(|s| s.der() == c.der()) {
                    seen.push(c);
                }
                seen
            })
            .into_iter()
            .map(|c| WrittenCertificate {
                role: role_of(c),
                certificate: CertificateSummary::new(c, now),
            })
            .collect(),
        private_key: selection.key.filter(|_| written_key).map(|k| WrittenKey {
            description: k.description(),
            encrypted: pkcs12 || settings.encrypt_key,
        }),
        verified: true,
        warnings: selection.warnings.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use openssl::pkey::PKey;

    fn self_signed(cn: &str) -> (Certificate, PrivateKey) {
        let key = PKey::generate_ed25519().unwrap();
        let cert = crate::model::test_support::self_signed(cn, &key);
        (cert, PrivateKey::new(key))
    }

    fn planned(bytes: Vec<u8>, certs: Vec<Certificate>, has_key: bool) -> Planned {
        Planned {
            target: Target::Stdout,
            bytes: Zeroizing::new(bytes),
            privacy: Privacy::Public,
            certificates: certs,
            has_key,
        }
    }

    #[test]
    fn read_back_check_accepts_the_same_and_refuses_anything_else() {
        let (a, key_a) = self_signed("a.example");
        let (b, key_b) = self_signed("b.example");
        let pem_a = encode::pem::certificates(&[&a]).into_bytes();
        verify(
            &[planned(pem_a.clone(), vec![a.clone()], false)],
            None,
            None,
        )
        .unwrap();
        // Other certificate than intended.
        let err = verify(
            &[planned(pem_a.clone(), vec![b.clone()], false)],
            None,
            None,
        )
        .unwrap_err();
        assert!(
            err.message.contains("certificates differ"),
            "{}",
            err.message
        );
        // Key expected but missing; key present but another one.
        assert!(verify(
            &[planned(pem_a.clone(), vec![a.clone()], true)],
            Some(&key_a),
            None
        )
        .is_err());
        let mut with_key = pem_a.clone();
        with_key.extend_from_slice(&encode::pem::private_key(&key_b, None).unwrap());
        let err = verify(
            &[planned(with_key, vec![a.clone()], true)],
            Some(&key_a),
            None,
        )
        .unwrap_err();
        assert!(
            err.message.contains("private key differs"),
            "{}",
            err.message
        );
        // A PKCS#12 file under the right and a wrong password.
        let contents = Contents {
            key: Some(&key_a),
            leaf: Some(&a),
            chain: vec![],
            friendly_name: Some("a"),
        };
        let p12 =
            encode::pkcs12::encode(&contents, "pw-1", Profile::Modern, MacKind::Classic).unwrap();
        verify(
            &[planned(p12.clone(), vec![a.clone()], true)],
            Some(&key_a),
            Some("pw-1"),
        )
        .unwrap();
        assert!(verify(&[planned(p12, vec![a], true)], Some(&key_a), Some("pw-2")).is_err());
    }
}
