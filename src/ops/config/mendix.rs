//! `mendix`: the runtime custom settings for client certificates, as documented in Mendix's
//! "Use a Client Certificate" how-to: `ClientCertificates` (comma-separated PKCS#12 paths),
//! `ClientCertificatePasswords` (the passwords, same order), `ClientCertificateUsages` (a JSON
//! object from "Module.WebService" or a host name to one of those paths) and `CACertificates`
//! (comma-separated CA files). `mendix-m2ee` and `mendix-cloud-foundry` share the checks here.

use super::plan::{FileKind, SnippetLanguage};
use std::collections::BTreeMap;

use super::checks::refuse;
use super::plan::{Plan, Secret};
use crate::error::Result;

/// The four settings, with the passwords still secret.
pub struct Settings {
    /// Paths of the PKCS#12 files, as the runtime will see them.
    pub certificates: Vec<String>,
    pub passwords: Vec<Secret>,
    /// Host or service → PKCS#12 path.
    pub usages: BTreeMap<String, String>,
    /// Paths of the CA files.
    pub cas: Vec<String>,
}

impl Settings {
    /// The passwords joined as ClientCertificatePasswords wants them.
    pub fn joined_passwords(&self) -> String {
        self.passwords
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Where the passwords are, in the same order.
    pub fn password_locations(&self) -> String {
        self.passwords
            .iter()
            .map(|s| s.location.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// ClientCertificateUsages as the runtime parses it: JSON, so backslashes come out doubled.
    pub fn usages_json(&self) -> Option<String> {
        (!self.usages.is_empty())
            .then(|| serde_json::to_string(&self.usages).expect("a map of strings serializes"))
    }
}

/// Checks Mendix's rules and plans the PKCS#12 and CA files.
pub fn collect(plan: &mut Plan<'_>, write_ca_files: bool) -> Result<Settings> {
    for (key, _) in &plan.req.maps {
        if key.contains("://") || key.contains('/') {
            let host = key
                .split("://")
                .last()
                .unwrap_or(key)
                .split('/')
                .next()
                .unwrap_or_default();
            return Err(refuse(format!(
                "--map {key}: Mendix matches REST endpoints by host name alone, without scheme or path: write --map {host}=NAME"
            )));
        }
    }
    let mut settings = Settings {
        certificates: Vec::new(),
        passwords: Vec::new(),
        usages: BTreeMap::new(),
        cas: Vec::new(),
    };
    for index in 0..plan.req.certificates.len() {
        let (file, secret) = plan.pkcs12(index, "pfx")?;
        if secret.value.contains(',') {
            return Err(refuse(format!(
                "the password for {file} ({}) contains a comma, and ClientCertificatePasswords is a comma-separated list: choose a password without commas",
                secret.location
            )));
        }
        let path = plan.install_path(&file);
        let name = plan.req.certificates[index].name.clone();
        for key in plan.keys_for(&name) {
            settings.usages.insert(key, path.clone());
        }
        settings.certificates.push(path);
        settings.passwords.push(secret);
    }
    let trust = plan.req.trust.clone();
    for cert in &trust {
        let file = format!(
            "ca-{}.crt",
            crate::model::naming::certificate_name(cert, None)
        );
        let pem = crate::encode::pem::certificate(cert);
        if write_ca_files {
            plan.add_file(&file, pem.into_bytes(), FileKind::Certificate, false);
        }
        settings.cas.push(plan.install_path(&file));
    }
    check_rules(&settings)?;
    Ok(settings)
}

/// The rules the runtime's comma-separated lists impose.
fn check_rules(settings: &Settings) -> Result<()> {
    for path in settings.certificates.iter().chain(&settings.cas) {
        if path.contains(',') {
            return Err(refuse(format!(
                "{path}: Mendix separates the paths in ClientCertificates and CACertificates with commas, so a path cannot hold one: choose another --install-dir"
            )));
        }
    }
    for (key, path) in &settings.usages {
        if !settings.certificates.contains(path) {
            return Err(refuse(format!(
                "ClientCertificateUsages maps {key} to {path}, which is not listed in ClientCertificates"
            )));
        }
    }
    Ok(())
}

/// Name/value lines for the Custom tab, plus the same settings in the report.
pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    let settings = collect(plan, true)?;
    plan.setting("ClientCertificates", settings.certificates.join(","));
    let locations = settings.password_locations();
    plan.secret_setting(
        "ClientCertificatePasswords",
        &settings.joined_passwords(),
        &locations,
    );
    if let Some(usages) = settings.usages_json() {
        plan.setting("ClientCertificateUsages", usages);
    }
    if !settings.cas.is_empty() {
        plan.setting("CACertificates", settings.cas.join(","));
    }
    let mut lines = String::new();
    for s in &plan.report.settings {
        let value = match &s.value {
            Some(v) => v.clone(),
            None => plan.shown("", s.secret_file.as_deref().unwrap_or_default()),
        };
        lines.push_str(&format!("{}\t{}\n", s.name, value));
    }
    plan.snippet(
        "App > Settings > Configuration > Custom (name, value)",
        SnippetLanguage::Text,
        None,
        lines,
    );
    plan.note(format!(
        "copy the PKCS#12 files to {} on the Mendix server; the paths above point there",
        plan.req.install_dir
    ));
    Ok(())
}
