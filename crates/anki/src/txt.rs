//! Anki's text import format (File > Import, `.txt`), with file headers.
//!
//! ```text
//! #separator:tab
//! #html:true
//! #guid column:1
//! #notetype column:2
//! #deck column:3
//! #tags column:4
//! #if matches:update current
//! #columns:GUID→Notetype→Deck→Tags→Key→Title→...
//! Ly9Dwot65Yl→papercat paper v2→LLMs 论文研读社::多模态篇→多模态 year::2023→liu2023visual→...
//! ```
//!
//! (`→` stands for a tab.) One line per note: the GUID, the note type name, the deck, the
//! space-separated tags, then the note's fields in note-type order ([`PAPER_FIELDS`] or
//! [`CLOZE_FIELDS`](crate::CLOZE_FIELDS); cloze lines are padded with empty columns). Fields
//! are HTML without tabs or line breaks; a field starting with `"` or `#` is quoted with `"`
//! (inner quotes doubled), as Anki reads the file with a CSV reader that skips lines starting
//! with `#`.
//!
//! # Limitation: the note types must already exist
//!
//! Anki's text import (checked with Anki 25.02) cannot create note types. Into a collection
//! without `papercat paper v2`, every line is skipped as a missing note type and no note is
//! added. Anki brings a package's note types along only with its notes, so even an `.apkg`
//! of an empty catalogue does not provide them. Import the `.apkg` once; from then on this
//! file updates those notes in place (matched by GUID) and adds new ones.
//!
//! A collection that has our note types gets exactly the notes the `.apkg` gives: the same
//! GUIDs, fields, tags, decks (created as needed) and cards. The tests check this with the
//! `anki` library. They give a fresh collection the note types of the `.apkg` and nothing
//! else, import this file, and compare the result with the `.apkg` imported into another
//! fresh collection.

use std::io::Write;

use papercat_core::{Catalogue, Diagnostic};

use crate::plan::Plan;
use crate::{Error, Options, PAPER_FIELDS};

/// Writes `catalogue` in Anki's text import format.
///
/// Returns the same diagnostics as [`crate::apkg::write`].
///
/// # Errors
///
/// [`Error::Key`] when a key is unusable or shared ([`Catalogue::validate`]; nothing is
/// written), [`Error::Io`] when `out` cannot be written.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let plan = Plan::new(catalogue, opts)?;
    let width = plan
        .notetypes
        .iter()
        .map(|nt| nt.fields.len())
        .max()
        .unwrap_or(PAPER_FIELDS.len());
    let mut s = String::new();
    s.push_str("#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n");
    s.push_str("#deck column:3\n#tags column:4\n#if matches:update current\n");
    s.push_str("#columns:GUID\tNotetype\tDeck\tTags");
    let fields: &[&str] = match plan.notetypes.as_slice() {
        [only] => only.fields,
        _ => &PAPER_FIELDS,
    };
    for f in fields {
        s.push('\t');
        s.push_str(f);
    }
    s.push('\n');
    out.write_all(s.as_bytes())?;
    let mut line = String::new();
    let summary = plan.notes(catalogue, opts, |note| {
        line.clear();
        push_field(&mut line, note.guid);
        line.push('\t');
        push_field(&mut line, &note.notetype.name);
        line.push('\t');
        push_field(&mut line, note.deck);
        line.push('\t');
        push_field(&mut line, note.tags);
        for f in note.fields.iter().take(width) {
            line.push('\t');
            push_field(&mut line, f);
        }
        for _ in note.fields.len()..width {
            line.push('\t');
        }
        line.push('\n');
        out.write_all(line.as_bytes())
    })?;
    out.flush()?;
    Ok(summary.diagnostics)
}

/// One cell: quoted when it starts with `"` or `#` or holds a tab or line break (our fields
/// never do, but a cell must not break the line whatever it holds).
#[cfg(test)]
pub(crate) fn field(s: &str) -> String {
    let mut out = String::new();
    push_field(&mut out, s);
    out
}

/// Appends [`field`] of `s` to `out`.
fn push_field(out: &mut String, s: &str) {
    let needs_quotes = matches!(s.as_bytes().first(), Some(b'"' | b'#'))
        || memchr::memchr3(b'\t', b'\n', b'\r', s.as_bytes()).is_some();
    if needs_quotes {
        out.push('"');
        let mut parts = s.split('"');
        if let Some(first) = parts.next() {
            out.push_str(first);
        }
        for part in parts {
            out.push_str("\"\"");
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(field("plain <a href=\"x\">"), "plain <a href=\"x\">");
        assert_eq!(field("#tag"), "\"#tag\"");
        assert_eq!(field("\"q\" x"), "\"\"\"q\"\" x\"");
        assert_eq!(field("a\tb\nc"), "\"a\tb\nc\"");
        assert_eq!(field(""), "");
    }

    proptest::proptest! {
        /// Any cell, even one with tabs, quotes, line breaks or a leading `#`, reads back
        /// unchanged with the CSV reader Anki uses.
        #[test]
        fn any_cell_reads_back(cells in proptest::collection::vec(proptest::prelude::any::<String>(), 1..4)) {
            let mut line: String = cells.iter().map(|c| field(c)).collect::<Vec<_>>().join("\t");
            line.push('\n');
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .comment(Some(b'#'))
                .delimiter(b'\t')
                .from_reader(line.as_bytes());
            let recs: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
            // csv reads an empty line as no record at all.
            if cells.len() == 1 && cells[0].is_empty() {
                proptest::prop_assert_eq!(recs.len(), 0);
            } else {
                proptest::prop_assert_eq!(recs.len(), 1);
                let got: Vec<&str> = recs[0].iter().collect();
                proptest::prop_assert_eq!(got, cells.iter().map(String::as_str).collect::<Vec<_>>());
            }
        }
    }
}
