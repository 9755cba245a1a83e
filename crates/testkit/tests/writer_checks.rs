//! Every writer on arbitrary catalogues: the properties the fuzz targets `json`, `bib`,
//! `sheet`, `jsonld` and `anki` check (see `fuzz/README.md`), at a smaller budget.
//!
//! `PROPTEST_CASES=1000 cargo test -p papercat-testkit --test writer_checks` runs more cases.
//!
//! Inputs that once broke a writer are fuzz inputs for `arbitrary_catalogue`, written inline
//! in their test below (`crates/core/tests/regressions/` is for Markdown: papercat-core's
//! `tests/robustness_regressions.rs` parses every entry there, and a subfolder would fail it).

use std::collections::HashSet;

use papercat_core::{Catalogue, FieldKind, LinkKind, Paper};
use papercat_testkit::arbitrary::arbitrary_catalogue;
use papercat_testkit::generator::XorShift;
use papercat_testkit::writer_checks::{check, check_output, html_hazard, Writer};
use proptest::prelude::*;

proptest! {
    // 64 cases unless PROPTEST_CASES says otherwise (proptest reads it for the default).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Any catalogue, every writer: `Ok`, no panic, same bytes twice, and the output reads
    /// back with the properties `check` lists.
    #[test]
    fn every_writer_keeps_its_promises(bytes in proptest::collection::vec(any::<u8>(), 0..1500)) {
        let cat = arbitrary_catalogue(&bytes);
        for w in Writer::ALL {
            if let Err(e) = check(w, &cat) {
                return Err(TestCaseError::fail(e));
            }
        }
    }
}

/// A catalogue with a few papers, from fixed bytes.
fn some_catalogue() -> Catalogue {
    (0u64..)
        .map(|seed| {
            let mut rng = XorShift::new(seed + 1);
            let bytes: Vec<u8> = (0..1500).map(|_| rng.next_u64() as u8).collect();
            arbitrary_catalogue(&bytes)
        })
        .find(|c| c.papers.len() >= 3)
        .expect("some seed gives three papers")
}

#[test]
fn keys_are_what_the_parser_guarantees() {
    let mut rng = XorShift::new(9);
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..rng.below(3000)).map(|_| rng.next_u64() as u8).collect();
        let cat = arbitrary_catalogue(&bytes);
        assert_eq!(
            cat,
            arbitrary_catalogue(&bytes),
            "decoding is deterministic"
        );
        let mut seen = HashSet::new();
        for p in &cat.papers {
            assert!(!p.key.is_empty());
            assert!(p
                .key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'));
            assert!(seen.insert(p.key.clone()), "duplicate key {}", p.key);
            assert!(!p.occurrences.is_empty());
            for o in &p.occurrences {
                assert!(o.section.is_empty() || cat.sections.iter().any(|s| s.path == o.section));
            }
        }
        for (i, s) in cat.sections.iter().enumerate() {
            assert!((1..=6).contains(&s.level));
            assert!(s
                .parent
                .is_none_or(|p| p < i && cat.sections[p].level < s.level));
        }
    }
    assert!(arbitrary_catalogue(&[]).papers.is_empty());
}

#[test]
fn the_decoder_reaches_every_kind() {
    let mut rng = XorShift::new(3);
    let (mut fields, mut links) = (HashSet::new(), HashSet::new());
    let (mut person, mut literal, mut long, mut negative, mut month_over_12) =
        (false, false, false, false, false);
    for _ in 0..300 {
        let bytes: Vec<u8> = (0..2000).map(|_| rng.next_u64() as u8).collect();
        let cat = arbitrary_catalogue(&bytes);
        for p in &cat.papers {
            fields.extend(p.fields.iter().map(|f| f.kind));
            links.extend(p.links.iter().map(|l| l.kind));
            for a in &p.work.authors {
                match a {
                    papercat_core::Author::Person { .. } => person = true,
                    papercat_core::Author::Literal { .. } => literal = true,
                }
            }
            long |= p.fields.iter().any(|f| f.text.chars().count() > 32_767)
                || p.heading.chars().count() > 32_767;
            negative |= p.work.year.is_some_and(|y| y < 0);
            month_over_12 |= p.work.month.is_some_and(|m| m > 12);
        }
    }
    assert_eq!(fields.len(), 14, "field kinds reached: {fields:?}");
    assert_eq!(links.len(), 10, "link kinds reached: {links:?}");
    assert!(fields.contains(&FieldKind::Other) && links.contains(&LinkKind::Other));
    assert!(person && literal && long && negative && month_over_12);
}

/// The checker can fail: cut each writer's output in half and it must say so.
#[test]
fn check_rejects_truncated_output() {
    let cat = some_catalogue();
    for w in Writer::ALL {
        let (out, diags) = w.write(&cat).unwrap();
        check_output(w, &cat, &out, &diags).unwrap();
        let cut = &out[..out.len() / 2];
        assert!(
            check_output(w, &cat, cut, &diags).is_err(),
            "{}: a truncated output passed the check",
            w.name()
        );
    }
}

/// A formula cell in the CSV, a lone brace in the .bib and an event handler in an Anki field
/// are each caught.
#[test]
fn check_rejects_broken_promises() {
    let cat = Catalogue {
        papers: vec![Paper {
            key: "a1".into(),
            heading: "LLaVA：x".into(),
            fields: vec![papercat_core::Field {
                label: "论文方法".into(),
                kind: FieldKind::Method,
                text: "m".into(),
                line: 2,
            }],
            ..Default::default()
        }],
        ..Default::default()
    };
    let csv = b"\xEF\xBB\xBFkey,status,sections,title,heading,year,venue,authors,institutions,topics,arxiv,doi,url,code,motivation,method,results,other,line\r\na1,,,=1+1,,,,,,,,,,,,,,,\r\n";
    let e = check_output(Writer::Csv, &cat, csv, &[]).unwrap_err();
    assert!(e.contains("formula"), "{e}");

    let (bib, _) = Writer::Bibtex.write(&cat).unwrap();
    let mut broken = String::from_utf8(bib).unwrap();
    broken.insert(broken.find("= {").unwrap() + 3, '{');
    assert!(check_output(Writer::Bibtex, &cat, broken.as_bytes(), &[]).is_err());

    let (txt, diags) = Writer::AnkiTxt.write(&cat).unwrap();
    let txt = String::from_utf8(txt).unwrap();
    let evil = txt.replacen("\ta1\t", "\ta1\t<img src=x onerror=alert(1)>", 1);
    assert_ne!(txt, evil);
    let e = check_output(Writer::AnkiTxt, &cat, evil.as_bytes(), &diags).unwrap_err();
    assert!(e.contains("event handler"), "{e}");
}

#[test]
fn html_hazards() {
    for bad in [
        "<script>alert(1)</script>",
        "<IMG SRC=x OnError=alert(1)>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a title='x>' href=JavaScript:alert(1)>",
        "<svg><x></svg>",
        "<b",
    ] {
        assert!(html_hazard(bad).is_some(), "{bad}");
    }
    for fine in [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(1)&gt; javascript:alert(1)",
        "<a href=\"https://x.org/?q=javascript:\" title=\"<script> onerror=1\">x</a>",
        "a < b, <strong>c</strong><br>",
    ] {
        assert_eq!(html_hazard(fine), None, "{fine}");
    }
}

/// Found by the proptest on 2026-11-29. The fuzz input `[0, 0, 1]` decodes to one paper with
/// key `a` and nothing else (an empty heading, no title, notes, sections, ids or date; a
/// heading of control characters only, which the writers drop, does the same). BibTeX and
/// BibLaTeX then write `@misc{a\n}`: BibTeX reads it, but biber ("syntax error: found "}",
/// expected ","), pandoc ("unexpected '}'") and the `biblatex` crate ("expected comma")
/// reject the whole file. `@misc{a,\n}` is read by all four, and is what is written since.
#[test]
fn bib_entry_without_fields() {
    let cat = arbitrary_catalogue(&[0, 0, 1]);
    assert_eq!(cat.papers.len(), 1);
    assert_eq!(cat.papers[0].key, "a");
    for w in [Writer::Bibtex, Writer::Biblatex] {
        let (out, _) = w.write(&cat).unwrap();
        let text = String::from_utf8(out).unwrap();
        let bib = biblatex::Bibliography::parse(&text)
            .unwrap_or_else(|e| panic!("{}: {e}:\n{text}", w.name()));
        assert_eq!(bib.len(), 1);
    }
}
