//! HTML `<table>` blocks, read the same way as Markdown tables.

use crate::diag::Diagnostic;
use crate::entry::RawEntry;
use crate::lines::LineIndex;
use crate::text::collapse_spaces;

use super::cells::{Cell, Row};
use super::rows::{name_column, role_of, row_entry, Role};

/// Read an HTML `<table>` block (`<tr>`, `<th>`/`<td>`, `<a href>`, `rowspan`) the same
/// way as a Markdown table. `None` when it is not a paper list.
pub(crate) fn read_html_table(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    block: std::ops::Range<usize>,
    explained: &mut Vec<Diagnostic>,
) -> Option<Vec<(usize, RawEntry)>> {
    let html = src.get(block.clone())?;
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<table") || !lower.contains("<tr") {
        return None;
    }
    let mut header: Vec<Cell> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    // Remaining rows each column is still covered by a `rowspan` cell above.
    let mut spans: Vec<usize> = Vec::new();
    let mut pos = 0;
    while let Some(tr) = lower[pos..].find("<tr") {
        let start = pos + tr;
        let body_from = start + 3;
        // The row ends at `</tr>` or at the next `<tr` (a missing `</tr>`); `</tr` is looked
        // for only up to the next row, so the whole block is scanned a bounded number of
        // times whatever its tags.
        let next_tr = lower[body_from..]
            .find("<tr")
            .map_or(lower.len(), |e| body_from + e);
        let end = lower[body_from..next_tr]
            .find("</tr")
            .map_or(next_tr, |e| body_from + e);
        let mut cells: Vec<(Cell, usize, bool)> = Vec::new();
        let mut c = body_from;
        while let Some(open) = find_cell(&lower[c..end]) {
            let at = c + open;
            let Some(gt) = lower[at..end].find('>') else {
                break;
            };
            let tag = &lower[at..at + gt];
            let is_th = tag.starts_with("<th");
            let rowspan = attr(tag, "rowspan")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1);
            let inner_from = at + gt + 1;
            let next_cell = find_cell(&lower[inner_from..end]).map_or(end, |e| inner_from + e);
            let inner_end = lower[inner_from..next_cell]
                .find("</t")
                .map_or(next_cell, |e| inner_from + e);
            let inner = &html[inner_from..inner_end];
            let mut cell = html_cell(inner);
            cell.at = Some(block.start + at);
            // Rows wider than any paper table are cut (and `rowspan` bounded), so that a
            // hostile table cannot make the carried-down cells grow with rows × columns.
            if cells.len() < MAX_COLUMNS {
                cells.push((cell, rowspan.min(MAX_ROWSPAN), is_th));
            }
            c = inner_end.max(inner_from);
            if c == at {
                break;
            }
        }
        pos = end.max(start + 3);
        if cells.is_empty() {
            continue;
        }
        if cells.iter().all(|(_, _, th)| *th) && rows.is_empty() {
            header = cells.into_iter().map(|(c, _, _)| c).collect();
            spans = vec![0; header.len()];
            continue;
        }
        // Place the cells into columns, skipping those still covered from above.
        let mut placed: Vec<Cell> = Vec::new();
        let mut it = cells.into_iter();
        let mut col = 0;
        while col < MAX_COLUMNS {
            if spans.get(col).is_some_and(|s| *s > 0) {
                spans[col] -= 1;
                placed.push(Cell::default());
                col += 1;
                continue;
            }
            let Some((cell, rowspan, _)) = it.next() else {
                break;
            };
            if spans.len() <= col {
                spans.resize(col + 1, 0);
            }
            spans[col] = rowspan.saturating_sub(1);
            placed.push(cell);
            col += 1;
        }
        rows.push(Row {
            start: block.start + start,
            cells: placed,
        });
    }
    if rows.is_empty() || header.is_empty() {
        return None;
    }
    let roles: Vec<Role> = header.iter().map(|c| role_of(&c.text)).collect();
    let title_col = roles
        .iter()
        .position(|r| *r == Role::Title)
        .or_else(|| name_column(&roles))?;
    let venue_col = roles.iter().position(|r| *r == Role::Venue);
    // A row stands at its title cell's line (an HTML row spans several lines).
    for row in &mut rows {
        if let Some(at) = row.cells.get(title_col).and_then(|c| c.at) {
            row.start = at;
        }
    }
    let mut out = Vec::new();
    for row in &rows {
        let e = row_entry(
            file, idx, &header, &roles, title_col, venue_col, false, row, explained,
        );
        if let Some(e) = e {
            out.push((row.start, e));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Cells read per HTML table row, and the largest `rowspan` honoured.
const MAX_COLUMNS: usize = 64;
const MAX_ROWSPAN: usize = 10_000;

/// The offset of the next `<td` or `<th` in lower-cased HTML (one scan, up to it).
fn find_cell(lower: &str) -> Option<usize> {
    let b = lower.as_bytes();
    let mut from = 0;
    while let Some(i) = lower.get(from..)?.find("<t") {
        let j = from + i;
        if matches!(b.get(j + 2), Some(b'd' | b'h')) {
            return Some(j);
        }
        from = j + 2;
    }
    None
}

/// An attribute's value in a lower-cased tag (`rowspan="27"`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(name)? + name.len();
    let rest = tag[at..].trim_start().strip_prefix('=')?.trim_start();
    let q = rest.chars().next()?;
    if q == '"' || q == '\'' {
        let rest = &rest[1..];
        rest.find(q).map(|e| &rest[..e])
    } else {
        rest.split([' ', '>']).next()
    }
}

/// A cell's text (tags removed) and its `<a href>` links.
fn html_cell(inner: &str) -> Cell {
    let mut cell = Cell {
        raw: inner.trim().to_string(),
        ..Cell::default()
    };
    let mut text = String::new();
    let mut link: Option<(String, usize)> = None;
    let mut rest = inner;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("<a ") || lower.starts_with("<a\t") {
            let href = attr(&lower, "href").map(|v| {
                // The value as written (case kept): find it in the original tag.
                let at = lower.find(v).unwrap_or(0);
                tag.get(at..at + v.len()).unwrap_or(v).to_string()
            });
            link = href.map(|h| (h, text.len()));
        } else if lower.starts_with("</a") {
            if let Some((url, at)) = link.take() {
                let t = text.get(at..).unwrap_or("").trim().to_string();
                cell.links.push((url, t));
            }
        } else if lower.starts_with("<br") {
            text.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(rest);
    let text = text.replace("&amp;", "&").replace("&nbsp;", " ");
    cell.text = collapse_spaces(&text);
    cell
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unclosed rows and cells, one huge row and huge row spans stay linear (this took
    /// minutes with a search to the block's end per row and per cell).
    #[test]
    fn hostile_html_tables_are_read_in_linear_time() {
        let idx_doc = |doc: &str| {
            let idx = LineIndex::new(doc);
            read_html_table("t.md", doc, &idx, 0..doc.len(), &mut Vec::new()).map(|v| v.len())
        };
        let mut doc = String::from("<table><tr><th>Title</th><th>Link</th>");
        for i in 0..20_000 {
            doc.push_str(&format!("<tr><td rowspan=\"999999999\">P{i}<td><a href=\"https://arxiv.org/abs/2301.{:05}\">x</a>", i));
        }
        let start = std::time::Instant::now();
        let _ = idx_doc(&doc);
        let mut wide = String::from("<table><tr><th>Title</th></tr><tr>");
        for _ in 0..100_000 {
            wide.push_str("<td rowspan=5>x");
        }
        for _ in 0..1_000 {
            wide.push_str("<tr><td>y");
        }
        let _ = idx_doc(&wide);
        // Generous: a debug build reads both in well under a second.
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }
}
