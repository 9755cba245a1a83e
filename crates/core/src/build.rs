//! From raw entries to papers: evidence, identity (merging duplicates, keeping copy-paste
//! errors apart), then derived values ([`crate::derive`]) and citation keys ([`crate::keys`]).

use std::collections::HashMap;
use std::path::Path;

use crate::dedup::{self, FastMap};
use crate::derive::derive;
use crate::diag::{Code, Diagnostic};
use crate::entry::RawEntry;
use crate::evidence::{entry_links, entry_title, evidence_of};
use crate::ids::{self, ArxivMatch};
use crate::keys::{assign_keys, base_key};
use crate::matching::{listing_key, listings_agree};
use crate::model::{FieldKind, Link, LinkKind, Occurrence, Paper};
use crate::text;

/// An entry with its links and identifiers worked out.
struct Candidate {
    entry: RawEntry,
    links: Vec<Link>,
    arxiv: Option<(String, Option<u32>)>,
    doi: Option<String>,
    acl: Option<String>,
    code: Vec<String>,
    title: Option<String>,
    /// Identity keys, computed with the candidate (in parallel) for the serial grouping.
    ids: Vec<String>,
    title_key: Option<String>,
}

/// Work out an entry's links and identifiers; `None` when it has no paper evidence.
fn candidate(entry: RawEntry, diags: &mut Vec<Diagnostic>) -> Option<Candidate> {
    let mut local = Vec::new();
    let el = entry_links(&entry, &mut local);
    let title = entry_title(&entry);
    let evidence = evidence_of(title.as_deref(), &el)
        && !(title.is_none() && crate::titles::names_non_paper(&entry.heading));
    if !evidence {
        // A non-paper item that carries paper fields: the author probably lost the parent.
        if let Some(f) = entry.fields.iter().find(|f| {
            !matches!(f.kind, FieldKind::Other | FieldKind::Note) && !f.text.trim().is_empty()
        }) {
            diags.push(
                Diagnostic::new(Code::FieldOutsidePaper, &entry.file, f.line, 1, format!("`{}` stands under an item that is not a paper (no title and no paper or code link)", f.label))
                    .with_hint("add a `论文名称：` or `论文地址：` line to the item, or move the field under its paper"),
            );
        } else if let Some(l) = text::split_label(&entry.heading) {
            let kind = text::label_kind(l.label);
            if !matches!(kind, FieldKind::Other | FieldKind::Note) {
                diags.push(
                    Diagnostic::new(
                        Code::FieldOutsidePaper,
                        &entry.file,
                        entry.line,
                        entry.column,
                        format!("field `{}` stands outside any paper", l.label),
                    )
                    .with_hint("indent it under the paper it belongs to"),
                );
            }
        }
        return None;
    }
    diags.extend(local);
    let mut arxiv = None;
    let mut doi = None;
    let mut acl = None;
    let mut code = Vec::new();
    for i in &el.identifying {
        let l = &el.links[*i];
        match ids::arxiv_from_url(&l.url) {
            Some(ArxivMatch::Valid(id, v)) if arxiv.is_none() => arxiv = Some((id, v)),
            Some(ArxivMatch::Valid(..)) => {}
            Some(ArxivMatch::Invalid(t, why)) => {
                // The line of the field the link was written in.
                let line = el.lines.get(*i).copied().unwrap_or(entry.line);
                diags.push(
                    Diagnostic::new(Code::BadArxivId, &entry.file, line, 1, format!("`{t}` in {} is not a valid arXiv id: {why}", l.url))
                        .with_hint("copy the id from the paper's arxiv.org page (ids since 2015 look like 2305.16367)"),
                );
            }
            None => {}
        }
        if doi.is_none() {
            doi = ids::doi_from_url(&l.url);
        }
        if acl.is_none() {
            acl = ids::acl_from_url(&l.url);
        }
        if l.kind == LinkKind::Code {
            code.extend(ids::canonical_repo(&l.url));
        }
    }
    dedup::keep_first(&mut code, dedup::hash, |a, b| a == b);
    if arxiv.is_none() {
        for f in entry.fields.iter().filter(|f| {
            matches!(
                f.kind,
                FieldKind::Link | FieldKind::Title | FieldKind::Other
            )
        }) {
            if let Some(ArxivMatch::Valid(id, v)) = ids::arxiv_from_text(&f.text) {
                arxiv = Some((id, v));
                break;
            }
        }
    }
    // `arXiv 2304.08485`, `DOI 10.1/x`, `ACL Anthology P19-1001` (concatenated, not format!).
    let tagged = |tag: &str, id: &str| {
        let mut s = String::with_capacity(tag.len() + id.len());
        s.push_str(tag);
        s.push_str(id);
        s
    };
    let mut ids: Vec<String> = arxiv
        .iter()
        .map(|(a, _)| tagged("arXiv ", a))
        .chain(doi.iter().map(|d| tagged("DOI ", d)))
        .chain(acl.iter().map(|a| tagged("ACL Anthology ", a)))
        .collect();
    if ids.is_empty() {
        // Without an id, the paper's own link identifies it (`papers.nips.cc/paper/…pdf`
        // listed in two rows is one paper).
        if let Some(l) = el
            .identifying
            .iter()
            .map(|&i| &el.links[i])
            .find(|l| matches!(l.kind, LinkKind::Paper | LinkKind::Pdf))
        {
            ids.push(tagged("paper link ", l.url.trim_end_matches('/')));
        }
    }
    let title_key = title.as_deref().map(listing_key).filter(|k| k.len() >= 8);
    Some(Candidate {
        entry,
        links: el.links,
        arxiv,
        doi,
        acl,
        code,
        title,
        ids,
        title_key,
    })
}

/// Candidates by index; only indices of `Some` slots are ever looked up.
struct Slots<'a>(&'a [Option<Candidate>]);

impl std::ops::Index<usize> for Slots<'_> {
    type Output = Candidate;
    fn index(&self, i: usize) -> &Candidate {
        match &self.0[i] {
            Some(c) => c,
            // Groups only hold indices of candidates (see `group`).
            None => unreachable!("group index {i} is not a candidate"),
        }
    }
}

/// Group candidates into papers (indices into `cands`), reporting merges and shared ids.
fn group(slots: &[Option<Candidate>], diags: &mut Vec<Diagnostic>) -> Vec<Vec<usize>> {
    let cands = Slots(slots);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let n = slots.len();
    let mut by_id: FastMap<&str, usize> = FastMap::with_capacity_and_hasher(n, Default::default());
    let mut by_title: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    let mut by_code: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(n, Default::default());
    for (ci, c) in slots
        .iter()
        .enumerate()
        .filter_map(|(i, c)| Some((i, c.as_ref()?)))
    {
        let mut target = None;
        for id in &c.ids {
            let id = id.as_str();
            if let Some(&g) = by_id.get(id) {
                let first = &cands[groups[g][0]];
                if listings_agree(c.title.as_deref(), first.title.as_deref()) {
                    target = Some(g);
                    break;
                }
                diags.push(
                    Diagnostic::new(
                        Code::SharedIdentifier,
                        &c.entry.file,
                        c.entry.line,
                        c.entry.column,
                        format!(
                            "{id} is also given at line {} for a different title (`{}` vs `{}`); kept as two papers",
                            first.entry.line,
                            first.title.as_deref().unwrap_or(&first.entry.heading),
                            c.title.as_deref().unwrap_or(&c.entry.heading)
                        ),
                    )
                    .with_hint("one of the two links was probably copied from the other entry: fix the wrong one"),
                );
            }
        }
        if target.is_none() {
            if let Some(t) = c.title_key.as_deref() {
                if let Some(&g) = by_title.get(t) {
                    let first = &cands[groups[g][0]];
                    let conflict =
                        matches!((&c.arxiv, &first.arxiv), (Some(a), Some(b)) if a.0 != b.0);
                    if !conflict {
                        target = Some(g);
                    }
                }
            }
        }
        let g = match target {
            Some(g) => {
                let first = &cands[groups[g][0]];
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateMerged,
                        &c.entry.file,
                        c.entry.line,
                        c.entry.column,
                        format!("this paper is already listed at line {}; both listings are merged into one paper", first.entry.line),
                    )
                    .with_hint("keep one listing, or leave both if it belongs to both sections"),
                );
                groups[g].push(ci);
                g
            }
            None => {
                groups.push(vec![ci]);
                groups.len() - 1
            }
        };
        for id in &c.ids {
            by_id.entry(id).or_insert(g);
        }
        if let Some(t) = c.title_key.as_deref() {
            by_title.entry(t).or_insert(g);
        }
        for repo in &c.code {
            match by_code.get(repo.as_str()) {
                Some(&other) if other != g => {
                    let first = &cands[groups[other][0]];
                    diags.push(
                        Diagnostic::new(
                            Code::SharedCode,
                            &c.entry.file,
                            c.entry.line,
                            c.entry.column,
                            format!("code repository {repo} is also given at line {} for a different paper", first.entry.line),
                        )
                        .with_hint("check whether this entry's fields were copied from the other one"),
                    );
                }
                Some(_) => {}
                None => {
                    by_code.insert(repo, g);
                }
            }
        }
    }
    groups
}

/// Build one paper from its listings.
fn build_paper(members: Vec<Candidate>, diags: &mut Vec<Diagnostic>) -> Paper {
    // Listings are consumed: their fields and links move into the paper, nothing is copied.
    let mut p = Paper::default();
    let mut first_at = None;
    for c in members {
        let Candidate {
            entry,
            links,
            arxiv,
            doi,
            acl,
            code,
            title,
            ..
        } = c;
        if first_at.is_none() {
            first_at = Some((entry.line, entry.column));
            p.heading = entry.heading;
        }
        p.occurrences.push(Occurrence {
            file: entry.file,
            line: entry.line,
            section: entry.section,
        });
        if p.note_link.is_none() {
            p.note_link = entry.note_link;
        }
        if p.work.title.is_none() {
            p.work.title = title;
        }
        // The first listing's vectors become the paper's (most papers have one listing): no
        // copy, no spare capacity. Repeats are dropped below.
        if p.fields.is_empty() {
            p.fields = entry.fields;
        } else {
            p.fields.extend(entry.fields);
        }
        if p.links.is_empty() {
            p.links = links;
        } else {
            p.links.extend(links);
        }
        if p.work.arxiv.is_none() {
            if let Some((a, v)) = arxiv {
                p.work.arxiv = Some(a);
                p.arxiv_version = v;
            }
        }
        if p.work.doi.is_none() {
            p.work.doi = doi;
        }
        if p.work.acl.is_none() {
            p.work.acl = acl;
        }
        p.code.extend(code);
    }
    // Repeated fields, links and repositories are dropped, the first kept.
    dedup::keep_first(
        &mut p.fields,
        |f| dedup::hash(&(f.kind, &f.label, &f.text)),
        |a, b| a.kind == b.kind && a.label == b.label && a.text == b.text,
    );
    dedup::keep_first(&mut p.links, |l| dedup::hash(&l.url), |a, b| a.url == b.url);
    dedup::keep_first(&mut p.code, dedup::hash, |a, b| a == b);
    let (first_line, first_column) = first_at.unwrap_or_default();
    p.url = p
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Paper)
        .or_else(|| p.links.iter().find(|l| l.kind == LinkKind::Pdf))
        .map(|l| l.url.clone());
    derive(&mut p);
    p.key = base_key(&p);
    // The first listing's file, which moved into the first occurrence.
    let first_file = p.occurrences.first().map_or("", |o| o.file.as_str());
    if p.links
        .iter()
        .all(|l| !matches!(l.kind, LinkKind::Paper | LinkKind::Pdf))
    {
        diags.push(
            Diagnostic::new(
                Code::PaperWithoutLink,
                first_file,
                first_line,
                first_column,
                format!("`{}` has no paper link", p.display_title()),
            )
            .with_hint("add `论文地址：` with the arXiv, DOI or publisher URL"),
        );
    }
    for f in &p.fields {
        if f.kind != FieldKind::Other && f.text.chars().all(char::is_whitespace) {
            diags.push(Diagnostic::new(
                Code::EmptyField,
                first_file,
                f.line,
                1,
                format!("`{}` is empty", f.label),
            ));
        }
    }
    p
}

/// Check relative note links when the linked folder exists beside the catalogue.
fn check_note_link(p: &Paper, entry_file: &str, dir: Option<&Path>, diags: &mut Vec<Diagnostic>) {
    let (Some(dir), Some(link)) = (dir, p.note_link.as_deref()) else {
        return;
    };
    let path = link.split('#').next().unwrap_or("");
    if path.is_empty() || path.starts_with('/') {
        return;
    }
    let first = path.split('/').next().unwrap_or("");
    if !dir.join(first).exists() {
        return; // the note folders were not shipped with the catalogue
    }
    if !dir.join(path).exists() {
        diags.push(
            Diagnostic::new(
                Code::MissingNote,
                entry_file,
                p.line(),
                1,
                format!("note link `{link}` points at a path that does not exist"),
            )
            .with_hint("fix the link or add the note file"),
        );
    }
}

/// Turn raw entries into papers.
pub(crate) fn build(
    entries: Vec<RawEntry>,
    dirs: &HashMap<String, Option<std::path::PathBuf>>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Paper> {
    // Entries without paper evidence leave a `None`.
    let mut slots: Vec<Option<Candidate>> = crate::par::map(entries, diags, candidate);
    let groups = group(&slots, diags);
    let members: Vec<Vec<Candidate>> = groups
        .iter()
        .map(|g| {
            let mut m = Vec::with_capacity(g.len());
            m.extend(g.iter().filter_map(|&i| slots[i].take()));
            m
        })
        .collect();
    drop(slots);
    let mut papers: Vec<Paper> = crate::par::map(members, diags, build_paper);
    assign_keys(&mut papers);
    // Only papers with a note link need their folder; consecutive papers share a file, so
    // the last file's folder is reused instead of hashing the name again.
    let mut last: Option<(&str, Option<&Path>)> = None;
    for p in papers.iter().filter(|p| p.note_link.is_some()) {
        if let Some(file) = p.occurrences.first().map(|o| o.file.as_str()) {
            let dir = match last {
                Some((f, d)) if f == file => d,
                _ => {
                    let d = dirs.get(file).and_then(|d| d.as_deref());
                    last = Some((file, d));
                    d
                }
            };
            check_note_link(p, file, dir, diags);
        }
    }
    papers
}
