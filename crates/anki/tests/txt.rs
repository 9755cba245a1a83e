//! The text import format read back with the `csv` crate configured as Anki configures it
//! (tab separated, `#` comment lines, `"` quotes, flexible rows), compared with the `.apkg`,
//! and imported into a fresh collection by the real `anki` Python library.

use std::io::{Cursor, Read};

use papercat_anki::{apkg, txt, Options, PAPER_FIELDS};
use papercat_core::{Catalogue, Field, FieldKind, Occurrence, Paper, Work};
use papercat_testkit::fixture;
use proptest::prelude::*;

mod common;

fn text(cat: &Catalogue, opts: &Options) -> String {
    let mut out = Vec::new();
    txt::write(cat, &mut out, opts).unwrap();
    String::from_utf8(out).unwrap()
}

/// Records as Anki's importer reads them (`build_csv_reader` in Anki's rslib).
fn records(s: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .delimiter(b'\t')
        .from_reader(s.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// (guid, fields) of every note in an `.apkg`.
fn apkg_notes(cat: &Catalogue, opts: &Options) -> Vec<(String, Vec<String>)> {
    let mut bytes = Vec::new();
    apkg::write(cat, &mut bytes, opts).unwrap();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut db = Vec::new();
    zip.by_name("collection.anki2")
        .unwrap()
        .read_to_end(&mut db)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.anki2");
    std::fs::write(&path, db).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mut stmt = conn
        .prepare("SELECT guid, flds FROM notes ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| {
        let flds: String = r.get(1)?;
        Ok((r.get(0)?, flds.split('\x1f').map(String::from).collect()))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

#[test]
fn headers() {
    let out = text(&fixture(), &Options::default());
    let headers: Vec<&str> = out.lines().take_while(|l| l.starts_with('#')).collect();
    assert_eq!(
        headers[..7],
        [
            "#separator:tab",
            "#html:true",
            "#guid column:1",
            "#notetype column:2",
            "#deck column:3",
            "#tags column:4",
            "#if matches:update current",
        ]
    );
    assert_eq!(
        headers[7],
        format!(
            "#columns:GUID\tNotetype\tDeck\tTags\t{}",
            PAPER_FIELDS.join("\t")
        )
    );
}

#[test]
fn same_notes_as_the_apkg() {
    for opts in [
        Options::default(),
        Options {
            cloze: true,
            ..Options::default()
        },
    ] {
        let recs = records(&text(&fixture(), &opts));
        let notes = apkg_notes(&fixture(), &opts);
        assert_eq!(recs.len(), notes.len());
        for (rec, (guid, fields)) in recs.iter().zip(&notes) {
            assert_eq!(rec.len(), 4 + PAPER_FIELDS.len());
            assert_eq!(&rec[0], guid);
            assert_eq!(&rec[4..4 + fields.len()], fields.as_slice());
            assert!(rec[4 + fields.len()..].iter().all(String::is_empty));
        }
    }
    let recs = records(&text(&fixture(), &Options::default()));
    assert_eq!(recs[0][1], "papercat paper v2");
    assert_eq!(recs[0][2], "LLMs 论文研读社::多模态篇");
    assert_eq!(recs[0][3], "多模态 指令微调 year::2023");
    assert_eq!(recs[2][3], "量化 PEFT venue::NeurIPS year::2023");
}

#[test]
fn anki_imports_the_text_into_a_fresh_collection() {
    let Some(python) =
        papercat_testkit::python("anki", "anki_imports_the_text_into_a_fresh_collection")
    else {
        return;
    };
    eprintln!("running the anki Python library: the text file into a fresh collection");
    for opts in [
        Options::default(),
        Options {
            cloze: true,
            deck: Some("Review::Papers".into()),
            ..Options::default()
        },
    ] {
        let dir = tempfile::tempdir().unwrap();
        let notes = common::txt_into_fresh_collection(&python, &fixture(), &opts, dir.path());
        assert_eq!(notes, if opts.cloze { 5 } else { 3 });
    }
}

fn paper(heading: &str, method: &str, section: &str, topic: &str) -> Catalogue {
    Catalogue {
        title: Some(section.to_string()),
        papers: vec![Paper {
            key: "k".into(),
            heading: heading.into(),
            topics: vec![topic.into()],
            occurrences: vec![Occurrence {
                file: "f.md".into(),
                line: 1,
                section: vec![section.into(), section.into()],
            }],
            fields: vec![
                Field {
                    label: "动机".into(),
                    kind: FieldKind::Motivation,
                    text: "m".into(),
                    line: 2,
                },
                Field {
                    label: heading.into(),
                    kind: FieldKind::Method,
                    text: method.into(),
                    line: 3,
                },
            ],
            work: Work {
                title: Some(heading.into()),
                ..Default::default()
            },
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// Plain-text HTML back to text, written here independently of the crate.
fn unescape(html: &str) -> String {
    html.replace("<br>", "\n")
        .replace("&#9;", "\t")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn expected_plain(s: &str) -> String {
    s.trim()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|&c| c == '\t' || c == '\n' || !c.is_control())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any text in: one record per note, every field free of line breaks, tabs and the Anki
    /// field separator, the heading back unchanged, tags and decks well formed.
    #[test]
    fn any_text_gives_a_valid_file(
        heading in "\\PC*|[#\"\t\n\r<>&;\\x1f ]{0,12}",
        method in any::<String>(),
        section in any::<String>(),
        topic in any::<String>(),
    ) {
        let cat = paper(&heading, &method, &section, &topic);
        let out = text(&cat, &Options::default());
        let recs = records(&out);
        prop_assert_eq!(recs.len(), 1);
        let rec = &recs[0];
        prop_assert_eq!(rec.len(), 4 + PAPER_FIELDS.len());
        for f in rec {
            prop_assert!(!f.contains(['\n', '\r', '\x1f']), "{:?}", f);
        }
        for f in &rec[4..] {
            prop_assert!(!f.contains('\t'), "{:?}", f);
            prop_assert!(!f.to_lowercase().contains("<script"), "{:?}", f);
        }
        prop_assert_eq!(unescape(&rec[4 + 2]), expected_plain(&heading));
        // Tags: space separated, so no tag holds whitespace; our one topic is one tag.
        let tags: Vec<&str> = rec[3].split(' ').filter(|t| !t.is_empty()).collect();
        prop_assert!(tags.len() <= 1, "{:?}", tags);
        prop_assert!(tags.iter().all(|t| !t.contains(char::is_whitespace)), "{:?}", tags);
        prop_assert_eq!(rec[3].split_whitespace().count(), tags.len());
        // Decks: no empty component, no component with `::` or surrounding spaces.
        for part in rec[2].split("::") {
            prop_assert!(!part.is_empty() && part.trim() == part, "{:?}", rec[2]);
        }
        // Line count: headers, then the one note.
        prop_assert_eq!(out.lines().filter(|l| !l.starts_with('#')).count(), 1);
    }
}

/// Notes are identified by their paper's key: a catalogue whose keys are shared or unusable
/// (one built by hand) is refused by both writers before anything is written.
#[test]
fn shared_and_empty_keys_are_refused() {
    let mut cat = paper("LLaVA", "方法", "多模态", "指令微调");
    cat.papers.push(cat.papers[0].clone());
    for empty in [false, true] {
        if empty {
            cat.papers.truncate(1);
            cat.papers[0].key.clear();
        }
        let mut out = Vec::new();
        let e = txt::write(&cat, &mut out, &Options::default()).unwrap_err();
        assert!(matches!(e, papercat_anki::Error::Key(_)), "{e}");
        assert!(out.is_empty());
        let e = apkg::write(&cat, &mut out, &Options::default()).unwrap_err();
        assert!(matches!(e, papercat_anki::Error::Key(_)), "{e}");
        assert!(out.is_empty());
    }
}
