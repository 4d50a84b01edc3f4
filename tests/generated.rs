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
    let cmd = certkit::cli::command();
    add_man_pages(&root.join("man"), &cmd, "certkit", &mut files);
    files
}

fn add_man_pages(dir: &Path, cmd: &clap::Command, name: &str, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    let cmd = cmd.clone().name(leaked);
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .render(&mut buf)
        .expect("render man page");
    files.push((dir.join(format!("{name}.1")), buf));
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() {
            continue;
        }
        let sub_name = format!("{name}-{}", sub.get_name());
        add_man_pages(dir, sub, &sub_name, files);
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
