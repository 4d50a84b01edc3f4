//! Where passwords come from, and how they are asked for.
//!
//! A password is read once from the source the user chose (a file, an environment variable,
//! standard input or, discouraged, the command line) and kept in memory that is wiped on drop.
//! With no source, the loader tries the passwords real tools use for "no password" and then
//! prompts without echo when standard input is a terminal.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::sync::Mutex;

use zeroize::Zeroizing;

use crate::error::{Error, ErrorKind, Result};

/// Where the user said the password is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordSpec {
    /// No source given: try "" and NULL, then prompt if possible.
    None,
    /// First line of a file.
    File(PathBuf),
    /// An environment variable.
    Env(String),
    /// First line of standard input.
    Stdin,
    /// Given on the command line.
    Value(String),
}

/// A password candidate for one attempt.
#[derive(Clone)]
pub enum Candidate {
    /// A real password (given or typed).
    Text(Zeroizing<String>),
    /// The empty password "".
    Empty,
    /// The absent password (NULL), which differs from "" in PKCS#12.
    Null,
}

/// The passwords available for opening inputs.
pub struct Passwords {
    given: Option<Zeroizing<String>>,
    can_prompt: bool,
    /// Passwords typed at the prompt, tried first on later inputs of the same run.
    typed: Mutex<Vec<Zeroizing<String>>>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("given", &self.given.as_ref().map(|_| "<hidden>"))
            .field("can_prompt", &self.can_prompt)
            .finish()
    }
}

impl Passwords {
    /// Reads the password from its source now, so that every error shows before work starts.
    pub fn resolve(spec: &PasswordSpec, what: &str) -> Result<Self> {
        let given = match spec {
            PasswordSpec::None => None,
            PasswordSpec::Value(v) => Some(Zeroizing::new(v.clone())),
            PasswordSpec::Env(var) => match std::env::var(var) {
                Ok(v) => Some(Zeroizing::new(v)),
                Err(_) => {
                    return Err(Error::new(
                        ErrorKind::Usage,
                        format!("the environment variable {var} named by --{what}-env is not set (or not UTF-8)"),
                    ))
                }
            },
            PasswordSpec::File(path) => {
                let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
                    Error::io(&format!("read the {what} file"), path, &e)
                })?);
                let text = std::str::from_utf8(&bytes).map_err(|_| {
                    Error::new(
                        ErrorKind::Usage,
                        format!("the {what} file {} is not UTF-8 text", path.display()),
                    )
                })?;
                Some(Zeroizing::new(first_line(text).to_string()))
            }
            PasswordSpec::Stdin => {
                let mut line = Zeroizing::new(String::new());
                std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                    Error::new(ErrorKind::Io, format!("cannot read the {what} from standard input: {e}"))
                })?;
                Some(Zeroizing::new(first_line(&line).to_string()))
            }
        };
        Ok(Passwords {
            given,
            can_prompt: std::io::stdin().is_terminal(),
            typed: Mutex::new(Vec::new()),
        })
    }

    /// A set with one known password and no prompt (for tests and library callers).
    pub fn fixed(password: Option<&str>) -> Self {
        Passwords {
            given: password.map(|p| Zeroizing::new(p.to_string())),
            can_prompt: false,
            typed: Mutex::new(Vec::new()),
        }
    }

    /// Never prompt, even on a terminal (used while a progress bar owns the terminal, or in
    /// non-interactive runs).
    pub fn without_prompt(mut self) -> Self {
        self.can_prompt = false;
        self
    }

    /// A copy for a worker thread: same passwords, never prompts (the prompt stays with the
    /// main thread, which retries what the workers could not open).
    pub fn for_worker(&self) -> Passwords {
        Passwords {
            given: self.given.clone(),
            can_prompt: false,
            typed: Mutex::new(self.typed.lock().expect("password list lock").clone()),
        }
    }

    /// Whether a no-echo prompt is possible.
    pub fn can_prompt(&self) -> bool {
        self.can_prompt && self.given.is_none()
    }

    /// Whether the user supplied a password.
    pub fn is_given(&self) -> bool {
        self.given.is_some()
    }

    /// The candidates to try before prompting: the given password alone, or else the
    /// passwords typed earlier in this run, "" and NULL.
    pub fn candidates(&self) -> Vec<Candidate> {
        if let Some(p) = &self.given {
            return vec![Candidate::Text(p.clone())];
        }
        let mut out: Vec<Candidate> = self
            .typed
            .lock()
            .expect("password list lock")
            .iter()
            .map(|p| Candidate::Text(p.clone()))
            .collect();
        out.push(Candidate::Empty);
        out.push(Candidate::Null);
        out
    }

    /// Asks for a password on the terminal without echo; `None` when no prompt is possible.
    pub fn prompt(&self, input_name: &str) -> Option<Zeroizing<String>> {
        if self.given.is_some() || !self.can_prompt {
            return None;
        }
        let typed = rpassword::prompt_password(format!("Password for {input_name}: ")).ok()?;
        let typed = Zeroizing::new(typed);
        self.typed
            .lock()
            .expect("password list lock")
            .push(typed.clone());
        Some(typed)
    }
}

fn first_line(text: &str) -> &str {
    text.split(['\n'])
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
}

/// The password for an output that certkit encrypts (`--new-password-file/-env/--new-password`),
/// or, with no source, asked twice without echo when stdin is a terminal. `target` names the
/// file in the prompt; `why` says what needs it, for the error when nothing can be asked.
pub fn new_password(spec: &PasswordSpec, target: &str, why: &str) -> Result<Zeroizing<String>> {
    let password = match spec {
        PasswordSpec::None => {
            if !std::io::stdin().is_terminal() {
                return Err(Error::new(
                    ErrorKind::PasswordRequired,
                    format!("{why} needs a new password: give it with --new-password-file FILE, --new-password-env VAR or --new-password VALUE"),
                ));
            }
            let first = Zeroizing::new(
                rpassword::prompt_password(format!("New password for {target}: ")).map_err(
                    |e| Error::new(ErrorKind::PasswordRequired, format!("cannot ask for the new password ({e}): give it with --new-password-file FILE or --new-password-env VAR")),
                )?,
            );
            let second = Zeroizing::new(
                rpassword::prompt_password("Repeat the new password: ").map_err(|e| {
                    Error::new(
                        ErrorKind::PasswordRequired,
                        format!("cannot ask for the new password ({e})"),
                    )
                })?,
            );
            if *first != *second {
                return Err(Error::new(
                    ErrorKind::Usage,
                    "the two new passwords differ: nothing was written, try again",
                ));
            }
            first
        }
        PasswordSpec::Stdin => {
            return Err(Error::new(
                ErrorKind::Usage,
                "the new password cannot be read from standard input: use --new-password-file or --new-password-env",
            ))
        }
        other => {
            let resolved = Passwords::resolve(other, "new-password")?;
            resolved.given.expect("a file, variable or value source gives a password")
        }
    };
    if password.is_empty() {
        return Err(Error::new(
            ErrorKind::Usage,
            "the new password is empty: give a non-empty password (an empty one protects nothing and many tools mishandle it)",
        ));
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_file_uses_first_line_without_newline() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pw");
        std::fs::write(&path, "s3cret\r\nignored\n").unwrap();
        let pw = Passwords::resolve(&PasswordSpec::File(path), "password").unwrap();
        match &pw.candidates()[0] {
            Candidate::Text(t) => assert_eq!(t.as_str(), "s3cret"),
            _ => panic!("expected the file's password"),
        }
    }

    #[test]
    fn no_password_tries_empty_then_null() {
        let pw = Passwords::fixed(None);
        let c = pw.candidates();
        assert!(matches!(c[0], Candidate::Empty));
        assert!(matches!(c[1], Candidate::Null));
    }

    #[test]
    fn missing_env_is_a_usage_error_without_the_value() {
        let err = Passwords::resolve(
            &PasswordSpec::Env("CERTKIT_SURELY_UNSET_VAR".into()),
            "password",
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Usage);
        assert!(err.message.contains("CERTKIT_SURELY_UNSET_VAR"));
    }
}
