//! From raw entries to papers: evidence, identity (merging duplicates, keeping copy-paste
//! errors apart), derived values and citation keys.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::dedup;
use crate::diag::{Code, Diagnostic};
use crate::entry::RawEntry;
use crate::evidence::{entry_links, entry_title, evidence_of};
use crate::ids::{self, ArxivMatch};
use crate::model::{FieldKind, Link, LinkKind, Occurrence, Paper};
use crate::text;

pub(crate) use crate::dedup::FastMap;

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

fn title_key(t: &str) -> String {
    let mut key = String::with_capacity(t.len());
    for c in t.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                key.push(c.to_ascii_lowercase());
            }
        } else if c.is_alphanumeric() {
            key.extend(c.to_lowercase());
        }
    }
    key
}

fn similar_titles(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    let (ka, kb) = (title_key(a), title_key(b));
    if ka == kb {
        return true;
    }
    if ka.len() >= 12 && kb.len() >= 12 && (ka.contains(&kb) || kb.contains(&ka)) {
        return true;
    }
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let inter = wa.intersection(&wb).count();
    let union = wa.union(&wb).count();
    union > 0 && inter * 10 >= union * 7
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
    let title_key = title.as_deref().map(title_key).filter(|k| k.len() >= 8);
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
                if similar_titles(c.title.as_deref(), first.title.as_deref()) {
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
        if p.title.is_none() {
            p.title = title;
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
        if p.arxiv.is_none() {
            if let Some((a, v)) = arxiv {
                p.arxiv = Some(a);
                p.arxiv_version = v;
            }
        }
        if p.doi.is_none() {
            p.doi = doi;
        }
        if p.acl.is_none() {
            p.acl = acl;
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

fn first_text(p: &Paper, kind: FieldKind) -> Option<&str> {
    p.fields
        .iter()
        .find(|f| f.kind == kind && !f.text.trim().is_empty())
        .map(|f| f.text.trim())
}

/// Fill venue, year, month, authors, institutions and topics from the fields.
pub(crate) fn derive(p: &mut Paper) {
    p.venue = first_text(p, FieldKind::Venue).and_then(text::parse_venue);
    if p.venue.is_none() {
        // `Comments: 9 pages (ICML 2025)`: an arXiv comment naming the venue.
        p.venue = p
            .fields
            .iter()
            .filter(|f| {
                // Only `c` and `C` lower-case to `c`: labels without one (most) are skipped
                // without building their key.
                f.label.bytes().any(|b| b | 0x20 == b'c')
                    && text::with_label_key(&f.label, |k| matches!(k, "comments" | "comment"))
            })
            .find_map(|f| text::venue_in_text(&f.text));
    }
    if p.venue.is_none() {
        // `#### 1.2 中文标题 (NIPS 2012)`, `[CVPR 2021] Title`, then the ACL Anthology id and
        // a CVF open-access URL.
        p.venue = crate::titles::venue_tag(&p.heading)
            .or_else(|| p.title.as_deref().and_then(crate::titles::venue_tag))
            .or_else(|| p.acl.as_deref().and_then(ids::acl_venue))
            .or_else(|| p.links.iter().find_map(|l| ids::cvf_venue(&l.url)))
            .or_else(|| p.links.iter().find_map(|l| ids::proceedings_venue(&l.url)))
            .and_then(|v| text::parse_venue(&v));
    }
    // The first date that parses: a merged paper may have a talk date (`10/27/21`) first.
    let date = p
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Date)
        .find_map(|f| text::parse_date(f.text.trim()));
    let ax = p.arxiv.as_deref().and_then(text::arxiv_year_month);
    p.year = p
        .venue
        .as_ref()
        .and_then(|v| v.year)
        .or(date.map(|d| d.0))
        .or(ax.map(|a| a.0))
        .or_else(|| written_year(p));
    p.month = match (date, ax) {
        (Some((y, Some(m))), _) if Some(y) == p.year => Some(m),
        (_, Some((y, m))) if Some(y) == p.year => Some(m),
        _ => None,
    };
    if let Some(a) = first_text(p, FieldKind::Authors) {
        let (authors, et_al) = text::parse_authors(a);
        p.authors = authors;
        p.et_al = et_al;
    }
    let collect = |p: &Paper, kind: FieldKind, with_and: bool| {
        let mut out: Vec<String> = Vec::new();
        for f in p.fields.iter().filter(|f| f.kind == kind) {
            out.extend(text::split_list(
                f.text.lines().next().unwrap_or(""),
                with_and,
            ));
        }
        dedup::keep_first(&mut out, dedup::hash, |a, b| a == b);
        out
    };
    p.institutions = collect(p, FieldKind::Institution, true);
    p.topics = collect(p, FieldKind::Topics, false);
}

/// A year written beside the paper rather than in a field: a trailing tag of its heading
/// (`[DIN] Deep Interest Network (Alibaba 2018)`), or a section that is a year (`### 2024`).
fn written_year(p: &Paper) -> Option<i32> {
    let year = |s: &str| -> Option<i32> {
        let t = s.trim();
        (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
            .filter(|y| (1950..=2100).contains(y))
    };
    let tag_year = crate::titles::split_trailing_tag(&p.heading).and_then(|(_, tag)| {
        tag.rsplit(|c: char| !c.is_ascii_digit())
            .find(|w| !w.is_empty())
            .and_then(year)
    });
    tag_year.or_else(|| {
        p.occurrences
            .iter()
            .find_map(|o| o.section.last().and_then(|s| year(s)))
    })
}

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "for", "to", "with", "and", "or", "via", "by", "from",
    "is", "are", "at", "as", "towards", "toward", "how", "what", "do", "does", "can", "be", "we",
    "you", "your", "all", "that", "this", "its", "into", "when", "why", "which", "using", "use",
    "not", "our", "it", "about",
];

/// A character folded to lower-case ASCII: accented Latin letters to their base letter, ASCII
/// letters and digits kept, anything else a space.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            ' '
        };
    }
    match c {
        'à'..='å' | 'À'..='Å' | 'ā' => 'a',
        'ç' | 'Ç' | 'č' => 'c',
        'è'..='ë' | 'È'..='Ë' | 'ē' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' | 'ń' => 'n',
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' | 'ō' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'š' | 'Š' | 'ś' => 's',
        'ž' | 'Ž' | 'ź' | 'ż' => 'z',
        'ł' | 'Ł' => 'l',
        'ß' => 's',
        _ => ' ',
    }
}

/// The first two significant words of a title: folded to ASCII (see [`fold_char`]), not a
/// stop word, with a letter, cut to 24 characters. The title is folded only as far as needed.
fn significant_words(s: &str) -> [Option<String>; 2] {
    if s.is_ascii() {
        // Folding ASCII keeps letters and digits (lower-cased) and turns the rest into
        // spaces: the words are the runs of letters and digits. Stop words are lower-case.
        let mut words = s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| {
                !w.is_empty()
                    && !STOPWORDS.iter().any(|sw| sw.eq_ignore_ascii_case(w))
                    && w.bytes().any(|b| b.is_ascii_alphabetic())
            })
            .map(|w| w.get(..24).unwrap_or(w).to_ascii_lowercase());
        return [words.next(), words.next()];
    }
    let mut first = None;
    let mut word = String::new();
    for c in s.chars().map(fold_char).chain(std::iter::once(' ')) {
        if c != ' ' {
            word.push(c);
            continue;
        }
        if word.is_empty() {
            continue;
        }
        if !STOPWORDS.contains(&word.as_str()) && word.bytes().any(|b| b.is_ascii_alphabetic()) {
            if let Some((i, _)) = word.char_indices().nth(24) {
                word.truncate(i);
            }
            let w = std::mem::take(&mut word);
            if first.is_none() {
                first = Some(w);
            } else {
                return [first, Some(w)];
            }
        } else {
            word.clear();
        }
    }
    [first, None]
}

/// The base citation key of a paper (before the uniqueness suffix).
pub(crate) fn base_key(p: &Paper) -> String {
    let title_src = p.title.as_deref().unwrap_or(&p.heading);
    let [first, second] = significant_words(title_src);
    // The first author's family name, folded, without spaces.
    let author = p
        .authors
        .first()
        .map(|a| {
            a.family()
                .chars()
                .map(fold_char)
                .filter(|c| *c != ' ')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty());
    let (base, short) = match author {
        Some(a) => (a, first),
        None => (first.unwrap_or_else(|| "paper".into()), second),
    };
    // At most 24 characters of the base.
    let mut key = base;
    if let Some((i, _)) = key.char_indices().nth(24) {
        key.truncate(i);
    }
    if let Some(y) = p.year {
        if (1000..=9999).contains(&y) {
            // Four digits, without the formatting machinery.
            for d in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
                key.push(char::from(b'0' + d as u8));
            }
        } else {
            // Writing to a String cannot fail.
            let _ = write!(key, "{y}");
        }
    }
    if let Some(s) = short {
        if !key.is_empty() && key.ends_with(|c: char| c.is_ascii_alphabetic()) && p.year.is_none() {
            key.push('_');
        }
        key.push_str(&s);
    }
    key
}

/// Assign unique keys in input order: the first paper gets the base key, later ones `a`, `b`...
/// Each paper's `key` holds its base key on entry (see [`base_key`]).
pub(crate) fn assign_keys(papers: &mut [Paper]) {
    // How many earlier papers share each paper's base key, counted before any key changes.
    let mut used: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(papers.len(), Default::default());
    let earlier: Vec<usize> = papers
        .iter()
        .map(|p| {
            let n = used.entry(p.key.as_str()).or_insert(0);
            *n += 1;
            *n - 1
        })
        .collect();
    drop(used);
    for (p, n) in papers.iter_mut().zip(earlier) {
        if n > 0 {
            p.key.push_str(&suffix(n - 1));
        }
    }
}

fn suffix(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Author;

    #[test]
    fn keys() {
        let mut p = Paper {
            title: Some("Visual Instruction Tuning".into()),
            year: Some(2023),
            authors: vec![Author::Person {
                given: "Haotian".into(),
                family: "Liu".into(),
            }],
            ..Default::default()
        };
        assert_eq!(base_key(&p), "liu2023visual");
        p.authors.clear();
        assert_eq!(base_key(&p), "visual2023instruction");
        p.year = None;
        p.title = Some("The LLaVA".into());
        assert_eq!(base_key(&p), "llava");
        p.title = None;
        p.heading = "中文标题".into();
        assert_eq!(base_key(&p), "paper");
        assert_eq!(suffix(0), "a");
        assert_eq!(suffix(25), "z");
        assert_eq!(suffix(26), "aa");
        p.key = base_key(&p);
        let mut ps = vec![p.clone(), p.clone(), p];
        assign_keys(&mut ps);
        assert_eq!(
            ps.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
            vec!["paper", "papera", "paperb"]
        );
    }

    /// `significant_words` and the author part of `base_key` as they were: fold the whole
    /// text, then split.
    fn old_fold_ascii(s: &str) -> String {
        s.chars().map(fold_char).collect()
    }

    fn old_significant_words(s: &str) -> Vec<String> {
        old_fold_ascii(s)
            .split_whitespace()
            .filter(|w| !STOPWORDS.contains(w) && w.chars().any(|c| c.is_ascii_alphabetic()))
            .map(|w| w.chars().take(24).collect())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn significant_words_as_before(
            v in proptest::collection::vec(proptest::sample::select(&[
                "a", "The", "of", "Über", "Łódź", "ß", " ", "  ", "-", "x", "2023", "9", "é",
                "Ångström", "中文", "Transformers", "abcdefghijklmnopqrstuvwxyz0123", ":", "\t",
            ][..]), 0..12)
        ) {
            let s = v.concat();
            let old = old_significant_words(&s);
            let [a, b] = significant_words(&s);
            proptest::prop_assert_eq!(a.as_ref(), old.first());
            proptest::prop_assert_eq!(b.as_ref(), old.get(1));
        }
    }

    #[test]
    fn only_c_lower_cases_to_c() {
        // `derive` skips labels without an ASCII `c` before looking for `comments`.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.to_lowercase().any(|l| l == 'c') {
                assert!(matches!(c, 'c' | 'C'), "{c:?}");
            }
        }
    }

    #[test]
    fn title_similarity() {
        assert!(similar_titles(
            Some("CHATKBQA: A GENERATE-THEN-RETRIEVE"),
            Some("ChatKBQA: A Generate-then-Retrieve")
        ));
        assert!(!similar_titles(
            Some("Large Search Model: Redefining Search Stack"),
            Some("DARE: Data Augmented Relation Extraction with GPT-2")
        ));
        assert!(similar_titles(None, Some("x")));
    }
}
