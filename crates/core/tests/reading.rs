//! Issue #14: small catalogues of our own, one per shape and per failure a careful reader
//! would not make (tool lists, note pages, tables, link items, footnotes, title hygiene).

use papercat_core::{Catalogue, Input, LinkKind};

fn parse(doc: &str) -> Catalogue {
    papercat_core::parse(&[Input::from_bytes("t.md", doc.as_bytes(), None)])
}

fn titles(c: &Catalogue) -> Vec<String> {
    c.papers
        .iter()
        .map(|p| p.title.clone().unwrap_or_else(|| p.heading.clone()))
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
    assert_eq!(llava.arxiv.as_deref(), Some("2304.08485"));
    assert_eq!(llava.code, ["https://github.com/haotian-liu/LLaVA"]);
    assert_eq!(
        llava.venue.as_ref().and_then(|v| v.name.as_deref()),
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
    assert_eq!(c.papers[0].arxiv.as_deref(), Some("1910.10683"));
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
    assert_eq!(c.papers[0].authors.len(), 3);
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
