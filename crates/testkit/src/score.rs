//! Scoring papercat's reading of a paper list against a hand-made annotation.
//!
//! Annotations live in `crates/core/tests/dev/NAME.tsv`, one per list of
//! `../shared/corpus/dev/NAME.md`: `line`, `kind` (`paper` or `maybe`), `title`, `arxiv`,
//! `url`, one row per paper listing, made by reading the source (see the comment lines at the
//! top of each file for the judgement calls). `maybe` rows count neither way.
//!
//! A listing papercat reports matches an annotated row on the same line, or one or two lines
//! away with the same arXiv id or the same normalised title (a listing may start on the line
//! before its title). Precision is the share of reported listings that match a row; recall
//! the share of `paper` rows matched.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use papercat_core::Catalogue;

/// One annotated listing.
#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line of the listing.
    pub line: u32,
    /// `paper`, or `maybe` for a genuinely ambiguous listing.
    pub paper: bool,
    /// The title a careful reader cites.
    pub title: String,
    /// The bare arXiv id, or empty.
    pub arxiv: String,
    /// The paper's primary link, or empty.
    pub url: String,
}

/// Read an annotation file.
pub fn read_annotation(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut rows = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if l.starts_with('#') || l.starts_with("line\t") || l.trim().is_empty() {
            continue;
        }
        let c: Vec<&str> = l.split('\t').collect();
        let line = c
            .first()
            .and_then(|x| x.parse().ok())
            .ok_or_else(|| format!("{}:{}: bad line number", path.display(), i + 1))?;
        let get = |k: usize| c.get(k).copied().unwrap_or("").to_string();
        rows.push(Row {
            line,
            paper: get(1) != "maybe",
            title: get(2),
            arxiv: get(3),
            url: get(4),
        });
    }
    Ok(rows)
}

/// Lower-case letters and digits only (CJK kept): titles compared without punctuation.
pub fn norm(t: &str) -> String {
    t.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How a reading scores against its annotation.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// `paper` rows.
    pub gold: usize,
    /// Listings papercat reports (occurrences of papers).
    pub found: usize,
    /// Reported listings matching a `paper` row.
    pub true_pos: usize,
    /// Reported listings matching a `maybe` row.
    pub maybe: usize,
    /// Reported listings matching no row: (line, title).
    pub false_pos: Vec<(u32, String)>,
    /// `paper` rows not found: (line, title).
    pub missed: Vec<(u32, String)>,
    /// Matched listings whose title is right.
    pub titles_right: usize,
    /// Matched listings whose arXiv id is right (both empty counts as right).
    pub arxiv_right: usize,
    /// Title mismatches: (line, papercat's, annotation's).
    pub wrong_titles: Vec<(u32, String, String)>,
}

impl Score {
    /// Precision over the listings that are not `maybe`.
    pub fn precision(&self) -> f64 {
        let n = self.true_pos + self.false_pos.len();
        if n == 0 {
            1.0
        } else {
            self.true_pos as f64 / n as f64
        }
    }

    /// Recall over the `paper` rows.
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            (self.gold - self.missed.len()) as f64 / self.gold as f64
        }
    }
}

/// Score a catalogue read from one file against its annotation.
pub fn score(c: &Catalogue, rows: &[Row]) -> Score {
    let mut by_line: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_line.entry(r.line).or_default().push(i);
    }
    let mut s = Score {
        gold: rows.iter().filter(|r| r.paper).count(),
        ..Score::default()
    };
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    for p in &c.papers {
        let title = p.work.title.clone().unwrap_or_else(|| p.heading.clone());
        let arxiv = p.work.arxiv.clone().unwrap_or_default();
        for o in &p.occurrences {
            s.found += 1;
            let mut hit = None;
            'search: for d in [0i64, 1, -1, 2, -2] {
                let line = o.line as i64 + d;
                let Some(cands) = u32::try_from(line).ok().and_then(|l| by_line.get(&l)) else {
                    continue;
                };
                for &i in cands {
                    let r = &rows[i];
                    let same = d == 0
                        || (!arxiv.is_empty() && arxiv == r.arxiv)
                        || norm(&title) == norm(&r.title)
                        || (!r.url.is_empty() && p.links.iter().any(|l| l.url == r.url));
                    // Several listings on one line: take one not matched yet.
                    if same && !matched.contains(&i) {
                        hit = Some(i);
                        break 'search;
                    }
                    if same && hit.is_none() {
                        hit = Some(i);
                    }
                }
            }
            match hit {
                None => s.false_pos.push((o.line, title.clone())),
                Some(i) if !rows[i].paper => s.maybe += 1,
                Some(i) => {
                    matched.insert(i);
                    s.true_pos += 1;
                    let r = &rows[i];
                    // The title the listing shows: the paper's, or (for a short name in a
                    // table row merged with a fuller listing) a field on the listing's line.
                    let shown = norm(&title) == norm(&r.title)
                        || norm(&p.heading) == norm(&r.title)
                        || p.fields
                            .iter()
                            .any(|f| f.line == o.line && norm(&f.text) == norm(&r.title));
                    if shown {
                        s.titles_right += 1;
                    } else {
                        s.wrong_titles
                            .push((o.line, title.clone(), r.title.clone()));
                    }
                    if arxiv == r.arxiv {
                        s.arxiv_right += 1;
                    }
                }
            }
        }
    }
    for (i, r) in rows.iter().enumerate() {
        if r.paper && !matched.contains(&i) {
            s.missed.push((r.line, r.title.clone()));
        }
    }
    s
}

/// Distinct arXiv ids written in a Markdown file outside fenced code, block quotes and badge
/// images, and the share of them that some paper carries as its `arxiv`.
pub fn arxiv_coverage(src: &str, c: &Catalogue) -> (usize, usize) {
    let mut written: BTreeSet<String> = BTreeSet::new();
    let mut fence = false;
    for line in src.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence || t.starts_with('>') {
            continue;
        }
        for (_, url) in papercat_core::ids::find_urls(line) {
            if url.contains("shields.io") {
                continue;
            }
            let Some(n) = papercat_core::ids::normalize_url(url) else {
                continue;
            };
            if let Some(papercat_core::ids::ArxivMatch::Valid(id, _)) =
                papercat_core::ids::arxiv_from_url(&n.url)
            {
                written.insert(id);
            }
        }
    }
    let have: BTreeSet<&str> = c
        .papers
        .iter()
        .filter_map(|p| p.work.arxiv.as_deref())
        .collect();
    let covered = written
        .iter()
        .filter(|id| have.contains(id.as_str()))
        .count();
    (written.len(), covered)
}
