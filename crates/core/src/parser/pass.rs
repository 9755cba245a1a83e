//! One pass over a run of pulldown-cmark events: blocks, headings and list items.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::evidence::has_evidence;
use crate::lines::LineIndex;
use crate::model::FieldKind;
use crate::shapes;
use crate::text::collapse_spaces;

use super::fields::child_fields;
use super::heads::{head_entry, sub_heading_field};
use super::state::{Bold, Buffered, Head, Part, Placed, Reader, TopItem};

/// Read a run of events; `may_title` is false for a chunk after the first, where a level-1
/// heading is never the catalogue title (the first chunk holds the first heading).
pub(super) fn read_part<'a>(
    file: &'a str,
    src: &'a str,
    idx: &'a LineIndex<'a>,
    events: impl Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
    may_title: bool,
) -> Part {
    let mut r = Reader {
        file,
        src,
        idx,
        heads: Vec::new(),
        placed: Vec::new(),
        diags: Vec::new(),
        explained: Vec::new(),
    };
    let mut title = None;
    let mut saw_heading = false;
    let mut list_depth = 0usize;
    let mut quote_depth = 0usize;
    // (level, start, text, links) of the heading being read.
    let mut heading: Option<(u8, usize, String, Vec<String>)> = None;
    let mut top: Option<TopItem> = None;
    let mut in_code = false;
    // A finished top-level item, kept until we know the next item is not one of its children
    // written at a smaller indent than CommonMark needs (`-  Title` then `  - 论文名称：`).
    let mut pending: Option<TopItem> = None;
    let mut adopting = false;
    let mut items: Vec<TopItem> = Vec::new();
    let mut list_range = 0..0;
    let mut bold: Option<Bold> = None;
    // The events of a top-level table being read, and where it starts.
    let mut table: Option<(usize, Buffered<'a>)> = None;

    // The events of a top-level footnote definition being read.
    let mut footnote: Option<Buffered<'a>> = None;

    for (ev, range) in events {
        if let Some(buf) = footnote.as_mut() {
            let end = matches!(ev, Event::End(TagEnd::FootnoteDefinition));
            buf.push((ev, range));
            if end {
                if let Some(buf) = footnote.take() {
                    let owner = r.cur();
                    let rows = crate::tables::read_footnote(file, idx, &buf);
                    let rows = rows.into_iter().map(|(s, e)| (s, e, Vec::new()));
                    r.place_all(rows.collect(), owner);
                }
            }
            continue;
        }
        if let Some((start, buf)) = table.as_mut() {
            let end = matches!(ev, Event::End(TagEnd::Table));
            buf.push((ev, range.clone()));
            if end {
                let start = *start;
                if let Some((_, buf)) = table.take() {
                    match crate::tables::read_table(file, src, idx, &buf, &mut r.explained) {
                        Some(rows) => {
                            let owner = r.cur();
                            let rows = rows.into_iter().map(|(s, e)| (s, e, Vec::new()));
                            r.place_all(rows.collect(), owner);
                        }
                        None => r.prose(start..range.end, FieldKind::Note),
                    }
                }
            }
            continue;
        }
        let top_level = list_depth == 0 && quote_depth == 0;
        match ev {
            Event::Start(Tag::FootnoteDefinition(_)) if top_level && heading.is_none() => {
                r.flush_bold(&mut bold);
                footnote = Some(vec![(ev, range)]);
            }
            Event::Start(Tag::Table(_)) if top_level => {
                r.flush_bold(&mut bold);
                table = Some((range.start, vec![(ev, range)]));
            }
            Event::Start(Tag::BlockQuote(_)) => {
                if top_level {
                    r.flush_bold(&mut bold);
                    r.prose(range, FieldKind::Summary);
                }
                quote_depth += 1
            }
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => {
                if top_level {
                    r.flush_bold(&mut bold);
                    r.prose(range, FieldKind::Note);
                }
                in_code = true
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::HtmlBlock) if top_level => {
                r.flush_bold(&mut bold);
                let explained = &mut r.explained;
                match crate::tables::read_html_table(file, src, idx, range.clone(), explained) {
                    Some(rows) => {
                        let owner = r.cur();
                        let rows = rows.into_iter().map(|(s, e)| (s, e, Vec::new()));
                        r.place_all(rows.collect(), owner);
                    }
                    None => r.prose(range, FieldKind::Note),
                }
            }
            Event::Start(Tag::Paragraph) if top_level && heading.is_none() => {
                // `**Title**` then a paragraph of labelled links: the links are its fields.
                if let Some(b) = bold.as_ref() {
                    let raw = src.get(range.clone()).unwrap_or("");
                    if let Some(lines) = shapes::link_paragraph(raw) {
                        let (line, column) = idx.pos(range.start);
                        let mut fdiags = Vec::new();
                        let mut fields = Vec::new();
                        for (i, l) in lines.iter().enumerate() {
                            fields.extend(child_fields(
                                l,
                                "",
                                line + i as u32,
                                &mut fdiags,
                                file,
                                column,
                                true,
                            ));
                        }
                        let entry = b.entry(file, idx, fields, "bold title with links");
                        if has_evidence(&entry) {
                            let start = b.range.start;
                            bold = None;
                            r.diags.extend(fdiags);
                            let owner = r.cur();
                            r.placed.push(Placed {
                                start,
                                owner,
                                entry,
                            });
                            continue;
                        }
                    }
                }
                r.flush_bold(&mut bold);
                match shapes::bold_paragraph(src.get(range.clone()).unwrap_or("")) {
                    Some((text, links)) => bold = Some(Bold { text, links, range }),
                    None => r.prose(range, FieldKind::Note),
                }
            }
            Event::Start(Tag::Heading { level, .. }) if top_level => {
                r.flush_bold(&mut bold);
                heading = Some((heading_level(level), range.start, String::new(), Vec::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, start, text, links)) = heading.take() {
                    let htitle = collapse_spaces(&text);
                    let first = !saw_heading;
                    saw_heading = true;
                    if level == 1 && may_title && first {
                        title = Some(htitle);
                        continue;
                    }
                    r.heads.push(Head {
                        level,
                        title: htitle,
                        start,
                        body_start: range.end,
                        body_end: src.len(),
                        parent: None,
                        links,
                        fields: Vec::new(),
                        field_list: false,
                        diags: Vec::new(),
                        entry: None,
                        sub_field: None,
                        loose: Vec::new(),
                    });
                }
            }
            Event::Start(Tag::List(_)) => {
                if top_level {
                    list_range = range.clone();
                }
                list_depth += 1;
                if list_depth == 2 {
                    if let Some(t) = top.as_mut() {
                        t.own_done = true;
                    }
                }
            }
            Event::End(TagEnd::List(_)) => {
                list_depth = list_depth.saturating_sub(1);
                if list_depth == 0 && quote_depth == 0 {
                    items.extend(pending.take());
                    r.end_list(std::mem::take(&mut items), list_range.clone(), &mut bold);
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
                        p.adopted.push(range.clone());
                        adopting = true;
                        continue;
                    }
                    items.extend(pending.take());
                    top = Some(TopItem::new(range.clone(), indent));
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
                if let Some((_, _, h, links)) = heading.as_mut() {
                    match &ev {
                        Event::Text(t) | Event::Code(t) if !in_code => h.push_str(t),
                        Event::SoftBreak | Event::HardBreak => h.push(' '),
                        Event::Start(Tag::Link { dest_url, .. }) => {
                            links.push(dest_url.to_string())
                        }
                        _ => {}
                    }
                    continue;
                }
                if list_depth != 1 || quote_depth != 0 || adopting {
                    continue;
                }
                let Some(t) = top.as_mut() else { continue };
                t.inline(ev, in_code);
            }
        }
    }
    items.extend(pending.take());
    if !items.is_empty() {
        r.end_list(items, list_range, &mut bold);
    }
    r.flush_bold(&mut bold);
    // Every heading's body has been read (a chunk ends before a heading).
    for h in &mut r.heads {
        h.entry = head_entry(file, idx, h).map(Box::new);
    }
    // The body of a heading under a likely paper is likely a field of that paper. The last
    // heading's body runs on to the next chunk: it is left to `finish`.
    let mut stack: Vec<(u8, bool)> = Vec::new();
    let n = r.heads.len();
    for h in 0..n {
        let level = r.heads[h].level;
        while stack.last().is_some_and(|&(l, _)| l >= level) {
            stack.pop();
        }
        let paper_above = stack.iter().any(|&(_, paper)| paper);
        let paper = r.heads[h].entry.is_some();
        stack.push((level, paper));
        if paper_above && !paper && h + 1 < n {
            let body_end = r.heads[h + 1].start;
            let head = &mut r.heads[h];
            head.body_end = body_end;
            head.sub_field = Some(Box::new(sub_heading_field(src, idx, head)));
        }
    }
    Part {
        title,
        saw_heading,
        heads: r.heads,
        placed: r.placed,
        diags: r.diags,
        explained: r.explained,
    }
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
