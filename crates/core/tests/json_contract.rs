//! The JSON writer against its contract, `docs/json-format.md`, on the samples, the shared
//! corpus (when present) and arbitrary catalogues. The output, pretty and compact:
//!
//! - is laid out exactly as serde_json prints the same document (read back in order);
//! - has in every object the keys of the documented example, in that order (`provenance` only
//!   when not empty, a diagnostic's `hint` only when there is one), and a paper's values have
//!   the types of the documented table;
//! - reads back to the catalogue's values.

use std::collections::HashMap;
use std::fmt;

use papercat_core::{json, Work};
use papercat_core::{
    Catalogue, Code, Diagnostic, Field, FieldKind, Input, Occurrence, Paper, Section, Severity,
    Venue,
};
use proptest::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};

/// A JSON value that keeps its keys in order (serde_json's `Value` sorts them).
#[derive(Debug, Clone, PartialEq)]
enum Tree {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Tree>),
    Object(Vec<(String, Tree)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Tree;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Tree, E> {
                Ok(Tree::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Tree, E> {
                Ok(Tree::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Tree, E> {
                Ok(Tree::Number(n.into()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Tree, E> {
                Ok(Tree::Number(n.into()))
            }
            fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<Tree, E> {
                serde_json::Number::from_f64(n)
                    .map(Tree::Number)
                    .ok_or_else(|| E::custom("not a finite number"))
            }
            fn visit_str<E>(self, s: &str) -> Result<Tree, E> {
                Ok(Tree::String(s.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Tree, A::Error> {
                let mut items = Vec::new();
                while let Some(x) = a.next_element()? {
                    items.push(x);
                }
                Ok(Tree::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Tree, A::Error> {
                let mut members = Vec::new();
                while let Some(kv) = a.next_entry()? {
                    members.push(kv);
                }
                Ok(Tree::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => s.serialize_unit(),
            Tree::Bool(b) => s.serialize_bool(*b),
            Tree::Number(n) => n.serialize(s),
            Tree::String(t) => s.serialize_str(t),
            Tree::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for x in items {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            Tree::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, x) in members {
                    map.serialize_entry(k, x)?;
                }
                map.end()
            }
        }
    }
}

impl Tree {
    fn keys(&self) -> Vec<&str> {
        match self {
            Tree::Object(members) => members.iter().map(|(k, _)| k.as_str()).collect(),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn get(&self, key: &str) -> &Tree {
        match self {
            Tree::Object(members) => members
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, x)| x)
                .unwrap_or_else(|| panic!("no `{key}`")),
            other => panic!("not an object: {other:?}"),
        }
    }

    fn items(&self) -> &[Tree] {
        match self {
            Tree::Array(items) => items,
            other => panic!("not an array: {other:?}"),
        }
    }

    /// Whether the value has the documented type `ty` (`string or null`, `array of strings`...).
    fn has_type(&self, ty: &str) -> bool {
        let ty = ty.trim_end_matches(" (only when not empty)");
        ty.split(" or ").any(|t| match (t, self) {
            ("null", Tree::Null) | ("boolean", Tree::Bool(_)) | ("string", Tree::String(_)) => true,
            ("integer", Tree::Number(n)) => n.is_i64() || n.is_u64(),
            ("array", Tree::Array(_)) => true,
            ("array of strings", Tree::Array(a)) => a.iter().all(|x| x.has_type("string")),
            ("array of arrays of strings", Tree::Array(a)) => {
                a.iter().all(|x| x.has_type("array of strings"))
            }
            _ => false,
        })
    }

    fn value(&self) -> Value {
        serde_json::to_value(self).unwrap()
    }
}

/// What `docs/json-format.md` promises: the keys of each object, in order, and the types of a
/// paper's values.
struct Contract {
    example: Tree,
    paper_types: HashMap<String, String>,
}

impl Contract {
    fn read() -> Contract {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/json-format.md");
        let doc = std::fs::read_to_string(path).unwrap();
        let start = doc.find("```json\n").unwrap() + "```json\n".len();
        let end = start + doc[start..].find("\n```").unwrap();
        let example: Tree = serde_json::from_str(&doc[start..end]).unwrap();
        let mut paper_types = HashMap::new();
        // `| key | string | meaning |`, or `| file, line | string, integer | meaning |`.
        for row in doc.lines().filter(|l| l.starts_with("| ")).skip(1) {
            let cells: Vec<&str> = row.split(" | ").collect();
            let names: Vec<&str> = cells[0].trim_start_matches("| ").split(", ").collect();
            let types: Vec<&str> = cells[1].split(", ").collect();
            for (i, name) in names.iter().enumerate() {
                let ty = if types.len() == names.len() {
                    types[i]
                } else {
                    cells[1]
                };
                paper_types.insert(name.to_string(), ty.to_string());
            }
        }
        assert!(
            paper_types.len() > 20,
            "the paper table of the docs: {paper_types:?}"
        );
        Contract {
            example,
            paper_types,
        }
    }

    /// The keys of the example's `path` (object keys and array indices).
    fn keys(&self, path: &[&str]) -> Vec<&str> {
        let mut at = &self.example;
        for step in path {
            at = match step.parse::<usize>() {
                Ok(i) => &at.items()[i],
                Err(_) => at.get(step),
            };
        }
        at.keys()
    }

    /// Panics unless `doc` has the documented keys, in order, and a paper's values the
    /// documented types.
    fn check(&self, doc: &Tree) {
        assert_eq!(doc.keys(), self.keys(&[]));
        for s in doc.get("sections").items() {
            assert_eq!(s.keys(), self.keys(&["sections", "0"]));
        }
        for p in doc.get("papers").items() {
            let mut want = self.keys(&["papers", "0"]);
            if p.keys().last() == Some(&"provenance") {
                assert!(!p.get("provenance").items().is_empty(), "empty provenance");
                want.push("provenance");
                for v in p.get("provenance").items() {
                    assert_eq!(v.keys(), ["field", "source", "matched_by"]);
                }
            }
            assert_eq!(p.keys(), want);
            for (k, v) in match p {
                Tree::Object(members) => members,
                _ => unreachable!(),
            } {
                let ty = &self.paper_types[k.as_str()];
                assert!(v.has_type(ty), "`{k}` is not {ty}: {v:?}");
            }
            for o in p.get("occurrences").items() {
                assert_eq!(o.keys(), self.keys(&["papers", "0", "occurrences", "0"]));
            }
            for l in p.get("links").items() {
                assert_eq!(l.keys(), self.keys(&["papers", "0", "links", "0"]));
            }
            for a in p.get("authors").items() {
                let person = self.keys(&["papers", "0", "authors", "0"]);
                let literal = self.keys(&["papers", "0", "authors", "1"]);
                assert!(a.keys() == person || a.keys() == literal, "{a:?}");
            }
            for f in p.get("fields").items() {
                assert_eq!(f.keys(), self.keys(&["papers", "0", "fields", "0"]));
            }
        }
        for d in doc.get("diagnostics").items() {
            let mut want = self.keys(&["diagnostics", "0"]);
            if d.keys().last() != Some(&"hint") {
                want.pop();
            }
            assert_eq!(d.keys(), want);
        }
    }
}

/// Panics unless `doc` holds the values of `cat`.
fn check_values(cat: &Catalogue, doc: &Tree) {
    let v = doc.value();
    assert_eq!(v["title"], json!(cat.title));
    assert_eq!(v["sections"].as_array().unwrap().len(), cat.sections.len());
    for (s, j) in cat.sections.iter().zip(v["sections"].as_array().unwrap()) {
        let want = json!({"title": s.title, "level": s.level, "path": s.path, "file": s.file, "line": s.line});
        assert_eq!(*j, want);
    }
    assert_eq!(v["papers"].as_array().unwrap().len(), cat.papers.len());
    for (p, j) in cat.papers.iter().zip(v["papers"].as_array().unwrap()) {
        let venue = p.work.venue.as_ref();
        let mut want = json!({
            "key": p.key,
            "title": p.work.title,
            "heading": p.heading,
            "note_link": p.note_link,
            "sections": p.sections(),
            "file": p.occurrences.first().map_or("", |o| o.file.as_str()),
            "line": p.line(),
            "occurrences": p.occurrences,
            "arxiv": p.work.arxiv,
            "arxiv_version": p.arxiv_version,
            "arxiv_category": p.work.arxiv_category,
            "doi": p.work.doi,
            "acl": p.work.acl,
            "url": p.url,
            "links": p.links,
            "code": p.code,
            "venue": venue.map(|v| v.raw.as_str()).filter(|s| !s.is_empty()),
            "venue_name": venue.and_then(|v| v.name.as_deref()),
            "venue_note": venue.and_then(|v| v.note.as_deref()),
            "year": p.work.year,
            "month": p.work.month,
            "authors": p.work.authors,
            "et_al": p.work.et_al,
            "institutions": p.institutions,
            "topics": p.topics,
            "fields": p.fields,
        });
        if !p.provenance.is_empty() {
            want["provenance"] = json!(p.provenance);
        }
        assert_eq!(*j, want);
    }
    assert_eq!(v["diagnostics"], json!(cat.diagnostics));
}

fn written(cat: &Catalogue, pretty: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let warnings = json::write(cat, &mut out, &json::Options { pretty }).unwrap();
    assert!(warnings.is_empty());
    out
}

/// Panics unless the output for `cat`, pretty and compact, keeps the contract.
fn assert_contract(cat: &Catalogue) {
    let contract = Contract::read();
    let mut docs = Vec::new();
    for pretty in [true, false] {
        let got = written(cat, pretty);
        let doc: Tree = serde_json::from_slice(&got).unwrap();
        let mut want = if pretty {
            serde_json::to_vec_pretty(&doc).unwrap()
        } else {
            serde_json::to_vec(&doc).unwrap()
        };
        want.push(b'\n');
        if got != want {
            let at = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
            let lo = at.saturating_sub(200);
            panic!(
                "pretty={pretty}: not serde_json's layout at byte {at}:\n got: {}\nwant: {}",
                String::from_utf8_lossy(&got[lo..(at + 200).min(got.len())]),
                String::from_utf8_lossy(&want[lo..(at + 200).min(want.len())]),
            );
        }
        contract.check(&doc);
        docs.push(doc);
    }
    assert_eq!(docs[0], docs[1], "pretty and compact documents differ");
    check_values(cat, &docs[0]);
}

#[test]
fn the_docs_example_keeps_the_contract() {
    let contract = Contract::read();
    contract.check(&contract.example);
}

#[test]
fn samples_keep_the_contract() {
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
            assert_contract(&cat);
            n += 1;
        }
    }
    assert!(n >= 3, "samples/*.md found: {n}");
}

#[test]
fn corpus_keeps_the_contract() {
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
    assert_contract(&cat);
}

#[test]
fn empty_and_edge_values_keep_the_contract() {
    assert_contract(&Catalogue::default());
    let cat = Catalogue {
        title: Some(String::new()),
        sections: vec![Section::default()],
        papers: vec![
            Paper::default(),
            Paper {
                arxiv_version: Some(u32::MAX),
                occurrences: vec![Occurrence::default(), Occurrence::default()],
                work: Work {
                    year: Some(i32::MIN),
                    month: Some(u8::MAX),
                    et_al: true,
                    venue: Some(Venue::default()),
                    ..Default::default()
                },
                ..Default::default()
            },
        ],
        diagnostics: vec![Diagnostic::new(Code::NoYear, "", 0, 0, "")],
    };
    assert_contract(&cat);
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

/// Papers from the test kit's arbitrary catalogues: every model field, filled with the most
/// hostile content it has (control characters, any Unicode scalar, CJK, quotes and
/// backslashes, any year and month).
fn papers() -> impl Strategy<Value = Vec<Paper>> {
    prop::collection::vec(any::<u8>(), 0..600)
        .prop_map(|bytes| papercat_testkit::arbitrary::arbitrary_catalogue(&bytes).papers)
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
        papers(),
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
    fn any_catalogue_keeps_the_contract(cat in catalogue()) {
        assert_contract(&cat);
    }
}

/// Many papers: the writer spills its buffer to the output more than once.
#[test]
fn large_catalogue_keeps_the_contract() {
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
    assert_contract(&cat);
}

/// The contract names every link kind a paper's `links` can hold (all but `badge`, which is
/// never kept) and every field kind. The `match`es have no wildcard, so a new kind fails to
/// compile here until it is added to the lists, and then to the docs.
#[test]
fn docs_list_every_link_and_field_kind() {
    use papercat_core::{FieldKind as F, LinkKind as L};
    let links = [
        L::Paper,
        L::Pdf,
        L::Code,
        L::Project,
        L::Dataset,
        L::Media,
        L::Profile,
        L::Note,
        L::Other,
    ];
    for k in links {
        match k {
            L::Paper | L::Pdf | L::Code | L::Project | L::Dataset => {}
            L::Media | L::Profile | L::Note | L::Other => {}
            L::Badge => unreachable!("badges are never kept in `links`"),
        }
    }
    let fields = [
        F::Title,
        F::Link,
        F::Code,
        F::Venue,
        F::Institution,
        F::Authors,
        F::Date,
        F::Topics,
        F::Motivation,
        F::Method,
        F::Results,
        F::Summary,
        F::Note,
        F::Other,
    ];
    for k in fields {
        match k {
            F::Title | F::Link | F::Code | F::Venue | F::Institution | F::Authors | F::Date => {}
            F::Topics | F::Motivation | F::Method | F::Results | F::Summary | F::Note => {}
            F::Other => {}
        }
    }
    let docs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/json-format.md"),
    )
    .unwrap();
    let row = |start: &str| {
        docs.lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("docs/json-format.md has no line starting {start:?}"))
            .to_string()
    };
    let links_row = row("| links |");
    for k in links {
        assert!(
            links_row.contains(&format!("`{}`", k.as_str())),
            "{links_row}"
        );
    }
    let fields_start = docs.find("`kind` of a field is one of").unwrap();
    let fields_text = &docs[fields_start..];
    let fields_text = &fields_text[..fields_text.find("\n\n").unwrap_or(fields_text.len())];
    for k in fields {
        assert!(
            fields_text.contains(&format!("`{}`", k.as_str())),
            "{fields_text}"
        );
    }
}
