//! The password loop every encrypted input goes through: the given password or the "no password"
//! candidates first, then the prompt when there is a terminal. Kept apart so that the format
//! decoders (PEM, DER, PKCS#12) share it without depending on each other.

use crate::error::{Error, ErrorKind, Result};
use crate::password::{Candidate, Passwords};

/// Reads and decodes the key in `bytes` with the password candidates, prompting when allowed.
/// `open` returns `Ok(None)` when the candidate is wrong.
pub(crate) fn with_passwords<T>(
    name: &str,
    passwords: &Passwords,
    mut open: impl FnMut(&Candidate) -> Result<Option<T>>,
) -> Result<T> {
    for candidate in passwords.candidates() {
        if let Some(found) = open(&candidate)? {
            return Ok(found);
        }
    }
    if passwords.is_given() {
        return Err(Error::new(
            ErrorKind::WrongPassword,
            "the password is wrong: check the password source (--password-file, --password-env, ...)",
        ));
    }
    while let Some(typed) = passwords.prompt(name) {
        if let Some(found) = open(&Candidate::Text(typed))? {
            return Ok(found);
        }
        eprintln!("certkit: wrong password for {name}, try again (Ctrl-C to stop)");
    }
    Err(Error::new(
        ErrorKind::PasswordRequired,
        "a password is required: give it with --password-file FILE, --password-env VAR or --password-stdin",
    ))
}
