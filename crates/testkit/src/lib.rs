//! Test helpers shared by the papercat crates (a dev-dependency of each), the benchmarks and
//! the fuzz targets, with three binaries: `gen-catalogue`, `pulldown-iter`, `corpus-report`.
//!
//! - [`generator`]: deterministic large catalogues for benchmarks and robustness tests
//!   (`gen-catalogue` writes one to a file); [`baseline`]: the bare pulldown-cmark walk the
//!   parser is measured against (`pulldown-iter`).
//! - [`arbitrary`]: any bytes decoded into a hostile catalogue, for property tests and fuzzing;
//!   `writer_checks` (feature `writers`): every writer's promises, read back independently.
//! - [`score`]: precision and recall against hand annotations (`corpus-report`); [`http`]: a
//!   local HTTP server for the online look-ups.
//!
//! Tests that need an external program (biber, pandoc, the Python `anki` library...) call
//! [`tool`] or [`python`]. Locally, when the program is missing, they get `None` and the test
//! prints a `SKIPPED` line on stderr. Under `PAPERCAT_REQUIRE_TOOLS=1` (set by `.ci/run`) a
//! missing program is a test failure instead, so CI can never skip silently.

pub mod arbitrary;
pub mod baseline;
pub mod generator;
pub mod score;
pub mod snapshot;
#[cfg(feature = "writers")]
pub mod writer_checks;

use std::path::{Path, PathBuf};

pub mod http;

/// True when missing tools must fail the test (CI).
pub fn tools_required() -> bool {
    std::env::var_os("PAPERCAT_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

fn missing(what: &str, test: &str) -> Option<PathBuf> {
    if tools_required() {
        panic!("{test}: {what} is required (PAPERCAT_REQUIRE_TOOLS=1) but was not found; run .ci/run or install it");
    }
    eprintln!("SKIPPED {test}: {what} not found (install it, or run .ci/run, to run this test)");
    None
}

/// The workspace root (the folder holding the root `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// Find `program` on PATH; `None` (with a SKIPPED line) when absent, panic under CI.
pub fn tool(program: &str, test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join(program);
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    missing(program, test)
}

/// The Python interpreter of the test venv that has `module` importable.
///
/// Looks at `PAPERCAT_PYTHON`, then `<workspace>/.venv/bin/python3`.
pub fn python(module: &str, test: &str) -> Option<PathBuf> {
    let candidates = std::env::var_os("PAPERCAT_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain(std::iter::once(workspace_root().join(".venv/bin/python3")));
    for py in candidates {
        if !py.is_file() {
            continue;
        }
        let ok = std::process::Command::new(&py)
            .args(["-c", &format!("import {module}")])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            return Some(py);
        }
    }
    missing(
        &format!("python module `{module}` (venv .venv or PAPERCAT_PYTHON)"),
        test,
    )
}

/// The shared corpus folder `../shared` beside the checkout, when present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared");
    dir.is_dir().then_some(dir)
}

use papercat_core::{
    Author, Catalogue, Field, FieldKind, Link, LinkKind, Occurrence, Paper, Section, Venue, Work,
};

fn field(label: &str, kind: FieldKind, text: &str, line: u32) -> Field {
    Field {
        label: label.into(),
        kind,
        text: text.into(),
        line,
    }
}

fn occ(line: u32, section: &[&str]) -> Occurrence {
    Occurrence {
        file: "fixture.md".into(),
        line,
        section: section.iter().map(|s| s.to_string()).collect(),
    }
}

fn person(given: &str, family: &str) -> Author {
    Author::Person {
        given: given.into(),
        family: family.into(),
    }
}

/// `n` papers `p0`, `p1`... each with its own link (`https://example.org/{i}`) and listed
/// once in `file`, paper `i` on line `i + 1`: the input of the writers' link-limit tests.
pub fn linked_papers(n: usize, file: &str) -> Vec<Paper> {
    (0..n)
        .map(|i| Paper {
            key: format!("p{i}"),
            url: Some(format!("https://example.org/{i}")),
            occurrences: vec![Occurrence {
                file: file.into(),
                line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                section: vec![],
            }],
            ..Default::default()
        })
        .collect()
}

/// A small hand-built catalogue that exercises what writers must get right: an arXiv paper
/// listed under two sections, an ACL Anthology conference paper, a DOI paper, a web page,
/// a paper with hostile text (`%`, `_`, `&`, braces, `=HYPERLINK(..)`, `<script>`, a leading
/// `#`, a long note) and CJK/literal authors. Writers' tests use it until they parse samples.
pub fn fixture() -> Catalogue {
    let sec = |title: &str, level: u8, path: &[&str], parent: Option<usize>, line: u32| Section {
        title: title.into(),
        level,
        path: path.iter().map(|s| s.to_string()).collect(),
        parent,
        file: "fixture.md".into(),
        line,
    };
    let sections = vec![
        sec("多模态篇", 2, &["多模态篇"], None, 3),
        sec("PEFT 系列篇", 2, &["PEFT 系列篇"], None, 20),
        sec("搜索 篇", 2, &["搜索 篇"], None, 40),
        sec("排序", 3, &["搜索 篇", "排序"], Some(2), 42),
    ];
    let llava = Paper { key: "liu2023visual".into(), heading: "LLaVA：经典的多模态大模型".into(), note_link: Some("Multimodal/LLaVA/readme.md".into()), occurrences: vec![occ(5, &["多模态篇"]), occ(22, &["PEFT 系列篇"])], arxiv_version: None, url: Some("https://arxiv.org/abs/2304.08485".into()), links: vec![
            Link { url: "https://arxiv.org/abs/2304.08485".into(), kind: LinkKind::Paper, label: "论文地址".into() },
            Link { url: "https://github.com/haotian-liu/LLaVA".into(), kind: LinkKind::Code, label: "Github 地址".into() },
        ], code: vec!["https://github.com/haotian-liu/LLaVA".into()], institutions: vec!["微软研究院".into(), "哥伦比亚大学".into()], topics: vec!["多模态".into(), "指令微调".into()], fields: vec![
            field("论文名称", FieldKind::Title, "Visual Instruction Tuning", 6),
            field("论文地址", FieldKind::Link, "https://arxiv.org/abs/2304.08485", 7),
            field("机构", FieldKind::Institution, "微软研究院和哥伦比亚大学", 8),
            field("Github 地址", FieldKind::Code, "https://github.com/haotian-liu/LLaVA", 9),
            field("动机", FieldKind::Motivation, "像ChatGPT这种大语言模型只接受文字输入，那么如何让大语言模型接收图像输入呢？", 10),
            field("论文方法", FieldKind::Method, "LLaVA提出了一种方法，\n- 将Clip作为图像的编码器，在Clip后面加入一个**线性映射层**;\n- 将其和文本的编码一起送入到Language Model中。", 11),
            field("实验效果", FieldKind::Results, "相对于 GPT-4 获得了 85.1% 的相对得分。", 14),
            field("训练方式", FieldKind::Other, "- 第一阶段：**预训练阶段**\n- 第二阶段：**微调阶段**", 15),
        ], work: Work { title: Some("Visual Instruction Tuning".into()), arxiv: Some("2304.08485".into()), year: Some(2023), month: Some(4), authors: vec![person("Haotian", "Liu"), person("Chunyuan", "Li"), person("Qingyang", "Wu")], et_al: true, ..Default::default() }, ..Default::default() };
    let rankgpt = Paper { key: "sun2023chatgpt".into(), heading: "RankGPT：ChatGPT擅长搜索吗？".into(), occurrences: vec![occ(44, &["搜索 篇", "排序"])], url: Some("https://aclanthology.org/2023.emnlp-main.923/".into()), links: vec![Link { url: "https://aclanthology.org/2023.emnlp-main.923/".into(), kind: LinkKind::Paper, label: "论文地址".into() }], fields: vec![
            field("论文名称", FieldKind::Title, "Is ChatGPT Good at Search? Investigating Large Language Models as Re-Ranking Agents", 45),
            field("论文地址", FieldKind::Link, "https://aclanthology.org/2023.emnlp-main.923/", 46),
            field("会议", FieldKind::Venue, "EMNLP2023", 47),
            field("方法", FieldKind::Method, "RankGPT 采用滑动窗口的方法 (list-wise)。", 48),
        ], work: Work { title: Some("Is ChatGPT Good at Search? Investigating Large Language Models as Re-Ranking Agents".into()), acl: Some("2023.emnlp-main.923".into()), venue: Some(Venue { raw: "EMNLP2023".into(), name: Some("EMNLP".into()), year: Some(2023), note: None }), year: Some(2023), authors: vec![person("Weiwei", "Sun"), Author::Literal { literal: "任昭春".into() }], ..Default::default() }, ..Default::default() };
    let neural = Paper {
        key: "wang2021neural".into(),
        heading: "面向信息检索查询扩展的神经文本生成".into(),
        occurrences: vec![occ(50, &["搜索 篇"])],
        url: Some("https://dl.acm.org/doi/10.1145/3486622.3493957".into()),
        links: vec![Link {
            url: "https://dl.acm.org/doi/10.1145/3486622.3493957".into(),
            kind: LinkKind::Paper,
            label: "论文地址".into(),
        }],
        fields: vec![
            field(
                "论文名称",
                FieldKind::Title,
                "Neural text generation for query expansion in information retrieval",
                51,
            ),
            field(
                "论文地址",
                FieldKind::Link,
                "https://dl.acm.org/doi/10.1145/3486622.3493957",
                52,
            ),
            field("动机", FieldKind::Motivation, "", 53),
        ],
        work: Work {
            title: Some(
                "Neural text generation for query expansion in information retrieval".into(),
            ),
            doi: Some("10.1145/3486622.3493957".into()),
            year: Some(2021),
            ..Default::default()
        },
        ..Default::default()
    };
    let notion = Paper {
        key: "initial_exploration".into(),
        heading: "符尧：别卷大模型训练了，来卷数据吧！".into(),
        occurrences: vec![occ(60, &["PEFT 系列篇"])],
        url: Some(
            "https://yaofu.notion.site/An-Initial-Exploration-dc480d9bf7ff4659afd8c9fb738086eb"
                .into(),
        ),
        links: vec![Link {
            url:
                "https://yaofu.notion.site/An-Initial-Exploration-dc480d9bf7ff4659afd8c9fb738086eb"
                    .into(),
            kind: LinkKind::Other,
            label: "论文地址".into(),
        }],
        fields: vec![field(
            "论文名称",
            FieldKind::Title,
            "An Initial Exploration of Theoretical Support for Language Model Data Engineering",
            61,
        )],
        work: Work {
            title: Some(
                "An Initial Exploration of Theoretical Support for Language Model Data Engineering"
                    .into(),
            ),
            ..Default::default()
        },
        ..Default::default()
    };
    let hostile = Paper { key: "hostile_2024".into(), heading: "=HYPERLINK(\"http://evil\") 100% {unbalanced _under & <b>bold</b>".into(), occurrences: vec![occ(70, &["多模态篇"])], arxiv_version: Some(2), url: Some("https://arxiv.org/abs/2305.14314".into()), links: vec![
            Link { url: "https://arxiv.org/abs/2305.14314".into(), kind: LinkKind::Paper, label: "论文地址".into() },
            Link { url: "https://arxiv.org/pdf/2305.14314v2.pdf".into(), kind: LinkKind::Pdf, label: "pdf".into() },
            Link { url: "https://github.com/artidoro/qlora/tree/main/examples".into(), kind: LinkKind::Code, label: "Code".into() },
        ], code: vec!["https://github.com/artidoro/qlora/tree/main/examples".into()], topics: vec!["量化".into(), "PEFT".into()], institutions: vec!["University of Washington".into()], fields: vec![
            field("论文名称", FieldKind::Title, "QLoRA: 100% Efficient Finetuning of {Quantized} LLMs", 71),
            field("动机", FieldKind::Motivation, "=HYPERLINK(\"http://evil\",\"click\")", 72),
            field("论文方法", FieldKind::Method, "<script>alert(1)</script><img src=x onerror=alert(2)> [link](javascript:alert(3)) **4-bit NormalFloat** and `code`", 73),
            field("实验结果", FieldKind::Results, &"长文本".repeat(20_000), 74),
            field("#备注", FieldKind::Other, "#hashtag start\twith tab\r\nand CRLF; +1 -1 @at ＝全角", 75),
            field("", FieldKind::Note, "@SUM(A1:A2) unlabelled note", 76),
        ], work: Work { title: Some("QLoRA: 100% Efficient Finetuning of {Quantized} LLMs with GPT-4V & BERT_base #1 ~ $x^2$ \\relax".into()), arxiv: Some("2305.14314".into()), venue: Some(Venue { raw: "NeurIPS 2023 (Oral)".into(), name: Some("NeurIPS".into()), year: Some(2023), note: Some("Oral".into()) }), year: Some(2023), month: Some(5), authors: vec![person("Tim", "Dettmers"), person("", "Pagnoni"), Author::Literal { literal: "Google DeepMind".into() }], ..Default::default() }, ..Default::default() };
    Catalogue {
        title: Some("LLMs 论文研读社".into()),
        sections,
        papers: vec![llava, rankgpt, neural, notion, hostile],
        diagnostics: vec![],
    }
}

/// The catalogues in `samples/` (`*.md`), sorted by name.
pub fn sample_paths() -> Vec<PathBuf> {
    let dir = workspace_root().join("samples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    paths
}

/// Parse files into one catalogue, each named by its file name in diagnostics.
pub fn parse_files(paths: &[PathBuf]) -> Catalogue {
    let inputs: Vec<papercat_core::Input> = paths
        .iter()
        .map(|p| {
            let bytes =
                std::fs::read(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            papercat_core::Input::from_bytes(&name, &bytes, None)
        })
        .collect();
    papercat_core::parse(&inputs)
}
