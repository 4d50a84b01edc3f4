//! Revocation (CRL and OCSP) in `certkit verify-chain`, against a test PKI run with `openssl ca`
//! (index file, `-revoke` with reasons, `-gencrl`, delta CRLs), CRLs served over HTTP on
//! 127.0.0.1, and OpenSSL's own OCSP responder logic (`openssl ocsp -index … -reqin …`) behind
//! a small HTTP server on 127.0.0.1 (the `-port` responder of OpenSSL 3.0 binds every
//! interface, which tests here must not do).
//!
//! Every scenario is also put to OpenSSL (`openssl verify -crl_check_all` or `openssl ocsp`)
//! and the two answers are compared; where they differ by design the test says why.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use certkit::ops::verify_chain::VerifyReport;
use certkit::revocation::status::{Reason, SourceKind, State, Why};
use common::{Env, KeyType};

/// 2027-06-01T00:00:00Z (common::NOW) as seconds, for `openssl -attime`.
const NOW_EPOCH: &str = "1811808000";

/// A CA run with `openssl ca`: its own folder, index file, serial and CRL number.
struct Ca {
    cert: PathBuf,
    key: PathBuf,
    config: PathBuf,
    index: PathBuf,
}

fn arg(p: &Path) -> String {
    p.display().to_string()
}

impl Ca {
    /// A folder with an empty index for a CA whose certificate and key already exist.
    fn with_folder(env: &Env, name: &str, cert: PathBuf, key: PathBuf) -> Ca {
        let dir = env.path(&format!("ca-{name}"));
        std::fs::create_dir_all(dir.join("new")).unwrap();
        std::fs::write(dir.join("index.txt"), "").unwrap();
        std::fs::write(dir.join("index.txt.attr"), "unique_subject = no\n").unwrap();
        std::fs::write(dir.join("serial"), format!("{:X}\n", 0x1000 + rand_u16())).unwrap();
        std::fs::write(dir.join("crlnumber"), "1000\n").unwrap();
        let config = format!(
            "[ca]\ndefault_ca=ca_section\n[ca_section]\ndir={d}\ndatabase={d}/index.txt\nnew_certs_dir={d}/new\nserial={d}/serial\ncrlnumber={d}/crlnumber\ndefault_md=sha256\npolicy=policy_any\nunique_subject=no\nemail_in_dn=no\ncopy_extensions=none\n[policy_any]\ncommonName=supplied\norganizationName=optional\n",
            d = dir.display()
        );
        std::fs::write(dir.join("ca.cnf"), config).unwrap();
        Ca {
            cert,
            key,
            config: dir.join("ca.cnf"),
            index: dir.join("index.txt"),
        }
    }

    /// A self-signed root CA.
    fn root(env: &Env, name: &str, cn: &str) -> Ca {
        let key = env.key(name, KeyType::EcP256);
        let ca = Ca::with_folder(env, name, env.path(&format!("{name}.pem")), key);
        ca.issue(env, name, cn, CA_EXT);
        ca
    }

    /// Issues `NAME.pem` (key `NAME.key`, made unless it exists) for `/CN=cn/O=certkit tests`
    /// with the extensions `ext`; a CA whose certificate does not exist yet signs itself.
    fn issue(&self, env: &Env, name: &str, cn: &str, ext: &str) -> PathBuf {
        let key_path = env.path(&format!("{name}.key"));
        if !key_path.exists() {
            env.key(name, KeyType::EcP256);
        }
        let csr = format!("{name}.csr");
        env.openssl(&[
            "req",
            "-new",
            "-key",
            &arg(&key_path),
            "-subj",
            &format!("/CN={cn}/O=certkit tests"),
            "-out",
            &csr,
        ]);
        let ext_file = env.write(&format!("{name}.ext"), format!("[ext]\n{ext}"));
        let out = format!("{name}.pem");
        let (config, ext_file) = (arg(&self.config), arg(&ext_file));
        let (cert, key) = (arg(&self.cert), arg(&self.key));
        let mut args = vec![
            "ca",
            "-batch",
            "-notext",
            "-config",
            &config,
            "-extfile",
            &ext_file,
            "-extensions",
            "ext",
            "-in",
            &csr,
            "-out",
            &out,
            "-keyfile",
            &key,
        ];
        let self_signed = !self.cert.exists();
        if self_signed {
            args.push("-selfsign");
            args.extend([
                "-startdate",
                "20250101000000Z",
                "-enddate",
                "20350101000000Z",
            ]);
        } else {
            args.extend(["-cert", &cert]);
            if ext.contains("CA:TRUE") {
                args.extend([
                    "-startdate",
                    "20250101000000Z",
                    "-enddate",
                    "20350101000000Z",
                ]);
            } else {
                args.extend([
                    "-startdate",
                    "20260101000000Z",
                    "-enddate",
                    "20280101000000Z",
                ]);
            }
        }
        env.openssl(&args);
        env.path(&out)
    }

    /// A subordinate CA issued by this one, with its own folder and index.
    fn sub(&self, env: &Env, name: &str, cn: &str, ext: &str) -> Ca {
        let cert = self.issue(env, name, cn, ext);
        Ca::with_folder(env, name, cert, env.path(&format!("{name}.key")))
    }

    /// Marks `cert` revoked in the index with `reason` (an `openssl ca -crl_reason` name, or
    /// `certificateHold`).
    fn revoke(&self, env: &Env, cert: &Path, reason: &str) {
        let (config, c, k, file) = (
            arg(&self.config),
            arg(&self.cert),
            arg(&self.key),
            arg(cert),
        );
        let mut args = vec![
            "ca", "-config", &config, "-cert", &c, "-keyfile", &k, "-revoke", &file,
        ];
        if reason == "certificateHold" {
            args.extend(["-crl_hold", "holdInstructionReject"]);
        } else {
            args.extend(["-crl_reason", reason]);
        }
        env.openssl(&args);
    }

    /// Writes the CRL `out` (PEM) valid from `last` to `next` (YYYYMMDDHHMMSSZ); a delta CRL
    /// extending complete CRL number `delta_of` when given.
    fn crl(&self, env: &Env, out: &str, last: &str, next: &str, delta_of: Option<&str>) -> PathBuf {
        let (config, c, k) = (arg(&self.config), arg(&self.cert), arg(&self.key));
        let mut args = vec![
            "ca",
            "-config",
            &config,
            "-cert",
            &c,
            "-keyfile",
            &k,
            "-gencrl",
            "-crl_lastupdate",
            last,
            "-crl_nextupdate",
            next,
            "-out",
            out,
        ];
        let section = delta_of.map(|base| format!("delta_{base}"));
        if let (Some(base), Some(section)) = (delta_of, &section) {
            let mut config = std::fs::read_to_string(&self.config).unwrap();
            config.push_str(&format!(
                "[{section}]\ndeltaCRL=critical,ASN1:INTEGER:{base}\n"
            ));
            std::fs::write(&self.config, config).unwrap();
            args.extend(["-crlexts", section]);
        }
        env.openssl(&args);
        env.path(out)
    }
}

fn rand_u16() -> u16 {
    let mut b = [0u8; 2];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut b))
        .unwrap();
    u16::from_be_bytes(b) >> 4
}

const CA_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n";

fn leaf_ext(urls: &str) -> String {
    format!("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n{urls}")
}

/// How the test server answers OCSP requests: OpenSSL's responder over one CA index.
#[derive(Clone)]
struct Responder {
    index: PathBuf,
    ca: PathBuf,
    signer: PathBuf,
    signer_key: PathBuf,
    /// Extra `openssl ocsp` flags (`-ndays 1` …).
    extra: Vec<String>,
}

/// A tiny HTTP/1.0 server on 127.0.0.1: files of the test folder by path, and OCSP (GET or
/// POST) on `/ocsp` answered by `openssl ocsp -reqin … -respout …`. Records each path asked.
struct Http {
    port: u16,
    hits: Arc<Mutex<Vec<String>>>,
    responder: Arc<Mutex<Option<Responder>>>,
}

impl Http {
    fn start(dir: &Path) -> Http {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let responder: Arc<Mutex<Option<Responder>>> = Arc::new(Mutex::new(None));
        let (h, r, d) = (hits.clone(), responder.clone(), dir.to_path_buf());
        let counter = Arc::new(AtomicUsize::new(0));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let _ = serve_one(stream, &d, &h, &r, &counter);
            }
        });
        Http {
            port,
            hits,
            responder,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    fn set_responder(&self, r: Responder) {
        *self.responder.lock().unwrap() = Some(r);
    }

    fn hits(&self, path: &str) -> usize {
        let want = format!("/{path}");
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.starts_with(&want))
            .count()
    }

    fn total_hits(&self) -> usize {
        self.hits.lock().unwrap().len()
    }
}

fn serve_one(
    stream: TcpStream,
    dir: &Path,
    hits: &Mutex<Vec<String>>,
    responder: &Mutex<Option<Responder>>,
    counter: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut first = String::new();
    reader.read_line(&mut first)?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("/").to_string();
    hits.lock().unwrap().push(path.clone());
    let is_ocsp = path.starts_with("/ocsp");
    let answer = if let Some(rest) = path.strip_prefix("/ocsp") {
        let request = if method == "POST" {
            Some(body)
        } else {
            let b64 = rest
                .trim_start_matches('/')
                .replace("%2B", "+")
                .replace("%2F", "/")
                .replace("%3D", "=");
            openssl::base64::decode_block(&b64).ok()
        };
        let r = responder.lock().unwrap().clone();
        match (request, r) {
            (Some(req), Some(r)) => {
                ocsp_answer(dir, &r, &req, counter.fetch_add(1, Ordering::SeqCst))
            }
            _ => None,
        }
    } else {
        std::fs::read(dir.join(path.trim_start_matches('/'))).ok()
    };
    let mut stream = stream;
    match answer {
        Some(bytes) => {
            let content_type = if is_ocsp {
                "application/ocsp-response"
            } else {
                "application/pkix-crl"
            };
            write!(
                stream,
                "HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                bytes.len()
            )?;
            stream.write_all(&bytes)?;
        }
        None => write!(
            stream,
            "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        )?,
    }
    Ok(())
}

fn ocsp_answer(dir: &Path, r: &Responder, request: &[u8], n: usize) -> Option<Vec<u8>> {
    let req = dir.join(format!("ocsp-req-{n}.der"));
    let resp = dir.join(format!("ocsp-resp-{n}.der"));
    std::fs::write(&req, request).ok()?;
    let status = Command::new("openssl")
        .arg("ocsp")
        .arg("-index")
        .arg(&r.index)
        .arg("-CA")
        .arg(&r.ca)
        .arg("-rsigner")
        .arg(&r.signer)
        .arg("-rkey")
        .arg(&r.signer_key)
        .arg("-reqin")
        .arg(&req)
        .arg("-respout")
        .arg(&resp)
        .args(&r.extra)
        .output()
        .ok()?;
    if !status.status.success() {
        return None;
    }
    std::fs::read(&resp).ok()
}

/// The test PKI: root → issuing CA, CRLs published on the HTTP server, OCSP for the issuing CA.
struct Pki {
    http: Http,
    root: Ca,
    int: Ca,
}

impl Pki {
    fn new(env: &Env) -> Pki {
        let http = Http::start(env.dir.path());
        let root = Ca::root(env, "root", "Revocation Root CA");
        let int = root.sub(
            env,
            "int",
            "Revocation Issuing CA",
            &format!(
                "{CA_EXT}crlDistributionPoints=URI:{}\n",
                http.url("root.crl")
            ),
        );
        http.set_responder(Responder {
            index: int.index.clone(),
            ca: int.cert.clone(),
            signer: int.cert.clone(),
            signer_key: int.key.clone(),
            extra: Vec::new(),
        });
        Pki { http, root, int }
    }

    /// A client certificate with an OCSP URL (`ocsp`) and/or a CRL distribution point.
    fn leaf(&self, env: &Env, name: &str, ocsp: bool, crl: bool) -> PathBuf {
        let mut urls = String::new();
        if ocsp {
            urls.push_str(&format!(
                "authorityInfoAccess=OCSP;URI:{}\n",
                self.http.url("ocsp")
            ));
        }
        if crl {
            urls.push_str(&format!(
                "crlDistributionPoints=URI:{}\n",
                self.http.url("int.crl")
            ));
        }
        self.int
            .issue(env, name, &format!("{name}.example.com"), &leaf_ext(&urls))
    }

    /// Publishes the current CRLs of both CAs (valid around NOW).
    fn publish(&self, env: &Env) {
        self.root
            .crl(env, "root.crl", "20270501000000Z", "20270701000000Z", None);
        self.int
            .crl(env, "int.crl", "20270501000000Z", "20270701000000Z", None);
    }
}

/// certkit verify-chain --json for `leaf` against the test PKI, plus `extra` arguments.
fn certkit(env: &Env, pki: &Pki, leaf: &Path, extra: &[&str]) -> (i32, VerifyReport) {
    let out = env
        .certkit()
        .args(["--json", "verify-chain"])
        .arg(leaf)
        .arg("--ca")
        .arg(&pki.root.cert)
        .arg("--untrusted")
        .arg(&pki.int.cert)
        .args(extra)
        .output()
        .unwrap();
    let report: VerifyReport = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not a report ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

fn kinds(report: &VerifyReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.kind.as_str()).collect()
}

fn leaf_status(report: &VerifyReport) -> &certkit::revocation::status::CertStatus {
    report.path[0]
        .revocation
        .as_ref()
        .unwrap_or_else(|| panic!("no revocation status on the leaf: {report:#?}"))
}

/// `openssl verify -crl_check_all` at NOW with the given CRL files: Ok or the error text.
fn openssl_verify(env: &Env, pki: &Pki, leaf: &Path, crls: &[&Path]) -> Result<(), String> {
    let mut cmd = Command::new("openssl");
    cmd.current_dir(env.dir.path())
        .args([
            "verify",
            "-attime",
            NOW_EPOCH,
            "-crl_check_all",
            "-use_deltas",
        ])
        .arg("-CAfile")
        .arg(&pki.root.cert)
        .arg("-untrusted")
        .arg(&pki.int.cert);
    for c in crls {
        cmd.arg("-CRLfile").arg(c);
    }
    let out = cmd.arg(leaf).output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(())
    } else {
        Err(text)
    }
}

/// `openssl ocsp` as a client of the test responder: the status line ("good", "revoked",
/// "unknown") with the reason, or the error when the response does not verify.
fn openssl_ocsp(env: &Env, pki: &Pki, leaf: &Path, url: &str) -> String {
    let out = Command::new("openssl")
        .current_dir(env.dir.path())
        .args(["ocsp", "-attime", NOW_EPOCH, "-url", url])
        .arg("-issuer")
        .arg(&pki.int.cert)
        .arg("-cert")
        .arg(leaf)
        .arg("-CAfile")
        .arg(&pki.root.cert)
        .arg("-verify_other")
        .arg(&pki.int.cert)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn ocsp_answers_good_revoked_with_each_reason_and_unknown() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let good = pki.leaf(&env, "good", true, false);
    let reasons = [
        ("unspecified", Reason::Unspecified),
        ("keyCompromise", Reason::KeyCompromise),
        ("CACompromise", Reason::CaCompromise),
        ("affiliationChanged", Reason::AffiliationChanged),
        ("superseded", Reason::Superseded),
        ("cessationOfOperation", Reason::CessationOfOperation),
        ("certificateHold", Reason::CertificateHold),
    ];
    let mut revoked = Vec::new();
    for (i, (name, reason)) in reasons.iter().enumerate() {
        let cert = pki.leaf(&env, &format!("revoked{i}"), true, false);
        pki.int.revoke(&env, &cert, name);
        revoked.push((cert, *name, *reason));
    }
    // A certificate signed with the issuing CA's key but never entered in its index: the
    // responder does not know it.
    let shadow = Ca::with_folder(&env, "shadow", pki.int.cert.clone(), pki.int.key.clone());
    let stranger = shadow.issue(
        &env,
        "stranger",
        "stranger.example.com",
        &leaf_ext(&format!(
            "authorityInfoAccess=OCSP;URI:{}\n",
            pki.http.url("ocsp")
        )),
    );

    let (code, report) = certkit(&env, &pki, &good, &[]);
    assert_eq!(code, 0, "{:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Good);
    assert_eq!(s.source.as_ref().unwrap().kind, SourceKind::Ocsp);
    assert!(s.this_update.is_some());
    // The issuing CA's own status comes from the root's CRL over http.
    let int = report.path[1]
        .revocation
        .as_ref()
        .expect("intermediate status");
    assert_eq!(int.status, State::Good);
    assert_eq!(int.source.as_ref().unwrap().kind, SourceKind::Crl);
    assert!(
        report.path[2].revocation.is_none(),
        "the anchor is not checked"
    );
    let theirs = openssl_ocsp(&env, &pki, &good, &pki.http.url("ocsp"));
    assert!(theirs.contains(": good"), "openssl ocsp: {theirs}");

    for (cert, name, reason) in &revoked {
        let (code, report) = certkit(&env, &pki, cert, &[]);
        assert_eq!(code, 1, "{name}: {:?}", report.findings);
        let s = leaf_status(&report);
        assert_eq!(s.status, State::Revoked, "{name}");
        assert_eq!(s.reason, Some(*reason), "{name}");
        assert!(s.revoked_at.is_some());
        assert!(kinds(&report).contains(&"revoked"));
        let theirs = openssl_ocsp(&env, &pki, cert, &pki.http.url("ocsp"));
        assert!(theirs.contains(": revoked"), "openssl ocsp: {theirs}");
        if *reason != Reason::Unspecified {
            assert!(
                theirs.to_lowercase().contains(&name.to_lowercase()),
                "openssl ocsp names the reason {name}: {theirs}"
            );
        }
    }

    let (code, report) = certkit(&env, &pki, &stranger, &[]);
    assert_eq!(code, 0, "soft mode: unknown is a warning");
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Unknown);
    assert_eq!(s.why, Some(Why::ResponderUnknown));
    assert!(kinds(&report).contains(&"revocation_unknown"));
    let (code, _) = certkit(&env, &pki, &stranger, &["--revocation", "hard"]);
    assert_eq!(code, 1, "hard mode: unknown is an error");
    assert!(openssl_ocsp(&env, &pki, &stranger, &pki.http.url("ocsp")).contains(": unknown"));
}

#[test]
fn crls_over_http_are_checked_and_fetched_once_and_never_with_revocation_off() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let good = pki.leaf(&env, "good", false, true);
    let gone = pki.leaf(&env, "gone", false, true);
    pki.int.revoke(&env, &gone, "keyCompromise");
    pki.publish(&env);
    let (root_crl, int_crl) = (env.path("root.crl"), env.path("int.crl"));

    let (code, report) = certkit(&env, &pki, &good, &[]);
    assert_eq!(code, 0, "{:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Good);
    assert_eq!(s.source.as_ref().unwrap().location, pki.http.url("int.crl"));
    assert_eq!(s.next_update.as_deref(), Some("2027-07-01T00:00:00Z"));
    assert_eq!(
        openssl_verify(&env, &pki, &good, &[&root_crl, &int_crl]),
        Ok(())
    );
    assert_eq!(pki.http.hits("int.crl"), 1);
    assert_eq!(pki.http.hits("root.crl"), 1);

    let (code, report) = certkit(&env, &pki, &gone, &["--revocation", "hard"]);
    assert_eq!(code, 1);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Revoked);
    assert_eq!(s.reason, Some(Reason::KeyCompromise));
    let theirs = openssl_verify(&env, &pki, &gone, &[&root_crl, &int_crl]).unwrap_err();
    assert!(theirs.contains("certificate revoked"), "{theirs}");

    // The human tree shows the status next to each certificate.
    let out = env
        .certkit()
        .arg("verify-chain")
        .arg(&gone)
        .arg("--ca")
        .arg(&pki.root.cert)
        .arg("--untrusted")
        .arg(&pki.int.cert)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("revocation REVOKED since"), "{text}");
    assert!(text.contains("key_compromise"), "{text}");
    assert!(text.contains("revocation good (CRL "), "{text}");

    // One run never fetches a URL twice: both CAs publish in one file named by both.
    let both = env.concat("both.crl", &[&root_crl, &int_crl]);
    assert!(both.exists());
    let both_url = pki.http.url("both.crl");
    // The issuing CA certified again (same name and key) with that distribution point.
    std::fs::copy(env.path("int.key"), env.path("int2.key")).unwrap();
    let int2 = pki.root.sub(
        &env,
        "int2",
        "Revocation Issuing CA",
        &format!("{CA_EXT}crlDistributionPoints=URI:{both_url}\n"),
    );
    let leaf2 = pki.int.issue(
        &env,
        "leaf2",
        "leaf2.example.com",
        &leaf_ext(&format!("crlDistributionPoints=URI:{both_url}\n")),
    );
    let out = env
        .certkit()
        .args(["--json", "verify-chain"])
        .arg(&leaf2)
        .arg("--ca")
        .arg(&pki.root.cert)
        .arg("--untrusted")
        .arg(&int2.cert)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(pki.http.hits("both.crl"), 1);

    let before = pki.http.total_hits();
    let (code, report) = certkit(&env, &pki, &gone, &["--revocation", "off"]);
    assert_eq!(code, 0, "off keeps the old behaviour");
    assert!(report.path.iter().all(|c| c.revocation.is_none()));
    assert_eq!(
        pki.http.total_hits(),
        before,
        "nothing fetched with --revocation off"
    );
}

#[test]
fn expired_and_wrongly_signed_crls_give_unknown_not_good() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    // No URL: only the CRLs given with --crl count.
    let leaf = pki.leaf(&env, "leaf", false, false);
    let root_crl = env.path("root.crl");

    // nextUpdate in the past.
    let expired = pki.int.crl(
        &env,
        "expired.crl",
        "20270101000000Z",
        "20270201000000Z",
        None,
    );
    let (code, report) = certkit(&env, &pki, &leaf, &["--crl", &arg(&expired)]);
    assert_eq!(code, 0, "soft: {:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::Stale)));
    assert!(kinds(&report).contains(&"crl_expired"));
    assert!(kinds(&report).contains(&"revocation_unknown"));
    let (code, _) = certkit(
        &env,
        &pki,
        &leaf,
        &["--crl", &arg(&expired), "--revocation", "hard"],
    );
    assert_eq!(code, 1);
    let theirs = openssl_verify(&env, &pki, &leaf, &[&root_crl, &expired]).unwrap_err();
    assert!(theirs.contains("CRL has expired"), "{theirs}");

    // The same issuer name, another key.
    let impostor = Ca::root(&env, "impostor", "Revocation Issuing CA");
    let forged = impostor.crl(
        &env,
        "forged.crl",
        "20270501000000Z",
        "20270701000000Z",
        None,
    );
    let (code, report) = certkit(&env, &pki, &leaf, &["--crl", &arg(&forged)]);
    assert_eq!(code, 0);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::BadSignature)));
    assert!(kinds(&report).contains(&"crl_bad_signature"));
    let theirs = openssl_verify(&env, &pki, &leaf, &[&root_crl, &forged]).unwrap_err();
    assert!(theirs.contains("CRL signature failure"), "{theirs}");

    // Given the good CRLs of both CAs, hard mode passes with no network at all.
    let before = pki.http.total_hits();
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &[
            "--crl",
            &arg(&env.path("int.crl")),
            "--crl",
            &arg(&root_crl),
            "--revocation",
            "hard",
        ],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(
        leaf_status(&report).source.as_ref().unwrap().kind,
        SourceKind::CrlFile
    );
    assert_eq!(pki.http.total_hits(), before);

    // Hard mode without any source for the leaf is an error; soft mode shows it quietly.
    let (code, report) = certkit(&env, &pki, &leaf, &["--crl", &arg(&root_crl)]);
    assert_eq!(code, 0);
    assert_eq!(leaf_status(&report).why, Some(Why::NoSource));
    assert!(!kinds(&report).contains(&"revocation_unknown"));
    let (code, _) = certkit(
        &env,
        &pki,
        &leaf,
        &["--crl", &arg(&root_crl), "--revocation", "hard"],
    );
    assert_eq!(code, 1);

    // Not a CRL: one line, exit 2.
    let out = env
        .certkit()
        .arg("verify-chain")
        .arg(&leaf)
        .arg("--crl")
        .arg(&leaf)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("holds no CRL"), "{err}");
}

#[test]
fn responder_down_is_unknown_unreachable() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let dead = format!("http://127.0.0.1:{}/", common::free_port());
    let leaf = pki.int.issue(
        &env,
        "leaf",
        "leaf.example.com",
        &leaf_ext(&format!("authorityInfoAccess=OCSP;URI:{dead}\n")),
    );
    let (code, report) = certkit(&env, &pki, &leaf, &[]);
    assert_eq!(code, 0, "soft: {:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::Unreachable)));
    assert!(kinds(&report).contains(&"revocation_fetch_failed"));
    let (code, report) = certkit(&env, &pki, &leaf, &["--revocation", "hard"]);
    assert_eq!(code, 1);
    assert!(report
        .findings
        .iter()
        .any(|f| f.kind == "revocation_unknown" && f.message.contains("unreachable")));
    let theirs = openssl_ocsp(&env, &pki, &leaf, &dead);
    assert!(!theirs.contains(": good"), "{theirs}");
}

#[test]
fn delegated_ocsp_signer_is_accepted_and_an_unauthorised_one_is_not() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let responder = pki.int.issue(
        &env,
        "responder",
        "Revocation OCSP Responder",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=OCSPSigning\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    let intruder = pki
        .int
        .issue(&env, "intruder", "intruder.example.com", &leaf_ext(""));
    let good = pki.leaf(&env, "good", true, false);
    let gone = pki.leaf(&env, "gone", true, false);
    pki.int.revoke(&env, &gone, "superseded");
    let delegated = Responder {
        index: pki.int.index.clone(),
        ca: pki.int.cert.clone(),
        signer: responder.clone(),
        signer_key: env.path("responder.key"),
        extra: Vec::new(),
    };
    pki.http.set_responder(delegated.clone());

    let (code, report) = certkit(&env, &pki, &good, &[]);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(leaf_status(&report).status, State::Good);
    let theirs = openssl_ocsp(&env, &pki, &good, &pki.http.url("ocsp"));
    assert!(theirs.contains(": good"), "openssl ocsp: {theirs}");
    let (code, report) = certkit(&env, &pki, &gone, &[]);
    assert_eq!(code, 1);
    assert_eq!(leaf_status(&report).reason, Some(Reason::Superseded));

    // Signed by a certificate of the same CA that is not an OCSP signer.
    pki.http.set_responder(Responder {
        signer: intruder,
        signer_key: env.path("intruder.key"),
        ..delegated
    });
    let (code, report) = certkit(&env, &pki, &gone, &[]);
    assert_eq!(
        code, 0,
        "soft: the forged answer is ignored, status unknown"
    );
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::BadSignature)));
    assert!(kinds(&report).contains(&"ocsp_bad_signature"));
    let theirs = openssl_ocsp(&env, &pki, &gone, &pki.http.url("ocsp"));
    assert!(theirs.contains("Response Verify Failure"), "{theirs}");
}

#[test]
fn delta_crls_extend_the_complete_crl() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let delta_url = pki.http.url("int-delta.crl");
    let leaf = pki.int.issue(
        &env,
        "leaf",
        "leaf.example.com",
        &leaf_ext(&format!(
            "crlDistributionPoints=URI:{}\nfreshestCRL=URI:{delta_url}\n",
            pki.http.url("int.crl")
        )),
    );
    // The complete CRL (number 1000) is made before the revocation, the delta after.
    pki.publish(&env);
    pki.int.revoke(&env, &leaf, "keyCompromise");
    let delta = pki.int.crl(
        &env,
        "int-delta.crl",
        "20270515000000Z",
        "20270701000000Z",
        Some("1000"),
    );
    let (root_crl, int_crl) = (env.path("root.crl"), env.path("int.crl"));

    // From files.
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &[
            "--crl",
            &arg(&int_crl),
            "--crl",
            &arg(&delta),
            "--crl",
            &arg(&root_crl),
        ],
    );
    assert_eq!(code, 1, "{:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Revoked);
    assert_eq!(s.source.as_ref().unwrap().location, arg(&delta));
    // Without the delta the complete CRL alone says good.
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &["--crl", &arg(&int_crl), "--crl", &arg(&root_crl)],
    );
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(leaf_status(&report).status, State::Good);

    // Over http: the distribution point, then the freshest-CRL URL.
    let (code, report) = certkit(&env, &pki, &leaf, &[]);
    assert_eq!(code, 1, "{:?}", report.findings);
    assert_eq!(
        leaf_status(&report).source.as_ref().unwrap().location,
        delta_url
    );

    let theirs = openssl_verify(&env, &pki, &leaf, &[&root_crl, &int_crl, &delta]).unwrap_err();
    assert!(theirs.contains("certificate revoked"), "{theirs}");
    assert_eq!(
        openssl_verify(&env, &pki, &leaf, &[&root_crl, &int_crl]),
        Ok(())
    );
}

#[test]
fn saved_ocsp_responses_are_used_and_checked_for_staleness() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let leaf = pki.leaf(&env, "leaf", false, false);
    pki.int.revoke(&env, &leaf, "affiliationChanged");
    let respond = |out: &str, extra: &[&str]| {
        let (int, key, index, l) = (
            arg(&pki.int.cert),
            arg(&pki.int.key),
            arg(&pki.int.index),
            arg(&leaf),
        );
        env.openssl(&[
            "ocsp",
            "-issuer",
            &int,
            "-cert",
            &l,
            "-no_nonce",
            "-reqout",
            "req.der",
        ]);
        let mut args = vec![
            "ocsp", "-index", &index, "-CA", &int, "-rsigner", &int, "-rkey", &key, "-reqin",
            "req.der", "-respout", out,
        ];
        args.extend(extra);
        env.openssl(&args);
        env.path(out)
    };
    let fresh = respond("fresh.der", &[]);
    let root_crl = arg(&env.path("root.crl"));
    let (code, report) = certkit(
        &env,
        &pki,
        &leaf,
        &[
            "--ocsp-response",
            &arg(&fresh),
            "--crl",
            &root_crl,
            "--revocation",
            "hard",
        ],
    );
    assert_eq!(code, 1);
    let s = leaf_status(&report);
    assert_eq!(s.status, State::Revoked);
    assert_eq!(s.reason, Some(Reason::AffiliationChanged));
    assert_eq!(s.source.as_ref().unwrap().kind, SourceKind::OcspFile);
    assert_eq!(pki.http.total_hits(), 0, "no network for saved answers");

    // nextUpdate a day after it was made: stale at NOW (2027-06-01). `openssl ocsp` checks
    // thisUpdate/nextUpdate against the wall clock even with -attime, so it cannot show this.
    let stale = respond("stale.der", &["-ndays", "1"]);
    let (code, report) = certkit(&env, &pki, &leaf, &["--ocsp-response", &arg(&stale)]);
    assert_eq!(code, 0, "soft: {:?}", report.findings);
    let s = leaf_status(&report);
    assert_eq!((s.status, s.why), (State::Unknown, Some(Why::Stale)));
    assert!(kinds(&report).contains(&"ocsp_stale"));
}

#[test]
fn inspect_reads_crl_files_as_openssl_does() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let leaf = pki.leaf(&env, "leaf", false, true);
    pki.int.revoke(&env, &leaf, "keyCompromise");
    pki.publish(&env);
    let expired = pki.int.crl(
        &env,
        "expired.crl",
        "20270101000000Z",
        "20270201000000Z",
        None,
    );
    env.openssl(&[
        "crl", "-in", "int.crl", "-outform", "DER", "-out", "int.der",
    ]);
    let hash = String::from_utf8(
        env.openssl(&["crl", "-in", "int.crl", "-noout", "-hash"])
            .stdout,
    )
    .unwrap()
    .trim()
    .to_string();

    for file in ["int.crl", "int.der"] {
        let out = env
            .certkit()
            .args(["--json", "inspect", file])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let crl = &common::json(&out)["inputs"][0]["crls"][0];
        assert_eq!(crl["issuer"], "CN=Revocation Issuing CA, O=certkit tests");
        assert_eq!(crl["entries"], 1);
        assert_eq!(crl["this_update"], "2027-05-01T00:00:00Z");
        assert_eq!(crl["next_update"], "2027-07-01T00:00:00Z");
        assert_eq!(crl["expired"], false);
        assert_eq!(crl["signature_algorithm"], "ecdsa-with-SHA256");
        assert_eq!(crl["issuer_hash"], hash.as_str());
    }
    let out = env.certkit().arg("inspect").arg(&expired).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Next update:   2027-02-01T00:00:00Z (expired)"),
        "{text}"
    );
    assert!(
        text.contains(&format!("Hash link:     {hash}.r0")),
        "{text}"
    );
}

#[test]
fn imported_crls_serve_verify_chain_and_openssl_from_the_store() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let good = pki.leaf(&env, "good", false, false);
    let gone = pki.leaf(&env, "gone", false, false);
    pki.int.revoke(&env, &gone, "cessationOfOperation");
    pki.publish(&env);

    let ok = |args: &[&str]| {
        let out = env.certkit().args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    ok(&["import", &arg(&pki.root.cert), &arg(&pki.int.cert)]);
    let out = ok(&["--json", "import", "int.crl", "root.crl"]);
    let report = common::json(&out);
    assert_eq!(report["crls"][0]["action"], "added", "{report}");
    assert_eq!(report["crls"][1]["action"], "added");
    // Importing the same CRL again changes nothing.
    let out = ok(&["--json", "import", "int.crl"]);
    assert_eq!(common::json(&out)["crls"][0]["action"], "unchanged");

    let out = ok(&["--json", "store", "list"]);
    let listed = common::json(&out);
    let crls = listed["crls"].as_array().expect("crls listed");
    assert_eq!(crls.len(), 2, "{listed}");
    assert!(crls.iter().any(
        |c| c["issuer"] == "CN=Revocation Issuing CA, O=certkit tests"
            && c["next_update"] == "2027-07-01T00:00:00Z"
            && c["entries"] == 1
    ));
    let text = String::from_utf8(ok(&["store", "list"]).stdout).unwrap();
    assert!(text.contains("crl/"), "{text}");

    // verify-chain finds them in the store, without the network, in hard mode.
    let verify = |leaf: &Path| {
        let out = env
            .certkit()
            .args(["--json", "verify-chain", "--revocation", "hard"])
            .arg(leaf)
            .output()
            .unwrap();
        let report: VerifyReport = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), report)
    };
    let (code, report) = verify(&good);
    assert_eq!(code, 0, "{:?}", report.findings);
    assert_eq!(
        leaf_status(&report).source.as_ref().unwrap().kind,
        SourceKind::Store
    );
    let (code, report) = verify(&gone);
    assert_eq!(code, 1);
    assert_eq!(
        leaf_status(&report).reason,
        Some(Reason::CessationOfOperation)
    );
    assert_eq!(pki.http.total_hits(), 0);

    // OpenSSL finds the CRLs in the crl/ folder through their hash links (<hash>.r0).
    let crl_dir = env.path("store").join("crl");
    let openssl = |leaf: &Path| {
        Command::new("openssl")
            .args(["verify", "-attime", NOW_EPOCH, "-crl_check_all"])
            .arg("-CAfile")
            .arg(&pki.root.cert)
            .arg("-untrusted")
            .arg(&pki.int.cert)
            .arg("-CApath")
            .arg(&crl_dir)
            .arg(leaf)
            .output()
            .unwrap()
    };
    let theirs = openssl(&good);
    assert!(
        theirs.status.success(),
        "{}{}",
        String::from_utf8_lossy(&theirs.stdout),
        String::from_utf8_lossy(&theirs.stderr)
    );
    let theirs = openssl(&gone);
    assert!(!theirs.status.success());
    assert!(
        String::from_utf8_lossy(&theirs.stdout).contains("certificate revoked")
            || String::from_utf8_lossy(&theirs.stderr).contains("certificate revoked")
    );
}

/// `openssl s_server` on 127.0.0.1 with the server certificate `server` (and its key),
/// requiring a client certificate from the test root, plus `extra`.
fn s_server(env: &Env, pki: &Pki, server: &Path, extra: Vec<String>) -> common::Server {
    let chain = env.concat("server-chain.pem", &[&pki.int.cert]);
    let (cert, key, root, chain) = (
        arg(server),
        arg(&server.with_extension("key")),
        arg(&pki.root.cert),
        arg(&chain),
    );
    env.start_server("s_server", "openssl", move |port| {
        let mut args: Vec<String> = [
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-cert",
            &cert,
            "-key",
            &key,
            "-cert_chain",
            &chain,
            "-CAfile",
            &root,
            "-chainCAfile",
            &root,
            "-quiet",
            "-tls1_2",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().cloned());
        args
    })
}

fn connect(
    env: &Env,
    pki: &Pki,
    port: u16,
    client: &Path,
    extra: &[&str],
) -> (i32, serde_json::Value) {
    let out = env
        .certkit()
        .args(["--json", "connect", &format!("127.0.0.1:{port}"), "--ca"])
        .arg(&pki.root.cert)
        .arg("--cert")
        .arg(env.concat("client-chain.pem", &[client, &pki.int.cert]))
        .arg("--key")
        .arg(client.with_extension("key"))
        .args(["--timeout", "10s"])
        .args(extra)
        .output()
        .unwrap();
    let doc = common::json(&out);
    serde_json::from_value::<certkit::ops::connect::ConnectReport>(doc.clone())
        .unwrap_or_else(|e| panic!("report does not deserialize: {e}\n{doc:#}"));
    (out.status.code().unwrap(), doc)
}

#[test]
fn connect_checks_the_stapled_ocsp_response_of_the_server() {
    let env = Env::new();
    let pki = Pki::new(&env);
    pki.publish(&env);
    let server = pki.int.issue(
        &env,
        "server",
        "localhost",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    let client = pki.leaf(&env, "client", false, false);
    pki.int.revoke(&env, &server, "keyCompromise");
    // The response the server staples, made by OpenSSL's responder from the CA's index.
    let (int, key, index, s) = (
        arg(&pki.int.cert),
        arg(&pki.int.key),
        arg(&pki.int.index),
        arg(&server),
    );
    env.openssl(&[
        "ocsp",
        "-issuer",
        &int,
        "-cert",
        &s,
        "-no_nonce",
        "-reqout",
        "sreq.der",
    ]);
    env.openssl(&[
        "ocsp",
        "-index",
        &index,
        "-CA",
        &int,
        "-rsigner",
        &int,
        "-rkey",
        &key,
        "-reqin",
        "sreq.der",
        "-respout",
        "staple.der",
    ]);
    let srv = s_server(
        &env,
        &pki,
        &server,
        vec!["-status_file".into(), "staple.der".into()],
    );
    let (code, doc) = connect(&env, &pki, srv.port, &client, &[]);
    assert!(doc["server"]["ocsp_stapled"].as_bool().unwrap(), "{doc:#}");
    let leaf = &doc["server"]["revocation"][0];
    assert_eq!(leaf["status"], "revoked", "{doc:#}");
    assert_eq!(leaf["reason"], "key_compromise");
    assert_eq!(leaf["source"]["kind"], "staple");
    assert_eq!(doc["server"]["trusted"], false);
    assert_eq!(code, 1, "a revoked server certificate is not trusted");
    let (_, doc) = connect(&env, &pki, srv.port, &client, &["--revocation", "off"]);
    assert_eq!(
        doc["server"]["ocsp_stapled"], false,
        "not even requested with off"
    );
    assert_eq!(doc["server"]["trusted"], true, "{doc:#}");
}

#[test]
fn connect_explains_a_certificate_revoked_alert_with_our_own_status() {
    let env = Env::new();
    let pki = Pki::new(&env);
    let server = pki.int.issue(
        &env,
        "server",
        "localhost",
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n",
    );
    let client = pki.leaf(&env, "client", false, true);
    pki.int.revoke(&env, &client, "keyCompromise");
    pki.publish(&env);
    // OpenSSL checks CRLs at the wall clock, so the server gets a CRL valid now (the test
    // CRLs are made around 2027); -CRL takes one CRL, -crl_check checks the leaf only.
    let now_int = pki.int.crl(
        &env,
        "int-now.crl",
        "20250101000000Z",
        "20350101000000Z",
        None,
    );
    let srv = s_server(
        &env,
        &pki,
        &server,
        vec![
            "-Verify".into(),
            "1".into(),
            "-verify_return_error".into(),
            "-CRL".into(),
            arg(&now_int),
            "-crl_check".into(),
        ],
    );
    let (code, doc) = connect(&env, &pki, srv.port, &client, &[]);
    assert_eq!(code, 1, "{doc:#}");
    assert_eq!(
        doc["outcome"]["alert"]["name"], "certificate_revoked",
        "{doc:#}"
    );
    let text = doc["outcome"]["explanation"].as_str().unwrap();
    assert!(text.contains("revoked"), "{text}");
    assert!(
        text.contains("certkit's own check of your certificate: revoked since"),
        "{text}"
    );
    assert!(text.contains("key_compromise"), "{text}");
}
