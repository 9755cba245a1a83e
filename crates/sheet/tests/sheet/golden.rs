//! Snapshots of the fixture as CSV and as XLSX (a text dump of every part's digest and every
//! cell, `papercat_testkit::snapshot::xlsx_text`), in `tests/sheet/snapshots/`.
//!
//! A change fails with a line diff; accept it with `cargo insta review` (or rerun with
//! `INSTA_UPDATE=always`) and review `git diff`.

use papercat_testkit::snapshot::{file_text, xlsx_text};

use crate::{csv_bytes, xlsx_bytes};

#[test]
fn csv_golden() {
    let bytes = csv_bytes(
        &papercat_testkit::fixture(),
        &papercat_sheet::csv::Options::default(),
    );
    insta::assert_snapshot!("fixture.csv", file_text(&bytes));
}

#[test]
fn xlsx_golden() {
    let (bytes, _) = xlsx_bytes(
        &papercat_testkit::fixture(),
        &papercat_sheet::xlsx::Options::default(),
    );
    insta::assert_snapshot!("fixture.xlsx", xlsx_text(&bytes));
}
