//! Integration: parse a small catalogue, enrich it from each fixture, check every rule.

use std::path::{Path, PathBuf};

use papercat_core::{Author, Catalogue, Paper, Severity};
use papercat_enrich::{enrich, Needs, Options, Report, Source, SourceKind};

const CATALOGUE: &str = "\
# 测试目录

## 多模态

- LLaVA：视觉指令微调
  - 论文地址：https://arxiv.org/abs/2304.08485

## PEFT

- QLoRA：量化微调
  - 论文名称：QLoRA：Efficient Finetuning of Quantized LLMs
  - 会议：NeurIPS 2023

## RAG

- Self-RAG
  - 论文名称：Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection
  - 论文地址：https://arxiv.org/abs/2310.11511
  - 会议：ICLR 2024
  - 作者：Akari Asai, Zeqiu Wu et al.

- HyDE
  - 论文名称：Precise Zero-Shot Dense Retrieval without Relevance Labels
  - 论文地址：https://aclanthology.org/2023.acl-long.99/

- Query2doc（复制粘贴错误）
  - 论文名称：Query2doc: Query Expansion with Large Language Models
  - 论文地址：https://aclanthology.org/2023.acl-long.99/

## 指令

- Self-Instruct
  - 论文地址：https://arxiv.org/abs/2212.10560

- 还没有信息的论文
  - 论文名称：Scaling Laws for Neural Language Models
";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn catalogue() -> Catalogue {
    papercat_core::parse(&[papercat_core::Input {
        name: "notes.md".into(),
        text: CATALOGUE.into(),
        ..Default::default()
    }])
}

fn open(cat: &Catalogue, name: &str) -> Source {
    Source::open(&fixture(name), None, &Needs::of(cat)).unwrap()
}

fn run(names: &[&str], opts: Options) -> (Catalogue, Report) {
    let cat = catalogue();
    let sources: Vec<Source> = names.iter().map(|n| open(&cat, n)).collect();
    enrich(cat, &sources, &opts)
}

fn paper<'a>(cat: &'a Catalogue, heading_start: &str) -> &'a Paper {
    cat.papers
        .iter()
        .find(|p| p.heading.starts_with(heading_start))
        .unwrap_or_else(|| panic!("no paper `{heading_start}`"))
}

fn families(p: &Paper) -> Vec<&str> {
    p.work.authors.iter().map(Author::family).collect()
}

/// `field <- source (matched_by)` for every provenance entry.
fn prov(p: &Paper) -> Vec<String> {
    p.provenance
        .iter()
        .map(|x| {
            let src = Path::new(&x.source)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            format!("{} <- {} ({})", x.field, src, x.matched_by)
        })
        .collect()
}

fn codes(cat: &Catalogue, code: &str) -> Vec<(u32, Severity)> {
    cat.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| (d.line, d.severity))
        .collect()
}

#[test]
fn the_catalogue_parses_as_expected() {
    let cat = catalogue();
    assert_eq!(cat.papers.len(), 7);
    let q = paper(&cat, "QLoRA");
    assert_eq!(
        q.work.title.as_deref(),
        Some("QLoRA: Efficient Finetuning of Quantized LLMs")
    );
    assert!(q.work.authors.is_empty() && q.work.arxiv.is_none());
    let si = paper(&cat, "Self-Instruct");
    assert_eq!(
        (si.work.title.as_deref(), si.work.year, si.work.month),
        (None, Some(2022), Some(12))
    );
    assert_eq!(
        paper(&cat, "HyDE").work.acl.as_deref(),
        Some("2023.acl-long.99")
    );
    assert_eq!(
        paper(&cat, "Query2doc").work.acl.as_deref(),
        Some("2023.acl-long.99")
    );
}

#[test]
fn from_bib() {
    let before = catalogue();
    let (cat, report) = run(&["refs.bib"], Options::default());

    let llava = paper(&cat, "LLaVA");
    assert_eq!(
        llava.work.title.as_deref(),
        Some("Visual Instruction Tuning")
    );
    assert_eq!(families(llava), vec!["Liu", "Li", "Wu", "Lee"]);
    assert_eq!(
        llava.work.authors[3],
        Author::Person {
            given: "Yong Jae".into(),
            family: "Lee".into()
        }
    );
    assert_eq!((llava.work.year, llava.work.month), (Some(2023), Some(4)));
    assert_eq!(llava.work.doi, None, "an arXiv DataCite DOI is not filled");
    assert_eq!(
        llava.work.arxiv_category, None,
        "`primaryclass = {{cs}}` is no category"
    );
    assert_eq!(
        prov(llava),
        vec!["title <- refs.bib (arxiv)", "authors <- refs.bib (arxiv)"]
    );

    // Year derived from the arXiv id (2022) upgraded to the ACL 2023 publication year.
    let si = paper(&cat, "Self-Instruct");
    assert_eq!(
        si.work.title.as_deref(),
        Some("Self-Instruct: Aligning Language Models with Self-Generated Instructions")
    );
    assert_eq!(families(si).len(), 7);
    assert_eq!((si.work.year, si.work.month), (Some(2023), Some(7)));
    assert_eq!(
        si.work.doi.as_deref(),
        Some("10.18653/v1/2023.acl-long.754")
    );
    assert_eq!(si.work.acl.as_deref(), Some("2023.acl-long.754"));
    assert_eq!(si.work.arxiv_category.as_deref(), Some("cs.CL"));
    let v = si.work.venue.as_ref().unwrap();
    assert_eq!(v.year, Some(2023));
    assert_eq!(v.note.as_deref(), Some("Volume 1: Long Papers"));
    assert_eq!(
        prov(si),
        vec![
            "title <- refs.bib (arxiv)",
            "authors <- refs.bib (arxiv)",
            "year <- refs.bib (arxiv)",
            "month <- refs.bib (arxiv)",
            "venue <- refs.bib (arxiv)",
            "arxiv_category <- refs.bib (arxiv)",
            "doi <- refs.bib (arxiv)",
            "acl <- refs.bib (arxiv)",
        ]
    );
    let line = si.line();
    let notes: Vec<_> = cat
        .diagnostics
        .iter()
        .filter(|d| d.line == line && d.code == "enrich-conflict")
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].severity, Severity::Note);
    assert!(
        notes[0].message.contains("2022 (from the arXiv id)"),
        "{}",
        notes[0]
    );

    // HyDE by its ACL id; Query2doc copied HyDE's link: refused, with a warning at its line.
    let hyde = paper(&cat, "HyDE");
    assert_eq!(families(hyde), vec!["Gao", "Ma", "Lin", "Callan"]);
    assert_eq!((hyde.work.year, hyde.work.month), (Some(2023), Some(7)));
    assert_eq!(
        hyde.work.doi.as_deref(),
        Some("10.18653/v1/2023.acl-long.99")
    );
    assert!(prov(hyde).iter().all(|p| p.ends_with("(acl)")));
    let q2d = paper(&cat, "Query2doc");
    assert_eq!(q2d, paper(&before, "Query2doc"), "nothing filled");
    let mismatch = codes(&cat, "enrich-title-mismatch");
    assert_eq!(mismatch, vec![(q2d.line(), Severity::Warning)]);
    let d = cat
        .diagnostics
        .iter()
        .find(|d| d.code == "enrich-title-mismatch")
        .unwrap();
    assert_eq!(d.file, "notes.md");
    assert!(d.message.contains("acl 2023.acl-long.99"), "{d}");
    assert!(
        d.message
            .contains("Precise Zero-Shot Dense Retrieval without Relevance Labels"),
        "{d}"
    );

    // Keys never change; nothing else moved.
    for (a, b) in before.papers.iter().zip(&cat.papers) {
        assert_eq!(a.key, b.key);
    }
    let s = &report.sources[0];
    assert_eq!((s.read.entries, s.read.kept, s.read.bad), (3, 3, 0));
    assert_eq!(
        (s.matched, s.completed, s.refused, s.conflicts),
        (3, 3, 1, 0)
    );
    assert_eq!(s.matched_by.get("acl"), Some(&1));
    assert_eq!(s.matched_by.get("arxiv"), Some(&2));
    assert_eq!(s.filled.get("authors"), Some(&3));
    let without: Vec<&str> = report
        .without_authors
        .iter()
        .map(|p| p.title.as_str())
        .collect();
    assert_eq!(
        without,
        vec![
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "Query2doc: Query Expansion with Large Language Models",
            "Scaling Laws for Neural Language Models"
        ]
    );
    // Only `Scaling Laws` lacks a year: Query2doc's comes from the ACL Anthology id it links
    // (copied from HyDE's line, which papercat reports as a shared identifier).
    assert_eq!(report.without_year.len(), 1, "{:?}", report.without_year);
}

#[test]
fn from_csl_json() {
    let (cat, report) = run(&["refs.csl.json"], Options::default());
    assert_eq!(
        report.sources[0].kind,
        SourceKind::CslJson,
        "sniffed from `[`"
    );
    let q = paper(&cat, "QLoRA");
    assert_eq!(
        families(q),
        vec!["Dettmers", "Pagnoni", "Holtzman", "Zettlemoyer"]
    );
    assert_eq!(q.work.arxiv.as_deref(), Some("2305.14314"));
    assert_eq!(
        q.work.venue.as_ref().map(|v| v.raw.as_str()),
        Some("NeurIPS 2023"),
        "kept"
    );
    assert_eq!(q.work.year, Some(2023));
    assert_eq!(
        prov(q),
        vec![
            "authors <- refs.csl.json (title)",
            "arxiv <- refs.csl.json (title)"
        ]
    );

    // "Akari Asai, Zeqiu Wu et al." completed to the full list.
    let sr = paper(&cat, "Self-RAG");
    assert_eq!(
        families(sr),
        vec!["Asai", "Wu", "Wang", "Sil", "Hajishirzi"]
    );
    assert!(!sr.work.et_al);
    assert_eq!(prov(sr), vec!["authors <- refs.csl.json (arxiv)"]);
    assert!(
        codes(&cat, "enrich-conflict").is_empty(),
        "{:?}",
        cat.diagnostics
    );
    assert_eq!(report.sources[0].matched_by.get("title"), Some(&1));
}

#[test]
fn from_arxiv_snapshot() {
    let (cat, report) = run(&["arxiv-snapshot.jsonl"], Options::default());
    let s = &report.sources[0];
    assert_eq!(s.kind, SourceKind::ArxivJsonl);
    assert_eq!((s.read.entries, s.read.kept), (4, 4));
    let cats: Vec<(&str, Option<&str>)> = ["LLaVA", "QLoRA", "Self-RAG", "Self-Instruct", "HyDE"]
        .iter()
        .map(|h| (*h, paper(&cat, h).work.arxiv_category.as_deref()))
        .collect();
    assert_eq!(
        cats,
        vec![
            ("LLaVA", Some("cs.CV")),
            ("QLoRA", Some("cs.LG")),
            ("Self-RAG", Some("cs.CL")),
            ("Self-Instruct", Some("cs.CL")),
            ("HyDE", None)
        ]
    );
    let sr = paper(&cat, "Self-RAG");
    assert_eq!(
        sr.work.title.as_deref(),
        Some("Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection")
    );
    assert_eq!(
        sr.work.year,
        Some(2024),
        "the ICLR year is not a conflict with the 2023 preprint"
    );
    let si = paper(&cat, "Self-Instruct");
    assert_eq!((si.work.year, si.work.month), (Some(2022), Some(12)));
    assert_eq!(families(si)[4], "Smith");
    assert!(
        codes(&cat, "enrich-conflict").is_empty(),
        "{:?}",
        cat.diagnostics
    );
    let q = paper(&cat, "QLoRA");
    assert_eq!(q.provenance[0].matched_by, "title");
}

#[test]
fn all_sources_first_listed_wins() {
    let (cat, report) = run(
        &["refs.bib", "refs.csl.json", "arxiv-snapshot.jsonl"],
        Options::default(),
    );
    let si = paper(&cat, "Self-Instruct");
    // Title and authors from the bib (first); category: the bib has cs.CL too.
    assert!(
        prov(si).iter().all(|p| p.contains("refs.bib")),
        "{:?}",
        prov(si)
    );
    let llava = paper(&cat, "LLaVA");
    assert_eq!(
        prov(llava),
        vec![
            "title <- refs.bib (arxiv)",
            "authors <- refs.bib (arxiv)",
            "arxiv_category <- arxiv-snapshot.jsonl (arxiv)"
        ]
    );
    let q = paper(&cat, "QLoRA");
    // The CSL item filled the arXiv id; the snapshot then matched by that id.
    assert_eq!(
        prov(q),
        vec![
            "authors <- refs.csl.json (title)",
            "arxiv <- refs.csl.json (title)",
            "arxiv_category <- arxiv-snapshot.jsonl (arxiv)"
        ]
    );
    assert_eq!(report.sources.len(), 3);
    assert_eq!(report.without_authors.len(), 2);
    let text = report.to_string();
    assert!(
        text.starts_with("enrichment of 7 papers from 3 sources\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "refs.bib (bib): 3 entries, 3 kept; matched 3 papers (acl 1, arxiv 2); completed 3"
        ),
        "{text}"
    );
    assert!(text.contains("still without authors (2)\n"), "{text}");
    assert!(
        text.contains("Scaling Laws for Neural Language Models"),
        "{text}"
    );
}

#[test]
fn deterministic_and_idempotent() {
    let names = ["refs.bib", "refs.csl.json", "arxiv-snapshot.jsonl"];
    let json = |cat: &Catalogue| {
        let mut out = Vec::new();
        papercat_core::json::write(
            cat,
            &mut out,
            &papercat_core::json::Options { pretty: true },
        )
        .unwrap();
        String::from_utf8(out).unwrap()
    };
    let (a, ra) = run(&names, Options::default());
    let (b, rb) = run(&names, Options::default());
    assert_eq!(json(&a), json(&b));
    assert_eq!(ra, rb);
    assert!(json(&a).contains("\"provenance\""));
    // Enriching an enriched catalogue again fills nothing new.
    let sources: Vec<Source> = names.iter().map(|n| open(&a, n)).collect();
    let (c, rc) = enrich(a.clone(), &sources, &Options::default());
    assert_eq!(c.papers, a.papers);
    assert!(rc.sources.iter().all(|s| s.completed == 0), "{rc}");
}

const CONFLICTS: &str = "\
## PEFT

- QLoRA
  - 论文名称：QLoRA: Efficient Fine-tuning of Quantised LLMs
  - 论文地址：https://arxiv.org/abs/2305.14314
  - 会议：NeurIPS 2022
  - 作者：Tim Dettmer, Artidoro Pagnoni
";

fn conflicts(opts: Options) -> Catalogue {
    let cat = papercat_core::parse_str(CONFLICTS);
    let needs = Needs::of(&cat);
    let sources = [
        Source::open(&fixture("refs.csl.json"), None, &needs).unwrap(),
        Source::open(&fixture("arxiv-snapshot.jsonl"), None, &needs).unwrap(),
    ];
    enrich(cat, &sources, &opts).0
}

#[test]
fn conflicts_are_warnings_and_the_catalogue_wins() {
    let cat = conflicts(Options::default());
    let q = &cat.papers[0];
    assert_eq!(
        q.work.title.as_deref(),
        Some("QLoRA: Efficient Fine-tuning of Quantised LLMs")
    );
    assert_eq!(q.work.year, Some(2022));
    assert_eq!(families(q), vec!["Dettmer", "Pagnoni"]);
    assert_eq!(
        q.work.arxiv_category.as_deref(),
        Some("cs.LG"),
        "missing values still fill"
    );
    let warnings: Vec<String> = cat
        .diagnostics
        .iter()
        .filter(|d| d.code == "enrich-conflict")
        .map(|d| {
            assert_eq!(
                (d.severity, d.line, d.file.as_str()),
                (Severity::Warning, 3, "<input>")
            );
            d.message.split(':').next().unwrap_or("").to_string()
        })
        .collect();
    // Title, authors and year differ from the CSL item (matched by URL arXiv id), then from
    // the snapshot: a preprint year (2023) after a written 2022 is a conflict too.
    assert_eq!(
        warnings,
        vec![
            "title differs",
            "authors differs",
            "year differs",
            "title differs",
            "authors differs",
            "year differs"
        ],
        "{:#?}",
        cat.diagnostics
    );
    let first = cat
        .diagnostics
        .iter()
        .find(|d| d.code == "enrich-conflict")
        .unwrap();
    assert!(
        first
            .message
            .contains("the catalogue has `QLoRA: Efficient Fine-tuning of Quantised LLMs`"),
        "{first}"
    );
    assert!(
        first.message.contains("refs.csl.json:2, matched by arxiv"),
        "{first}"
    );
    assert!(first.hint.as_deref().unwrap().contains("--prefer-source"));
}

#[test]
fn prefer_source_replaces_with_notes() {
    let cat = conflicts(Options {
        prefer_source: true,
    });
    let q = &cat.papers[0];
    assert_eq!(
        q.work.title.as_deref(),
        Some("QLoRA: Efficient Finetuning of Quantized LLMs")
    );
    assert_eq!(q.work.year, Some(2023));
    assert_eq!(
        families(q),
        vec!["Dettmers", "Pagnoni", "Holtzman", "Zettlemoyer"]
    );
    assert_eq!(
        prov(q),
        vec![
            "title <- refs.csl.json (arxiv)",
            "authors <- refs.csl.json (arxiv)",
            "year <- refs.csl.json (arxiv)",
            "venue <- refs.csl.json (arxiv)",
            "arxiv_category <- arxiv-snapshot.jsonl (arxiv)"
        ]
    );
    assert_eq!(
        q.work.venue.as_ref().unwrap().raw,
        "Advances in Neural Information Processing Systems"
    );
    assert!(
        cat.diagnostics.iter().all(|d| d.severity == Severity::Note),
        "{:#?}",
        cat.diagnostics
    );
    assert_eq!(
        codes(&cat, "enrich-conflict").len(),
        3,
        "title, authors, year replaced"
    );
    // The key was made from the catalogue's author and year and stays.
    assert_eq!(q.key, papercat_core::parse_str(CONFLICTS).papers[0].key);
}

#[test]
fn copy_pasted_arxiv_id_is_refused() {
    let text = "\
- LLaVA
  - 论文名称：Visual Instruction Tuning
  - 论文地址：https://arxiv.org/abs/2304.08485

- Self-Consistency（链接抄错了）
  - 论文名称：Self-Consistency Improves Chain of Thought Reasoning in Language Models
  - 论文地址：https://arxiv.org/abs/2304.08485
";
    let cat = papercat_core::parse_str(text);
    assert_eq!(cat.papers.len(), 2, "the parser keeps two papers");
    let src = Source::open(&fixture("arxiv-snapshot.jsonl"), None, &Needs::of(&cat)).unwrap();
    let (cat, report) = enrich(cat, &[src], &Options::default());
    assert_eq!(cat.papers[0].work.authors.len(), 4);
    assert!(cat.papers[1].work.authors.is_empty());
    assert!(cat.papers[1].provenance.is_empty());
    assert_eq!(
        codes(&cat, "enrich-title-mismatch"),
        vec![(5, Severity::Warning)]
    );
    assert_eq!(report.sources[0].refused, 1);
}

#[test]
fn title_found_under_another_id_is_refused() {
    // The QLoRA entry carries LLaVA's arXiv id; the snapshot has QLoRA under its own id.
    let text = "\
- QLoRA
  - 论文名称：QLoRA: Efficient Finetuning of Quantized LLMs
  - 论文地址：https://arxiv.org/abs/2304.08485
";
    let cat = papercat_core::parse_str(text);
    let src = Source::open(&fixture("arxiv-snapshot.jsonl"), None, &Needs::of(&cat)).unwrap();
    assert_eq!(src.records.len(), 2, "kept by id and by title");
    let (cat, _) = enrich(cat, &[src], &Options::default());
    assert!(cat.papers[0].provenance.is_empty());
    let found: Vec<&str> = cat.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(found, vec!["enrich-title-mismatch", "enrich-id-conflict"]);
    let d = &cat.diagnostics[1];
    assert!(
        d.message
            .contains("under arxiv 2305.14314, but the catalogue gives 2304.08485"),
        "{d}"
    );
}

#[test]
fn source_diagnostics_join_the_catalogue() {
    let cat = catalogue();
    let bad = Source::from_text(
        "bad.jsonl",
        SourceKind::ArxivJsonl,
        "{\"id\":\"2304.08485\",\"title\":\"Visual Instruction Tuning\"}\nnot json\n",
        &Needs::of(&cat),
    );
    let (cat, report) = enrich(cat, &[bad], &Options::default());
    let d = cat
        .diagnostics
        .iter()
        .find(|d| d.code == "enrich-bad-record")
        .unwrap();
    assert_eq!((d.file.as_str(), d.line), ("bad.jsonl", 2));
    assert_eq!(report.sources[0].read.bad, 1);
    assert!(report.to_string().contains("1 unreadable"));
}
