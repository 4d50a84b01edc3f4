//! The fix commands doctor prints: certkit command lines, shell-quoted, that name the same store
//! and the same password source the user gave doctor, so that they can be run as printed.
//! Parts only the user has (a renewed certificate, a missing CA's file) are `<placeholders>`.

/// What every printed command carries over from doctor's own command line.
#[derive(Debug, Clone, Default)]
pub struct FixContext {
    /// `--store` as given to doctor (the folder, or `windows:LocalMachine`), if one was.
    pub store: Option<String>,
    /// The password option for a file input, when it names no secret itself
    /// (`--password-file FILE`, `--password-env VAR`).
    pub password: Vec<String>,
}

impl FixContext {
    /// `certkit WORDS... [--store STORE]`, each word quoted for a POSIX shell where needed.
    pub fn certkit(&self, words: &[&str]) -> String {
        let mut all: Vec<&str> = vec!["certkit"];
        all.extend_from_slice(words);
        if let Some(store) = &self.store {
            all.push("--store");
            all.push(store);
        }
        join(&all)
    }

    /// Like [`certkit`](Self::certkit) for a command that reads the (possibly encrypted) input
    /// file again: the password option is carried over.
    pub fn certkit_reading(&self, words: &[&str]) -> String {
        let mut all: Vec<&str> = words.to_vec();
        all.extend(self.password.iter().map(String::as_str));
        self.certkit(&all)
    }
}

/// Words joined into one shell command line; `<placeholders>` are left as they are, so that a
/// reader sees what to fill in.
pub fn join(words: &[&str]) -> String {
    words.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" ")
}

/// One word quoted for a POSIX shell (unchanged when it needs no quoting).
pub fn quote(word: &str) -> String {
    if word.starts_with('<') && word.ends_with('>') {
        return word.to_string();
    }
    shlex::try_quote(word)
        .map(|q| q.into_owned())
        .unwrap_or_else(|_| word.replace('\0', ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_carry_the_store_and_quote_paths() {
        let ctx = FixContext {
            store: Some("/srv/my store".into()),
            password: vec!["--password-env".into(), "PFX_PASSWORD".into()],
        };
        assert_eq!(
            ctx.certkit(&["store", "grant", "client.example.com", "www-data"]),
            "certkit store grant client.example.com www-data --store '/srv/my store'"
        );
        assert_eq!(
            ctx.certkit_reading(&["import", "<renewed certificate file>"]),
            "certkit import <renewed certificate file> --password-env PFX_PASSWORD --store '/srv/my store'"
        );
    }
}
