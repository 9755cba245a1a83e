//! Issue #14: small catalogues of our own, one per shape and per failure a careful reader
//! would not make (tool lists, note pages, tables, link items, footnotes, title hygiene).

use papercat_core::{Author, Catalogue, Input, LinkKind};

fn parse(doc: &str) -> Catalogue {
    papercat_core::parse(&[Input::from_bytes("t.md", doc.as_bytes(), None)])
}

fn titles(c: &Catalogue) -> Vec<String> {
    c.papers
        .iter()
        .map(|p| p.work.title.clone().unwrap_or_else(|| p.heading.clone()))
        .collect()
}

#[test]
fn tool_repositories_and_note_pages_are_not_papers() {
    let c = parse(
        "# Tools\n\n## Frameworks\n\n\
         - [vLLM](https://github.com/vllm-project/vllm) - fast serving ![Star](https://img.shields.io/github/stars/vllm-project/vllm.svg)\n\
         - [DeepSpeed](https://github.com/microsoft/DeepSpeed) - training at scale\n\n\
         ## 笔记\n\n\
         1. [Transformer 的位置编码](./notes/position.md)\n\
         2. [BERT 细节解读](https://github.com/someone/nlp-notes/blob/master/bert.md)\n\
         3. [一篇博客](https://zhuanlan.zhihu.com/p/123)\n",
    );
    assert!(c.papers.is_empty(), "{:?}", titles(&c));
}

#[test]
fn a_markdown_table_gives_one_paper_per_row() {
    let c = parse(
        "# Multimodal\n\n## Instruction tuning\n\n\
         | Title | Venue | Date | Code |\n|:---|:---:|:---:|:---:|\n\
         | ![Star](https://img.shields.io/github/stars/haotian-liu/LLaVA.svg?style=social) <br> [**Visual Instruction Tuning**](https://arxiv.org/abs/2304.08485) <br> | NeurIPS | 2023-04-17 | [Github](https://github.com/haotian-liu/LLaVA) |\n\
         | [**Introducing Some Model**](https://example.com/blog/some-model) | Blog | 2024-01-01 | - |\n\
         | [**Flamingo: a Visual Language Model for Few-Shot Learning**](https://github.com/example/flamingo) | NeurIPS | 2022-04-29 | - |\n",
    );
    assert_eq!(
        titles(&c),
        [
            "Visual Instruction Tuning",
            "Flamingo: a Visual Language Model for Few-Shot Learning"
        ]
    );
    let llava = &c.papers[0];
    assert_eq!(llava.work.arxiv.as_deref(), Some("2304.08485"));
    assert_eq!(llava.code, ["https://github.com/haotian-liu/LLaVA"]);
    assert_eq!(
        llava.work.venue.as_ref().and_then(|v| v.name.as_deref()),
        Some("NeurIPS")
    );
    assert!(llava.links.iter().all(|l| !l.url.contains("shields.io")));
    assert_eq!(llava.occurrences[0].line, 7);
    assert_eq!(llava.occurrences[0].section, ["Instruction tuning"]);
}

#[test]
fn a_chinese_table_of_talks_keeps_the_papers_only() {
    let c = parse(
        "# 论文精读\n\n| 日期 | 标题 | 时长 |\n| --- | --- | --- |\n\
         | 10/22/21 | [ResNet](https://arxiv.org/abs/1512.03385) 论文逐段精读 | 53:46 |\n\
         | 10/06/21 | 如何读论文 | 06:39 |\n\
         | 3/3/22 | [GPT](https://cdn.example.org/gpt.pdf), [GPT-3](https://arxiv.org/abs/2005.14165) 精读 | 1:29:58 |\n\
         | 7/22/22 | 【[研究的艺术](https://press.example.edu/books/craft)·四】 | 44:14 |\n",
    );
    assert_eq!(titles(&c), ["ResNet", "GPT", "GPT-3"]);
}

#[test]
fn an_html_table_with_rowspan() {
    let c = parse(
        "# Models\n\n<table>\n<thead>\n  <tr>\n    <th>Category</th>\n    <th>Model</th>\n    <th>Link</th>\n  </tr>\n</thead>\n<tbody>\n\
         \x20 <tr>\n    <td rowspan=\"2\">Open</td>\n    <td>T5</td>\n    <td><a href=\"https://arxiv.org/abs/1910.10683\">Paper</a></td>\n  </tr>\n\
         \x20 <tr>\n    <td>Vicuna</td>\n    <td><a href=\"https://lmsys.org/blog/vicuna\">Blog</a></td>\n  </tr>\n</tbody>\n</table>\n",
    );
    assert_eq!(titles(&c), ["T5"]);
    assert_eq!(c.papers[0].work.arxiv.as_deref(), Some("1910.10683"));
}

#[test]
fn link_items_take_the_link_text_as_title_and_names_as_authors() {
    let c = parse(
        "# RLHF\n\n## Papers\n\n\
         - [Direct Preference Optimization: Your Language Model is Secretly a Reward Model](https://arxiv.org/abs/2305.18290)\n\
         \x20 - Rafael Rafailov, Archit Sharma, Eric Mitchell\n\
         \x20 - Keyword: DPO\n\n\
         ## Codebases\n\n\
         - [TextRL](https://github.com/voidful/TextRL)\n  - Eric Lam\n",
    );
    assert_eq!(
        titles(&c),
        ["Direct Preference Optimization: Your Language Model is Secretly a Reward Model"]
    );
    assert_eq!(c.papers[0].work.authors.len(), 3);
}

#[test]
fn tagged_pdf_items_lose_their_tags_and_slides_are_not_papers() {
    let c = parse(
        "# Reco\n\n\
         * [[DIN] Deep Interest Network for Click-Through Rate Prediction (Alibaba 2018)](https://github.com/someone/papers/blob/master/din.pdf) <br />\n\
         * [[TS Intro] Thompson Sampling Slides (Berkeley 2010)](https://github.com/someone/papers/blob/master/ts.pdf) <br />\n",
    );
    assert_eq!(
        titles(&c),
        ["Deep Interest Network for Click-Through Rate Prediction"]
    );
    assert_eq!(c.papers[0].links[0].kind, LinkKind::Pdf);
}

#[test]
fn a_bare_year_after_a_title_is_the_year_not_part_of_the_title() {
    let c = parse(
        "# Reco

\
         * [[Negative Sampling] Word2vec Explained Negative-Sampling Word-Embedding Method (2014)](https://github.com/someone/papers/blob/master/w2v.pdf) <br />\n\
         * [Counting (1-10) Words (v2)](https://arxiv.org/abs/2101.00001)\n",
    );
    assert_eq!(
        titles(&c),
        [
            "Word2vec Explained Negative-Sampling Word-Embedding Method",
            "Counting (1-10) Words (v2)"
        ]
    );
    assert_eq!(c.papers[0].work.year, Some(2014));
}

#[test]
fn reference_items_with_a_model_name_before_the_title() {
    let c = parse(
        "# Survey\n\n\
         1. <u>T5</u>: **\"Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer\"**. *Colin Raffel et al.* JMLR 2019. [[Paper](https://arxiv.org/abs/1910.10683)]\n",
    );
    assert_eq!(
        titles(&c),
        ["Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer"]
    );
    assert!(c.papers[0]
        .fields
        .iter()
        .any(|f| f.label == "name" && f.text == "T5"));
    // The venue after the authors, without the brackets of the links that follow it.
    assert_eq!(
        c.papers[0].work.venue.as_ref().map(|v| v.raw.as_str()),
        Some("JMLR 2019")
    );
}

#[test]
fn reference_items_whose_author_emphasis_is_broken() {
    let c = parse(
        "# Survey\n\n\
         1. **\"A Systematic Study and Comprehensive Evaluation of ChatGPT\"**. Laskar et al.* ACL'23. [[Paper]](https://arxiv.org/abs/2305.18486)\n\
         2. <u>ERNIE 3.0 Titan</u>: **\"ERNIE 3.0 Titan: Exploring Larger-scale Pre-training\"**.  *Shuohuan Wang et al. *arXiv 2021. [[Paper](https://arxiv.org/abs/2112.12731)]\n",
    );
    let venues: Vec<_> = c
        .papers
        .iter()
        .map(|p| p.work.venue.as_ref().map(|v| v.raw.as_str()))
        .collect();
    assert_eq!(venues, [Some("ACL'23"), Some("arXiv 2021")]);
    assert_eq!(c.papers[0].work.authors, [Author::person("", "Laskar")]);
    assert_eq!(
        c.papers[1].work.authors,
        [Author::person("Shuohuan", "Wang")]
    );
    assert!(c.papers.iter().all(|p| p.work.et_al));
}

#[test]
fn footnotes_citing_papers() {
    let c = parse(
        "# Talks\n\nSee the note.[^a]\n\n[^a]: 1 [基础模型综述](https://arxiv.org/abs/2108.07258)，2 [一篇博客](https://example.com/blog/x)\n",
    );
    assert_eq!(titles(&c), ["基础模型综述"]);
}

#[test]
fn list_numbers_and_book_marks_leave_titles() {
    let c = parse(
        "# Notes\n\n**23. Attention Is All You Need**\n- Paper: https://arxiv.org/abs/1706.03762\n\n\
         **《Deep Residual Learning for Image Recognition》**\n- Paper: https://arxiv.org/abs/1512.03385\n",
    );
    assert_eq!(
        titles(&c),
        [
            "Attention Is All You Need",
            "Deep Residual Learning for Image Recognition"
        ]
    );
}

#[test]
fn a_bold_title_with_a_paragraph_of_links() {
    let c = parse(
        "# CoT\n\n**Chain-of-Thought Prompting Elicits Reasoning in Large Language Models**\n\n\
         [论文地址](https://arxiv.org/abs/2201.11903) | [代码](https://github.com/example/cot)\n\n\
         **Self-Consistency Improves Chain of Thought Reasoning in Language Models**\n\n\
         论文地址：https://arxiv.org/abs/2203.11171\n",
    );
    assert_eq!(c.papers.len(), 2, "{:?}", titles(&c));
    assert_eq!(c.papers[0].code, ["https://github.com/example/cot"]);
    assert_eq!(c.papers[1].work.arxiv.as_deref(), Some("2203.11171"));
}

#[test]
fn numbered_headings_give_venue_and_year() {
    let c = parse(
        "# 经典\n\n## CV\n\n#### 1.2 深度卷积网络 (NIPS 2012)\n\n\
         - 论文：ImageNet Classification with Deep Convolutional Neural Networks\n\
         - 论文地址：https://papers.nips.cc/paper/4824-imagenet-classification\n",
    );
    assert_eq!(c.papers.len(), 1);
    let p = &c.papers[0];
    assert_eq!(p.work.year, Some(2012));
    assert_eq!(
        p.work.venue.as_ref().and_then(|v| v.name.as_deref()),
        Some("NeurIPS")
    );
}

#[test]
fn venues_from_acl_ids_and_cvf_urls() {
    let c = parse(
        "# V\n\n- 论文名称：Some Findings Paper\n  - 论文地址：https://aclanthology.org/2025.findings-acl.12/\n\
         - 论文名称：Some Vision Paper\n  - 论文地址：https://openaccess.thecvf.com/content/CVPR2021/html/x_CVPR_2021_paper.html\n",
    );
    let venues: Vec<_> = c
        .papers
        .iter()
        .map(|p| p.work.venue.as_ref().map(|v| v.raw.clone()))
        .collect();
    assert_eq!(
        venues,
        [
            Some("Findings of ACL 2025".to_string()),
            Some("CVPR 2021".to_string())
        ]
    );
}

#[test]
fn unlabelled_code_lines_and_chinese_code_labels_stay_in_the_field_list() {
    let c = parse(
        "# T\n\n- Toolformer：会用工具的模型\n\
         \x20 - 论文名称：Toolformer: Language Models Can Teach Themselves to Use Tools\n\
         \x20 - 论文地址：https://arxiv.org/abs/2302.04761\n\
         \x20 - https://github.com/lucidrains/toolformer-pytorch\n\
         \x20 - Github 项目：https://github.com/conceptofmind/toolformer\n\
         - LoRA\n  - 论文地址：[https://arxiv.org/abs/2106.09685](https://arxiv.org/abs/2106.09685)\n\
         \x20 - 代码链接：https://github.com/microsoft/LoRA\n\
         \x20 - 论文源码地址：https://github.com/example/lora-extra\n",
    );
    assert_eq!(c.papers.len(), 2);
    assert_eq!(c.papers[0].code.len(), 2);
    assert_eq!(
        c.papers[1].url.as_deref(),
        Some("https://arxiv.org/abs/2106.09685")
    );
    assert_eq!(c.papers[1].code.len(), 2);
}

#[test]
fn papers_nested_under_a_topic_item() {
    let c = parse(
        "# N\n\n## 检索\n\n- 检索增强\n  - RAG 原始论文\n    - 论文：Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks\n\
         \x20   - 论文地址：https://arxiv.org/abs/2005.11401\n  - Self-RAG\n\
         \x20   - 论文：Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection\n\
         \x20   - 论文地址：https://arxiv.org/abs/2310.11511\n",
    );
    assert_eq!(c.papers.len(), 2, "{:?}", titles(&c));
    assert_eq!(c.papers[0].occurrences[0].section, ["检索", "检索增强"]);
    let paths: Vec<_> = c.sections.iter().map(|s| s.path.clone()).collect();
    assert_eq!(
        paths,
        [
            vec!["检索".to_string()],
            vec!["检索".into(), "检索增强".into()]
        ]
    );
    assert_eq!(c.sections[1].parent, Some(0));
}

#[test]
fn citation_strings_are_split() {
    let c = parse(
        "# R\n\n- Wang Y, Li J, Chen H. Knowledge distillation for small models[C]//Proceedings of ACL. 2021: 100-110.\n\
         \x20 - 论文地址：https://aclanthology.org/2021.acl-long.12\n",
    );
    let p = &c.papers[0];
    assert_eq!(
        p.work.title.as_deref(),
        Some("Knowledge distillation for small models")
    );
    assert_eq!(p.work.authors.len(), 3);
    assert_eq!(p.work.year, Some(2021));
}

#[test]
fn heading_papers_with_bold_label_bullets() {
    let c = parse(
        "# M\n\n## 多模态\n\n### LLaVA: Visual Instruction Tuning\n\n\
         - **Paper:** https://arxiv.org/abs/2304.08485\n- **Metrics:** ScienceQA\n- **Comments:** NeurIPS 2023 Oral\n\n\
         ### MiniGPT-4: Enhancing Vision-Language Understanding\n\n\
         - **Paper:** https://arxiv.org/abs/2304.10592\n- **Comments:** ICLR 2024\n",
    );
    assert_eq!(
        titles(&c),
        [
            "LLaVA: Visual Instruction Tuning",
            "MiniGPT-4: Enhancing Vision-Language Understanding"
        ]
    );
    let secs: Vec<_> = c.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(secs, ["多模态"]);
}

#[test]
fn a_model_name_row_merges_with_the_full_listing_and_a_paper_link_identifies() {
    let c = parse(
        "# S\n\n## Models\n\n| Model | Link |\n|---|---|\n| T5 | [Paper](https://arxiv.org/abs/1910.10683) |\n\n\
         ## Papers\n\n\
         1. **Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer.** JMLR 2020. [[paper](https://arxiv.org/abs/1910.10683)]\n\n\
         ## Talks\n\n| 日期 | 标题 |\n|---|---|\n| 10/15/21 | [AlexNet](https://papers.nips.cc/paper/2012/file/x-Paper.pdf) 论文逐段精读 |\n\
         | 10/14/21 | 9年后重读：[AlexNet](https://papers.nips.cc/paper/2012/file/x-Paper.pdf) |\n",
    );
    assert_eq!(
        titles(&c),
        [
            "Exploring the Limits of Transfer Learning with a Unified Text-to-Text Transformer",
            "AlexNet"
        ]
    );
    assert_eq!(c.papers[0].occurrences.len(), 2);
    assert_eq!(c.papers[1].occurrences.len(), 2);
    assert_eq!(c.papers[1].work.year, Some(2012));
}
