//! Property checks for the nine writers, shared by the fuzz targets (`fuzz/fuzz_targets/`) and
//! the proptest `crates/testkit/tests/writer_checks.rs`.
//!
//! [`check`] writes a catalogue with one [`Writer`]'s default options and reads the output back
//! with an independent reader (serde_json, biblatex, csv, calamine, zip and rusqlite), checking
//! what that writer promises. Catalogues come from
//! [`arbitrary_catalogue`](crate::arbitrary::arbitrary_catalogue).
//!
//! ```
//! use papercat_testkit::arbitrary::arbitrary_catalogue;
//! use papercat_testkit::writer_checks::{check, Writer};
//!
//! let cat = arbitrary_catalogue(b"any bytes at all \xff\x00{=cmd|' /C calc'!A0");
//! for w in Writer::ALL {
//!     check(w, &cat).unwrap();
//! }
//! ```

mod anki;
mod bib;
mod html;
mod json;
mod sheet;

use std::panic::{catch_unwind, AssertUnwindSafe};

use papercat_core::{Catalogue, Diagnostic};

pub use html::html_hazard;

/// One of the nine writers, always with its default options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Writer {
    /// `papercat_core::json::write`.
    Json,
    /// `papercat_bib::bibtex::write`.
    Bibtex,
    /// `papercat_bib::biblatex::write`.
    Biblatex,
    /// `papercat_bib::csljson::write`.
    CslJson,
    /// `papercat_sheet::csv::write`.
    Csv,
    /// `papercat_sheet::xlsx::write`.
    Xlsx,
    /// `papercat_jsonld::write`.
    JsonLd,
    /// `papercat_anki::apkg::write`.
    Apkg,
    /// `papercat_anki::txt::write`.
    AnkiTxt,
}

impl Writer {
    /// Every writer.
    pub const ALL: [Writer; 9] = [
        Writer::Json,
        Writer::Bibtex,
        Writer::Biblatex,
        Writer::CslJson,
        Writer::Csv,
        Writer::Xlsx,
        Writer::JsonLd,
        Writer::Apkg,
        Writer::AnkiTxt,
    ];

    /// A short name for messages (`json`, `bibtex`, ..., `anki-txt`).
    pub fn name(self) -> &'static str {
        match self {
            Writer::Json => "json",
            Writer::Bibtex => "bibtex",
            Writer::Biblatex => "biblatex",
            Writer::CslJson => "csljson",
            Writer::Csv => "csv",
            Writer::Xlsx => "xlsx",
            Writer::JsonLd => "jsonld",
            Writer::Apkg => "apkg",
            Writer::AnkiTxt => "anki-txt",
        }
    }

    /// Writes `cat` with the default options; the bytes and the diagnostics.
    ///
    /// # Errors
    ///
    /// The writer's error, as text.
    pub fn write(self, cat: &Catalogue) -> Result<(Vec<u8>, Vec<Diagnostic>), String> {
        match self {
            Writer::Json => with_defaults(|out, o| papercat_core::json::write(cat, out, o)),
            Writer::Bibtex => with_defaults(|out, o| papercat_bib::bibtex::write(cat, out, o)),
            Writer::Biblatex => with_defaults(|out, o| papercat_bib::biblatex::write(cat, out, o)),
            Writer::CslJson => with_defaults(|out, o| papercat_bib::csljson::write(cat, out, o)),
            Writer::Csv => with_defaults(|out, o| papercat_sheet::csv::write(cat, out, o)),
            Writer::Xlsx => with_defaults(|out, o| papercat_sheet::xlsx::write(cat, out, o)),
            Writer::JsonLd => with_defaults(|out, o| papercat_jsonld::write(cat, out, o)),
            Writer::Apkg => with_defaults(|out, o| papercat_anki::apkg::write(cat, out, o)),
            Writer::AnkiTxt => with_defaults(|out, o| papercat_anki::txt::write(cat, out, o)),
        }
    }
}

/// Runs `write` into memory with the default options: the bytes and the diagnostics.
fn with_defaults<O: Default, E: std::fmt::Display>(
    write: impl FnOnce(&mut Vec<u8>, &O) -> Result<Vec<Diagnostic>, E>,
) -> Result<(Vec<u8>, Vec<Diagnostic>), String> {
    let mut out = Vec::new();
    let diags = write(&mut out, &O::default()).map_err(err)?;
    Ok((out, diags))
}

fn err(e: impl std::fmt::Display) -> String {
    format!("{e:#}")
}

/// Writes `cat` twice with `writer`'s default options and checks its promises: no panic,
/// `Ok`, the same bytes both times, and [`check_output`] on the bytes.
///
/// # Errors
///
/// What failed, naming the writer.
pub fn check(writer: Writer, cat: &Catalogue) -> Result<(), String> {
    let name = writer.name();
    let run = || {
        catch_unwind(AssertUnwindSafe(|| writer.write(cat)))
            .map_err(|p| format!("{name}: panicked: {}", panic_text(&p)))?
            .map_err(|e| format!("{name}: returned an error: {e}"))
    };
    let (first, diags) = run()?;
    let (second, _) = run()?;
    if first != second {
        return Err(format!(
            "{name}: two writes of the same catalogue differ ({} and {} bytes)",
            first.len(),
            second.len()
        ));
    }
    check_output(writer, cat, &first, &diags)
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Checks `out`, what `writer` wrote for `cat` (with `diagnostics` returned), against the
/// writer's promises, reading it with an independent reader:
///
/// - `json`: serde_json reads it; `papers` holds one object per paper, with its key,
///   heading and title unchanged.
/// - `bibtex`, `biblatex`: UTF-8; every `{` and `}` (escaped or not, as BibTeX counts them)
///   balances, and every entry starts at depth 0; the `biblatex` crate parses one entry per
///   paper, under its key.
/// - `csljson`: serde_json reads an array of one item per paper, `id` = the key, in order.
/// - `csv`: a BOM, then the `csv` crate reads the header (the column names) and one record
///   per paper of equal length, the first cell its key; no cell starts with `=`, `+`, `-`,
///   `@`, tab, CR or `＝＋－＠` unless neutralised by a leading `'`.
/// - `xlsx`: calamine opens it; `Papers` holds the header and one row per paper, the first
///   cell its key; `Sections` exists.
/// - `jsonld`: serde_json reads an object whose `@graph` holds one `ScholarlyArticle` per
///   paper; every `@id` is unique among nodes and an absolute `http(s)` IRI without white
///   space, control or IRI-excluded characters.
/// - `apkg`: a zip holding `collection.anki2` and `media`; rusqlite opens the collection,
///   `PRAGMA integrity_check` is `ok`; each paper has exactly one note (15 fields, `Key`
///   first, in catalogue order) or one `anki-no-card` diagnostic; every note has a card;
///   no field holds dangerous markup (see below).
/// - `anki-txt`: `#` header lines, then one line per note (same rule as `apkg`), each of
///   exactly 4 + 15 tab-separated cells, key in the fifth; no field holds dangerous markup:
///   no `<script>`/`<iframe>`/`<object>`/`<embed>`/`<style>`/`<svg>`/`<math>`/`<form>`
///   element, no `on*` attribute, no `href`/`src`/`action` URL with a `javascript:`,
///   `vbscript:` or `data:` scheme. (Text such as `onerror=` or `javascript:` is fine where
///   it is escaped text, not markup: `&lt;img onerror=..&gt;` runs nothing.)
///
/// # Errors
///
/// The first property that does not hold, naming the writer.
pub fn check_output(
    writer: Writer,
    cat: &Catalogue,
    out: &[u8],
    diagnostics: &[Diagnostic],
) -> Result<(), String> {
    let result = match writer {
        Writer::Json => json::check_json(cat, out),
        Writer::Bibtex | Writer::Biblatex => bib::check_bib(cat, out),
        Writer::CslJson => json::check_csljson(cat, out),
        Writer::Csv => sheet::check_csv(cat, out),
        Writer::Xlsx => sheet::check_xlsx(cat, out),
        Writer::JsonLd => json::check_jsonld(cat, out),
        Writer::Apkg => anki::check_apkg(cat, out, diagnostics),
        Writer::AnkiTxt => anki::check_anki_txt(cat, out, diagnostics),
    };
    result.map_err(|e| format!("{}: {e}", writer.name()))
}

/// At most 120 characters of `s`, for messages.
fn snippet(s: &str) -> String {
    let mut t: String = s.chars().take(120).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    format!("{t:?}")
}

fn count_mismatch(what: &str, got: usize, cat: &Catalogue) -> Result<(), String> {
    if got == cat.papers.len() {
        Ok(())
    } else {
        Err(format!("{got} {what} for {} papers", cat.papers.len()))
    }
}
