//! A top-level list item as an entry: its own text, its children, and nested papers.

use crate::diag::Diagnostic;
use crate::entry::RawEntry;
use crate::ids;
use crate::lines::LineIndex;
use crate::model::{Field, FieldKind};
use crate::shapes;
use crate::text;

use super::fields::{child_fields, child_text, nested_items, NestedItem};
use super::links::split_links;
use super::state::TopItem;

/// A child item that is a paper of its own: unlabelled text whose nested `items` include a
/// labelled title or paper link (`- 检索增强` / `  - RAG 原始论文` / `    - 论文：…`).
fn nested_paper(items: &[NestedItem]) -> bool {
    items.iter().any(|n| {
        matches!(
            shapes::field_label_kind(&n.own),
            Some(FieldKind::Title | FieldKind::Link)
        )
    })
}

/// A top-level list item as an entry. Children that are papers of their own (see
/// [`nested_paper`]) are read as separate entries into `nested` (with their start offsets);
/// their section path is the parent's text, to which the reader prepends the heading's path.
pub(super) fn build_entries(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    t: TopItem,
    diags: &mut Vec<Diagnostic>,
    nested: &mut Vec<(usize, RawEntry)>,
) -> RawEntry {
    let (line, column) = idx.pos(t.range.start);
    let mut fields = Vec::with_capacity(t.children.len());
    let reference = shapes::reference_item(&t.segs, line);
    let lead_link = t.lead_link.clone();
    let is_reference = reference.is_some();
    let (heading, note_link, heading_links) = match reference {
        Some(r) => {
            fields = r.fields;
            (r.title, r.note_link, Vec::new())
        }
        None => {
            let (note_link, urls) = split_links(t.links);
            (text::collapse_spaces(&t.heading), note_link, urls)
        }
    };
    for r in t.children {
        let (fline, fcol) = idx.pos(r.start);
        let start = r.start;
        let (own, more) = child_text(src, r);
        let items = if more.is_empty() || own.is_empty() || text::split_label(own).is_some() {
            Vec::new()
        } else {
            nested_items(&more)
        };
        if nested_paper(&items) {
            let mut nf = Vec::new();
            for n in &items {
                nf.extend(child_fields(
                    &n.own,
                    &n.more,
                    fline + n.offset,
                    diags,
                    file,
                    fcol,
                    true,
                ));
            }
            let parent = text::collapse_spaces(&heading);
            let mut e = RawEntry {
                file: file.to_string(),
                line: fline,
                column: fcol,
                section: if parent.is_empty() {
                    Vec::new()
                } else {
                    vec![parent]
                },
                heading: own.to_string(),
                note_link: None,
                heading_links: Vec::new(),
                fields: nf,
                shape: "nested item",
            };
            shapes::add_heading_title(&mut e);
            nested.push((start, e));
            continue;
        }
        fields.extend(child_fields(own, &more, fline, diags, file, fcol, true));
    }
    // `- [Title](link) ...`: the item's own link names the paper, so an unlabelled child that
    // reads as an English title is its authors (`- Phil Wang, Eric Alcaide`) or a note.
    if let (false, Some((_, text))) = (is_reference, &lead_link) {
        if !text.trim().is_empty() {
            for f in fields
                .iter_mut()
                .filter(|f| f.kind == FieldKind::Title && f.label.is_empty())
            {
                f.kind = if text::looks_like_person_names(&f.text) {
                    FieldKind::Authors
                } else {
                    FieldKind::Note
                };
            }
        }
    }
    // A citation string (`Wang Y, Li J. Title[C]//Venue. 2021`) is split into its parts.
    if !is_reference
        && !fields
            .iter()
            .any(|f| f.kind == FieldKind::Title && !f.text.trim().is_empty())
    {
        let own = text::collapse_spaces(&heading);
        if let Some(c) = crate::titles::split_citation(&text::strip_inline_markup(&own)) {
            let field = |kind, text: String| Field {
                label: String::new(),
                kind,
                text,
                line,
            };
            let mut add = vec![
                field(FieldKind::Title, c.title),
                field(FieldKind::Authors, c.authors),
            ];
            match (c.venue, c.year) {
                (Some(v), Some(y)) if !v.contains(&y) => {
                    add.push(field(FieldKind::Venue, format!("{v} {y}")))
                }
                (Some(v), _) => add.push(field(FieldKind::Venue, v)),
                (None, Some(y)) => add.push(field(FieldKind::Date, y)),
                (None, None) => {}
            }
            fields.splice(0..0, add);
        }
    }
    // `- [Title](paper link) ...`: the link text is the title when no field gives one.
    if let (false, Some((url, text))) = (is_reference, lead_link) {
        let has_title = fields
            .iter()
            .any(|f| f.kind == FieldKind::Title && !f.text.trim().is_empty());
        let title = crate::titles::clean_title(&text);
        let paper = ids::paper_url(&url).is_some();
        if !has_title
            && paper
            && text::looks_like_english_title(&title)
            && !crate::titles::names_non_paper(&text)
        {
            fields.insert(
                0,
                Field {
                    label: String::new(),
                    kind: FieldKind::Title,
                    text: title,
                    line,
                },
            );
        }
    }
    // Entries live until the catalogue is built: no spare capacity.
    fields.shrink_to_fit();
    RawEntry {
        file: file.to_string(),
        line,
        column,
        section: Vec::new(),
        heading,
        note_link,
        heading_links,
        fields,
        shape: if is_reference {
            "reference item"
        } else {
            "list item"
        },
    }
}
