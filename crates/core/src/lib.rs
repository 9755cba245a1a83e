//! papercat-core: the catalogue model, the Markdown parser, identifiers and diagnostics.
//!
//! Markdown text -> [`parse`] -> [`Catalogue`] (papers, sections, diagnostics) -> optional
//! [`filter`] steps -> a format crate's `write`.
//!
//! Inside, one module a stage: `events` (the pulldown-cmark events, in chunks) -> `parser`
//! (blocks into raw entries: `pass` reads the events, `lists`, `items`, `fields` and `heads`
//! decide what each block is; `shapes` and `tables` recognise the other entry shapes) ->
//! `evidence` (is it a paper, which link is what) -> `build` (merging duplicates) with
//! `derive` (venue, year, authors) and `keys` (citation keys). [`text`], [`titles`] and
//! [`ids`] are the field-level helpers every stage uses; none of them imports a stage.
//!
//! ```
//! let cat = papercat_core::parse_str(
//!     "## RAG\n\n- Self-RAG\n  - 论文名称：Self-RAG: Learning to Retrieve\n  - 论文地址：https://arxiv.org/abs/2310.11511\n",
//! );
//! assert_eq!(cat.papers.len(), 1);
//! let p = &cat.papers[0];
//! assert_eq!(p.work.arxiv.as_deref(), Some("2310.11511"));
//! assert_eq!(p.work.year, Some(2023));
//! assert_eq!(p.sections(), vec![&["RAG".to_string()][..]]);
//! ```

mod build;
mod dedup;
mod derive;
pub mod diag;
mod entry;
mod events;
mod evidence;
pub mod filter;
pub mod ids;
pub mod json;
mod keys;
mod lines;
pub mod lint;
pub mod matching;
pub mod model;
mod par;
mod parser;
pub mod plain;
mod shapes;
mod tables;
pub mod text;
pub mod titles;

use std::collections::HashMap;
use std::path::PathBuf;

pub use diag::{Code, Diagnostic, Severity};
pub use model::*;

/// One input file.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// The name used in diagnostics (a path, or `-` for stdin).
    pub name: String,
    /// The text.
    pub text: String,
    /// The folder the file is in, to check relative note links; `None` skips that check.
    pub dir: Option<PathBuf>,
    /// Problems met while decoding the bytes (see [`Input::from_bytes`]).
    pub diagnostics: Vec<Diagnostic>,
}

impl Input {
    /// An input from bytes. Invalid UTF-8 is decoded lossily (each bad sequence becomes
    /// U+FFFD) with an `invalid-utf8` warning naming the byte offset of the first bad byte;
    /// a UTF-8 byte-order mark is dropped.
    pub fn from_bytes(name: &str, bytes: &[u8], dir: Option<PathBuf>) -> Input {
        Input::from_vec(name, bytes.to_vec(), dir)
    }

    /// Like [`Input::from_bytes`], taking ownership: valid UTF-8 without a byte-order mark
    /// becomes the text without a copy.
    pub fn from_vec(name: &str, bytes: Vec<u8>, dir: Option<PathBuf>) -> Input {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            return Input::decode(name, &bytes, dir);
        }
        match String::from_utf8(bytes) {
            Ok(text) => Input {
                name: name.to_string(),
                text,
                dir,
                diagnostics: Vec::new(),
            },
            Err(e) => Input::decode(name, e.as_bytes(), dir),
        }
    }

    fn decode(name: &str, bytes: &[u8], dir: Option<PathBuf>) -> Input {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut diagnostics = Vec::new();
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(e) => {
                let off = e.valid_up_to();
                let line = bytes[..off].iter().filter(|b| **b == b'\n').count() as u32 + 1;
                diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidUtf8,
                        name,
                        line,
                        1,
                        format!("invalid UTF-8 at byte offset {off}; bad bytes were replaced with U+FFFD"),
                    )
                    .with_hint("save the file as UTF-8 (iconv -f GB18030 -t UTF-8 is a common fix)"),
                );
                String::from_utf8_lossy(bytes).into_owned()
            }
        };
        Input {
            name: name.to_string(),
            text,
            dir,
            diagnostics,
        }
    }
}

/// Testing hook for the fuzzer: whether reading `text` in chunks of about `chunk` bytes (as
/// large files are read, both in a chain and independently) gives exactly the pulldown-cmark
/// events of reading it in one piece.
#[doc(hidden)]
pub fn chunked_events_match(text: &str, chunk: usize) -> bool {
    events::matches_whole(text, chunk) && events::independent_chunks_match(text, chunk)
}

/// Testing hook for the fuzzer: whether reading `text` in independent chunks of about
/// `chunk` bytes on two threads (as large files are read) gives exactly what reading it in
/// one piece gives: title, sections, entries and diagnostics. `None` when such chunks are
/// refused for this text (it is then read in one piece).
#[doc(hidden)]
pub fn chunked_read_matches(text: &str, chunk: usize) -> Option<bool> {
    parser::chunked_read_matches(text, chunk)
}

/// Parse one Markdown text named `<input>` into a catalogue.
pub fn parse_str(text: &str) -> Catalogue {
    parse(&[Input {
        name: "<input>".into(),
        text: text.into(),
        ..Default::default()
    }])
}

/// Why each block of the inputs is or is not a paper, as `note[explain]` diagnostics in
/// input order: one per entry any shape produced (list item, heading, bold title, reference
/// item, table row, nested item, footnote) with its evidence or what it lacks, one per table
/// row that has a title but no paper evidence and per table that is not a paper list, and
/// one per heading read as a section. Reads the inputs again; [`parse`] is unchanged by it.
pub fn explain(inputs: &[Input]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for input in inputs {
        let read = parser::read_file(&input.name, &input.text);
        for s in &read.sections {
            out.push(Diagnostic::new(
                Code::Explain,
                &input.name,
                s.line,
                1,
                format!(
                    "`{}` is a section: what stands under it is not one paper's fields with paper evidence",
                    s.title
                ),
            ));
        }
        // Table rows without paper evidence, and tables that are not paper lists.
        out.extend(read.explained);
        for e in &read.entries {
            let (paper, why) = evidence::explain_entry(e);
            let verdict = if paper { "a paper" } else { "not a paper" };
            out.push(Diagnostic::new(
                Code::Explain,
                &input.name,
                e.line,
                e.column,
                format!("{} `{}`: {verdict}: {why}", e.shape, e.heading),
            ));
        }
    }
    out.sort_by_key(|d| {
        (
            inputs.iter().position(|i| i.name == d.file),
            d.line,
            d.column,
        )
    });
    out
}

/// Parse and merge several inputs into one catalogue: sections are kept per file, papers
/// listed in several files are merged like duplicates within one file.
pub fn parse(inputs: &[Input]) -> Catalogue {
    let mut cat = Catalogue::default();
    let mut entries = Vec::new();
    let mut dirs = HashMap::new();
    for input in inputs {
        cat.diagnostics.extend(input.diagnostics.iter().cloned());
        let read = parser::read_file(&input.name, &input.text);
        if cat.title.is_none() {
            cat.title = read.title;
        }
        let base = cat.sections.len();
        cat.sections.extend(read.sections.into_iter().map(|mut s| {
            s.parent = s.parent.map(|p| p + base);
            s
        }));
        cat.diagnostics.extend(read.diagnostics);
        if entries.is_empty() {
            entries = read.entries;
        } else {
            entries.extend(read.entries);
        }
        dirs.insert(input.name.clone(), input.dir.clone());
    }
    let mut diags = Vec::new();
    cat.papers = build::build(entries, &dirs, &mut diags);
    cat.diagnostics.extend(diags);
    // Input order: by file (in input order), then line.
    let order: HashMap<&str, usize> = inputs
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name.as_str(), i))
        .collect();
    // Stable, and each key (with its file lookup) is worked out once.
    cat.diagnostics.sort_by_cached_key(|d| {
        (
            order.get(d.file.as_str()).copied().unwrap_or(usize::MAX),
            d.line,
            d.column,
        )
    });
    cat
}
