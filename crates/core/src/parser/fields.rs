//! A list item's children as fields: labels, nested lists and hoisted fields.

use crate::diag::{Code, Diagnostic};
use crate::model::{Field, FieldKind};
use crate::text;

/// Strip a list marker (`- `, `* `, `+ `, `1. `, `1) `) and return (rest, marker width incl. spaces).
pub(super) fn strip_marker(line: &str) -> (&str, usize) {
    let lead = line.len() - line.trim_start().len();
    let t = &line[lead..];
    let mlen = if t.starts_with(['-', '*', '+']) {
        1
    } else {
        let d = t.bytes().take_while(u8::is_ascii_digit).count();
        if d > 0 && d < 10 && t[d..].starts_with(['.', ')']) {
            d + 1
        } else {
            0
        }
    };
    let after = &t[mlen..];
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    // Task list marker `[ ] `
    (
        after[spaces..].trim_end_matches(['\r']),
        lead + mlen + spaces.min(4),
    )
}

/// The child's own first line and the rest, dedented to the child's content column.
pub(super) fn child_text(src: &str, range: std::ops::Range<usize>) -> (&str, String) {
    // The range starts at the marker; its column counts towards the content indent.
    let start = range.start.min(src.len());
    let marker_col = src.get(..start).map_or(0, |before| {
        before.len() - before.rfind('\n').map_or(0, |i| i + 1)
    });
    let raw = src.get(range).unwrap_or("");
    let mut lines = raw.split('\n');
    let first = lines.next().unwrap_or("");
    let (own, marker_width) = strip_marker(first);
    let width = marker_col + marker_width;
    let mut rest = String::new();
    for l in lines {
        let l = l.trim_end_matches('\r');
        let indent = l.bytes().take_while(|b| *b == b' ').count();
        let cut = indent.min(width);
        if !rest.is_empty() {
            rest.push('\n');
        }
        rest.push_str(&l[cut..]);
    }
    rest.truncate(rest.trim_end().len());
    (own.trim(), rest)
}

const SCALAR: &[FieldKind] = &[
    FieldKind::Title,
    FieldKind::Link,
    FieldKind::Code,
    FieldKind::Venue,
    FieldKind::Institution,
    FieldKind::Authors,
    FieldKind::Date,
    FieldKind::Topics,
];

/// Turn one child's text into one or more fields. With `hoist`, a known field indented under
/// a scalar field by mistake is hoisted back beside it, one level only: a hoisted field keeps
/// its own nested list as text, so the work stays linear and the stack flat however deep the
/// nesting.
pub(super) fn child_fields(
    own: &str,
    more: &str,
    line: u32,
    diags: &mut Vec<Diagnostic>,
    file: &str,
    col: u32,
    hoist: bool,
) -> Vec<Field> {
    let mut out = Vec::new();
    let join = |a: &str, b: &str| {
        if b.is_empty() {
            a.to_string()
        } else if a.is_empty() {
            b.to_string()
        } else {
            format!("{a}\n{b}")
        }
    };
    let has_nested = more.trim_start().starts_with(['-', '*', '+'])
        || more.trim_start().starts_with(|c: char| c.is_ascii_digit());
    if let Some(l) = text::split_label(own) {
        let kind = text::label_kind(l.label);
        let mut kept = String::new();
        let mut hoisted = Vec::new();
        if hoist && SCALAR.contains(&kind) && !more.is_empty() {
            // Re-split the nested list: known labelled items become sibling fields.
            for n in nested_items(more) {
                let hoist = text::split_label(&n.own)
                    .filter(|x| text::label_kind(x.label) != FieldKind::Other);
                if hoist.is_some() {
                    hoisted.extend(child_fields(
                        &n.own,
                        &n.more,
                        line + n.offset,
                        diags,
                        file,
                        col,
                        false,
                    ));
                } else if !n.item.is_empty() {
                    // `join`, in place: a copy of `kept` per item would be quadratic.
                    if !kept.is_empty() {
                        kept.push('\n');
                    }
                    kept.push_str(&n.item);
                }
            }
        } else {
            kept = more.to_string();
        }
        if kind == FieldKind::Other && !text::label_is_known_other(l.label) {
            diags.push(
                Diagnostic::new(
                    Code::UnknownLabel,
                    file,
                    line,
                    col,
                    format!("unknown label `{}` kept as an `other` field", l.label),
                )
                .with_hint("see docs/catalogue-format.md for the labels papercat understands"),
            );
        }
        out.push(Field {
            label: l.label.to_string(),
            kind,
            text: join(l.rest, &kept),
            line,
        });
        out.extend(hoisted);
    } else if has_nested && own.chars().count() <= 16 && !own.contains(['，', ',', '。']) {
        let label = own.trim_end_matches(['：', ':', '？', '?']).trim();
        let label = label.trim_matches('*').trim();
        let kind = text::label_kind(label);
        out.push(Field {
            label: label.to_string(),
            kind,
            text: more.to_string(),
            line,
        });
    } else if more.is_empty() && text::looks_like_author_list(own) {
        out.push(Field {
            label: String::new(),
            kind: FieldKind::Authors,
            text: own.to_string(),
            line,
        });
    } else if more.is_empty() && text::looks_like_english_title(own) {
        out.push(Field {
            label: String::new(),
            kind: FieldKind::Title,
            text: own.to_string(),
            line,
        });
    } else {
        out.push(Field {
            label: String::new(),
            kind: FieldKind::Note,
            text: join(own, more),
            line,
        });
    }
    out
}

/// One item of a nested list: the item as written, its own first line (marker stripped),
/// the rest, and its line offset from the parent's line (the first item is 1).
pub(super) struct NestedItem {
    pub(super) item: String,
    pub(super) own: String,
    pub(super) more: String,
    pub(super) offset: u32,
}

/// The top-level items of a child's nested list, with their lines.
pub(super) fn nested_items(text: &str) -> Vec<NestedItem> {
    let mut offset = 1u32;
    split_items(text)
        .into_iter()
        .map(|item| {
            let (own, more) = match item.split_once('\n') {
                Some((a, b)) => (strip_marker(a).0.trim().to_string(), b.to_string()),
                None => (strip_marker(&item).0.trim().to_string(), String::new()),
            };
            let at = offset;
            offset += item.matches('\n').count() as u32 + 1;
            NestedItem {
                item,
                own,
                more,
                offset: at,
            }
        })
        .collect()
}

/// Split Markdown text into top-level list items (each with its continuation lines).
fn split_items(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    for l in text.lines() {
        let starts = !l.starts_with([' ', '\t']) && strip_marker(l).1 > 0 && !l.trim().is_empty();
        match items.last_mut() {
            Some(last) if !starts => {
                last.push('\n');
                last.push_str(l);
            }
            _ => items.push(l.to_string()),
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert_eq!(strip_marker("  - 论文名称：X").0, "论文名称：X");
        assert_eq!(strip_marker("   - x").1, 5);
        assert_eq!(strip_marker("1. **a**").0, "**a**");
        assert_eq!(strip_marker("plain").1, 0);
    }
}
