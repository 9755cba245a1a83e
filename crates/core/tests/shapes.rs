//! The paper-entry shapes other than the list item per paper (docs/shapes.md), each read
//! from inline Markdown into the same model, and the blocks that must stay non-papers.

use papercat_core::{parse_str, Author, Catalogue, FieldKind, LinkKind, Paper};

fn paper<'a>(c: &'a Catalogue, arxiv: &str) -> &'a Paper {
    let found: Vec<&Paper> = c
        .papers
        .iter()
        .filter(|p| p.work.arxiv.as_deref() == Some(arxiv))
        .collect();
    assert_eq!(found.len(), 1, "exactly one paper with arXiv {arxiv}");
    found[0]
}

fn section_paths(c: &Catalogue) -> Vec<String> {
    c.sections.iter().map(|s| s.path.join(" / ")).collect()
}

fn codes(c: &Catalogue) -> Vec<&str> {
    c.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn families(p: &Paper) -> Vec<&str> {
    p.work.authors.iter().map(Author::family).collect()
}

const HEADING_PAPER: &str = "\
# Notes

## 多模态

### [Visual Instruction Tuning](https://arxiv.org/abs/2304.08485)

* 论文名称：Visual Instruction Tuning
* 论文地址：https://arxiv.org/abs/2304.08485
* 发表时间：2023.04.17
- **Metrics:** ScienceQA accuracy
  - 92.53%
- **Comments:** NeurIPS 2023 oral (NeurIPS 2023)

> 用 GPT-4 生成多模态指令数据，
> 训练 LLaVA。

#### 一、论文动机

指令微调只在文本上做过。

#### 二、论文思路

- CLIP 视觉编码器
- 线性投影

#### 三、实验结果

效果好。

### Other papers

- LoRA
  - 论文名称：LoRA: Low-Rank Adaptation of Large Language Models
  - 论文地址：https://arxiv.org/abs/2106.09685
";

#[test]
fn heading_per_paper_with_fields_quote_and_sub_headings() {
    let c = parse_str(HEADING_PAPER);
    assert_eq!(c.papers.len(), 2);
    let p = paper(&c, "2304.08485");
    assert_eq!(p.heading, "Visual Instruction Tuning");
    assert_eq!(p.work.title.as_deref(), Some("Visual Instruction Tuning"));
    assert_eq!(p.line(), 5);
    assert_eq!(p.sections(), vec![&["多模态".to_string()][..]]);
    assert_eq!(p.url.as_deref(), Some("https://arxiv.org/abs/2304.08485"));
    assert_eq!((p.work.year, p.work.month), (Some(2023), Some(4)));
    // The venue comes from the comment, since no venue field is written.
    let v = p.work.venue.as_ref().expect("venue from Comments");
    assert_eq!((v.name.as_deref(), v.year), (Some("NeurIPS"), Some(2023)));
    assert_eq!(
        p.summary(),
        "NeurIPS 2023 oral (NeurIPS 2023)\n\n用 GPT-4 生成多模态指令数据，\n训练 LLaVA。"
    );
    assert_eq!(p.motivation(), "指令微调只在文本上做过。");
    assert_eq!(p.method(), "- CLIP 视觉编码器\n- 线性投影");
    assert_eq!(p.results(), "效果好。");
    let labels: Vec<(&str, FieldKind)> = p
        .fields
        .iter()
        .map(|f| (f.label.as_str(), f.kind))
        .collect();
    assert_eq!(
        labels,
        vec![
            ("论文名称", FieldKind::Title),
            ("论文地址", FieldKind::Link),
            ("发表时间", FieldKind::Date),
            ("Metrics", FieldKind::Other),
            ("Comments", FieldKind::Summary),
            ("", FieldKind::Summary),
            ("论文动机", FieldKind::Motivation),
            ("论文思路", FieldKind::Method),
            ("实验结果", FieldKind::Results),
        ]
    );
    assert_eq!(p.fields[3].text, "ScienceQA accuracy\n- 92.53%");
    assert_eq!(p.fields[6].line, 17);
    // The paper heading and its sub-headings are not sections; the others are.
    assert_eq!(section_paths(&c), vec!["多模态", "多模态 / Other papers"]);
    assert_eq!(c.sections[1].parent, Some(0));
    let lora = paper(&c, "2106.09685");
    assert_eq!(
        lora.sections(),
        vec![&["多模态".to_string(), "Other papers".to_string()][..]]
    );
    assert!(!codes(&c).contains(&"unknown-label"), "{:?}", c.diagnostics);
}

#[test]
fn heading_named_by_a_field_and_heading_linking_a_paper() {
    let c = parse_str(
        "## Papers\n\n### LLaVA\n\n* 论文名称：Visual Instruction Tuning\n* 论文地址：https://arxiv.org/abs/2304.08485\n* 时间：2023.04\n\n\
         ### [Direct Preference Optimization: Your Language Model is Secretly a Reward Model](https://arxiv.org/abs/2305.18290)\n\n\
         > 不训练奖励模型的 RLHF。\n\n#### 方法\n\n把奖励写成策略的函数。\n",
    );
    assert_eq!(c.papers.len(), 2);
    let p = paper(&c, "2304.08485");
    assert_eq!(
        (p.heading.as_str(), p.work.title.as_deref()),
        ("LLaVA", Some("Visual Instruction Tuning"))
    );
    assert_eq!((p.work.year, p.work.month), (Some(2023), Some(4)));
    let d = paper(&c, "2305.18290");
    assert_eq!(
        d.work.title.as_deref(),
        Some("Direct Preference Optimization: Your Language Model is Secretly a Reward Model")
    );
    assert_eq!(d.summary(), "不训练奖励模型的 RLHF。");
    assert_eq!(d.method(), "把奖励写成策略的函数。");
    assert_eq!(d.links[0].kind, LinkKind::Paper);
    assert_eq!(section_paths(&c), vec!["Papers"]);
    assert_eq!(d.sections(), vec![&["Papers".to_string()][..]]);
}

#[test]
fn heading_whose_children_are_papers_stays_a_section() {
    // `### RAG` links a paper and has a field list, but headings under it are papers: it is a
    // section, and so is `## Retrieval` above it.
    let c = parse_str(
        "## Retrieval\n\n### [RAG](https://arxiv.org/abs/2005.11401)\n\n- Paper: https://arxiv.org/abs/2005.11401\n\n\
         #### Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection\n\n\
         - Paper: https://arxiv.org/abs/2310.11511\n- Code: https://github.com/AkariAsai/self-rag\n",
    );
    assert_eq!(c.papers.len(), 1);
    let p = paper(&c, "2310.11511");
    assert_eq!(p.code, vec!["https://github.com/AkariAsai/self-rag"]);
    assert_eq!(section_paths(&c), vec!["Retrieval", "Retrieval / RAG"]);
    assert_eq!(
        p.sections(),
        vec![&["Retrieval".to_string(), "RAG".to_string()][..]]
    );
}

#[test]
fn bold_title_paragraphs_with_labelled_links() {
    let c = parse_str(
        "## Diffusion\n\n\
         **High-Resolution Image Synthesis with Latent Diffusion Models**\n\
         - Paper(Oral): https://arxiv.org/abs/2112.10752\n\
         - Code: https://github.com/CompVis/latent-diffusion\n\
         - Code1: https://github.com/CompVis/stable-diffusion\n\
         - Homepage: https://ommer-lab.com/research/latent-diffusion-models/\n\n\
         **Denoising Diffusion Probabilistic Models**\n\n\
         - Paper: https://arxiv.org/abs/2006.11239\n\
         - Code: None\n\
         - Demo: https://hojonathanho.github.io/diffusion/\n\
         - Blog: https://example.org/ddpm-notes\n\n\
         ## Generation\n\n\
         **Denoising Diffusion Probabilistic Models**\n\
         - Paper: https://arxiv.org/abs/2006.11239\n\
         - Code: none\n",
    );
    assert_eq!(c.papers.len(), 2);
    let ldm = paper(&c, "2112.10752");
    assert_eq!(
        ldm.work.title.as_deref(),
        Some("High-Resolution Image Synthesis with Latent Diffusion Models")
    );
    assert_eq!(ldm.line(), 3);
    assert_eq!(
        ldm.code,
        vec![
            "https://github.com/CompVis/latent-diffusion",
            "https://github.com/CompVis/stable-diffusion"
        ]
    );
    let kinds: Vec<(&str, LinkKind)> = ldm
        .links
        .iter()
        .map(|l| (l.label.as_str(), l.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Paper(Oral)", LinkKind::Paper),
            ("Code", LinkKind::Code),
            ("Code1", LinkKind::Code),
            ("Homepage", LinkKind::Project)
        ]
    );
    // Listed under two sections: one paper, two occurrences, a note about the merge.
    let ddpm = paper(&c, "2006.11239");
    assert_eq!(ddpm.occurrences.len(), 2);
    assert_eq!(
        ddpm.sections(),
        vec![
            &["Diffusion".to_string()][..],
            &["Generation".to_string()][..]
        ]
    );
    assert!(
        ddpm.code.is_empty(),
        "`Code: None` is a placeholder, not a link"
    );
    assert_eq!(
        ddpm.links
            .iter()
            .find(|l| l.label == "Demo")
            .map(|l| l.kind),
        Some(LinkKind::Project)
    );
    assert_eq!(
        ddpm.links
            .iter()
            .find(|l| l.label == "Blog")
            .map(|l| l.kind),
        Some(LinkKind::Other)
    );
    assert_eq!(
        codes(&c)
            .iter()
            .filter(|c| **c == "duplicate-merged")
            .count(),
        1
    );
    assert!(!codes(&c).contains(&"malformed-url"), "{:?}", c.diagnostics);
    assert_eq!(section_paths(&c), vec!["Diffusion", "Generation"]);
}

#[test]
fn reference_items_numbered_and_bulleted() {
    let c = parse_str(
        "## Survey\n\n\
         1. **Attention Is All You Need.** NeurIPS 2017. *Ashish Vaswani, Noam Shazeer, and Niki Parmar.* [[pdf](https://arxiv.org/pdf/1706.03762)] [[code](https://github.com/tensorflow/tensor2tensor)] 2017.06\n\
         2. **Deep Residual Learning for Image Recognition.** CVPR 2016.\n   \
            *Kaiming He, Xiangyu Zhang, Shaoqing Ren, and Jian Sun.*\n   \
            [[pdf](https://arxiv.org/abs/1512.03385)] [[project](https://github.com/KaimingHe/deep-residual-networks)] 2015.12\n\n\
         - **Language Models are Few-Shot Learners.** arXiv. *Tom B. Brown and Benjamin Mann.* 2020.05\n",
    );
    assert_eq!(c.papers.len(), 3);
    let t = paper(&c, "1706.03762");
    assert_eq!(t.heading, "Attention Is All You Need");
    assert_eq!(t.work.title.as_deref(), Some("Attention Is All You Need"));
    assert_eq!(families(t), vec!["Vaswani", "Shazeer", "Parmar"]);
    assert_eq!(
        t.work.venue.as_ref().and_then(|v| v.name.as_deref()),
        Some("NeurIPS")
    );
    assert_eq!((t.work.year, t.work.month), (Some(2017), Some(6)));
    assert_eq!(t.pdf_url(), Some("https://arxiv.org/pdf/1706.03762"));
    assert_eq!(t.code, vec!["https://github.com/tensorflow/tensor2tensor"]);
    assert_eq!(t.key, "vaswani2017attention");
    let r = paper(&c, "1512.03385");
    assert_eq!(families(r), vec!["He", "Zhang", "Ren", "Sun"]);
    assert_eq!(
        r.work.venue.as_ref().map(|v| v.raw.as_str()),
        Some("CVPR 2016")
    );
    // The venue's year wins over the date; the date's month is then not the paper's.
    assert_eq!((r.work.year, r.work.month), (Some(2016), None));
    assert_eq!(r.line(), 4);
    // No link at all: authors and a date are evidence enough.
    let g = c
        .papers
        .iter()
        .find(|p| p.work.title.as_deref() == Some("Language Models are Few-Shot Learners"))
        .expect("GPT-3");
    assert_eq!(families(g), vec!["Brown", "Mann"]);
    assert_eq!((g.work.year, g.work.month), (Some(2020), Some(5)));
    assert_eq!(g.work.venue.as_ref().map(|v| v.raw.as_str()), Some("arXiv"));
    assert!(codes(&c).contains(&"paper-without-link"));
}

#[test]
fn bracketed_and_other_labels() {
    let c = parse_str(
        "## Agents\n\n**ReAct: Synergizing Reasoning and Acting in Language Models**\n\
         - Paper: https://arxiv.org/abs/2210.03629\n\
         - 【Findings】推理和行动交替进行。\n\
         - 【Comments】ICLR 2023\n\
         - Datasets: HotpotQA, FEVER\n\
         - 发表时间：2022.10.06\n",
    );
    assert_eq!(c.papers.len(), 1);
    let p = paper(&c, "2210.03629");
    let f: Vec<(&str, FieldKind, &str)> = p
        .fields
        .iter()
        .map(|f| (f.label.as_str(), f.kind, f.text.as_str()))
        .collect();
    assert_eq!(
        f[2..],
        [
            ("Findings", FieldKind::Other, "推理和行动交替进行。"),
            ("Comments", FieldKind::Summary, "ICLR 2023"),
            ("Datasets", FieldKind::Other, "HotpotQA, FEVER"),
            ("发表时间", FieldKind::Date, "2022.10.06"),
        ]
    );
    assert_eq!(p.work.venue.as_ref().and_then(|v| v.year), Some(2023));
    assert_eq!(p.work.year, Some(2023));
    assert!(!codes(&c).contains(&"unknown-label"), "{:?}", c.diagnostics);
}

#[test]
fn negative_evidence_stays_negative() {
    let c = parse_str(
        "# Notes\n\n## 目录\n\n- [多模态](#多模态)\n- [RAG](#rag)\n  - [Self-RAG](#self-rag)\n\n\
         ## 面试题\n\n1. **什么是 LoRA？** 低秩分解。\n2. **为什么 RLHF 有效？** 见 [知乎](https://zhuanlan.zhihu.com/p/1)\n\n\
         - 问题：Attention 的复杂度？\n- 答案：平方级。\n\n\
         ## 笔记\n\n- [LoRA 笔记](notes/lora.md)\n- [**QLoRA 笔记**](notes/qlora.md)\n\n\
         **Further reading**\n- [A blog](https://example.org/blog)\n- just a bullet\n\n\
         ### Thoughts\n\n> A quote is not a paper.\n\n#### 一、动机\n\nSome prose.\n",
    );
    assert!(c.papers.is_empty(), "{:?}", c.papers);
    assert_eq!(
        section_paths(&c),
        vec![
            "目录",
            "面试题",
            "笔记",
            "笔记 / Thoughts",
            "笔记 / Thoughts / 一、动机"
        ]
    );
}

#[test]
fn a_catalogue_mixes_shapes_per_section() {
    let c = parse_str(
        "## List items\n\n- LoRA\n  - 论文名称：LoRA: Low-Rank Adaptation of Large Language Models\n  - 论文地址：https://arxiv.org/abs/2106.09685\n\n\
         ## Bold titles\n\n**QLoRA: Efficient Finetuning of Quantized LLMs**\n- Paper: https://arxiv.org/abs/2305.14314\n\n\
         ## References\n\n1. **Adam: A Method for Stochastic Optimization.** ICLR 2015. *Diederik P. Kingma and Jimmy Ba.* [[pdf](https://arxiv.org/abs/1412.6980)] 2014.12\n\n\
         ## Headings\n\n### Llama 2: Open Foundation and Fine-Tuned Chat Models\n\n- Paper: https://arxiv.org/abs/2307.09288\n- Comments: 77 pages\n",
    );
    let got: Vec<(&str, &str)> = c
        .papers
        .iter()
        .map(|p| {
            (
                p.work.arxiv.as_deref().unwrap_or(""),
                p.occurrences[0].section[0].as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2106.09685", "List items"),
            ("2305.14314", "Bold titles"),
            ("1412.6980", "References"),
            ("2307.09288", "Headings"),
        ]
    );
    assert_eq!(families(paper(&c, "1412.6980")), vec!["Kingma", "Ba"]);
    assert_eq!(
        section_paths(&c),
        vec!["List items", "Bold titles", "References", "Headings"]
    );
}

/// Run on a thread with a small stack: deep input must not need a deep stack.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("parser overflowed or panicked");
}

#[test]
fn ten_thousand_levels_of_nesting_need_no_stack() {
    on_small_stack(|| {
        // 10,000 nested list items on one line, then 10,000 nested quotes.
        let mut md = "- ".repeat(10_000);
        md.push_str("论文名称：Deep\n\n");
        md.push_str(&"> ".repeat(10_000));
        md.push_str("- 论文名称：Quoted\n\n## After\n\n- T\n  - 论文名称：Still Read Afterwards\n");
        let c = parse_str(&md);
        assert!(c
            .papers
            .iter()
            .any(|p| p.work.title.as_deref() == Some("Still Read Afterwards")));
        // 3,000 levels written with indentation (9 MB: the text grows with the square of
        // the depth), each a labelled field that could be hoisted.
        let mut md = String::new();
        for i in 0..3_000 {
            md.push_str(&" ".repeat(i * 2));
            md.push_str("- 论文名称：x\n");
        }
        let c = parse_str(&md);
        assert_eq!(c.papers.len(), 1);
    });
}

mod fuzz {
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "\n",
        "\n\n",
        "  ",
        "### ",
        "#### 一、",
        "## ",
        "**",
        "*",
        "- ",
        "1. ",
        "> ",
        "Paper: ",
        "- Code: None",
        "论文名称：",
        "【Comments】",
        "**Metrics:** ",
        "[[pdf](https://arxiv.org/abs/2106.09685)]",
        "[x](notes/a.md)",
        "(ICML 2025)",
        "2021.11",
        "NeurIPS 2023",
        "Attention Is All You Need",
        "é",
        "：",
        "[",
        "](",
        ")",
        "`",
        "<div>",
        "|a|b|\n|-|-|\n",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Any mix of the shapes' pieces parses without panicking, every paper has paper
        /// evidence, and no paper heading shows up as a section.
        #[test]
        fn shape_pieces_never_panic(ix in prop::collection::vec(0..PIECES.len(), 0..80)) {
            let md: String = ix.iter().map(|i| PIECES[*i]).collect();
            let c = papercat_core::parse_str(&md);
            for p in &c.papers {
                prop_assert!(p.work.title.is_some() || !p.links.is_empty(), "{md:?}");
                for o in &p.occurrences {
                    let known = o.section.is_empty()
                        || c.sections.iter().any(|s| s.path == o.section);
                    prop_assert!(known, "{md:?}");
                }
            }
        }
    }
}
