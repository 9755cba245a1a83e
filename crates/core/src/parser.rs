//! The Markdown reader: pulldown-cmark events (with byte offsets) into raw entries.
//!
//! # Input grammar
//!
//! A catalogue mixes four shapes of paper entry; which one a block is gets decided from the
//! evidence around it (labels, links, what its children are), never by a switch.
//!
//! ```text
//! catalogue   = { block } ;
//! block       = heading | list | bold-para | quote | other ;   (* code, HTML, tables: prose *)
//! heading     = "#"{1..6} ( text | "[" text "](" url ")" ) ;   (* first level-1 heading = title *)
//!
//! (* Shape A, list item per paper (the shared corpus) *)
//! list        = item { item } ;
//! item        = marker own-text [ children ] ;
//! own-text    = text | "[" text "](" path-or-url ")" [ text ] ;
//! children    = child { child } ;                 (* indented 2, 3 or 4 spaces, mixed *)
//! child       = marker ( labelled | bare-label | english-title | note ) [ nested ] ;
//! labelled    = label ( "：" | ":" ) text
//!             | "**" label ( "：" | ":" ) "**" text
//!             | "**" label "**" ( "：" | ":" ) text
//!             | "【" label "】" text ;
//! bare-label  = label nested ;                    (* a short label with no colon *)
//! nested      = list ;                            (* kept as Markdown in the field text *)
//!
//! (* Shape B, heading per paper *)
//! paper-head  = heading field-list { field-list | quote | prose } { sub-heading { prose } } ;
//! field-list  = marker labelled { marker labelled } ;   (* items are fields, not papers *)
//! quote       = ">" text ;                        (* the summary *)
//! sub-heading = deeper heading, e.g. "#### 一、论文动机" (* label = text minus the ordinal *)
//!
//! (* Shape C, bold title paragraph *)
//! bold-para   = "**" title "**" NEWLINE field-list ;      (* `- Paper: url`, `- Code: None` *)
//!
//! (* Shape D, reference item *)
//! ref-item    = marker "**" title "**" [ venue "." ] [ "*" authors "*" ]
//!               { "[[" label "](" url ")]" } [ yyyy "." mm ] ;
//! ```
//!
//! A list under a heading (or right after a bold paragraph) is a *field list* when most of
//! its items are known labels, at least one of them a title, link, code, date, venue or
//! author label, and none of its items is itself a paper. A heading is a paper when it has a
//! field list (or links a paper in its text) with paper evidence and none of the headings or
//! lists under it is a paper; otherwise it is a section. The deeper headings of a paper
//! heading, and its prose, become its fields.
//!
//! An entry becomes a paper only with paper evidence: a title field, or a link or code field
//! holding a URL, or a paper/code link in its own text. Everything else (tables of contents,
//! plain lists, lone reference links, interview questions) is not a paper.
//!
//! The reader is a single pass over the event stream that only tracks list depth, followed by
//! one pass over the headings; no step recurses on the input's nesting, so input of any
//! depth costs constant stack, and the work is linear in the input.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::diag::{Code, Diagnostic};
use crate::entry::RawEntry;
use crate::events::OPTIONS;
use crate::evidence::has_evidence;
use crate::ids;
use crate::lines::LineIndex;
use crate::model::{Field, FieldKind, LinkKind, Section};
use crate::shapes::{self, Seg};
use crate::text;

/// What the reader produces for one file.
pub(crate) struct FileRead {
    pub title: Option<String>,
    pub sections: Vec<Section>,
    pub entries: Vec<RawEntry>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A top-level list item being read.
struct TopItem {
    range: std::ops::Range<usize>,
    indent: usize,
    heading: String,
    links: Vec<String>,
    in_link: bool,
    own_done: bool,
    children: Vec<std::ops::Range<usize>>,
    /// Items written at too small an indent and adopted as children.
    adopted: Vec<std::ops::Range<usize>>,
    skip_text: usize,
    /// Where the open link's text starts in `heading`, and the first link's (URL, text)
    /// when it opens the item's own text.
    link_at: usize,
    lead_link: Option<(String, String)>,
    /// The item's own inline content (outside nested lists), for reference items.
    segs: Vec<Seg>,
    strong: usize,
    emph: usize,
}

/// One heading (other than the catalogue title) and what its direct body holds.
struct Head {
    level: u8,
    title: String,
    start: usize,
    body_start: usize,
    body_end: usize,
    parent: Option<usize>,
    links: Vec<String>,
    /// Fields from the direct body: field lists, quotes, prose.
    fields: Vec<Field>,
    /// A field list stands in the direct body.
    field_list: bool,
    /// Diagnostics about `fields`, reported when the heading is a paper.
    diags: Vec<Diagnostic>,
    /// The heading as a paper entry, when it has paper evidence of its own (set once its
    /// body has been read; `fields` and `links` move into it).
    entry: Option<Box<RawEntry>>,
    /// The heading's body as a field of the paper it belongs to, worked out ahead (with the
    /// chunk) when a heading above it in the same chunk is likely that paper.
    sub_field: Option<Box<Field>>,
    /// Lists without paper evidence, and field lists: entries again when the heading turns out
    /// to be a section, so that their problems are still reported.
    loose: Vec<Loose>,
}

/// A list item under a heading that is not (yet) an entry of the catalogue.
enum Loose {
    /// Read as an entry, with its diagnostics.
    Entry(usize, RawEntry, Vec<Diagnostic>),
    /// An item of a field list: read as an entry only if the heading turns out to be a
    /// section, since a paper heading's field lines are never entries.
    Item(TopItem),
}

/// A paragraph that is one bold span, waiting to see whether a field list follows.
struct Bold {
    text: String,
    links: Vec<String>,
    range: std::ops::Range<usize>,
}

impl Bold {
    /// The bold paragraph as a paper entry with these fields (its English text as the title
    /// when no field gives one).
    fn entry(
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
struct Placed {
    start: usize,
    owner: Option<usize>,
    entry: RawEntry,
}

/// Per-file reader state shared by the helpers of [`read_file`].
struct Reader<'s> {
    file: &'s str,
    src: &'s str,
    idx: &'s LineIndex<'s>,
    heads: Vec<Head>,
    placed: Vec<Placed>,
    diags: Vec<Diagnostic>,
}

impl TopItem {
    fn new(range: std::ops::Range<usize>, indent: usize) -> Self {
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
}

impl Reader<'_> {
    fn cur(&self) -> Option<usize> {
        self.heads.len().checked_sub(1)
    }

    /// A prose block of the current heading's body.
    fn prose(&mut self, range: std::ops::Range<usize>, kind: FieldKind) {
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

    fn flush_bold(&mut self, bold: &mut Option<Bold>) {
        if let Some(b) = bold.take() {
            self.prose(b.range, FieldKind::Note);
        }
    }

    /// Fields of the items of a list read as a field list.
    fn list_fields(&self, items: &[TopItem], diags: &mut Vec<Diagnostic>) -> Vec<Field> {
        let mut fields = Vec::new();
        for it in items {
            for r in std::iter::once(&it.range).chain(&it.adopted) {
                let (line, col) = self.idx.pos(r.start);
                let (own, more) = child_text(self.src, r.clone());
                fields.extend(child_fields(own, &more, line, diags, self.file, col));
            }
        }
        fields
    }

    /// A top-level list has ended: its items are papers, the fields of the bold paragraph or
    /// heading above, or prose.
    fn end_list(
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

    fn place_all(
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

/// Split a heading's or item's links into the note link (relative) and URL links.
fn split_links(links: Vec<String>) -> (Option<String>, Vec<String>) {
    let mut note_link = None;
    let mut urls = Vec::new();
    for l in links {
        if l.starts_with('#') {
            continue;
        }
        // An empty destination (`[title]()`) is kept so entry_links can report it.
        if l.is_empty() || l.contains("://") || l.starts_with("www.") {
            urls.push(l);
        } else if note_link.is_none() && !l.starts_with("mailto:") {
            note_link = Some(l);
        }
    }
    (note_link, urls)
}

/// Read one Markdown file. Large files are read in chunks on all cores (see
/// [`crate::events::in_chunks`]), or else tokenised on a second thread while this one reads
/// the events (see [`crate::events::pipelined`]); the result is the same either way.
pub(crate) fn read_file(file: &str, src: &str) -> FileRead {
    let threads = crate::par::threads();
    let chunk = (threads >= 2 && src.len() >= PARALLEL_MIN).then_some(crate::events::CHUNK);
    read_file_with(file, src, chunk, threads)
}

/// Files at least this large are read in chunks on all cores.
const PARALLEL_MIN: usize = 1 << 20;

/// [`read_file`], reading in independent chunks of about `chunk` bytes on `threads` threads
/// when `chunk` is given and the chunks can be shown to give the whole file's events.
fn read_file_with(file: &str, src: &str, chunk: Option<usize>, threads: usize) -> FileRead {
    let idx = LineIndex::new(src);
    chunk
        .and_then(|target| read_in_chunks(file, src, &idx, target, threads))
        .unwrap_or_else(|| read_whole(file, src, &idx))
}

/// Read `src` in independent chunks (see [`crate::events::in_chunks`]); `None` when the
/// chunks are refused, or the first chunk holds no heading (the first heading decides the
/// title).
fn read_in_chunks(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    target: usize,
    threads: usize,
) -> Option<FileRead> {
    let parts = crate::events::in_chunks(src, OPTIONS, target, threads, |k, events| {
        read_part(file, src, idx, events, k == 0)
    })
    .filter(|p| p.len() == 1 || p[0].saw_heading)?;
    let mut r = Reader {
        file,
        src,
        idx,
        heads: Vec::with_capacity(parts.iter().map(|p| p.heads.len()).sum()),
        placed: Vec::with_capacity(parts.iter().map(|p| p.placed.len()).sum()),
        diags: Vec::with_capacity(parts.iter().map(|p| p.diags.len()).sum()),
    };
    let mut title = None;
    for part in parts {
        let base = r.heads.len();
        title = title.or(part.title);
        r.heads.extend(part.heads);
        r.placed.extend(part.placed.into_iter().map(|mut p| {
            p.owner = p.owner.map(|o| o + base);
            p
        }));
        r.diags.extend(part.diags);
    }
    Some(r.finish(title))
}

/// Read `src` as one run of events (tokenised on a second thread when it is large).
fn read_whole(file: &str, src: &str, idx: &LineIndex<'_>) -> FileRead {
    let part = crate::events::pipelined(src, OPTIONS, |events| {
        read_part(file, src, idx, events, true)
    });
    Reader {
        file,
        src,
        idx,
        heads: part.heads,
        placed: part.placed,
        diags: part.diags,
    }
    .finish(part.title)
}

/// Testing hook: whether reading `src` in independent chunks of about `chunk` bytes on two
/// threads gives the same title, sections, entries and diagnostics as reading it in one piece;
/// `None` when the chunks are refused (the file is then read in one piece anyway).
pub(crate) fn chunked_read_matches(src: &str, chunk: usize) -> Option<bool> {
    let show = |r: &FileRead| {
        format!(
            "{:?} {:?} {:?} {:?}",
            r.title, r.sections, r.entries, r.diagnostics
        )
    };
    let idx = LineIndex::new(src);
    let chunked = read_in_chunks("f", src, &idx, chunk, 2)?;
    Some(show(&chunked) == show(&read_whole("f", src, &idx)))
}

/// What the reader finds in a run of events: a whole file, or one chunk of it.
struct Part {
    title: Option<String>,
    /// A heading (the title or another) was read.
    saw_heading: bool,
    /// Headings in order, each with its entry when it has paper evidence of its own; parents
    /// and body ends are set by [`Reader::finish`].
    heads: Vec<Head>,
    placed: Vec<Placed>,
    diags: Vec<Diagnostic>,
}

/// Events of a block kept to be read as a whole (a table, a footnote definition).
type Buffered<'a> = Vec<(Event<'a>, std::ops::Range<usize>)>;

/// Read a run of events; `may_title` is false for a chunk after the first, where a level-1
/// heading is never the catalogue title (the first chunk holds the first heading).
fn read_part<'a>(
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
                    match crate::tables::read_table(file, src, idx, &buf) {
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
                match crate::tables::read_html_table(file, src, idx, range.clone()) {
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
                    let htitle = text.split_whitespace().collect::<Vec<_>>().join(" ");
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
                if t.skip_text == 0 && !in_code {
                    shapes::push_seg(&mut t.segs, &mut t.strong, &mut t.emph, &ev);
                }
                if t.own_done {
                    continue;
                }
                match ev {
                    Event::Start(Tag::Image { .. }) => t.skip_text += 1,
                    Event::End(TagEnd::Image) => t.skip_text = t.skip_text.saturating_sub(1),
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        t.links.push(dest_url.to_string());
                        t.in_link = true;
                        t.link_at = t.heading.len();
                    }
                    Event::End(TagEnd::Link) => {
                        t.in_link = false;
                        // The first link, when nothing but decoration stands before it.
                        let before = t.heading.get(..t.link_at).unwrap_or("");
                        if t.links.len() == 1 && !before.chars().any(char::is_alphanumeric) {
                            let text = t.heading.get(t.link_at..).unwrap_or("").trim();
                            let url = t.links[0].clone();
                            t.lead_link = Some((url, text.to_string()));
                        }
                    }
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
    }
}

/// The body of a heading inside a paper, as a field of that paper (labelled with the heading
/// text minus its ordinal: `#### 一、论文动机` gives `论文动机`).
fn sub_heading_field(src: &str, idx: &LineIndex<'_>, head: &Head) -> Field {
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
fn head_entry(file: &str, idx: &LineIndex<'_>, head: &mut Head) -> Option<RawEntry> {
    let (note_link, heading_links) = split_links(std::mem::take(&mut head.links));
    let linked = heading_links.iter().any(|u| {
        ids::normalize_url(u)
            .is_some_and(|n| matches!(ids::classify(&n.url, None), LinkKind::Paper | LinkKind::Pdf))
    });
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
    fn finish(mut self, title: Option<String>) -> FileRead {
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
                                let e = build_entry(self.file, self.src, self.idx, t, &mut d);
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
        }
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
fn child_text(src: &str, range: std::ops::Range<usize>) -> (&str, String) {
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
    child_fields_at(own, more, line, diags, file, col, true)
}

/// [`child_fields`], hoisting one level only: a hoisted field keeps its own nested list as
/// text, so the work stays linear and the stack flat however deep the nesting.
fn child_fields_at(
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
                    hoisted.extend(child_fields_at(
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
struct NestedItem {
    item: String,
    own: String,
    more: String,
    offset: u32,
}

/// The top-level items of a child's nested list, with their lines.
fn nested_items(text: &str) -> Vec<NestedItem> {
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

fn build_entry(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    t: TopItem,
    diags: &mut Vec<Diagnostic>,
) -> RawEntry {
    build_entries(file, src, idx, t, diags, &mut Vec::new())
}

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

/// [`build_entry`], with the children that are papers of their own (see [`nested_paper`])
/// read as separate entries into `nested` (with their start offsets); their section path is
/// the parent's text, to which the reader prepends the heading's path.
fn build_entries(
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
            (
                t.heading.split_whitespace().collect::<Vec<_>>().join(" "),
                note_link,
                urls,
            )
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
                ));
            }
            let parent = heading.split_whitespace().collect::<Vec<_>>().join(" ");
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
        fields.extend(child_fields(own, &more, fline, diags, file, fcol));
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
        let own = heading.split_whitespace().collect::<Vec<_>>().join(" ");
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
        let paper = ids::normalize_url(&url).is_some_and(|n| {
            matches!(ids::classify(&n.url, None), LinkKind::Paper | LinkKind::Pdf)
        });
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

    /// Every shape, with a cut (a heading after a blank line) before every heading: reading
    /// the chunks on two threads gives exactly the one-piece read.
    #[test]
    fn chunks_read_like_one_piece() {
        let doc = "# Reading notes\n\n\
            Intro prose.\n\n\
            ## Contents\n\n- [RAG](#rag)\n- [Agents](#agents)\n\n\
            ## RAG\n\n\
            - Self-RAG\n  - 论文名称：Self-RAG: Learning to Retrieve\n  - 论文地址：https://arxiv.org/abs/2310.11511\n\n\
            ### [Toolformer](https://arxiv.org/abs/2302.04761)\n\n\
            * 作者：Timo Schick, Jane Dwivedi-Yu\n* 发表时间：2023.02.09\n\n\
            > A model that teaches itself to call tools.\n\n\
            #### 一、论文动机\n\nTools help.\n\n- a point\n- another\n\n\
            #### 二、论文思路\n\nSelf-supervised.\n\n\
            ### 杂项\n\n* 作者：某人\n* Code: None\n\n\
            ## Agents\n\n\
            **ReAct: Synergizing Reasoning and Acting**\n- Paper: https://arxiv.org/abs/2210.03629\n- Code: None\n\n\
            1. **Reflexion: Language Agents with Verbal Reinforcement Learning.** NeurIPS 2023.\n   *Noah Shinn, Federico Cassano.*\n   [[pdf](https://arxiv.org/abs/2303.11366)] 2023.03\n\n\
            # 附录\n\n\
            - 一些想法\n- 论文名称：\n\n\
            ```\n# not a heading\n```\n";
        for chunk in [1, 10, 60, 200, usize::MAX] {
            assert_eq!(
                chunked_read_matches(doc, chunk),
                Some(true),
                "chunk {chunk}"
            );
        }
        let read = read_file_with("f", doc, Some(1), 2);
        assert_eq!(read.title.as_deref(), Some("Reading notes"));
        let titles: Vec<&str> = read.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Contents", "RAG", "杂项", "Agents", "附录"]);
        assert_eq!(read.entries.len(), 10, "{:#?}", read.entries);
        // A preamble without a heading in the first chunk: refused, read in one piece.
        let doc = "Intro.\n\n## A\n\n- 论文名称：T\n";
        assert_eq!(chunked_read_matches(doc, 1), None);
        // A fence across a cut: refused.
        let doc = "# T\n\n```\n\n# in code\n```\n\n## A\n";
        assert_eq!(chunked_read_matches(doc, 1), None);
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("ab\n论文\nx");
        assert_eq!(idx.pos(0), (1, 1));
        assert_eq!(idx.pos(3), (2, 1));
        assert_eq!(idx.pos(6), (2, 2));
        assert_eq!(idx.pos(10), (3, 1));
        assert_eq!(idx.pos(99), (3, 2));
        // Lookups in any order (the search starts at the previous lookup's line).
        let text: String = (0..500)
            .map(|i| format!("{}\n", "x".repeat(i % 7)))
            .collect();
        let idx = LineIndex::new(&text);
        let naive = |o: usize| {
            let line = text[..o].matches('\n').count() + 1;
            let col = o - text[..o].rfind('\n').map_or(0, |i| i + 1) + 1;
            (line as u32, col as u32)
        };
        let mut o = 0usize;
        for step in [1, 3, 1000, 7, 1, 250, 2, 5000] {
            o = (o * 31 + step) % text.len();
            assert_eq!(idx.pos(o), naive(o), "offset {o}");
            assert_eq!(idx.pos(o / 2), naive(o / 2), "offset {}", o / 2);
        }
    }
}
