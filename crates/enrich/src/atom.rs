//! Reader of arXiv API responses: an Atom feed with one `<entry>` per paper (the format of
//! `export.arxiv.org/api/query`, documented in the arXiv API user manual).
//!
//! ```text
//! <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
//!   <entry>
//!     <id>http://arxiv.org/abs/2304.08485v2</id>
//!     <published>2023-04-17T17:59:25Z</published>
//!     <title>Visual Instruction Tuning</title>
//!     <author><name>Haotian Liu</name></author>
//!     <arxiv:doi>10.1234/x</arxiv:doi>
//!     <arxiv:journal_ref>NeurIPS 2023</arxiv:journal_ref>
//!     <arxiv:primary_category term="cs.CV"/>
//!   </entry>
//! </feed>
//! ```
//!
//! An entry whose `<id>` is an API error (`http://arxiv.org/api/errors#...`) or no arXiv id,
//! and a feed that is not well-formed XML, are `enrich-bad-record` warnings; the entries read
//! before a syntax error are kept.

use papercat_core::{text, Work};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Decoder, Reader};

use crate::norm::{collapse_ws, tex_to_unicode};
use crate::reading::{line_of, Needs, Sink};
use crate::record::{self, Record, YearKind};

/// The parts of one `<entry>` as read.
#[derive(Default)]
struct Entry {
    line: u32,
    id: String,
    title: String,
    summary: String,
    published: String,
    authors: Vec<String>,
    doi: String,
    journal_ref: String,
    category: String,
}

/// Which element's text is being collected.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Id,
    Title,
    Summary,
    Published,
    AuthorName,
    Doi,
    JournalRef,
}

pub(crate) fn read(text: &str, needs: &Needs, src: &mut Sink) {
    let bytes = text.as_bytes();
    let mut reader = Reader::from_str(text);
    let mut saw_feed = false;
    let mut entry: Option<Entry> = None;
    let mut field = Field::None;
    let mut in_author = false;
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(usize::MAX);
                src.bad(
                    line_of(bytes, at),
                    1,
                    format!("the arXiv API response is not well-formed XML: {e}"),
                );
                return;
            }
        };
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                match (name.as_ref(), entry.is_some()) {
                    (b"feed", _) => saw_feed = true,
                    (b"entry", false) => {
                        entry = Some(Entry {
                            line: line_of(bytes, pos),
                            ..Entry::default()
                        });
                    }
                    (b"author", true) => in_author = true,
                    (b"name", true) if in_author => field = Field::AuthorName,
                    (b"id", true) => field = Field::Id,
                    (b"title", true) => field = Field::Title,
                    (b"summary", true) => field = Field::Summary,
                    (b"published", true) => field = Field::Published,
                    (b"doi", true) => field = Field::Doi,
                    (b"journal_ref", true) => field = Field::JournalRef,
                    (b"primary_category", true) => {
                        take_category(&e, reader.decoder(), entry.as_mut());
                    }
                    _ => {}
                }
                if field == Field::AuthorName {
                    if let Some(en) = entry.as_mut() {
                        en.authors.push(String::new());
                    }
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                b"primary_category" => take_category(&e, reader.decoder(), entry.as_mut()),
                b"feed" => saw_feed = true,
                _ => {}
            },
            Event::Text(t) => {
                if let (Some(en), true) = (entry.as_mut(), field != Field::None) {
                    let s = t
                        .unescape()
                        .map(|c| c.into_owned())
                        .unwrap_or_else(|_| String::from_utf8_lossy(&t).into_owned());
                    push_text(en, field, &s);
                }
            }
            Event::CData(t) => {
                if let (Some(en), true) = (entry.as_mut(), field != Field::None) {
                    push_text(en, field, &String::from_utf8_lossy(&t));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"entry" => {
                    if let Some(en) = entry.take() {
                        finish(en, needs, src);
                    }
                    field = Field::None;
                    in_author = false;
                }
                b"author" => {
                    in_author = false;
                    field = Field::None;
                }
                _ => field = Field::None,
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if entry.is_some() {
        src.bad(
            line_of(bytes, bytes.len()),
            1,
            "the arXiv API response ends inside an <entry> (a truncated response?)".into(),
        );
    } else if !saw_feed {
        src.bad(
            1,
            1,
            "the arXiv API response is not an Atom feed (no <feed> element)".into(),
        );
    }
}

fn take_category(e: &BytesStart<'_>, decoder: Decoder, entry: Option<&mut Entry>) {
    let Some(en) = entry else { return };
    for a in e.attributes().flatten() {
        if a.key.local_name().as_ref() == b"term" {
            if let Ok(v) = a.decode_and_unescape_value(decoder) {
                en.category = v.into_owned();
            }
        }
    }
}

fn push_text(en: &mut Entry, field: Field, s: &str) {
    let target = match field {
        Field::None => return,
        Field::Id => &mut en.id,
        Field::Title => &mut en.title,
        Field::Summary => &mut en.summary,
        Field::Published => &mut en.published,
        Field::Doi => &mut en.doi,
        Field::JournalRef => &mut en.journal_ref,
        Field::AuthorName => match en.authors.last_mut() {
            Some(a) => a,
            None => return,
        },
    };
    target.push_str(s);
}

/// The arXiv id in an entry's `<id>` URL (`http://arxiv.org/abs/2304.08485v2`).
fn id_of(url: &str) -> &str {
    let u = url.trim();
    for prefix in [
        "http://arxiv.org/abs/",
        "https://arxiv.org/abs/",
        "http://export.arxiv.org/abs/",
        "https://export.arxiv.org/abs/",
    ] {
        if let Some(rest) = u.strip_prefix(prefix) {
            return rest;
        }
    }
    u
}

fn finish(en: Entry, needs: &Needs, src: &mut Sink) {
    src.stats.entries += 1;
    let line = en.line;
    if en.id.contains("/api/errors") {
        let why = collapse_ws(&en.summary);
        src.bad(
            line,
            1,
            format!(
                "the arXiv API answered with an error: {}",
                if why.is_empty() { en.id.trim() } else { &why }
            ),
        );
        return;
    }
    let raw_id = id_of(&en.id);
    let Some(arxiv) = record::valid_arxiv(raw_id) else {
        src.bad(
            line,
            1,
            format!("entry `{}` has no arXiv identifier", en.id.trim()),
        );
        return;
    };
    let title = collapse_ws(&tex_to_unicode(&en.title));
    if !needs.wants(&arxiv, Some(en.doi.trim()), Some(&title)) {
        return;
    }
    let mut r = Record {
        line,
        id: raw_id.to_string(),
        work: Work {
            title: (!title.is_empty()).then_some(title),
            arxiv: Some(arxiv),
            ..Default::default()
        },
        ..Default::default()
    };
    for name in &en.authors {
        let name = collapse_ws(&tex_to_unicode(name));
        if name.is_empty() {
            continue;
        }
        let (authors, _) = text::parse_authors(&name);
        r.work.authors.extend(authors);
    }
    r.work.arxiv_category = record::category(&en.category);
    if let Some(doi) = en.doi.split_whitespace().next() {
        r.take_doi(doi);
    }
    if let Some(jr) = record::real_venue(&en.journal_ref) {
        if let Some(y) = jr.year {
            r.work.year = Some(y);
            r.year_kind = YearKind::Published;
        }
        r.work.venue = Some(jr);
    }
    if r.work.year.is_none() {
        if let Some((y, m)) = text::parse_date(en.published.trim().split('T').next().unwrap_or(""))
        {
            r.work.year = Some(y);
            r.work.month = m;
            r.year_kind = YearKind::Preprint;
        }
    }
    r.year_from_arxiv();
    src.records.push(r);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Source, SourceKind};

    fn read_all(text: &str) -> Source {
        crate::source::read_all("feed.atom", SourceKind::ArxivAtom, text)
    }

    const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?id_list=2304.08485,hep-th/9711200" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: id_list=2304.08485,hep-th/9711200</title>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">2</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2304.08485v2</id>
    <updated>2023-12-11T18:59:59Z</updated>
    <published>2023-04-17T17:59:25Z</published>
    <title>Visual Instruction
  Tuning</title>
    <summary>Instruction tuning large language models (LLMs) &amp; more.</summary>
    <author><name>Haotian Liu</name></author>
    <author><name>Chunyuan Li</name></author>
    <author><name>Yong Jae Lee</name></author>
    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">NeurIPS 2023 Oral</arxiv:comment>
    <link href="http://arxiv.org/abs/2304.08485v2" rel="alternate" type="text/html"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CV" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/hep-th/9711200v3</id>
    <published>1997-11-27T22:32:08Z</published>
    <title>The Large N Limit of Superconformal Field Theories and Supergravity</title>
    <author><name>Juan M. Maldacena</name></author>
    <arxiv:doi xmlns:arxiv="http://arxiv.org/schemas/atom">10.1023/A:1026654312961</arxiv:doi>
    <arxiv:journal_ref xmlns:arxiv="http://arxiv.org/schemas/atom">Adv.Theor.Math.Phys.2:231-252,1998</arxiv:journal_ref>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="hep-th"/>
  </entry>
</feed>
"#;

    #[test]
    fn entries_become_records() {
        let s = read_all(FEED);
        assert!(s.diagnostics.is_empty(), "{:?}", s.diagnostics);
        assert_eq!(s.records.len(), 2);
        let r = &s.records[0];
        assert_eq!(r.work.arxiv.as_deref(), Some("2304.08485"));
        assert_eq!(r.work.title.as_deref(), Some("Visual Instruction Tuning"));
        assert_eq!(r.work.authors.len(), 3);
        assert_eq!(r.work.authors[2].family(), "Lee");
        assert_eq!(r.work.authors[2].display(), "Yong Jae Lee");
        assert_eq!(
            (r.work.year, r.work.month, r.year_kind),
            (Some(2023), Some(4), YearKind::Preprint)
        );
        assert_eq!(r.work.arxiv_category.as_deref(), Some("cs.CV"));
        assert_eq!(r.line, 6);
        let m = &s.records[1];
        assert_eq!(m.work.arxiv.as_deref(), Some("hep-th/9711200"));
        assert_eq!(m.work.doi.as_deref(), Some("10.1023/A:1026654312961"));
        assert_eq!(
            m.work.venue.as_ref().map(|v| v.raw.as_str()),
            Some("Adv.Theor.Math.Phys.2:231-252,1998")
        );
        assert_eq!(m.year_kind, YearKind::Published);
        assert_eq!(m.work.year, Some(1998));
    }

    #[test]
    fn api_errors_and_bad_xml_are_diagnostics() {
        let s = read_all(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry>
<id>http://arxiv.org/api/errors#incorrect_id_format_for_1234.1234x</id>
<title>Error</title><summary>incorrect id format for 1234.1234x</summary></entry></feed>"#,
        );
        assert!(s.records.is_empty());
        assert_eq!(s.diagnostics.len(), 1);
        assert!(s.diagnostics[0].message.contains("incorrect id format"));
        for bad in [
            "",
            "not xml at all",
            "<html><body>Service Unavailable</body></html>",
            "<feed><entry><id>http://arxiv.org/abs/2304.08485</id>",
            "<feed><entry></wrong></feed>",
            "\u{0}\u{1}<<<>>>&&&",
        ] {
            let s = read_all(bad);
            assert!(s.records.is_empty(), "{bad}");
            assert!(!s.diagnostics.is_empty(), "{bad:?} gave no diagnostic");
        }
    }

    #[test]
    fn an_empty_feed_is_fine() {
        let s = read_all(r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>q</title></feed>"#);
        assert!(s.records.is_empty() && s.diagnostics.is_empty());
    }
}
