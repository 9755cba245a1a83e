//! The review spreadsheet as CSV (RFC 4180).
//!
//! Records end with CRLF; newlines inside notes are kept inside the quoted field. A field is
//! quoted when it holds a double quote, CR, LF or any of `,`, `;` and tab, whichever delimiter
//! the file uses (`needs_quotes`): LibreOffice opens a CSV splitting on all three by default,
//! and an unquoted `; ` between authors would shift the row's later cells. By default
//! the file starts with a UTF-8 byte order mark so that Excel opens Chinese text as UTF-8 rather
//! than in the system code page.
//!
//! # Formula injection
//!
//! A spreadsheet program opening a CSV evaluates any cell that starts with `=`, `+`, `-` or `@`
//! (and some also after a tab or CR) as a formula: a catalogue note reading
//! `=HYPERLINK("http://evil", "click")` would become a live link. Following OWASP's advice, every
//! cell that starts with `=`, `+`, `-`, `@`, tab or CR, or with the full-width `＝＋－＠` (which
//! some CJK input methods produce and some programs normalise), gets a leading `'`, which those
//! programs treat as "this is text".
//!
//! The trade-off: the `'` is a real character of the file, and spreadsheet programs show it. A
//! script that reads the CSV sees `'-1` for a cell that was `-1`. (A note that opens with a
//! Markdown list is not affected: its cell starts with `• `, see [`crate::plain_text`].) The rule is exact (the neutralised cell is always `'` followed by the original text), so
//! a reader can undo it, but it must know to. Set [`Options::raw_cells`] to write every cell
//! exactly as the catalogue has it, for machine consumers that never open the file in a
//! spreadsheet program.
//!
//! # Identifiers stay text
//!
//! A new-style arXiv id such as `1412.6980` reads as a number in a spreadsheet program, which
//! shows `1412.698`; quoting the cell does not stop it (LibreOffice and Excel convert quoted
//! numbers too). The `arxiv` column is therefore written as `arXiv:1412.6980`, the form arXiv
//! itself asks citations to use, which every program keeps as text ([`ARXIV_PREFIX`],
//! `strip_arxiv_prefix` undoes it). The well-known alternative, `="1412.6980"`, is a formula:
//! LibreOffice's CSV import does not evaluate formulas by default and shows it as written,
//! scripts see it as written too, and it would break the rule above that no cell of this file
//! starts with `=`. [`Options::raw_cells`] writes the bare id.

use std::io::Write;

use papercat_core::{Catalogue, Diagnostic};

use crate::carry::{Plan, Slot};
use crate::cells::{write_text, Context};
use crate::{Column, Error};

/// The UTF-8 byte order mark written first when [`Options::bom`] is set.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to write the CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The columns, in order. Default: [`Column::ALL`]. A repeated column is written once.
    pub columns: Vec<Column>,
    /// Start the file with a UTF-8 byte order mark (Excel then reads it as UTF-8). Default: `true`.
    pub bom: bool,
    /// The field delimiter: `b','` (default), `b';'` (for locales where `,` is the decimal
    /// separator) or `b'\t'`.
    pub delimiter: u8,
    /// Write cells exactly as they are, without neutralising formula-like starts and without
    /// the `arXiv:` before arXiv ids (see the module docs). Default: `false`.
    pub raw_cells: bool,
    /// When carrying over from an earlier file ([`crate::write_carrying`]), keep the rows of
    /// papers that left the catalogue, after the others, instead of dropping them (with a
    /// warning). Default: `false`.
    pub keep_removed: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            columns: Column::ALL.to_vec(),
            bom: true,
            delimiter: b',',
            raw_cells: false,
            keep_removed: false,
        }
    }
}

/// Written before an arXiv id in the `arxiv` column unless [`Options::raw_cells`] is set (see
/// the module docs).
pub const ARXIV_PREFIX: &str = "arXiv:";

/// `cell` without a leading [`ARXIV_PREFIX`] (in any letter case), as the catalogue has the id.
pub(crate) fn strip_arxiv_prefix(cell: &str) -> &str {
    match cell.get(..ARXIV_PREFIX.len()) {
        Some(head) if head.eq_ignore_ascii_case(ARXIV_PREFIX) => &cell[ARXIV_PREFIX.len()..],
        _ => cell,
    }
}

/// True when a spreadsheet program could take `cell` for a formula.
pub(crate) fn is_dangerous(cell: &str) -> bool {
    matches!(
        cell.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    )
}

/// `cell` made safe to open in a spreadsheet program: `'` + `cell` when `is_dangerous`,
/// else `cell` unchanged.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if is_dangerous(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// `cell` with the formula guard undone: `'` followed by text that `is_dangerous` loses the
/// `'` (the exact inverse of [`neutralise`]); anything else is unchanged.
pub(crate) fn unneutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.strip_prefix('\'') {
        Some(rest) if is_dangerous(rest) => std::borrow::Cow::Borrowed(rest),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// Writes the catalogue as CSV: a header row of column names, then one row per paper.
///
/// Returns no warnings today (CSV holds any text, so nothing is cut); the `Vec` keeps the
/// signature shared with the other writers. [`crate::write_carrying`] writes the same file,
/// carrying the reader's work over from the file it replaces.
///
/// # Errors
///
/// - [`Error::NoColumns`]: `opts.columns` is empty.
/// - [`Error::BadDelimiter`]: a delimiter other than `,`, `;` or tab.
/// - [`Error::Io`]: writing to `out` failed.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    write_plan(catalogue, &Plan::fresh(&opts.columns)?, out, opts)
}

/// Writes the CSV laid out by `plan` (see [`crate::write_carrying`]); with
/// [`Options::keep_removed`], the rows of papers that left the catalogue come last.
pub(crate) fn write_plan<W: Write>(
    catalogue: &Catalogue,
    plan: &Plan,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    if !matches!(opts.delimiter, b',' | b';' | b'\t') {
        return Err(Error::BadDelimiter(char::from(opts.delimiter)));
    }
    if opts.bom {
        out.write_all(BOM)?;
    }
    let mut w = Records {
        out,
        buf: Vec::with_capacity(CHUNK + (1 << 12)),
        delimiter: opts.delimiter,
        single: plan.slots.len() == 1,
        first: true,
    };
    let guard = |text: &mut String| {
        if !opts.raw_cells && is_dangerous(text) {
            text.insert(0, '\'');
        }
    };
    let mut text = String::new();
    for header in &plan.headers {
        text.clone_from(header);
        guard(&mut text);
        w.field(&text);
    }
    w.end()?;
    let ctx = Context::new(catalogue);
    // One scratch buffer, reused for every cell: no allocation per cell.
    for (i, paper) in catalogue.papers.iter().enumerate() {
        for &slot in &plan.slots {
            match (slot, plan.carried(i, slot)) {
                (_, Some(v)) => text = v.text(),
                (Slot::Paper(column), None) => {
                    write_text(paper, column, ctx, &mut text);
                    if column == Column::Arxiv && !opts.raw_cells && !text.is_empty() {
                        text.insert_str(0, ARXIV_PREFIX);
                    }
                }
                (Slot::Carried(_), None) => text.clear(),
            }
            guard(&mut text);
            w.field(&text);
        }
        w.end()?;
    }
    if opts.keep_removed {
        for k in 0..plan.removed_rows() {
            for &slot in &plan.slots {
                text = plan.removed(k, slot).map(|v| v.text()).unwrap_or_default();
                guard(&mut text);
                w.field(&text);
            }
            w.end()?;
        }
    }
    w.out.write_all(&w.buf)?;
    w.out.flush()?;
    Ok(Vec::new())
}

/// Write the buffered records out once they hold this many bytes.
const CHUNK: usize = 1 << 16;

/// True when a cell is written between double quotes: it holds a `,`, `;` or tab (any of the
/// three delimiters, whichever this file uses: LibreOffice splits on all three by default), a
/// double quote, or a line break.
pub(crate) fn needs_quotes(cell: &str) -> bool {
    cell.bytes()
        .any(|b| matches!(b, b',' | b';' | b'\t' | b'"' | b'\r' | b'\n'))
}

/// The CSV records, buffered: cells quoted by `needs_quotes`, records ended by CRLF.
struct Records<W> {
    out: W,
    buf: Vec<u8>,
    delimiter: u8,
    /// One column only: an empty cell is written as `""`, else its record would be an empty
    /// line, which readers skip.
    single: bool,
    /// The next field starts a record.
    first: bool,
}

impl<W: Write> Records<W> {
    fn field(&mut self, cell: &str) {
        if !self.first {
            self.buf.push(self.delimiter);
        }
        self.first = false;
        let quoted = needs_quotes(cell) || (self.single && cell.is_empty());
        if !quoted {
            self.buf.extend_from_slice(cell.as_bytes());
            return;
        }
        self.buf.push(b'"');
        let mut rest = cell;
        while let Some(at) = rest.find('"') {
            self.buf.extend_from_slice(&rest.as_bytes()[..=at]);
            self.buf.push(b'"');
            rest = &rest[at + 1..];
        }
        self.buf.extend_from_slice(rest.as_bytes());
        self.buf.push(b'"');
    }

    fn end(&mut self) -> std::io::Result<()> {
        self.buf.extend_from_slice(b"\r\n");
        self.first = true;
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::{Occurrence, Paper, Work};

    fn out(catalogue: &Catalogue, opts: &Options) -> String {
        let mut buf = Vec::new();
        let warnings = write(catalogue, &mut buf, opts).unwrap();
        assert!(warnings.is_empty());
        String::from_utf8(buf).unwrap()
    }

    fn one(paper: Paper) -> Catalogue {
        Catalogue {
            papers: vec![paper],
            ..Default::default()
        }
    }

    fn cols(list: &str) -> Options {
        Options {
            columns: crate::parse_columns(list).unwrap(),
            bom: false,
            ..Options::default()
        }
    }

    #[test]
    fn bom_header_and_crlf() {
        let s = out(&Catalogue::default(), &Options::default());
        assert_eq!(
            s,
            "\u{feff}key,status,sections,title,heading,year,venue,authors,institutions,topics,\
             arxiv,doi,url,code,motivation,method,results,other,line\r\n"
        );
    }

    #[test]
    fn quotes_only_where_needed_and_keeps_newlines() {
        let p = Paper {
            key: "k".into(),
            heading: "a, \"b\"\nc".into(),
            occurrences: vec![Occurrence {
                file: "a.md".into(),
                line: 3,
                section: vec!["A".into(), "B".into()],
            }],
            work: Work {
                title: Some("plain 中文".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(
            out(&one(p), &cols("key,heading,title,sections,line")),
            "key,heading,title,sections,line\r\nk,\"a, \"\"b\"\"\nc\",plain 中文,A > B,3\r\n"
        );
    }

    #[test]
    fn every_delimiter_is_quoted_whatever_the_file_uses() {
        let p = Paper {
            key: "k".into(),
            heading: "a; b".into(),
            topics: vec!["t\tu".into()],
            work: Work {
                title: Some("c, d".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        for (delimiter, sep) in [(b',', ","), (b';', ";"), (b'\t', "\t")] {
            let opts = Options {
                delimiter,
                ..cols("key,heading,title,topics")
            };
            assert_eq!(
                out(&one(p.clone()), &opts),
                format!(
                    "key{sep}heading{sep}title{sep}topics\r\nk{sep}\"a; b\"{sep}\"c, d\"{sep}\"t\tu\"\r\n"
                )
            );
        }
    }

    #[test]
    fn a_lone_empty_cell_is_quoted() {
        let two = Catalogue {
            papers: vec![Paper::default(), Paper::default()],
            ..Default::default()
        };
        assert_eq!(out(&two, &cols("status")), "status\r\n\"\"\r\n\"\"\r\n");
        assert_eq!(out(&two, &cols("key,status")), "key,status\r\n,\r\n,\r\n");
    }

    #[test]
    fn delimiters() {
        let p = Paper {
            key: "k".into(),
            heading: "a;b\tc,d".into(),
            ..Default::default()
        };
        let semi = Options {
            delimiter: b';',
            ..cols("key,heading")
        };
        assert_eq!(
            out(&one(p.clone()), &semi),
            "key;heading\r\nk;\"a;b\tc,d\"\r\n"
        );
        let tab = Options {
            delimiter: b'\t',
            ..cols("key,heading")
        };
        assert_eq!(out(&one(p), &tab), "key\theading\r\nk\t\"a;b\tc,d\"\r\n");
        let bad = Options {
            delimiter: b'"',
            ..cols("key")
        };
        let err = write(&Catalogue::default(), Vec::new(), &bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            "unsupported csv delimiter '\"': use `,`, `;` or a tab"
        );
    }

    #[test]
    fn formula_starts_are_neutralised_unless_raw() {
        let p = Paper {
            key: "k".into(),
            heading: "=HYPERLINK(\"http://evil\")".into(),
            work: Work {
                title: Some("＝全角".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(
            out(&one(p.clone()), &cols("heading,title")),
            "heading,title\r\n\"'=HYPERLINK(\"\"http://evil\"\")\",'＝全角\r\n"
        );
        let raw = Options {
            raw_cells: true,
            ..cols("heading,title")
        };
        assert_eq!(
            out(&one(p), &raw),
            "heading,title\r\n\"=HYPERLINK(\"\"http://evil\"\")\",＝全角\r\n"
        );
    }

    #[test]
    fn arxiv_ids_get_their_prefix_unless_raw() {
        let p = Paper {
            key: "k".into(),
            work: Work {
                arxiv: Some("1412.6980".into()),
                ..Default::default()
            },
            ..Default::default()
        };
        let none = Paper {
            key: "n".into(),
            ..Default::default()
        };
        let cat = Catalogue {
            papers: vec![p, none],
            ..Default::default()
        };
        assert_eq!(
            out(&cat, &cols("key,arxiv")),
            "key,arxiv\r\nk,arXiv:1412.6980\r\nn,\r\n"
        );
        let raw = Options {
            raw_cells: true,
            ..cols("key,arxiv")
        };
        assert_eq!(out(&cat, &raw), "key,arxiv\r\nk,1412.6980\r\nn,\r\n");
        for (cell, id) in [
            ("arXiv:1412.6980", "1412.6980"),
            ("ARXIV:hep-th/9901001", "hep-th/9901001"),
            ("1412.6980", "1412.6980"),
            ("arX", "arX"),
            ("", ""),
        ] {
            assert_eq!(strip_arxiv_prefix(cell), id);
        }
    }

    #[test]
    fn dangerous_starts() {
        for s in [
            "=1", "+1", "-1", "@a", "\tx", "\rx", "＝", "＋1", "－1", "＠a",
        ] {
            assert!(is_dangerous(s), "{s:?}");
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        for s in ["", "a=1", " =1", "'=1", "#1", "1-2", "中文"] {
            assert!(!is_dangerous(s), "{s:?}");
            assert_eq!(neutralise(s), s);
        }
    }

    #[test]
    fn empty_columns_is_an_error() {
        let opts = Options {
            columns: vec![],
            ..Options::default()
        };
        assert!(matches!(
            write(&Catalogue::default(), Vec::new(), &opts),
            Err(Error::NoColumns)
        ));
    }
}
