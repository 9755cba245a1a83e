//! CSL-JSON: an array of CSL items (the input format of citeproc, pandoc and Zotero), valid
//! against the CSL 1.0.2 data schema.
//!
//! | paper | `type` | fields beyond `title`, `author`, `issued` |
//! | --- | --- | --- |
//! | venue known | `paper-conference` | `container-title` (`Proceedings of EMNLP 2023`) |
//! | arXiv, no venue | `article` | `number` (`arXiv:2304.08485`), `publisher` (`arXiv`) |
//! | web page (a link, no identifier) | `webpage` | `URL` |
//! | DOI only, or nothing known | `document` | `DOI`, `URL` |
//!
//! Every item has `id` (the citation key) and may have `DOI`, `URL`, `note` (`arXiv: ID`, which
//! pandoc and citeproc-js read), `keyword` (section paths and topics, comma-separated),
//! `language` (`en` for an English title) and `annote` (the Chinese heading, the reading notes
//! and `Code: <repository URLs>`, one per line). Names are `family`/`given` or `literal`, and
//! a list the catalogue cut short ("et al.") ends with `{"literal": "others"}`, which pandoc's
//! citeproc prints as "et al."; `issued` is `date-parts` (`[[2023, 4]]`). Text is cleaned like the `.bib` writers do
//! (control characters dropped, whitespace runs made one space), never LaTeX-escaped.
//!
//! The serialisation structs below are this format's schema; they live apart from the model.

use std::io::Write;

use papercat_core::{Author, Catalogue, Diagnostic};
use serde::Serialize;

use crate::entry::{annotation_lines, Facts, Kind};
use crate::tex::clean;
use crate::Error;

pub use crate::Options;

/// One CSL item. Field order is the output order.
#[derive(Debug, Serialize)]
struct Item<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Name>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issued: Option<Date>,
    #[serde(rename = "container-title", skip_serializing_if = "Option::is_none")]
    container_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<String>,
    #[serde(rename = "DOI", skip_serializing_if = "Option::is_none")]
    doi: Option<String>,
    #[serde(rename = "URL", skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyword: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    annote: Option<String>,
}

/// A CSL name: `{"family", "given"}` or `{"literal"}`.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Name {
    Person {
        family: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        given: String,
    },
    Literal {
        literal: String,
    },
}

/// A CSL date: `{"date-parts": [[year, month]]}`.
#[derive(Debug, Serialize)]
struct Date {
    #[serde(rename = "date-parts")]
    date_parts: [Vec<i32>; 1],
}

/// Writes the catalogue as a CSL-JSON array, one item per paper in catalogue order, ending
/// with a newline.
///
/// Returns the export-time warnings (`annotation-truncated`).
///
/// # Errors
///
/// [`Error::InvalidKey`] or [`Error::DuplicateKey`] when a key is empty or repeated (the same
/// rule as the `.bib` writers, so that every format cites alike), [`Error::Io`] when the
/// output fails, [`Error::Json`] never in practice.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    catalogue.validate()?;
    let mut diags = Vec::new();
    // Item by item through a reused buffer, with the bytes serde_json writes for the whole
    // array: an item's JSON has no raw newline inside strings, so indenting each of its
    // lines by two spaces nests it exactly as the pretty printer would.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut buf = Vec::new();
    out.write_all(b"[")?;
    for (i, p) in catalogue.papers.iter().enumerate() {
        let it = item(&Facts::new(p), opts, &mut diags);
        buf.clear();
        if opts.pretty {
            serde_json::to_writer_pretty(&mut buf, &it)?;
            out.write_all(if i > 0 { b",\n  " } else { b"\n  " })?;
            for (j, line) in buf.split(|&b| b == b'\n').enumerate() {
                if j > 0 {
                    out.write_all(b"\n  ")?;
                }
                out.write_all(line)?;
            }
        } else {
            serde_json::to_writer(&mut buf, &it)?;
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(&buf)?;
        }
    }
    if opts.pretty && !catalogue.papers.is_empty() {
        out.write_all(b"\n")?;
    }
    out.write_all(b"]\n")?;
    out.flush()?;
    Ok(diags)
}

fn item<'a>(f: &Facts<'a>, opts: &Options, diags: &mut Vec<Diagnostic>) -> Item<'a> {
    let paper = f.paper;
    let nonempty = |s: String| (!s.is_empty()).then_some(s);
    let kind = match f.kind {
        Kind::Conference => "paper-conference",
        Kind::Preprint => "article",
        Kind::Web => "webpage",
        Kind::Other => "document",
    };
    let preprint = f.kind == Kind::Preprint;
    let issued = f.work.year.map(|y| Date {
        date_parts: [std::iter::once(y)
            .chain(f.work.month.map(i32::from))
            .collect()],
    });
    let hint = "raise the annotation limit (or lift it)";
    let annote = annotation_lines(f, opts, "CSL-JSON annote", hint, diags).and_then(|mut lines| {
        let code = f.code();
        if !code.is_empty() {
            lines.push(format!("Code: {}", code.join(", ")));
        }
        nonempty(lines.join("\n"))
    });
    Item {
        id: &paper.key,
        kind,
        title: nonempty(f.title.clone()),
        author: authors(paper),
        issued,
        container_title: f.venue.as_ref().map(|v| v.booktitle(opts.booktitle)),
        publisher: preprint.then_some("arXiv"),
        number: f
            .work
            .arxiv
            .as_ref()
            .filter(|_| preprint)
            .map(|id| format!("arXiv:{id}")),
        doi: f.work.doi.clone(),
        url: f.url.clone(),
        note: f.work.arxiv.as_ref().map(|id| format!("arXiv: {id}")),
        keyword: (opts.keywords && !f.keywords.is_empty()).then(|| f.keywords.join(", ")),
        language: f.english.then_some("en"),
        annote,
    }
}

/// The names, then `{"literal": "others"}` when the catalogue lists only the first authors
/// ("et al."): the marker pandoc's BibTeX reader gives for `and others`, which citeproc
/// renders as "et al.", so a truncated list is never shown as complete.
fn authors(paper: &papercat_core::Paper) -> Vec<Name> {
    let mut names: Vec<Name> = paper.work.authors.iter().filter_map(name).collect();
    if paper.work.et_al && !names.is_empty() {
        names.push(Name::Literal {
            literal: "others".into(),
        });
    }
    names
}

fn name(a: &Author) -> Option<Name> {
    match a {
        Author::Literal { literal } => {
            let literal = clean(literal);
            (!literal.is_empty()).then_some(Name::Literal { literal })
        }
        Author::Person { given, family } => {
            let (given, family) = (clean(given), clean(family));
            match (family.is_empty(), given.is_empty()) {
                (true, true) => None,
                (true, false) => Some(Name::Literal { literal: given }),
                (false, _) => Some(Name::Person { family, given }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::{Paper, Venue, Work};

    fn out(papers: Vec<Paper>, opts: &Options) -> String {
        crate::testing::written(papers, |c, b| write(c, b, opts)).0
    }

    fn compact() -> Options {
        Options {
            pretty: false,
            ..Options::default()
        }
    }

    #[test]
    fn arxiv_preprint_is_an_article_from_arxiv() {
        let p = Paper {
            topics: vec!["多模态".into()],
            work: Work {
                authors: vec![
                    Author::person("Haotian", "Liu"),
                    Author::person("", "Pagnoni"),
                    Author::literal("任昭春"),
                ],
                ..crate::testing::llava().work
            },
            ..crate::testing::llava()
        };
        let mut cut = p.clone();
        cut.work.et_al = true;
        let v: serde_json::Value = serde_json::from_str(&out(vec![cut], &compact())).unwrap();
        assert_eq!(v[0]["author"][3], serde_json::json!({"literal": "others"}));
        assert_eq!(v[0]["author"].as_array().map(Vec::len), Some(4));
        assert_eq!(
            out(vec![p], &compact()),
            r#"[{"id":"liu2023visual","type":"article","title":"Visual Instruction Tuning","author":[{"family":"Liu","given":"Haotian"},{"family":"Pagnoni"},{"literal":"任昭春"}],"issued":{"date-parts":[[2023,4]]},"publisher":"arXiv","number":"arXiv:2304.08485","URL":"https://arxiv.org/abs/2304.08485","note":"arXiv: 2304.08485","keyword":"多模态","language":"en","annote":"LLaVA：经典的多模态大模型\nCode: https://github.com/haotian-liu/LLaVA"}]
"#
        );
    }

    #[test]
    fn types_follow_what_is_known() {
        let base = Paper {
            key: "k".into(),
            heading: "标题".into(),
            ..Default::default()
        };
        let kind = |p: Paper| -> String {
            let v: serde_json::Value = serde_json::from_str(&out(vec![p], &compact())).unwrap();
            v[0]["type"].as_str().unwrap().to_string()
        };
        assert_eq!(kind(base.clone()), "document");
        let web = Paper {
            url: Some("https://example.org/post".into()),
            ..base.clone()
        };
        assert_eq!(kind(web), "webpage");
        let doi = Paper {
            url: Some("https://example.org/post".into()),
            work: Work {
                doi: Some("10.1/x".into()),
                ..Default::default()
            },
            ..base.clone()
        };
        assert_eq!(kind(doi), "document");
        let acl = Paper {
            work: Work {
                acl: Some("2023.acl-long.1".into()),
                ..Default::default()
            },
            ..base.clone()
        };
        assert_eq!(kind(acl.clone()), "paper-conference");
        let v: serde_json::Value = serde_json::from_str(&out(vec![acl], &compact())).unwrap();
        assert_eq!(v[0]["container-title"], "Proceedings of ACL 2023");
        assert_eq!(v[0]["URL"], "https://aclanthology.org/2023.acl-long.1");
        assert_eq!(v[0]["issued"]["date-parts"][0][0], 2023);
        let venue = Paper {
            work: Work {
                venue: Some(Venue {
                    raw: "X".into(),
                    name: None,
                    year: None,
                    note: None,
                }),
                ..Default::default()
            },
            ..base
        };
        assert_eq!(
            kind(venue),
            "document",
            "a venue without a name is not a venue"
        );
    }

    #[test]
    fn empty_catalogue_is_an_empty_array() {
        assert_eq!(out(vec![], &Options::default()), "[]\n");
        assert_eq!(out(vec![], &compact()), "[]\n");
    }
}
