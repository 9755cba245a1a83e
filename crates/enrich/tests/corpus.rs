//! The shared real catalogue (someone else's text, read in place, never copied), enriched from
//! every fixture. Skipped when the shared folder is not beside the checkout.

use std::path::Path;

use papercat_core::{Input, Severity};
use papercat_enrich::{enrich, Needs, Options, Source};

#[test]
fn shared_corpus_enriches() {
    let Some(dir) = papercat_testkit::shared_dir() else {
        eprintln!("SKIPPED shared_corpus_enriches: ../shared not found");
        return;
    };
    let path = dir.join("corpus/000_592348f81878be69.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "SKIPPED shared_corpus_enriches: {} not found",
            path.display()
        );
        return;
    };
    let cat = papercat_core::parse(&[Input::from_bytes("corpus.md", &bytes, None)]);
    let before = cat.clone();
    let needs = Needs::of(&cat);
    let sources: Vec<Source> = ["refs.bib", "refs.csl.json", "arxiv-snapshot.jsonl"]
        .iter()
        .map(|n| {
            let p = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(n);
            Source::open(&p, None, &needs).unwrap()
        })
        .collect();
    let (cat, report) = enrich(cat, &sources, &Options::default());
    eprintln!("{report}");
    for d in &cat.diagnostics[before.diagnostics.len()..] {
        eprintln!("{d}");
        assert_eq!(d.file, "corpus.md");
    }
    assert_eq!(cat.papers.len(), before.papers.len());
    for (a, b) in before.papers.iter().zip(&cat.papers) {
        assert_eq!(a.key, b.key);
    }
    let cat_of = |id: &str| {
        cat.papers
            .iter()
            .filter(|p| p.work.arxiv.as_deref() == Some(id))
            .map(|p| p.work.arxiv_category.as_deref())
            .collect::<Vec<_>>()
    };
    assert_eq!(cat_of("2304.08485"), vec![Some("cs.CV")]);
    assert_eq!(cat_of("2305.14314"), vec![Some("cs.LG")]);
    assert_eq!(cat_of("2310.11511"), vec![Some("cs.CL")]);
    assert_eq!(cat_of("2212.10560"), vec![Some("cs.CL")]);
    assert!(
        !cat.diagnostics[before.diagnostics.len()..]
            .iter()
            .any(|d| d.severity == Severity::Error),
        "enrichment never reports errors"
    );
}
