//! `connect`: a real TLS handshake presenting a client certificate, and what came of it.
//!
//! The operation opens a TCP connection (with timeouts), runs the TLS handshake with OpenSSL
//! while [`probe`] records what the server asked for and what certkit sent, checks the
//! server's chain with certkit's path engine (the handshake never stops on an untrusted
//! server, so that the client-certificate part is always tested), waits for the server's
//! verdict where TLS 1.3 delivers it after the handshake, optionally sends an HTTP GET, and
//! returns a [`ConnectReport`]. It prints nothing and knows nothing of the command line.
//!
//! The modules, each depending only on those above it:
//!
//! - [`target`]: `HOST[:PORT]` and `https://` URL parsing;
//! - [`report`]: the report types (the `--json` contract);
//! - [`identity`]: which certificate, key and chain of the `--cert` file are presented;
//! - [`probe`]: OpenSSL callbacks recording the handshake messages and alerts;
//! - [`tls`]: TCP, the TLS context, session facts and failure classification;
//! - [`explain`]: the alert table and every explanation sentence;
//! - [`http`]: the GET request, the status line, web servers' certificate refusals;
//! - [`trust`]: the server's chain and name, and our chain against the acceptable CA names;
//! - [`verdict`]: accepted or rejected, from plain facts;
//! - this module: the run, in the order the connection happens.

mod explain;
mod http;
mod identity;
mod probe;
mod report;
mod target;
mod tls;
mod trust;
mod verdict;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use openssl::ssl::{HandshakeError, Ssl, SslStream};
use time::OffsetDateTime;

use crate::error::{Error, ErrorKind, Result};

pub use self::identity::ClientIdentity;
pub use self::report::{
    summarize, AlertReport, AlertSender, AnchorReport, CertificateSummary, ClientCertificateReport,
    ConnectReport, HttpRejection, HttpReport, OutcomeReport, ServerReport, TargetReport, TlsReport,
    Verdict,
};
pub use self::target::Target;
pub use self::tls::TlsVersion;
pub use self::trust::TrustSources;

use self::probe::Probe;
use self::tls::{Failure, Session};

/// Everything `connect` needs, validated.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub target: Target,
    /// SNI and the name the server certificate is checked against (default: the host).
    pub servername: Option<String>,
    pub client: Option<ClientIdentity>,
    /// The anchors and CAs for the server's chain (and for our own path to the acceptable CA
    /// names): `--ca` files, the store, the system bundle, set up as `verify-chain` does.
    pub trust: TrustSources,
    pub timeout: Duration,
    pub version: Option<TlsVersion>,
    /// The time certificates are judged at.
    pub now: OffsetDateTime,
    /// How the server's chain (and, after a `certificate_revoked` alert, our own certificate)
    /// is checked for revocation.
    pub revocation: crate::revocation::status::Mode,
    /// The store's `crl/` folder, read before any CRL is fetched.
    pub revocation_crl_dir: Option<std::path::PathBuf>,
    /// Profile-only findings on the server's chain are errors (`--strict`).
    pub strict: bool,
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

    let tcp = tls::tcp_connect(target, opts.timeout)?;
    let address = tcp
        .peer_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| target.authority());
    let _ = tcp.set_nodelay(true);
    tls::set_timeouts(&tcp, opts.timeout)?;

    let probe = Arc::new(Probe::default());
    let context = tls::build_context(opts.client.as_ref(), opts.version, &probe)
        .map_err(|e| tls::tls_setup_error(&e))?;
    let mut ssl = Ssl::new(&context).map_err(|e| tls::tls_setup_error(&e))?;
    if opts.revocation != crate::revocation::status::Mode::Off {
        // Ask for the server's stapled OCSP response (status_request).
        ssl.set_status_type(openssl::ssl::StatusType::OCSP)
            .map_err(|e| tls::tls_setup_error(&e))?;
    }
    if !name_is_ip {
        ssl.set_hostname(&servername)
            .map_err(|e| tls::tls_setup_error(&e))?;
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
    let (session, handshake_completed, mut failure, mut http) = match ssl.connect(tcp) {
        Ok(mut stream) => {
            probe.mark_handshake_done();
            let handshake_time = started.elapsed();
            let session = Session::from_ssl(stream.ssl());
            let (failure, http) =
                after_handshake(&mut stream, opts, &probe, &servername, handshake_time);
            let _ = stream.shutdown();
            (session, true, failure, http)
        }
        Err(HandshakeError::Failure(mid)) => {
            let session = Session::from_ssl(mid.ssl());
            let failure = Failure::from_ssl_error(mid.error());
            (session, false, Some(failure), None)
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
        Err(HandshakeError::SetupFailure(e)) => return Err(tls::tls_setup_error(&e)),
    };
    let observed = probe.observed();
    if let Some(f) = failure.as_mut() {
        if f.alert_received.is_none() {
            f.alert_received = observed.alert_received.map(|(_, d)| d);
        }
    }

    let server = trust::check_server(
        &session.peer_chain,
        &opts.trust,
        &servername,
        opts.now,
        &target_report.address,
        &trust::ServerRevocationInput {
            mode: opts.revocation,
            staple: session.ocsp_staple.as_deref(),
            crl_dir: opts.revocation_crl_dir.clone(),
        },
        opts.strict,
    );
    let client_certificate =
        trust::client_report(opts.client.as_ref(), &observed, &opts.trust, opts.now);
    let exchange = verdict::Exchange {
        handshake_completed,
        tls13: session.tls.as_ref().is_some_and(|t| t.version == "TLSv1.3"),
        failure,
        alert_sent: observed.alert_sent.map(|(_, d)| d),
        requests_after_handshake: observed.requests_after_handshake,
        client_given: opts.client.is_some(),
        address: target_report.address.clone(),
        timeout: opts.timeout,
    };
    let mut outcome = verdict::decide(&exchange, &client_certificate, http.as_ref())?;
    if outcome
        .alert
        .as_ref()
        .is_some_and(|a| a.code == CERTIFICATE_REVOKED && a.from == AlertSender::Server)
    {
        if let Some(client) = &opts.client {
            outcome.explanation.push_str(&format!(
                "; certkit's own check of your certificate: {}",
                own_revocation(client, opts)
            ));
        }
    }
    // After the verdict, which reads the refusal recognised from the answer's text.
    if let Some(report) = http.as_mut() {
        if let Some((rejection, what)) = verdict::http_rejection(report, &client_certificate) {
            report.certificate_rejection = Some(rejection);
            report.explanation = Some(format!(
                "the web server refused the client certificate ({what}): see the outcome"
            ));
        }
    }
    Ok(ConnectReport {
        version: ConnectReport::VERSION,
        target: target_report,
        tls: session.tls,
        server,
        client_certificate,
        outcome,
        http,
    })
}

/// TLS alert certificate_revoked (RFC 5246 7.2.2).
const CERTIFICATE_REVOKED: u8 = 44;

/// Our own leaf's revocation status, in words, for the explanation of a `certificate_revoked`
/// alert: the path from the trust sources, then the revocation checker (hard mode, so that
/// a status that cannot be found is said as such).
fn own_revocation(client: &ClientIdentity, opts: &ConnectOptions) -> String {
    use crate::revocation::status::{Reason, State, Why};
    let mut sources = opts.trust.sources.clone();
    let origin = crate::verify::Origin::new(crate::verify::OriginKind::Input, &client.source);
    for c in client
        .intermediates
        .iter()
        .chain(&client.root)
        .chain(&client.others)
    {
        sources.add_untrusted(c.clone(), origin.clone());
    }
    let leaf = crate::verify::Entry {
        cert: client.leaf.clone(),
        origin,
        trusted: false,
    };
    let options = crate::verify::Options {
        at: opts.now,
        purpose: crate::verify::Purpose::Client,
        max_depth: crate::verify::DEFAULT_MAX_DEPTH,
        strict: opts.strict,
    };
    let outcome = crate::verify::build(leaf, &sources, &options);
    let mode = match opts.revocation {
        crate::revocation::status::Mode::Off => crate::revocation::status::Mode::Hard,
        m => m,
    };
    let local = crate::revocation::Local {
        crl_dir: opts.revocation_crl_dir.clone(),
        ..Default::default()
    };
    let (statuses, _) = crate::revocation::Checker::new(mode, opts.now, local)
        .check_path(&outcome.path[..outcome.path.len().min(2)]);
    match statuses.into_iter().next().flatten() {
        Some(s) if s.status == State::Revoked => format!(
            "revoked since {} (reason {}) according to {}",
            s.revoked_at
                .map(crate::ops::summary::rfc3339)
                .unwrap_or_else(|| "?".to_string()),
            s.reason.unwrap_or(Reason::Unspecified).as_str(),
            s.source.map(|x| x.location).unwrap_or_default()
        ),
        Some(s) if s.status == State::Good => format!(
            "good according to {} (the server may use an older or different list)",
            s.source.map(|x| x.location).unwrap_or_default()
        ),
        Some(s) => format!(
            "status unknown ({})",
            s.why.unwrap_or(Why::NoSource).as_str()
        ),
        None => "not checked (its issuer was not found)".to_string(),
    }
}

/// After a completed handshake: the HTTP exchange for a URL, or for TLS 1.3 a short wait for
/// the server's verdict on the client certificate (it arrives after the handshake).
fn after_handshake(
    stream: &mut SslStream<std::net::TcpStream>,
    opts: &ConnectOptions,
    probe: &Probe,
    servername: &str,
    handshake_time: Duration,
) -> (Option<Failure>, Option<HttpReport>) {
    let tls13 = stream.ssl().version_str() == "TLSv1.3";
    let observed = probe.observed();
    // In TLS 1.3 the verdict on a certificate sent in the handshake follows our Finished by
    // about one round trip; the handshake took one or two, so waiting twice that plus a margin
    // catches it (a loaded server is slow at both) without slowing every run. It is awaited
    // before an HTTP request too: a server that refuses closes at once, and a request racing
    // that close can make the kernel drop the alert before certkit reads it.
    if tls13 && observed.requests_in_handshake > 0 {
        let wait = (handshake_time * 2 + Duration::from_millis(300)).min(opts.timeout);
        let failure = tls::await_verdict(stream, wait);
        let _ = stream.get_ref().set_read_timeout(Some(opts.timeout));
        if failure.is_some() {
            let http = opts.target.path.as_ref().map(|path| HttpReport {
                request: format!("GET {path}"),
                status_line: None,
                status: None,
                explanation: Some("not sent: the server refused the certificate first".to_string()),
                certificate_rejection: None,
            });
            return (failure, http);
        }
    }
    match &opts.target.path {
        Some(path) => {
            let request = http::Request {
                servername,
                port: opts.target.port,
                path,
                timeout: opts.timeout,
            };
            let (failure, report) = http::exchange(stream, &request);
            (failure, Some(report))
        }
        None => (None, None),
    }
}
