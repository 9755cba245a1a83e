//! Printing the graph as JSON-LD, compact or expanded, with a fixed key order.
//!
//! The nodes are printed as they come, into a small buffer handed to the output every
//! [`SPILL`] bytes, laid out as `serde_json::to_writer_pretty` lays out a map that keeps
//! its key order (two-space indent): the document is never held in memory.

use std::io::Write;

use crate::graph::{Node, Value};
use crate::vocab::{self as v, Coerce, Term};

/// Spill the buffer to the output once it holds this much.
const SPILL: usize = 1 << 16;

/// Spaces for indentation, sliced per level.
const SPACES: &[u8; 64] = b"                                                                ";

/// The pretty-printer of one document.
pub(crate) struct Printer {
    buf: Vec<u8>,
    expanded: bool,
    depth: usize,
    /// No value written yet in the innermost open container.
    first: bool,
}

impl Printer {
    /// Starts the document: the compact form's `@context` and `@graph`, or the expanded
    /// form's top-level array.
    pub(crate) fn new(expanded: bool) -> Self {
        let mut p = Printer {
            buf: Vec::with_capacity(SPILL + (SPILL >> 2)),
            expanded,
            depth: 0,
            first: true,
        };
        if expanded {
            p.open(b'[');
        } else {
            p.open(b'{');
            p.key("@context");
            p.open(b'[');
            p.elem();
            p.string(v::SCHEMA_CONTEXT);
            p.elem();
            p.project_context();
            p.close(b']');
            p.key("@graph");
            p.open(b'[');
        }
        p
    }

    /// Prints the next node of the graph.
    pub(crate) fn node(&mut self, node: &Node<'_>) {
        self.elem();
        if self.expanded {
            self.expanded_node(node);
        } else {
            self.compact_node(node);
        }
    }

    /// Hands the buffer to `out` once it is large enough.
    pub(crate) fn spill<W: Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        if self.buf.len() >= SPILL {
            out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Ends the document (with a newline) and writes what is left.
    pub(crate) fn finish<W: Write>(mut self, out: &mut W) -> std::io::Result<()> {
        if self.expanded {
            self.close(b']');
        } else {
            self.close(b']');
            self.close(b'}');
        }
        self.buf.push(b'\n');
        out.write_all(&self.buf)
    }

    /// The project context: the terms schema.org lacks.
    fn project_context(&mut self) {
        self.open(b'{');
        for t in v::TERMS.iter().filter(|t| t.project) {
            self.key(t.name);
            self.open(b'{');
            self.key("@id");
            self.string(t.iri);
            if t.coerce == Coerce::Id {
                self.key("@type");
                self.string("@id");
            }
            self.close(b'}');
        }
        self.close(b'}');
    }

    fn compact_node(&mut self, node: &Node<'_>) {
        self.open(b'{');
        if let Some(id) = &node.id {
            self.key("@id");
            self.string(id);
        }
        self.key("@type");
        self.string(node.class.name());
        for (term, values) in &node.props {
            self.key(term.name);
            match values.as_slice() {
                [one] if !term.many => self.compact_value(term, one),
                _ => {
                    self.open(b'[');
                    for x in values {
                        self.elem();
                        self.compact_value(term, x);
                    }
                    self.close(b']');
                }
            }
        }
        self.close(b'}');
    }

    fn compact_value(&mut self, term: &Term, value: &Value<'_>) {
        match (value, term.coerce) {
            (Value::Ref(iri), Coerce::Id) => self.string(iri),
            (Value::Ref(iri), _) => self.object(&[("@id", iri)]),
            (Value::Str(text), Coerce::None) => self.string(text),
            (Value::Str(text), _) => self.object(&[("@value", text)]),
            (Value::Zh(text), _) => self.object(&[("@value", text), ("@language", "zh")]),
            (Value::Date(text), Coerce::Date) => self.string(text),
            (Value::Date(text), _) => self.object(&[("@value", text), ("@type", "Date")]),
            (Value::Int(n), _) => self.int(*n),
            (Value::Node(node), _) => self.compact_node(node),
        }
    }

    fn expanded_node(&mut self, node: &Node<'_>) {
        self.open(b'{');
        if let Some(id) = &node.id {
            self.key("@id");
            self.string(id);
        }
        self.key("@type");
        self.open(b'[');
        self.elem();
        self.string(node.class.iri());
        self.close(b']');
        for (term, values) in &node.props {
            self.key(term.iri);
            self.open(b'[');
            for x in values {
                self.elem();
                self.expanded_value(x);
            }
            self.close(b']');
        }
        self.close(b'}');
    }

    fn expanded_value(&mut self, value: &Value<'_>) {
        match value {
            Value::Ref(iri) => self.object(&[("@id", iri)]),
            Value::Str(text) => self.object(&[("@value", text)]),
            Value::Zh(text) => self.object(&[("@value", text), ("@language", "zh")]),
            Value::Date(text) => self.object(&[("@value", text), ("@type", v::DATE_TYPE)]),
            Value::Int(n) => {
                self.open(b'{');
                self.key("@value");
                self.int(*n);
                self.close(b'}');
            }
            Value::Node(node) => self.expanded_node(node),
        }
    }

    /// An object of string members.
    fn object(&mut self, pairs: &[(&str, &str)]) {
        self.open(b'{');
        for (k, x) in pairs {
            self.key(k);
            self.string(x);
        }
        self.close(b'}');
    }

    fn indent(&mut self) {
        let mut n = self.depth * 2;
        while n > SPACES.len() {
            self.buf.extend_from_slice(SPACES);
            n -= SPACES.len();
        }
        self.buf.extend_from_slice(&SPACES[..n]);
    }

    /// Opens an object (`{`) or array (`[`).
    fn open(&mut self, c: u8) {
        self.buf.push(c);
        self.depth += 1;
        self.first = true;
    }

    /// Closes the innermost container (`}` or `]`); an empty one stays `{}` or `[]`.
    fn close(&mut self, c: u8) {
        self.depth -= 1;
        if !self.first {
            self.buf.push(b'\n');
            self.indent();
        }
        self.buf.push(c);
        self.first = false;
    }

    /// Starts the next array element.
    fn elem(&mut self) {
        if self.first {
            self.buf.push(b'\n');
        } else {
            self.buf.extend_from_slice(b",\n");
        }
        self.indent();
        self.first = false;
    }

    /// Starts the next object member.
    fn key(&mut self, k: &str) {
        self.elem();
        push_str(&mut self.buf, k);
        self.buf.extend_from_slice(b": ");
    }

    fn string(&mut self, s: &str) {
        push_str(&mut self.buf, s);
    }

    fn int(&mut self, n: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        let mut n = n;
        loop {
            i -= 1;
            // n % 10 < 10: the cast cannot truncate.
            tmp[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.buf.extend_from_slice(&tmp[i..]);
    }
}

/// What a byte becomes inside a JSON string: 0 for itself, else the letter after `\`
/// (`u` for `\u00XX`), as serde_json escapes.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Appends `text` as a JSON string literal (escapes as serde_json does), in one pass.
fn push_str(buf: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    buf.reserve(bytes.len() + 2);
    buf.push(b'"');
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc = ESCAPE[usize::from(b)];
        if esc == 0 {
            continue;
        }
        buf.extend_from_slice(&bytes[start..i]);
        if esc == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            buf.extend_from_slice(b"\\u00");
            buf.push(HEX[usize::from(b >> 4)]);
            buf.push(HEX[usize::from(b & 0xF)]);
        } else {
            buf.push(b'\\');
            buf.push(esc);
        }
        start = i + 1;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Class;
    use proptest::prelude::*;
    use std::borrow::Cow;

    /// The former printer, kept as the reference: the whole document built as an ordered
    /// tree, then printed like `serde_json::to_writer_pretty`.
    mod reference {
        use super::*;

        #[derive(Debug, Clone, PartialEq)]
        pub(super) enum J {
            Str(String),
            Int(u64),
            Arr(Vec<J>),
            Obj(Vec<(String, J)>),
        }

        fn obj<const N: usize>(pairs: [(&str, J); N]) -> J {
            J::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
        }

        pub(super) fn s(text: &str) -> J {
            J::Str(text.to_string())
        }

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

        pub(super) fn compact(nodes: &[Node<'_>]) -> J {
            obj([
                (
                    "@context",
                    J::Arr(vec![s(v::SCHEMA_CONTEXT), project_context()]),
                ),
                ("@graph", J::Arr(nodes.iter().map(compact_node).collect())),
            ])
        }

        fn compact_node(node: &Node<'_>) -> J {
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

        fn compact_value(term: &Term, value: &Value<'_>) -> J {
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

        pub(super) fn expanded(nodes: &[Node<'_>]) -> J {
            J::Arr(nodes.iter().map(expanded_node).collect())
        }

        fn expanded_node(node: &Node<'_>) -> J {
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

        fn expanded_value(value: &Value<'_>) -> J {
            match value {
                Value::Ref(iri) => obj([("@id", s(iri))]),
                Value::Str(text) => obj([("@value", s(text))]),
                Value::Zh(text) => obj([("@value", s(text)), ("@language", s("zh"))]),
                Value::Date(text) => obj([("@value", s(text)), ("@type", s(v::DATE_TYPE))]),
                Value::Int(n) => obj([("@value", J::Int(*n))]),
                Value::Node(node) => expanded_node(node),
            }
        }

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

        pub(super) fn to_string(value: &J) -> String {
            let mut out = String::new();
            print(&mut out, value, 0);
            out.push('\n');
            out
        }
    }

    use reference::J;

    /// The streaming printer's text for `nodes`.
    fn stream(nodes: &[Node<'_>], expanded: bool) -> String {
        let mut p = Printer::new(expanded);
        let mut out = Vec::new();
        for n in nodes {
            p.node(n);
            p.spill(&mut out).unwrap();
        }
        p.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn assert_like_reference(nodes: &[Node<'_>]) {
        assert_eq!(
            stream(nodes, false),
            reference::to_string(&reference::compact(nodes))
        );
        assert_eq!(
            stream(nodes, true),
            reference::to_string(&reference::expanded(nodes))
        );
    }

    #[test]
    fn reference_prints_like_serde_json_pretty() {
        let doc = J::Obj(vec![
            (
                "a".into(),
                J::Arr(vec![J::Int(1), reference::s("x\"\\\n\u{1}中")]),
            ),
            ("b".into(), J::Arr(vec![])),
            ("c".into(), J::Obj(vec![])),
            ("d".into(), J::Obj(vec![("e".into(), reference::s(""))])),
        ]);
        let text = reference::to_string(&doc);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        let again = serde_json::to_string_pretty(&parsed).unwrap() + "\n";
        assert_eq!(text, again);
    }

    #[test]
    fn fixture_prints_like_the_reference() {
        let cat = papercat_testkit::fixture();
        let mut diags = Vec::new();
        let plan = crate::graph::plan(&cat, crate::DEFAULT_BASE_IRI, &mut diags);
        let mut nodes = Vec::new();
        plan.nodes::<()>(&mut diags, |n| {
            nodes.push(n.clone());
            Ok(())
        })
        .unwrap();
        assert!(nodes.len() > 3);
        assert_like_reference(&nodes);
        assert_like_reference(&[]);
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[a-z\"\\\\\n\t\r\u{1}\u{8}\u{c}\u{1f}\u{7f}中 ]{0,10}"
        ]
    }

    fn class() -> impl Strategy<Value = Class> {
        prop::sample::select(Class::ALL)
    }

    fn term() -> impl Strategy<Value = &'static Term> {
        prop::sample::select(v::TERMS).prop_map(|t| t)
    }

    fn node(value: impl Strategy<Value = Value<'static>>) -> impl Strategy<Value = Node<'static>> {
        (
            prop::option::of(text()),
            class(),
            prop::collection::vec((term(), prop::collection::vec(value, 0..3)), 0..4),
        )
            .prop_map(|(id, class, props)| Node {
                id: id.map(Cow::Owned),
                class,
                props,
            })
    }

    fn value() -> impl Strategy<Value = Value<'static>> {
        let leaf = prop_oneof![
            text().prop_map(|t| Value::Ref(Cow::Owned(t))),
            text().prop_map(|t| Value::Str(Cow::Owned(t))),
            text().prop_map(|t| Value::Zh(Cow::Owned(t))),
            text().prop_map(Value::Date),
            any::<u64>().prop_map(Value::Int),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| node(inner).prop_map(Value::Node))
    }

    proptest! {
        #[test]
        fn any_string_round_trips(text in any::<String>()) {
            let mut out = Vec::new();
            push_str(&mut out, &text);
            prop_assert_eq!(out, serde_json::to_vec(&text).unwrap());
        }

        #[test]
        fn any_graph_prints_like_the_reference(nodes in prop::collection::vec(node(value()), 0..4)) {
            assert_like_reference(&nodes);
        }
    }
}
