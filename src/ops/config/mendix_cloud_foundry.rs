//! `mendix-cloud-foundry`: the environment variables of the Mendix Cloud Foundry buildpack.
//! `CLIENT_CERTIFICATES` is a JSON list of objects with `pfx` (the PKCS#12 file, base64),
//! `password` and optionally `pin_to` (the services and hosts it is for);
//! `CERTIFICATE_AUTHORITIES` is PEM text of the CAs to trust. The buildpack turns them into
//! the runtime's ClientCertificates, ClientCertificatePasswords, ClientCertificateUsages and
//! CACertificates settings (buildpack/core/security.py).

use super::plan::{FileKind, SnippetLanguage};
use serde::Serialize;

use super::mendix;
use super::plan::{shell_quote, Plan};
use crate::error::Result;

/// One element of CLIENT_CERTIFICATES.
#[derive(Serialize)]
struct ClientCertificate<'a> {
    pfx: String,
    password: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pin_to: Vec<String>,
}

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    let settings = mendix::collect(plan, false)?;
    let mut list = Vec::new();
    let req = plan.req;
    for (index, checked) in req.certificates.iter().enumerate() {
        let file = format!("{}.pfx", checked.name);
        // The buildpack takes the file inside the variable, not as a file of its own.
        let bytes = plan.unplan(&file).unwrap_or_default();
        list.push(ClientCertificate {
            pfx: openssl::base64::encode_block(&bytes),
            password: settings.passwords[index].value.as_str(),
            pin_to: plan.keys_for(&checked.name),
        });
    }
    let json = serde_json::to_string(&list).expect("the list serializes");
    let cc_file = plan.add_file(
        "CLIENT_CERTIFICATES.json",
        json.clone().into_bytes(),
        FileKind::Configuration,
        true,
    );
    let app = shell_quote(&plan.req.app);
    let mut commands = String::new();
    let cc_value = if plan.req.include_secrets {
        shell_quote(&json)
    } else {
        format!("\"$(cat {})\"", shell_quote(&cc_file.display().to_string()))
    };
    commands.push_str(&format!(
        "cf set-env {app} CLIENT_CERTIFICATES {cc_value}\n"
    ));
    plan.secret_setting(
        "CLIENT_CERTIFICATES",
        &json,
        &format!("the file {}", cc_file.display()),
    );
    if !plan.req.trust.is_empty() {
        let pem = crate::encode::pem::certificates(&plan.req.trust.iter().collect::<Vec<_>>());
        let ca_file = plan.add_file(
            "CERTIFICATE_AUTHORITIES.pem",
            pem.clone().into_bytes(),
            FileKind::Certificate,
            false,
        );
        commands.push_str(&format!(
            "cf set-env {app} CERTIFICATE_AUTHORITIES \"$(cat {})\"\n",
            shell_quote(&ca_file.display().to_string())
        ));
        plan.setting("CERTIFICATE_AUTHORITIES", pem);
    }
    commands.push_str(&format!("cf restage {app}\n"));
    plan.snippet(
        "Cloud Foundry environment",
        SnippetLanguage::Shell,
        None,
        commands,
    );
    Ok(())
}
