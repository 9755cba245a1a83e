//! The reference item: `1. **Title.** Venue. *Authors.* [[pdf](url)] 2021.11`, read from the
//! segments of a list item's own inline content.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::ids;
use crate::model::{Field, FieldKind, LinkKind};
use crate::text::{self, collapse_spaces};

/// One piece of a list item's own inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    /// Text, with the emphasis it stands in.
    Text {
        text: String,
        strong: bool,
        emph: bool,
    },
    /// A link with its text; `open` while its text is still being read.
    Link {
        url: String,
        text: String,
        strong: bool,
        open: bool,
    },
}

/// Record one inline event of a list item's own content.
pub(crate) fn push_seg(segs: &mut Vec<Seg>, strong: &mut usize, emph: &mut usize, ev: &Event<'_>) {
    let text = match ev {
        Event::Start(Tag::Strong) => {
            *strong += 1;
            return;
        }
        Event::End(TagEnd::Strong) => {
            *strong = strong.saturating_sub(1);
            return;
        }
        Event::Start(Tag::Emphasis) => {
            *emph += 1;
            return;
        }
        Event::End(TagEnd::Emphasis) => {
            *emph = emph.saturating_sub(1);
            return;
        }
        Event::Start(Tag::Link { dest_url, .. }) => {
            segs.push(Seg::Link {
                url: dest_url.to_string(),
                text: String::new(),
                strong: *strong > 0,
                open: true,
            });
            return;
        }
        Event::End(TagEnd::Link) => {
            if let Some(Seg::Link { open, .. }) = segs.last_mut() {
                *open = false;
            }
            return;
        }
        Event::Text(t) | Event::Code(t) => t.as_ref(),
        Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => " ",
        _ => return,
    };
    let (s, e) = (*strong > 0, *emph > 0);
    match segs.last_mut() {
        Some(Seg::Link {
            text: lt,
            open: true,
            ..
        }) => lt.push_str(text),
        Some(Seg::Text {
            text: t,
            strong,
            emph,
        }) if *strong == s && *emph == e => t.push_str(text),
        _ => segs.push(Seg::Text {
            text: text.to_string(),
            strong: s,
            emph: e,
        }),
    }
}

/// A list item read as a reference item.
pub(crate) struct Reference {
    /// The bold title, without its trailing full stop.
    pub title: String,
    /// A relative link among the item's links.
    pub note_link: Option<String>,
    /// Title, venue, authors, one field per link, date.
    pub fields: Vec<Field>,
}

fn is_date_token(t: &str) -> bool {
    let parts: Vec<&str> = t.split(['.', '-', '/']).collect();
    parts.len() <= 3
        && parts[0].len() == 4
        && parts.iter().all(|p| p.bytes().all(|c| c.is_ascii_digit()))
        && parts[1..].iter().all(|p| (1..=2).contains(&p.len()))
        && text::parse_date(t).is_some()
}

fn is_url(u: &str) -> bool {
    u.contains("://") || u.starts_with("www.")
}

/// `s` cut down to `trim(&s)`, a part of it; no copy when nothing is cut.
fn trimmed(s: String, trim: impl FnOnce(&str) -> &str) -> String {
    let t = trim(&s);
    if t.len() == s.len() {
        s
    } else {
        t.to_string()
    }
}

/// Authors written as plain text before the venue, up to `et al.` (`Laskar et al.* ACL'23`),
/// with the stray emphasis marks of a broken `*…*` dropped: the authors and the rest.
fn split_plain_authors(text: &str) -> Option<(String, String)> {
    let at = text.find(" et al")?;
    let mut end = at + " et al".len();
    if text[end..].starts_with('.') {
        end += 1;
    }
    let marks = |c: char| c.is_whitespace() || matches!(c, '*' | '_' | '.' | ',' | '，');
    let names = text[..at].trim_matches(marks);
    // Names only: not `In Proceedings of X, edited by Smith et al.`.
    let prose = names.starts_with("In ")
        || [" by ", "Proceedings", "Conference", "Journal"]
            .iter()
            .any(|w| names.contains(w));
    if names.is_empty()
        || prose
        || names.chars().count() > 120
        || names
            .chars()
            .any(|c| c.is_ascii_digit() || c == '*' || c == '_')
    {
        return None;
    }
    let rest = text[end..].trim_matches(marks);
    Some((format!("{names} et al."), rest.to_string()))
}

/// `1. **Title.** Venue. *A, B, and C.* [[pdf](url)] [[project](url)] 2021.11`: an item whose
/// own content opens with a bold title and carries a paper link, or authors with a venue or
/// date. `None` for anything else (a bold question, a bold note link).
pub(crate) fn reference_item(segs: &[Seg], line: u32) -> Option<Reference> {
    let mut i = 0;
    while let Some(Seg::Text { text, .. }) = segs.get(i) {
        if !text.trim().is_empty() {
            break;
        }
        i += 1;
    }
    // A short lead before the bold title: a model name (`<u>mT5</u>: **"Title"**`) or a
    // decoration (`🌟 **Title**`). It is kept as a `name` field.
    let mut lead = String::new();
    let mut j = i;
    while let Some(Seg::Text {
        text,
        strong: false,
        emph: false,
    }) = segs.get(j)
    {
        lead.push_str(text);
        j += 1;
    }
    let lead_t = lead.trim();
    if j > i
        && matches!(
            segs.get(j),
            Some(Seg::Text { strong: true, .. } | Seg::Link { strong: true, .. })
        )
        && lead_t.chars().count() <= 40
        && (lead_t.ends_with([':', '：']) || !lead_t.chars().any(char::is_alphanumeric))
    {
        i = j;
    } else {
        lead.clear();
    }
    let lead = lead.trim().trim_end_matches([':', '：']).trim().to_string();
    let mut title = String::new();
    let mut links: Vec<(String, String)> = Vec::new();
    while let Some(seg) = segs.get(i) {
        match seg {
            Seg::Text {
                text, strong: true, ..
            } => title.push_str(text),
            Seg::Link {
                url,
                text,
                strong: true,
                ..
            } => {
                title.push_str(text);
                links.push((String::new(), url.clone()));
            }
            _ => break,
        }
        i += 1;
    }
    let title = crate::titles::clean_title(&collapse_spaces(&title));
    if title.is_empty() {
        return None;
    }
    let mut venue = String::new();
    let mut authors: Option<String> = None;
    let mut authors_done = false;
    let mut tail = String::new();
    let mut after_venue = false;
    for seg in &segs[i..] {
        match seg {
            Seg::Text {
                text, emph: true, ..
            } if !authors_done => {
                authors.get_or_insert_with(String::new).push_str(text);
                after_venue = true;
            }
            Seg::Text { text, .. } => {
                if authors.is_some() {
                    authors_done = true;
                }
                if after_venue {
                    tail.push_str(text);
                    tail.push(' ');
                } else {
                    venue.push_str(text);
                }
            }
            Seg::Link { url, text, .. } => {
                if authors.is_some() {
                    authors_done = true;
                }
                after_venue = true;
                links.push((text.trim().to_string(), url.clone()));
            }
        }
    }
    // `Laskar et al.* ACL'23` or `*Wang et al. *arXiv 2021`: emphasis the source broke, so the
    // authors came as plain text before the venue.
    if authors.is_none() {
        if let Some((a, v)) = split_plain_authors(&venue) {
            authors = Some(a);
            venue = v;
        }
    }
    let venue = venue
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || ".,，;；[(".contains(c))
        .to_string();
    let mut venue = (!venue.is_empty() && venue.chars().count() <= 80).then_some(venue);
    if venue.is_none() {
        // `**Title**. *A et al.* arXiv 2022. [[Paper](…)]`: the venue follows the authors.
        // Up to the brackets of the links (`ICLR 2022. [[Paper](…)]` leaves `[ ]` in the text).
        let after = tail
            .split('[')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(|c: char| c.is_whitespace() || ".,，;；(".contains(c));
        if !after.is_empty() && after.chars().count() <= 40 && text::is_known_venue(after) {
            venue = Some(after.to_string());
        }
    }
    let date = tail
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| "[](),;；，。".contains(c)))
        .map(|t| t.trim_end_matches('.'))
        .rfind(|t| is_date_token(t))
        .map(str::to_string);
    let authors = authors
        .map(|a| {
            trimmed(collapse_spaces(&a), |a| {
                a.trim_end_matches(['.', ',']).trim()
            })
        })
        .filter(|a| !a.is_empty());
    let paperish = links.iter().any(|(label, url)| {
        is_url(url)
            && ids::normalize_url(url).is_some_and(|n| {
                let hint = match text::label_kind(label) {
                    FieldKind::Link => Some(LinkKind::Paper),
                    FieldKind::Code => Some(LinkKind::Code),
                    _ => crate::evidence::other_hint(label),
                };
                matches!(ids::classify(&n.url, hint), LinkKind::Paper | LinkKind::Pdf)
            })
    });
    if !(paperish || (authors.is_some() && (venue.is_some() || date.is_some()))) {
        return None;
    }
    let field = |label: &str, kind: FieldKind, text: String| Field {
        label: label.to_string(),
        kind,
        text,
        line,
    };
    let mut fields = vec![field("", FieldKind::Title, title.clone())];
    if lead.chars().any(char::is_alphanumeric) {
        fields.push(field("name", FieldKind::Other, lead));
    }
    if let Some(v) = venue {
        fields.push(field("", FieldKind::Venue, v));
    }
    if let Some(a) = authors {
        fields.push(field("", FieldKind::Authors, a));
    }
    let mut note_link = None;
    for (label, url) in links {
        if is_url(&url) {
            let kind = if label.is_empty() {
                FieldKind::Link
            } else {
                text::label_kind(&label)
            };
            fields.push(field(&label, kind, url));
        } else if note_link.is_none() && !url.starts_with('#') && !url.is_empty() {
            note_link = Some(url);
        }
    }
    if let Some(d) = date {
        fields.push(field("", FieldKind::Date, d));
    }
    Some(Reference {
        title,
        note_link,
        fields,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_authors_before_the_venue() {
        let split = |t: &str| split_plain_authors(t);
        assert_eq!(
            split(" Laskar et al.* ACL'23. "),
            Some(("Laskar et al.".into(), "ACL'23".into()))
        );
        assert_eq!(
            split("  *Shuohuan Wang et al. *arXiv 2021. "),
            Some(("Shuohuan Wang et al.".into(), "arXiv 2021".into()))
        );
        // Not names: prose, a journal, no `et al.`, nothing before it.
        let taken: Vec<_> = [
            "In Proceedings of ACL, edited by Smith et al., 2020",
            "Journal of Things, Smith et al.",
            "arXiv 2021",
            " et al.",
        ]
        .into_iter()
        .filter_map(split)
        .collect();
        assert!(taken.is_empty(), "{taken:?}");
    }

    #[test]
    fn dates() {
        for (token, date) in [
            ("2021.11", true),
            ("2024.01.20", true),
            ("1706.03762", false),
            ("12345", false),
            ("2012.08755", false),
        ] {
            assert_eq!(is_date_token(token), date, "{token}");
        }
    }
}
