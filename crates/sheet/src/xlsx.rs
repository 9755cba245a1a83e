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
//! - **`Removed`**, only when [`write_carrying`] finds rows of the earlier workbook that match
//!   no paper: those rows, whole, under the `Papers` headers.
//!
//! [`write_carrying`] also writes the reader's own columns, carried over, at their old places
//! in the `Papers` sheet and its table (see [`crate::carry`]).
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

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Write};

use papercat_core::{Catalogue, Code, Diagnostic, Paper};
use rust_xlsxwriter::{
    utility::{cell_range, column_number_to_name},
    Chart, ChartType, Color, ConditionalFormatFormula, DataValidation, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Table, TableColumn, TableStyle, Workbook,
    Worksheet, XlsxError,
};

use crate::carry::{format_number, Plan, Previous, Slot, Value};
use crate::cells::{number, section_label, write_link, write_text, Context};
use crate::ooxml::{link_parts, needs_preserve, push_attr, push_int, push_text};
use crate::{effective_columns, Column, Error, Written};

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
pub const PAPERS_TABLE: &str = "PapersTable";
/// The name of the per-section counts sheet.
pub const SECTIONS_SHEET: &str = "Sections";
/// The name of the Excel table on the sections sheet.
pub const SECTIONS_TABLE: &str = "SectionsTable";
/// The name of the sheet that holds the rows of papers that left the catalogue (written only
/// when carrying over from an earlier workbook finds some; see [`write_carrying`]).
pub const REMOVED_SHEET: &str = "Removed";

/// The most text lines a row of the `Papers` sheet is made tall enough to show: Excel's
/// tallest row, 409.5 points.
pub const MAX_ROW_LINES: usize = 27;
/// The height of one line of 11-point text, in points.
const LINE_HEIGHT: f64 = 15.0;

/// Longest link target Excel accepts.
const MAX_URL_CHARS: usize = 2_080;

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
    Ok(write_carrying(catalogue, None, out, opts)?.warnings)
}

/// [`write()`], carrying the reader's work over from the workbook being replaced (see
/// [`crate::carry`]): statuses and the reader's own columns by key, at their old places; the
/// rows of papers that left the catalogue go, whole, to a [`REMOVED_SHEET`] sheet after the
/// others. Without `previous`, or with nothing to carry, the bytes are those of [`write()`].
///
/// # Errors
///
/// As [`write()`].
pub fn write_carrying<W: Write>(
    catalogue: &Catalogue,
    previous: Option<&Previous>,
    out: W,
    opts: &Options,
) -> Result<Written, Error> {
    write_with_link_limit(catalogue, previous, out, opts, MAX_LINKS)
}

fn write_with_link_limit<W: Write>(
    catalogue: &Catalogue,
    previous: Option<&Previous>,
    out: W,
    opts: &Options,
    link_limit: usize,
) -> Result<Written, Error> {
    let columns = effective_columns(&opts.columns)?;
    let created = parse_created(&opts.created)?;
    let plan = match previous {
        Some(p) => p.plan(catalogue, &columns),
        None => Plan::fresh(&columns),
    };
    let ctx = Context::new(catalogue);
    let widths = column_widths(catalogue, &plan, ctx);
    let skeleton = skeleton(catalogue, &plan, &widths, &created).map_err(xlsx_err)?;
    let ncols = plan.slots.len();
    let mut papers = PapersSheet {
        catalogue,
        plan: &plan,
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
    Ok(Written {
        warnings: papers.warnings,
        carried: previous.map(|_| plan.report.clone()),
    })
}

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

fn properties(catalogue: &Catalogue, created: &ExcelDateTime) -> DocProperties {
    let mut keywords = vec!["papercat".to_string(), "reading list".to_string()];
    for s in &catalogue.sections {
        if let Some(top) = s.path.first() {
            if !keywords.contains(top) {
                keywords.push(top.clone());
            }
        }
    }
    let mut props = DocProperties::new()
        .set_subject(format!(
            "Paper review spreadsheet: {} papers",
            catalogue.papers.len()
        ))
        .set_keywords(keywords.join(", "))
        .set_comment("Written by papercat from a Markdown catalogue of paper-reading notes.")
        .set_creation_datetime(created);
    if let Some(title) = &catalogue.title {
        props = props.set_title(title.clone());
    }
    props
}

/// Column width bounds (Excel character units) by column.
fn width_bounds(column: Column) -> (usize, usize) {
    match column {
        Column::Key => (10, 28),
        Column::Status => (10, 10),
        Column::Sections => (14, 36),
        Column::Title => (20, 50),
        Column::Heading => (20, 44),
        Column::Year => (7, 7),
        Column::Venue => (8, 24),
        Column::Authors => (12, 40),
        Column::Institutions => (14, 32),
        Column::Topics => (10, 24),
        Column::Arxiv => (10, 16),
        Column::Doi => (10, 32),
        Column::Url | Column::Code => (12, 44),
        Column::Motivation | Column::Method | Column::Results | Column::Other => (24, 60),
        Column::Line => (7, 16),
    }
}

/// Display width of a character: 2 for East Asian wide and full-width characters, else 1.
fn char_width(c: char) -> usize {
    let u = u32::from(c);
    let wide = matches!(u,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

/// The widest line of `text`, counting no further than `cap`.
fn display_width(text: &str, cap: usize) -> usize {
    let mut widest = 0;
    for line in text.lines() {
        let mut w = 0;
        for c in line.chars() {
            w += char_width(c);
            if w >= cap {
                return cap;
            }
        }
        widest = widest.max(w);
    }
    widest
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// How many lines `text` takes wrapped in a column `width` characters wide, at most
/// [`MAX_ROW_LINES`]: lines break at spaces where they can (as Excel and LibreOffice do, so a
/// label and a long URL after it take two lines or more), a word wider than the column is
/// broken where it reaches the edge, and CJK text breaks between any two characters.
fn wrapped_lines(text: &str, width: usize) -> usize {
    // Leave room for the cell padding, and for fonts whose CJK glyphs are a bit over two
    // character units wide.
    let usable = (width * 9 / 10).saturating_sub(1).max(1);
    // A line is never wider than its UTF-8 length: short single-line text needs no scan.
    if text.len() <= usable && !text.contains('\n') {
        return 1;
    }
    let mut lines = 0;
    for line in text.split('\n') {
        lines += 1;
        // The width taken on the current line.
        let mut used = 0;
        for word in line.split(' ') {
            let w = display_width(word, usable * MAX_ROW_LINES);
            if used > 0 && used + 1 + w <= usable {
                used += 1 + w;
                continue;
            }
            // CJK text breaks between any two characters: it fills the line it starts on.
            let cjk = used > 0 && word.chars().any(|c| char_width(c) == 2);
            let end = if cjk {
                used + 1 + w
            } else {
                if used > 0 {
                    lines += 1;
                }
                w
            };
            // The word takes as many lines as it needs.
            lines += end.saturating_sub(1) / usable;
            used = end.saturating_sub(1) % usable + 1;
            if lines >= MAX_ROW_LINES {
                return MAX_ROW_LINES;
            }
        }
    }
    lines.clamp(1, MAX_ROW_LINES)
}

/// The text as Excel can hold it: cut to [`MAX_CELL_CHARS`] UTF-16 units, ending with
/// [`TRUNCATED_MARKER`], when too long. The flag tells whether it was cut.
fn fit(text: &str) -> (Cow<'_, str>, bool) {
    if utf16_len(text) <= MAX_CELL_CHARS {
        return (Cow::Borrowed(text), false);
    }
    let budget = MAX_CELL_CHARS - utf16_len(TRUNCATED_MARKER);
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            used += c.len_utf16();
            used > budget
        })
        .map_or(text.len(), |(i, _)| i);
    (
        Cow::Owned(format!("{}{TRUNCATED_MARKER}", &text[..end])),
        true,
    )
}

/// [`fit`] in place: cuts `text` when too long and returns its length (UTF-16 units) before.
fn fit_in_place(text: &mut String) -> Option<usize> {
    // UTF-16 units never outnumber UTF-8 bytes.
    if text.len() <= MAX_CELL_CHARS {
        return None;
    }
    let chars = utf16_len(text);
    if let (Cow::Owned(cut), true) = fit(text) {
        *text = cut;
        return Some(chars);
    }
    None
}

/// The header row's own format: white bold text on the blue of the table style, with thin
/// borders. The table style draws the same in Excel, but LibreOffice does not draw table
/// styles, so without it the header looked like any other row there.
fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(HEADER_BORDER))
        .set_align(FormatAlign::Top)
}

/// The header fill: the header colour of [`TableStyle::Medium2`].
const HEADER_FILL: u32 = 0x4472C4;
/// The header borders: a darker shade of [`HEADER_FILL`].
const HEADER_BORDER: u32 = 0x2F5597;

/// Excel's text number format: a cell keeps what is typed into it as text.
const TEXT_FORMAT: &str = "@";

/// Whether `column` holds identifiers (the key, arXiv ids, DOIs): text that a spreadsheet
/// program must never turn into a number (`1412.6980` would show as 1412.698). Their cells are
/// strings with the text format [`TEXT_FORMAT`], so a value typed into them stays text too.
fn is_id(column: Column) -> bool {
    matches!(column, Column::Key | Column::Arxiv | Column::Doi)
}

fn body_format() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
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

/// How every sheet prints: landscape, scaled to one page wide (as many pages tall as needed),
/// the header row repeated on every page. Without it the `Papers` sheet of a 100-paper
/// catalogue printed on 141 pages, three columns each, the header on the first ones only.
/// The paper size is left to the printer (A4 or Letter, by locale).
fn page_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// How many columns at the left of the `Papers` sheet stay in view: `key` and `status` when
/// they lead (in either order), else only `key` when it leads, else none (the header row is
/// always frozen). At most 38 character units wide ([`width_bounds`]), about 280 pixels: a
/// fifth of a 1366-pixel window, so the notes can be read beside them (the old frozen block of
/// key, status, sections and title took 80%, and LibreOffice drops a freeze wider than the
/// window).
fn frozen_columns(slots: &[Slot]) -> u16 {
    let key = Slot::Paper(Column::Key);
    let status = Slot::Paper(Column::Status);
    match slots {
        [a, b, ..] if (*a == key && *b == status) || (*a == status && *b == key) => 2,
        [a, ..] if *a == key => 1,
        _ => 0,
    }
}

/// Width bounds of a carried column.
const CARRIED_WIDTH: (usize, usize) = (10, 40);

/// What a cell of the `Papers` sheet is written as (its text is set alongside).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Int(i64),
    Number(f64),
    Bool(bool),
    Date(f64),
}

/// Sets `out` to the text of the cell of `slot` for paper `i` and returns what it is written
/// as: the carried value when there is one, else the catalogue's.
fn cell(plan: &Plan, ctx: Context, i: usize, paper: &Paper, slot: Slot, out: &mut String) -> Kind {
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

/// The workbook without the `Papers` rows: everything else (styles, the tables, panes, the
/// status drop-down and colours, column widths, the `Sections` sheet and its chart, document
/// properties) as rust_xlsxwriter writes it. Cells below the header (`A2:A6`, `A7`) carry the
/// body, number, link, identifier, identifier link (and date) formats, so that the styles part has them and the streamed rows can
/// use their indices; those rows are replaced.
fn skeleton(
    catalogue: &Catalogue,
    plan: &Plan,
    widths: &[usize],
    created: &ExcelDateTime,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(catalogue, created));
    workbook.set_zip_compression_level(1);

    let ws = workbook.add_worksheet();
    ws.set_name(PAPERS_SHEET)?;
    let body = body_format();
    let number = Format::new()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let link = body_format().set_hyperlink();
    let id = body_format().set_num_format(TEXT_FORMAT);
    let id_link = link.clone().set_num_format(TEXT_FORMAT);
    ws.write_number_with_format(1, 0, 0.0, &body)?;
    ws.write_number_with_format(2, 0, 0.0, &number)?;
    ws.write_number_with_format(3, 0, 0.0, &link)?;
    ws.write_number_with_format(4, 0, 0.0, &id)?;
    ws.write_number_with_format(5, 0, 0.0, &id_link)?;
    // Carried dates need a date format (only then, so that other workbooks keep their bytes).
    if plan.has_dates() {
        ws.write_number_with_format(6, 0, 0.0, &date_format())?;
    }

    let last_row = u32::try_from(catalogue.papers.len().max(1)).unwrap_or(u32::MAX);
    if last_row as usize >= ROW_MAX {
        return Err(XlsxError::RowColumnLimitError);
    }
    let last_col = u16::try_from(plan.slots.len() - 1) // never empty here
        .map_err(|_| XlsxError::RowColumnLimitError)?;
    for (c, (&w, &slot)) in widths.iter().zip(&plan.slots).enumerate() {
        ws.set_column_width(c as u16, w as f64)?;
        let id_column = matches!(slot, Slot::Paper(column) if is_id(column));
        ws.set_column_format(c as u16, if id_column { &id } else { &body })?;
    }
    let table_columns: Vec<TableColumn> = plan
        .headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(h.as_str())
                .set_header_format(header_format())
        })
        .collect();
    let table = Table::new()
        .set_name(PAPERS_TABLE)
        .set_style(TableStyle::Medium2)
        .set_columns(&table_columns);
    // rust_xlsxwriter keeps a map entry per table cell (to catch overlapping tables): give it
    // the header and one row, and set the real range in the table part (`table_range`).
    ws.add_table(0, 0, 1, last_col, &table)?;

    ws.set_freeze_panes(1, frozen_columns(&plan.slots))?;
    page_setup(ws)?;

    if let Some(s) = plan
        .slots
        .iter()
        .position(|&c| c == Slot::Paper(Column::Status))
    {
        let s = s as u16;
        let validation = DataValidation::new()
            .allow_list_strings(&STATUSES)?
            .set_input_title("status")?
            .set_input_message(STATUSES.join(", "))?;
        ws.add_data_validation(1, s, last_row, s, &validation)?;
        let letter = column_number_to_name(s);
        let colours = [
            ("unread", 0xDDEBF7),
            ("reading", 0xFFF2CC),
            ("read", 0xE2EFDA),
            ("skip", 0xD9D9D9),
        ];
        for (status, rgb) in colours {
            let mut format = Format::new().set_background_color(Color::RGB(rgb));
            if status == "skip" {
                format = format.set_font_color(Color::RGB(0x808080));
            }
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${letter}2=\"{status}\"").as_str())
                .set_format(format);
            ws.add_conditional_format(1, 0, last_row, last_col, &rule)?;
        }
    }

    let sections = workbook.add_worksheet();
    sections.set_name(SECTIONS_SHEET)?;
    write_sections(sections, catalogue)?;
    if plan.removed_rows() > 0 {
        let removed = workbook.add_worksheet();
        removed.set_name(REMOVED_SHEET)?;
        write_removed(removed, plan, widths)?;
    }
    workbook.save_to_buffer()
}

fn date_format() -> Format {
    Format::new()
        .set_num_format("yyyy-mm-dd hh:mm")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left)
}

/// The `Removed` sheet: the same columns as `Papers`, a row per old row that matches no paper,
/// as it was (catalogue columns included, so the reader sees which paper it was).
fn write_removed(ws: &mut Worksheet, plan: &Plan, widths: &[usize]) -> Result<(), XlsxError> {
    let header = header_format();
    let body = body_format();
    let date = date_format();
    for (c, h) in plan.headers.iter().enumerate() {
        let c = c as u16; // checked by the caller
        ws.write_string_with_format(0, c, h.as_str(), &header)?;
        ws.set_column_width(c, widths.get(usize::from(c)).copied().unwrap_or(12) as f64)?;
    }
    for k in 0..plan.removed_rows() {
        let row = u32::try_from(k + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        if row as usize >= ROW_MAX {
            return Err(XlsxError::RowColumnLimitError);
        }
        for (c, &slot) in plan.slots.iter().enumerate() {
            let c = c as u16;
            match plan.removed(k, slot) {
                None => {}
                Some(Value::Text(t)) => {
                    ws.write_string_with_format(row, c, fit(t).0.as_ref(), &body)?;
                }
                Some(Value::Number(n)) => {
                    ws.write_number_with_format(row, c, *n, &body)?;
                }
                Some(Value::Bool(b)) => {
                    ws.write_boolean_with_format(row, c, *b, &body)?;
                }
                Some(Value::Date(d)) => {
                    ws.write_number_with_format(row, c, *d, &date)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    page_setup(ws)?;
    Ok(())
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
struct PapersSheet<'a> {
    catalogue: &'a Catalogue,
    plan: &'a Plan<'a>,
    widths: &'a [usize],
    ctx: Context,
    link_limit: usize,
    /// The cells written as hyperlinks: (sheet row, column index), in order.
    links: Vec<(u32, u16)>,
    warnings: Vec<Diagnostic>,
}

/// Write the buffered XML out once it holds this many bytes.
const CHUNK: usize = 1 << 16;

impl PapersSheet<'_> {
    /// Writes `xl/worksheets/sheet1.xml`: the skeleton's start (with the real dimension) and
    /// header row, one `<row>` per paper with inline strings, then the skeleton's end with the
    /// hyperlinks added.
    fn write_sheet<Z: Write>(
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
                            paper.diagnostic(Code::CellTruncated, format!(
                                    "the `{}` text of `{}` has {chars} characters; an Excel cell holds {MAX_CELL_CHARS}, so the xlsx cell was cut and ends with `{TRUNCATED_MARKER}`",
                                    plan.headers[c],
                                    paper.key,
                                ))
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
            if buf.len() >= CHUNK {
                z.write_all(&buf)?;
                buf.clear();
            }
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
                let paper = &papers[row as usize - 2];
                slot_link(paper, self.plan.slots[usize::from(c)], &mut target);
                if let Some(parts) = link_parts(&target) {
                    if !parts.anchor.is_empty() {
                        buf.extend_from_slice(b" location=\"");
                        push_attr(&mut buf, parts.anchor);
                        buf.push(b'"');
                    }
                }
                buf.extend_from_slice(b"/>");
                if buf.len() >= CHUNK {
                    z.write_all(&buf)?;
                    buf.clear();
                }
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
                self.warnings.push(paper.diagnostic(Code::TooManyLinks, format!(
                        "the {PAPERS_SHEET} sheet holds {link_limit} hyperlinks, Excel's limit per sheet; link cells from paper `{}` on are plain text",
                        paper.key
                    )));
            }
            false
        } else if utf16_len(target) > MAX_URL_CHARS {
            self.warnings.push(paper.diagnostic(Code::LinkTooLong, format!(
                    "the `{}` link of `{}` is longer than Excel's {MAX_URL_CHARS} characters; it is written as plain text",
                    column.name(),
                    paper.key
                )));
            false
        } else {
            // Targets Excel cannot link (no scheme://) stay text.
            link_parts(target).is_some()
        }
    }

    /// Writes the sheet's relationships: the skeleton's, then one per hyperlink.
    fn write_rels<Z: Write>(
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
            let paper = &self.catalogue.papers[row as usize - 2];
            slot_link(paper, self.plan.slots[usize::from(c)], &mut target);
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
            if buf.len() >= CHUNK {
                z.write_all(&buf)?;
                buf.clear();
            }
        }
        buf.extend_from_slice(&skeleton.as_bytes()[end..]);
        z.write_all(&buf)?;
        Ok(())
    }
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

/// One row of the `Sections` sheet.
struct SectionRow {
    label: String,
    level: usize,
    papers: usize,
    by_year: BTreeMap<Option<i32>, usize>,
}

fn section_rows(catalogue: &Catalogue) -> Vec<SectionRow> {
    // Every section path once, declared ones first, then the listed ones, in order.
    let mut index: HashMap<&[String], usize> = HashMap::new();
    let mut rows: Vec<SectionRow> = Vec::new();
    let declared = catalogue.sections.iter().map(|s| s.path.as_slice());
    let listed = catalogue
        .papers
        .iter()
        .flat_map(|p| p.occurrences.iter().map(|o| o.section.as_slice()));
    for path in declared.chain(listed) {
        if !path.is_empty() && !index.contains_key(path) {
            index.insert(path, rows.len());
            rows.push(SectionRow {
                label: section_label(path),
                level: path.len(),
                papers: 0,
                by_year: BTreeMap::new(),
            });
        }
    }
    // A paper counts once in every section that holds one of its listings, or holds it below.
    let mut unsectioned = SectionRow {
        label: "(no section)".into(),
        level: 0,
        papers: 0,
        by_year: BTreeMap::new(),
    };
    let mut hit: Vec<usize> = Vec::new();
    for p in &catalogue.papers {
        hit.clear();
        for o in &p.occurrences {
            for depth in 1..=o.section.len() {
                if let Some(&r) = index.get(&o.section[..depth]) {
                    if !hit.contains(&r) {
                        hit.push(r);
                    }
                }
            }
        }
        for &r in &hit {
            rows[r].papers += 1;
            *rows[r].by_year.entry(p.year).or_insert(0) += 1;
        }
        if p.occurrences.iter().all(|o| o.section.is_empty()) {
            unsectioned.papers += 1;
            *unsectioned.by_year.entry(p.year).or_insert(0) += 1;
        }
    }
    // A section with no paper in it or below it (a heading kept for later, a list of links
    // that are not papers) is not a row: it would be a row of zeros and an empty bar.
    rows.retain(|r| r.papers > 0);
    if unsectioned.papers > 0 {
        rows.push(unsectioned);
    }
    rows
}

fn write_sections(ws: &mut Worksheet, catalogue: &Catalogue) -> Result<(), XlsxError> {
    let rows = section_rows(catalogue);
    let mut years: Vec<i32> = catalogue.papers.iter().filter_map(|p| p.year).collect();
    years.sort_unstable();
    years.dedup();
    let no_year = catalogue.papers.iter().any(|p| p.year.is_none());
    let mut headers: Vec<String> = vec!["section".into(), "level".into(), "papers".into()];
    headers.extend(years.iter().map(i32::to_string));
    if no_year {
        headers.push("no year".into());
    }
    let mut year_keys: Vec<Option<i32>> = years.iter().copied().map(Some).collect();
    if no_year {
        year_keys.push(None);
    }

    let top = Format::new().set_align(FormatAlign::Top);
    let mut label_width = "section".len() + 3;
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (label, _) = fit(&r.label);
        label_width = label_width.max(display_width(&label, 60) + 1);
        ws.write_string_with_format(row, 0, label.as_ref(), &top)?;
        ws.write_number_with_format(row, 1, r.level as f64, &top)?;
        ws.write_number_with_format(row, 2, r.papers as f64, &top)?;
        for (k, year) in year_keys.iter().enumerate() {
            let n = r.by_year.get(year).copied().unwrap_or(0);
            ws.write_number_with_format(row, 3 + k as u16, n as f64, &top)?;
        }
    }
    ws.set_column_width(0, label_width.clamp(16, 60) as f64)?;
    for (c, header) in headers.iter().enumerate().skip(1) {
        ws.set_column_width(c as u16, (header.len() + 4) as f64)?;
    }
    let last_row = u32::try_from(rows.len().max(1)).unwrap_or(u32::MAX);
    let last_col = (headers.len() - 1) as u16; // at least the three fixed headers
    let table_columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(h.as_str())
                .set_header_format(header_format())
        })
        .collect();
    let table = Table::new()
        .set_name(SECTIONS_TABLE)
        .set_style(TableStyle::Medium2)
        .set_columns(&table_columns);
    ws.add_table(0, 0, last_row, last_col, &table)?;
    ws.set_freeze_panes(1, 1)?;
    page_setup(ws)?;

    if !rows.is_empty() {
        let n = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((SECTIONS_SHEET, 1, 0, n, 0))
            .set_values((SECTIONS_SHEET, 1, 2, n, 2))
            .set_name("papers");
        chart.title().set_name("Papers per section");
        chart.legend().set_hidden();
        // Bar charts draw the first category at the bottom; reverse the category axis (the
        // y axis of a bar chart in rust_xlsxwriter) to read top-down like the table.
        chart.y_axis().set_reverse();
        chart.set_width(640);
        chart.set_height(n.saturating_mul(28).saturating_add(90).clamp(288, 6000));
        ws.insert_chart(0, last_col + 2, &chart)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::Occurrence;

    #[test]
    fn created_accepts_dates_and_utc_times_only() {
        assert!(parse_created("2024-01-01").is_ok());
        assert!(parse_created("2024-01-01T08:30:00Z").is_ok());
        assert!(parse_created("2024-01-01T08:30:00").is_ok());
        for bad in [
            "",
            "2024",
            "2024-1-1",
            "01/01/2024",
            "2024-01-01 08:30:00",
            "2024-13-40",
            "now",
        ] {
            let Err(err) = parse_created(bad) else {
                panic!("{bad:?} accepted")
            };
            assert_eq!(
                err.to_string(),
                format!("bad creation time `{bad}`: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
            );
        }
    }

    #[test]
    fn fit_cuts_with_marker_within_the_limit() {
        let (s, cut) = fit("短");
        assert_eq!((s.as_ref(), cut), ("短", false));
        let exact = "a".repeat(MAX_CELL_CHARS);
        assert_eq!(fit(&exact), (Cow::Borrowed(exact.as_str()), false));
        let long = "长文本".repeat(20_000);
        let (s, cut) = fit(&long);
        assert!(cut);
        assert_eq!(utf16_len(&s), MAX_CELL_CHARS);
        assert!(s.ends_with(TRUNCATED_MARKER));
        assert!(long.starts_with(s.trim_end_matches(TRUNCATED_MARKER)));
        // Astral characters count two UTF-16 units and are never split.
        let astral = "𝕏".repeat(MAX_CELL_CHARS);
        let (s, cut) = fit(&astral);
        assert!(cut);
        assert_eq!(utf16_len(&s), MAX_CELL_CHARS - 1);
    }

    #[test]
    fn sheet_and_table_names_follow_excel_rules() {
        use rust_xlsxwriter::utility::{check_name, check_sheet_name};
        for sheet in [PAPERS_SHEET, SECTIONS_SHEET] {
            assert!(check_sheet_name(sheet).is_ok(), "{sheet}");
        }
        for table in [PAPERS_TABLE, SECTIONS_TABLE] {
            assert!(check_name(table).is_ok(), "{table}");
            // Table names share one namespace with defined names; keep them apart from sheets.
            assert!(!table.eq_ignore_ascii_case(PAPERS_SHEET));
            assert!(!table.eq_ignore_ascii_case(SECTIONS_SHEET));
        }
    }

    #[test]
    fn wrapped_lines_estimate() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("abc", 10), 1);
        assert_eq!(wrapped_lines("abcdefgh", 10), 1);
        assert_eq!(wrapped_lines("abcdefghi", 10), 2);
        assert_eq!(wrapped_lines("多模态篇多模", 15), 1);
        assert_eq!(wrapped_lines("多模态篇多模", 14), 2);
        assert_eq!(wrapped_lines("a\nb\n\nc", 10), 4);
        // Lines break at spaces: a label and a URL that does not fit after it.
        let url = "https://www.morganclaypool.com/doi/10.2200/S00980ED1V01Y202001AIM045";
        assert_eq!(wrapped_lines(&format!("book: {url}"), 60), 3);
        assert_eq!(wrapped_lines("aaaa bbbb cccc", 12), 2);
        assert_eq!(wrapped_lines("aaa  bbb", 12), 1);
        assert_eq!(wrapped_lines("ab 多模态篇多模", 14), 2);
        assert_eq!(wrapped_lines("ab 多模态篇", 14), 1);
        assert_eq!(wrapped_lines(&"长".repeat(10_000), 60), MAX_ROW_LINES);
    }

    #[test]
    fn frozen_columns_are_a_leading_key_and_status() {
        let slots = |list: &str| -> Vec<Slot> {
            crate::parse_columns(list)
                .unwrap()
                .into_iter()
                .map(Slot::Paper)
                .collect()
        };
        assert_eq!(frozen_columns(&slots("key,status,sections,title")), 2);
        assert_eq!(frozen_columns(&slots("status,key,title")), 2);
        assert_eq!(frozen_columns(&slots("key,title,status")), 1);
        assert_eq!(frozen_columns(&slots("key")), 1);
        assert_eq!(frozen_columns(&slots("title,key,status")), 0);
        assert_eq!(frozen_columns(&slots("status,title")), 0);
        assert_eq!(frozen_columns(&[]), 0);
        // At most 38 character units: well under half of a 1366-pixel window.
        let (_, key) = width_bounds(Column::Key);
        let (_, status) = width_bounds(Column::Status);
        assert!((key + status) * 7 + 10 < 1366 / 4, "{key} + {status}");
    }

    #[test]
    fn widths_count_cjk_double() {
        assert_eq!(display_width("abc", 60), 3);
        assert_eq!(display_width("多模态", 60), 6);
        assert_eq!(display_width("ab\n多模态篇", 60), 8);
        assert_eq!(display_width(&"长".repeat(100), 60), 60);
        assert_eq!(char_width('，'), 2);
    }

    #[test]
    fn section_rows_count_subtrees_and_years() {
        let cat = papercat_testkit::fixture();
        let rows = section_rows(&cat);
        let got: Vec<(&str, usize, usize)> = rows
            .iter()
            .map(|r| (r.label.as_str(), r.level, r.papers))
            .collect();
        assert_eq!(
            got,
            vec![
                ("多模态篇", 1, 2),
                ("PEFT 系列篇", 1, 2),
                ("搜索 篇", 1, 2),
                ("搜索 篇 > 排序", 2, 1),
            ]
        );
        assert_eq!(rows[1].by_year.get(&Some(2023)), Some(&1));
        assert_eq!(rows[1].by_year.get(&None), Some(&1));
        let extra = Catalogue {
            papers: vec![Paper {
                occurrences: vec![Occurrence::default()],
                ..Default::default()
            }],
            ..Default::default()
        };
        let rows = section_rows(&extra);
        assert_eq!(rows.len(), 1);
        // Declared sections without papers (nor papers below them) are left out.
        let mut sparse = papercat_testkit::fixture();
        for path in [vec!["空篇"], vec!["搜索 篇", "空"], vec!["空篇", "也空"]] {
            sparse.sections.push(papercat_core::Section {
                path: path.into_iter().map(String::from).collect(),
                ..Default::default()
            });
        }
        let labels: Vec<String> = section_rows(&sparse).into_iter().map(|r| r.label).collect();
        assert_eq!(
            labels,
            ["多模态篇", "PEFT 系列篇", "搜索 篇", "搜索 篇 > 排序"]
        );
        assert_eq!(
            (rows[0].label.as_str(), rows[0].papers),
            ("(no section)", 1)
        );
    }

    #[test]
    fn link_limit_falls_back_to_text_with_one_warning() {
        let paper = |i: usize| Paper {
            key: format!("p{i}"),
            url: Some(format!("https://example.org/{i}")),
            occurrences: vec![Occurrence {
                file: "a.md".into(),
                line: i as u32 + 1,
                section: vec![],
            }],
            ..Default::default()
        };
        let cat = Catalogue {
            papers: (0..5).map(paper).collect(),
            ..Default::default()
        };
        let opts = Options {
            columns: vec![Column::Key, Column::Url],
            ..Options::default()
        };
        let mut buf = Vec::new();
        let warnings = write_with_link_limit(&cat, None, &mut buf, &opts, 3)
            .unwrap()
            .warnings;
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].code, "too-many-links");
        assert_eq!((warnings[0].file.as_str(), warnings[0].line), ("a.md", 4));
        assert!(
            warnings[0].message.contains("`p3`"),
            "{}",
            warnings[0].message
        );
    }

    /// The text of one part of an xlsx package.
    fn part(xlsx: &[u8], name: &str) -> String {
        let mut zip = xlsx_zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// The `<hyperlink>` elements of a sheet without their `r:id`, and the hyperlink targets
    /// of its relationships, in order.
    fn links_of(xlsx: &[u8]) -> (Vec<String>, Vec<String>) {
        let sheet = part(xlsx, PAPERS_PART);
        let elements = sheet
            .split("<hyperlink ")
            .skip(1)
            .map(|h| {
                let h = &h[..h.find("/>").unwrap()];
                let start = h.find(" r:id=\"").unwrap();
                let end = start + 7 + h[start + 7..].find('"').unwrap() + 1;
                format!("{}{}", &h[..start], &h[end..])
            })
            .collect();
        let rels = part(xlsx, PAPERS_RELS);
        let targets = rels
            .split("<Relationship ")
            .filter(|r| r.contains("/hyperlink\""))
            .map(|r| {
                let t = &r[r.find("Target=\"").unwrap() + 8..];
                t[..t.find('"').unwrap()].to_string()
            })
            .collect();
        (elements, targets)
    }

    #[test]
    fn hyperlinks_match_rust_xlsxwriter() {
        let urls = [
            "https://arxiv.org/abs/2304.08485",
            "https://x.org/a b?q=\"1\"&r=<2>#frag & \"more\"",
            "https://x.org/already%20escaped [x]",
            "http://x.org/{a}^`|~%",
            "ftp://files.example/readme.txt",
            "mailto:someone@example.org#not-an-anchor",
            "https://x.org/#",
            "https://长.example/路径#锚",
        ];
        let papers: Vec<Paper> = urls
            .iter()
            .enumerate()
            .map(|(i, u)| Paper {
                key: format!("p{i}"),
                url: Some(u.to_string()),
                ..Default::default()
            })
            .collect();
        let cat = Catalogue {
            papers,
            ..Default::default()
        };
        let opts = Options {
            columns: vec![Column::Key, Column::Url],
            ..Options::default()
        };
        let mut ours = Vec::new();
        assert!(write(&cat, &mut ours, &opts).unwrap().is_empty());

        // The same links written by rust_xlsxwriter itself.
        let mut workbook = Workbook::new();
        let ws = workbook.add_worksheet();
        for (i, u) in urls.iter().enumerate() {
            let url = rust_xlsxwriter::Url::new(*u).set_text(*u);
            ws.write_url_with_format(i as u32 + 1, 1, url, &body_format().set_hyperlink())
                .unwrap();
        }
        let theirs = workbook.save_to_buffer().unwrap();
        assert_eq!(links_of(&ours), links_of(&theirs));
        assert_eq!(links_of(&ours).0.len(), urls.len());
    }
}
