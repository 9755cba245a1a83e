//! Snapshots of the fixture catalogue in each bibliography format, in `tests/snapshots/`.
//! A change fails with a line diff; accept it with `cargo insta review` (or rerun with
//! `INSTA_UPDATE=always`) and review `git diff`.

mod common;

use papercat_testkit::{fixture, snapshot::file_text};

#[test]
fn golden_bibtex() {
    let (text, _) = common::bibtex(&fixture());
    insta::assert_snapshot!("fixture.bib", file_text(text.as_bytes()));
}

#[test]
fn golden_biblatex() {
    let (text, _) = common::biblatex(&fixture());
    insta::assert_snapshot!("fixture.biblatex.bib", file_text(text.as_bytes()));
}

#[test]
fn golden_csljson() {
    let (text, _) = common::csljson(&fixture());
    insta::assert_snapshot!("fixture.csl.json", file_text(text.as_bytes()));
}
