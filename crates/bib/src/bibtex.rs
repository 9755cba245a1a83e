//! BibTeX: a `.bib` file for `bibtex` and the classic styles (`plain`, `abbrv`, `acl`...).
//!
//! Entry types and fields:
//!
//! | paper | entry | fields beyond `author`, `title`, `year`, `month` |
//! | --- | --- | --- |
//! | venue known, with authors and year | `@inproceedings` | `booktitle` (`Proceedings of EMNLP 2023`) |
//! | venue known, authors or year missing | `@misc` | `howpublished` (the same text), a `incomplete-entry` note |
//! | arXiv, no venue | `@misc` | `howpublished = {arXiv preprint arXiv:ID}`, `eprint`, `archivePrefix = {arXiv}`, `primaryClass` (when known), `url` |
//! | web page, DOI only, nothing known | `@misc` | `url`, `doi` |
//!
//! Every entry may also have `doi`, `url` (the ACL Anthology page, the arXiv abstract page or
//! the primary link), `note` (`arXiv:ID` when the id is not already in `howpublished`, then
//! `Code: \url{...}`; `\url` needs the `url` or `hyperref` package, which natbib's styles
//! stand in for), `keywords`, `language = {english}` (for an English title), `key` and
//! `annote` (the Chinese heading and the reading notes). The arXiv id is written where the
//! classic styles print it because they ignore `eprint` (which biblatex and hyperref-aware
//! styles read). `key` is only written when there is no author: `plain` sorts on it and
//! natbib's `plainnat` prints it in the author's place and cites with it, so it is a short
//! label from the first words of the title (`Gemini`, `Scaling Laws`), never the whole
//! title, which would be printed twice. The month is the bare macro (`month = apr`), and is
//! never written for a conference paper: the month a catalogue knows is the preprint's. Only
//! fields of the BibTeX and BibLaTeX data models are written, so neither `bibtex` nor
//! `biber` warns.

use std::io::Write;

use papercat_core::{Catalogue, Diagnostic};

use crate::bibfile::{self, Flavour};
use crate::Error;

pub use crate::Options;

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
    bibfile::write(catalogue, out, opts, Flavour::BibTeX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Booktitle;
    use papercat_core::{Occurrence, Paper, Severity, Venue, Work};

    fn out(papers: Vec<Paper>, opts: &Options) -> (String, Vec<Diagnostic>) {
        crate::testing::written(papers, |c, b| write(c, b, opts))
    }

    fn arxiv_paper() -> Paper {
        Paper {
            institutions: vec!["Microsoft Research".into()],
            occurrences: vec![Occurrence {
                file: "a.md".into(),
                line: 7,
                section: vec!["多模态篇".into()],
            }],
            work: Work {
                arxiv_category: Some("cs.CV".into()),
                et_al: true,
                ..crate::testing::llava().work
            },
            ..crate::testing::llava()
        }
    }

    #[test]
    fn arxiv_paper_is_misc_with_eprint_fields() {
        let (bib, diags) = out(vec![arxiv_paper()], &Options::default());
        assert_eq!(
            bib,
            "@misc{liu2023visual,
  author        = {Liu, Haotian and others},
  title         = {Visual Instruction Tuning},
  howpublished  = {arXiv preprint arXiv:2304.08485},
  year          = {2023},
  month         = apr,
  eprint        = {2304.08485},
  archivePrefix = {arXiv},
  primaryClass  = {cs.CV},
  url           = {https://arxiv.org/abs/2304.08485},
  note          = {Code: \\url{https://github.com/haotian-liu/LLaVA}},
  keywords      = {多模态篇},
  language      = {english},
  annote        = {LLaVA：经典的多模态大模型}
}
"
        );
        assert!(diags.is_empty());
        assert!(!bib.contains("Microsoft"), "institutions are never authors");
    }

    #[test]
    fn options_switch_fields_off_and_shorten_booktitles() {
        let mut p = arxiv_paper();
        p.work.venue = Some(Venue {
            raw: "EMNLP2023".into(),
            name: Some("EMNLP".into()),
            year: Some(2023),
            note: None,
        });
        let opts = Options {
            booktitle: Booktitle::Short,
            annotations: false,
            keywords: false,
            ..Options::default()
        };
        let (bib, _) = out(vec![p], &opts);
        assert!(bib.starts_with("@inproceedings{liu2023visual,\n"), "{bib}");
        assert!(bib.contains("  booktitle     = {{EMNLP} 2023},\n"), "{bib}");
        assert!(
            !bib.contains("annote") && !bib.contains("keywords"),
            "{bib}"
        );
    }

    #[test]
    fn conference_without_authors_falls_back_to_misc_with_a_note() {
        let mut p = arxiv_paper();
        p.work.authors.clear();
        p.work.venue = Some(Venue {
            raw: "CIKM 2023".into(),
            name: Some("CIKM".into()),
            year: Some(2023),
            note: None,
        });
        let (bib, diags) = out(vec![p], &Options::default());
        assert!(bib.starts_with("@misc{liu2023visual,\n"), "{bib}");
        assert!(
            bib.contains("  howpublished  = {Proceedings of {CIKM} 2023},\n"),
            "{bib}"
        );
        assert!(
            bib.contains("  key           = {Visual Instruction},\n"),
            "{bib}"
        );
        assert!(
            bib.contains("  note          = {arXiv:2304.08485. Code: \\url{https://github.com/haotian-liu/LLaVA}},\n"),
            "{bib}"
        );
        assert!(!bib.contains("author"), "{bib}");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "incomplete-entry");
        assert_eq!(diags[0].severity, Severity::Note);
        assert_eq!((diags[0].file.as_str(), diags[0].line), ("a.md", 7));
    }

    #[test]
    fn month_needs_a_year_and_a_valid_number() {
        let mut p = arxiv_paper();
        p.work.year = None;
        p.work.arxiv = None;
        let (bib, _) = out(vec![p.clone()], &Options::default());
        assert!(!bib.contains("month") && !bib.contains("year"), "{bib}");
        p.work.year = Some(2020);
        p.work.month = Some(13);
        let (bib, _) = out(vec![p], &Options::default());
        assert!(
            bib.contains("year          = {2020}") || bib.contains("year     = {2020}"),
            "{bib}"
        );
        assert!(!bib.contains("month"), "{bib}");
    }

    #[test]
    fn long_annotations_are_cut_with_a_warning() {
        let mut p = arxiv_paper();
        p.heading = "长".repeat(50);
        let opts = Options {
            max_annotation_chars: Some(10),
            ..Options::default()
        };
        let (bib, diags) = out(vec![p], &opts);
        assert!(
            bib.contains(&format!("annote        = {{{}…}}", "长".repeat(10))),
            "{bib}"
        );
        assert_eq!(diags[0].code, "annotation-truncated");
        assert_eq!(diags[0].severity, Severity::Warning);
    }

    #[test]
    fn bad_and_repeated_keys_are_errors_and_nothing_is_written() {
        let mut buf = Vec::new();
        let mut p = arxiv_paper();
        p.key = "a b".into();
        let cat = Catalogue {
            papers: vec![p],
            ..Default::default()
        };
        let err = write(&cat, &mut buf, &Options::default()).unwrap_err();
        assert!(matches!(err, Error::InvalidKey { ref key } if key == "a b"));
        assert!(err
            .to_string()
            .starts_with("citation key `a b` cannot be written"));
        let cat = Catalogue {
            papers: vec![arxiv_paper(), arxiv_paper()],
            ..Default::default()
        };
        let err = write(&cat, &mut buf, &Options::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "citation key `liu2023visual` is used by two papers"
        );
        assert!(buf.is_empty());
    }

    #[test]
    fn empty_catalogue_gives_an_empty_file_and_output_is_deterministic() {
        assert_eq!(out(vec![], &Options::default()).0, "");
        let cat = papercat_testkit::fixture();
        let render = || {
            let mut buf = Vec::new();
            write(&cat, &mut buf, &Options::default()).unwrap();
            buf
        };
        assert_eq!(render(), render());
    }

    #[test]
    fn a_failing_writer_is_an_io_error() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::Error::new(
                    std::io::ErrorKind::BrokenPipe,
                    "closed",
                ))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let cat = papercat_testkit::fixture();
        let err = write(&cat, Broken, &Options::default()).unwrap_err();
        assert!(matches!(err, Error::Io(ref e) if e.kind() == std::io::ErrorKind::BrokenPipe));
        assert_eq!(err.to_string(), "cannot write the bibliography");
        assert_eq!(
            std::error::Error::source(&err)
                .map(ToString::to_string)
                .as_deref(),
            Some("closed")
        );
    }
}
