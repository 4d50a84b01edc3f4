//! PKCS#12 container details and the rules for which tools can open a given file.
//!
//! The rules and their sources are in docs/PKCS12-COMPAT.md (vendors' documentation and public bug
//! trackers); where a source is thin the verdict is "probably" rather than a guess.

use serde::{Deserialize, Serialize};

/// How one part of the file (a safe or a shrouded key bag) is encrypted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Encryption {
    /// A short, stable name: `none`, `pbeWithSHAAnd40BitRC2-CBC`, `pbeWithSHAAnd3-KeyTripleDES-CBC`,
    /// `PBES2`, ...
    pub scheme: String,
    /// The cipher: `RC2-40-CBC`, `3DES-CBC`, `AES-256-CBC`, `none`, ...
    pub cipher: String,
    /// PBKDF2's PRF for PBES2 (`hmacWithSHA256`), or the PKCS#12 KDF's hash (`SHA-1`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kdf: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<u64>,
    #[serde(skip)]
    pub family: CipherFamily,
}

impl Encryption {
    pub fn none() -> Self {
        Encryption {
            scheme: "none".into(),
            cipher: "none".into(),
            kdf: None,
            iterations: None,
            family: CipherFamily::None,
        }
    }

    /// One line for people: `AES-256-CBC (PBES2, hmacWithSHA256, 2048 iterations)`.
    pub fn summary(&self) -> String {
        if self.family == CipherFamily::None {
            return "none".into();
        }
        let mut parts = vec![self.scheme.clone()];
        if let Some(kdf) = &self.kdf {
            parts.push(kdf.clone());
        }
        if let Some(n) = self.iterations {
            parts.push(format!("{n} iterations"));
        }
        format!("{} ({})", self.cipher, parts.join(", "))
    }
}

/// The scheme name of Netscape's pre-standard PKCS#12 v1 3DES OID (1.2.840.113549.1.12.5.1.3).
pub const PKCS12_V1_3DES_SCHEME: &str = "pkcs12v1PbeWithSHA1AndTripleDES-CBC";

/// The cipher families that decide compatibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CipherFamily {
    #[default]
    None,
    /// RC2 (40 or 128 bit), RC4 or single DES: needs OpenSSL 3's legacy provider.
    Legacy,
    /// pbeWithSHAAnd3-KeyTripleDES-CBC, or PBES2 with DES-EDE3.
    TripleDes,
    /// PBES2 with AES-256-CBC and PBKDF2-HMAC-SHA256: what Windows calls AES256-SHA256.
    Aes256Sha256,
    /// Any other PBES2 with AES (AES-128/192, or a SHA-1 PRF).
    OtherAes,
    /// Something certkit does not know.
    Unknown,
}

/// The integrity check of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mac {
    /// `SHA-1`, `SHA-256`, ..., or `PBMAC1` (RFC 9579).
    pub algorithm: String,
    /// For PBMAC1, PBKDF2's iteration count (the one that applies; RFC 9579 ignores
    /// `macData.iterations`).
    pub iterations: u64,
    /// The PBMAC1 parameters; `None` for the classic PKCS#12 MAC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pbmac1: Option<Pbmac1Details>,
}

/// The parameters of a PBMAC1 MAC (RFC 9579), for reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Pbmac1Details {
    /// The key-derivation function: `PBKDF2`.
    pub kdf: String,
    /// PBKDF2's pseudo-random function: `hmacWithSHA256`, ...
    pub prf: String,
    /// The message authentication scheme: `HMAC-SHA-256`, `HMAC-SHA-384`, `HMAC-SHA-512`.
    pub mac: String,
    pub iterations: u64,
    /// PBKDF2's derived key length in bytes.
    pub key_length: u64,
}

/// Which password opened the file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PasswordUsed {
    /// The password the user gave (or typed at the prompt).
    Given,
    /// The empty password "" (BMPString with only the terminating zero).
    Empty,
    /// The absent (NULL) password, which some tools write for "no password".
    Null,
    /// Not opened: no password was given, and only the parts in clear were read.
    NotOpened,
}

/// What certkit learned about a PKCS#12 container.
#[derive(Debug, Clone, Serialize)]
pub struct Pkcs12Details {
    /// Encryption of the parts that hold certificates (one entry per safe).
    pub certificate_encryption: Vec<Encryption>,
    /// Encryption of the private key bags.
    pub key_encryption: Vec<Encryption>,
    /// `None` when the file has no MAC.
    pub mac: Option<Mac>,
    pub password: PasswordUsed,
    /// What the decoder saw of the bags, for the readers with limits; not part of reports.
    #[serde(skip)]
    pub bags: BagFacts,
}

/// Facts about the bags of a file, gathered while decoding, that some readers' verdicts need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BagFacts {
    /// How many certificates were read (every safe, once decrypted); `None` when the file was
    /// not opened.
    pub certificates: Option<usize>,
    /// The first bag, among those certkit sees without decrypting a safe, that repeats an
    /// attribute or gives one several values (what .NET's loader refuses).
    pub duplicate_attribute: Option<String>,
    /// For a file with PKCS#5 v1 DES parts (pbeWithSHA1AndDES-CBC, ...): whose key derivation
    /// opened them. `None` when the file has none or was not opened.
    pub pkcs5_des: Option<Pkcs5DesForm>,
    /// PBES2 parts opened only with NSS 3.21-3.30's BMPString password (and keyLength-sized
    /// AES key): OpenSSL cannot decrypt them.
    pub nss_pbes2: bool,
}

/// The two incompatible ways PKCS#5 v1 DES parts of a PKCS#12 file are derived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pkcs5DesForm {
    /// As PKCS#5 says (raw password, IV from bytes 8..16): OpenSSL `-legacy` writes and reads
    /// these; NSS refuses them.
    Standard,
    /// NSS's derivation (BMPString password, IV from the end of the hash): NSS writes and reads
    /// these; OpenSSL fails with "bad decrypt" (src/decode/nss_pbes1.rs).
    Nss,
}

/// Whether a tool can open the file.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Opens {
    Yes,
    Probably,
    No,
}

impl Opens {
    pub fn as_str(self) -> &'static str {
        match self {
            Opens::Yes => "yes",
            Opens::Probably => "probably",
            Opens::No => "no",
        }
    }
}

/// The verdict for one tool.
#[derive(Debug, Clone, Serialize)]
pub struct Compatibility {
    pub reader: &'static str,
    pub opens: Opens,
    /// Why not (or why only probably); `None` for a plain yes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Why OpenSSL 3.0 to 3.3 refuse a PBMAC1 file.
const PBMAC1_OPENSSL: &str = "OpenSSL 3.0 to 3.3 cannot verify a PBMAC1 MAC (\"unknown digest algorithm\"); OpenSSL 3.4 and later can";

/// Windows refuses MAC iteration counts above this (hwdsl2/setup-ipsec-vpn #414).
const WINDOWS_MAX_MAC_ITERATIONS: u64 = 600_000;

/// Why OpenSSL cannot read PKCS#5 v1 DES parts that NSS wrote (observed with OpenSSL 3.0.22 on
/// `pk12util -c/-C` output; docs/PKCS12-COMPAT.md).
const NSS_DES_OPENSSL: &str = "NSS derived this file's keys its own way (PKCS#5 v1 DES with a BMPString password and the IV from the end of the hash, Netscape's PKCS#12 v1 3DES, or NSS 3.21-3.30's PBES2 with a BMPString password): OpenSSL, even with -legacy, cannot decrypt them; re-wrap with `certkit convert IN -o OUT --profile modern`";

impl Pkcs12Details {
    fn all_encryptions(&self) -> impl Iterator<Item = &Encryption> {
        self.certificate_encryption
            .iter()
            .chain(self.key_encryption.iter())
    }

    pub(crate) fn any(&self, family: CipherFamily) -> bool {
        self.all_encryptions().any(|e| e.family == family)
    }

    fn first_name(&self, family: CipherFamily) -> String {
        self.all_encryptions()
            .find(|e| e.family == family)
            .map(|e| e.cipher.clone())
            .unwrap_or_default()
    }

    fn mac_algorithm(&self) -> Option<&str> {
        self.mac.as_ref().map(|m| m.algorithm.as_str())
    }

    /// Which common tools open this file, with the reason when they don't.
    pub fn compatibility(&self) -> Vec<Compatibility> {
        let legacy = self.any(CipherFamily::Legacy);
        let aes256 = self.any(CipherFamily::Aes256Sha256);
        let other_aes = self.any(CipherFamily::OtherAes);
        let unknown = self.any(CipherFamily::Unknown);
        let pbes2 = aes256 || other_aes;
        let mac = self.mac_algorithm();
        let pbmac1 = mac == Some("PBMAC1");
        let mac_sha1_or_none = matches!(mac, None | Some("SHA-1"));
        let mac_sha1_or_256 = matches!(mac, None | Some("SHA-1") | Some("SHA-256"));
        let mac_iterations = self.mac.as_ref().map(|m| m.iterations).unwrap_or(0);
        let nss_des = self.bags.pkcs5_des == Some(Pkcs5DesForm::Nss) || self.bags.nss_pbes2;
        let standard_des = self.bags.pkcs5_des == Some(Pkcs5DesForm::Standard);
        // keytool 17 cannot decrypt a certificate safe under PKCS#5 v1 DES, whichever tool
        // derived it ("keystore password was incorrect"; docs/PKCS12-COMPAT.md).
        let des_cert_safe = self
            .certificate_encryption
            .iter()
            .any(|e| e.scheme == "PBES1" && e.cipher == "DES-CBC");

        let verdict = |reader: &'static str, opens: Opens, reason: Option<String>| Compatibility {
            reader,
            opens,
            reason,
        };
        let v1_3des = self
            .all_encryptions()
            .any(|e| e.scheme == PKCS12_V1_3DES_SCHEME);
        let unknown_reason = || {
            Some(if v1_3des {
                V1_3DES_NOBODY.to_string()
            } else {
                "uses an algorithm certkit does not recognise".to_string()
            })
        };
        let mut out = Vec::new();

        // OpenSSL 3 without -legacy.
        out.push(if nss_des {
            verdict("OpenSSL 3", Opens::No, Some(NSS_DES_OPENSSL.into()))
        } else if legacy {
            verdict(
                "OpenSSL 3",
                Opens::No,
                Some(format!(
                    "{} needs the legacy provider: use `openssl pkcs12 -legacy`, or re-wrap with `certkit convert --profile modern`",
                    self.first_name(CipherFamily::Legacy)
                )),
            )
        } else if pbmac1 {
            verdict("OpenSSL 3", Opens::No, Some(PBMAC1_OPENSSL.into()))
        } else if unknown {
            verdict("OpenSSL 3", Opens::Probably, unknown_reason())
        } else {
            verdict("OpenSSL 3", Opens::Yes, None)
        });
        out.push(if nss_des {
            verdict("OpenSSL 3 -legacy", Opens::No, Some(NSS_DES_OPENSSL.into()))
        } else if pbmac1 {
            verdict("OpenSSL 3 -legacy", Opens::No, Some(PBMAC1_OPENSSL.into()))
        } else if unknown {
            verdict("OpenSSL 3 -legacy", Opens::Probably, unknown_reason())
        } else {
            verdict("OpenSSL 3 -legacy", Opens::Yes, None)
        });

        // Windows 10 1709+ / Server 2019+.
        out.push(if pbmac1 {
            verdict(
                "Windows Server 2019+",
                Opens::No,
                Some("probably not: Microsoft documents only SHA-1 and SHA-256 MACs, not PBMAC1".into()),
            )
        } else if !mac_sha1_or_256 {
            verdict(
                "Windows Server 2019+",
                Opens::No,
                Some(format!("Windows verifies SHA-1 and SHA-256 MACs only, not {}", mac.unwrap_or("?"))),
            )
        } else if mac_iterations > WINDOWS_MAX_MAC_ITERATIONS {
            verdict(
                "Windows Server 2019+",
                Opens::No,
                Some(format!("MAC iteration count {mac_iterations} is above Windows' limit of 600000")),
            )
        } else if other_aes {
            verdict(
                "Windows Server 2019+",
                Opens::Probably,
                Some("Windows documents PBES2 only as AES-256 with PBKDF2-SHA256; this file uses another AES variant".into()),
            )
        } else if unknown {
            verdict("Windows Server 2019+", Opens::Probably, unknown_reason())
        } else {
            verdict("Windows Server 2019+", Opens::Yes, None)
        });

        // Windows Server 2016 and older.
        out.push(if pbes2 {
            verdict(
                "Windows Server 2016",
                Opens::No,
                Some("AES (PBES2) encryption is refused as \"wrong password\": use `certkit convert --profile legacy`".into()),
            )
        } else if !mac_sha1_or_none {
            verdict(
                "Windows Server 2016",
                Opens::No,
                Some(format!("only SHA-1 MACs are verified, this file has {}", mac.unwrap_or("?"))),
            )
        } else if mac_iterations > WINDOWS_MAX_MAC_ITERATIONS {
            verdict(
                "Windows Server 2016",
                Opens::No,
                Some(format!("MAC iteration count {mac_iterations} is above Windows' limit of 600000")),
            )
        } else if unknown {
            verdict("Windows Server 2016", Opens::Probably, unknown_reason())
        } else {
            verdict("Windows Server 2016", Opens::Yes, None)
        });

        let java_des = "a certificate safe encrypted with PKCS#5 v1 DES fails as \"keystore password was incorrect\" (keytool 17): use `certkit convert --profile legacy`";
        // Java 8 before 8u301 (and 11 before 11.0.12).
        out.push(if des_cert_safe {
            verdict(
                "Java 8 (before 8u301)",
                Opens::No,
                Some(format!("probably not: {java_des}")),
            )
        } else if pbes2 {
            verdict(
                "Java 8 (before 8u301)",
                Opens::No,
                Some("PBES2/AES fails as \"keystore password was incorrect\": use `certkit convert --profile legacy`".into()),
            )
        } else if !mac_sha1_or_none {
            verdict(
                "Java 8 (before 8u301)",
                Opens::No,
                Some(format!("only SHA-1 MACs are supported, this file has {}", mac.unwrap_or("?"))),
            )
        } else if unknown {
            verdict("Java 8 (before 8u301)", Opens::Probably, unknown_reason())
        } else {
            verdict("Java 8 (before 8u301)", Opens::Yes, None)
        });
        // Java 8u301+, 11.0.12+, 12+.
        out.push(if des_cert_safe {
            verdict(
                "Java 8u301+/11.0.12+/17+",
                Opens::No,
                Some(java_des.into()),
            )
        } else if other_aes {
            verdict(
                "Java 8u301+/11.0.12+/17+",
                Opens::Probably,
                Some("Java documents PBES2 as AES-256 with HmacSHA256".into()),
            )
        } else if pbmac1 {
            verdict(
                "Java 8u301+/11.0.12+/17+",
                Opens::No,
                Some("Java fails with \"NoSuchAlgorithmException: HmacPBE1.2.840.113549.1.5.14\" (PBMAC1 support is JDK-8343232, probably JDK 26)".into()),
            )
        } else if !mac_sha1_or_256 {
            verdict(
                "Java 8u301+/11.0.12+/17+",
                Opens::Probably,
                Some(format!(
                    "MAC {} is not the usual SHA-1 or SHA-256",
                    mac.unwrap_or("?")
                )),
            )
        } else if unknown {
            verdict(
                "Java 8u301+/11.0.12+/17+",
                Opens::Probably,
                unknown_reason(),
            )
        } else {
            verdict("Java 8u301+/11.0.12+/17+", Opens::Yes, None)
        });

        // macOS Keychain up to macOS 15.
        out.push(if pbes2 {
            verdict(
                "macOS 15 and older",
                Opens::No,
                Some("the Keychain reads only 3DES/RC2 PKCS#12: use `certkit convert --profile legacy`".into()),
            )
        } else if !mac_sha1_or_none {
            verdict(
                "macOS 15 and older",
                Opens::No,
                Some(format!("only SHA-1 MACs are accepted (\"MAC verification failed\"), this file has {}", mac.unwrap_or("?"))),
            )
        } else if unknown {
            verdict("macOS 15 and older", Opens::Probably, unknown_reason())
        } else {
            verdict("macOS 15 and older", Opens::Yes, None)
        });
        // macOS 26.
        out.push(if other_aes {
            verdict(
                "macOS 26",
                Opens::Probably,
                Some("documented for AES-256 with SHA-256 only".into()),
            )
        } else if pbmac1 {
            verdict(
                "macOS 26",
                Opens::No,
                Some("probably not: no Apple documentation mentions PBMAC1".into()),
            )
        } else if !mac_sha1_or_256 {
            verdict(
                "macOS 26",
                Opens::No,
                Some(format!("MAC {} is not accepted", mac.unwrap_or("?"))),
            )
        } else if unknown {
            verdict("macOS 26", Opens::Probably, unknown_reason())
        } else {
            verdict("macOS 26", Opens::Yes, None)
        });

        // NSS (Firefox, pk12util).
        out.push(if self.mac.is_none() {
            verdict(
                "NSS pk12util",
                Opens::No,
                Some("NSS refuses files without a MAC".into()),
            )
        } else if pbmac1 {
            verdict(
                "NSS pk12util",
                Opens::No,
                Some("NSS 3.87 refuses a PBMAC1 MAC as a wrong password".into()),
            )
        } else if self
            .all_encryptions()
            .any(|e| e.scheme == PKCS12_V1_3DES_SCHEME)
        {
            verdict(
                "NSS pk12util",
                Opens::No,
                Some("NSS 3.4 and later cannot import key bags under the PKCS#12 v1 3DES OID (\"Unable to import\", observed with NSS 3.87; its softoken has no mechanism for it): use `certkit convert IN -o OUT --profile modern`".into()),
            )
        } else if standard_des {
            verdict(
                "NSS pk12util",
                Opens::No,
                Some("NSS derives PKCS#5 v1 DES keys its own way and refuses these, derived as PKCS#5 says, as a wrong password (SEC_ERROR_BAD_PASSWORD): use `certkit convert IN -o OUT --profile modern`".into()),
            )
        } else if unknown {
            verdict("NSS pk12util", Opens::Probably, unknown_reason())
        } else {
            verdict("NSS pk12util", Opens::Yes, None)
        });

        // Readers that verify PBMAC1, listed only for such files (the others are the same as
        // the OpenSSL 3 rows above for every other file).
        if pbmac1 {
            let rest = if legacy {
                Some(format!(
                    "{} still needs the legacy provider (`-legacy`)",
                    self.first_name(CipherFamily::Legacy)
                ))
            } else {
                None
            };
            let opens = if rest.is_some() {
                Opens::No
            } else {
                Opens::Yes
            };
            out.push(verdict("OpenSSL 3.4+", opens, rest));
            out.push(verdict(
                "GnuTLS 3.8+",
                Opens::Probably,
                Some("GnuTLS verifies PBMAC1 since its merge request 1833 (probably 3.8.x); GnuTLS 3.7.9 cannot".into()),
            ));
            out.push(verdict("Python cryptography", Opens::Yes, None));
        }
        out.extend(self.dotnet_and_mono());
        if v1_3des {
            // Netscape's pre-standard OID: OpenSSL, NSS and .NET are shown not to read it (the
            // rows above say why); no other reader documents it.
            for c in out.iter_mut().filter(|c| c.opens != Opens::No) {
                c.opens = Opens::No;
                c.reason = Some(format!("probably not: {}", V1_3DES_NOBODY));
            }
        }
        out
    }
}

/// Why "opens in" says no for every reader on a file with Netscape's PKCS#12 v1 3DES.
const V1_3DES_NOBODY: &str = "the file uses Netscape's pre-standard PKCS#12 v1 3DES (1.2.840.113549.1.12.5.1.3), which no current reader is known to decrypt: re-wrap with `certkit convert IN -o OUT --profile modern`";

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(family: CipherFamily, cipher: &str) -> Encryption {
        Encryption {
            scheme: "x".into(),
            cipher: cipher.into(),
            kdf: None,
            iterations: Some(2048),
            family,
        }
    }

    fn details(cert: CipherFamily, key: CipherFamily, mac: Option<&str>) -> Pkcs12Details {
        Pkcs12Details {
            certificate_encryption: vec![enc(cert, "C")],
            key_encryption: vec![enc(key, "K")],
            mac: mac.map(|m| Mac {
                algorithm: m.into(),
                iterations: 2048,
                pbmac1: None,
            }),
            password: PasswordUsed::Given,
            bags: BagFacts::default(),
        }
    }

    fn opens(d: &Pkcs12Details, reader: &str) -> Opens {
        d.compatibility()
            .into_iter()
            .find(|c| c.reader == reader)
            .unwrap()
            .opens
    }

    #[test]
    fn openssl3_default_profile() {
        let d = details(
            CipherFamily::Aes256Sha256,
            CipherFamily::Aes256Sha256,
            Some("SHA-256"),
        );
        assert_eq!(opens(&d, "OpenSSL 3"), Opens::Yes);
        assert_eq!(opens(&d, "Windows Server 2019+"), Opens::Yes);
        assert_eq!(opens(&d, "Windows Server 2016"), Opens::No);
        assert_eq!(opens(&d, "Java 8 (before 8u301)"), Opens::No);
        assert_eq!(opens(&d, "macOS 15 and older"), Opens::No);
        assert_eq!(opens(&d, "macOS 26"), Opens::Yes);
    }

    #[test]
    fn openssl_legacy_rc2() {
        let d = details(CipherFamily::Legacy, CipherFamily::TripleDes, Some("SHA-1"));
        assert_eq!(opens(&d, "OpenSSL 3"), Opens::No);
        assert_eq!(opens(&d, "OpenSSL 3 -legacy"), Opens::Yes);
        assert_eq!(opens(&d, "Windows Server 2016"), Opens::Yes);
        assert_eq!(opens(&d, "macOS 15 and older"), Opens::Yes);
    }

    #[test]
    fn no_mac_is_refused_by_nss_only() {
        let d = details(CipherFamily::TripleDes, CipherFamily::TripleDes, None);
        assert_eq!(opens(&d, "NSS pk12util"), Opens::No);
        assert_eq!(opens(&d, "OpenSSL 3"), Opens::Yes);
    }

    #[test]
    fn pbmac1_opens_only_where_it_is_verified() {
        let d = details(
            CipherFamily::Aes256Sha256,
            CipherFamily::Aes256Sha256,
            Some("PBMAC1"),
        );
        for reader in [
            "OpenSSL 3",
            "OpenSSL 3 -legacy",
            "Windows Server 2019+",
            "Windows Server 2016",
            "Java 8 (before 8u301)",
            "Java 8u301+/11.0.12+/17+",
            "macOS 15 and older",
            "macOS 26",
            "NSS pk12util",
        ] {
            assert_eq!(opens(&d, reader), Opens::No, "{reader}");
        }
        assert_eq!(opens(&d, "OpenSSL 3.4+"), Opens::Yes);
        assert_eq!(opens(&d, "Python cryptography"), Opens::Yes);
        // The PBMAC1-only rows do not appear for other files.
        let classic = details(
            CipherFamily::Aes256Sha256,
            CipherFamily::Aes256Sha256,
            Some("SHA-256"),
        );
        assert!(classic
            .compatibility()
            .iter()
            .all(|c| c.reader != "OpenSSL 3.4+"));
    }

    #[test]
    fn legacy_3des_sha256_mac_fails_on_old_windows() {
        let d = details(
            CipherFamily::TripleDes,
            CipherFamily::TripleDes,
            Some("SHA-256"),
        );
        assert_eq!(opens(&d, "Windows Server 2016"), Opens::No);
        assert_eq!(opens(&d, "Windows Server 2019+"), Opens::Yes);
    }
}
