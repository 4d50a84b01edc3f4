//! `certkit convert`: arguments.

use clap::{Args, ValueEnum};

/// Convert certificates and keys between PKCS#12, PEM and DER
#[derive(Debug, Args)]
#[command(
    long_about = "Convert certificates and keys between PKCS#12 (.pfx/.p12), PEM and DER (.cer/.der).\n\n\
All inputs are merged into one set: the private key is paired with the certificate it belongs \
to and the chain is ordered leaf → root, so `cert.pem key.pem chain.pem -o client.pfx` does \
what `openssl pkcs12 -export -in -inkey -certfile` does in one step. The output format follows \
OUT's extension (.pfx/.p12, .pem/.crt/.key, .der/.cer) unless --to says otherwise.\n\n\
PKCS#12 output uses the modern profile by default (AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 \
MAC, 10000 iterations: OpenSSL 1.1.1+, Windows 10 1709+/Server 2019+, Java 8u301+); \
--profile legacy writes 3DES with a SHA-1 MAC (2048 iterations), which Windows Server 2016 \
and older, old Java and older macOS import. --mac pbmac1 replaces the MAC by a PBMAC1 MAC \
(RFC 9579, HMAC-SHA-256 with PBKDF2-HMAC-SHA256) for FIPS 140-3 environments: OpenSSL 3.4+ and \
Python cryptography verify it; OpenSSL 3.0 to 3.3, Windows, Java 17 and NSS do not. PEM private keys are written as PKCS#8 encrypted \
with AES-256 unless --no-encrypt is given. A DER file holds one certificate (the leaf); --all \
writes one file per certificate into a folder.\n\n\
The new password comes from --new-password-file, --new-password-env or --new-password, or is \
asked twice without echo on a terminal. The written file is read back and checked (same \
certificates, byte for byte, and the same key) before it replaces anything; files holding a \
key are created readable by the owner only; an existing OUT is not replaced without --force.",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  certificate, key, chain, PKCS#7 or PKCS#12 files (format detected from the bytes), or - for stdin

EXAMPLES:
  certkit convert cert.pem key.pem chain.pem -o client.pfx --new-password-env PFX_PASSWORD
  certkit convert partner.pfx --password-file in.pw -o client-legacy.pfx --profile legacy --new-password-file out.pw
  certkit convert client.pfx --password-env PFX_PASSWORD -o client.pem --key-out client.key --no-encrypt
  certkit convert client.pfx --password-env PFX_PASSWORD -o certificates/ --to der --all
  certkit convert client.cer -o client-cert.pem

EXIT CODES:
  0  the output was written and read back correctly
  2  error: unreadable input, wrong password, output exists (use --force), nothing written"
)]
pub struct ConvertArgs {
    /// Files to convert, merged into one set (- reads stdin)
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,

    /// Output file (a folder with --all; - writes to stdout)
    #[arg(short, long, value_name = "OUT")]
    pub output: String,

    /// Output format (default: from OUT's extension)
    #[arg(long, value_name = "FORMAT")]
    pub to: Option<FormatArg>,

    /// PKCS#12 encryption profile
    #[arg(long, value_name = "PROFILE", default_value = "modern")]
    pub profile: ProfileArg,

    /// PKCS#12 integrity check: classic, or pbmac1 (RFC 9579, for FIPS 140-3; verified by
    /// OpenSSL 3.4+, not by OpenSSL 3.0-3.3, Windows, Java 17 or NSS)
    #[arg(long, value_name = "MAC", default_value = "classic")]
    pub mac: MacArg,

    /// Leave out the chain: only the leaf certificate (and its key)
    #[arg(long)]
    pub no_chain: bool,

    /// Leave out the private key
    #[arg(long)]
    pub no_key: bool,

    /// Write a PEM private key unencrypted (PEM output only)
    #[arg(long)]
    pub no_encrypt: bool,

    /// PEM output: write the private key to this file instead of into OUT
    #[arg(long, value_name = "KEYFILE")]
    pub key_out: Option<std::path::PathBuf>,

    /// DER output: write every certificate, one file each, into the folder OUT
    #[arg(long)]
    pub all: bool,

    /// Friendly name of the certificate and key in a PKCS#12 file (default: the input's, else
    /// the subject common name)
    #[arg(long, value_name = "NAME")]
    pub friendly_name: Option<String>,

    /// Replace existing output files
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub new_password: NewPasswordArgs,
}

/// Where the password of the output comes from.
#[derive(Debug, Args)]
#[group(id = "new_password_source", multiple = false)]
pub struct NewPasswordArgs {
    /// Read the new (output) password from the first line of FILE
    #[arg(long, value_name = "FILE")]
    pub new_password_file: Option<std::path::PathBuf>,

    /// Read the new (output) password from the environment variable VAR
    #[arg(long, value_name = "VAR")]
    pub new_password_env: Option<String>,

    /// New (output) password on the command line (discouraged: visible in process lists)
    #[arg(long, value_name = "PASSWORD")]
    pub new_password: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// PKCS#12 (.pfx/.p12)
    #[value(alias = "p12", alias = "pkcs12")]
    Pfx,
    /// PEM text
    #[value(alias = "crt")]
    Pem,
    /// DER binary (.cer/.der)
    #[value(alias = "cer")]
    Der,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    /// AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC (OpenSSL 1.1.1+, Windows Server 2019+, Java 8u301+)
    Modern,
    /// 3DES, SHA-1 MAC (also Windows Server 2016 and older, old Java, older macOS)
    Legacy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MacArg {
    /// The PKCS#12 MAC of the profile (SHA-256 or SHA-1): every reader
    Classic,
    /// PBMAC1 (RFC 9579): HMAC-SHA-256 with PBKDF2-HMAC-SHA256 (modern profile only)
    Pbmac1,
}
