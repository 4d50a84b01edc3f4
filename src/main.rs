//! The certkit binary: parse the command line, run, print the error chain once, exit.

use std::io::Write;
use std::process::ExitCode as ProcessExit;

use clap::Parser;

use certkit::cli::Cli;
use certkit::error::ErrorDocument;
use certkit::exit::ExitCode;
use certkit::output::PipeClosed;

fn main() -> ProcessExit {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                ExitCode::Error
            } else {
                ExitCode::Success
            };
            let _ = e.print();
            return code.into();
        }
    };
    let json = cli.global.json;
    match certkit::commands::dispatch(cli) {
        Ok(code) => code.into(),
        Err(err) if err.chain().any(|c| c.is::<PipeClosed>()) => ExitCode::Success.into(),
        Err(err) => {
            let mut message = err.to_string();
            for cause in err.chain().skip(1) {
                message.push_str(&format!("\n  because: {cause}"));
            }
            eprintln!("certkit: error: {message}");
            if json {
                let doc = ErrorDocument::new(&err);
                // A closed stdout must not turn an error report into a panic.
                if let Ok(text) = serde_json::to_string(&doc) {
                    let _ = writeln!(std::io::stdout().lock(), "{text}");
                }
            }
            ExitCode::Error.into()
        }
    }
}
