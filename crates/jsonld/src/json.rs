//! Printing the graph as JSON-LD, compact or expanded, with a fixed key order.
//!
//! The nodes are printed as they come, into a small buffer handed to the output every
//! [`SPILL`] bytes, laid out as `serde_json::to_writer_pretty` lays out a map that keeps
//! its key order (two-space indent): the document is never held in memory.

use std::io::Write;

use crate::vocab::{self as v, Class, Coerce, Term};

/// A value that is not a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lit<'s> {
    /// A reference to a node or resource, by IRI.
    Ref(&'s str),
    /// A plain string.
    Str(&'s str),
    /// A string in Chinese (`"@language": "zh"`).
    Zh(&'s str),
    /// A `schema:Date` literal (`YYYY` or `YYYY-MM`).
    Date(&'s str),
    /// A non-negative integer.
    Int(u64),
}

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
    /// The open list properties, innermost last, and whether their key is written yet.
    lists: Vec<(&'static Term, bool)>,
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
            lists: Vec::new(),
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

    /// Opens a node object with its `@id` (none for an embedded node) and `@type`; the
    /// caller has placed it (top level: [`Printer::top`]; in a list: [`Printer::item`];
    /// as the one value of a property: [`Printer::key_one`]).
    pub(crate) fn begin_node(&mut self, id: Option<&str>, class: Class) {
        self.open(b'{');
        if let Some(id) = id {
            self.key("@id");
            self.string(id);
        }
        self.key("@type");
        if self.expanded {
            self.open(b'[');
            self.elem();
            self.string(class.iri());
            self.close(b']');
        } else {
            self.string(class.name());
        }
    }

    /// Closes the node opened last.
    pub(crate) fn end_node(&mut self) {
        self.close(b'}');
    }

    /// Places the next node of the graph.
    pub(crate) fn top(&mut self) {
        self.elem();
    }

    /// Writes the key of a property with exactly one value; the value follows (with
    /// [`Printer::value`] or a node), then [`Printer::end_one`].
    pub(crate) fn key_one(&mut self, term: &'static Term) {
        debug_assert!(!term.many, "{} is a list", term.name);
        if self.expanded {
            self.key(term.iri);
            self.open(b'[');
            self.elem();
        } else {
            self.key(term.name);
        }
    }

    /// Ends a property with one value.
    pub(crate) fn end_one(&mut self) {
        if self.expanded {
            self.close(b']');
        }
    }

    /// A property with exactly one value.
    pub(crate) fn one(&mut self, term: &'static Term, value: Lit<'_>) {
        self.key_one(term);
        self.value(term, value);
        self.end_one();
    }

    /// Starts a property with any number of values, each placed by [`Printer::item`]; it is
    /// left out when none comes before [`Printer::end_many`].
    pub(crate) fn many(&mut self, term: &'static Term) {
        debug_assert!(term.many, "{} takes one value", term.name);
        self.lists.push((term, false));
    }

    /// Places the next value of the innermost list property (the key and `[` come with the
    /// first one); returns its term.
    pub(crate) fn item(&mut self) -> &'static Term {
        let Some(last) = self.lists.len().checked_sub(1) else {
            unreachable!("item() outside many()");
        };
        let (term, opened) = self.lists[last];
        if !opened {
            self.lists[last].1 = true;
            self.key(if self.expanded { term.iri } else { term.name });
            self.open(b'[');
        }
        self.elem();
        term
    }

    /// One value of the innermost list property.
    pub(crate) fn item_value(&mut self, value: Lit<'_>) {
        let term = self.item();
        self.value(term, value);
    }

    /// Ends the innermost list property.
    pub(crate) fn end_many(&mut self) {
        if let Some((_, true)) = self.lists.pop() {
            self.close(b']');
        }
    }

    /// A literal or reference value of `term`, as the context gives it.
    pub(crate) fn value(&mut self, term: &Term, value: Lit<'_>) {
        if self.expanded {
            match value {
                Lit::Ref(iri) => self.object(&[("@id", iri)]),
                Lit::Str(text) => self.object(&[("@value", text)]),
                Lit::Zh(text) => self.object(&[("@value", text), ("@language", "zh")]),
                Lit::Date(text) => self.object(&[("@value", text), ("@type", v::DATE_TYPE)]),
                Lit::Int(n) => {
                    self.open(b'{');
                    self.key("@value");
                    self.int(n);
                    self.close(b'}');
                }
            }
            return;
        }
        match (value, term.coerce) {
            (Lit::Ref(iri), Coerce::Id) => self.string(iri),
            (Lit::Ref(iri), _) => self.object(&[("@id", iri)]),
            (Lit::Str(text), Coerce::None) => self.string(text),
            (Lit::Str(text), _) => self.object(&[("@value", text)]),
            (Lit::Zh(text), _) => self.object(&[("@value", text), ("@language", "zh")]),
            (Lit::Date(text), Coerce::Date) => self.string(text),
            (Lit::Date(text), _) => self.object(&[("@value", text), ("@type", "Date")]),
            (Lit::Int(n), _) => self.int(n),
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

/// Appends `text` as a JSON string literal (escapes as serde_json does), in one pass.
fn push_str(buf: &mut Vec<u8>, text: &str) {
    papercat_core::json::escape_into(buf, text);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn printed(expanded: bool, f: impl FnOnce(&mut Printer)) -> String {
        let mut p = Printer::new(expanded);
        f(&mut p);
        let mut out = Vec::new();
        p.finish(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn empty_lists_are_left_out() {
        for expanded in [false, true] {
            let text = printed(expanded, |p| {
                p.top();
                p.begin_node(Some("x"), Class::Dataset);
                p.many(&v::HAS_PART);
                p.end_many();
                p.many(&v::KEYWORDS);
                p.item_value(Lit::Zh("中"));
                p.end_many();
                p.end_node();
            });
            let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
            let node = if expanded { &doc[0] } else { &doc["@graph"][0] };
            let keys: Vec<&String> = node.as_object().unwrap().keys().collect();
            assert_eq!(keys.len(), 3, "{text}");
        }
    }

    proptest! {
        #[test]
        fn any_string_round_trips(text in any::<String>()) {
            let mut out = Vec::new();
            push_str(&mut out, &text);
            prop_assert_eq!(out, serde_json::to_vec(&text).unwrap());
        }
    }
}
