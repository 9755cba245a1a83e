//! The arXiv metadata snapshot (JSON lines), streamed.
//!
//! Each line is one object: `id`, `title`, `authors`, `authors_parsed` (`[[last, first,
//! suffix], ...]`), `categories` (`"cs.CL cs.AI"`), `doi`, `journal-ref`, `versions`
//! (`[{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}, ...]`), `update_date`,
//! `abstract`... The file (several GB) is never loaded: a bounded line buffer is reused, each
//! line is first read for its `id`, `doi` and `title` only, and parsed fully only when the
//! catalogue [`Needs`] it.

use std::borrow::Cow;
use std::io::{self, BufRead};

use papercat_core::{text, Work};
use serde::Deserialize;
use serde_json::Value;

use crate::norm::{collapse_ws, tex_to_unicode};
use crate::reading::{Needs, Sink, MAX_LINE};
use crate::record::{self, Record, YearKind};

/// What is read of every line.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(default, borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    doi: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    title: Option<Cow<'a, str>>,
}

/// What is read of a needed line.
#[derive(Deserialize)]
struct Full {
    #[serde(default)]
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    authors: Option<String>,
    #[serde(default)]
    authors_parsed: Option<Value>,
    #[serde(default)]
    categories: Option<String>,
    #[serde(default)]
    doi: Option<String>,
    #[serde(default, rename = "journal-ref")]
    journal_ref: Option<String>,
    #[serde(default)]
    versions: Option<Value>,
}

/// Read one line into `buf` (newline included), never keeping more than `cap` bytes: a longer
/// line is consumed and reported as too long with `buf` left empty. Returns the bytes consumed
/// (0 at end of input) and whether the line was too long.
pub(crate) fn read_line_capped<R: BufRead>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<(usize, bool)> {
    let mut total = 0;
    let mut too_long = false;
    loop {
        let available = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((total, too_long));
        }
        let (len, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            if buf.len() + len > cap {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..len]);
            }
        }
        r.consume(len);
        total += len;
        if done {
            return Ok((total, too_long));
        }
    }
}

pub(crate) fn read<R: BufRead>(mut r: R, needs: &Needs, src: &mut Sink) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1 << 12);
    let mut line_no: u32 = 0;
    loop {
        buf.clear();
        let (n, too_long) = read_line_capped(&mut r, &mut buf, MAX_LINE)?;
        if n == 0 {
            return Ok(());
        }
        line_no = line_no.saturating_add(1);
        src.stats.longest_line = src.stats.longest_line.max(n as u64);
        if too_long {
            src.stats.entries += 1;
            src.bad(
                line_no,
                1,
                format!(
                    "line of {n} bytes skipped (longer than {} MiB)",
                    MAX_LINE >> 20
                ),
            );
            continue;
        }
        let line = buf.trim_ascii();
        if line.is_empty() {
            continue;
        }
        src.stats.entries += 1;
        let head: Head = match serde_json::from_slice(line) {
            Ok(h) => h,
            Err(e) => {
                src.bad(
                    line_no,
                    e.column().max(1) as u32,
                    format!("not a JSON object: {e}"),
                );
                continue;
            }
        };
        let Some(id) = head.id else {
            src.bad(line_no, 1, "the object has no `id`".into());
            continue;
        };
        if !needs.wants(&id, head.doi.as_deref(), head.title.as_deref()) {
            continue;
        }
        match serde_json::from_slice::<Full>(line) {
            Ok(full) => match record(full, line_no) {
                Ok(r) => src.records.push(r),
                Err(msg) => src.bad(line_no, 1, msg),
            },
            Err(e) => src.bad(
                line_no,
                e.column().max(1) as u32,
                format!("unexpected value: {e}"),
            ),
        }
    }
}

/// Year and month of an RFC 2822 date such as `Mon, 17 Apr 2023 17:59:25 GMT`.
fn created_year_month(s: &str) -> Option<(i32, u8)> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut month = None;
    let mut year = None;
    for w in s.split([' ', ',']).filter(|w| !w.is_empty()) {
        let lw = w.to_ascii_lowercase();
        if let Some(i) = MONTHS.iter().position(|m| lw.starts_with(m)) {
            month.get_or_insert(i as u8 + 1);
        } else if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) {
            year = w.parse().ok();
        }
    }
    Some((year?, month?))
}

fn record(f: Full, line: u32) -> Result<Record, String> {
    let Some(arxiv) = record::valid_arxiv(&f.id) else {
        return Err(format!("`{}` is not an arXiv identifier", f.id));
    };
    let mut r = Record {
        line,
        id: f.id.trim().to_string(),
        work: Work {
            title: f
                .title
                .map(|t| collapse_ws(&tex_to_unicode(&t)))
                .filter(|t| !t.is_empty()),
            arxiv: Some(arxiv),
            ..Default::default()
        },
        ..Default::default()
    };
    match f.authors_parsed {
        Some(Value::Array(list)) => {
            for a in list {
                let parts: Vec<&str> = a
                    .as_array()
                    .map(|p| p.iter().map(|v| v.as_str().unwrap_or("")).collect())
                    .unwrap_or_default();
                let get = |i: usize| parts.get(i).copied().unwrap_or("");
                if let Some(author) = record::author(get(0), get(1), "", get(2)) {
                    r.work.authors.push(author);
                }
            }
        }
        _ => {
            if let Some(a) = f.authors {
                let (authors, et_al) = text::parse_authors(&collapse_ws(&tex_to_unicode(&a)));
                r.work.authors = authors;
                r.work.et_al = et_al;
            }
        }
    }
    r.work.arxiv_category = f
        .categories
        .as_deref()
        .and_then(|c| c.split_whitespace().next())
        .and_then(record::category);
    if let Some(doi) = f.doi.as_deref().and_then(|d| d.split_whitespace().next()) {
        r.take_doi(doi);
    }
    if let Some(jr) = f.journal_ref.as_deref().and_then(record::real_venue) {
        if let Some(y) = jr.year {
            r.work.year = Some(y);
            r.year_kind = YearKind::Published;
        }
        r.work.venue = Some(jr);
    }
    if r.work.year.is_none() {
        let first = f
            .versions
            .as_ref()
            .and_then(Value::as_array)
            .and_then(|v| v.first())
            .and_then(|v| v.get("created"))
            .and_then(Value::as_str)
            .and_then(created_year_month);
        if let Some((y, m)) = first {
            r.work.year = Some(y);
            r.work.month = Some(m);
            r.year_kind = YearKind::Preprint;
        }
    }
    r.year_from_arxiv();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Source, SourceKind};
    use papercat_core::Author;

    fn read_all(text: &str) -> Source {
        crate::source::read_all("snap.jsonl", SourceKind::ArxivJsonl, text)
    }

    #[test]
    fn one_record() {
        let s = read_all(concat!(
            r#"{"id":"2212.10560","submitter":"Yizhong Wang","authors":"Yizhong Wang, Yeganeh Kordi","title":"Self-Instruct: Aligning Language Models with\n  Self-Generated Instructions","categories":"cs.CL cs.AI","doi":null,"journal-ref":null,"versions":[{"version":"v1","created":"Tue, 20 Dec 2022 18:59:19 GMT"}],"authors_parsed":[["Wang","Yizhong",""],["Kordi","Yeganeh",""],["R\\'e","Christopher",""]]}"#,
            "\n"
        ));
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        let r = &s.records[0];
        assert_eq!(r.line, 1);
        assert_eq!(
            r.work.title.as_deref(),
            Some("Self-Instruct: Aligning Language Models with Self-Generated Instructions")
        );
        assert_eq!(r.work.authors[2], Author::person("Christopher", "Ré"));
        assert_eq!(r.work.arxiv_category.as_deref(), Some("cs.CL"));
        assert_eq!(
            (r.work.year, r.work.month, r.year_kind),
            (Some(2022), Some(12), YearKind::Preprint)
        );
        assert_eq!(r.work.venue, None);
    }

    #[test]
    fn journal_ref_gives_venue_and_published_year() {
        let s = read_all(
            r#"{"id":"hep-th/9711200v3","title":"The Large N Limit","authors":"Juan M. Maldacena (Harvard)","categories":"hep-th","journal-ref":"Adv.Theor.Math.Phys.2:231-252,1998","doi":"10.1023/A:1026654312961","versions":[{"version":"v1","created":"Thu, 27 Nov 1997 14:57:53 GMT"}]}"#,
        );
        let r = &s.records[0];
        assert_eq!(r.work.arxiv.as_deref(), Some("hep-th/9711200"));
        assert_eq!(
            r.work.venue.as_ref().map(|v| v.raw.as_str()),
            Some("Adv.Theor.Math.Phys.2:231-252,1998")
        );
        assert_eq!(
            (r.work.year, r.year_kind),
            (Some(1998), YearKind::Published)
        );
        assert_eq!(r.work.doi.as_deref(), Some("10.1023/A:1026654312961"));
        assert_eq!(r.work.arxiv_category.as_deref(), Some("hep-th"));
        assert_eq!(r.work.authors.len(), 1, "{:?}", r.work.authors);
    }

    #[test]
    fn bad_lines_are_diagnostics_naming_the_line() {
        let s = read_all(concat!(
            "{\"id\":\"2304.08485\",\"title\":\"Visual Instruction Tuning\"}\n",
            "\n",
            "{\"id\":\"2305.14314\",\"title\":\"QLoRA\"\n",
            "[1,2]\n",
            "{\"title\":\"no id\"}\r\n",
            "{\"id\":\"not-an-id\"}\n",
            "{\"id\":\"2310.11511\",\"authors_parsed\":[[null],[\"Asai\",\"Akari\"]],\"versions\":7}",
        ));
        assert_eq!(
            s.records.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            vec!["2304.08485", "2310.11511"]
        );
        assert_eq!(s.records[1].work.authors.len(), 1);
        assert_eq!(s.records[1].work.year, Some(2023), "from the id");
        let lines: Vec<u32> = s.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, vec![3, 4, 5, 6]);
        assert!(s
            .diagnostics
            .iter()
            .all(|d| d.file == "snap.jsonl" && d.code == "enrich-bad-record"));
        assert_eq!(s.stats.entries, 6);
        assert_eq!(s.stats.bad, 4);
    }

    #[test]
    fn only_needed_records_are_kept() {
        let cat = papercat_core::Catalogue {
            papers: vec![papercat_core::Paper {
                work: Work {
                    arxiv: Some("2304.08485".into()),
                    ..Default::default()
                },
                ..Default::default()
            }],
            ..Default::default()
        };
        let text = "{\"id\":\"2304.08485\"}\n{\"id\":\"2304.08486\"}\n{\"id\":\"2304.08485v2\"}\n";
        let s = Source::from_text("s.jsonl", SourceKind::ArxivJsonl, text, &Needs::of(&cat));
        assert_eq!(s.records.len(), 2);
        assert_eq!(s.stats.entries, 3);
    }

    #[test]
    fn long_lines_are_skipped_with_a_bounded_buffer() {
        let long = format!(
            "{{\"id\":\"2304.08485\",\"abstract\":\"{}\"}}\nnext\n",
            "x".repeat(100)
        );
        let mut r = io::BufReader::with_capacity(16, long.as_bytes());
        let mut buf = Vec::new();
        let (n, too_long) = read_line_capped(&mut r, &mut buf, 50).unwrap();
        assert_eq!((n, too_long, buf.len()), (long.len() - 5, true, 0));
        buf.clear();
        let (n, too_long) = read_line_capped(&mut r, &mut buf, 50).unwrap();
        assert_eq!((n, too_long, buf.as_slice()), (5, false, &b"next\n"[..]));
        assert_eq!(read_line_capped(&mut r, &mut buf, 50).unwrap(), (0, false));
    }

    #[test]
    fn created_dates() {
        assert_eq!(
            created_year_month("Mon, 17 Apr 2023 17:59:25 GMT"),
            Some((2023, 4))
        );
        assert_eq!(created_year_month("garbage"), None);
    }
}
