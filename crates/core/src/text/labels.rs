//! Field labels: the label table, comparison keys, and splitting a label off a line.

use crate::model::FieldKind;

use super::cjk::is_caseless;
use super::markup::has_seq;

/// Known labels (compared after [`label_key`]) and what they mean.
const LABELS: &[(&str, FieldKind)] = &[
    // title
    ("论文名称", FieldKind::Title),
    ("论文标题", FieldKind::Title),
    ("标题", FieldKind::Title),
    ("论文", FieldKind::Title),
    ("项目名称", FieldKind::Title),
    ("title", FieldKind::Title),
    ("论文题目", FieldKind::Title),
    // link
    ("论文地址", FieldKind::Link),
    ("论文链接", FieldKind::Link),
    ("链接", FieldKind::Link),
    ("论文下载地址", FieldKind::Link),
    ("原文地址", FieldKind::Link),
    ("paper", FieldKind::Link),
    ("pdf", FieldKind::Link),
    ("arxiv", FieldKind::Link),
    ("地址", FieldKind::Link),
    // code
    ("github地址", FieldKind::Code),
    ("论文github地址", FieldKind::Code),
    ("github代码", FieldKind::Code),
    ("github项目", FieldKind::Code),
    ("github链接", FieldKind::Code),
    ("github仓库", FieldKind::Code),
    ("代码链接", FieldKind::Code),
    ("代码仓库", FieldKind::Code),
    ("论文源码地址", FieldKind::Code),
    ("论文源码", FieldKind::Code),
    ("论文代码地址", FieldKind::Code),
    ("项目代码", FieldKind::Code),
    ("官方代码", FieldKind::Code),
    ("源代码", FieldKind::Code),
    ("github", FieldKind::Code),
    ("代码", FieldKind::Code),
    ("代码地址", FieldKind::Code),
    ("论文代码", FieldKind::Code),
    ("源码地址", FieldKind::Code),
    ("源码", FieldKind::Code),
    ("开源代码", FieldKind::Code),
    ("项目地址", FieldKind::Code),
    ("code", FieldKind::Code),
    ("repo", FieldKind::Code),
    // venue
    ("会议", FieldKind::Venue),
    ("发表会议", FieldKind::Venue),
    ("论文会议", FieldKind::Venue),
    ("论文出处", FieldKind::Venue),
    ("来源", FieldKind::Venue),
    ("期刊", FieldKind::Venue),
    ("venue", FieldKind::Venue),
    ("conference", FieldKind::Venue),
    // institution
    ("机构", FieldKind::Institution),
    ("单位", FieldKind::Institution),
    ("作者单位", FieldKind::Institution),
    ("affiliation", FieldKind::Institution),
    ("institution", FieldKind::Institution),
    // authors
    ("作者", FieldKind::Authors),
    ("authors", FieldKind::Authors),
    ("author", FieldKind::Authors),
    // date
    ("发表时间", FieldKind::Date),
    ("时间", FieldKind::Date),
    ("发布时间", FieldKind::Date),
    ("date", FieldKind::Date),
    // topics
    ("相关领域", FieldKind::Topics),
    ("领域", FieldKind::Topics),
    ("关键词", FieldKind::Topics),
    ("keywords", FieldKind::Topics),
    ("tags", FieldKind::Topics),
    // motivation
    ("动机", FieldKind::Motivation),
    ("论文动机", FieldKind::Motivation),
    ("论文背景", FieldKind::Motivation),
    ("背景", FieldKind::Motivation),
    ("目的", FieldKind::Motivation),
    ("研究动机", FieldKind::Motivation),
    ("motivation", FieldKind::Motivation),
    // method
    ("论文方法", FieldKind::Method),
    ("方法", FieldKind::Method),
    ("论文思路", FieldKind::Method),
    ("思路", FieldKind::Method),
    ("论文框架", FieldKind::Method),
    ("method", FieldKind::Method),
    // results
    ("论文实验结果", FieldKind::Results),
    ("实验结果", FieldKind::Results),
    ("实验效果", FieldKind::Results),
    ("效果", FieldKind::Results),
    ("results", FieldKind::Results),
    // summary
    ("介绍", FieldKind::Summary),
    ("简介", FieldKind::Summary),
    ("摘要", FieldKind::Summary),
    ("论文摘要", FieldKind::Summary),
    ("论文概要", FieldKind::Summary),
    ("comments", FieldKind::Summary),
    ("comment", FieldKind::Summary),
    ("abstract", FieldKind::Summary),
    ("summary", FieldKind::Summary),
    ("tldr", FieldKind::Summary),
];

/// Labels known to be `other` (not worth an `unknown-label` note).
const KNOWN_OTHER: &[&str] = &[
    "homepage",
    "project",
    "blog",
    "demo",
    "dataset",
    "datasets",
    "metrics",
    "中文解读",
    "优点",
    "缺点",
    "分析",
    "论文结论",
    "结论",
    "训练方式",
    "模型结构",
    "论文示例",
    "优化策略",
    "findings",
    "备注",
    "笔记",
    "解读",
    "code1",
    "code2",
    "video",
    "slides",
    "poster",
    "website",
];

/// Whether a label character is left out of its comparison key.
fn key_skips(c: char) -> bool {
    c.is_whitespace() || matches!(c, '*' | '_' | '【' | '】' | '[' | ']' | '`')
}

/// Feed the characters of a label's comparison key (see [`label_key`]) to `push`. ASCII and
/// CJK (U+3000 to U+9FFF, which has no case) need no look-up in the Unicode case tables.
fn key_chars(label: &str, mut push: impl FnMut(char)) {
    for c in label.chars() {
        if key_skips(c) {
            continue;
        }
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else if is_caseless(c) {
            push(c);
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
}

/// The comparison key of a label: lower-case, without spaces, bold markers and brackets.
pub fn label_key(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    key_chars(label, |c| key.push(c));
    key
}

/// Call `f` with a label's [`label_key`], built on the stack when it is short (as labels are).
pub(crate) fn with_label_key<R>(label: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut fits = true;
    key_chars(label, |c| {
        let w = c.len_utf8();
        match buf.get_mut(len..len + w) {
            Some(dst) if fits => {
                c.encode_utf8(dst);
                len += w;
            }
            _ => fits = false,
        }
    });
    // Whole characters were written, so this is valid UTF-8.
    match std::str::from_utf8(buf.get(..len).unwrap_or_default()) {
        Ok(key) if fits => f(key),
        _ => f(&label_key(label)),
    }
}

/// The label table as a map, built once.
fn label_map() -> &'static crate::dedup::FastMap<&'static str, FieldKind> {
    static MAP: std::sync::OnceLock<crate::dedup::FastMap<&'static str, FieldKind>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| LABELS.iter().copied().collect())
}

/// What a label means; `Other` for unknown ones.
pub fn label_kind(label: &str) -> FieldKind {
    with_label_key(label, |key| {
        // "Paper(Oral)" / "Code1": drop a trailing qualifier or digit.
        let base = key.split(['(', '（']).next().unwrap_or(key);
        let base_nodigit = base.trim_end_matches(|c: char| c.is_ascii_digit());
        let map = label_map();
        // Each distinct candidate is looked up once (they are prefixes of `key`).
        map.get(key)
            .or_else(|| (base.len() < key.len()).then(|| map.get(base)).flatten())
            .or_else(|| {
                (base_nodigit.len() < base.len())
                    .then(|| map.get(base_nodigit))
                    .flatten()
            })
            .copied()
            .unwrap_or(FieldKind::Other)
    })
}

/// Whether an `other` label is one we know (so no `unknown-label` note is due).
pub fn label_is_known_other(label: &str) -> bool {
    with_label_key(label, |key| {
        let base = key.split(['(', '（']).next().unwrap_or(key);
        KNOWN_OTHER.contains(&base)
    })
}

/// A label split off the start of a child's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled<'a> {
    /// The label as written (without bold markers, brackets and colon).
    pub label: &'a str,
    /// The rest of the first line after the label.
    pub rest: &'a str,
}

fn is_sentence_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | ','
            | '；'
            | ';'
            | '！'
            | '!'
            | '？'
            | '?'
            | '、'
            | '“'
            | '”'
            | '"'
            | '《'
            | '》'
            | '('
            | ')'
            | '（'
            | '）'
    )
}

fn label_ok(label: &str) -> bool {
    let l = label.trim();
    if l.is_empty() {
        return false;
    }
    // One pass: at most 16 characters, at most 4 words, no sentence punctuation but brackets.
    let (mut chars, mut words, mut in_word) = (0, 0, false);
    for c in l.chars() {
        chars += 1;
        if chars > 16 {
            return false;
        }
        if c.is_whitespace() {
            in_word = false;
        } else {
            if !in_word {
                words += 1;
                in_word = true;
            }
            if is_sentence_punct(c) && !matches!(c, '(' | ')' | '（' | '）') {
                return false;
            }
        }
    }
    if words > 4 {
        return false;
    }
    // Lower-casing cannot make or break `://`, so the label itself is searched.
    if l.eq_ignore_ascii_case("http") || l.eq_ignore_ascii_case("https") || has_seq(l, b"://") {
        return false;
    }
    // A label is a name, not a sentence.
    !l.starts_with(|c: char| c.is_ascii_digit() && l.contains(". "))
}

/// Split `label：rest`, `**label:** rest`, `**label**: rest` or `【label】rest` off a line.
pub fn split_label(line: &str) -> Option<Labelled<'_>> {
    let t = line.trim_start();
    // 【Findings】 rest
    if let Some(r) = t.strip_prefix('【') {
        let end = r.find('】')?;
        let label = &r[..end];
        let rest = r[end + '】'.len_utf8()..]
            .trim_start_matches(['：', ':'])
            .trim();
        return label_ok(label).then_some(Labelled {
            label: label.trim(),
            rest,
        });
    }
    // **label:** rest  /  **label**: rest
    if let Some(r) = t.strip_prefix("**") {
        let end = r.find("**")?;
        let inner = &r[..end];
        let after = &r[end + 2..];
        if let Some(label) = inner.strip_suffix(['：', ':']) {
            return label_ok(label).then_some(Labelled {
                label: label.trim(),
                rest: after.trim(),
            });
        }
        if let Some(rest) = after.strip_prefix(['：', ':']) {
            return label_ok(inner).then_some(Labelled {
                label: inner.trim(),
                rest: rest.trim(),
            });
        }
        return None;
    }
    // label：rest (first colon; ASCII colon must not be part of a URL scheme)
    let mut idx = None;
    for (i, c) in t.char_indices() {
        if c == '：' {
            idx = Some((i, c.len_utf8()));
            break;
        }
        if c == ':' {
            if t[i + 1..].starts_with("//") {
                return None;
            }
            idx = Some((i, 1));
            break;
        }
    }
    let (i, w) = idx?;
    let label = &t[..i];
    label_ok(label).then(|| Labelled {
        label: label.trim(),
        rest: t[i + w..].trim(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        // Each line as `label | rest`, or `-` when no label is split off.
        for (line, want) in [
            (
                "论文名称：Visual Instruction Tuning",
                "论文名称 | Visual Instruction Tuning",
            ),
            ("论文名称: DARE: Data", "论文名称 | DARE: Data"),
            (
                "论文地址:https://arxiv.org/pdf/2310.01299v1.pdf",
                "论文地址 | https://arxiv.org/pdf/2310.01299v1.pdf",
            ),
            ("**Metrics:** BLEU", "Metrics | BLEU"),
            ("**Code**: github.com/a/b", "Code | github.com/a/b"),
            ("【Findings】 yes", "Findings | yes"),
            ("Github 地址：", "Github 地址 | "),
            ("https://arxiv.org/abs/1", "-"),
            ("研究结果显示，引入视觉Chain-of-Thought的多模态：x", "-"),
            ("提出了一个Prompt Uncertainty 思路：假设有", "-"),
        ] {
            let got =
                split_label(line).map_or("-".to_string(), |l| format!("{} | {}", l.label, l.rest));
            assert_eq!(got, want, "{line}");
        }
        assert_eq!(label_kind("Github 地址"), FieldKind::Code);
        assert_eq!(label_kind("论文 Github地址"), FieldKind::Code);
        assert_eq!(label_kind("GitHub 地址"), FieldKind::Code);
        assert_eq!(label_kind("Paper(Oral)"), FieldKind::Link);
        assert_eq!(label_kind("Code1"), FieldKind::Code);
        assert_eq!(label_kind("论文链接"), FieldKind::Link);
        assert_eq!(label_kind("训练方式"), FieldKind::Other);
        assert!(label_is_known_other("Homepage"));
    }

    #[test]
    fn long_labels_key_like_short_ones() {
        let long =
            "Ｃｏｄｅ 地址 with a very long qualifier (that does not fit in sixty-four bytes)";
        assert_eq!(with_label_key(long, str::to_string), label_key(long));
    }
}
