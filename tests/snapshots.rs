//! Snapshot tests of what papercat prints and writes, run through the `papercat` binary from the
//! workspace root, so diagnostics name `samples/x.md` and never a temporary path.
//!
//! - `tests/snapshots/samples/`: for each catalogue in `samples/`, `parse` (the JSON),
//!   `check` (text, `--format json`, `--notes --explain`), `stats`, `enrich` (from the enrich
//!   crate's fixtures) and `export --to F` for every format; xlsx and apkg are stored as text
//!   dumps (`papercat_testkit::snapshot`).
//! - `tests/snapshots/corpus/`: the shared corpus (`../shared/corpus`: the seed and the dev
//!   lists). It is someone else's text and is never copied here: `parse` is stored as a
//!   per-paper summary (key, year, ids, venue, sections, title) plus the digest of the whole
//!   JSON, and `check` (text and JSON) quotes only titles and short fragments.
//!
//! A changed output fails with a line diff. To accept it: `cargo insta review`, or rerun with
//! `INSTA_UPDATE=always` and read `git diff`. CI runs with `CI=true` (and `.ci/run` sets
//! `INSTA_UPDATE=no`): there insta never writes a file, a mismatch or a missing snapshot fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use papercat_testkit::snapshot::{apkg_text, digest, file_text, xlsx_text};
use serde_json::Value;

/// The Anki note timestamp for exports, fixed (by default it is the input's mtime).
const TIMESTAMP: &str = "1700000000";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `papercat ARGS` run from the workspace root.
struct Run {
    command: String,
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
}

fn papercat(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_papercat"))
        .args(args)
        .current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap_or_else(|e| panic!("cannot run papercat {args:?}: {e}"));
    Run {
        command: format!("$ papercat {}", args.join(" ")),
        code: out.status.code(),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    /// `exit N`, or `killed by a signal`.
    fn exit(&self) -> String {
        self.code
            .map_or_else(|| "killed by a signal".into(), |c| format!("exit {c}"))
    }

    /// The command, its exit code and its stderr: the head of every snapshot.
    fn head(&self) -> String {
        let mut s = format!("{}\n{}\n", self.command, self.exit());
        if !self.stderr.is_empty() {
            s.push_str("stderr:\n");
            for line in self.stderr.lines() {
                s.push_str(&format!("  {line}\n"));
            }
        }
        s
    }

    /// The head, then stdout as `text` made it.
    fn snapshot(&self, text: fn(&[u8]) -> String) -> String {
        format!("{}stdout: {}", self.head(), text(&self.stdout))
    }
}

/// Asserts every `(name, text)` against `tests/<dir>/<name>.snap`, all of them even when one
/// fails (so one run shows every diff, and `INSTA_UPDATE=always` rewrites them all).
fn assert_snapshots(dir: &str, cases: Vec<(String, String)>) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir);
    settings.set_prepend_module_to_snapshot(false);
    let mut failed = Vec::new();
    for (name, text) in cases {
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            settings.bind(|| insta::assert_snapshot!(name.as_str(), text));
        }));
        if ok.is_err() {
            failed.push(name);
        }
    }
    assert!(
        failed.is_empty(),
        "snapshots differ (diffs above): {failed:?}; accept with `cargo insta review` or \
         INSTA_UPDATE=always"
    );
}

/// `samples/*.md`, relative to the workspace root, and their stems.
fn samples() -> Vec<(String, String)> {
    let samples: Vec<(String, String)> = papercat_testkit::sample_paths()
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            let stem = p.file_stem().unwrap_or_default().to_string_lossy();
            (format!("samples/{name}"), stem.into_owned())
        })
        .collect();
    assert!(!samples.is_empty(), "no samples/*.md");
    samples
}

#[test]
fn parse_and_check_every_sample() {
    let mut cases = Vec::new();
    for (path, stem) in samples() {
        let parse = papercat(&["parse", &path]);
        cases.push((format!("{stem}.parse"), parse.snapshot(file_text)));
        let check = papercat(&["check", &path]);
        cases.push((format!("{stem}.check"), check.snapshot(file_text)));
        let json = papercat(&["check", "--format", "json", &path]);
        cases.push((format!("{stem}.check-json"), json.snapshot(file_text)));
        let explain = papercat(&["check", "--notes", "--explain", &path]);
        cases.push((format!("{stem}.explain"), explain.snapshot(file_text)));
        let stats = papercat(&["stats", &path]);
        cases.push((format!("{stem}.stats"), stats.snapshot(file_text)));
    }
    assert_snapshots("snapshots/samples", cases);
}

/// `enrich` on every sample from the enrich crate's fixtures (a .bib and an arXiv snapshot):
/// the enriched JSON and the report on stderr.
#[test]
fn enrich_every_sample() {
    let fixtures = "crates/enrich/tests/fixtures";
    let (bib, arxiv) = (
        format!("{fixtures}/refs.bib"),
        format!("{fixtures}/samples-arxiv.jsonl"),
    );
    let mut cases = Vec::new();
    for (path, stem) in samples() {
        let run = papercat(&["enrich", &path, "--with", &bib, "--with", &arxiv]);
        cases.push((format!("{stem}.enrich"), run.snapshot(file_text)));
    }
    assert_snapshots("snapshots/samples", cases);
}

/// `export --to FORMAT` on every sample, stdout shown with `text`.
fn export_every_sample(format: &str, text: fn(&[u8]) -> String) {
    let mut cases = Vec::new();
    for (path, stem) in samples() {
        let mut args = vec!["export", path.as_str(), "--to", format];
        if matches!(format, "apkg" | "anki-txt") {
            args.extend(["--timestamp", TIMESTAMP]);
        }
        let run = papercat(&args);
        cases.push((format!("{stem}.{format}"), run.snapshot(text)));
    }
    assert_snapshots("snapshots/samples", cases);
}

/// `export --to json` writes what `parse` prints (stored in `<sample>.parse.snap`): checked
/// here, and only its digest is stored.
#[test]
fn export_json() {
    for (path, _) in samples() {
        let parse = papercat(&["parse", &path]);
        let export = papercat(&["export", &path, "--to", "json"]);
        assert!(
            export.stdout == parse.stdout,
            "{path}: export --to json differs from parse"
        );
    }
    export_every_sample("json", digest);
}

#[test]
fn export_bibtex() {
    export_every_sample("bibtex", file_text);
}

#[test]
fn export_biblatex() {
    export_every_sample("biblatex", file_text);
}

#[test]
fn export_csljson() {
    export_every_sample("csljson", file_text);
}

#[test]
fn export_ris() {
    export_every_sample("ris", file_text);
}

#[test]
fn export_csv() {
    export_every_sample("csv", file_text);
}

#[test]
fn export_xlsx() {
    export_every_sample("xlsx", xlsx_text);
}

#[test]
fn export_jsonld() {
    export_every_sample("jsonld", file_text);
}

#[test]
fn export_apkg() {
    export_every_sample("apkg", apkg_text);
}

#[test]
fn export_anki_txt() {
    export_every_sample("anki-txt", file_text);
}

/// The corpus files (the seed, then the dev lists), relative to the workspace root; `None`
/// (SKIPPED) without `../shared`, a failure under `PAPERCAT_REQUIRE_TOOLS=1`.
fn corpus() -> Option<Vec<String>> {
    let Some(shared) = papercat_testkit::shared_dir() else {
        assert!(
            !papercat_testkit::tools_required(),
            "../shared (the corpus) is required under PAPERCAT_REQUIRE_TOOLS=1"
        );
        eprintln!("SKIPPED corpus snapshots: ../shared not found beside the checkout");
        return None;
    };
    let list = |dir: &Path, keep: fn(&str) -> bool| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| keep(n))
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    };
    let mut files: Vec<String> = list(&shared.join("corpus"), |n| n.ends_with(".txt"))
        .into_iter()
        .map(|n| format!("../shared/corpus/{n}"))
        .collect();
    files.extend(
        list(&shared.join("corpus/dev"), |n| {
            n.contains("__") && n.ends_with(".md")
        })
        .into_iter()
        .map(|n| format!("../shared/corpus/dev/{n}")),
    );
    assert!(!files.is_empty(), "no corpus files under ../shared/corpus");
    Some(files)
}

/// A JSON string or number as text, `-` for null.
fn plain(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What `parse` made of a corpus file, without its text: the title, the sections (path and
/// line) and per paper its key, year, ids, venue, sections and title.
fn parse_summary(json: &[u8]) -> String {
    let v: Value = serde_json::from_slice(json).unwrap_or_else(|e| panic!("parse JSON: {e}"));
    let empty = Vec::new();
    let array = |v: &Value| v.as_array().unwrap_or(&empty).clone();
    let sections = array(&v["sections"]);
    let papers = array(&v["papers"]);
    let mut out = format!(
        "title: {}\n{} sections, {} papers, {} diagnostics\n\nsections:\n",
        plain(&v["title"]),
        sections.len(),
        papers.len(),
        array(&v["diagnostics"]).len()
    );
    let path = |p: &Value| array(p).iter().map(plain).collect::<Vec<_>>().join(" > ");
    for s in &sections {
        out.push_str(&format!("  L{} {}\n", plain(&s["line"]), path(&s["path"])));
    }
    out.push_str("\npapers:\n");
    for p in &papers {
        let mut ids = Vec::new();
        for id in ["arxiv", "doi", "acl"] {
            if !p[id].is_null() {
                ids.push(format!("{id}:{}", plain(&p[id])));
            }
        }
        let sections: Vec<String> = array(&p["sections"])
            .iter()
            .map(|s| format!("[{}]", path(s)))
            .collect();
        out.push_str(&format!(
            "  {} L{} year {} venue {} {} {}\n    {}\n",
            plain(&p["key"]),
            plain(&p["line"]),
            plain(&p["year"]),
            plain(&p["venue"]),
            if ids.is_empty() {
                "-".into()
            } else {
                ids.join(" ")
            },
            sections.join(" "),
            plain(&p["title"]),
        ));
    }
    out
}

#[test]
fn parse_and_check_the_corpus() {
    let Some(files) = corpus() else {
        return;
    };
    let mut cases = Vec::new();
    for path in files {
        let stem = Path::new(&path)
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let parse = papercat(&["parse", &path]);
        // stderr repeats `check`'s errors and warnings: its digest is enough here.
        let head = format!(
            "{}\n{}\nstderr: {}\nstdout: {}\n",
            parse.command,
            parse.exit(),
            digest(parse.stderr.as_bytes()),
            digest(&parse.stdout)
        );
        cases.push((
            format!("{stem}.parse-summary"),
            head + &parse_summary(&parse.stdout),
        ));
        let check = papercat(&["check", &path]);
        cases.push((format!("{stem}.check"), check.snapshot(file_text)));
        let json = papercat(&["check", "--format", "json", &path]);
        cases.push((format!("{stem}.check-json"), json.snapshot(file_text)));
    }
    assert_snapshots("snapshots/corpus", cases);
}
