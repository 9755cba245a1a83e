//! Catalogues a Markdown file rarely gives: shared ids, shared or unusable keys, bad links and
//! dates, empty sections, many nodes, any text.

mod common;

use common::*;
use papercat_core::{Author, Catalogue, Field, FieldKind, KeyError, Link, LinkKind, Section};
use papercat_jsonld::{Error, Options};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[test]
fn shared_arxiv_id_keeps_papers_apart() {
    let mut a = paper("a2023");
    a.work.arxiv = Some("2304.08485".into());
    a.links = vec![Link {
        url: "https://arxiv.org/abs/2304.08485".into(),
        kind: LinkKind::Paper,
        label: String::new(),
    }];
    let mut b = paper("b2023");
    b.work.arxiv = Some("2304.08485".into());
    b.occurrences[0].line = 30;
    b.links = a.links.clone();
    let mut c = paper("c2023");
    c.work.arxiv = Some("2304.08485".into());
    c.work.doi = Some("10.1/x".into());
    let cat = Catalogue {
        papers: vec![a, b, c],
        ..Default::default()
    };
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    assert_eq!(graph[1]["@id"], "https://arxiv.org/abs/2304.08485");
    assert_eq!(graph[2]["@id"], format!("{BASE}paper/b2023"));
    assert_eq!(graph[3]["@id"], "https://doi.org/10.1/x");
    for node in &graph[2..4] {
        assert_eq!(node["identifier"][0]["value"], "2304.08485");
        assert!(node.get("sameAs").is_none(), "{node}");
        assert_eq!(
            node["seeAlso"].as_array().map(Vec::len).unwrap_or(0),
            usize::from(node["@id"] == format!("{BASE}paper/b2023"))
        );
    }
    assert_eq!(graph[0]["hasPart"].as_array().unwrap().len(), 3);
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0].code, "id-fallback");
    assert_eq!((diags[0].file.as_str(), diags[0].line), ("a.md", 30));
    assert!(
        diags[0].message.contains("paper `a2023` (line 7)"),
        "{}",
        diags[0].message
    );
}

#[test]
fn duplicate_sections_get_distinct_iris() {
    let mut p = paper("p");
    p.occurrences[0].section = vec!["其他".into()];
    // Papers in the nested sections, so that every section is written.
    let mut a = paper("a");
    a.occurrences[0].section = vec!["其他".into(), "子".into()];
    let mut b = paper("b");
    b.occurrences[0].section = vec!["其他".into(), "/".into()];
    let cat = Catalogue {
        sections: vec![
            section("其他", None, &["其他"]),
            section("其他", None, &["其他"]),
            section("子", Some(5), &["其他", "子"]),
            section("/", Some(1), &["其他", "/"]),
        ],
        papers: vec![p, a, b],
        ..Default::default()
    };
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    let ids = node_ids(graph);
    assert_eq!(
        ids,
        [
            BASE,
            "https://papercat.invalid/catalogue/section/其他",
            "https://papercat.invalid/catalogue/section/其他-2",
            "https://papercat.invalid/catalogue/section/其他/子",
            "https://papercat.invalid/catalogue/section/其他/%2F",
            "https://papercat.invalid/catalogue/paper/p",
            "https://papercat.invalid/catalogue/paper/a",
            "https://papercat.invalid/catalogue/paper/b",
        ]
    );
    assert_eq!(
        graph[3]["isPartOf"],
        json!([BASE]),
        "a forward parent is dropped"
    );
    assert_eq!(graph[3]["position"], 3);
    assert_eq!(
        graph[4]["isPartOf"],
        json!([format!("{BASE}section/其他-2")])
    );
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["bad-section-parent"]);
}

/// A key that is shared or unusable is refused before anything is written: a paper without
/// an arXiv, DOI or ACL Anthology id is identified by its key.
#[test]
fn shared_or_unusable_keys_are_refused() {
    let shared = Catalogue {
        papers: vec![paper("same"), paper("same")],
        ..Default::default()
    };
    let unusable = Catalogue {
        papers: vec![paper("a key")],
        ..Default::default()
    };
    for (cat, want) in [
        (shared, KeyError::Duplicate("same".into())),
        (unusable, KeyError::Invalid("a key".into())),
    ] {
        let mut buf = Vec::new();
        let err = papercat_jsonld::write(&cat, &mut buf, &Options::default()).unwrap_err();
        assert!(matches!(&err, Error::Key(e) if *e == want), "{err:?}");
        assert!(buf.is_empty());
    }
}

#[test]
fn bad_links_and_dates_warn() {
    let mut p = paper("x");
    p.url = Some("javascript:alert(1)".into());
    p.code = vec!["../code".into(), "https://github.com/a/b".into()];
    p.links = vec![Link {
        url: "https://x.org/a b".into(),
        kind: LinkKind::Project,
        label: String::new(),
    }];
    p.work.year = Some(12345);
    p.occurrences[0].section = vec!["nowhere".into()];
    let mut q = paper("y");
    q.work.year = Some(2020);
    q.work.month = Some(13);
    q.code = vec!["https://github.com/a/b".into()];
    q.work.authors = vec![
        Author::Literal {
            literal: " ".into(),
        },
        Author::Literal {
            literal: "清华大学".into(),
        },
    ];
    let cat = Catalogue {
        papers: vec![p, q],
        ..Default::default()
    };
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "unknown-section",
            "bad-url",
            "bad-date",
            "bad-url",
            "bad-date"
        ]
    );
    assert!(graph[1].get("url").is_none());
    assert!(graph[1].get("datePublished").is_none());
    assert_eq!(graph[1]["seeAlso"], json!(["https://x.org/a%20b"]));
    assert_eq!(graph[1]["isPartOf"], json!([BASE]));
    assert_eq!(graph[2]["datePublished"], "2020");
    assert_eq!(
        graph[2]["author"],
        json!([{"@type": "Organization", "name": "清华大学"}])
    );
    assert_eq!(
        graph[3]["isBasedOn"],
        json!([format!("{BASE}paper/x"), format!("{BASE}paper/y")])
    );
}

#[test]
fn code_url_taken_by_a_paper_gets_another_id() {
    let mut p = paper("x");
    p.work.arxiv = Some("1234.5678".into());
    p.code = vec!["https://arxiv.org/abs/1234.5678".into()];
    let cat = Catalogue {
        papers: vec![p],
        ..Default::default()
    };
    let graph = graph(&cat);
    assert_ids_resolve(&graph);
    assert_eq!(graph[2]["@id"], format!("{BASE}code/1"));
    assert_eq!(
        graph[2]["codeRepository"],
        "https://arxiv.org/abs/1234.5678"
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~中文\u{3000}\\n\\t\"\\\\@#%/]{0,30}"]
}

/// Usable keys ([`papercat_core::is_usable_key`]), with the characters an IRI segment must
/// escape (`/`, `?`, `<`, `>`, `[`, `]`, `^`, `` ` ``, `|`).
const KEY: &str = "[!$&*+./0-9:;<>?@A-Z\\[\\]^_`a-z|-]{1,30}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_comes_back(
        title in text_strategy(),
        heading in text_strategy(),
        note in text_strategy(),
        section in text_strategy(),
        key in KEY,
        arxiv in text_strategy(),
        url in text_strategy(),
    ) {
        let mut p = paper(&key);
        p.work.title = Some(title.clone());
        p.heading = heading.clone();
        p.work.arxiv = Some(arxiv.clone());
        p.url = Some(format!("https://x.org/{url}"));
        p.fields = vec![Field { label: "动机".into(), kind: FieldKind::Motivation, text: note.clone(), line: 1 }];
        p.occurrences[0].section = vec![section.clone()];
        let cat = Catalogue {
            title: Some(title.clone()),
            sections: vec![Section { title: section.clone(), level: 2, path: vec![section.clone()], ..Default::default() }],
            papers: vec![p],
            ..Default::default()
        };
        for expanded in [false, true] {
            let (text, _) = out(&cat, &Options { expanded, ..Options::default() });
            let _: Value = serde_json::from_str(&text).unwrap();
        }
        let graph = graph(&cat);
        assert_ids_resolve(&graph);
        let lit = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v["@value"].as_str().unwrap().to_string());
        let sec = &graph[1];
        if !section.trim().is_empty() {
            prop_assert_eq!(lit(&sec["name"]), section.clone());
        }
        let p = &graph[2];
        prop_assert_eq!(&p["isPartOf"], &json!([sec["@id"]]));
        prop_assert!(is_iri_text(p["@id"].as_str().unwrap()));
        prop_assert!(is_iri_text(sec["@id"].as_str().unwrap()));
        prop_assert!(is_iri_text(p["url"].as_str().unwrap()));
        if !title.trim().is_empty() {
            prop_assert_eq!(lit(&p["name"]), title.trim());
        }
        if !note.trim().is_empty() {
            prop_assert_eq!(lit(&p["motivation"]), note.clone());
        }
        if !arxiv.trim().is_empty() {
            prop_assert_eq!(lit(&p["identifier"][0]["value"]), arxiv.trim());
        }
    }
}

/// Many nodes sharing one stem (sections with the same title path) get distinct @ids without
/// rescanning the ones taken (linear, not quadratic, in their number).
#[test]
fn many_shared_stems_stay_distinct() {
    let n = 5000;
    // `n` sections `S`, each the parent of a subsection that lists a paper, so that every `S`
    // is written.
    let mut sections = Vec::new();
    let mut papers = Vec::new();
    for i in 0..n {
        let sub = format!("c{i}");
        sections.push(section("S", None, &["S"]));
        sections.push(section(&sub, Some(sections.len() - 1), &["S", &sub]));
        let mut p = paper(&format!("k{i}"));
        p.occurrences[0].section = vec!["S".into(), sub];
        papers.push(p);
    }
    let cat = Catalogue {
        sections,
        papers,
        ..Default::default()
    };
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    let ids: BTreeSet<&str> = node_ids(graph).into_iter().collect();
    assert_eq!(ids.len(), graph.len());
    assert_eq!(graph.len(), 1 + 3 * n);
    assert!(ids.contains(format!("{BASE}section/S-{n}").as_str()));
    assert!(diags.is_empty(), "{diags:?}");
}

/// A section with no paper anywhere below it would be an empty `Collection`: it is left out,
/// and the positions count the sections written.
#[test]
fn empty_sections_are_left_out() {
    let mut a = paper("a");
    a.occurrences[0].section = vec!["A".into()];
    let mut e = paper("e");
    e.occurrences[0].section = vec!["D".into(), "E".into()];
    let cat = Catalogue {
        sections: vec![
            section("A", None, &["A"]),
            section("B", None, &["B"]),
            section("D", None, &["D"]),
            section("E", Some(2), &["D", "E"]),
            section("F", Some(2), &["D", "F"]),
        ],
        papers: vec![a, e],
        ..Default::default()
    };
    let graph = graph(&cat);
    assert_ids_resolve(&graph);
    let ids = node_ids(&graph);
    assert_eq!(
        ids,
        [
            BASE,
            "https://papercat.invalid/catalogue/section/A",
            "https://papercat.invalid/catalogue/section/D",
            "https://papercat.invalid/catalogue/section/D/E",
            "https://papercat.invalid/catalogue/paper/a",
            "https://papercat.invalid/catalogue/paper/e",
        ]
    );
    assert_eq!(
        graph[0]["hasPart"],
        json!([{"@id": format!("{BASE}section/A")}, {"@id": format!("{BASE}section/D")}])
    );
    assert_eq!(graph[2]["position"], 2, "D is the second section written");
    assert_eq!(
        graph[2]["hasPart"],
        json!([{"@id": format!("{BASE}section/D/E")}])
    );
}

/// What Google's Dataset rich result requires (name and a description of 50 to 5,000
/// characters) holds for any catalogue, even one without a title or papers.
#[test]
fn catalogue_is_a_dataset_google_accepts() {
    let long = Catalogue {
        sections: (0..2000)
            .map(|i| Section {
                title: format!("第{i}节"),
                level: 2,
                path: vec![format!("第{i}节")],
                ..Default::default()
            })
            .collect(),
        papers: (0..2000)
            .map(|i| {
                let mut p = paper(&format!("k{i}"));
                p.occurrences[0].section = vec![format!("第{i}节")];
                p
            })
            .collect(),
        ..Default::default()
    };
    for cat in [Catalogue::default(), papercat_testkit::fixture(), long] {
        let root = graph(&cat)[0].clone();
        assert_eq!(root["@type"], "Dataset");
        let text = |v: &Value| {
            v.as_str()
                .or_else(|| v["@value"].as_str())
                .unwrap_or_default()
                .to_string()
        };
        assert!(!text(&root["name"]).trim().is_empty(), "{root}");
        let description = text(&root["description"]).chars().count();
        assert!((50..=5000).contains(&description), "{description}: {root}");
    }
}
