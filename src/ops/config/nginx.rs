//! `nginx`: both sides of mutual TLS in nginx's own directives (ngx_http_proxy_module and
//! ngx_http_ssl_module).
//!
//! - Upstream: nginx presents the client certificate to the API it proxies to
//!   (`proxy_ssl_certificate`, `proxy_ssl_certificate_key`) and verifies that server
//!   (`proxy_ssl_trusted_certificate`, `proxy_ssl_verify`, `proxy_ssl_verify_depth`,
//!   `proxy_ssl_server_name`, `proxy_ssl_name`).
//! - Server: nginx demands a client certificate issued by the certificate's CA
//!   (`ssl_verify_client on`, `ssl_client_certificate`, `ssl_verify_depth`).
//!
//! Each is written as a file to `include` inside a `location` or `server` block.

use super::plan::Plan;
use super::plan::{FileKind, SnippetLanguage};
use crate::error::Result;

/// Where the operating system's CA bundle is on Debian and Ubuntu, for servers with public
/// certificates when no --ca is given.
const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

pub fn build(plan: &mut Plan<'_>) -> Result<()> {
    let trust = plan.trust_pem();
    let trusted = match &trust {
        Some(path) => plan.install_path(&file_name(path)),
        None => {
            plan.note(format!(
                "no --ca given: the upstream server is verified against the system bundle {SYSTEM_BUNDLE}"
            ));
            SYSTEM_BUNDLE.to_string()
        }
    };
    for index in 0..plan.req.certificates.len() {
        let checked = &plan.req.certificates[index];
        let name = checked.name.clone();
        let depth = checked.issuers.len().max(1);
        let client_ca_pem =
            crate::encode::pem::certificates(&checked.issuers.iter().collect::<Vec<_>>());
        let (cert, key) = plan.pem_pair(index)?;
        let cert = plan.install_path(&file_name(&cert));
        let key = plan.install_path(&file_name(&key));

        let mut hosts = plan.keys_for(&name);
        if hosts.is_empty() {
            hosts.push(String::new());
        }
        for host in hosts {
            let mut upstream = format!(
                "proxy_ssl_certificate {cert};\n\
                 proxy_ssl_certificate_key {key};\n\
                 proxy_ssl_trusted_certificate {trusted};\n\
                 proxy_ssl_verify on;\n\
                 proxy_ssl_verify_depth 4;\n\
                 proxy_ssl_server_name on;\n\
                 proxy_ssl_protocols TLSv1.2 TLSv1.3;\n"
            );
            if !host.is_empty() {
                upstream.push_str(&format!("proxy_ssl_name {host};\n"));
            }
            let file = if host.is_empty() {
                format!("{name}.upstream.conf")
            } else {
                format!("{}.upstream.conf", crate::model::naming::sanitize(&host))
            };
            let path = plan.add_file(
                &file,
                upstream.clone().into_bytes(),
                FileKind::Configuration,
                false,
            );
            let target = match (&plan.req.url, host.is_empty()) {
                (Some(url), _) => url.clone(),
                (None, false) => format!("https://{host}"),
                (None, true) => "https://api.partner.example".to_string(),
            };
            let example = format!(
                "location /partner/ {{\n    proxy_pass {target};\n    include {};\n}}\n",
                plan.install_path(&file)
            );
            plan.snippet(
                &format!("upstream mutual TLS with {name} (include in a location)"),
                SnippetLanguage::Nginx,
                Some(&path),
                upstream,
            );
            plan.snippet("example location", SnippetLanguage::Nginx, None, example);
        }

        // The server side: demand certificates from the CA that issued this one.
        let ca_file = format!("{name}.client-ca.crt");
        plan.add_file(
            &ca_file,
            client_ca_pem.into_bytes(),
            FileKind::Certificate,
            false,
        );
        let server = format!(
            "ssl_client_certificate {};\n\
             ssl_verify_client on;\n\
             ssl_verify_depth {depth};\n",
            plan.install_path(&ca_file)
        );
        let path = plan.add_file(
            &format!("{name}.server.conf"),
            server.clone().into_bytes(),
            FileKind::Configuration,
            false,
        );
        plan.snippet(
            &format!("require client certificates issued like {name} (include in a server block with ssl)"),
            SnippetLanguage::Nginx,
            Some(&path),
            server,
        );
    }
    // `--map HOST=`: that upstream is verified but gets no client certificate.
    let bare: Vec<String> = plan.keys_for("");
    for host in bare {
        let upstream = format!(
            "proxy_ssl_trusted_certificate {trusted};\n\
             proxy_ssl_verify on;\n\
             proxy_ssl_verify_depth 4;\n\
             proxy_ssl_server_name on;\n\
             proxy_ssl_name {host};\n"
        );
        let file = format!("{}.upstream.conf", crate::model::naming::sanitize(&host));
        let path = plan.add_file(
            &file,
            upstream.clone().into_bytes(),
            FileKind::Configuration,
            false,
        );
        plan.snippet(
            &format!("upstream {host} without a client certificate (--map {host}=)"),
            SnippetLanguage::Nginx,
            Some(&path),
            upstream,
        );
    }
    plan.note("the private key files are unencrypted and readable by their owner only: make them owned by the user nginx's master process starts as (root), or give the worker group read with `chmod 0640`");
    Ok(())
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
