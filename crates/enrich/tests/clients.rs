//! The fixtures are checked by real clients: biber validates the .bib against the BibLaTeX
//! data model; bibtexparser, Python's json and jsonschema (CSL data schema) read all three, and
//! what they read must equal what our readers read.

use std::path::{Path, PathBuf};
use std::process::Command;

use papercat_core::Author;
use papercat_enrich::{Needs, Source};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn ours(name: &str) -> Source {
    Source::open(&fixtures().join(name), None, &Needs::everything()).unwrap()
}

#[test]
fn biber_validates_the_bib_fixture() {
    let Some(biber) = papercat_testkit::tool("biber", "biber_validates_the_bib_fixture") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixtures().join("refs.bib"), dir.path().join("refs.bib")).unwrap();
    let out = Command::new(biber)
        .current_dir(dir.path())
        .args([
            "--tool",
            "--validate-datamodel",
            "--output-file=checked.bib",
            "refs.bib",
        ])
        .output()
        .unwrap();
    let log =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{log}");
    assert!(!log.contains("ERROR"), "{log}");
    // biber wrote all three entries back.
    let checked = std::fs::read_to_string(dir.path().join("checked.bib")).unwrap();
    for key in ["wang2023selfinstruct", "gao2023precise", "liu2023visual"] {
        assert!(checked.contains(&format!("{{{key},")), "{key}: {checked}");
    }
}

#[test]
fn python_readers_agree_with_ours() {
    let Some(py) = papercat_testkit::python("bibtexparser", "python_readers_agree_with_ours")
    else {
        return;
    };
    let mut cmd = Command::new(py);
    cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/read_fixtures.py"))
        .arg(fixtures());
    let schema = papercat_testkit::shared_dir().map(|d| d.join("schemas/csl-data.json"));
    if let Some(s) = schema.filter(|s| s.is_file()) {
        cmd.arg(s);
    } else {
        eprintln!("SKIPPED CSL schema validation: shared/schemas/csl-data.json not found");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let family = |a: &Author| a.family().to_string();
    for (kind, file) in [
        ("bib", "refs.bib"),
        ("csl", "refs.csl.json"),
        ("arxiv", "arxiv-snapshot.jsonl"),
    ] {
        let src = ours(file);
        let map = theirs[kind].as_object().unwrap();
        assert_eq!(map.len(), src.records.len(), "{file}");
        for r in &src.records {
            let t = &map[&r.id];
            assert_eq!(t["authors"], r.work.authors.len(), "{file} {}", r.id);
            assert_eq!(
                t["first_family"],
                family(&r.work.authors[0]),
                "{file} {}",
                r.id
            );
            match kind {
                "bib" => {
                    if let Some(e) = t["eprint"].as_str() {
                        assert_eq!(r.work.arxiv.as_deref(), Some(e));
                    }
                    if let Some(d) = t["doi"].as_str().filter(|d| !d.starts_with("10.48550")) {
                        assert_eq!(r.work.doi.as_deref(), Some(d));
                    }
                }
                "csl" => assert_eq!(t["year"], r.work.year.unwrap()),
                _ => assert_eq!(t["primary"], r.work.arxiv_category.as_deref().unwrap()),
            }
        }
    }
}
