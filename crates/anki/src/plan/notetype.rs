//! The note types: their fields, card templates and style.

use super::ids::stable_id;
use crate::CardKind;

/// Bumped whenever the fields or templates of a note type change: a changed note type gets a
/// new name, hence a new id and new GUIDs, instead of clashing with the one already imported.
/// Version 2 merged `Results` into `Notes`, added the `Context` field and the "Paper → Notes"
/// card, and shows the venue's year once.
pub(crate) const NOTETYPE_VERSION: u32 = 2;

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

pub(super) const F_KEY: usize = 0;
pub(super) const F_TITLE: usize = 1;
pub(super) const F_HEADING: usize = 2;
pub(super) const F_SHORT: usize = 3;
pub(super) const F_CONTEXT: usize = 4;
pub(super) const F_SECTION: usize = 5;
pub(super) const F_VENUE: usize = 6;
pub(super) const F_YEAR: usize = 7;
pub(super) const F_AUTHORS: usize = 8;
pub(super) const F_INSTITUTIONS: usize = 9;
pub(super) const F_MOTIVATION: usize = 10;
pub(super) const F_METHOD: usize = 11;
pub(super) const F_NOTES: usize = 12;
pub(super) const F_LINKS: usize = 13;
pub(super) const F_SOURCE: usize = 14;

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
        CardKind::Method => about_paper(
            "Paper → Method",
            F_METHOD,
            "方法 · Method",
            "这篇论文的方法是什么？",
            details,
        ),
        CardKind::Motivation => about_paper(
            "Paper → Motivation",
            F_MOTIVATION,
            "动机 · Motivation",
            "这篇论文要解决什么问题？",
            "",
        ),
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
        CardKind::Notes => about_paper(
            "Paper → Notes",
            F_NOTES,
            "要点 · Notes",
            "这篇论文有哪些要点？",
            "",
        ),
    }
}

/// A card that shows the paper ([`PAPER_FRONT`]) and asks for its field `field` (an index of
/// [`PAPER_FIELDS`]): `kind` heads the front, `prompt` ends it; the back shows the field, then
/// `more`, then the paper's details.
fn about_paper(name: &'static str, field: usize, kind: &str, prompt: &str, more: &str) -> Template {
    let f = PAPER_FIELDS[field];
    Template {
        name,
        qfmt: format!(
            r#"{{{{#{f}}}}}<div class="kind">{kind}</div>{PAPER_FRONT}<div class="prompt">{prompt}</div>{{{{/{f}}}}}"#
        ),
        afmt: format!(r#"{{{{FrontSide}}}}<hr id="answer">{{{{{f}}}}}{more}{META}"#),
        required: field,
    }
}

pub(super) fn paper_notetype(kinds: &[CardKind]) -> NoteType {
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

pub(super) fn cloze_notetype() -> NoteType {
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
