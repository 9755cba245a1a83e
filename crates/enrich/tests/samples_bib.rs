//! Issue #9's acceptance check: the sample catalogues, enriched from an arXiv-snapshot fixture
//! covering them (`tests/fixtures/samples-arxiv.jsonl`), give every paper with an arXiv id its
//! authors and a year, and their BibTeX and BibLaTeX files then pass `bibtex` (plain) and
//! `biber --tool --validate-datamodel` without a single warning, including the missing-date
//! warnings the unenriched catalogue causes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use papercat_core::{Author, Catalogue, Input, Paper};
use papercat_enrich::{enrich, Needs, Options, Report, Source, SourceKind};

const FIXTURE: &str = "samples-arxiv.jsonl";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(FIXTURE)
}

/// Every `samples/*.md`, parsed alone, by file name.
fn samples() -> Vec<(String, Catalogue)> {
    let dir = papercat_testkit::workspace_root().join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for needed in ["llm-reading-notes.md", "mixed-shapes.md"] {
        assert!(names.iter().any(|n| n == needed), "samples/{needed}");
    }
    files
        .iter()
        .zip(names)
        .map(|(f, name)| {
            let bytes = std::fs::read(f).unwrap();
            let cat = papercat_core::parse(&[Input::from_bytes(&name, &bytes, None)]);
            assert!(!cat.papers.is_empty(), "{name}: no papers");
            (name, cat)
        })
        .collect()
}

fn enriched(cat: Catalogue) -> (Catalogue, Report, Source) {
    let src = Source::open(&fixture(), None, &Needs::of(&cat)).unwrap();
    assert_eq!(src.kind, SourceKind::ArxivJsonl);
    assert!(src.diagnostics.is_empty(), "{:?}", src.diagnostics);
    let (cat, report) = enrich(cat, std::slice::from_ref(&src), &Options::default());
    (cat, report, src)
}

fn bibtex(cat: &Catalogue) -> String {
    let mut out = Vec::new();
    papercat_bib::bibtex::write(cat, &mut out, &Default::default()).unwrap();
    String::from_utf8(out).unwrap()
}

fn biblatex(cat: &Catalogue) -> String {
    let mut out = Vec::new();
    papercat_bib::biblatex::write(cat, &mut out, &Default::default()).unwrap();
    String::from_utf8(out).unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The `Warning--` lines of `bibtex` with the plain style, citing every entry; asserts that it
/// ran and formatted `entries` entries.
fn bibtex_warnings(bibtex_bin: &Path, bib: &str, dir: &Path, entries: usize) -> Vec<String> {
    std::fs::write(dir.join("x.bib"), bib).unwrap();
    std::fs::write(
        dir.join("x.aux"),
        "\\citation{*}\n\\bibstyle{plain}\n\\bibdata{x}\n",
    )
    .unwrap();
    let out = Command::new(bibtex_bin)
        .arg("x")
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        out.status.success() || stdout.contains("Warning--"),
        "bibtex failed:\n{stdout}{}",
        text(&out.stderr)
    );
    assert!(!stdout.contains("error message"), "bibtex:\n{stdout}");
    let bbl = std::fs::read_to_string(dir.join("x.bbl")).unwrap();
    assert_eq!(bbl.matches("\\bibitem{").count(), entries, "{bbl}");
    stdout
        .lines()
        .filter(|l| l.starts_with("Warning--"))
        .map(str::to_string)
        .collect()
}

/// The `WARN`/`ERROR` lines of `biber --tool --validate-datamodel` (without its closing count).
fn biber_complaints(biber: &Path, bib: &str, dir: &Path) -> Vec<String> {
    std::fs::write(dir.join("y.bib"), bib).unwrap();
    let out = Command::new(biber)
        .args([
            "--tool",
            "--validate-datamodel",
            "--output-file",
            "y.out.bib",
            "y.bib",
        ])
        .current_dir(dir)
        .output()
        .unwrap();
    let all = text(&out.stdout) + &text(&out.stderr);
    assert!(out.status.success(), "biber failed:\n{all}");
    all.lines()
        .filter(|l| l.starts_with("WARN") || l.starts_with("ERROR"))
        .filter(|l| !l.starts_with("WARN - WARNINGS:"))
        .map(str::to_string)
        .collect()
}

fn families(p: &Paper) -> Vec<&str> {
    p.work.authors.iter().map(Author::family).collect()
}

#[test]
fn every_sample_arxiv_paper_gets_authors_and_a_year() {
    let mut kept = BTreeSet::new();
    for (name, cat) in samples() {
        let keys: Vec<String> = cat.papers.iter().map(|p| p.key.clone()).collect();
        let (cat, report, src) = enriched(cat);
        kept.extend(src.records.iter().map(|r| r.id.clone()));
        let keys_after: Vec<&str> = cat.papers.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys_after, keys, "{name}: keys never change");
        for p in cat.papers.iter().filter(|p| p.work.arxiv.is_some()) {
            assert!(
                !p.work.authors.is_empty(),
                "{name}: {} has no authors",
                p.key
            );
            assert!(p.work.year.is_some(), "{name}: {} has no year", p.key);
        }
        assert!(
            report.without_year.is_empty(),
            "{name}: {:?}",
            report.without_year
        );
        // The fixture agrees with everything the samples write.
        let complaints: Vec<String> = cat
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str().starts_with("enrich-"))
            .map(|d| d.to_string())
            .collect();
        assert!(complaints.is_empty(), "{name}: {complaints:#?}");
    }
    // Every line of the fixture is needed by some sample.
    let all = Source::open(&fixture(), None, &Needs::everything()).unwrap();
    let ids: BTreeSet<String> = all.records.iter().map(|r| r.id.clone()).collect();
    assert_eq!(all.records.len(), 18);
    assert_eq!(kept, ids);
}

#[test]
fn title_matches_give_the_papers_without_a_valid_id_theirs() {
    let (_, cat) = samples()
        .into_iter()
        .find(|(n, _)| n == "llm-reading-notes.md")
        .unwrap();
    let by_key = |cat: &Catalogue, k: &str| {
        cat.papers
            .iter()
            .find(|p| p.key == k)
            .cloned()
            .unwrap_or_else(|| panic!("{k}"))
    };
    // Before: the truncated link gives no id, the unlinked paper none either.
    assert_eq!(by_key(&cat, "role_play").work.arxiv, None);
    assert_eq!(by_key(&cat, "scaling_laws").work.year, None);
    let (cat, report, _) = enriched(cat);
    let role = by_key(&cat, "role_play");
    assert_eq!(role.work.arxiv.as_deref(), Some("2305.16367"));
    assert_eq!((role.work.year, role.work.month), (Some(2023), Some(5)));
    assert_eq!(families(&role), ["Shanahan", "McDonell", "Reynolds"]);
    assert!(!role.work.et_al);
    let scaling = by_key(&cat, "scaling_laws");
    assert_eq!(scaling.work.arxiv.as_deref(), Some("2001.08361"));
    assert_eq!(scaling.work.year, Some(2020));
    assert_eq!(scaling.work.arxiv_category.as_deref(), Some("cs.LG"));
    assert_eq!(scaling.work.authors.len(), 10);
    assert_eq!(
        scaling.work.authors[3],
        Author::Person {
            given: "Tom B.".into(),
            family: "Brown".into()
        }
    );
    assert!(scaling
        .provenance
        .iter()
        .all(|p| p.source.ends_with(FIXTURE) && p.matched_by == "title"));
    // A list the fixture truncates stays marked as truncated.
    let flamingo = by_key(&cat, "flamingo2022");
    assert_eq!(families(&flamingo), ["Alayrac", "Donahue", "Luc", "Miech"]);
    assert!(flamingo.work.et_al);
    // "Alec Radford, Jong Wook Kim, Chris Hallacy et al." is completed by the full list.
    let clip = by_key(&cat, "radford2021learning");
    assert_eq!(clip.work.authors.len(), 12);
    assert!(!clip.work.et_al);
    assert!(report.without_authors.iter().all(|p| p.key != "role_play"));
}

#[test]
fn enriched_samples_pass_bibtex_and_biber_without_warnings() {
    let bibtex_bin = papercat_testkit::tool("bibtex", "enriched_samples_pass_bibtex_and_biber");
    let biber = papercat_testkit::tool("biber", "enriched_samples_pass_bibtex_and_biber");
    let dir = tempfile::tempdir().unwrap();
    for (name, cat) in samples() {
        // Without enrichment, biber misses the dates of the two undated papers.
        if name == "llm-reading-notes.md" {
            if let Some(biber) = &biber {
                let before = biber_complaints(biber, &biblatex(&cat), dir.path());
                let undated: Vec<&str> = before
                    .iter()
                    .map(|w| w.split('\'').nth(1).unwrap_or(w))
                    .collect();
                assert_eq!(undated, ["role_play", "scaling_laws"], "{before:#?}");
                assert!(before.iter().all(|w| w.contains("'date, year'")));
            }
        }
        let (cat, _, _) = enriched(cat);
        let n = cat.papers.len();
        let (bt, bl) = (bibtex(&cat), biblatex(&cat));
        if let Some(bin) = &bibtex_bin {
            let w = bibtex_warnings(bin, &bt, dir.path(), n);
            assert!(w.is_empty(), "{name}: bibtex plain:\n{}", w.join("\n"));
        }
        if let Some(biber) = &biber {
            for (flavour, bib) in [("bibtex", &bt), ("biblatex", &bl)] {
                let w = biber_complaints(biber, bib, dir.path());
                assert!(w.is_empty(), "{name} {flavour}: biber:\n{}", w.join("\n"));
            }
        }
    }
}
