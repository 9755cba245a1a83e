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
//! Every entry may also have `doi`, `url`, `addendum` (`Code: \url{...}` for each
//! repository), `keywords`, `langid = {english}` (for an English title) and `annotation` (the
//! Chinese heading and the reading notes). `date` is `2023-04` or `2023` (a conference paper
//! has no month: the month a catalogue knows is the preprint's). A paper with no known date
//! gets no `date` (biblatex's data model marks it mandatory, so `biber --validate-datamodel`
//! warns about it) and a `missing-date` note.

use std::io::Write;

use papercat_core::{Catalogue, Diagnostic};

use crate::bibfile::{self, Flavour};
use crate::Error;

pub use crate::Options;

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
    bibfile::write(catalogue, out, opts, Flavour::BibLaTeX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::{Author, Paper, Severity, Work};

    fn out(papers: Vec<Paper>) -> (String, Vec<Diagnostic>) {
        crate::testing::written(papers, |c, b| write(c, b, &Options::default()))
    }

    #[test]
    fn arxiv_paper_is_online_with_eprint_fields() {
        let p = Paper {
            key: "dettmers2023qlora".into(),
            heading: "QLoRA".into(),
            code: vec!["https://github.com/artidoro/qlora".into()],
            work: Work {
                title: Some("QLoRA: Efficient Finetuning of Quantized LLMs".into()),
                arxiv: Some("2305.14314".into()),
                arxiv_category: Some("cs.LG".into()),
                year: Some(2023),
                month: Some(5),
                authors: vec![Author::person("Tim", "Dettmers"), Author::literal("任昭春")],
                ..Default::default()
            },
            ..Default::default()
        };
        let (bib, diags) = out(vec![p]);
        assert_eq!(
            bib,
            "@online{dettmers2023qlora,
  author      = {Dettmers, Tim and {任昭春}},
  title       = {{QLoRA}: Efficient Finetuning of Quantized {LLMs}},
  date        = {2023-05},
  eprint      = {2305.14314},
  eprinttype  = {arxiv},
  eprintclass = {cs.LG},
  url         = {https://arxiv.org/abs/2305.14314},
  addendum    = {Code: \\url{https://github.com/artidoro/qlora}},
  langid      = {english},
  annotation  = {QLoRA}
}
"
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn web_page_without_date_is_online_with_a_missing_date_note() {
        let p = Paper {
            key: "web".into(),
            heading: "符尧：别卷大模型训练了".into(),
            url: Some("https://yaofu.notion.site/x".into()),
            ..Default::default()
        };
        let (bib, diags) = out(vec![p]);
        assert_eq!(
            bib,
            "@online{web,
  title = {符尧：别卷大模型训练了},
  url   = {https://yaofu.notion.site/x}
}
"
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "missing-date");
        assert_eq!(diags[0].severity, Severity::Note);
        assert!(!bib.contains("urldate") && !bib.contains("langid"));
    }

    #[test]
    fn dates_need_four_digit_years() {
        let p = |year| Paper {
            key: "k".into(),
            work: Work {
                title: Some("T".into()),
                doi: Some("10.1/x".into()),
                year: Some(year),
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(out(vec![p(987)]).0.contains("date   = {0987}"));
        let (bib, diags) = out(vec![p(12345)]);
        assert!(!bib.contains("date"), "{bib}");
        assert_eq!(diags[0].code, "missing-date");
        assert!(out(vec![p(2021)]).0.starts_with("@misc{k,\n"));
    }
}
