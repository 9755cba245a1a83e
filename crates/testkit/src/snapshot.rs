//! Readable text for snapshot tests (the `insta` crate), one function per kind of output.
//!
//! Every snapshot test in the workspace stores text made here, so that a change shows as a
//! line diff: [`file_text`] for the text formats, `xlsx_text` (feature `xlsx`) and
//! `apkg_text` (feature `apkg`) for the two zip containers.
//!
//! Each text starts with a line giving the size and SHA-256 of the exact bytes. insta compares
//! snapshots with line ends normalised and trailing whitespace trimmed, so that line is what
//! catches a change of line ends, of a final newline or of a byte-order mark.
//!
//! To review or accept changed snapshots: `cargo insta review` (from `cargo install
//! cargo-insta`), or rerun the tests with `INSTA_UPDATE=always` and read `git diff`.

use sha2::{Digest, Sha256};

/// Size and SHA-256 of `bytes`: `"1234 bytes, sha256 0a1b..."`.
pub fn digest(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("{} bytes, sha256 {hex}", bytes.len())
}

/// The snapshot text of a text file: a first line with [`digest`] and what the body hides (a
/// byte-order mark, CRLF line ends, no final newline, invalid UTF-8), then the text itself
/// with LF line ends and without the byte-order mark.
pub fn file_text(bytes: &[u8]) -> String {
    let mut notes = Vec::new();
    let body = match bytes.strip_prefix("\u{feff}".as_bytes()) {
        Some(rest) => {
            notes.push("UTF-8 BOM");
            rest
        }
        None => bytes,
    };
    let mut text = match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(_) => {
            notes.push("NOT UTF-8 (shown lossily)");
            String::from_utf8_lossy(body).into_owned()
        }
    };
    if text.contains("\r\n") {
        notes.push("CRLF line ends");
        text = text.replace("\r\n", "\n");
    }
    if !text.is_empty() && !text.ends_with('\n') {
        notes.push("no final newline");
    }
    let mut out = digest(bytes);
    for n in notes {
        out.push_str(", ");
        out.push_str(n);
    }
    out.push('\n');
    out.push_str(&text);
    out
}

/// The entries of a zip archive, by name, in archive order.
#[cfg(any(feature = "xlsx", feature = "apkg"))]
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("not a zip archive: {e}"));
    (0..zip.len())
        .map(|i| {
            let mut f = zip
                .by_index(i)
                .unwrap_or_else(|e| panic!("zip entry {i}: {e}"));
            let mut data = Vec::new();
            f.read_to_end(&mut data)
                .unwrap_or_else(|e| panic!("zip entry {}: {e}", f.name()));
            (f.name().to_string(), data)
        })
        .collect()
}

/// The text of one entry of a zip archive (an `.xlsx` part such as
/// `xl/worksheets/sheet1.xml`, or a file of an `.apkg`).
///
/// # Panics
/// When `bytes` is not a zip archive, has no entry `name`, or that entry is not UTF-8.
#[cfg(any(feature = "xlsx", feature = "apkg"))]
pub fn zip_part(bytes: &[u8], name: &str) -> String {
    let data = unzip(bytes)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no zip entry {name}"))
        .1;
    String::from_utf8(data).unwrap_or_else(|e| panic!("zip entry {name} is not UTF-8: {e}"))
}

/// The digest line and one line per zip entry (name and [`digest`]).
#[cfg(any(feature = "xlsx", feature = "apkg"))]
fn zip_listing(kind: &str, bytes: &[u8], entries: &[(String, Vec<u8>)]) -> String {
    let mut out = format!("{kind}: {}\nentries:\n", digest(bytes));
    for (name, data) in entries {
        out.push_str(&format!("  {name}: {}\n", digest(data)));
    }
    out
}

/// `A`, `B`, ... `Z`, `AA`: the spreadsheet name of column `col` (0-based); past Excel's
/// last column (`XFD`) the number itself.
#[cfg(feature = "xlsx")]
fn column_name(col: u32) -> String {
    match u16::try_from(col) {
        Ok(c) if c < 16_384 => rust_xlsxwriter::utility::column_number_to_name(c),
        _ => format!("[{col}]"),
    }
}

/// The snapshot text of an `.xlsx` workbook: its digest, every zip part with its digest, then
/// for every sheet (in workbook order) each non-empty cell as read by calamine, one per line
/// (`B3 "text"`, `F2 2023`), and each formula (`A1 = HYPERLINK(...)`).
#[cfg(feature = "xlsx")]
pub fn xlsx_text(bytes: &[u8]) -> String {
    use calamine::{Data, Reader, Xlsx};

    let mut out = zip_listing("xlsx", bytes, &unzip(bytes));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("calamine cannot open the workbook: {e}"));
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
        let (row0, col0) = range.start().unwrap_or((0, 0));
        out.push_str(&format!(
            "\nsheet {name:?}: {:?} rows x columns\n",
            range.get_size()
        ));
        for (r, c, cell) in range.used_cells() {
            let at = format!("{}{}", column_name(col0 + c as u32), row0 + r as u32 + 1);
            let value = match cell {
                Data::String(s) => format!("{s:?}"),
                Data::Float(f) => f.to_string(),
                Data::Int(i) => i.to_string(),
                Data::Bool(b) => b.to_string(),
                other => format!("{other:?}"),
            };
            out.push_str(&format!("  {at} {value}\n"));
        }
        let formulas = book
            .worksheet_formula(&name)
            .unwrap_or_else(|e| panic!("sheet {name} formulas: {e}"));
        let (row0, col0) = formulas.start().unwrap_or((0, 0));
        for (r, c, f) in formulas.used_cells() {
            let at = format!("{}{}", column_name(col0 + c as u32), row0 + r as u32 + 1);
            out.push_str(&format!("  {at} = {f}\n"));
        }
    }
    out
}

/// One SQLite value as snapshot text: numbers as they are, text quoted (a JSON object or array
/// pretty-printed and indented, Anki's field separator `\x1f` splitting fields one per line).
#[cfg(feature = "apkg")]
fn sql_value(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Blob(b) => format!("blob {}", digest(b)),
        ValueRef::Text(t) => {
            let s = String::from_utf8_lossy(t);
            let json = (s.starts_with('{') || s.starts_with('['))
                .then(|| serde_json::from_str::<serde_json::Value>(&s).ok())
                .flatten();
            if let Some(json) = json {
                let pretty = serde_json::to_string_pretty(&json).unwrap_or_default();
                return format!("json\n      {}", pretty.replace('\n', "\n      "));
            }
            if s.contains('\x1f') {
                let fields: Vec<String> = s.split('\x1f').map(|f| format!("{f:?}")).collect();
                return format!("fields\n      {}", fields.join("\n      "));
            }
            format!("{s:?}")
        }
    }
}

/// The snapshot text of an Anki `.apkg`: its digest, every zip entry with its digest, the
/// `media` map, then every table of the collection (schema, then rows in rowid order, one
/// column per line), read with rusqlite.
#[cfg(feature = "apkg")]
pub fn apkg_text(bytes: &[u8]) -> String {
    let entries = unzip(bytes);
    let mut out = zip_listing("apkg", bytes, &entries);
    if let Some((_, media)) = entries.iter().find(|(n, _)| n == "media") {
        out.push_str(&format!("media: {}\n", String::from_utf8_lossy(media)));
    }
    let Some((db_name, db)) = entries
        .iter()
        .find(|(n, _)| n.starts_with("collection.anki2"))
    else {
        out.push_str("no collection.anki2* entry\n");
        return out;
    };
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temporary folder: {e}"));
    let path = dir.path().join(db_name);
    std::fs::write(&path, db).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let conn = rusqlite::Connection::open(&path).unwrap_or_else(|e| panic!("{db_name}: {e}"));
    let schema: Vec<(String, String, Option<String>)> = {
        let mut stmt = conn
            .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type DESC, name")
            .unwrap_or_else(|e| panic!("{db_name}: {e}"));
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|rows| rows.collect())
            .unwrap_or_else(|e| panic!("{db_name}: {e}"))
    };
    out.push_str(&format!("\n{db_name} schema:\n"));
    for (kind, name, sql) in &schema {
        out.push_str(&format!(
            "  {kind} {name}: {}\n",
            sql.as_deref().unwrap_or("-")
        ));
    }
    for (_, table, _) in schema.iter().filter(|(kind, _, _)| kind == "table") {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        let columns: Vec<String> = stmt.column_names().iter().map(|c| c.to_string()).collect();
        let mut rows = stmt.query([]).unwrap_or_else(|e| panic!("{table}: {e}"));
        let mut n = 0;
        let mut text = String::new();
        while let Some(row) = rows.next().unwrap_or_else(|e| panic!("{table}: {e}")) {
            text.push_str(&format!("  row {n}\n"));
            for (i, column) in columns.iter().enumerate() {
                let v = row
                    .get_ref(i)
                    .unwrap_or_else(|e| panic!("{table}.{column}: {e}"));
                text.push_str(&format!("    {column}: {}\n", sql_value(v)));
            }
            n += 1;
        }
        out.push_str(&format!("\ntable {table}: {n} rows\n{text}"));
    }
    out
}
