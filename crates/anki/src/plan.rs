//! What both writers write: note types, decks and notes with their fields, tags and cards.

use std::collections::{BTreeSet, HashSet};

use papercat_core::{Catalogue, Diagnostic, LinkKind, Paper, Severity};
use sha1::{Digest, Sha1};

use crate::html::{self, Renderer};
use crate::{CardKind, Options, TagSource};

/// Bumped whenever the fields or templates of a note type change: a changed note type gets a
/// new name, hence a new id and new GUIDs, instead of clashing with the one already imported.
pub const NOTETYPE_VERSION: u32 = 1;

/// The fields of the paper note type, in order. `Key` is the first (sort and duplicate-check)
/// field; `Short` is the heading's leading Latin token; `Notes` holds the summary and every
/// other labelled or unlabelled field.
pub const PAPER_FIELDS: [&str; 15] = [
    "Key",
    "Title",
    "Heading",
    "Short",
    "Section",
    "Venue",
    "Year",
    "Authors",
    "Institutions",
    "Motivation",
    "Method",
    "Results",
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
const F_SECTION: usize = 4;
const F_VENUE: usize = 5;
const F_YEAR: usize = 6;
const F_AUTHORS: usize = 7;
const F_INSTITUTIONS: usize = 8;
const F_MOTIVATION: usize = 9;
const F_METHOD: usize = 10;
const F_RESULTS: usize = 11;
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

/// One note.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub guid: String,
    /// Index into [`Plan::notetypes`].
    pub notetype: usize,
    pub fields: Vec<String>,
    pub tags: Vec<String>,
    pub deck: String,
    /// Card ordinals (template index, or cloze number - 1).
    pub cards: Vec<u16>,
}

/// Everything to write.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub notetypes: Vec<NoteType>,
    pub notes: Vec<Note>,
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
.prompt { margin-top: 0.8em; color: #0969da; }
.label { font-size: 0.8em; font-weight: 600; color: #6e7781; margin-top: 0.8em; }
.meta { font-size: 0.8em; color: #6e7781; margin-top: 1.2em; }
.cloze { font-weight: 700; color: #0969da; }
ul, ol { padding-left: 1.4em; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace; font-size: 0.9em; }
code { background-color: rgba(175, 184, 194, 0.2); padding: 0 0.2em; border-radius: 3px; }
pre { white-space: pre-wrap; }
a { color: #0969da; }
.nightMode .kind, .nightMode .title, .nightMode .label, .nightMode .meta { color: #9198a1; }
.nightMode .prompt, .nightMode .cloze, .nightMode a { color: #4493f8; }
.nightMode code { background-color: rgba(101, 108, 118, 0.4); }
"#;

const META: &str = r#"<div class="meta">{{#Venue}}{{Venue}} {{/Venue}}{{#Year}}{{Year}}{{/Year}}{{#Authors}}<br>{{Authors}}{{/Authors}}{{#Institutions}}<br>{{Institutions}}{{/Institutions}}{{#Links}}<br>{{Links}}{{/Links}}<br>{{Section}} · {{Source}}</div>"#;

const PAPER_FRONT: &str = r#"<div class="heading">{{Heading}}</div>{{#Title}}<div class="title">{{Title}}</div>{{/Title}}"#;

fn template(kind: CardKind) -> Template {
    let details = r#"{{#Results}}<div class="label">实验结果 · Results</div>{{Results}}{{/Results}}{{#Notes}}<div class="label">其他 · Notes</div>{{Notes}}{{/Notes}}"#;
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
            qfmt: r#"{{#Motivation}}<div class="kind">哪篇论文 · Which paper</div>{{Motivation}}<div class="prompt">这是哪篇论文的动机？</div>{{/Motivation}}"#.to_string(),
            afmt: format!(
                r#"{{{{FrontSide}}}}<hr id="answer">{PAPER_FRONT}{{{{#Method}}}}<div class="label">方法 · Method</div>{{{{Method}}}}{{{{/Method}}}}{META}"#
            ),
            required: F_MOTIVATION,
        },
        CardKind::Acronym => Template {
            name: "Acronym → Title",
            qfmt: r#"{{#Short}}<div class="kind">全称 · Full title</div><div class="short">{{Short}}</div><div class="prompt">全称是什么？</div>{{/Short}}"#.to_string(),
            afmt: format!(
                r#"{{{{FrontSide}}}}<hr id="answer"><div class="title">{{{{Title}}}}</div><div class="heading">{{{{Heading}}}}</div>{META}"#
            ),
            required: F_SHORT,
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
                r#"<div class="kind">方法填空 · Method cloze</div>{PAPER_FRONT}<hr>{{{{cloze:Text}}}}"#
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
pub(crate) fn guid(key: &str, notetype: &str) -> String {
    const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let d = Sha1::digest(format!("papercat\x1f{notetype}\x1f{key}").as_bytes());
    let mut v = u64::from_be_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
    let mut out = [b'0'; 11];
    for slot in out.iter_mut().rev() {
        *slot = DIGITS[(v % 62) as usize];
        v /= 62;
    }
    out.iter().map(|&b| b as char).collect()
}

/// Anki's field checksum: the first 8 hex digits of the SHA-1 of the stripped field.
pub(crate) fn checksum(field: &str) -> i64 {
    let d = Sha1::digest(html::strip(field).as_bytes());
    i64::from(u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
}

/// One tag: whitespace becomes `_`, control characters and `"` are dropped.
pub(crate) fn tag(s: &str) -> String {
    let t: String = s
        .trim()
        .chars()
        .filter(|&c| c != '"' && (c.is_whitespace() || !c.is_control()))
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    t
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
pub(crate) fn short_name(heading: &str) -> Option<String> {
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
    ok.then(|| token.to_string())
}

fn diag(paper: &Paper, severity: Severity, code: &str, message: String) -> Diagnostic {
    let (file, line) = paper
        .occurrences
        .first()
        .map_or(("", 0), |o| (o.file.as_str(), o.line));
    Diagnostic::new(severity, code, file, line, 1, message)
}

impl Plan {
    pub(crate) fn build(catalogue: &Catalogue, opts: &Options) -> Plan {
        let r = Renderer::new();
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

        let root = root_deck(catalogue, opts);
        let mut notes = Vec::new();
        let mut diagnostics = Vec::new();
        let mut keys = HashSet::new();
        for paper in &catalogue.papers {
            let key = paper.key.trim();
            if key.is_empty() {
                diagnostics.push(
                    diag(
                        paper,
                        Severity::Warning,
                        "anki-empty-key",
                        format!("paper `{}` has no key; no Anki note written", paper.heading),
                    )
                    .with_hint("give the paper a citation key"),
                );
                continue;
            }
            if !keys.insert(key.to_string()) {
                diagnostics.push(diag(
                    paper,
                    Severity::Warning,
                    "anki-duplicate-key",
                    format!("key `{key}` is used by an earlier paper; this one gets no Anki note, as the two would share a GUID"),
                ));
                continue;
            }
            let fields = paper_fields(paper, &r);
            let deck = paper_deck(paper, &root);
            let tags = paper_tags(paper, &opts.tags_from);
            let mut wrote = false;
            if let Some(nt) = paper_nt {
                let cards: Vec<u16> = notetypes[nt]
                    .templates
                    .iter()
                    .enumerate()
                    .filter(|(_, t)| !fields[t.required].is_empty())
                    .map(|(i, _)| i as u16)
                    .collect();
                if !cards.is_empty() {
                    notes.push(Note {
                        guid: guid(key, &notetypes[nt].name),
                        notetype: nt,
                        fields: fields.clone(),
                        tags: tags.clone(),
                        deck: deck.clone(),
                        cards,
                    });
                    wrote = true;
                }
            }
            if let Some(nt) = cloze_nt {
                let (text, n) = html::clozify(&fields[F_METHOD]);
                if n > 0 {
                    let extra = [&fields[F_SECTION], &fields[F_LINKS], &fields[F_SOURCE]]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join("<br>");
                    notes.push(Note {
                        guid: guid(key, &notetypes[nt].name),
                        notetype: nt,
                        fields: vec![
                            fields[F_KEY].clone(),
                            text,
                            fields[F_TITLE].clone(),
                            fields[F_HEADING].clone(),
                            extra,
                        ],
                        tags: tags.clone(),
                        deck: deck.clone(),
                        cards: (0..n).collect(),
                    });
                    wrote = true;
                }
            }
            if !wrote {
                diagnostics.push(
                    diag(
                        paper,
                        Severity::Note,
                        "anki-no-card",
                        format!("paper `{key}` has nothing to ask about (no method, motivation or short name); no Anki note written"),
                    )
                    .with_hint("add a 论文方法 or 动机 field to study it in Anki"),
                );
            }
        }

        let mut decks = BTreeSet::new();
        for n in &notes {
            let parts: Vec<&str> = n.deck.split("::").collect();
            for i in 1..=parts.len() {
                decks.insert(parts[..i].join("::"));
            }
        }
        Plan {
            notetypes,
            notes,
            decks: decks.into_iter().collect(),
            diagnostics,
        }
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

fn paper_deck(paper: &Paper, root: &str) -> String {
    let mut deck = root.to_string();
    if let Some(o) = paper.occurrences.first() {
        for s in &o.section {
            let c = deck_component(s);
            if !c.is_empty() {
                deck.push_str("::");
                deck.push_str(&c);
            }
        }
    }
    deck
}

fn paper_tags(paper: &Paper, sources: &[TagSource]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |t: String| {
        if !t.is_empty() && !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t);
        }
    };
    for source in TagSource::ALL.into_iter().filter(|s| sources.contains(s)) {
        match source {
            TagSource::Topics => paper.topics.iter().for_each(|t| push(tag(t))),
            TagSource::Venue => {
                if let Some(v) = &paper.venue {
                    let name = v.name.as_deref().unwrap_or(&v.raw);
                    let t = tag(name);
                    if !t.is_empty() {
                        push(format!("venue::{t}"));
                    }
                }
            }
            TagSource::Year => {
                if let Some(y) = paper.year {
                    push(format!("year::{y}"));
                }
            }
        }
    }
    out
}

fn link_label(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Paper => "paper",
        LinkKind::Pdf => "pdf",
        LinkKind::Code => "code",
        LinkKind::Project => "project",
        LinkKind::Other => "link",
    }
}

fn paper_fields(paper: &Paper, r: &Renderer) -> Vec<String> {
    let mut f = vec![String::new(); PAPER_FIELDS.len()];
    f[F_KEY] = html::text(paper.key.trim());
    f[F_TITLE] = paper.title.as_deref().map(html::text).unwrap_or_default();
    f[F_HEADING] = html::text(paper.heading.trim());
    if let Some(title) = paper.title.as_deref().filter(|t| !t.trim().is_empty()) {
        if let Some(short) = short_name(&paper.heading).filter(|s| s != title.trim()) {
            f[F_SHORT] = html::text(&short);
        }
    }
    f[F_SECTION] = paper
        .sections()
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.iter()
                .map(|s| html::text(s))
                .collect::<Vec<_>>()
                .join(" › ")
        })
        .collect::<Vec<_>>()
        .join("<br>");
    f[F_VENUE] = paper
        .venue
        .as_ref()
        .map(|v| html::text(v.raw.trim()))
        .unwrap_or_default();
    f[F_YEAR] = paper.year.map(|y| y.to_string()).unwrap_or_default();
    let mut authors: Vec<String> = paper.authors.iter().map(|a| a.display()).collect();
    if paper.et_al && !authors.is_empty() {
        authors.push("et al.".into());
    }
    f[F_AUTHORS] = html::text(&authors.join(", "));
    f[F_INSTITUTIONS] = html::text(&paper.institutions.join(", "));
    f[F_MOTIVATION] = r.markdown(&paper.motivation());
    f[F_METHOD] = r.markdown(&paper.method());
    f[F_RESULTS] = r.markdown(&paper.results());
    let mut notes = String::new();
    for field in &paper.fields {
        use papercat_core::FieldKind::*;
        if !matches!(field.kind, Summary | Note | Other) || field.text.trim().is_empty() {
            continue;
        }
        let body = r.markdown(&field.text);
        let label = field.label.trim();
        if label.is_empty() {
            notes.push_str(&format!("<div>{body}</div>"));
        } else {
            notes.push_str(&format!("<div><b>{}</b>{body}</div>", html::text(label)));
        }
    }
    f[F_NOTES] = notes;
    let links: Vec<String> = paper
        .links
        .iter()
        .map(|l| {
            let label = if l.label.trim().is_empty() {
                link_label(l.kind)
            } else {
                l.label.trim()
            };
            format!(
                "<a href=\"{}\">{}</a>",
                html::attr(&l.url),
                html::text(label)
            )
        })
        .collect();
    f[F_LINKS] = if links.is_empty() {
        String::new()
    } else {
        r.sanitize(&links.join(" · "))
    };
    let mut source = paper
        .occurrences
        .first()
        .map(|o| format!("{}:{}", o.file, o.line))
        .unwrap_or_default();
    if let Some(note) = paper.note_link.as_deref().filter(|n| !n.is_empty()) {
        if !source.is_empty() {
            source.push_str(" · ");
        }
        source.push_str(note);
    }
    f[F_SOURCE] = html::text(&source);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names() {
        assert_eq!(
            short_name("LLaVA：经典的多模态大模型").as_deref(),
            Some("LLaVA")
        );
        assert_eq!(
            short_name("RankGPT：ChatGPT擅长搜索吗？").as_deref(),
            Some("RankGPT")
        );
        assert_eq!(
            short_name("LLaVA-1.5（多模态）").as_deref(),
            Some("LLaVA-1.5")
        );
        assert_eq!(short_name("Gemini：一族模型").as_deref(), Some("Gemini"));
        assert_eq!(short_name("Prompt"), None);
        assert_eq!(short_name("LLMs 研究 —— 自我解释"), None);
        assert_eq!(short_name("Transformer <span>经典</span>"), None);
        assert_eq!(short_name("Self-RAG").as_deref(), Some("Self-RAG"));
        assert_eq!(short_name("QLoRA: 4-bit").as_deref(), Some("QLoRA"));
        assert_eq!(short_name("Visual Instruction Tuning"), None);
        assert_eq!(short_name("面向信息检索的神经文本生成"), None);
        assert_eq!(short_name("=HYPERLINK(\"x\")"), None);
        assert_eq!(short_name("word2vec：词向量"), None);
        assert_eq!(short_name("A：x"), None);
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
