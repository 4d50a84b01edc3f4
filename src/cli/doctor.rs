//! `certkit doctor`: arguments.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// A platform whose PKCS#12 reader must open the file (`--platform`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlatformArg {
    /// Windows Server 2016 and older (3DES/RC2 only, SHA-1 MAC)
    #[value(name = "windows-2016")]
    Windows2016,
    /// Windows Server 2019 and later, Windows 10 1709+
    #[value(name = "windows-2019")]
    Windows2019,
    /// Java 8 before 8u301 (and 11 before 11.0.12)
    #[value(name = "java8")]
    Java8,
    /// Java 8u301+, 11.0.12+, 17 and later
    #[value(name = "java17")]
    Java17,
    /// OpenSSL 3 without -legacy
    #[value(name = "openssl3")]
    Openssl3,
    /// macOS Keychain (15 and older: the stricter one)
    #[value(name = "macos")]
    Macos,
    /// NSS (Firefox, pk12util)
    #[value(name = "nss")]
    Nss,
    /// .NET 9+ X509CertificateLoader with its default Pkcs12LoaderLimits
    #[value(name = "dotnet9")]
    Dotnet9,
    /// .NET Framework with the June 2023 update (KB5025823): capped password-less files
    #[value(name = "dotnet-framework")]
    DotnetFramework,
    /// Mono (.NET apps on Linux): 3DES/RC2 and SHA-1 MACs only
    #[value(name = "mono")]
    Mono,
    /// The Mendix runtime: a JVM reading PKCS#12 with the JDK (same as java17)
    #[value(name = "mendix")]
    Mendix,
    /// OutSystems on-premises: Windows Server with IIS and .NET (windows-2016 and windows-2019)
    #[value(name = "outsystems")]
    Outsystems,
}

/// Run the installation guide's troubleshooting checks and say how to fix each problem
#[derive(Debug, Args)]
#[command(
    long_about = "Run the installation guide's troubleshooting checks and say how to fix each problem.\n\n\
Without INPUT or --entry, every personal entry of the store is examined (the machine's state); \
with INPUT, that file is examined as it would be installed. The checks run in this order, each \
with a stable id and a status (pass, warn, fail, or skipped with the reason); every warning and \
failure comes with its fix, a certkit command where one exists:\n\
  opens        the file or entry opens; its PKCS#12 encryption and MAC are readable by every \
--platform\n\
  private_key  a private key is present and matches the certificate\n\
  key_access   each --account can read the private key (key file owner, group and mode; on \
Windows the key container's access list)\n\
  chain        the path to a trusted root is complete from the store, and every CA sits in the \
right store\n\
  validity     not expired, not yet valid, or expiring within --warn-days\n\
  usage        clientAuth in the extended key usage (or none), digitalSignature in the key usage\n\
  revocation   the revocation status of the certificate and its CAs (CRL, OCSP, the store's \
CRLs), and whether their URLs answer; --revocation off when offline\n\
  export       with --export-dir: the public .cer is there under the deterministic name, with \
the right bytes, and no other file there holds the same certificate\n\
  duplicates   the same certificate in several entries, entries superseded by a newer one\n\
  handshake    with --host: the server asks for a client certificate, accepts our CA, accepts \
us, and its own chain is trusted",
    after_help = "\
POSITIONAL ARGUMENTS:
  INPUT  a certificate file to examine as it would be installed (PEM, DER, PKCS#7, PKCS#12),
         or - for stdin; without it, the store's personal entries are examined

EXAMPLES:
  certkit doctor
  certkit doctor --account www-data --export-dir /srv/certificates
  certkit doctor --entry client.example.com --host api.partner.example:443
  certkit doctor client.pfx --password-env PFX_PASSWORD --platform windows-2016 --platform java8
  certkit doctor --store windows:LocalMachine --account IIS_IUSRS --json

EXIT CODES:
  0  no check failed (warnings allowed)
  1  at least one check failed
  2  error: unreadable input, no such entry, bad usage"
)]
pub struct DoctorArgs {
    /// A file to examine as it would be installed, or - for stdin
    #[arg(value_name = "INPUT", conflicts_with = "entry")]
    pub input: Option<String>,

    /// Examine one personal entry of the store (name or thumbprint)
    #[arg(long, value_name = "NAME")]
    pub entry: Option<String>,

    /// Also run a TLS handshake with the certificate against HOST[:PORT] or an https URL
    #[arg(long, value_name = "HOST")]
    pub host: Option<String>,

    /// Trust anchors for the --host server's certificate (repeatable), as `connect --ca`; the
    /// system store is used when none is given
    #[arg(long, value_name = "FILE", requires = "host")]
    pub ca: Vec<PathBuf>,

    /// An account (user or group) that must be able to read the private key; repeatable
    #[arg(long, value_name = "NAME")]
    pub account: Vec<String>,

    /// The folder the public certificate is exported to (the shared .cer folder)
    #[arg(long, value_name = "DIR")]
    pub export_dir: Option<PathBuf>,

    /// The export name configured on the other servers (default: the entry's name)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// A platform that must open the PKCS#12 file; repeatable
    #[arg(long, value_enum, value_name = "PLATFORM")]
    pub platform: Vec<PlatformArg>,

    /// How strictly revocation (CRL, OCSP) is checked: `off` when offline
    #[arg(long, value_enum, value_name = "MODE", default_value = "soft")]
    pub revocation: super::verify_chain::RevocationArg,

    /// Warn when a certificate expires within this many days
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub warn_days: u32,

    /// Give up the --host handshake after DURATION (e.g. 10s, 500ms)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = super::inspect::parse_duration)]
    pub timeout: std::time::Duration,

    /// Evaluate validity at this time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", hide = true, env = "CERTKIT_NOW")]
    pub now: Option<String>,
}
