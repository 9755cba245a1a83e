//! RIS: the tagged format EndNote, Mendeley, RefWorks and Zotero import (`.ris`).
//!
//! | paper | `TY` | tags beyond `AU`, `TI`, `PY`, `DA` |
//! | --- | --- | --- |
//! | venue known | `CPAPER` | `T2` (`Proceedings of EMNLP 2023`) |
//! | arXiv, no venue | `UNPB` | `PB  - arXiv`, `M1  - arXiv:ID` |
//! | web page (a link, no identifier) | `ELEC` | `UR` |
//! | DOI only, or nothing known | `GEN` | `DO`, `UR` |
//!
//! Every record may also have `DO` (the DOI), `UR` (the landing page, then each code
//! repository), `M1` (`arXiv:ID` for a conference paper too), `KW` (one per section path and
//! topic), `LA` (`en` for an English title) and `N1` (the Chinese heading and the reading
//! notes, their lines joined by ` / `: RIS values are one line). Authors are
//! `AU  - Family, Given` or the literal name; RIS has no "et al." marker, so a list the
//! catalogue cut short is written as it is (the CSL-JSON and `.bib` files mark it). `PY` is
//! the year, `DA` is `YYYY/MM` when the month is known (never for a conference paper). Lines
//! are `TAG  - value` ending in CRLF, UTF-8 without a byte-order mark; every value is cleaned
//! (control characters dropped, whitespace runs made one space), so no value can start a tag
//! line of its own. Each record ends with `ER  - ` and a blank line.

use std::io::Write;

use papercat_core::{Author, Catalogue, Diagnostic};

use crate::entry::{annotation_lines, Facts, Kind};
use crate::tex::clean;
use crate::{write_entries, Error};

pub use crate::Options;

/// Writes the catalogue as RIS, one record per paper in catalogue order.
///
/// Returns the export-time warnings (`annotation-truncated`).
///
/// # Errors
///
/// [`Error::InvalidKey`] or [`Error::DuplicateKey`] when a key is empty or repeated (the same
/// rule as the other bibliography writers; the key is the record's `ID`), [`Error::Io`] when
/// the output fails.
pub fn write<W: Write>(
    catalogue: &Catalogue,
    out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    write_entries(catalogue, out, |_, paper, diags, text| {
        record(&Facts::new(paper), opts, diags, text);
    })
}

/// Appends `TAG  - value\r\n` unless the cleaned value is empty.
fn tag(out: &mut String, tag: &str, value: &str) {
    let value = clean(value);
    if !value.is_empty() {
        out.push_str(tag);
        out.push_str("  - ");
        out.push_str(&value);
        out.push_str("\r\n");
    }
}

fn record(f: &Facts<'_>, opts: &Options, diags: &mut Vec<Diagnostic>, out: &mut String) {
    let paper = f.paper;
    let ty = match f.kind {
        Kind::Conference => "CPAPER",
        Kind::Preprint => "UNPB",
        Kind::Web => "ELEC",
        Kind::Other => "GEN",
    };
    tag(out, "TY", ty);
    tag(out, "ID", &paper.key);
    for a in &paper.work.authors {
        tag(out, "AU", &name(a));
    }
    tag(out, "TI", &f.title);
    if let Some(v) = &f.venue {
        tag(out, "T2", &v.booktitle(opts.booktitle));
    }
    if let Some(y) = f.work.year {
        tag(out, "PY", &y.to_string());
        if let Some(m) = f.work.month {
            tag(out, "DA", &format!("{y:04}/{m:02}"));
        }
    }
    if f.kind == Kind::Preprint {
        tag(out, "PB", "arXiv");
    }
    if let Some(id) = &f.work.arxiv {
        tag(out, "M1", &format!("arXiv:{id}"));
    }
    if let Some(doi) = &f.work.doi {
        tag(out, "DO", doi);
    }
    if let Some(url) = &f.url {
        tag(out, "UR", url);
    }
    for c in f.code() {
        tag(out, "UR", &c);
    }
    if opts.keywords {
        for k in &f.keywords {
            tag(out, "KW", k);
        }
    }
    if f.english {
        tag(out, "LA", "en");
    }
    let hint = "raise the annotation limit (or lift it)";
    if let Some(lines) = annotation_lines(f, opts, "RIS N1", hint, diags) {
        tag(out, "N1", &lines.join(" / "));
    }
    out.push_str("ER  - \r\n\r\n");
}

/// `Family, Given`, or the one name there is.
fn name(a: &Author) -> String {
    match a {
        Author::Literal { literal } => literal.clone(),
        Author::Person { given, family } => {
            let (given, family) = (clean(given), clean(family));
            match (family.is_empty(), given.is_empty()) {
                (false, false) => format!("{family}, {given}"),
                (false, true) => family,
                _ => given,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::{Paper, Work};

    fn out(papers: Vec<Paper>) -> String {
        crate::testing::written(papers, |c, b| write(c, b, &Options::default())).0
    }

    #[test]
    fn arxiv_preprint_is_an_unpublished_work_from_arxiv() {
        let p = Paper {
            work: Work {
                title: Some("Visual Instruction\nTuning".into()),
                authors: vec![Author::person("Haotian", "Liu"), Author::literal("任昭春")],
                ..crate::testing::llava().work
            },
            ..crate::testing::llava()
        };
        assert_eq!(
            out(vec![p]),
            "TY  - UNPB\r\nID  - liu2023visual\r\nAU  - Liu, Haotian\r\nAU  - 任昭春\r\nTI  - Visual Instruction Tuning\r\nPY  - 2023\r\nDA  - 2023/04\r\nPB  - arXiv\r\nM1  - arXiv:2304.08485\r\nUR  - https://arxiv.org/abs/2304.08485\r\nUR  - https://github.com/haotian-liu/LLaVA\r\nLA  - en\r\nN1  - LLaVA：经典的多模态大模型\r\nER  - \r\n\r\n"
        );
    }

    #[test]
    fn fixture_types_and_an_empty_catalogue() {
        assert_eq!(out(vec![]), "");
        let text = out(papercat_testkit::fixture().papers);
        let types: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("TY  - "))
            .collect();
        assert_eq!(types, ["UNPB", "CPAPER", "GEN", "ELEC", "CPAPER"]);
        assert!(text
            .lines()
            .all(|l| l.is_empty() || l.as_bytes().get(2..6) == Some(b"  - ")));
    }
}
