//! What every source reader shares: the catalogue's needs, the sink a reader fills (records,
//! diagnostics, counts) and the limits on what one source may report.
//!
//! The readers (`arxiv`, `atom`, `bib`, `csl`) depend on this module and [`crate::source`]
//! depends on them, so that no reader depends on the module that dispatches to it.

use std::collections::HashSet;

use papercat_core::{Catalogue, Code, Diagnostic};
use serde::Serialize;

use crate::norm;
use crate::record::Record;

/// What the catalogue needs from the arXiv snapshot, so that streaming it keeps only those
/// records: arXiv ids (any version), DOIs (lower-cased) and title keys (see
/// [`title_key`]; exact key equality, since a snapshot line is only kept or dropped).
///
/// [`title_key`]: papercat_core::matching::title_key
#[derive(Debug, Clone, Default)]
pub struct Needs {
    everything: bool,
    arxiv: HashSet<String>,
    doi: HashSet<String>,
    titles: HashSet<String>,
}

impl Needs {
    /// The identifiers and title keys of every paper of `cat`.
    pub fn of(cat: &Catalogue) -> Needs {
        let mut n = Needs::default();
        for p in &cat.papers {
            if let Some(a) = &p.work.arxiv {
                n.arxiv.insert(a.clone());
            }
            if let Some(d) = &p.work.doi {
                n.doi.insert(d.to_ascii_lowercase());
            }
            if let Some(t) = crate::matcher::paper_title(p) {
                let k = norm::title_key(t);
                if !k.is_empty() {
                    n.titles.insert(k);
                }
            }
        }
        n
    }

    /// Keep every record (tests, or reading a source to inspect it).
    pub fn everything() -> Needs {
        Needs {
            everything: true,
            ..Needs::default()
        }
    }

    /// True when nothing is needed (an empty catalogue): the snapshot is still read to check
    /// it, but no record is kept.
    pub fn is_empty(&self) -> bool {
        !self.everything && self.arxiv.is_empty() && self.doi.is_empty() && self.titles.is_empty()
    }

    /// Whether a snapshot record with this id (version allowed), DOI and title is needed.
    pub fn wants(&self, id: &str, doi: Option<&str>, title: Option<&str>) -> bool {
        if self.everything {
            return true;
        }
        let bare = crate::record::valid_arxiv(id).unwrap_or_else(|| id.to_string());
        if self.arxiv.contains(&bare) {
            return true;
        }
        if let Some(d) = doi.and_then(crate::record::clean_doi) {
            if self.doi.contains(&d.to_ascii_lowercase()) {
                return true;
            }
        }
        if !self.titles.is_empty() {
            if let Some(t) = title {
                return self.titles.contains(&norm::title_key(t));
            }
        }
        false
    }
}

/// Counts from reading a source.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ReadStats {
    /// Entries (bib, CSL) or non-blank lines (snapshot) read.
    pub entries: u64,
    /// Records kept ([`Source::records`](crate::Source::records)`.len()`).
    pub kept: u64,
    /// Entries or lines that could not be read (each has a diagnostic, up to a limit).
    pub bad: u64,
    /// The longest line read from the snapshot, in bytes (the line buffer never grows past
    /// it, nor past [`MAX_LINE`]).
    pub longest_line: u64,
}

/// Snapshot lines longer than this are skipped with a diagnostic (the line buffer is bounded).
pub const MAX_LINE: usize = 8 << 20;

/// At most this many bad-entry diagnostics per source; the rest are counted in one.
pub const MAX_DIAGNOSTICS: usize = 50;

/// What a reader fills: the records it keeps, the problems it finds and its counts. The
/// source that dispatched to the reader turns it into a [`Source`](crate::Source).
pub(crate) struct Sink {
    /// The source name, for diagnostics.
    pub(crate) name: String,
    /// The records kept, in source order.
    pub(crate) records: Vec<Record>,
    /// Problems found, capped at [`MAX_DIAGNOSTICS`].
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub(crate) stats: ReadStats,
}

impl Sink {
    pub(crate) fn new(name: &str) -> Sink {
        Sink {
            name: name.to_string(),
            records: Vec::new(),
            diagnostics: Vec::new(),
            stats: ReadStats::default(),
        }
    }

    /// Bytes to text: a BOM dropped, invalid UTF-8 replaced with a warning.
    pub(crate) fn decode(&mut self, bytes: &[u8]) -> String {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let off = e.valid_up_to();
                let line = line_of(bytes, off);
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidUtf8,
                        &self.name,
                        line,
                        1,
                        format!("invalid UTF-8 at byte offset {off}; bad bytes were replaced with U+FFFD"),
                    )
                    .with_hint("export the file as UTF-8"),
                );
                String::from_utf8_lossy(bytes).into_owned()
            }
        }
    }

    /// Record an unreadable entry at `line:column` (up to [`MAX_DIAGNOSTICS`]).
    pub(crate) fn bad(&mut self, line: u32, column: u32, message: String) {
        self.stats.bad += 1;
        if self.diagnostics.len() < MAX_DIAGNOSTICS {
            self.diagnostics.push(
                Diagnostic::new(Code::EnrichBadRecord, &self.name, line, column, message)
                    .with_hint("the entry is skipped; fix or re-export the source"),
            );
        }
    }
}

/// 1-based line of a byte offset.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> u32 {
    let end = offset.min(bytes.len());
    memchr::memchr_iter(b'\n', &bytes[..end]).count() as u32 + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::Work;

    #[test]
    fn needs_match_any_version_doi_case_and_title_key() {
        let cat = Catalogue {
            papers: vec![papercat_core::Paper {
                work: Work {
                    arxiv: Some("2304.08485".into()),
                    doi: Some("10.1109/CVPR.2016.90".into()),
                    title: Some("Deep Residual Learning for Image Recognition".into()),
                    ..Default::default()
                },
                ..Default::default()
            }],
            ..Default::default()
        };
        let n = Needs::of(&cat);
        assert!(n.wants("2304.08485v3", None, None));
        assert!(n.wants("9999.99999", Some("10.1109/cvpr.2016.90"), None));
        assert!(n.wants(
            "1512.03385",
            None,
            Some("Deep residual learning\n  for image recognition")
        ));
        assert!(!n.wants("2304.08486", Some("10.1/x"), Some("Other")));
        assert!(!Needs::default().wants("2304.08485", None, None));
        assert!(Needs::default().is_empty());
        assert!(Needs::everything().wants("anything", None, None));
    }
}
