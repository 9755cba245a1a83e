//! One `.bib` entry, built and laid out the same way by the BibTeX and BibLaTeX writers.

use papercat_core::{Catalogue, Code, Diagnostic, Paper};

use crate::entry::{annotation_lines, Facts, Kind};
use crate::tex::{self, escape, names};
use crate::{write_entries, Error};

/// A field value, already escaped.
pub(crate) enum Value {
    /// `{...}`.
    Braced(String),
    /// A bare macro such as `apr`.
    Bare(&'static str),
    /// `{...}` over several lines (the annotation), one escaped line each.
    Lines(Vec<String>),
}

/// An entry: type, key and fields in output order.
pub(crate) struct BibEntry<'a> {
    pub ty: &'static str,
    pub key: &'a str,
    pub fields: Vec<(&'static str, Value)>,
}

impl BibEntry<'_> {
    /// Appends `field = {value}` unless the value is empty.
    pub(crate) fn push(&mut self, name: &'static str, value: String) {
        if !value.is_empty() {
            self.fields.push((name, Value::Braced(value)));
        }
    }

    /// Writes the entry: `@type{key,`, one aligned field a line, `}` and a blank line between
    /// entries (written by the caller).
    pub(crate) fn render(&self, out: &mut String) {
        let width = self.fields.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        out.push('@');
        out.push_str(self.ty);
        out.push('{');
        out.push_str(self.key);
        if self.fields.is_empty() {
            // `@misc{key}` and `@misc{key\n}` are refused by biber, pandoc and the biblatex
            // crate; a comma after the key is read by all of them and by BibTeX.
            out.push(',');
        }
        for (name, value) in &self.fields {
            out.push_str(",\n  ");
            out.push_str(name);
            for _ in name.len()..width {
                out.push(' ');
            }
            out.push_str(" = ");
            match value {
                Value::Bare(m) => out.push_str(m),
                Value::Braced(v) => {
                    out.push('{');
                    out.push_str(v);
                    out.push('}');
                }
                Value::Lines(lines) => {
                    out.push('{');
                    for (j, line) in lines.iter().enumerate() {
                        if j > 0 && breakable_before(line) {
                            out.push('\n');
                            for _ in 0..width + 6 {
                                out.push(' ');
                            }
                        } else if j > 0 {
                            out.push(' ');
                        }
                        out.push_str(line);
                    }
                    out.push('}');
                }
            }
        }
        out.push_str("\n}\n");
    }
}

/// False for a line that must not start a line of a `.bib` file: one that looks like the next
/// field (`name = ...`, which makes biber's parser warn of a runaway string) or the next entry
/// (`@...`, which naive readers split on). Such a line is joined to the previous one with a
/// space; every reader collapses the newline to a space anyway.
fn breakable_before(line: &str) -> bool {
    let line = line.trim_start();
    if line.starts_with('@') {
        return false;
    }
    if !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return true;
    }
    let rest = line.trim_start_matches(|c: char| !c.is_whitespace() && c != '=');
    !rest.trim_start().starts_with('=')
}

/// The BibTeX month macro.
pub(crate) fn month_macro(m: u8) -> Option<&'static str> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    MONTHS.get(usize::from(m).checked_sub(1)?).copied()
}

/// Which `.bib` dialect to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    BibTeX,
    BibLaTeX,
}

/// Writes the whole catalogue in one dialect.
pub(crate) fn write<W: std::io::Write>(
    catalogue: &Catalogue,
    out: W,
    opts: &crate::Options,
    flavour: Flavour,
) -> Result<Vec<Diagnostic>, Error> {
    write_entries(catalogue, out, |i, paper, diags, text| {
        if i > 0 {
            text.push('\n');
        }
        entry(paper, opts, flavour, diags).render(text);
    })
}

fn entry<'a>(
    paper: &'a Paper,
    opts: &crate::Options,
    flavour: Flavour,
    diags: &mut Vec<Diagnostic>,
) -> BibEntry<'a> {
    let f = Facts::new(paper);
    let tex = flavour == Flavour::BibTeX;
    let conference = f.complete_conference();
    let booktitle = f.venue.as_ref().map(|v| v.booktitle(opts.booktitle));
    let ty = match (conference, f.kind, flavour) {
        (true, _, _) => "inproceedings",
        (false, Kind::Preprint | Kind::Web, Flavour::BibLaTeX) => "online",
        _ => "misc",
    };
    if f.kind == Kind::Conference && !conference {
        let missing = if f.has_authors() {
            "a year"
        } else if f.work.year.is_some() {
            "authors"
        } else {
            "authors and a year"
        };
        diags.push(
            paper
                .diagnostic(
                    Code::IncompleteEntry,
                    format!(
                        "`{}` is written as @misc with its venue in `howpublished`: a conference paper needs {missing}",
                        paper.key
                    ),
                )
                .with_hint("add the authors and the date to the catalogue, or enrich it from a .bib or arXiv metadata"),
        );
    }
    let mut e = BibEntry {
        ty,
        key: &paper.key,
        fields: Vec::new(),
    };
    let authors = names(&paper.work.authors, paper.work.et_al);
    e.push("author", authors.clone().unwrap_or_default());
    if f.title.is_empty() {
        diags.push(
            paper
                .diagnostic(
                    Code::EmptyTitle,
                    format!("`{}` has neither a title nor a heading", paper.key),
                )
                .with_hint("give the list item a heading or a 论文名称 field"),
        );
    }
    e.push("title", tex::title(&f.title));
    // plainnat and the other BibTeX styles ignore `eprint`: the arXiv id is written where
    // they print it too, as Google Scholar does (`arXiv preprint arXiv:ID`).
    let arxiv_text = f
        .work
        .arxiv
        .as_deref()
        .filter(|_| tex)
        .map(|id| escape(&format!("arXiv:{id}")));
    let mut arxiv_in_note = arxiv_text.clone();
    if let Some(b) = &booktitle {
        e.push(
            if conference {
                "booktitle"
            } else {
                "howpublished"
            },
            tex::title(b),
        );
    } else if let (Kind::Preprint, Some(id)) = (f.kind, &arxiv_text) {
        e.push("howpublished", format!("arXiv preprint {id}"));
        arxiv_in_note = None;
    }
    match (f.work.year, flavour) {
        (Some(y), Flavour::BibTeX) => {
            e.push("year", y.to_string());
            if let Some(m) = f.work.month.and_then(month_macro) {
                e.fields.push(("month", Value::Bare(m)));
            }
        }
        (Some(y), Flavour::BibLaTeX) if (0..=9999).contains(&y) => {
            let date = match f.work.month {
                Some(m) => format!("{y:04}-{m:02}"),
                None => format!("{y:04}"),
            };
            e.push("date", date);
        }
        _ if !tex => diags.push(
            paper
                .diagnostic(
                    Code::MissingDate,
                    format!("`{}` has no publication date, which biblatex's data model expects", paper.key),
                )
                .with_hint("add a 发表时间 field or enrich the catalogue; biber --validate-datamodel warns meanwhile"),
        ),
        _ => {}
    }
    if let Some(id) = &f.work.arxiv {
        e.push("eprint", tex::verbatim(id));
        if tex {
            e.push("archivePrefix", "arXiv".into());
            e.push(
                "primaryClass",
                f.work
                    .arxiv_category
                    .as_deref()
                    .map(escape)
                    .unwrap_or_default(),
            );
        } else {
            e.push("eprinttype", "arxiv".into());
            e.push(
                "eprintclass",
                f.work
                    .arxiv_category
                    .as_deref()
                    .map(escape)
                    .unwrap_or_default(),
            );
        }
    }
    e.push(
        "doi",
        f.work.doi.as_deref().map(tex::verbatim).unwrap_or_default(),
    );
    e.push(
        "url",
        f.url.as_deref().map(tex::verbatim).unwrap_or_default(),
    );
    let code = f.code();
    let code = (!code.is_empty()).then(|| {
        let links: Vec<String> = code.iter().map(|c| tex::url(c)).collect();
        format!("Code: {}", links.join(", "))
    });
    let note: Vec<String> = arxiv_in_note.into_iter().chain(code).collect();
    e.push(if tex { "note" } else { "addendum" }, note.join(". "));
    if opts.keywords {
        e.push("keywords", tex::keywords(&f.keywords).unwrap_or_default());
    }
    if f.english {
        e.push(if tex { "language" } else { "langid" }, "english".into());
    }
    if tex && authors.is_none() {
        // plain.bst sorts on `key` when there is no author, and warns when both are missing;
        // plainnat prints it in the author's place and cites with it (`\citet` gives the key
        // alone, without the year), so it is a short label, never the whole title; alpha.bst
        // cuts its label from it byte-wise, so it must be ASCII to stay valid UTF-8.
        let label = crate::entry::short_label(&f.title)
            .map(|l| escape(&l))
            .filter(|l| l.is_ascii())
            .unwrap_or_else(|| escape(&paper.key));
        e.push("key", label);
    }
    let (field, name) = if tex {
        ("annote", "BibTeX `annote` annotation")
    } else {
        ("annotation", "BibLaTeX `annotation` annotation")
    };
    let hint = "raise the annotation limit (or lift it) if your tools take long fields";
    if let Some(lines) = annotation_lines(&f, opts, name, hint, diags) {
        if !lines.is_empty() {
            let lines = lines.iter().map(|l| escape(l)).collect();
            e.fields.push((field, Value::Lines(lines)));
        }
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_that_look_like_a_field_or_an_entry_are_not_broken_before() {
        for (line, breakable) in [
            ("方法: x = y", true),
            ("- x = y", true),
            ("x y = z", true),
            ("W = W0 + B @ A", false),
            ("name=1", false),
            ("x.y = z", false),
            ("x == y", false),
            ("@misc{x", false),
        ] {
            assert_eq!(breakable_before(line), breakable, "{line}");
        }
        let e = BibEntry {
            ty: "misc",
            key: "k",
            fields: vec![(
                "annote",
                Value::Lines(vec!["a".into(), "b".into(), "W = 1".into(), "@x".into()]),
            )],
        };
        let mut out = String::new();
        e.render(&mut out);
        assert_eq!(out, "@misc{k,\n  annote = {a\n            b W = 1 @x}\n}\n");
    }
}
