//! Decks from parsed catalogues: `samples/*.md` and, when present, the shared real corpus
//! (read in place, never copied), imported by the `anki` Python library.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use papercat_anki::{apkg, txt, Options};
use papercat_core::Catalogue;

mod common;

fn parse(paths: &[PathBuf]) -> Catalogue {
    papercat_testkit::parse_files(paths)
}

fn samples() -> Vec<PathBuf> {
    papercat_testkit::sample_paths()
}

/// Writes both formats, checks what Rust can see, and returns (apkg, txt, notes written).
fn write_both(cat: &Catalogue, dir: &Path, opts: &Options) -> (PathBuf, PathBuf, usize) {
    let mut package = Vec::new();
    let diags = apkg::write(cat, &mut package, opts).unwrap();
    let mut text = Vec::new();
    assert_eq!(txt::write(cat, &mut text, opts).unwrap(), diags);
    let text = String::from_utf8(text).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let skipped = diags.iter().filter(|d| d.code == "anki-no-card").count();
    assert!(!rows.is_empty());
    let guids: HashSet<&str> = rows.iter().map(|r| r.split('\t').next().unwrap()).collect();
    assert_eq!(guids.len(), rows.len(), "GUIDs are unique");
    let lower = text.to_lowercase();
    for bad in ["<script", " onerror=", "href=\"javascript:"] {
        assert!(!lower.contains(bad), "{bad}");
    }
    if !opts.cloze {
        assert_eq!(rows.len() + skipped, cat.papers.len());
    }
    let apkg_path = dir.join("deck.apkg");
    let txt_path = dir.join("deck.txt");
    std::fs::write(&apkg_path, package).unwrap();
    std::fs::write(&txt_path, &text).unwrap();
    (apkg_path, txt_path, rows.len())
}

/// Imports the package into a fresh collection, again (nothing changes), then the text file;
/// then the text file into another fresh collection given the package's note types.
fn anki_check(
    test: &str,
    cat: &Catalogue,
    opts: &Options,
    (apkg_path, txt_path, notes): (&Path, &Path, usize),
    dir: &Path,
) {
    let Some(python) = papercat_testkit::python("anki", test) else {
        return;
    };
    eprintln!("{test}: importing with the anki Python library");
    let work = dir.join("work");
    std::fs::create_dir(&work).unwrap();
    let (apkg, txt) = (apkg_path.to_path_buf(), txt_path.to_path_buf());
    let report = common::run_python(
        &python,
        "anki_import.py",
        &[work, apkg.clone(), apkg.clone(), apkg, txt],
    );
    assert_eq!(report["first_log"]["new"], notes, "{}", report["first_log"]);
    assert_eq!(report["first"]["note_count"], notes);
    assert_eq!(report["first"]["empty_cards"], 0);
    assert_eq!(report["edited_log"]["new"], 0);
    assert_eq!(report["edited_log"]["updated"], 0);
    assert_eq!(report["txt_log"]["new"], 0, "{}", report["txt_log"]);
    assert_eq!(report["txt_log"]["missing_notetype"], 0);
    assert_eq!(report["txt"]["note_count"], notes);
    assert_eq!(report["txt"]["notes"], report["first"]["notes"]);
    what_anki_shows(cat, &report["first"]);
    let fresh = dir.join("fresh");
    std::fs::create_dir(&fresh).unwrap();
    assert_eq!(
        common::txt_into_fresh_collection(&python, cat, opts, &fresh),
        notes
    );
}

/// Whether `c` is punctuation that is not ASCII (`「」（），。：`...).
fn wide_punct(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace()
}

/// What a reader sees in Anki (`snapshot`, as `anki_import.py` reports it): a note for every
/// paper with note text, no two cards with the same front and different backs, and no `**`
/// left beside CJK punctuation (bold was rendered).
fn what_anki_shows(cat: &Catalogue, snapshot: &serde_json::Value) {
    use papercat_core::FieldKind::*;
    let notes = snapshot["notes"].as_object().unwrap();
    let keys: HashSet<&str> = notes
        .values()
        .filter(|n| {
            n["notetype"]
                .as_str()
                .unwrap()
                .starts_with("papercat paper")
        })
        .map(|n| n["fields"]["Key"].as_str().unwrap())
        .collect();
    let mut with_notes = 0;
    for p in &cat.papers {
        let has_notes = p.fields.iter().any(|f| {
            matches!(
                f.kind,
                Motivation | Method | Results | Summary | Note | Other
            ) && !f.text.trim().is_empty()
        });
        if has_notes {
            with_notes += 1;
            assert!(
                keys.contains(p.key.as_str()),
                "paper `{}` (line {}) has notes but no Anki note",
                p.key,
                p.line()
            );
        }
    }
    eprintln!("{with_notes} papers with notes, each has an Anki note");

    let mut fronts: HashMap<&str, &str> = HashMap::new();
    let mut cards = 0;
    for n in notes.values() {
        for card in n["rendered"].as_array().unwrap() {
            cards += 1;
            let (q, a) = (
                card["question"].as_str().unwrap(),
                card["answer"].as_str().unwrap(),
            );
            if let Some(other) = fronts.insert(q, a) {
                assert_eq!(other, a, "two cards ask {q:?} with different answers");
            }
        }
    }
    eprintln!("{cards} cards, {} distinct fronts", fronts.len());

    let mut bold_beside_cjk = 0;
    for n in notes.values() {
        for (name, value) in n["fields"].as_object().unwrap() {
            let v = value.as_str().unwrap();
            for (at, _) in v.match_indices("**") {
                let before = v[..at].chars().next_back();
                let after = v[at + 2..].chars().next();
                assert!(
                    !before.is_some_and(wide_punct) && !after.is_some_and(wide_punct),
                    "literal ** beside CJK punctuation in {name}: {v}"
                );
            }
            bold_beside_cjk += v
                .match_indices("<strong>")
                .filter(|(at, _)| v[at + 8..].chars().next().is_some_and(wide_punct))
                .count()
                + v.match_indices("</strong>")
                    .filter(|(at, _)| v[..*at].chars().next_back().is_some_and(wide_punct))
                    .count();
        }
    }
    eprintln!("{bold_beside_cjk} bold phrases start or end with CJK punctuation");
}

#[test]
fn samples_import_into_anki() {
    let cat = parse(&samples());
    assert!(
        !cat.papers.is_empty(),
        "the parser found papers in samples/"
    );
    let dir = tempfile::tempdir().unwrap();
    let opts = Options {
        cloze: true,
        ..Options::default()
    };
    let (apkg_path, txt_path, notes) = write_both(&cat, dir.path(), &opts);
    anki_check(
        "samples_import_into_anki",
        &cat,
        &opts,
        (&apkg_path, &txt_path, notes),
        dir.path(),
    );
}

#[test]
fn shared_corpus_imports_into_anki() {
    let Some(shared) = papercat_testkit::shared_dir() else {
        eprintln!(
            "SKIPPED shared_corpus_imports_into_anki: no ../shared corpus beside the checkout"
        );
        return;
    };
    let corpus = shared.join("corpus/000_592348f81878be69.txt");
    if !corpus.is_file() {
        eprintln!(
            "SKIPPED shared_corpus_imports_into_anki: {} missing",
            corpus.display()
        );
        return;
    }
    let cat = parse(&[corpus]);
    assert!(cat.papers.len() > 50, "{} papers", cat.papers.len());
    let dir = tempfile::tempdir().unwrap();
    let opts = Options::default();
    let (apkg_path, txt_path, notes) = write_both(&cat, dir.path(), &opts);
    assert!(notes > 50, "{notes} notes");
    anki_check(
        "shared_corpus_imports_into_anki",
        &cat,
        &opts,
        (&apkg_path, &txt_path, notes),
        dir.path(),
    );
}
