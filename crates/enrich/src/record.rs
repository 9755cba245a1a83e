//! The one shape every source is read into: a [`Record`], the source entry's bibliographic
//! [`Work`] (the model's own record shape) and where the entry stands.

use papercat_core::ids::{self, ArxivMatch};
use papercat_core::{text, Author, Venue, Work};
use serde::{Deserialize, Serialize};

use crate::norm;

/// What a record's year means.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum YearKind {
    /// The year of publication (a bib `date`/`year` of a conference or journal entry, a CSL
    /// `issued` date, an arXiv `journal-ref`).
    #[default]
    Published,
    /// The year the preprint was first posted (an arXiv id or first version), which a later
    /// publication year legitimately differs from.
    Preprint,
}

/// One entry of a source, reduced to what enrichment can use.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Record {
    /// 1-based line in the source where the entry starts.
    pub line: u32,
    /// The source's own name for the entry: bib key, CSL `id`, arXiv id.
    pub id: String,
    /// The bibliographic record read from the entry.
    #[serde(flatten)]
    pub work: Work,
    /// What [`Work::year`] means.
    pub year_kind: YearKind,
    /// Where this one record came from, when that is more precise than its source's name
    /// (the URL a fetched record was read from). Provenance and diagnostics name it instead of
    /// the source.
    pub origin: Option<String>,
}

impl Record {
    /// Where the record stands, for messages: its [`Record::origin`], else `source:line`.
    pub fn place(&self, source: &str) -> String {
        match &self.origin {
            Some(o) => o.clone(),
            None if self.line == 0 => source.to_string(),
            None => format!("{source}:{}", self.line),
        }
    }

    /// Set identifiers from a DOI: arXiv DOIs (`10.48550/arXiv.2304.08485`) give the arXiv id,
    /// ACL DOIs (`10.18653/v1/2023.acl-long.754`) the Anthology id as well as the DOI.
    pub(crate) fn take_doi(&mut self, raw: &str) {
        let Some(doi) = clean_doi(raw) else { return };
        let lower = doi.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("10.48550/arxiv.") {
            if self.work.arxiv.is_none() {
                self.work.arxiv = valid_arxiv(rest);
            }
            return;
        }
        if let Some(rest) = doi.strip_prefix("10.18653/v1/") {
            if self.work.acl.is_none() {
                self.work.acl = ids::acl_from_url(&format!("https://aclanthology.org/{rest}"));
            }
        }
        if self.work.doi.is_none() {
            self.work.doi = Some(doi);
        }
    }

    /// Set identifiers from a URL (arXiv, ACL Anthology, doi.org).
    pub(crate) fn take_url(&mut self, raw: &str) {
        let Some(url) = ids::normalize_url(raw) else {
            return;
        };
        let url = url.url;
        if self.work.arxiv.is_none() {
            if let Some(ArxivMatch::Valid(id, _)) = ids::arxiv_from_url(&url) {
                self.work.arxiv = Some(id);
            }
        }
        if self.work.acl.is_none() {
            self.work.acl = ids::acl_from_url(&url);
        }
        if let Some(doi) = ids::doi_from_url(&url) {
            self.take_doi(&doi);
        }
    }

    /// Set the arXiv id from text such as `arXiv:2304.08485` or `arXiv preprint arXiv:..`.
    pub(crate) fn take_arxiv_text(&mut self, raw: &str) {
        if self.work.arxiv.is_none() {
            if let Some(ArxivMatch::Valid(id, _)) = ids::arxiv_from_text(raw) {
                self.work.arxiv = Some(id);
            }
        }
    }

    /// The last step of reading a .bib or CSL entry, whose fields `get` gives: identifiers from
    /// the `doi` and `url` values and from the fields in `arxiv_in` that may hold an arXiv id,
    /// the venue from the first of `venues` that names a real one, then the dates settled.
    pub(crate) fn finish_entry(
        &mut self,
        get: impl Fn(&str) -> Option<String>,
        (doi, url): (Option<String>, Option<String>),
        arxiv_in: &[&str],
        venues: &[&str],
    ) {
        if let Some(doi) = doi {
            self.take_doi(&doi);
        }
        if let Some(url) = url {
            self.take_url(&url);
        }
        for f in arxiv_in {
            if let Some(v) = get(f) {
                self.take_arxiv_text(&v);
            }
        }
        self.work.venue = venues
            .iter()
            .find_map(|f| get(f).and_then(|v| real_venue(&v)));
        self.settle_dates();
    }

    /// After a .bib or CSL record is read: its year is a preprint year when it names no venue
    /// but an arXiv id; with no year at all, take year and month from the arXiv id.
    pub(crate) fn settle_dates(&mut self) {
        self.year_kind = if self.work.venue.is_none() && self.work.arxiv.is_some() {
            YearKind::Preprint
        } else {
            YearKind::Published
        };
        self.year_from_arxiv();
    }

    /// When no year is known, take the preprint year and month from the arXiv id.
    pub(crate) fn year_from_arxiv(&mut self) {
        if self.work.year.is_none() {
            if let Some((y, m)) = self.work.arxiv.as_deref().and_then(text::arxiv_year_month) {
                self.work.year = Some(y);
                self.work.month = Some(m);
                self.year_kind = YearKind::Preprint;
            }
        }
    }
}

/// A bare arXiv id (version dropped) when `raw` is a valid one.
pub(crate) fn valid_arxiv(raw: &str) -> Option<String> {
    match ids::parse_arxiv_id(raw.trim()) {
        Some(ArxivMatch::Valid(id, _)) => Some(id),
        _ => None,
    }
}

/// A DOI with `https://doi.org/` or `doi:` removed and the prefix lower-cased, when it looks
/// like one (`10.NNNN/suffix`).
pub(crate) fn clean_doi(raw: &str) -> Option<String> {
    let mut s = raw.trim();
    for prefix in [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi.org/",
        "doi:",
        "DOI:",
    ] {
        if let Some(r) = s.strip_prefix(prefix) {
            s = r.trim();
        }
    }
    let s = s.split_whitespace().next()?;
    let (prefix, suffix) = s.split_once('/')?;
    let reg = prefix.strip_prefix("10.")?;
    if reg.len() < 4 || !reg.bytes().all(|b| b.is_ascii_digit() || b == b'.') || suffix.is_empty() {
        return None;
    }
    Some(format!("{}/{}", prefix.to_ascii_lowercase(), suffix))
}

/// A venue worth keeping: not an arXiv/CoRR placeholder.
pub(crate) fn real_venue(raw: &str) -> Option<Venue> {
    let v = norm::collapse_ws(&norm::tex_to_unicode(raw));
    let lower = v.to_ascii_lowercase();
    if v.is_empty()
        || lower.starts_with("arxiv")
        || lower == "corr"
        || lower.starts_with("corr ")
        || lower.starts_with("corr,")
    {
        return None;
    }
    text::parse_venue(&v)
}

/// An author from family, given and particle parts (CJK names become literals, as the
/// parser does; an empty given name keeps a one-part `Person`).
pub(crate) fn author(family: &str, given: &str, particle: &str, suffix: &str) -> Option<Author> {
    let family = norm::collapse_ws(&norm::tex_to_unicode(family));
    let given = norm::collapse_ws(&norm::tex_to_unicode(given));
    let particle = norm::collapse_ws(&norm::tex_to_unicode(particle));
    let suffix = norm::collapse_ws(&norm::tex_to_unicode(suffix));
    let mut family = match (particle.is_empty(), family.is_empty()) {
        (false, false) => format!("{particle} {family}"),
        _ => family,
    };
    // The model has no suffix part: keep `Jr.` with the family name rather than drop it.
    if !suffix.is_empty() && !family.is_empty() {
        family = format!("{family} {suffix}");
    }
    if family.is_empty() && given.is_empty() {
        return None;
    }
    if family.is_empty() {
        return Some(Author::Person {
            given: String::new(),
            family: given,
        });
    }
    if text::has_cjk(&family) && (given.is_empty() || text::has_cjk(&given)) {
        let literal = if given.is_empty() {
            family
        } else {
            format!("{family}{given}")
        };
        return Some(Author::Literal { literal });
    }
    Some(Author::Person { given, family })
}

/// A literal (organisation) author.
pub(crate) fn literal_author(name: &str) -> Option<Author> {
    let literal = norm::collapse_ws(&norm::tex_to_unicode(name));
    (!literal.is_empty()).then_some(Author::Literal { literal })
}

/// An arXiv category worth keeping: `cs.CL`, `hep-th`, `math.AG`; not an archive such as `cs`.
pub(crate) fn category(raw: &str) -> Option<String> {
    let c = raw.trim();
    let ok = !c.is_empty()
        && (c.contains('.') || c.contains('-'))
        && c.chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '.' || ch == '-')
        && c.starts_with(|ch: char| ch.is_ascii_lowercase());
    ok.then(|| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois() {
        assert_eq!(
            clean_doi(" https://doi.org/10.1145/ABC.1 "),
            Some("10.1145/ABC.1".into())
        );
        assert_eq!(
            clean_doi("doi:10.18653/v1/2023.acl-long.754"),
            Some("10.18653/v1/2023.acl-long.754".into())
        );
        assert_eq!(clean_doi("10.12/x"), None);
        assert_eq!(clean_doi("not a doi"), None);
        let mut r = Record::default();
        r.take_doi("10.48550/arXiv.2304.08485");
        assert_eq!(r.work.arxiv.as_deref(), Some("2304.08485"));
        assert_eq!(r.work.doi, None);
        r.take_doi("10.18653/v1/2023.acl-long.754");
        assert_eq!(r.work.acl.as_deref(), Some("2023.acl-long.754"));
        assert_eq!(r.work.doi.as_deref(), Some("10.18653/v1/2023.acl-long.754"));
    }

    #[test]
    fn urls_and_text() {
        let mut r = Record::default();
        r.take_url("http://arxiv.org/abs/2305.14314v2");
        assert_eq!(r.work.arxiv.as_deref(), Some("2305.14314"));
        let mut r = Record::default();
        r.take_url("https://aclanthology.org/2023.acl-long.99");
        assert_eq!(r.work.acl.as_deref(), Some("2023.acl-long.99"));
        let mut r = Record::default();
        r.take_url("https://aclanthology.org/P1é-1001");
        r.take_doi("10.18653/v1/2023.aclé-long.99");
        assert_eq!(r.work.acl, None);
        let mut r = Record::default();
        r.take_arxiv_text("arXiv preprint arXiv:2310.11511");
        assert_eq!(r.work.arxiv.as_deref(), Some("2310.11511"));
        r.year_from_arxiv();
        assert_eq!(
            (r.work.year, r.work.month, r.year_kind),
            (Some(2023), Some(10), YearKind::Preprint)
        );
    }

    #[test]
    fn venues_authors_categories() {
        assert_eq!(real_venue("arXiv preprint arXiv:2304.08485"), None);
        assert_eq!(real_venue("CoRR"), None);
        assert_eq!(
            real_venue(" {NeurIPS}  2023 ").map(|v| v.raw).as_deref(),
            Some("NeurIPS 2023")
        );
        assert_eq!(
            author("Oord", "Aäron", "van den", ""),
            Some(Author::person("Aäron", "van den Oord"))
        );
        assert_eq!(
            author("Steele", "Guy L.", "", "Jr."),
            Some(Author::person("Guy L.", "Steele Jr."))
        );
        assert_eq!(
            author("苏", "剑林", "", ""),
            Some(Author::literal("苏剑林"))
        );
        assert_eq!(author("", "", "", ""), None);
        assert_eq!(category("cs.CL").as_deref(), Some("cs.CL"));
        assert_eq!(category("hep-th").as_deref(), Some("hep-th"));
        assert_eq!(category("cs"), None);
        assert_eq!(category("Computer Science"), None);
    }
}
