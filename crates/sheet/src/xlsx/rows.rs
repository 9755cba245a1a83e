//! The rows of the `Papers` sheet, streamed into the package one paper at a time: each cell's
//! value and style, the hyperlinks and their relationships, and the warnings Excel's limits
//! give.

use std::io::Write;

use papercat_core::{Catalogue, Code, Diagnostic, Paper};
use rust_xlsxwriter::{
    utility::{cell_range, column_number_to_name},
    XlsxError,
};

use super::measure::{fit_in_place, utf16_len, wrapped_lines};
use super::styles::is_id;
use super::{
    internal, xlsx_err, MAX_CELL_CHARS, MAX_ROW_LINES, PAPERS_SHEET, ROW_MAX, TRUNCATED_MARKER,
};
use crate::carry::{format_number, Plan, Slot, Value};
use crate::cells::{number, write_link, write_text, Context};
use crate::ooxml::{link_parts, needs_preserve, push_attr, push_int, push_text};
use crate::{Column, Error};

/// The height of one line of 11-point text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// Longest link target Excel accepts.
const MAX_URL_CHARS: usize = 2_080;

/// What a cell of the `Papers` sheet is written as (its text is set alongside).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Text,
    Int(i64),
    Number(f64),
    Bool(bool),
    Date(f64),
}

/// Sets `out` to the text of the cell of `slot` for paper `i` and returns what it is written
/// as: the carried value when there is one, else the catalogue's.
pub(super) fn cell(
    plan: &Plan,
    ctx: Context,
    i: usize,
    paper: &Paper,
    slot: Slot,
    out: &mut String,
) -> Kind {
    match (plan.carried(i, slot), slot) {
        (Some(v), _) => value_cell(v, out),
        (None, Slot::Paper(column)) => {
            write_text(paper, column, ctx, out);
            number(paper, column, ctx).map_or(Kind::Text, Kind::Int)
        }
        (None, Slot::Carried(_)) => {
            out.clear();
            Kind::Text
        }
    }
}

fn value_cell(v: &Value, out: &mut String) -> Kind {
    out.clear();
    match v {
        Value::Text(s) => {
            out.push_str(s);
            Kind::Text
        }
        Value::Number(n) => {
            out.push_str(&format_number(*n));
            Kind::Number(*n)
        }
        Value::Bool(b) => {
            out.push_str(if *b { "TRUE" } else { "FALSE" });
            Kind::Bool(*b)
        }
        Value::Date(d) => {
            out.push_str(&format_number(*d));
            Kind::Date(*d)
        }
    }
}

/// The style index (`s`) of the skeleton's cell `cell` (0 when it has none).
fn style_of(sheet: &str, cell: &str) -> Result<u32, Error> {
    let open = format!("<c r=\"{cell}\"");
    let at = sheet
        .find(&open)
        .ok_or_else(|| internal("a format cell is missing from the skeleton"))?;
    let rest = &sheet[at + open.len()..];
    match rest.strip_prefix(" s=\"") {
        Some(rest) => rest
            .split('"')
            .next()
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| internal("bad style index in the skeleton")),
        None => Ok(0),
    }
}

/// Finds `pat` in `s`, as an internal error when it is missing.
fn find(s: &str, pat: &str) -> Result<usize, Error> {
    s.find(pat)
        .ok_or_else(|| internal("unexpected worksheet layout from rust_xlsxwriter"))
}

/// Writes the rows of the `Papers` sheet into the package as it goes, one paper at a time.
pub(super) struct PapersSheet<'a> {
    pub(super) catalogue: &'a Catalogue,
    pub(super) plan: &'a Plan<'a>,
    pub(super) widths: &'a [usize],
    pub(super) ctx: Context,
    pub(super) link_limit: usize,
    /// The cells written as hyperlinks: (sheet row, column index), in order.
    pub(super) links: Vec<(u32, u16)>,
    pub(super) warnings: Vec<Diagnostic>,
}

/// Write the buffered XML out once it holds this many bytes.
const CHUNK: usize = 1 << 16;

impl PapersSheet<'_> {
    /// Writes `xl/worksheets/sheet1.xml`: the skeleton's start (with the real dimension) and
    /// header row, one `<row>` per paper with inline strings, then the skeleton's end with the
    /// hyperlinks added.
    pub(super) fn write_sheet<Z: Write>(
        &mut self,
        z: &mut Z,
        skeleton: &str,
        first_link_id: usize,
    ) -> Result<(), Error> {
        let papers = &self.catalogue.papers;
        if papers.len() >= ROW_MAX {
            return Err(xlsx_err(XlsxError::RowColumnLimitError));
        }
        let body_xf = style_of(skeleton, "A2")?;
        let number_xf = style_of(skeleton, "A3")?;
        let link_xf = style_of(skeleton, "A4")?;
        let id_xf = style_of(skeleton, "A5")?;
        let id_link_xf = style_of(skeleton, "A6")?;
        let date_xf = if self.plan.has_dates() {
            style_of(skeleton, "A7")?
        } else {
            number_xf
        };
        let plan = self.plan;
        let data = find(skeleton, "<sheetData>")?;
        let header_end = data + find(&skeleton[data..], "</row>")? + "</row>".len();
        let data_end = find(skeleton, "</sheetData>")?;
        let dim = find(skeleton, "<dimension ref=\"")? + "<dimension ref=\"".len();
        let dim_end = dim + find(&skeleton[dim..], "\"")?;
        let tail = &skeleton[data_end + "</sheetData>".len()..];
        let links_at = tail
            .find("<printOptions")
            .or_else(|| tail.find("<pageMargins"))
            .ok_or_else(|| internal("no pageMargins in the skeleton"))?;

        // The used range: the header, and every row down to the last one with a cell.
        let ncols = plan.slots.len();
        let mut text = String::new();
        let last_used = (0..papers.len()).rev().find(|&i| {
            plan.slots.iter().any(|&slot| {
                cell(plan, self.ctx, i, &papers[i], slot, &mut text) != Kind::Text
                    || !text.is_empty()
            })
        });
        let last_row = last_used.map_or(0, |i| i as u32 + 1);
        let dimension = cell_range(0, 0, last_row, (ncols - 1) as u16);

        let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + (1 << 12));
        buf.extend_from_slice(&skeleton.as_bytes()[..dim]);
        buf.extend_from_slice(dimension.as_bytes());
        buf.extend_from_slice(&skeleton.as_bytes()[dim_end..header_end]);

        let names: Vec<String> = (0..ncols as u16).map(column_number_to_name).collect();
        let mut texts: Vec<String> = vec![String::new(); ncols];
        let mut kinds: Vec<Kind> = vec![Kind::Text; ncols];
        let mut target = String::new();
        let mut link_limit_warned = false;
        for (i, paper) in papers.iter().enumerate() {
            let row = i as u32 + 2; // 1-based, below the header
            for (c, &slot) in plan.slots.iter().enumerate() {
                kinds[c] = cell(plan, self.ctx, i, paper, slot, &mut texts[c]);
                if kinds[c] == Kind::Text {
                    if let Some(chars) = fit_in_place(&mut texts[c]) {
                        self.warnings.push(
                            paper.diagnostic(
                                Code::CellTruncated,
                                format!(
                                    "the `{}` text of `{}` has {chars} characters; an Excel cell holds {MAX_CELL_CHARS}, so the xlsx cell was cut and ends with `{TRUNCATED_MARKER}`",
                                    plan.headers[c],
                                    paper.key,
                                ),
                            )
                            .with_hint("the CSV output keeps the whole text"),
                        );
                    }
                }
            }
            // As tall as the longest wrapped cell (capped).
            let mut lines = 1;
            for (t, &w) in texts.iter().zip(self.widths) {
                lines = lines.max(wrapped_lines(t, w));
                if lines >= MAX_ROW_LINES {
                    break;
                }
            }
            buf.extend_from_slice(b"<row r=\"");
            push_int(&mut buf, i64::from(row));
            if lines > 1 {
                write!(buf, "\" ht=\"{}", lines as f64 * LINE_HEIGHT)?;
            }
            buf.extend_from_slice(b"\">");
            for (c, &slot) in plan.slots.iter().enumerate() {
                let text = &texts[c];
                match kinds[c] {
                    Kind::Int(n) => {
                        cell_start(&mut buf, &names[c], row, number_xf);
                        buf.extend_from_slice(b"><v>");
                        push_int(&mut buf, n);
                        buf.extend_from_slice(b"</v></c>");
                        continue;
                    }
                    Kind::Number(n) | Kind::Date(n) => {
                        let xf = if matches!(kinds[c], Kind::Date(_)) {
                            date_xf
                        } else {
                            number_xf
                        };
                        cell_start(&mut buf, &names[c], row, xf);
                        write!(buf, "><v>{n}</v></c>")?;
                        continue;
                    }
                    Kind::Bool(b) => {
                        cell_start(&mut buf, &names[c], row, body_xf);
                        buf.extend_from_slice(if b {
                            b" t=\"b\"><v>1</v></c>"
                        } else {
                            b" t=\"b\"><v>0</v></c>"
                        });
                        continue;
                    }
                    Kind::Text => {}
                }
                let column = match slot {
                    Slot::Paper(column) => Some(column),
                    Slot::Carried(_) => None,
                };
                let id = column.is_some_and(is_id);
                let (text_xf, linked_xf) = if id {
                    (id_xf, id_link_xf)
                } else {
                    (body_xf, link_xf)
                };
                let xf = if text.is_empty() {
                    continue;
                } else if let Some(column) = column.filter(|&column| {
                    plan.carried(i, slot).is_none() && write_link(paper, column, &mut target)
                }) {
                    if self.link(paper, column, &target, &mut link_limit_warned) {
                        self.links.push((row, c as u16));
                        linked_xf
                    } else {
                        text_xf
                    }
                } else {
                    text_xf
                };
                cell_start(&mut buf, &names[c], row, xf);
                buf.extend_from_slice(b" t=\"inlineStr\"><is><t");
                if needs_preserve(text) {
                    buf.extend_from_slice(b" xml:space=\"preserve\"");
                }
                buf.push(b'>');
                push_text(&mut buf, text);
                buf.extend_from_slice(b"</t></is></c>");
            }
            buf.extend_from_slice(b"</row>");
            flush_full(z, &mut buf)?;
        }
        buf.extend_from_slice(b"</sheetData>");
        buf.extend_from_slice(&tail.as_bytes()[..links_at]);
        if !self.links.is_empty() {
            buf.extend_from_slice(b"<hyperlinks>");
            for (k, &(row, c)) in self.links.iter().enumerate() {
                buf.extend_from_slice(b"<hyperlink ref=\"");
                buf.extend_from_slice(names[usize::from(c)].as_bytes());
                push_int(&mut buf, i64::from(row));
                buf.extend_from_slice(b"\" r:id=\"rId");
                push_int(&mut buf, (first_link_id + k) as i64);
                buf.push(b'"');
                self.link_target(row, c, &mut target);
                if let Some(parts) = link_parts(&target) {
                    if !parts.anchor.is_empty() {
                        buf.extend_from_slice(b" location=\"");
                        push_attr(&mut buf, parts.anchor);
                        buf.push(b'"');
                    }
                }
                buf.extend_from_slice(b"/>");
                flush_full(z, &mut buf)?;
            }
            buf.extend_from_slice(b"</hyperlinks>");
        }
        buf.extend_from_slice(&tail.as_bytes()[links_at..]);
        z.write_all(&buf)?;
        Ok(())
    }

    /// Whether the cell of `column` becomes a hyperlink to `target`; warns when Excel's limits
    /// keep it plain text.
    fn link(&mut self, paper: &Paper, column: Column, target: &str, warned: &mut bool) -> bool {
        let link_limit = self.link_limit;
        if self.links.len() >= link_limit {
            if !*warned {
                *warned = true;
                self.warnings.push(paper.diagnostic(
                    Code::TooManyLinks,
                    format!(
                        "the {PAPERS_SHEET} sheet holds {link_limit} hyperlinks, Excel's limit per sheet; link cells from paper `{}` on are plain text",
                        paper.key
                    ),
                ));
            }
            false
        } else if utf16_len(target) > MAX_URL_CHARS {
            self.warnings.push(paper.diagnostic(
                Code::LinkTooLong,
                format!(
                    "the `{}` link of `{}` is longer than Excel's {MAX_URL_CHARS} characters; it is written as plain text",
                    column.name(),
                    paper.key
                ),
            ));
            false
        } else {
            // Targets Excel cannot link (no scheme://) stay text.
            link_parts(target).is_some()
        }
    }

    /// Sets `target` to the link of the linked cell at sheet row `row`, column `c`.
    fn link_target(&self, row: u32, c: u16, target: &mut String) {
        let paper = &self.catalogue.papers[row as usize - 2];
        slot_link(paper, self.plan.slots[usize::from(c)], target);
    }

    /// Writes the sheet's relationships: the skeleton's, then one per hyperlink.
    pub(super) fn write_rels<Z: Write>(
        &self,
        z: &mut Z,
        skeleton: &str,
        first_link_id: usize,
    ) -> Result<(), Error> {
        let end = find(skeleton, "</Relationships>")?;
        let mut buf: Vec<u8> = Vec::with_capacity(CHUNK + (1 << 12));
        buf.extend_from_slice(&skeleton.as_bytes()[..end]);
        let mut target = String::new();
        for (k, &(row, c)) in self.links.iter().enumerate() {
            self.link_target(row, c, &mut target);
            let Some(parts) = link_parts(&target) else {
                continue; // never: only such targets were linked
            };
            buf.extend_from_slice(b"<Relationship Id=\"rId");
            push_int(&mut buf, (first_link_id + k) as i64);
            buf.extend_from_slice(
                b"\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"",
            );
            push_attr(&mut buf, &parts.target);
            buf.extend_from_slice(b"\" TargetMode=\"External\"/>");
            flush_full(z, &mut buf)?;
        }
        buf.extend_from_slice(&skeleton.as_bytes()[end..]);
        z.write_all(&buf)?;
        Ok(())
    }
}

/// Writes `buf` to `z` and empties it once it holds [`CHUNK`] bytes or more.
fn flush_full<Z: Write>(z: &mut Z, buf: &mut Vec<u8>) -> std::io::Result<()> {
    if buf.len() >= CHUNK {
        z.write_all(buf)?;
        buf.clear();
    }
    Ok(())
}

/// [`write_link`] for a slot: a carried column never links.
fn slot_link(paper: &Paper, slot: Slot, target: &mut String) -> bool {
    match slot {
        Slot::Paper(column) => write_link(paper, column, target),
        Slot::Carried(_) => false,
    }
}

/// `<c r="B7"` and the style attribute (none for style 0).
fn cell_start(buf: &mut Vec<u8>, column: &str, row: u32, xf: u32) {
    buf.extend_from_slice(b"<c r=\"");
    buf.extend_from_slice(column.as_bytes());
    push_int(buf, i64::from(row));
    buf.push(b'"');
    if xf > 0 {
        buf.extend_from_slice(b" s=\"");
        push_int(buf, i64::from(xf));
        buf.push(b'"');
    }
}
