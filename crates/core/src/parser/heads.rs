//! Headings: which are papers, which are sections, and where every entry stands.

use crate::entry::RawEntry;
use crate::evidence::has_evidence;
use crate::ids;
use crate::lines::LineIndex;
use crate::model::{Field, Section};
use crate::shapes;
use crate::text;

use super::items::build_entries;
use super::links::split_links;
use super::state::{FileRead, Head, Loose, Placed, Reader};

/// The body of a heading inside a paper, as a field of that paper (labelled with the heading
/// text minus its ordinal: `#### 一、论文动机` gives `论文动机`).
pub(super) fn sub_heading_field(src: &str, idx: &LineIndex<'_>, head: &Head) -> Field {
    let label = shapes::strip_ordinal(&head.title).to_string();
    let body = src
        .get(head.body_start..head.body_end.max(head.body_start))
        .unwrap_or("")
        .trim()
        .to_string();
    let (line, _) = idx.pos(head.start);
    Field {
        kind: text::label_kind(&label),
        label,
        text: body,
        line,
    }
}

/// A heading as a paper entry, when it has a field list (or links a paper in its text) and
/// paper evidence. Its fields and links move into the entry.
pub(super) fn head_entry(file: &str, idx: &LineIndex<'_>, head: &mut Head) -> Option<RawEntry> {
    let (note_link, heading_links) = split_links(std::mem::take(&mut head.links));
    let linked = heading_links.iter().any(|u| ids::paper_url(u).is_some());
    if !head.field_list && !linked {
        return None;
    }
    let (line, column) = idx.pos(head.start);
    let mut e = RawEntry {
        file: file.to_string(),
        line,
        column,
        section: Vec::new(),
        heading: head.title.clone(),
        note_link,
        heading_links,
        fields: std::mem::take(&mut head.fields),
        shape: "heading",
    };
    shapes::add_heading_title(&mut e);
    if has_evidence(&e) {
        Some(e)
    } else {
        // No title was added (a title is evidence): the fields go back as they were.
        head.fields = e.fields;
        None
    }
}

impl Reader<'_> {
    /// Decide which headings are papers, build the sections and place every entry.
    pub(super) fn finish(mut self, title: Option<String>) -> FileRead {
        let n = self.heads.len();
        // A heading's parent is the nearest heading before it at a higher level; its body
        // runs to the next heading.
        let mut stack: Vec<usize> = Vec::new();
        for h in 0..n {
            let level = self.heads[h].level;
            while stack.last().is_some_and(|&p| self.heads[p].level >= level) {
                stack.pop();
            }
            self.heads[h].parent = stack.last().copied();
            stack.push(h);
            self.heads[h].body_end = match self.heads.get(h + 1) {
                Some(next) => next.start,
                None => self.src.len(),
            };
        }
        // A heading with paper evidence of its own (see `Part::heads`)...
        let mut head_entries: Vec<Option<RawEntry>> = self
            .heads
            .iter_mut()
            .map(|h| h.entry.take().map(|e| *e))
            .collect();
        let evidence: Vec<bool> = head_entries.iter().map(Option::is_some).collect();
        // ...and no paper under it is a paper; otherwise it is a section.
        let mut below = vec![false; n];
        for p in &self.placed {
            if let Some(o) = p.owner {
                below[o] = true;
            }
        }
        let mut is_paper = vec![false; n];
        for h in (0..n).rev() {
            is_paper[h] = evidence[h] && !below[h];
            if is_paper[h] || below[h] {
                if let Some(p) = self.heads[h].parent {
                    below[p] = true;
                }
            }
        }
        // The paper a heading belongs to (itself or an ancestor), and the section it is.
        let mut inside: Vec<Option<usize>> = vec![None; n];
        let mut section_of: Vec<Option<usize>> = vec![None; n];
        let mut sections: Vec<Section> = Vec::new();
        let mut placed_heads: Vec<Placed> = Vec::new();
        for h in 0..n {
            let parent = self.heads[h].parent;
            let parent_section = parent.and_then(|p| section_of[p]);
            inside[h] = if is_paper[h] {
                Some(h)
            } else {
                parent.and_then(|p| inside[p])
            };
            let path_of = |s: Option<usize>, sections: &[Section]| {
                s.map(|i| sections[i].path.clone()).unwrap_or_default()
            };
            match inside[h] {
                None => {
                    let mut path = path_of(parent_section, &sections);
                    path.push(self.heads[h].title.clone());
                    let (line, _) = self.idx.pos(self.heads[h].start);
                    sections.push(Section {
                        title: self.heads[h].title.clone(),
                        level: self.heads[h].level,
                        path,
                        parent: parent_section,
                        file: self.file.to_string(),
                        line,
                    });
                    section_of[h] = Some(sections.len() - 1);
                    for loose in std::mem::take(&mut self.heads[h].loose) {
                        let (start, mut e, d) = match loose {
                            Loose::Entry(start, e, d) => (start, e, d),
                            Loose::Item(t) => {
                                let start = t.range.start;
                                let mut d = Vec::new();
                                // A field list's items have labels: no nested papers.
                                let e = build_entries(
                                    self.file,
                                    self.src,
                                    self.idx,
                                    t,
                                    &mut d,
                                    &mut Vec::new(),
                                );
                                (start, e, d)
                            }
                        };
                        let mut path = sections[sections.len() - 1].path.clone();
                        path.append(&mut e.section);
                        e.section = path;
                        self.diags.extend(d);
                        placed_heads.push(Placed {
                            start,
                            owner: None,
                            entry: e,
                        });
                    }
                }
                Some(p) if p == h => {
                    let mut e = head_entries[h].take().unwrap_or_default();
                    e.section = path_of(parent_section, &sections);
                    let d = std::mem::take(&mut self.heads[h].diags);
                    self.diags.extend(d);
                    placed_heads.push(Placed {
                        start: self.heads[h].start,
                        owner: None,
                        entry: e,
                    });
                }
                Some(p) => {
                    // A deeper heading of a paper: its body is one field of the paper.
                    let head = &mut self.heads[h];
                    let field = match head.sub_field.take() {
                        Some(f) => *f,
                        None => sub_heading_field(self.src, self.idx, head),
                    };
                    // The paper's entry is the last one placed from a heading so far.
                    if let Some(pe) = placed_heads
                        .iter_mut()
                        .rev()
                        .find(|x| x.start == self.heads[p].start)
                    {
                        pe.entry.fields.push(field);
                    }
                }
            }
        }
        // List entries take the section of the heading they stand under. A paper nested
        // under a topic item also stands in a section named after the topic (made here).
        let mut topics: std::collections::HashMap<(Option<usize>, String), usize> =
            std::collections::HashMap::new();
        for p in &mut self.placed {
            let base = p.owner.and_then(|o| section_of[o]);
            let mut path = base.map(|s| sections[s].path.clone()).unwrap_or_default();
            if let Some(topic) = p.entry.section.first().cloned() {
                let next = sections.len();
                let i = *topics.entry((base, topic.clone())).or_insert(next);
                if i == next {
                    let mut tpath = path.clone();
                    tpath.push(topic.clone());
                    sections.push(Section {
                        title: topic,
                        level: base.map_or(1, |b| (sections[b].level + 1).min(6)),
                        path: tpath,
                        parent: base,
                        file: self.file.to_string(),
                        line: p.entry.line.saturating_sub(1).max(1),
                    });
                }
            }
            path.append(&mut p.entry.section);
            p.entry.section = path;
        }
        if !topics.is_empty() {
            // Topic sections go back into document order (a stable sort by line).
            let mut order: Vec<usize> = (0..sections.len()).collect();
            order.sort_by_key(|&i| sections[i].line);
            let mut new_of = vec![0usize; sections.len()];
            for (new, &old) in order.iter().enumerate() {
                new_of[old] = new;
            }
            let mut old: Vec<Option<Section>> = sections.into_iter().map(Some).collect();
            sections = order
                .iter()
                .filter_map(|&i| old[i].take())
                .map(|mut s| {
                    s.parent = s.parent.map(|p| new_of[p]);
                    s
                })
                .collect();
        }
        // Merge the two document-ordered streams.
        let mut entries = Vec::with_capacity(self.placed.len() + placed_heads.len());
        let mut a = std::mem::take(&mut self.placed).into_iter().peekable();
        let mut b = placed_heads.into_iter().peekable();
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => x.start <= y.start,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_a { a.next() } else { b.next() };
            entries.extend(next.map(|p| p.entry));
        }
        FileRead {
            title,
            sections,
            entries,
            diagnostics: self.diags,
            explained: self.explained,
        }
    }
}
