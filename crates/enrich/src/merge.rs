//! The merge rules: what a matched record may fill or replace in a paper.

use papercat_core::{text, Author, Code, Diagnostic, Paper, Provenance, Severity};

use crate::matcher::MatchedBy;
use crate::norm::{self, TitleVerdict};
use crate::record::{Record, YearKind};

/// Where a paper's year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearOrigin {
    /// No year.
    None,
    /// Derived by the parser from the arXiv id (the preprint's month): not written.
    ArxivId,
    /// Written in the catalogue (venue or date), or filled by an earlier source.
    Written,
}

fn year_origin(p: &Paper) -> YearOrigin {
    let Some(y) = p.work.year else {
        return YearOrigin::None;
    };
    if p.provenance.iter().any(|x| x.field == "year") {
        return YearOrigin::Written;
    }
    let from_venue = p.work.venue.as_ref().and_then(|v| v.year) == Some(y);
    let from_date = p
        .fields
        .iter()
        .filter(|f| f.kind == papercat_core::FieldKind::Date)
        .filter_map(|f| text::parse_date(&f.text))
        .any(|(dy, _)| dy == y);
    let from_id = p
        .work
        .arxiv
        .as_deref()
        .and_then(text::arxiv_year_month)
        .map(|a| a.0)
        == Some(y);
    if !from_venue && !from_date && from_id {
        YearOrigin::ArxivId
    } else {
        YearOrigin::Written
    }
}

/// One merge of one record into one paper.
pub(crate) struct Merge<'a> {
    pub source: &'a str,
    pub by: MatchedBy,
    pub prefer_source: bool,
    /// Fields filled or replaced (names as in provenance).
    pub changed: Vec<&'static str>,
    /// Conflicts diagnosed.
    pub conflicts: usize,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Merge<'a> {
    pub(crate) fn new(source: &'a str, by: MatchedBy, prefer_source: bool) -> Self {
        Merge {
            source,
            by,
            prefer_source,
            changed: Vec::new(),
            conflicts: 0,
            diagnostics: Vec::new(),
        }
    }

    fn provenance(&mut self, p: &mut Paper, field: &'static str) {
        p.provenance.retain(|x| x.field != field);
        p.provenance.push(Provenance {
            field: field.into(),
            source: self.source.into(),
            matched_by: self.by.as_str().into(),
        });
        if !self.changed.contains(&field) {
            self.changed.push(field);
        }
    }

    /// May the source replace this field? Only under `prefer_source`, and not a value an
    /// earlier source already set (the first source listed wins).
    fn may_replace(&self, p: &Paper, field: &str) -> bool {
        self.prefer_source && !p.provenance.iter().any(|x| x.field == field)
    }

    fn diag(&mut self, p: &Paper, r: &Record, severity: Severity, message: String, hint: &str) {
        if severity == Severity::Warning {
            self.conflicts += 1;
        }
        self.diagnostics.push(
            p.diagnostic(
                Code::EnrichConflict,
                format!(
                    "{message} (source {}, matched by {})",
                    r.place(self.source),
                    self.by.as_str()
                ),
            )
            .with_severity(severity)
            .with_hint(hint),
        );
    }

    fn conflict(&mut self, p: &Paper, r: &Record, field: &str, ours: &str, theirs: &str) {
        self.diag(
            p,
            r,
            Severity::Warning,
            format!("{field} differs: the catalogue has `{ours}`, the source has `{theirs}`; the catalogue's value is kept"),
            "fix whichever is wrong, or pass --prefer-source to take the source's values",
        );
    }

    fn replaced(&mut self, p: &Paper, r: &Record, field: &str, ours: &str, theirs: &str) {
        self.diag(
            p,
            r,
            Severity::Note,
            format!("{field} `{ours}` replaced by the source's `{theirs}`"),
            "the source was preferred (--prefer-source)",
        );
    }

    /// Apply every rule.
    pub(crate) fn apply(&mut self, p: &mut Paper, r: &Record) {
        self.title(p, r);
        self.authors(p, r);
        self.year(p, r);
        self.venue(p, r);
        self.category(p, r);
        self.identifiers(p, r);
    }

    fn title(&mut self, p: &mut Paper, r: &Record) {
        let Some(theirs) = &r.work.title else { return };
        let Some(ours) = p.work.title.clone() else {
            p.work.title = Some(theirs.clone());
            self.provenance(p, "title");
            return;
        };
        if &ours == theirs {
            return;
        }
        let verdict = norm::compare_titles(&norm::title_key(&ours), &norm::title_key(theirs));
        if self.may_replace(p, "title") {
            p.work.title = Some(theirs.clone());
            self.provenance(p, "title");
            if verdict != TitleVerdict::Same {
                self.replaced(p, r, "title", &ours, theirs);
            }
        } else if verdict == TitleVerdict::Shortened {
            self.diag(
                p,
                r,
                Severity::Note,
                format!("title `{ours}` and the source's `{theirs}` differ only by a subtitle or a name in front; kept"),
                "write the full title, or pass --prefer-source to take it from the source",
            );
        } else if verdict != TitleVerdict::Same {
            self.conflict(p, r, "title", &ours, theirs);
        }
    }

    fn authors(&mut self, p: &mut Paper, r: &Record) {
        if r.work.authors.is_empty() {
            return;
        }
        let names = |a: &[Author]| a.iter().map(Author::display).collect::<Vec<_>>().join(", ");
        if p.work.authors.is_empty() {
            p.work.authors = r.work.authors.clone();
            p.work.et_al = r.work.et_al;
            self.provenance(p, "authors");
            return;
        }
        if p.work.authors == r.work.authors && p.work.et_al == r.work.et_al {
            return;
        }
        let fam = |a: &Author| norm::title_key(a.family());
        let ours: Vec<String> = p.work.authors.iter().map(fam).collect();
        let theirs: Vec<String> = r.work.authors.iter().map(fam).collect();
        let prefix = theirs.len() > ours.len() && theirs[..ours.len()] == ours[..];
        // "A, B et al." completed by the full list: nothing the catalogue says changes.
        let completes = p.work.et_al && prefix;
        if completes || self.may_replace(p, "authors") {
            let before = names(&p.work.authors);
            p.work.authors = r.work.authors.clone();
            p.work.et_al = r.work.et_al;
            self.provenance(p, "authors");
            if !completes && ours != theirs {
                self.replaced(p, r, "authors", &before, &names(&r.work.authors));
            }
            return;
        }
        let cjk = |a: &Author| text::has_cjk(a.family());
        let first_differs = ours.first() != theirs.first()
            && !p.work.authors.first().is_some_and(cjk)
            && !r.work.authors.first().is_some_and(cjk);
        if first_differs {
            self.conflict(
                p,
                r,
                "authors",
                &names(&p.work.authors),
                &names(&r.work.authors),
            );
        }
    }

    fn year(&mut self, p: &mut Paper, r: &Record) {
        let Some(ry) = r.work.year else { return };
        let origin = year_origin(p);
        let Some(py) = p.work.year else {
            p.work.year = Some(ry);
            self.provenance(p, "year");
            if let Some(m) = r.work.month {
                p.work.month = Some(m);
                self.provenance(p, "month");
            }
            return;
        };
        let published = r.year_kind == YearKind::Published;
        if py == ry {
            // A preprint's month is not the month of a publication the catalogue dates.
            if p.work.month.is_none() && (published || origin != YearOrigin::Written) {
                if let Some(m) = r.work.month {
                    p.work.month = Some(m);
                    self.provenance(p, "month");
                }
            }
            return;
        }
        // The catalogue only had the preprint's year; the source knows when it was published.
        let upgrade = origin == YearOrigin::ArxivId && published && ry > py;
        // A preprint older than the publication the catalogue dates: consistent.
        let consistent = !published && ry < py;
        if consistent {
            return;
        }
        if upgrade || (self.may_replace(p, "year") && (published || origin != YearOrigin::Written))
        {
            let from = if origin == YearOrigin::ArxivId {
                format!("{py} (from the arXiv id)")
            } else {
                py.to_string()
            };
            p.work.year = Some(ry);
            p.work.month = r.work.month;
            self.provenance(p, "year");
            if r.work.month.is_some() {
                self.provenance(p, "month");
            }
            if upgrade {
                self.diag(
                    p,
                    r,
                    Severity::Note,
                    format!("year {from} replaced by the source's publication year {ry}"),
                    "the catalogue gives no year of its own; write the venue or date to set one",
                );
            } else {
                self.replaced(p, r, "year", &from, &ry.to_string());
            }
            return;
        }
        let theirs = if published {
            ry.to_string()
        } else {
            format!("{ry} (preprint)")
        };
        self.conflict(p, r, "year", &py.to_string(), &theirs);
    }

    fn venue(&mut self, p: &mut Paper, r: &Record) {
        let Some(venue) = &r.work.venue else { return };
        let replace = match &p.work.venue {
            None => true,
            Some(v) => v.raw != venue.raw && self.may_replace(p, "venue"),
        };
        if !replace {
            return;
        }
        let mut v = venue.clone();
        if v.year.is_none() && r.year_kind == YearKind::Published {
            v.year = r.work.year;
        }
        p.work.venue = Some(v);
        self.provenance(p, "venue");
    }

    fn category(&mut self, p: &mut Paper, r: &Record) {
        let Some(c) = &r.work.arxiv_category else {
            return;
        };
        if p.work.arxiv_category.is_none()
            || (p.work.arxiv_category.as_ref() != Some(c) && self.may_replace(p, "arxiv_category"))
        {
            p.work.arxiv_category = Some(c.clone());
            self.provenance(p, "arxiv_category");
        }
    }

    /// Identifiers are filled, never replaced (not even with `prefer_source`): they are what
    /// the catalogue's papers are told apart by.
    fn identifiers(&mut self, p: &mut Paper, r: &Record) {
        let (doi, arxiv, acl) = (
            r.work.doi.as_deref(),
            r.work.arxiv.as_deref(),
            r.work.acl.as_deref(),
        );
        let same_doi: fn(&str, &str) -> bool = |a, b| a.eq_ignore_ascii_case(b);
        let same: fn(&str, &str) -> bool = |a, b| a == b;
        self.identifier(p, r, "doi", |p| &mut p.work.doi, doi, same_doi);
        self.identifier(p, r, "arxiv", |p| &mut p.work.arxiv, arxiv, same);
        self.identifier(p, r, "acl", |p| &mut p.work.acl, acl, same);
    }

    /// Fill one identifier (`slot` of the paper) from `theirs`, or report a conflict when the
    /// paper has another one (`same` says when two values are one identifier).
    fn identifier(
        &mut self,
        p: &mut Paper,
        r: &Record,
        field: &'static str,
        slot: fn(&mut Paper) -> &mut Option<String>,
        theirs: Option<&str>,
        same: fn(&str, &str) -> bool,
    ) {
        let Some(theirs) = theirs else { return };
        match slot(p).clone() {
            None => {
                *slot(p) = Some(theirs.to_string());
                self.provenance(p, field);
            }
            Some(ours) if !same(&ours, theirs) => self.conflict(p, r, field, &ours, theirs),
            Some(_) => {}
        }
    }
}
