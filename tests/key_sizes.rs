//! Key sizes are the exact bit length of the RSA modulus and the DSA prime p, for certificates
//! and private keys alike: a 2047-bit key is 2047 bits, not its byte length times eight. Keys of
//! odd sizes are made with the openssl CLI at test time, and the expected size is the one
//! `openssl pkey -text` reports (OpenSSL itself makes a 3070-bit modulus when asked for 3071).

mod common;

use common::{json, Env};

/// A key of `bits` (`RSA` or `DSA`), a self-signed certificate for it, and both in a PKCS#12
/// file; returns the certificate and the PKCS#12 paths, and the size OpenSSL reports.
fn key_and_certificate(env: &Env, algorithm: &str, bits: u32) -> (String, String, u64) {
    let key = format!("{algorithm}{bits}.key");
    match algorithm {
        "RSA" => {
            env.openssl(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                &format!("rsa_keygen_bits:{bits}"),
                "-out",
                &key,
            ]);
        }
        _ => {
            let params = format!("{algorithm}{bits}.params");
            env.openssl(&[
                "genpkey",
                "-genparam",
                "-algorithm",
                "DSA",
                "-pkeyopt",
                &format!("dsa_paramgen_bits:{bits}"),
                "-out",
                &params,
            ]);
            env.openssl(&["genpkey", "-paramfile", &params, "-out", &key]);
        }
    }
    let cert = format!("{algorithm}{bits}.crt");
    env.openssl(&[
        "req", "-x509", "-key", &key, "-subj", "/CN=size", "-days", "30", "-out", &cert,
    ]);
    let pfx = format!("{algorithm}{bits}.pfx");
    env.openssl(&[
        "pkcs12", "-export", "-inkey", &key, "-in", &cert, "-passout", "pass:pw", "-out", &pfx,
    ]);
    let text = env.openssl(&["pkey", "-in", &key, "-noout", "-text"]);
    let text = String::from_utf8(text.stdout).unwrap();
    // "Private-Key: (2047 bit, 2 primes)" / "Private-Key: (1025 bit)"
    let reported = text
        .split_once('(')
        .and_then(|(_, rest)| rest.split_once(" bit"))
        .map(|(n, _)| n.parse().unwrap())
        .unwrap_or_else(|| panic!("no size in: {text}"));
    (cert, pfx, reported)
}

#[test]
fn rsa_and_dsa_sizes_are_exact_bit_lengths() {
    let env = Env::new();
    for (algorithm, bits) in [("RSA", 2047), ("RSA", 1025), ("RSA", 3071), ("DSA", 1025)] {
        let (cert, pfx, reported) = key_and_certificate(&env, algorithm, bits);
        // The RSA sizes are no multiple of eight, so "bytes times eight" would be caught.
        // (OpenSSL rounds DSA primes up to a multiple of 64 bits: 1025 becomes 1088.)
        if algorithm == "RSA" {
            assert_ne!(reported % 8, 0, "{algorithm} {bits}");
        }
        let bits = reported;
        // The certificate alone: the public key's size.
        let out = env
            .certkit()
            .args(["--json", "inspect"])
            .arg(env.path(&cert))
            .output()
            .unwrap();
        let doc = json(&out);
        let key = &doc["inputs"][0]["certificates"][0]["key"];
        assert_eq!(key["algorithm"], algorithm, "{doc}");
        assert_eq!(key["bits"], bits, "{algorithm} {bits} certificate: {doc}");

        // With the private key: both halves say the same.
        let out = env
            .certkit()
            .args(["--json", "inspect", "--password", "pw"])
            .arg(env.path(&pfx))
            .output()
            .unwrap();
        let doc = json(&out);
        let input = &doc["inputs"][0];
        assert_eq!(
            input["private_key"]["bits"], bits,
            "{algorithm} {bits} key: {doc}"
        );
        assert_eq!(input["certificates"][0]["key"]["bits"], bits);

        // And the human rendering.
        let out = env
            .certkit()
            .arg("inspect")
            .arg(env.path(&cert))
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&format!("{algorithm} {bits}")), "{text}");
    }
}

/// `verify-chain` by default: a leaf key below what Windows, Java, Go and Chrome accept
/// (RSA 512, DSA 512, EC P-192) is the error `key_too_small` and the chain fails; a key that is
/// merely discouraged (RSA 1024) stays the profile-only warning `weak_key`, an error only with
/// `--strict`.
#[test]
fn keys_too_small_for_mainstream_verifiers_fail_by_default_discouraged_ones_warn() {
    let env = Env::new();
    let pki = env.pki();
    let ext = "[ext]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";
    env.write("leaf.ext", ext);
    let cases: [(&str, &[&str], &str, i32); 4] = [
        (
            "rsa512",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"],
            "key_too_small",
            1,
        ),
        (
            "p192",
            &["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-192"],
            "key_too_small",
            1,
        ),
        (
            "rsa1024",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
            "weak_key",
            0,
        ),
        (
            "rsa2048",
            &["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
            "",
            0,
        ),
    ];
    for (name, keygen, kind, code) in cases {
        let key = format!("{name}.key");
        let mut args = vec!["genpkey", "-out", key.as_str()];
        args.extend(keygen);
        env.openssl(&args);
        let csr = format!("{name}.csr");
        env.openssl(&[
            "req",
            "-new",
            "-key",
            &key,
            "-subj",
            &format!("/CN={name}"),
            "-out",
            &csr,
        ]);
        let cert = format!("{name}.pem");
        let ca = pki.intermediate.cert.display().to_string();
        let ca_key = pki.intermediate.key.display().to_string();
        env.openssl(&[
            "x509",
            "-req",
            "-in",
            &csr,
            "-CA",
            &ca,
            "-CAkey",
            &ca_key,
            "-days",
            "3650",
            "-extfile",
            "leaf.ext",
            "-extensions",
            "ext",
            "-out",
            &cert,
        ]);
        let root = pki.root.cert.display().to_string();
        for strict in [false, true] {
            let mut cmd = env.certkit();
            cmd.args([
                "--json",
                "verify-chain",
                &cert,
                "--untrusted",
                &ca,
                "--ca",
                &root,
            ]);
            if strict {
                cmd.arg("--strict");
            }
            let out = cmd.output().unwrap();
            let doc = json(&out);
            let findings = doc["findings"].as_array().unwrap();
            let found: Vec<(&str, &str)> = findings
                .iter()
                .map(|f| (f["kind"].as_str().unwrap(), f["severity"].as_str().unwrap()))
                .collect();
            if kind.is_empty() {
                assert!(found.is_empty(), "{name}: {found:?}");
                assert_eq!(out.status.code(), Some(0), "{name}");
                continue;
            }
            let severity = if kind == "key_too_small" || strict {
                "error"
            } else {
                "warning"
            };
            assert_eq!(found, [(kind, severity)], "{name} strict={strict}");
            let expected = if strict { 1 } else { code };
            assert_eq!(
                out.status.code(),
                Some(expected),
                "{name} strict={strict}: {doc}"
            );
        }
    }
}
