//! The JSON contract of `papercat parse --format json` and `papercat export --to json`.
//!
//! These serialisation-only structs are the documented output schema (see
//! `docs/json-format.md`); the model can change without changing them.
//!
//! ```json
//! { "title": "...", "papers": [ { "key": "liu2023visual", "title": "Visual Instruction Tuning",
//!   "heading": "LLaVA：经典的多模态大模型", "sections": [["多模态篇"]], "line": 57, ... } ],
//!   "diagnostics": [ { "file": "x.md", "line": 3, "column": 1, "severity": "warning",
//!   "code": "bad-arxiv-id", "message": "...", "hint": "..." } ] }
//! ```

use std::io::Write;

use serde::Serialize;

use crate::diag::Diagnostic;
use crate::model::{Author, Catalogue, Field, Link, Occurrence, Paper, Provenance, Section};

/// The whole document.
#[derive(Serialize)]
pub struct JsonCatalogue<'a> {
    /// Catalogue title.
    pub title: Option<&'a str>,
    /// Sections in document order.
    pub sections: Vec<JsonSection<'a>>,
    /// Papers.
    pub papers: Vec<JsonPaper<'a>>,
    /// Diagnostics.
    pub diagnostics: &'a [Diagnostic],
}

/// One section.
#[derive(Serialize)]
pub struct JsonSection<'a> {
    /// Heading text.
    pub title: &'a str,
    /// Heading level.
    pub level: u8,
    /// Path of headings.
    pub path: &'a [String],
    /// File.
    pub file: &'a str,
    /// Line.
    pub line: u32,
}

/// One paper.
#[derive(Serialize)]
pub struct JsonPaper<'a> {
    /// Citation key.
    pub key: &'a str,
    /// English title or null.
    pub title: Option<&'a str>,
    /// The item's own text.
    pub heading: &'a str,
    /// Relative note link or null.
    pub note_link: Option<&'a str>,
    /// Section paths of all listings.
    pub sections: Vec<&'a [String]>,
    /// File of the first listing.
    pub file: &'a str,
    /// Line of the first listing.
    pub line: u32,
    /// Every listing.
    pub occurrences: &'a [Occurrence],
    /// arXiv id without version.
    pub arxiv: Option<&'a str>,
    /// arXiv version linked, if any.
    pub arxiv_version: Option<u32>,
    /// Primary arXiv category.
    pub arxiv_category: Option<&'a str>,
    /// DOI.
    pub doi: Option<&'a str>,
    /// ACL Anthology id.
    pub acl: Option<&'a str>,
    /// Primary link.
    pub url: Option<&'a str>,
    /// All links.
    pub links: &'a [Link],
    /// Code repositories.
    pub code: &'a [String],
    /// Venue as written.
    pub venue: Option<&'a str>,
    /// Normalised venue name.
    pub venue_name: Option<&'a str>,
    /// Venue qualifier (Oral...).
    pub venue_note: Option<&'a str>,
    /// Year.
    pub year: Option<i32>,
    /// Month.
    pub month: Option<u8>,
    /// Authors.
    pub authors: &'a [Author],
    /// Et-al flag.
    pub et_al: bool,
    /// Institutions.
    pub institutions: &'a [String],
    /// Topics.
    pub topics: &'a [String],
    /// Every field in order.
    pub fields: Vec<JsonField<'a>>,
    /// Values filled from outside the catalogue.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub provenance: &'a [Provenance],
}

/// One field.
#[derive(Serialize)]
pub struct JsonField<'a> {
    /// Raw label.
    pub label: &'a str,
    /// Normalised kind.
    pub kind: &'static str,
    /// Text (Markdown, nested lists kept).
    pub text: &'a str,
    /// Line.
    pub line: u32,
}

impl<'a> JsonPaper<'a> {
    /// The JSON view of a paper.
    pub fn new(p: &'a Paper) -> Self {
        let first = p.occurrences.first();
        JsonPaper {
            key: &p.key,
            title: p.title.as_deref(),
            heading: &p.heading,
            note_link: p.note_link.as_deref(),
            sections: p.sections(),
            file: first.map_or("", |o| o.file.as_str()),
            line: p.line(),
            occurrences: &p.occurrences,
            arxiv: p.arxiv.as_deref(),
            arxiv_version: p.arxiv_version,
            arxiv_category: p.arxiv_category.as_deref(),
            doi: p.doi.as_deref(),
            acl: p.acl.as_deref(),
            url: p.url.as_deref(),
            links: &p.links,
            code: &p.code,
            venue: p
                .venue
                .as_ref()
                .map(|v| v.raw.as_str())
                .filter(|s| !s.is_empty()),
            venue_name: p.venue.as_ref().and_then(|v| v.name.as_deref()),
            venue_note: p.venue.as_ref().and_then(|v| v.note.as_deref()),
            year: p.year,
            month: p.month,
            authors: &p.authors,
            et_al: p.et_al,
            institutions: &p.institutions,
            topics: &p.topics,
            fields: p.fields.iter().map(json_field).collect(),
            provenance: &p.provenance,
        }
    }
}

fn json_field(f: &Field) -> JsonField<'_> {
    JsonField {
        label: &f.label,
        kind: f.kind.as_str(),
        text: &f.text,
        line: f.line,
    }
}

fn json_section(s: &Section) -> JsonSection<'_> {
    JsonSection {
        title: &s.title,
        level: s.level,
        path: &s.path,
        file: &s.file,
        line: s.line,
    }
}

/// Options of the JSON writer.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Pretty-print (default true in the CLI).
    pub pretty: bool,
}

/// Errors of the JSON writer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing failed.
    #[error("cannot write JSON: {0}")]
    Io(#[from] std::io::Error),
    /// Serialisation failed.
    #[error("cannot serialise JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Write the catalogue as the documented JSON contract.
///
/// # Errors
/// [`Error::Io`] when `out` fails, [`Error::Json`] on a serialisation failure.
pub fn write<W: Write>(
    cat: &Catalogue,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let doc = JsonCatalogue {
        title: cat.title.as_deref(),
        sections: cat.sections.iter().map(json_section).collect(),
        papers: cat.papers.iter().map(JsonPaper::new).collect(),
        diagnostics: &cat.diagnostics,
    };
    let written = if opts.pretty {
        serde_json::to_writer_pretty(&mut out, &doc)
    } else {
        serde_json::to_writer(&mut out, &doc)
    };
    // Keep I/O failures (a closed pipe, a full disk) as I/O errors.
    written.map_err(|e| match e.io_error_kind() {
        Some(kind) => Error::Io(std::io::Error::new(kind, e)),
        None => Error::Json(e),
    })?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(Vec::new())
}
