//! What both writers write: note types, decks and notes with their fields, tags and cards.

use std::collections::{BTreeSet, HashSet};

use foldhash::fast::FixedState;

use papercat_core::{Catalogue, Code, Diagnostic, FieldKind, KeyError, Paper, Severity};

use crate::html::{self, Renderer};
use crate::{CardKind, Options};

mod fields;
mod ids;
mod notetype;
#[cfg(test)]
mod tests;

use fields::{contexts, paper_deck, paper_fields, paper_tags, root_deck};
use ids::guid_into;
use notetype::{cloze_notetype, paper_notetype};
use notetype::{F_CONTEXT, F_HEADING, F_KEY, F_LINKS, F_METHOD, F_MOTIVATION, F_NOTES};
use notetype::{F_SECTION, F_SOURCE, F_TITLE};

pub(crate) use ids::{checksum_of_stripped, stable_id};
pub(crate) use notetype::NoteType;
pub use notetype::{CLOZE_FIELDS, PAPER_FIELDS};

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

impl Plan {
    /// The plan of both writers: it refuses a catalogue whose keys are unusable or shared
    /// ([`Catalogue::validate`]), as every note is identified by its paper's key.
    ///
    /// # Errors
    ///
    /// The [`KeyError`] of [`Catalogue::validate`].
    pub(crate) fn new(catalogue: &Catalogue, opts: &Options) -> Result<Plan, KeyError> {
        catalogue.validate()?;
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
        Ok(Plan {
            notetypes,
            paper_nt,
            cloze_nt,
            root: root_deck(catalogue, opts),
        })
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
            // Keys are usable and unique ([`Catalogue::validate`], checked by `Plan::new`).
            let key = paper.key.as_str();
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
            let mut emit = |nt: &NoteType, fields: &[String], cards: &[u16]| {
                summary.notes += 1;
                each(Note {
                    guid: guid_into(key, &nt.name, &mut guid_buf),
                    notetype: nt,
                    fields,
                    tags: &tags,
                    deck: &deck,
                    cards,
                })
            };
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
                    emit(nt, &fields, &cards)?;
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
                    emit(nt, &cloze_fields, &cards)?;
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
        return paper.diagnostic(
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
        paper.diagnostic(
            Code::AnkiNoCard,
            format!(
                "paper `{key}` has notes, but none of the chosen card kinds ({}) asks about them; no Anki note written",
                chosen.join(", ")
            ),
        )
        .with_hint("add `notes`, `method` or `motivation` to --cards")
    } else {
        paper.diagnostic(
            Code::AnkiNoCard,
            format!("paper `{key}` has notes, but they are empty once raw HTML and scripts are removed; no Anki note written"),
        )
        .with_hint("write the notes as Markdown text")
    }
}
