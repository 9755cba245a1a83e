//! The real catalogue we target (shared/corpus, someone else's text, read at test time and never
//! copied into the repo), parsed by papercat-core and written both ways: nothing is dropped.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use papercat_core::{Catalogue, FieldKind, Input};
use papercat_sheet::Column;

use crate::{csv_bytes, csv_records, decode_ooxml, split_any, xlsx_bytes};

fn corpus() -> Option<Catalogue> {
    let file = papercat_testkit::shared_dir()?.join("corpus/000_592348f81878be69.txt");
    let Ok(bytes) = std::fs::read(&file) else {
        eprintln!("SKIPPED corpus tests: {} not found", file.display());
        return None;
    };
    Some(papercat_core::parse(&[Input::from_bytes(
        "corpus.md",
        &bytes,
        None,
    )]))
}

#[test]
fn corpus_csv_keeps_every_field() {
    let Some(cat) = corpus() else { return };
    assert!(
        cat.papers.len() > 50,
        "only {} papers parsed",
        cat.papers.len()
    );
    let opts = papercat_sheet::csv::Options {
        raw_cells: true,
        ..Default::default()
    };
    let records = csv_records(&csv_bytes(&cat, &opts), b',');
    assert_eq!(records.len(), cat.papers.len() + 1);
    for (paper, row) in cat.papers.iter().zip(&records[1..]) {
        assert_eq!(row[0], paper.key);
        let body = row.join("\n");
        for f in &paper.fields {
            let shown_elsewhere = matches!(
                f.kind,
                FieldKind::Title
                    | FieldKind::Link
                    | FieldKind::Code
                    | FieldKind::Venue
                    | FieldKind::Institution
                    | FieldKind::Authors
                    | FieldKind::Topics
            );
            if !shown_elsewhere {
                assert!(
                    body.contains(&papercat_sheet::plain_text(&f.text)),
                    "{}: field {:?} ({}) missing from its row",
                    paper.key,
                    f.label,
                    f.kind.as_str()
                );
            }
        }
        if let Some(url) = &paper.url {
            assert!(row.contains(url), "{}: url {url} missing", paper.key);
        }
    }
}

/// Issue #15: split on `,`, `;` and tab at once (LibreOffice's default), every row of the corpus
/// CSV keeps its columns.
#[test]
fn corpus_csv_survives_all_three_delimiters() {
    let Some(cat) = corpus() else { return };
    let bytes = csv_bytes(&cat, &papercat_sheet::csv::Options::default());
    let records = split_any(&bytes);
    assert_eq!(records, csv_records(&bytes, b','));
    assert!(records.iter().all(|r| r.len() == Column::ALL.len()));
}

#[test]
fn corpus_xlsx_reads_back() {
    let Some(cat) = corpus() else { return };
    let (bytes, warnings) = xlsx_bytes(&cat, &Default::default());
    for w in &warnings {
        eprintln!("{w}");
    }
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("Papers").unwrap();
    assert_eq!(range.get_size(), (cat.papers.len() + 1, Column::ALL.len()));
    let heading = Column::ALL
        .iter()
        .position(|&c| c == Column::Heading)
        .unwrap();
    for (i, paper) in cat.papers.iter().enumerate() {
        let got = match range.get((i + 1, heading)) {
            Some(Data::String(s)) => decode_ooxml(s),
            _ => String::new(),
        };
        assert_eq!(got, paper.heading);
    }
    book.load_tables().unwrap();
    let sections = book.table_by_name("SectionsTable").unwrap();
    // Every declared section that holds a paper (in it or below it) has a row; none has zero.
    let holding = cat
        .sections
        .iter()
        .map(|s| &s.path)
        .filter(|p| !p.is_empty())
        .filter(|p| {
            cat.papers
                .iter()
                .any(|paper| paper.occurrences.iter().any(|o| o.section.starts_with(p)))
        })
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(holding > 5 && holding < cat.sections.len(), "{holding}");
    assert!(sections.data().height() >= holding);
    let papers_col = sections
        .columns()
        .iter()
        .position(|c| c == "papers")
        .unwrap();
    for row in sections.data().rows() {
        assert!(
            matches!(row[papers_col], Data::Float(n) if n >= 1.0),
            "{row:?}"
        );
    }
}

/// Issue #5: Python's own `csv` module reads the corpus CSV (default options: BOM, formula-safe
/// cells) back to exactly the cells `csv::Reader` sees, one row per paper, BOM first.
#[test]
fn corpus_csv_reads_back_in_python() {
    let Some(cat) = corpus() else { return };
    let Some(python) = papercat_testkit::python("csv", "corpus_csv_reads_back_in_python") else {
        return;
    };
    let bytes = csv_bytes(&cat, &papercat_sheet::csv::Options::default());
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM first");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.csv");
    std::fs::write(&path, &bytes).unwrap();
    let script = "import csv, json, sys\n\
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    \
rows = list(csv.reader(f))\n\
print(json.dumps(rows, ensure_ascii=False))\n";
    let out = std::process::Command::new(python)
        .args(["-c", script])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    let ours = csv_records(&bytes, b',');
    assert_eq!(
        theirs.len(),
        cat.papers.len() + 1,
        "header plus one row per paper"
    );
    assert_eq!(
        theirs, ours,
        "Python's csv module and csv::Reader read the same cells"
    );
    // Exact Chinese text survives (a heading of the corpus).
    assert!(theirs
        .iter()
        .any(|r| r.iter().any(|c| c == "LLaVA：经典的多模态大模型")));
}
