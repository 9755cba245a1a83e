//! Recognisers for the paper-entry shapes other than the list item per paper: the bold title
//! paragraph, the reference item (`1. **Title.** Venue. *Authors.* [[pdf](url)] 2021.11`),
//! sub-heading labels (`#### 一、论文动机`) and quote summaries. See `docs/shapes.md`. The
//! reference item, read from a list item's inline segments, is in `reference`.

mod reference;

use crate::ids;
use crate::model::{Field, FieldKind, LinkKind};
use crate::text;

pub(crate) use reference::{push_seg, reference_item, Seg};

/// A paragraph that is one bold span on one line (`**Title**`): its text and links.
pub(crate) fn bold_paragraph(raw: &str) -> Option<(String, Vec<String>)> {
    let t = raw.trim();
    if t.contains('\n') {
        return None;
    }
    let inner = t
        .strip_prefix("**")
        .and_then(|s| s.strip_suffix("**"))
        .or_else(|| t.strip_prefix("__").and_then(|s| s.strip_suffix("__")))?
        .trim();
    if inner.is_empty() || inner.contains("**") || inner.ends_with([':', '：']) {
        return None;
    }
    let text = text::strip_inline_markup(inner).trim().to_string();
    let mut links = Vec::new();
    let mut rest = inner;
    while let Some(p) = rest.find("](") {
        let after = &rest[p + 2..];
        let end = after.find(')').unwrap_or(after.len());
        links.push(after[..end].trim().to_string());
        rest = &after[end..];
    }
    (!text.is_empty()).then_some((text, links))
}

/// A paragraph of labelled links or labelled lines standing where a field list would
/// (`[论文地址](url) | [代码](url)`, or `论文地址：url` lines without bullets): the lines it
/// stands for, as `label: text`, when every part of it is one.
pub(crate) fn link_paragraph(raw: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut paperish = false;
    for line in raw.lines() {
        let line = line.trim().trim_end_matches('\\').trim();
        if line.is_empty() {
            continue;
        }
        if !line.starts_with('[') {
            let l = text::split_label(line)?;
            let kind = text::label_kind(l.label);
            if kind == FieldKind::Other && !text::label_is_known_other(l.label) {
                return None;
            }
            paperish |= matches!(kind, FieldKind::Link | FieldKind::Code | FieldKind::Title);
            out.push(line.to_string());
            continue;
        }
        // Only links and separators.
        let mut rest = line;
        while !rest.is_empty() {
            let r =
                rest.trim_start_matches(|c: char| c.is_whitespace() || "|,，·/、;；".contains(c));
            if r.is_empty() {
                break;
            }
            let inner = r.strip_prefix('[')?;
            let close = inner.find("](")?;
            let label = inner[..close].trim();
            let after = &inner[close + 2..];
            let end = after.find(')')?;
            let url = after[..end].trim();
            let kind = text::label_kind(label);
            paperish |=
                matches!(kind, FieldKind::Link | FieldKind::Code) || ids::paper_url(url).is_some();
            out.push(format!("{label}: {url}"));
            rest = &after[end + 1..];
        }
    }
    (paperish && !out.is_empty()).then_some(out)
}

/// The text of a block quote without its `>` markers (one level).
pub(crate) fn unquote(raw: &str) -> String {
    raw.lines()
        .map(|l| {
            let l = l.trim_start();
            let l = l.strip_prefix('>').unwrap_or(l);
            l.strip_prefix(' ').unwrap_or(l)
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// A heading without its ordinal: `一、论文动机` -> `论文动机`, `2. Method` -> `Method`,
/// `（三）实验结果` -> `实验结果`. A heading that is only a number is kept.
pub(crate) fn strip_ordinal(title: &str) -> &str {
    let t = title.trim();
    let (open, body) = match t.strip_prefix(['(', '（']) {
        Some(b) => (true, b),
        None => (false, t),
    };
    let end = body
        .char_indices()
        .find(|(_, c)| {
            !(c.is_ascii_digit() || *c == '.' || "一二三四五六七八九十零〇百".contains(*c))
        })
        .map_or(body.len(), |(i, _)| i);
    if end == 0 {
        return t;
    }
    let (num, rest) = body.split_at(end);
    let seps: &[char] = &['、', '．', ')', '）', ' ', ':', '：', '.'];
    let closes = if open {
        rest.starts_with([')', '）'])
    } else {
        num.ends_with('.') || rest.starts_with(seps)
    };
    let out = rest.trim_start_matches(seps).trim();
    if closes && !out.is_empty() {
        out
    } else {
        t
    }
}

/// The kind of a list item's label when it is one papercat knows (`Paper:`, `发表时间：`,
/// `**Metrics:**`, `【Comments】`); `None` for unlabelled text and unknown labels.
pub(crate) fn field_label_kind(own: &str) -> Option<FieldKind> {
    let l = text::split_label(own)?;
    let k = text::label_kind(l.label);
    (k != FieldKind::Other || text::label_is_known_other(l.label)).then_some(k)
}

/// The link kind an `other` label promises (`Homepage:` -> project).
pub(crate) fn link_label_hint(own: &str) -> Option<LinkKind> {
    text::split_label(own).and_then(|l| crate::evidence::other_hint(l.label))
}

/// Give a heading or bold-title entry its English heading as title when no field names one.
pub(crate) fn add_heading_title(e: &mut crate::entry::RawEntry) {
    let has_title = e
        .fields
        .iter()
        .any(|f| f.kind == FieldKind::Title && !f.text.trim().is_empty());
    let title = crate::titles::clean_title(&e.heading);
    if !has_title && text::looks_like_english_title(&title) {
        e.fields.insert(
            0,
            Field {
                label: String::new(),
                kind: FieldKind::Title,
                text: title,
                line: e.line,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        for (heading, want) in [
            ("一、论文动机", "论文动机"),
            ("二、论文思路", "论文思路"),
            ("2. Method", "Method"),
            ("（三）实验结果", "实验结果"),
            ("3D Vision", "3D Vision"),
            ("2023", "2023"),
            ("动机", "动机"),
        ] {
            assert_eq!(strip_ordinal(heading), want, "{heading}");
        }
    }

    #[test]
    fn bold_paragraphs() {
        assert_eq!(
            bold_paragraph("**Visual Instruction Tuning**\n"),
            Some(("Visual Instruction Tuning".into(), vec![]))
        );
        assert_eq!(
            bold_paragraph("**[LoRA](https://arxiv.org/abs/2106.09685)**"),
            Some((
                "LoRA".into(),
                vec!["https://arxiv.org/abs/2106.09685".into()]
            ))
        );
        assert_eq!(bold_paragraph("**Note:**"), None);
        assert_eq!(bold_paragraph("**a** and **b**"), None);
        assert_eq!(bold_paragraph("plain"), None);
    }

    #[test]
    fn quotes() {
        assert_eq!(unquote("> a\n>\n> b"), "a\n\nb");
        assert_eq!(unquote(">> nested"), "> nested");
    }
}
