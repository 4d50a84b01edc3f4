//! `certkit store`: arguments.

use clap::{Args, Subcommand, ValueEnum};

/// Show and manage the certificate store
#[derive(Debug, Args)]
#[command(
    long_about = "Show and manage the certificate store.\n\n\
The store has three logical stores, kept as plain folders other tools use as they are: \
personal/NAME/ (cert.pem, chain.pem, fullchain.pem, privkey.pem and metadata.json, the key \
file mode 0600, or 0640 with a granted group), root/ (trusted root CAs) and intermediate/ \
(other CAs), the last two with one NAME.pem per certificate plus OpenSSL subject-hash links \
so that `openssl verify -CApath`, `curl --capath` and nginx can use them.\n\n\
The store is the folder given with --store, else $CERTKIT_STORE, else \
$XDG_DATA_HOME/certkit (~/.local/share/certkit), or /var/lib/certkit when run as root.\n\n\
On Windows the default is the Windows certificate store of the current user (--store windows; \
--store windows:LocalMachine for the computer's): personal is MY (Personal), root is ROOT \
(Trusted Root Certification Authorities), intermediate is CA (Intermediate Certification \
Authorities); grant gives a Windows account or group Read on the key container.",
    after_help = "\
EXAMPLES:
  certkit store path
  certkit store list
  certkit store show client.example.com
  certkit store remove Partner_Root_CA --in root
  certkit store grant client.example.com www-data

EXIT CODES:
  0  success
  2  no such entry, an ambiguous name, a group that does not exist, or a store error"
)]
pub struct StoreArgs {
    #[command(subcommand)]
    pub command: StoreCommand,
}

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Print the store's folder
    #[command(after_help = "\
EXAMPLES:
  certkit store path
  certkit --store /srv/certkit store path --json

EXIT CODES:
  0  success
  2  the store cannot be opened")]
    Path,
    /// List the store's certificates: store, name, subject, thumbprint, expiry, private key
    #[command(after_help = "\
EXAMPLES:
  certkit store list
  certkit store list --in personal --json

EXIT CODES:
  0  success (also for an empty store)
  2  the store cannot be read")]
    List(ListArgs),
    /// Show everything about one entry (the inspect view)
    #[command(after_help = "\
POSITIONAL ARGUMENTS:
  ENTRY  an entry name or a SHA-1 thumbprint (colons and case do not matter)

EXAMPLES:
  certkit store show client.example.com
  certkit store show Test_Root_CA --in root --json

EXIT CODES:
  0  success
  2  no such entry, an ambiguous name, or an entry that cannot be read")]
    Show(EntryArgs),
    /// Delete one entry and its hash links
    #[command(after_help = "\
POSITIONAL ARGUMENTS:
  ENTRY  an entry name or a SHA-1 thumbprint (colons and case do not matter)

EXAMPLES:
  certkit store remove client.example.com
  certkit store remove Test_Root_CA --in root

EXIT CODES:
  0  success
  2  no such entry, an ambiguous name, or a store error")]
    Remove(EntryArgs),
    /// Let a group read a personal entry's private key (the key file becomes 0640)
    #[command(after_help = "\
POSITIONAL ARGUMENTS:
  ENTRY  a personal entry name or a SHA-1 thumbprint
  GROUP  the group that may read the private key (e.g. the web server's)

EXAMPLES:
  certkit store grant client.example.com www-data

EXIT CODES:
  0  success
  2  no such entry, not a personal entry, a group that does not exist, or a store error")]
    Grant(GrantArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this logical store
    #[arg(long = "in", value_enum, value_name = "STORE")]
    pub only: Option<StoreName>,
}

#[derive(Debug, Args)]
pub struct EntryArgs {
    /// Entry name or SHA-1 thumbprint
    #[arg(value_name = "ENTRY")]
    pub entry: String,

    /// Look only in this logical store (when a name is in several)
    #[arg(long = "in", value_enum, value_name = "STORE")]
    pub only: Option<StoreName>,

    /// Evaluate validity at this time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", hide = true, env = "CERTKIT_NOW")]
    pub now: Option<String>,
}

#[derive(Debug, Args)]
pub struct GrantArgs {
    /// Personal entry name or SHA-1 thumbprint
    #[arg(value_name = "ENTRY")]
    pub entry: String,

    /// Group that may read the private key
    #[arg(value_name = "GROUP")]
    pub group: String,
}

/// A logical store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StoreName {
    /// Certificates with their private keys
    Personal,
    /// Intermediate CAs
    Intermediate,
    /// Trusted root CAs
    Root,
}
