//! Reading the old file: the reader's columns, rows and identifiers, from XLSX or CSV.

use std::collections::HashSet;

use papercat_core::Catalogue;

use super::{unique, Grid, Previous, ReadError, Row, Slot, Value};
use crate::csv::unneutralise;
use crate::xlsx::{PAPERS_SHEET, REMOVED_SHEET};
use crate::Column;

/// Longest header Excel accepts for a table column.
const MAX_HEADER_CHARS: usize = 255;

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
    #[cfg(test)]
    pub(crate) fn rows(&self) -> usize {
        self.rows.len()
    }

    pub(super) fn id(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}
