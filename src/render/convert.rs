//! Human rendering of a conversion report.

use crate::ops::convert::ConvertReport;

pub fn human(report: &ConvertReport) -> String {
    let mut text = String::new();
    for output in &report.outputs {
        let mut parts = Vec::new();
        if output.certificates > 0 {
            parts.push(format!(
                "{} certificate{}",
                output.certificates,
                if output.certificates == 1 { "" } else { "s" }
            ));
        }
        if output.private_key {
            let encrypted = report.private_key.as_ref().is_some_and(|k| k.encrypted);
            parts.push(if encrypted {
                "the private key (encrypted)".to_string()
            } else {
                "the private key (NOT encrypted)".to_string()
            });
        }
        let path = if output.path == "-" {
            "standard output"
        } else {
            &output.path
        };
        text.push_str(&format!("Wrote {path}: {}\n", parts.join(" and ")));
    }
    if let (Some(profile), Some(summary)) = (report.profile, &report.profile_summary) {
        text.push_str(&format!(
            "  PKCS#12 profile {}: {summary}\n",
            profile.as_str()
        ));
    }
    if let Some(name) = &report.friendly_name {
        text.push_str(&format!("  friendly name: {name}\n"));
    }
    for cert in &report.certificates {
        text.push_str(&format!(
            "  {:<12} {}  {}\n",
            cert.role.as_str(),
            cert.certificate.thumbprint,
            cert.certificate.subject
        ));
    }
    if let Some(key) = &report.private_key {
        text.push_str(&format!(
            "  private key  {} {} bits\n",
            key.description.algorithm, key.description.bits
        ));
    }
    if report.verified {
        text.push_str(if report.private_key.is_some() {
            "  read back and verified: same certificates and private key\n"
        } else {
            "  read back and verified: same certificates\n"
        });
    }
    text
}
