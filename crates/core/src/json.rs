//! The JSON contract of `papercat parse --format json` and `papercat export --to json`.
//!
//! `docs/json-format.md` documents the schema; [`write()`] is its one implementation: it streams
//! the document, paper by paper, through one small reused buffer, laid out as serde_json lays
//! out a document (`tests/json_contract.rs` checks the layout, the keys, their order and types
//! against the docs, and the values against the model).
//!
//! ```json
//! { "title": "...", "papers": [ { "key": "liu2023visual", "title": "Visual Instruction Tuning",
//!   "heading": "LLaVA：经典的多模态大模型", "sections": [["多模态篇"]], "line": 57, ... } ],
//!   "diagnostics": [ { "file": "x.md", "line": 3, "column": 1, "severity": "warning",
//!   "code": "bad-arxiv-id", "message": "...", "hint": "..." } ] }
//! ```

use std::io::Write;

mod emitter;

pub use emitter::{escape_into, push_decimal, push_int, Container, Emitter};

use Container::{Array, Object};

use crate::diag::{Diagnostic, Severity};
use crate::model::{Author, Catalogue, LinkKind, Paper, Section};

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
    #[error("cannot write JSON")]
    Io(#[from] std::io::Error),
}

/// Write the catalogue as the documented JSON contract (`docs/json-format.md`).
///
/// The layout is serde_json's: `serde_json::to_writer_pretty` (or `serde_json::to_writer`
/// when [`Options::pretty`] is off) of the same document, followed by a newline; the document
/// is streamed, paper by paper, through a small reused buffer and never held in memory.
///
/// # Errors
/// [`Error::Io`] when `out` fails.
pub fn write<W: Write>(
    cat: &Catalogue,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let mut e = Emitter::new(opts.pretty);
    e.begin(Object);
    e.key("title");
    e.opt_str(cat.title.as_deref());
    e.key("sections");
    e.begin(Array);
    for s in &cat.sections {
        e.element();
        section(&mut e, s);
    }
    e.end(Array);
    e.key("papers");
    e.begin(Array);
    for p in &cat.papers {
        e.element();
        paper(&mut e, p);
        e.spill(&mut out)?;
    }
    e.end(Array);
    e.key("diagnostics");
    e.begin(Array);
    for d in &cat.diagnostics {
        e.element();
        diagnostic(&mut e, d);
        e.spill(&mut out)?;
    }
    e.end(Array);
    e.end(Object);
    e.finish(&mut out)?;
    out.flush()?;
    Ok(Vec::new())
}

fn section(e: &mut Emitter, s: &Section) {
    e.begin(Object);
    e.key("title");
    e.str(&s.title);
    e.key("level");
    e.uint(s.level);
    e.key("path");
    e.strs(&s.path);
    e.key("file");
    e.str(&s.file);
    e.key("line");
    e.uint(s.line);
    e.end(Object);
}

fn paper(e: &mut Emitter, p: &Paper) {
    e.begin(Object);
    e.key("key");
    e.str(&p.key);
    e.key("title");
    e.opt_str(p.work.title.as_deref());
    e.key("heading");
    e.str(&p.heading);
    e.key("note_link");
    e.opt_str(p.note_link.as_deref());
    e.key("sections");
    e.begin(Array);
    // The section path of every occurrence, deduplicated (as `Paper::sections`).
    for (i, o) in p.occurrences.iter().enumerate() {
        if !p.occurrences[..i].iter().any(|x| x.section == o.section) {
            e.element();
            e.strs(&o.section);
        }
    }
    e.end(Array);
    e.key("file");
    e.str(p.occurrences.first().map_or("", |o| o.file.as_str()));
    e.key("line");
    e.uint(p.line());
    e.key("occurrences");
    e.begin(Array);
    for o in &p.occurrences {
        e.element();
        e.begin(Object);
        e.key("file");
        e.str(&o.file);
        e.key("line");
        e.uint(o.line);
        e.key("section");
        e.strs(&o.section);
        e.end(Object);
    }
    e.end(Array);
    e.key("arxiv");
    e.opt_str(p.work.arxiv.as_deref());
    e.key("arxiv_version");
    match p.arxiv_version {
        Some(v) => e.uint(v),
        None => e.null(),
    }
    e.key("arxiv_category");
    e.opt_str(p.work.arxiv_category.as_deref());
    e.key("doi");
    e.opt_str(p.work.doi.as_deref());
    e.key("acl");
    e.opt_str(p.work.acl.as_deref());
    e.key("url");
    e.opt_str(p.url.as_deref());
    e.key("links");
    e.begin(Array);
    for l in &p.links {
        e.element();
        e.begin(Object);
        e.key("url");
        e.str(&l.url);
        e.key("kind");
        e.str(link_kind(l.kind));
        e.key("label");
        e.str(&l.label);
        e.end(Object);
    }
    e.end(Array);
    e.key("code");
    e.strs(&p.code);
    let venue = p.work.venue.as_ref();
    e.key("venue");
    e.opt_str(venue.map(|v| v.raw.as_str()).filter(|s| !s.is_empty()));
    e.key("venue_name");
    e.opt_str(venue.and_then(|v| v.name.as_deref()));
    e.key("venue_note");
    e.opt_str(venue.and_then(|v| v.note.as_deref()));
    e.key("year");
    match p.work.year {
        Some(y) => e.int(y),
        None => e.null(),
    }
    e.key("month");
    match p.work.month {
        Some(m) => e.uint(m),
        None => e.null(),
    }
    e.key("authors");
    e.begin(Array);
    for a in &p.work.authors {
        e.element();
        e.begin(Object);
        match a {
            Author::Person { given, family } => {
                e.key("given");
                e.str(given);
                e.key("family");
                e.str(family);
            }
            Author::Literal { literal } => {
                e.key("literal");
                e.str(literal);
            }
        }
        e.end(Object);
    }
    e.end(Array);
    e.key("et_al");
    e.bool(p.work.et_al);
    e.key("institutions");
    e.strs(&p.institutions);
    e.key("topics");
    e.strs(&p.topics);
    e.key("fields");
    e.begin(Array);
    for f in &p.fields {
        e.element();
        e.begin(Object);
        e.key("label");
        e.str(&f.label);
        e.key("kind");
        e.str(f.kind.as_str());
        e.key("text");
        e.str(&f.text);
        e.key("line");
        e.uint(f.line);
        e.end(Object);
    }
    e.end(Array);
    if !p.provenance.is_empty() {
        e.key("provenance");
        e.begin(Array);
        for v in &p.provenance {
            e.element();
            e.begin(Object);
            e.key("field");
            e.str(&v.field);
            e.key("source");
            e.str(&v.source);
            e.key("matched_by");
            e.str(&v.matched_by);
            e.end(Object);
        }
        e.end(Array);
    }
    e.end(Object);
}

fn diagnostic(e: &mut Emitter, d: &Diagnostic) {
    e.begin(Object);
    e.key("file");
    e.str(&d.file);
    e.key("line");
    e.uint(d.line);
    e.key("column");
    e.uint(d.column);
    e.key("severity");
    e.str(match d.severity {
        Severity::Note => "note",
        Severity::Warning => "warning",
        Severity::Error => "error",
    });
    e.key("code");
    e.str(d.code.as_str());
    e.key("message");
    e.str(&d.message);
    if let Some(h) = &d.hint {
        e.key("hint");
        e.str(h);
    }
    e.end(Object);
}

/// The serde name of a link kind.
fn link_kind(k: LinkKind) -> &'static str {
    k.as_str()
}
