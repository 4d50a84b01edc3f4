//! A static HTTP server on 127.0.0.1 for the tests that download (AIA issuers, CRLs).

use std::io::BufRead;
use std::path::Path;

/// Python's `http.server` on 127.0.0.1 serving `dir`, stopped when dropped.
pub struct HttpServer {
    child: std::process::Child,
    pub port: u16,
}

/// Binds port 0 itself and prints the port it got: a port chosen by the test and bound later
/// could be taken in between by another test's server, whose answers (404s) the test would
/// then read (seen as a flaky AIA download on a loaded machine).
const SERVE: &str = "import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory='.')
server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
print(server.server_address[1], flush=True)
server.serve_forever()";

impl HttpServer {
    pub fn start(dir: &Path) -> HttpServer {
        let mut child = std::process::Command::new("python3")
            .args(["-c", SERVE])
            .current_dir(dir)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 (installed by .ci/run)");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        let read = std::io::BufReader::new(stdout).read_line(&mut line);
        match (read, line.trim().parse::<u16>()) {
            (Ok(_), Ok(port)) => HttpServer { child, port },
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("the test HTTP server did not start (it printed {line:?})");
            }
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
