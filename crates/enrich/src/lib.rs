//! papercat-enrich: fill a catalogue's missing metadata, offline, from sources the user
//! already has: a BibTeX/BibLaTeX file (a Zotero or Better BibTeX export), a CSL-JSON file,
//! or the arXiv metadata snapshot (JSON lines, streamed).
//!
//! ```
//! use papercat_enrich::{enrich, Needs, Options, Source, SourceKind};
//!
//! let cat = papercat_core::parse_str(
//!     "## 多模态\n\n- LLaVA：视觉指令微调\n  - 论文地址：https://arxiv.org/abs/2304.08485\n",
//! );
//! let bib = "@misc{liu2023visual,\n  title = {Visual {{Instruction Tuning}}},\n  \
//!            author = {Liu, Haotian and Li, Chunyuan and Wu, Qingyang and Lee, Yong Jae},\n  \
//!            year = {2023}, eprint = {2304.08485}, archiveprefix = {arXiv}\n}\n";
//! let source = Source::from_text("refs.bib", SourceKind::Bib, bib, &Needs::of(&cat));
//! let key = cat.papers[0].key.clone();
//!
//! let (cat, report) = enrich(cat, &[source], &Options::default());
//!
//! let p = &cat.papers[0];
//! assert_eq!(p.work.title.as_deref(), Some("Visual Instruction Tuning"));
//! assert_eq!(p.work.authors.len(), 4);
//! assert_eq!(p.key, key, "keys never change");
//! assert_eq!((p.provenance[0].source.as_str(), p.provenance[0].matched_by.as_str()), ("refs.bib", "arxiv"));
//! assert_eq!(report.sources[0].completed, 1);
//! println!("{report}");
//! ```
//!
//! # The steps
//!
//! 1. [`Needs::of`] the parsed catalogue: the arXiv ids, DOIs and title keys it has.
//! 2. [`Source::open`] each source file (or [`Source::from_reader`]). The kind comes from the
//!    extension or the first bytes ([`SourceKind::detect`]). The arXiv snapshot is streamed line
//!    by line through a bounded buffer and only the records the catalogue needs are kept; bad
//!    entries or lines become `enrich-bad-record` warnings at `source:line`, never errors.
//! 3. [`enrich`] the catalogue: a `Catalogue -> Catalogue` step, run after parsing (and
//!    filtering) and before any format's `write`.
//!
//! # Matching
//!
//! For each source in the order given, each paper is looked up by arXiv id (any version), DOI
//! (case-insensitive), ACL Anthology id (also read from `10.18653/v1/...` DOIs and Anthology
//! URLs), then by title. Titles are compared by their [`title_key`]: case, punctuation,
//! full-width characters, diacritics and TeX braces folded.
//!
//! * An identifier match whose titles clearly differ is refused (the catalogue can list two
//!   different papers with one identifier when a link was copied from another entry):
//!   `enrich-title-mismatch` warning, nothing filled. See [`compare_titles`] for the bar.
//! * A title match needs equal keys, or a similarity of 0.92 for titles of 25 characters or more
//!   ([`titles_match`]); it is refused when the record has another identifier of a kind the paper
//!   has (`enrich-id-conflict`: one of the two links is wrong), and skipped when several records
//!   with different identifiers match equally (`enrich-ambiguous`, a note).
//! * Every filled field records `Provenance { field, source, matched_by }` in `paper.provenance`.
//!
//! # Merge rules
//!
//! The catalogue's values win; a source fills what is missing: `title`, `authors` (given and
//! family), `year` and `month`, `venue` (bib `booktitle`/`journal`, CSL `container-title`, arXiv
//! `journal-ref`), `arxiv_category` (the first of the snapshot's `categories`), `doi`, `arxiv`,
//! `acl`. The first source listed that has a value wins. Besides filling:
//!
//! * an author list ending in "et al." is completed when the source's list starts with the
//!   same family names;
//! * a year the parser only derived from the arXiv id is replaced by a later publication year
//!   (a bib entry's year of an ICLR paper, a `journal-ref`), as the parser itself would have
//!   preferred a written venue year (a note says so);
//! * a different title, year, first author or identifier is an `enrich-conflict` warning at the
//!   paper's `file:line`; a title that is the source's without its subtitle is only a note; a
//!   publication year later than a preprint's year is no conflict.
//!
//! With [`Options::prefer_source`] the source's title, authors, year, month, venue and category
//! replace the catalogue's (each replacement of a different value is an `enrich-conflict`
//! note); a preprint year never replaces a written year, and identifiers are never replaced.
//!
//! # Citation keys stay stable
//!
//! The parser derives [`papercat_core::Paper::key`] from the catalogue's own first author,
//! year and title. Enrichment never changes a key, even when it fills the authors or the year
//! the key would have been built from: a key already cited in a manuscript must keep working
//! when a source is added. A paper whose catalogue entry had no authors keeps a title-based key
//! such as `visual2023instruction`.
//!
//! [`compare_titles`]: papercat_core::matching::compare_titles
//! [`title_key`]: papercat_core::matching::title_key
//! [`titles_match`]: papercat_core::matching::titles_match

mod arxiv;
mod atom;
mod bib;
mod csl;
mod matcher;
mod merge;
mod norm;
mod reading;
mod record;
mod report;
mod source;
pub mod synthetic;

use papercat_core::{Catalogue, Code, Diagnostic, Paper};

pub use matcher::MatchedBy;
pub use reading::{Needs, ReadStats, MAX_DIAGNOSTICS, MAX_LINE};
pub use record::{Record, YearKind};
pub use report::{PaperRef, Report, SourceReport};
pub use source::{Error, Source, SourceKind};

/// Enrichment options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Let the sources' values replace the catalogue's title, authors, year, month, venue and
    /// arXiv category (default `false`: the catalogue wins and differences are warnings).
    pub prefer_source: bool,
}

/// Fill the catalogue's papers from `sources` (tried in order) and say what was done.
///
/// The sources' own diagnostics (unreadable entries) and the enrichment diagnostics
/// (`enrich-conflict`, `enrich-title-mismatch`, `enrich-id-conflict`, `enrich-ambiguous`, at the
/// paper's first listing) are appended to `cat.diagnostics`, the latter grouped by paper. Papers
/// are never added, removed, reordered or re-keyed.
pub fn enrich(mut cat: Catalogue, sources: &[Source], opts: &Options) -> (Catalogue, Report) {
    let mut report = Report {
        papers: cat.papers.len(),
        ..Report::default()
    };
    for s in sources {
        cat.diagnostics.extend(s.diagnostics.iter().cloned());
    }
    // (paper index, source index, diagnostic): sorted by paper for reading.
    let mut found_diags: Vec<(usize, usize, Diagnostic)> = Vec::new();
    for (si, src) in sources.iter().enumerate() {
        let ix = matcher::Index::new(&src.records);
        let mut sr = SourceReport::new(src);
        for (pi, p) in cat.papers.iter_mut().enumerate() {
            let l = ix.lookup(p);
            let mut push = |d: Diagnostic| found_diags.push((pi, si, d));
            let ours = p.display_title().to_string();
            for &(i, by) in &l.mismatches {
                if l.found.is_some_and(|f| f.1 == by) {
                    // The same identifier matched another record of this source fine: the
                    // source has a duplicate, not the catalogue a wrong link.
                    continue;
                }
                sr.refused += 1;
                let r = ix.record(i);
                let id = match by {
                    MatchedBy::Arxiv => p.work.arxiv.clone(),
                    MatchedBy::Doi => p.work.doi.clone(),
                    MatchedBy::Acl => p.work.acl.clone(),
                    MatchedBy::Title => None,
                }
                .unwrap_or_default();
                push(
                    p
                        .diagnostic(
                            Code::EnrichTitleMismatch,
                            format!(
                                "{} gives {} {id} to a different paper, `{}`; `{ours}` was not filled from it",
                                r.place(&src.name),
                                by.as_str(),
                                r.work.title.as_deref().unwrap_or("")
                            ),
                        )
                        .with_hint("the link was probably copied from another entry: check this paper's link"),
                );
            }
            for &(i, kind) in &l.id_conflicts {
                sr.refused += 1;
                let r = ix.record(i);
                let (theirs, mine) = match kind {
                    "arxiv" => (r.work.arxiv.clone(), p.work.arxiv.clone()),
                    "doi" => (r.work.doi.clone(), p.work.doi.clone()),
                    _ => (r.work.acl.clone(), p.work.acl.clone()),
                };
                push(
                    p
                        .diagnostic(
                            Code::EnrichIdConflict,
                            format!(
                                "{} has this title under {kind} {}, but the catalogue gives {}; not filled from it",
                                r.place(&src.name),
                                theirs.unwrap_or_default(),
                                mine.unwrap_or_default()
                            ),
                        )
                        .with_hint("one of the two identifiers is wrong: a link copied from another entry?"),
                );
            }
            if !l.ambiguous.is_empty() {
                let lines: Vec<String> = l
                    .ambiguous
                    .iter()
                    .map(|&i| ix.record(i).line.to_string())
                    .collect();
                push(
                    p
                        .diagnostic(
                            Code::EnrichAmbiguous,
                            format!(
                                "{} entries of {} have this title with different identifiers (lines {}); none was used",
                                l.ambiguous.len(),
                                src.name,
                                lines.join(", ")
                            ),
                        )
                        .with_hint("give the paper's arXiv id or DOI in the catalogue"),
                );
            }
            let Some((i, by, _)) = l.found else { continue };
            sr.matched += 1;
            *sr.matched_by.entry(by.as_str().to_string()).or_default() += 1;
            let r = ix.record(i);
            let mut m = merge::Merge::new(
                r.origin.as_deref().unwrap_or(&src.name),
                by,
                opts.prefer_source,
            );
            m.apply(p, r);
            if !m.changed.is_empty() {
                sr.completed += 1;
            }
            for f in &m.changed {
                *sr.filled.entry((*f).to_string()).or_default() += 1;
            }
            sr.conflicts += m.conflicts;
            found_diags.extend(m.diagnostics.into_iter().map(|d| (pi, si, d)));
        }
        report.sources.push(sr);
    }
    found_diags.sort_by_key(|(pi, si, _)| (*pi, *si));
    cat.diagnostics
        .extend(found_diags.into_iter().map(|(_, _, d)| d));
    let lacking = |missing: fn(&Paper) -> bool| -> Vec<PaperRef> {
        cat.papers
            .iter()
            .filter(|p| missing(p))
            .map(PaperRef::of)
            .collect()
    };
    report.without_authors = lacking(|p| p.work.authors.is_empty());
    report.without_year = lacking(|p| p.work.year.is_none());
    (cat, report)
}
