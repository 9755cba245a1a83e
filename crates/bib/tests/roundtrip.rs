//! Escaping round trips: any string in, a `.bib` file the `biblatex` crate parses, the same
//! text back (modulo the documented cleaning), for every kind of field we escape.

mod common;

use biblatex::{Bibliography, ChunksExt};
use papercat_core::{Author, Catalogue, Occurrence, Paper, Work};
use proptest::prelude::*;

/// What a reader gets back for `s`: control characters dropped, ASCII whitespace trimmed
/// (our cleaning), then every whitespace run read as one space (the `biblatex` crate, like
/// TeX, collapses spaces, Unicode ones included).
fn read_back(s: &str) -> String {
    crate_ws(&ours(s))
}

/// Our cleaning: control characters dropped, ASCII whitespace runs made one space, trimmed.
fn ours(s: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|c| !c.is_control() || c.is_ascii_whitespace() || *c == '\u{b}')
        .collect();
    kept.split(|c: char| c.is_ascii_whitespace() || c == '\u{b}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The reader's side: every whitespace run (Unicode ones too) read as one space.
fn crate_ws(s: &str) -> String {
    let mut out = String::new();
    let mut in_ws = false;
    for c in s.chars() {
        if c.is_whitespace() {
            if !in_ws {
                out.push(' ');
            }
            in_ws = true;
        } else {
            out.push(c);
            in_ws = false;
        }
    }
    out
}

/// Texts the writers change on purpose, outside what these round trips check: Greek letters
/// (written as math, `{$\varphi$}`) and titles in capitals (put in title case). Both are
/// tested beside the code and, read back by bibtexparser, on the samples.
fn changed_on_purpose(s: &str) -> bool {
    let greek = s.chars().any(|c| {
        matches!(
            c,
            '\u{391}'..='\u{3c9}' | '\u{3d1}' | '\u{3d5}' | '\u{3d6}' | '\u{3f1}' | '\u{3f5}'
        )
    });
    let shouting =
        !s.chars().any(char::is_lowercase) && s.chars().filter(|c| c.is_uppercase()).count() >= 9;
    greek || shouting
}

fn paper(text: &str) -> Paper {
    Paper {
        key: "k".into(),
        heading: text.into(),
        topics: vec![text.into()],
        code: vec![text.into()],
        occurrences: vec![Occurrence {
            file: "x.md".into(),
            line: 1,
            section: vec![text.into()],
        }],
        work: Work {
            title: Some(text.into()),
            authors: vec![Author::Literal {
                literal: text.into(),
            }],
            year: Some(2023),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn catalogue(p: Paper) -> Catalogue {
    Catalogue {
        papers: vec![p],
        ..Default::default()
    }
}

fn field(bib: &Bibliography, name: &str) -> Option<String> {
    bib.get("k")
        .and_then(|e| e.get(name))
        .map(|c| c.format_verbatim())
}

/// Texts rich in what LaTeX and BibTeX treat specially.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\\\\{}~^%&$#_ a-zA-Z0-9@=,\"'`\\-\u{3000}\u{a0}\u{4e2d}\t\n\r\u{0}]{0,40}",
        "(and|others|AND|LLaVA|GPT-4V|--|---|\\\\relax|\\{|\\}|\\$x\\^2\\$| |, ){0,12}",
    ]
}

fn check_bib(text: &str, bib_text: &str, heading_differs: bool) -> Result<(), TestCaseError> {
    let bib = Bibliography::parse(bib_text)
        .map_err(|e| TestCaseError::fail(format!("{e:?} in\n{bib_text}")))?;
    let expected = read_back(text);
    if expected.is_empty() {
        return Ok(());
    }
    prop_assert_eq!(field(&bib, "title"), Some(expected.clone()), "{}", bib_text);
    prop_assert_eq!(
        field(&bib, "author"),
        Some(expected.clone()),
        "{}",
        bib_text
    );
    prop_assert_eq!(
        field(&bib, "keywords"),
        Some(read_back(&text.replace(',', ";"))),
        "{}",
        bib_text
    );
    let note = field(&bib, "note").or_else(|| field(&bib, "addendum"));
    prop_assert_eq!(
        note,
        Some(crate_ws(&format!("Code: {}", ours(text)))),
        "{}",
        bib_text
    );
    if heading_differs {
        let annote = field(&bib, "annote").or_else(|| field(&bib, "annotation"));
        prop_assert_eq!(annote, Some(expected), "{}", bib_text);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn bibtex_fields_round_trip(text in hostile()) {
        prop_assume!(!changed_on_purpose(&text));
        let mut p = paper(&text);
        p.work.title = Some(format!("{text} T"));
        let (bib, _) = common::bibtex(&catalogue(p.clone()));
        // The title is `text T`: check it, then the rest with the plain text.
        let parsed = Bibliography::parse(&bib).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(field(&parsed, "title"), Some(read_back(&format!("{text} T"))));
        p.work.title = Some(text.clone());
        let (bib, _) = common::bibtex(&catalogue(p));
        check_bib(&text, &bib, false)?;
    }

    #[test]
    fn biblatex_fields_round_trip(text in hostile()) {
        prop_assume!(!changed_on_purpose(&text));
        let mut p = paper(&text);
        p.heading = format!("{text}\n\u{4e2d}");
        let (bib, _) = common::biblatex(&catalogue(p));
        let parsed = Bibliography::parse(&bib).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let expected = read_back(&text);
        if !expected.is_empty() {
            prop_assert_eq!(field(&parsed, "title"), Some(expected.clone()));
            prop_assert_eq!(field(&parsed, "annotation"), Some(crate_ws(&format!("{} \u{4e2d}", ours(&text)))));
        }
        check_bib(&text, &bib, false)?;
    }

    #[test]
    fn braces_always_balance(text in hostile()) {
        let (bib, _) = common::bibtex(&catalogue(paper(&text)));
        let mut depth = 0i64;
        for c in bib.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            prop_assert!(depth >= 0, "{}", bib);
        }
        prop_assert_eq!(depth, 0);
    }

    #[test]
    fn urls_are_verbatim_and_percent_encoded(
        url in "[ -$&-~]{1,40}".prop_map(|s| s.replace("--", "-a"))
    ) {
        // No `%` (so that decoding gives the input back) and no `--`: the biblatex crate turns
        // it into a dash even in verbatim fields, which biber and BibTeX do not.
        let p = Paper { key: "k".into(), url: Some(url.clone()), work: Work { title: Some("T".into()), ..Default::default() }, ..Default::default() };
        let (bib, _) = common::biblatex(&catalogue(p));
        let parsed = Bibliography::parse(&bib).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let got = field(&parsed, "url");
        if url.trim().is_empty() {
            prop_assert_eq!(got, None);
        } else {
            let got = got.unwrap_or_default();
            prop_assert!(!got.contains(['{', '}', '\\', ' ']), "{}", got);
            prop_assert_eq!(percent_decode(&got), url.trim());
        }
    }

    #[test]
    fn csljson_text_round_trips(text in hostile()) {
        prop_assume!(!changed_on_purpose(&text));
        let (json, _) = common::csljson(&catalogue(paper(&text)));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let item = &v[0];
        let expected = read_back(&text);
        if expected.is_empty() {
            prop_assert!(item.get("title").is_none());
        } else {
            // CSL keeps Unicode spaces: compare after the same collapsing.
            prop_assert_eq!(read_back(item["title"].as_str().unwrap()), expected.clone());
            prop_assert_eq!(read_back(item["author"][0]["literal"].as_str().unwrap()), expected);
        }
    }
}

fn percent_decode(s: &str) -> String {
    let mut bytes = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 3 <= b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            bytes.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            bytes.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(bytes).unwrap()
}

#[test]
fn fixture_files_parse_with_the_biblatex_crate() {
    let cat = papercat_testkit::fixture();
    for (name, text) in [
        ("bibtex", common::bibtex(&cat).0),
        ("biblatex", common::biblatex(&cat).0),
    ] {
        let bib = Bibliography::parse(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let keys: Vec<&str> = bib.keys().collect();
        assert_eq!(
            keys,
            [
                "liu2023visual",
                "sun2023chatgpt",
                "wang2021neural",
                "initial_exploration",
                "hostile_2024"
            ],
            "{name}"
        );
        let hostile = bib.get("hostile_2024").unwrap();
        assert_eq!(
            hostile.get("title").unwrap().format_verbatim(),
            "QLoRA: 100% Efficient Finetuning of {Quantized} LLMs with GPT-4V & BERT_base #1 ~ $x^2$ \\relax",
            "{name}"
        );
        let authors: Vec<String> = hostile
            .author()
            .unwrap()
            .iter()
            .map(|p| p.name.clone())
            .collect();
        assert_eq!(
            authors,
            ["Dettmers", "Pagnoni", "Google DeepMind"],
            "{name}"
        );
        let llava = bib.get("liu2023visual").unwrap();
        let authors = llava.author().unwrap();
        assert_eq!(authors.len(), 4, "{name}: three authors and `others`");
        assert_eq!(
            (authors[0].name.as_str(), authors[0].given_name.as_str()),
            ("Liu", "Haotian")
        );
        assert_eq!(llava.get("eprint").unwrap().format_verbatim(), "2304.08485");
        let date = llava.date().unwrap();
        // The crate counts months from 0: April is 3.
        assert_eq!(
            format!("{date:?}"),
            "Typed(Date { value: At(Datetime { year: 2023, month: Some(3), day: None, time: None }), uncertain: false, approximate: false })",
            "{name}"
        );
        let sun = bib.get("sun2023chatgpt").unwrap();
        assert_eq!(sun.entry_type.to_string(), "inproceedings");
        assert_eq!(
            sun.get("booktitle").unwrap().format_verbatim(),
            "Proceedings of EMNLP 2023"
        );
        assert_eq!(sun.author().unwrap()[1].name, "任昭春");
    }
}
