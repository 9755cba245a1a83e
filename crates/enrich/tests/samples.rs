//! The project's sample catalogues, enriched from every fixture.

use std::path::{Path, PathBuf};

use papercat_core::{Catalogue, Input, Severity};
use papercat_enrich::{enrich, Needs, Options, Source};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn samples() -> Vec<(String, Catalogue)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("samples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
        .iter()
        .map(|f| {
            let name = format!("samples/{}", f.file_name().unwrap().to_string_lossy());
            let bytes = std::fs::read(f).unwrap();
            let cat = papercat_core::parse(&[Input::from_bytes(&name, &bytes, None)]);
            (name, cat)
        })
        .collect()
}

fn sources(cat: &Catalogue) -> Vec<Source> {
    let needs = Needs::of(cat);
    ["refs.bib", "refs.csl.json", "arxiv-snapshot.jsonl"]
        .iter()
        .map(|n| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(n);
            Source::open(&path, None, &needs).unwrap()
        })
        .collect()
}

#[test]
fn every_sample_enriches_without_changing_identity() {
    for (name, cat) in samples() {
        let before = cat.clone();
        let srcs = sources(&cat);
        let (after, report) = enrich(cat, &srcs, &Options::default());
        assert_eq!(after.papers.len(), before.papers.len(), "{name}");
        assert_eq!(after.sections, before.sections, "{name}");
        for (a, b) in before.papers.iter().zip(&after.papers) {
            assert_eq!(a.key, b.key, "{name}");
            assert_eq!(a.occurrences, b.occurrences, "{name}");
            assert_eq!(a.fields, b.fields, "{name}");
        }
        // Every enrichment diagnostic points into the sample.
        for d in &after.diagnostics[before.diagnostics.len()..] {
            assert_eq!(d.file, name, "{d}");
            assert!(d.line > 0, "{d}");
        }
        eprintln!("{name}:\n{report}");
    }
}

#[test]
fn the_reading_notes_sample() {
    let (_, cat) = samples()
        .into_iter()
        .find(|(n, _)| n.ends_with("llm-reading-notes.md"))
        .unwrap();
    let srcs = sources(&cat);
    let (cat, report) = enrich(cat, &srcs, &Options::default());
    let by_title = |t: &str| {
        cat.papers
            .iter()
            .find(|p| p.work.title.as_deref().is_some_and(|x| x.starts_with(t)))
            .unwrap_or_else(|| panic!("{t}"))
    };
    assert_eq!(
        by_title("Visual Instruction Tuning")
            .work
            .arxiv_category
            .as_deref(),
        Some("cs.CV")
    );
    assert_eq!(
        by_title("QLoRA").work.arxiv_category.as_deref(),
        Some("cs.LG")
    );
    let selfrag = by_title("Self-RAG");
    assert_eq!(selfrag.work.arxiv_category.as_deref(), Some("cs.CL"));
    assert!(
        selfrag
            .provenance
            .iter()
            .all(|p| p.field == "arxiv_category"),
        "{:?}",
        selfrag.provenance
    );
    let hyde = by_title("Precise Zero-Shot");
    assert_eq!(
        hyde.work.doi.as_deref(),
        Some("10.18653/v1/2023.acl-long.99")
    );
    // The sample's Query2doc entry copies HyDE's Anthology link.
    let q2d = by_title("Query2doc");
    assert!(q2d.provenance.is_empty());
    let mismatch: Vec<_> = cat
        .diagnostics
        .iter()
        .filter(|d| d.code == "enrich-title-mismatch")
        .collect();
    assert_eq!(mismatch.len(), 1, "{mismatch:?}");
    assert_eq!(mismatch[0].line, q2d.line());
    assert_eq!(mismatch[0].severity, Severity::Warning);
    let conflicts: Vec<String> = cat
        .diagnostics
        .iter()
        .filter(|d| d.code == "enrich-conflict" && d.severity == Severity::Warning)
        .map(|d| d.to_string())
        .collect();
    assert!(conflicts.is_empty(), "{conflicts:#?}");
    assert!(report.to_string().contains("still without authors"));
}
