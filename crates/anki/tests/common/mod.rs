//! Helpers shared by the test binaries that run the `anki` Python library.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use papercat_anki::{apkg, txt, Options};
use papercat_core::Catalogue;
use serde_json::Value;

/// Runs `tests/<script>` with `python` and returns its JSON report (the last stdout line that
/// is JSON; anki may log other lines first, e.g. on first use).
pub(crate) fn run_python(python: &Path, script: &str, args: &[PathBuf]) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let output = std::process::Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{} failed:\n{}",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .rev()
        .find_map(|l| serde_json::from_str(l).ok())
        .unwrap_or_else(|| {
            panic!(
                "no JSON report on stdout:\n{stdout}\nstderr:\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
}

/// Writes `cat` as `.apkg` and `.txt` (and an empty catalogue as `.apkg`) into `dir`, runs
/// `anki_txt_fresh.py` on them and asserts that the text file, imported into a fresh
/// collection that has only received the package's note types, gives the same notes (GUIDs,
/// note types, fields, tags, decks, cards as Anki renders them) as the package imported into
/// another fresh collection. Returns the number of notes.
pub(crate) fn txt_into_fresh_collection(
    python: &Path,
    cat: &Catalogue,
    opts: &Options,
    dir: &Path,
) -> usize {
    let write = |name: &str, bytes: Vec<u8>| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let mut package = Vec::new();
    apkg::write(cat, &mut package, opts).unwrap();
    let mut empty = Vec::new();
    apkg::write(&Catalogue::default(), &mut empty, opts).unwrap();
    let mut text = Vec::new();
    txt::write(cat, &mut text, opts).unwrap();
    let notes = String::from_utf8_lossy(&text)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .count();
    let package = write("fresh.apkg", package);
    let empty = write("empty.apkg", empty);
    let text = write("fresh.txt", text);
    let work = dir.join("fresh-work");
    std::fs::create_dir(&work).unwrap();
    let report = run_python(python, "anki_txt_fresh.py", &[work, package, empty, text]);

    // The limitation: alone, the text file adds nothing to a fresh collection (Anki's text
    // import never creates note types), and a package without notes brings no note type.
    let alone = &report["b_txt_alone_log"];
    assert_eq!(alone["new"], 0, "{alone}");
    assert_eq!(alone["missing_notetype"], notes, "{alone}");
    assert_eq!(report["b_txt_alone_note_count"], 0);
    assert_eq!(report["b_empty_log"]["new"], 0);
    assert_eq!(
        report["b_notetypes_after_empty"],
        report["b_notetypes_fresh"]
    );

    // With the package's note types, the text file gives the package's notes.
    let a = &report["a"];
    let b = &report["b"];
    assert_eq!(report["a_log"]["new"], notes, "{}", report["a_log"]);
    assert_eq!(report["b_log"]["new"], notes, "{}", report["b_log"]);
    assert_eq!(report["b_log"]["missing_notetype"], 0);
    assert_eq!(b["notetypes"], a["notetypes"]);
    assert_eq!(b["note_count"], notes);
    assert_eq!(b["note_count"], a["note_count"]);
    assert_eq!(b["card_count"], a["card_count"]);
    assert_eq!(b["decks"], a["decks"]);
    assert_eq!(b["empty_cards"], 0);
    let (a_notes, b_notes) = (
        a["notes"].as_object().unwrap(),
        b["notes"].as_object().unwrap(),
    );
    assert_eq!(
        b_notes.keys().collect::<Vec<_>>(),
        a_notes.keys().collect::<Vec<_>>(),
        "the same GUIDs"
    );
    for (guid, note) in a_notes {
        assert_eq!(&b_notes[guid], note, "{guid}");
    }
    assert_eq!(b["csum"], a["csum"]);
    notes
}
