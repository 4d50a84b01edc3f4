//! `certkit inspect`: arguments.

use clap::Args;

/// Show every certificate, key and container detail of certificate files
#[derive(Debug, Args)]
#[command(
    long_about = "Show every certificate, key and container detail of certificate files.\n\n\
For each certificate: role (leaf, intermediate, root), subject, issuer, serial, validity and \
days left, SHA-1 thumbprint (as Windows shows it) and SHA-256 fingerprint, key type and size, \
signature algorithm, subject alternative names, key usage, extended key usage, basic \
constraints, key identifiers and friendly name. For the file: its format, whether a private key \
is present and matches the leaf, and for PKCS#12 the encryption, MAC, iteration counts and which \
tools can open it. For a CRL file: its issuer, this and next update, number of entries, \
signature algorithm, CRL number and OpenSSL hash link name.\n\n\
A directory is scanned recursively into one table row per certificate, de-duplicated by \
thumbprint; entries that are not certificate material (or links already read, loops, dangling \
links, certificate requests and OCSP objects) are skipped and counted, and named with \
--verbose.\n\n\
Output forms and their memory: --json-lines streams one object per line as found (flat \
memory); --json writes one document as it goes, keeping only the skipped entries' names; the \
table keeps one short row per distinct certificate.",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  a certificate file (PEM, DER, PKCS#7, PKCS#12), a directory to scan, or - for stdin

EXAMPLES:
  certkit inspect client.pfx --password-env PFX_PASSWORD
  certkit inspect certificates/ --expiring 30d
  certkit inspect - --json < chain.pem

EXIT CODES:
  0  every input was read
  1  with --expiring: at least one certificate expires within the window
  2  an input could not be read (the others are still reported)"
)]
pub struct InspectArgs {
    /// Files, directories or - (stdin) to inspect
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,

    /// Only list certificates that expire within DURATION (e.g. 30d, 12h, 2w); exit 1 if any
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub expiring: Option<std::time::Duration>,

    /// Write JSON Lines as the scan goes: one typed object per file, certificate, CRL, error or
    /// skipped entry, then a summary (memory stays flat however many certificates)
    #[arg(long)]
    pub json_lines: bool,

    /// Name every skipped directory entry with its reason (JSON always names them)
    #[arg(short, long)]
    pub verbose: bool,

    /// Evaluate validity at this time instead of now (RFC 3339, e.g. 2027-01-31T00:00:00Z)
    #[arg(long, value_name = "TIME", hide = true, env = "CERTKIT_NOW")]
    pub now: Option<String>,
}

/// Parses durations such as `30d`, `12h`, `2w`, `90days`.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(text.trim())
        .map_err(|e| format!("{e} (use a number and a unit, e.g. 30d, 12h, 2w)"))
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_in_days_hours_weeks() {
        assert_eq!(parse_duration("30d").unwrap().as_secs(), 30 * 86400);
        assert_eq!(parse_duration("12h").unwrap().as_secs(), 12 * 3600);
        assert_eq!(parse_duration("2w").unwrap().as_secs(), 14 * 86400);
        assert!(parse_duration("thirty").is_err());
        assert!(parse_duration("30").is_err());
    }
}
