//! Plain-`http://` GET and POST for AIA "CA Issuers" certificates, CRLs and OCSP requests.
//!
//! Those URLs are http by design: what comes back is signed and checked afterwards, and https
//! would need the very chain being built. The transport is `ureq` built without TLS (every
//! resolved address is tried; chunked and length-delimited bodies are read); this module adds
//! the policy:
//! - only `http://` URLs, also as a redirect target (`https:`, `file:` and the rest refused);
//! - at most [`DEFAULT_MAX_REDIRECTS`] redirects, a relative `Location` resolved against the
//!   URL that answered;
//! - a connect timeout and a total timeout that covers every redirect and the body;
//! - a size cap on the body ([`DEFAULT_MAX_BYTES`], changeable per call);
//! - the proxy from `http_proxy` / `HTTP_PROXY` (else `all_proxy` / `ALL_PROXY`), bypassed for
//!   the hosts in `no_proxy` / `NO_PROXY` (`example.com` covers its subdomains too, as in curl).
//!   A proxied request is sent to the proxy in absolute form (`GET http://host/path`), as
//!   RFC 9112 section 3.2.2 asks, never as a `CONNECT host:80` tunnel (which Squid refuses by
//!   default); the proxy's `user:password` goes in `Proxy-Authorization: Basic`.

use std::io::Read;
use std::time::{Duration, Instant};

use base64::prelude::{Engine, BASE64_STANDARD};
use url::Url;

use crate::error::{Error, ErrorKind, Result};

/// Default cap on a response body: a certificate, a CA's CRL or an OCSP answer fits easily.
pub const DEFAULT_MAX_BYTES: usize = 1024 * 1024;
/// Default time allowed to open the TCP connection (to the server or the proxy).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time allowed for the whole exchange, redirects and body included.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Default number of redirects followed before giving up.
pub const DEFAULT_MAX_REDIRECTS: usize = 5;

/// Proxy variables for http URLs, most specific first (curl's order).
const PROXY_VARIABLES: [&str; 4] = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"];
const NO_PROXY_VARIABLES: [&str; 2] = ["no_proxy", "NO_PROXY"];

/// The limits and proxy of a fetch; [`Client::new`] gives the defaults.
#[derive(Clone)]
pub struct Client {
    max_bytes: usize,
    connect_timeout: Duration,
    timeout: Duration,
    max_redirects: usize,
    proxy: ProxySetting,
}

impl Default for Client {
    fn default() -> Client {
        Client {
            max_bytes: DEFAULT_MAX_BYTES,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            proxy: ProxySetting::from_env(),
        }
    }
}

/// GET `url` with the default limits; the body on a 2xx answer.
pub fn get(url: &str) -> Result<Vec<u8>> {
    Client::new().get(url)
}

/// POST `body` as `content_type` to `url` with the default limits (OCSP); the answer's body.
pub fn post(url: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>> {
    Client::new().post(url, content_type, body)
}

#[derive(Clone, Copy)]
enum Method<'a> {
    Get,
    Post {
        content_type: &'a str,
        body: &'a [u8],
    },
}

impl Client {
    /// The default limits, and the proxy from the environment as it is now.
    pub fn new() -> Client {
        Client::default()
    }

    /// Connect directly, whatever the proxy variables say.
    pub fn direct(mut self) -> Client {
        self.proxy = ProxySetting::default();
        self
    }

    /// Refuse bodies larger than `bytes`.
    pub fn max_bytes(mut self, bytes: usize) -> Client {
        self.max_bytes = bytes;
        self
    }

    /// Time allowed to open each connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Client {
        self.connect_timeout = timeout;
        self
    }

    /// Time allowed for the whole fetch, redirects and body included.
    pub fn timeout(mut self, timeout: Duration) -> Client {
        self.timeout = timeout;
        self
    }

    /// Follow at most `redirects` redirects.
    pub fn max_redirects(mut self, redirects: usize) -> Client {
        self.max_redirects = redirects;
        self
    }

    /// GET `url`; the body on a 2xx answer.
    pub fn get(&self, url: &str) -> Result<Vec<u8>> {
        self.fetch(url, Method::Get)
    }

    /// POST `body` as `content_type` to `url`; the body of a 2xx answer.
    pub fn post(&self, url: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>> {
        self.fetch(url, Method::Post { content_type, body })
    }

    fn fetch(&self, url: &str, mut method: Method) -> Result<Vec<u8>> {
        // Every message starts with the URL the caller asked for, the one the user sees.
        let fail = |what: String| Error::new(ErrorKind::Network, format!("{url}: {what}"));
        let mut current = http_url(url).map_err(fail)?;
        let deadline = Instant::now() + self.timeout;
        let mut redirects = 0;
        loop {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(fail(format!(
                    "no complete answer within {}",
                    seconds(self.timeout)
                )));
            }
            let proxy = self.proxy.for_url(&current).map_err(fail)?;
            let agent = self.agent(proxy.as_ref(), remaining);
            let request = match method {
                Method::Get => agent.get(current.as_str()),
                Method::Post { content_type, .. } => agent
                    .post(current.as_str())
                    .set("Content-Type", content_type),
            };
            let request = match &proxy {
                Some(HttpProxy {
                    authorization: Some(credentials),
                    ..
                }) => request.set("Proxy-Authorization", credentials),
                _ => request,
            };
            let sent = match method {
                Method::Get => request.call(),
                Method::Post { body, .. } => request.send_bytes(body),
            };
            let response = match sent {
                Ok(response) => response,
                Err(ureq::Error::Status(status, _)) => {
                    return Err(fail(self.refused_status(status, redirects, &current)))
                }
                Err(ureq::Error::Transport(e)) => {
                    return Err(fail(self.describe(&e, proxy.as_ref())))
                }
            };
            let status = response.status();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                if redirects == self.max_redirects {
                    return Err(fail(format!(
                        "more than {} redirects (last to {current})",
                        self.max_redirects
                    )));
                }
                redirects += 1;
                let location = response
                    .header("location")
                    .ok_or_else(|| fail(format!("HTTP {status} redirect without a Location")))?;
                let next = current
                    .join(location)
                    .map_err(|_| fail(format!("redirected to an invalid URL: {location}")))?;
                current = http_url(next.as_str())
                    .map_err(|why| fail(format!("redirected to {next}: {why}")))?;
                // As browsers do: 301/302/303 turn a POST into a GET, 307/308 repeat it.
                if matches!(status, 301..=303) {
                    method = Method::Get;
                }
                continue;
            }
            if !(200..300).contains(&status) {
                return Err(fail(self.refused_status(status, redirects, &current)));
            }
            return self.read_body(response).map_err(fail);
        }
    }

    /// A new agent for each request: the proxy and the time left differ from one to the next.
    fn agent(&self, proxy: Option<&HttpProxy>, remaining: Duration) -> ureq::Agent {
        let builder = ureq::AgentBuilder::new()
            // Redirects are followed above, where the policy lives.
            .redirects(0)
            .timeout_connect(self.connect_timeout.min(remaining))
            .timeout(remaining)
            .user_agent(&format!("certkit/{}", env!("CARGO_PKG_VERSION")));
        match proxy {
            // ureq 2 sends a plain-http request to an http proxy in absolute form
            // (`GET http://host/path`, RFC 9112 section 3.2.2), not through a CONNECT tunnel
            // to port 80, which proxies such as Squid refuse by default.
            Some(proxy) => builder.proxy(proxy.address.clone()),
            None => builder,
        }
        .build()
    }

    /// The body, up to the size cap (chunked or length-delimited: ureq reads both).
    fn read_body(&self, response: ureq::Response) -> std::result::Result<Vec<u8>, String> {
        let mut body = Vec::new();
        // One byte more than allowed tells a body at the cap from one over it.
        response
            .into_reader()
            .take(self.max_bytes as u64 + 1)
            .read_to_end(&mut body)
            .map_err(|e| self.describe_io(&e))?;
        if body.len() > self.max_bytes {
            return Err(format!(
                "the answer is larger than {} bytes, more than such a download can be",
                self.max_bytes
            ));
        }
        Ok(body)
    }

    fn refused_status(&self, status: u16, redirects: usize, at: &Url) -> String {
        let from = if redirects > 0 {
            format!(" (at {at})")
        } else {
            String::new()
        };
        format!("the server answered HTTP {status}{from}")
    }

    fn timed_out(&self) -> String {
        format!(
            "no answer in time (connect timeout {}, total {})",
            seconds(self.connect_timeout),
            seconds(self.timeout)
        )
    }

    fn describe_io(&self, e: &std::io::Error) -> String {
        match e.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => self.timed_out(),
            _ => format!("cannot connect or read: {e}"),
        }
    }

    /// One line for a transport failure; name resolution and connecting concern the proxy
    /// when there is one, and the line says so.
    fn describe(&self, err: &ureq::Transport, proxy: Option<&HttpProxy>) -> String {
        // A timeout, while connecting or reading, shows as an io error somewhere in the chain.
        let mut source = std::error::Error::source(err);
        while let Some(cause) = source {
            if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
                ) {
                    return self.timed_out();
                }
            }
            source = cause.source();
        }
        let via = proxy.map_or(String::new(), |p| {
            format!(" (the proxy from {})", p.variable)
        });
        match err.kind() {
            ureq::ErrorKind::Dns => format!("the host name does not resolve{via}"),
            ureq::ErrorKind::ConnectionFailed => match std::error::Error::source(err) {
                Some(cause) => format!("cannot connect{via}: {cause}"),
                None => format!("cannot connect{via}"),
            },
            ureq::ErrorKind::Io => match std::error::Error::source(err) {
                Some(cause) => format!("cannot connect or read: {cause}"),
                None => "cannot connect or read".into(),
            },
            ureq::ErrorKind::BadStatus | ureq::ErrorKind::BadHeader | ureq::ErrorKind::HTTP => {
                format!("not a valid HTTP answer: {}", err.message().unwrap_or(""))
            }
            _ => err.to_string(),
        }
    }
}

fn seconds(d: Duration) -> String {
    format!("{}s", d.as_secs_f64())
}

/// `text` as an `http://` URL with a host, or why it is refused.
fn http_url(text: &str) -> std::result::Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("not a valid URL ({e})"))?;
    if url.scheme() != "http" {
        return Err(format!(
            "only http:// URLs are fetched, not \"{}:\" ones (CAs publish these files over plain http; what is downloaded is checked by its signature)",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the URL has no host".into());
    }
    Ok(url)
}

/// The proxy configured in the environment.
#[derive(Clone, Default)]
struct ProxySetting {
    /// The variable it came from and its value (which may hold credentials: never printed).
    proxy: Option<(&'static str, String)>,
    no_proxy: Vec<String>,
}

impl ProxySetting {
    fn from_env() -> ProxySetting {
        let value = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let proxy = PROXY_VARIABLES
            .iter()
            .find_map(|&name| value(name).map(|v| (name, v.trim().to_string())));
        let no_proxy = NO_PROXY_VARIABLES
            .iter()
            .find_map(|&name| value(name))
            .map(|v| {
                v.split(',')
                    .map(|e| e.trim().to_ascii_lowercase())
                    .filter(|e| !e.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        ProxySetting { proxy, no_proxy }
    }

    /// The proxy to use for `url`, if any.
    fn for_url(&self, url: &Url) -> std::result::Result<Option<HttpProxy>, String> {
        let Some((name, value)) = &self.proxy else {
            return Ok(None);
        };
        if self.bypassed(url) {
            return Ok(None);
        }
        HttpProxy::parse(name, value).map(Some).ok_or_else(|| {
            format!("the proxy in {name} is not a valid http:// proxy URL (http://host:port)")
        })
    }

    /// Is the URL's host listed in NO_PROXY? `*` covers every host, `.example.com` its
    /// subdomains, and a plain entry the host and its subdomains, as curl reads it.
    fn bypassed(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        self.no_proxy.iter().any(|entry| {
            // An entry with a port ("host:8080") names the host.
            let entry = match entry.rsplit_once(':') {
                Some((h, p)) if !h.contains(':') && p.parse::<u16>().is_ok() => h,
                _ => entry.as_str(),
            };
            let entry = entry.trim_start_matches('[').trim_end_matches(']');
            if entry == "*" {
                return true;
            }
            let domain = entry.trim_start_matches('*').trim_start_matches('.');
            !domain.is_empty()
                && (host == domain
                    || host
                        .strip_suffix(domain)
                        .is_some_and(|rest| rest.ends_with('.')))
        })
    }
}

/// A plain-http proxy: where to connect, and the `Proxy-Authorization` value for its
/// credentials (the header is added to each request: ureq 2 sends it only with CONNECT).
struct HttpProxy {
    /// The environment variable it came from, the name error messages use.
    variable: &'static str,
    address: ureq::Proxy,
    /// `Basic base64(user:password)`; a secret, never printed.
    authorization: Option<String>,
}

impl std::fmt::Debug for HttpProxy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The credentials stay out of any debug output.
        f.debug_struct("HttpProxy")
            .field("variable", &self.variable)
            .field("address", &self.address)
            .field("authorization", &self.authorization.as_ref().map(|_| "***"))
            .finish()
    }
}

impl HttpProxy {
    /// `http://[user:password@]host[:port]` (scheme optional, as curl takes it); `None` for
    /// anything else (SOCKS, https: ureq is built without them).
    fn parse(variable: &'static str, value: &str) -> Option<HttpProxy> {
        let with_scheme = if value.contains("://") {
            value.to_string()
        } else {
            format!("http://{value}")
        };
        let url = Url::parse(&with_scheme).ok()?;
        if url.scheme() != "http" || url.host_str().is_none_or(str::is_empty) {
            return None;
        }
        let host = url.host_str()?;
        let port = url.port_or_known_default()?;
        let address = ureq::Proxy::new(format!("http://{host}:{port}")).ok()?;
        let decode = |text: &str| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8_lossy()
                .into_owned()
        };
        let authorization = (!url.username().is_empty()).then(|| {
            let user = decode(url.username());
            let password = decode(url.password().unwrap_or(""));
            format!(
                "Basic {}",
                BASE64_STANDARD.encode(format!("{user}:{password}"))
            )
        });
        Some(HttpProxy {
            variable,
            address,
            authorization,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_a_host_are_fetched() {
        assert!(http_url("http://ca.example/ca.cer").is_ok());
        for refused in [
            "https://ca.example/ca.cer",
            "file:///etc/passwd",
            "ftp://ca.example/ca.cer",
            "ldap://ca.example/cn=CA",
            "not a url",
        ] {
            assert!(http_url(refused).is_err(), "{refused} must be refused");
        }
        let why = http_url("file:///etc/passwd").unwrap_err();
        assert!(why.contains("only http://"), "{why}");
    }

    fn setting(no_proxy: &[&str]) -> ProxySetting {
        ProxySetting {
            proxy: Some(("http_proxy", "http://127.0.0.1:3128".into())),
            no_proxy: no_proxy.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn no_proxy_entries_cover_the_host_and_its_subdomains() {
        let url = |u: &str| Url::parse(u).unwrap();
        let s = setting(&["example.com", "10.0.0.1", "internal.test:8080"]);
        assert!(s.bypassed(&url("http://example.com/a")));
        assert!(s.bypassed(&url("http://ca.example.com/a")));
        assert!(!s.bypassed(&url("http://badexample.com/a")));
        assert!(s.bypassed(&url("http://10.0.0.1:8080/a")));
        assert!(s.bypassed(&url("http://internal.test/a")));
        assert!(!s.bypassed(&url("http://other.test/a")));
        assert!(setting(&["*"]).bypassed(&url("http://anything.test/")));
        assert!(setting(&[])
            .for_url(&url("http://a.test/"))
            .unwrap()
            .is_some());
        assert!(s.for_url(&url("http://example.com/")).unwrap().is_none());
    }

    #[test]
    fn a_proxy_that_is_not_plain_http_is_refused_without_showing_it() {
        let s = ProxySetting {
            proxy: Some(("HTTP_PROXY", "socks5://user:secret@proxy.test".into())),
            no_proxy: Vec::new(),
        };
        let why = s
            .for_url(&Url::parse("http://a.test/").unwrap())
            .unwrap_err();
        assert!(
            why.contains("HTTP_PROXY") && !why.contains("secret"),
            "{why}"
        );
    }

    #[test]
    fn proxy_credentials_become_a_basic_proxy_authorization() {
        let proxy = HttpProxy::parse("http_proxy", "http://us%40er:p%3Ass@127.0.0.1:3128").unwrap();
        // base64("us@er:p:ss")
        assert_eq!(
            proxy.authorization.as_deref(),
            Some("Basic dXNAZXI6cDpzcw==")
        );
        assert!(!format!("{proxy:?}").contains("dXNA"));
        assert!(HttpProxy::parse("http_proxy", "proxy.test:8080")
            .unwrap()
            .authorization
            .is_none());
        assert!(HttpProxy::parse("http_proxy", "https://proxy.test").is_none());
    }
}
