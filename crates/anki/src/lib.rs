//! papercat-anki: Anki decks for interview review, stable across edits.
//!
//! Two writers share one [`Options`]: [`apkg::write`] builds a complete `.apkg` package (note
//! types, decks, notes and cards) and [`txt::write`] builds Anki's text-import format, which
//! updates the notes of a deck already imported from the `.apkg`. The text format cannot
//! create note types, so on its own it adds nothing to a fresh collection (see
//! [`txt`](crate::txt#limitation-the-note-types-must-already-exist)).
//!
//! ```
//! use papercat_core::{Catalogue, Field, FieldKind, Occurrence, Paper, Work};
//!
//! let catalogue = Catalogue {
//!     title: Some("LLM papers".into()),
//!     papers: vec![Paper {
//!         key: "liu2023visual".into(),
//!         heading: "LLaVA：多模态大模型".into(),
//!         occurrences: vec![Occurrence { file: "a.md".into(), line: 3, section: vec!["多模态".into()] }],
//!         fields: vec![Field {
//!             label: "论文方法".into(),
//!             kind: FieldKind::Method,
//!             text: "CLIP encoder + **projection layer**".into(),
//!             line: 4,
//!         }],
//!         work: Work {
//!             title: Some("Visual Instruction Tuning".into()),
//!             ..Default::default()
//!         },
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! let opts = papercat_anki::Options::default();
//!
//! let mut text = Vec::new();
//! let warnings = papercat_anki::txt::write(&catalogue, &mut text, &opts)?;
//! assert!(warnings.is_empty());
//! let text = String::from_utf8(text).unwrap();
//! assert!(text.starts_with("#separator:tab\n#html:true\n"));
//! assert!(text.contains("\tLLM papers::多模态\t"));
//! assert!(text.contains("<strong>projection layer</strong>"));
//!
//! let mut package = Vec::new();
//! papercat_anki::apkg::write(&catalogue, &mut package, &opts)?;
//! assert_eq!(&package[..2], b"PK");
//! # Ok::<(), papercat_anki::Error>(())
//! ```
//!
//! # The notes
//!
//! Every paper becomes one note of the note type `papercat paper v2` with the fields
//! [`PAPER_FIELDS`]. Its cards, one per [`CardKind`], exist only where the card's front has
//! content: no method, no "paper → method" card. Every paper with any note text (motivation,
//! method, results, summary, unlabelled or other notes) gets at least one card with all of
//! it: "paper → notes" asks for whatever is not a motivation or a method. A paper with no card
//! at all is left out with an `anki-no-card` diagnostic saying why: a note when it has no note
//! text and no short name, a warning when it has notes but [`Options::cards`] leaves out the
//! kinds that would ask about them, or its notes are empty once sanitised.
//!
//! No two cards have the same front and different backs: when two papers would show the same
//! front (two headings `LLaVA：…` give two "LLaVA → full title" cards), their `Context`
//! field gets what tells them apart (venue and year, then the first author, the identifier,
//! the key: the first that differs) and the fronts show it. With [`Options::cloze`], papers whose method has bold
//! phrases also get a `papercat method cloze v2` note, each bold phrase one cloze (`{{c1::..}}`,
//! `{{c2::..}}`, ...).
//!
//! Note types have ids hashed from their names, and a name carries a version (`v2`) bumped
//! whenever fields or templates change; a subset of [`Options::cards`] gives a different
//! name, e.g. `papercat paper v2 (method, acronym)`. Note GUIDs are hashed from the paper key
//! and the note type name only, never from field contents or positions, so editing or
//! re-ordering a catalogue and importing again updates the notes in place.
//!
//! # Importing again
//!
//! Export the edited catalogue with a later [`Options::timestamp`] and import it with Anki's
//! default options ("update notes if newer"). Every note is then updated in place: no note is
//! added, and existing cards keep their scheduling and review history. Anki never moves
//! existing cards, so when a paper moves to another section its note's `Section` field
//! changes but its cards stay in the old deck (move them in Anki's browser). With the same
//! timestamp, Anki treats the notes as unchanged and keeps its own. The tests check all of
//! this with the `anki` library (25.02): they study some cards with the v3 scheduler, then
//! import a re-ordered catalogue with one method edited and one paper moved.
//!
//! Markdown fields become HTML with pulldown-cmark (soft line breaks kept as `<br>`) and every
//! field is sanitised as ammonia does it: no `<script>`, no event handlers, no `javascript:`
//! URLs. ammonia itself runs only on fields with raw HTML, images or tables; the others take
//! fast paths that give the same bytes (checked with proptest against ammonia).
//! Plain-text fields (heading, title, authors) are escaped, never interpreted. No field contains
//! a tab or a line break, so both formats hold the same field text.
//!
//! Each paper's deck is `Root::Section::Subsection` from its first listing; its tags come from
//! [`Options::tags_from`], with whitespace replaced by `_`.

use std::str::FromStr;

pub mod apkg;
mod cjk;
mod html;
mod plan;
pub mod txt;

pub use plan::{CLOZE_FIELDS, PAPER_FIELDS};

/// The default [`Options::timestamp`]: 2023-11-14 22:13:20 UTC.
pub const DEFAULT_TIMESTAMP: i64 = 1_700_000_000;

/// Options shared by [`apkg::write`] and [`txt::write`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The root deck name; `None` uses the catalogue title, or `papercat` when there is none.
    /// `::` in it nests decks (`Study::Papers`).
    pub deck: Option<String>,
    /// The card templates to generate, in any order (default: all five kinds). A
    /// subset gives a separate note type, so its notes do not clash with the full one.
    pub cards: Vec<CardKind>,
    /// Also write a cloze note over the method text of every paper with bold phrases
    /// (default `false`).
    pub cloze: bool,
    /// Where tags come from (default: all three sources).
    pub tags_from: Vec<TagSource>,
    /// Seconds since the Unix epoch used for every modification time, the collection's
    /// creation time, note and card ids and the zip entries' dates (default
    /// [`DEFAULT_TIMESTAMP`]). Anki's importer updates an existing note only when the imported
    /// one is newer by default, so pass a later value (e.g. the catalogue's modification time)
    /// when re-exporting edits.
    pub timestamp: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            deck: None,
            cards: CardKind::ALL.to_vec(),
            cloze: false,
            tags_from: TagSource::ALL.to_vec(),
            timestamp: DEFAULT_TIMESTAMP,
        }
    }
}

/// One card template of the paper note type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CardKind {
    /// Paper (heading and title) → its method. Needs a method.
    Method,
    /// Paper → its motivation. Needs a motivation.
    Motivation,
    /// Motivation → which paper. Needs a motivation.
    WhichPaper,
    /// Short name (the heading's leading Latin token, e.g. `LLaVA`) → full title. Needs both.
    Acronym,
    /// Paper → its other notes: results, summary, unlabelled notes and any other labelled
    /// field. Needs one of them; with it, a paper whose only note is a summary (`分析`) or its
    /// results is studied too.
    Notes,
}

impl CardKind {
    /// Every kind, in template order.
    pub(crate) const ALL: [CardKind; 5] = [
        CardKind::Method,
        CardKind::Motivation,
        CardKind::WhichPaper,
        CardKind::Acronym,
        CardKind::Notes,
    ];

    /// The stable name: `method`, `motivation`, `which-paper`, `acronym`, `notes`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            CardKind::Method => "method",
            CardKind::Motivation => "motivation",
            CardKind::WhichPaper => "which-paper",
            CardKind::Acronym => "acronym",
            CardKind::Notes => "notes",
        }
    }
}

impl FromStr for CardKind {
    type Err = UnknownName;

    /// Parses a stable name: `method`, `motivation`, `which-paper`, `acronym` or `notes`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        by_name(&CardKind::ALL, CardKind::as_str, s)
    }
}

/// Where note tags come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TagSource {
    /// Each topic as a tag (`多模态`, `指令微调`).
    Topics,
    /// `venue::<name>` from the normalised venue name, else the venue as written.
    Venue,
    /// `year::<year>`.
    Year,
}

impl TagSource {
    /// Every source.
    pub(crate) const ALL: [TagSource; 3] = [TagSource::Topics, TagSource::Venue, TagSource::Year];

    /// The stable name: `topics`, `venue`, `year`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TagSource::Topics => "topics",
            TagSource::Venue => "venue",
            TagSource::Year => "year",
        }
    }
}

impl FromStr for TagSource {
    type Err = UnknownName;

    /// Parses a stable name: `topics`, `venue` or `year`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        by_name(&TagSource::ALL, TagSource::as_str, s)
    }
}

/// The one of `all` whose `name` is `s`.
fn by_name<T: Copy>(all: &[T], name: fn(T) -> &'static str, s: &str) -> Result<T, UnknownName> {
    all.iter()
        .copied()
        .find(|&k| name(k) == s)
        .ok_or_else(|| UnknownName(s.to_string()))
}

/// A card kind or tag source name that does not exist.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown name `{0}`")]
pub struct UnknownName(String);

/// Why a deck could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing the output (or the temporary collection file) failed.
    #[error("cannot write the anki output")]
    Io(#[from] std::io::Error),
    /// SQLite failed while building the `.apkg` collection.
    #[error("cannot build the anki collection")]
    Collection(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
    /// The zip container could not be written.
    #[error("cannot write the apkg zip container")]
    Zip(#[source] Box<dyn std::error::Error + Send + Sync + 'static>),
    /// A key is empty, unusable or shared by two papers ([`papercat_core::Catalogue::validate`]): notes are
    /// identified by their paper's key, so two papers cannot share one.
    #[error(transparent)]
    Key(#[from] papercat_core::KeyError),
}
