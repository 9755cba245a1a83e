//! The former writer, kept for the tests as the reference the streaming writer must match
//! byte for byte: it built the whole graph, then the whole document as a tree, then one
//! string.

mod graph;
mod json;

/// The former URL helpers' signatures over the current ones.
mod iri {
    pub(crate) use crate::iri::{resolver, segment};

    pub(crate) fn clean_url(url: &str) -> Option<String> {
        crate::iri::clean_url(url).map(std::borrow::Cow::into_owned)
    }
}

use papercat_core::{Catalogue, Diagnostic};

/// The document and warnings the former writer gave.
pub(crate) fn write(catalogue: &Catalogue, opts: &crate::Options) -> (String, Vec<Diagnostic>) {
    let base = crate::iri::check_base(&opts.base_iri).unwrap();
    let (nodes, diagnostics) = graph::build(catalogue, &base);
    let doc = if opts.expanded {
        json::expanded(&nodes)
    } else {
        json::compact(&nodes)
    };
    (json::to_string(&doc), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;
    use papercat_core::{
        Author, Field, FieldKind, Input, Link, LinkKind, Occurrence, Paper, Section, Venue,
    };
    use proptest::prelude::*;

    fn options() -> [Options; 3] {
        [
            Options::default(),
            Options {
                expanded: true,
                ..Options::default()
            },
            Options {
                base_iri: "https://x.org/a".into(),
                ..Options::default()
            },
        ]
    }

    /// The streaming writer gives the former writer's bytes and warnings.
    fn assert_like_reference(cat: &Catalogue) {
        for opts in options() {
            let mut out = Vec::new();
            let diags = crate::write(cat, &mut out, &opts).unwrap();
            let (want, want_diags) = write(cat, &opts);
            assert!(
                String::from_utf8(out).unwrap() == want,
                "the output differs (expanded: {})",
                opts.expanded
            );
            assert_eq!(diags, want_diags);
        }
    }

    #[test]
    fn reference_prints_like_serde_json_pretty() {
        let cat = papercat_testkit::fixture();
        for opts in options() {
            let (text, _) = write(&cat, &opts);
            let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
            // serde_json's map sorts keys: compare the layout key-insensitively by
            // re-printing both sides from the parsed value.
            let again = serde_json::to_string_pretty(&parsed).unwrap() + "\n";
            assert_eq!(text.len(), again.len());
        }
    }

    #[test]
    fn fixture_and_samples_match_the_reference() {
        assert_like_reference(&papercat_testkit::fixture());
        assert_like_reference(&Catalogue::default());
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "md") {
                let bytes = std::fs::read(&path).unwrap();
                let name = path.to_string_lossy();
                let cat = papercat_core::parse(&[Input::from_bytes(&name, &bytes, None)]);
                assert_like_reference(&cat);
            }
        }
    }

    /// Short texts from a small alphabet, so that names, ids and URLs often collide.
    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ab]{0,2}",
            "[a-c 中\t\u{3000}\u{b}%/]{0,6}",
            any::<String>(),
            Just(" ".to_string()),
        ]
    }

    fn url() -> impl Strategy<Value = String> {
        prop_oneof![
            "(https?://|ftp://|)[ab]{0,2}(/[ab%<> ]{0,3})?",
            Just("https://arxiv.org/abs/a".to_string()),
            Just("https://doi.org/b".to_string()),
            word(),
        ]
    }

    fn link() -> impl Strategy<Value = Link> {
        let kind = prop_oneof![
            Just(LinkKind::Paper),
            Just(LinkKind::Pdf),
            Just(LinkKind::Code),
            Just(LinkKind::Project),
            Just(LinkKind::Other),
        ];
        (url(), kind, word()).prop_map(|(url, kind, label)| Link { url, kind, label })
    }

    fn field() -> impl Strategy<Value = Field> {
        let kind = prop_oneof![
            Just(FieldKind::Summary),
            Just(FieldKind::Motivation),
            Just(FieldKind::Method),
            Just(FieldKind::Results),
            Just(FieldKind::Note),
            Just(FieldKind::Other),
            Just(FieldKind::Title),
        ];
        (word(), kind, word()).prop_map(|(label, kind, text)| Field {
            label,
            kind,
            text,
            line: 1,
        })
    }

    fn author() -> impl Strategy<Value = Author> {
        prop_oneof![
            (word(), word()).prop_map(|(given, family)| Author::Person { given, family }),
            prop_oneof![
                word(),
                Just("Deep Research Lab".to_string()),
                Just("清华大学".to_string())
            ]
            .prop_map(|literal| Author::Literal { literal }),
        ]
    }

    fn path() -> impl Strategy<Value = Vec<String>> {
        prop::collection::vec(
            prop_oneof![Just("S".to_string()), Just("T".to_string())],
            0..3,
        )
    }

    fn paper() -> impl Strategy<Value = Paper> {
        let a = (
            prop_oneof![Just("k".to_string()), word()],
            word(),
            prop::option::of(word()),
            prop::collection::vec(path(), 0..3),
            prop::option::of(prop_oneof![Just("a".to_string()), word()]),
            prop::option::of(prop_oneof![Just("b".to_string()), word()]),
            prop::option::of(word()),
            prop::option::of(url()),
        );
        let b = (
            prop::collection::vec(link(), 0..4),
            prop::collection::vec(url(), 0..3),
            prop::option::of(
                (
                    word(),
                    prop::option::of(word()),
                    prop::option::of(-2..10002i32),
                )
                    .prop_map(|(raw, name, year)| Venue {
                        raw,
                        name,
                        year,
                        note: None,
                    }),
            ),
            prop::option::of(prop_oneof![-1..3i32, 1990..2030i32, 9999..10001i32]),
            prop::option::of(0..14u8),
            prop::collection::vec(author(), 0..3),
            prop::collection::vec(word(), 0..3),
            prop::collection::vec(word(), 0..3),
            prop::collection::vec(field(), 0..5),
        );
        (a, b).prop_map(
            |(
                (key, heading, title, paths, arxiv, doi, acl, url),
                (links, code, venue, year, month, authors, institutions, topics, fields),
            )| Paper {
                key,
                heading,
                title,
                occurrences: paths
                    .into_iter()
                    .map(|section| Occurrence {
                        file: "f.md".into(),
                        line: 3,
                        section,
                    })
                    .collect(),
                arxiv,
                doi,
                acl,
                url,
                links,
                code,
                venue,
                year,
                month,
                authors,
                institutions,
                topics,
                fields,
                ..Default::default()
            },
        )
    }

    fn catalogue() -> impl Strategy<Value = Catalogue> {
        let section =
            (word(), path(), prop::option::of(0..4usize)).prop_map(|(title, path, parent)| {
                Section {
                    title,
                    level: 2,
                    path,
                    parent,
                    file: "f.md".into(),
                    line: 1,
                }
            });
        (
            prop::option::of(word()),
            prop::collection::vec(section, 0..4),
            prop::collection::vec(paper(), 0..5),
        )
            .prop_map(|(title, sections, papers)| Catalogue {
                title,
                sections,
                papers,
                ..Default::default()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn any_catalogue_matches_the_reference(cat in catalogue()) {
            assert_like_reference(&cat);
        }
    }
}
