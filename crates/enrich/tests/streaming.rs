//! The arXiv snapshot is streamed: a 200k-line snapshot is read through a bounded buffer and
//! only the records the catalogue needs are kept.

use std::io::Read;
use std::path::Path;

use papercat_enrich::synthetic::{self, SyntheticSnapshot};
use papercat_enrich::{enrich, Needs, Options, Source, SourceKind};

const CATALOGUE: &str = "\
- LLaVA
  - 论文地址：https://arxiv.org/abs/2304.08485v2
- QLoRA（只有标题）
  - 论文名称：QLoRA: Efficient Finetuning of Quantized LLMs
- 一篇合成论文（按 DOI）
  - 论文地址：https://doi.org/10.5555/synthetic.150003
- 不在快照里的论文
  - 论文地址：https://arxiv.org/abs/2401.04088
";

/// Peak resident memory of this process in KiB (Linux), to show the reader holds no more than
/// a line however long the stream.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_200k_line_snapshot_keeps_only_what_is_needed() {
    let cat = papercat_core::parse_str(CATALOGUE);
    assert_eq!(cat.papers.len(), 4);
    let real = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/arxiv-snapshot.jsonl"),
    )
    .unwrap();
    // 100k synthetic lines, the 4 real ones, 100k more synthetic lines.
    let stream = SyntheticSnapshot::new(0, 100_000)
        .chain(&real[..])
        .chain(SyntheticSnapshot::new(100_000, 100_000));
    let mut sized = SyntheticSnapshot::new(0, 1000);
    let mut sample = Vec::new();
    sized.read_to_end(&mut sample).unwrap();
    let approx_bytes = sample.len() as u64 * 200;

    let before = peak_rss_kib();
    let src = Source::from_reader(
        "big.jsonl",
        SourceKind::ArxivJsonl,
        stream,
        &Needs::of(&cat),
    )
    .unwrap();
    let after = peak_rss_kib();

    assert_eq!(src.stats.entries, 200_004);
    assert_eq!(src.stats.bad, 0, "{:?}", src.diagnostics);
    let kept: Vec<&str> = src.records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        kept,
        vec!["2304.08485", "2305.14314", &synthetic::id(150_003)]
    );
    assert!(src.stats.longest_line < 2048, "{}", src.stats.longest_line);
    assert!(
        approx_bytes > 100 << 20,
        "the stream is large: {approx_bytes} bytes"
    );
    if let (Some(b), Some(a)) = (before, after) {
        // The stream is >100 MiB; the reader grows the process by a few MiB at most.
        assert!(
            a.saturating_sub(b) < 32 * 1024,
            "peak RSS grew by {} KiB",
            a - b
        );
    }

    let (cat, report) = enrich(cat, &[src], &Options::default());
    assert_eq!(cat.papers[0].work.arxiv_category.as_deref(), Some("cs.CV"));
    assert_eq!(cat.papers[1].work.arxiv.as_deref(), Some("2305.14314"));
    let synth = &cat.papers[2];
    assert_eq!(
        synth.work.arxiv.as_deref(),
        Some(synthetic::id(150_003).as_str())
    );
    assert_eq!(synth.work.authors.len(), 3);
    assert!(synth
        .work
        .venue
        .as_ref()
        .unwrap()
        .raw
        .starts_with("Journal of Synthetic Results"));
    assert_eq!(synth.provenance[0].matched_by, "doi");
    assert!(cat.papers[3].provenance.is_empty());
    assert_eq!(report.sources[0].matched, 3);
}
