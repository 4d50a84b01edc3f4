//! Where output goes and how it looks: JSON or human, colour or not, quiet or not.
//!
//! Everything printed on stdout goes through [`Output`], which turns a closed pipe
//! (`certkit inspect dir | head -1`) into a quiet, successful end instead of a panic.

use std::io::{IsTerminal, Write};

use serde::Serialize;

/// How the user asked output to look, plus what the terminal allows.
#[derive(Debug, Clone)]
pub struct Output {
    pub json: bool,
    pub quiet: bool,
    pub color: bool,
    pub stdout_is_terminal: bool,
    pub stderr_is_terminal: bool,
}

/// Marker error: stdout was closed by the reader; the run ends quietly.
#[derive(Debug, thiserror::Error)]
#[error("output pipe closed")]
pub struct PipeClosed;

impl Output {
    pub fn new(json: bool, quiet: bool, no_color: bool) -> Self {
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Output {
            json,
            quiet,
            color: stdout_is_terminal && !no_color && !no_color_env,
            stdout_is_terminal,
            stderr_is_terminal: std::io::stderr().is_terminal(),
        }
    }

    /// Writes text to stdout as is.
    pub fn print(&self, text: &str) -> anyhow::Result<()> {
        let mut out = std::io::stdout().lock();
        write_or_closed(out.write_all(text.as_bytes()).and_then(|_| out.flush()))
    }

    /// Writes one JSON document (and a newline) to stdout.
    pub fn print_json<T: Serialize>(&self, value: &T) -> anyhow::Result<()> {
        let mut text = serde_json::to_string_pretty(value)?;
        text.push('\n');
        self.print(&text)
    }

    /// A warning on stderr, unless `--quiet`.
    pub fn warn(&self, message: &str) {
        if !self.quiet {
            eprintln!("certkit: warning: {message}");
        }
    }

    /// Wraps `text` in an ANSI colour when colour is on.
    pub fn paint(&self, text: &str, color: Color) -> String {
        if self.color {
            format!("\x1b[{}m{text}\x1b[0m", color as u8)
        } else {
            text.to_string()
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Color {
    Red = 31,
    Green = 32,
    Yellow = 33,
    Bold = 1,
}

/// Whether a write failed because the reader of stdout went away (`certkit ... | head -1`).
/// Besides `BrokenPipe`, Windows can answer ERROR_PIPE_NOT_CONNECTED (233), which Rust leaves
/// uncategorised (seen under wine; real Windows usually says ERROR_NO_DATA, a `BrokenPipe`).
pub fn is_closed_pipe(e: &std::io::Error) -> bool {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return true;
    }
    #[cfg(windows)]
    {
        const ERROR_PIPE_NOT_CONNECTED: i32 = 233;
        if e.raw_os_error() == Some(ERROR_PIPE_NOT_CONNECTED) {
            return true;
        }
    }
    false
}

fn write_or_closed(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(e) if is_closed_pipe(&e) => Err(PipeClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("writing to standard output")),
        Ok(()) => Ok(()),
    }
}

impl Output {
    /// Writes raw bytes to stdout (a converted file written to `-`).
    pub fn print_bytes(&self, bytes: &[u8]) -> anyhow::Result<()> {
        let mut out = std::io::stdout().lock();
        write_or_closed(out.write_all(bytes).and_then(|_| out.flush()))
    }
}
