//! BibLaTeX: a `.bib` file for `biber` and `biblatex`, using its data model (`date`,
//! `eprinttype`, `@online`, `annotation`, `addendum`, `langid`).
//!
//! | paper | entry | fields beyond `author`, `title`, `date` |
//! | --- | --- | --- |
//! | venue known, with authors and year | `@inproceedings` | `booktitle` (`Proceedings of EMNLP 2023`) |
//! | venue known, authors or year missing | `@misc` | `howpublished` (the same text), a `incomplete-entry` note |
//! | arXiv, no venue | `@online` | `eprint`, `eprinttype = {arxiv}`, `eprintclass` (when known), `url` |
//! | web page (a link, no identifier) | `@online` | `url` (never an invented `urldate`) |
//! | DOI only, or nothing known | `@misc` | `doi`, `url` |
//!
//! Every entry may also have `doi`, `url`, `addendum` (`Code: <repository URLs>` as plain
//! escaped text), `keywords`, `langid = {english}` (for an English title) and `annotation`
//! (the Chinese heading and the reading notes). `date` is `2023-04` or `2023`. A paper with no
//! known date gets no `date` (biblatex's data model marks it mandatory, so
//! `biber --validate-datamodel` warns about it) and a `missing-date` note.

use std::io::Write;

use papercat_core::{Catalogue, Diagnostic};

use crate::bibfile::{self, Common, Flavour};
use crate::{Booktitle, Error};

/// How the BibLaTeX file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How a venue becomes a `booktitle`. Default: [`Booktitle::Proceedings`].
    pub booktitle: Booktitle,
    /// Write the `annotation` field (heading and notes). Default: `true`.
    pub annotations: bool,
    /// Cut each `annotation` after this many characters (with a `annotation-truncated`
    /// warning); `None` keeps everything. Default: `Some(10_000)`.
    pub max_annotation_chars: Option<usize>,
    /// Write the `keywords` field (section paths and topics). Default: `true`.
    pub keywords: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            booktitle: Booktitle::Proceedings,
            annotations: true,
            max_annotation_chars: Some(10_000),
            keywords: true,
        }
    }
}

/// Writes the catalogue as BibLaTeX, one entry per paper in catalogue order.
///
/// Returns the export-time notes and warnings (`incomplete-entry`, `missing-date`,
/// `empty-title`, `annotation-truncated`), each pointing at the paper's first listing.
///
/// # Errors
///
/// [`Error::InvalidKey`] or [`Error::DuplicateKey`] when a key cannot be written (nothing is
/// written then), [`Error::Io`] when the output fails.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    let common = Common {
        booktitle: opts.booktitle,
        annotations: opts.annotations,
        max_annotation_chars: opts.max_annotation_chars,
        keywords: opts.keywords,
    };
    bibfile::write(catalogue, out, &common, Flavour::BibLaTeX)
}
