//! Bibliographies of parsed catalogues: every `samples/*.md` alone and all merged, and the
//! shared real corpus when present (read in place, never copied), checked by the same
//! clients as the fixture: the `biblatex` crate, bibtex, biber, pandoc citeproc,
//! bibtexparser and the CSL schema.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use biblatex::Bibliography;
use papercat_core::Catalogue;

use common::{biber_complaints, bibtex_with_style, run, text};

fn parse(paths: &[PathBuf]) -> Catalogue {
    papercat_testkit::parse_files(paths)
}

fn samples() -> Vec<PathBuf> {
    papercat_testkit::sample_paths()
}

/// Writes the three files of `cat` into `dir` and checks them with every client there is.
fn check_catalogue(name: &str, cat: &Catalogue, dir: &Path) {
    assert!(!cat.papers.is_empty(), "{name}: no papers parsed");
    let keys: Vec<&str> = cat.papers.iter().map(|p| p.key.as_str()).collect();
    let (bibtex, _) = common::bibtex(cat);
    let (biblatex, diags) = common::biblatex(cat);
    let (csl, _) = common::csljson(cat);

    for (flavour, bib) in [("bibtex", &bibtex), ("biblatex", &biblatex)] {
        let parsed = Bibliography::parse(bib).unwrap_or_else(|e| panic!("{name} {flavour}: {e:?}"));
        assert_eq!(parsed.keys().collect::<Vec<_>>(), keys, "{name} {flavour}");
    }
    let items: serde_json::Value = serde_json::from_str(&csl).unwrap();
    let ids: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, keys, "{name} csl");
    assert!(items
        .as_array()
        .unwrap()
        .iter()
        .all(|i| !i["type"].as_str().unwrap().is_empty()));

    if let Some(bibtex_bin) = papercat_testkit::tool("bibtex", name) {
        eprintln!("{name}: bibtex plain");
        let bbl = bibtex_with_style("plain", &bibtex, dir, &bibtex_bin);
        assert_eq!(bbl.matches("\\bibitem{").count(), keys.len(), "{name}");
    }
    if let Some(biber) = papercat_testkit::tool("biber", name) {
        eprintln!("{name}: biber --validate-datamodel");
        let expected = common::expected_biber_warnings(&diags);
        for (flavour, bib) in [("bibtex", &bibtex), ("biblatex", &biblatex)] {
            let (complaints, _) = biber_complaints(&biber, bib, dir);
            let complaints: BTreeSet<String> = complaints.into_iter().collect();
            assert_eq!(complaints, expected, "{name} {flavour}");
        }
    }
    if let Some(pandoc) = papercat_testkit::tool("pandoc", name) {
        eprintln!("{name}: pandoc --citeproc");
        std::fs::write(dir.join("doc.md"), "---\nnocite: \"@*\"\n---\n\nText.\n").unwrap();
        for (file, body) in [
            ("x.bib", &bibtex),
            ("x.biblatex", &biblatex),
            ("x.json", &csl),
        ] {
            std::fs::write(dir.join(file), body).unwrap();
            let out = run(Command::new(&pandoc)
                .args([
                    "doc.md",
                    "--citeproc",
                    "-t",
                    "plain",
                    "--bibliography",
                    file,
                ])
                .current_dir(dir));
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "{name} {file}: {}",
                text(&out.stderr)
            );
        }
    }
    if let Some(py) = papercat_testkit::python("bibtexparser", name) {
        eprintln!("{name}: bibtexparser");
        let read = common::bibtexparser(&py, &[&bibtex, &biblatex], dir);
        for (flavour, bib, theirs) in [
            ("bibtex", &bibtex, &read[0]),
            ("biblatex", &biblatex, &read[1]),
        ] {
            let wrong = common::roundtrip_differences(cat, bib, theirs);
            assert!(wrong.is_empty(), "{name} {flavour}:\n{}", wrong.join("\n"));
        }
    }
    if let (Some(py), Some(shared)) = (
        papercat_testkit::python("jsonschema", name),
        papercat_testkit::shared_dir(),
    ) {
        eprintln!("{name}: CSL schema");
        std::fs::write(dir.join("x.json"), &csl).unwrap();
        let out = run(Command::new(py)
            .arg(common::script("validate_csl.py"))
            .arg(shared.join("schemas/csl-data.json"))
            .arg(dir.join("x.json")));
        assert!(out.status.success(), "{name}: {}", text(&out.stdout));
    }
}

#[test]
fn every_sample_alone_and_all_merged() {
    let dir = tempfile::tempdir().unwrap();
    let paths = samples();
    assert!(!paths.is_empty());
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        check_catalogue(&name, &parse(std::slice::from_ref(path)), dir.path());
    }
    check_catalogue("all samples", &parse(&paths), dir.path());
}

#[test]
fn the_shared_corpus() {
    let Some(shared) = papercat_testkit::shared_dir() else {
        eprintln!("SKIPPED the_shared_corpus: ../shared not found");
        return;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(shared.join("corpus"))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    let dir = tempfile::tempdir().unwrap();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        check_catalogue(&name, &parse(std::slice::from_ref(path)), dir.path());
    }
}
