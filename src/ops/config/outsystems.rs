//! `outsystems`: what OutSystems' "Installing client side certificates on on-premises
//! environments" procedure does by hand on every front end, as certkit commands for Windows
//! (import into LocalMachine Personal with the chain, grant the key to `IIS_IUSRS` and
//! `NETWORK SERVICE`, with the CA certificates imported into the Root and Intermediate stores
//! first, verify the path, export the public `.cer` under the same name on every
//! front end); the PFX and password the `SetupCertificateAuth` extension action takes
//! (`ClientCertificateContent`, `CertificatePassword`); and for OutSystems Cloud, the files a
//! support request needs (the PFX with its password, the CA certificates as `.cer`).
//!
//! The script imports the key into CNG (`--key-provider cng`, the Microsoft Software Key
//! Storage Provider, where `Import-PfxCertificate` puts keys too): RSA and EC keys on P-256,
//! P-384 and P-521. Any other key is refused before anything is written, rather than handing
//! the front ends a script that fails there.

use super::plan::Plan;
use super::plan::{FileKind, SnippetLanguage};
use crate::error::{Error, ErrorKind, Result};
use crate::store::cng_blob;

/// The accounts IIS application pools run OutSystems applications as.
const GRANTEES: [&str; 2] = ["IIS_IUSRS", "NETWORK SERVICE"];

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    // Every key first: nothing is planned when one cannot be installed.
    for checked in &plan.req.certificates {
        if let Err(why) = cng_blob::private_key_blob(&checked.key) {
            return Err(Error::new(
                ErrorKind::UnsupportedAlgorithm,
                format!(
                    "{}: the OutSystems front ends cannot install this key: {}",
                    checked.input,
                    why.message
                        .split_once("; ")
                        .map_or(why.message.as_str(), |(reason, _)| reason)
                ) + "; issue the certificate with an RSA or EC (P-256) key",
            ));
        }
    }
    let export_dir = plan.req.install_dir.clone();
    for index in 0..plan.req.certificates.len() {
        let (file, secret) = plan.pkcs12(index, "pfx")?;
        let name = plan.req.certificates[index].name.clone();
        let password_arg = match &secret.file {
            Some(_) => format!("--password-file .\\{file}.password"),
            None => match secret.location.strip_prefix('$') {
                Some(var) => format!("--password-env {var}"),
                None => "--password-file PASSWORD-FILE".to_string(),
            },
        };
        let store = "--store windows:LocalMachine";
        let mut script = String::from(
            "# Run in an elevated PowerShell on every front end, in the folder holding the files.\n",
        );
        // The CAs first, each into its Windows store, so that verify-chain below finds the
        // whole path; the same .cer files go with an OutSystems Cloud support request.
        let checked = &plan.req.certificates[index];
        let cas: Vec<(String, crate::model::Certificate, &str)> = checked
            .intermediates()
            .iter()
            .map(|ca| (ca.clone(), "intermediate"))
            .chain(checked.root().map(|root| (root.clone(), "root")))
            .map(|(ca, to)| (cer_name(&ca), ca, to))
            .collect();
        let unknown_root = (!checked.root_known).then(|| checked.root_subject.clone());
        for (cer, _, to) in &cas {
            script.push_str(&format!("certkit {store} import .\\{cer} --to {to}\n"));
        }
        if let Some(root) = &unknown_root {
            script.push_str(&format!(
                "# The root CA \"{root}\" is not among these files: import it with --to root first, or verify-chain fails.\n"
            ));
        }
        let key = checked.key.description();
        if let Some(curve) = &key.curve {
            script.push_str(&format!(
                "# The private key is EC ({curve}): CNG keeps it (CryptoAPI has no EC keys); IIS and .NET use it from there.\n"
            ));
        }
        // import takes one group per run and is idempotent: one run per account. The key
        // goes to CNG, as Import-PfxCertificate would put it (TLS 1.3 needs it there).
        for account in GRANTEES {
            script.push_str(&format!(
                "certkit {store} import .\\{file} {password_arg} --name {name} --key-provider cng --grant-read \"{account}\"\n"
            ));
        }
        script.push_str(&format!(
            "certkit {store} verify-chain .\\{file} {password_arg} --purpose client\n"
        ));
        script.push_str(&format!(
            "certkit {store} export-public --der \"{export_dir}\" --name {name}\n"
        ));
        let script_file = format!("install-{name}.ps1");
        let path = plan.add_file(
            &script_file,
            script.clone().into_bytes(),
            FileKind::Configuration,
            false,
        );
        plan.snippet(
            &format!("front-end install procedure for {name}"),
            SnippetLanguage::Powershell,
            Some(&path),
            script,
        );
        plan.setting(
            "ClientCertificateContent",
            plan.out_path(&file).display().to_string(),
        );
        plan.secret_setting("CertificatePassword", &secret.value, &secret.location);

        // OutSystems Cloud: a support case with the PFX and the CAs as .cer files.
        let mut request = format!(
            "OutSystems Cloud support request for {name}:\n  - {file} (PKCS#12, with its password: {})\n",
            plan.shown(&secret.value, &secret.location)
        );
        for (cer, ca, _) in &cas {
            request.push_str(&format!("  - {cer} ({})\n", ca.subject_text()));
            if !plan.has_planned(cer) {
                plan.add_file(cer, ca.der().to_vec(), FileKind::Certificate, false);
            }
        }
        request.push_str("  - the environments to install it in\n");
        plan.snippet("OutSystems Cloud", SnippetLanguage::Text, None, request);
    }
    plan.note(format!(
        "the public certificate is exported as NAME.cer to {export_dir} on every front end (--install-dir)"
    ));
    Ok(())
}

/// The `.cer` file a CA certificate is written to.
fn cer_name(ca: &crate::model::Certificate) -> String {
    format!("{}.cer", crate::model::naming::certificate_name(ca, None))
}
