//! The EXAMPLES section of `verify-chain`, `import`, `store` (and each store subcommand),
//! `connect`, `doctor` and `completions`, run as printed: each test makes the files and the store the
//! examples name, in a fresh folder with the clock fixed (`CERTKIT_NOW`), and every example must
//! exit as expected. The other subcommands' examples run in their own test files
//! (`inspect.rs`, `convert.rs`, `check_private_key.rs`, `export_public.rs`, `config.rs`).
//!
//! `connect` and `doctor --host` call hosts by name (`api.partner.example`, `10.0.0.5`),
//! `doctor --export-dir` reads `/srv/certificates` and `completions` writes into `/etc`: those
//! examples run as shell lines in a private network and mount namespace (`unshare`), where the
//! names resolve to loopback servers and the system folders are scratch ones, so that nothing
//! leaves the machine and nothing on it changes. The one example for the Windows stores
//! (`doctor --store windows:LocalMachine`) runs only where they exist: here it must say so.

mod common;
#[path = "revocation/pki.rs"]
mod pki;

use std::path::{Path, PathBuf};

use common::{help_examples, json, run_example, Env, Spec};

/// The folder the examples run in.
fn work(env: &Env) -> PathBuf {
    let work = env.path("work");
    std::fs::create_dir_all(&work).unwrap();
    work
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
}

#[test]
fn verify_chain_help_examples_run_as_written() {
    let env = Env::new();
    let pki = pki::Pki::new(&env);
    pki.publish(&env);
    let work = work(&env);
    // A client certificate with a CRL distribution point, issued by the issuing CA.
    let leaf = pki.leaf(&env, "client", false, true);
    copy(&leaf, &work.join("client.pem"));
    copy(&pki.int.cert, &work.join("issuing-ca.pem"));
    copy(&pki.root.cert, &work.join("root.pem"));
    env.to_der(&pki.root.cert, "work/partner-root.cer");
    copy(&env.path("int.crl"), &work.join("issuing-ca.crl"));
    let pfx = env.path("work/client.pfx");
    env.openssl(&[
        "pkcs12",
        "-export",
        "-in",
        &leaf.display().to_string(),
        "-inkey",
        &env.path("client.key").display().to_string(),
        "-certfile",
        &pki.int.cert.display().to_string(),
        "-passout",
        "pass:example-pw",
        "-out",
        &pfx.display().to_string(),
    ]);
    // The store knows the issuing CA and the root, as after the README's import: the examples
    // that name neither (--system, --capath) find them there.
    let (int, root) = (
        work.join("issuing-ca.pem").display().to_string(),
        work.join("root.pem").display().to_string(),
    );
    common::certkit_ok(&env, &["import", &int, &root]);
    let examples = help_examples(&env, "verify-chain");
    assert_eq!(examples.len(), 5, "{examples:?}");
    for line in &examples {
        let out = run_example(&env, &work, line, &[("PFX_PASSWORD", "example-pw")], 0);
        if line.contains("--json") {
            assert_eq!(json(&out)["verdict"], "valid", "{line}");
        }
    }
    // --write-chain wrote the leaf, the issuing CA and the root.
    let chain = std::fs::read_to_string(work.join("fullchain.pem")).unwrap();
    assert_eq!(chain.matches("BEGIN CERTIFICATE").count(), 3, "{chain}");
}

/// The files the import and store examples name: the test PKI's leaf with its key as
/// `client.pfx` (no password, and `example-pw` through `PFX_PASSWORD`), `client.pem` and
/// `client.key`, the issuing CA, and `partner-root.cer` ("Partner Root CA", issuer of nothing
/// here: a root a partner sends).
fn import_files(env: &Env) -> PathBuf {
    let work = work(env);
    let pki = env.pki();
    env.pkcs12("work/client.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    copy(&pki.leaf.cert, &work.join("client.pem"));
    copy(&pki.leaf.key, &work.join("client.key"));
    copy(&pki.intermediate.cert, &work.join("issuing-ca.pem"));
    copy(&pki.root.cert, &work.join("root.pem"));
    let partner = env.issue("partner-root", "Partner Root CA", None, &Spec::ca());
    env.to_der(&partner.cert, "work/partner-root.cer");
    std::fs::write(work.join("pfx-password.txt"), "\n").unwrap();
    work
}

#[test]
fn import_help_examples_run_as_written() {
    let env = Env::new();
    let work = import_files(&env);
    let examples = help_examples(&env, "import");
    assert_eq!(examples.len(), 5, "{examples:?}");
    let store = env.path("store");
    for line in &examples {
        // Each example into an empty store, as on a machine that has none yet.
        if store.exists() {
            std::fs::remove_dir_all(&store).unwrap();
        }
        let out = run_example(&env, &work, line, &[("PFX_PASSWORD", "")], 0);
        if line.contains("--json") {
            assert!(json(&out)["certificates"].is_array(), "{line}");
        }
        if line.contains("--name partner-api") {
            assert!(store.join("personal/partner-api").is_dir(), "{line}");
        }
        if line.contains("partner-root.cer") && !line.contains("--dry-run") {
            assert!(store.join("root/Partner_Root_CA.pem").exists(), "{line}");
        }
    }
}

/// A store as the store examples expect it: the personal entry `client.example.com` (with its
/// key), and the roots `Test_Root_CA` and `Partner_Root_CA`.
fn fill_store(env: &Env, work: &Path) {
    let store = env.path("store");
    if store.exists() {
        std::fs::remove_dir_all(&store).unwrap();
    }
    let file = |f: &str| work.join(f).display().to_string();
    common::certkit_ok(
        env,
        &[
            "import",
            &file("client.pem"),
            &file("client.key"),
            &file("issuing-ca.pem"),
            &file("root.pem"),
            &file("partner-root.cer"),
        ],
    );
}

#[test]
fn store_help_examples_run_as_written() {
    let env = Env::new();
    let work = import_files(&env);
    // `store path` has no EXAMPLES of its own: `store`'s first example is it.
    let mut examples = help_examples(&env, "store");
    assert_eq!(examples.len(), 5, "{examples:?}");
    assert_eq!(examples[0], "certkit store path");
    for sub in ["list", "show", "remove", "grant"] {
        let more = help_examples(&env, &format!("store {sub}"));
        assert!(!more.is_empty(), "store {sub} has no examples");
        examples.extend(more);
    }
    for line in &examples {
        // Each example on the whole store: a removal must not hide the next one's entry.
        fill_store(&env, &work);
        let out = run_example(&env, &work, line, &[], 0);
        if line.contains("--json") {
            json(&out);
        }
    }
}

/// Runs `script` with bash in a private network and mount namespace (only loopback, mounts
/// private), with certkit on PATH and the test's clock and store; panics unless
/// it exits 0.
fn in_namespace(env: &Env, work: &Path, script: &str) -> String {
    let bin = Path::new(env!("CARGO_BIN_EXE_certkit")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // As root the namespace keeps the machine's users and groups (doctor reads key file
    // groups); otherwise a user namespace makes the caller root inside it.
    let uid = std::process::Command::new("id")
        .arg("-u")
        .output()
        .expect("id");
    let user: &[&str] = match String::from_utf8_lossy(&uid.stdout).trim() {
        "0" => &[],
        _ => &["--user", "--map-root-user"],
    };
    let out = std::process::Command::new("unshare")
        .args(user)
        .args(["--net", "--mount", "bash", "-euc"])
        .arg(script)
        .current_dir(work)
        .env("PATH", path)
        .env("CERTKIT_NOW", common::NOW)
        .env("CERTKIT_STORE", env.path("store"))
        .env("NO_COLOR", "1")
        .output()
        .expect("unshare (util-linux)");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "the namespaced script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Shell lines that run each example and print `EXIT <code> <example>`.
fn run_each(examples: &[String]) -> String {
    let mut script = String::new();
    for (i, line) in examples.iter().enumerate() {
        script.push_str(&format!(
            "set +e\n( {line} ) >out.{i} 2>err.{i}\ncode=$?\nset -e\necho \"EXIT $code {i}\"\ncat err.{i}\n[ $code -eq 0 ] || cat out.{i}\n"
        ));
    }
    script
}

fn exit_codes(stdout: &str) -> Vec<i32> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("EXIT "))
        .map(|l| l.split(' ').next().unwrap().parse().unwrap())
        .collect()
}

/// A TLS server certificate for `name`.
fn server_for(name: &str) -> Spec {
    Spec::server().extensions(&format!(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:{name}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n"
    ))
}

#[test]
fn connect_help_examples_run_as_written() {
    let env = Env::new();
    let work = work(&env);
    let pki = env.pki();
    env.pkcs12("work/client.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    env.concat("work/client.pem", &[&pki.leaf.cert, &pki.intermediate.cert]);
    copy(&pki.leaf.key, &work.join("client.key"));
    // The partner's servers: api.partner.example and api.internal, issued by their root.
    let partner = env.issue("partner-root", "Partner Root CA", None, &Spec::ca());
    env.to_der(&partner.cert, "work/partner-root.cer");
    let api = env.issue(
        "api",
        "api.partner.example",
        Some(&partner),
        &server_for("api.partner.example"),
    );
    let internal = env.issue(
        "internal",
        "api.internal",
        Some(&partner),
        &server_for("api.internal"),
    );
    // Examples without --ca trust the server through the store's roots.
    common::certkit_ok(
        &env,
        &[
            "import",
            &work.join("partner-root.cer").display().to_string(),
        ],
    );
    std::fs::write(
        work.join("hosts"),
        "127.0.0.1 localhost\n127.0.0.1 api.partner.example\n",
    )
    .unwrap();
    let examples = help_examples(&env, "connect");
    assert_eq!(examples.len(), 4, "{examples:?}");
    let s_server = |cert: &common::Issued, accept: &str| {
        format!(
            "openssl s_server -quiet -www -accept {accept} -cert {} -key {} -CAfile {} -Verify 2 </dev/null >/dev/null 2>&1 &\n",
            cert.cert.display(),
            cert.key.display(),
            pki.root.cert.display()
        )
    };
    let script = format!(
        "ip link set lo up\nip addr add 10.0.0.5/32 dev lo\nmount --bind hosts /etc/hosts\n{}{}\
         for port in 443 8443; do for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done; done\n\
         export PFX_PASSWORD=\n{}",
        s_server(&api, "443"),
        s_server(&internal, "10.0.0.5:8443"),
        run_each(&examples)
    );
    let stdout = in_namespace(&env, &work, &script);
    assert_eq!(exit_codes(&stdout), vec![0; examples.len()], "{stdout}");
    // The --json example printed the report: TLS 1.3, the certificate accepted.
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(work.join("out.3")).unwrap()).unwrap();
    assert_eq!(doc["tls"]["version"], "TLSv1.3", "{doc:#}");
}

#[test]
fn completions_help_examples_run_as_written() {
    let env = Env::new();
    let work = work(&env);
    let examples = help_examples(&env, "completions");
    assert_eq!(examples.len(), 2, "{examples:?}");
    std::fs::create_dir_all(work.join("site-functions")).unwrap();
    // bash's folder (where bash-completion 2 looks, and the one that exists on a stock Debian
    // or Ubuntu with bash-completion: /etc/bash_completion.d is not created any more) is a
    // scratch one in the namespace; zsh's first fpath entry is ours.
    let script = format!(
        "mount -t tmpfs scratch /usr/share/bash-completion/completions\n{}\
         cp /usr/share/bash-completion/completions/certkit bash-completion\n",
        run_each(&examples[..1])
    );
    let stdout = in_namespace(&env, &work, &script);
    assert_eq!(exit_codes(&stdout), vec![0], "{stdout}");
    let zsh = std::process::Command::new("zsh")
        .args([
            "-fc",
            &format!("fpath=(site-functions $fpath)\n{}", examples[1]),
        ])
        .current_dir(&work)
        .env(
            "PATH",
            format!(
                "{}:{}",
                Path::new(env!("CARGO_BIN_EXE_certkit"))
                    .parent()
                    .unwrap()
                    .display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .output()
        .expect("zsh");
    assert!(
        zsh.status.success(),
        "{}",
        String::from_utf8_lossy(&zsh.stderr)
    );
    // What the examples wrote is the committed, drift-tested completion scripts.
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    assert_eq!(
        std::fs::read(work.join("bash-completion")).unwrap(),
        std::fs::read(committed.join("certkit.bash")).unwrap()
    );
    assert_eq!(
        std::fs::read(work.join("site-functions/_certkit")).unwrap(),
        std::fs::read(committed.join("_certkit")).unwrap()
    );
}

// Unix only: www-data, file modes and a private mount namespace.
#[cfg(unix)]
#[test]
fn doctor_help_examples_run_as_written() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    // www-data must be able to walk to the store (a temporary folder is 0700).
    std::fs::set_permissions(env.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let work = work(&env);
    let pki = env.pki();
    // The store of an installed client certificate: the entry with its key, its CAs, the
    // partner's root (the server's), and www-data allowed to read the key.
    let installed = env.pkcs12("installed.pfx", &pki.leaf, &[&pki.intermediate], "", &[]);
    let partner = env.issue("partner-root", "Partner Root CA", None, &Spec::ca());
    let api = env.issue(
        "api",
        "api.partner.example",
        Some(&partner),
        &server_for("api.partner.example"),
    );
    let file = |p: &Path| p.display().to_string();
    common::certkit_ok(
        &env,
        &[
            "import",
            &file(&installed),
            "--name",
            "client.example.com",
            "--grant-read",
            "www-data",
        ],
    );
    common::certkit_ok(
        &env,
        &["import", &file(&pki.root.cert), &file(&partner.cert)],
    );
    // The file examined "as it would be installed": the same certificate, legacy-encrypted.
    env.pkcs12(
        "work/client.pfx",
        &pki.leaf,
        &[&pki.intermediate],
        "example-pw",
        &[
            "-keypbe",
            "PBE-SHA1-3DES",
            "-certpbe",
            "PBE-SHA1-3DES",
            "-macalg",
            "sha1",
        ],
    );
    std::fs::write(
        work.join("hosts"),
        "127.0.0.1 localhost\n127.0.0.1 api.partner.example\n",
    )
    .unwrap();
    let examples = help_examples(&env, "doctor");
    assert_eq!(examples.len(), 5, "{examples:?}");
    let (windows, here): (Vec<String>, Vec<String>) = examples
        .into_iter()
        .partition(|l| l.contains("--store windows:"));
    assert_eq!(windows.len(), 1);
    let script = format!(
        "ip link set lo up\nmount --bind hosts /etc/hosts\nmount -t tmpfs scratch /srv\n\
         mkdir /srv/certificates\n\
         certkit export --der /srv/certificates --name client.example.com >/dev/null\n\
         openssl s_server -quiet -www -accept 443 -cert {} -key {} -CAfile {} -Verify 2 </dev/null >/dev/null 2>&1 &\n\
         for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/443) 2>/dev/null && break; sleep 0.1; done\n\
         export PFX_PASSWORD=example-pw\n{}",
        api.cert.display(),
        api.key.display(),
        pki.root.cert.display(),
        run_each(&here)
    );
    let stdout = in_namespace(&env, &work, &script);
    assert_eq!(
        exit_codes(&stdout),
        vec![0; here.len()],
        "{here:?}\n{stdout}"
    );
    // Off Windows the Windows stores' example is refused with the reason, nothing else.
    let out = run_example(&env, &work, &windows[0], &[], 2);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exist only on Windows"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
