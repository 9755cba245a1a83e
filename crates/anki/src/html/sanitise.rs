//! What sanitising keeps: allowed link schemes (as ammonia decides), `<script>` and `<style>`
//! elements dropped before parsing, control characters removed.

use std::borrow::Cow;

/// ammonia's default URL schemes (`ammonia::Builder::default().url_schemes`).
const URL_SCHEMES: [&str; 25] = [
    "bitcoin",
    "ftp",
    "ftps",
    "geo",
    "http",
    "https",
    "im",
    "irc",
    "ircs",
    "magnet",
    "mailto",
    "mms",
    "mx",
    "news",
    "nntp",
    "openpgp4fpr",
    "sip",
    "sms",
    "smsto",
    "ssh",
    "tel",
    "url",
    "webcal",
    "wtai",
    "xmpp",
];

/// The `rel` ammonia adds to every link.
pub(super) const LINK_REL: &str = " rel=\"noopener noreferrer\">";

/// Whether ammonia keeps `url` as an `href`: a relative URL, or an absolute one with an
/// allowed scheme (the same test as ammonia's, with the same URL parser).
pub(super) fn url_allowed(url: &str) -> bool {
    if plain_http_url(url) {
        return true;
    }
    match url::Url::parse(url) {
        Ok(u) => URL_SCHEMES.contains(&u.scheme()),
        Err(e) => e == url::ParseError::RelativeUrlWithoutBase,
    }
}

/// Whether `url` is `http://` or `https://` with a plain host (lower-case ASCII letters,
/// digits, `-` and dots between non-empty labels, no `xn--` label, no port or user, the last
/// label starting with a letter so that it is never read as an IPv4 address): such a URL
/// always parses, whatever its path, query or fragment.
pub(super) fn plain_http_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let host = &rest[..end];
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with("xn--")
                && label
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        })
        && host
            .rsplit('.')
            .next()
            .is_some_and(|last| last.as_bytes()[0].is_ascii_lowercase())
        // Tabs and line breaks anywhere are dropped by the URL parser; a trailing space or
        // control character is trimmed. Leave both to it.
        && !url.bytes().any(|c| c <= b' ')
}

/// Whether `hay` contains `needle` (ASCII lower case) in any letter case.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
}

/// Removes `<script>` and `<style>` elements, content included, before Markdown parsing.
///
/// ammonia would drop them anyway, but CommonMark makes a line starting with `<script>` a raw
/// HTML block, which would also swallow the Markdown after it on that line (bold, links).
pub(super) fn drop_script_elements(md: &str) -> Cow<'_, str> {
    if !md.contains('<')
        || (!contains_ignore_case(md, "<script") && !contains_ignore_case(md, "<style"))
    {
        return Cow::Borrowed(md);
    }
    Cow::Owned(drop_script_elements_slow(md))
}

pub(super) fn drop_script_elements_slow(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    'outer: loop {
        let lower = rest.to_ascii_lowercase();
        let mut found = None;
        for name in ["script", "style"] {
            let mut from = 0;
            while let Some(p) = lower[from..].find(&format!("<{name}")).map(|p| p + from) {
                let after = lower.as_bytes().get(p + 1 + name.len()).copied();
                if matches!(after, None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n')) {
                    match found {
                        Some((q, _)) if q <= p => {}
                        _ => found = Some((p, name)),
                    }
                    break;
                }
                from = p + 1;
            }
        }
        let Some((start, name)) = found else {
            out.push_str(rest);
            break 'outer;
        };
        out.push_str(&rest[..start]);
        let close = format!("</{name}");
        let end = lower[start..].find(&close).map(|c| {
            let c = start + c;
            lower[c..].find('>').map_or(lower.len(), |g| c + g + 1)
        });
        match end {
            Some(end) => rest = &rest[end..],
            None => break 'outer,
        }
    }
    out
}

/// Removes control characters other than tab and line breaks (`\x1f` separates Anki fields)
/// and turns `\r\n` and lone `\r` into `\n`. Borrows when there is nothing to remove.
pub(super) fn clean_controls(s: &str) -> Cow<'_, str> {
    if !needs_cleaning(s) {
        return Cow::Borrowed(s);
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(
        s.chars()
            .filter(|&c| c == '\t' || c == '\n' || !c.is_control())
            .collect(),
    )
}

/// Whether `s` has a `\r` or a control character other than tab and `\n` (C0, DEL, C1).
fn needs_cleaning(s: &str) -> bool {
    let b = s.as_bytes();
    // A branch-free test per chunk (vectorised), the exact one only where it hits: 0xC2 also
    // starts `·`, `°`, no-break space...
    for (n, chunk) in b.chunks(32).enumerate() {
        let maybe = chunk.iter().fold(false, |acc, &c| {
            acc | ((c < 0x20) & (c != b'\t') & (c != b'\n')) | (c == 0x7f) | (c == 0xC2)
        });
        if maybe {
            let at = n * 32;
            let exact = chunk.iter().enumerate().any(|(i, &c)| {
                (c < 0x20 && c != b'\t' && c != b'\n')
                    || c == 0x7f
                    || (c == 0xC2 && b.get(at + i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
            });
            if exact {
                return true;
            }
        }
    }
    false
}
