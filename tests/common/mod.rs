//! Shared test harness: a fresh directory per test, the certkit binary with a fixed clock, and
//! a small PKI made at test time with the real `openssl` command (never committed, so it never
//! expires).
//!
//! Every integration test file does `mod common;` and builds what it needs from here; add new
//! helpers here rather than writing a second generator.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

pub mod config;
pub mod http;
pub mod loader;
pub mod store;

/// The fixed "now" every certkit run in tests sees (see `CERTKIT_NOW`). Certificates made by
/// [`Env::issue`] default to a validity window around it.
pub const NOW: &str = "2027-06-01T00:00:00Z";

/// A fresh directory for one test, deleted when dropped.
pub struct Env {
    pub dir: tempfile::TempDir,
}

/// A certificate made for a test: its PEM file and the PEM file of its private key.
#[derive(Debug, Clone)]
pub struct Issued {
    pub name: String,
    pub cert: PathBuf,
    pub key: PathBuf,
    pub subject: String,
}

/// Key algorithms the tests use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    Rsa2048,
    EcP256,
    EcP384,
    Ed25519,
    Dsa2048,
}

/// What kind of certificate to issue.
#[derive(Debug, Clone)]
pub struct Spec {
    pub key: KeyType,
    /// `openssl x509v3_config` lines (basicConstraints, keyUsage, extendedKeyUsage, ...).
    pub extensions: String,
    /// Validity as `YYYYMMDDHHMMSSZ`.
    pub not_before: String,
    pub not_after: String,
}

impl Spec {
    /// A CA certificate (basic constraints CA:TRUE, keyCertSign).
    pub fn ca() -> Spec {
        Spec {
            key: KeyType::EcP256,
            extensions: "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n".into(),
            not_before: "20250101000000Z".into(),
            not_after: "20350101000000Z".into(),
        }
    }

    /// A TLS client certificate (clientAuth), valid around [`NOW`].
    pub fn client() -> Spec {
        Spec {
            key: KeyType::EcP256,
            extensions: "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n".into(),
            not_before: "20260101000000Z".into(),
            not_after: "20280101000000Z".into(),
        }
    }

    /// A TLS server certificate for 127.0.0.1 and localhost.
    pub fn server() -> Spec {
        Spec {
            extensions: "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n".into(),
            ..Spec::client()
        }
    }

    pub fn key(mut self, key: KeyType) -> Spec {
        self.key = key;
        self
    }

    pub fn valid(mut self, not_before: &str, not_after: &str) -> Spec {
        self.not_before = not_before.into();
        self.not_after = not_after.into();
        self
    }

    pub fn extensions(mut self, extensions: &str) -> Spec {
        self.extensions = extensions.into();
        self
    }
}

/// Root → intermediate → client leaf, the classic client-certificate chain.
#[derive(Debug, Clone)]
pub struct Pki {
    pub root: Issued,
    pub intermediate: Issued,
    pub leaf: Issued,
}

/// The proxy variables certkit's http fetches read.
pub const PROXY_VARIABLES: [&str; 8] = [
    "http_proxy",
    "HTTP_PROXY",
    "all_proxy",
    "ALL_PROXY",
    "https_proxy",
    "HTTPS_PROXY",
    "no_proxy",
    "NO_PROXY",
];

impl Default for Env {
    fn default() -> Self {
        Self::new()
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The certkit binary, run in the test directory with a fixed clock, no colour and a
    /// store inside the test directory.
    pub fn certkit(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("certkit").expect("certkit binary");
        cmd.current_dir(self.dir.path())
            .env("CERTKIT_NOW", NOW)
            .env("CERTKIT_STORE", self.path("store"))
            .env("NO_COLOR", "1")
            .env_remove("CERTKIT_PASSWORD");
        // Servers in tests listen on 127.0.0.1: a proxy of the machine running them must
        // not be in the way (tests that need one set it).
        for var in PROXY_VARIABLES {
            cmd.env_remove(var);
        }
        cmd
    }

    /// The certkit binary as a plain `std::process::Command` (for pipes and signals).
    pub fn certkit_std(&self) -> Command {
        let mut cmd = Command::cargo_bin("certkit").expect("certkit binary");
        cmd.current_dir(self.dir.path())
            .env("CERTKIT_NOW", NOW)
            .env("CERTKIT_STORE", self.path("store"))
            .env("NO_COLOR", "1");
        cmd
    }

    /// Runs a tool in the test directory and panics with its stderr when it fails.
    pub fn run(&self, program: &str, args: &[&str]) -> std::process::Output {
        let out = Command::new(program)
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run {program}: {e} (is it installed? .ci/run installs it)")
            });
        assert!(
            out.status.success(),
            "{program} {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn openssl(&self, args: &[&str]) -> std::process::Output {
        self.run("openssl", args)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
    }

    /// Makes a private key file `NAME.key` (unencrypted PKCS#8 PEM).
    pub fn key(&self, name: &str, key: KeyType) -> PathBuf {
        let out = format!("{name}.key");
        let mut args: Vec<&str> = vec!["genpkey", "-out", &out];
        match key {
            KeyType::Rsa2048 => {
                args.extend(["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
            }
            KeyType::EcP256 => {
                args.extend(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"])
            }
            KeyType::EcP384 => {
                args.extend(["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"])
            }
            KeyType::Ed25519 => args.extend(["-algorithm", "ED25519"]),
            KeyType::Dsa2048 => {
                self.openssl(&[
                    "genpkey",
                    "-genparam",
                    "-algorithm",
                    "DSA",
                    "-pkeyopt",
                    "dsa_paramgen_bits:2048",
                    "-out",
                    "dsa.params",
                ]);
                args.extend(["-paramfile", "dsa.params"]);
            }
        }
        self.openssl(&args);
        self.path(&out)
    }

    /// Issues `NAME.pem` (with `NAME.key`) for subject `/CN=CN/O=certkit tests`, signed by
    /// `issuer` or self-signed. Uses `openssl ca` so that validity dates are exact.
    pub fn issue(&self, name: &str, cn: &str, issuer: Option<&Issued>, spec: &Spec) -> Issued {
        let key = self.key(name, spec.key);
        let subject = format!("/CN={cn}/O=certkit tests");
        let csr = format!("{name}.csr");
        self.openssl(&[
            "req",
            "-new",
            "-key",
            &format!("{name}.key"),
            "-subj",
            &subject,
            "-out",
            &csr,
        ]);
        let ca_dir = self.path(&format!(".ca-{name}"));
        std::fs::create_dir_all(ca_dir.join("new")).unwrap();
        std::fs::write(ca_dir.join("index.txt"), "").unwrap();
        // A random serial per certificate, like real CAs.
        let serial: u64 = rand_u64();
        std::fs::write(ca_dir.join("serial"), format!("{serial:016X}\n")).unwrap();
        let config = format!(
            "[ca]\ndefault_ca=ca_section\n[ca_section]\ndir={dir}\ndatabase={dir}/index.txt\nnew_certs_dir={dir}/new\nserial={dir}/serial\ndefault_md=sha256\npolicy=policy_any\nunique_subject=no\nemail_in_dn=no\ncopy_extensions=none\n[policy_any]\ncommonName=supplied\norganizationName=optional\n[ext]\n{ext}",
            dir = ca_dir.display(),
            ext = spec.extensions
        );
        let config_path = ca_dir.join("ca.cnf");
        std::fs::write(&config_path, config).unwrap();
        let out = format!("{name}.pem");
        let config_arg = config_path.display().to_string();
        let mut args = vec![
            "ca",
            "-batch",
            "-notext",
            "-config",
            &config_arg,
            "-extensions",
            "ext",
            "-in",
            &csr,
            "-out",
            &out,
            "-startdate",
            &spec.not_before,
            "-enddate",
            &spec.not_after,
        ];
        let (issuer_cert, issuer_key);
        match issuer {
            Some(i) => {
                issuer_cert = i.cert.display().to_string();
                issuer_key = i.key.display().to_string();
                args.extend(["-cert", &issuer_cert, "-keyfile", &issuer_key]);
            }
            None => {
                issuer_key = format!("{name}.key");
                args.extend(["-selfsign", "-keyfile", &issuer_key]);
            }
        }
        self.openssl(&args);
        Issued {
            name: name.to_string(),
            cert: self.path(&out),
            key,
            subject: format!("CN={cn}, O=certkit tests"),
        }
    }

    /// The classic chain: "Test Root CA" → "Test Issuing CA" → "client.example.com" (clientAuth).
    pub fn pki(&self) -> Pki {
        self.pki_with(Spec::client())
    }

    /// The classic chain with a leaf made from `leaf`.
    pub fn pki_with(&self, leaf: Spec) -> Pki {
        let root = self.issue("root", "Test Root CA", None, &Spec::ca());
        let intermediate = self.issue("intermediate", "Test Issuing CA", Some(&root), &Spec::ca());
        let leaf = self.issue("client", "client.example.com", Some(&intermediate), &leaf);
        Pki {
            root,
            intermediate,
            leaf,
        }
    }

    /// `openssl pkcs12 -export` of `leaf` (+ its key) with `chain`, into `out`; `extra` adds
    /// flags such as `-legacy`, `-nomac`, `-keypbe NONE`.
    pub fn pkcs12(
        &self,
        out: &str,
        leaf: &Issued,
        chain: &[&Issued],
        password: &str,
        extra: &[&str],
    ) -> PathBuf {
        let chain_file = format!("{out}.chain.pem");
        let mut chain_pem = Vec::new();
        for c in chain {
            chain_pem.extend(std::fs::read(&c.cert).unwrap());
        }
        std::fs::write(self.path(&chain_file), chain_pem).unwrap();
        let leaf_cert = leaf.cert.display().to_string();
        let leaf_key = leaf.key.display().to_string();
        let pass = format!("pass:{password}");
        let mut args = vec![
            "pkcs12",
            "-export",
            "-in",
            &leaf_cert,
            "-inkey",
            &leaf_key,
            "-name",
            "certkit test client",
            "-out",
            out,
            "-passout",
            &pass,
        ];
        if !chain.is_empty() {
            args.extend(["-certfile", &chain_file]);
        }
        args.extend(extra);
        self.openssl(&args);
        self.path(out)
    }

    /// Concatenates files into `out`.
    pub fn concat(&self, out: &str, parts: &[&Path]) -> PathBuf {
        let mut all = Vec::new();
        for p in parts {
            all.extend(std::fs::read(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display())));
        }
        self.write(out, all)
    }

    /// DER form of a PEM certificate, written to `out`.
    pub fn to_der(&self, cert: &Path, out: &str) -> PathBuf {
        let input = cert.display().to_string();
        self.openssl(&["x509", "-in", &input, "-outform", "DER", "-out", out]);
        self.path(out)
    }
}

/// A random u64 from the OS, for certificate serials.
fn rand_u64() -> u64 {
    let mut buf = [0u8; 8];
    openssl_rand(&mut buf);
    u64::from_be_bytes(buf) >> 1
}

fn openssl_rand(buf: &mut [u8]) {
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(buf))
        .expect("/dev/urandom");
}

/// SHA-1 thumbprint of a PEM certificate as OpenSSL computes it (uppercase hex, no colons).
pub fn openssl_sha1(env: &Env, cert: &Path) -> String {
    let input = cert.display().to_string();
    let out = env.openssl(&["x509", "-in", &input, "-noout", "-fingerprint", "-sha1"]);
    let text = String::from_utf8(out.stdout).unwrap();
    text.trim()
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_uppercase()
}

/// Parses certkit's JSON stdout.
pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Issues `NAME.pem` + `NAME.key` (EC P-256, clientAuth, valid 2026–2028) for `/CN=CN` signed by
/// `issuer`, in-process with the openssl crate: about a millisecond each, for tests that need
/// dozens of distinct certificates (the `openssl` command takes far longer per certificate).
pub fn quick_leaf(env: &Env, issuer: &Issued, name: &str, cn: &str) -> Issued {
    use openssl::asn1::Asn1Time;
    use openssl::bn::BigNum;
    use openssl::ec::{EcGroup, EcKey};
    use openssl::hash::MessageDigest;
    use openssl::nid::Nid;
    use openssl::pkey::PKey;
    use openssl::x509::extension::{BasicConstraints, ExtendedKeyUsage, KeyUsage};
    use openssl::x509::{X509NameBuilder, X509};

    let ca_cert = X509::from_pem(&std::fs::read(&issuer.cert).unwrap()).unwrap();
    let ca_key = PKey::private_key_from_pem(&std::fs::read(&issuer.key).unwrap()).unwrap();
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let key = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let mut subject = X509NameBuilder::new().unwrap();
    subject.append_entry_by_text("CN", cn).unwrap();
    subject.append_entry_by_text("O", "certkit tests").unwrap();
    let subject = subject.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    let mut serial = [0u8; 16];
    openssl_rand(&mut serial);
    serial[0] &= 0x7f;
    let serial = BigNum::from_slice(&serial)
        .unwrap()
        .to_asn1_integer()
        .unwrap();
    b.set_serial_number(&serial).unwrap();
    b.set_subject_name(&subject).unwrap();
    b.set_issuer_name(ca_cert.subject_name()).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::from_str("20260101000000Z").unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::from_str("20280101000000Z").unwrap())
        .unwrap();
    b.append_extension(BasicConstraints::new().build().unwrap())
        .unwrap();
    b.append_extension(
        KeyUsage::new()
            .critical()
            .digital_signature()
            .build()
            .unwrap(),
    )
    .unwrap();
    b.append_extension(ExtendedKeyUsage::new().client_auth().build().unwrap())
        .unwrap();
    let ctx = b.x509v3_context(Some(&ca_cert), None);
    let aki = openssl::x509::extension::AuthorityKeyIdentifier::new()
        .keyid(true)
        .build(&ctx)
        .unwrap();
    let ski = openssl::x509::extension::SubjectKeyIdentifier::new()
        .build(&ctx)
        .unwrap();
    b.append_extension(aki).unwrap();
    b.append_extension(ski).unwrap();
    b.sign(&ca_key, MessageDigest::sha256()).unwrap();
    let cert = b.build();
    let cert_path = env.write(&format!("{name}.pem"), cert.to_pem().unwrap());
    let key_path = env.write(
        &format!("{name}.key"),
        key.private_key_to_pem_pkcs8().unwrap(),
    );
    Issued {
        name: name.to_string(),
        cert: cert_path,
        key: key_path,
        subject: format!("CN={cn}, O=certkit tests"),
    }
}

/// A free TCP port on 127.0.0.1 (bound and released; a server started right after gets it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// A server process started by a test, killed and reaped when dropped (also on panic).
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Server {
    /// What the server printed so far (stdout and stderr), for assertion messages.
    pub fn log(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.log).unwrap_or_default()).into_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Env {
    /// Starts `program` with the arguments `args(port)` made for a free port, in the test
    /// directory, and returns once it accepts TCP connections on 127.0.0.1 (polled every
    /// 20 ms). A server that exits early (say, the port was taken meanwhile) is retried on
    /// another port.
    pub fn start_server(
        &self,
        name: &str,
        program: &str,
        args: impl Fn(u16) -> Vec<String>,
    ) -> Server {
        let mut last_log = String::new();
        for attempt in 0..3 {
            let port = free_port();
            let log = self.path(&format!("{name}.{attempt}.log"));
            let out = std::fs::File::create(&log).expect("server log file");
            let err = out.try_clone().expect("server log file");
            let child = Command::new(program)
                .args(args(port))
                .current_dir(self.dir.path())
                .stdin(std::process::Stdio::null())
                .stdout(out)
                .stderr(err)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!("cannot run {program}: {e} (is it installed? .ci/run installs it)")
                });
            let mut server = Server { child, port, log };
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
            let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
            loop {
                if let Ok(Some(_)) = server.child.try_wait() {
                    last_log = server.log();
                    break;
                }
                if std::net::TcpStream::connect_timeout(
                    &address,
                    std::time::Duration::from_millis(200),
                )
                .is_ok()
                {
                    return server;
                }
                assert!(
                    std::time::Instant::now() < deadline,
                    "{program} did not listen on {address} within 15 s:\n{}",
                    server.log()
                );
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        panic!("{program} exited before listening:\n{last_log}");
    }
}

// ---- convert / check-private-key / export-public helpers ----

/// The two PKCS#12 profiles `certkit convert` writes.
pub const PROFILES: [&str; 2] = ["modern", "legacy"];

/// Runs certkit with `args` in the test directory; panics with its stderr unless it exits 0.
pub fn certkit_ok(env: &Env, args: &[&str]) -> std::process::Output {
    let out = env.certkit().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "certkit {} failed:\n{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// certkit's PKCS#12 of the classic chain (leaf, its key, intermediate, root) in `profile`.
pub fn certkit_pfx(env: &Env, pki: &Pki, out: &str, profile: &str, password: &str) -> PathBuf {
    let (leaf, key) = (
        pki.leaf.cert.display().to_string(),
        pki.leaf.key.display().to_string(),
    );
    let (inter, root) = (
        pki.intermediate.cert.display().to_string(),
        pki.root.cert.display().to_string(),
    );
    certkit_ok(
        env,
        &[
            "convert",
            &leaf,
            &key,
            &inter,
            &root,
            "-o",
            out,
            "--profile",
            profile,
            "--new-password",
            password,
        ],
    );
    env.path(out)
}

/// What certkit's loader finds in `file`: the `inputs[0]` object of `certkit inspect --json`.
pub fn certkit_reads(env: &Env, file: &Path, password: &str) -> serde_json::Value {
    let path = file.display().to_string();
    let out = env
        .certkit()
        .args(["--json", "inspect", &path, "--password", password])
        .output()
        .unwrap();
    json(&out)["inputs"][0].clone()
}

/// SHA-1 thumbprints of the classic chain, leaf → root.
pub fn chain_sha1s(env: &Env, pki: &Pki) -> Vec<String> {
    [&pki.leaf, &pki.intermediate, &pki.root]
        .iter()
        .map(|i| openssl_sha1(env, &i.cert))
        .collect()
}

/// Asserts that certkit reads `file` as the whole classic chain with the leaf's key.
pub fn assert_certkit_reads_chain(env: &Env, pki: &Pki, file: &Path, password: &str, certs: usize) {
    let input = certkit_reads(env, file, password);
    assert!(
        input["error"].is_null(),
        "certkit cannot read {}: {}",
        file.display(),
        input["error"]
    );
    let got: Vec<String> = input["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["thumbprint"].as_str().unwrap().to_string())
        .collect();
    let expected = chain_sha1s(env, pki);
    assert_eq!(got.len(), certs, "{}: {got:?}", file.display());
    for sha1 in &got {
        assert!(expected.contains(sha1), "unexpected certificate {sha1}");
    }
    assert!(got.contains(&expected[0]), "the leaf is missing");
    assert_eq!(
        input["private_key"]["matches_leaf"],
        true,
        "{}",
        file.display()
    );
}

/// DER bytes of every certificate in a PEM file, in order.
pub fn pem_certificates_der(path: &Path) -> Vec<Vec<u8>> {
    let text = std::fs::read(path).unwrap();
    pem::parse_many(&text)
        .unwrap()
        .into_iter()
        .filter(|p| p.tag() == "CERTIFICATE")
        .map(|p| p.contents().to_vec())
        .collect()
}

/// Names of the files in `dir`, sorted (temporary files included, to prove none is left).
pub fn dir_entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Unix permission bits of a file.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The example command lines in the EXAMPLES section of `certkit SUB --help`.
pub fn help_examples(env: &Env, sub: &str) -> Vec<String> {
    // `sub` may name a nested subcommand (`store list`).
    let out = env
        .certkit()
        .args(sub.split_whitespace())
        .arg("--help")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Help is wrapped at 100 columns: a line not starting with `certkit` continues the last.
    let mut examples: Vec<String> = Vec::new();
    for line in text
        .lines()
        .skip_while(|l| l.trim() != "EXAMPLES:")
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
    {
        match examples.last_mut() {
            Some(last) if !line.trim().starts_with("certkit ") => {
                last.push(' ');
                last.push_str(line.trim());
            }
            _ => examples.push(line.trim().to_string()),
        }
    }
    examples
}

/// Runs one help example (`certkit ...`, no shell quoting; `< FILE` feeds stdin) in `dir` with
/// extra environment; panics with its stderr unless it exits with `expected`.
pub fn run_example(
    env: &Env,
    dir: &Path,
    line: &str,
    vars: &[(&str, &str)],
    expected: i32,
) -> std::process::Output {
    let (command, stdin) = match line.split_once(" < ") {
        Some((command, file)) => (command, Some(dir.join(file.trim()))),
        None => (line, None),
    };
    let mut words = command.split_whitespace();
    assert_eq!(words.next(), Some("certkit"), "{line}");
    let mut cmd = env.certkit();
    cmd.current_dir(dir).args(words);
    if let Some(file) = stdin {
        cmd.pipe_stdin(file).expect("example stdin file");
    }
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(expected),
        "example `{line}` failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The client-certificate cases a server test needs, as PFX files (password "secret") in the
/// test directory: `good.pfx` (leaf + intermediate), `no-intermediate.pfx`, `expired.pfx` and
/// `other-ca.pfx` (from "Other Root CA", which is returned).
pub fn client_certificate_cases(env: &Env, pki: &Pki) -> Issued {
    env.pkcs12("good.pfx", &pki.leaf, &[&pki.intermediate], "secret", &[]);
    env.pkcs12("no-intermediate.pfx", &pki.leaf, &[], "secret", &[]);
    let expired = env.issue(
        "expired",
        "expired.example.com",
        Some(&pki.intermediate),
        &Spec::client().valid("20240101000000Z", "20250101000000Z"),
    );
    env.pkcs12("expired.pfx", &expired, &[&pki.intermediate], "secret", &[]);
    let other_root = env.issue("other-root", "Other Root CA", None, &Spec::ca());
    let other = env.issue(
        "other",
        "other.example.com",
        Some(&other_root),
        &Spec::client(),
    );
    env.pkcs12("other-ca.pfx", &other, &[&other_root], "secret", &[]);
    other_root
}
