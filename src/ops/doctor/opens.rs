//! `opens`: the file or entry opens, and every `--platform` named can read its PKCS#12
//! encryption and MAC. The verdicts are the loader's "opens in" knowledge
//! ([`Pkcs12Details::compatibility`](crate::model::Pkcs12Details::compatibility)), the same
//! `inspect` shows; this module only maps platform names onto its readers.

use crate::error::ErrorKind;
use crate::model::pkcs12::Opens;

use super::report::{CheckId, CheckResult, Fix, SubjectKind};
use super::setup::{Platform, Settings, Subject};

impl Platform {
    /// The reader of the "opens in" table this platform is judged by. macOS is judged by the
    /// stricter Keychain of macOS 15 and older, still the one most machines run.
    fn reader(self) -> &'static str {
        match self {
            Platform::Windows2016 => "Windows Server 2016",
            Platform::Windows2019 => "Windows Server 2019+",
            Platform::Java8 => "Java 8 (before 8u301)",
            Platform::Java17 => "Java 8u301+/11.0.12+/17+",
            Platform::Openssl3 => "OpenSSL 3",
            Platform::Macos => "macOS 15 and older",
            Platform::Nss => "NSS pk12util",
            Platform::Dotnet9 => crate::model::pkcs12_readers::DOTNET9,
            Platform::DotnetFramework => crate::model::pkcs12_readers::DOTNET_FRAMEWORK,
            Platform::Mono => crate::model::pkcs12_readers::MONO,
        }
    }

    /// The `convert` profile that makes a file this platform opens.
    fn profile(self) -> &'static str {
        match self {
            Platform::Windows2016 | Platform::Java8 | Platform::Macos | Platform::Mono => "legacy",
            _ => "modern",
        }
    }
}

pub fn check(subject: &Subject, settings: &Settings) -> CheckResult {
    let bundle = match &subject.loaded {
        Ok(b) => b,
        Err(e) => {
            let fix = match (e.kind, subject.kind) {
                (ErrorKind::WrongPassword | ErrorKind::PasswordRequired, _) => Fix::from(
                    "give the file's password with --password-file FILE or --password-env VAR",
                ),
                (_, SubjectKind::Entry) => settings.fix.replace_entry(
                    "get the certificate with its private key again",
                    "<certificate-with-key.pfx>",
                    &subject.name,
                ),
                (_, SubjectKind::File) => Fix::from(
                    "check that this is the right file; `certkit inspect` says what it holds",
                ),
            };
            return CheckResult::fail(CheckId::Opens, e.message.clone(), fix);
        }
    };
    if bundle.certificates.is_empty() {
        return CheckResult::fail(
            CheckId::Opens,
            format!("{} holds no certificate", subject.label()),
            "give the file that holds the certificate (and its private key)",
        );
    }
    let Some(details) = &bundle.source.pkcs12 else {
        let what = match subject.kind {
            SubjectKind::Entry => "the store entry opens",
            SubjectKind::File => "the file opens",
        };
        let platforms = if settings.platforms.is_empty() {
            String::new()
        } else {
            format!(
                "; it is not a PKCS#12 file, so --platform applies to the .pfx made from it (`certkit convert --profile legacy` for {})",
                join_platforms(&settings.platforms)
            )
        };
        return CheckResult::pass(
            CheckId::Opens,
            format!("{what} ({}){platforms}", bundle.source.format.as_str()),
        );
    };
    let verdicts = details.compatibility();
    let mut refused = Vec::new();
    let mut doubtful = Vec::new();
    for &platform in &settings.platforms {
        match verdicts.iter().find(|v| v.reader == platform.reader()) {
            Some(v) if v.opens == Opens::No => refused.push((platform, v.reason.clone())),
            Some(v) if v.opens == Opens::Probably => doubtful.push((platform, v.reason.clone())),
            Some(_) => {}
            None => doubtful.push((
                platform,
                Some("certkit has no verdict for this platform".into()),
            )),
        }
    }
    let encryption = details
        .key_encryption
        .first()
        .or(details.certificate_encryption.first())
        .map(|e| e.summary())
        .unwrap_or_else(|| "no encryption".into());
    let describe = |list: &[(Platform, Option<String>)]| {
        list.iter()
            .map(|(p, r)| match r {
                Some(r) => format!("{} ({r})", p.as_str()),
                None => p.as_str().to_string(),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let convert_fix = |list: &[(Platform, Option<String>)]| {
        let profile = list[0].0.profile();
        let input = subject.name.as_str();
        let output = format!("{}-{profile}.pfx", stem(input));
        Fix::run(
            format!(
                "make a copy with the {profile} profile (convert asks for the new file's password; unattended, add --new-password-file FILE or --new-password-env VAR)"
            ),
            vec![settings
                .fix
                .certkit_reading(&["convert", input, "-o", &output, "--profile", profile])],
        )
    };
    if !refused.is_empty() {
        return CheckResult::fail(
            CheckId::Opens,
            format!(
                "the PKCS#12 file ({encryption}) does not open in {}",
                describe(&refused)
            ),
            convert_fix(&refused),
        );
    }
    if !doubtful.is_empty() {
        return CheckResult::warn(
            CheckId::Opens,
            format!(
                "the PKCS#12 file ({encryption}) probably opens in {}",
                describe(&doubtful)
            ),
            convert_fix(&doubtful),
        );
    }
    let platforms = if settings.platforms.is_empty() {
        String::new()
    } else {
        format!(" and opens in {}", join_platforms(&settings.platforms))
    };
    CheckResult::pass(
        CheckId::Opens,
        format!("the PKCS#12 file opens ({encryption}){platforms}"),
    )
}

fn join_platforms(platforms: &[Platform]) -> String {
    platforms
        .iter()
        .map(|p| p.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `dir/client.pfx` → `dir/client`.
fn stem(path: &str) -> String {
    let p = std::path::Path::new(path);
    match (p.parent(), p.file_stem()) {
        (Some(parent), Some(stem)) => parent.join(stem).display().to_string(),
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::pkcs12::{Encryption, Mac, PasswordUsed, Pkcs12Details};

    /// Every platform is judged by a reader the "opens in" table really has, so that a renamed
    /// reader cannot silently turn a verdict into "no verdict".
    #[test]
    fn every_platform_has_a_reader_in_the_table() {
        let details = Pkcs12Details {
            certificate_encryption: vec![Encryption::none()],
            key_encryption: vec![Encryption::none()],
            mac: Some(Mac {
                algorithm: "SHA-1".into(),
                iterations: 2048,
                pbmac1: None,
            }),
            password: PasswordUsed::Empty,
            bags: Default::default(),
        };
        let readers: Vec<&str> = details.compatibility().iter().map(|c| c.reader).collect();
        for p in [
            Platform::Windows2016,
            Platform::Windows2019,
            Platform::Java8,
            Platform::Java17,
            Platform::Openssl3,
            Platform::Macos,
            Platform::Nss,
            Platform::Dotnet9,
            Platform::DotnetFramework,
            Platform::Mono,
        ] {
            assert!(
                readers.contains(&p.reader()),
                "{} -> {}",
                p.as_str(),
                p.reader()
            );
        }
    }
}
