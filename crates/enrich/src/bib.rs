//! BibTeX / BibLaTeX reader (Zotero and Better BibTeX exports), on top of `biblatex`.
//!
//! The whole file is parsed at once; when `biblatex` rejects it (one bad entry is enough),
//! the file is cut at every line starting with `@` and each entry is parsed on its own, with
//! the file's `@string` definitions in front, so that one bad entry costs one diagnostic and
//! not the file.

use std::collections::HashMap;

use biblatex::{Bibliography, ChunksExt, DateValue, Entry, PermissiveType, RawBibliography};
use papercat_core::{text, Work};

use crate::norm::collapse_ws;
use crate::reading::{line_of, Sink};
use crate::record::{self, Record};

pub(crate) fn read(text: &str, src: &mut Sink) {
    if let Ok(raw) = RawBibliography::parse(text) {
        let lines: HashMap<String, u32> = raw
            .entries
            .iter()
            .map(|e| {
                (
                    e.v.key.v.to_string(),
                    line_of(text.as_bytes(), e.span.start),
                )
            })
            .collect();
        if let Ok(bib) = Bibliography::from_raw(raw) {
            for e in bib.iter() {
                src.stats.entries += 1;
                let line = lines.get(&e.key).copied().unwrap_or(0);
                src.records.push(record(e, line));
            }
            return;
        }
    }
    read_entry_by_entry(text, src);
}

/// Byte offsets where a line's first non-blank character is `@`.
fn entry_starts(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('@') {
            out.push(line_start + (line.len() - trimmed.len()));
        }
        line_start += line.len();
    }
    out
}

fn read_entry_by_entry(text: &str, src: &mut Sink) {
    let starts = entry_starts(text);
    let chunks: Vec<(usize, &str)> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            (
                s,
                &text[s..starts.get(i + 1).copied().unwrap_or(text.len())],
            )
        })
        .collect();
    let kind_of = |chunk: &str| {
        chunk[1..]
            .split(|c: char| c == '{' || c == '(' || c.is_whitespace())
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    // @string definitions that parse on their own, put in front of every entry.
    let mut prelude = String::new();
    for (_, chunk) in &chunks {
        if kind_of(chunk) == "string" && RawBibliography::parse(chunk).is_ok() {
            prelude.push_str(chunk);
            prelude.push('\n');
        }
    }
    for (start, chunk) in chunks {
        let kind = kind_of(chunk);
        if matches!(kind.as_str(), "string" | "preamble" | "comment") {
            continue;
        }
        src.stats.entries += 1;
        let line = line_of(text.as_bytes(), start);
        let joined = format!("{prelude}{chunk}");
        match Bibliography::parse(&joined) {
            Ok(bib) => {
                for e in bib.iter() {
                    src.records.push(record(e, line));
                }
            }
            Err(e) => {
                let at = e.span.start.saturating_sub(prelude.len()).min(chunk.len());
                let err_line = line_of(text.as_bytes(), start + at);
                let col = chunk[..floor_char(chunk, at)]
                    .rsplit('\n')
                    .next()
                    .map_or(1, |s| s.chars().count() as u32 + 1);
                let col = if err_line == line {
                    col + text[..start]
                        .rsplit('\n')
                        .next()
                        .map_or(0, |s| s.chars().count() as u32)
                } else {
                    col
                };
                src.bad(
                    err_line,
                    col,
                    format!(
                        "cannot read the bib entry starting at line {line}: {}",
                        e.kind
                    ),
                );
            }
        }
    }
}

/// The largest char boundary of `s` at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn field(e: &Entry, name: &str) -> Option<String> {
    let v = collapse_ws(&e.get(name)?.format_verbatim());
    (!v.is_empty()).then_some(v)
}

fn record(e: &Entry, line: u32) -> Record {
    let mut r = Record {
        line,
        id: e.key.clone(),
        work: Work {
            title: field(e, "title"),
            ..Default::default()
        },
        ..Default::default()
    };
    match e.author() {
        Ok(people) => {
            for p in people {
                if p.name.eq_ignore_ascii_case("others") && p.given_name.is_empty() {
                    r.work.et_al = true;
                } else if let Some(a) = record::author(&p.name, &p.given_name, &p.prefix, &p.suffix)
                {
                    r.work.authors.push(a);
                }
            }
        }
        Err(_) => {
            if let Some(raw) = field(e, "author") {
                let (authors, et_al) = text::parse_authors(&raw);
                r.work.authors = authors;
                r.work.et_al = et_al;
            }
        }
    }
    let date = match e.date() {
        Ok(PermissiveType::Typed(d)) => {
            let dt = match d.value {
                DateValue::At(dt)
                | DateValue::After(dt)
                | DateValue::Before(dt)
                | DateValue::Between(dt, _) => dt,
            };
            Some((
                dt.year,
                dt.month.map(|m| m + 1).filter(|m| (1..=12).contains(m)),
            ))
        }
        Ok(PermissiveType::Chunks(c)) => text::parse_date(&c.format_verbatim()),
        Err(_) => field(e, "year").and_then(|y| text::parse_date(&y)),
    };
    if let Some((y, m)) = date.filter(|(y, _)| (1000..=2999).contains(y)) {
        r.work.year = Some(y);
        r.work.month = m;
    }
    // Identifiers.
    let eprint_type = field(e, "eprinttype").or_else(|| field(e, "archiveprefix"));
    if let Some(eprint) = field(e, "eprint") {
        let is_arxiv = match eprint_type.as_deref() {
            None => true,
            Some(t) => t.eq_ignore_ascii_case("arxiv"),
        };
        let is_acl = eprint_type
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().starts_with("acl"));
        if is_acl {
            r.work.acl =
                papercat_core::ids::acl_from_url(&format!("https://aclanthology.org/{eprint}"));
        }
        if is_arxiv {
            let bare = eprint
                .strip_prefix("arXiv:")
                .or_else(|| eprint.strip_prefix("arxiv:"))
                .unwrap_or(&eprint);
            r.work.arxiv = record::valid_arxiv(bare);
        }
    }
    r.work.arxiv_category = field(e, "eprintclass")
        .or_else(|| field(e, "primaryclass"))
        .and_then(|c| record::category(&c));
    r.finish_entry(
        |f| field(e, f),
        (field(e, "doi"), field(e, "url")),
        &[
            "journal",
            "journaltitle",
            "number",
            "note",
            "howpublished",
            "eid",
        ],
        &["booktitle", "journaltitle", "journal"],
    );
    r
}

#[cfg(test)]
mod tests {
    use crate::record::YearKind;
    use crate::source::{Source, SourceKind};
    use papercat_core::Author;

    fn read(text: &str) -> Source {
        crate::source::read_all("refs.bib", SourceKind::Bib, text)
    }

    #[test]
    fn better_bibtex_preprint() {
        let s = read(
            "% exported by Better BibTeX\n\n@misc{liu2023visual,\n  title = {Visual {{Instruction Tuning}}},\n  author = {Liu, Haotian and Li, Chunyuan and Wu, Qingyang and Lee, Yong Jae},\n  year = {2023},\n  month = apr,\n  number = {arXiv:2304.08485},\n  eprint = {2304.08485},\n  primaryclass = {cs},\n  publisher = {arXiv},\n  doi = {10.48550/arXiv.2304.08485},\n  archiveprefix = {arXiv}\n}\n",
        );
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let r = &s.records[0];
        assert_eq!(r.line, 3);
        assert_eq!(r.id, "liu2023visual");
        assert_eq!(r.work.title.as_deref(), Some("Visual Instruction Tuning"));
        assert_eq!(r.work.authors[3], Author::person("Yong Jae", "Lee"));
        assert_eq!(
            (r.work.year, r.work.month, r.year_kind),
            (Some(2023), Some(4), YearKind::Preprint)
        );
        assert_eq!(r.work.arxiv.as_deref(), Some("2304.08485"));
        assert_eq!(
            r.work.doi, None,
            "the arXiv DataCite DOI is not the paper's DOI"
        );
        assert_eq!(
            r.work.arxiv_category, None,
            "`cs` is an archive, not a category"
        );
        assert_eq!(r.work.venue, None);
    }

    #[test]
    fn biblatex_conference_paper() {
        let s = read(
            "@inproceedings{wang2023selfinstruct,\n  title = {Self-{{Instruct}}: {{Aligning Language Models}} with {{Self-Generated Instructions}}},\n  booktitle = {Proceedings of the 61st {{Annual Meeting}} of the {{Association}} for {{Computational Linguistics}} ({{Volume}} 1: {{Long Papers}})},\n  author = {Wang, Yizhong and Kordi, Yeganeh and others},\n  date = {2023-07},\n  doi = {10.18653/v1/2023.acl-long.754},\n  eprint = {2212.10560},\n  eprinttype = {arXiv},\n  eprintclass = {cs.CL}\n}",
        );
        let r = &s.records[0];
        assert_eq!(r.line, 1);
        assert_eq!(
            r.work.title.as_deref(),
            Some("Self-Instruct: Aligning Language Models with Self-Generated Instructions")
        );
        assert_eq!(
            r.work.authors,
            vec![
                Author::person("Yizhong", "Wang"),
                Author::person("Yeganeh", "Kordi")
            ]
        );
        assert!(r.work.et_al);
        assert_eq!(
            (r.work.year, r.work.month, r.year_kind),
            (Some(2023), Some(7), YearKind::Published)
        );
        assert_eq!(r.work.doi.as_deref(), Some("10.18653/v1/2023.acl-long.754"));
        assert_eq!(r.work.acl.as_deref(), Some("2023.acl-long.754"));
        assert_eq!(r.work.arxiv.as_deref(), Some("2212.10560"));
        assert_eq!(r.work.arxiv_category.as_deref(), Some("cs.CL"));
        assert_eq!(
            r.work.venue.as_ref().map(|v| v.raw.as_str()),
            Some("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)")
        );
    }

    #[test]
    fn tex_in_names_and_url_ids() {
        let s = read(
            "@article{x,\n  author = {Dao, Tri and R{\\'e}, Christopher and van den Oord, A{\\\"a}ron},\n  title = {A},\n  journal = {arXiv preprint arXiv:2205.14135},\n  year = 2022\n}\n@inproceedings{y, title={B}, url={https://aclanthology.org/2023.acl-long.99}, year={2023}}\n@inproceedings{z, title={C}, eprint={D19-1410}, eprinttype={acl}}",
        );
        assert_eq!(s.records.len(), 3);
        assert_eq!(s.records[2].work.acl.as_deref(), Some("D19-1410"));
        assert_eq!(s.records[2].work.arxiv, None);
        let r = &s.records[0];
        assert_eq!(r.work.authors[1], Author::person("Christopher", "Ré"));
        assert_eq!(r.work.authors[2], Author::person("Aäron", "van den Oord"));
        assert_eq!(r.work.arxiv.as_deref(), Some("2205.14135"));
        assert_eq!(r.work.venue, None);
        assert_eq!(r.year_kind, YearKind::Preprint);
        assert_eq!(s.records[1].work.acl.as_deref(), Some("2023.acl-long.99"));
        assert_eq!(s.records[1].line, 7);
    }

    #[test]
    fn a_bad_entry_costs_one_diagnostic_not_the_file() {
        let s = read(
            "@string{nips = {Advances in Neural Information Processing Systems}}\n\n@inproceedings{good1,\n  title = {First},\n  booktitle = nips,\n  year = {2023}\n}\n\n@article{broken,\n  title = {Unclosed,\n  year = {2020}\n\n@misc{good2, title = {Second}, year = {2021}}\n@misc{good1, title = {Duplicate key}, year = {2022}}\n",
        );
        let titles: Vec<_> = s
            .records
            .iter()
            .map(|r| r.work.title.clone().unwrap_or_default())
            .collect();
        assert_eq!(titles, vec!["First", "Second", "Duplicate key"]);
        assert_eq!(
            s.records[0].work.venue.as_ref().map(|v| v.raw.as_str()),
            Some("Advances in Neural Information Processing Systems")
        );
        assert_eq!(s.records[0].line, 3);
        assert_eq!(s.records[1].line, 13);
        assert_eq!(s.diagnostics.len(), 1, "{:?}", s.diagnostics);
        let d = &s.diagnostics[0];
        assert_eq!(
            (d.code.as_str(), d.file.as_str()),
            ("enrich-bad-record", "refs.bib")
        );
        assert!((9..=13).contains(&d.line), "{d}");
        assert!(d.message.contains("starting at line 9"), "{d}");
        assert_eq!(s.stats.bad, 1);
        assert_eq!(s.stats.entries, 4);
    }

    #[test]
    fn garbage_never_panics() {
        for text in [
            "@",
            "@{",
            "@misc{",
            "}{@}",
            "@misc{k, title = {\\'}}",
            "@misc{k, author = {and and}}",
            "\u{FEFF}@misc{k,title={é}}",
        ] {
            let _ = read(text);
        }
    }
}
