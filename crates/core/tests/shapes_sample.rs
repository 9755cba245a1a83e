//! `samples/mixed-shapes.md`: one catalogue mixing every entry shape, read end to end.

use papercat_core::{Author, Catalogue, FieldKind, Input, LinkKind, Paper};

fn sample() -> Catalogue {
    let path = papercat_testkit::workspace_root().join("samples/mixed-shapes.md");
    let bytes = std::fs::read(&path).expect("read samples/mixed-shapes.md");
    papercat_core::parse(&[Input::from_bytes(
        "mixed-shapes.md",
        &bytes,
        path.parent().map(Into::into),
    )])
}

fn paper<'a>(c: &'a Catalogue, arxiv: &str) -> &'a Paper {
    c.papers
        .iter()
        .find(|p| p.work.arxiv.as_deref() == Some(arxiv))
        .unwrap_or_else(|| panic!("no paper with arXiv {arxiv}"))
}

fn sections(p: &Paper) -> Vec<String> {
    p.sections().iter().map(|s| s.join(" / ")).collect()
}

fn venue(p: &Paper) -> (Option<&str>, Option<i32>) {
    let v = p.work.venue.as_ref();
    (v.and_then(|v| v.name.as_deref()), v.and_then(|v| v.year))
}

#[test]
fn every_shape_is_read_and_nothing_else_is() {
    let c = sample();
    assert_eq!(c.title.as_deref(), Some("混合写法的论文目录"));
    assert_eq!(c.papers.len(), 22);
    let listings: usize = c.papers.iter().map(|p| p.occurrences.len()).sum();
    assert_eq!(listings, 23);
    let codes: Vec<(&str, u32)> = c
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.line))
        .collect();
    // The merged listing, and its `Code: None` placeholder (never a link, always reported).
    assert_eq!(
        codes,
        vec![("duplicate-merged", 111), ("placeholder-link", 113)]
    );
    let paths: Vec<String> = c.sections.iter().map(|s| s.path.join(" / ")).collect();
    assert_eq!(
        paths,
        vec![
            "目录",
            "经典基础",
            "参数高效微调",
            "多模态与生成",
            "多模态与生成 / 多模态",
            "多模态与生成 / 扩散模型",
            "多模态与生成 / 图像生成",
            "推理与智能体",
            "推理与智能体 / 优化与视觉基础",
            "检索增强",
            "基座与对齐",
            "面试题",
            "笔记链接",
        ]
    );
    // Keys are unique.
    let mut keys: Vec<&str> = c.papers.iter().map(|p| p.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 22);
}

#[test]
fn list_item_papers() {
    let c = sample();
    let p = paper(&c, "1706.03762");
    assert_eq!(p.key, "vaswani2017attention");
    assert_eq!(p.heading, "Transformer：只用注意力的序列模型");
    assert_eq!(p.work.authors.len(), 8);
    assert_eq!(venue(p), (Some("NeurIPS"), Some(2017)));
    assert_eq!(sections(p), vec!["经典基础"]);
    assert_eq!(p.line(), 16);
    let p = paper(&c, "1810.04805");
    assert_eq!(venue(p), (Some("NAACL"), Some(2019)));
}

#[test]
fn heading_papers() {
    let c = sample();
    let lora = paper(&c, "2106.09685");
    assert_eq!(
        lora.work.title.as_deref(),
        Some("LoRA: Low-Rank Adaptation of Large Language Models")
    );
    assert_eq!(lora.key, "hu2022lora");
    assert_eq!(venue(lora), (Some("ICLR"), Some(2022)));
    assert_eq!((lora.work.year, lora.work.month), (Some(2022), None));
    assert_eq!(lora.code, vec!["https://github.com/microsoft/LoRA"]);
    assert_eq!(sections(lora), vec!["参数高效微调"]);
    assert_eq!(lora.line(), 33);
    assert!(lora.summary().contains("冻结预训练权重"));
    assert_eq!(
        lora.motivation(),
        "每个下游任务都全量微调一份大模型，存储和部署的代价太高。"
    );
    assert!(lora
        .method()
        .starts_with("- 假设微调带来的权重变化是低秩的"));
    assert!(lora.results().contains("几个数量级"));
    let qlora = paper(&c, "2305.14314");
    assert_eq!(qlora.heading, "QLoRA");
    assert_eq!(
        qlora.work.title.as_deref(),
        Some("QLoRA: Efficient Finetuning of Quantized LLMs")
    );
    // The venue is read from the Chinese comment.
    assert_eq!(venue(qlora), (Some("NeurIPS"), Some(2023)));
    assert_eq!((qlora.work.year, qlora.work.month), (Some(2023), Some(5)));
    let fa = paper(&c, "2205.14135");
    assert_eq!(venue(fa), (Some("NeurIPS"), Some(2022)));
    assert!(fa
        .fields
        .iter()
        .any(|f| f.label == "Findings" && f.text.starts_with("Exact attention")));
    let llama = paper(&c, "2307.09288");
    assert_eq!(
        (llama.heading.as_str(), llama.work.year, llama.work.month),
        ("Llama 2", Some(2023), Some(7))
    );
    assert!(llama.work.et_al);
    assert_eq!(
        llama.work.authors[0],
        Author::Person {
            given: "Hugo".into(),
            family: "Touvron".into()
        }
    );
    assert!(llama.method().contains("2T token"));
    let dpo = paper(&c, "2305.18290");
    assert_eq!(
        dpo.work.title.as_deref(),
        Some("Direct Preference Optimization: Your Language Model is Secretly a Reward Model")
    );
    assert_eq!(sections(dpo), vec!["基座与对齐"]);
    // A paper heading under a section that also holds a list-item paper.
    let selfrag = paper(&c, "2310.11511");
    assert_eq!(sections(selfrag), vec!["检索增强"]);
    assert_eq!(venue(selfrag), (Some("ICLR"), Some(2024)));
    // The comment and the quote are both summary fields, in document order.
    assert!(selfrag
        .summary()
        .starts_with("ICLR 2024\n\nThe model decides when to retrieve"));
    assert_eq!(
        selfrag.links.iter().map(|l| l.kind).collect::<Vec<_>>(),
        vec![LinkKind::Paper, LinkKind::Code, LinkKind::Project]
    );
}

#[test]
fn bold_title_papers() {
    let c = sample();
    let llava = paper(&c, "2304.08485");
    assert_eq!(
        llava.work.title.as_deref(),
        Some("Visual Instruction Tuning")
    );
    assert_eq!(sections(llava), vec!["多模态与生成 / 多模态"]);
    assert_eq!(llava.links[0].label, "Paper(Oral)");
    assert_eq!(llava.links[2].kind, LinkKind::Project);
    let sam = paper(&c, "2304.02643");
    assert_eq!(sam.work.title.as_deref(), Some("Segment Anything"));
    assert!(sam
        .fields
        .iter()
        .any(|f| f.label == "Dataset" && f.text == "SA-1B"));
    let ldm = paper(&c, "2112.10752");
    assert_eq!(ldm.code.len(), 2);
    let ddpm = paper(&c, "2006.11239");
    assert_eq!(
        sections(ddpm),
        vec!["多模态与生成 / 扩散模型", "多模态与生成 / 图像生成"]
    );
    assert_eq!(ddpm.code, vec!["https://github.com/hojonathanho/diffusion"]);
    assert_eq!((ddpm.work.year, ddpm.work.month), (Some(2020), Some(6)));
    let vit = paper(&c, "2010.11929");
    assert_eq!(
        vit.work.title.as_deref(),
        Some("An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale")
    );
}

#[test]
fn reference_item_papers() {
    let c = sample();
    let cot = paper(&c, "2201.11903");
    assert_eq!(cot.key, "wei2022chain");
    assert_eq!(cot.work.authors.len(), 9);
    assert_eq!(cot.work.authors[8].family(), "Zhou");
    assert_eq!(venue(cot), (Some("NeurIPS"), Some(2022)));
    assert_eq!((cot.work.year, cot.work.month), (Some(2022), Some(1)));
    assert_eq!(cot.pdf_url(), Some("https://arxiv.org/pdf/2201.11903"));
    let react = paper(&c, "2210.03629");
    assert_eq!(venue(react), (Some("ICLR"), Some(2023)));
    assert_eq!(react.code, vec!["https://github.com/ysymyth/ReAct"]);
    assert_eq!(
        react
            .links
            .iter()
            .map(|l| (l.label.as_str(), l.kind))
            .collect::<Vec<_>>(),
        vec![
            ("pdf", LinkKind::Paper),
            ("project", LinkKind::Project),
            ("code", LinkKind::Code)
        ]
    );
    // Written over three lines of the same item.
    let tf = paper(&c, "2302.04761");
    assert_eq!(tf.work.authors.len(), 8);
    assert_eq!(
        tf.work.authors[2],
        Author::Person {
            given: "Roberto".into(),
            family: "Dessì".into()
        }
    );
    assert_eq!((tf.work.year, tf.work.month), (Some(2023), Some(2)));
    let gpt3 = paper(&c, "2005.14165");
    assert!(gpt3.work.et_al);
    assert_eq!(gpt3.work.authors.len(), 4);
    let adam = paper(&c, "1412.6980");
    assert_eq!(sections(adam), vec!["推理与智能体 / 优化与视觉基础"]);
    assert_eq!(adam.key, "kingma2015adam");
    assert_eq!(
        adam.fields.iter().map(|f| f.kind).collect::<Vec<_>>(),
        vec![
            FieldKind::Title,
            FieldKind::Venue,
            FieldKind::Authors,
            FieldKind::Link,
            FieldKind::Date
        ]
    );
}
