//! CSL-JSON reader (Zotero's "CSL JSON" export, pandoc's `--to csljson`, citeproc input).
//!
//! The top-level array is cut into items by a small scanner (strings and nesting tracked),
//! and each item is parsed on its own: a bad item is one diagnostic at its line, and every
//! record knows the line it starts on.

use papercat_core::{text, Work};
use serde_json::{Map, Value};

use crate::norm::{collapse_ws, tex_to_unicode};
use crate::reading::{line_of, Sink};
use crate::record::{self, Record};

pub(crate) fn read(text: &str, src: &mut Sink) {
    let bytes = text.as_bytes();
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return;
    };
    match bytes[first] {
        b'{' => item(text, first, bytes.len(), src),
        b'[' => {
            let (items, closed) = split_array(bytes, first + 1);
            for (s, e) in items {
                item(text, s, e, src);
            }
            if !closed {
                src.bad(
                    line_of(bytes, bytes.len()),
                    1,
                    "the CSL-JSON array is not closed with `]` (a truncated file?)".into(),
                );
            }
        }
        _ => src.bad(
            line_of(bytes, first),
            1,
            "a CSL-JSON file must hold an array of items `[ {...}, ... ]`".into(),
        ),
    }
}

/// The byte ranges of the elements of the array whose content starts at `from`, and whether
/// its closing `]` was found.
fn split_array(b: &[u8], from: usize) -> (Vec<(usize, usize)>, bool) {
    let mut items = Vec::new();
    let (mut depth, mut in_str, mut esc) = (0usize, false, false);
    let mut start: Option<usize> = None;
    let mut i = from;
    while i < b.len() {
        let c = b[i];
        if in_str {
            if esc {
                esc = false;
            } else if c == b'\\' {
                esc = true;
            } else if c == b'"' {
                in_str = false;
            }
        } else {
            match c {
                b'"' => {
                    in_str = true;
                    start.get_or_insert(i);
                }
                b'{' | b'[' => {
                    depth += 1;
                    start.get_or_insert(i);
                }
                b'}' | b']' if depth > 0 => depth -= 1,
                b']' => {
                    if let Some(s) = start.take() {
                        items.push((s, i));
                    }
                    return (items, true);
                }
                b',' if depth == 0 => {
                    if let Some(s) = start.take() {
                        items.push((s, i));
                    }
                }
                c if c.is_ascii_whitespace() => {}
                _ => {
                    start.get_or_insert(i);
                }
            }
        }
        i += 1;
    }
    if let Some(s) = start {
        items.push((s, b.len()));
    }
    (items, false)
}

fn item(text: &str, start: usize, end: usize, src: &mut Sink) {
    src.stats.entries += 1;
    let line = line_of(text.as_bytes(), start);
    let slice = &text[start..end];
    match serde_json::from_str::<Value>(slice) {
        Ok(Value::Object(obj)) => src.records.push(record(&obj, line)),
        Ok(_) => src.bad(line, 1, "a CSL-JSON item must be an object".into()),
        Err(e) => {
            let err_line = line + e.line().saturating_sub(1) as u32;
            let col = if e.line() <= 1 {
                let before = text[..start]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |s| s.chars().count());
                (before + e.column()) as u32
            } else {
                e.column() as u32
            };
            src.bad(
                err_line,
                col.max(1),
                format!("cannot read the CSL-JSON item starting at line {line}: {e}"),
            );
        }
    }
}

/// A text field: a string or number, or the first string of an array (the Crossref REST API
/// writes `"title": ["..."]` and `"container-title": ["..."]` where CSL-JSON has strings).
fn string(obj: &Map<String, Value>, key: &str) -> Option<String> {
    let v = match obj.get(key)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(a) => a.iter().find_map(Value::as_str)?.to_string(),
        _ => return None,
    };
    let v = collapse_ws(&v);
    (!v.is_empty()).then_some(v)
}

/// Remove the HTML-like rich-text tags CSL allows in titles (`<i>`, `<sup>`,
/// `<span class="nocase">`), keeping their text.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('>') {
            Some(close) => {
                let tag = after[..close].trim_start_matches('/');
                let name = tag.split(' ').next().unwrap_or("");
                if matches!(name, "i" | "b" | "sup" | "sub" | "span" | "em" | "strong") {
                    rest = &after[close + 1..];
                } else {
                    out.push('<');
                    rest = after;
                }
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Year and month from a CSL date: `{"date-parts": [[2023, 5, 23]]}`, `{"raw": "2023-05"}`,
/// `{"literal": "..."}` or a bare string.
fn date(v: &Value) -> Option<(i32, Option<u8>)> {
    let num = |v: &Value| -> Option<i64> {
        match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    };
    match v {
        Value::Object(o) => {
            if let Some(first) = o
                .get("date-parts")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_array)
            {
                let year = first.first().and_then(num)?;
                let year = i32::try_from(year)
                    .ok()
                    .filter(|y| (1000..=2999).contains(y))?;
                let month = first
                    .get(1)
                    .and_then(num)
                    .and_then(|m| u8::try_from(m).ok())
                    .filter(|m| (1..=12).contains(m));
                return Some((year, month));
            }
            ["raw", "literal"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str).and_then(text::parse_date))
        }
        Value::String(s) => text::parse_date(s),
        _ => None,
    }
}

fn record(obj: &Map<String, Value>, line: u32) -> Record {
    let mut r = Record {
        line,
        id: string(obj, "id").unwrap_or_default(),
        work: Work {
            title: string(obj, "title")
                .map(|t| collapse_ws(&tex_to_unicode(&strip_tags(&t))))
                .filter(|t| !t.is_empty()),
            ..Default::default()
        },
        ..Default::default()
    };
    for a in obj
        .get("author")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Value::Object(a) = a else { continue };
        let s = |k: &str| string(a, k).unwrap_or_default();
        let author = if let Some(lit) = string(a, "literal") {
            record::literal_author(&lit)
        } else {
            let particle = [s("dropping-particle"), s("non-dropping-particle")]
                .into_iter()
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            record::author(&s("family"), &s("given"), &particle, &s("suffix"))
        };
        if let Some(author) = author {
            if matches!(&author, papercat_core::Author::Person { family, given } if given.is_empty() && family.eq_ignore_ascii_case("others"))
            {
                r.work.et_al = true;
            } else {
                r.work.authors.push(author);
            }
        }
    }
    if let Some((y, m)) = obj.get("issued").and_then(date) {
        r.work.year = Some(y);
        r.work.month = m;
    }
    let doi = string(obj, "DOI").or_else(|| string(obj, "doi"));
    let url = string(obj, "URL").or_else(|| string(obj, "url"));
    r.finish_entry(
        |k| string(obj, k),
        (doi, url),
        &["number", "container-title", "note", "archive_location"],
        &["container-title", "event-title", "event"],
    );
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::YearKind;
    use crate::source::{Source, SourceKind};
    use papercat_core::Author;

    fn read(text: &str) -> Source {
        crate::source::read_all("refs.json", SourceKind::CslJson, text)
    }

    #[test]
    fn crossref_rest_message_reads_like_csl() {
        // The `message` of a Crossref `/works/{doi}` response: arrays where CSL has strings.
        let s = read(
            r#"{"DOI": "10.1109/CVPR.2016.90", "type": "proceedings-article",
  "title": ["Deep Residual Learning for Image Recognition"],
  "container-title": ["2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"],
  "author": [{"given": "Kaiming", "family": "He", "sequence": "first", "affiliation": []},
             {"given": "Xiangyu", "family": "Zhang", "sequence": "additional", "affiliation": []}],
  "issued": {"date-parts": [[2016, 6]]}, "event": {"name": "CVPR"}}"#,
        );
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let r = &s.records[0];
        assert_eq!(
            r.work.title.as_deref(),
            Some("Deep Residual Learning for Image Recognition")
        );
        assert_eq!(r.work.authors[0].display(), "Kaiming He");
        assert_eq!((r.work.year, r.work.month), (Some(2016), Some(6)));
        assert!(r
            .work
            .venue
            .as_ref()
            .map(|v| v.raw.as_str())
            .is_some_and(|v| v.contains("CVPR")));
        assert_eq!(r.work.doi.as_deref(), Some("10.1109/CVPR.2016.90"));
    }

    #[test]
    fn zotero_items() {
        let s = read(
            r#"[
  {
    "id": "dettmers2023qlora",
    "type": "article",
    "title": "<span class=\"nocase\">QLoRA</span>: Efficient Finetuning of Quantized LLMs",
    "author": [{"family": "Dettmers", "given": "Tim"}, {"family": "Pagnoni", "given": "Artidoro"}],
    "issued": {"date-parts": [["2023", 5, 23]]},
    "number": "arXiv:2305.14314",
    "publisher": "arXiv",
    "DOI": "10.48550/arXiv.2305.14314"
  },
  {"id": 7, "type": "paper-conference", "title": "Deep Residual Learning for Image Recognition",
   "container-title": "CVPR", "DOI": "10.1109/CVPR.2016.90", "issued": {"raw": "2016-06"},
   "author": [{"literal": "OpenAI"}, {"family": "Oord", "given": "Aäron", "non-dropping-particle": "van den"}]}
]"#,
        );
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let r = &s.records[0];
        assert_eq!((r.line, r.id.as_str()), (2, "dettmers2023qlora"));
        assert_eq!(
            r.work.title.as_deref(),
            Some("QLoRA: Efficient Finetuning of Quantized LLMs")
        );
        assert_eq!(r.work.authors.len(), 2);
        assert_eq!(
            (r.work.year, r.work.month, r.year_kind),
            (Some(2023), Some(5), YearKind::Preprint)
        );
        assert_eq!(r.work.arxiv.as_deref(), Some("2305.14314"));
        assert_eq!(r.work.doi, None);
        let r = &s.records[1];
        assert_eq!((r.line, r.id.as_str()), (12, "7"));
        assert_eq!(r.work.doi.as_deref(), Some("10.1109/CVPR.2016.90"));
        assert_eq!(
            (r.work.year, r.work.month, r.year_kind),
            (Some(2016), Some(6), YearKind::Published)
        );
        assert_eq!(r.work.authors[0], Author::literal("OpenAI"));
        assert_eq!(r.work.authors[1], Author::person("Aäron", "van den Oord"));
        assert_eq!(r.work.venue.as_ref().map(|v| v.raw.as_str()), Some("CVPR"));
    }

    #[test]
    fn bad_items_are_diagnostics_with_lines() {
        let s = read("[\n  {\"id\": \"a\", \"title\": \"One\"},\n  {\"id\": \"b\", \"title\": },\n  42,\n  {\"id\": \"c, ]\", \"title\": \"Three [x]\"}\n]\n");
        assert_eq!(
            s.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            vec!["a", "c, ]"]
        );
        assert_eq!(s.records[1].work.title.as_deref(), Some("Three [x]"));
        assert_eq!(s.diagnostics.len(), 2, "{:?}", s.diagnostics);
        assert_eq!(
            (s.diagnostics[0].line, s.diagnostics[0].code.as_str()),
            (3, "enrich-bad-record")
        );
        assert!(s.diagnostics[0].column > 20, "{}", s.diagnostics[0]);
        assert_eq!(s.diagnostics[1].line, 4);
        assert_eq!(s.diagnostics[1].file, "refs.json");
    }

    #[test]
    fn truncated_and_odd_files() {
        let s = read("[{\"id\": \"a\", \"title\": \"One\"}, {\"id\": \"b\"");
        assert_eq!(s.records.len(), 1);
        assert_eq!(s.diagnostics.len(), 2, "{:?}", s.diagnostics);
        let s = read("{\"id\": \"solo\", \"title\": \"Alone\"}");
        assert_eq!(s.records[0].work.title.as_deref(), Some("Alone"));
        let s = read("\"just a string\"");
        assert_eq!(s.records.len(), 0);
        assert_eq!(s.diagnostics.len(), 1);
        assert!(read("   ").diagnostics.is_empty());
        assert!(read("[]").records.is_empty());
    }

    #[test]
    fn tags_and_dates() {
        assert_eq!(strip_tags("A <i>B</i> <sup>2</sup> x<y"), "A B 2 x<y");
        assert_eq!(
            date(&serde_json::json!({"date-parts": [[2020]]})),
            Some((2020, None))
        );
        assert_eq!(
            date(&serde_json::json!({"date-parts": [[2020, 13]]})),
            Some((2020, None))
        );
        assert_eq!(date(&serde_json::json!({"date-parts": []})), None);
        assert_eq!(
            date(&serde_json::json!("2021-03-04")),
            Some((2021, Some(3)))
        );
        assert_eq!(
            date(&serde_json::json!({"literal": "Spring 2019"})),
            Some((2019, None))
        );
        assert_eq!(date(&serde_json::json!({"literal": "n.d."})), None);
    }
}
