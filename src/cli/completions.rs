//! `certkit completions`: arguments.

use clap::Args;

/// Print shell completions for certkit
#[derive(Debug, Args)]
#[command(after_help = "\
EXAMPLES:
  certkit completions bash > /etc/bash_completion.d/certkit
  certkit completions zsh > \"${fpath[1]}/_certkit\"")]
pub struct CompletionsArgs {
    /// The shell to generate completions for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}
