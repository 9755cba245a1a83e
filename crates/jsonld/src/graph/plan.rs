//! Settling the graph: every `@id` claimed, and where each section, paper and code
//! repository stands.

use foldhash::fast::RandomState;
use papercat_core::{Catalogue, Code, Diagnostic, Paper};

use super::{bad_url, identifiers, Map, Part, Plan};
use crate::iri;

/// The IRIs claimed so far, and where to resume numbering `stem-N` for each stem.
struct Claims {
    claimed: Map<String, Option<usize>>,
    next: Map<String, u64>,
}

impl Claims {
    /// Claims `iri` if nobody has (for paper `by`, when it is a paper's identifier URL);
    /// true when it is now ours.
    fn claim(&mut self, iri: &str, by: Option<usize>) -> bool {
        if self.claimed.contains_key(iri) {
            return false;
        }
        self.claimed.insert(iri.to_string(), by);
        true
    }

    /// Claims `stem`, else the first free of `stem-2`, `stem-3`... and returns what was
    /// claimed. Claims are never given back, so the search resumes where the last one for
    /// the same stem stopped (no rescans when many nodes share a stem).
    fn claim_stem(&mut self, stem: &str) -> String {
        if self.claim(stem, None) {
            return stem.to_string();
        }
        let mut n = self.next.get(stem).copied().unwrap_or(2);
        let mut iri = String::with_capacity(stem.len() + 4);
        loop {
            iri.clear();
            iri.push_str(stem);
            iri.push('-');
            iri.push_str(&n.to_string());
            n += 1;
            if self.claim(&iri, None) {
                self.next.insert(stem.to_string(), n);
                return iri;
            }
        }
    }
}

/// Settles the graph's `@id`s and links; warnings go to `diags` in catalogue order.
pub(crate) fn plan<'a>(cat: &'a Catalogue, base: &str, diags: &mut Vec<Diagnostic>) -> Plan<'a> {
    let mut claims = Claims {
        // Every section, paper and repository claims an IRI: no rehashing while they do.
        claimed: Map::with_capacity_and_hasher(
            1 + cat.sections.len() + cat.papers.len() * 2,
            RandomState::default(),
        ),
        next: Map::default(),
    };
    let root_id = base.to_string();
    claims.claim(&root_id, None);

    // Sections: IRIs from their title paths; parents only when they come earlier (a
    // parent index that points forward or nowhere would allow cycles).
    let mut section_ids = Vec::with_capacity(cat.sections.len());
    let mut stem = String::new();
    for s in &cat.sections {
        stem.clear();
        stem.push_str(base);
        stem.push_str("section/");
        if s.path.is_empty() {
            stem.push_str(&iri::segment(&s.title));
        } else {
            for (i, t) in s.path.iter().enumerate() {
                if i > 0 {
                    stem.push('/');
                }
                stem.push_str(&iri::segment(t));
            }
        }
        section_ids.push(claims.claim_stem(&stem));
    }
    let mut parents: Vec<Option<usize>> = Vec::with_capacity(cat.sections.len());
    for (i, s) in cat.sections.iter().enumerate() {
        match s.parent {
            Some(p) if p < i => parents.push(Some(p)),
            Some(p) => {
                diags.push(Diagnostic::new(Code::BadSectionParent, &s.file, s.line, 1, format!(
                        "section `{}` names section #{p} as its parent, which does not come before it; it is written as a top-level section",
                        s.title
                    )).with_hint("this is a bug in whatever built the catalogue; please report it"));
                parents.push(None);
            }
            None => parents.push(None),
        }
    }
    let mut by_path: Map<&[String], usize> =
        Map::with_capacity_and_hasher(cat.sections.len(), RandomState::default());
    for (i, s) in cat.sections.iter().enumerate() {
        by_path.entry(s.path.as_slice()).or_insert(i);
    }

    // Papers' @ids: the first unclaimed of arXiv, DOI, ACL Anthology URLs, else the key.
    let paper_ids: Vec<String> = cat
        .papers
        .iter()
        .enumerate()
        .map(|(i, p)| paper_id(cat, &mut claims, base, diags, i, p))
        .collect();

    // Where each paper stands.
    let mut section_papers: Vec<Vec<usize>> = vec![Vec::new(); cat.sections.len()];
    let mut root_papers = Vec::new();
    let mut paper_parts: Vec<Vec<Part>> = Vec::with_capacity(cat.papers.len());
    for (pi, p) in cat.papers.iter().enumerate() {
        let mut parts = Vec::new();
        for (oi, o) in p.occurrences.iter().enumerate() {
            // The section paths of the occurrences, deduplicated (`Paper::sections`).
            let path = o.section.as_slice();
            if p.occurrences[..oi].iter().any(|x| x.section == path) {
                continue;
            }
            let target = if path.is_empty() {
                None
            } else {
                let found = by_path.get(path).copied();
                if found.is_none() {
                    diags.push(p.diagnostic(Code::UnknownSection, format!(
                            "paper `{}` is listed under section `{}`, which the catalogue does not hold; it is written as part of the catalogue itself",
                            p.key,
                            path.join(" > ")
                        )).with_hint("this is a bug in whatever built the catalogue; please report it"));
                }
                found
            };
            let part = match target {
                Some(si) => {
                    section_papers[si].push(pi);
                    Part::Section(si)
                }
                None => {
                    root_papers.push(pi);
                    Part::Root
                }
            };
            if !parts.contains(&part) {
                parts.push(part);
            }
        }
        if parts.is_empty() {
            root_papers.push(pi);
            parts.push(Part::Root);
        }
        paper_parts.push(parts);
    }
    root_papers.dedup();

    // Code repositories, one node per distinct URL, in order of first mention.
    let mut code_urls: Vec<String> = Vec::new();
    let mut code_index: Map<String, usize> = Map::default();
    let mut code_papers: Vec<Vec<usize>> = Vec::new();
    for (pi, p) in cat.papers.iter().enumerate() {
        for raw in &p.code {
            let Some(url) = iri::clean_url(raw) else {
                diags.push(bad_url(p, raw, "code repository"));
                continue;
            };
            let ci = match code_index.get(url.as_ref()) {
                Some(&ci) => ci,
                None => {
                    code_index.insert(url.to_string(), code_urls.len());
                    code_urls.push(url.into_owned());
                    code_papers.push(Vec::new());
                    code_urls.len() - 1
                }
            };
            // Papers come in order: a repeat can only be the last one (no scan of a long list
            // when many papers share a repository).
            if code_papers[ci].last() != Some(&pi) {
                code_papers[ci].push(pi);
            }
        }
    }
    drop(code_index);
    let code_ids: Vec<String> = code_urls
        .iter()
        .enumerate()
        .map(|(ci, url)| {
            if claims.claim(url, None) {
                url.clone()
            } else {
                claims.claim_stem(&format!("{base}code/{}", ci + 1))
            }
        })
        .collect();

    let kept = kept_sections(&parents, &section_papers);

    // Children and 1-based positions among the written siblings, in one pass.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); cat.sections.len()];
    let mut top_count = 0u64;
    let mut positions = Vec::with_capacity(cat.sections.len());
    for (i, parent) in parents.iter().enumerate() {
        if !kept[i] {
            positions.push(0);
            continue;
        }
        let siblings = match parent {
            Some(p) => {
                children[*p].push(i);
                children[*p].len() as u64
            }
            None => {
                top_count += 1;
                top_count
            }
        };
        positions.push(siblings);
    }

    Plan {
        cat,
        root_id,
        claimed: claims.claimed,
        section_ids,
        parents,
        children,
        positions,
        section_papers,
        root_papers,
        paper_ids,
        paper_parts,
        code_urls,
        code_ids,
        code_papers,
        kept,
    }
}

/// Which sections are written: those that list a paper, and their ancestors. A section with
/// no paper anywhere below it would be an empty `Collection`.
pub(crate) fn kept_sections(parents: &[Option<usize>], section_papers: &[Vec<usize>]) -> Vec<bool> {
    let mut kept = vec![false; parents.len()];
    for i in (0..parents.len()).filter(|&i| !section_papers[i].is_empty()) {
        let mut at = Some(i);
        // Parents always come earlier, so this walk ends.
        while let Some(j) = at.filter(|&j| !kept[j]) {
            kept[j] = true;
            at = parents[j];
        }
    }
    kept
}

/// The @id of paper `i`, claiming it.
fn paper_id(
    cat: &Catalogue,
    claims: &mut Claims,
    base: &str,
    diags: &mut Vec<Diagnostic>,
    i: usize,
    p: &Paper,
) -> String {
    let mut taken = Vec::new();
    let mut chosen = None;
    for (name, value, url) in identifiers(p) {
        if claims.claim(&url, Some(i)) {
            chosen = Some(url);
            break;
        }
        let holder = claims
            .claimed
            .get(&url)
            .copied()
            .flatten()
            .and_then(|j| cat.papers.get(j))
            .map_or_else(
                || "another node".to_string(),
                |o| format!("paper `{}` (line {})", o.key, o.line()),
            );
        taken.push((name, value, url, holder));
    }
    // Keys are unique (`Catalogue::validate`, checked by `write`), so no other paper holds
    // this stem; `claim_stem` still numbers it should another node's IRI be the same (an
    // identifier URL under an odd base IRI).
    let id = chosen
        .unwrap_or_else(|| claims.claim_stem(&format!("{base}paper/{}", iri::segment(&p.key))));
    for (name, value, url, holder) in taken {
        diags.push(p.diagnostic(Code::IdFallback, format!(
                "paper `{}` shares {name} {value} with {holder}, which holds the JSON-LD @id {url}; this paper gets the @id {id}",
                p.key
            )).with_hint("check the identifier: two different papers rarely share one (a copy-paste slip?)"));
    }
    id
}
