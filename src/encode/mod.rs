//! Encode: model → bytes. The write side of the data flow, mirroring [`crate::decode`].
//!
//! Each output format has its own module. They only turn model values into bytes; choosing what
//! goes into a file, reading it back and writing it to disk is the operations' business.

pub mod der;
pub mod pem;
pub mod pkcs12;
pub mod truststore;

use serde::{Deserialize, Serialize};

/// The file formats certkit writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutputFormat {
    /// PKCS#12 (.pfx/.p12): certificates and private key, password-protected.
    Pkcs12,
    /// PEM text: certificates, and the private key as PKCS#8.
    Pem,
    /// DER (.cer/.der): one certificate per file.
    Der,
}

impl OutputFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Pkcs12 => "pkcs12",
            OutputFormat::Pem => "pem",
            OutputFormat::Der => "der",
        }
    }

    /// The format a file name asks for, from its extension (case-insensitive).
    pub fn from_extension(path: &std::path::Path) -> Option<OutputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pfx" | "p12" => Some(OutputFormat::Pkcs12),
            "pem" | "crt" | "key" => Some(OutputFormat::Pem),
            "der" | "cer" => Some(OutputFormat::Der),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OutputFormat;
    use std::path::Path;

    #[test]
    fn format_follows_the_extension() {
        assert_eq!(
            OutputFormat::from_extension(Path::new("a/client.PFX")),
            Some(OutputFormat::Pkcs12)
        );
        assert_eq!(
            OutputFormat::from_extension(Path::new("c.p12")),
            Some(OutputFormat::Pkcs12)
        );
        assert_eq!(
            OutputFormat::from_extension(Path::new("c.crt")),
            Some(OutputFormat::Pem)
        );
        assert_eq!(
            OutputFormat::from_extension(Path::new("c.cer")),
            Some(OutputFormat::Der)
        );
        assert_eq!(OutputFormat::from_extension(Path::new("c.txt")), None);
        assert_eq!(OutputFormat::from_extension(Path::new("noext")), None);
    }
}
