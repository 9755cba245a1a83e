//! Helpers shared by the integration tests: render the fixture in each format.

#![allow(dead_code)]

use papercat_core::{Catalogue, Diagnostic};
use std::path::PathBuf;

/// BibTeX text and diagnostics.
pub fn bibtex(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::bibtex::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// BibLaTeX text and diagnostics.
pub fn biblatex(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::biblatex::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// CSL-JSON text and diagnostics.
pub fn csljson(cat: &Catalogue) -> (String, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let d = papercat_bib::csljson::write(cat, &mut out, &Default::default()).unwrap();
    (String::from_utf8(out).unwrap(), d)
}

/// `tests/golden/<name>` in this crate.
pub fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// `tests/<name>` in this crate (the Python check scripts).
pub fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}
