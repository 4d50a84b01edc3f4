//! `certkit completions`: print the completion script for a shell.

use anyhow::Result;

use crate::cli::completions::CompletionsArgs;
use crate::exit::ExitCode;
use crate::output::{is_closed_pipe, Output, PipeClosed};

pub fn run(args: &CompletionsArgs, _out: &Output) -> Result<ExitCode> {
    let mut cmd = crate::cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "certkit", &mut buf);
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&buf).and_then(|_| stdout.flush()) {
        Err(e) if is_closed_pipe(&e) => Err(PipeClosed.into()),
        Err(e) => Err(e.into()),
        Ok(()) => Ok(ExitCode::Success),
    }
}
