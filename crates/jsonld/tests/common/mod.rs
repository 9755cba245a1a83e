//! Helpers of the integration tests: the documents written, read back with serde_json.
#![allow(dead_code)] // each test file uses some of them

use papercat_core::{Catalogue, Diagnostic, Occurrence, Paper, Section, Work};
use papercat_jsonld::{write, Options};
use serde_json::Value;
use std::collections::BTreeSet;

pub(crate) fn out(cat: &Catalogue, opts: &Options) -> (String, Vec<Diagnostic>) {
    let mut buf = Vec::new();
    let diags = write(cat, &mut buf, opts).unwrap();
    (String::from_utf8(buf).unwrap(), diags)
}

pub(crate) fn doc(cat: &Catalogue) -> Value {
    serde_json::from_str(&out(cat, &Options::default()).0).unwrap()
}

pub(crate) fn graph(cat: &Catalogue) -> Vec<Value> {
    doc(cat)["@graph"].as_array().unwrap().clone()
}

pub(crate) fn by_id<'a>(graph: &'a [Value], id: &str) -> &'a Value {
    graph
        .iter()
        .find(|n| n["@id"] == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

pub(crate) const BASE: &str = "https://papercat.invalid/catalogue/";

/// Properties whose values name nodes of the graph (as opposed to outside resources).
pub(crate) const LINKS: &[&str] = &["hasPart", "isPartOf", "isBasedOn"];

pub(crate) fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null => vec![],
        other => vec![other.clone()],
    }
}

/// Every @id of the graph is defined once and every link names a defined node.
pub(crate) fn assert_ids_resolve(graph: &[Value]) {
    let mut defined = BTreeSet::new();
    for node in graph {
        let id = node["@id"].as_str().expect("top-level nodes have an @id");
        assert!(defined.insert(id.to_string()), "{id} is defined twice");
    }
    for node in graph {
        for prop in LINKS {
            for target in as_list(&node[prop]) {
                let id = target
                    .as_str()
                    .or_else(|| target["@id"].as_str())
                    .unwrap_or_else(|| panic!("{prop} value {target} names no node"));
                assert!(defined.contains(id), "{prop} -> {id} is not defined");
            }
        }
    }
}

pub(crate) fn paper(key: &str) -> Paper {
    Paper {
        key: key.into(),
        heading: format!("{key} 标题"),
        occurrences: vec![Occurrence {
            file: "a.md".into(),
            line: 7,
            section: vec![],
        }],
        work: Work {
            title: Some(format!("Title of {key}")),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// True when `s` holds only characters an IRI may hold as they are (RFC 3987: no white
/// space, no control character, none of `<>"{}|\^` nor the backtick), restated here
/// independently of the crate.
pub(crate) fn is_iri_text(s: &str) -> bool {
    !s.chars()
        .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

/// A level-2 section of `a.md`.
pub(crate) fn section(title: &str, parent: Option<usize>, path: &[&str]) -> Section {
    Section {
        title: title.into(),
        level: 2,
        path: path.iter().map(|s| s.to_string()).collect(),
        parent,
        file: "a.md".into(),
        line: 1,
    }
}

/// The `@id` of every node of `graph`, in order.
pub(crate) fn node_ids(graph: &[Value]) -> Vec<&str> {
    graph.iter().map(|n| n["@id"].as_str().unwrap()).collect()
}
