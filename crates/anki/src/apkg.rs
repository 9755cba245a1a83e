//! Anki `.apkg` packages in the legacy `collection.anki2` layout (schema 11).
//!
//! The package is a zip holding `collection.anki2`, an SQLite database with the tables `col`,
//! `notes`, `cards`, `revlog` and `graves` (note types, decks and deck options as JSON in the
//! single `col` row), and `media`, the JSON object `{}`. Every Anki since 2.1 imports it.
//!
//! For a fixed [`Options::timestamp`](crate::Options::timestamp) the bytes are fixed: note ids
//! are `timestamp * 1000 + n` and card ids likewise in output order, deck and note type ids are
//! hashed from their names, every `mod` is the timestamp, and the zip entries carry its date.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use foldhash::fast::FixedState;
use papercat_core::{Catalogue, Diagnostic};
use serde_json::{json, Map, Value};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::plan::{checksum_of_stripped, stable_id, Plan};
use crate::{Error, Options};

/// The schema 11 tables, as Anki 2.1 creates them.
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
";

/// The schema 11 indexes, as Anki 2.1 creates them; built after the rows are in.
const INDEXES: &str = "
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
/// out).
///
/// The collection is built in a temporary file (SQLite spills its pages there, so memory stays
/// small whatever the catalogue's size) and streamed into the zip, which is streamed into
/// `out`.
///
/// # Errors
///
/// [`Error::Key`] when a key is unusable or shared ([`Catalogue::validate`]; nothing is
/// written), [`Error::Io`] when the temporary collection file or `out` cannot be written,
/// [`Error::Collection`] when SQLite fails, [`Error::Zip`] when the zip container fails.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let file = tempfile::Builder::new()
        .prefix("papercat-anki-")
        .suffix(".anki2")
        .tempfile()?;
    let diagnostics = collection(file.path(), catalogue, opts)?;
    zip_package(file.as_file(), &mut out, opts.timestamp)?;
    out.flush()?;
    Ok(diagnostics)
}

fn sql_err(e: rusqlite::Error) -> Error {
    Error::Collection(Box::new(e))
}

/// Builds `collection.anki2` at `path`.
fn collection(
    path: &Path,
    catalogue: &Catalogue,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let plan = Plan::new(catalogue, opts)?;
    let conn = rusqlite::Connection::open(path).map_err(sql_err)?;
    // A fixed page size, no journal, and one transaction: the same inserts then give the same
    // file, byte for byte. The indexes are built after the rows, from sorted keys.
    conn.execute_batch(
        "PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; \
         PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -8192;",
    )
    .map_err(sql_err)?;
    let diagnostics = fill(&conn, &plan, catalogue, opts).map_err(sql_err)?;
    conn.close().map_err(|(_, e)| sql_err(e))?;
    Ok(diagnostics)
}

fn fill(
    conn: &rusqlite::Connection,
    plan: &Plan,
    catalogue: &Catalogue,
    opts: &Options,
) -> rusqlite::Result<Vec<Diagnostic>> {
    let ts = opts.timestamp;
    let ts_ms = ts.saturating_mul(1000);
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(SCHEMA)?;
    let summary = {
        let mut note_stmt =
            tx.prepare("INSERT INTO notes VALUES (?1, ?2, ?3, ?4, -1, ?5, ?6, ?7, ?8, 0, '')")?;
        // One statement per note for its cards, up to CARDS_PER_STATEMENT rows: ?1 the note id,
        // ?2 the deck id, ?3 the due position, then each card's id and ordinal.
        let card_stmts = (1..=CARDS_PER_STATEMENT)
            .map(|rows| {
                let mut sql = String::from("INSERT INTO cards VALUES ");
                for r in 0..rows {
                    if r > 0 {
                        sql.push_str(", ");
                    }
                    let (id, ord) = (4 + 2 * r, 5 + 2 * r);
                    sql.push_str(&format!(
                        "(?{id}, ?1, ?2, ?{ord}, {ts}, -1, 0, 0, ?3, 0, 0, 0, 0, 0, 0, 0, 0, '')"
                    ));
                }
                tx.prepare(&sql)
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut card_stmts = card_stmts;
        let mut card_n: i64 = 0;
        let mut i: i64 = 0;
        let mut tags = String::new();
        let mut flds = String::new();
        let mut deck_ids: HashMap<String, i64, FixedState> = HashMap::default();
        plan.notes(catalogue, opts, |note| {
            let nid = ts_ms.saturating_add(i);
            tags.clear();
            if !note.tags.is_empty() {
                tags.push(' ');
                tags.push_str(note.tags);
                tags.push(' ');
            }
            flds.clear();
            for (n, f) in note.fields.iter().enumerate() {
                if n > 0 {
                    flds.push('\x1f');
                }
                flds.push_str(f);
            }
            let first = note.fields.first().map_or("", String::as_str);
            let sfld = crate::html::strip(first);
            note_stmt.execute(rusqlite::params![
                nid,
                note.guid,
                note.notetype.id,
                ts,
                tags,
                flds,
                sfld,
                checksum_of_stripped(&sfld),
            ])?;
            let did = match deck_ids.get(note.deck) {
                Some(&id) => id,
                None => {
                    let id = deck_id(note.deck);
                    deck_ids.insert(note.deck.to_string(), id);
                    id
                }
            };
            for chunk in note.cards.chunks(CARDS_PER_STATEMENT) {
                let stmt = &mut card_stmts[chunk.len() - 1];
                stmt.raw_bind_parameter(1, nid)?;
                stmt.raw_bind_parameter(2, did)?;
                stmt.raw_bind_parameter(3, i + 1)?;
                for (r, &ord) in chunk.iter().enumerate() {
                    stmt.raw_bind_parameter(4 + 2 * r, ts_ms.saturating_add(card_n))?;
                    stmt.raw_bind_parameter(5 + 2 * r, ord)?;
                    card_n += 1;
                }
                stmt.raw_execute()?;
            }
            i += 1;
            Ok::<(), rusqlite::Error>(())
        })?
    };
    let default_nt = plan
        .notetypes
        .first()
        .map_or(String::new(), |nt| nt.id.to_string());
    tx.execute(
        "INSERT INTO col VALUES (1, ?1, ?2, ?2, 11, 0, 0, 0, ?3, ?4, ?5, ?6, '{}')",
        rusqlite::params![
            ts,
            ts_ms,
            conf_json(&default_nt, summary.notes).to_string(),
            models_json(plan, ts).to_string(),
            decks_json(&summary.decks, ts).to_string(),
            dconf_json().to_string(),
        ],
    )?;
    tx.execute_batch(INDEXES)?;
    tx.commit()?;
    Ok(summary.diagnostics)
}

/// The most cards one `INSERT` writes (a paper note has at most four).
const CARDS_PER_STATEMENT: usize = 4;

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

fn decks_json(names: &[String], ts: i64) -> Value {
    let mut decks = Map::new();
    decks.insert("1".into(), deck_json(1, "Default", ts));
    for name in names {
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

/// Streams the zip of the collection file `db` and `media` into `out`. Deflate level 1: the
/// collection is text and SQLite pages, and level 1 is several times faster than the default
/// level 6 for a package about a quarter larger.
fn zip_package<W: Write>(mut db: &File, out: W, timestamp: i64) -> Result<(), Error> {
    let zip_err = |e: zip::result::ZipError| Error::Zip(Box::new(e));
    let len = db.seek(SeekFrom::End(0))?;
    db.seek(SeekFrom::Start(0))?;
    let mut zip = ZipWriter::new_stream(out);
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip_date(timestamp))
        .unix_permissions(0o644)
        .large_file(len >= u64::from(u32::MAX));
    zip.start_file("collection.anki2", options)
        .map_err(zip_err)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = db.read(&mut buf)?;
        if n == 0 {
            break;
        }
        zip.write_all(&buf[..n])?;
    }
    zip.start_file("media", options.large_file(false))
        .map_err(zip_err)?;
    zip.write_all(b"{}")?;
    zip.finish().map_err(zip_err)?;
    Ok(())
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
