//! `mendix-m2ee`: the `mxruntime:` block of m2ee-tools' YAML configuration. m2ee-tools sends
//! the block to the runtime as its configuration (and joins `ClientCertificates`,
//! `ClientCertificatePasswords` and `CACertificates` with commas when they are lists), so the
//! values are the runtime's own custom settings. Every value is written as a JSON string or
//! object, which YAML reads as the same string or mapping.

use super::mendix;
use super::plan::Plan;
use super::plan::{FileKind, SnippetLanguage};
use crate::error::Result;

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    let settings = mendix::collect(plan, true)?;
    let quote = |s: &str| serde_json::to_string(s).expect("a string serializes");
    let render = |passwords: &str| {
        let mut yaml = String::from("mxruntime:\n");
        yaml.push_str(&format!(
            "  ClientCertificates: {}\n",
            quote(&settings.certificates.join(","))
        ));
        yaml.push_str(&format!(
            "  ClientCertificatePasswords: {}\n",
            quote(passwords)
        ));
        if let Some(usages) = settings.usages_json() {
            yaml.push_str(&format!("  ClientCertificateUsages: {usages}\n"));
        }
        if !settings.cas.is_empty() {
            yaml.push_str(&format!(
                "  CACertificates: {}\n",
                quote(&settings.cas.join(","))
            ));
        }
        yaml
    };
    let full = render(&settings.joined_passwords());
    let file = plan.add_file(
        "m2ee-mxruntime.yaml",
        full.clone().into_bytes(),
        FileKind::Configuration,
        true,
    );
    let locations = settings.password_locations();
    let shown = if plan.req.include_secrets {
        full
    } else {
        render(&format!("<secret: {locations}>"))
    };
    plan.setting("ClientCertificates", settings.certificates.join(","));
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
    plan.snippet(
        "merge into m2ee.yaml (the complete block, with the passwords, is in the file)",
        SnippetLanguage::Yaml,
        Some(&file),
        shown,
    );
    Ok(())
}
