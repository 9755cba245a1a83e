//! The reader's state: the blocks being read and what has been placed so far.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diag::Diagnostic;
use crate::entry::RawEntry;
use crate::lines::LineIndex;
use crate::model::{Field, FieldKind, Section};
use crate::shapes::{self, Seg};

use super::links::split_links;

/// What the reader produces for one file.
pub(crate) struct FileRead {
    pub title: Option<String>,
    pub sections: Vec<Section>,
    pub entries: Vec<RawEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// `note[explain]`s for blocks that produced no entry (table rows without paper evidence,
    /// tables that are not paper lists), for `check --explain` only.
    pub explained: Vec<Diagnostic>,
}

/// A top-level list item being read.
pub(super) struct TopItem {
    pub(super) range: std::ops::Range<usize>,
    pub(super) indent: usize,
    pub(super) heading: String,
    pub(super) links: Vec<String>,
    pub(super) in_link: bool,
    pub(super) own_done: bool,
    pub(super) children: Vec<std::ops::Range<usize>>,
    /// Items written at too small an indent and adopted as children.
    pub(super) adopted: Vec<std::ops::Range<usize>>,
    pub(super) skip_text: usize,
    /// Where the open link's text starts in `heading`, and the first link's (URL, text)
    /// when it opens the item's own text.
    pub(super) link_at: usize,
    pub(super) lead_link: Option<(String, String)>,
    /// The item's own inline content (outside nested lists), for reference items.
    pub(super) segs: Vec<Seg>,
    pub(super) strong: usize,
    pub(super) emph: usize,
}

/// One heading (other than the catalogue title) and what its direct body holds.
pub(super) struct Head {
    pub(super) level: u8,
    pub(super) title: String,
    pub(super) start: usize,
    pub(super) body_start: usize,
    pub(super) body_end: usize,
    pub(super) parent: Option<usize>,
    pub(super) links: Vec<String>,
    /// Fields from the direct body: field lists, quotes, prose.
    pub(super) fields: Vec<Field>,
    /// A field list stands in the direct body.
    pub(super) field_list: bool,
    /// Diagnostics about `fields`, reported when the heading is a paper.
    pub(super) diags: Vec<Diagnostic>,
    /// The heading as a paper entry, when it has paper evidence of its own (set once its
    /// body has been read; `fields` and `links` move into it).
    pub(super) entry: Option<Box<RawEntry>>,
    /// The heading's body as a field of the paper it belongs to, worked out ahead (with the
    /// chunk) when a heading above it in the same chunk is likely that paper.
    pub(super) sub_field: Option<Box<Field>>,
    /// Lists without paper evidence, and field lists: entries again when the heading turns out
    /// to be a section, so that their problems are still reported.
    pub(super) loose: Vec<Loose>,
}

/// A list item under a heading that is not (yet) an entry of the catalogue.
pub(super) enum Loose {
    /// Read as an entry, with its diagnostics.
    Entry(usize, RawEntry, Vec<Diagnostic>),
    /// An item of a field list: read as an entry only if the heading turns out to be a
    /// section, since a paper heading's field lines are never entries.
    Item(TopItem),
}

/// A paragraph that is one bold span, waiting to see whether a field list follows.
pub(super) struct Bold {
    pub(super) text: String,
    pub(super) links: Vec<String>,
    pub(super) range: std::ops::Range<usize>,
}

impl Bold {
    /// The bold paragraph as a paper entry with these fields (its English text as the title
    /// when no field gives one).
    pub(super) fn entry(
        &self,
        file: &str,
        idx: &LineIndex<'_>,
        fields: Vec<Field>,
        shape: &'static str,
    ) -> RawEntry {
        let (line, column) = idx.pos(self.range.start);
        let (note_link, heading_links) = split_links(self.links.clone());
        let mut entry = RawEntry {
            file: file.to_string(),
            line,
            column,
            section: Vec::new(),
            heading: self.text.clone(),
            note_link,
            heading_links,
            fields,
            shape,
        };
        shapes::add_heading_title(&mut entry);
        entry
    }
}

/// An entry and the heading it stands under.
pub(super) struct Placed {
    pub(super) start: usize,
    pub(super) owner: Option<usize>,
    pub(super) entry: RawEntry,
}

/// Per-file reader state shared by the helpers of [`read_file`].
pub(super) struct Reader<'s> {
    pub(super) file: &'s str,
    pub(super) src: &'s str,
    pub(super) idx: &'s LineIndex<'s>,
    pub(super) heads: Vec<Head>,
    pub(super) placed: Vec<Placed>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) explained: Vec<Diagnostic>,
}

impl TopItem {
    pub(super) fn new(range: std::ops::Range<usize>, indent: usize) -> Self {
        TopItem {
            range,
            indent,
            heading: String::new(),
            links: Vec::new(),
            in_link: false,
            own_done: false,
            children: Vec::new(),
            adopted: Vec::new(),
            skip_text: 0,
            link_at: 0,
            lead_link: None,
            segs: Vec::new(),
            strong: 0,
            emph: 0,
        }
    }

    /// One inline event of the item's own content (outside nested lists): its segments
    /// for a reference item, and until its first paragraph ends, its text and links.
    pub(super) fn inline(&mut self, ev: Event<'_>, in_code: bool) {
        if self.skip_text == 0 && !in_code {
            shapes::push_seg(&mut self.segs, &mut self.strong, &mut self.emph, &ev);
        }
        if self.own_done {
            return;
        }
        match ev {
            Event::Start(Tag::Image { .. }) => self.skip_text += 1,
            Event::End(TagEnd::Image) => self.skip_text = self.skip_text.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.links.push(dest_url.to_string());
                self.in_link = true;
                self.link_at = self.heading.len();
            }
            Event::End(TagEnd::Link) => {
                self.in_link = false;
                // The first link, when nothing but decoration stands before it.
                let before = self.heading.get(..self.link_at).unwrap_or("");
                if self.links.len() == 1 && !before.chars().any(char::is_alphanumeric) {
                    let text = self.heading.get(self.link_at..).unwrap_or("").trim();
                    let url = self.links[0].clone();
                    self.lead_link = Some((url, text.to_string()));
                }
            }
            Event::Text(s) | Event::Code(s) if self.skip_text == 0 && !in_code => {
                self.heading.push_str(&s)
            }
            Event::SoftBreak | Event::HardBreak => self.heading.push(' '),
            Event::End(TagEnd::Paragraph) => self.own_done = !self.heading.trim().is_empty(),
            _ => {}
        }
    }
}

impl Reader<'_> {
    pub(super) fn cur(&self) -> Option<usize> {
        self.heads.len().checked_sub(1)
    }

    /// A prose block of the current heading's body.
    pub(super) fn prose(&mut self, range: std::ops::Range<usize>, kind: FieldKind) {
        let Some(h) = self.cur() else { return };
        let raw = self.src.get(range.clone()).unwrap_or("").trim();
        if raw.is_empty() {
            return;
        }
        let text = if kind == FieldKind::Summary {
            shapes::unquote(raw)
        } else {
            raw.to_string()
        };
        let (line, _) = self.idx.pos(range.start);
        self.heads[h].fields.push(Field {
            label: String::new(),
            kind,
            text,
            line,
        });
    }

    pub(super) fn flush_bold(&mut self, bold: &mut Option<Bold>) {
        if let Some(b) = bold.take() {
            self.prose(b.range, FieldKind::Note);
        }
    }
}

/// What the reader finds in a run of events: a whole file, or one chunk of it.
pub(super) struct Part {
    pub(super) title: Option<String>,
    /// A heading (the title or another) was read.
    pub(super) saw_heading: bool,
    /// Headings in order, each with its entry when it has paper evidence of its own; parents
    /// and body ends are set by [`Reader::finish`].
    pub(super) heads: Vec<Head>,
    pub(super) placed: Vec<Placed>,
    pub(super) diags: Vec<Diagnostic>,
    pub(super) explained: Vec<Diagnostic>,
}

/// Events of a block kept to be read as a whole (a table, a footnote definition).
pub(super) type Buffered<'a> = Vec<(Event<'a>, std::ops::Range<usize>)>;
