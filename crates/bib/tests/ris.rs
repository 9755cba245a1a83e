//! RIS read back by rispy (a maintained RIS reader, the parser behind several reference
//! managers' scripts): the fixture, every sample and the shared corpus. Every record must
//! come back with its key as `ID`, its type, its authors in order and its title, arXiv id and
//! landing page. SKIPPED without the venv's rispy; fails under PAPERCAT_REQUIRE_TOOLS=1.

mod common;

use std::process::Command;

use common::{run, text};
use papercat_core::{Author, Catalogue};

fn ris(cat: &Catalogue) -> String {
    let mut out = Vec::new();
    papercat_bib::ris::write(cat, &mut out, &Default::default()).unwrap();
    String::from_utf8(out).unwrap()
}

/// What rispy read from each file, in the order given.
fn rispy(py: &std::path::Path, files: &[String]) -> Vec<Vec<serde_json::Value>> {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = (0..files.len())
        .map(|i| dir.path().join(format!("{i}.ris")))
        .collect();
    for (p, f) in paths.iter().zip(files) {
        std::fs::write(p, f).unwrap();
    }
    let out = run(Command::new(py)
        .arg(common::script("read_ris.py"))
        .args(&paths));
    assert!(out.status.success(), "read_ris.py: {}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    paths
        .iter()
        .map(|p| {
            v[p.to_str().unwrap()]["records"]
                .as_array()
                .unwrap()
                .clone()
        })
        .collect()
}

fn check(name: &str, cat: &Catalogue, records: &[serde_json::Value]) {
    assert_eq!(records.len(), cat.papers.len(), "{name}: records");
    let mut wrong = Vec::new();
    for (r, p) in records.iter().zip(&cat.papers) {
        let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
        if s("id") != p.key {
            wrong.push(format!("{}: id {}", p.key, r["id"]));
        }
        let title = papercat_bib::written_title(p);
        if s("title") != title && !(title.is_empty() && r.get("title").is_none()) {
            wrong.push(format!("{}: title {:?} != {title:?}", p.key, r["title"]));
        }
        let authors: Vec<String> = p
            .work
            .authors
            .iter()
            .map(|a| match a {
                Author::Literal { literal } => literal.trim().to_string(),
                Author::Person { given, family } if given.trim().is_empty() => {
                    family.trim().to_string()
                }
                Author::Person { given, family } if family.trim().is_empty() => {
                    given.trim().to_string()
                }
                Author::Person { given, family } => {
                    format!("{}, {}", family.trim(), given.trim())
                }
            })
            .filter(|a| !a.is_empty())
            .collect();
        let read: Vec<String> = r["authors"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x.as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .unwrap_or_default();
        if read != authors {
            wrong.push(format!("{}: authors {read:?} != {authors:?}", p.key));
        }
        if let Some(id) = &p.work.arxiv {
            if s("note") != format!("arXiv:{id}") {
                wrong.push(format!("{}: arXiv {:?}", p.key, r["note"]));
            }
        }
        if p.code
            .iter()
            .any(|c| !r["urls"].to_string().contains(c.trim()))
        {
            wrong.push(format!("{}: code links {:?}", p.key, r["urls"]));
        }
    }
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

#[test]
fn rispy_reads_every_record_back() {
    let Some(py) = papercat_testkit::python("rispy", "rispy_reads_every_record_back") else {
        return;
    };
    let mut cats = vec![
        ("fixture".to_string(), papercat_testkit::fixture()),
        (
            "samples".to_string(),
            papercat_testkit::parse_files(&papercat_testkit::sample_paths()),
        ),
    ];
    match papercat_testkit::shared_dir() {
        Some(shared) => cats.push((
            "corpus".to_string(),
            papercat_testkit::parse_files(&[shared.join("corpus/000_592348f81878be69.txt")]),
        )),
        None => eprintln!("SKIPPED rispy_reads_every_record_back (corpus): ../shared not found"),
    }
    let files: Vec<String> = cats.iter().map(|(_, c)| ris(c)).collect();
    let read = rispy(&py, &files);
    let fixture = &read[0];
    let types: Vec<&str> = fixture
        .iter()
        .map(|r| r["type_of_reference"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["UNPB", "CPAPER", "GEN", "ELEC", "CPAPER"]);
    assert_eq!(fixture[1]["secondary_title"], "Proceedings of EMNLP 2023");
    assert_eq!(fixture[0]["date"], "2023/04");
    for ((name, cat), records) in cats.iter().zip(&read) {
        check(name, cat, records);
    }
}
