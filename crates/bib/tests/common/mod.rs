//! Helpers shared by the integration tests: render the fixture in each format.

#![allow(dead_code)]

use papercat_core::{Catalogue, Diagnostic};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// BibTeX text and diagnostics.
pub(crate) fn bibtex(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::bibtex::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// BibLaTeX text and diagnostics.
pub(crate) fn biblatex(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::biblatex::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// CSL-JSON text and diagnostics.
pub(crate) fn csljson(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::csljson::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// `tests/<name>` in this crate (the Python check scripts).
pub(crate) fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Runs a command, panicking when it cannot start.
pub(crate) fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"))
}

/// Lossy UTF-8 text of a program's output.
pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs `bibtex` with `style` on `bib` (citing every entry) in `dir`; asserts exit 0 and no
/// warning; returns the `.bbl`.
pub(crate) fn bibtex_with_style(style: &str, bib: &str, dir: &Path, bibtex: &Path) -> String {
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
pub(crate) fn biber_complaints(biber: &Path, bib: &str, dir: &Path) -> (Vec<String>, String) {
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
pub(crate) fn expected_biber_warnings(diags: &[Diagnostic]) -> std::collections::BTreeSet<String> {
    diags
        .iter()
        .filter(|d| d.code == "missing-date")
        .map(|d| {
            let key = d.message.split('`').nth(1).unwrap();
            format!("WARN - Datamodel: Entry '{key}' (x.bib): Missing mandatory field - one of 'date, year' must be defined")
        })
        .collect()
}

/// What bibtexparser 2 (`read_bib.py`) read from one `.bib` file.
pub(crate) struct ParsedByBibtexparser {
    /// `bibtexparser.__version__`.
    pub version: String,
    /// The entries, in file order, as the script printed them (`key`, `type`, `fields`,
    /// `title_text`).
    pub entries: Vec<serde_json::Value>,
}

/// Runs `read_bib.py` with `py` on each of `bibs` (written to `dir` as `0.bib`, `1.bib`...),
/// asserts it exits 0 with no failed block, and returns what it read, file by file.
pub(crate) fn bibtexparser(py: &Path, bibs: &[&str], dir: &Path) -> Vec<ParsedByBibtexparser> {
    let paths: Vec<PathBuf> = (0..bibs.len())
        .map(|i| dir.join(format!("{i}.bib")))
        .collect();
    for (path, bib) in paths.iter().zip(bibs) {
        std::fs::write(path, bib).unwrap();
    }
    let out = run(Command::new(py).arg(script("read_bib.py")).args(&paths));
    assert!(out.status.success(), "read_bib.py: {}", text(&out.stderr));
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    paths
        .iter()
        .map(|p| {
            let file = &read[p.to_str().unwrap()];
            assert_eq!(file["failed"], serde_json::json!([]), "{}", p.display());
            ParsedByBibtexparser {
                version: file["version"].as_str().unwrap().to_string(),
                entries: file["entries"].as_array().unwrap().clone(),
            }
        })
        .collect()
}

/// The title as a LaTeX-to-text decoder should give it back: our cleaning (controls dropped,
/// ASCII whitespace runs made one space, trimmed) of the paper's display title.
pub(crate) fn expected_title(paper: &papercat_core::Paper) -> String {
    let kept: String = paper
        .display_title()
        .chars()
        .filter(|c| !c.is_control() || c.is_ascii_whitespace() || *c == '\u{b}')
        .collect();
    kept.split(|c: char| c.is_ascii_whitespace() || c == '\u{b}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Issue #4: every entry of `bib` (written from `cat`) round-trips through bibtexparser 2:
/// no failed block, every key in order, the same field names with the same raw values as
/// the `biblatex` crate's raw parser finds in our text, and the title decoded to plain text
/// (bibtexparser's LatexDecodingMiddleware) equal to the paper's title. Returns a list of
/// differences (empty when all is well) so a caller can report all of them at once.
pub(crate) fn roundtrip_differences(
    cat: &Catalogue,
    bib: &str,
    theirs: &ParsedByBibtexparser,
) -> Vec<String> {
    let ours = biblatex::RawBibliography::parse(bib)
        .unwrap_or_else(|e| panic!("the biblatex crate cannot read our file: {e:?}"));
    let mut wrong = Vec::new();
    let keys: Vec<&str> = theirs
        .entries
        .iter()
        .map(|e| e["key"].as_str().unwrap())
        .collect();
    let model_keys: Vec<&str> = cat.papers.iter().map(|p| p.key.as_str()).collect();
    if keys != model_keys {
        wrong.push(format!("keys {keys:?} != {model_keys:?}"));
        return wrong;
    }
    for ((entry, raw), paper) in theirs.entries.iter().zip(&ours.entries).zip(&cat.papers) {
        let key = &paper.key;
        if entry["type"].as_str() != Some(raw.v.kind.v) {
            wrong.push(format!("{key}: type {} != {}", entry["type"], raw.v.kind.v));
        }
        let fields: Vec<(&str, &str)> = entry["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f[0].as_str().unwrap(), f[1].as_str().unwrap_or_default()))
            .collect();
        let names: Vec<&str> = fields.iter().map(|f| f.0).collect();
        let raw_names: Vec<&str> = raw.v.fields.iter().map(|f| f.key.v).collect();
        if names != raw_names {
            wrong.push(format!("{key}: fields {names:?} != {raw_names:?}"));
            continue;
        }
        for (field, &(_, read)) in raw.v.fields.iter().zip(&fields) {
            let written = raw_value(bib, field.value.span.clone());
            if read != written {
                wrong.push(format!(
                    "{key}.{}: read {read:?}, written {written:?}",
                    field.key.v
                ));
            }
        }
        let title = entry["title_text"].as_str().map(undo_quotes);
        // Titles in capitals are written in title case, on purpose: only the case may differ.
        let expected = expected_title(paper);
        let written = papercat_bib::written_title(paper);
        let expected = if written.to_lowercase() == expected.to_lowercase() {
            written
        } else {
            expected
        };
        if title.as_deref().unwrap_or_default() != expected {
            wrong.push(format!(
                "{key}: title {expected:?} came back as {title:?} (written {:?})",
                fields.iter().find(|f| f.0 == "title").map(|f| f.1)
            ));
        }
    }
    wrong
}

/// The text between a field's delimiters: `{...}` and `"..."` lose them, a bare macro or
/// number (`apr`, `2023`) stays as it is.
fn raw_value(bib: &str, span: std::ops::Range<usize>) -> &str {
    let s = bib[span].trim();
    s.strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
        .unwrap_or(s)
}

/// Undoes what LaTeX typesetting does on purpose and our writer leaves to it: a doubled
/// `` ` `` or `'` is a curly double quote (pylatexenc, like TeX, makes it one).
fn undo_quotes(s: &str) -> String {
    s.replace('\u{201c}', "``").replace('\u{201d}', "''")
}
