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

use std::time::{Duration, Instant};

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
            let agent = self.agent(self.proxy.for_url(&current).map_err(fail)?, remaining);
            let sent = match method {
                Method::Get => agent.get(current.as_str()).call(),
                Method::Post { content_type, body } => agent
                    .post(current.as_str())
                    .header("Content-Type", content_type)
                    .send(body),
            };
            let mut response = sent.map_err(|e| fail(self.describe(e)))?;
            let status = response.status().as_u16();
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                if redirects == self.max_redirects {
                    return Err(fail(format!(
                        "more than {} redirects (last to {current})",
                        self.max_redirects
                    )));
                }
                redirects += 1;
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
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
                let from = if redirects > 0 {
                    format!(" (at {current})")
                } else {
                    String::new()
                };
                return Err(fail(format!("the server answered HTTP {status}{from}")));
            }
            return response
                .body_mut()
                .with_config()
                .limit(self.max_bytes as u64)
                .read_to_vec()
                .map_err(|e| fail(self.describe(e)));
        }
    }

    fn agent(&self, proxy: Option<ureq::Proxy>, remaining: Duration) -> ureq::Agent {
        ureq::Agent::config_builder()
            // Redirects and status codes are handled above, where the policy lives.
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .timeout_connect(Some(self.connect_timeout))
            .timeout_global(Some(remaining))
            .user_agent(format!("certkit/{}", env!("CARGO_PKG_VERSION")))
            .proxy(proxy)
            .build()
            .into()
    }

    fn describe(&self, err: ureq::Error) -> String {
        match err {
            ureq::Error::Timeout(_) => format!(
                "no answer in time (connect timeout {}, total {})",
                seconds(self.connect_timeout),
                seconds(self.timeout)
            ),
            ureq::Error::BodyExceedsLimit(_) => format!(
                "the answer is larger than {} bytes, more than such a download can be",
                self.max_bytes
            ),
            ureq::Error::HostNotFound => "the host name does not resolve".into(),
            ureq::Error::Io(e) => format!("cannot connect or read: {e}"),
            ureq::Error::ConnectionFailed => "cannot connect".into(),
            ureq::Error::Protocol(e) => format!("not a valid HTTP answer: {e}"),
            other => other.to_string(),
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
    fn for_url(&self, url: &Url) -> std::result::Result<Option<ureq::Proxy>, String> {
        let Some((name, value)) = &self.proxy else {
            return Ok(None);
        };
        if self.bypassed(url) {
            return Ok(None);
        }
        let refused =
            || format!("the proxy in {name} is not a valid http:// proxy URL (http://host:port)");
        let proxy = ureq::Proxy::new(value).map_err(|_| refused())?;
        // Built without TLS or SOCKS support: only a plain http proxy can work.
        if proxy.protocol() != ureq::ProxyProtocol::Http {
            return Err(refused());
        }
        Ok(Some(proxy))
    }

    /// Is the URL's host listed in NO_PROXY? The matching itself is ureq's (exact host,
    /// `.suffix`, `*`); a plain entry also covers its subdomains, as curl reads it.
    fn bypassed(&self, url: &Url) -> bool {
        if self.no_proxy.is_empty() {
            return false;
        }
        let Ok(uri) = url.as_str().parse::<ureq::http::Uri>() else {
            return false;
        };
        let mut matcher = ureq::Proxy::builder(ureq::ProxyProtocol::Http);
        for entry in &self.no_proxy {
            // An entry with a port ("host:8080") names the host.
            let host = match entry.rsplit_once(':') {
                Some((h, p)) if !h.contains(':') && p.parse::<u16>().is_ok() => h,
                _ => entry.as_str(),
            };
            matcher = matcher.no_proxy(host);
            if !host.starts_with(['.', '*']) {
                matcher = matcher.no_proxy(&format!(".{host}"));
            }
        }
        matcher.build().is_ok_and(|m| m.is_no_proxy(&uri))
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
}
