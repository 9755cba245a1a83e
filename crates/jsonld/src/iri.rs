//! Building IRIs from catalogue text: percent-encoding (RFC 3987) and URL checks.

use std::borrow::Cow;

/// `ucschar` of RFC 3987: non-ASCII characters an IRI may hold unencoded.
fn is_ucschar(c: char) -> bool {
    let c = u32::from(c);
    matches!(c,
        0xA0..=0xD7FF | 0xF900..=0xFDCF | 0xFDF0..=0xFFEF
        | 0x10000..=0x1FFFD | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD
        | 0x40000..=0x4FFFD | 0x50000..=0x5FFFD | 0x60000..=0x6FFFD
        | 0x70000..=0x7FFFD | 0x80000..=0x8FFFD | 0x90000..=0x9FFFD
        | 0xA0000..=0xAFFFD | 0xB0000..=0xBFFFD | 0xC0000..=0xCFFFD
        | 0xD0000..=0xDFFFD | 0xE1000..=0xEFFFD)
}

/// Characters kept as they are: ASCII unreserved, the ASCII characters in `keep`, and
/// non-ASCII `ucschar`s that are not white space (an IRI may hold them, a reader cannot see them).
fn kept(c: char, keep: &str) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '.' | '_' | '~')
        || (c.is_ascii() && keep.contains(c))
        || (!c.is_ascii() && is_ucschar(c) && !c.is_whitespace())
}

fn push_encoded(out: &mut String, c: char) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xF)]));
    }
}

/// Percent-encodes `s` for use inside an IRI path, keeping unreserved characters, readable
/// non-ASCII text and the ASCII characters of `keep`. `%` is always encoded, so decoding gives
/// `s` back.
pub(crate) fn encode(s: &str, keep: &str) -> String {
    let mut out = String::with_capacity(s.len());
    encode_into(&mut out, s, keep);
    out
}

/// [`encode`], appending to `out`.
fn encode_into(out: &mut String, s: &str, keep: &str) {
    for c in s.chars() {
        if c != '%' && kept(c, keep) {
            out.push(c);
        } else {
            push_encoded(out, c);
        }
    }
}

/// A path segment: everything but unreserved characters and readable text is encoded
/// (including `/`), and the empty string becomes `_` so that segments never vanish.
pub(crate) fn segment(s: &str) -> String {
    if s.is_empty() {
        "_".to_string()
    } else {
        encode(s, "")
    }
}

/// Characters of a DOI or arXiv id that stay as they are in a resolver URL: RFC 3986 path
/// characters (`pchar` and `/`), everything but `%`, `?`, `#`, `[`, `]` and the ones IRIs forbid.
const PATH_CHARS: &str = "!$&'()*+,;=:@/";

/// A resolver URL for an identifier: `prefix` followed by the id, encoded as a path.
pub(crate) fn resolver(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + id.len() + 1);
    out.push_str(prefix);
    encode_into(&mut out, id, PATH_CHARS);
    out
}

/// Checks and cleans a URL taken from the catalogue for use as an IRI value.
///
/// Only absolute `http`/`https` URLs are accepted (anything else is `None`). Characters an IRI
/// may not hold (spaces, `<>"{}|\^` and backquotes, controls, non-characters) are
/// percent-encoded, and so is a `%` that does not start an escape; the rest is kept as written.
pub(crate) fn clean_url(url: &str) -> Option<Cow<'_, str>> {
    let url = url.trim();
    let scheme_end = url.find("://")?;
    let scheme = &url[..scheme_end];
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    if url.len() == scheme_end + 3 {
        return None;
    }
    let bytes = url.as_bytes();
    let keep = |i: usize, c: char| {
        let escape = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        escape || (c != '%' && kept(c, ":/?#[]@!$&'()*+,;="))
    };
    // Most URLs need no change: borrow them.
    let Some(first) = url.char_indices().position(|(i, c)| !keep(i, c)) else {
        return Some(Cow::Borrowed(url));
    };
    let mut out = String::with_capacity(url.len() + 8);
    for (n, (i, c)) in url.char_indices().enumerate() {
        if n >= first && !keep(i, c) {
            push_encoded(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Some(Cow::Owned(out))
}

/// Checks `base` as a base IRI: an absolute IRI (a scheme, then characters an IRI may hold).
/// Returns the base with a `/` appended when it ends in neither `/` nor `#`, or why it is bad.
pub(crate) fn check_base(base: &str) -> Result<String, &'static str> {
    let Some(colon) = base.find(':') else {
        return Err("it has no scheme (it must be absolute, like https://example.org/catalogue/)");
    };
    let scheme = &base[..colon];
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(
            "it has no valid scheme (it must be absolute, like https://example.org/catalogue/)",
        );
    }
    if !is_iri_text(base) {
        return Err(
            "it holds a character an IRI may not hold (white space, <, >, \", {, }, |, \\, ^ or `)",
        );
    }
    if base.ends_with('/') || base.ends_with('#') {
        Ok(base.to_string())
    } else {
        Ok(format!("{base}/"))
    }
}

/// True when `s` holds only characters an IRI may hold.
pub(crate) fn is_iri_text(s: &str) -> bool {
    s.chars().all(|c| c == '%' || kept(c, ":/?#[]@!$&'()*+,;="))
}

/// Decodes `%XX` escapes (used by tests).
#[cfg(test)]
pub(crate) fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn segments_keep_readable_text() {
        assert_eq!(segment("多模态篇"), "多模态篇");
        assert_eq!(segment("搜索 篇"), "搜索%20篇");
        assert_eq!(segment("a/b%c"), "a%2Fb%25c");
        assert_eq!(segment("全角\u{3000}空格"), "全角%E3%80%80空格");
        assert_eq!(segment(""), "_");
    }

    #[test]
    fn resolvers_encode_only_what_they_must() {
        assert_eq!(
            resolver("https://arxiv.org/abs/", "hep-th/9901001"),
            "https://arxiv.org/abs/hep-th/9901001"
        );
        assert_eq!(
            resolver(
                "https://doi.org/",
                "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"
            ),
            "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-O"
        );
        assert_eq!(
            resolver("https://doi.org/", "10.1/a#b?c%d"),
            "https://doi.org/10.1/a%23b%3Fc%25d"
        );
    }

    #[test]
    fn urls_are_checked_and_cleaned() {
        assert_eq!(
            clean_url("https://github.com/a/b").as_deref(),
            Some("https://github.com/a/b")
        );
        assert_eq!(
            clean_url(" HTTP://x.org/a b?q=1#f ").as_deref(),
            Some("HTTP://x.org/a%20b?q=1#f")
        );
        assert_eq!(
            clean_url("https://x.org/%E4%B8%AD/100%/<b>").as_deref(),
            Some("https://x.org/%E4%B8%AD/100%25/%3Cb%3E")
        );
        assert_eq!(
            clean_url("https://zh.wikipedia.org/wiki/论文").as_deref(),
            Some("https://zh.wikipedia.org/wiki/论文")
        );
        assert_eq!(clean_url("javascript:alert(1)"), None);
        assert_eq!(clean_url("ftp://x.org/"), None);
        assert_eq!(clean_url("notes/readme.md"), None);
        assert_eq!(clean_url("https://"), None);
        assert_eq!(clean_url("dc://x"), None);
    }

    #[test]
    fn base_iris_are_checked() {
        assert_eq!(check_base("https://x.org/c/").unwrap(), "https://x.org/c/");
        assert_eq!(check_base("https://x.org/c").unwrap(), "https://x.org/c/");
        assert_eq!(check_base("urn:x:y#").unwrap(), "urn:x:y#");
        assert!(check_base("").is_err());
        assert!(check_base("catalogue/").is_err());
        assert!(check_base("1http://x").is_err());
        assert!(check_base("https://x.org/a b/").is_err());
        assert!(check_base("_:b0").is_err());
    }

    proptest! {
        #[test]
        fn segment_round_trips(s in any::<String>()) {
            let seg = segment(&s);
            prop_assert!(is_iri_text(&seg));
            prop_assert!(!seg.contains('/') && !seg.contains('#') && !seg.contains('?'));
            prop_assert!(!seg.chars().any(char::is_whitespace));
            if !s.is_empty() {
                prop_assert_eq!(decode(&seg), s);
            }
        }

        #[test]
        fn resolver_round_trips(s in any::<String>()) {
            let url = resolver("https://doi.org/", &s);
            prop_assert!(is_iri_text(&url));
            prop_assert!(!url["https://".len()..].contains(['?', '#']));
            prop_assert_eq!(decode(&url["https://doi.org/".len()..]), s);
        }

        #[test]
        fn clean_urls_are_iris(s in any::<String>()) {
            let url = format!("https://x.org/{s}");
            let clean = clean_url(&url).unwrap();
            prop_assert!(is_iri_text(&clean));
            prop_assert!(!clean.chars().any(char::is_whitespace));
            prop_assert!(clean.starts_with("https://x.org/"));
        }
    }
}
