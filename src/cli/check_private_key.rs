//! `certkit check-private-key`: arguments.

use clap::Args;

/// Check that a private key is present and belongs to the leaf certificate
#[derive(Debug, Args)]
#[command(
    long_about = "Check that a private key is present and belongs to the leaf certificate.\n\n\
Two checks must both pass: the key's public half equals the certificate's public key, and a \
signature made with the private key verifies with the certificate (RSA, EC, Ed25519, Ed448, \
DSA). A certificate-only PKCS#12 file is reported as such: client authentication needs the key.",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  a PKCS#12 file, or a PEM/DER file with the certificate (and possibly the key); - for stdin

EXAMPLES:
  certkit check-private-key client.pfx --password-env PFX_PASSWORD
  certkit check-private-key client.crt --key client.key
  certkit check-private-key client.pfx --password-env PFX_PASSWORD --json

EXIT CODES:
  0  a private key is present and matches the leaf certificate
  1  no private key, or it does not match
  2  error: unreadable input, wrong password"
)]
pub struct CheckPrivateKeyArgs {
    /// The file with the certificate (and key)
    #[arg(value_name = "INPUT")]
    pub input: String,

    /// The private key in a separate file
    #[arg(long, value_name = "KEYFILE")]
    pub key: Option<String>,
}
