//! (Reference, the former writer.) Printing the graph as JSON-LD, compact or expanded, with a fixed key order.
//!
//! serde_json's `Map` sorts keys unless its `preserve_order` feature is on, and turning that
//! feature on here would change every crate of the workspace; so the document is built as a
//! small ordered tree and printed like `serde_json::to_writer_pretty` does (two-space indent).

use super::graph::{Node, Value};
use crate::vocab::{self as v, Coerce, Term};

/// A JSON value with its keys in the order they were pushed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum J {
    Str(String),
    Int(u64),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

fn obj<const N: usize>(pairs: [(&str, J); N]) -> J {
    J::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn s(text: &str) -> J {
    J::Str(text.to_string())
}

/// The project context: the terms schema.org lacks.
fn project_context() -> J {
    J::Obj(
        v::TERMS
            .iter()
            .filter(|t| t.project)
            .map(|t| {
                let mut def = vec![("@id".to_string(), s(t.iri))];
                if t.coerce == Coerce::Id {
                    def.push(("@type".to_string(), s("@id")));
                }
                (t.name.to_string(), J::Obj(def))
            })
            .collect(),
    )
}

/// The compact document: `@context` then `@graph`.
pub(crate) fn compact(nodes: &[Node]) -> J {
    obj([
        (
            "@context",
            J::Arr(vec![s(v::SCHEMA_CONTEXT), project_context()]),
        ),
        ("@graph", J::Arr(nodes.iter().map(compact_node).collect())),
    ])
}

fn compact_node(node: &Node) -> J {
    let mut pairs = Vec::new();
    if let Some(id) = &node.id {
        pairs.push(("@id".to_string(), s(id)));
    }
    pairs.push(("@type".to_string(), s(node.class.name())));
    for (term, values) in &node.props {
        let mut out: Vec<J> = values.iter().map(|x| compact_value(term, x)).collect();
        let value = if out.len() == 1 && !term.many {
            out.remove(0)
        } else {
            J::Arr(out)
        };
        pairs.push((term.name.to_string(), value));
    }
    J::Obj(pairs)
}

fn compact_value(term: &Term, value: &Value) -> J {
    match (value, term.coerce) {
        (Value::Ref(iri), Coerce::Id) => s(iri),
        (Value::Ref(iri), _) => obj([("@id", s(iri))]),
        (Value::Str(text), Coerce::None) => s(text),
        (Value::Str(text), _) => obj([("@value", s(text))]),
        (Value::Zh(text), _) => obj([("@value", s(text)), ("@language", s("zh"))]),
        (Value::Date(text), Coerce::Date) => s(text),
        (Value::Date(text), _) => obj([("@value", s(text)), ("@type", s("Date"))]),
        (Value::Int(n), _) => J::Int(*n),
        (Value::Node(node), _) => compact_node(node),
    }
}

/// The expanded document: an array of node objects, every key a full IRI, every value an
/// array of value or node objects (what a JSON-LD processor's `expand` gives for the compact one).
pub(crate) fn expanded(nodes: &[Node]) -> J {
    J::Arr(nodes.iter().map(expanded_node).collect())
}

fn expanded_node(node: &Node) -> J {
    let mut pairs = Vec::new();
    if let Some(id) = &node.id {
        pairs.push(("@id".to_string(), s(id)));
    }
    pairs.push(("@type".to_string(), J::Arr(vec![s(node.class.iri())])));
    for (term, values) in &node.props {
        let out = values.iter().map(expanded_value).collect();
        pairs.push((term.iri.to_string(), J::Arr(out)));
    }
    J::Obj(pairs)
}

fn expanded_value(value: &Value) -> J {
    match value {
        Value::Ref(iri) => obj([("@id", s(iri))]),
        Value::Str(text) => obj([("@value", s(text))]),
        Value::Zh(text) => obj([("@value", s(text)), ("@language", s("zh"))]),
        Value::Date(text) => obj([("@value", s(text)), ("@type", s(v::DATE_TYPE))]),
        Value::Int(n) => obj([("@value", J::Int(*n))]),
        Value::Node(node) => expanded_node(node),
    }
}

/// Appends `text` as a JSON string literal (escapes as serde_json does).
fn push_str(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

fn print(out: &mut String, value: &J, depth: usize) {
    match value {
        J::Str(text) => push_str(out, text),
        J::Int(n) => out.push_str(&n.to_string()),
        J::Arr(items) if items.is_empty() => out.push_str("[]"),
        J::Obj(pairs) if pairs.is_empty() => out.push_str("{}"),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                print(out, item, depth + 1);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        J::Obj(pairs) => {
            out.push('{');
            for (i, (key, item)) in pairs.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                push_str(out, key);
                out.push_str(": ");
                print(out, item, depth + 1);
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
    }
}

/// The pretty-printed text, ending in a newline.
pub(crate) fn to_string(value: &J) -> String {
    let mut out = String::new();
    print(&mut out, value, 0);
    out.push('\n');
    out
}
