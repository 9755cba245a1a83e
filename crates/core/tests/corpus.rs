//! Conformance over the shared real catalogue `../shared/corpus/000_592348f81878be69.txt`.
//! Skipped (with a message) where `../shared` is absent; required under PAPERCAT_REQUIRE_TOOLS=1.

use papercat_core::{Author, Catalogue, Input, Paper, Severity};

fn corpus() -> Option<Catalogue> {
    let Some(dir) = papercat_testkit::shared_dir() else {
        assert!(
            !papercat_testkit::tools_required(),
            "../shared is required in CI (PAPERCAT_REQUIRE_TOOLS=1) but is missing"
        );
        eprintln!("SKIPPED corpus conformance: ../shared/corpus is not beside the checkout");
        return None;
    };
    let path = dir.join("corpus/000_592348f81878be69.txt");
    let bytes = std::fs::read(&path).expect("read corpus");
    Some(papercat_core::parse(&[Input::from_bytes(
        "corpus.md",
        &bytes,
        path.parent().map(Into::into),
    )]))
}

fn by_title<'a>(c: &'a Catalogue, prefix: &str) -> &'a Paper {
    let found: Vec<&Paper> = c
        .papers
        .iter()
        .filter(|p| {
            p.work
                .title
                .as_deref()
                .is_some_and(|t| t.starts_with(prefix))
        })
        .collect();
    assert_eq!(found.len(), 1, "exactly one paper titled {prefix}…");
    found[0]
}

fn diag_lines(c: &Catalogue, code: &str) -> Vec<u32> {
    c.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.line)
        .collect()
}

#[test]
fn corpus_counts_duplicates_and_shared_identifiers() {
    let Some(c) = corpus() else { return };
    assert_eq!(c.title.as_deref(), Some("LLMs 论文研读社"));
    // 103 entries: 101 papers, two real duplicates merged.
    let listings: usize = c.papers.iter().map(|p| p.occurrences.len()).sum();
    assert_eq!(listings, 103);
    assert_eq!(c.papers.len(), 101);
    let merged: Vec<&Paper> = c
        .papers
        .iter()
        .filter(|p| p.occurrences.len() == 2)
        .collect();
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].work.arxiv.as_deref(), Some("2310.05007"));
    assert_eq!(merged[0].sections().len(), 2);
    assert_eq!(merged[1].work.arxiv.as_deref(), Some("2310.08975"));
    assert_eq!(
        merged[1]
            .occurrences
            .iter()
            .map(|o| o.line)
            .collect::<Vec<_>>(),
        vec![364, 441]
    );
    // Copy-paste errors stay apart and are reported at the second entry's line.
    assert_eq!(
        diag_lines(&c, "shared-identifier"),
        vec![524, 548, 568, 718, 743]
    );
    for id in ["2310.14587", "2301.02998", "2206.10658", "2202.06991"] {
        assert_eq!(
            c.papers
                .iter()
                .filter(|p| p.work.arxiv.as_deref() == Some(id))
                .count(),
            2,
            "{id}"
        );
    }
    assert_eq!(
        c.papers
            .iter()
            .filter(|p| p.work.acl.as_deref() == Some("2023.emnlp-main.923"))
            .count(),
        2
    );
    assert_eq!(diag_lines(&c, "shared-code"), vec![980]);
    // The truncated arXiv id is an error with its line.
    let bad: Vec<_> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "bad-arxiv-id")
        .collect();
    assert_eq!(bad.len(), 1);
    assert_eq!((bad[0].line, bad[0].severity), (457, Severity::Error));
    assert!(bad[0].message.contains("2305.1636"));
    assert_eq!(by_title(&c, "Role-Play with Large").work.arxiv, None);
    // Keys are unique and ASCII.
    let mut keys: Vec<&str> = c.papers.iter().map(|p| p.key.as_str()).collect();
    assert!(keys.iter().all(|k| k
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')));
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 101);
}

#[test]
fn corpus_every_identifier_and_code_link_is_recognised() {
    let Some(c) = corpus() else { return };
    let with_arxiv = c.papers.iter().filter(|p| p.work.arxiv.is_some()).count();
    // Every arXiv link in the file but the truncated one (2305.1636).
    assert_eq!(with_arxiv, 92);
    assert_eq!(c.papers.iter().filter(|p| p.work.doi.is_some()).count(), 1);
    assert_eq!(c.papers.iter().filter(|p| p.work.acl.is_some()).count(), 4);
    let code: usize = c.papers.iter().map(|p| p.code.len()).sum();
    assert_eq!(code, 25);
    let f = |t: &str| by_title(&c, t);
    assert_eq!(
        f("Visual Instruction Tuning").work.arxiv.as_deref(),
        Some("2304.08485")
    );
    assert_eq!(
        f("Visual Instruction Tuning").code,
        vec!["https://github.com/haotian-liu/LLaVA"]
    );
    assert_eq!(
        f("Visual Instruction Tuning").heading,
        "LLaVA：经典的多模态大模型"
    );
    assert_eq!(f("DyLoRA").work.arxiv.as_deref(), Some("2210.07558"));
    assert_eq!(f("DyLoRA").arxiv_version, Some(2));
    assert_eq!(
        f("DyLoRA").code,
        vec!["https://github.com/huawei-noah/KD-NLP/tree/main/DyLoRA"]
    );
    assert_eq!(f("QLoRA").work.arxiv.as_deref(), Some("2305.14314"));
    assert_eq!(
        f("Learning to Prompt with Text Only").code,
        vec!["https://github.com/muzairkhattak/ProText"]
    );
    assert_eq!(f("Vary:").work.arxiv.as_deref(), Some("2312.06109"));
    assert_eq!(
        f("Emulating Human Cognitive").work.arxiv.as_deref(),
        Some("2310.11266")
    );
    assert_eq!(
        f("Neural text generation").work.doi.as_deref(),
        Some("10.1145/3486622.3493957")
    );
    assert_eq!(
        f("Co-Prompt").work.acl.as_deref(),
        Some("2023.findings-acl.61")
    );
    assert_eq!(f("UPR:").work.acl.as_deref(), Some("2022.emnlp-main.249"));
    assert_eq!(
        f("One Shot Learning").code,
        vec!["https://github.com/pldlgb/nuggets"]
    );
    assert_eq!(
        f("ChatHaruhi").code,
        vec!["https://github.com/LC1332/Chat-Haruhi-Suzumiya"]
    );
    assert_eq!(
        f("InstructTODS").code,
        vec!["https://github.com/WillyHC22/InstructTODS"]
    );
    assert_eq!(
        f("GPT4Video")
            .links
            .iter()
            .filter(|l| l.kind == papercat_core::LinkKind::Project)
            .count(),
        1
    );
}

#[test]
fn corpus_venues_authors_titles_and_fields() {
    let Some(c) = corpus() else { return };
    let f = |t: &str| by_title(&c, t);
    let v = f("MemSum-DQA").work.venue.clone().expect("venue");
    assert_eq!(
        (v.raw.as_str(), v.name.as_deref(), v.year),
        ("CIKM 2023", Some("CIKM"), Some(2023))
    );
    let v = f("RankGTP").work.venue.clone().expect("venue");
    assert_eq!((v.name.as_deref(), v.year), (Some("EMNLP"), Some(2023)));
    assert!(c
        .papers
        .iter()
        .all(|p| p.work.venue.as_ref().is_none_or(|v| !v.raw.is_empty())));
    let p = f("Instruct-Imagen");
    assert_eq!(
        p.work.authors[1],
        Author::Person {
            given: "Kelvin C.K.".into(),
            family: "Chan".into()
        }
    );
    assert_eq!((p.work.year, p.work.month), (Some(2024), Some(1)));
    assert_eq!(p.institutions, vec!["谷歌研究院", "Google DeepMind"]);
    assert_eq!(p.topics, vec!["指令微调", "多模态"]);
    let p = f("One Shot Learning");
    assert_eq!(p.work.authors.len(), 10);
    assert!(p.work.et_al);
    assert_eq!(
        p.work.authors[0],
        Author::Person {
            given: "Yunshui".into(),
            family: "Li".into()
        }
    );
    assert_eq!(p.key, "li2023one");
    // Full-width colon inside an English title; [J]. marker dropped; unlabelled English title.
    assert!(c
        .papers
        .iter()
        .any(|p| p.work.title.as_deref() == Some("VeRA: Vector-based Random Matrix Adaptation")));
    assert_eq!(
        f("FreeAL").work.title.as_deref(),
        Some("FreeAL: Towards Human-Free Active Learning in the Era of Large Language Models")
    );
    assert_eq!(
        f("Can AI Be as Creative").work.arxiv.as_deref(),
        Some("2401.01623")
    );
    // Every labelled child is kept in order, nested lists included; unknown labels are `other`.
    let p = f("Visual Instruction Tuning");
    let labels: Vec<&str> = p.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(
        labels,
        vec![
            "论文名称",
            "论文地址",
            "机构",
            "Github 地址",
            "会议",
            "动机",
            "论文方法",
            "训练方式",
            "实验效果"
        ]
    );
    assert!(p.method().contains("- 将Clip作为图像的编码器"));
    assert_eq!(p.fields[7].kind, papercat_core::FieldKind::Other);
    let p = f("Can Large Language Models Explain");
    assert!(p
        .fields
        .iter()
        .any(|f| f.label == "论文结论" && f.text.contains("忠实度")));
    // Bare-label child and unlabelled notes are kept.
    let p = f("Assessing GPT4-V");
    assert!(p
        .fields
        .iter()
        .any(|f| f.kind == papercat_core::FieldKind::Note && f.text.starts_with("研究结果显示")));
    // Merged duplicate keeps both listings' differing notes.
    let p = c
        .papers
        .iter()
        .find(|p| p.work.arxiv.as_deref() == Some("2310.05007"))
        .expect("MINPROMPT");
    assert_eq!(
        p.fields
            .iter()
            .filter(|f| f.kind == papercat_core::FieldKind::Motivation)
            .count(),
        2
    );
}

/// The corpus and the samples read in chunks on two threads (as large files are read) exactly
/// as in one piece, at chunk sizes that cut before nearly every heading.
#[test]
fn corpus_and_samples_read_in_chunks_like_one_piece() {
    let mut files = papercat_testkit::sample_paths();
    if let Some(dir) = papercat_testkit::shared_dir() {
        files.push(dir.join("corpus/000_592348f81878be69.txt"));
    }
    assert!(files.len() >= 3, "samples missing: {files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        for chunk in [1, 2000, 32768] {
            assert_eq!(
                papercat_core::chunked_read_matches(&text, chunk),
                Some(true),
                "{} at chunk size {chunk}",
                f.display()
            );
        }
    }
}
