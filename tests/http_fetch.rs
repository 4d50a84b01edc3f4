//! The plain-http client behind `--fetch-aia` (and later CRL and OCSP fetches), against tiny
//! HTTP servers and a proxy run by the test on 127.0.0.1: redirects, chunked bodies, the size
//! cap, timeouts, refused schemes, and the proxy variables through the real binary (a proxy
//! that refuses CONNECT and forwards absolute-form requests, as Squid does by default).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use certkit::net::http::Client;
use certkit::ops::verify_chain::VerifyReport;
use common::{Env, Spec};

/// One request as the server saw it: the request line, headers (lowercase names) and body.
#[derive(Debug, Clone)]
struct Request {
    line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn path(&self) -> &str {
        self.line.split(' ').nth(1).unwrap_or("")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    if line.is_empty() {
        return None;
    }
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        line: line.trim_end().to_string(),
        headers,
        body,
    })
}

/// An HTTP server on 127.0.0.1 answering each request with `respond(request, port)` (the raw
/// bytes of the answer), one request per connection; it records every request.
struct Server {
    port: u16,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl Server {
    fn start(respond: impl Fn(&Request, u16) -> Vec<u8> + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                if let Some(request) = read_request(&mut reader) {
                    let answer = respond(&request, port);
                    log.lock().unwrap().push(request);
                    let mut stream = stream;
                    // The client may hang up first (size cap): not the server's problem.
                    let _ = stream.write_all(&answer);
                }
            }
        });
        Server { port, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn paths(&self) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        seen.iter().map(|r| r.path().to_string()).collect()
    }
}

fn ok(body: &[u8]) -> Vec<u8> {
    let mut a = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    a.extend_from_slice(body);
    a
}

fn redirect(status: u16, location: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        .into_bytes()
}

/// The test server's routes.
fn routes(r: &Request, port: u16) -> Vec<u8> {
    match r.path() {
        "/ca.cer" => ok(b"the certificate"),
        "/dir/relative" => redirect(302, "../ca.cer"),
        "/absolute" => redirect(301, &format!("http://127.0.0.1:{port}/dir/relative")),
        "/loop" => redirect(302, "/loop"),
        "/to-https" => redirect(302, &format!("https://127.0.0.1:{port}/ca.cer")),
        "/to-file" => redirect(307, "file:///etc/passwd"),
        "/chunked" => b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n4\r\nthe \r\nb\r\ncertificate\r\n0\r\n\r\n".to_vec(),
        "/big" => ok(&vec![b'x'; 1024 * 1024 + 1]),
        "/exactly-1-mib" => ok(&vec![b'x'; 1024 * 1024]),
        "/ocsp" => {
            let mut echoed = r.header("content-type").unwrap_or("").as_bytes().to_vec();
            echoed.push(b' ');
            echoed.extend_from_slice(&r.body);
            ok(&echoed)
        }
        "/ocsp-moved" => redirect(307, "/ocsp"),
        _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
    }
}

fn client() -> Client {
    Client::new().direct()
}

#[test]
fn relative_and_absolute_redirects_are_followed() {
    let server = Server::start(routes);
    assert_eq!(
        client().get(&server.url("/ca.cer")).unwrap(),
        b"the certificate"
    );
    // 301 to an absolute URL, then 302 to "../ca.cer" relative to /dir/relative.
    assert_eq!(
        client().get(&server.url("/absolute")).unwrap(),
        b"the certificate"
    );
    assert_eq!(
        server.paths(),
        ["/ca.cer", "/absolute", "/dir/relative", "/ca.cer"]
    );
    // The same with no redirect allowed: refused, and the message says why.
    let err = client()
        .max_redirects(0)
        .get(&server.url("/absolute"))
        .unwrap_err();
    assert!(err.message.contains("more than 0 redirects"), "{err}");
}

#[test]
fn a_redirect_loop_stops_at_the_limit() {
    let server = Server::start(routes);
    let err = client().get(&server.url("/loop")).unwrap_err();
    assert_eq!(err.kind, certkit::error::ErrorKind::Network);
    assert!(err.message.contains("more than 5 redirects"), "{err}");
    // The first request and five redirects, no more.
    assert_eq!(server.paths().len(), 6);
}

#[test]
fn a_chunked_body_is_read() {
    let server = Server::start(routes);
    assert_eq!(
        client().get(&server.url("/chunked")).unwrap(),
        b"the certificate"
    );
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let server = Server::start(routes);
    let err = client().get(&server.url("/big")).unwrap_err();
    assert!(err.message.contains("larger than 1048576 bytes"), "{err}");
    assert_eq!(
        client().get(&server.url("/exactly-1-mib")).unwrap().len(),
        1024 * 1024
    );
    let err = client()
        .max_bytes(10)
        .get(&server.url("/ca.cer"))
        .unwrap_err();
    assert!(err.message.contains("larger than 10 bytes"), "{err}");
}

#[test]
fn a_server_that_never_answers_times_out() {
    // Connections are accepted by the kernel (backlog) but nobody ever reads or answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "http://127.0.0.1:{}/ca.cer",
        silent.local_addr().unwrap().port()
    );
    let err = client()
        .timeout(Duration::from_millis(500))
        .get(&url)
        .unwrap_err();
    assert!(err.message.contains("no answer in time"), "{err}");
    drop(silent);
}

#[test]
fn only_http_is_fetched_also_after_a_redirect() {
    let server = Server::start(routes);
    for url in [
        "https://127.0.0.1/ca.cer",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
    ] {
        let err = client().get(url).unwrap_err();
        assert!(err.message.contains("only http:// URLs"), "{url}: {err}");
    }
    for path in ["/to-https", "/to-file"] {
        let err = client().get(&server.url(path)).unwrap_err();
        assert!(
            err.message.contains("redirected to") && err.message.contains("only http:// URLs"),
            "{path}: {err}"
        );
    }
    // The refused targets were never contacted: only the two redirecting requests arrived.
    assert_eq!(server.paths(), ["/to-https", "/to-file"]);
    let err = client().get(&server.url("/missing")).unwrap_err();
    assert!(err.message.contains("HTTP 404"), "{err}");
}

#[test]
fn post_sends_the_body_with_its_content_type() {
    let server = Server::start(routes);
    let answer = client()
        .post(&server.url("/ocsp"), "application/ocsp-request", b"request")
        .unwrap();
    assert_eq!(answer, b"application/ocsp-request request");
    // A 307 repeats the POST at the new place.
    let answer = client()
        .post(
            &server.url("/ocsp-moved"),
            "application/ocsp-request",
            b"again",
        )
        .unwrap();
    assert_eq!(answer, b"application/ocsp-request again");
}

/// A forwarding proxy on 127.0.0.1, set up as Squid is by default: `CONNECT` (to port 80 or
/// any other) is refused with 403, and a request in absolute form (`GET http://host:port/path`)
/// is forwarded to the origin in origin form, its answer relayed back. The proxy has its own
/// name table, `hosts` (name -> address), so a name the test machine cannot resolve is
/// reachable only through it. Every request it receives is recorded.
fn start_forwarding_proxy(hosts: &[(&str, &str)]) -> Server {
    let hosts: Vec<(String, String)> = hosts
        .iter()
        .map(|(name, address)| (name.to_string(), address.to_string()))
        .collect();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut stream = stream;
            let Some(request) = read_request(&mut reader) else {
                continue;
            };
            log.lock().unwrap().push(request.clone());
            let answer = forward(&request, &hosts).unwrap_or_else(|| {
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
            });
            let _ = stream.write_all(&answer);
        }
    });
    Server { port, seen }
}

/// The origin's raw answer to an absolute-form `request`, or `None` for anything the proxy
/// refuses (CONNECT, an origin-form target).
fn forward(request: &Request, hosts: &[(String, String)]) -> Option<Vec<u8>> {
    let mut parts = request.line.split(' ');
    let (method, target) = (parts.next()?, parts.next()?);
    let rest = target.strip_prefix("http://")?;
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host, port) = authority.rsplit_once(':').unwrap_or((authority, "80"));
    let address = hosts
        .iter()
        .find(|(name, _)| name == host)
        .map_or(host, |(_, address)| address.as_str());
    let mut origin = TcpStream::connect(format!("{address}:{port}")).ok()?;
    let path = if path.is_empty() { "/" } else { path };
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in &request.headers {
        // Hop-by-hop headers meant for the proxy stay with it.
        if !["proxy-authorization", "proxy-connection", "connection"].contains(&name.as_str()) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    origin.write_all(head.as_bytes()).ok()?;
    origin.write_all(&request.body).ok()?;
    let mut answer = Vec::new();
    origin.read_to_end(&mut answer).ok()?;
    Some(answer)
}

/// A leaf whose intermediate is only reachable at `url` (its AIA CA Issuers), with the root
/// file and the intermediate's DER.
fn chain_with_aia(env: &Env, url: &str) -> (String, String, Vec<u8>) {
    let root = env.issue("root", "Proxy Root CA", None, &Spec::ca());
    let intermediate = env.issue("intermediate", "Proxy Issuing CA", Some(&root), &Spec::ca());
    let mut spec = Spec::client();
    spec.extensions
        .push_str(&format!("authorityInfoAccess=caIssuers;URI:{url}\n"));
    let leaf = env.issue("client", "client.example.com", Some(&intermediate), &spec);
    env.to_der(&intermediate.cert, "intermediate.der");
    let der = env.read("intermediate.der");
    (
        leaf.cert.display().to_string(),
        root.cert.display().to_string(),
        der,
    )
}

fn verify_with_env(env: &Env, leaf: &str, root: &str, vars: &[(&str, String)]) -> VerifyReport {
    let (report, _) = verify_with_env_output(env, leaf, root, vars);
    report
}

/// The report and everything the command printed (stdout and stderr).
fn verify_with_env_output(
    env: &Env,
    leaf: &str,
    root: &str,
    vars: &[(&str, String)],
) -> (VerifyReport, String) {
    let mut cmd = env.certkit();
    cmd.args(["--json", "verify-chain", leaf, "--ca", root, "--fetch-aia"]);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not a report ({e}): {printed}"));
    (report, printed)
}

/// An origin on 127.0.0.1 serving whatever `served` holds (set once the chain is issued).
fn start_origin(served: Arc<Mutex<Vec<u8>>>) -> Server {
    Server::start(move |_, _| ok(&served.lock().unwrap()))
}

#[test]
fn fetch_aia_goes_through_the_proxy_from_the_environment_in_absolute_form() {
    let env = Env::new();
    let served = Arc::new(Mutex::new(Vec::new()));
    let origin = start_origin(served.clone());
    // A host that does not resolve: only the proxy, with its own name table, can reach it.
    let url = format!(
        "http://aia.certkit.invalid:{}/issuing-ca.cer?v=1",
        origin.port
    );
    let (leaf, root, der) = chain_with_aia(&env, &url);
    *served.lock().unwrap() = der;
    let proxy = start_forwarding_proxy(&[("aia.certkit.invalid", "127.0.0.1")]);
    let (report, printed) = verify_with_env_output(
        &env,
        &leaf,
        &root,
        &[(
            "HTTP_PROXY",
            format!("http://proxy%40user:s3cret-pw@127.0.0.1:{}", proxy.port),
        )],
    );
    assert!(report.fetched[0].ok, "{:?}", report.fetched);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    // One request to the proxy, in absolute form (RFC 9112 section 3.2.2): no CONNECT tunnel,
    // which this proxy (like Squid by default) would have refused with 403.
    let seen = proxy.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        seen[0].line,
        format!(
            "GET http://aia.certkit.invalid:{}/issuing-ca.cer?v=1 HTTP/1.1",
            origin.port
        )
    );
    assert_eq!(
        seen[0].header("host"),
        Some(format!("aia.certkit.invalid:{}", origin.port).as_str())
    );
    // The proxy URL's credentials, percent-decoded, as Basic: base64("proxy@user:s3cret-pw").
    assert_eq!(
        seen[0].header("proxy-authorization"),
        Some("Basic cHJveHlAdXNlcjpzM2NyZXQtcHc=")
    );
    assert!(!printed.contains("s3cret"), "{printed}");
    // The origin got the request from the proxy, in origin form.
    assert_eq!(origin.paths(), ["/issuing-ca.cer?v=1"]);
}

#[test]
fn a_proxy_refusing_connect_is_not_asked_for_a_tunnel() {
    // The proxy refuses CONNECT: a client tunnelling http through it fails here.
    let proxy = start_forwarding_proxy(&[]);
    let mut connect = TcpStream::connect(("127.0.0.1", proxy.port)).unwrap();
    connect
        .write_all(b"CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    BufReader::new(connect).read_line(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    // The same proxy carries certkit's fetch of an intermediate end to end.
    let env = Env::new();
    let served = Arc::new(Mutex::new(Vec::new()));
    let origin = start_origin(served.clone());
    let url = format!("http://ca.certkit.invalid:{}/issuing-ca.cer", origin.port);
    let (leaf, root, der) = chain_with_aia(&env, &url);
    *served.lock().unwrap() = der;
    let proxy = start_forwarding_proxy(&[("ca.certkit.invalid", "127.0.0.1")]);
    let report = verify_with_env(
        &env,
        &leaf,
        &root,
        &[("http_proxy", format!("127.0.0.1:{}", proxy.port))],
    );
    assert!(report.fetched[0].ok, "{:?}", report.fetched);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let seen = proxy.seen.lock().unwrap().clone();
    assert!(
        seen.iter().all(|r| !r.line.starts_with("CONNECT")),
        "{seen:?}"
    );
    assert_eq!(origin.paths(), ["/issuing-ca.cer"]);
}

#[test]
fn no_proxy_sends_the_listed_hosts_around_the_proxy() {
    // The origin serves the intermediate, which exists only once the URL (with the
    // origin's port) is in the leaf: hand it over after issuing.
    let env = Env::new();
    let served = Arc::new(Mutex::new(Vec::new()));
    let origin = start_origin(served.clone());
    let url = origin.url("/issuing-ca.cer");
    let (leaf, root, der) = chain_with_aia(&env, &url);
    *served.lock().unwrap() = der;
    let proxy = start_forwarding_proxy(&[]);
    let report = verify_with_env(
        &env,
        &leaf,
        &root,
        &[
            ("http_proxy", format!("http://127.0.0.1:{}", proxy.port)),
            ("NO_PROXY", "localhost,127.0.0.1".into()),
        ],
    );
    assert!(report.fetched[0].ok, "{:?}", report.fetched);
    assert!(proxy.seen.lock().unwrap().is_empty());
    assert_eq!(origin.paths(), ["/issuing-ca.cer"]);
}

#[test]
fn an_unreachable_proxy_is_named_by_its_variable_never_by_its_credentials() {
    let env = Env::new();
    let (leaf, root, _) = chain_with_aia(&env, "http://aia.certkit.invalid/issuing-ca.cer");
    // A port nobody listens on any more.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let (report, printed) = verify_with_env_output(
        &env,
        &leaf,
        &root,
        &[(
            "HTTP_PROXY",
            format!("http://user:s3cret-pw@127.0.0.1:{port}"),
        )],
    );
    let error = report.fetched[0].error.clone().unwrap_or_default();
    assert!(
        error.contains("cannot connect (the proxy from HTTP_PROXY)"),
        "{error}"
    );
    assert!(!printed.contains("s3cret"), "{printed}");
}
