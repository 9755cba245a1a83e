//! The review spreadsheet as an Excel workbook (`.xlsx`).
//!
//! The workbook has two sheets (three after carrying over removed papers):
//!
//! - **`Papers`**: one row per paper, the columns of [`Options::columns`], as an Excel table
//!   named `PapersTable` (banded style, autofilter on every header); the header cells also have
//!   a format of their own (bold white on blue, thin borders), because LibreOffice does not draw
//!   Excel table styles. The header row is frozen, and so are the leading `key` and `status`
//!   columns (about a fifth of a laptop screen, so the notes can be read beside them). Text is wrapped and top-aligned; column
//!   widths are computed from the content, counting CJK characters as two. Row heights are
//!   automatic, never fixed (no `customHeight`): Excel and LibreOffice fit them to the text
//!   whenever a row is edited. Each row's stored height, which is what a program shows until
//!   then (LibreOffice does not fit rows on opening a workbook), is an estimate of its longest
//!   wrapped cell that errs on the tall side, up to Excel's largest row ([`MAX_ROW_LINES`]
//!   lines). `url`, `code` (its
//!   first URL), `arxiv` and `doi` cells are hyperlinks (to `scheme://` and `mailto:` targets;
//!   `file://` and `internal:` targets, or targets with control characters, stay plain text).
//!   `year` and a single source `line` are
//!   numbers; `key`, `arxiv` and `doi` cells are strings with the text format `@`, so an id such
//!   as `1412.6980` stays text (even when retyped) instead of becoming 1412.698. The `status` column has a drop-down ([`STATUSES`]) and a conditional format
//!   colours the whole row by status.
//! - **`Sections`**: the table `SectionsTable` with, for every section that holds papers (in it
//!   or below it), its level, the number of
//!   papers listed in it or below it, and that number per publication year (`no year` last),
//!   plus a bar chart of papers per section.
//! - **`Removed`**, only when [`crate::write_carrying`] finds rows of the earlier workbook
//!   that match no paper: those rows, whole, under the `Papers` headers.
//!
//! [`crate::write_carrying`] also writes the reader's own columns, carried over, at their old
//! places in the `Papers` sheet and its table (see [`crate::carry`]).
//!
//! Every sheet prints landscape, one page wide, with its header row repeated on each page.
//!
//! Document properties: title = the catalogue title, a subject, keywords (`papercat`, `reading
//! list` and the top-level sections) and a fixed creation time ([`Options::created`]), so the
//! same catalogue always gives the same bytes.
//!
//! Cells are written as text, never as formulas, so a note starting with `=` cannot run as one
//! (no `'` is needed here, unlike CSV). Control characters and text that Excel would read as its
//! own escape (`_x0041_`) are escaped as rust_xlsxwriter does (`_x005F_x0041_`), so Excel and
//! openpyxl show them as written (calamine shows the escapes).
//!
//! # Streaming
//!
//! The workbook is written to `out` as it is made, in memory that does not grow with the
//! catalogue: rust_xlsxwriter builds everything but the paper rows (styles, tables, panes,
//! drop-down, conditional formats, the `Sections` sheet and chart, properties), and the rows of
//! the `Papers` sheet and their hyperlinks are written into that package one paper at a time,
//! with their text as inline strings (no shared-string table held until the end). Column widths
//! come from a first pass over the papers that keeps nothing but the widths.
//!
//! # Excel limits
//!
//! These never fail the write; each gives a warning [`Diagnostic`] at the paper's first listing:
//!
//! - a cell holds at most [`MAX_CELL_CHARS`] characters: longer text is cut and ends with
//!   [`TRUNCATED_MARKER`] (code `cell-truncated`; the CSV output keeps the whole text);
//! - a sheet holds at most [`MAX_LINKS`] hyperlinks: later link cells are plain text (code
//!   `too-many-links`, given once);
//! - a link target is at most 2,080 characters: a longer one is plain text (code
//!   `link-too-long`).

use std::io::{Cursor, Read, Write};

use papercat_core::{Catalogue, Diagnostic};
use rust_xlsxwriter::{utility::cell_range, ExcelDateTime, XlsxError};

use crate::carry::{Plan, Slot};
use crate::cells::Context;
use crate::{Column, Error};

mod measure;
mod rows;
mod sections;
mod skeleton;
mod styles;
#[cfg(test)]
mod tests;

use measure::{display_width, fit_in_place, width_bounds};
use rows::{cell, Kind, PapersSheet};
use skeleton::skeleton;

/// The default creation time written to the document properties.
pub const DEFAULT_CREATED: &str = "2024-01-01T00:00:00Z";
/// The most characters (UTF-16 units) Excel holds in one cell.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most hyperlinks Excel holds in one worksheet.
pub const MAX_LINKS: usize = 65_530;
/// Ends a cell whose text was cut at [`MAX_CELL_CHARS`].
pub const TRUNCATED_MARKER: &str = "…[truncated]";
/// The values of the `status` drop-down, in order.
pub const STATUSES: [&str; 4] = ["unread", "reading", "read", "skip"];
/// The name of the papers sheet.
pub const PAPERS_SHEET: &str = "Papers";
/// The name of the Excel table on the papers sheet.
pub(crate) const PAPERS_TABLE: &str = "PapersTable";
/// The name of the per-section counts sheet.
pub const SECTIONS_SHEET: &str = "Sections";
/// The name of the Excel table on the sections sheet.
pub(crate) const SECTIONS_TABLE: &str = "SectionsTable";
/// The name of the sheet that holds the rows of papers that left the catalogue (written only
/// when carrying over from an earlier workbook finds some; see [`crate::write_carrying`]).
pub const REMOVED_SHEET: &str = "Removed";

/// The most text lines a row of the `Papers` sheet is made tall enough to show: Excel's
/// tallest row, 409.5 points.
pub const MAX_ROW_LINES: usize = 27;

/// How to write the workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The columns of the `Papers` sheet, in order. Default: [`Column::ALL`]. A repeated column
    /// is written once.
    pub columns: Vec<Column>,
    /// The document's creation time, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ` (UTC). Default:
    /// [`DEFAULT_CREATED`]. It is fixed, not the current time, so output is reproducible.
    pub created: String,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            columns: Column::ALL.to_vec(),
            created: DEFAULT_CREATED.to_string(),
        }
    }
}

fn xlsx_err(e: XlsxError) -> Error {
    Error::Xlsx(Box::new(e))
}

/// Writes the catalogue as an `.xlsx` workbook, streamed to `out` as it is made.
///
/// Returns warnings for what Excel's limits made the writer change (see the module docs).
/// [`crate::write_carrying`] writes the same workbook, carrying the reader's work over from the
/// workbook it replaces.
///
/// # Errors
///
/// - [`Error::NoColumns`]: `opts.columns` is empty.
/// - [`Error::BadCreated`]: `opts.created` is not a date or date-time.
/// - [`Error::Xlsx`]: the workbook cannot be built (more papers than a sheet's 1,048,575 rows).
/// - [`Error::Io`]: writing to `out` failed.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    write_plan(
        catalogue,
        &Plan::fresh(&opts.columns)?,
        out,
        opts,
        MAX_LINKS,
    )
}

/// Writes the workbook laid out by `plan` (see [`crate::write_carrying`]), with at most
/// `link_limit` hyperlinks in the `Papers` sheet ([`MAX_LINKS`]; tests pass fewer).
pub(crate) fn write_plan<W: Write>(
    catalogue: &Catalogue,
    plan: &Plan,
    out: W,
    opts: &Options,
    link_limit: usize,
) -> Result<Vec<Diagnostic>, Error> {
    let created = parse_created(&opts.created)?;
    let ctx = Context::new(catalogue);
    let widths = column_widths(catalogue, plan, ctx);
    let skeleton = skeleton(catalogue, plan, &widths, &created).map_err(xlsx_err)?;
    let ncols = plan.slots.len();
    let mut papers = PapersSheet {
        catalogue,
        plan,
        widths: &widths,
        ctx,
        link_limit,
        links: Vec::new(),
        warnings: Vec::new(),
    };

    let mut archive = xlsx_zip::ZipArchive::new(Cursor::new(skeleton)).map_err(zip_err)?;
    let skeleton_rels = read_part(&mut archive, PAPERS_RELS)?;
    // Hyperlink relationships follow the ones the skeleton has (the table's).
    let first_link_id = skeleton_rels.matches("<Relationship ").count() + 1;
    let mut zip = xlsx_zip::ZipWriter::new_stream(out);
    let options = xlsx_zip::write::SimpleFileOptions::default()
        .compression_method(xlsx_zip::CompressionMethod::Deflated)
        .compression_level(Some(ZIP_LEVEL))
        .unix_permissions(0o600)
        .last_modified_time(xlsx_zip::DateTime::default());
    let mut sheet_written = false;
    let mut part = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(zip_err)?;
        let name = file.name().map_err(zip_err)?.to_string();
        part.clear();
        file.read_to_end(&mut part)?;
        drop(file);
        zip.start_file(name.as_str(), options).map_err(zip_err)?;
        if name == PAPERS_TABLE_PART {
            let table =
                std::str::from_utf8(&part).map_err(|_| internal("table1.xml is not UTF-8"))?;
            zip.write_all(papers_table(table, catalogue.papers.len(), ncols)?.as_bytes())?;
        } else if name == PAPERS_PART {
            let skeleton_sheet =
                std::str::from_utf8(&part).map_err(|_| internal("sheet1.xml is not UTF-8"))?;
            papers.write_sheet(&mut zip, skeleton_sheet, first_link_id)?;
            sheet_written = true;
        } else if name == PAPERS_RELS {
            if !sheet_written {
                return Err(internal("the sheet relationships come before the sheet"));
            }
            papers.write_rels(&mut zip, &skeleton_rels, first_link_id)?;
        } else {
            zip.write_all(&part)?;
        }
    }
    if !sheet_written {
        return Err(internal("the skeleton workbook has no Papers sheet"));
    }
    let mut out = zip.finish().map_err(zip_err)?;
    out.flush()?;
    Ok(papers.warnings)
}

/// The column widths (Excel character units): the widest line of each column's cells, counting
/// CJK characters as two, within [`width_bounds`].
fn column_widths(catalogue: &Catalogue, plan: &Plan, ctx: Context) -> Vec<usize> {
    let bounds: Vec<(usize, usize)> = plan
        .slots
        .iter()
        .map(|&s| match s {
            Slot::Paper(c) => width_bounds(c),
            Slot::Carried(_) => CARRIED_WIDTH,
        })
        .collect();
    let mut widths: Vec<usize> = plan
        .headers
        .iter()
        .map(|h| display_width(h, 60) + 3)
        .collect();
    let mut text = String::new();
    for (i, paper) in catalogue.papers.iter().enumerate() {
        for (c, &slot) in plan.slots.iter().enumerate() {
            // A column as wide as it may get stays so: skip its cells.
            if widths[c] > bounds[c].1 {
                continue;
            }
            if let Kind::Text = cell(plan, ctx, i, paper, slot, &mut text) {
                fit_in_place(&mut text);
            }
            // Text no longer (in UTF-8 bytes) than the width so far cannot widen the column.
            if text.len() >= widths[c] {
                widths[c] = widths[c].max(display_width(&text, bounds[c].1) + 1);
            }
        }
    }
    for (w, (min, max)) in widths.iter_mut().zip(bounds) {
        *w = (*w).clamp(min, max);
    }
    widths
}

/// Width bounds of a carried column.
const CARRIED_WIDTH: (usize, usize) = (10, 40);

/// The `Papers` sheet's part in the package.
const PAPERS_PART: &str = "xl/worksheets/sheet1.xml";
/// The relationships (table, hyperlinks) of the `Papers` sheet.
const PAPERS_RELS: &str = "xl/worksheets/_rels/sheet1.xml.rels";
/// The `PapersTable` part.
const PAPERS_TABLE_PART: &str = "xl/tables/table1.xml";

/// The skeleton's `PapersTable` part (made for one data row) with the range of every paper.
fn papers_table(skeleton: &str, papers: usize, ncols: usize) -> Result<String, Error> {
    if !skeleton.contains(&format!("name=\"{PAPERS_TABLE}\"")) {
        return Err(internal("table1.xml is not the PapersTable"));
    }
    let last_col = (ncols - 1) as u16;
    let made = format!("ref=\"{}\"", cell_range(0, 0, 1, last_col));
    let real = format!("ref=\"{}\"", table_range(papers, ncols));
    if skeleton.matches(&made).count() != 2 {
        return Err(internal(
            "unexpected PapersTable layout from rust_xlsxwriter",
        ));
    }
    Ok(skeleton.replace(&made, &real))
}

/// The range of the `PapersTable`: the header and a row per paper (at least one).
fn table_range(papers: usize, ncols: usize) -> String {
    let last_row = papers.max(1) as u32; // below ROW_MAX, checked by `skeleton`
    cell_range(0, 0, last_row, (ncols - 1) as u16)
}

/// Deflate level of the package parts (rust_xlsxwriter's default is 6). Writer CPU time and
/// file size on the generated 20 MB catalogue: level 1 0.21 s / 6.8 MB, 2 0.23 s / 5.5 MB,
/// 3 0.26 s / 4.7 MB, 4 0.30 s / 4.2 MB, 6 3.9 MB.
const ZIP_LEVEL: i64 = 2;
/// Excel's rows per sheet.
const ROW_MAX: usize = 1_048_576;

fn zip_err(e: xlsx_zip::result::ZipError) -> Error {
    match e {
        xlsx_zip::result::ZipError::Io(e) => Error::Io(e),
        e => Error::Xlsx(Box::new(e)),
    }
}

fn internal(what: &str) -> Error {
    Error::Xlsx(format!("internal error: {what}").into())
}

fn read_part(
    archive: &mut xlsx_zip::ZipArchive<Cursor<Vec<u8>>>,
    name: &str,
) -> Result<String, Error> {
    let mut file = archive.by_name(name).map_err(zip_err)?;
    let mut s = String::new();
    file.read_to_string(&mut s)?;
    Ok(s)
}

/// Accepts `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS` with an optional `Z`.
fn parse_created(s: &str) -> Result<ExcelDateTime, Error> {
    let bad = || Error::BadCreated(s.to_string());
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    let date_ok = digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10);
    let ok = date_ok
        && match b.len() {
            10 => true,
            19 | 20 => {
                b[10] == b'T'
                    && digits(11..13)
                    && b[13] == b':'
                    && digits(14..16)
                    && b[16] == b':'
                    && digits(17..19)
                    && (b.len() == 19 || b[19] == b'Z')
            }
            _ => false,
        };
    if !ok {
        return Err(bad());
    }
    ExcelDateTime::parse_from_str(s).map_err(|_| bad())
}
