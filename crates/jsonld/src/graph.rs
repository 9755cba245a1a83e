//! From the catalogue model to a graph of nodes (serialisation-only types, printed by `json`).
//!
//! [`plan`] settles, in one pass over the catalogue, every `@id` and who links to whom (a few
//! indices and strings per paper and section); [`Plan::write`] then prints the nodes one at a
//! time straight from the catalogue's text: the graph is never built.
//!
//! `plan.rs` settles the plan, `nodes.rs` prints the nodes; this file holds the plan itself
//! and the helpers both use.

mod nodes;
mod plan;

pub(crate) use plan::plan;

use std::collections::HashMap;

use foldhash::fast::RandomState;
use papercat_core::{Catalogue, Code, Diagnostic, Paper};

use papercat_core::text::has_han;

use crate::iri;
use crate::json::Lit;

type Map<K, V> = HashMap<K, V, RandomState>;

/// Free text written by the catalogue's author: tagged `zh` when it holds a Han character,
/// plain otherwise (English notes are not mislabelled as Chinese).
fn text(s: &str) -> Lit<'_> {
    if has_han(s) {
        Lit::Zh(s)
    } else {
        Lit::Str(s)
    }
}

/// White space as `char::is_whitespace` has it, for an ASCII byte.
fn ascii_space(b: u8) -> bool {
    b == b' ' || (b'\t'..=b'\r').contains(&b)
}

/// True when `s` is empty or white space only (`s.trim().is_empty()`).
fn blank(s: &str) -> bool {
    // An ASCII byte that is not white space, first or last, settles it without decoding.
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(&a), Some(&b))
            if (a.is_ascii() && !ascii_space(a)) || (b.is_ascii() && !ascii_space(b)) =>
        {
            false
        }
        _ => s.trim().is_empty(),
    }
}

/// Where a paper is listed: under a section (its index), or the catalogue itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Root,
    Section(usize),
}

/// Every `@id` of the graph and the links between nodes, settled before any node is built.
pub(crate) struct Plan<'a> {
    cat: &'a Catalogue,
    root_id: String,
    /// Every IRI held by a node, with the paper that claimed it as an identifier URL.
    claimed: Map<String, Option<usize>>,
    section_ids: Vec<String>,
    parents: Vec<Option<usize>>,
    /// Subsections of each section, in order.
    children: Vec<Vec<usize>>,
    /// 1-based position of each section among its siblings.
    positions: Vec<u64>,
    section_papers: Vec<Vec<usize>>,
    root_papers: Vec<usize>,
    paper_ids: Vec<String>,
    paper_parts: Vec<Vec<Part>>,
    code_urls: Vec<String>,
    code_ids: Vec<String>,
    code_papers: Vec<Vec<usize>>,
    /// Whether each section is written: it or one of its subsections lists a paper.
    kept: Vec<bool>,
}

fn bad_url(p: &Paper, url: &str, what: &str) -> Diagnostic {
    p
        .diagnostic(
            Code::BadUrl,
            format!(
                "paper `{}` has the {what} `{url}`, which is not an absolute http(s) URL; it is left out of the JSON-LD",
                p.key
            ),
        )
        .with_hint("write the full URL, starting with https://")
}

/// The paper's identifiers as (propertyID, value, resolver URL), in @id preference order.
fn identifiers(p: &Paper) -> Vec<(&'static str, &str, String)> {
    fn trimmed(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let mut out = Vec::new();
    if let Some(id) = trimmed(&p.work.arxiv) {
        out.push(("arXiv", id, iri::resolver("https://arxiv.org/abs/", id)));
    }
    if let Some(id) = trimmed(&p.work.doi) {
        out.push(("DOI", id, iri::resolver("https://doi.org/", id)));
    }
    if let Some(id) = trimmed(&p.work.acl) {
        let url = iri::resolver("https://aclanthology.org/", id) + "/";
        out.push(("ACL Anthology", id, url));
    }
    out
}
