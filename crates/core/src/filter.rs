//! `Catalogue -> Catalogue` steps: filters and statistics.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Catalogue, Paper};

/// What a paper must have to pass [`Filter::has`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Has {
    /// At least one code repository.
    Code,
    /// An arXiv id.
    Arxiv,
    /// A DOI.
    Doi,
}

/// A filter over papers; every set condition must hold.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Keep papers with a section path containing this text (case-insensitive) in any heading.
    pub section: Option<String>,
    /// Keep papers whose year is in this inclusive range (papers without a year are dropped).
    pub years: Option<(i32, i32)>,
    /// Keep papers that have all of these.
    pub has: Vec<Has>,
}

impl Filter {
    /// True when no condition is set.
    pub fn is_empty(&self) -> bool {
        self.section.is_none() && self.years.is_none() && self.has.is_empty()
    }

    /// Whether a paper passes.
    pub fn matches(&self, p: &Paper) -> bool {
        if let Some(s) = &self.section {
            let s = s.to_lowercase();
            let hit = p.occurrences.iter().any(|o| {
                o.section.iter().any(|h| h.to_lowercase().contains(&s))
                    || o.section.join(" > ").to_lowercase().contains(&s)
            });
            if !hit {
                return false;
            }
        }
        if let Some((lo, hi)) = self.years {
            match p.work.year {
                Some(y) if y >= lo && y <= hi => {}
                _ => return false,
            }
        }
        self.has.iter().all(|h| match h {
            Has::Code => !p.code.is_empty(),
            Has::Arxiv => p.work.arxiv.is_some(),
            Has::Doi => p.work.doi.is_some(),
        })
    }

    /// The catalogue with only the matching papers (sections and diagnostics kept).
    pub fn apply(&self, mut cat: Catalogue) -> Catalogue {
        if !self.is_empty() {
            cat.papers.retain(|p| self.matches(p));
        }
        cat
    }
}

/// Parse a year range: `2023`, `2023..2024`, `2023..`, `..2024`.
pub fn parse_years(s: &str) -> Result<(i32, i32), String> {
    let bad = || format!("invalid year range `{s}`: use 2023, 2023..2024, 2023.. or ..2024");
    let num = |t: &str, d: i32| -> Result<i32, String> {
        if t.is_empty() {
            Ok(d)
        } else {
            t.trim().parse().map_err(|_| bad())
        }
    };
    match s.split_once("..") {
        Some((a, b)) => {
            let r = (num(a, i32::MIN)?, num(b.trim_start_matches('='), i32::MAX)?);
            if r.0 > r.1 {
                return Err(bad());
            }
            Ok(r)
        }
        None => {
            let y = num(s, 0)?;
            Ok((y, y))
        }
    }
}

/// Counts for `papercat stats`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    /// Number of papers.
    pub papers: usize,
    /// Number of listings (a merged duplicate counts twice).
    pub listings: usize,
    /// Papers per section path (`A > B`).
    pub per_section: BTreeMap<String, usize>,
    /// Papers per year (`unknown` for none).
    pub per_year: BTreeMap<String, usize>,
    /// Papers per normalised venue name (`unknown` for none).
    pub per_venue: BTreeMap<String, usize>,
    /// Papers with an arXiv id.
    pub with_arxiv: usize,
    /// Papers with a DOI.
    pub with_doi: usize,
    /// Papers with an ACL Anthology id.
    pub with_acl: usize,
    /// Papers with no identifier at all.
    pub without_identifier: usize,
    /// Papers with a code repository.
    pub with_code: usize,
    /// Papers with authors.
    pub with_authors: usize,
}

/// Compute statistics.
pub fn stats(cat: &Catalogue) -> Stats {
    let mut s = Stats {
        papers: cat.papers.len(),
        ..Default::default()
    };
    for p in &cat.papers {
        s.listings += p.occurrences.len();
        for sec in p.sections() {
            *s.per_section
                .entry(if sec.is_empty() {
                    "(none)".into()
                } else {
                    sec.join(" > ")
                })
                .or_default() += 1;
        }
        *s.per_year
            .entry(p.work.year.map_or("unknown".into(), |y| y.to_string()))
            .or_default() += 1;
        let venue = p
            .work
            .venue
            .as_ref()
            .and_then(|v| v.name.clone())
            .unwrap_or_else(|| "unknown".into());
        *s.per_venue.entry(venue).or_default() += 1;
        s.with_arxiv += usize::from(p.work.arxiv.is_some());
        s.with_doi += usize::from(p.work.doi.is_some());
        s.with_acl += usize::from(p.work.acl.is_some());
        s.without_identifier +=
            usize::from(p.work.arxiv.is_none() && p.work.doi.is_none() && p.work.acl.is_none());
        s.with_code += usize::from(!p.code.is_empty());
        s.with_authors += usize::from(!p.work.authors.is_empty());
    }
    s
}
