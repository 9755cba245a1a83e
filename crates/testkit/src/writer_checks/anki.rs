//! What the Anki writers (`.apkg` and the text import) promise, read back with zip, rusqlite
//! and a line reader; no field may hold markup that runs code ([`html_hazard`]).

use std::io::{Cursor, Read};

use papercat_core::{Catalogue, Diagnostic};

use super::{html_hazard, snippet};

/// The keys that must have a note: every paper not named by an `anki-no-card` diagnostic.
fn keys_with_notes<'c>(
    cat: &'c Catalogue,
    diagnostics: &[Diagnostic],
) -> Result<Vec<&'c str>, String> {
    let no_card: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == "anki-no-card")
        .collect();
    let mut keys = Vec::new();
    let mut skipped = 0;
    for p in &cat.papers {
        let tick = format!("`{}`", p.key);
        if no_card.iter().any(|d| d.message.contains(&tick)) {
            skipped += 1;
        } else {
            keys.push(p.key.as_str());
        }
    }
    if skipped != no_card.len() {
        return Err(format!(
            "{} anki-no-card diagnostics for {skipped} papers",
            no_card.len()
        ));
    }
    Ok(keys)
}

fn check_notes(expected: &[&str], notes: &[Vec<String>]) -> Result<(), String> {
    if notes.len() != expected.len() {
        return Err(format!(
            "{} notes, expected {} (papers without an anki-no-card diagnostic)",
            notes.len(),
            expected.len()
        ));
    }
    for (fields, key) in notes.iter().zip(expected) {
        if fields.len() != papercat_anki::PAPER_FIELDS.len() {
            return Err(format!("note `{key}` has {} fields", fields.len()));
        }
        if fields[0] != *key {
            return Err(format!("note {} is not `{key}`", snippet(&fields[0])));
        }
        for (name, f) in papercat_anki::PAPER_FIELDS.iter().zip(fields) {
            if let Some(why) = html_hazard(f) {
                return Err(format!("note `{key}` field {name}: {why}: {}", snippet(f)));
            }
        }
    }
    Ok(())
}

pub(super) fn check_apkg(
    cat: &Catalogue,
    out: &[u8],
    diagnostics: &[Diagnostic],
) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(out)).map_err(|e| format!("not a zip: {e}"))?;
    let mut media = String::new();
    zip.by_name("media")
        .map_err(|e| format!("no media entry: {e}"))?
        .read_to_string(&mut media)
        .map_err(|e| format!("media: {e}"))?;
    serde_json::from_str::<serde_json::Value>(&media).map_err(|e| format!("media: {e}"))?;
    let mut db = Vec::new();
    zip.by_name("collection.anki2")
        .map_err(|e| format!("no collection.anki2: {e}"))?
        .read_to_end(&mut db)
        .map_err(|e| format!("collection.anki2: {e}"))?;
    let file = tempfile::NamedTempFile::new().map_err(|e| format!("temp file: {e}"))?;
    std::fs::write(file.path(), &db).map_err(|e| format!("temp file: {e}"))?;
    let conn = rusqlite::Connection::open_with_flags(
        file.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .map_err(|e| format!("rusqlite cannot open it: {e}"))?;
    let sql = |e: rusqlite::Error| format!("rusqlite: {e}");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(sql)?;
    if ok != "ok" {
        return Err(format!("integrity_check: {ok}"));
    }
    let mut stmt = conn
        .prepare("SELECT flds FROM notes ORDER BY id")
        .map_err(sql)?;
    let notes: Vec<Vec<String>> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(sql)?
        .map(|f| f.map(|f| f.split('\x1f').map(str::to_string).collect()))
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    check_notes(&keys_with_notes(cat, diagnostics)?, &notes)?;
    let cardless: i64 = conn
        .query_row(
            "SELECT count(*) FROM notes WHERE id NOT IN (SELECT nid FROM cards)",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM cards WHERE nid NOT IN (SELECT id FROM notes)",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    if cardless != 0 || orphans != 0 {
        return Err(format!(
            "{cardless} notes without cards, {orphans} cards without notes"
        ));
    }
    Ok(())
}

pub(super) fn check_anki_txt(
    cat: &Catalogue,
    out: &[u8],
    diagnostics: &[Diagnostic],
) -> Result<(), String> {
    let text = std::str::from_utf8(out).map_err(|e| format!("not UTF-8: {e}"))?;
    let body = text
        .strip_suffix('\n')
        .ok_or("does not end with a line break")?;
    let width = 4 + papercat_anki::PAPER_FIELDS.len();
    let mut in_header = true;
    let mut notes = Vec::new();
    for (n, line) in body.split('\n').enumerate() {
        if line.starts_with('#') {
            if !in_header {
                return Err(format!("line {}: a `#` line after the notes", n + 1));
            }
            if let Some(cols) = line.strip_prefix("#columns:") {
                if cols.split('\t').count() != width {
                    return Err(format!(
                        "#columns names {} columns",
                        cols.split('\t').count()
                    ));
                }
            }
            continue;
        }
        in_header = false;
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != width || line.contains('\r') {
            return Err(format!(
                "line {}: {} cells, expected {width}: {}",
                n + 1,
                cells.len(),
                snippet(line)
            ));
        }
        notes.push(cells[4..].iter().map(|c| unquote(c)).collect::<Vec<_>>());
    }
    check_notes(&keys_with_notes(cat, diagnostics)?, &notes)
}

/// A cell of Anki's text format, its CSV quoting undone.
fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}
