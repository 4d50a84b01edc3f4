//! The set-up shared by the `config` tests (`tests/config.rs`, `tests/config_checks.rs`): the
//! PKI, `certkit --json config` read into its typed report, and the key-file mode check.

use serde_json::Value;

use super::{client_certificate_cases, json, Env, Pki, Spec};

/// A PKI with every client-certificate case (tests/common/mod.rs) and a server-only
/// certificate, for the `config` tests.
pub struct Setup {
    pub env: Env,
    pub pki: Pki,
}

impl Setup {
    pub fn new() -> Setup {
        let env = Env::new();
        let pki = env.pki();
        client_certificate_cases(&env, &pki);
        let server = env.issue(
            "server-purpose",
            "wrong-purpose.example.com",
            Some(&pki.intermediate),
            &Spec::server(),
        );
        env.pkcs12(
            "server-purpose.pfx",
            &server,
            &[&pki.intermediate],
            "secret",
            &[],
        );
        Setup { env, pki }
    }

    pub fn root(&self) -> String {
        self.pki.root.cert.display().to_string()
    }

    /// `certkit --json config ARGS`, expected to succeed: the report.
    pub fn config(&self, args: &[&str]) -> Value {
        let out = self
            .env
            .certkit()
            .args(["--json", "config"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "certkit config {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = json(&out);
        // The report is a contract: it must deserialize into the typed struct.
        serde_json::from_value::<certkit::ops::config::ConfigReport>(doc.clone())
            .unwrap_or_else(|e| panic!("report does not deserialize: {e}\n{doc:#}"));
        assert_eq!(doc["version"], 2);
        doc
    }
}

/// Asserts the file is readable by its owner only (Unix modes; Windows has none).
pub fn assert_private(path: &str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path}");
    }
    #[cfg(not(unix))]
    let _ = path;
}
