//! Printing the graph as JSON-LD, compact or expanded, with a fixed key order.
//!
//! The nodes are printed as they come by core's JSON [`Emitter`], pretty-printed, into a small
//! buffer handed to the output in large pieces: the document is never held in memory.

use std::io::Write;

use papercat_core::json::Container::{Array, Object};
use papercat_core::json::Emitter;

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

/// The pretty-printer of one document.
pub(crate) struct Printer {
    json: Emitter,
    expanded: bool,
    /// The open list properties, innermost last, and whether their key is written yet.
    lists: Vec<(&'static Term, bool)>,
}

impl Printer {
    /// Starts the document: the compact form's `@context` and `@graph`, or the expanded
    /// form's top-level array.
    pub(crate) fn new(expanded: bool) -> Self {
        let mut p = Printer {
            json: Emitter::new(true),
            expanded,
            lists: Vec::new(),
        };
        if expanded {
            p.json.begin(Array);
        } else {
            p.json.begin(Object);
            p.json.key("@context");
            p.json.begin(Array);
            p.json.element();
            p.json.str(v::SCHEMA_CONTEXT);
            p.json.element();
            p.project_context();
            p.json.end(Array);
            p.json.key("@graph");
            p.json.begin(Array);
        }
        p
    }

    /// Hands the buffer to `out` once it is large enough.
    pub(crate) fn spill<W: Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.json.spill(out)
    }

    /// Ends the document (with a newline) and writes what is left.
    pub(crate) fn finish<W: Write>(mut self, out: &mut W) -> std::io::Result<()> {
        if self.expanded {
            self.json.end(Array);
        } else {
            self.json.end(Array);
            self.json.end(Object);
        }
        self.json.finish(out)
    }

    /// The project context: the terms schema.org lacks.
    fn project_context(&mut self) {
        self.json.begin(Object);
        for t in v::TERMS.iter().filter(|t| t.project) {
            self.json.key(t.name);
            self.json.begin(Object);
            self.json.key("@id");
            self.json.str(t.iri);
            if t.coerce == Coerce::Id {
                self.json.key("@type");
                self.json.str("@id");
            }
            self.json.end(Object);
        }
        self.json.end(Object);
    }

    /// Opens a node object with its `@id` (none for an embedded node) and `@type`; the
    /// caller has placed it (top level: [`Printer::top`]; in a list: [`Printer::item`];
    /// as the one value of a property: [`Printer::key_one`]).
    pub(crate) fn begin_node(&mut self, id: Option<&str>, class: Class) {
        self.json.begin(Object);
        if let Some(id) = id {
            self.json.key("@id");
            self.json.str(id);
        }
        self.json.key("@type");
        if self.expanded {
            self.json.begin(Array);
            self.json.element();
            self.json.str(class.iri());
            self.json.end(Array);
        } else {
            self.json.str(class.name());
        }
    }

    /// Closes the node opened last.
    pub(crate) fn end_node(&mut self) {
        self.json.end(Object);
    }

    /// Places the next node of the graph.
    pub(crate) fn top(&mut self) {
        self.json.element();
    }

    /// Writes the key of a property with exactly one value; the value follows (with
    /// [`Printer::value`] or a node), then [`Printer::end_one`].
    pub(crate) fn key_one(&mut self, term: &'static Term) {
        debug_assert!(!term.many, "{} is a list", term.name);
        if self.expanded {
            self.json.key(term.iri);
            self.json.begin(Array);
            self.json.element();
        } else {
            self.json.key(term.name);
        }
    }

    /// Ends a property with one value.
    pub(crate) fn end_one(&mut self) {
        if self.expanded {
            self.json.end(Array);
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
            self.json
                .key(if self.expanded { term.iri } else { term.name });
            self.json.begin(Array);
        }
        self.json.element();
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
            self.json.end(Array);
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
                    self.json.begin(Object);
                    self.json.key("@value");
                    self.json.uint(n);
                    self.json.end(Object);
                }
            }
            return;
        }
        match (value, term.coerce) {
            (Lit::Ref(iri), Coerce::Id) => self.json.str(iri),
            (Lit::Ref(iri), _) => self.object(&[("@id", iri)]),
            (Lit::Str(text), Coerce::None) => self.json.str(text),
            (Lit::Str(text), _) => self.object(&[("@value", text)]),
            (Lit::Zh(text), _) => self.object(&[("@value", text), ("@language", "zh")]),
            (Lit::Date(text), Coerce::Date) => self.json.str(text),
            (Lit::Date(text), _) => self.object(&[("@value", text), ("@type", "Date")]),
            (Lit::Int(n), _) => self.json.uint(n),
        }
    }

    /// An object of string members.
    fn object(&mut self, pairs: &[(&str, &str)]) {
        self.json.begin(Object);
        for (k, x) in pairs {
            self.json.key(k);
            self.json.str(x);
        }
        self.json.end(Object);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
