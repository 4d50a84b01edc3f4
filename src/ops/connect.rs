//! `connect`: a real TLS handshake presenting a client certificate, and what came of it.
//!
//! The operation opens a TCP connection (with timeouts), runs the TLS handshake with OpenSSL
//! while [`probe`] records what the server asked for and what certkit sent, checks the
//! server's chain against the chosen anchors itself (the handshake never stops on an untrusted
//! server, so that the client-certificate part is always tested), waits for the server's
//! verdict where TLS 1.3 delivers it after the handshake, optionally sends an HTTP GET, and
//! returns a [`ConnectReport`]. It prints nothing and knows nothing of the command line.

mod probe;

use std::fmt::Write as _;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use openssl::error::ErrorStack;
use openssl::ssl::{
    ErrorCode, HandshakeError, Ssl, SslAlert, SslContext, SslMethod, SslMode, SslRef, SslStream,
    SslVerifyMode, SslVersion,
};
use openssl::stack::Stack;
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::verify::{X509VerifyFlags, X509VerifyParam};
use openssl::x509::{X509Name, X509PurposeId, X509StoreContext, X509};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::FromDer;

use crate::error::{Error, ErrorKind, Result};
use crate::model::{Bundle, Certificate, PrivateKey};

use self::probe::{Observed, Probe};

/// Where to connect: `HOST[:PORT]` or `https://HOST[:PORT]/PATH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    /// The path of an https URL (with its query); `None` for a bare HOST[:PORT].
    pub path: Option<String>,
}

impl Target {
    pub fn parse(text: &str) -> Result<Target> {
        let usage = |why: &str| {
            Error::new(
                ErrorKind::Usage,
                format!("invalid target {text:?}: {why} (use HOST, HOST:PORT or https://HOST[:PORT]/PATH)"),
            )
        };
        let (authority, path) = if let Some(rest) = strip_prefix_ignore_case(text, "https://") {
            match rest.find(['/', '?']) {
                Some(i) if rest[i..].starts_with('/') => (&rest[..i], Some(rest[i..].to_string())),
                Some(i) => (&rest[..i], Some(format!("/{}", &rest[i..]))),
                None => (rest, Some("/".to_string())),
            }
        } else if let Some(i) = text.find("://") {
            return Err(usage(&format!(
                "certkit connects with TLS only, not {}",
                &text[..i]
            )));
        } else {
            if text.contains('/') {
                return Err(usage("a path needs the https:// form"));
            }
            (text, None)
        };
        if authority.contains('@') {
            return Err(usage("user names in the URL are not supported"));
        }
        let (host, port) = if let Some(inner) = authority.strip_prefix('[') {
            let end = inner
                .find(']')
                .ok_or_else(|| usage("unclosed [ in an IPv6 address"))?;
            let after = &inner[end + 1..];
            let port = match after.strip_prefix(':') {
                Some(p) => Some(p),
                None if after.is_empty() => None,
                None => return Err(usage("unexpected text after the IPv6 address")),
            };
            (&inner[..end], port)
        } else if authority.matches(':').count() > 1 {
            (authority, None)
        } else {
            match authority.split_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            }
        };
        if host.is_empty() {
            return Err(usage("the host is missing"));
        }
        let port = match port {
            None => 443,
            Some(p) => match p.parse::<u16>() {
                Ok(n) if n > 0 => n,
                _ => return Err(usage(&format!("{p:?} is not a port number"))),
            },
        };
        Ok(Target {
            host: host.to_string(),
            port,
            path,
        })
    }

    /// `host:port`, with brackets around an IPv6 address.
    pub fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// The TLS versions a user can pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsVersion {
    Tls12,
    Tls13,
}

/// The client certificate to present: the leaf, the intermediates sent with it, and its key.
#[derive(Debug, Clone)]
pub struct ClientIdentity {
    /// Where it came from, for messages.
    pub source: String,
    pub leaf: Certificate,
    /// Intermediates, leaf-side first; never the root.
    pub intermediates: Vec<Certificate>,
    /// The root the chain ends at, when the file has it (reported, never sent).
    pub root: Option<Certificate>,
    pub key: PrivateKey,
}

impl ClientIdentity {
    /// Picks the leaf, the key and the chain to send from a loaded bundle. The chain is the
    /// leaf's issuers found in the bundle, stopping before a self-issued root.
    pub fn from_bundle(bundle: Bundle, source: &str) -> Result<ClientIdentity> {
        let Some(leaf_index) = bundle.leaf_index() else {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{source}: no client certificate found (only CA certificates): give the file holding your own certificate"),
            ));
        };
        let Some(key) = bundle.private_key.clone() else {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{source}: there is no private key for the certificate: give the key with --key KEYFILE, or use the PFX that holds it"),
            ));
        };
        let leaf = bundle.certificates[leaf_index].clone();
        if !key.matches(&leaf) {
            return Err(Error::new(
                ErrorKind::Usage,
                format!("{source}: the private key does not belong to the certificate: check with `certkit check-private-key`"),
            ));
        }
        let mut intermediates: Vec<Certificate> = Vec::new();
        let mut root = None;
        let mut current = &leaf;
        while let Some(issuer) = bundle.certificates.iter().find(|c| {
            c.is_issuer_of(current)
                && c.der != current.der
                && !intermediates.iter().any(|i| i.der == c.der)
        }) {
            if issuer.is_self_issued() {
                root = Some(issuer.clone());
                break;
            }
            intermediates.push(issuer.clone());
            current = issuer;
        }
        // TLS needs OpenSSL's view of every certificate sent: refuse now what it cannot parse.
        for cert in std::iter::once(&leaf).chain(&intermediates) {
            cert.to_openssl()?;
        }
        Ok(ClientIdentity {
            source: source.to_string(),
            leaf,
            intermediates,
            root,
            key,
        })
    }
}

/// Everything `connect` needs, validated.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub target: Target,
    /// SNI and the name the server certificate is checked against (default: the host).
    pub servername: Option<String>,
    pub client: Option<ClientIdentity>,
    /// Trust anchors for the server's chain, with where each file came from.
    pub anchors: Vec<Certificate>,
    pub anchor_files: Vec<String>,
    /// Also trust the system store (always true when there are no anchors).
    pub system: bool,
    pub timeout: Duration,
    pub version: Option<TlsVersion>,
    /// The time certificates are judged at.
    pub now: OffsetDateTime,
}

/// The whole `connect` run.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ConnectReport {
    /// The version of this document's format (see CHANGELOG.md).
    pub version: u32,
    pub target: TargetReport,
    /// Negotiated protocol, when the handshake got that far.
    pub tls: Option<TlsReport>,
    pub server: ServerReport,
    pub client_certificate: ClientCertificateReport,
    pub outcome: OutcomeReport,
    /// For an https URL: the HTTP exchange after the handshake.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpReport>,
}

impl ConnectReport {
    /// The current version of the `connect` document.
    pub const VERSION: u32 = 2;
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TargetReport {
    pub host: String,
    pub port: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The name sent as SNI (none for an IP address) and checked against the certificate.
    pub servername: String,
    pub sni_sent: bool,
    /// The address actually connected to.
    pub address: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct TlsReport {
    /// `TLSv1.2`, `TLSv1.3`
    pub version: String,
    /// IANA cipher suite name.
    pub cipher: Option<String>,
}

pub use crate::ops::summary::CertificateSummary;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ServerReport {
    /// The chain as the server sent it, leaf first.
    pub chain: Vec<CertificateSummary>,
    pub trusted: bool,
    /// The name (or IP address) checked against the server certificate.
    pub checked_name: String,
    /// What anchored the check: the --ca files and/or `system`.
    pub anchors: Vec<String>,
    /// OpenSSL's verification error when not trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// A sentence saying what is wrong and what to do, when not trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ClientCertificateReport {
    /// Where the client certificate came from (`--cert`), if one was given.
    pub source: Option<String>,
    /// The server sent a CertificateRequest (during or after the handshake).
    pub requested: bool,
    /// It came after the handshake (TLS 1.3 post-handshake authentication or renegotiation).
    pub requested_after_handshake: bool,
    /// The CA names of the request ("Acceptable client certificate CA names").
    pub acceptable_ca_names: Vec<String>,
    /// The acceptable CA name our chain reaches, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_reaches: Option<String>,
    /// `Some(false)` when the server listed CA names and our chain reaches none of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_matches_ca_names: Option<bool>,
    /// What the CA names mean for our certificate, in a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_names_note: Option<String>,
    /// The certificate and intermediates certkit was configured to send.
    pub configured: Vec<CertificateSummary>,
    /// What actually went out in the last Certificate message (empty: none was sent).
    pub sent: Vec<CertificateSummary>,
    /// The root CA of the client chain found in the --cert file (never sent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root: Option<CertificateSummary>,
}

/// Whether the server took the client certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Accepted,
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct OutcomeReport {
    pub result: Verdict,
    /// The alert that ended the connection, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert: Option<AlertReport>,
    pub explanation: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AlertReport {
    /// The TLS alert description number (48 = unknown_ca, ...).
    pub code: u8,
    /// Its RFC name (`unknown_ca`, `certificate_required`, ...).
    pub name: String,
    pub from: AlertSender,
}

/// Which side sent a TLS alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertSender {
    /// Received from the server.
    Server,
    /// Sent by certkit's side.
    Client,
}

impl std::fmt::Display for AlertSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            AlertSender::Server => "server",
            AlertSender::Client => "client",
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct HttpReport {
    /// `GET /path`
    pub request: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_line: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// What the status (or its absence) means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// Runs the connection. Errors are for what prevents a verdict: resolution, TCP, timeouts,
/// a peer that does not speak TLS, OpenSSL refusing the configuration.
pub fn connect(opts: &ConnectOptions) -> Result<ConnectReport> {
    let target = &opts.target;
    let servername = opts
        .servername
        .clone()
        .unwrap_or_else(|| target.host.clone());
    let name_is_ip = servername.parse::<IpAddr>().is_ok();

    let tcp = tcp_connect(target, opts.timeout)?;
    let address = tcp
        .peer_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| target.authority());
    let _ = tcp.set_nodelay(true);
    set_timeouts(&tcp, opts.timeout)?;

    let probe = Arc::new(Probe::default());
    let context = build_context(opts, &probe).map_err(|e| tls_setup_error(&e))?;
    let mut ssl = Ssl::new(&context).map_err(|e| tls_setup_error(&e))?;
    if !name_is_ip {
        ssl.set_hostname(&servername)
            .map_err(|e| tls_setup_error(&e))?;
    }

    let target_report = TargetReport {
        host: target.host.clone(),
        port: target.port,
        path: target.path.clone(),
        servername: servername.clone(),
        sni_sent: !name_is_ip,
        address,
    };
    let started = Instant::now();
    let mut facts = match ssl.connect(tcp) {
        Ok(mut stream) => {
            probe.mark_handshake_done();
            let handshake_time = started.elapsed();
            let session = Session::from_ssl(stream.ssl());
            let after = after_handshake(&mut stream, opts, &probe, &servername, handshake_time)?;
            let _ = stream.shutdown();
            Facts {
                session,
                handshake_completed: true,
                failure: after.failure,
                http: after.http,
            }
        }
        Err(HandshakeError::Failure(mid)) => {
            let session = Session::from_ssl(mid.ssl());
            let failure = Failure::from_ssl_error(mid.error());
            Facts {
                session,
                handshake_completed: false,
                failure: Some(failure),
                http: None,
            }
        }
        Err(HandshakeError::WouldBlock(_)) => {
            return Err(Error::new(
                ErrorKind::Network,
                format!(
                    "{}: the server did not complete the TLS handshake within {}: is it a TLS server, and is this the right port?",
                    target.authority(),
                    humantime::format_duration(opts.timeout)
                ),
            ))
        }
        Err(HandshakeError::SetupFailure(e)) => return Err(tls_setup_error(&e)),
    };
    let observed = probe.observed();
    if let Some(f) = facts.failure.as_mut() {
        if f.alert_received.is_none() {
            f.alert_received = observed.alert_received.map(|(_, d)| d);
        }
    }

    let server = check_server(&facts.session.peer_chain, opts, &servername)?;
    let client_certificate = client_report(opts, &observed);
    let outcome = decide(opts, &facts, &observed, &client_certificate, &target_report)?;
    Ok(ConnectReport {
        version: ConnectReport::VERSION,
        target: target_report,
        tls: facts.session.tls,
        server,
        client_certificate,
        outcome,
        http: facts.http,
    })
}

/// What the TLS session told us, read while the SSL object was alive.
struct Session {
    tls: Option<TlsReport>,
    peer_chain: Vec<X509>,
}

impl Session {
    fn from_ssl(ssl: &SslRef) -> Session {
        let version = ssl.version_str();
        let tls = (version != "unknown").then(|| TlsReport {
            version: version.to_string(),
            cipher: ssl
                .current_cipher()
                .map(|c| c.standard_name().unwrap_or(c.name()).to_string()),
        });
        let peer_chain = ssl
            .peer_cert_chain()
            .map(|s| s.iter().map(|c| c.to_owned()).collect())
            .unwrap_or_default();
        Session { tls, peer_chain }
    }
}

/// How the exchange failed after (or during) the TLS handshake.
#[derive(Debug, Clone)]
struct Failure {
    /// Alert description received from the server.
    alert_received: Option<u8>,
    /// The peer closed the connection without an alert.
    closed: bool,
    /// Nothing arrived before the timeout.
    timed_out: bool,
    /// OpenSSL's words, for messages when nothing better is known.
    detail: String,
}

impl Failure {
    fn from_ssl_error(e: &openssl::ssl::Error) -> Failure {
        let alert_received = e.ssl_error().and_then(|stack| {
            stack.errors().iter().find_map(|err| {
                SslAlert::from_reason_code(err.reason_code())
                    .map(|a| (a.reason_code() - SslAlert::CLOSE_NOTIFY.reason_code()) as u8)
            })
        });
        let io_kind = e.io_error().map(|io| io.kind());
        let timed_out = matches!(
            io_kind,
            Some(std::io::ErrorKind::WouldBlock) | Some(std::io::ErrorKind::TimedOut)
        );
        let closed = e.code() == ErrorCode::ZERO_RETURN
            || matches!(
                io_kind,
                Some(std::io::ErrorKind::ConnectionReset)
                    | Some(std::io::ErrorKind::ConnectionAborted)
                    | Some(std::io::ErrorKind::BrokenPipe)
                    | Some(std::io::ErrorKind::UnexpectedEof)
            )
            || (e.code() == ErrorCode::SYSCALL
                && e.io_error().is_none()
                && e.ssl_error().is_none());
        Failure {
            alert_received,
            closed,
            timed_out,
            detail: e.to_string(),
        }
    }
}

struct Facts {
    session: Session,
    handshake_completed: bool,
    failure: Option<Failure>,
    http: Option<HttpReport>,
}

struct After {
    failure: Option<Failure>,
    http: Option<HttpReport>,
}

fn tcp_connect(target: &Target, timeout: Duration) -> Result<TcpStream> {
    let authority = target.authority();
    let addresses: Vec<SocketAddr> = (target.host.as_str(), target.port)
        .to_socket_addrs()
        .map_err(|e| {
            Error::new(
                ErrorKind::Network,
                format!("cannot resolve {}: {e}", target.host),
            )
        })?
        .collect();
    if addresses.is_empty() {
        return Err(Error::new(
            ErrorKind::Network,
            format!("cannot resolve {}: no address found", target.host),
        ));
    }
    let mut last = None;
    for address in &addresses {
        match TcpStream::connect_timeout(address, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(e),
        }
    }
    let e = last.expect("at least one address was tried");
    let why = match e.kind() {
        std::io::ErrorKind::ConnectionRefused => {
            "connection refused: nothing listens on that port".to_string()
        }
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => format!(
            "no answer within {} (a firewall, or the wrong address?)",
            humantime::format_duration(timeout)
        ),
        _ => e.to_string(),
    };
    Err(Error::new(
        ErrorKind::Network,
        format!("cannot connect to {authority}: {why}"),
    ))
}

fn set_timeouts(tcp: &TcpStream, timeout: Duration) -> Result<()> {
    tcp.set_read_timeout(Some(timeout))
        .and_then(|_| tcp.set_write_timeout(Some(timeout)))
        .map_err(|e| {
            Error::new(
                ErrorKind::Network,
                format!("cannot set socket timeouts: {e}"),
            )
        })
}

fn tls_setup_error(e: &ErrorStack) -> Error {
    Error::new(
        ErrorKind::Network,
        format!("OpenSSL refused the TLS configuration: {e}"),
    )
}

fn build_context(opts: &ConnectOptions, probe: &Arc<Probe>) -> Result<SslContext, ErrorStack> {
    let mut builder = SslContext::builder(SslMethod::tls_client())?;
    // The server's chain is checked by `check_server`, after the handshake: stopping the
    // handshake on an untrusted server would hide the client-certificate outcome.
    builder.set_verify(SslVerifyMode::NONE);
    let (min, max) = match opts.version {
        Some(TlsVersion::Tls12) => (SslVersion::TLS1_2, SslVersion::TLS1_2),
        Some(TlsVersion::Tls13) => (SslVersion::TLS1_3, SslVersion::TLS1_3),
        None => (SslVersion::TLS1_2, SslVersion::TLS1_3),
    };
    builder.set_min_proto_version(Some(min))?;
    builder.set_max_proto_version(Some(max))?;
    // Send exactly the chain given, never one OpenSSL assembles from a store.
    builder.set_mode(SslMode::NO_AUTO_CHAIN);
    if let Some(client) = &opts.client {
        const PARSED: &str = "ClientIdentity::from_bundle checked that OpenSSL parses it";
        builder.set_certificate(&client.leaf.to_openssl().expect(PARSED))?;
        builder.set_private_key(&client.key.key)?;
        for intermediate in &client.intermediates {
            builder.add_extra_chain_cert(intermediate.to_openssl().expect(PARSED))?;
        }
        builder.check_private_key()?;
    }
    probe::attach(&mut builder, probe)?;
    Ok(builder.build())
}

/// After a completed handshake: the HTTP exchange for a URL, or for TLS 1.3 a short wait for
/// the server's verdict on the client certificate (it arrives after the handshake).
fn after_handshake(
    stream: &mut SslStream<TcpStream>,
    opts: &ConnectOptions,
    probe: &Probe,
    servername: &str,
    handshake_time: Duration,
) -> Result<After> {
    let tls13 = stream.ssl().version_str() == "TLSv1.3";
    let observed = probe.observed();
    // In TLS 1.3 the verdict on a certificate sent in the handshake follows our Finished by
    // about one round trip; the handshake took one or two, so waiting twice that plus a margin
    // catches it (a loaded server is slow at both) without slowing every run. It is awaited
    // before an HTTP request too: a server that refuses closes at once, and a request racing
    // that close can make the kernel drop the alert before certkit reads it.
    if tls13 && observed.requests_in_handshake > 0 {
        let wait = (handshake_time * 2 + Duration::from_millis(300)).min(opts.timeout);
        let failure = await_verdict(stream, wait);
        let _ = stream.get_ref().set_read_timeout(Some(opts.timeout));
        if failure.is_some() {
            let http = opts.target.path.as_ref().map(|path| HttpReport {
                request: format!("GET {path}"),
                status_line: None,
                status: None,
                explanation: Some("not sent: the server refused the certificate first".to_string()),
            });
            return Ok(After { failure, http });
        }
    }
    match &opts.target.path {
        Some(path) => http_exchange(stream, opts, servername, path),
        None => Ok(After {
            failure: None,
            http: None,
        }),
    }
}

/// Reads until the server objects, sends something, closes, or `wait` passes in silence.
fn await_verdict(stream: &mut SslStream<TcpStream>, wait: Duration) -> Option<Failure> {
    if stream.get_ref().set_read_timeout(Some(wait)).is_err() {
        return None;
    }
    let mut buf = [0u8; 4096];
    match stream.ssl_read(&mut buf) {
        Ok(_) => None,
        Err(e) => {
            let failure = Failure::from_ssl_error(&e);
            if failure.timed_out && failure.alert_received.is_none() {
                None
            } else if e.code() == ErrorCode::ZERO_RETURN {
                // A clean close_notify after the handshake is not a rejection.
                None
            } else {
                Some(failure)
            }
        }
    }
}

fn http_exchange(
    stream: &mut SslStream<TcpStream>,
    opts: &ConnectOptions,
    servername: &str,
    path: &str,
) -> Result<After> {
    let host_header = if opts.target.port == 443 {
        bracket_ipv6(servername)
    } else {
        format!("{}:{}", bracket_ipv6(servername), opts.target.port)
    };
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: certkit/{}\r\nAccept: */*\r\nConnection: close\r\n\r\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut report = HttpReport {
        request: format!("GET {path}"),
        status_line: None,
        status: None,
        explanation: None,
    };
    if let Err(e) = stream.ssl_write(request.as_bytes()) {
        let mut failure = Failure::from_ssl_error(&e);
        // The server may have refused the certificate and closed before the request went
        // out: its alert can still be waiting to be read.
        if failure.alert_received.is_none() {
            let mut buf = [0u8; 512];
            if let Err(e) = stream.ssl_read(&mut buf) {
                let later = Failure::from_ssl_error(&e);
                if later.alert_received.is_some() {
                    failure = later;
                }
            }
        }
        report.explanation = Some(if failure.alert_received.is_some() {
            "no HTTP response: the server ended the connection with an alert".to_string()
        } else {
            format!("the request could not be sent ({})", failure.detail)
        });
        return Ok(After {
            failure: Some(failure),
            http: Some(report),
        });
    }
    let _ = stream.flush();
    let mut received = Vec::new();
    let mut buf = [0u8; 4096];
    let mut failure = None;
    loop {
        if received.contains(&b'\n') || received.len() > 16 * 1024 {
            break;
        }
        match stream.ssl_read(&mut buf) {
            Ok(0) => break,
            Ok(n) => received.extend_from_slice(&buf[..n]),
            Err(e) => {
                if e.code() != ErrorCode::ZERO_RETURN {
                    failure = Some(Failure::from_ssl_error(&e));
                }
                break;
            }
        }
    }
    let first_line = received
        .split(|&b| b == b'\n')
        .next()
        .map(|l| {
            String::from_utf8_lossy(l)
                .trim_end_matches('\r')
                .to_string()
        })
        .filter(|l| !l.is_empty());
    match first_line {
        Some(line) => {
            report.status = parse_status(&line);
            if report.status.is_none() {
                report.explanation =
                    Some("the server's answer is not an HTTP status line".to_string());
            }
            report.status_line = Some(line);
            // A status after the handshake is the verdict: a late alert cannot follow it.
            failure = None;
        }
        None => {
            report.explanation = Some(match &failure {
                Some(f) if f.timed_out && f.alert_received.is_none() => format!(
                    "no HTTP response within {}",
                    humantime::format_duration(opts.timeout)
                ),
                Some(f) if f.alert_received.is_some() => {
                    "no HTTP response: the server ended the connection with an alert".to_string()
                }
                _ => "the server closed the connection without an HTTP response".to_string(),
            });
        }
    }
    if let Some(status) = report.status {
        report.explanation = http_explanation(status);
    }
    Ok(After {
        failure: failure.filter(|f| !(f.timed_out && f.alert_received.is_none())),
        http: Some(report),
    })
}

fn bracket_ipv6(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

/// The status code of `HTTP/1.1 200 OK`.
fn parse_status(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    let version = parts.next()?;
    if !version.starts_with("HTTP/") {
        return None;
    }
    let code = parts.next()?;
    if code.len() != 3 {
        return None;
    }
    code.parse().ok()
}

fn http_explanation(status: u16) -> Option<String> {
    match status {
        401 | 403 => Some(format!(
            "the TLS handshake accepted the certificate, but the application refused the request (HTTP {status}): the server may check the certificate's thumbprint, subject or issuer against an allow list, or the certificate is not mapped to an account"
        )),
        495 | 496 => Some(format!(
            "the web server refused the client certificate (HTTP {status}): the certificate was invalid or missing"
        )),
        400..=499 => Some(format!(
            "the request was refused (HTTP {status}): check the path and what the service expects"
        )),
        500..=599 => Some(format!("the server failed to answer (HTTP {status})")),
        _ => None,
    }
}

/// Checks the server's chain against the anchors, with the name check, at `opts.now`.
fn check_server(chain: &[X509], opts: &ConnectOptions, name: &str) -> Result<ServerReport> {
    let mut anchors: Vec<String> = opts.anchor_files.clone();
    if opts.system || opts.anchors.is_empty() {
        anchors.push("system".to_string());
    }
    let summaries: Vec<CertificateSummary> = chain
        .iter()
        .filter_map(|x| x.to_der().ok())
        .filter_map(|der| Certificate::from_der(der).ok())
        .map(|c| summarize(&c, opts.now))
        .collect();
    let mut report = ServerReport {
        chain: summaries,
        trusted: false,
        checked_name: name.to_string(),
        anchors,
        error: None,
        explanation: None,
    };
    let Some(leaf) = chain.first() else {
        report.error = Some("the server sent no certificate".to_string());
        report.explanation =
            Some("the handshake ended before the server sent its certificate".to_string());
        return Ok(report);
    };
    let verified = verify_server_chain(leaf, chain, opts, name).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            format!("cannot check the server's chain: {e}"),
        )
    })?;
    match verified {
        None => report.trusted = true,
        Some((code, text, depth)) => {
            let anchor_words = if opts.anchors.is_empty() {
                "the system CA store".to_string()
            } else if opts.system {
                "the --ca files or the system CA store".to_string()
            } else {
                format!("the --ca file(s) {}", opts.anchor_files.join(", "))
            };
            let subject = report
                .chain
                .get(depth as usize)
                .map(|c| c.subject.clone())
                .unwrap_or_default();
            report.explanation = Some(match code {
                // unable to get issuer certificate (locally), self-signed in chain, depth-zero self-signed
                2 | 18 | 19 | 20 | 21 => format!(
                    "the server's chain does not lead to a root trusted by {anchor_words}: give its root CA with --ca (or --insecure to carry on regardless)"
                ),
                62 | 64 => format!(
                    "the server's certificate is not valid for {name:?} (it names: {}): connect with the name it was issued for, or give it with --servername",
                    names_of(leaf).join(", ")
                ),
                10 => format!("the server's certificate {subject} has expired"),
                9 => format!("the server's certificate {subject} is not valid yet"),
                26 => format!(
                    "the server's certificate {subject} is not meant for TLS servers (extended key usage)"
                ),
                _ => format!("the server's certificate is not trusted: {text}"),
            });
            report.error = Some(text);
        }
    }
    Ok(report)
}

/// `None` when trusted, else OpenSSL's error code, text and the depth it applies to.
fn verify_server_chain(
    leaf: &X509,
    chain: &[X509],
    opts: &ConnectOptions,
    name: &str,
) -> Result<Option<(i32, String, u32)>, ErrorStack> {
    let mut store = X509StoreBuilder::new()?;
    // An anchor OpenSSL cannot parse cannot anchor anything: leave it out.
    for anchor in opts.anchors.iter().filter_map(|a| a.to_openssl().ok()) {
        store.add_cert(anchor)?;
    }
    if opts.system || opts.anchors.is_empty() {
        store.set_default_paths()?;
    }
    let mut param = X509VerifyParam::new()?;
    match name.parse::<IpAddr>() {
        Ok(ip) => param.set_ip(ip)?,
        Err(_) => param.set_host(name)?,
    }
    param.set_purpose(X509PurposeId::SSL_SERVER)?;
    // A CA given with --ca is an anchor even when it is not a root (as curl does).
    if !opts.anchors.is_empty() {
        param.set_flags(X509VerifyFlags::PARTIAL_CHAIN)?;
    }
    param.set_time(opts.now.unix_timestamp() as _);
    store.set_param(&param)?;
    let store = store.build();
    let mut untrusted = Stack::new()?;
    for c in chain.iter().skip(1) {
        untrusted.push(c.clone())?;
    }
    let mut context = X509StoreContext::new()?;
    context.init(&store, leaf, &untrusted, |c| {
        if c.verify_cert()? {
            Ok(None)
        } else {
            let e = c.error();
            Ok(Some((
                e.as_raw(),
                e.error_string().to_string(),
                c.error_depth(),
            )))
        }
    })
}

/// DNS names and IP addresses of a certificate's subjectAltName.
fn names_of(cert: &X509) -> Vec<String> {
    let Ok(der) = cert.to_der() else {
        return Vec::new();
    };
    let Ok((_, parsed)) = x509_parser::certificate::X509Certificate::from_der(&der) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for ext in parsed.extensions() {
        if let ParsedExtension::SubjectAlternativeName(san) = ext.parsed_extension() {
            for n in &san.general_names {
                match n {
                    GeneralName::DNSName(d) => names.push(d.to_string()),
                    GeneralName::IPAddress(ip) => match ip.len() {
                        4 => names.push(
                            std::net::Ipv4Addr::from(<[u8; 4]>::try_from(*ip).unwrap()).to_string(),
                        ),
                        16 => names.push(
                            std::net::Ipv6Addr::from(<[u8; 16]>::try_from(*ip).unwrap())
                                .to_string(),
                        ),
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
    }
    if names.is_empty() {
        names.push("no subject alternative names".to_string());
    }
    names
}

pub fn summarize(cert: &Certificate, now: OffsetDateTime) -> CertificateSummary {
    CertificateSummary::new(cert, now)
}

fn name_text(der: &[u8]) -> String {
    match x509_parser::x509::X509Name::from_der(der) {
        Ok((_, name)) => name.to_string(),
        Err(_) => format!("(unreadable name, {} bytes)", der.len()),
    }
}

/// Are two DER names the same name? Byte equality, else OpenSSL's canonical comparison.
fn same_name(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (X509Name::from_der(a), X509Name::from_der(b)) {
        (Ok(x), Ok(y)) => x
            .try_cmp(&y)
            .map(|o| o == std::cmp::Ordering::Equal)
            .unwrap_or(false),
        _ => false,
    }
}

fn client_report(opts: &ConnectOptions, observed: &Observed) -> ClientCertificateReport {
    let configured: Vec<Certificate> = opts
        .client
        .as_ref()
        .map(|c| {
            std::iter::once(c.leaf.clone())
                .chain(c.intermediates.iter().cloned())
                .collect()
        })
        .unwrap_or_default();
    let sent: Vec<Certificate> = observed
        .sent
        .last()
        .map(|certs| {
            certs
                .iter()
                .filter_map(|der| Certificate::from_der(der.clone()).ok())
                .collect()
        })
        .unwrap_or_default();
    let requested = observed.requests_in_handshake + observed.requests_after_handshake > 0;
    let names = &observed.ca_names;
    let mut report = ClientCertificateReport {
        source: opts.client.as_ref().map(|c| c.source.clone()),
        requested,
        requested_after_handshake: observed.requests_after_handshake > 0,
        acceptable_ca_names: names.iter().map(|n| name_text(n)).collect(),
        chain_reaches: None,
        chain_matches_ca_names: None,
        ca_names_note: None,
        configured: configured.iter().map(|c| summarize(c, opts.now)).collect(),
        sent: sent.iter().map(|c| summarize(c, opts.now)).collect(),
        root: opts
            .client
            .as_ref()
            .and_then(|c| c.root.as_ref())
            .map(|r| summarize(r, opts.now)),
    };
    if !requested {
        return report;
    }
    if names.is_empty() {
        report.ca_names_note = Some(
            "the server sent no CA names: it does not say which issuers it accepts".to_string(),
        );
        return report;
    }
    let chain = if sent.is_empty() { &configured } else { &sent };
    if chain.is_empty() {
        return report;
    }
    let reached = names.iter().find(|name| {
        chain.iter().enumerate().any(|(i, c)| {
            same_name(name, c.issuer_raw()) || (i > 0 && same_name(name, c.subject_raw()))
        })
    });
    match reached {
        Some(name) => {
            report.chain_reaches = Some(name_text(name));
            report.chain_matches_ca_names = Some(true);
        }
        None => {
            report.chain_matches_ca_names = Some(false);
            let top = chain.last().expect("chain is not empty");
            let ends_at = name_text(top.issuer_raw());
            let wanted = report.acceptable_ca_names.join("; ");
            report.ca_names_note = Some(format!(
                "the server accepts certificates from {wanted}, but the chain certkit sends ends at {ends_at}, which is none of them: if {ends_at} is issued by one of those CAs, add that intermediate certificate to the --cert file; otherwise you need a certificate issued under one of them"
            ));
        }
    }
    report
}

/// RFC 8446/5246 names of the alerts `connect` explains.
fn alert_name(code: u8) -> String {
    let known = match code {
        10 => "unexpected_message",
        20 => "bad_record_mac",
        40 => "handshake_failure",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        90 => "user_canceled",
        109 => "missing_extension",
        112 => "unrecognized_name",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    SslAlert::from_reason_code(SslAlert::CLOSE_NOTIFY.reason_code() + code as i32)
        .map(|a| a.to_string().replace(' ', "_").to_lowercase())
        .unwrap_or_else(|| format!("alert_{code}"))
}

fn decide(
    opts: &ConnectOptions,
    facts: &Facts,
    observed: &Observed,
    client: &ClientCertificateReport,
    target: &TargetReport,
) -> Result<OutcomeReport> {
    let sent_leaf = client.sent.first();
    let Some(failure) = &facts.failure else {
        let explanation = match (client.requested, sent_leaf) {
            (true, Some(leaf)) => format!(
                "the server accepted the client certificate {} (SHA-1 {})",
                leaf.subject, leaf.thumbprint
            ),
            (true, None) if opts.client.is_some() => "the server asked for a client certificate, certkit could not send the one given (its key type or signature algorithm is not among those the server accepts), and the server accepted the connection without one".to_string(),
            (true, None) => "the server asked for a client certificate but accepted the connection without one".to_string(),
            (false, _) if opts.client.is_some() => "the server accepted the connection without asking for a client certificate, so the certificate was not sent and not tested: if this server should require one, its TLS configuration does not ask for it".to_string(),
            (false, _) => "the server accepted the connection; it did not ask for a client certificate".to_string(),
        };
        return Ok(OutcomeReport {
            result: Verdict::Accepted,
            alert: None,
            explanation,
        });
    };

    if let Some(code) = failure.alert_received {
        return Ok(OutcomeReport {
            result: Verdict::Rejected,
            alert: Some(AlertReport {
                code,
                name: alert_name(code),
                from: AlertSender::Server,
            }),
            explanation: explain_alert(code, opts, client),
        });
    }
    if let Some((_, code)) = observed.alert_sent {
        return Err(Error::new(
            ErrorKind::Network,
            format!(
                "{}: certkit's TLS library ended the handshake with the alert {} ({})",
                target.address,
                alert_name(code),
                failure.detail
            ),
        ));
    }
    if failure.timed_out {
        return Err(Error::new(
            ErrorKind::Network,
            format!(
                "{}: no answer from the server within {}",
                target.address,
                humantime::format_duration(opts.timeout)
            ),
        ));
    }
    // Closed without an alert. While the verdict on a requested certificate is still open (in
    // the handshake, after it in TLS 1.3, or after a post-handshake request), that is how some
    // servers refuse; once a TLS 1.2 handshake completed, the certificate was accepted.
    let tls13 = facts
        .session
        .tls
        .as_ref()
        .is_some_and(|t| t.version == "TLSv1.3");
    let verdict_pending =
        !facts.handshake_completed || tls13 || observed.requests_after_handshake > 0;
    if failure.closed && facts.handshake_completed && !(client.requested && verdict_pending) {
        let explanation = match sent_leaf {
            Some(leaf) if client.requested => format!(
                "the server accepted the client certificate {} (SHA-1 {}), then closed the connection",
                leaf.subject, leaf.thumbprint
            ),
            _ => "the TLS handshake completed, then the server closed the connection".to_string(),
        };
        return Ok(OutcomeReport {
            result: Verdict::Accepted,
            alert: None,
            explanation,
        });
    }
    if failure.closed && client.requested {
        let explanation = if sent_leaf.is_none() {
            "the server asked for a client certificate, none was sent, and it closed the connection without an alert: it requires one".to_string()
        } else {
            "the server closed the connection without an alert after receiving the client certificate: it most likely refused it (check its logs)".to_string()
        };
        return Ok(OutcomeReport {
            result: Verdict::Rejected,
            alert: None,
            explanation,
        });
    }
    Err(Error::new(
        ErrorKind::Network,
        format!(
            "{}: the TLS handshake failed ({}): is this a TLS server, and does it support TLS 1.2 or 1.3?",
            target.address, failure.detail
        ),
    ))
}

/// For alerts that do not say why (GnuTLS answers access_denied to every failed check): the
/// most likely reason, from what certkit knows of the chain it sent.
fn likely_cause(client: &ClientCertificateReport) -> Option<String> {
    let sent = &client.sent;
    if let Some(position) = sent.iter().position(|c| c.expired) {
        let expired = &sent[position];
        let what = if position == 0 {
            "your certificate".to_string()
        } else {
            format!("the CA certificate {} sent with it", expired.subject)
        };
        return Some(format!(
            "most likely because {what} has expired (on {}): renew it",
            crate::ops::summary::date(expired.not_after)
        ));
    }
    if client.chain_matches_ca_names == Some(false) {
        let top_issuer = sent.last()?.issuer.clone();
        let root_known = client
            .root
            .as_ref()
            .is_some_and(|r| r.subject == top_issuer);
        return Some(if root_known {
            format!("most likely because it does not trust your CA ({top_issuer}): ask the server's operators to trust it, or get a certificate from a CA they trust")
        } else {
            format!("most likely because the chain does not reach a CA it accepts: the chain sent ends at {top_issuer}, so the intermediate certificate between it and the server's CAs was not sent (add it to the --cert file)")
        });
    }
    None
}

/// The server's alert, in a sentence about the client certificate.
fn explain_alert(code: u8, opts: &ConnectOptions, client: &ClientCertificateReport) -> String {
    let sent = &client.sent;
    let none_sent = sent.is_empty();
    let mut text = if none_sent && client.requested && code != 70 && code != 112 {
        if opts.client.is_some() {
            "the server requires a client certificate and none was sent: certkit could not send the one given (the server accepts none of its key type or signature algorithms)".to_string()
        } else {
            "the server requires a client certificate and none was sent: give one with --cert"
                .to_string()
        }
    } else {
        let leaf = sent.first().or(client.configured.first());
        let issuer = leaf.map(|l| l.issuer.clone()).unwrap_or_default();
        let top_issuer = sent
            .last()
            .or(client.configured.last())
            .map(|l| l.issuer.clone())
            .unwrap_or_default();
        match code {
            48 => {
                let leaf_self_signed = leaf.is_some_and(|l| l.subject == l.issuer);
                if leaf_self_signed {
                    format!(
                        "the server does not trust your self-signed certificate ({issuer}): ask the server's operators to trust it, or get a certificate from a CA they trust"
                    )
                } else if let Some(root) = client.root.as_ref().filter(|r| r.subject == top_issuer) {
                    let root = &root.subject;
                    if *root == issuer {
                        format!(
                            "the server does not trust your issuing CA ({issuer}, a root CA): ask the server's operators to trust it, or get a certificate from a CA they trust"
                        )
                    } else {
                        format!(
                            "the server does not trust your issuing CA ({issuer}) nor its root ({root}): ask the server's operators to trust {root}, or get a certificate from a CA they trust"
                        )
                    }
                } else if sent.len() <= 1 {
                    format!(
                        "the server does not trust your issuing CA ({issuer}): send the intermediate certificate with your certificate (add it to the --cert file), or ask the server's operators to trust {top_issuer}"
                    )
                } else {
                    format!(
                        "the server does not trust your issuing CA ({issuer}): the chain sent ends at {top_issuer}; ask the server's operators to trust {top_issuer}, or get a certificate from a CA they trust"
                    )
                }
            }
            45 => {
                let when = leaf
                    .map(|l| {
                        if l.expired {
                            format!(" (it expired on {})", crate::ops::summary::date(l.not_after))
                        } else {
                            format!(
                                " (certkit's clock says it is valid until {}: a certificate of its chain may have expired, or the server's clock is wrong)",
                                crate::ops::summary::date(l.not_after)
                            )
                        }
                    })
                    .unwrap_or_default();
                format!("the server says your certificate has expired{when}: renew it")
            }
            43 => "the server does not accept the certificate's purpose (unsupported certificate): a client certificate needs the extended key usage TLS Web Client Authentication (clientAuth) and a key usage allowing digital signatures".to_string(),
            42 => match likely_cause(client) {
                Some(cause) => format!("the server rejected the certificate as bad, {cause}"),
                None => "the server rejected the certificate as bad: its signature does not verify, it is malformed, or the chain is incomplete or out of order".to_string(),
            },
            44 => "the server says your certificate has been revoked: get a new one".to_string(),
            46 => match likely_cause(client) {
                Some(cause) => format!("the server could not accept the certificate (certificate unknown), {cause}"),
                None => "the server could not accept the certificate (certificate unknown): often an issuing CA it does not trust, a missing intermediate, or a purpose it does not allow".to_string(),
            },
            49 => match likely_cause(client) {
                Some(cause) => format!("the server denied access with this certificate, {cause}"),
                None => format!(
                    "the server denied access with this certificate: it checked it and refused it (an issuing CA it does not trust, here {issuer}, or a certificate not on its allow list)"
                ),
            },
            51 => "the server could not verify the signature made with your private key: the key may not belong to the certificate, or the server does not accept its algorithm".to_string(),
            116 => "the server requires a client certificate and none was sent".to_string(),
            40 => "the handshake failed (handshake failure): the server found no acceptable protocol parameters, or refused the client certificate".to_string(),
            70 => "the server does not support the TLS version offered: try --tls1.2 or --tls1.3".to_string(),
            71 => "the server requires stronger security than offered (insufficient security)".to_string(),
            112 => "the server does not know the name sent in SNI: give the name it serves with --servername".to_string(),
            80 => "the server failed internally during the handshake (internal error): check its logs".to_string(),
            50 => "the server could not decode a handshake message (decode error)".to_string(),
            _ => format!("the server ended the connection with the alert {}", alert_name(code)),
        }
    };
    if client.chain_matches_ca_names == Some(false) && !none_sent {
        let _ = write!(
            text,
            " (the server accepts certificates from: {})",
            client.acceptable_ca_names.join("; ")
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::{parse_status, Target};

    #[test]
    fn targets() {
        let t = Target::parse("example.com").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path),
            ("example.com", 443, None)
        );
        let t = Target::parse("127.0.0.1:8443").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 8443));
        let t = Target::parse("https://api.example.com:9443/health?x=1").unwrap();
        assert_eq!(t.host, "api.example.com");
        assert_eq!(t.port, 9443);
        assert_eq!(t.path.as_deref(), Some("/health?x=1"));
        let t = Target::parse("HTTPS://example.com").unwrap();
        assert_eq!(t.path.as_deref(), Some("/"));
        let t = Target::parse("[::1]:4433").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 4433));
        assert_eq!(t.authority(), "[::1]:4433");
        let t = Target::parse("::1").unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 443));
        assert!(Target::parse("http://example.com").is_err());
        assert!(Target::parse("example.com:0").is_err());
        assert!(Target::parse("example.com:http").is_err());
        assert!(Target::parse("example.com/path").is_err());
        assert!(Target::parse(":443").is_err());
    }

    #[test]
    fn names_compare_canonically() {
        use openssl::asn1::Asn1Type;
        use openssl::nid::Nid;
        use openssl::x509::X509Name;
        let name = |ty: Asn1Type, cn: &str| {
            let mut b = X509Name::builder().unwrap();
            b.append_entry_by_nid_with_type(Nid::COMMONNAME, cn, ty)
                .unwrap();
            b.build().to_der().unwrap()
        };
        let printable = name(Asn1Type::PRINTABLESTRING, "Partner Issuing CA");
        let utf8 = name(Asn1Type::UTF8STRING, "Partner  issuing CA");
        assert_ne!(printable, utf8);
        // Same name for X.509 (case and inner spaces fold), though the bytes differ.
        assert!(super::same_name(&printable, &utf8));
        assert!(!super::same_name(
            &printable,
            &name(Asn1Type::UTF8STRING, "Other CA")
        ));
    }

    #[test]
    fn status_lines() {
        assert_eq!(parse_status("HTTP/1.1 200 OK"), Some(200));
        assert_eq!(parse_status("HTTP/1.0 403 Forbidden"), Some(403));
        assert_eq!(parse_status("SSH-2.0-OpenSSH"), None);
        assert_eq!(parse_status("HTTP/1.1 2000"), None);
    }
}
