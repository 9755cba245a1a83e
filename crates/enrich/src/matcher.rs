//! Finding a paper's record in a source: by identifier, then by title.

use std::collections::HashMap;

use papercat_core::{text, Paper};
use serde::Serialize;

use crate::norm::{self, TitleVerdict};
use crate::record::Record;

/// How a paper was matched to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchedBy {
    /// The same arXiv id (any version).
    Arxiv,
    /// The same DOI (case-insensitive).
    Doi,
    /// The same ACL Anthology id.
    Acl,
    /// The same title (see [`papercat_core::matching::titles_match`]).
    Title,
}

impl MatchedBy {
    /// The stable name written in [`papercat_core::Provenance::matched_by`].
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Arxiv => "arxiv",
            MatchedBy::Doi => "doi",
            MatchedBy::Acl => "acl",
            MatchedBy::Title => "title",
        }
    }
}

/// The title a paper is matched on: its English title, or its heading when that reads like
/// an English title.
pub(crate) fn paper_title(p: &Paper) -> Option<&str> {
    p.work
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .or_else(|| Some(p.heading.as_str()).filter(|h| text::looks_like_english_title(h)))
}

/// The records of one source, indexed.
pub(crate) struct Index<'a> {
    records: &'a [Record],
    keys: Vec<String>,
    by_arxiv: HashMap<&'a str, Vec<usize>>,
    by_doi: HashMap<String, Vec<usize>>,
    by_acl: HashMap<&'a str, Vec<usize>>,
    by_title: HashMap<String, Vec<usize>>,
}

/// The outcome of looking a paper up in one source.
#[derive(Debug, Default)]
pub(crate) struct Lookup {
    /// The record and how it was found.
    pub found: Option<(usize, MatchedBy, TitleVerdict)>,
    /// Records sharing an identifier with the paper whose title clearly differs.
    pub mismatches: Vec<(usize, MatchedBy)>,
    /// Records with the paper's title whose identifier of the same kind differs.
    pub id_conflicts: Vec<(usize, &'static str)>,
    /// Several records matched the title equally well, with different identifiers.
    pub ambiguous: Vec<usize>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(records: &'a [Record]) -> Self {
        let mut ix = Index {
            records,
            keys: Vec::with_capacity(records.len()),
            by_arxiv: HashMap::new(),
            by_doi: HashMap::new(),
            by_acl: HashMap::new(),
            by_title: HashMap::new(),
        };
        for (i, r) in records.iter().enumerate() {
            if let Some(a) = &r.work.arxiv {
                ix.by_arxiv.entry(a.as_str()).or_default().push(i);
            }
            if let Some(d) = &r.work.doi {
                ix.by_doi.entry(d.to_ascii_lowercase()).or_default().push(i);
            }
            if let Some(a) = &r.work.acl {
                ix.by_acl.entry(a.as_str()).or_default().push(i);
            }
            let key = r
                .work
                .title
                .as_deref()
                .map(norm::title_key)
                .unwrap_or_default();
            if !key.is_empty() {
                ix.by_title.entry(key.clone()).or_default().push(i);
            }
            ix.keys.push(key);
        }
        ix
    }

    /// Look a paper up: arXiv id, DOI, ACL id, then title. An identifier match whose title
    /// clearly differs from the paper's is not a match (the catalogue may hold a link copied
    /// from another entry): it is returned in `mismatches` and the search goes on.
    pub(crate) fn lookup(&self, p: &Paper) -> Lookup {
        let mut out = Lookup::default();
        let pkey = paper_title(p).map(norm::title_key).unwrap_or_default();
        let tries: [(MatchedBy, Option<&Vec<usize>>); 3] = [
            (
                MatchedBy::Arxiv,
                p.work.arxiv.as_deref().and_then(|a| self.by_arxiv.get(a)),
            ),
            (
                MatchedBy::Doi,
                p.work
                    .doi
                    .as_deref()
                    .and_then(|d| self.by_doi.get(&d.to_ascii_lowercase())),
            ),
            (
                MatchedBy::Acl,
                p.work.acl.as_deref().and_then(|a| self.by_acl.get(a)),
            ),
        ];
        for (by, candidates) in tries {
            for &i in candidates.into_iter().flatten() {
                let verdict = if pkey.is_empty() || self.keys[i].is_empty() {
                    // Nothing to compare (a Chinese heading only): the identifier decides.
                    TitleVerdict::Same
                } else {
                    norm::compare_titles(&pkey, &self.keys[i])
                };
                if verdict == TitleVerdict::Different {
                    out.mismatches.push((i, by));
                } else if out.found.is_none() {
                    out.found = Some((i, by, verdict));
                }
            }
            if out.found.is_some() {
                return out;
            }
        }
        if pkey.is_empty() {
            return out;
        }
        // By title: exact key first, else the closest titles above the threshold.
        let mut hits: Vec<usize> = self.by_title.get(&pkey).cloned().unwrap_or_default();
        if hits.is_empty() && pkey.chars().count() >= 25 {
            let mut best = 0.0;
            for (i, k) in self.keys.iter().enumerate() {
                if k.is_empty() || k.len().abs_diff(pkey.len()) * 10 > pkey.len() {
                    continue;
                }
                let s = norm::similarity(&pkey, k, norm::TITLE_ONLY_THRESHOLD);
                if s >= norm::TITLE_ONLY_THRESHOLD {
                    if s > best + 1e-9 {
                        best = s;
                        hits.clear();
                    }
                    if (s - best).abs() <= 1e-9 {
                        hits.push(i);
                    }
                }
            }
        }
        // Records that name the same paper under a different identifier of the kind the
        // catalogue gives: the catalogue's link (or the source) is wrong; never fill.
        let mut usable = Vec::new();
        for i in hits {
            let r = &self.records[i];
            if let Some(kind) = id_conflict(p, r) {
                out.id_conflicts.push((i, kind));
            } else {
                usable.push(i);
            }
        }
        // Several entries of one paper (same identifiers) are fine: the first is used.
        let distinct = |a: &Record, b: &Record| {
            (a.work.arxiv.is_some() && b.work.arxiv.is_some() && a.work.arxiv != b.work.arxiv)
                || (a.work.doi.is_some()
                    && b.work.doi.is_some()
                    && !a
                        .work
                        .doi
                        .as_deref()
                        .unwrap_or("")
                        .eq_ignore_ascii_case(b.work.doi.as_deref().unwrap_or("")))
        };
        if let Some(&first) = usable.first() {
            let r0 = &self.records[first];
            if usable[1..].iter().any(|&j| distinct(r0, &self.records[j])) {
                out.ambiguous = usable;
            } else {
                let verdict = if self.keys[first] == pkey {
                    TitleVerdict::Same
                } else {
                    TitleVerdict::Close
                };
                out.found = Some((first, MatchedBy::Title, verdict));
            }
        }
        out
    }

    pub(crate) fn record(&self, i: usize) -> &'a Record {
        &self.records[i]
    }
}

/// The kind of identifier (`arxiv`, `doi`, `acl`) that the paper and the record both have
/// with different values, if any.
fn id_conflict(p: &Paper, r: &Record) -> Option<&'static str> {
    if let (Some(a), Some(b)) = (&p.work.arxiv, &r.work.arxiv) {
        if a != b {
            return Some("arxiv");
        }
    }
    if let (Some(a), Some(b)) = (&p.work.doi, &r.work.doi) {
        if !a.eq_ignore_ascii_case(b) {
            return Some("doi");
        }
    }
    if let (Some(a), Some(b)) = (&p.work.acl, &r.work.acl) {
        if a != b {
            return Some("acl");
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::Work;

    fn rec(arxiv: Option<&str>, doi: Option<&str>, acl: Option<&str>, title: &str) -> Record {
        Record {
            work: Work {
                arxiv: arxiv.map(Into::into),
                doi: doi.map(Into::into),
                acl: acl.map(Into::into),
                title: Some(title.into()),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn paper(
        arxiv: Option<&str>,
        doi: Option<&str>,
        acl: Option<&str>,
        title: Option<&str>,
    ) -> Paper {
        Paper {
            heading: "中文标题".into(),
            work: Work {
                arxiv: arxiv.map(Into::into),
                doi: doi.map(Into::into),
                acl: acl.map(Into::into),
                title: title.map(Into::into),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn records() -> Vec<Record> {
        vec![
            rec(Some("2304.08485"), None, None, "Visual Instruction Tuning"),
            rec(
                None,
                Some("10.18653/v1/2023.acl-long.99"),
                Some("2023.acl-long.99"),
                "Precise Zero-Shot Dense Retrieval without Relevance Labels",
            ),
            rec(
                Some("2303.07678"),
                None,
                None,
                "Query2doc: Query Expansion with Large Language Models",
            ),
            rec(
                None,
                Some("10.1109/CVPR.2016.90"),
                None,
                "Deep Residual Learning for Image Recognition",
            ),
            rec(
                Some("2305.18290"),
                None,
                None,
                "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
            ),
        ]
    }

    #[test]
    fn identifiers_first_then_titles() {
        let rs = records();
        let ix = Index::new(&rs);
        let found = |p: &Paper| ix.lookup(p).found.map(|(i, by, _)| (i, by));
        assert_eq!(
            found(&paper(Some("2304.08485"), None, None, None)),
            Some((0, MatchedBy::Arxiv))
        );
        assert_eq!(
            found(&paper(
                None,
                Some("10.1109/cvpr.2016.90"),
                None,
                Some("Deep residual learning for image recognition")
            )),
            Some((3, MatchedBy::Doi))
        );
        assert_eq!(
            found(&paper(
                None,
                None,
                Some("2023.acl-long.99"),
                Some("Precise Zero-Shot Dense Retrieval")
            )),
            Some((1, MatchedBy::Acl))
        );
        assert_eq!(
            found(&paper(None, None, None, Some("Visual  instruction tuning"))),
            Some((0, MatchedBy::Title))
        );
        assert_eq!(
            found(&paper(None, None, None, Some("Direct Preference Optimisation: Your Language Model is Secretly a Reward Model"))),
            Some((4, MatchedBy::Title))
        );
        assert_eq!(
            found(&paper(None, None, None, Some("Visual Instruction"))),
            None
        );
        assert_eq!(found(&paper(None, None, None, None)), None);
    }

    #[test]
    fn copy_paste_error_is_not_matched() {
        let rs = records();
        let ix = Index::new(&rs);
        // Query2doc listed with HyDE's ACL link.
        let p = paper(
            None,
            None,
            Some("2023.acl-long.99"),
            Some("Query2doc: Query Expansion with Large Language Models"),
        );
        let l = ix.lookup(&p);
        assert_eq!(l.mismatches, vec![(1, MatchedBy::Acl)]);
        // The title finds Query2doc's own record, which has no ACL id: usable.
        assert_eq!(l.found.map(|f| (f.0, f.1)), Some((2, MatchedBy::Title)));
        // LLaVA's title with Query2doc's arXiv id: title record has another arXiv id.
        let p = paper(
            Some("2303.07678"),
            None,
            None,
            Some("Visual Instruction Tuning"),
        );
        let l = ix.lookup(&p);
        assert_eq!(l.mismatches, vec![(2, MatchedBy::Arxiv)]);
        assert_eq!(l.id_conflicts, vec![(0, "arxiv")]);
        assert!(l.found.is_none());
    }

    #[test]
    fn ambiguous_titles_are_not_matched() {
        let rs = vec![
            rec(
                Some("2401.00001"),
                None,
                None,
                "A Survey of Large Language Models",
            ),
            rec(
                Some("2401.00002"),
                None,
                None,
                "A Survey of Large Language Models",
            ),
            rec(Some("2401.00003"), None, None, "Mistral 7B"),
            rec(Some("2401.00003"), None, None, "Mistral 7B"),
        ];
        let ix = Index::new(&rs);
        let l = ix.lookup(&paper(
            None,
            None,
            None,
            Some("A survey of large language models"),
        ));
        assert!(l.found.is_none());
        assert_eq!(l.ambiguous, vec![0, 1]);
        let l = ix.lookup(&paper(None, None, None, Some("Mistral 7B")));
        assert_eq!(l.found.map(|f| f.0), Some(2));
    }

    #[test]
    fn english_heading_is_used_when_there_is_no_title() {
        let rs = records();
        let ix = Index::new(&rs);
        let mut p = paper(None, None, None, None);
        p.heading = "Deep Residual Learning for Image Recognition".into();
        assert_eq!(ix.lookup(&p).found.map(|f| f.1), Some(MatchedBy::Title));
    }
}
