//! A paper's note fields, decks and tags, and the context that tells apart papers whose card
//! fronts would be the same.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use foldhash::fast::FixedState;
use papercat_core::{Author, Catalogue, FieldKind, LinkKind, Paper};

use super::notetype::{F_AUTHORS, F_HEADING, F_INSTITUTIONS, F_KEY, F_LINKS, F_METHOD};
use super::notetype::{F_MOTIVATION, F_NOTES, F_SECTION, F_SHORT, F_SOURCE, F_TITLE};
use super::notetype::{F_VENUE, F_YEAR};
use crate::html::{self, Renderer};
use crate::{Options, TagSource};

/// One tag: whitespace becomes `_`, control characters and `"` are dropped.
#[cfg(test)]
pub(super) fn tag(s: &str) -> String {
    let mut out = String::new();
    tag_into(s, &mut out);
    out
}

/// Appends [`tag`] of `s` to `out`.
fn tag_into(s: &str, out: &mut String) {
    for c in s.trim().chars() {
        if c.is_whitespace() {
            out.push('_');
        } else if c != '"' && !c.is_control() {
            out.push(c);
        }
    }
}

/// One deck-name component: trimmed, `::` (Anki's separator) replaced by `:`, control
/// characters dropped, whitespace runs collapsed to one space, and no `:` at either end (a
/// component `a:` followed by `::b` would read as `a` and `:b`).
pub(super) fn deck_component(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && *c != '"')
        .collect();
    let mut s = s
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    while s.contains("::") {
        s = s.replace("::", ":");
    }
    s.trim_matches([':', ' ']).to_string()
}

/// The heading's leading Latin token when it looks like a short name: it starts with a letter,
/// has an upper-case letter and at least two characters, and is followed by a separator
/// (`LLaVA：...`, `QLoRA: ...`, `Self-RAG (...)`) or ends the heading, in which case it must
/// look like an acronym (`Self-RAG`, not `Prompt`). `Visual Instruction Tuning` and
/// `LLMs 研究` have none.
pub(super) fn short_name(heading: &str) -> Option<&str> {
    let h = heading.trim();
    let end = h
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || "-_.+".contains(c)))
        .map_or(h.len(), |(i, _)| i);
    let token = h[..end].trim_end_matches(['-', '_', '.', '+']);
    let rest = h[token.len()..].trim_start();
    let first = token.chars().next()?;
    if !first.is_ascii_alphabetic()
        || token.chars().count() < 2
        || !token.chars().any(|c| c.is_ascii_uppercase())
    {
        return None;
    }
    let acronym = token
        .chars()
        .skip(1)
        .any(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    let ok = if rest.is_empty() {
        acronym
    } else {
        rest.starts_with([
            ':', '：', ',', '，', '(', '（', '—', '–', '-', '|', '/', '、',
        ])
    };
    ok.then_some(token)
}

/// For each paper (by index) whose card fronts would equal another paper's, what tells them
/// apart; papers whose fronts are their own have no entry.
///
/// Fronts show the heading and title (paper → method, motivation, notes), the short name
/// (acronym) or the motivation (which paper). Papers sharing one of these form a group; each
/// group takes the first level of detail at which its papers differ (venue and year, then the
/// first author, the identifier, the key), and a paper in several groups the most detailed.
pub(super) fn contexts(catalogue: &Catalogue) -> HashMap<usize, String, FixedState> {
    let mut groups: HashMap<String, Vec<usize>, FixedState> = HashMap::default();
    for (i, paper) in catalogue.papers.iter().enumerate() {
        let title = paper.work.title.as_deref().unwrap_or("").trim();
        let heading = paper.heading.trim();
        groups
            .entry(format!("p\x1f{heading}\x1f{title}"))
            .or_default()
            .push(i);
        if !title.is_empty() {
            if let Some(short) = short_name(heading).filter(|&s| s != title) {
                groups.entry(format!("s\x1f{short}")).or_default().push(i);
            }
        }
        let motivation = paper.text_of(FieldKind::Motivation);
        if !motivation.trim().is_empty() {
            groups
                .entry(format!("m\x1f{}", motivation.trim()))
                .or_default()
                .push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    if groups.is_empty() {
        return HashMap::default();
    }
    groups.sort_unstable();
    let mut level: HashMap<usize, usize, FixedState> = HashMap::default();
    let mut details: HashMap<usize, [String; CONTEXT_LEVELS], FixedState> = HashMap::default();
    for g in &groups {
        for &i in g {
            details
                .entry(i)
                .or_insert_with(|| context_levels(&catalogue.papers[i]));
        }
    }
    // Raise levels until every group's contexts differ; each round raises at least one group,
    // so this ends within CONTEXT_LEVELS rounds.
    for _ in 0..CONTEXT_LEVELS {
        let mut raised = false;
        for g in &groups {
            let at = |i: &usize| level.get(i).copied().unwrap_or(0);
            let distinct = |l: usize| {
                let mut seen = HashSet::new();
                g.iter().all(|i| {
                    let l = l.max(at(i));
                    seen.insert(&details[i][l])
                })
            };
            if distinct(0) {
                continue;
            }
            let need = (1..CONTEXT_LEVELS)
                .find(|&l| distinct(l))
                .unwrap_or(CONTEXT_LEVELS - 1);
            for &i in g {
                if level.get(&i).copied().unwrap_or(0) < need {
                    level.insert(i, need);
                    raised = true;
                }
            }
        }
        if !raised {
            break;
        }
    }
    details
        .into_iter()
        .map(|(i, d)| {
            let l = level.get(&i).copied().unwrap_or(0);
            (i, d[l].clone())
        })
        .collect()
}

/// How many levels of detail [`context_levels`] gives.
const CONTEXT_LEVELS: usize = 4;

/// A paper's context at each level of detail: venue and year; then the first author; then
/// the arXiv id, DOI or ACL Anthology id; then the key. Each level holds the ones before it.
fn context_levels(paper: &Paper) -> [String; CONTEXT_LEVELS] {
    let mut parts: Vec<String> = Vec::new();
    let push = |parts: &mut Vec<String>, s: Option<String>| {
        if let Some(s) = s.filter(|s| !s.trim().is_empty()) {
            parts.push(s.trim().to_string());
        }
    };
    push(&mut parts, Some(venue_year(paper)));
    let l0 = parts.join(" · ");
    let author = paper.work.authors.first().map(|a| {
        let name = match a {
            Author::Person { family, .. } => family.as_str(),
            Author::Literal { literal } => literal.as_str(),
        };
        if paper.work.authors.len() > 1 || paper.work.et_al {
            format!("{name} et al.")
        } else {
            name.to_string()
        }
    });
    push(&mut parts, author);
    let l1 = parts.join(" · ");
    let id = paper
        .work
        .arxiv
        .as_ref()
        .map(|a| format!("arXiv:{a}"))
        .or_else(|| paper.work.doi.as_ref().map(|d| format!("doi:{d}")))
        .or_else(|| paper.work.acl.as_ref().map(|a| format!("ACL {a}")));
    push(&mut parts, id);
    let l2 = parts.join(" · ");
    push(&mut parts, Some(paper.key.trim().to_string()));
    let l3 = parts.join(" · ");
    [l0, l1, l2, l3]
}

/// The venue as written, followed by the year unless the venue already contains it
/// (`NeurIPS 2017`, not `NeurIPS 2017 2017`); the year alone without a venue.
pub(super) fn venue_year(paper: &Paper) -> String {
    let venue = paper.work.venue.as_ref().map_or("", |v| v.raw.trim());
    match paper.work.year {
        Some(y) if !venue.contains(&y.to_string()) => {
            if venue.is_empty() {
                y.to_string()
            } else {
                format!("{venue} {y}")
            }
        }
        _ => venue.to_string(),
    }
}

pub(super) fn root_deck(catalogue: &Catalogue, opts: &Options) -> String {
    let raw = opts
        .deck
        .as_deref()
        .or(catalogue.title.as_deref())
        .unwrap_or("papercat");
    let parts: Vec<String> = raw
        .split("::")
        .map(deck_component)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        "papercat".to_string()
    } else {
        parts.join("::")
    }
}

pub(super) fn paper_deck(paper: &Paper, root: &str, deck: &mut String) {
    deck.push_str(root);
    if let Some(o) = paper.occurrences.first() {
        for s in &o.section {
            let c = deck_component(s);
            if !c.is_empty() {
                deck.push_str("::");
                deck.push_str(&c);
            }
        }
    }
}

/// Whether two tags are the same for Anki: equal in lower case.
pub(super) fn same_tag(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else if !a.contains('Σ') && !b.contains('Σ') {
        // `str::to_lowercase` maps each character alone except a final capital sigma.
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// Appends the tags of `paper` to `out`, separated by spaces: each one once, ignoring case.
pub(super) fn paper_tags(paper: &Paper, sources: &[TagSource], out: &mut String) {
    // Appends the tag `prefix` + `tag(name)` unless it is empty or already there.
    let mut push = |prefix: &str, name: &str| {
        let start = out.len();
        if start > 0 {
            out.push(' ');
        }
        let at = out.len();
        out.push_str(prefix);
        let body = out.len();
        tag_into(name, out);
        let dup = out.len() == body
            || out[..start]
                .split(' ')
                .any(|earlier| same_tag(earlier, &out[at..]));
        if dup {
            out.truncate(start);
        }
    };
    for source in TagSource::ALL.into_iter().filter(|s| sources.contains(s)) {
        match source {
            TagSource::Topics => paper.topics.iter().for_each(|t| push("", t)),
            TagSource::Venue => {
                if let Some(v) = &paper.work.venue {
                    push("venue::", v.name.as_deref().unwrap_or(&v.raw));
                }
            }
            TagSource::Year => {
                if let Some(y) = paper.work.year {
                    push("year::", &y.to_string());
                }
            }
        }
    }
}

fn link_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Badge | LinkKind::Other => "link",
        k => k.as_str(),
    }
}

/// Fills `f` (one string per [`PAPER_FIELDS`](crate::PAPER_FIELDS) entry) with the fields of `paper`.
pub(super) fn paper_fields(
    paper: &Paper,
    r: &mut Renderer,
    f: &mut [String],
    scratch: &mut String,
) {
    for s in f.iter_mut() {
        s.clear();
    }
    html::text_into(&mut f[F_KEY], paper.key.trim());
    if let Some(title) = paper.work.title.as_deref() {
        html::text_into(&mut f[F_TITLE], title);
    }
    html::text_into(&mut f[F_HEADING], paper.heading.trim());
    if let Some(title) = paper.work.title.as_deref().filter(|t| !t.trim().is_empty()) {
        if let Some(short) = short_name(&paper.heading).filter(|&s| s != title.trim()) {
            html::text_into(&mut f[F_SHORT], short);
        }
    }
    let section = &mut f[F_SECTION];
    // `paper.sections()` without its Vec: each path once, in order.
    let occ = &paper.occurrences;
    let paths = occ
        .iter()
        .enumerate()
        .filter(|&(i, o)| !occ[..i].iter().any(|p| p.section == o.section))
        .map(|(_, o)| &o.section);
    for path in paths.filter(|p| !p.is_empty()) {
        if !section.is_empty() {
            section.push_str("<br>");
        }
        for (i, s) in path.iter().enumerate() {
            if i > 0 {
                section.push_str(" › ");
            }
            html::text_into(section, s);
        }
    }
    if paper
        .work
        .venue
        .as_ref()
        .is_some_and(|v| !v.raw.trim().is_empty())
    {
        html::text_into(&mut f[F_VENUE], &venue_year(paper));
    }
    if let Some(y) = paper.work.year {
        let _ = write!(f[F_YEAR], "{y}");
    }
    scratch.clear();
    for (i, a) in paper.work.authors.iter().enumerate() {
        if i > 0 {
            scratch.push_str(", ");
        }
        scratch.push_str(&a.display());
    }
    if paper.work.et_al && !paper.work.authors.is_empty() {
        scratch.push_str(", et al.");
    }
    html::text_into(&mut f[F_AUTHORS], scratch);
    scratch.clear();
    for (i, inst) in paper.institutions.iter().enumerate() {
        if i > 0 {
            scratch.push_str(", ");
        }
        scratch.push_str(inst);
    }
    html::text_into(&mut f[F_INSTITUTIONS], scratch);
    for (slot, kind) in [
        (F_MOTIVATION, FieldKind::Motivation),
        (F_METHOD, FieldKind::Method),
    ] {
        let mut of_kind = paper
            .fields
            .iter()
            .filter(|f| f.kind == kind && !f.text.is_empty());
        match (of_kind.next(), of_kind.next()) {
            (None, _) => {}
            (Some(only), None) => r.markdown_into(&mut f[slot], &only.text),
            (Some(_), Some(_)) => r.markdown_into(&mut f[slot], &paper.text_of(kind)),
        }
    }
    let notes = &mut f[F_NOTES];
    for field in &paper.fields {
        use papercat_core::FieldKind::*;
        if !matches!(field.kind, Results | Summary | Note | Other) || field.text.trim().is_empty() {
            continue;
        }
        notes.push_str("<div>");
        let label = field.label.trim();
        if !label.is_empty() {
            notes.push_str("<b>");
            html::text_into(notes, label);
            notes.push_str("</b>");
        }
        r.markdown_into(notes, &field.text);
        notes.push_str("</div>");
    }
    if !paper.links.is_empty() {
        r.links(
            &mut f[F_LINKS],
            paper.links.iter().map(|l| {
                let label = if l.label.trim().is_empty() {
                    link_label(l.kind)
                } else {
                    l.label.trim()
                };
                (l.url.as_str(), label)
            }),
        );
    }
    scratch.clear();
    if let Some(o) = paper.occurrences.first() {
        // The file name only: the path the catalogue was read from (often absolute) says
        // nothing on another machine and leaks the exporter's folders.
        let name = o.file.rsplit(['/', '\\']).next().unwrap_or(&o.file);
        let _ = write!(scratch, "{name}:{}", o.line);
    }
    if let Some(note) = paper.note_link.as_deref().filter(|n| !n.is_empty()) {
        if !scratch.is_empty() {
            scratch.push_str(" · ");
        }
        scratch.push_str(note);
    }
    html::text_into(&mut f[F_SOURCE], scratch);
}
