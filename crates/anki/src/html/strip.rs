//! Reading HTML back: stripping tags as Anki does, decoding entities, and turning bold
//! phrases into clozes.

/// Copies `s` to `out`, except that at every `marker` it hands the text from there on to
/// `replace`, which writes what it makes of what it reads and returns the text after that.
fn rewrite<'a>(
    s: &'a str,
    marker: char,
    out: &mut String,
    mut replace: impl FnMut(&'a str, &mut String) -> &'a str,
) {
    let mut rest = s;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at]);
        rest = replace(&rest[at..], out);
    }
    out.push_str(rest);
}

/// Decodes the two entities `escape_href` writes (`&amp;`, `&#x27;`); every other character
/// it writes is plain ASCII.
pub(super) fn unescape_href(out: &mut String, s: &str) {
    rewrite(s, '&', out, |tail, out| {
        if let Some(t) = tail.strip_prefix("&amp;") {
            out.push('&');
            t
        } else if let Some(t) = tail.strip_prefix("&#x27;") {
            out.push('\'');
            t
        } else {
            out.push('&');
            &tail[1..]
        }
    });
}

/// Strips HTML the way Anki does for its sort field and checksum: tags removed (an image
/// keeps its file name), entities decoded.
pub(crate) fn strip(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    rewrite(
        html,
        '<',
        &mut out,
        |tag_and_after, out| match tag_and_after.find('>') {
            Some(end) => {
                let tag = &tag_and_after[..=end];
                if let Some(src) = img_src(tag) {
                    out.push(' ');
                    out.push_str(&src);
                    out.push(' ');
                }
                &tag_and_after[end + 1..]
            }
            None => {
                out.push_str(tag_and_after);
                ""
            }
        },
    );
    if out.contains('&') {
        decode_entities(&out)
    } else {
        out
    }
}

fn img_src(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    if !lower.starts_with("<img") {
        return None;
    }
    let at = lower.find("src=\"")? + 5;
    let len = tag[at..].find('"')?;
    Some(decode_entities(&tag[at..at + len]))
}

/// Decodes the named entities our writers and ammonia produce, and numeric ones.
pub(super) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    rewrite(s, '&', &mut out, |after, out| {
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                &after[end + 1..]
            }
            None => {
                out.push('&');
                &after[1..]
            }
        }
    });
    out
}

/// Turns every bold phrase (`<strong>`, `<b>`) of sanitised HTML into its own cloze,
/// `{{c1::..}}`, `{{c2::..}}`...; returns the text and the number of clozes. Braces already in
/// the text become entities so that they can never be read as cloze markup.
pub(crate) fn clozify(html: &str) -> (String, u16) {
    let html = html.replace('{', "&#123;").replace('}', "&#125;");
    let mut out = String::with_capacity(html.len() + 32);
    let mut n: u16 = 0;
    let mut rest = html.as_str();
    while let Some((open_end, close)) = next_bold(rest) {
        let Some(close_at) = rest[open_end..].find(close).map(|p| p + open_end) else {
            break;
        };
        let inner = &rest[open_end..close_at];
        out.push_str(&rest[..open_end]);
        if strip(inner).trim().is_empty() || n == u16::MAX {
            out.push_str(inner);
        } else {
            n += 1;
            out.push_str(&format!("{{{{c{n}::{}}}}}", inner.replace("::", ":&#58;")));
        }
        out.push_str(close);
        rest = &rest[close_at + close.len()..];
    }
    out.push_str(rest);
    (out, n)
}

/// The next `<strong ..>` or `<b ..>` opening tag: (end after its `>`, the closing tag).
fn next_bold(s: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    while let Some(p) = s[from..].find('<').map(|p| p + from) {
        let tail = &s[p..];
        let close = if starts_tag(tail, "<strong") {
            Some("</strong>")
        } else if starts_tag(tail, "<b") {
            Some("</b>")
        } else {
            None
        };
        if let Some(close) = close {
            let end = tail.find('>')? + p + 1;
            return Some((end, close));
        }
        from = p + 1;
    }
    None
}

fn starts_tag(s: &str, name: &str) -> bool {
    s.starts_with(name) && matches!(s.as_bytes().get(name.len()), Some(b'>' | b' '))
}
