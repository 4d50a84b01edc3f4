//! `certkit export-public` (alias `export`): arguments.

use clap::{ArgGroup, Args};

/// Export public certificates (never a private key) under a deterministic name
#[derive(Debug, Args)]
#[command(
    group(ArgGroup::new("encoding").required(true).args(["der", "pem"])),
    long_about = "Export public certificates, never a private key, under a deterministic name.\n\n\
This is MMC's Export → \"No, do not export the private key\" → \"DER encoded binary X.509 \
(.cer)\", scriptable. DEST is a folder (the file becomes DEST/NAME.cer or .pem) unless it ends \
in .cer, .crt, .der or .pem, in which case it is the file itself. NAME is --name, else the \
friendly name, else the subject common name, reduced to characters every file system accepts, \
so the same certificate gets the same name on every server.\n\n\
Running again with the same content changes nothing (reported as unchanged); an existing file \
with different content is never replaced without --force. With --chain the CA certificates \
are written next to it under their own names. Without INPUT, the store's personal \
certificates are exported, each under its store entry name (--name or --thumbprint selects \
one).",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  a certificate file (PEM, DER, PKCS#7, PKCS#12), or - for stdin; without it, the store

EXAMPLES:
  certkit export-public client.pfx --password-env PFX_PASSWORD --der certificates/
  certkit export client.pfx --password-env PFX_PASSWORD --pem certificates/ --name partner-api --chain
  certkit export-public client.pem --der client.cer --force
  certkit export --der shared/

EXIT CODES:
  0  written, or already up to date
  2  error, or a different file exists and --force was not given (nothing written)"
)]
pub struct ExportPublicArgs {
    /// Certificate file to export from (default: the store's personal certificates)
    #[arg(value_name = "INPUT")]
    pub input: Option<String>,

    /// Write DER (.cer) into DEST
    #[arg(long, value_name = "DEST")]
    pub der: Option<std::path::PathBuf>,

    /// Write PEM (.pem) into DEST
    #[arg(long, value_name = "DEST")]
    pub pem: Option<std::path::PathBuf>,

    /// File name to use (without extension) instead of the friendly name or common name; without
    /// INPUT, the store entry to export
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Without INPUT: export only the store entry with this SHA-1 thumbprint
    #[arg(long, value_name = "SHA1", conflicts_with = "input")]
    pub thumbprint: Option<String>,

    /// Also write the CA certificates of the chain
    #[arg(long)]
    pub chain: bool,

    /// Replace an existing file with different content
    #[arg(long)]
    pub force: bool,
}
