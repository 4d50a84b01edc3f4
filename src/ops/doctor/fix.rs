//! The fixes doctor gives: advice in words and the certkit commands that carry it out, each an
//! argument vector naming the same store and the same password source the user gave doctor, so
//! that it runs as given. Parts only the user has (a renewed certificate, a missing CA's file)
//! are `<placeholder>` words. Nothing here quotes: the human renderer quotes for a shell, JSON
//! gives the vectors as they are.
//!
//! Fixes that several checks give (replacing an entry by a new file) are written here once.

use super::report::{Command, Fix};

/// The placeholder for the renewed (or reissued) certificate with its private key.
pub const RENEWED: &str = "<renewed-certificate.pfx>";

/// What every command carries over from doctor's own command line.
#[derive(Debug, Clone, Default)]
pub struct FixContext {
    /// `--store` as given to doctor (the folder, or `windows:LocalMachine`), if one was.
    pub store: Option<String>,
    /// The password option for a file input, when it names no secret itself
    /// (`--password-file FILE`, `--password-env VAR`).
    pub password: Vec<String>,
}

impl FixContext {
    /// `certkit WORDS... [--store STORE]`.
    pub fn certkit(&self, words: &[&str]) -> Command {
        let mut all: Command = vec!["certkit".to_string()];
        all.extend(words.iter().map(|w| w.to_string()));
        if let Some(store) = &self.store {
            all.push("--store".into());
            all.push(store.clone());
        }
        all
    }

    /// Like [`certkit`](Self::certkit) for a command that reads the (possibly encrypted) input
    /// file again: the password option is carried over.
    pub fn certkit_reading(&self, words: &[&str]) -> Command {
        let mut all: Vec<&str> = words.to_vec();
        all.extend(self.password.iter().map(String::as_str));
        self.certkit(&all)
    }

    /// `certkit store remove NAME --in personal`.
    pub fn remove_entry(&self, name: &str) -> Command {
        self.certkit(&["store", "remove", name, "--in", "personal"])
    }

    /// `certkit import FILE --name NAME`: a personal entry (re)made from `file`.
    pub fn import_entry(&self, file: &str, name: &str) -> Command {
        self.certkit(&["import", file, "--name", name])
    }

    /// The one way to replace a personal entry by a new file: `first` (what the user must get),
    /// then remove the entry and import the new file under the same name. Importing alone would
    /// keep the entry's old private key, so the entry goes first.
    pub fn replace_entry(&self, first: &str, file: &str, name: &str) -> Fix {
        Fix::run(
            format!(
                "{first}, then replace the entry under the same name (remove it, then import the new file)"
            ),
            vec![self.remove_entry(name), self.import_entry(file, name)],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_carry_the_store_and_the_password_source() {
        let ctx = FixContext {
            store: Some("/srv/my store".into()),
            password: vec!["--password-env".into(), "PFX_PASSWORD".into()],
        };
        assert_eq!(
            ctx.certkit(&["store", "grant", "client.example.com", "www-data"]),
            [
                "certkit",
                "store",
                "grant",
                "client.example.com",
                "www-data",
                "--store",
                "/srv/my store"
            ]
        );
        assert_eq!(
            ctx.certkit_reading(&["import", "<renewed certificate file>"]),
            [
                "certkit",
                "import",
                "<renewed certificate file>",
                "--password-env",
                "PFX_PASSWORD",
                "--store",
                "/srv/my store"
            ]
        );
    }

    #[test]
    fn replacing_an_entry_removes_it_before_importing() {
        let fix = FixContext::default().replace_entry("renew it", "<new.pfx>", "client");
        assert_eq!(
            fix.commands,
            vec![
                vec!["certkit", "store", "remove", "client", "--in", "personal"],
                vec!["certkit", "import", "<new.pfx>", "--name", "client"],
            ]
        );
        assert!(fix.advice.starts_with("renew it, then replace the entry"));
    }
}
