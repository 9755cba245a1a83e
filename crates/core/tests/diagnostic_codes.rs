//! The diagnostic codes are data (`papercat_core::Code`): the documentation's table is rendered
//! from them, and this test fails when `docs/catalogue-format.md` does not list every code with
//! the same severity and meaning.
//!
//! To regenerate the table after changing a code:
//! `PAPERCAT_UPDATE_DOCS=1 cargo test -p papercat-core --test diagnostic_codes`.

use std::collections::HashSet;
use std::path::PathBuf;

use papercat_core::{Code, Diagnostic, Severity};

const HEADER: &str = "| code | severity | meaning |";

fn docs_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/catalogue-format.md")
}

/// The documentation with its diagnostics table cut out: (before, table, after).
fn split_docs(text: &str) -> (&str, &str, &str) {
    let start = text
        .find(HEADER)
        .unwrap_or_else(|| panic!("docs/catalogue-format.md has no `{HEADER}` table"));
    let mut end = start;
    for line in text[start..].split_inclusive('\n') {
        if !line.starts_with('|') {
            break;
        }
        end += line.len();
    }
    (&text[..start], &text[start..end], &text[end..])
}

#[test]
fn docs_list_every_code() {
    let path = docs_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let (before, table, after) = split_docs(&text);
    let want = Code::markdown_table();
    if table == want {
        return;
    }
    if std::env::var_os("PAPERCAT_UPDATE_DOCS").is_some() {
        std::fs::write(&path, format!("{before}{want}{after}")).unwrap();
        return;
    }
    let have: HashSet<&str> = table.lines().collect();
    let missing: Vec<&str> = want.lines().filter(|l| !have.contains(l)).collect();
    let wanted: HashSet<&str> = want.lines().collect();
    let stale: Vec<&str> = table.lines().filter(|l| !wanted.contains(l)).collect();
    panic!(
        "the diagnostics table of docs/catalogue-format.md is not `Code::markdown_table()`\n\
         rows to add:\n{}\nrows to remove:\n{}\n\
         regenerate it with `PAPERCAT_UPDATE_DOCS=1 cargo test -p papercat-core --test diagnostic_codes`",
        missing.join("\n"),
        stale.join("\n"),
    );
}

#[test]
fn codes_are_unique_kebab_case_and_one_line() {
    let mut seen = HashSet::new();
    for &c in Code::ALL {
        let name = c.as_str();
        assert!(seen.insert(name), "`{name}` is listed twice");
        assert!(
            !name.is_empty()
                && !name.starts_with('-')
                && !name.ends_with('-')
                && name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
            "`{name}` is not kebab case"
        );
        assert_eq!(Code::from_name(name), Some(c));
        assert_eq!(c.to_string(), name);
        let d = c.description();
        assert!(
            !d.is_empty() && !d.contains('\n') && !d.contains('|'),
            "{name}: {d:?}"
        );
        assert!(!c.severities().is_empty());
        assert_eq!(c.severity(), c.severities()[0]);
    }
}

#[test]
fn codes_serialise_as_their_name() {
    for &c in Code::ALL {
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, format!("\"{}\"", c.as_str()));
        assert_eq!(serde_json::from_str::<Code>(&json).unwrap(), c);
    }
    let d = Diagnostic::new(Code::BadArxivId, "x.md", 3, 1, "bad").with_hint("fix it");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(
        serde_json::to_string(&d).unwrap(),
        r#"{"file":"x.md","line":3,"column":1,"severity":"error","code":"bad-arxiv-id","message":"bad","hint":"fix it"}"#
    );
    assert_eq!(
        d.to_string(),
        "x.md:3:1: error[bad-arxiv-id]: bad\n  = hint: fix it"
    );
}

#[test]
fn unknown_codes_are_an_error_not_a_panic() {
    assert!(serde_json::from_str::<Code>("\"no-such-code\"").is_err());
    let json =
        r#"{"file":"x.md","line":1,"column":1,"severity":"note","code":"fuzz","message":"m"}"#;
    let err = serde_json::from_str::<Diagnostic>(json).unwrap_err();
    assert!(
        err.to_string().contains("unknown diagnostic code `fuzz`"),
        "{err}"
    );
    assert_eq!(Code::from_name(""), None);
}

#[test]
fn other_severities_are_the_documented_ones() {
    let d = Diagnostic::new(Code::RepairedUrl, "x.md", 1, 1, "m");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.with_severity(Severity::Note).severity, Severity::Note);
    let several: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.severities().len() > 1)
        .map(|c| c.as_str())
        .collect();
    assert_eq!(several, ["repaired-url", "anki-no-card", "enrich-conflict"]);
}

#[test]
fn a_paper_diagnostic_points_at_its_first_listing() {
    let p = papercat_core::Paper {
        occurrences: vec![
            papercat_core::Occurrence {
                file: "a.md".into(),
                line: 7,
                section: Vec::new(),
            },
            papercat_core::Occurrence {
                file: "b.md".into(),
                line: 2,
                section: Vec::new(),
            },
        ],
        ..Default::default()
    };
    let d = p.diagnostic(Code::EmptyTitle, "m");
    assert_eq!((d.file.as_str(), d.line, d.column), ("a.md", 7, 1));
    assert_eq!(d.severity, Severity::Warning);
    let none = papercat_core::Paper::default().diagnostic(Code::AnkiNoCard, "m");
    assert_eq!((none.file.as_str(), none.line, none.column), ("", 0, 1));
}
