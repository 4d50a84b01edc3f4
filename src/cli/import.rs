//! `certkit import`: arguments.

use clap::{Args, ValueEnum};

/// Install certificates and private keys into the store, as the Windows Import Wizard does
#[derive(Debug, Args)]
#[command(
    long_about = "Install certificates and private keys into the store, as the Windows Import \
Wizard does.\n\n\
With --to auto (the default) each certificate goes where the Wizard's \"Automatically select \
the certificate store\" would put it:\n\
  - a certificate whose private key is among the inputs: personal (with the key);\n\
  - a self-signed CA: root;\n\
  - any other CA: intermediate;\n\
  - an end-entity certificate without its key: personal, with a warning that client \
authentication needs the key.\n\
A PFX with a chain is split accordingly. Keys and certificates may come from separate files.\n\n\
Importing is idempotent by thumbprint: each certificate is reported as added, unchanged (it \
was there with the same files) or replaced (it was there, but the key, chain or granted group \
changed). Entry names are deterministic: --name, else the friendly name, else the common \
name; a name already used by another certificate gets a short thumbprint suffix.\n\n\
certkit warns about the classic mistakes: a PFX without its private key, a chain with a \
missing CA (named), a root that is not trusted yet (not in the store's root folder).\n\n\
A CRL file (PEM or DER, detected by content) goes to the folder store's crl/ folder as \
<issuer-hash>.crl (a delta CRL as <issuer-hash>-delta.crl) with the OpenSSL links \
<issuer-hash>.r0/.r1, replacing an older CRL of the same CA; verify-chain uses it.",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  a certificate, key or CRL file (PEM, DER, PKCS#7, PKCS#12), or - for stdin

EXAMPLES:
  certkit import client.pfx --password-env PFX_PASSWORD
  certkit import client.pfx partner-root.cer --grant-read www-data
  certkit import client.pem client.key --name partner-api
  certkit import partner-root.cer --to root --dry-run
  certkit import client.pfx --json --password-file pfx-password.txt

EXIT CODES:
  0  every certificate was imported (or, with --dry-run, could be)
  2  an input could not be read, the group does not exist, or the store could not be written;
     nothing is imported when an input cannot be read"
)]
pub struct ImportArgs {
    /// Files or - (stdin) to import
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,

    /// The logical store: auto (by the rules above), or every certificate into one store
    #[arg(long, value_enum, value_name = "STORE", default_value_t = ImportTarget::Auto)]
    pub to: ImportTarget,

    /// Name of the personal entry (or of the only certificate imported)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Let GROUP read the private key: the key file's group becomes GROUP, its mode 0640 (in
    /// the Windows store: GROUP, a Windows account or group, gets Read on the key container)
    #[arg(long, value_name = "GROUP")]
    pub grant_read: Option<String>,

    /// Windows stores: where private keys go. cng (the default): the Microsoft Software Key
    /// Storage Provider, RSA and EC keys, what TLS 1.3 client authentication needs; capi: a
    /// CryptoAPI container of the Enhanced RSA and AES provider, RSA only, for applications
    /// that need a CryptoAPI key
    #[arg(long, value_enum, value_name = "PROVIDER")]
    pub key_provider: Option<KeyProviderArg>,

    /// Print what would be imported where, under which name, and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// `--to` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportTarget {
    /// By the automatic rules
    Auto,
    /// Certificates with their private keys
    Personal,
    /// Trusted root CAs (trust anchors)
    Root,
    /// Intermediate CAs
    Intermediate,
}

/// `--key-provider` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KeyProviderArg {
    /// CNG: Microsoft Software Key Storage Provider
    Cng,
    /// CryptoAPI: Microsoft Enhanced RSA and AES Cryptographic Provider
    Capi,
}
