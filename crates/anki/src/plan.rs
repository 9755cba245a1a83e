//! What both writers write: note types, decks and notes with their fields, tags and cards.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;

use foldhash::fast::FixedState;

use papercat_core::{Author, Catalogue, Code, Diagnostic, FieldKind, LinkKind, Paper, Severity};
use sha1::{Digest, Sha1};

use crate::html::{self, Renderer};
use crate::{CardKind, Options, TagSource};

/// Bumped whenever the fields or templates of a note type change: a changed note type gets a
/// new name, hence a new id and new GUIDs, instead of clashing with the one already imported.
/// Version 2 merged `Results` into `Notes`, added the `Context` field and the "Paper → Notes"
/// card, and shows the venue's year once.
pub const NOTETYPE_VERSION: u32 = 2;

/// The fields of the paper note type, in order. `Key` is the first (sort and duplicate-check)
/// field; `Short` is the heading's leading Latin token; `Context` (year, venue, first author...)
/// is set only when another paper's cards would have the same front, and is shown on the
/// fronts to tell them apart; `Venue` is the venue as written, with the year added when it
/// does not contain it; `Notes` holds the results, the summary and every other labelled or
/// unlabelled field, each under its label; `Source` is the catalogue's file name and line.
pub const PAPER_FIELDS: [&str; 15] = [
    "Key",
    "Title",
    "Heading",
    "Short",
    "Context",
    "Section",
    "Venue",
    "Year",
    "Authors",
    "Institutions",
    "Motivation",
    "Method",
    "Notes",
    "Links",
    "Source",
];

/// The fields of the cloze note type, in order; `Text` is the method with clozes.
pub const CLOZE_FIELDS: [&str; 5] = ["Key", "Text", "Title", "Heading", "Extra"];

const F_KEY: usize = 0;
const F_TITLE: usize = 1;
const F_HEADING: usize = 2;
const F_SHORT: usize = 3;
const F_CONTEXT: usize = 4;
const F_SECTION: usize = 5;
const F_VENUE: usize = 6;
const F_YEAR: usize = 7;
const F_AUTHORS: usize = 8;
const F_INSTITUTIONS: usize = 9;
const F_MOTIVATION: usize = 10;
const F_METHOD: usize = 11;
const F_NOTES: usize = 12;
const F_LINKS: usize = 13;
const F_SOURCE: usize = 14;

/// One note type.
#[derive(Debug, Clone)]
pub(crate) struct NoteType {
    pub id: i64,
    pub name: String,
    pub cloze: bool,
    pub fields: &'static [&'static str],
    pub templates: Vec<Template>,
}

/// One card template; `required` is the field whose emptiness empties the front.
#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub name: &'static str,
    pub qfmt: String,
    pub afmt: String,
    pub required: usize,
}

/// One note, borrowed from buffers that are reused from note to note.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Note<'a> {
    pub guid: &'a str,
    pub notetype: &'a NoteType,
    pub fields: &'a [String],
    /// The tags, separated by single spaces.
    pub tags: &'a str,
    pub deck: &'a str,
    /// Card ordinals (template index, or cloze number - 1).
    pub cards: &'a [u16],
}

/// The note types and the root deck; [`Plan::notes`] makes the notes one by one.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub notetypes: Vec<NoteType>,
    paper_nt: Option<usize>,
    cloze_nt: Option<usize>,
    root: String,
}

/// What is known once every note has been made.
#[derive(Debug, Clone, Default)]
pub(crate) struct Summary {
    /// The number of notes.
    pub notes: usize,
    /// Every deck the notes use, with its ancestors, sorted.
    pub decks: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

const CSS: &str = r#".card {
  font-family: -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC",
    "Source Han Sans SC", "Microsoft YaHei", "Noto Sans", sans-serif;
  font-size: 18px;
  line-height: 1.65;
  text-align: left;
  color: #1f2328;
  background-color: #ffffff;
  max-width: 42em;
  margin: 0 auto;
  padding: 0 0.6em;
  overflow-wrap: anywhere;
  word-break: normal;
  line-break: strict;
}
.card.nightMode, .nightMode .card { color: #e6edf3; background-color: #1f1f1f; }
.kind { font-size: 0.75em; letter-spacing: 0.05em; color: #6e7781; }
.heading { font-size: 1.2em; font-weight: 600; }
.title { color: #57606a; font-style: italic; }
.short { font-size: 2em; font-weight: 700; text-align: center; margin: 0.6em 0; }
.context { color: #57606a; font-size: 0.9em; }
.prompt { margin-top: 0.8em; color: #0969da; }
.label { font-size: 0.8em; font-weight: 600; color: #6e7781; margin-top: 0.8em; }
.meta { font-size: 0.8em; color: #6e7781; margin-top: 1.2em; }
.cloze { font-weight: 700; color: #0969da; }
ul, ol { padding-left: 1.4em; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: 0.9em; }
code { background-color: rgba(175, 184, 194, 0.2); padding: 0 0.2em; border-radius: 3px; }
pre { white-space: pre-wrap; }
a { color: #0969da; }
.nightMode .kind, .nightMode .title, .nightMode .context, .nightMode .label, .nightMode .meta { color: #9198a1; }
.nightMode .prompt, .nightMode .cloze, .nightMode a { color: #4493f8; }
.nightMode code { background-color: rgba(101, 108, 118, 0.4); }
"#;

const META: &str = r#"<div class="meta">{{#Venue}}{{Venue}}{{/Venue}}{{^Venue}}{{Year}}{{/Venue}}{{#Authors}}<br>{{Authors}}{{/Authors}}{{#Institutions}}<br>{{Institutions}}{{/Institutions}}{{#Links}}<br>{{Links}}{{/Links}}<br>{{Section}} · {{Source}}</div>"#;

const CONTEXT: &str = r#"{{#Context}}<div class="context">{{Context}}</div>{{/Context}}"#;

/// The heading and title, as every note type has them.
const HEADING_TITLE: &str = r#"<div class="heading">{{Heading}}</div>{{#Title}}<div class="title">{{Title}}</div>{{/Title}}"#;

/// The paper as the fronts of the paper note type show it: heading, title and context.
const PAPER_FRONT: &str = r#"<div class="heading">{{Heading}}</div>{{#Title}}<div class="title">{{Title}}</div>{{/Title}}{{#Context}}<div class="context">{{Context}}</div>{{/Context}}"#;

fn template(kind: CardKind) -> Template {
    let details = r#"{{#Notes}}<div class="label">其他 · Notes</div>{{Notes}}{{/Notes}}"#;
    match kind {
        CardKind::Method => Template {
            name: "Paper → Method",
            qfmt: format!(
                r#"{{{{#Method}}}}<div class="kind">方法 · Method</div>{PAPER_FRONT}<div class="prompt">这篇论文的方法是什么？</div>{{{{/Method}}}}"#
            ),
            afmt: format!(r#"{{{{FrontSide}}}}<hr id="answer">{{{{Method}}}}{details}{META}"#),
            required: F_METHOD,
        },
        CardKind::Motivation => Template {
            name: "Paper → Motivation",
            qfmt: format!(
                r#"{{{{#Motivation}}}}<div class="kind">动机 · Motivation</div>{PAPER_FRONT}<div class="prompt">这篇论文要解决什么问题？</div>{{{{/Motivation}}}}"#
            ),
            afmt: format!(r#"{{{{FrontSide}}}}<hr id="answer">{{{{Motivation}}}}{META}"#),
            required: F_MOTIVATION,
        },
        CardKind::WhichPaper => Template {
            name: "Motivation → Paper",
            qfmt: format!(
                r#"{{{{#Motivation}}}}<div class="kind">哪篇论文 · Which paper</div>{{{{Motivation}}}}{CONTEXT}<div class="prompt">这是哪篇论文的动机？</div>{{{{/Motivation}}}}"#
            ),
            afmt: format!(
                r#"{{{{FrontSide}}}}<hr id="answer">{PAPER_FRONT}{{{{#Method}}}}<div class="label">方法 · Method</div>{{{{Method}}}}{{{{/Method}}}}{META}"#
            ),
            required: F_MOTIVATION,
        },
        CardKind::Acronym => Template {
            name: "Acronym → Title",
            qfmt: format!(
                r#"{{{{#Short}}}}<div class="kind">全称 · Full title</div><div class="short">{{{{Short}}}}</div>{CONTEXT}<div class="prompt">全称是什么？</div>{{{{/Short}}}}"#
            ),
            afmt: format!(
                r#"{{{{FrontSide}}}}<hr id="answer"><div class="title">{{{{Title}}}}</div><div class="heading">{{{{Heading}}}}</div>{META}"#
            ),
            required: F_SHORT,
        },
        CardKind::Notes => Template {
            name: "Paper → Notes",
            qfmt: format!(
                r#"{{{{#Notes}}}}<div class="kind">要点 · Notes</div>{PAPER_FRONT}<div class="prompt">这篇论文有哪些要点？</div>{{{{/Notes}}}}"#
            ),
            afmt: format!(r#"{{{{FrontSide}}}}<hr id="answer">{{{{Notes}}}}{META}"#),
            required: F_NOTES,
        },
    }
}

fn paper_notetype(kinds: &[CardKind]) -> NoteType {
    let mut name = format!("papercat paper v{NOTETYPE_VERSION}");
    if kinds != CardKind::ALL {
        let list: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        name.push_str(&format!(" ({})", list.join(", ")));
    }
    NoteType {
        id: stable_id(&format!("notetype\x1f{name}")),
        name,
        cloze: false,
        fields: &PAPER_FIELDS,
        templates: kinds.iter().map(|&k| template(k)).collect(),
    }
}

fn cloze_notetype() -> NoteType {
    let name = format!("papercat method cloze v{NOTETYPE_VERSION}");
    NoteType {
        id: stable_id(&format!("notetype\x1f{name}")),
        name,
        cloze: true,
        fields: &CLOZE_FIELDS,
        templates: vec![Template {
            name: "Cloze",
            qfmt: format!(
                r#"<div class="kind">方法填空 · Method cloze</div>{HEADING_TITLE}<hr>{{{{cloze:Text}}}}"#
            ),
            afmt: r#"{{cloze:Text}}{{#Extra}}<div class="meta">{{Extra}}</div>{{/Extra}}"#
                .to_string(),
            required: 1,
        }],
    }
}

impl NoteType {
    pub(crate) fn css(&self) -> &'static str {
        CSS
    }
}

/// A positive id below 2^53 (safe in Anki's JavaScript), hashed from `seed`, far from the
/// small ids Anki uses (1 = Default deck) and from millisecond timestamps.
pub(crate) fn stable_id(seed: &str) -> i64 {
    let d = Sha1::digest(seed.as_bytes());
    let v = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    // 2^41 + (v mod 2^51) < 2^53 always fits an i64.
    ((1u64 << 41) + (v % (1u64 << 51))) as i64
}

/// A GUID hashed from the paper key and the note type name: 11 base-62 characters.
#[cfg(test)]
pub(crate) fn guid(key: &str, notetype: &str) -> String {
    let mut buf = [0u8; 11];
    guid_into(key, notetype, &mut buf).to_string()
}

/// [`guid`] into `buf`, without allocating.
fn guid_into<'b>(key: &str, notetype: &str, buf: &'b mut [u8; 11]) -> &'b str {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // The SHA-1 of `papercat\x1f{notetype}\x1f{key}`.
    let mut h = Sha1::new();
    h.update(b"papercat\x1f");
    h.update(notetype.as_bytes());
    h.update(b"\x1f");
    h.update(key.as_bytes());
    let d = h.finalize();
    let mut v = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    for slot in buf.iter_mut().rev() {
        *slot = DIGITS[(v % 62) as usize];
        v /= 62;
    }
    std::str::from_utf8(buf).unwrap_or_default()
}

/// Anki's field checksum: the first 8 hex digits of the SHA-1 of the stripped field.
#[cfg(test)]
pub(crate) fn checksum(field: &str) -> i64 {
    checksum_of_stripped(&html::strip(field))
}

/// [`checksum`] of a field already stripped with [`html::strip`].
pub(crate) fn checksum_of_stripped(stripped: &str) -> i64 {
    let d = Sha1::digest(stripped.as_bytes());
    i64::from(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
}

/// One tag: whitespace becomes `_`, control characters and `"` are dropped.
#[cfg(test)]
pub(crate) fn tag(s: &str) -> String {
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
pub(crate) fn deck_component(s: &str) -> String {
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
pub(crate) fn short_name(heading: &str) -> Option<&str> {
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

impl Plan {
    pub(crate) fn new(catalogue: &Catalogue, opts: &Options) -> Plan {
        let mut kinds: Vec<CardKind> = Vec::new();
        for k in CardKind::ALL {
            if opts.cards.contains(&k) {
                kinds.push(k);
            }
        }
        let mut notetypes = Vec::new();
        let paper_nt = (!kinds.is_empty()).then(|| {
            notetypes.push(paper_notetype(&kinds));
            notetypes.len() - 1
        });
        let cloze_nt = opts.cloze.then(|| {
            notetypes.push(cloze_notetype());
            notetypes.len() - 1
        });
        Plan {
            notetypes,
            paper_nt,
            cloze_nt,
            root: root_deck(catalogue, opts),
        }
    }

    /// Makes every note of `catalogue` in order and hands it to `each`; stops at the first
    /// error of `each`.
    pub(crate) fn notes<E>(
        &self,
        catalogue: &Catalogue,
        opts: &Options,
        mut each: impl FnMut(Note<'_>) -> Result<(), E>,
    ) -> Result<Summary, E> {
        let mut r = Renderer::new();
        let mut summary = Summary::default();
        let mut keys: HashSet<&str, FixedState> = HashSet::default();
        let mut decks: HashSet<String, FixedState> = HashSet::default();
        // The deck of the previous paper and the section path it came from: papers of one
        // section follow each other.
        let mut deck_of: Option<Option<&[String]>> = None;
        let mut fields = vec![String::new(); PAPER_FIELDS.len()];
        let mut cloze_fields = vec![String::new(); CLOZE_FIELDS.len()];
        let mut scratch = String::new();
        let mut deck = String::new();
        let mut cards: Vec<u16> = Vec::new();
        let mut tags = String::new();
        let mut guid_buf = [0u8; 11];
        let contexts = contexts(catalogue);
        for (index, paper) in catalogue.papers.iter().enumerate() {
            let key = paper.key.trim();
            if key.is_empty() {
                summary.diagnostics.push(
                    paper
                        .diagnostic(
                            Code::AnkiEmptyKey,
                            format!("paper `{}` has no key; no Anki note written", paper.heading),
                        )
                        .with_hint("give the paper a citation key"),
                );
                continue;
            }
            if !keys.insert(key) {
                summary.diagnostics.push(paper.diagnostic(
                    Code::AnkiDuplicateKey,
                    format!("key `{key}` is used by an earlier paper; this one gets no Anki note, as the two would share a GUID"),
                ));
                continue;
            }
            paper_fields(paper, &mut r, &mut fields, &mut scratch);
            if let Some(context) = contexts.get(&index) {
                html::text_into(&mut fields[F_CONTEXT], context);
            }
            let section = paper.occurrences.first().map(|o| o.section.as_slice());
            if deck_of != Some(section) {
                deck.clear();
                paper_deck(paper, &self.root, &mut deck);
                deck_of = Some(section);
            }
            tags.clear();
            paper_tags(paper, &opts.tags_from, &mut tags);
            let mut wrote = false;
            if let Some(nt) = self.paper_nt {
                let nt = &self.notetypes[nt];
                cards.clear();
                cards.extend(
                    nt.templates
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| !fields[t.required].is_empty())
                        .map(|(i, _)| i as u16),
                );
                if !cards.is_empty() {
                    each(Note {
                        guid: guid_into(key, &nt.name, &mut guid_buf),
                        notetype: nt,
                        fields: &fields,
                        tags: &tags,
                        deck: &deck,
                        cards: &cards,
                    })?;
                    summary.notes += 1;
                    wrote = true;
                }
            }
            if let Some(nt) = self.cloze_nt {
                let nt = &self.notetypes[nt];
                let (text, n) = html::clozify(&fields[F_METHOD]);
                if n > 0 {
                    let extra = &mut cloze_fields[4];
                    extra.clear();
                    for s in [&fields[F_SECTION], &fields[F_LINKS], &fields[F_SOURCE]] {
                        if !s.is_empty() {
                            if !extra.is_empty() {
                                extra.push_str("<br>");
                            }
                            extra.push_str(s);
                        }
                    }
                    cloze_fields[1] = text;
                    for (to, from) in [(0, F_KEY), (2, F_TITLE), (3, F_HEADING)] {
                        cloze_fields[to].clear();
                        cloze_fields[to].push_str(&fields[from]);
                    }
                    cards.clear();
                    cards.extend(0..n);
                    each(Note {
                        guid: guid_into(key, &nt.name, &mut guid_buf),
                        notetype: nt,
                        fields: &cloze_fields,
                        tags: &tags,
                        deck: &deck,
                        cards: &cards,
                    })?;
                    summary.notes += 1;
                    wrote = true;
                }
            }
            if wrote {
                if !decks.contains(deck.as_str()) {
                    decks.insert(deck.clone());
                }
            } else {
                summary.diagnostics.push(no_card(paper, key, &fields, opts));
            }
        }
        let mut all = BTreeSet::new();
        for deck in &decks {
            let mut end = 0;
            while let Some(p) = deck[end..].find("::") {
                all.insert(deck[..end + p].to_string());
                end += p + 2;
            }
            all.insert(deck.clone());
        }
        summary.decks = all.into_iter().collect();
        Ok(summary)
    }
}

/// Whether `kind` is note text that a card asks about.
fn is_note(kind: FieldKind) -> bool {
    use FieldKind::*;
    matches!(kind, Motivation | Method | Results | Summary | Note | Other)
}

/// The `anki-no-card` diagnostic of a paper that got no note, saying why.
fn no_card(paper: &Paper, key: &str, fields: &[String], opts: &Options) -> Diagnostic {
    let has_notes = paper
        .fields
        .iter()
        .any(|f| is_note(f.kind) && !f.text.trim().is_empty());
    if !has_notes {
        return paper
            .diagnostic(
                Code::AnkiNoCard,
                format!("paper `{key}` has nothing to ask about (no note text and no short name); no Anki note written"),
            )
            .with_severity(Severity::Note)
            .with_hint("add a 论文方法, 动机 or any other note to study it in Anki");
    }
    let rendered = [F_MOTIVATION, F_METHOD, F_NOTES]
        .iter()
        .any(|&i| !fields[i].is_empty());
    if rendered {
        let chosen: Vec<&str> = opts.cards.iter().map(|k| k.as_str()).collect();
        paper
            .diagnostic(
                Code::AnkiNoCard,
                format!(
                    "paper `{key}` has notes, but none of the chosen card kinds ({}) asks about them; no Anki note written",
                    chosen.join(", ")
                ),
            )
            .with_hint("add `notes`, `method` or `motivation` to --cards")
    } else {
        paper
            .diagnostic(
                Code::AnkiNoCard,
                format!("paper `{key}` has notes, but they are empty once raw HTML and scripts are removed; no Anki note written"),
            )
            .with_hint("write the notes as Markdown text")
    }
}

/// For each paper (by index) whose card fronts would equal another paper's, what tells them
/// apart; papers whose fronts are their own have no entry.
///
/// Fronts show the heading and title (paper → method, motivation, notes), the short name
/// (acronym) or the motivation (which paper). Papers sharing one of these form a group; each
/// group takes the first level of detail at which its papers differ (venue and year, then the
/// first author, the identifier, the key), and a paper in several groups the most detailed.
fn contexts(catalogue: &Catalogue) -> HashMap<usize, String, FixedState> {
    let mut groups: HashMap<String, Vec<usize>, FixedState> = HashMap::default();
    let mut motivation = String::new();
    for (i, paper) in catalogue.papers.iter().enumerate() {
        let title = paper.title.as_deref().unwrap_or("").trim();
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
        motivation.clear();
        text_of(paper, FieldKind::Motivation, &mut motivation);
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
    let author = paper.authors.first().map(|a| {
        let name = match a {
            Author::Person { family, .. } => family.as_str(),
            Author::Literal { literal } => literal.as_str(),
        };
        if paper.authors.len() > 1 || paper.et_al {
            format!("{name} et al.")
        } else {
            name.to_string()
        }
    });
    push(&mut parts, author);
    let l1 = parts.join(" · ");
    let id = paper
        .arxiv
        .as_ref()
        .map(|a| format!("arXiv:{a}"))
        .or_else(|| paper.doi.as_ref().map(|d| format!("doi:{d}")))
        .or_else(|| paper.acl.as_ref().map(|a| format!("ACL {a}")));
    push(&mut parts, id);
    let l2 = parts.join(" · ");
    push(&mut parts, Some(paper.key.trim().to_string()));
    let l3 = parts.join(" · ");
    [l0, l1, l2, l3]
}

/// The venue as written, followed by the year unless the venue already contains it
/// (`NeurIPS 2017`, not `NeurIPS 2017 2017`); the year alone without a venue.
fn venue_year(paper: &Paper) -> String {
    let venue = paper.venue.as_ref().map_or("", |v| v.raw.trim());
    match paper.year {
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

fn root_deck(catalogue: &Catalogue, opts: &Options) -> String {
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

fn paper_deck(paper: &Paper, root: &str, deck: &mut String) {
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
fn same_tag(a: &str, b: &str) -> bool {
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
fn paper_tags(paper: &Paper, sources: &[TagSource], out: &mut String) {
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
                if let Some(v) = &paper.venue {
                    push("venue::", v.name.as_deref().unwrap_or(&v.raw));
                }
            }
            TagSource::Year => {
                if let Some(y) = paper.year {
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

/// Appends the text of every field of `kind`, joined by blank lines, to `out` (as
/// [`Paper::text_of`] gives it).
fn text_of(paper: &Paper, kind: FieldKind, out: &mut String) {
    for f in paper
        .fields
        .iter()
        .filter(|f| f.kind == kind && !f.text.is_empty())
    {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&f.text);
    }
}

/// Fills `f` (one string per [`PAPER_FIELDS`] entry) with the fields of `paper`.
fn paper_fields(paper: &Paper, r: &mut Renderer, f: &mut [String], scratch: &mut String) {
    for s in f.iter_mut() {
        s.clear();
    }
    html::text_into(&mut f[F_KEY], paper.key.trim());
    if let Some(title) = paper.title.as_deref() {
        html::text_into(&mut f[F_TITLE], title);
    }
    html::text_into(&mut f[F_HEADING], paper.heading.trim());
    if let Some(title) = paper.title.as_deref().filter(|t| !t.trim().is_empty()) {
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
        .venue
        .as_ref()
        .is_some_and(|v| !v.raw.trim().is_empty())
    {
        html::text_into(&mut f[F_VENUE], &venue_year(paper));
    }
    if let Some(y) = paper.year {
        write!(f[F_YEAR], "{y}").expect("writing to a String cannot fail");
    }
    scratch.clear();
    for (i, a) in paper.authors.iter().enumerate() {
        if i > 0 {
            scratch.push_str(", ");
        }
        match a {
            Author::Person { given, family } if given.is_empty() => scratch.push_str(family),
            Author::Person { given, family } => {
                scratch.push_str(given);
                scratch.push(' ');
                scratch.push_str(family);
            }
            Author::Literal { literal } => scratch.push_str(literal),
        }
    }
    if paper.et_al && !paper.authors.is_empty() {
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
            (Some(_), Some(_)) => {
                scratch.clear();
                text_of(paper, kind, scratch);
                r.markdown_into(&mut f[slot], scratch);
            }
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
        write!(scratch, "{name}:{}", o.line).expect("writing to a String cannot fail");
    }
    if let Some(note) = paper.note_link.as_deref().filter(|n| !n.is_empty()) {
        if !scratch.is_empty() {
            scratch.push_str(" · ");
        }
        scratch.push_str(note);
    }
    html::text_into(&mut f[F_SOURCE], scratch);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(short_name("LLaVA：经典的多模态大模型"), Some("LLaVA"));
        assert_eq!(short_name("RankGPT：ChatGPT擅长搜索吗？"), Some("RankGPT"));
        assert_eq!(short_name("LLaVA-1.5（多模态）"), Some("LLaVA-1.5"));
        assert_eq!(short_name("Gemini：一族模型"), Some("Gemini"));
        assert_eq!(short_name("Prompt"), None);
        assert_eq!(short_name("LLMs 研究 —— 自我解释"), None);
        assert_eq!(short_name("Transformer <span>经典</span>"), None);
        assert_eq!(short_name("Self-RAG"), Some("Self-RAG"));
        assert_eq!(short_name("QLoRA: 4-bit"), Some("QLoRA"));
        assert_eq!(short_name("Visual Instruction Tuning"), None);
        assert_eq!(short_name("面向信息检索的神经文本生成"), None);
        assert_eq!(short_name("=HYPERLINK(\"x\")"), None);
        assert_eq!(short_name("word2vec：词向量"), None);
        assert_eq!(short_name("A：x"), None);
    }

    fn paper(key: &str, heading: &str, title: &str, venue: &str, year: i32) -> Paper {
        Paper {
            key: key.into(),
            heading: heading.into(),
            title: Some(title.into()),
            venue: (!venue.is_empty()).then(|| papercat_core::Venue {
                raw: venue.into(),
                ..Default::default()
            }),
            year: Some(year),
            ..Default::default()
        }
    }

    #[test]
    fn venue_year_says_the_year_once() {
        assert_eq!(
            venue_year(&paper("a", "h", "t", "NeurIPS 2017", 2017)),
            "NeurIPS 2017"
        );
        assert_eq!(
            venue_year(&paper("a", "h", "t", "NeurIPS", 2017)),
            "NeurIPS 2017"
        );
        assert_eq!(venue_year(&paper("a", "h", "t", "", 2017)), "2017");
    }

    #[test]
    fn contexts_tell_shared_fronts_apart() {
        let cat = Catalogue {
            papers: vec![
                paper(
                    "liu2023visual",
                    "LLaVA：多模态",
                    "Visual Instruction Tuning",
                    "NeurIPS 2023",
                    2023,
                ),
                paper(
                    "liu2024improved",
                    "LLaVA：改进版",
                    "Improved Baselines",
                    "CVPR 2024",
                    2024,
                ),
                paper("x2023a", "Same", "Same Title", "", 2023),
                paper("x2023b", "Same", "Same Title", "", 2023),
                paper("other", "Other：x", "Other Title", "", 2023),
            ],
            ..Default::default()
        };
        let c = contexts(&cat);
        // The two `LLaVA` acronym cards: venue and year suffice.
        assert_eq!(c[&0], "NeurIPS 2023");
        assert_eq!(c[&1], "CVPR 2024");
        // Same heading, title and year, no author or id: only the key tells them apart.
        assert_eq!(c[&2], "2023 · x2023a");
        assert_eq!(c[&3], "2023 · x2023b");
        assert!(!c.contains_key(&4));
    }

    #[test]
    fn tags_and_decks() {
        assert_eq!(tag(" 指令 微调\u{3000}x\"y"), "指令_微调_xy");
        assert_eq!(deck_component("  搜索   篇 :: 排序 "), "搜索 篇 : 排序");
        assert_eq!(deck_component("a:::b"), "a:b");
        assert_eq!(deck_component(" :: a: "), "a");
        assert_eq!(deck_component(":"), "");
    }

    proptest::proptest! {
        /// Tags compare as their lower-case forms do.
        #[test]
        fn same_tag_is_lowercase_equality(
            a in "([aAσςΣßİK\u{212a}ǅǆ中_-]|\\PC)*",
            b in "([aAσςΣßİK\u{212a}ǅǆ中_-]|\\PC)*",
        ) {
            proptest::prop_assert_eq!(same_tag(&a, &b), a.to_lowercase() == b.to_lowercase());
            let lower = a.to_lowercase();
            proptest::prop_assert_eq!(same_tag(&a, &lower), lower == lower.to_lowercase());
        }

        #[test]
        fn tags_and_deck_components_are_well_formed(s in proptest::prelude::any::<String>()) {
            let t = tag(&s);
            proptest::prop_assert!(!t.contains(char::is_whitespace) && !t.contains('"'));
            proptest::prop_assert!(!t.chars().any(char::is_control));
            proptest::prop_assert_eq!(t.is_empty(), s.trim().chars().all(|c| c == '"' || (c.is_control() && !c.is_whitespace())));
            let d = deck_component(&s);
            proptest::prop_assert!(!d.contains("::") && d.trim() == d && !d.contains("  "));
            proptest::prop_assert!(!d.starts_with(':') && !d.ends_with(':'), "{:?}", d);
            proptest::prop_assert!(!d.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' ')));
        }
    }

    #[test]
    fn ids_are_stable() {
        assert_eq!(
            guid("liu2023visual", "papercat paper v1"),
            guid("liu2023visual", "papercat paper v1")
        );
        assert_ne!(
            guid("liu2023visual", "papercat paper v1"),
            guid("liu2023visual", "papercat method cloze v1")
        );
        assert_eq!(guid("liu2023visual", "papercat paper v1").len(), 11);
        let id = stable_id("x");
        assert!(id > 1 << 41 && id < 1 << 53);
        // sha1("liu2023visual") starts with these 8 hex digits.
        let hex = format!("{:x}", Sha1::digest(b"liu2023visual"));
        assert_eq!(
            checksum("liu2023visual"),
            i64::from_str_radix(&hex[..8], 16).unwrap()
        );
    }
}
