//! The TLS layer of `connect`: the TCP connection with its timeouts, the OpenSSL client
//! context (the client certificate, pinned versions, the [`probe`](super::probe) callbacks),
//! what a session showed, how a failed read or handshake is classified, and the short wait
//! for the server's TLS 1.3 verdict. Knows nothing of HTTP, trust or verdicts.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use openssl::error::ErrorStack;
use openssl::ssl::{
    ErrorCode, SslAlert, SslContext, SslContextBuilder, SslMethod, SslMode, SslRef, SslStream,
    SslVerifyMode, SslVersion,
};
use openssl::x509::X509;

use super::identity::ClientIdentity;
use super::probe::{self, Probe};
use super::report::TlsReport;
use super::target::Target;
use crate::error::{Error, ErrorKind, Result};

/// The TLS versions a user can pin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsVersion {
    Tls12,
    Tls13,
}

/// What the TLS session told us, read while the SSL object was alive.
pub struct Session {
    pub tls: Option<TlsReport>,
    pub peer_chain: Vec<X509>,
    /// The OCSP response the server stapled (DER), when it sent one.
    pub ocsp_staple: Option<Vec<u8>>,
}

impl Session {
    pub fn from_ssl(ssl: &SslRef) -> Session {
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
        let ocsp_staple = ssl.ocsp_status().map(<[u8]>::to_vec);
        Session {
            tls,
            peer_chain,
            ocsp_staple,
        }
    }
}

/// How the exchange failed after (or during) the TLS handshake.
#[derive(Debug, Clone, Default)]
pub struct Failure {
    /// Alert description received from the server.
    pub alert_received: Option<u8>,
    /// The peer closed the connection without an alert.
    pub closed: bool,
    /// Nothing arrived before the timeout.
    pub timed_out: bool,
    /// OpenSSL's words, for messages when nothing better is known.
    pub detail: String,
}

impl Failure {
    pub fn from_ssl_error(e: &openssl::ssl::Error) -> Failure {
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

pub fn tcp_connect(target: &Target, timeout: Duration) -> Result<TcpStream> {
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

pub fn set_timeouts(tcp: &TcpStream, timeout: Duration) -> Result<()> {
    tcp.set_read_timeout(Some(timeout))
        .and_then(|_| tcp.set_write_timeout(Some(timeout)))
        .map_err(|e| {
            Error::new(
                ErrorKind::Network,
                format!("cannot set socket timeouts: {e}"),
            )
        })
}

pub fn tls_setup_error(e: &ErrorStack) -> Error {
    Error::new(
        ErrorKind::Network,
        format!("OpenSSL refused the TLS configuration: {e}"),
    )
}

/// The client context: no server verification during the handshake (see below), the versions
/// allowed, the client certificate with exactly its configured chain, and the probe.
pub fn build_context(
    client: Option<&ClientIdentity>,
    version: Option<TlsVersion>,
    probe: &Arc<Probe>,
) -> Result<SslContext, ErrorStack> {
    let mut builder: SslContextBuilder = SslContext::builder(SslMethod::tls_client())?;
    // The server's chain is checked by `trust::check_server`, after the handshake: stopping the
    // handshake on an untrusted server would hide the client-certificate outcome.
    builder.set_verify(SslVerifyMode::NONE);
    let (min, max) = match version {
        Some(TlsVersion::Tls12) => (SslVersion::TLS1_2, SslVersion::TLS1_2),
        Some(TlsVersion::Tls13) => (SslVersion::TLS1_3, SslVersion::TLS1_3),
        None => (SslVersion::TLS1_2, SslVersion::TLS1_3),
    };
    builder.set_min_proto_version(Some(min))?;
    builder.set_max_proto_version(Some(max))?;
    // Send exactly the chain given, never one OpenSSL assembles from a store.
    builder.set_mode(SslMode::NO_AUTO_CHAIN);
    if let Some(client) = client {
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

/// Reads until the server objects, sends something, closes, or `wait` passes in silence.
pub fn await_verdict(stream: &mut SslStream<TcpStream>, wait: Duration) -> Option<Failure> {
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
