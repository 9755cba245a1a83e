//! The generated catalogue parses into exactly what the generator wrote.

use std::collections::HashSet;

use papercat_testkit::generator::{arxiv_id, generate_mixed, generate_with_stats};

#[test]
fn parses_to_what_was_generated() {
    let (text, stats) = generate_with_stats(1_000_000, 0x5EED);
    assert!(stats.papers > 1000, "{stats:?}");
    assert!(stats.duplicates > 10, "{stats:?}");
    assert!(stats.typos > 10, "{stats:?}");

    let cat = papercat_core::parse_str(&text);
    assert_eq!(
        cat.title.as_deref(),
        Some("大模型论文研读笔记（生成的基准目录）")
    );
    assert_eq!(cat.papers.len(), stats.papers);
    assert_eq!(cat.sections.len(), stats.sections);

    // Every duplicate entry was merged into its earlier paper.
    let extra: usize = cat.papers.iter().map(|p| p.occurrences.len() - 1).sum();
    assert_eq!(extra, stats.duplicates);
    for p in cat.papers.iter().filter(|p| p.occurrences.len() > 1) {
        let secs: HashSet<_> = p.occurrences.iter().map(|o| &o.section).collect();
        assert!(secs.len() > 1, "{} repeated in one section", p.key);
    }

    // Exactly the ids 0..papers, each once.
    let ids: HashSet<&str> = cat
        .papers
        .iter()
        .filter_map(|p| p.work.arxiv.as_deref())
        .collect();
    let want: Vec<String> = (0..stats.papers).map(arxiv_id).collect();
    assert_eq!(ids.len(), stats.papers);
    assert!(want.iter().all(|id| ids.contains(id.as_str())));
    assert!(cat.papers.iter().any(|p| p.arxiv_version == Some(2)));

    // Every hhttps typo and scheme-less URL was reported and repaired.
    let repaired = cat
        .diagnostics
        .iter()
        .filter(|d| d.code == "repaired-url")
        .count();
    assert_eq!(repaired, stats.typos + stats.schemeless);

    // Titles, years and venues come through.
    assert!(cat.papers.iter().all(|p| p.work.title.is_some()));
    assert!(cat
        .papers
        .iter()
        .all(|p| matches!(p.work.year, Some(2022..=2025))));
    let with_venue = cat.papers.iter().filter(|p| p.work.venue.is_some()).count();
    assert!(with_venue * 100 > stats.papers * 30, "{with_venue}");
    assert!(cat.papers.iter().any(|p| !p.code.is_empty()));
    assert!(cat.papers.iter().any(|p| !p.work.authors.is_empty()));

    let mut json = Vec::new();
    papercat_core::json::write(
        &cat,
        &mut json,
        &papercat_core::json::Options { pretty: false },
    )
    .expect("json");
    assert!(json.len() > text.len());
}

/// The mixed-shape catalogue (issue #3's benchmark input) also parses into exactly its
/// papers and sections, whatever shape each section is written in.
#[test]
fn mixed_shapes_parse_to_what_was_generated() {
    let (text, stats) = generate_mixed(1_000_000, 0x5EED);
    for marker in [
        "\n### [",
        "\n**",
        "\n1. **",
        "\n  - 论文名称：",
        "\n#### 一、论文动机",
    ] {
        assert!(
            text.contains(marker),
            "no `{marker}` in the mixed catalogue"
        );
    }
    let cat = papercat_core::parse_str(&text);
    assert_eq!(cat.papers.len(), stats.papers, "papers");
    assert_eq!(cat.sections.len(), stats.sections, "sections");
    let ids: HashSet<&str> = cat
        .papers
        .iter()
        .filter_map(|p| p.work.arxiv.as_deref())
        .collect();
    assert_eq!(ids.len(), stats.papers, "one arXiv id per paper");
    assert!(
        cat.papers.iter().all(|p| p.work.title.is_some()),
        "every paper has its title"
    );
    // Errors would mean a shape was misread; warnings (no year...) are expected.
    let errors: Vec<_> = cat
        .diagnostics
        .iter()
        .filter(|d| d.severity == papercat_core::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// Large files are read in chunks on all cores: on both generated shapes, at several chunk
/// sizes, the chunks are accepted and give exactly the one-piece read.
#[test]
fn generated_catalogues_read_in_chunks_like_one_piece() {
    for (name, text) in [
        ("corpus shape", generate_with_stats(300_000, 7).0),
        ("mixed shapes", generate_mixed(300_000, 7).0),
    ] {
        for chunk in [1, 4096, 65536] {
            assert_eq!(
                papercat_core::chunked_read_matches(&text, chunk),
                Some(true),
                "{name} at chunk size {chunk}"
            );
        }
    }
}
