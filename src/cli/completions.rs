//! `certkit completions`: arguments.

use clap::Args;

/// Print shell completions for certkit
#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  certkit completions bash > /usr/share/bash-completion/completions/certkit
  certkit completions zsh > \"${fpath[1]}/_certkit\"

EXIT CODES:
  0  the script was printed
  2  bad usage (an unknown shell)")]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
