//! `corpus-report [FILE|DIR]...`: how papercat reads real paper lists, at a glance.
//!
//! For each Markdown file (default: `../shared/corpus/` and `../shared/corpus/dev/`) it prints
//! the papers found, the share of arXiv ids written in the file (outside code, quotes and
//! badges) that end up as some paper's `arxiv`, the suspicious titles (ending in `:`, starting
//! with a list number, longer than 200 characters), and, where a hand annotation exists in
//! `crates/core/tests/dev/NAME.tsv`, precision, recall and titles right. Exit status 0.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use papercat_testkit::score;

fn files(args: &[String]) -> Vec<PathBuf> {
    let roots: Vec<PathBuf> = if args.is_empty() {
        let shared = papercat_testkit::shared_dir().unwrap_or_else(|| PathBuf::from("../shared"));
        vec![shared.join("corpus"), shared.join("corpus/dev")]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let mut out = Vec::new();
    for r in roots {
        if r.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(&r)
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            v.retain(|p| {
                p.is_file()
                    && p.extension().is_some_and(|e| e == "md" || e == "txt")
                    && p.file_name().is_some_and(|n| n != "MANIFEST.md")
            });
            v.sort();
            out.extend(v);
        } else {
            out.push(r);
        }
    }
    out
}

fn suspicious(t: &str) -> bool {
    let t = t.trim();
    t.ends_with(':')
        || t.ends_with('：')
        || t.chars().count() > 200
        || papercat_core::titles::strip_numbering(t) != t
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("usage: corpus-report [FILE|DIR]...  (default: ../shared/corpus and ../shared/corpus/dev)");
        return ExitCode::SUCCESS;
    }
    let ann_dir = papercat_testkit::workspace_root().join("crates/core/tests/dev");
    println!(
        "| file | papers | arXiv ids carried | suspicious titles | precision | recall | titles right |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut all_suspicious = Vec::new();
    for path in files(&args) {
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("corpus-report: cannot read {}", path.display());
            continue;
        };
        let src = String::from_utf8_lossy(&bytes);
        let name = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        let c = papercat_core::parse(&[papercat_core::Input::from_bytes(&name, &bytes, None)]);
        let (ids, covered) = score::arxiv_coverage(&src, &c);
        let bad: Vec<&str> = c
            .papers
            .iter()
            .filter_map(|p| p.work.title.as_deref())
            .filter(|t| suspicious(t))
            .collect();
        let ann: &Path = &ann_dir.join(format!("{name}.tsv"));
        let (p, r, t) = match score::read_annotation(ann) {
            Ok(rows) => {
                let s = score::score(&c, &rows);
                (
                    format!("{:.1}%", 100.0 * s.precision()),
                    format!("{:.1}%", 100.0 * s.recall()),
                    format!("{}/{}", s.titles_right, s.true_pos),
                )
            }
            Err(_) => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "| {name} | {} | {covered}/{ids} | {} | {p} | {r} | {t} |",
            c.papers.len(),
            bad.len()
        );
        all_suspicious.extend(bad.into_iter().map(|t| format!("{name}: {t}")));
    }
    if !all_suspicious.is_empty() {
        println!("\nSuspicious titles:");
        for t in all_suspicious {
            println!("- {t}");
        }
    }
    ExitCode::SUCCESS
}
