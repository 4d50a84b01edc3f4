//! The source tree keeps its layout rules: no import cycles between modules and no source
//! file over 800 lines. The rules are checked by `scripts/layout_check.py` (it reads the code,
//! so it needs no build), run here so that `cargo test` fails when a change breaks them.

use std::process::Command;

#[test]
fn no_import_cycles_and_no_file_over_800_lines() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("python3")
        .arg(format!("{root}/scripts/layout_check.py"))
        .arg(format!("{root}/src"))
        .arg(format!("{root}/tests"))
        .output()
        .expect("python3 runs scripts/layout_check.py");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "layout rules broken:\n{report}");
    assert!(report.contains("cycles: 0"), "{report}");
}

/// The checker itself finds a cycle: two sibling modules that use each other.
#[test]
fn the_checker_reports_a_cycle_between_sibling_modules() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("ops")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod ops;\n").unwrap();
    std::fs::write(src.join("ops/mod.rs"), "pub mod a;\npub mod b;\n").unwrap();
    std::fs::write(
        src.join("ops/a.rs"),
        "use crate::ops::b::B;\npub struct A;\n",
    )
    .unwrap();
    std::fs::write(src.join("ops/b.rs"), "use super::a::A;\npub struct B;\n").unwrap();
    let out = Command::new("python3")
        .arg(format!(
            "{}/scripts/layout_check.py",
            env!("CARGO_MANIFEST_DIR")
        ))
        .arg(&src)
        .arg(dir.path().join("tests"))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{report}");
    assert!(
        report.contains("ops::a") && report.contains("ops::b"),
        "{report}"
    );
}
