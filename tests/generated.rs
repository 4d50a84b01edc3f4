//! Completions (completions/) and man pages (man/) are generated from the clap definition and
//! committed. This test fails when they are stale; `CERTKIT_REGENERATE=1 cargo test --test
//! generated` rewrites them.

use std::path::{Path, PathBuf};

use clap_complete::Shell;

fn expected_files() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut cmd = certkit::cli::command();
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut cmd, "certkit", &mut buf);
        let name = match shell {
            Shell::Bash => "certkit.bash",
            Shell::Zsh => "_certkit",
            Shell::Fish => "certkit.fish",
            Shell::PowerShell => "_certkit.ps1",
            Shell::Elvish => "certkit.elv",
            _ => unreachable!(),
        };
        files.push((root.join("completions").join(name), buf));
    }
    // Built once as clap_mangen::generate_to does: building propagates the global options
    // (--json, --store, --password-env, ...) into every subcommand and gives each subcommand
    // its bin name ("certkit inspect", used in the synopsis) and display name
    // ("certkit-inspect", the page's name). The `help` subcommand has no page of its own, so it
    // is disabled here to keep certkit(1) from referring to a certkit-help(1).
    let mut cmd = certkit::cli::command().disable_help_subcommand(true);
    cmd.build();
    add_man_pages(&root.join("man"), &cmd, &mut files);
    files
}

fn add_man_pages(dir: &Path, cmd: &clap::Command, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    // The .TH source is the package, not the subcommand's own name ("list 0.1.0").
    let man =
        clap_mangen::Man::new(cmd.clone()).source(format!("certkit {}", env!("CARGO_PKG_VERSION")));
    let mut buf = Vec::new();
    man.render(&mut buf).expect("render man page");
    files.push((dir.join(man.get_filename()), buf));
    for sub in cmd.get_subcommands() {
        if !sub.is_hide_set() {
            add_man_pages(dir, sub, files);
        }
    }
}

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let regenerate = std::env::var_os("CERTKIT_REGENERATE").is_some();
    let mut stale = Vec::new();
    for (path, contents) in expected_files() {
        let current = std::fs::read(&path).ok();
        if current.as_deref() != Some(contents.as_slice()) {
            if regenerate {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &contents).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files (run `CERTKIT_REGENERATE=1 cargo test --test generated`): {stale:?}"
    );
}

/// The committed pages are consistent with each other: every page a page refers to exists,
/// every page has an exit-code section and lists the global options, and synopses name the
/// command as it is typed (`certkit store list`, not `certkit-store-list`).
#[test]
fn man_pages_refer_to_existing_pages_and_carry_globals_and_exit_codes() {
    let files = expected_files();
    let pages: Vec<(String, String)> = files
        .iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "1"))
        .map(|(path, text)| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, String::from_utf8(text.clone()).unwrap())
        })
        .collect();
    assert!(pages.len() > 10, "{} man pages", pages.len());
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for (name, text) in &pages {
        // roff escapes '-' as '\-'.
        let plain = text.replace("\\-", "-");
        for (at, _) in plain.match_indices("(1)") {
            let start = plain[..at]
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
                .map_or(0, |i| i + 1);
            let referred = &plain[start..at];
            assert!(
                names.contains(&referred),
                "{name}.1 refers to {referred}(1), which does not exist"
            );
        }
        assert!(plain.contains("EXIT CODES:"), "{name}.1 has no exit codes");
        for global in [
            "--json",
            "--store",
            "--password-env",
            "--password-file",
            "--quiet",
        ] {
            assert!(plain.contains(global), "{name}.1 does not list {global}");
        }
        let synopsis = plain
            .split(".SH SYNOPSIS")
            .nth(1)
            .and_then(|s| s.lines().nth(1))
            .unwrap_or_default()
            .to_string();
        let typed = name.replacen("certkit-", "certkit ", 1);
        let typed = if name.starts_with("certkit-store-") {
            typed.replacen("store-", "store ", 1)
        } else {
            typed
        };
        assert!(
            synopsis.starts_with(&format!("\\fB{typed}\\fR")),
            "{name}.1 synopsis reads {synopsis:?}, expected it to start with {typed:?}"
        );
    }
    assert!(!names.contains(&"certkit-help"));
}
