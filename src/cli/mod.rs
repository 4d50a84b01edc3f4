//! The command-line definition: clap types only.
//!
//! This module imports nothing from the rest of certkit, so that completions and man pages can
//! be generated from it alone. Each subcommand has its own file; `commands/` holds the glue.

pub mod check_private_key;
pub mod completions;
pub mod config;
pub mod connect;
pub mod convert;
pub mod doctor;
pub mod export_public;
pub mod import;
pub mod inspect;
pub mod store;
pub mod verify_chain;

use clap::{Args, Parser, Subcommand};

pub const EXIT_CODES_HELP: &str = "\
EXIT CODES:
  0  success, or the check passed
  1  the check ran and found a problem
  2  error: unreadable input, wrong password, bad usage, refused overwrite";

/// Inspect, convert, verify and install client certificates (mutual TLS)
#[derive(Debug, Parser)]
#[command(
    name = "certkit",
    version,
    about = "Inspect, convert, verify and install client certificates (mutual TLS)",
    long_about = "Inspect, convert, verify and install client certificates (mutual TLS).\n\n\
certkit reads PEM, DER (.cer/.crt/.der), PKCS#7 (.p7b) and PKCS#12 (.pfx/.p12) files, \
detecting the format from the bytes, and does in one scriptable step what otherwise takes the \
Windows certificate wizards or a page of openssl flags.",
    after_help = EXIT_CODES_HELP,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand accepts.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Print one JSON document on stdout instead of human output
    #[arg(long, global = true)]
    pub json: bool,

    /// Print nothing but errors (and the JSON document with --json)
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// Do not colour output (the NO_COLOR environment variable does the same)
    #[arg(long, global = true)]
    pub no_color: bool,

    /// The certificate store: a folder, or on Windows `windows` (CurrentUser) or
    /// `windows:LocalMachine` (default: the Windows CurrentUser store on Windows; elsewhere
    /// $XDG_DATA_HOME/certkit, or /var/lib/certkit as root)
    #[arg(long, value_name = "STORE", global = true, env = "CERTKIT_STORE")]
    pub store: Option<std::path::PathBuf>,

    #[command(flatten)]
    pub password: PasswordArgs,
}

/// Where the password of encrypted inputs comes from. Without one, certkit tries the empty
/// and the absent password, then prompts without echo when stdin is a terminal.
#[derive(Debug, Args)]
#[group(id = "password_source", multiple = false)]
pub struct PasswordArgs {
    /// Read the input password from the first line of FILE
    #[arg(long, value_name = "FILE", global = true)]
    pub password_file: Option<std::path::PathBuf>,

    /// Read the input password from the environment variable VAR
    #[arg(long, value_name = "VAR", global = true)]
    pub password_env: Option<String>,

    /// Read the input password from the first line of standard input
    #[arg(long, global = true)]
    pub password_stdin: bool,

    /// Input password on the command line (discouraged: visible in process lists)
    #[arg(long, value_name = "PASSWORD", global = true, hide_env_values = true)]
    pub password: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Inspect(inspect::InspectArgs),
    Import(import::ImportArgs),
    Store(store::StoreArgs),
    Connect(connect::ConnectArgs),
    Convert(convert::ConvertArgs),
    CheckPrivateKey(check_private_key::CheckPrivateKeyArgs),
    #[command(visible_alias = "export")]
    ExportPublic(export_public::ExportPublicArgs),
    Completions(completions::CompletionsArgs),
    VerifyChain(verify_chain::VerifyChainArgs),
    Doctor(doctor::DoctorArgs),
    Config(config::ConfigArgs),
}

/// The clap command, for completions and man pages.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        super::command().debug_assert();
    }
}
