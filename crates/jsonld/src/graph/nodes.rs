//! Printing the nodes one by one, in graph order, straight from the catalogue's text.

use std::borrow::Cow;

use papercat_core::plain::{self, Syntax};
use papercat_core::{Author, Catalogue, Code, Diagnostic, FieldKind, LinkKind, Paper};

use super::{bad_url, blank, has_han, identifiers, text, Part, Plan};
use crate::iri;
use crate::json::{Lit, Printer};
use crate::vocab::{self as v, Class};

/// The catalogue's `name`: its title, else a generic one (Google's Dataset needs a name).
pub(crate) fn catalogue_name(cat: &Catalogue) -> &str {
    cat.title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("Paper reading list")
}

/// The catalogue's `description`, between 50 and 5,000 characters as Google's Dataset rich
/// result asks: how many papers, and the top-level sections that hold them.
pub(crate) fn catalogue_description(cat: &Catalogue, top: impl Iterator<Item = usize>) -> String {
    let n = cat.papers.len();
    let mut d = format!(
        "A reading list of {n} research paper{} with reading notes (motivation, method, results), \
         written as a Markdown catalogue and converted by papercat",
        if n == 1 { "" } else { "s" }
    );
    let mut names = top
        .map(|i| cat.sections[i].title.trim())
        .filter(|t| !t.is_empty())
        .peekable();
    if names.peek().is_some() {
        d.push_str(". Sections: ");
        let mut first = true;
        for name in names {
            // Room for the name, a separator and the closing "…" or ".".
            if d.chars().count() + name.chars().count() + 4 > 5000 {
                d.push('…');
                return d;
            }
            if !first {
                d.push_str("; ");
            }
            first = false;
            d.push_str(name);
        }
    }
    d.push('.');
    d
}

/// The paper's notes that are not its summary (motivation, method, results, other labelled
/// and unlabelled notes), as plain text into `out`: each as `label: text` (`动机：…` for a
/// Chinese label), separated by blank lines.
pub(crate) fn notes_description(p: &Paper, out: &mut String) {
    out.clear();
    for f in p.fields.iter().filter(|f| {
        matches!(
            f.kind,
            FieldKind::Motivation
                | FieldKind::Method
                | FieldKind::Results
                | FieldKind::Note
                | FieldKind::Other
        ) && !blank(&f.text)
    }) {
        let at = out.len();
        if at > 0 {
            out.push_str("\n\n");
        }
        let label = f.label.trim();
        if !label.is_empty() {
            out.push_str(label);
            out.push_str(if has_han(label) { "：" } else { ": " });
        }
        let text = out.len();
        plain::push_plain(&f.text, Syntax::CommonMark, out);
        if out.len() == text {
            // Nothing left once the markup is gone.
            out.truncate(at);
        } else if !label.is_empty() && out[text..].starts_with("• ") {
            // A list starts on its own line.
            out.insert(text, '\n');
        }
    }
}

/// Scratch lists of one paper, reused from paper to paper.
#[derive(Default)]
struct Scratch<'a> {
    /// The link URLs met so far (the @id aside).
    seen: Vec<Cow<'a, str>>,
    same_as: Vec<Cow<'a, str>>,
    encodings: Vec<Cow<'a, str>>,
    see_also: Vec<Cow<'a, str>>,
    joined: String,
    date: String,
    description: String,
}

impl<'a> Plan<'a> {
    /// Prints the nodes one by one, in graph order (the catalogue, its sections, papers and
    /// code repositories), spilling the printer into `out` as it fills; warnings go to
    /// `diags`.
    pub(crate) fn write<W: std::io::Write>(
        &self,
        diags: &mut Vec<Diagnostic>,
        pr: &mut Printer,
        out: &mut W,
    ) -> std::io::Result<()> {
        let cat = self.cat;
        // The catalogue.
        pr.top();
        pr.begin_node(Some(&self.root_id), Class::Dataset);
        pr.one(&v::NAME, text(catalogue_name(cat)));
        let top = || (0..cat.sections.len()).filter(|&i| self.parents[i].is_none() && self.kept[i]);
        let description = catalogue_description(cat, top());
        // Our English sentence (with the section titles quoted): never tagged `zh`.
        pr.one(&v::DESCRIPTION, Lit::Str(&description));
        pr.many(&v::HAS_PART);
        for i in top() {
            pr.item_value(Lit::Ref(&self.section_ids[i]));
        }
        for &pi in &self.root_papers {
            pr.item_value(Lit::Ref(&self.paper_ids[pi]));
        }
        pr.end_many();
        pr.end_node();
        pr.spill(out)?;

        for (i, s) in cat.sections.iter().enumerate() {
            if !self.kept[i] {
                continue;
            }
            pr.top();
            pr.begin_node(Some(&self.section_ids[i]), Class::Collection);
            if !blank(&s.title) {
                pr.one(&v::NAME, text(&s.title));
            }
            pr.one(&v::POSITION, Lit::Int(self.positions[i]));
            let parent = self.parents[i].map_or(&self.root_id, |p| &self.section_ids[p]);
            pr.many(&v::IS_PART_OF);
            pr.item_value(Lit::Ref(parent));
            pr.end_many();
            pr.many(&v::HAS_PART);
            for &j in &self.children[i] {
                pr.item_value(Lit::Ref(&self.section_ids[j]));
            }
            for &pi in &self.section_papers[i] {
                pr.item_value(Lit::Ref(&self.paper_ids[pi]));
            }
            pr.end_many();
            pr.end_node();
            pr.spill(out)?;
        }

        let mut scratch = Scratch::default();
        for (pi, p) in cat.papers.iter().enumerate() {
            self.paper(diags, pr, &mut scratch, pi, p);
            pr.spill(out)?;
        }

        for (ci, url) in self.code_urls.iter().enumerate() {
            pr.top();
            pr.begin_node(Some(&self.code_ids[ci]), Class::SoftwareSourceCode);
            pr.one(&v::CODE_REPOSITORY, Lit::Ref(url));
            pr.many(&v::IS_BASED_ON);
            for &pi in &self.code_papers[ci] {
                pr.item_value(Lit::Ref(&self.paper_ids[pi]));
            }
            pr.end_many();
            pr.end_node();
            pr.spill(out)?;
        }
        Ok(())
    }

    /// True when a node holds `iri` as its @id.
    fn claimed(&self, iri: &str) -> bool {
        self.claimed.contains_key(iri)
    }

    /// Prints paper `pi`'s node.
    fn paper(
        &self,
        diags: &mut Vec<Diagnostic>,
        pr: &mut Printer,
        sc: &mut Scratch<'a>,
        pi: usize,
        p: &'a Paper,
    ) {
        let id = self.paper_ids[pi].as_str();
        pr.top();
        pr.begin_node(Some(id), Class::ScholarlyArticle);
        let title = p.work.title.as_deref().unwrap_or("").trim();
        let heading = p.heading.trim();
        if !title.is_empty() {
            pr.one(&v::NAME, Lit::Str(title));
            if !heading.is_empty() && heading != title {
                pr.one(&v::ALTERNATE_NAME, text(heading));
            }
            // The model's `title` is the English title: the paper is taken to be in English.
            pr.one(&v::IN_LANGUAGE, Lit::Str("en"));
        } else if !heading.is_empty() {
            pr.one(&v::NAME, text(heading));
        }

        pr.many(&v::AUTHOR);
        for a in &p.work.authors {
            author(pr, a, &mut sc.joined);
        }
        pr.end_many();
        pr.many(&v::SOURCE_ORGANIZATION);
        for s in p.institutions.iter().filter(|s| !blank(s)) {
            pr.item();
            pr.begin_node(None, Class::Organization);
            pr.one(&v::NAME, text(s));
            pr.end_node();
        }
        pr.end_many();
        if date(diags, p, &mut sc.date) {
            pr.one(&v::DATE_PUBLISHED, Lit::Date(&sc.date));
        }

        let ids = identifiers(p);
        pr.many(&v::IDENTIFIER);
        for (name, value, url) in &ids {
            pr.item();
            pr.begin_node(None, Class::PropertyValue);
            pr.one(&v::PROPERTY_ID, Lit::Str(name));
            pr.one(&v::VALUE, Lit::Str(value));
            pr.one(&v::URL, Lit::Ref(url));
            pr.end_node();
        }
        pr.end_many();

        // Links: `url` the primary link; `sameAs` other landing pages (identifier URLs another
        // paper holds as its @id are left out: sameAs would merge the two); PDFs as `encoding`;
        // project pages and anything else as rdfs:seeAlso. Code links become code nodes.
        sc.seen.clear();
        sc.same_as.clear();
        sc.encodings.clear();
        sc.see_also.clear();
        if let Some(raw) = p.url.as_deref().filter(|u| !blank(u)) {
            match iri::clean_url(raw) {
                Some(u) => {
                    pr.one(&v::URL, Lit::Ref(&u));
                    sc.seen.push(u);
                }
                None => diags.push(bad_url(p, raw, "link")),
            }
        }
        for (_, _, url) in ids {
            if url != id && !sc.seen.iter().any(|s| *s == url) && !self.claimed(&url) {
                sc.seen.push(Cow::Owned(url.clone()));
                sc.same_as.push(Cow::Owned(url));
            }
        }
        for link in &p.links {
            if link.kind == LinkKind::Code {
                continue;
            }
            let Some(u) = iri::clean_url(&link.url) else {
                diags.push(bad_url(p, &link.url, "link"));
                continue;
            };
            if u == id || sc.seen.contains(&u) {
                continue;
            }
            sc.seen.push(u.clone());
            match link.kind {
                // Another node's @id: sameAs would merge the two, so only point at it.
                LinkKind::Paper if self.claimed(&u) => sc.see_also.push(u),
                LinkKind::Paper => sc.same_as.push(u),
                LinkKind::Pdf => sc.encodings.push(u),
                LinkKind::Code
                | LinkKind::Project
                | LinkKind::Dataset
                | LinkKind::Media
                | LinkKind::Profile
                | LinkKind::Note
                | LinkKind::Badge
                | LinkKind::Other => sc.see_also.push(u),
            }
        }
        pr.many(&v::SAME_AS);
        for u in &sc.same_as {
            pr.item_value(Lit::Ref(u));
        }
        pr.end_many();
        pr.many(&v::ENCODING);
        for u in &sc.encodings {
            pr.item();
            pr.begin_node(None, Class::MediaObject);
            pr.one(&v::CONTENT_URL, Lit::Ref(u));
            pr.one(&v::ENCODING_FORMAT, Lit::Str("application/pdf"));
            pr.end_node();
        }
        pr.end_many();
        pr.many(&v::SEE_ALSO);
        for u in &sc.see_also {
            pr.item_value(Lit::Ref(u));
        }
        pr.end_many();

        pr.many(&v::IS_PART_OF);
        for part in &self.paper_parts[pi] {
            pr.item_value(Lit::Ref(match part {
                Part::Root => &self.root_id,
                Part::Section(si) => &self.section_ids[*si],
            }));
        }
        pr.end_many();
        if let Some(venue) = &p.work.venue {
            let raw = venue.raw.trim();
            let name = venue
                .name
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty());
            if name.is_some() || !raw.is_empty() {
                pr.key_one(&v::PUBLICATION);
                pr.begin_node(None, Class::PublicationEvent);
                let shown = name.unwrap_or(raw);
                pr.one(&v::NAME, Lit::Str(shown));
                if !raw.is_empty() && raw != shown {
                    pr.one(&v::ALTERNATE_NAME, Lit::Str(raw));
                }
                if let Some(y) = venue.year.filter(|y| (1..=9999).contains(y)) {
                    sc.date.clear();
                    push_year(&mut sc.date, y);
                    pr.one(&v::START_DATE, Lit::Date(&sc.date));
                }
                pr.end_node();
                pr.end_one();
            }
        }
        pr.many(&v::KEYWORDS);
        for t in p.topics.iter().filter(|t| !blank(t)) {
            pr.item_value(text(t));
        }
        pr.end_many();
        // The code links back with `isBasedOn` (see the code nodes): schema.org has no
        // property from a paper to its implementation.

        // What consumers read: the summary and the other notes as plain text.
        let summary = text_of(p, FieldKind::Summary, &mut sc.joined);
        if !blank(summary) {
            let shown = plain::plain_text(summary, Syntax::CommonMark);
            if !shown.is_empty() {
                pr.one(&v::ABSTRACT, text(&shown));
            }
        }
        notes_description(p, &mut sc.description);
        if !sc.description.is_empty() {
            pr.one(&v::DESCRIPTION, text(&sc.description));
        }

        for (term, kind) in [
            (&v::MOTIVATION, FieldKind::Motivation),
            (&v::METHOD, FieldKind::Method),
            (&v::RESULTS, FieldKind::Results),
        ] {
            let t = text_of(p, kind, &mut sc.joined);
            if !blank(t) {
                pr.one(term, text(t));
            }
        }
        pr.many(&v::NOTE);
        for f in p
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldKind::Other | FieldKind::Note))
            .filter(|f| !blank(&f.text))
        {
            pr.item();
            pr.begin_node(None, Class::PropertyValue);
            if !blank(&f.label) {
                pr.one(&v::NAME, text(&f.label));
            }
            pr.one(&v::VALUE, text(&f.text));
            pr.end_node();
        }
        pr.end_many();
        pr.end_node();
    }
}

/// The text of every field of `kind`, joined by blank lines (`Paper::text_of`), borrowed
/// when there is at most one; `joined` holds a join.
fn text_of<'s>(p: &'s Paper, kind: FieldKind, joined: &'s mut String) -> &'s str {
    let mut found = p
        .fields
        .iter()
        .filter(|f| f.kind == kind && !f.text.is_empty());
    let Some(first) = found.next() else {
        return "";
    };
    let Some(second) = found.next() else {
        return &first.text;
    };
    joined.clear();
    for f in [first, second].into_iter().chain(found) {
        if !joined.is_empty() {
            joined.push_str("\n\n");
        }
        joined.push_str(&f.text);
    }
    joined
}

/// Appends `y` (1 to 9999) as four digits.
fn push_year(out: &mut String, y: i32) {
    use std::fmt::Write as _;
    let _ = write!(out, "{y:04}");
}

/// `YYYY` or `YYYY-MM` into `out`; out-of-range values are dropped with a warning (false
/// when there is no date).
fn date(diags: &mut Vec<Diagnostic>, p: &Paper, out: &mut String) -> bool {
    let Some(year) = p.work.year else {
        return false;
    };
    if !(1..=9999).contains(&year) {
        diags.push(p.diagnostic(Code::BadDate, format!("paper `{}` has the year {year}, which is not a four-digit year; datePublished is left out", p.key)).with_hint("correct the date or venue year in the catalogue"));
        return false;
    }
    out.clear();
    push_year(out, year);
    match p.work.month {
        None => {}
        Some(m @ 1..=12) => {
            out.push('-');
            out.push(char::from(b'0' + m / 10));
            out.push(char::from(b'0' + m % 10));
        }
        Some(m) => {
            diags.push(p.diagnostic(Code::BadDate, format!("paper `{}` has the month {m}, which is not 1 to 12; datePublished gives the year only", p.key)).with_hint("correct the date in the catalogue"));
        }
    }
    true
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

/// An author as an embedded `Person` (or `Organization`, for undivided names that look like
/// one), as the next item of the `author` list; nothing for an empty name.
fn author(pr: &mut Printer, a: &Author, scratch: &mut String) {
    match a {
        Author::Person { given, family } => {
            let (given, family) = (given.trim(), family.trim());
            if given.is_empty() && family.is_empty() {
                return;
            }
            pr.item();
            pr.begin_node(None, Class::Person);
            let full = if given.is_empty() {
                family
            } else if family.is_empty() {
                given
            } else {
                scratch.clear();
                scratch.push_str(given);
                scratch.push(' ');
                scratch.push_str(family);
                scratch
            };
            pr.one(&v::NAME, Lit::Str(full));
            if !given.is_empty() {
                pr.one(&v::GIVEN_NAME, Lit::Str(given));
            }
            if !family.is_empty() {
                pr.one(&v::FAMILY_NAME, Lit::Str(family));
            }
            pr.end_node();
        }
        Author::Literal { literal } => {
            let name = literal.trim();
            if name.is_empty() {
                return;
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
            pr.item();
            pr.begin_node(None, class);
            pr.one(&v::NAME, Lit::Str(name));
            pr.end_node();
        }
    }
}
