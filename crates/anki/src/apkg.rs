//! Anki `.apkg` packages in the legacy `collection.anki2` layout (schema 11).
//!
//! The package is a zip holding `collection.anki2`, an SQLite database with the tables `col`,
//! `notes`, `cards`, `revlog` and `graves` (note types, decks and deck options as JSON in the
//! single `col` row), and `media`, the JSON object `{}`. Every Anki since 2.1 imports it.
//!
//! For a fixed [`Options::timestamp`](crate::Options::timestamp) the bytes are fixed: note ids
//! are `timestamp * 1000 + n` and card ids likewise in output order, deck and note type ids are
//! hashed from their names, every `mod` is the timestamp, and the zip entries carry its date.

use std::io::{Cursor, Write};

use papercat_core::{Catalogue, Diagnostic};
use serde_json::{json, Map, Value};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::plan::{checksum, stable_id, Plan};
use crate::{Error, Options};

/// The schema 11 tables and indexes, as Anki 2.1 creates them.
const SCHEMA: &str = "
CREATE TABLE col (
    id integer PRIMARY KEY,
    crt integer NOT NULL,
    mod integer NOT NULL,
    scm integer NOT NULL,
    ver integer NOT NULL,
    dty integer NOT NULL,
    usn integer NOT NULL,
    ls integer NOT NULL,
    conf text NOT NULL,
    models text NOT NULL,
    decks text NOT NULL,
    dconf text NOT NULL,
    tags text NOT NULL
);
CREATE TABLE notes (
    id integer PRIMARY KEY,
    guid text NOT NULL,
    mid integer NOT NULL,
    mod integer NOT NULL,
    usn integer NOT NULL,
    tags text NOT NULL,
    flds text NOT NULL,
    sfld integer NOT NULL,
    csum integer NOT NULL,
    flags integer NOT NULL,
    data text NOT NULL
);
CREATE TABLE cards (
    id integer PRIMARY KEY,
    nid integer NOT NULL,
    did integer NOT NULL,
    ord integer NOT NULL,
    mod integer NOT NULL,
    usn integer NOT NULL,
    type integer NOT NULL,
    queue integer NOT NULL,
    due integer NOT NULL,
    ivl integer NOT NULL,
    factor integer NOT NULL,
    reps integer NOT NULL,
    lapses integer NOT NULL,
    left integer NOT NULL,
    odue integer NOT NULL,
    odid integer NOT NULL,
    flags integer NOT NULL,
    data text NOT NULL
);
CREATE TABLE revlog (
    id integer PRIMARY KEY,
    cid integer NOT NULL,
    usn integer NOT NULL,
    ease integer NOT NULL,
    ivl integer NOT NULL,
    lastIvl integer NOT NULL,
    factor integer NOT NULL,
    time integer NOT NULL,
    type integer NOT NULL
);
CREATE TABLE graves (
    usn integer NOT NULL,
    oid integer NOT NULL,
    type integer NOT NULL
);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
";

/// Writes `catalogue` as an `.apkg` package.
///
/// Returns the export diagnostics: `anki-no-card` (a paper with nothing to ask about is left
/// out), `anki-empty-key` and `anki-duplicate-key`.
///
/// # Errors
///
/// [`Error::Io`] when the temporary collection file or `out` cannot be written,
/// [`Error::Collection`] when SQLite fails, [`Error::Zip`] when the zip container fails.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let plan = Plan::build(catalogue, opts);
    let db = collection(&plan, opts.timestamp)?;
    let package = zip_package(&db, opts.timestamp)?;
    out.write_all(&package)?;
    out.flush()?;
    Ok(plan.diagnostics)
}

fn sql_err(e: rusqlite::Error) -> Error {
    Error::Collection(Box::new(e))
}

/// Builds `collection.anki2` in a temporary file and returns its bytes.
fn collection(plan: &Plan, timestamp: i64) -> Result<Vec<u8>, Error> {
    let file = tempfile::Builder::new()
        .prefix("papercat-anki-")
        .suffix(".anki2")
        .tempfile()?;
    let conn = rusqlite::Connection::open(file.path()).map_err(sql_err)?;
    // A fixed page size, no journal left behind, and one transaction: the same inserts then
    // give the same file, byte for byte.
    conn.execute_batch(
        "PRAGMA page_size = 4096; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;",
    )
    .map_err(sql_err)?;
    conn.execute_batch(SCHEMA).map_err(sql_err)?;
    fill(&conn, plan, timestamp).map_err(sql_err)?;
    conn.close().map_err(|(_, e)| sql_err(e))?;
    let bytes = std::fs::read(file.path())?;
    Ok(bytes)
}

fn fill(conn: &rusqlite::Connection, plan: &Plan, ts: i64) -> rusqlite::Result<()> {
    let ts_ms = ts.saturating_mul(1000);
    let tx = conn.unchecked_transaction()?;
    let default_nt = plan
        .notetypes
        .first()
        .map_or(String::new(), |nt| nt.id.to_string());
    tx.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        rusqlite::params![
            ts,
            ts_ms,
            conf_json(&default_nt, plan.notes.len()).to_string(),
            models_json(plan, ts).to_string(),
            decks_json(plan, ts).to_string(),
            dconf_json().to_string(),
        ],
    )?;
    {
        let mut note_stmt =
            tx.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        let mut card_stmt = tx.prepare(
            "INSERT INTO cards VALUES (?1, ?2, ?3, ?4, ?5, -1, 0, 0, ?6, 0, 0, 0, 0, 0, 0, 0, 0, '')",
        )?;
        let mut card_n: i64 = 0;
        for (i, note) in plan.notes.iter().enumerate() {
            let nid = ts_ms.saturating_add(i as i64);
            let nt = &plan.notetypes[note.notetype];
            let tags = if note.tags.is_empty() {
                String::new()
            } else {
                format!(" {} ", note.tags.join(" "))
            };
            let first = note.fields.first().map_or("", String::as_str);
            note_stmt.execute(rusqlite::params![
                nid,
                note.guid,
                nt.id,
                ts,
                tags,
                note.fields.join("\x1f"),
                crate::html::strip(first),
                checksum(first),
            ])?;
            let did = deck_id(&note.deck);
            for &ord in &note.cards {
                card_stmt.execute(rusqlite::params![
                    ts_ms.saturating_add(card_n),
                    nid,
                    did,
                    ord,
                    ts,
                    i as i64 + 1,
                ])?;
                card_n += 1;
            }
        }
    }
    tx.commit()
}

fn deck_id(name: &str) -> i64 {
    stable_id(&format!("deck\x1f{name}"))
}

fn conf_json(cur_model: &str, notes: usize) -> Value {
    json!({
        "activeDecks": [1],
        "addToCur": true,
        "collapseTime": 1200,
        "curDeck": 1,
        "curModel": cur_model,
        "dueCounts": true,
        "estTimes": true,
        "newBury": true,
        "newSpread": 0,
        "nextPos": notes + 1,
        "schedVer": 2,
        "sortBackwards": false,
        "sortType": "noteFld",
        "timeLim": 0
    })
}

fn models_json(plan: &Plan, ts: i64) -> Value {
    let mut models = Map::new();
    for nt in &plan.notetypes {
        let flds: Vec<Value> = nt
            .fields
            .iter()
            .enumerate()
            .map(|(ord, name)| {
                json!({
                    "name": name, "ord": ord, "sticky": false, "rtl": false,
                    "font": "Arial", "size": 20, "media": []
                })
            })
            .collect();
        let tmpls: Vec<Value> = nt
            .templates
            .iter()
            .enumerate()
            .map(|(ord, t)| {
                json!({
                    "name": t.name, "ord": ord, "qfmt": t.qfmt, "afmt": t.afmt,
                    "bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0
                })
            })
            .collect();
        let req: Vec<Value> = if nt.cloze {
            // Anki computes nothing from `req` for cloze note types.
            vec![json!([0, "any", [1]])]
        } else {
            nt.templates
                .iter()
                .enumerate()
                .map(|(ord, t)| json!([ord, "all", [t.required]]))
                .collect()
        };
        models.insert(
            nt.id.to_string(),
            json!({
                "id": nt.id,
                "name": nt.name,
                "type": if nt.cloze { 1 } else { 0 },
                "mod": ts,
                "usn": -1,
                "sortf": 0,
                "did": 1,
                "tmpls": tmpls,
                "flds": flds,
                "css": nt.css(),
                "latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n",
                "latexPost": "\\end{document}",
                "latexsvg": false,
                "req": req,
                "tags": [],
                "vers": []
            }),
        );
    }
    Value::Object(models)
}

fn deck_json(id: i64, name: &str, ts: i64) -> Value {
    json!({
        "id": id,
        "name": name,
        "mod": ts,
        "usn": -1,
        "lrnToday": [0, 0],
        "revToday": [0, 0],
        "newToday": [0, 0],
        "timeToday": [0, 0],
        "collapsed": false,
        "browserCollapsed": false,
        "desc": "",
        "dyn": 0,
        "conf": 1,
        "extendNew": 0,
        "extendRev": 0
    })
}

fn decks_json(plan: &Plan, ts: i64) -> Value {
    let mut decks = Map::new();
    decks.insert("1".into(), deck_json(1, "Default", ts));
    for name in &plan.decks {
        let id = deck_id(name);
        decks.insert(id.to_string(), deck_json(id, name, ts));
    }
    Value::Object(decks)
}

fn dconf_json() -> Value {
    json!({
        "1": {
            "id": 1,
            "name": "Default",
            "mod": 0,
            "usn": 0,
            "maxTaken": 60,
            "autoplay": true,
            "timer": 0,
            "replayq": true,
            "dyn": false,
            "new": {
                "bury": false,
                "delays": [1.0, 10.0],
                "initialFactor": 2500,
                "ints": [1, 4, 0],
                "order": 1,
                "perDay": 20
            },
            "lapse": {
                "delays": [10.0],
                "leechAction": 1,
                "leechFails": 8,
                "minInt": 1,
                "mult": 0.0
            },
            "rev": {
                "bury": false,
                "ease4": 1.3,
                "ivlFct": 1.0,
                "maxIvl": 36500,
                "perDay": 200,
                "hardFactor": 1.2
            }
        }
    })
}

/// The zip date of `timestamp` (UTC), clamped to what zip can store.
fn zip_date(timestamp: i64) -> DateTime {
    let days = timestamp.div_euclid(86_400);
    let secs = timestamp.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(1980..=2107).contains(&year) {
        return DateTime::default();
    }
    DateTime::from_date_and_time(
        year as u16,
        month as u8,
        day as u8,
        (secs / 3600) as u8,
        (secs / 60 % 60) as u8,
        (secs % 60) as u8,
    )
    .unwrap_or_default()
}

fn zip_package(db: &[u8], timestamp: i64) -> Result<Vec<u8>, Error> {
    let zip_err = |e: zip::result::ZipError| Error::Zip(Box::new(e));
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip_date(timestamp))
        .unix_permissions(0o644);
    zip.start_file("collection.anki2", options)
        .map_err(zip_err)?;
    zip.write_all(db)?;
    zip.start_file("media", options).map_err(zip_err)?;
    zip.write_all(b"{}")?;
    let cursor = zip.finish().map_err(zip_err)?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_dates() {
        let d = zip_date(crate::DEFAULT_TIMESTAMP);
        assert_eq!(
            (
                d.year(),
                d.month(),
                d.day(),
                d.hour(),
                d.minute(),
                d.second()
            ),
            (2023, 11, 14, 22, 13, 20)
        );
        assert_eq!(zip_date(0), DateTime::default());
        assert_eq!(zip_date(i64::MIN / 2), DateTime::default());
        let leap = zip_date(951_782_400); // 2000-02-29 00:00:00
        assert_eq!((leap.year(), leap.month(), leap.day()), (2000, 2, 29));
    }
}
