//! `spring`: Spring Boot SSL bundles (`spring.ssl.bundle.jks.NAME.keystore.*` and
//! `.truststore.*`, Spring Boot reference "SSL"), one bundle per certificate, over PKCS#12
//! keystores; an application selects one with `spring.ssl.bundle` names such as
//! `RestClientSsl.fromBundle("NAME")`.

use super::java;
use super::plan::Plan;
use super::plan::{FileKind, SnippetLanguage};
use crate::error::Result;

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    let mut shown = String::new();
    let mut full = String::new();
    for index in 0..plan.req.certificates.len() {
        let stores = java::stores(plan, index, index == 0)?;
        let bundle = plan.req.certificates[index].name.to_lowercase();
        let prefix = format!("spring.ssl.bundle.jks.{bundle}");
        let mut lines: Vec<(String, String, bool)> = vec![
            (
                format!("{prefix}.keystore.location"),
                format!("file:{}", stores.keystore),
                false,
            ),
            (format!("{prefix}.keystore.type"), "PKCS12".into(), false),
            (
                format!("{prefix}.keystore.password"),
                stores.password.value.to_string(),
                true,
            ),
            (
                format!("{prefix}.key.alias"),
                plan.req.certificates[index].name.clone(),
                false,
            ),
        ];
        let truststore = stores
            .truststore
            .clone()
            .or_else(|| (!plan.req.trust.is_empty()).then(|| plan.install_path("truststore.p12")));
        if let Some(truststore) = truststore {
            lines.push((
                format!("{prefix}.truststore.location"),
                format!("file:{truststore}"),
                false,
            ));
            lines.push((format!("{prefix}.truststore.type"), "PKCS12".into(), false));
            lines.push((
                format!("{prefix}.truststore.password"),
                java::TRUSTSTORE_PASSWORD.into(),
                false,
            ));
        }
        for (name, value, secret) in lines {
            full.push_str(&format!("{name}={value}\n"));
            if secret {
                let location = stores.password.location.clone();
                shown.push_str(&format!("{name}={}\n", plan.shown(&value, &location)));
                plan.secret_setting(&name, &value, &location);
            } else {
                shown.push_str(&format!("{name}={value}\n"));
                plan.setting(&name, value);
            }
        }
    }
    let file = plan.add_file(
        "ssl-bundles.properties",
        full.into_bytes(),
        FileKind::Configuration,
        true,
    );
    plan.snippet(
        "application.properties (also written, with the passwords, to the file)",
        SnippetLanguage::Properties,
        Some(&file),
        shown,
    );
    Ok(())
}
