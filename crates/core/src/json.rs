//! The JSON contract of `papercat parse --format json` and `papercat export --to json`.
//!
//! These serialisation-only structs are the documented output schema (see
//! `docs/json-format.md`); the model can change without changing them. [`write()`] streams
//! exactly the bytes serde_json gives for them (checked by `tests/json_equiv.rs`) without
//! building them, through one small reused buffer.
//!
//! ```json
//! { "title": "...", "papers": [ { "key": "liu2023visual", "title": "Visual Instruction Tuning",
//!   "heading": "LLaVA：经典的多模态大模型", "sections": [["多模态篇"]], "line": 57, ... } ],
//!   "diagnostics": [ { "file": "x.md", "line": 3, "column": 1, "severity": "warning",
//!   "code": "bad-arxiv-id", "message": "...", "hint": "..." } ] }
//! ```

use std::io::Write;

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::model::{
    Author, Catalogue, Field, Link, LinkKind, Occurrence, Paper, Provenance, Section,
};

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

impl<'a> JsonCatalogue<'a> {
    /// The JSON view of a catalogue: serialising it with serde_json gives the bytes of
    /// [`write()`] (which streams the same document without building the view).
    pub fn new(cat: &'a Catalogue) -> Self {
        JsonCatalogue {
            title: cat.title.as_deref(),
            sections: cat.sections.iter().map(json_section).collect(),
            papers: cat.papers.iter().map(JsonPaper::new).collect(),
            diagnostics: &cat.diagnostics,
        }
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
    #[error("cannot write JSON")]
    Io(#[from] std::io::Error),
    /// Serialisation failed.
    #[error("cannot serialise JSON")]
    Json(#[from] serde_json::Error),
}

/// Write the catalogue as the documented JSON contract.
///
/// The bytes are exactly those of serialising a [`JsonCatalogue`] with
/// `serde_json::to_writer_pretty` (or `serde_json::to_writer` when [`Options::pretty`] is
/// off) followed by a newline; the document is streamed, paper by paper, through a small
/// reused buffer and never held in memory.
///
/// # Errors
/// [`Error::Io`] when `out` fails.
pub fn write<W: Write>(
    cat: &Catalogue,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let mut e = Emitter::new(opts.pretty);
    e.open(b'{');
    e.key("title");
    e.opt_str(cat.title.as_deref());
    e.key("sections");
    e.open(b'[');
    for s in &cat.sections {
        e.elem();
        section(&mut e, s);
    }
    e.close(b']');
    e.key("papers");
    e.open(b'[');
    for p in &cat.papers {
        e.elem();
        paper(&mut e, p);
        e.spill(&mut out)?;
    }
    e.close(b']');
    e.key("diagnostics");
    e.open(b'[');
    for d in &cat.diagnostics {
        e.elem();
        diagnostic(&mut e, d);
        e.spill(&mut out)?;
    }
    e.close(b']');
    e.close(b'}');
    e.buf.push(b'\n');
    out.write_all(&e.buf)?;
    out.flush()?;
    Ok(Vec::new())
}

fn section(e: &mut Emitter, s: &Section) {
    e.open(b'{');
    e.key("title");
    e.str(&s.title);
    e.key("level");
    e.uint(s.level.into());
    e.key("path");
    e.strs(&s.path);
    e.key("file");
    e.str(&s.file);
    e.key("line");
    e.uint(s.line);
    e.close(b'}');
}

fn paper(e: &mut Emitter, p: &Paper) {
    e.open(b'{');
    e.key("key");
    e.str(&p.key);
    e.key("title");
    e.opt_str(p.title.as_deref());
    e.key("heading");
    e.str(&p.heading);
    e.key("note_link");
    e.opt_str(p.note_link.as_deref());
    e.key("sections");
    e.open(b'[');
    // The section path of every occurrence, deduplicated (as `Paper::sections`).
    for (i, o) in p.occurrences.iter().enumerate() {
        if !p.occurrences[..i].iter().any(|x| x.section == o.section) {
            e.elem();
            e.strs(&o.section);
        }
    }
    e.close(b']');
    e.key("file");
    e.str(p.occurrences.first().map_or("", |o| o.file.as_str()));
    e.key("line");
    e.uint(p.line());
    e.key("occurrences");
    e.open(b'[');
    for o in &p.occurrences {
        e.elem();
        e.open(b'{');
        e.key("file");
        e.str(&o.file);
        e.key("line");
        e.uint(o.line);
        e.key("section");
        e.strs(&o.section);
        e.close(b'}');
    }
    e.close(b']');
    e.key("arxiv");
    e.opt_str(p.arxiv.as_deref());
    e.key("arxiv_version");
    match p.arxiv_version {
        Some(v) => e.uint(v),
        None => e.null(),
    }
    e.key("arxiv_category");
    e.opt_str(p.arxiv_category.as_deref());
    e.key("doi");
    e.opt_str(p.doi.as_deref());
    e.key("acl");
    e.opt_str(p.acl.as_deref());
    e.key("url");
    e.opt_str(p.url.as_deref());
    e.key("links");
    e.open(b'[');
    for l in &p.links {
        e.elem();
        e.open(b'{');
        e.key("url");
        e.str(&l.url);
        e.key("kind");
        e.str(link_kind(l.kind));
        e.key("label");
        e.str(&l.label);
        e.close(b'}');
    }
    e.close(b']');
    e.key("code");
    e.strs(&p.code);
    let venue = p.venue.as_ref();
    e.key("venue");
    e.opt_str(venue.map(|v| v.raw.as_str()).filter(|s| !s.is_empty()));
    e.key("venue_name");
    e.opt_str(venue.and_then(|v| v.name.as_deref()));
    e.key("venue_note");
    e.opt_str(venue.and_then(|v| v.note.as_deref()));
    e.key("year");
    match p.year {
        Some(y) => e.int(y),
        None => e.null(),
    }
    e.key("month");
    match p.month {
        Some(m) => e.uint(m.into()),
        None => e.null(),
    }
    e.key("authors");
    e.open(b'[');
    for a in &p.authors {
        e.elem();
        e.open(b'{');
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
        e.close(b'}');
    }
    e.close(b']');
    e.key("et_al");
    e.raw(if p.et_al { "true" } else { "false" });
    e.key("institutions");
    e.strs(&p.institutions);
    e.key("topics");
    e.strs(&p.topics);
    e.key("fields");
    e.open(b'[');
    for f in &p.fields {
        e.elem();
        e.open(b'{');
        e.key("label");
        e.str(&f.label);
        e.key("kind");
        e.str(f.kind.as_str());
        e.key("text");
        e.str(&f.text);
        e.key("line");
        e.uint(f.line);
        e.close(b'}');
    }
    e.close(b']');
    if !p.provenance.is_empty() {
        e.key("provenance");
        e.open(b'[');
        for v in &p.provenance {
            e.elem();
            e.open(b'{');
            e.key("field");
            e.str(&v.field);
            e.key("source");
            e.str(&v.source);
            e.key("matched_by");
            e.str(&v.matched_by);
            e.close(b'}');
        }
        e.close(b']');
    }
    e.close(b'}');
}

fn diagnostic(e: &mut Emitter, d: &Diagnostic) {
    e.open(b'{');
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
    e.close(b'}');
}

/// The serde name of a link kind.
fn link_kind(k: LinkKind) -> &'static str {
    k.as_str()
}

/// Spill the buffer to the output once it holds this much.
const SPILL: usize = 1 << 16;

/// A JSON printer into a byte buffer, laid out like serde_json's `PrettyFormatter` (two-space
/// indent, `": "` after keys) or its compact formatter.
struct Emitter {
    buf: Vec<u8>,
    pretty: bool,
    depth: usize,
    /// No value written yet in the innermost open container.
    first: bool,
}

/// Spaces for indentation, sliced per level.
const SPACES: &[u8; 64] = b"                                                                ";

impl Emitter {
    fn new(pretty: bool) -> Self {
        Emitter {
            buf: Vec::with_capacity(SPILL + (SPILL >> 2)),
            pretty,
            depth: 0,
            first: true,
        }
    }

    /// Hands the buffer to `out` once it is large enough.
    fn spill<W: Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        if self.buf.len() >= SPILL {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn indent(&mut self) {
        let mut n = self.depth * 2;
        while n > SPACES.len() {
            self.buf.extend_from_slice(SPACES);
            n -= SPACES.len();
        }
        self.buf.extend_from_slice(&SPACES[..n]);
    }

    /// Opens an object (`{`) or array (`[`).
    fn open(&mut self, c: u8) {
        self.buf.push(c);
        self.depth += 1;
        self.first = true;
    }

    /// Closes the innermost container (`}` or `]`).
    fn close(&mut self, c: u8) {
        self.depth -= 1;
        if self.pretty && !self.first {
            self.buf.push(b'\n');
            self.indent();
        }
        self.buf.push(c);
        self.first = false;
    }

    /// Starts the next array element.
    fn elem(&mut self) {
        if self.pretty {
            if self.first {
                self.buf.push(b'\n');
            } else {
                self.buf.extend_from_slice(b",\n");
            }
            self.indent();
        } else if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
    }

    /// Starts the next object member; `k` needs no escaping.
    fn key(&mut self, k: &str) {
        self.elem();
        self.buf.push(b'"');
        self.buf.extend_from_slice(k.as_bytes());
        self.buf
            .extend_from_slice(if self.pretty { b"\": " } else { b"\":" });
    }

    fn raw(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    fn null(&mut self) {
        self.raw("null");
    }

    fn uint(&mut self, n: u32) {
        let mut tmp = [0u8; 10];
        let mut i = tmp.len();
        let mut n = n;
        loop {
            i -= 1;
            // n % 10 < 10: the cast cannot truncate.
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }

    fn int(&mut self, n: i32) {
        if n < 0 {
            self.buf.push(b'-');
        }
        self.uint(n.unsigned_abs());
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.null(),
        }
    }

    fn strs(&mut self, items: &[String]) {
        self.open(b'[');
        for s in items {
            self.elem();
            self.str(s);
        }
        self.close(b']');
    }

    /// A string literal, escaped as serde_json escapes it.
    fn str(&mut self, s: &str) {
        escape_into(&mut self.buf, s);
    }
}

/// What a byte becomes inside a JSON string: 0 for itself, else the letter after `\`
/// (`u` for `\u00XX`). The same table serde_json uses.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `s` to `buf` as a JSON string literal, quotes included, escaped exactly as
/// serde_json escapes it, in one pass over its bytes (the JSON-LD writer uses it too).
pub fn escape_into(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none needs escaping (the common case).
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if !needs_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let esc = ESCAPE[usize::from(b)];
        if esc != 0 {
            buf.extend_from_slice(&bytes[start..i]);
            if esc == b'u' {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                buf.extend_from_slice(b"\\u00");
                buf.push(HEX[usize::from(b >> 4)]);
                buf.push(HEX[usize::from(b & 0xF)]);
            } else {
                buf.push(b'\\');
                buf.push(esc);
            }
            start = i + 1;
        }
        i += 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// True when one of the eight bytes of `w` is a control character, `"` or `\\` (exact: the
/// classic "has a zero byte" and "has a byte less than n" tests, which never miss one).
fn needs_escape(w: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    (below_space | has_zero(w ^ (ONES * u64::from(b'"'))) | has_zero(w ^ (ONES * u64::from(b'\\'))))
        != 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn slow(word: [u8; 8]) -> bool {
        word.iter().any(|&b| ESCAPE[usize::from(b)] != 0)
    }

    #[test]
    fn every_byte_in_every_place_is_checked() {
        for b in 0..=255u8 {
            for at in 0..8 {
                let mut word = [b'a'; 8];
                word[at] = b;
                assert_eq!(
                    needs_escape(u64::from_le_bytes(word)),
                    slow(word),
                    "{b} at {at}"
                );
            }
        }
    }

    proptest! {
        #[test]
        fn needs_escape_is_exact(word in any::<[u8; 8]>()) {
            prop_assert_eq!(needs_escape(u64::from_le_bytes(word)), slow(word));
        }

        #[test]
        fn strings_escape_like_serde_json(text in any::<String>()) {
            let mut out = Vec::new();
            escape_into(&mut out, &text);
            prop_assert_eq!(out, serde_json::to_vec(&text).unwrap());
        }
    }
}
