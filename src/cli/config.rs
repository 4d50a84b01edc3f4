//! `certkit config`: arguments.

use clap::{Args, ValueEnum};

use super::convert::{NewPasswordArgs, ProfileArg};

/// Write ready-to-use client-certificate configuration for the platform that presents it
#[derive(Debug, Args)]
#[command(
    long_about = "Write ready-to-use client-certificate configuration for the platform that presents it.\n\n\
Certificates come from files (--cert [NAME=]IN, any format certkit reads; the input password \
through the usual --password-* options) or from the store (--entry NAME). --map KEY=NAME pins a \
certificate to a host (api.partner.example=billing) or a service (Module.WebService=billing).\n\n\
Before anything is written every certificate is checked: the private key is present and \
matches, no intermediate CA is missing (they are looked for in the input, the --ca files, the \
store, --system and, when missing, downloaded from the certificates' AIA URLs), nothing is \
expired, the certificate allows client authentication, and the target's own rules hold \
(Mendix: no commas in paths or passwords, host keys without a scheme, every mapped name is a \
given certificate). A failed check is one line on stderr, exit 2, and no file is written. A \
root found nowhere here is a warning naming the root the server must trust, not a failure: \
the platform presents the same chain either way.\n\n\
PKCS#12 files are written again with the profile the target's runtime reads (legacy 3DES for \
Mendix and OutSystems front ends, which may run old Java or Windows Server 2016; modern \
AES-256 for Java and Spring), and the report says so when the input's own encryption would not \
have opened there. Their password comes from --new-password-*, else a random one is generated \
and written next to the file. Key files are written 0600; nothing is replaced without --force, \
but a file already there with the same contents is kept, so that targets can share --out-dir.\n\n\
Passwords and base64 keys are not printed unless --include-secrets: the output names the file \
that holds each secret instead. --json gives the settings and the files written.",
    after_help = "\
POSITIONAL ARGUMENTS:
  TARGET  mendix, mendix-m2ee, mendix-cloud-foundry, outsystems, nginx, curl, java, spring, kubernetes

EXAMPLES:
  certkit config mendix --cert billing=client.pfx --password-env PFX_PASSWORD --ca partner-root.cer --map api.partner.example=billing --install-dir /srv/mendix/certificates --out-dir mendix
  certkit config mendix-cloud-foundry --cert client.pfx --password-file pfx.pw --ca partner-root.cer --app billing-app --out-dir cf
  certkit config nginx --cert client.pfx --password-env PFX_PASSWORD --ca partner-root.cer --out-dir nginx
  certkit config curl --entry client --url https://api.partner.example/health --out-dir curl
  certkit config java --cert client.pfx --password-env PFX_PASSWORD --ca partner-root.cer --new-password-env KEYSTORE_PASSWORD --out-dir java

EXIT CODES:
  0  every check passed and the configuration was written
  2  a check failed or the input is unreadable: nothing was written"
)]
pub struct ConfigArgs {
    /// The platform to configure
    #[arg(value_name = "TARGET")]
    pub target: TargetArg,

    /// A certificate with its private key from a file, optionally named (NAME=IN)
    #[arg(long = "cert", value_name = "[NAME=]IN")]
    pub certs: Vec<String>,

    /// A personal certificate of the store, by entry name or thumbprint
    #[arg(long = "entry", value_name = "NAME")]
    pub entries: Vec<String>,

    /// Pin certificate NAME to a host or service KEY (KEY=NAME); nginx also takes KEY= for
    /// "no certificate for this host"
    #[arg(long = "map", value_name = "KEY=NAME")]
    pub maps: Vec<String>,

    /// CA certificates the consumer must trust (the server it calls); also anchors the
    /// client certificate's chain
    #[arg(long = "ca", value_name = "FILE")]
    pub cas: Vec<std::path::PathBuf>,

    /// Also trust the operating system's CAs when checking the chain
    #[arg(long)]
    pub system: bool,

    /// Do not use the store's roots and intermediates when checking the chain
    #[arg(long)]
    pub no_store: bool,

    /// Folder the files are written to (created if missing)
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub out_dir: std::path::PathBuf,

    /// Folder the files will be in on the machine that uses them, as written into the
    /// settings (default: the absolute --out-dir); for OutSystems, the folder the public
    /// certificate is exported to
    #[arg(long, value_name = "DIR")]
    pub install_dir: Option<String>,

    /// The URL called (curl's command line, nginx's proxy_pass)
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,

    /// The Cloud Foundry application name in the `cf set-env` commands
    #[arg(long, value_name = "APP", default_value = "APP")]
    pub app: String,

    /// PKCS#12 profile to write (default: what the target's runtime reads)
    #[arg(long, value_name = "PROFILE")]
    pub profile: Option<ProfileArg>,

    /// Print passwords and base64 keys instead of naming the files that hold them
    #[arg(long)]
    pub include_secrets: bool,

    /// Replace existing output files
    #[arg(long)]
    pub force: bool,

    /// Check time (RFC 3339; tests use a fixed clock)
    #[arg(long, value_name = "TIME", env = "CERTKIT_NOW", hide = true)]
    pub now: Option<String>,

    #[command(flatten)]
    pub new_password: NewPasswordArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    /// Mendix runtime custom settings (ClientCertificates, ClientCertificatePasswords, ...)
    Mendix,
    /// The mxruntime block of m2ee-tools' YAML
    MendixM2ee,
    /// CLIENT_CERTIFICATES and CERTIFICATE_AUTHORITIES of the Mendix Cloud Foundry buildpack
    MendixCloudFoundry,
    /// OutSystems front ends: install script, PFX and password for SetupCertificateAuth
    Outsystems,
    /// nginx upstream mTLS (proxy_ssl_*) and a server requiring client certificates
    Nginx,
    /// curl command-line options
    Curl,
    /// PKCS#12 keystore and truststore with javax.net.ssl.* properties
    Java,
    /// Spring Boot spring.ssl.bundle.* properties
    Spring,
    /// A kubernetes.io/tls Secret with ca.crt
    Kubernetes,
}
