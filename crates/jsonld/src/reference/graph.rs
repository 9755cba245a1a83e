//! (Reference, the former writer.) From the catalogue model to a graph of nodes (serialisation-only types, printed by `json`).

use std::collections::{HashMap, HashSet};

use papercat_core::{Author, Catalogue, Diagnostic, FieldKind, LinkKind, Paper};

use super::iri;
use crate::vocab::{self as v, Class, Term};

/// A node object: a subject with its types and properties (an embedded node has no `@id`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub id: Option<String>,
    pub class: Class,
    pub props: Vec<(&'static Term, Vec<Value>)>,
}

/// One value of a property.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A reference to a node or resource, by IRI.
    Ref(String),
    /// A plain string.
    Str(String),
    /// A string in Chinese (`"@language": "zh"`).
    Zh(String),
    /// A `schema:Date` literal (`YYYY` or `YYYY-MM`).
    Date(String),
    /// A non-negative integer.
    Int(u64),
    /// An embedded node.
    Node(Node),
}

impl Node {
    fn new(id: Option<String>, class: Class) -> Self {
        Node {
            id,
            class,
            props: Vec::new(),
        }
    }

    /// Adds values to `term`, merging with earlier ones; an empty list adds nothing.
    fn add(&mut self, term: &'static Term, values: impl IntoIterator<Item = Value>) {
        let values: Vec<Value> = values.into_iter().collect();
        if values.is_empty() {
            return;
        }
        match self.props.iter_mut().find(|(t, _)| std::ptr::eq(*t, term)) {
            Some((_, old)) => old.extend(values),
            None => self.props.push((term, values)),
        }
    }

    fn add1(&mut self, term: &'static Term, value: Value) {
        self.add(term, [value]);
    }

    /// Adds a text value unless it is empty.
    fn text(&mut self, term: &'static Term, s: &str) {
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

/// Free text written by the catalogue's author: tagged `zh` when it holds a Han character,
/// plain otherwise (English notes are not mislabelled as Chinese).
fn text(s: &str) -> Value {
    if s.chars().any(is_han) {
        Value::Zh(s.to_string())
    } else {
        Value::Str(s.to_string())
    }
}

/// The graph being built, with the IRIs claimed so far.
struct Builder<'a> {
    cat: &'a Catalogue,
    base: &'a str,
    claimed: HashSet<String>,
    /// Which paper claimed an identifier URL, to name it in warnings.
    claimed_by: HashMap<String, usize>,
    diags: Vec<Diagnostic>,
}

/// The graph: the catalogue node, then sections, papers and code repositories in order.
pub(crate) fn build(cat: &Catalogue, base: &str) -> (Vec<Node>, Vec<Diagnostic>) {
    let mut b = Builder {
        cat,
        base,
        claimed: HashSet::new(),
        claimed_by: HashMap::new(),
        diags: Vec::new(),
    };
    let nodes = b.graph();
    (nodes, b.diags)
}

fn warn(file: &str, line: u32, code: &str, message: String, hint: &str) -> Diagnostic {
    let code = papercat_core::Code::from_name(code).expect("a documented code");
    Diagnostic::new(code, file, line, 1, message).with_hint(hint)
}

fn paper_warn(p: &Paper, code: &str, message: String, hint: &str) -> Diagnostic {
    let (file, line) = p
        .occurrences
        .first()
        .map_or(("", 0), |o| (o.file.as_str(), o.line));
    warn(file, line, code, message, hint)
}

impl Builder<'_> {
    /// Claims `iri` if nobody has; true when it is now ours.
    fn claim(&mut self, iri: &str) -> bool {
        self.claimed.insert(iri.to_string())
    }

    /// Claims `stem`, else `stem-2`, `stem-3`... and returns what was claimed.
    fn claim_stem(&mut self, stem: &str) -> String {
        if self.claim(stem) {
            return stem.to_string();
        }
        let mut n = 2u64;
        loop {
            let iri = format!("{stem}-{n}");
            if self.claim(&iri) {
                return iri;
            }
            n += 1;
        }
    }

    fn graph(&mut self) -> Vec<Node> {
        let cat = self.cat;
        let root_id = self.base.to_string();
        self.claim(&root_id);

        // Sections: IRIs from their title paths; parents only when they come earlier (a
        // parent index that points forward or nowhere would allow cycles).
        let mut section_ids = Vec::with_capacity(cat.sections.len());
        for s in &cat.sections {
            let path: Vec<String> = if s.path.is_empty() {
                vec![iri::segment(&s.title)]
            } else {
                s.path.iter().map(|t| iri::segment(t)).collect()
            };
            let stem = format!("{}section/{}", self.base, path.join("/"));
            section_ids.push(self.claim_stem(&stem));
        }
        let mut parents: Vec<Option<usize>> = Vec::with_capacity(cat.sections.len());
        for (i, s) in cat.sections.iter().enumerate() {
            match s.parent {
                Some(p) if p < i => parents.push(Some(p)),
                Some(p) => {
                    self.diags.push(warn(
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
        let mut by_path: HashMap<&[String], usize> = HashMap::new();
        for (i, s) in cat.sections.iter().enumerate() {
            by_path.entry(s.path.as_slice()).or_insert(i);
        }

        // Papers' @ids: the first unclaimed of arXiv, DOI, ACL Anthology URLs, else the key.
        let paper_ids: Vec<String> = cat
            .papers
            .iter()
            .enumerate()
            .map(|(i, p)| self.paper_id(i, p))
            .collect();

        // Where each paper stands.
        let mut section_papers: Vec<Vec<usize>> = vec![Vec::new(); cat.sections.len()];
        let mut root_papers = Vec::new();
        let mut paper_sections: Vec<Vec<String>> = Vec::with_capacity(cat.papers.len());
        for (pi, p) in cat.papers.iter().enumerate() {
            let mut parts = Vec::new();
            for path in p.sections() {
                let target = if path.is_empty() {
                    None
                } else {
                    let found = by_path.get(path).copied();
                    if found.is_none() {
                        self.diags.push(paper_warn(
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
                let id = match target {
                    Some(si) => {
                        section_papers[si].push(pi);
                        section_ids[si].clone()
                    }
                    None => {
                        root_papers.push(pi);
                        root_id.clone()
                    }
                };
                if !parts.contains(&id) {
                    parts.push(id);
                }
            }
            if parts.is_empty() {
                root_papers.push(pi);
                parts.push(root_id.clone());
            }
            paper_sections.push(parts);
        }
        root_papers.dedup();

        // Code repositories, one node per distinct URL, in order of first mention.
        let mut code_urls: Vec<String> = Vec::new();
        let mut code_index: HashMap<String, usize> = HashMap::new();
        let mut code_papers: Vec<Vec<usize>> = Vec::new();
        for (pi, p) in cat.papers.iter().enumerate() {
            for raw in &p.code {
                let Some(url) = iri::clean_url(raw) else {
                    self.diags.push(bad_url(p, raw, "code repository"));
                    continue;
                };
                let ci = *code_index.entry(url.clone()).or_insert_with(|| {
                    code_urls.push(url);
                    code_papers.push(Vec::new());
                    code_urls.len() - 1
                });
                if !code_papers[ci].contains(&pi) {
                    code_papers[ci].push(pi);
                }
            }
        }
        let code_ids: Vec<String> = code_urls
            .iter()
            .enumerate()
            .map(|(ci, url)| {
                if self.claim(url) {
                    url.clone()
                } else {
                    self.claim_stem(&format!("{}code/{}", self.base, ci + 1))
                }
            })
            .collect();

        // The nodes.
        let mut nodes = Vec::new();
        // Sections with no paper anywhere below them are left out.
        let kept = crate::graph::kept_sections(&parents, &section_papers);
        let mut root = Node::new(Some(root_id.clone()), Class::Dataset);
        root.text(&v::NAME, crate::graph::catalogue_name(cat));
        let description = crate::graph::catalogue_description(
            cat,
            (0..cat.sections.len()).filter(|&i| parents[i].is_none() && kept[i]),
        );
        root.add1(&v::DESCRIPTION, Value::Str(description));
        let top: Vec<Value> = (0..cat.sections.len())
            .filter(|&i| parents[i].is_none() && kept[i])
            .map(|i| Value::Ref(section_ids[i].clone()))
            .chain(
                root_papers
                    .iter()
                    .map(|&pi| Value::Ref(paper_ids[pi].clone())),
            )
            .collect();
        root.add(&v::HAS_PART, top);
        nodes.push(root);

        // Children and 1-based positions among siblings, in one pass.
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
        for (i, s) in cat.sections.iter().enumerate() {
            if !kept[i] {
                continue;
            }
            let mut node = Node::new(Some(section_ids[i].clone()), Class::Collection);
            node.text(&v::NAME, &s.title);
            node.add1(&v::POSITION, Value::Int(positions[i]));
            let parent = parents[i].map_or(root_id.clone(), |p| section_ids[p].clone());
            node.add1(&v::IS_PART_OF, Value::Ref(parent));
            let parts: Vec<Value> = children[i]
                .iter()
                .map(|&j| Value::Ref(section_ids[j].clone()))
                .chain(
                    section_papers[i]
                        .iter()
                        .map(|&pi| Value::Ref(paper_ids[pi].clone())),
                )
                .collect();
            node.add(&v::HAS_PART, parts);
            nodes.push(node);
        }

        for (pi, p) in cat.papers.iter().enumerate() {
            let node = self.paper(p, &paper_ids[pi], &paper_sections[pi]);
            nodes.push(node);
        }

        for (ci, url) in code_urls.iter().enumerate() {
            let mut node = Node::new(Some(code_ids[ci].clone()), Class::SoftwareSourceCode);
            node.add1(&v::CODE_REPOSITORY, Value::Ref(url.clone()));
            node.add(
                &v::IS_BASED_ON,
                code_papers[ci]
                    .iter()
                    .map(|&pi| Value::Ref(paper_ids[pi].clone())),
            );
            nodes.push(node);
        }
        nodes
    }

    /// The @id of paper `i`, claiming it.
    fn paper_id(&mut self, i: usize, p: &Paper) -> String {
        let mut taken = Vec::new();
        let mut chosen = None;
        for (name, value, url) in identifiers(p) {
            if self.claim(&url) {
                self.claimed_by.insert(url.clone(), i);
                chosen = Some(url);
                break;
            }
            let holder = self
                .claimed_by
                .get(&url)
                .and_then(|&j| self.cat.papers.get(j))
                .map_or_else(
                    || "another node".to_string(),
                    |o| format!("paper `{}` (line {})", o.key, o.line()),
                );
            taken.push((name, value, url, holder));
        }
        let id = chosen.unwrap_or_else(|| {
            let stem = format!("{}paper/{}", self.base, iri::segment(&p.key));
            let id = self.claim_stem(&stem);
            if id != stem {
                self.diags.push(paper_warn(
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
            self.diags.push(paper_warn(
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

    fn paper(&mut self, p: &Paper, id: &str, parts: &[String]) -> Node {
        let mut node = Node::new(Some(id.to_string()), Class::ScholarlyArticle);
        let title = p.title.as_deref().unwrap_or("").trim();
        let heading = p.heading.trim();
        if !title.is_empty() {
            node.add1(&v::NAME, Value::Str(title.to_string()));
            if !heading.is_empty() && heading != title {
                node.add1(&v::ALTERNATE_NAME, text(heading));
            }
            // The model's `title` is the English title: the paper is taken to be in English.
            node.add1(&v::IN_LANGUAGE, Value::Str("en".into()));
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
                    org.text(&v::NAME, s);
                    Value::Node(org)
                }),
        );
        if let Some(date) = self.date(p) {
            node.add1(&v::DATE_PUBLISHED, Value::Date(date));
        }

        let ids = identifiers(p);
        node.add(
            &v::IDENTIFIER,
            ids.iter().map(|(name, value, url)| {
                let mut pv = Node::new(None, Class::PropertyValue);
                pv.add1(&v::PROPERTY_ID, Value::Str((*name).to_string()));
                pv.add1(&v::VALUE, Value::Str(value.clone()));
                pv.add1(&v::URL, Value::Ref(url.clone()));
                Value::Node(pv)
            }),
        );

        // Links: `url` the primary link; `sameAs` other landing pages (identifier URLs another
        // paper holds as its @id are left out: sameAs would merge the two); PDFs as `encoding`;
        // project pages and anything else as rdfs:seeAlso. Code links become code nodes.
        let mut seen: Vec<String> = vec![id.to_string()];
        if let Some(raw) = p.url.as_deref().filter(|u| !u.trim().is_empty()) {
            match iri::clean_url(raw) {
                Some(u) => {
                    node.add1(&v::URL, Value::Ref(u.clone()));
                    seen.push(u);
                }
                None => self.diags.push(bad_url(p, raw, "link")),
            }
        }
        let mut same_as = Vec::new();
        for (_, _, url) in &ids {
            if !seen.contains(url) && !self.claimed.contains(url) {
                seen.push(url.clone());
                same_as.push(Value::Ref(url.clone()));
            }
        }
        let mut encodings = Vec::new();
        let mut see_also = Vec::new();
        for link in &p.links {
            if link.kind == LinkKind::Code {
                continue;
            }
            let Some(u) = iri::clean_url(&link.url) else {
                self.diags.push(bad_url(p, &link.url, "link"));
                continue;
            };
            if seen.contains(&u) {
                continue;
            }
            seen.push(u.clone());
            match link.kind {
                // Another node's @id: sameAs would merge the two, so only point at it.
                LinkKind::Paper if self.claimed.contains(&u) => see_also.push(Value::Ref(u)),
                LinkKind::Paper => same_as.push(Value::Ref(u)),
                LinkKind::Pdf => {
                    let mut media = Node::new(None, Class::MediaObject);
                    media.add1(&v::CONTENT_URL, Value::Ref(u));
                    media.add1(&v::ENCODING_FORMAT, Value::Str("application/pdf".into()));
                    encodings.push(Value::Node(media));
                }
                LinkKind::Code
                | LinkKind::Project
                | LinkKind::Dataset
                | LinkKind::Media
                | LinkKind::Profile
                | LinkKind::Note
                | LinkKind::Badge
                | LinkKind::Other => {
                    see_also.push(Value::Ref(u));
                }
            }
        }
        node.add(&v::SAME_AS, same_as);
        node.add(&v::ENCODING, encodings);
        node.add(&v::SEE_ALSO, see_also);

        node.add(&v::IS_PART_OF, parts.iter().map(|s| Value::Ref(s.clone())));
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
                event.add1(&v::NAME, Value::Str(shown.to_string()));
                if !raw.is_empty() && raw != shown {
                    event.add1(&v::ALTERNATE_NAME, Value::Str(raw.to_string()));
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
                .map(|t| text(t)),
        );
        node.text(&v::ABSTRACT, &crate::plain::plain_text(&p.summary()));
        let mut description = String::new();
        crate::graph::notes_description(p, &mut description);
        node.text(&v::DESCRIPTION, &description);
        node.text(&v::MOTIVATION, &p.motivation());
        node.text(&v::METHOD, &p.method());
        node.text(&v::RESULTS, &p.results());
        node.add(
            &v::NOTE,
            p.fields
                .iter()
                .filter(|f| matches!(f.kind, FieldKind::Other | FieldKind::Note))
                .filter(|f| !f.text.trim().is_empty())
                .map(|f| {
                    let mut pv = Node::new(None, Class::PropertyValue);
                    pv.text(&v::NAME, &f.label);
                    pv.add1(&v::VALUE, text(&f.text));
                    Value::Node(pv)
                }),
        );
        node
    }

    /// `YYYY` or `YYYY-MM`; out-of-range values are dropped with a warning.
    fn date(&mut self, p: &Paper) -> Option<String> {
        let year = p.year?;
        if !(1..=9999).contains(&year) {
            self.diags.push(paper_warn(
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
                self.diags.push(paper_warn(
                    p,
                    "bad-date",
                    format!("paper `{}` has the month {m}, which is not 1 to 12; datePublished gives the year only", p.key),
                    "correct the date in the catalogue",
                ));
                Some(format!("{year:04}"))
            }
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
fn identifiers(p: &Paper) -> Vec<(&'static str, String, String)> {
    let trimmed = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let mut out = Vec::new();
    if let Some(id) = trimmed(&p.arxiv) {
        let url = iri::resolver("https://arxiv.org/abs/", &id);
        out.push(("arXiv", id, url));
    }
    if let Some(id) = trimmed(&p.doi) {
        let url = iri::resolver("https://doi.org/", &id);
        out.push(("DOI", id, url));
    }
    if let Some(id) = trimmed(&p.acl) {
        let url = iri::resolver("https://aclanthology.org/", &id) + "/";
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
fn author(a: &Author) -> Option<Value> {
    match a {
        Author::Person { given, family } => {
            let (given, family) = (given.trim(), family.trim());
            if given.is_empty() && family.is_empty() {
                return None;
            }
            let mut person = Node::new(None, Class::Person);
            let full = if given.is_empty() {
                family.to_string()
            } else if family.is_empty() {
                given.to_string()
            } else {
                format!("{given} {family}")
            };
            person.add1(&v::NAME, Value::Str(full));
            if !given.is_empty() {
                person.add1(&v::GIVEN_NAME, Value::Str(given.to_string()));
            }
            if !family.is_empty() {
                person.add1(&v::FAMILY_NAME, Value::Str(family.to_string()));
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
            node.add1(&v::NAME, Value::Str(name.to_string()));
            Some(Value::Node(node))
        }
    }
}
