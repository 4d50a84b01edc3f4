//! Deterministic, portable file names for certificates.
//!
//! The same certificate must get the same file name on every server (the MMC procedure exports
//! `<name>.cer` into a shared folder from each front end), so names are derived only from the
//! certificate and what the user typed, and reduced to characters every file system accepts.

use crate::model::Certificate;

/// Longest name kept (before the extension); well below every file system's limit.
const MAX_NAME_CHARS: usize = 64;

/// The name a certificate is known by, made safe for file names: the given name, else its
/// friendly name, else its subject common name, else its SHA-1 thumbprint. Export and the
/// store both name certificates with this one rule.
pub fn certificate_name(cert: &Certificate, given: Option<&str>) -> String {
    name_for(given, cert.friendly_name.as_deref(), cert)
}

/// Like [`certificate_name`], with the friendly name given separately (the store keeps the
/// friendly name of the key bag apart from the certificate).
pub fn name_for(given: Option<&str>, friendly: Option<&str>, cert: &Certificate) -> String {
    [
        given.map(str::to_string),
        friendly.map(str::to_string),
        cert.common_name(),
    ]
    .into_iter()
    .flatten()
    .map(|n| sanitize(&n))
    .find(|n| !n.is_empty())
    .unwrap_or_else(|| cert.sha1_hex())
}

/// Reduces `name` to ASCII letters, digits, `.`, `-` and `_`; every other run of characters
/// becomes one `_`. Leading dots, dashes and underscores are dropped (hidden and temporary files
/// start with a dot, a leading dash reads as a flag), so are trailing dots and underscores
/// (Windows' trailing-dot rule), and Windows' reserved device names get a trailing `_`.
pub fn sanitize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut last_was_sep = false;
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() || ch == '.' || ch == '-' || ch == '_' {
            out.push(ch);
            last_was_sep = ch == '_';
        } else if !last_was_sep {
            out.push('_');
            last_was_sep = true;
        }
    }
    let trimmed = out
        .trim_start_matches(['.', '-', '_'])
        .trim_end_matches(['.', '_']);
    let mut result: String = trimmed.chars().take(MAX_NAME_CHARS).collect();
    result = result.trim_end_matches(['.', '_']).to_string();
    let stem = result
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        // `CON_`, `com1_.cer`: the device name is the part before the first dot.
        result.insert(stem.len(), '_');
    }
    result
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn names_are_portable_and_stable() {
        assert_eq!(sanitize("client.example.com"), "client.example.com");
        assert_eq!(sanitize("Test Issuing CA"), "Test_Issuing_CA");
        assert_eq!(sanitize("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(sanitize("  ..hidden.. "), "hidden");
        assert_eq!(sanitize("Müller GmbH"), "M_ller_GmbH");
        assert_eq!(sanitize("*.example.com"), "example.com");
        assert_eq!(sanitize("CON"), "CON_");
        assert_eq!(sanitize("com1.cer"), "com1_.cer");
        assert_eq!(sanitize("COM10"), "COM10");
        assert_eq!(sanitize("///"), "");
        assert_eq!(sanitize(&"x".repeat(300)).len(), 64);
        assert_eq!(sanitize("../../etc/passwd"), "etc_passwd");
        assert_eq!(sanitize("-rf"), "rf");
    }
}
