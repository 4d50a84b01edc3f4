//! `certkit connect`: arguments.

use std::path::PathBuf;

use clap::{ArgGroup, Args};

/// Connect to a TLS server presenting a client certificate and report what happens
#[derive(Debug, Args)]
#[command(
    long_about = "Connect to a TLS server presenting a client certificate and report what happens.\n\n\
certkit performs a real TLS handshake over TCP with the certificate, private key and chain read \
from any file certkit reads (a PFX directly), and reports: the server's certificate chain \
(subject, issuer, expiry, SHA-1 thumbprint) and whether it is trusted by the --ca anchors, the \
store's roots or the system store, checked by the same path engine as `verify-chain --purpose \
server` (the anchor reached, where it came from, every finding), with the host name check; whether the server asked for a client certificate and \
the CA names it accepts, and whether the chain certkit sends reaches one of them; which \
certificate and chain were sent; the outcome (accepted, or rejected with the server's TLS alert \
explained); the TLS version and cipher. With an https URL, certkit also sends an HTTP GET for \
the path and reports the status line: a 401 or 403 after a good handshake means the application \
refused the certificate. Web servers that check the certificate after the handshake and refuse it \
in their HTTP answer (nginx's 400 \"The SSL certificate error\" and \"No required SSL certificate \
was sent\", IIS 403.7 and 403.16, a 403 after the server asked for a certificate again) are \
reported as a rejection with its cause.\n\n\
TLS 1.2 and TLS 1.3 are supported, including TLS 1.3 post-handshake client authentication. In \
TLS 1.3 the server judges the client certificate after the handshake, so certkit waits briefly \
for its verdict (or for the HTTP response) before calling the certificate accepted.\n\n\
Without --cert no client certificate is sent: use this to see whether the server asks for one \
and which CAs it accepts. The root CA of the client chain is never sent, only the certificate \
and its intermediates.",
    group = ArgGroup::new("tls_version").multiple(false),
    after_help = "\
POSITIONAL ARGUMENTS:
  TARGET  HOST, HOST:PORT, [IPv6]:PORT, or https://HOST[:PORT]/PATH (port 443 by default)

EXAMPLES:
  certkit connect api.partner.example --cert client.pfx --password-env PFX_PASSWORD
  certkit connect https://api.partner.example/health --cert client.pfx --ca partner-root.cer
  certkit connect 10.0.0.5:8443 --servername api.internal --cert client.pem --key client.key
  certkit connect api.partner.example:443 --tls1.3 --json --cert client.pfx

EXIT CODES:
  0  the server accepted the certificate (and the HTTP status is below 400 for a URL)
  1  the server rejected the certificate, the HTTP status is 400 or more, no HTTP answer came,
     or the server's own certificate is not trusted (unless --insecure)
  2  error: unreachable server, timeout, not a TLS server, unreadable certificate or key"
)]
pub struct ConnectArgs {
    /// HOST[:PORT] or https://HOST[:PORT]/PATH
    #[arg(value_name = "TARGET")]
    pub target: String,

    /// Client certificate, with its key and chain (PFX, PEM, DER, PKCS#7); omit to send none
    #[arg(long, value_name = "IN")]
    pub cert: Option<String>,

    /// Private key file, when it is not in the --cert file
    #[arg(long, value_name = "KEYFILE", requires = "cert")]
    pub key: Option<String>,

    /// Trust anchors for the server's certificate (repeatable); the system store is used when
    /// none is given
    #[arg(long, value_name = "FILE")]
    pub ca: Vec<PathBuf>,

    /// Also trust the system's CA store when --ca is given
    #[arg(long)]
    pub system: bool,

    /// Do not trust the certificate store's roots (they are trusted by default)
    #[arg(long)]
    pub no_store: bool,

    /// Server name to send (SNI) and to check the server's certificate against (default: the
    /// host of TARGET)
    #[arg(long, value_name = "NAME")]
    pub servername: Option<String>,

    /// Give up connecting, and waiting for any answer, after DURATION (e.g. 10s, 500ms)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = super::inspect::parse_duration)]
    pub timeout: std::time::Duration,

    /// Use TLS 1.2 only
    #[arg(long = "tls1.2", group = "tls_version")]
    pub tls1_2: bool,

    /// Use TLS 1.3 only
    #[arg(long = "tls1.3", group = "tls_version")]
    pub tls1_3: bool,

    /// Check the server chain's revocation (stapled OCSP first): off, soft or hard
    #[arg(long, value_enum, value_name = "MODE", default_value = "soft")]
    pub revocation: super::verify_chain::RevocationArg,

    /// Also fail on findings in the server's chain that only RFC 5280 or CA/Browser Forum
    /// profiles require (see verify-chain --strict); by default they are warnings
    #[arg(long)]
    pub strict: bool,

    /// Do not count an untrusted server certificate as a failure (it is still reported)
    #[arg(long)]
    pub insecure: bool,

    /// Evaluate validity at this time instead of now (RFC 3339)
    #[arg(long, value_name = "TIME", hide = true, env = "CERTKIT_NOW")]
    pub now: Option<String>,
}
