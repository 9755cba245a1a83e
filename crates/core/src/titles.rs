//! Title hygiene: what a careful reader strips from a title as written in a list.
//!
//! - list numbering: `23. Title`, `(3) Title`, `1.2 标题`;
//! - book-title marks: `《Title》`;
//! - a trailing Chinese gloss after a bar: `Title | 中文描述`;
//! - a leading `[TAG]` and a trailing venue or affiliation tag: `[DCN] Title (Google 2017)`,
//!   `Title (NIPS 2012)`, `Title (2014)`, `[CVPR 2021] Title` (the venue is returned by
//!   `venue_tag`);
//! - surrounding quotes and a final full stop.
//!
//! An English title that contains a parenthesised Chinese name keeps it.

use crate::text;

/// The title with list numbering, `《》`, glosses, tags and quotes removed.
pub(crate) fn clean_title(raw: &str) -> String {
    if is_clean(raw) {
        return raw.to_string();
    }
    let mut t = raw.trim().to_string();
    // `Title | 中文描述`: keep the English part.
    if let Some((a, b)) = t.split_once(" | ") {
        if text::has_cjk(b) && !text::has_cjk(a) && !a.trim().is_empty() {
            t = a.trim().to_string();
        }
    }
    let s = strip_numbering(&t);
    let mut s = s.trim();
    if let Some(inner) = s.strip_prefix('《').and_then(|x| x.strip_suffix('》')) {
        s = inner.trim();
    }
    // A leading `[TAG] ` (`[DCN] Deep & Cross Network`).
    if s.starts_with('[') {
        if let Some(close) = s.find(']') {
            let rest = s[close + 1..].trim_start();
            if close <= 40 && looks_titled(rest) {
                s = rest;
            }
        }
    }
    let mut out = s.to_string();
    // A trailing `(Google 2017)` / `(NIPS 2012)` / `[CVPR 2021]` tag.
    if let Some((rest, _)) = split_trailing_tag(&out) {
        if looks_titled(rest) {
            out = rest.to_string();
        }
    }
    let out = out.trim().trim_end_matches(['.', '。']).trim_end();
    let out = strip_quotes(out);
    let out = out.trim_end_matches(['.', '。']).trim_end();
    text::collapse_spaces(out)
}

/// Whether [`clean_title`] has nothing to do: no leading number, bracket, quote or `《`, no
/// ` | `, no trailing bracket, quote or full stop, single spaces, no spaces at the ends.
fn is_clean(raw: &str) -> bool {
    let b = raw.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return true;
    };
    let bad_first = first.is_ascii_digit()
        || matches!(first, b'(' | b'[' | b'"' | b'\'' | b' ')
        || first >= 0x80;
    let bad_last = matches!(last, b')' | b']' | b'"' | b'\'' | b'.' | b' ') || last >= 0x80;
    !bad_first
        && !bad_last
        && !b
            .windows(2)
            .any(|w| w == b"  " || w == b" |" || w[0] == b'\t' || w[0] == b'\n')
}

/// Whether what is left after removing a tag still reads as a title.
fn looks_titled(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphanumeric()).count() >= 3
}

/// Surrounding straight or curly quotes.
fn strip_quotes(s: &str) -> &str {
    for (a, b) in [
        ('"', '"'),
        ('“', '”'),
        ('”', '“'),
        ('「', '」'),
        ('\'', '\''),
    ] {
        if let Some(inner) = s.strip_prefix(a).and_then(|x| x.strip_suffix(b)) {
            if !inner.contains(a) && !inner.contains(b) {
                return inner.trim();
            }
        }
    }
    s
}

/// Whether a title or tag names something that is not a paper: slides, a handbook, a
/// tutorial, lecture notes, a book (`[Recsys Intro slides] ...`,
/// `Thompson Sampling Slides`).
pub(crate) fn names_non_paper(text: &str) -> bool {
    const WORDS: [&[u8]; 6] = [
        b"slides",
        b"slide",
        b"handbook",
        b"tutorial",
        b"lecture",
        b"lectures",
    ];
    // Whole ASCII words, compared without case and without allocating.
    text.as_bytes()
        .split(|b| !b.is_ascii_alphanumeric())
        .filter(|w| (5..=8).contains(&w.len()))
        .any(|w| WORDS.iter().any(|x| x.eq_ignore_ascii_case(w)))
}

/// `23. Title`, `23) Title`, `(3) Title`, `1.2 Title`, `No. 3 Title` -> `Title`.
pub fn strip_numbering(s: &str) -> &str {
    let t = s.trim_start();
    let body = t.strip_prefix('(').or_else(|| t.strip_prefix('（'));
    if let Some(b) = body {
        let d = b.bytes().take_while(u8::is_ascii_digit).count();
        if d > 0 && d < 4 {
            if let Some(rest) = b[d..].strip_prefix([')', '）']) {
                return rest.trim_start();
            }
        }
        return t;
    }
    let d = t
        .bytes()
        .take_while(|b| b.is_ascii_digit() || *b == b'.')
        .count();
    if d == 0 || !t.as_bytes()[0].is_ascii_digit() {
        return t;
    }
    let num = &t[..d];
    let rest = &t[d..];
    // `2023 Title` or `3D Vision` is not numbering: a number needs a dot or `)` after it, or
    // (for `1.2`) a dotted form followed by a space; at most 3 digits per part.
    let parts_ok = num
        .split('.')
        .filter(|p| !p.is_empty())
        .all(|p| p.len() <= 3);
    let numbered = parts_ok
        && ((num.ends_with('.') && rest.starts_with([' ', '\t']))
            || (num.contains('.') && rest.starts_with(' '))
            || rest.starts_with(") ")
            || rest.starts_with("、"));
    if !numbered {
        return t;
    }
    let rest = rest
        .strip_prefix(')')
        .or_else(|| rest.strip_prefix('、'))
        .unwrap_or(rest);
    let rest = rest.trim_start();
    if rest.is_empty() {
        t
    } else {
        rest
    }
}

/// A trailing bracketed tag: `Title (NIPS 2012)` gives (`Title`, `NIPS 2012`). Only tags
/// that end in a year (or are a known venue) count, so `Attention (Is All You Need)` stays.
pub(crate) fn split_trailing_tag(s: &str) -> Option<(&str, &str)> {
    let t = s.trim_end();
    let (open, close) = if t.ends_with(')') {
        ('(', ')')
    } else if t.ends_with('）') {
        ('（', '）')
    } else if t.ends_with(']') {
        ('[', ']')
    } else {
        return None;
    };
    let inner_end = t.len() - close.len_utf8();
    let open_at = t[..inner_end].rfind(open)?;
    let inner = t[open_at + open.len_utf8()..inner_end].trim();
    let rest = t[..open_at].trim_end();
    if rest.is_empty() || inner.is_empty() || inner.len() > 40 {
        return None;
    }
    let ends_year = inner
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .is_some_and(|y| text::is_19xx_or_20xx(y) || y.len() == 2)
        && inner.chars().any(|c| c.is_ascii_alphabetic());
    let venue = text::is_known_venue(inner);
    // A bare year (`Title (2014)`): the date the list gives, not part of the title.
    let bare_year = text::is_19xx_or_20xx(inner);
    (ends_year || venue || bare_year).then_some((rest, inner))
}

/// A venue written in a title or heading (`(NIPS 2012)`, `[CVPR 2021]`, `EMNLP'23`).
pub(crate) fn venue_tag(s: &str) -> Option<String> {
    let t = s.trim();
    if let Some((_, inner)) = split_trailing_tag(t) {
        if text::is_known_venue(inner) {
            return Some(inner.to_string());
        }
    }
    if let Some(rest) = t.strip_prefix('[') {
        if let Some(close) = rest.find(']') {
            let inner = &rest[..close];
            if text::is_known_venue(inner)
                && text::parse_venue(inner).is_some_and(|v| v.year.is_some())
            {
                return Some(inner.to_string());
            }
        }
    }
    None
}

/// A reference written as one citation string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    /// The author list as written.
    pub authors: String,
    /// The title.
    pub title: String,
    /// The venue as written, if any.
    pub venue: Option<String>,
    /// The year, if written.
    pub year: Option<String>,
}

/// Split a citation string into authors, title, venue and year:
/// GB/T 7714 (`Wang Y, Li J. Title[C]//Proceedings of ACL. 2021: 100-110.`, `[J]. Journal,
/// 2020, 3(2): 1-9.`) or `Authors. Title. Venue, 2021.`. `None` when the text does not
/// start with an author list followed by a title.
pub(crate) fn split_citation(raw: &str) -> Option<Citation> {
    let t = raw.trim();
    let year_in = |s: &str| -> Option<String> {
        s.split(|c: char| !c.is_ascii_digit())
            .find(|y| text::is_19xx_or_20xx(y))
            .map(str::to_string)
    };
    // The author list ends at the first `. ` after which a title follows.
    let dot = t.find(". ")?;
    let authors = t[..dot].trim();
    if !text::looks_like_author_list(authors) && !authors.ends_with("et al") {
        return None;
    }
    let rest = t[dot + 2..].trim();
    // GB/T 7714: `Title[C]//Venue. Year` or `Title[J]. Journal, Year`.
    for marker in ["[C]", "[J]", "[D]", "[M]", "[R]", "[A]", "[EB/OL]", "[Z]"] {
        if let Some(at) = rest.find(marker) {
            let title = rest[..at].trim().trim_end_matches('.').trim().to_string();
            let after = rest[at + marker.len()..]
                .trim_start_matches(['/', '.', ' '])
                .trim();
            let venue = after
                .split(['.', ','])
                .next()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty() && year_in(v).as_deref() != Some(v.as_str()));
            if title.is_empty() {
                return None;
            }
            return Some(Citation {
                authors: authors.to_string(),
                title,
                venue,
                year: year_in(after),
            });
        }
    }
    // `Authors. Title. Venue, 2021.`
    let (title, tail) = rest.split_once(". ")?;
    let year = year_in(tail)?;
    let venue = tail
        .trim()
        .trim_end_matches('.')
        .split(',')
        .next()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty() && *v != year);
    (title.split_whitespace().count() >= 2).then(|| Citation {
        authors: authors.to_string(),
        title: title.trim().to_string(),
        venue,
        year: Some(year),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hygiene() {
        for (raw, want) in [
            ("23. Some Title", "Some Title"),
            ("《深度学习》", "深度学习"),
            (
                "Attention Is All You Need | 注意力",
                "Attention Is All You Need",
            ),
            (
                "[DCN] Deep & Cross Network for Ad Click Predictions (Stanford 2017)",
                "Deep & Cross Network for Ad Click Predictions",
            ),
            (
                "\"mT5: A massively multilingual model\".",
                "mT5: A massively multilingual model",
            ),
            ("1.2 中文标题 (NIPS 2012)", "中文标题"),
        ] {
            assert_eq!(clean_title(raw), want, "{raw}");
        }
        // Kept as they are.
        for raw in [
            "3D Vision Transformers",
            "2023 in Review",
            "GPT (Generative Pre-Training) Explained",
            "LLaVA (大型语言视觉助手): Visual Instruction Tuning",
        ] {
            assert_eq!(clean_title(raw), raw);
        }
    }

    #[test]
    fn citations() {
        let c = split_citation(
            "Wang Y, Li J, Chen H. Knowledge distillation for small models[C]//Proceedings of ACL. 2021: 100-110.",
        )
        .unwrap();
        assert_eq!(c.authors, "Wang Y, Li J, Chen H");
        assert_eq!(c.title, "Knowledge distillation for small models");
        assert_eq!(c.venue.as_deref(), Some("Proceedings of ACL"));
        assert_eq!(c.year.as_deref(), Some("2021"));
        let c = split_citation(
            "Ashish Vaswani, Noam Shazeer. Attention is all you need. NeurIPS, 2017.",
        )
        .unwrap();
        assert_eq!(c.title, "Attention is all you need");
        assert_eq!(c.venue.as_deref(), Some("NeurIPS"));
        assert_eq!(split_citation("这是一句笔记。不是引用"), None);
        assert_eq!(
            split_citation("Transformers are great. We use them a lot."),
            None
        );
    }

    #[test]
    fn venue_tags() {
        assert_eq!(
            venue_tag("中文标题 (NIPS 2012)").as_deref(),
            Some("NIPS 2012")
        );
        assert_eq!(venue_tag("[CVPR 2021] Title").as_deref(), Some("CVPR 2021"));
        assert_eq!(venue_tag("Title (Google 2017)"), None);
    }
}
