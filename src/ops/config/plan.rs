//! The configuration being assembled for one target: the request, the report (settings,
//! snippets, files, notes) and the files to write, with the helpers every target uses to plan
//! PKCS#12 files in a profile, PEM chains, private keys and passwords. Nothing is written until
//! [`Plan::write`], which refuses before the first write when any file exists.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::encode::pkcs12::{self as p12, Profile};
use crate::error::{Error, ErrorKind, Result};
use crate::fsutil::{write_atomic, Overwrite, Privacy};
use crate::model::pkcs12::Opens;
use crate::model::Certificate;
use crate::ops::summary::CertificateSummary;

use super::checks::{refuse, Checked};

/// The platforms certkit writes configuration for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Mendix,
    MendixM2ee,
    MendixCloudFoundry,
    Outsystems,
    Nginx,
    Curl,
    Java,
    Spring,
    Kubernetes,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Mendix => "mendix",
            Target::MendixM2ee => "mendix-m2ee",
            Target::MendixCloudFoundry => "mendix-cloud-foundry",
            Target::Outsystems => "outsystems",
            Target::Nginx => "nginx",
            Target::Curl => "curl",
            Target::Java => "java",
            Target::Spring => "spring",
            Target::Kubernetes => "kubernetes",
        }
    }

    /// The PKCS#12 profile the target's runtime reads, and that reader as `inspect` names it.
    /// Mendix apps may still run on Java 8 builds before 8u301 and OutSystems front ends on
    /// Windows Server 2016, which both refuse AES-encrypted files; Java and Spring here mean a
    /// current JDK.
    pub fn pkcs12_reader(self) -> (Profile, &'static str) {
        match self {
            Target::Mendix | Target::MendixM2ee | Target::MendixCloudFoundry => {
                (Profile::Legacy, "Java 8 (before 8u301)")
            }
            Target::Outsystems => (Profile::Legacy, "Windows Server 2016"),
            _ => (Profile::Modern, "OpenSSL 3"),
        }
    }

    /// Targets where `--map KEY=` (an empty name) means "call KEY without a certificate".
    fn maps_without_certificate(self) -> bool {
        self == Target::Nginx
    }

    /// Targets that configure a single, process-wide client certificate.
    fn single_certificate(self) -> bool {
        matches!(self, Target::Curl | Target::Java)
    }
}

/// Where the password of written PKCS#12 files comes from.
pub enum NewPassword {
    /// Given by the user; `source` says where (`$VAR`, "the file F"), `file` is that file.
    Given {
        password: Zeroizing<String>,
        source: String,
        file: Option<PathBuf>,
    },
    /// A random password per file, written next to it.
    Generate,
}

/// Everything a target needs, checked.
pub struct Request {
    pub target: Target,
    pub certificates: Vec<Checked>,
    /// `--map KEY=NAME`, in command-line order.
    pub maps: Vec<(String, String)>,
    /// `--ca` certificates: what the consumer must trust.
    pub trust: Vec<Certificate>,
    pub out_dir: PathBuf,
    /// The folder the files will be in where they are used.
    pub install_dir: String,
    pub url: Option<String>,
    pub app: String,
    pub profile: Option<Profile>,
    pub include_secrets: bool,
    pub new_password: NewPassword,
    /// The time the certificates are reported at (`--now`/`CERTKIT_NOW`, else the clock).
    pub now: time::OffsetDateTime,
}

/// The result: versioned, the same for human and JSON output.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConfigReport {
    pub version: u32,
    pub target: Target,
    pub certificates: Vec<CertificateUsed>,
    /// Name/value settings (Mendix custom settings, Java system properties, environment
    /// variables, Spring properties).
    pub settings: Vec<Setting>,
    /// Configuration text and commands, ready to paste.
    pub snippets: Vec<Snippet>,
    pub files: Vec<WrittenFile>,
    pub notes: Vec<String>,
}

impl ConfigReport {
    /// The version of this JSON document; it changes when the format does.
    pub const VERSION: u32 = 2;
}

/// One certificate the configuration uses.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CertificateUsed {
    pub name: String,
    pub input: String,
    #[serde(flatten)]
    pub certificate: CertificateSummary,
    /// The root the chain ends at.
    pub root: String,
    /// The PKCS#12 profile written for it, when the target takes PKCS#12.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pkcs12_profile: Option<Profile>,
    /// Why the input's PKCS#12 encryption was replaced, when the target's runtime could not
    /// have opened it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub reencrypted: Option<String>,
}

/// One setting. A secret's value is left out unless `--include-secrets`; `secret_file` then
/// says where it is.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Setting {
    pub name: String,
    pub value: Option<String>,
    pub secret: bool,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub secret_file: Option<String>,
}

/// A block of configuration or commands.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Snippet {
    pub title: String,
    pub language: SnippetLanguage,
    /// The file it was also written to, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file: Option<String>,
    pub text: String,
}

/// A file written.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WrittenFile {
    pub path: String,
    pub kind: FileKind,
    /// Readable by the owner only (0600): it holds a key or a password.
    pub secret: bool,
}

/// What a written file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Pkcs12,
    Certificate,
    PrivateKey,
    Password,
    Truststore,
    Configuration,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Pkcs12 => "pkcs12",
            FileKind::Certificate => "certificate",
            FileKind::PrivateKey => "private_key",
            FileKind::Password => "password",
            FileKind::Truststore => "truststore",
            FileKind::Configuration => "configuration",
        }
    }
}

/// The language of a snippet, for highlighting and for choosing where to paste it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SnippetLanguage {
    Nginx,
    Shell,
    Powershell,
    Yaml,
    Properties,
    Text,
}

/// A secret value and the words that name where it is.
pub struct Secret {
    pub value: Zeroizing<String>,
    /// "the file out/billing.pfx.password", "$PFX_PASSWORD".
    pub location: String,
    /// The file holding it, when there is one.
    pub file: Option<PathBuf>,
}

/// A file to write.
struct Planned {
    path: PathBuf,
    bytes: Zeroizing<Vec<u8>>,
    privacy: Privacy,
}

/// The configuration being assembled: the report plus the files, nothing written yet.
pub struct Plan<'a> {
    pub req: &'a Request,
    pub report: ConfigReport,
    files: Vec<Planned>,
}

impl<'a> Plan<'a> {
    /// An empty plan for `req`: the certificates listed, no settings or files yet.
    pub fn new(req: &'a Request) -> Plan<'a> {
        let now = req.now;
        Plan {
            req,
            report: ConfigReport {
                version: ConfigReport::VERSION,
                target: req.target,
                certificates: req
                    .certificates
                    .iter()
                    .map(|c| CertificateUsed {
                        name: c.name.clone(),
                        input: c.input.clone(),
                        certificate: CertificateSummary::new(&c.leaf, now),
                        root: c.root_subject.clone(),
                        pkcs12_profile: None,
                        reencrypted: None,
                    })
                    .collect(),
                settings: Vec::new(),
                snippets: Vec::new(),
                files: Vec::new(),
                notes: req
                    .certificates
                    .iter()
                    .filter_map(Checked::unknown_root_warning)
                    .collect(),
            },
            files: Vec::new(),
        }
    }
}

/// Rules every target shares: unique names, maps naming given certificates, one
/// certificate for process-wide targets.
pub fn validate_common(req: &Request) -> Result<()> {
    if req.certificates.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            "no certificate given: name one with --cert FILE or --entry NAME",
        ));
    }
    for (i, c) in req.certificates.iter().enumerate() {
        if req.certificates[..i].iter().any(|o| o.name == c.name) {
            return Err(refuse(format!(
                "two certificates are named {:?}: name them with --cert NAME=FILE",
                c.name
            )));
        }
    }
    if req.target.single_certificate() && req.certificates.len() > 1 {
        return Err(refuse(format!(
            "{} presents one client certificate per process: give one --cert or --entry",
            req.target.as_str()
        )));
    }
    for (key, name) in &req.maps {
        if key.is_empty() {
            return Err(refuse(format!(
                "--map ={name}: the host or service is empty: write --map HOST=NAME"
            )));
        }
        if name.is_empty() && req.target.maps_without_certificate() {
            continue;
        }
        if name.is_empty() {
            return Err(refuse(format!(
                "--map {key}=: {} has no setting for \"no certificate\" for one endpoint: leave {key} out of the mappings instead",
                req.target.as_str()
            )));
        }
        if !req.certificates.iter().any(|c| &c.name == name) {
            let known: Vec<&str> = req.certificates.iter().map(|c| c.name.as_str()).collect();
            return Err(refuse(format!(
                "--map {key}={name}: no certificate is named {name:?} (given: {}); name one with --cert {name}=FILE",
                known.join(", ")
            )));
        }
    }
    Ok(())
}

impl Plan<'_> {
    /// The absolute path of `file` in the output folder.
    pub fn out_path(&self, file: &str) -> PathBuf {
        self.req.out_dir.join(file)
    }

    /// Where `file` will be on the machine that uses it, in that machine's path style.
    pub fn install_path(&self, file: &str) -> String {
        let dir = &self.req.install_dir;
        let sep = if dir.contains('\\') && !dir.contains('/') {
            '\\'
        } else {
            '/'
        };
        if dir.ends_with(sep) {
            format!("{dir}{file}")
        } else {
            format!("{dir}{sep}{file}")
        }
    }

    /// Plans a file and records it in the report.
    pub fn add_file(
        &mut self,
        file: &str,
        bytes: Vec<u8>,
        kind: FileKind,
        secret: bool,
    ) -> PathBuf {
        let path = self.out_path(file);
        self.report.files.push(WrittenFile {
            path: path.display().to_string(),
            kind,
            secret,
        });
        self.files.push(Planned {
            path: path.clone(),
            bytes: Zeroizing::new(bytes),
            privacy: if secret {
                Privacy::Secret
            } else {
                Privacy::Public
            },
        });
        path
    }

    pub fn has_planned(&self, file: &str) -> bool {
        let path = self.out_path(file);
        self.files.iter().any(|f| f.path == path)
    }

    /// Takes a planned file back out of the plan (its bytes go elsewhere).
    pub fn unplan(&mut self, file: &str) -> Option<Zeroizing<Vec<u8>>> {
        let path = self.out_path(file);
        let at = self.files.iter().position(|f| f.path == path)?;
        let shown = path.display().to_string();
        self.report.files.retain(|f| f.path != shown);
        Some(self.files.remove(at).bytes)
    }

    pub fn note(&mut self, text: impl Into<String>) {
        self.report.notes.push(text.into());
    }

    pub fn snippet(
        &mut self,
        title: &str,
        language: SnippetLanguage,
        file: Option<&Path>,
        text: String,
    ) {
        self.report.snippets.push(Snippet {
            title: title.to_string(),
            language,
            file: file.map(|p| p.display().to_string()),
            text,
        });
    }

    pub fn setting(&mut self, name: &str, value: impl Into<String>) {
        self.report.settings.push(Setting {
            name: name.to_string(),
            value: Some(value.into()),
            secret: false,
            secret_file: None,
        });
    }

    /// A setting holding a secret: its value only with `--include-secrets`.
    pub fn secret_setting(&mut self, name: &str, value: &str, location: &str) {
        let include = self.req.include_secrets;
        self.report.settings.push(Setting {
            name: name.to_string(),
            value: include.then(|| value.to_string()),
            secret: true,
            secret_file: Some(location.to_string()),
        });
    }

    /// How a secret appears in printed text: itself with `--include-secrets`, else a
    /// placeholder naming where it is.
    pub fn shown(&self, value: &str, location: &str) -> String {
        if self.req.include_secrets {
            value.to_string()
        } else {
            format!("<secret: {location}>")
        }
    }

    /// The password for the PKCS#12 file `file`: the one given, or a new random one written
    /// to `FILE.password` (0600).
    pub fn pkcs12_password(&mut self, file: &str) -> Secret {
        match &self.req.new_password {
            NewPassword::Given {
                password,
                source,
                file,
            } => Secret {
                value: password.clone(),
                location: source.clone(),
                file: file.clone(),
            },
            NewPassword::Generate => {
                let name = format!("{file}.password");
                // The password another target wrote into the same folder is used again, so
                // that targets can share an output folder (see `same_pkcs12`).
                let value = std::fs::read(self.out_path(&name))
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .map(|text| Zeroizing::new(text.trim_end_matches(['\r', '\n']).to_string()))
                    .filter(|value| !value.is_empty())
                    .unwrap_or_else(random_password);
                let path = self.add_file(
                    &name,
                    format!("{}\n", value.as_str()).into_bytes(),
                    FileKind::Password,
                    true,
                );
                Secret {
                    value,
                    location: format!("the file {}", path.display()),
                    file: Some(path),
                }
            }
        }
    }

    /// Writes `checked` (key, leaf, issuers) as `NAME.EXT` in the target's profile, after
    /// reading it back; records the profile and, when the input's own PKCS#12 encryption would
    /// not have opened in the target's runtime, why it was replaced.
    pub fn pkcs12(&mut self, index: usize, ext: &str) -> Result<(String, Secret)> {
        let checked = &self.req.certificates[index];
        let (default_profile, reader) = self.req.target.pkcs12_reader();
        let profile = self.req.profile.unwrap_or(default_profile);
        let file = format!("{}.{ext}", checked.name);
        let secret = self.pkcs12_password(&file);
        let bytes = p12::encode(
            &p12::Contents {
                key: Some(&checked.key),
                leaf: Some(&checked.leaf),
                chain: checked.issuers.iter().collect(),
                friendly_name: Some(&checked.name),
            },
            &secret.value,
            profile,
            // PBMAC1 is readable by OpenSSL 3.4+ only, none of the targets' runtimes.
            p12::MacKind::Classic,
        )?;
        // Read back with the same loader every command uses before anything is written.
        let back = crate::decode::load(
            &bytes,
            None,
            &crate::password::Passwords::fixed(Some(&secret.value)),
        )?;
        if back.key_matches_leaf() != Some(true) {
            return Err(Error::new(
                ErrorKind::UnsupportedAlgorithm,
                format!(
                    "the PKCS#12 file written for {} did not read back with its key",
                    checked.name
                ),
            ));
        }
        let bytes = same_pkcs12(&self.out_path(&file), &back, &secret.value).unwrap_or(bytes);
        let reencrypted = checked.pkcs12.as_ref().and_then(|details| {
            details
                .compatibility()
                .into_iter()
                .find(|c| c.reader == reader && c.opens == Opens::No)
                .map(|c| {
                    format!(
                        "{} could not open {}'s encryption ({}): written again with the {} profile ({})",
                        reader,
                        checked.input,
                        // The reader's reason, without inspect's advice to convert.
                        c.reason
                            .unwrap_or_default()
                            .split(": use ")
                            .next()
                            .unwrap_or_default(),
                        profile.as_str(),
                        profile.summary()
                    )
                })
        });
        let used = &mut self.report.certificates[index];
        used.pkcs12_profile = Some(profile);
        used.reencrypted = reencrypted.clone();
        let note = match reencrypted {
            Some(why) => why,
            None => format!(
                "{file}: PKCS#12 written with the {} profile ({}), which {} reads",
                profile.as_str(),
                profile.summary(),
                reader
            ),
        };
        self.note(note);
        self.add_file(&file, bytes, FileKind::Pkcs12, true);
        Ok((file, secret))
    }

    /// `NAME.crt` (leaf then intermediates, PEM) and `NAME.key` (PKCS#8, unencrypted, 0600).
    pub fn pem_pair(&mut self, index: usize) -> Result<(PathBuf, PathBuf)> {
        let checked = &self.req.certificates[index];
        let mut chain = vec![&checked.leaf];
        chain.extend(checked.intermediates());
        let pem = crate::encode::pem::certificates(&chain);
        let key = crate::encode::pem::private_key(&checked.key, None)?;
        let name = checked.name.clone();
        let cert_path = self.add_file(
            &format!("{name}.crt"),
            pem.into_bytes(),
            FileKind::Certificate,
            false,
        );
        let key_path = self.add_file(
            &format!("{name}.key"),
            key.to_vec(),
            FileKind::PrivateKey,
            true,
        );
        Ok((cert_path, key_path))
    }

    /// `ca.crt`: the `--ca` certificates, PEM; `None` without any.
    pub fn trust_pem(&mut self) -> Option<PathBuf> {
        if self.req.trust.is_empty() {
            return None;
        }
        let pem = crate::encode::pem::certificates(&self.req.trust.iter().collect::<Vec<_>>());
        Some(self.add_file("ca.crt", pem.into_bytes(), FileKind::Certificate, false))
    }

    /// Mapping keys pinned to certificate `name`.
    pub fn keys_for(&self, name: &str) -> Vec<String> {
        self.req
            .maps
            .iter()
            .filter(|(_, n)| n == name)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Writes every planned file; refuses before writing any when one exists with other
    /// content, without `--force`. A file that is already there as planned is not a conflict
    /// (targets share an output folder) and is left as it is.
    pub fn write(self, force: bool) -> Result<ConfigReport> {
        std::fs::create_dir_all(&self.req.out_dir)
            .map_err(|e| Error::io("create", &self.req.out_dir, &e))?;
        let unchanged = |f: &Planned| {
            std::fs::read(&f.path).is_ok_and(|old| old.as_slice() == f.bytes.as_slice())
        };
        if !force {
            if let Some(existing) = self.files.iter().find(|f| f.path.exists() && !unchanged(f)) {
                return Err(Error::new(
                    ErrorKind::Exists,
                    format!(
                        "{} already exists: use --force to replace it (nothing was written)",
                        existing.path.display()
                    ),
                ));
            }
        }
        let overwrite = if force {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        };
        for file in self.files.iter().filter(|f| force || !unchanged(f)) {
            write_atomic(&file.path, &file.bytes, file.privacy, overwrite)?;
        }
        Ok(self.report)
    }
}

/// The PKCS#12 file already at `path`, when it opens with `password` and holds what `fresh`
/// holds: the same private key, the same certificates, the same encryption and MAC. It is kept
/// as it is, so that targets sharing an output folder agree on it (a PKCS#12 file is salted, so
/// two writes of the same contents never match byte for byte).
fn same_pkcs12(path: &Path, fresh: &crate::model::Bundle, password: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let passwords = crate::password::Passwords::fixed(Some(password));
    let old = crate::decode::load(&bytes, Some(path), &passwords).ok()?;
    let key = |b: &crate::model::Bundle| b.private_key.as_ref().map(|k| k.pkcs8_der());
    let certificates = |b: &crate::model::Bundle| {
        b.certificates
            .iter()
            .map(|c| c.der().to_vec())
            .collect::<Vec<_>>()
    };
    let protection = |b: &crate::model::Bundle| {
        b.source.pkcs12.as_ref().map(|d| {
            (
                d.certificate_encryption.clone(),
                d.key_encryption.clone(),
                d.mac.clone(),
            )
        })
    };
    (key(&old).is_some()
        && key(&old) == key(fresh)
        && certificates(&old) == certificates(fresh)
        && protection(&old) == protection(fresh))
    .then_some(bytes)
}

/// 24 random bytes as hex: no character any target treats specially (commas, quotes, `$`).
fn random_password() -> Zeroizing<String> {
    let mut bytes = Zeroizing::new([0u8; 24]);
    openssl::rand::rand_bytes(bytes.as_mut()).expect("the OpenSSL random generator works");
    Zeroizing::new(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Quotes `text` for a POSIX shell (single quotes).
pub fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+".contains(c))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}

/// A shell word that expands to the secret where it runs: `"$(cat FILE)"` or `"$VAR"`, or the
/// quoted value itself with `--include-secrets`.
pub fn shell_secret(plan: &Plan<'_>, secret: &Secret) -> String {
    if plan.req.include_secrets {
        return shell_quote(&secret.value);
    }
    match (&secret.file, secret.location.strip_prefix('$')) {
        (Some(file), _) => format!("\"$(cat {})\"", shell_quote(&file.display().to_string())),
        (None, Some(var)) => format!("\"${var}\""),
        (None, None) => format!("<secret: {}>", secret.location),
    }
}
