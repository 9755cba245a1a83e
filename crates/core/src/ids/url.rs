//! URLs as typed by hand: repairing and normalising them, and finding them in text.

/// What [`normalize_url`] did to a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlFix {
    /// Nothing: the URL was already clean.
    None,
    /// Cosmetic: a scheme was added or trailing punctuation removed.
    Tidied(String),
    /// A typo was repaired (`hhttps://`, `ttps://`).
    Repaired(String),
}

/// A normalised URL and what was done to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedUrl {
    /// The URL after normalisation.
    pub url: String,
    /// What was changed.
    pub fix: UrlFix,
}

const TRAILING_JUNK: &[char] = &[
    '。', '，', ',', '.', ')', '）', '】', ']', '>', '》', ';', '；', '、', '"', '\'', '”', '’',
    '！', '!',
];

/// Hosts we accept without a scheme (`arxiv.org/abs/...`).
fn looks_like_host(s: &str) -> bool {
    let host = s.split('/').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() || !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return false;
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    tld.len() >= 2
        && tld.bytes().all(|c| c.is_ascii_alphabetic())
        && host
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
}

/// Whether `s` starts with the ASCII `prefix`, ignoring ASCII case.
pub(super) fn starts_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `s` ends with the ASCII `suffix`, ignoring ASCII case.
pub(super) fn ends_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()
            .get(s.len() - suffix.len()..)
            .is_some_and(|h| h.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// Normalise a hand-typed URL: repair scheme typos, add a missing scheme, cut trailing
/// punctuation and spaces. Returns `None` when the text is not a URL at all.
pub fn normalize_url(raw: &str) -> Option<NormalizedUrl> {
    let raw = raw.trim();
    let mut s = raw.trim_start_matches(['<', '(', '（']);
    let ascii = s.is_ascii();
    // A URL ends at the first whitespace.
    let space = if ascii {
        // `char::is_whitespace` on ASCII: also the vertical tab.
        s.bytes().position(|b| b.is_ascii_whitespace() || b == 0x0B)
    } else {
        s.find(char::is_whitespace)
    };
    if let Some(i) = space {
        s = &s[..i];
    }
    let mut tidied = false;
    while let Some(c) = s.chars().next_back() {
        if TRAILING_JUNK.contains(&c) {
            // Keep a closing paren that balances one inside the URL (Wikipedia-style links).
            if (c == ')' && s.matches('(').count() >= s.matches(')').count())
                || (c == '）' && s.matches('（').count() >= s.matches('）').count())
            {
                break;
            }
            s = &s[..s.len() - c.len_utf8()];
            tidied = true;
        } else {
            break;
        }
    }
    // Cut at a full-width character that cannot be part of a URL (none in ASCII text).
    let cut = if ascii {
        None
    } else {
        s.find(['。', '，', '；', '）', '】', '》', '“', '”'])
    };
    if let Some(i) = cut {
        s = &s[..i];
        tidied = true;
    }
    if s.is_empty() {
        return None;
    }
    let mut repaired = false;
    let body = if let Some(rest) = strip_scheme(s) {
        if !(starts_ci(s, "http://") || starts_ci(s, "https://")) {
            repaired = true;
        }
        rest
    } else if looks_like_host(s) {
        tidied = true;
        s
    } else {
        return None;
    };
    let scheme = if starts_ci(s, "http://") {
        "http://"
    } else {
        "https://"
    };
    let (host, path) = match body.find('/') {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    if !looks_like_host(host) {
        return None;
    }
    let mut url = String::with_capacity(scheme.len() + body.len());
    url.push_str(scheme);
    url.push_str(host);
    url.make_ascii_lowercase(); // the scheme is lower-case already
    url.push_str(path);
    let fix = if repaired {
        UrlFix::Repaired(raw.to_string())
    } else if tidied || url != raw {
        UrlFix::Tidied(raw.to_string())
    } else {
        UrlFix::None
    };
    Some(NormalizedUrl { url, fix })
}

/// Strip a scheme, including common typos (ignoring ASCII case); returns the rest.
fn strip_scheme(s: &str) -> Option<&str> {
    for p in [
        "https://",
        "http://",
        "hhttps://",
        "hhttp://",
        "ttps://",
        "htps://",
        "htts://",
        "https//",
        "http//",
        "https:/",
        "https:\\\\",
    ] {
        if starts_ci(s, p) {
            // The matched prefix is ASCII, so its end is a character boundary.
            return s.get(p.len()..);
        }
    }
    None
}

/// Split a normalised URL into lower-case host and path (path keeps its case, no query).
pub fn host_path(url: &str) -> (&str, &str) {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    // The query or fragment starts at the first ASCII `?` or `#`: a byte search will do.
    let path = match path.bytes().position(|b| b == b'?' || b == b'#') {
        Some(i) => &path[..i],
        None => path,
    };
    (host.trim_start_matches("www."), path)
}

/// Find every URL in a piece of Markdown text: link destinations and bare URLs,
/// including scheme-less `arxiv.org/...`/`github.com/...`. Returns byte offsets and raw text.
///
/// One pass over the bytes: only an ASCII `h`, `t`, `a`, `g` or `w` can start a URL, so other
/// bytes (including every byte of a multi-byte character) are skipped without work. And every
/// start we look for has a `:` or `.` 3 to 6 bytes after it (`http://`, `www.`, `github.com/`),
/// so the scan jumps (with `memchr`) to 6 bytes before the next one.
pub fn find_urls(text: &str) -> Vec<(usize, &str)> {
    fn starts_ci(hay: &[u8], needle: &[u8]) -> bool {
        hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
    }
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let next_mark = |from: usize| {
        bytes
            .get(from..)
            .and_then(|b| memchr::memchr2(b':', b'.', b))
            .map(|p| p + from)
    };
    // The first `:` or `.` at or after `i + 3`.
    let mut mark = next_mark(3);
    let mut i = 0;
    while i < bytes.len() {
        if mark.is_some_and(|m| m < i + 3) {
            mark = next_mark(i + 3);
        }
        let Some(m) = mark else {
            break;
        };
        if m > i + 6 {
            i = m - 6;
        }
        if !matches!(bytes[i] | 0x20, b'h' | b't' | b'a' | b'g' | b'w') {
            i += 1;
            continue;
        }
        let rest_b = &bytes[i..];
        let prev = i.checked_sub(1).map(|p| bytes[p]);
        let with_scheme = starts_ci(rest_b, b"http://")
            || starts_ci(rest_b, b"https://")
            || starts_ci(rest_b, b"hhttps://")
            || starts_ci(rest_b, b"ttps://");
        let bare_host = (starts_ci(rest_b, b"arxiv.org/")
            || starts_ci(rest_b, b"github.com/")
            || starts_ci(rest_b, b"www."))
            && prev.is_none_or(|p| !p.is_ascii_alphanumeric() && p != b'.' && p != b'/');
        let boundary = prev.is_none_or(|p| !p.is_ascii_alphabetic()) || rest_b.starts_with(b"http");
        if (with_scheme || bare_host) && boundary {
            // `i` is an ASCII byte, hence a char boundary.
            let rest = &text[i..];
            let mut url = &rest[..url_end(rest)];
            // A Markdown link destination ends at the matching ')'.
            if prev == Some(b'(') {
                if let Some(p) = url.find(')') {
                    url = &url[..p];
                }
            } else if url.matches(')').count() > url.matches('(').count() {
                if let Some(p) = url.rfind(')') {
                    url = &url[..p];
                }
            }
            out.push((i, url));
            i += url.len().max(1);
            continue;
        }
        i += 1;
    }
    out
}

/// Where a URL starting `rest` ends: at whitespace, `<>"`|[]`, CJK punctuation (U+3000 to
/// U+303F) or a full-width form (U+FF00 to U+FFEF). ASCII bytes are tested without decoding.
fn url_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x.is_ascii() {
            // ASCII whitespace as `char::is_whitespace` has it: also vertical tab.
            if x.is_ascii_whitespace()
                || matches!(x, 0x0B | b'<' | b'>' | b'"' | b'`' | b'|' | b'[' | b']')
            {
                return i;
            }
            i += 1;
        } else {
            let Some(c) = rest.get(i..).and_then(|r| r.chars().next()) else {
                return i;
            };
            if c.is_whitespace() || crate::text::is_cjk_punct_or_full_width(c) {
                return i;
            }
            i += c.len_utf8();
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_url(s).map(|n| n.url).unwrap_or_default()
    }

    #[test]
    fn urls_are_repaired() {
        for (raw, want) in [
            (
                "hhttps://arxiv.org/pdf/2305.14314.pdf",
                "https://arxiv.org/pdf/2305.14314.pdf",
            ),
            ("ttps://github.com/a/b", "https://github.com/a/b"),
            (
                "arxiv.org/abs/2312.06109",
                "https://arxiv.org/abs/2312.06109",
            ),
            (
                "github.com/zhuyiche/llava-phi",
                "https://github.com/zhuyiche/llava-phi",
            ),
            (" https://x.org/a。", "https://x.org/a"),
            ("https://x.org/a)", "https://x.org/a"),
            ("https://x.org/a）", "https://x.org/a"),
            ("https://x.org/a,", "https://x.org/a"),
            (
                "https://en.wikipedia.org/wiki/A_(b)",
                "https://en.wikipedia.org/wiki/A_(b)",
            ),
        ] {
            assert_eq!(norm(raw), want, "{raw}");
        }
        assert!(normalize_url("not a url").is_none());
        assert!(normalize_url("https://").is_none());
        assert!(matches!(
            normalize_url("hhttps://a.org").unwrap().fix,
            UrlFix::Repaired(_)
        ));
        assert!(matches!(
            normalize_url("a.org/x").unwrap().fix,
            UrlFix::Tidied(_)
        ));
        assert_eq!(normalize_url("https://a.org/x").unwrap().fix, UrlFix::None);
    }

    #[test]
    fn urls_in_text() {
        let t = "见 [pdf](https://a.org/x.pdf)，代码 github.com/a/b 和https://c.org/d。end";
        let found: Vec<&str> = find_urls(t).into_iter().map(|(_, u)| u).collect();
        assert_eq!(
            found,
            vec!["https://a.org/x.pdf", "github.com/a/b", "https://c.org/d"]
        );
    }
}
