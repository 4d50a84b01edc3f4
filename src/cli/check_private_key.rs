//! `certkit check-private-key`: arguments.

use clap::Args;

/// Check that a private key is present and belongs to the leaf certificate
#[derive(Debug, Args)]
#[command(
    long_about = "Check that a private key is present and belongs to the leaf certificate.\n\n\
Two checks must both pass: the key's public half equals the certificate's public key, and a \
signature made with the private key verifies with the certificate (RSA, EC, Ed25519, Ed448, \
DSA). A certificate-only PKCS#12 file is reported as such: client authentication needs the key.\n\n\
With --entry NAME the certificate is a personal entry of the store (--store) instead of a file: \
MMC's \"You have a private key that corresponds to this certificate\". In the Windows store, \
where keys are not exportable, the linked key is opened through CryptAcquireCertificatePrivateKey, \
its public half compared and a signature made with it verified.",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  a PKCS#12 file, or a PEM/DER file with the certificate (and possibly the key); - for stdin

EXAMPLES:
  certkit check-private-key client.pfx --password-env PFX_PASSWORD
  certkit check-private-key client.crt --key client.key
  certkit check-private-key client.pfx --password-env PFX_PASSWORD --json
  certkit check-private-key --entry client.example.com

EXIT CODES:
  0  a private key is present and matches the leaf certificate
  1  no private key, or it does not match
  2  error: unreadable input, wrong password, no such store entry"
)]
pub struct CheckPrivateKeyArgs {
    /// The file with the certificate (and key)
    #[arg(value_name = "INPUT", required_unless_present = "entry")]
    pub input: Option<String>,

    /// The private key in a separate file
    #[arg(long, value_name = "KEYFILE")]
    pub key: Option<String>,

    /// Check a personal entry of the store (name or thumbprint) instead of a file
    #[arg(long, value_name = "NAME", conflicts_with_all = ["input", "key"])]
    pub entry: Option<String>,
}
