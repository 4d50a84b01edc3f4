//! The .NET and Mono rows of the PKCS#12 "opens in" table: readers whose verdict depends on
//! iteration counts and on whether the file has a password, more than on its algorithms.
//! Kept apart from [`super::pkcs12`]'s algorithm rules; docs/PKCS12-COMPAT.md gives the
//! sources of every number here.

use super::pkcs12::{CipherFamily, Compatibility, Opens, PasswordUsed, Pkcs12Details};

/// .NET 9+ `X509CertificateLoader` defaults (`Pkcs12LoaderLimits.Defaults`, dotnet/runtime
/// Pkcs12LoaderLimits.cs): MAC iterations, one KDF's iterations, all KDFs' iterations, keys,
/// certificates.
pub const DOTNET_MAC_ITERATIONS: u64 = 300_000;
pub const DOTNET_KDF_ITERATIONS: u64 = 300_000;
pub const DOTNET_TOTAL_KDF_ITERATIONS: u64 = 1_000_000;
pub const DOTNET_MAX_KEYS: usize = 200;
pub const DOTNET_MAX_CERTIFICATES: usize = 200;
/// The cap KB5025823 (June 2023) put on files loaded without a password by `X509Certificate2`
/// (MAC, each KDF and the total), and Windows' own PFXImportCertStore cap.
pub const UNSPECIFIED_PASSWORD_ITERATIONS: u64 = 600_000;

pub const DOTNET9: &str = ".NET 9+ X509CertificateLoader";
pub const DOTNET_FRAMEWORK_OLD: &str = ".NET Framework (before KB5025823)";
pub const DOTNET_FRAMEWORK: &str = ".NET Framework (KB5025823, June 2023+)";
pub const MONO: &str = "Mono";

impl Pkcs12Details {
    /// Iteration counts of every key derivation made to decrypt the file (each encrypted
    /// certificate safe, each shrouded key bag).
    fn kdf_iterations(&self) -> impl Iterator<Item = u64> + '_ {
        self.certificate_encryption
            .iter()
            .chain(&self.key_encryption)
            .filter(|e| e.family != CipherFamily::None)
            .map(|e| e.iterations.unwrap_or(1))
    }

    /// The MAC's iteration count (PBMAC1: its PBKDF2 count), 0 without a MAC.
    fn mac_kdf_iterations(&self) -> u64 {
        self.mac
            .as_ref()
            .map(|m| m.pbmac1.as_ref().map_or(m.iterations, |p| p.iterations))
            .unwrap_or(0)
    }

    /// The .NET and Mono verdicts (appended to [`Pkcs12Details::compatibility`]).
    pub(crate) fn dotnet_and_mono(&self) -> Vec<Compatibility> {
        let verdict = |reader: &'static str, opens: Opens, reason: Option<String>| Compatibility {
            reader,
            opens,
            reason,
        };
        let fix = "re-wrap with `certkit convert IN -o OUT --profile modern` (10,000 iterations)";
        let max_kdf = self.kdf_iterations().max().unwrap_or(0);
        let total_kdf: u64 = self.kdf_iterations().sum();
        let mac_iterations = self.mac_kdf_iterations();
        let mac = self.mac.as_ref().map(|m| m.algorithm.as_str());
        let pbmac1 = mac == Some("PBMAC1");
        let pbes2 = self.any(CipherFamily::Aes256Sha256) || self.any(CipherFamily::OtherAes);
        let keys = self.key_encryption.len();
        let certificates = self.bags.certificates;
        let mut out = Vec::new();

        // .NET 9+ (and Microsoft.Bcl.Cryptography on .NET Framework 4.8 / .NET 8).
        let over = if mac_iterations > DOTNET_MAC_ITERATIONS {
            Some(format!("MAC iteration count {mac_iterations} is above MacIterationLimit ({DOTNET_MAC_ITERATIONS})"))
        } else if max_kdf > DOTNET_KDF_ITERATIONS {
            Some(format!("a KDF iteration count of {max_kdf} is above IndividualKdfIterationLimit ({DOTNET_KDF_ITERATIONS})"))
        } else if total_kdf > DOTNET_TOTAL_KDF_ITERATIONS {
            Some(format!("the KDF iteration counts add up to {total_kdf}, above TotalKdfIterationLimit ({DOTNET_TOTAL_KDF_ITERATIONS})"))
        } else if keys > DOTNET_MAX_KEYS {
            Some(format!(
                "{keys} private keys, above MaxKeys ({DOTNET_MAX_KEYS})"
            ))
        } else {
            certificates
                .filter(|n| *n > DOTNET_MAX_CERTIFICATES)
                .map(|n| {
                    format!("{n} certificates, above MaxCertificates ({DOTNET_MAX_CERTIFICATES})")
                })
        };
        // Refusals that are not iteration limits, each with its own fix.
        let refused = if let Some(d) = &self.bags.duplicate_attribute {
            Some(format!("{d}, which AllowDuplicateAttributes (false by default) refuses (Pkcs12LoadLimitExceededException): {fix}"))
        } else {
            self.all_named(|e| {
                e.cipher.contains("RC4") || e.scheme == super::pkcs12::PKCS12_V1_3DES_SCHEME
            })
            .map(|e| format!("{e} is not among the algorithms the loader decrypts (\"unknown algorithm identifier\"): {fix}"))
        };
        let split = "keep the certificates a reader needs: `certkit convert IN -o OUT --profile modern` (with `--no-chain` for the leaf and its key only)";
        out.push(match over {
            Some(limit) if certificates.is_some_and(|n| n > DOTNET_MAX_CERTIFICATES) => verdict(
                DOTNET9,
                Opens::No,
                Some(format!(
                    "{limit} (Pkcs12LoadLimitExceededException): {split}"
                )),
            ),
            Some(limit) => verdict(
                DOTNET9,
                Opens::No,
                Some(format!("{limit} (Pkcs12LoadLimitExceededException): {fix}")),
            ),
            None if refused.is_some() => verdict(DOTNET9, Opens::No, refused),
            None if pbmac1 => verdict(
                DOTNET9,
                Opens::Probably,
                Some("no .NET documentation mentions PBMAC1".into()),
            ),
            None => verdict(DOTNET9, Opens::Yes, None),
        });

        // .NET Framework hands the file to Windows' PFXImportCertStore; the verdict of the
        // Windows version underneath applies as well (the Windows rows).
        let windows_cap = mac_iterations.max(max_kdf) > UNSPECIFIED_PASSWORD_ITERATIONS;
        let windows = if windows_cap {
            Some(format!(
                "an iteration count of {} is above PFXImportCertStore's limit of {UNSPECIFIED_PASSWORD_ITERATIONS}",
                mac_iterations.max(max_kdf)
            ))
        } else if pbmac1 {
            Some("probably not: Windows documents only SHA-1 and SHA-256 MACs, not PBMAC1".into())
        } else {
            None
        };
        let aes_note = || {
            pbes2.then(|| "opens if Windows underneath is 10 1709+/Server 2019+ (older Windows refuses AES)".to_string())
        };
        out.push(match &windows {
            Some(w) => verdict(DOTNET_FRAMEWORK_OLD, Opens::No, Some(format!("{w}: {fix}"))),
            None => match aes_note() {
                Some(note) => verdict(DOTNET_FRAMEWORK_OLD, Opens::Probably, Some(note)),
                None => verdict(DOTNET_FRAMEWORK_OLD, Opens::Yes, None),
            },
        });
        let passwordless = matches!(self.password, PasswordUsed::Empty | PasswordUsed::Null);
        let capped = passwordless
            && (mac_iterations > UNSPECIFIED_PASSWORD_ITERATIONS
                || max_kdf > UNSPECIFIED_PASSWORD_ITERATIONS
                || total_kdf > UNSPECIFIED_PASSWORD_ITERATIONS);
        out.push(if capped {
            verdict(
                DOTNET_FRAMEWORK,
                Opens::No,
                Some(format!(
                    "a file without a password may use at most {UNSPECIFIED_PASSWORD_ITERATIONS} iterations in all since KB5025823 (\"PKCS12 (PFX) without a supplied password has exceeded maximum allowed iterations\"): {fix}"
                )),
            )
        } else {
            match &windows {
                Some(w) => verdict(DOTNET_FRAMEWORK, Opens::No, Some(format!("{w}: {fix}"))),
                None => match aes_note() {
                    Some(note) => verdict(DOTNET_FRAMEWORK, Opens::Probably, Some(note)),
                    None => verdict(DOTNET_FRAMEWORK, Opens::Yes, None),
                },
            }
        });

        // Mono's managed PKCS#12 reader (Mono.Security): legacy PBE and SHA-1 MACs only.
        let legacy_fix = "use `certkit convert IN -o OUT --profile legacy`";
        out.push(if pbes2 || self.any(CipherFamily::Unknown) {
            verdict(
                MONO,
                Opens::No,
                Some(format!(
                    "Mono reads only 3DES/RC2 PKCS#12, not {}: {legacy_fix}",
                    self.encryption_names()
                )),
            )
        } else if self.all_named(|e| e.scheme == "PBES1").is_some() {
            // Mono.Security's PKCS12.cs derives the PKCS#5 v1 algorithms' keys with the PKCS#12
            // KDF (GetSymmetricAlgorithm), which neither OpenSSL's nor NSS's files use.
            verdict(
                MONO,
                Opens::No,
                Some(format!(
                    "probably not: Mono derives PKCS#5 v1 keys with the PKCS#12 key derivation, which no writer of these files uses: {legacy_fix}"
                )),
            )
        } else if !matches!(mac, None | Some("SHA-1")) {
            verdict(
                MONO,
                Opens::No,
                Some(format!(
                    "Mono verifies only SHA-1 MACs, this file has {}: {legacy_fix}",
                    mac.unwrap_or("?")
                )),
            )
        } else {
            verdict(MONO, Opens::Yes, None)
        });
        out
    }

    /// The first cipher that `pick` selects, by name, for messages.
    fn all_named(&self, pick: impl Fn(&super::pkcs12::Encryption) -> bool) -> Option<String> {
        self.certificate_encryption
            .iter()
            .chain(&self.key_encryption)
            .find(|e| pick(e))
            .map(|e| {
                if e.scheme == super::pkcs12::PKCS12_V1_3DES_SCHEME {
                    e.scheme.clone()
                } else {
                    e.cipher.clone()
                }
            })
    }

    /// The ciphers that are neither none nor legacy, for messages.
    fn encryption_names(&self) -> String {
        let mut names: Vec<&str> = self
            .certificate_encryption
            .iter()
            .chain(&self.key_encryption)
            .filter(|e| {
                !matches!(
                    e.family,
                    CipherFamily::None | CipherFamily::Legacy | CipherFamily::TripleDes
                )
            })
            .map(|e| e.cipher.as_str())
            .collect();
        names.dedup();
        names.join(", ")
    }
}
