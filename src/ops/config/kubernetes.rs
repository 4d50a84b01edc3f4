//! `kubernetes`: a Secret of type `kubernetes.io/tls` per certificate (the documented keys
//! `tls.crt` and `tls.key`, plus `ca.crt`), as a manifest for `kubectl apply -f`.

use super::plan::{shell_quote, Plan};
use super::plan::{FileKind, SnippetLanguage};
use crate::error::Result;

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    for index in 0..plan.req.certificates.len() {
        let checked = &plan.req.certificates[index];
        let mut chain = vec![&checked.leaf];
        chain.extend(checked.intermediates());
        let tls_crt = crate::encode::pem::certificates(&chain);
        let tls_key = crate::encode::pem::private_key(&checked.key, None)?;
        // ca.crt: what the pod trusts for the server it calls (--ca), else the root of this
        // certificate's chain, for a server that must trust it.
        let ca = if plan.req.trust.is_empty() {
            crate::encode::pem::certificates(&checked.root().into_iter().collect::<Vec<_>>())
        } else {
            crate::encode::pem::certificates(&plan.req.trust.iter().collect::<Vec<_>>())
        };
        let name = secret_name(&checked.name);
        let b64 = |b: &[u8]| openssl::base64::encode_block(b);
        let render = |key: &str| {
            format!(
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: {}\n  tls.key: {key}\n  ca.crt: {}\n",
                b64(tls_crt.as_bytes()),
                b64(ca.as_bytes()),
            )
        };
        let full = render(&b64(&tls_key));
        let file = plan.add_file(
            &format!("{name}.secret.yaml"),
            full.clone().into_bytes(),
            FileKind::Configuration,
            true,
        );
        let shown = if plan.req.include_secrets {
            full
        } else {
            render(&format!("<secret: the file {}>", file.display()))
        };
        plan.snippet(
            &format!("Secret {name}"),
            SnippetLanguage::Yaml,
            Some(&file),
            shown,
        );
        plan.snippet(
            "apply",
            SnippetLanguage::Shell,
            None,
            format!(
                "kubectl apply -f {}\n",
                shell_quote(&file.display().to_string())
            ),
        );
    }
    Ok(())
}

/// A DNS-1123 subdomain: lowercase letters, digits, '-' and '.'.
fn secret_name(name: &str) -> String {
    let lowered: String = name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let trimmed = lowered.trim_matches(|c| c == '-' || c == '.');
    if trimmed.is_empty() {
        "client-certificate".into()
    } else {
        format!("{trimmed}-tls")
    }
}
