//! Carrying the reader's own work over from the spreadsheet being replaced (issue #16).
//!
//! A review spreadsheet is edited after it is written: the `status` column is filled in, columns
//! are added for the reader's thoughts. When the catalogue changes and the file is written again,
//! [`Previous`] reads that work from the old file (the bytes; this crate never opens files) and
//! the writers ([`crate::csv::write_carrying`], [`crate::xlsx::write_carrying`]) put it back on
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

use std::collections::{HashMap, HashSet};
use std::fmt;

use papercat_core::{Catalogue, Paper};

use crate::csv::unneutralise;
use crate::xlsx::{PAPERS_SHEET, REMOVED_SHEET};
use crate::Column;

/// Longest header Excel accepts for a table column.
const MAX_HEADER_CHARS: usize = 255;

/// One carried cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
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
    pub fn text(&self) -> String {
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

impl Previous {
    /// Reads the reader's work from a workbook papercat wrote: the `Papers` sheet and, when
    /// there is one, the `Removed` sheet.
    ///
    /// # Errors
    ///
    /// - [`ReadError::Unreadable`]: not an XLSX workbook (or a damaged one).
    /// - [`ReadError::NotPapercat`]: no `Papers` sheet, or no `key` header on it.
    pub fn from_xlsx(bytes: &[u8]) -> Result<Previous, ReadError> {
        let papers = crate::read::xlsx_sheets(bytes)?;
        let mut prev = Previous::default();
        let mut sheets = papers.into_iter();
        let Some(main) = sheets.next() else {
            return Err(ReadError::NotPapercat(format!(
                "it has no `{PAPERS_SHEET}` sheet"
            )));
        };
        prev.add(main, true).map_err(|()| {
            ReadError::NotPapercat(format!("its `{PAPERS_SHEET}` sheet has no `key` column"))
        })?;
        for removed in sheets {
            // A Removed sheet without keys is the reader's own: leave it to them (it is
            // rewritten only from rows papercat can match).
            prev.add(removed, false).map_err(|()| {
                ReadError::NotPapercat(format!("its `{REMOVED_SHEET}` sheet has no `key` column"))
            })?;
        }
        Ok(prev)
    }

    /// Reads the reader's work from a CSV papercat wrote: a header row with a `key` column.
    /// The delimiter is `delimiter` if its header has a `key`, else whichever of `,` `;` tab
    /// gives one (a spreadsheet program may save with another); a leading byte-order mark is
    /// skipped and a formula guard (`'=...`, see [`crate::csv`]) is undone.
    ///
    /// # Errors
    ///
    /// - [`ReadError::Unreadable`]: not UTF-8 text, or not CSV.
    /// - [`ReadError::NotPapercat`]: no `key` header with any delimiter.
    pub fn from_csv(bytes: &[u8], delimiter: u8) -> Result<Previous, ReadError> {
        let bytes = bytes.strip_prefix(crate::csv::BOM).unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ReadError::Unreadable(format!(
                "not UTF-8 text at byte {} (save it as CSV UTF-8)",
                e.valid_up_to()
            ))
        })?;
        let mut candidates = vec![delimiter];
        for d in [b',', b';', b'\t'] {
            if !candidates.contains(&d) {
                candidates.push(d);
            }
        }
        for d in candidates {
            let mut reader = ::csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(d)
                .from_reader(text.as_bytes());
            let mut records = reader.records();
            let header: Vec<String> = match records.next() {
                Some(Ok(r)) => r.iter().map(|c| unneutralise(c).into_owned()).collect(),
                Some(Err(e)) => return Err(ReadError::Unreadable(e.to_string())),
                None => return Err(ReadError::NotPapercat("it is empty".into())),
            };
            if !header.iter().any(|h| h == Column::Key.name()) {
                continue;
            }
            let mut rows = Vec::new();
            for record in records {
                let record = record.map_err(|e| ReadError::Unreadable(e.to_string()))?;
                rows.push(
                    record
                        .iter()
                        .map(|c| {
                            let c = unneutralise(c);
                            (!c.is_empty()).then(|| Value::Text(c.into_owned()))
                        })
                        .collect(),
                );
            }
            let mut prev = Previous::default();
            let grid = Grid {
                header,
                rows,
                formulas: 0,
            };
            if prev.add(grid, true).is_ok() {
                return Ok(prev);
            }
        }
        Err(ReadError::NotPapercat(
            "its first row has no `key` column".into(),
        ))
    }

    /// Adds one sheet's rows; `Err` when its header has no `key`.
    fn add(&mut self, grid: Grid, main: bool) -> Result<(), ()> {
        let key_at = grid
            .header
            .iter()
            .position(|h| h == Column::Key.name())
            .ok_or(())?;
        self.formulas += grid.formulas;
        // Column ids for this sheet's header: the same name is the same column on both sheets;
        // a name repeated within the sheet is told apart (`notes`, `notes 2`).
        let mut seen: HashSet<String> = HashSet::new();
        let mut ids = Vec::with_capacity(grid.header.len());
        for (c, raw) in grid.header.iter().enumerate() {
            let has_data = grid.rows.iter().any(|r| {
                r.get(c)
                    .is_some_and(|v| v.as_ref().is_some_and(|v| !v.is_empty()))
            });
            let mut name: String = raw.trim().chars().take(MAX_HEADER_CHARS).collect();
            if name.is_empty() {
                if !has_data {
                    ids.push(None);
                    continue;
                }
                name = format!(
                    "column {}",
                    rust_xlsxwriter::utility::column_number_to_name(
                        u16::try_from(c).unwrap_or(u16::MAX)
                    )
                );
            }
            let name = unique(&name, |n| seen.contains(&n.to_lowercase()));
            seen.insert(name.to_lowercase());
            let id = match self.names.iter().position(|n| *n == name) {
                Some(id) => id,
                None => {
                    self.names.push(name);
                    self.names.len() - 1
                }
            };
            if main {
                self.layout.push(id);
            }
            ids.push(Some(id));
        }
        let id_of = |name: &str| {
            grid.header
                .iter()
                .position(|h| h == name)
                .and_then(|c| ids[c])
        };
        let (arxiv_id, doi_id, url_id) = (id_of("arxiv"), id_of("doi"), id_of("url"));
        for cells in grid.rows {
            let mut values: Vec<Option<Value>> = vec![None; self.names.len()];
            for (c, v) in cells.into_iter().enumerate() {
                if let (Some(Some(id)), Some(v)) = (ids.get(c), v) {
                    if !v.is_empty() {
                        values[*id] = Some(v);
                    }
                }
            }
            if values.iter().all(Option::is_none) {
                continue;
            }
            let key = values[ids[key_at].unwrap_or(0)]
                .as_ref()
                .map(|v| v.text().trim().to_string())
                .unwrap_or_default();
            let text = |id: Option<usize>| {
                id.and_then(|id| values[id].as_ref())
                    .map(|v| v.text().trim().to_string())
                    .filter(|s| !s.is_empty())
            };
            let url = text(url_id);
            self.rows.push(Row {
                key,
                // The CSV writes `arXiv:1412.6980` (see `crate::csv`); older files the bare id.
                arxiv: text(arxiv_id).map(|a| crate::csv::strip_arxiv_prefix(&a).to_string()),
                doi: text(doi_id).map(|d| d.to_lowercase()),
                acl: url.as_deref().and_then(papercat_core::ids::acl_from_url),
                values,
            });
        }
        Ok(())
    }

    /// The status the old file gives each paper of `catalogue` (matched as the writers match
    /// them: by key, then by identifier), in the catalogue's order; `None` for no status.
    pub fn statuses_for(&self, catalogue: &Catalogue) -> Vec<Option<String>> {
        let plan = self.plan(catalogue, &[Column::Key, Column::Status]);
        (0..catalogue.papers.len())
            .map(|i| {
                plan.carried(i, Slot::Paper(Column::Status))
                    .map(Value::text)
            })
            .collect()
    }

    /// How many rows the old file holds (both sheets).
    pub fn rows(&self) -> usize {
        self.rows.len()
    }

    fn id(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// Matches the catalogue's papers to the old rows and lays out the columns: `columns` (the
    /// papercat ones asked for) with the carried ones at their old places.
    pub(crate) fn plan<'a>(&'a self, catalogue: &Catalogue, columns: &[Column]) -> Plan<'a> {
        let is_papercat = |name: &str| Column::ALL.iter().any(|c| c.name() == name);
        let status_id = self.id(Column::Status.name());
        // Carried: the reader's columns, and `status` when the new columns leave it out but
        // it holds something.
        let carried = |id: usize| {
            let name = &self.names[id];
            if !is_papercat(name) {
                return true;
            }
            Some(id) == status_id
                && !columns.contains(&Column::Status)
                && self.rows.iter().any(|r| r.get(id).is_some())
        };
        let mut slots: Vec<Slot> = columns.iter().map(|&c| Slot::Paper(c)).collect();
        // Each carried column goes right after the column it followed in the old layout (or
        // first, when nothing before it is still written).
        let mut anchor: Option<usize> = None; // index in `slots`
        let mut extra: Vec<usize> = self.layout.clone();
        for (id, _) in self.names.iter().enumerate() {
            if !extra.contains(&id) {
                extra.push(id); // columns only the Removed sheet has: at the end
            }
        }
        for id in extra {
            let name = &self.names[id];
            let here = if carried(id) {
                let at = anchor.map_or(0, |a| a + 1);
                slots.insert(at, Slot::Carried(id));
                Some(at)
            } else {
                slots
                    .iter()
                    .position(|s| matches!(s, Slot::Paper(c) if c.name() == name))
            };
            if here.is_some() {
                anchor = here;
            }
        }
        // Headers: a carried name that clashes (case-insensitively, as Excel tables compare
        // them) with another gets a number.
        let mut headers: Vec<String> = Vec::with_capacity(slots.len());
        for slot in &slots {
            let name = match slot {
                Slot::Paper(c) => c.name().to_string(),
                Slot::Carried(id) => unique(&self.names[*id], |n| {
                    headers.iter().any(|h| h.eq_ignore_ascii_case(n))
                        || slots.iter().any(
                            |s| matches!(s, Slot::Paper(c) if c.name().eq_ignore_ascii_case(n)),
                        )
                }),
            };
            headers.push(name);
        }

        // Rows: by key, then by identifier among the rows whose key left the catalogue.
        let keys: HashSet<&str> = catalogue.papers.iter().map(|p| p.key.as_str()).collect();
        let mut by_key: HashMap<&str, usize> = HashMap::new();
        for (r, row) in self.rows.iter().enumerate() {
            if !row.key.is_empty() {
                by_key.entry(row.key.as_str()).or_insert(r);
            }
        }
        let mut claimed = vec![false; self.rows.len()];
        let mut by_paper: Vec<Option<usize>> = vec![None; catalogue.papers.len()];
        for (i, p) in catalogue.papers.iter().enumerate() {
            if let Some(&r) = by_key.get(p.key.as_str()) {
                if !claimed[r] {
                    claimed[r] = true;
                    by_paper[i] = Some(r);
                }
            }
        }
        let mut report = CarryReport::default();
        for (i, p) in catalogue.papers.iter().enumerate() {
            if by_paper[i].is_some() {
                continue;
            }
            let found = self.rows.iter().enumerate().find_map(|(r, row)| {
                if claimed[r] || keys.contains(row.key.as_str()) {
                    return None;
                }
                identifier_match(p, row).map(|how| (r, how))
            });
            match found {
                Some((r, how)) => {
                    claimed[r] = true;
                    by_paper[i] = Some(r);
                    report.rekeyed.push(Rekeyed {
                        old: self.rows[r].key.clone(),
                        new: p.key.clone(),
                        by: how,
                    });
                }
                None => report.new_papers += 1,
            }
        }
        let removed: Vec<usize> = (0..self.rows.len()).filter(|&r| !claimed[r]).collect();
        report.removed = removed
            .iter()
            .map(|&r| {
                let key = &self.rows[r].key;
                if key.is_empty() {
                    "(row without a key)".to_string()
                } else {
                    key.clone()
                }
            })
            .collect();
        report.formulas = self.formulas;
        let status_slot = slots.contains(&Slot::Paper(Column::Status));
        if let Some(id) = status_id {
            if status_slot {
                report.statuses = by_paper
                    .iter()
                    .flatten()
                    .filter(|&&r| self.rows[r].get(id).is_some())
                    .count();
            }
        }
        for (slot, header) in slots.iter().zip(&headers) {
            if let Slot::Carried(id) = slot {
                let cells = by_paper
                    .iter()
                    .flatten()
                    .filter(|&&r| self.rows[r].get(*id).is_some())
                    .count();
                report.columns.push((header.clone(), cells));
            }
        }
        Plan {
            slots,
            headers,
            previous: Some(self),
            status_id,
            by_paper,
            removed,
            report,
        }
    }
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

/// Which identifier a paper and an old row share: arXiv id, DOI or ACL Anthology id.
fn identifier_match(p: &Paper, row: &Row) -> Option<&'static str> {
    let same = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
    if same(&p.arxiv, &row.arxiv) {
        Some("arXiv id")
    } else if same(&p.doi, &row.doi) {
        Some("DOI")
    } else if same(&p.acl, &row.acl) {
        Some("ACL Anthology id")
    } else {
        None
    }
}

/// One column of the written sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    /// A papercat column, written from the catalogue (`status`: from the old row).
    Paper(Column),
    /// A carried column (by column id of [`Previous`]).
    Carried(usize),
}

/// The columns to write and, for each paper, the old row it carries.
pub(crate) struct Plan<'a> {
    pub slots: Vec<Slot>,
    pub headers: Vec<String>,
    previous: Option<&'a Previous>,
    status_id: Option<usize>,
    by_paper: Vec<Option<usize>>,
    /// Old rows that match no paper, in their old order.
    removed: Vec<usize>,
    pub report: CarryReport,
}

impl Plan<'_> {
    /// The plan without an old file: the papercat columns, nothing carried.
    pub fn fresh(columns: &[Column]) -> Plan<'static> {
        Plan {
            slots: columns.iter().map(|&c| Slot::Paper(c)).collect(),
            headers: columns.iter().map(|c| c.name().to_string()).collect(),
            previous: None,
            status_id: None,
            by_paper: Vec::new(),
            removed: Vec::new(),
            report: CarryReport::default(),
        }
    }

    /// The carried value of `slot` for paper `i` (`status` or a carried column).
    pub fn carried(&self, i: usize, slot: Slot) -> Option<&Value> {
        let prev = self.previous?;
        let row = &prev.rows[(*self.by_paper.get(i)?)?];
        match slot {
            Slot::Paper(Column::Status) => row.get(self.status_id?),
            Slot::Paper(_) => None,
            Slot::Carried(id) => row.get(id),
        }
    }

    /// Old rows that match no paper.
    pub fn removed_rows(&self) -> usize {
        self.removed.len()
    }

    /// The value of `slot` in removed row `k` (any column: the row is kept whole).
    pub fn removed(&self, k: usize, slot: Slot) -> Option<&Value> {
        let prev = self.previous?;
        let row = &prev.rows[*self.removed.get(k)?];
        match slot {
            Slot::Paper(c) => row.get(prev.id(c.name())?),
            Slot::Carried(id) => row.get(id),
        }
    }

    /// Whether any carried or removed cell is a date (XLSX then needs a date format).
    pub fn has_dates(&self) -> bool {
        self.previous.is_some_and(|p| {
            p.rows
                .iter()
                .flat_map(|r| &r.values)
                .any(|v| matches!(v, Some(Value::Date(_))))
        })
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::Occurrence;

    fn paper(key: &str, arxiv: Option<&str>) -> Paper {
        Paper {
            key: key.into(),
            arxiv: arxiv.map(String::from),
            occurrences: vec![Occurrence {
                file: "a.md".into(),
                line: 1,
                section: vec!["S".into()],
            }],
            ..Default::default()
        }
    }

    fn catalogue(papers: Vec<Paper>) -> Catalogue {
        Catalogue {
            papers,
            ..Default::default()
        }
    }

    fn csv_of(cat: &Catalogue, prev: Option<&Previous>, keep_removed: bool) -> String {
        let opts = crate::csv::Options {
            bom: false,
            columns: crate::parse_columns("key,status,title,arxiv").unwrap(),
            keep_removed,
            ..Default::default()
        };
        let mut buf = Vec::new();
        crate::csv::write_carrying(cat, prev, &mut buf, &opts).unwrap();
        String::from_utf8(buf).unwrap()
    }

    #[test]
    fn user_columns_keep_their_place_and_rows_follow_keys_then_ids() {
        let old = "key,status,mine,title,arxiv,later\r\n\
                   a,read,note a,,1111.1111,x\r\n\
                   b,reading,'=1+1,,2222.2222,\r\n\
                   gone,skip,bye,,,\r\n";
        let prev = Previous::from_csv(old.as_bytes(), b',').unwrap();
        // `b` was retitled (new key, same arXiv id); `c` is new; `gone` left.
        let cat = catalogue(vec![
            paper("c", None),
            paper("b2", Some("2222.2222")),
            paper("a", Some("1111.1111")),
        ]);
        assert_eq!(
            csv_of(&cat, Some(&prev), false),
            "key,status,mine,title,arxiv,later\r\n\
             c,,,,,\r\n\
             b2,reading,'=1+1,,arXiv:2222.2222,\r\n\
             a,read,note a,,arXiv:1111.1111,x\r\n"
        );
        let kept = csv_of(&cat, Some(&prev), true);
        assert!(kept.ends_with("gone,skip,bye,,,\r\n"), "{kept}");
        let plan = prev.plan(
            &cat,
            &crate::parse_columns("key,status,title,arxiv").unwrap(),
        );
        let r = &plan.report;
        assert_eq!(r.statuses, 2);
        assert_eq!(r.columns, vec![("mine".into(), 2), ("later".into(), 1)]);
        assert_eq!(
            r.rekeyed,
            vec![Rekeyed {
                old: "b".into(),
                new: "b2".into(),
                by: "arXiv id"
            }]
        );
        assert_eq!((r.new_papers, r.removed.clone()), (1, vec!["gone".into()]));
        assert_eq!(
            prev.statuses_for(&cat),
            vec![None, Some("reading".into()), Some("read".into())]
        );
    }

    #[test]
    fn arxiv_ids_match_with_or_without_their_csv_prefix() {
        let cat = catalogue(vec![paper("new", Some("1412.6980"))]);
        let fresh = csv_of(
            &catalogue(vec![paper("old", Some("1412.6980"))]),
            None,
            false,
        );
        assert!(fresh.contains(",arXiv:1412.6980\r\n"), "{fresh}");
        for old in [
            fresh.replace("old,,", "old,read,"),
            "key,status,arxiv\r\nold,read,1412.6980\r\n".to_string(),
        ] {
            let prev = Previous::from_csv(old.as_bytes(), b',').unwrap();
            assert_eq!(prev.statuses_for(&cat), vec![Some("read".into())], "{old}");
        }
    }

    #[test]
    fn a_key_still_in_the_catalogue_is_never_taken_by_id() {
        // `a` and `b` share an arXiv id in the old file; both keys remain: each keeps its own.
        let old = "key,status,arxiv\r\na,read,1\r\nb,skip,1\r\n";
        let prev = Previous::from_csv(old.as_bytes(), b',').unwrap();
        let cat = catalogue(vec![paper("b", Some("1")), paper("a", Some("1"))]);
        assert_eq!(
            prev.statuses_for(&cat),
            vec![Some("skip".into()), Some("read".into())]
        );
    }

    #[test]
    fn not_papercat_and_damaged_files_are_errors() {
        assert!(matches!(
            Previous::from_csv(b"name,score\r\n", b','),
            Err(ReadError::NotPapercat(_))
        ));
        assert!(matches!(
            Previous::from_csv(b"\xff\xfe k", b','),
            Err(ReadError::Unreadable(_))
        ));
        assert!(matches!(
            Previous::from_csv(b"", b','),
            Err(ReadError::NotPapercat(_))
        ));
        // A semicolon file (as a spreadsheet program may save it) is still read.
        let prev = Previous::from_csv(b"\xEF\xBB\xBFkey;status\r\na;read\r\n", b',').unwrap();
        assert_eq!(prev.rows(), 1);
        // A workbook without a Papers sheet.
        let mut wb = rust_xlsxwriter::Workbook::new();
        wb.add_worksheet().set_name("Mine").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        assert!(matches!(
            Previous::from_xlsx(&bytes),
            Err(ReadError::NotPapercat(_))
        ));
    }

    #[test]
    fn xlsx_values_keep_their_types_and_the_result_is_a_fixed_point() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Papers").unwrap();
        for (c, h) in ["key", "status", "title", "rating", "done", "when", "Title"]
            .iter()
            .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_string(1, 0, "a").unwrap();
        ws.write_string(1, 1, "read").unwrap();
        ws.write_number(1, 3, 4.5).unwrap();
        ws.write_boolean(1, 4, true).unwrap();
        let date = ExcelDateTime::parse_from_str("2024-03-01").unwrap();
        ws.write_datetime_with_format(1, 5, &date, &Format::new().set_num_format("yyyy-mm-dd"))
            .unwrap();
        ws.write_string(1, 6, "my own Title _x0041_ & <b>").unwrap();
        ws.write_string(2, 0, "gone").unwrap();
        ws.write_number(2, 3, 1.0).unwrap();
        let old = wb.save_to_buffer().unwrap();

        let cat = catalogue(vec![paper("new", None), paper("a", None)]);
        let prev = Previous::from_xlsx(&old).unwrap();
        let write = |prev: &Previous| {
            let mut buf = Vec::new();
            let w = crate::xlsx::write_carrying(&cat, Some(prev), &mut buf, &Default::default())
                .unwrap();
            (buf, w.carried.unwrap())
        };
        let (first, report) = write(&prev);
        assert_eq!(report.removed, vec!["gone".to_string()]);
        // The clashing header got a number.
        assert!(
            report.columns.iter().any(|(h, _)| h == "Title 2"),
            "{report:?}"
        );
        let again = Previous::from_xlsx(&first).unwrap();
        let plan = again.plan(&cat, &Column::ALL);
        let id = |name: &str| again.id(name).unwrap();
        assert_eq!(
            plan.carried(1, Slot::Carried(id("rating"))),
            Some(&Value::Number(4.5))
        );
        assert_eq!(
            plan.carried(1, Slot::Carried(id("done"))),
            Some(&Value::Bool(true))
        );
        assert!(matches!(
            plan.carried(1, Slot::Carried(id("when"))),
            Some(Value::Date(d)) if (*d - 45352.0).abs() < 1e-9
        ));
        assert_eq!(
            plan.carried(1, Slot::Carried(id("Title 2"))),
            Some(&Value::Text("my own Title _x0041_ & <b>".into()))
        );
        assert_eq!(plan.carried(0, Slot::Paper(Column::Status)), None);
        assert_eq!(plan.removed_rows(), 1);
        // Writing over the result changes nothing.
        let (second, _) = write(&again);
        assert!(first == second, "not a fixed point");
    }
}
