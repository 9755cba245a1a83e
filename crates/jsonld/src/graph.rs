//! From the catalogue model to a graph of nodes (serialisation-only types, printed by `json`).
//!
//! [`plan`] settles, in one pass over the catalogue, every `@id` and who links to whom (a few
//! indices and strings per paper and section); [`Plan::nodes`] then builds the nodes one at a
//! time, borrowing the catalogue's text, so that the writer can print each node and drop it:
//! the graph is never held whole.

use std::borrow::Cow;
use std::collections::HashMap;

use foldhash::fast::RandomState;
use papercat_core::{Author, Catalogue, Diagnostic, FieldKind, LinkKind, Paper, Severity};

use crate::iri;
use crate::vocab::{self as v, Class, Term};

type Map<K, V> = HashMap<K, V, RandomState>;

/// A node object: a subject with its types and properties (an embedded node has no `@id`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node<'a> {
    pub id: Option<Cow<'a, str>>,
    pub class: Class,
    pub props: Vec<(&'static Term, Vec<Value<'a>>)>,
}

/// One value of a property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    /// A reference to a node or resource, by IRI.
    Ref(Cow<'a, str>),
    /// A plain string.
    Str(Cow<'a, str>),
    /// A string in Chinese (`"@language": "zh"`).
    Zh(Cow<'a, str>),
    /// A `schema:Date` literal (`YYYY` or `YYYY-MM`).
    Date(String),
    /// A non-negative integer.
    Int(u64),
    /// An embedded node.
    Node(Node<'a>),
}

impl<'a> Node<'a> {
    fn new(id: Option<Cow<'a, str>>, class: Class) -> Self {
        Node {
            id,
            class,
            props: Vec::new(),
        }
    }

    /// Adds values to `term`, merging with earlier ones; an empty list adds nothing.
    fn add(&mut self, term: &'static Term, values: impl IntoIterator<Item = Value<'a>>) {
        let values: Vec<Value<'a>> = values.into_iter().collect();
        if values.is_empty() {
            return;
        }
        match self.props.iter_mut().find(|(t, _)| std::ptr::eq(*t, term)) {
            Some((_, old)) => old.extend(values),
            None => self.props.push((term, values)),
        }
    }

    fn add1(&mut self, term: &'static Term, value: Value<'a>) {
        self.add(term, [value]);
    }

    /// Adds a text value unless it is empty.
    fn text(&mut self, term: &'static Term, s: impl Into<Cow<'a, str>>) {
        let s = s.into();
        if !s.trim().is_empty() {
            self.add1(term, text(s));
        }
    }
}

/// True for CJK ideographs (Han characters).
fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// True when `s` holds a Han character. Han characters are three or four bytes long in UTF-8,
/// so a text without a byte of 0xE3 or more has none (the common English case is one scan).
fn has_han(s: &str) -> bool {
    s.bytes().any(|b| b >= 0xE3) && s.chars().any(is_han)
}

/// Free text written by the catalogue's author: tagged `zh` when it holds a Han character,
/// plain otherwise (English notes are not mislabelled as Chinese).
fn text<'a>(s: impl Into<Cow<'a, str>>) -> Value<'a> {
    let s = s.into();
    if has_han(&s) {
        Value::Zh(s)
    } else {
        Value::Str(s)
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
    paper_code: Vec<Vec<usize>>,
}

fn warn(file: &str, line: u32, code: &str, message: String, hint: &str) -> Diagnostic {
    Diagnostic::new(Severity::Warning, code, file, line, 1, message).with_hint(hint)
}

fn paper_warn(p: &Paper, code: &str, message: String, hint: &str) -> Diagnostic {
    let (file, line) = p
        .occurrences
        .first()
        .map_or(("", 0), |o| (o.file.as_str(), o.line));
    warn(file, line, code, message, hint)
}

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
        claimed: Map::default(),
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
                diags.push(warn(
                    &s.file,
                    s.line,
                    "bad-section-parent",
                    format!(
                        "section `{}` names section #{p} as its parent, which does not come before it; it is written as a top-level section",
                        s.title
                    ),
                    "this is a bug in whatever built the catalogue; please report it",
                ));
                parents.push(None);
            }
            None => parents.push(None),
        }
    }
    let mut by_path: Map<&[String], usize> = Map::default();
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
                    diags.push(paper_warn(
                        p,
                        "unknown-section",
                        format!(
                            "paper `{}` is listed under section `{}`, which the catalogue does not hold; it is written as part of the catalogue itself",
                            p.key,
                            path.join(" > ")
                        ),
                        "this is a bug in whatever built the catalogue; please report it",
                    ));
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
    let mut paper_code: Vec<Vec<usize>> = vec![Vec::new(); cat.papers.len()];
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
            if !code_papers[ci].contains(&pi) {
                code_papers[ci].push(pi);
            }
            if !paper_code[pi].contains(&ci) {
                paper_code[pi].push(ci);
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

    // Children and 1-based positions among siblings, in one pass.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); cat.sections.len()];
    let mut top_count = 0u64;
    let mut positions = Vec::with_capacity(cat.sections.len());
    for (i, parent) in parents.iter().enumerate() {
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
        paper_code,
    }
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
    let id = chosen.unwrap_or_else(|| {
        let stem = format!("{base}paper/{}", iri::segment(&p.key));
        let id = claims.claim_stem(&stem);
        if id != stem {
            diags.push(paper_warn(
                p,
                "duplicate-key",
                format!(
                    "the key `{}` is used by another paper too; this paper gets the @id {id}",
                    p.key
                ),
                "this is a bug in whatever built the catalogue; please report it",
            ));
        }
        id
    });
    for (name, value, url, holder) in taken {
        diags.push(paper_warn(
            p,
            "id-fallback",
            format!(
                "paper `{}` shares {name} {value} with {holder}, which holds the JSON-LD @id {url}; this paper gets the @id {id}",
                p.key
            ),
            "check the identifier: two different papers rarely share one (a copy-paste slip?)",
        ));
    }
    id
}

/// A reference to a node or resource.
fn refer(iri: &str) -> Value<'_> {
    Value::Ref(Cow::Borrowed(iri))
}

impl Plan<'_> {
    /// Builds the nodes one by one, in graph order (the catalogue, its sections, papers and
    /// code repositories), handing each to `each`; warnings go to `diags`.
    pub(crate) fn nodes<'p, E>(
        &'p self,
        diags: &mut Vec<Diagnostic>,
        mut each: impl FnMut(&Node<'p>) -> Result<(), E>,
    ) -> Result<(), E> {
        let cat = self.cat;
        // The catalogue.
        let mut root = Node::new(Some(Cow::Borrowed(self.root_id.as_str())), Class::Dataset);
        if let Some(t) = &cat.title {
            root.text(&v::NAME, t.as_str());
        }
        let top: Vec<Value<'_>> = (0..cat.sections.len())
            .filter(|&i| self.parents[i].is_none())
            .map(|i| refer(&self.section_ids[i]))
            .chain(
                self.root_papers
                    .iter()
                    .map(|&pi| refer(&self.paper_ids[pi])),
            )
            .collect();
        root.add(&v::HAS_PART, top);
        each(&root)?;
        drop(root);

        for (i, s) in cat.sections.iter().enumerate() {
            let id = Cow::Borrowed(self.section_ids[i].as_str());
            let mut node = Node::new(Some(id), Class::Collection);
            node.text(&v::NAME, s.title.as_str());
            node.add1(&v::POSITION, Value::Int(self.positions[i]));
            let parent = self.parents[i].map_or(&self.root_id, |p| &self.section_ids[p]);
            node.add1(&v::IS_PART_OF, refer(parent));
            let parts = self.children[i]
                .iter()
                .map(|&j| refer(&self.section_ids[j]))
                .chain(
                    self.section_papers[i]
                        .iter()
                        .map(|&pi| refer(&self.paper_ids[pi])),
                );
            node.add(&v::HAS_PART, parts);
            each(&node)?;
        }

        for (pi, p) in cat.papers.iter().enumerate() {
            let node = self.paper(diags, pi, p);
            each(&node)?;
        }

        for (ci, url) in self.code_urls.iter().enumerate() {
            let id = Cow::Borrowed(self.code_ids[ci].as_str());
            let mut node = Node::new(Some(id), Class::SoftwareSourceCode);
            node.add1(&v::CODE_REPOSITORY, refer(url));
            node.add(
                &v::IS_BASED_ON,
                self.code_papers[ci]
                    .iter()
                    .map(|&pi| refer(&self.paper_ids[pi])),
            );
            each(&node)?;
        }
        Ok(())
    }

    /// True when a node holds `iri` as its @id.
    fn claimed(&self, iri: &str) -> bool {
        self.claimed.contains_key(iri)
    }

    fn paper<'p>(&'p self, diags: &mut Vec<Diagnostic>, pi: usize, p: &'p Paper) -> Node<'p> {
        let id = self.paper_ids[pi].as_str();
        let mut node = Node::new(Some(Cow::Borrowed(id)), Class::ScholarlyArticle);
        let title = p.title.as_deref().unwrap_or("").trim();
        let heading = p.heading.trim();
        if !title.is_empty() {
            node.add1(&v::NAME, Value::Str(Cow::Borrowed(title)));
            if !heading.is_empty() && heading != title {
                node.add1(&v::ALTERNATE_NAME, text(heading));
            }
            // The model's `title` is the English title: the paper is taken to be in English.
            node.add1(&v::IN_LANGUAGE, Value::Str(Cow::Borrowed("en")));
        } else {
            node.text(&v::NAME, heading);
        }

        node.add(&v::AUTHOR, p.authors.iter().filter_map(author));
        node.add(
            &v::SOURCE_ORGANIZATION,
            p.institutions
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| {
                    let mut org = Node::new(None, Class::Organization);
                    org.text(&v::NAME, s.as_str());
                    Value::Node(org)
                }),
        );
        if let Some(date) = date(diags, p) {
            node.add1(&v::DATE_PUBLISHED, Value::Date(date));
        }

        let ids = identifiers(p);

        // Links: `url` the primary link; `sameAs` other landing pages (identifier URLs another
        // paper holds as its @id are left out: sameAs would merge the two); PDFs as `encoding`;
        // project pages and anything else as rdfs:seeAlso. Code links become code nodes.
        let mut seen: Vec<Cow<'p, str>> = vec![Cow::Borrowed(id)];
        let mut url = None;
        if let Some(raw) = p.url.as_deref().filter(|u| !u.trim().is_empty()) {
            match iri::clean_url(raw) {
                Some(u) => {
                    url = Some(Value::Ref(u.clone()));
                    seen.push(u);
                }
                None => diags.push(bad_url(p, raw, "link")),
            }
        }
        let mut same_as = Vec::new();
        for (_, _, url) in &ids {
            if !seen.iter().any(|s| s == url) && !self.claimed(url) {
                seen.push(Cow::Owned(url.clone()));
                same_as.push(Value::Ref(Cow::Owned(url.clone())));
            }
        }
        node.add(
            &v::IDENTIFIER,
            ids.into_iter().map(|(name, value, url)| {
                let mut pv = Node::new(None, Class::PropertyValue);
                pv.add1(&v::PROPERTY_ID, Value::Str(Cow::Borrowed(name)));
                pv.add1(&v::VALUE, Value::Str(Cow::Borrowed(value)));
                pv.add1(&v::URL, Value::Ref(Cow::Owned(url)));
                Value::Node(pv)
            }),
        );
        if let Some(url) = url {
            node.add1(&v::URL, url);
        }
        let mut encodings = Vec::new();
        let mut see_also = Vec::new();
        for link in &p.links {
            if link.kind == LinkKind::Code {
                continue;
            }
            let Some(u) = iri::clean_url(&link.url) else {
                diags.push(bad_url(p, &link.url, "link"));
                continue;
            };
            if seen.contains(&u) {
                continue;
            }
            seen.push(u.clone());
            match link.kind {
                // Another node's @id: sameAs would merge the two, so only point at it.
                LinkKind::Paper if self.claimed(&u) => see_also.push(Value::Ref(u)),
                LinkKind::Paper => same_as.push(Value::Ref(u)),
                LinkKind::Pdf => {
                    let mut media = Node::new(None, Class::MediaObject);
                    media.add1(&v::CONTENT_URL, Value::Ref(u));
                    media.add1(
                        &v::ENCODING_FORMAT,
                        Value::Str(Cow::Borrowed("application/pdf")),
                    );
                    encodings.push(Value::Node(media));
                }
                LinkKind::Code | LinkKind::Project | LinkKind::Other => {
                    see_also.push(Value::Ref(u));
                }
            }
        }
        node.add(&v::SAME_AS, same_as);
        node.add(&v::ENCODING, encodings);
        node.add(&v::SEE_ALSO, see_also);

        node.add(
            &v::IS_PART_OF,
            self.paper_parts[pi].iter().map(|part| match part {
                Part::Root => refer(&self.root_id),
                Part::Section(si) => refer(&self.section_ids[*si]),
            }),
        );
        if let Some(venue) = &p.venue {
            let raw = venue.raw.trim();
            let name = venue
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty());
            if name.is_some() || !raw.is_empty() {
                let mut event = Node::new(None, Class::PublicationEvent);
                let shown = name.unwrap_or(raw);
                event.add1(&v::NAME, Value::Str(Cow::Borrowed(shown)));
                if !raw.is_empty() && raw != shown {
                    event.add1(&v::ALTERNATE_NAME, Value::Str(Cow::Borrowed(raw)));
                }
                if let Some(y) = venue.year.filter(|y| (1..=9999).contains(y)) {
                    event.add1(&v::START_DATE, Value::Date(format!("{y:04}")));
                }
                node.add1(&v::PUBLICATION, Value::Node(event));
            }
        }
        node.add(
            &v::KEYWORDS,
            p.topics
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| text(t.as_str())),
        );
        node.add(
            &v::SUBJECT_OF,
            self.paper_code[pi]
                .iter()
                .map(|&ci| refer(&self.code_ids[ci])),
        );

        node.text(&v::ABSTRACT, text_of(p, FieldKind::Summary));
        node.text(&v::MOTIVATION, text_of(p, FieldKind::Motivation));
        node.text(&v::METHOD, text_of(p, FieldKind::Method));
        node.text(&v::RESULTS, text_of(p, FieldKind::Results));
        node.add(
            &v::NOTE,
            p.fields
                .iter()
                .filter(|f| matches!(f.kind, FieldKind::Other | FieldKind::Note))
                .filter(|f| !f.text.trim().is_empty())
                .map(|f| {
                    let mut pv = Node::new(None, Class::PropertyValue);
                    pv.text(&v::NAME, f.label.as_str());
                    pv.add1(&v::VALUE, text(f.text.as_str()));
                    Value::Node(pv)
                }),
        );
        node
    }
}

/// The text of every field of `kind`, joined by blank lines (`Paper::text_of`), borrowed
/// when there is at most one.
fn text_of(p: &Paper, kind: FieldKind) -> Cow<'_, str> {
    let mut found = p
        .fields
        .iter()
        .filter(|f| f.kind == kind && !f.text.is_empty());
    let Some(first) = found.next() else {
        return Cow::Borrowed("");
    };
    let Some(second) = found.next() else {
        return Cow::Borrowed(first.text.as_str());
    };
    let mut out = String::with_capacity(first.text.len() + second.text.len() + 2);
    for f in [first, second].into_iter().chain(found) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&f.text);
    }
    Cow::Owned(out)
}

/// `YYYY` or `YYYY-MM`; out-of-range values are dropped with a warning.
fn date(diags: &mut Vec<Diagnostic>, p: &Paper) -> Option<String> {
    let year = p.year?;
    if !(1..=9999).contains(&year) {
        diags.push(paper_warn(
            p,
            "bad-date",
            format!("paper `{}` has the year {year}, which is not a four-digit year; datePublished is left out", p.key),
            "correct the date or venue year in the catalogue",
        ));
        return None;
    }
    match p.month {
        None => Some(format!("{year:04}")),
        Some(m @ 1..=12) => Some(format!("{year:04}-{m:02}")),
        Some(m) => {
            diags.push(paper_warn(
                p,
                "bad-date",
                format!("paper `{}` has the month {m}, which is not 1 to 12; datePublished gives the year only", p.key),
                "correct the date in the catalogue",
            ));
            Some(format!("{year:04}"))
        }
    }
}

fn bad_url(p: &Paper, url: &str, what: &str) -> Diagnostic {
    paper_warn(
        p,
        "bad-url",
        format!(
            "paper `{}` has the {what} `{url}`, which is not an absolute http(s) URL; it is left out of the JSON-LD",
            p.key
        ),
        "write the full URL, starting with https://",
    )
}

/// The paper's identifiers as (propertyID, value, resolver URL), in @id preference order.
fn identifiers(p: &Paper) -> Vec<(&'static str, &str, String)> {
    fn trimmed(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let mut out = Vec::new();
    if let Some(id) = trimmed(&p.arxiv) {
        out.push(("arXiv", id, iri::resolver("https://arxiv.org/abs/", id)));
    }
    if let Some(id) = trimmed(&p.doi) {
        out.push(("DOI", id, iri::resolver("https://doi.org/", id)));
    }
    if let Some(id) = trimmed(&p.acl) {
        let url = iri::resolver("https://aclanthology.org/", id) + "/";
        out.push(("ACL Anthology", id, url));
    }
    out
}

/// Words that mark an undivided author name as an organisation rather than a person.
const ORG_WORDS: &[&str] = &[
    "AI",
    "Academy",
    "Center",
    "Centre",
    "College",
    "Company",
    "Consortium",
    "Corp",
    "Corporation",
    "DeepMind",
    "Foundation",
    "Group",
    "Inc",
    "Institute",
    "Lab",
    "Laboratory",
    "Labs",
    "Research",
    "Team",
    "University",
];

/// Han endings of organisation names (大学, 研究院...).
const ORG_SUFFIXES: &[&str] = &[
    "大学",
    "学院",
    "研究院",
    "研究所",
    "实验室",
    "公司",
    "团队",
    "集团",
    "中心",
];

/// An author as an embedded `Person` (or `Organization`, for undivided names that look like one).
fn author(a: &Author) -> Option<Value<'_>> {
    match a {
        Author::Person { given, family } => {
            let (given, family) = (given.trim(), family.trim());
            if given.is_empty() && family.is_empty() {
                return None;
            }
            let mut person = Node::new(None, Class::Person);
            let full = if given.is_empty() {
                Cow::Borrowed(family)
            } else if family.is_empty() {
                Cow::Borrowed(given)
            } else {
                Cow::Owned(format!("{given} {family}"))
            };
            person.add1(&v::NAME, Value::Str(full));
            if !given.is_empty() {
                person.add1(&v::GIVEN_NAME, Value::Str(Cow::Borrowed(given)));
            }
            if !family.is_empty() {
                person.add1(&v::FAMILY_NAME, Value::Str(Cow::Borrowed(family)));
            }
            Some(Value::Node(person))
        }
        Author::Literal { literal } => {
            let name = literal.trim();
            if name.is_empty() {
                return None;
            }
            let org = name
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| ORG_WORDS.contains(&w))
                || ORG_SUFFIXES.iter().any(|s| name.ends_with(s));
            let class = if org {
                Class::Organization
            } else {
                Class::Person
            };
            let mut node = Node::new(None, class);
            node.add1(&v::NAME, Value::Str(Cow::Borrowed(name)));
            Some(Value::Node(node))
        }
    }
}
