//! The test PKI of the revocation tests: CAs run with `openssl ca` (index file, `-revoke`
//! with reasons, `-gencrl`, delta CRLs), a small HTTP server on 127.0.0.1 that serves the
//! test folder's files (CRLs) and answers OCSP with OpenSSL's own responder logic (`openssl
//! ocsp -index … -reqin …`; the `-port` responder of OpenSSL 3.0 binds every interface, which
//! tests here must not do), and the OpenSSL commands the answers are compared with.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use certkit::ops::verify_chain::VerifyReport;

use crate::common::{Env, KeyType};

/// 2027-06-01T00:00:00Z (common::NOW) as seconds, for `openssl -attime`.
pub const NOW_EPOCH: &str = "1811808000";

/// A CA run with `openssl ca`: its own folder, index file, serial and CRL number.
pub struct Ca {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub config: PathBuf,
    pub index: PathBuf,
}

pub fn arg(p: &Path) -> String {
    p.display().to_string()
}

impl Ca {
    /// A folder with an empty index for a CA whose certificate and key already exist.
    pub fn with_folder(env: &Env, name: &str, cert: PathBuf, key: PathBuf) -> Ca {
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
    pub fn root(env: &Env, name: &str, cn: &str) -> Ca {
        let key = env.key(name, KeyType::EcP256);
        let ca = Ca::with_folder(env, name, env.path(&format!("{name}.pem")), key);
        ca.issue(env, name, cn, CA_EXT);
        ca
    }

    /// Issues `NAME.pem` (key `NAME.key`, made unless it exists) for `/CN=cn/O=certkit tests`
    /// with the extensions `ext`; a CA whose certificate does not exist yet signs itself.
    pub fn issue(&self, env: &Env, name: &str, cn: &str, ext: &str) -> PathBuf {
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
    pub fn sub(&self, env: &Env, name: &str, cn: &str, ext: &str) -> Ca {
        let cert = self.issue(env, name, cn, ext);
        Ca::with_folder(env, name, cert, env.path(&format!("{name}.key")))
    }

    /// Marks `cert` revoked in the index with `reason` (an `openssl ca -crl_reason` name, or
    /// `certificateHold`).
    pub fn revoke(&self, env: &Env, cert: &Path, reason: &str) {
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
    pub fn crl(
        &self,
        env: &Env,
        out: &str,
        last: &str,
        next: &str,
        delta_of: Option<&str>,
    ) -> PathBuf {
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

pub const CA_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n";

pub fn leaf_ext(urls: &str) -> String {
    format!("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid:always\n{urls}")
}

/// How the test server answers OCSP requests: OpenSSL's responder over one CA index.
#[derive(Clone)]
pub struct Responder {
    pub index: PathBuf,
    pub ca: PathBuf,
    pub signer: PathBuf,
    pub signer_key: PathBuf,
    /// Extra `openssl ocsp` flags (`-ndays 1` …).
    pub extra: Vec<String>,
}

/// A tiny HTTP/1.0 server on 127.0.0.1: files of the test folder by path, and OCSP (GET or
/// POST) on `/ocsp` answered by `openssl ocsp -reqin … -respout …`. Records each path asked.
pub struct Http {
    pub port: u16,
    pub hits: Arc<Mutex<Vec<String>>>,
    pub responder: Arc<Mutex<Option<Responder>>>,
}

impl Http {
    pub fn start(dir: &Path) -> Http {
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

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}/{path}", self.port)
    }

    pub fn set_responder(&self, r: Responder) {
        *self.responder.lock().unwrap() = Some(r);
    }

    pub fn hits(&self, path: &str) -> usize {
        let want = format!("/{path}");
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.starts_with(&want))
            .count()
    }

    pub fn total_hits(&self) -> usize {
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
pub struct Pki {
    pub http: Http,
    pub root: Ca,
    pub int: Ca,
}

impl Pki {
    pub fn new(env: &Env) -> Pki {
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
    pub fn leaf(&self, env: &Env, name: &str, ocsp: bool, crl: bool) -> PathBuf {
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
    pub fn publish(&self, env: &Env) {
        self.root
            .crl(env, "root.crl", "20270501000000Z", "20270701000000Z", None);
        self.int
            .crl(env, "int.crl", "20270501000000Z", "20270701000000Z", None);
    }
}

/// certkit verify-chain --json for `leaf` against the test PKI, plus `extra` arguments.
pub fn certkit(env: &Env, pki: &Pki, leaf: &Path, extra: &[&str]) -> (i32, VerifyReport) {
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

pub fn kinds(report: &VerifyReport) -> Vec<&str> {
    report.findings.iter().map(|f| f.kind.as_str()).collect()
}

pub fn leaf_status(report: &VerifyReport) -> &certkit::revocation::status::CertStatus {
    report.path[0]
        .revocation
        .as_ref()
        .unwrap_or_else(|| panic!("no revocation status on the leaf: {report:#?}"))
}

/// `openssl verify -crl_check_all` at NOW with the given CRL files: Ok or the error text.
pub fn openssl_verify(env: &Env, pki: &Pki, leaf: &Path, crls: &[&Path]) -> Result<(), String> {
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
pub fn openssl_ocsp(env: &Env, pki: &Pki, leaf: &Path, url: &str) -> String {
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
