//! `key_provider`: which kind of key storage holds a key the store keeps (the Windows stores),
//! and what a CryptoAPI key breaks. CryptoAPI keys cannot sign RSA-PSS, so TLS 1.3 client
//! authentication fails with them (dotnet/runtime#68009); a PROV_RSA_FULL key (MMC's
//! provider) cannot even sign SHA-256, so Schannel offers only SHA-1 signatures in TLS 1.2 and
//! servers that refuse SHA-1 reject it (dotnet/runtime#111785,
//! Azure/azure-c-shared-utility#699). The fix is a re-import into CNG, and the grants again:
//! a re-import resets the key's access list. Only subjects with a held key get this check.

use super::fix::FixContext;
use super::report::{CheckId, CheckResult, Fix};
use super::setup::{Settings, Subject};
use crate::store::{HeldKeyCheck, HeldKeyStorage};

/// `PROV_RSA_FULL`, the provider type of MMC's "Microsoft Enhanced Cryptographic Provider".
const PROV_RSA_FULL: u32 = 1;

/// The check, for a subject whose key the store keeps; `None` for other subjects.
pub fn check(subject: &Subject, settings: &Settings) -> Option<CheckResult> {
    let held = subject.held_key.as_ref()?;
    let storage = held.storage?;
    Some(judge(
        &subject.name,
        held,
        storage,
        &settings.fix,
        &settings.accounts,
    ))
}

fn judge(
    name: &str,
    held: &HeldKeyCheck,
    storage: HeldKeyStorage,
    fix: &FixContext,
    accounts: &[String],
) -> CheckResult {
    let provider = held.provider.as_deref().unwrap_or("its provider");
    let HeldKeyStorage::CryptoApi { prov_type } = storage else {
        return CheckResult::pass(
            CheckId::KeyProvider,
            format!("the private key is a CNG key ({provider}): TLS 1.2 and TLS 1.3 client authentication can use it"),
        );
    };
    let sha1_only = prov_type == PROV_RSA_FULL || held.provider_signs_sha256 == Some(false);
    let breaks = if sha1_only {
        "it cannot sign SHA-256, so Schannel offers only SHA-1 signatures: TLS 1.2 client authentication fails against servers that refuse SHA-1 (OpenSSL 3 at its default level, for one; .NET reports \"Invalid algorithm specified\"), and TLS 1.3 client authentication (RSA-PSS) fails everywhere"
    } else {
        "TLS 1.3 client authentication needs RSA-PSS, which no CryptoAPI key signs: it fails (TLS 1.2 with SHA-256 works)"
    };
    let mut commands = vec![
        fix.remove_entry(name),
        fix.certkit(&[
            "import",
            "<certificate-with-key.pfx>",
            "--name",
            name,
            "--key-provider",
            "cng",
        ]),
    ];
    for account in accounts {
        commands.push(fix.certkit(&["store", "grant", name, account]));
    }
    let grant = if accounts.is_empty() {
        "then grant read access again to every account that used it (`certkit store grant`)"
    } else {
        "then grant again"
    };
    CheckResult::warn(
        CheckId::KeyProvider,
        format!("the private key is held by CryptoAPI ({provider}): {breaks}"),
        Fix::run(
            format!(
                "import the PFX again into CNG, {grant}: re-importing resets the key's access list"
            ),
            commands,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::doctor::report::Status;

    fn held(provider: &str, signs_sha256: bool) -> HeldKeyCheck {
        HeldKeyCheck {
            holder: "key container certkit-x".into(),
            public_key_match: true,
            signature_verified: Some(true),
            provider: Some(provider.into()),
            signature_hash: Some("SHA-256".into()),
            provider_signs_sha256: Some(signs_sha256),
            storage: None,
        }
    }

    fn fix() -> FixContext {
        FixContext {
            store: Some("windows:LocalMachine".into()),
            password: Vec::new(),
        }
    }

    #[test]
    fn a_cng_key_passes() {
        let r = judge(
            "api",
            &held("Microsoft Software Key Storage Provider (CNG)", true),
            HeldKeyStorage::Cng,
            &fix(),
            &[],
        );
        assert_eq!(r.status, Status::Pass);
        assert!(r.message.contains("CNG key"), "{}", r.message);
    }

    #[test]
    fn a_prov_rsa_aes_key_warns_about_tls_1_3_only() {
        let r = judge(
            "api",
            &held(
                "Microsoft Enhanced RSA and AES Cryptographic Provider (CryptoAPI, type 24)",
                true,
            ),
            HeldKeyStorage::CryptoApi { prov_type: 24 },
            &fix(),
            &["IIS_IUSRS".to_string()],
        );
        assert_eq!(r.status, Status::Warn);
        assert!(r.message.contains("TLS 1.3"), "{}", r.message);
        assert!(!r.message.contains("SHA-1"), "{}", r.message);
        let fix = r.fix.unwrap();
        let commands: Vec<String> = fix.commands.iter().map(|c| c.join(" ")).collect();
        assert_eq!(
            commands,
            [
                "certkit store remove api --in personal --store windows:LocalMachine",
                "certkit import <certificate-with-key.pfx> --name api --key-provider cng --store windows:LocalMachine",
                "certkit store grant api IIS_IUSRS --store windows:LocalMachine",
            ]
        );
        assert!(fix.advice.contains("resets"), "{}", fix.advice);
    }

    #[test]
    fn a_prov_rsa_full_key_warns_about_sha1_and_tls_1_3() {
        for (held, storage) in [
            (
                held(
                    "Microsoft Enhanced Cryptographic Provider v1.0 (CryptoAPI, type 1)",
                    false,
                ),
                HeldKeyStorage::CryptoApi { prov_type: 1 },
            ),
            // Whatever the type, a provider that could not sign SHA-256 is the same case.
            (
                held("Some CSP (CryptoAPI, type 12)", false),
                HeldKeyStorage::CryptoApi { prov_type: 12 },
            ),
        ] {
            let r = judge("api", &held, storage, &fix(), &[]);
            assert_eq!(r.status, Status::Warn);
            assert!(
                r.message.contains("cannot sign SHA-256") && r.message.contains("TLS 1.3"),
                "{}",
                r.message
            );
            let fix = r.fix.unwrap();
            assert_eq!(fix.commands.len(), 2);
            assert!(
                fix.advice.contains("grant read access again"),
                "{}",
                fix.advice
            );
        }
    }
}
