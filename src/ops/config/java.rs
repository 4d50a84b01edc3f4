//! `java`: a PKCS#12 keystore with the client certificate and its key, a truststore with the
//! `--ca` certificates, and the JSSE system properties that point the JVM at them
//! (`javax.net.ssl.keyStore`, `keyStoreType`, `keyStorePassword`, `trustStore`,
//! `trustStoreType`, `trustStorePassword`, from the JSSE Reference Guide).

use super::plan::{shell_quote, shell_secret, Plan, Secret};
use super::plan::{FileKind, SnippetLanguage};
use crate::error::Result;

/// Truststores hold public certificates only; their password guards integrity, not secrecy,
/// and this is the JDK's own default.
pub const TRUSTSTORE_PASSWORD: &str = "changeit";

/// The keystore and (with --ca) truststore files, shared with `spring`.
pub struct Stores {
    pub keystore: String,
    pub password: Secret,
    pub truststore: Option<String>,
}

/// Plans the keystore of certificate `index` and, once, the truststore.
pub fn stores(plan: &mut Plan<'_>, index: usize, with_truststore: bool) -> Result<Stores> {
    let (file, password) = plan.pkcs12(index, "p12")?;
    let truststore = if with_truststore && !plan.req.trust.is_empty() {
        let trust = plan.req.trust.clone();
        let named: Vec<(String, &crate::model::Certificate)> = trust
            .iter()
            .map(|c| {
                (
                    crate::model::naming::certificate_name(c, None).to_lowercase(),
                    c,
                )
            })
            .collect();
        let bytes = crate::encode::truststore::encode(&named, TRUSTSTORE_PASSWORD)?;
        plan.add_file("truststore.p12", bytes, FileKind::Truststore, false);
        Some(plan.install_path("truststore.p12"))
    } else {
        None
    };
    Ok(Stores {
        keystore: plan.install_path(&file),
        password,
        truststore,
    })
}

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    let stores = stores(plan, 0, true)?;
    let mut options = Vec::new();
    plan.setting("javax.net.ssl.keyStore", stores.keystore.clone());
    plan.setting("javax.net.ssl.keyStoreType", "PKCS12");
    plan.secret_setting(
        "javax.net.ssl.keyStorePassword",
        &stores.password.value,
        &stores.password.location,
    );
    options.push(format!(
        "-Djavax.net.ssl.keyStore={}",
        shell_quote(&stores.keystore)
    ));
    options.push("-Djavax.net.ssl.keyStoreType=PKCS12".to_string());
    options.push(format!(
        "-Djavax.net.ssl.keyStorePassword={}",
        shell_secret(plan, &stores.password)
    ));
    if let Some(truststore) = &stores.truststore {
        plan.setting("javax.net.ssl.trustStore", truststore.clone());
        plan.setting("javax.net.ssl.trustStoreType", "PKCS12");
        plan.setting("javax.net.ssl.trustStorePassword", TRUSTSTORE_PASSWORD);
        options.push(format!(
            "-Djavax.net.ssl.trustStore={}",
            shell_quote(truststore)
        ));
        options.push("-Djavax.net.ssl.trustStoreType=PKCS12".to_string());
        options.push(format!(
            "-Djavax.net.ssl.trustStorePassword={TRUSTSTORE_PASSWORD}"
        ));
        plan.note("a truststore replaces the JDK's cacerts for the whole JVM: add public CAs to it with --ca if the application also calls public HTTPS services");
    }
    plan.snippet(
        "JVM options",
        SnippetLanguage::Shell,
        None,
        format!("java {} -jar app.jar\n", options.join(" ")),
    );
    Ok(())
}
