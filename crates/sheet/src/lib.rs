//! papercat-sheet: review spreadsheets from one column model, written as CSV and as XLSX.
//!
//! Both formats write one row per paper (a paper listed under several sections is still one row,
//! and its `sections` cell lists all of them) with the same columns, picked and ordered by
//! `Options::columns` ([`csv::Options::columns`], [`xlsx::Options::columns`]).
//!
//! ```
//! use papercat_core::{Catalogue, Occurrence, Paper, Work};
//!
//! let catalogue = Catalogue {
//!     papers: vec![Paper {
//!         key: "liu2023visual".into(),
//!         heading: "LLaVA：经典的多模态大模型".into(),
//!         occurrences: vec![Occurrence { file: "a.md".into(), line: 5, section: vec!["多模态篇".into()] }],
//!         work: Work {
//!             title: Some("Visual Instruction Tuning".into()),
//!             year: Some(2023),
//!             ..Default::default()
//!         },
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//!
//! // CSV: pick three columns; the default options write a UTF-8 BOM and CRLF line ends.
//! let opts = papercat_sheet::csv::Options {
//!     columns: papercat_sheet::parse_columns("key,sections,title")?,
//!     bom: false,
//!     ..Default::default()
//! };
//! let mut csv = Vec::new();
//! let warnings = papercat_sheet::csv::write(&catalogue, &mut csv, &opts)?;
//! assert!(warnings.is_empty());
//! assert_eq!(
//!     String::from_utf8(csv).unwrap(),
//!     "key,sections,title\r\nliu2023visual,多模态篇,Visual Instruction Tuning\r\n"
//! );
//!
//! // XLSX: every column, a `Papers` and a `Sections` sheet; same catalogue, same bytes.
//! let mut xlsx = Vec::new();
//! papercat_sheet::xlsx::write(&catalogue, &mut xlsx, &Default::default())?;
//! assert!(xlsx.starts_with(b"PK"));
//! # Ok::<(), papercat_sheet::Error>(())
//! ```
//!
//! # Columns
//!
//! The header names are stable: scripts and the `--columns` flag use them.
//!
//! | header | content |
//! | --- | --- |
//! | `key` | the citation key |
//! | `status` | the reader's own `unread` / `reading` / `read` / `skip` (a drop-down in XLSX): empty, or carried over from the file being replaced ([`carry`]) |
//! | `sections` | every section the paper is listed under, as `A > B > C`, several joined with `; ` |
//! | `title` | the English title (empty when the catalogue gives none) |
//! | `heading` | the list item's own text (often a Chinese summary title) |
//! | `year` | publication year |
//! | `venue` | the venue as written (`NeurIPS 2023 (Oral)`) |
//! | `authors` | authors as `Given Family`, joined with `; `; `et al.` last when the list is cut |
//! | `institutions` | institutions, joined with `; ` |
//! | `topics` | topics, joined with `; ` |
//! | `arxiv` | arXiv identifier without version (in CSV after `arXiv:`, see [`csv`]) |
//! | `doi` | DOI |
//! | `url` | the paper's primary URL |
//! | `code` | code repository URLs, one per line |
//! | `motivation` | the motivation fields, joined by blank lines, as [`plain_text`] |
//! | `method` | the method fields, joined by blank lines, as [`plain_text`] |
//! | `results` | the results fields, joined by blank lines, as [`plain_text`] |
//! | `other` | every other field as `label: text` ([`plain_text`]; date, summary, notes, unknown labels), then links not shown in `url` or `code` and the note link, one per line |
//! | `line` | source line of each listing (`5; 22`); `file:line` when the catalogue has several files |
//!
//! Fields that have their own column (title, paper link, code, venue, institutions, authors,
//! topics, motivation, method, results) are not repeated in `other`; everything else is, so
//! nothing the catalogue says is lost.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use papercat_core::{Catalogue, Diagnostic};

pub mod carry;
pub mod csv;
pub mod xlsx;

mod cells;
mod ooxml;
mod read;

pub use carry::{CarryReport, Previous, ReadError};
pub use read::decode_escapes;

use carry::Plan;

/// How cells read a note's Markdown: line by line, the few marks catalogues use in notes.
pub(crate) const CELL_SYNTAX: papercat_core::plain::Syntax =
    papercat_core::plain::Syntax::LineMarks;

/// A note's Markdown as the `motivation`, `method`, `results` and `other` cells show it: list
/// items start with `• `, `**strong**` and `` `code` `` lose their marks, `[text](url)` reads
/// `text (url)`; everything else is kept as written.
///
/// ```
/// assert_eq!(
///     papercat_sheet::plain_text("- 冻结**视觉编码器**\n- see [code](https://x.org)"),
///     "• 冻结视觉编码器\n• see code (https://x.org)"
/// );
/// ```
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    papercat_core::plain::push_plain(markdown, CELL_SYNTAX, &mut out);
    out
}

/// One of the two spreadsheet formats, with its options: what [`write_carrying`] writes.
#[derive(Debug, Clone, Copy)]
pub enum Format<'a> {
    /// CSV, as [`csv::write`] writes it.
    Csv(&'a csv::Options),
    /// XLSX, as [`xlsx::write`] writes it.
    Xlsx(&'a xlsx::Options),
}

impl<'a> Format<'a> {
    /// The columns asked for.
    fn columns(self) -> &'a [Column] {
        match self {
            Format::Csv(opts) => &opts.columns,
            Format::Xlsx(opts) => &opts.columns,
        }
    }
}

/// What a writer reports besides the file: warnings, and what it carried over.
#[derive(Debug, Default)]
pub struct Written {
    /// Warnings for what the format's limits made the writer change (see each writer).
    pub warnings: Vec<Diagnostic>,
    /// What was carried over from the earlier file, when one was given.
    pub carried: Option<CarryReport>,
}

/// Writes the catalogue as `format`, carrying the reader's work over from the file being
/// replaced (see [`carry`]): statuses and the reader's own columns by key, at their old places.
/// The rows of papers that left the catalogue go, whole, to a [`xlsx::REMOVED_SHEET`] sheet in
/// XLSX; in CSV they are only named in [`Written::carried`], or kept after the others with
/// [`csv::Options::keep_removed`].
///
/// Without `previous` (for XLSX, also with nothing to carry) the bytes are those of
/// [`csv::write`] or [`xlsx::write`]: the same code writes both.
///
/// # Errors
///
/// As [`csv::write`] or [`xlsx::write`].
pub fn write_carrying<W: Write>(
    catalogue: &Catalogue,
    previous: Option<&Previous>,
    out: W,
    format: Format<'_>,
) -> Result<Written, Error> {
    let plan = Plan::new(catalogue, previous, format.columns())?;
    let warnings = match format {
        Format::Csv(opts) => csv::write_plan(catalogue, &plan, out, opts)?,
        Format::Xlsx(opts) => xlsx::write_plan(catalogue, &plan, out, opts, xlsx::MAX_LINKS)?,
    };
    Ok(Written {
        warnings,
        carried: previous.map(|_| plan.report),
    })
}

/// One column of the review spreadsheet. [`Column::ALL`] lists them in the default order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Column {
    /// `key`: the citation key.
    Key,
    /// `status`: empty, for the reader's reading status.
    Status,
    /// `sections`: every section path (`A > B`), joined with `; `.
    Sections,
    /// `title`: the English title.
    Title,
    /// `heading`: the list item's own text.
    Heading,
    /// `year`: publication year.
    Year,
    /// `venue`: the venue as written.
    Venue,
    /// `authors`: authors joined with `; `.
    Authors,
    /// `institutions`: institutions joined with `; `.
    Institutions,
    /// `topics`: topics joined with `; `.
    Topics,
    /// `arxiv`: arXiv identifier.
    Arxiv,
    /// `doi`: DOI.
    Doi,
    /// `url`: the paper URL.
    Url,
    /// `code`: code URLs, one per line.
    Code,
    /// `motivation`: motivation text.
    Motivation,
    /// `method`: method text.
    Method,
    /// `results`: results text.
    Results,
    /// `other`: every other field as `label: text` lines.
    Other,
    /// `line`: source line(s), with the file when there are several files.
    Line,
}

impl Column {
    /// Every column, in the default order.
    pub const ALL: [Column; 19] = [
        Column::Key,
        Column::Status,
        Column::Sections,
        Column::Title,
        Column::Heading,
        Column::Year,
        Column::Venue,
        Column::Authors,
        Column::Institutions,
        Column::Topics,
        Column::Arxiv,
        Column::Doi,
        Column::Url,
        Column::Code,
        Column::Motivation,
        Column::Method,
        Column::Results,
        Column::Other,
        Column::Line,
    ];

    /// The stable header name (`key`, `status`, `sections`...).
    pub fn name(self) -> &'static str {
        match self {
            Column::Key => "key",
            Column::Status => "status",
            Column::Sections => "sections",
            Column::Title => "title",
            Column::Heading => "heading",
            Column::Year => "year",
            Column::Venue => "venue",
            Column::Authors => "authors",
            Column::Institutions => "institutions",
            Column::Topics => "topics",
            Column::Arxiv => "arxiv",
            Column::Doi => "doi",
            Column::Url => "url",
            Column::Code => "code",
            Column::Motivation => "motivation",
            Column::Method => "method",
            Column::Results => "results",
            Column::Other => "other",
            Column::Line => "line",
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Column {
    type Err = Error;

    /// Parses a header name; surrounding spaces and letter case are ignored.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownColumn`] naming the column and listing the valid ones.
    fn from_str(s: &str) -> Result<Column, Error> {
        let wanted = s.trim();
        Column::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| Error::UnknownColumn {
                name: wanted.to_string(),
                valid: valid_columns(),
            })
    }
}

fn valid_columns() -> String {
    Column::ALL
        .iter()
        .map(|c| c.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parses a comma-separated column list (the `--columns` value), e.g. `key,title,year`.
///
/// # Errors
///
/// - [`Error::UnknownColumn`]: a name that is not a column (the message lists the valid ones).
/// - [`Error::DuplicateColumn`]: a column named twice.
/// - [`Error::NoColumns`]: an empty list or an empty name (`key,,title`).
pub fn parse_columns(list: &str) -> Result<Vec<Column>, Error> {
    let mut out = Vec::new();
    for name in list.split(',') {
        if name.trim().is_empty() {
            return Err(Error::NoColumns);
        }
        let column: Column = name.parse()?;
        if out.contains(&column) {
            return Err(Error::DuplicateColumn(column.name()));
        }
        out.push(column);
    }
    Ok(out)
}

/// What can go wrong while writing a spreadsheet.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A column name that is not one of [`Column::ALL`].
    #[error("unknown column `{name}`; valid columns: {valid}")]
    UnknownColumn {
        /// The name as given.
        name: String,
        /// The valid names, comma-separated.
        valid: String,
    },
    /// A column listed twice.
    #[error("column `{0}` is listed twice")]
    DuplicateColumn(&'static str),
    /// No columns to write (an empty `columns` list, or an empty name in `--columns`).
    #[error("no columns to write: list at least one column, e.g. `key,title`")]
    NoColumns,
    /// A CSV delimiter other than `,`, `;` or tab.
    #[error("unsupported csv delimiter {0:?}: use `,`, `;` or a tab")]
    BadDelimiter(char),
    /// An XLSX creation time that is not `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SSZ`.
    #[error("bad creation time `{0}`: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")]
    BadCreated(String),
    /// Writing the output failed.
    #[error("cannot write the spreadsheet")]
    Io(#[from] std::io::Error),
    /// The XLSX writer failed (for example more rows than a worksheet holds).
    #[error("cannot write xlsx")]
    Xlsx(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// The columns to write: `columns` without repeats, or [`Error::NoColumns`] when empty.
pub(crate) fn effective_columns(columns: &[Column]) -> Result<Vec<Column>, Error> {
    let mut out: Vec<Column> = Vec::with_capacity(columns.len());
    for c in columns {
        if !out.contains(c) {
            out.push(*c);
        }
    }
    if out.is_empty() {
        return Err(Error::NoColumns);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for c in Column::ALL {
            assert_eq!(c.name().parse::<Column>().unwrap(), c);
            assert_eq!(c.to_string(), c.name());
        }
        let mut names: Vec<_> = Column::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Column::ALL.len());
    }

    #[test]
    fn parse_columns_accepts_spaces_and_case() {
        assert_eq!(
            parse_columns(" Key , title,YEAR").unwrap(),
            vec![Column::Key, Column::Title, Column::Year]
        );
    }

    #[test]
    fn unknown_column_names_it_and_lists_valid_ones() {
        let err = parse_columns("key,titel").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown column `titel`; valid columns: key, status, sections, title, heading, year, \
             venue, authors, institutions, topics, arxiv, doi, url, code, motivation, method, \
             results, other, line"
        );
    }

    #[test]
    fn duplicate_and_empty_columns_are_errors() {
        assert_eq!(
            parse_columns("key,title,key").unwrap_err().to_string(),
            "column `key` is listed twice"
        );
        assert!(matches!(parse_columns(""), Err(Error::NoColumns)));
        assert!(matches!(parse_columns("key,,title"), Err(Error::NoColumns)));
        assert!(matches!(effective_columns(&[]), Err(Error::NoColumns)));
        assert_eq!(
            effective_columns(&[Column::Key, Column::Year, Column::Key]).unwrap(),
            vec![Column::Key, Column::Year]
        );
    }
}
