//! papercat-bib: bibliography writers for a papercat
//! [`Catalogue`](papercat_core::Catalogue): BibTeX ([`bibtex`]), BibLaTeX ([`biblatex`]),
//! CSL-JSON ([`csljson`]) and RIS ([`ris`]) for EndNote, Mendeley, RefWorks and Zotero.
//!
//! ```
//! use papercat_core::{Author, Catalogue, Paper, Work};
//!
//! let paper = Paper {
//!     key: "liu2023visual".into(),
//!     heading: "LLaVA：经典的多模态大模型".into(),
//!     work: Work {
//!         title: Some("Visual Instruction Tuning with LLaVA".into()),
//!         arxiv: Some("2304.08485".into()),
//!         year: Some(2023),
//!         month: Some(4),
//!         authors: vec![Author::person("Haotian", "Liu")],
//!         ..Default::default()
//!     },
//!     ..Default::default()
//! };
//! let catalogue = Catalogue { papers: vec![paper], ..Default::default() };
//!
//! let mut out = Vec::new();
//! let warnings = papercat_bib::bibtex::write(&catalogue, &mut out, &Default::default())?;
//! let bib = String::from_utf8(out)?;
//! assert!(warnings.is_empty());
//! assert!(bib.starts_with("@misc{liu2023visual,\n"));
//! assert!(bib.contains("  title         = {Visual Instruction Tuning with {LLaVA}},\n"));
//! assert!(bib.contains("  month         = apr,\n"));
//! assert!(bib.contains("  archivePrefix = {arXiv},\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # What every writer does
//!
//! * One entry per paper, in catalogue order, keyed by [`Paper::key`](papercat_core::Paper::key)
//!   unchanged. The same catalogue always gives the same bytes.
//! * The entry type comes only from what the catalogue knows: a paper with a venue (or an ACL
//!   Anthology id that names one) is a conference paper, an arXiv paper without one is a
//!   preprint, a page with a link but no identifier is a web page, anything else is a generic
//!   entry (`@misc`, CSL `document`).
//! * The title is the English title, else the list item's heading. Institutions are never
//!   authors. Keywords are the section paths (joined with `/`) and the topics.
//! * The Chinese heading and the reading notes (motivation, method, results, summary and the
//!   other labelled or unlabelled children) go to the annotation field, which standard styles
//!   never print.
//!
//! # Escaping in `.bib` files
//!
//! Field text is first cleaned: control characters are dropped, runs of ASCII whitespace
//! become one space (a newline only survives between annotation lines) and the ends are
//! trimmed. Then `\ ~ ^` become `\textbackslash{}`, `\textasciitilde{}`,
//! `\textasciicircum{}`; `% & $ # _` get a backslash; braces that pair up become `\{` and
//! `\}` (BibTeX counts those as braces, so only pairs may use them) and a lone brace becomes
//! `\textbraceleft{}` or `\textbraceright{}`; `--` becomes `-{}-` so that no dash ligature
//! forms. Braces in the output therefore always balance, whatever the input, and BibTeX,
//! biber, pandoc and the `biblatex` crate read the original text back (pandoc 2.17 drops a
//! lone `\textbraceleft{}`). Greek letters become braced math (`φ` is `{$\varphi$}`), which
//! pdflatex can typeset. Titles written in capitals are first put in title case (a name
//! before the colon is kept: `LORA: Low-Rank Adaptation of ...`). In titles, the part of each
//! word that must stay capital is braced on its own: from its first hyphen-separated part to
//! the last one with an inner capital or in capitals (`{LLaVA}`, `{GPT-4V}`, `{Self-RAG}`,
//! `{IO}-Awareness`), and a capitalised word that starts a sentence after `?` or `!`.
//! URL-like fields (`url`, `doi`, `eprint`) are verbatim: only braces, backslashes,
//! whitespace and control characters are percent-encoded there; code links are `\url{...}`
//! with the same encoding and `%`, `#` escaped. An annotation line that would look like a new
//! field (`name = ...`) or entry (`@...`)
//! is joined to the line before it.

pub mod biblatex;
pub mod bibtex;
pub mod csljson;
pub mod ris;

mod bibfile;
mod entry;
#[cfg(test)]
mod testing;
mod tex;

use papercat_core::{Diagnostic, KeyError};

/// Why a bibliography could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Writing to the output failed.
    #[error("cannot write the bibliography")]
    Io(#[from] std::io::Error),
    /// Serialising CSL-JSON failed.
    #[error("cannot serialise CSL-JSON")]
    Json(#[from] serde_json::Error),
    /// A citation key is empty or holds a character that ends a key in a `.bib` file.
    #[error("{}", KeyError::Invalid(key.clone()))]
    InvalidKey {
        /// The offending key.
        key: String,
    },
    /// Two papers share a citation key.
    #[error("{}", KeyError::Duplicate(key.clone()))]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
}

/// How a bibliography is written; one set of options for all four formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How a venue becomes a `booktitle` (CSL `container-title`).
    /// Default: [`Booktitle::Proceedings`].
    pub booktitle: Booktitle,
    /// Write the notes field (`annote` in BibTeX and CSL, `annotation` in BibLaTeX): heading
    /// and notes. Default: `true`.
    pub annotations: bool,
    /// Cut each notes field after this many characters (with an `annotation-truncated`
    /// warning); `None` keeps everything. Default: `Some(10_000)`, which keeps every line far
    /// below BibTeX's 200,000-byte buffer.
    pub max_annotation_chars: Option<usize>,
    /// Write `keywords` (CSL `keyword`): section paths and topics. Default: `true`.
    pub keywords: bool,
    /// CSL-JSON only: indent by two spaces, one field a line. Default: `true`; `false` writes
    /// one line.
    pub pretty: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            booktitle: Booktitle::Proceedings,
            annotations: true,
            max_annotation_chars: Some(10_000),
            keywords: true,
            pretty: true,
        }
    }
}

/// How a conference venue is written as a book title (`booktitle`, CSL `container-title`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Booktitle {
    /// `Proceedings of EMNLP 2023` (venues named `Findings of ...` or `Proceedings ...` are
    /// written as they are, with the year).
    #[default]
    Proceedings,
    /// `EMNLP 2023`.
    Short,
}

/// The title every writer gives `paper`: the English title, else the list item's heading,
/// cleaned (control characters dropped, whitespace runs made one space, trimmed), and put in
/// title case when it is written in capitals (`LORA: LOW-RANK ADAPTATION` becomes
/// `LORA: Low-Rank Adaptation`).
///
/// ```
/// let mut paper = papercat_core::Paper::default();
/// paper.work.title = Some("FULL PARAMETER FINE-TUNING FOR LARGE LANGUAGE MODELS".into());
/// assert_eq!(
///     papercat_bib::written_title(&paper),
///     "Full Parameter Fine-Tuning for Large Language Models"
/// );
/// ```
pub fn written_title(paper: &papercat_core::Paper) -> String {
    entry::Facts::new(paper).title
}

impl From<KeyError> for Error {
    fn from(e: KeyError) -> Self {
        match e {
            KeyError::Invalid(key) => Error::InvalidKey { key },
            KeyError::Duplicate(key) => Error::DuplicateKey { key },
        }
    }
}

/// Checks the keys, then writes the text `each` gives every paper (given its index, into a
/// reused buffer) to `out`: one entry at a time, so the file is never held in memory.
fn write_entries<W: std::io::Write>(
    catalogue: &papercat_core::Catalogue,
    out: W,
    mut each: impl FnMut(usize, &papercat_core::Paper, &mut Vec<Diagnostic>, &mut String),
) -> Result<Vec<Diagnostic>, Error> {
    use std::io::Write as _;
    catalogue.validate()?;
    let mut diags = Vec::new();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut text = String::new();
    for (i, paper) in catalogue.papers.iter().enumerate() {
        text.clear();
        each(i, paper, &mut diags, &mut text);
        out.write_all(text.as_bytes())?;
    }
    out.flush()?;
    Ok(diags)
}
