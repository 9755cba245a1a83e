//! Table cells: a Markdown table's events read into header cells and rows.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::text::collapse_spaces;

/// One cell: its raw Markdown, its text, links (URL, link text) and bold runs.
#[derive(Debug, Default, Clone)]
pub(super) struct Cell {
    /// Where the cell starts in the source (HTML tables), for the row's line.
    pub(super) at: Option<usize>,
    pub(super) raw: String,
    pub(super) text: String,
    pub(super) links: Vec<(String, String)>,
    pub(super) bold: Vec<String>,
    pub(super) images: Vec<String>,
}

/// A table row and its source offset.
pub(super) struct Row {
    pub(super) start: usize,
    pub(super) cells: Vec<Cell>,
}

/// Reads one cell's inline events: its text, links (with their text), bold runs and images.
#[derive(Default)]
pub(super) struct CellReader {
    pub(super) cell: Cell,
    pub(super) link: Option<(String, usize)>,
    pub(super) bold: Option<usize>,
    pub(super) image: usize,
}

impl CellReader {
    pub(super) fn inline(&mut self, ev: &Event<'_>) {
        let c = &mut self.cell;
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image += 1;
                c.images.push(dest_url.to_string());
            }
            Event::End(TagEnd::Image) => self.image = self.image.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some((dest_url.to_string(), c.text.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, at)) = self.link.take() {
                    let t = c.text.get(at..).unwrap_or("").trim().to_string();
                    c.links.push((url, t));
                }
            }
            Event::Start(Tag::Strong) => self.bold = Some(c.text.len()),
            Event::End(TagEnd::Strong) => {
                if let Some(at) = self.bold.take() {
                    let t = c.text.get(at..).unwrap_or("").trim().to_string();
                    if !t.is_empty() {
                        c.bold.push(t);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if self.image == 0 => c.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => c.text.push(' '),
            // `<br>` separates parts of a cell; `<sup>3</sup>` and the like join.
            Event::InlineHtml(h) | Event::Html(h)
                if h.trim_start().to_ascii_lowercase().starts_with("<br") =>
            {
                c.text.push(' ')
            }
            _ => {}
        }
    }

    pub(super) fn finish(self) -> Cell {
        let mut c = self.cell;
        c.text = collapse_spaces(&c.text);
        c
    }
}

/// The header cells and the body rows of a table's events.
pub(super) fn collect(
    src: &str,
    events: &[(Event<'_>, std::ops::Range<usize>)],
) -> (Vec<Cell>, Vec<Row>) {
    let mut header: Vec<Cell> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut in_head = false;
    let mut cell: Option<CellReader> = None;
    for (ev, range) in events {
        match ev {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => rows.push(Row {
                start: range.start,
                cells: Vec::new(),
            }),
            Event::Start(Tag::TableCell) => {
                let mut r = CellReader::default();
                r.cell.raw = src.get(range.clone()).unwrap_or("").to_string();
                cell = Some(r);
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(c) = cell.take().map(CellReader::finish) {
                    if in_head {
                        header.push(c);
                    } else if let Some(r) = rows.last_mut() {
                        r.cells.push(c);
                    }
                }
            }
            ev => {
                if let Some(c) = cell.as_mut() {
                    c.inline(ev);
                }
            }
        }
    }
    // Header-less or ragged tables: pad nothing, roles default to `Other`.
    (header, rows)
}
