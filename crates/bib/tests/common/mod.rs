//! Helpers shared by the integration tests: render the fixture in each format.

#![allow(dead_code)]

use papercat_core::{Catalogue, Diagnostic};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// BibTeX text and diagnostics.
pub fn bibtex(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::bibtex::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// BibLaTeX text and diagnostics.
pub fn biblatex(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::biblatex::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// CSL-JSON text and diagnostics.
pub fn csljson(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::csljson::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// `tests/golden/<name>` in this crate.
pub fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// `tests/<name>` in this crate (the Python check scripts).
pub fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Runs a command, panicking when it cannot start.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Lossy UTF-8 text of a program's output.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `bibtex` with `style` on `bib` (citing every entry) in `dir`; asserts exit 0 and no
/// warning; returns the `.bbl`.
pub fn bibtex_with_style(style: &str, bib: &str, dir: &Path, bibtex: &Path) -> String {
    std::fs::write(dir.join("x.bib"), bib).unwrap();
    std::fs::write(
        dir.join("x.aux"),
        format!("\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{x}}\n"),
    )
    .unwrap();
    let out = run(Command::new(bibtex).arg("x").current_dir(dir));
    let stdout = text(&out.stdout);
    assert!(
        out.status.success(),
        "bibtex {style}: {stdout}{}",
        text(&out.stderr)
    );
    assert!(
        !stdout.contains("Warning--") && !stdout.contains("error message"),
        "bibtex {style} complained:\n{stdout}"
    );
    let bbl = std::fs::read(dir.join("x.bbl")).unwrap();
    // 8-bit BibTeX cuts alpha labels byte-wise: a CJK author's label is broken UTF-8 there
    // (a BibTeX limitation, not fixable in the data), so only the other styles must give
    // valid UTF-8.
    if style == "alpha" {
        return String::from_utf8_lossy(&bbl).into_owned();
    }
    String::from_utf8(bbl).unwrap_or_else(|e| panic!("bibtex {style}: {e}"))
}

/// The `WARN`/`ERROR` lines of `biber --tool --validate-datamodel` on `bib` (run in `dir`),
/// without biber's closing `WARN - WARNINGS: n` count, and biber's re-written file.
pub fn biber_complaints(biber: &Path, bib: &str, dir: &Path) -> (Vec<String>, String) {
    std::fs::write(dir.join("x.bib"), bib).unwrap();
    let out = run(Command::new(biber)
        .args([
            "--tool",
            "--validate-datamodel",
            "--output-file",
            "out.bib",
            "x.bib",
        ])
        .current_dir(dir));
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(out.status.success(), "biber failed:\n{all}");
    let complaints = all
        .lines()
        .filter(|l| l.starts_with("WARN") || l.starts_with("ERROR"))
        .filter(|l| !l.starts_with("WARN - WARNINGS:"))
        .map(str::to_string)
        .collect();
    (
        complaints,
        std::fs::read_to_string(dir.join("out.bib")).unwrap(),
    )
}

/// The warnings biber may give: a missing date for exactly the entries the BibLaTeX writer
/// announced with a `missing-date` note.
pub fn expected_biber_warnings(diags: &[Diagnostic]) -> std::collections::BTreeSet<String> {
    diags
        .iter()
        .filter(|d| d.code == "missing-date")
        .map(|d| {
            let key = d.message.split('`').nth(1).unwrap();
            format!("WARN - Datamodel: Entry '{key}' (x.bib): Missing mandatory field - one of 'date, year' must be defined")
        })
        .collect()
}
