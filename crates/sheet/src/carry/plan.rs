//! Matching the catalogue's papers to the old rows and laying out the columns to write.

use std::collections::{HashMap, HashSet};

use papercat_core::{Catalogue, Paper};

use super::{unique, CarryReport, Previous, Rekeyed, Row, Value};
use crate::{effective_columns, Column, Error};

impl Previous {
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

/// Which identifier a paper and an old row share: arXiv id, DOI or ACL Anthology id.
fn identifier_match(p: &Paper, row: &Row) -> Option<&'static str> {
    let same = |a: &Option<String>, b: &Option<String>| matches!((a, b), (Some(a), Some(b)) if a.eq_ignore_ascii_case(b));
    if same(&p.work.arxiv, &row.arxiv) {
        Some("arXiv id")
    } else if same(&p.work.doi, &row.doi) {
        Some("DOI")
    } else if same(&p.work.acl, &row.acl) {
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

impl<'a> Plan<'a> {
    /// The plan of a writer asked for `columns`: carrying over from `previous` when given,
    /// else [`Plan::fresh`].
    ///
    /// # Errors
    ///
    /// [`Error::NoColumns`] when `columns` is empty.
    pub(crate) fn new(
        catalogue: &Catalogue,
        previous: Option<&'a Previous>,
        columns: &[Column],
    ) -> Result<Plan<'a>, Error> {
        match previous {
            Some(p) => Ok(p.plan(catalogue, &effective_columns(columns)?)),
            None => Plan::fresh(columns),
        }
    }

    /// The plan of a writer asked for `columns` without an old file: those columns, nothing
    /// carried.
    ///
    /// # Errors
    ///
    /// [`Error::NoColumns`] when `columns` is empty.
    pub(crate) fn fresh(columns: &[Column]) -> Result<Plan<'static>, Error> {
        let columns = effective_columns(columns)?;
        Ok(Plan {
            slots: columns.iter().map(|&c| Slot::Paper(c)).collect(),
            headers: columns.iter().map(|c| c.name().to_string()).collect(),
            previous: None,
            status_id: None,
            by_paper: Vec::new(),
            removed: Vec::new(),
            report: CarryReport::default(),
        })
    }

    /// The carried value of `slot` for paper `i` (`status` or a carried column).
    pub(crate) fn carried(&self, i: usize, slot: Slot) -> Option<&Value> {
        let prev = self.previous?;
        let row = &prev.rows[(*self.by_paper.get(i)?)?];
        match slot {
            Slot::Paper(Column::Status) => row.get(self.status_id?),
            Slot::Paper(_) => None,
            Slot::Carried(id) => row.get(id),
        }
    }

    /// Old rows that match no paper.
    pub(crate) fn removed_rows(&self) -> usize {
        self.removed.len()
    }

    /// The value of `slot` in removed row `k` (any column: the row is kept whole).
    pub(crate) fn removed(&self, k: usize, slot: Slot) -> Option<&Value> {
        let prev = self.previous?;
        let row = &prev.rows[*self.removed.get(k)?];
        match slot {
            Slot::Paper(c) => row.get(prev.id(c.name())?),
            Slot::Carried(id) => row.get(id),
        }
    }

    /// Whether any carried or removed cell is a date (XLSX then needs a date format).
    pub(crate) fn has_dates(&self) -> bool {
        self.previous.is_some_and(|p| {
            p.rows
                .iter()
                .flat_map(|r| &r.values)
                .any(|v| matches!(v, Some(Value::Date(_))))
        })
    }
}
