//! BibTeX: a `.bib` file for `bibtex` and the classic styles (`plain`, `abbrv`, `acl`...).
//!
//! Entry types and fields:
//!
//! | paper | entry | fields beyond `author`, `title`, `year`, `month` |
//! | --- | --- | --- |
//! | venue known, with authors and year | `@inproceedings` | `booktitle` (`Proceedings of EMNLP 2023`) |
//! | venue known, authors or year missing | `@misc` | `howpublished` (the same text), a `incomplete-entry` note |
//! | arXiv, no venue | `@misc` | `eprint`, `archivePrefix = {arXiv}`, `primaryClass` (when known), `url` |
//! | web page, DOI only, nothing known | `@misc` | `url`, `doi` |
//!
//! Every entry may also have `doi`, `url` (the ACL Anthology page, the arXiv abstract page or
//! the primary link), `note` (`Code: <repository URLs>` as plain escaped text), `keywords`,
//! `language = {english}` (for an English title), `key` (the title, when there is no author,
//! so that `plain` can sort it) and `annote` (the Chinese heading and the reading notes). The
//! month is the bare macro (`month = apr`). Only fields of the BibTeX and BibLaTeX data
//! models are written, so neither `bibtex` nor `biber` warns.

use std::io::Write;

use papercat_core::{Catalogue, Diagnostic};

use crate::bibfile::{self, Common, Flavour};
use crate::{Booktitle, Error};

/// How the BibTeX file is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How a venue becomes a `booktitle`. Default: [`Booktitle::Proceedings`].
    pub booktitle: Booktitle,
    /// Write the `annote` field (heading and notes). Default: `true`.
    pub annotations: bool,
    /// Cut each `annote` after this many characters (with a `annotation-truncated`
    /// warning); `None` keeps everything. Default: `Some(10_000)`, which keeps every line
    /// far below BibTeX's 200,000-byte buffer.
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

/// Writes the catalogue as BibTeX, one entry per paper in catalogue order.
///
/// Returns the export-time notes and warnings (`incomplete-entry`, `empty-title`,
/// `annotation-truncated`), each pointing at the paper's first listing.
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
    bibfile::write(catalogue, out, &common, Flavour::BibTeX)
}
