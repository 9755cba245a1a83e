//! Golden files: the fixture catalogue in each format, compared byte for byte.
//! Regenerate with `UPDATE_GOLDEN=1 cargo test -p papercat-bib --test golden` and review the diff.

mod common;

fn check(name: &str, actual: &str) {
    let path = common::golden_path(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        expected == actual,
        "{} differs from the writer's output; run with UPDATE_GOLDEN=1 and review the diff",
        path.display()
    );
}

#[test]
fn golden_bibtex() {
    check(
        "fixture.bib",
        &common::bibtex(&papercat_testkit::fixture()).0,
    );
}

#[test]
fn golden_biblatex() {
    check(
        "fixture.biblatex.bib",
        &common::biblatex(&papercat_testkit::fixture()).0,
    );
}

#[test]
fn golden_csljson() {
    check(
        "fixture.csl.json",
        &common::csljson(&papercat_testkit::fixture()).0,
    );
}
