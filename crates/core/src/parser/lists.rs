//! Top-level lists: papers, the fields of the heading or bold paragraph above, or prose.

use crate::diag::Diagnostic;
use crate::entry::RawEntry;
use crate::evidence::has_evidence;
use crate::model::{Field, FieldKind};
use crate::shapes;

use super::fields::{child_fields, child_text, strip_marker};
use super::items::build_entries;
use super::state::{Bold, Loose, Placed, Reader, TopItem};

impl Reader<'_> {
    /// Fields of the items of a list read as a field list.
    fn list_fields(&self, items: &[TopItem], diags: &mut Vec<Diagnostic>) -> Vec<Field> {
        let mut fields = Vec::new();
        for it in items {
            for r in std::iter::once(&it.range).chain(&it.adopted) {
                let (line, col) = self.idx.pos(r.start);
                let (own, more) = child_text(self.src, r.clone());
                fields.extend(child_fields(own, &more, line, diags, self.file, col, true));
            }
        }
        fields
    }

    /// A top-level list has ended: its items are papers, the fields of the bold paragraph or
    /// heading above, or prose.
    pub(super) fn end_list(
        &mut self,
        items: Vec<TopItem>,
        list: std::ops::Range<usize>,
        bold: &mut Option<Bold>,
    ) {
        let head = self.cur();
        // A second labelled list under a heading that already has one continues its fields.
        let continues = bold.is_none() && head.is_some_and(|h| self.heads[h].field_list);
        let field_list =
            (bold.is_some() || head.is_some()) && self.is_field_list(&items, continues);
        let mut fdiags = Vec::new();
        let mut fields = if field_list {
            self.list_fields(&items, &mut fdiags)
        } else {
            Vec::new()
        };
        if field_list {
            if let Some(b) = bold.take() {
                let entry = b.entry(self.file, self.idx, fields, "bold title");
                if has_evidence(&entry) {
                    self.diags.extend(fdiags);
                    self.placed.push(Placed {
                        start: b.range.start,
                        owner: head,
                        entry,
                    });
                    return;
                }
                // No paper after all, so no title was added (a title is evidence): the
                // fields go back.
                fields = entry.fields;
                *bold = Some(b);
            }
        }
        self.flush_bold(bold);
        if let (true, Some(h)) = (field_list, head) {
            // The items are entries only if the heading turns out to be a section.
            let hd = &mut self.heads[h];
            hd.fields.extend(fields);
            hd.diags.extend(fdiags);
            hd.field_list = true;
            hd.loose.extend(items.into_iter().map(Loose::Item));
            return;
        }
        let mut entries: Vec<(usize, RawEntry, Vec<Diagnostic>)> = Vec::with_capacity(items.len());
        for t in items {
            let start = t.range.start;
            let mut d = Vec::new();
            let mut nested = Vec::new();
            let e = build_entries(self.file, self.src, self.idx, t, &mut d, &mut nested);
            entries.push((start, e, d));
            entries.extend(nested.into_iter().map(|(s, e)| (s, e, Vec::new())));
        }
        let Some(h) = head else {
            self.place_all(entries, None);
            return;
        };
        if entries.iter().any(|(_, e, _)| has_evidence(e)) {
            self.place_all(entries, Some(h));
        } else {
            self.prose(list, FieldKind::Note);
            let loose = entries.into_iter().map(|(s, e, d)| Loose::Entry(s, e, d));
            self.heads[h].loose.extend(loose);
        }
    }

    pub(super) fn place_all(
        &mut self,
        entries: Vec<(usize, RawEntry, Vec<Diagnostic>)>,
        owner: Option<usize>,
    ) {
        for (start, entry, d) in entries {
            self.diags.extend(d);
            self.placed.push(Placed {
                start,
                owner,
                entry,
            });
        }
    }

    /// Most items are known labels, one of them a paper-ish label (unless the list continues
    /// an earlier field list), and no item is a paper.
    fn is_field_list(&self, items: &[TopItem], continues: bool) -> bool {
        let mut labelled = 0usize;
        let mut paperish = false;
        for it in items {
            let own = own_line(self.src, &it.range);
            match shapes::field_label_kind(own) {
                Some(k) => {
                    labelled += 1;
                    paperish |= matches!(
                        k,
                        FieldKind::Title
                            | FieldKind::Link
                            | FieldKind::Code
                            | FieldKind::Date
                            | FieldKind::Venue
                            | FieldKind::Authors
                    ) || (k == FieldKind::Other
                        && shapes::link_label_hint(own).is_some());
                }
                None => {
                    // An unlabelled item with labelled paper children is a paper.
                    if it.children.iter().any(|r| {
                        let o = own_line(self.src, r);
                        matches!(
                            shapes::field_label_kind(o),
                            Some(FieldKind::Title | FieldKind::Link)
                        )
                    }) {
                        return false;
                    }
                }
            }
        }
        (paperish || continues) && labelled * 2 > items.len()
    }
}

/// The first line of a list item, marker stripped.
fn own_line<'a>(src: &'a str, r: &std::ops::Range<usize>) -> &'a str {
    let raw = src.get(r.clone()).unwrap_or("");
    strip_marker(raw.split('\n').next().unwrap_or("")).0.trim()
}
