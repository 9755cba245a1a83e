//! The Markdown reader: pulldown-cmark events (with byte offsets) into raw entries.
//!
//! # Input grammar (the corpus's shape)
//!
//! ```text
//! catalogue   = { block } ;
//! block       = heading | list | other ;            (* code, HTML, tables, quotes: skipped *)
//! heading     = "#"{1..6} text ;                     (* first level-1 heading = catalogue title *)
//! list        = item { item } ;                      (* only top-level lists hold entries *)
//! item        = marker own-text [ children ] ;
//! own-text    = text | "[" text "](" path-or-url ")" [ text ] ;
//! children    = child { child } ;                    (* indented 2, 3 or 4 spaces, mixed *)
//! child       = marker ( labelled | bare-label | english-title | note ) [ nested ] ;
//! labelled    = label ( "：" | ":" ) text
//!             | "**" label ( "：" | ":" ) "**" text
//!             | "**" label "**" ( "：" | ":" ) text
//!             | "【" label "】" text ;
//! bare-label  = label nested ;                       (* a short label with no colon *)
//! nested      = list ;                               (* kept as Markdown in the field text *)
//! ```
//!
//! An item becomes a paper only with paper evidence: a title field, or a link or code field
//! holding a URL, or a paper/code link in its own text. Everything else (tables of contents,
//! plain lists, lone reference links, interview questions) is not a paper.
//!
//! The reader is a single pass over the event stream that only tracks list depth, so input of
//! any nesting depth costs constant stack. Shapes other than this one (a heading per paper,
//! a bold title paragraph, a numbered reference item) produce the same [`RawEntry`] values.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, Severity};
use crate::ids;
use crate::model::{Field, FieldKind, Link, LinkKind, Section};
use crate::text;

/// Maps byte offsets to 1-based line and column.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { text, starts }
    }

    /// 1-based (line, column in characters).
    pub(crate) fn pos(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line as u32, col as u32 + 1)
    }
}

/// One entry as read from the Markdown, before identity and derivation.
#[derive(Debug, Clone, Default)]
pub struct RawEntry {
    /// File name.
    pub file: String,
    /// 1-based line and column of the entry.
    pub line: u32,
    /// Column.
    pub column: u32,
    /// Section path.
    pub section: Vec<String>,
    /// Own text, markup removed.
    pub heading: String,
    /// Relative link of the heading.
    pub note_link: Option<String>,
    /// URL links written in the heading itself.
    pub heading_links: Vec<String>,
    /// Fields in order.
    pub fields: Vec<Field>,
}

/// What the reader produces for one file.
pub(crate) struct FileRead {
    pub title: Option<String>,
    pub sections: Vec<Section>,
    pub entries: Vec<RawEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

struct TopItem {
    start: usize,
    indent: usize,
    section: Vec<String>,
    heading: String,
    links: Vec<String>,
    in_link: bool,
    own_done: bool,
    children: Vec<std::ops::Range<usize>>,
    skip_text: usize,
}

/// Read one Markdown file.
pub(crate) fn read_file(file: &str, src: &str) -> FileRead {
    let idx = LineIndex::new(src);
    let mut out = FileRead {
        title: None,
        sections: Vec::new(),
        entries: Vec::new(),
        diagnostics: Vec::new(),
    };
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut list_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut heading: Option<(u8, usize, String)> = None;
    let mut top: Option<TopItem> = None;
    let mut section_stack: Vec<usize> = Vec::new();
    let mut in_code = false;
    // A finished top-level item, kept until we know the next item is not one of its children
    // written at a smaller indent than CommonMark needs (`-  Title` then `  - 论文名称：`).
    let mut pending: Option<TopItem> = None;
    let mut adopting = false;
    let flush = |pending: &mut Option<TopItem>, out: &mut FileRead| {
        if let Some(t) = pending.take() {
            let section = t.section.clone();
            let entry = build_entry(file, src, &idx, t, section, &mut out.diagnostics);
            out.entries.push(entry);
        }
    };

    for (ev, range) in Parser::new_ext(src, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Heading { level, .. }) if list_depth == 0 && quote_depth == 0 => {
                heading = Some((heading_level(level), range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text)) = heading.take() {
                    let title = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    let (line, _) = idx.pos(start);
                    if level == 1 && out.title.is_none() && out.sections.is_empty() {
                        out.title = Some(title);
                        continue;
                    }
                    while let Some(&top_i) = section_stack.last() {
                        if out.sections[top_i].level >= level {
                            section_stack.pop();
                        } else {
                            break;
                        }
                    }
                    let parent = section_stack.last().copied();
                    let mut path = parent
                        .map(|p| out.sections[p].path.clone())
                        .unwrap_or_default();
                    path.push(title.clone());
                    out.sections.push(Section {
                        title,
                        level,
                        path,
                        parent,
                        file: file.to_string(),
                        line,
                    });
                    section_stack.push(out.sections.len() - 1);
                }
            }
            Event::Start(Tag::List(_)) => {
                list_depth += 1;
                if list_depth == 2 {
                    if let Some(t) = top.as_mut() {
                        t.own_done = true;
                    }
                }
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 {
                    flush(&mut pending, &mut out);
                }
            }
            Event::Start(Tag::Item) if quote_depth == 0 => {
                if list_depth == 1 {
                    let marker = range.start + src[range.start..].len()
                        - src[range.start..].trim_start().len();
                    let line_start = src[..marker].rfind('\n').map_or(0, |i| i + 1);
                    let indent = marker - line_start;
                    if let Some(p) = pending
                        .as_mut()
                        .filter(|p| indent > p.indent && p.indent == 0)
                    {
                        p.children.push(range.clone());
                        adopting = true;
                        continue;
                    }
                    flush(&mut pending, &mut out);
                    let section = section_stack
                        .last()
                        .map(|i| out.sections[*i].path.clone())
                        .unwrap_or_default();
                    top = Some(TopItem {
                        start: range.start,
                        indent,
                        section,
                        heading: String::new(),
                        links: Vec::new(),
                        in_link: false,
                        own_done: false,
                        children: Vec::new(),
                        skip_text: 0,
                    });
                } else if list_depth == 2 && !adopting {
                    if let Some(t) = top.as_mut() {
                        t.children.push(range.clone());
                    }
                }
            }
            Event::End(TagEnd::Item) if list_depth == 1 && quote_depth == 0 => {
                if adopting {
                    adopting = false;
                } else if let Some(t) = top.take() {
                    pending = Some(t);
                }
            }
            _ => {
                // Inline content: heading text or a top item's own text.
                if let Some((_, _, h)) = heading.as_mut() {
                    match &ev {
                        Event::Text(t) | Event::Code(t) if !in_code => h.push_str(t),
                        Event::SoftBreak | Event::HardBreak => h.push(' '),
                        _ => {}
                    }
                    continue;
                }
                if list_depth != 1 || quote_depth != 0 || adopting {
                    continue;
                }
                let Some(t) = top.as_mut() else { continue };
                if t.own_done {
                    continue;
                }
                match ev {
                    Event::Start(Tag::Image { .. }) => t.skip_text += 1,
                    Event::End(TagEnd::Image) => t.skip_text = t.skip_text.saturating_sub(1),
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        t.links.push(dest_url.to_string());
                        t.in_link = true;
                    }
                    Event::End(TagEnd::Link) => t.in_link = false,
                    Event::Text(s) | Event::Code(s) if t.skip_text == 0 && !in_code => {
                        t.heading.push_str(&s)
                    }
                    Event::SoftBreak | Event::HardBreak => t.heading.push(' '),
                    Event::End(TagEnd::Paragraph) => t.own_done = !t.heading.trim().is_empty(),
                    _ => {}
                }
            }
        }
    }
    flush(&mut pending, &mut out);
    out
}

fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Strip a list marker (`- `, `* `, `+ `, `1. `, `1) `) and return (rest, marker width incl. spaces).
fn strip_marker(line: &str) -> (&str, usize) {
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
fn child_text(src: &str, range: std::ops::Range<usize>) -> (String, String) {
    let raw = src.get(range).unwrap_or("");
    let mut lines = raw.split('\n');
    let first = lines.next().unwrap_or("");
    let (own, width) = strip_marker(first);
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
    (own.trim().to_string(), rest.trim_end().to_string())
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

/// Turn one child's text into one or more fields (a known field indented under a scalar
/// field by mistake is hoisted back beside it).
fn child_fields(
    own: &str,
    more: &str,
    line: u32,
    diags: &mut Vec<Diagnostic>,
    file: &str,
    col: u32,
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
        if SCALAR.contains(&kind) && !more.is_empty() {
            // Re-split the nested list: known labelled items become sibling fields.
            let mut offset = 1u32;
            for item in split_items(more) {
                let (iown, imore) = match item.split_once('\n') {
                    Some((a, b)) => (strip_marker(a).0.trim().to_string(), b.to_string()),
                    None => (strip_marker(&item).0.trim().to_string(), String::new()),
                };
                let hoist = text::split_label(&iown)
                    .filter(|x| text::label_kind(x.label) != FieldKind::Other);
                if hoist.is_some() {
                    hoisted.extend(child_fields(&iown, &imore, line + offset, diags, file, col));
                } else {
                    kept = join(&kept, &item);
                }
                offset += item.matches('\n').count() as u32 + 1;
            }
        } else {
            kept = more.to_string();
        }
        if kind == FieldKind::Other && !text::label_is_known_other(l.label) {
            diags.push(
                Diagnostic::new(
                    Severity::Note,
                    "unknown-label",
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

fn build_entry(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    t: TopItem,
    section: Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> RawEntry {
    let (line, column) = idx.pos(t.start);
    let heading = t.heading.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut note_link = None;
    let mut heading_links = Vec::new();
    for l in t.links {
        if l.starts_with('#') || l.is_empty() {
            continue;
        }
        if l.contains("://") || l.starts_with("www.") {
            heading_links.push(l);
        } else if note_link.is_none() && !l.starts_with("mailto:") {
            note_link = Some(l);
        }
    }
    let mut fields = Vec::new();
    for r in t.children {
        let (fline, fcol) = idx.pos(r.start);
        let (own, more) = child_text(src, r);
        fields.extend(child_fields(&own, &more, fline, diags, file, fcol));
    }
    RawEntry {
        file: file.to_string(),
        line,
        column,
        section,
        heading,
        note_link,
        heading_links,
        fields,
    }
}

/// Links found in an entry, normalised, classified and reported.
pub(crate) struct EntryLinks {
    pub links: Vec<Link>,
    /// Links that identify the paper (from link/code fields, the heading, bare URL children).
    pub identifying: Vec<usize>,
}

const PLACEHOLDERS: &[&str] = &[
    "none",
    "null",
    "n/a",
    "na",
    "无",
    "暂无",
    "-",
    "tbd",
    "todo",
    "coming soon",
    "待更新",
];

/// Extract, normalise and classify every URL of an entry; report repaired and malformed ones.
pub(crate) fn entry_links(e: &RawEntry, diags: &mut Vec<Diagnostic>) -> EntryLinks {
    let mut links: Vec<Link> = Vec::new();
    let mut identifying = Vec::new();
    let mut push =
        |url: String, kind: LinkKind, label: &str, ident: bool, links: &mut Vec<Link>| {
            let i = match links.iter().position(|l| l.url == url) {
                Some(i) => i,
                None => {
                    links.push(Link {
                        url,
                        kind,
                        label: label.to_string(),
                    });
                    links.len() - 1
                }
            };
            if ident && !identifying.contains(&i) {
                identifying.push(i);
            }
        };
    for h in &e.heading_links {
        if let Some(n) = ids::normalize_url(h) {
            let kind = ids::classify(&n.url, None);
            push(
                n.url,
                kind,
                "",
                matches!(kind, LinkKind::Paper | LinkKind::Pdf | LinkKind::Code),
                &mut links,
            );
        }
    }
    for f in &e.fields {
        let label_hint = match f.kind {
            FieldKind::Link => Some(LinkKind::Paper),
            FieldKind::Code => Some(LinkKind::Code),
            FieldKind::Other => other_hint(&f.label),
            _ => None,
        };
        let ident_field = matches!(f.kind, FieldKind::Link | FieldKind::Code)
            || (f.kind == FieldKind::Other && label_hint.is_some())
            || (f.kind == FieldKind::Note
                && f.text.trim().contains("://")
                && !f.text.trim().contains(char::is_whitespace));
        let mut urls = ids::find_urls(&f.text);
        // `arXiv:2302.04761` written where a link belongs stands for its abs page.
        let arxiv_url;
        if urls.is_empty() && f.kind == FieldKind::Link {
            if let Some(ids::ArxivMatch::Valid(id, _)) = ids::arxiv_from_text(&f.text) {
                arxiv_url = format!("https://arxiv.org/abs/{id}");
                urls.push((0, arxiv_url.as_str()));
            }
        }
        if urls.is_empty() && matches!(f.kind, FieldKind::Link | FieldKind::Code) {
            let t = f.text.trim();
            if !t.is_empty() && !PLACEHOLDERS.contains(&t.to_lowercase().as_str()) {
                diags.push(
                    Diagnostic::new(
                        Severity::Warning,
                        "malformed-url",
                        &e.file,
                        f.line,
                        1,
                        format!("`{}` holds `{t}`, which is not a URL", f.label),
                    )
                    .with_hint("write the full link, e.g. https://arxiv.org/abs/2304.08485"),
                );
            }
        }
        for (_, raw) in urls {
            match ids::normalize_url(raw) {
                None => diags.push(
                    Diagnostic::new(
                        Severity::Warning,
                        "malformed-url",
                        &e.file,
                        f.line,
                        1,
                        format!("`{raw}` is not a valid URL"),
                    )
                    .with_hint("fix the link so it starts with https:// and a host name"),
                ),
                Some(n) => {
                    if ident_field {
                        match &n.fix {
                            ids::UrlFix::Repaired(orig) => diags.push(
                                Diagnostic::new(
                                    Severity::Warning,
                                    "repaired-url",
                                    &e.file,
                                    f.line,
                                    1,
                                    format!("repaired `{orig}` to `{}`", n.url),
                                )
                                .with_hint("correct the link in the catalogue"),
                            ),
                            ids::UrlFix::Tidied(orig) => diags.push(Diagnostic::new(
                                Severity::Note,
                                "repaired-url",
                                &e.file,
                                f.line,
                                1,
                                format!("read `{orig}` as `{}`", n.url),
                            )),
                            ids::UrlFix::None => {}
                        }
                    }
                    let kind = if ident_field {
                        ids::classify(&n.url, label_hint)
                    } else {
                        match ids::classify(&n.url, None) {
                            LinkKind::Code | LinkKind::Project => LinkKind::Other,
                            k => {
                                if k == LinkKind::Paper || k == LinkKind::Pdf {
                                    LinkKind::Other
                                } else {
                                    k
                                }
                            }
                        }
                    };
                    push(n.url, kind, &f.label, ident_field, &mut links);
                }
            }
        }
    }
    EntryLinks { links, identifying }
}

fn other_hint(label: &str) -> Option<LinkKind> {
    let k = text::label_key(label);
    let k = k.split(['(', '（']).next().unwrap_or("");
    match k {
        "homepage" | "project" | "projectpage" | "demo" | "论文示例" | "主页" | "项目主页"
        | "website" => Some(LinkKind::Project),
        _ => None,
    }
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

    #[test]
    fn line_index() {
        let idx = LineIndex::new("ab\n论文\nx");
        assert_eq!(idx.pos(0), (1, 1));
        assert_eq!(idx.pos(3), (2, 1));
        assert_eq!(idx.pos(6), (2, 2));
        assert_eq!(idx.pos(10), (3, 1));
    }
}
