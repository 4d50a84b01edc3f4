//! The README's console examples run as printed, in order, as one session, and print what the
//! README shows.
//!
//! Re-bless after an intended output change (rewrites the README's expected outputs in place,
//! keeping its `…` elisions where they still match; review the diff before committing):
//!
//!     CERTKIT_BLESS=1 cargo test --test readme
//!
//! How the README is read: every ```` ```console ```` block, top to bottom, unless the line just
//! before its fence is `<!-- readme-test: skip: REASON -->`. In a block, a line starting with
//! `$ ` is a command (a trailing `\` continues it on the next line) and the lines up to the next
//! command are its expected output (stdout and stderr, as a terminal shows them). A line
//! starting with `…` stands for any number of lines.
//!
//! How it runs: each command through `bash` (the tour uses pipes, redirections, `cd`,
//! `export` and a server started with `&`), with the working folder and exported variables
//! carried from one command to the next, starting at the repository's root with the freshly
//! built `certkit` first on PATH. `/tmp/demo` in a command is a fresh temporary folder, and the
//! test server's port 8443 a free port; both are written back into the output. A command
//! ending in `&` runs in the background for the rest of the session.
//!
//! What is masked on both sides before comparing: times and dates (the clock moves), days left,
//! and 40/64-digit hex values (thumbprints, serials) other than those of the committed sample
//! files in tests/data/ (the tour makes a fresh server certificate). Trailing blanks are
//! ignored. snapbox does the matching (`...` lines, `[..]` within a line) and the diff.
//!
//! Why snapbox and not trycmd: trycmd runs no shell, so the tour's pipes, redirections, `cd`,
//! `export` and background server would need a second mechanism, and it runs a `.md` file's
//! commands in the file's own folder (the repository) with no sandbox; snapbox gives the
//! matching, the redactions and the diffs, and this file the session.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use regex::Regex;

/// The port the README's test server listens on, replaced by a free one.
const README_PORT: &str = "8443";
/// The scratch folder the README's session uses, replaced by a temporary one.
const README_DEMO: &str = "/tmp/demo";
const SKIP_MARK: &str = "<!-- readme-test: skip:";

/// One `$ ` command of a console block and the output printed below it.
struct Step {
    command: String,
    /// The README lines of the expected output.
    expected: Vec<String>,
    /// Line range of `expected` in the README (for re-blessing).
    lines: std::ops::Range<usize>,
}

fn parse(readme: &str) -> Vec<Step> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end() != "```console" {
            i += 1;
            continue;
        }
        let skip = i > 0 && lines[i - 1].starts_with(SKIP_MARK);
        i += 1;
        let mut block: Vec<Step> = Vec::new();
        while i < lines.len() && lines[i].trim_end() != "```" {
            let line = lines[i];
            if let Some(first) = line.strip_prefix("$ ") {
                let mut command = first.to_string();
                while command.ends_with('\\') && i + 1 < lines.len() {
                    command.pop();
                    i += 1;
                    command.push(' ');
                    command.push_str(lines[i].trim_start());
                }
                block.push(Step {
                    command,
                    expected: Vec::new(),
                    lines: i + 1..i + 1,
                });
            } else if let Some(step) = block.last_mut() {
                step.expected.push(line.to_string());
                step.lines.end = i + 1;
            }
            i += 1;
        }
        if !skip {
            steps.extend(block);
        }
        i += 1;
    }
    steps
}

/// The session: a working folder and exported variables carried between commands.
struct Session {
    state: tempfile::TempDir,
    demo: PathBuf,
    port: u16,
    background: Vec<Child>,
}

impl Drop for Session {
    fn drop(&mut self) {
        for child in &mut self.background {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Session {
    fn new() -> Session {
        let state = tempfile::tempdir().unwrap();
        let demo = state.path().join("demo");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let bin = Path::new(env!("CARGO_BIN_EXE_certkit")).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        std::fs::write(state.path().join("cwd"), env!("CARGO_MANIFEST_DIR")).unwrap();
        // The starting environment: what a user's shell has, less what would make the
        // output differ (colour, a store or clock of this machine, a proxy).
        let home = state.path().join("home");
        std::fs::create_dir(&home).unwrap();
        let mut env = String::new();
        for (k, v) in [
            ("PATH", path.as_str()),
            ("HOME", &home.display().to_string()),
            ("NO_COLOR", "1"),
            ("LC_ALL", "C.UTF-8"),
            ("TERM", "dumb"),
        ] {
            env.push_str(&format!("export {k}={}\n", shell_quote(v)));
        }
        std::fs::write(state.path().join("env"), env).unwrap();
        Session {
            state,
            demo,
            port,
            background: Vec::new(),
        }
    }

    /// The command as it runs here: the scratch folder and port of this session.
    fn localize(&self, command: &str) -> String {
        command
            .replace(README_DEMO, &self.demo.display().to_string())
            .replace(README_PORT, &self.port.to_string())
    }

    /// The output as the README shows it: the README's folder and port.
    fn delocalize(&self, output: &str) -> String {
        output
            .replace(&self.demo.display().to_string(), README_DEMO)
            .replace(&format!(":{}", self.port), &format!(":{README_PORT}"))
    }

    /// Runs one command; returns its combined stdout and stderr.
    fn run(&mut self, command: &str) -> String {
        let state = self.state.path().display().to_string();
        let command = self.localize(command);
        let mut cmd = Command::new("bash");
        cmd.env_clear().stdin(Stdio::null());
        if let Some(background) = command.trim_end().strip_suffix('&') {
            let script = format!(
                "cd \"$(cat {state}/cwd)\" && . {state}/env && exec {background} >/dev/null 2>&1"
            );
            let child = cmd.args(["-c", &script]).spawn().unwrap();
            self.background.push(child);
            self.wait_for_port();
            return String::new();
        }
        let script = format!(
            "cd \"$(cat {state}/cwd)\" && . {state}/env && {{\n{command}\n}} 2>&1; \
             status=$?; pwd > {state}/cwd; export -p > {state}/env; exit $status"
        );
        let out = cmd.args(["-c", &script]).output().unwrap();
        self.delocalize(&String::from_utf8_lossy(&out.stdout))
    }

    /// A background server is ready when its port accepts connections.
    fn wait_for_port(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// The hex values of the committed sample files (thumbprints, SHA-256, serials, key ids):
/// these stay as printed; any other long hex value is fresh and masked.
fn sample_hex() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_certkit"))
        .args(["--json", "inspect", "client.pfx", "partner-root.cer"])
        .args(["--password", "certkit-demo"])
        .current_dir(root.join("tests/data"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_ascii_uppercase();
    let hex = Regex::new(r"[0-9A-F]{40,64}").unwrap();
    hex.find_iter(&text)
        .map(|m| m.as_str().to_string())
        .collect()
}

struct Masks {
    time: Regex,
    date: Regex,
    days: Regex,
    hex: Regex,
    known: BTreeSet<String>,
}

impl Masks {
    fn new() -> Masks {
        Masks {
            time: Regex::new(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)").unwrap(),
            date: Regex::new(r"\b\d{4}-\d\d-\d\d\b").unwrap(),
            days: Regex::new(r"-?\d+ days? (left|ago)").unwrap(),
            hex: Regex::new(r"\b([0-9A-Fa-f]{64}|[0-9A-Fa-f]{40})\b").unwrap(),
            known: sample_hex(),
        }
    }

    fn mask(&self, text: &str) -> String {
        let text = self.time.replace_all(text, "[TIME]");
        let text = self.date.replace_all(&text, "[DATE]");
        let text = self.days.replace_all(&text, "[N] days $1");
        let text = self.hex.replace_all(&text, |c: &regex::Captures| {
            let value = &c[0];
            if self.known.contains(&value.to_ascii_uppercase()) {
                value.to_string()
            } else {
                "[HEX]".to_string()
            }
        });
        text.lines()
            .map(|l| l.trim_end())
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    }
}

fn is_elision(line: &str) -> bool {
    line.trim_start().starts_with('…')
}

/// The README's expected lines in snapbox's pattern language: `…` lines become `...`.
fn pattern(expected: &[String]) -> String {
    let mut text = String::new();
    for line in expected {
        text.push_str(if is_elision(line) { "..." } else { line });
        text.push('\n');
    }
    text
}

/// The new expected lines for a re-bless: the actual output, with the README's elisions kept
/// where they still match (snapbox aligns them), each `...` given back its original `…` line.
fn reblessed(actual: &str, expected: &[String]) -> Vec<String> {
    let normalized = snapbox::filter::NormalizeToExpected::new()
        .redact()
        .normalize(
            snapbox::Data::text(actual.to_string()),
            &snapbox::Data::text(pattern(expected)),
        )
        .render()
        .unwrap_or_default();
    let mut elisions = expected.iter().filter(|l| is_elision(l));
    normalized
        .lines()
        .map(|l| l.trim_end())
        .map(|l| {
            if l == "..." {
                elisions.next().cloned().unwrap_or_else(|| "…".to_string())
            } else {
                l.to_string()
            }
        })
        .collect()
}

/// Why this machine cannot run the tour as printed, if it cannot.
#[cfg(unix)]
fn missing_tour_precondition() -> Option<String> {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return Some("this test is not running as root".into());
    }
    let groups = std::fs::read_to_string("/etc/group").unwrap_or_default();
    if !groups.lines().any(|l| l.starts_with("www-data:")) {
        return Some("this system has no www-data group (/etc/group)".into());
    }
    None
}

#[cfg(not(unix))]
fn missing_tour_precondition() -> Option<String> {
    Some("the tour is a Unix shell session".into())
}

#[test]
fn readme_console_examples_run_as_printed() {
    let readme_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let steps = parse(&readme);
    assert!(
        steps.len() > 20,
        "only {} README commands found",
        steps.len()
    );
    if let Some(missing) = missing_tour_precondition() {
        panic!(
            "tests/readme.rs runs the README's tour as printed, and the tour is a root session on \
             Debian: it grants the www-data group read access to a key and shows the key file as \
             root:root. {missing}: run this test as root on a system with a www-data group, as \
             .ci/run does (Debian's base-passwd creates www-data on every Debian and Ubuntu)"
        );
    }
    let bless = std::env::var_os("CERTKIT_BLESS").is_some();
    let masks = Masks::new();
    let mut session = Session::new();
    // Paths are compared as printed (the config examples print Windows paths), and diffs are
    // plain text for CI logs.
    let assert = snapbox::Assert::new()
        .normalize_paths(false)
        .palette(snapbox::report::Palette::plain());
    let mut failures = Vec::new();
    let mut replacements: Vec<(std::ops::Range<usize>, Vec<String>)> = Vec::new();
    for step in &steps {
        let actual = session.run(&step.command);
        let result = assert.try_eq(
            None,
            snapbox::Data::text(masks.mask(&actual)),
            snapbox::Data::text(masks.mask(&pattern(&step.expected))),
        );
        if let Err(e) = result {
            if bless {
                replacements.push((step.lines.clone(), reblessed(&actual, &step.expected)));
            } else {
                failures.push(format!(
                    "README.md line {}: $ {}\n{e}",
                    step.lines.start, step.command
                ));
            }
        }
    }
    if bless && !replacements.is_empty() {
        let mut lines: Vec<String> = readme.lines().map(str::to_string).collect();
        // From the bottom up, so that earlier ranges stay valid.
        for (range, new) in replacements.into_iter().rev() {
            lines.splice(range, new);
        }
        let mut file = std::fs::File::create(&readme_path).unwrap();
        file.write_all((lines.join("\n") + "\n").as_bytes())
            .unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} README example(s) print something else (CERTKIT_BLESS=1 cargo test --test readme \
         rewrites them):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_parser_reads_commands_outputs_continuations_and_skips() {
    let text = "intro\n```console\n$ a \\\n    b\nout 1\n…\n$ c\n```\n\
                <!-- readme-test: skip: needs hosts -->\n```console\n$ d\nx\n```\n\
                ```sh\n$ e\n```\n";
    let steps = parse(text);
    let commands: Vec<&str> = steps.iter().map(|s| s.command.as_str()).collect();
    assert_eq!(commands, ["a  b", "c"]);
    assert_eq!(steps[0].expected, ["out 1", "…"]);
    assert!(steps[1].expected.is_empty());
}
