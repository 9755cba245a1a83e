//! Any input to any reader: diagnostics, never a panic; every record line inside the text.

use papercat_enrich::{Needs, Source, SourceKind};
use proptest::prelude::*;

fn check(kind: SourceKind, text: &str) -> Result<(), TestCaseError> {
    let s = Source::from_text("x", kind, text, &Needs::everything());
    let lines = text.split('\n').count() as u32;
    for r in &s.records {
        prop_assert!(
            r.line >= 1 && r.line <= lines,
            "record line {} of {lines}",
            r.line
        );
    }
    for d in &s.diagnostics {
        prop_assert!(
            d.line <= lines,
            "diagnostic line {} of {lines}: {d}",
            d.line
        );
        prop_assert_eq!(d.file.as_str(), "x");
    }
    Ok(())
}

proptest! {
    #[test]
    fn bib_reader_survives_anything(text in "[@{}=,\"\\\\a-z0-9 \\n%#é中/:.]{0,120}") {
        check(SourceKind::Bib, &text)?;
    }

    #[test]
    fn bib_reader_survives_mutated_entries(cut in 0usize..200, junk in "[@{}\\\\\",]{0,3}") {
        let entry = "@inproceedings{k,\n  title = {Self-{{Instruct}}: A},\n  author = {Wang, Yizhong and others},\n  date = {2023-07},\n  doi = {10.18653/v1/2023.acl-long.754}\n}\n@misc{m, title = {B}, year = 2020}\n";
        let cut = cut.min(entry.len());
        let text = format!("{}{junk}{}", &entry[..cut], &entry[cut..]);
        check(SourceKind::Bib, &text)?;
    }

    #[test]
    fn csl_reader_survives_anything(text in "[\\[\\]{}\",:a-z0-9 \\n\\\\é中/.]{0,120}") {
        check(SourceKind::CslJson, &text)?;
    }

    #[test]
    fn jsonl_reader_survives_anything(text in "[\\[\\]{}\",:a-z0-9. \\n\\\\]{0,160}") {
        check(SourceKind::ArxivJsonl, &text)?;
    }

    #[test]
    fn jsonl_reader_survives_mutated_lines(cut in 0usize..300, junk in "[{}\\\\\",\\n]{0,3}") {
        let line = "{\"id\":\"2304.08485\",\"title\":\"Visual Instruction Tuning\",\"categories\":\"cs.CV cs.AI\",\"authors_parsed\":[[\"Liu\",\"Haotian\",\"\"]],\"versions\":[{\"version\":\"v1\",\"created\":\"Mon, 17 Apr 2023\"}]}\n";
        let text = format!("{line}{line}");
        let cut = cut.min(text.len());
        let text = format!("{}{junk}{}", &text[..cut], &text[cut..]);
        check(SourceKind::ArxivJsonl, &text)?;
    }

    #[test]
    fn identifier_fields_with_any_text(id in "[a-zA-Zé中0-9./:-]{0,16}") {
        for host in ["https://aclanthology.org/", "https://arxiv.org/abs/", "https://doi.org/10.18653/v1/", ""] {
            let bib = format!("@misc{{k, title={{T}}, url={{{host}{id}}}, doi={{{id}}}, eprint={{{id}}}, eprinttype={{acl}}}}");
            check(SourceKind::Bib, &bib)?;
            let csl = format!("[{{\"id\": \"k\", \"URL\": \"{host}{id}\", \"DOI\": \"{id}\", \"number\": \"arXiv:{id}\"}}]");
            check(SourceKind::CslJson, &csl)?;
            let line = format!("{{\"id\": \"{id}\", \"doi\": \"{host}{id}\", \"journal-ref\": \"{id}\"}}");
            check(SourceKind::ArxivJsonl, &line)?;
        }
    }
}
