//! Footnote definitions that cite papers.

use pulldown_cmark::Event;

use crate::entry::RawEntry;
use crate::lines::LineIndex;
use crate::model::{Field, FieldKind};

use super::cells::CellReader;
use super::rows::{clean_cell_title, paper_link};

/// A footnote definition that cites papers (`[^a]: 1 [Title](arxiv)，2 [Title](pdf)`): one
/// entry per paper link, titled with the link text.
pub(crate) fn read_footnote(
    file: &str,
    idx: &LineIndex<'_>,
    events: &[(Event<'_>, std::ops::Range<usize>)],
) -> Vec<(usize, RawEntry)> {
    let mut reader = CellReader::default();
    for (ev, _) in events {
        reader.inline(ev);
    }
    let cell = reader.finish();
    let mut out = Vec::new();
    let Some(start) = events.first().map(|e| e.1.start) else {
        return out;
    };
    let (line, column) = idx.pos(start);
    for (u, t) in &cell.links {
        let Some(url) = paper_link(u) else { continue };
        let title = clean_cell_title(t);
        if title.is_empty() {
            continue;
        }
        out.push((
            start,
            RawEntry {
                file: file.to_string(),
                line,
                column,
                section: Vec::new(),
                heading: title.clone(),
                note_link: None,
                heading_links: Vec::new(),
                fields: vec![
                    Field {
                        label: String::new(),
                        kind: FieldKind::Title,
                        text: title,
                        line,
                    },
                    Field {
                        label: String::new(),
                        kind: FieldKind::Link,
                        text: url,
                        line,
                    },
                ],
                shape: "footnote",
            },
        ));
    }
    out
}
