//! What an enrichment run did, for people (`Display`) and programs (`Serialize`).

use std::collections::BTreeMap;
use std::fmt;

use papercat_core::Paper;
use serde::Serialize;

use crate::reading::ReadStats;
use crate::source::{Source, SourceKind};

/// The summary of one [`crate::enrich`] run.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Papers in the catalogue.
    pub papers: usize,
    /// One entry per source, in the order given.
    pub sources: Vec<SourceReport>,
    /// Papers that still have no author after enrichment.
    pub without_authors: Vec<PaperRef>,
    /// Papers that still have no year after enrichment.
    pub without_year: Vec<PaperRef>,
}

/// What one source did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceReport {
    /// The source name.
    pub name: String,
    /// Its kind.
    pub kind: SourceKind,
    /// Reading counts (entries, kept, bad).
    pub read: ReadStats,
    /// Papers matched to one of its records.
    pub matched: usize,
    /// Papers it filled at least one field of.
    pub completed: usize,
    /// Matches per method (`arxiv`, `doi`, `acl`, `title`).
    pub matched_by: BTreeMap<String, usize>,
    /// Papers per filled field (`authors`, `year`, `title`, `venue`...).
    pub filled: BTreeMap<String, usize>,
    /// `enrich-conflict` warnings (values kept because they differ).
    pub conflicts: usize,
    /// Identifier matches refused because the titles differ (`enrich-title-mismatch`) plus
    /// title matches refused because the identifiers differ (`enrich-id-conflict`).
    pub refused: usize,
}

impl SourceReport {
    pub(crate) fn new(s: &Source) -> Self {
        SourceReport {
            name: s.name.clone(),
            kind: s.kind,
            read: s.stats,
            matched: 0,
            completed: 0,
            matched_by: BTreeMap::new(),
            filled: BTreeMap::new(),
            conflicts: 0,
            refused: 0,
        }
    }
}

/// A paper named in a report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PaperRef {
    /// Citation key.
    pub key: String,
    /// Display title.
    pub title: String,
    /// File of the first listing.
    pub file: String,
    /// Line of the first listing.
    pub line: u32,
}

impl PaperRef {
    pub(crate) fn of(p: &Paper) -> Self {
        PaperRef {
            key: p.key.clone(),
            title: p.display_title().to_string(),
            file: p
                .occurrences
                .first()
                .map(|o| o.file.clone())
                .unwrap_or_default(),
            line: p.line(),
        }
    }
}

/// Papers listed per list by `Display` (the serialised report lists all).
const SHOWN: usize = 30;

fn counts(m: &BTreeMap<String, usize>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl fmt::Display for Report {
    /// ```text
    /// enrichment of 37 papers from 2 sources
    ///   refs.bib (bib): 5 entries, 5 kept; matched 4 papers (arxiv 3, title 1); completed 3 (authors 2, venue 3); 1 conflict, 1 refused
    /// still without authors (2):
    ///   scaling2020laws  notes.md:330  Scaling Laws for Neural Language Models
    /// still without a year (0)
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "enrichment of {} paper{} from {} source{}",
            self.papers,
            if self.papers == 1 { "" } else { "s" },
            self.sources.len(),
            if self.sources.len() == 1 { "" } else { "s" }
        )?;
        for s in &self.sources {
            write!(
                f,
                "  {} ({}): {} entries, {} kept",
                s.name, s.kind, s.read.entries, s.read.kept
            )?;
            if s.read.bad > 0 {
                write!(f, ", {} unreadable", s.read.bad)?;
            }
            write!(
                f,
                "; matched {} paper{}",
                s.matched,
                if s.matched == 1 { "" } else { "s" }
            )?;
            if !s.matched_by.is_empty() {
                write!(f, " ({})", counts(&s.matched_by))?;
            }
            write!(f, "; completed {}", s.completed)?;
            if !s.filled.is_empty() {
                write!(f, " ({})", counts(&s.filled))?;
            }
            if s.conflicts > 0 {
                write!(
                    f,
                    "; {} conflict{}",
                    s.conflicts,
                    if s.conflicts == 1 { "" } else { "s" }
                )?;
            }
            if s.refused > 0 {
                write!(f, "; {} refused", s.refused)?;
            }
            writeln!(f)?;
        }
        for (what, list) in [
            ("authors", &self.without_authors),
            ("a year", &self.without_year),
        ] {
            writeln!(f, "still without {what} ({})", list.len())?;
            for p in list.iter().take(SHOWN) {
                writeln!(f, "  {}  {}:{}  {}", p.key, p.file, p.line, p.title)?;
            }
            if list.len() > SHOWN {
                writeln!(f, "  ... and {} more", list.len() - SHOWN)?;
            }
        }
        Ok(())
    }
}
