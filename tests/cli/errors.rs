//! Each error's cause is printed once: `papercat: error: CONTEXT: CAUSE`, never `...: CAUSE: CAUSE`.

use std::process::Stdio;

use super::{bin, sample, stderr};

/// The `papercat: error:` line of stderr.
fn error_line(out: &std::process::Output) -> String {
    let err = stderr(out);
    err.lines()
        .find(|l| l.starts_with("papercat: error:"))
        .unwrap_or_else(|| panic!("no error line in: {err}"))
        .to_string()
}

#[test]
fn an_unreadable_source_names_its_cause_once() {
    let out = bin()
        .args([
            "enrich",
            sample("hostile.md"),
            "--with",
            "/no/such/refs.bib",
        ])
        .output()
        .expect("run papercat");
    assert_eq!(out.status.code(), Some(2));
    let line = error_line(&out);
    assert!(
        line.starts_with("papercat: error: cannot read /no/such/refs.bib: "),
        "{line}"
    );
    assert_eq!(line.matches("(os error").count(), 1, "{line}");
}

/// `/dev/full` refuses every write with ENOSPC: each writer's error reaches the user once.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_names_its_cause_once() {
    for format in [
        "json", "bibtex", "csljson", "ris", "csv", "xlsx", "jsonld", "apkg", "anki-txt",
    ] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("open /dev/full");
        let out = bin()
            .args(["export", sample("hostile.md"), "--to", format])
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .expect("run papercat");
        assert_eq!(out.status.code(), Some(2), "{format}");
        let line = error_line(&out);
        assert_eq!(line.matches("(os error 28)").count(), 1, "{format}: {line}");
    }
}
