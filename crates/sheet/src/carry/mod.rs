//! Carrying the reader's own work over from the spreadsheet being replaced (issue #16).
//!
//! A review spreadsheet is edited after it is written: the `status` column is filled in, columns
//! are added for the reader's thoughts. When the catalogue changes and the file is written again,
//! [`Previous`] reads that work from the old file (the bytes; this crate never opens files) and
//! the writers ([`crate::write_carrying`], for CSV and for XLSX) put it back on
//! the right papers:
//!
//! - **Rows are matched by citation key**, then, for a paper whose key is new (its title
//!   changed), by its arXiv id, DOI or ACL Anthology id against the old rows whose key left the
//!   catalogue. A paper with no old row arrives with an empty status.
//! - **What is carried**: the `status` cell, and every cell of every column the reader added
//!   (any header that is not a papercat column), with its header and its place: a carried column
//!   stays right of the column it followed. Numbers, booleans and dates stay numbers, booleans and
//!   dates in XLSX; a formula is carried as its last computed value (rows move between exports,
//!   so its cell references would point at other papers), or as its text when it has none.
//!   The other columns are papercat's: they are written again from the catalogue (edit the
//!   Markdown to change them).
//! - **Rows that match no paper** (the paper left the catalogue, a row without a key) are never
//!   dropped silently: XLSX moves them, whole, to a `Removed` sheet (and keeps that sheet's rows
//!   on later runs, bringing one back to `Papers` if its paper returns); CSV names them in a
//!   warning, or keeps them as rows with [`crate::csv::Options::keep_removed`].
//!
//! A file is papercat's when its `Papers` sheet (XLSX) or its first row (CSV) has a `key`
//! header. Anything else is [`ReadError::NotPapercat`] or [`ReadError::Unreadable`]: the caller
//! decides (the CLI refuses to replace such a file unless told `--fresh`).

use std::fmt;

mod plan;
mod previous;
#[cfg(test)]
mod tests;

pub(crate) use plan::{Plan, Slot};

/// One carried cell value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date or time, as Excel's serial number (days since 1899-12-30).
    Date(f64),
}

impl Value {
    /// The value as text (what CSV writes).
    pub(crate) fn text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) | Value::Date(n) => format_number(*n),
            Value::Bool(true) => "TRUE".into(),
            Value::Bool(false) => "FALSE".into(),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Value::Text(s) if s.trim().is_empty())
    }
}

/// A number as Excel and the CSV show it: no `.0` on integers.
pub(crate) fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Why an existing file cannot be carried over.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// The file is a readable spreadsheet, but not one papercat wrote (no `key` column).
    #[error("it was not written by papercat ({0})")]
    NotPapercat(String),
    /// The file cannot be read as the format at all (corrupt, truncated, another format).
    #[error("it cannot be read ({0})")]
    Unreadable(String),
}

/// One row of the old file.
#[derive(Debug, Clone)]
struct Row {
    key: String,
    arxiv: Option<String>,
    doi: Option<String>,
    acl: Option<String>,
    /// Values by column id (index into [`Previous::names`]); `None` for an empty cell.
    values: Vec<Option<Value>>,
}

impl Row {
    fn get(&self, id: usize) -> Option<&Value> {
        self.values.get(id).and_then(Option::as_ref)
    }
}

/// The reader's work in a spreadsheet papercat wrote earlier.
#[derive(Debug, Clone, Default)]
pub struct Previous {
    /// Every header seen, `Papers` (or the CSV) first, then new ones of `Removed`.
    names: Vec<String>,
    /// The `Papers` (or CSV) header, as column ids, in order.
    layout: Vec<usize>,
    /// The rows of `Papers` (or the CSV), then those of `Removed`.
    rows: Vec<Row>,
    /// Cells that held a formula (carried as values).
    formulas: usize,
}

/// A raw sheet: a header row and body rows of cells.
pub(crate) struct Grid {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Option<Value>>>,
    pub formulas: usize,
}

/// `name`, or `name 2`, `name 3`... the first that `taken` refuses.
fn unique(name: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(name) {
        return name.to_string();
    }
    (2..)
        .map(|n| format!("{name} {n}"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

/// A paper whose key changed, matched to its old row by an identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rekeyed {
    /// The key in the old file.
    pub old: String,
    /// The key now.
    pub new: String,
    /// `arXiv id`, `DOI` or `ACL Anthology id`.
    pub by: &'static str,
}

/// What was carried over from the old file (for the report on stderr).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CarryReport {
    /// Papers whose status was carried.
    pub statuses: usize,
    /// Carried columns: header and how many cells were carried.
    pub columns: Vec<(String, usize)>,
    /// Papers matched by identifier after their key changed.
    pub rekeyed: Vec<Rekeyed>,
    /// Papers with no old row (empty status).
    pub new_papers: usize,
    /// Keys of the old rows that match no paper.
    pub removed: Vec<String>,
    /// Old cells that held a formula (carried as values).
    pub formulas: usize,
}

impl fmt::Display for CarryReport {
    /// One line: `3 statuses, 1 column (my notes: 2 cells), ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = |n: usize| if n == 1 { "" } else { "s" };
        write!(
            f,
            "{} status{}",
            self.statuses,
            if self.statuses == 1 { "" } else { "es" }
        )?;
        if self.columns.is_empty() {
            write!(f, ", no columns of yours")?;
        } else {
            let list: Vec<String> = self
                .columns
                .iter()
                .map(|(h, n)| format!("`{h}` ({n} cell{})", s(*n)))
                .collect();
            write!(f, ", column{} {}", s(self.columns.len()), list.join(", "))?;
        }
        for r in &self.rekeyed {
            write!(f, "; `{}` is now `{}` (matched by {})", r.old, r.new, r.by)?;
        }
        write!(f, "; {} new paper{}", self.new_papers, s(self.new_papers))?;
        if self.formulas > 0 {
            write!(
                f,
                "; {} formula{} carried as value{}",
                self.formulas,
                s(self.formulas),
                s(self.formulas)
            )?;
        }
        Ok(())
    }
}
