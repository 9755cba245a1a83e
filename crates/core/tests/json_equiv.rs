//! The streaming JSON writer gives exactly the bytes of serialising the documented view
//! structs (`JsonCatalogue`) with serde_json, pretty and compact, on the samples, the shared
//! corpus (when present) and arbitrary catalogues.

use papercat_core::json::{self, JsonCatalogue};
use papercat_core::{
    Author, Catalogue, Code, Diagnostic, Field, FieldKind, Input, Link, LinkKind, Occurrence,
    Paper, Provenance, Section, Severity, Venue,
};
use proptest::prelude::*;

/// What serde_json prints for the view, plus the final newline.
fn reference(cat: &Catalogue, pretty: bool) -> Vec<u8> {
    let doc = JsonCatalogue::new(cat);
    let mut out = if pretty {
        serde_json::to_vec_pretty(&doc).unwrap()
    } else {
        serde_json::to_vec(&doc).unwrap()
    };
    out.push(b'\n');
    out
}

fn written(cat: &Catalogue, pretty: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let warnings = json::write(cat, &mut out, &json::Options { pretty }).unwrap();
    assert!(warnings.is_empty());
    out
}

fn assert_same(cat: &Catalogue) {
    for pretty in [true, false] {
        let (got, want) = (written(cat, pretty), reference(cat, pretty));
        if got != want {
            let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            let lo = at.saturating_sub(200);
            panic!(
                "pretty={pretty}: bytes differ at {at}:\n got: {}\nwant: {}",
                String::from_utf8_lossy(&got[lo..(at + 200).min(got.len())]),
                String::from_utf8_lossy(&want[lo..(at + 200).min(want.len())]),
            );
        }
    }
}

#[test]
fn samples_match_serde_json() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let bytes = std::fs::read(&path).unwrap();
            let cat = papercat_core::parse(&[Input::from_bytes(
                &path.to_string_lossy(),
                &bytes,
                path.parent().map(Into::into),
            )]);
            assert_same(&cat);
            n += 1;
        }
    }
    assert!(n >= 3, "samples/*.md found: {n}");
}

#[test]
fn corpus_matches_serde_json() {
    let Some(dir) = papercat_testkit::shared_dir() else {
        eprintln!("SKIPPED: ../shared is not beside the checkout");
        return;
    };
    let path = dir.join("corpus/000_592348f81878be69.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("SKIPPED: {} not found", path.display());
        return;
    };
    let cat = papercat_core::parse(&[Input::from_bytes("corpus.md", &bytes, None)]);
    assert_same(&cat);
}

#[test]
fn empty_and_edge_values_match_serde_json() {
    assert_same(&Catalogue::default());
    let cat = Catalogue {
        title: Some(String::new()),
        sections: vec![Section::default()],
        papers: vec![
            Paper::default(),
            Paper {
                year: Some(i32::MIN),
                month: Some(u8::MAX),
                arxiv_version: Some(u32::MAX),
                et_al: true,
                venue: Some(Venue::default()),
                occurrences: vec![Occurrence::default(), Occurrence::default()],
                ..Default::default()
            },
        ],
        diagnostics: vec![Diagnostic::new(Code::NoYear, "", 0, 0, "")],
    };
    assert_same(&cat);
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-z\"\\\\\n\t\r\u{1}\u{7f}\u{8}\u{c}\u{1f}中 ]{0,12}",
        Just(String::new()),
    ]
}

fn texts() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), 0..3)
}

fn link_kind() -> impl Strategy<Value = LinkKind> {
    prop_oneof![
        Just(LinkKind::Paper),
        Just(LinkKind::Pdf),
        Just(LinkKind::Code),
        Just(LinkKind::Project),
        Just(LinkKind::Other),
    ]
}

fn field_kind() -> impl Strategy<Value = FieldKind> {
    prop_oneof![
        Just(FieldKind::Title),
        Just(FieldKind::Method),
        Just(FieldKind::Note),
        Just(FieldKind::Other),
        Just(FieldKind::Summary),
    ]
}

fn author() -> impl Strategy<Value = Author> {
    prop_oneof![
        (text(), text()).prop_map(|(given, family)| Author::Person { given, family }),
        text().prop_map(|literal| Author::Literal { literal }),
    ]
}

fn occurrence() -> impl Strategy<Value = Occurrence> {
    // Few distinct section paths, so that duplicates are common.
    (
        text(),
        any::<u32>(),
        prop::collection::vec(
            prop_oneof![Just("a".to_string()), Just("b".to_string())],
            0..3,
        ),
    )
        .prop_map(|(file, line, section)| Occurrence {
            file,
            line,
            section,
        })
}

fn paper() -> impl Strategy<Value = Paper> {
    let ids = (
        text(),
        text(),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::collection::vec(occurrence(), 0..4),
        prop::option::of(text()),
        prop::option::of(any::<u32>()),
        prop::option::of(text()),
    );
    let more = (
        prop::collection::vec(
            (text(), link_kind(), text()).prop_map(|(url, kind, label)| Link { url, kind, label }),
            0..3,
        ),
        texts(),
        prop::option::of(
            (
                text(),
                prop::option::of(text()),
                prop::option::of(any::<i32>()),
                prop::option::of(text()),
            )
                .prop_map(|(raw, name, year, note)| Venue {
                    raw,
                    name,
                    year,
                    note,
                }),
        ),
        prop::option::of(any::<i32>()),
        prop::option::of(any::<u8>()),
        prop::collection::vec(author(), 0..3),
        any::<bool>(),
    );
    let rest = (
        texts(),
        texts(),
        prop::collection::vec(
            (text(), field_kind(), text(), any::<u32>()).prop_map(|(label, kind, text, line)| {
                Field {
                    label,
                    kind,
                    text,
                    line,
                }
            }),
            0..3,
        ),
        prop::collection::vec(
            (text(), text(), text()).prop_map(|(field, source, matched_by)| Provenance {
                field,
                source,
                matched_by,
            }),
            0..2,
        ),
        prop::option::of(text()),
        prop::option::of(text()),
    );
    (ids, more, rest).prop_map(
        |(
            (key, heading, title, note_link, occurrences, arxiv, arxiv_version, arxiv_category),
            (links, code, venue, year, month, authors, et_al),
            (institutions, topics, fields, provenance, doi, acl),
        )| Paper {
            key,
            heading,
            title,
            note_link,
            occurrences,
            arxiv,
            arxiv_version,
            arxiv_category,
            doi,
            acl,
            url: links.first().map(|l| l.url.clone()),
            links,
            code,
            venue,
            year,
            month,
            authors,
            et_al,
            institutions,
            topics,
            fields,
            provenance,
        },
    )
}

fn catalogue() -> impl Strategy<Value = Catalogue> {
    let section = (text(), any::<u8>(), texts(), text(), any::<u32>()).prop_map(
        |(title, level, path, file, line)| Section {
            title,
            level,
            path,
            parent: None,
            file,
            line,
        },
    );
    let severity = prop_oneof![
        Just(Severity::Note),
        Just(Severity::Warning),
        Just(Severity::Error)
    ];
    let diagnostic = (
        text(),
        any::<u32>(),
        any::<u32>(),
        severity,
        prop::sample::select(Code::ALL),
        text(),
        prop::option::of(text()),
    )
        .prop_map(
            |(file, line, column, severity, code, message, hint)| Diagnostic {
                file,
                line,
                column,
                severity,
                code,
                message,
                hint,
            },
        );
    (
        prop::option::of(text()),
        prop::collection::vec(section, 0..3),
        prop::collection::vec(paper(), 0..4),
        prop::collection::vec(diagnostic, 0..3),
    )
        .prop_map(|(title, sections, papers, diagnostics)| Catalogue {
            title,
            sections,
            papers,
            diagnostics,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_catalogue_matches_serde_json(cat in catalogue()) {
        for pretty in [true, false] {
            prop_assert_eq!(written(&cat, pretty), reference(&cat, pretty));
        }
    }
}

/// Many papers: the writer spills its buffer to the output more than once.
#[test]
fn large_catalogue_matches_serde_json() {
    let paper = |i: usize| Paper {
        key: format!("k{i}"),
        heading: "标题 \"quoted\"\n".repeat(i % 7),
        fields: vec![Field {
            label: "论文方法".into(),
            kind: FieldKind::Method,
            text: "x\\y\t".repeat(i % 50),
            line: 3,
        }],
        occurrences: vec![Occurrence {
            file: "a.md".into(),
            line: u32::try_from(i).unwrap(),
            section: vec!["s".into()],
        }],
        ..Default::default()
    };
    let cat = Catalogue {
        papers: (0..3000).map(paper).collect(),
        ..Default::default()
    };
    assert_same(&cat);
}
