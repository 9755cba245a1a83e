//! The few pieces of SpreadsheetML the streaming `Papers` sheet writes itself: cell text and
//! attribute escaping, and hyperlink targets. Each matches what rust_xlsxwriter writes for the
//! same call (`write_string`, `write_url`), so the sheet reads the same in Excel, LibreOffice,
//! openpyxl and calamine; the tests compare them with rust_xlsxwriter's own algorithms.

use std::borrow::Cow;

/// Appends `text` as the content of a `<t>` element: `&`, `<` and `>` as entities, control
/// characters (but tab and newline) and U+FFFE/U+FFFF as Excel's `_xHHHH_` escapes, and a
/// literal `_xHHHH_` in the text with its underscore escaped (`_x005F_xHHHH_`) so that Excel
/// does not decode it. One pass over the bytes; runs without such characters are copied whole.
pub(crate) fn push_text(out: &mut Vec<u8>, text: &str) {
    let b = text.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let special =
            matches!(c, b'&' | b'<' | b'>' | b'_' | 0xEF) || (c < 0x20 && c != b'\t' && c != b'\n');
        if !special {
            i += 1;
            continue;
        }
        out.extend_from_slice(&b[run..i]);
        match c {
            b'&' => out.extend_from_slice(b"&amp;"),
            b'<' => out.extend_from_slice(b"&lt;"),
            b'>' => out.extend_from_slice(b"&gt;"),
            b'_' => {
                if is_excel_escape(&b[i..]) {
                    out.extend_from_slice(b"_x005F");
                }
                out.push(b'_');
            }
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => {
                out.extend_from_slice(if b[i + 2] == 0xBE {
                    b"_xFFFE_"
                } else {
                    b"_xFFFF_"
                });
                i += 3;
                run = i;
                continue;
            }
            0xEF => out.push(c),
            _ => {
                const HEX: &[u8; 16] = b"0123456789ABCDEF";
                out.extend_from_slice(b"_x00");
                out.push(HEX[usize::from(c >> 4)]);
                out.push(HEX[usize::from(c & 0xF)]);
                out.push(b'_');
            }
        }
        i += 1;
        run = i;
    }
    out.extend_from_slice(&b[run..]);
}

/// True when `b` starts with `_xHHHH_` (four ASCII hex digits).
fn is_excel_escape(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

/// True when the `<t>` element of `text` needs `xml:space="preserve"` (leading or trailing
/// tab, newline or space).
pub(crate) fn needs_preserve(text: &str) -> bool {
    let ws = ['\t', '\n', ' '];
    text.starts_with(ws) || text.ends_with(ws)
}

/// Appends `value` escaped for a double-quoted XML attribute.
pub(crate) fn push_attr(out: &mut Vec<u8>, value: &str) {
    let b = value.as_bytes();
    let mut run = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep: &[u8] = match c {
            b'&' => b"&amp;",
            b'"' => b"&quot;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'\n' => b"&#xA;",
            _ => continue,
        };
        out.extend_from_slice(&b[run..i]);
        out.extend_from_slice(rep);
        run = i + 1;
    }
    out.extend_from_slice(&b[run..]);
}

/// A hyperlink as the worksheet stores it: the relationship target (URL-escaped as Excel does)
/// and the part after `#`, which Excel keeps as the link's `location`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct LinkParts<'a> {
    /// The target written to the sheet's relationships part.
    pub target: Cow<'a, str>,
    /// The `#` fragment, without the `#` (empty when there is none).
    pub anchor: &'a str,
}

/// How a link target is written, or `None` when it stays plain text: a target without a
/// `scheme://` (or `mailto:`), a `file://` or `internal:` target (never a catalogue's web link;
/// Excel would open local files), or one with control characters (not valid in XML).
pub(crate) fn link_parts(url: &str) -> Option<LinkParts<'_>> {
    if url
        .chars()
        .any(|c| c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
    {
        return None;
    }
    if url.starts_with("mailto:") {
        return Some(LinkParts {
            target: escape_url(url),
            anchor: "",
        });
    }
    if url.starts_with("internal:") || url.starts_with("file://") || !url.contains("://") {
        return None;
    }
    let (link, anchor) = url.split_once('#').unwrap_or((url, ""));
    Some(LinkParts {
        target: escape_url(link),
        anchor,
    })
}

/// Escapes the characters Excel escapes in a URL, unless the URL already has such an escape.
fn escape_url(url: &str) -> Cow<'_, str> {
    if is_escaped(url) {
        return Cow::Borrowed(url);
    }
    let rep = |c: char| -> Option<&'static str> {
        Some(match c {
            '%' => "%25",
            '"' => "%22",
            ' ' => "%20",
            '<' => "%3c",
            '>' => "%3e",
            '[' => "%5b",
            ']' => "%5d",
            '^' => "%5e",
            '`' => "%60",
            '{' => "%7b",
            '}' => "%7d",
            _ => return None,
        })
    };
    if !url.chars().any(|c| rep(c).is_some()) {
        return Cow::Borrowed(url);
    }
    let mut out = String::with_capacity(url.len() + 8);
    for c in url.chars() {
        match rep(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// True when the URL already holds one of the escapes [`escape_url`] writes.
fn is_escaped(url: &str) -> bool {
    url.contains('%')
        && url.as_bytes().windows(3).any(|w| {
            matches!(
                w,
                b"%20"
                    | b"%25"
                    | b"%22"
                    | b"%60"
                    | b"%3c"
                    | b"%3C"
                    | b"%3e"
                    | b"%3E"
                    | b"%5b"
                    | b"%5B"
                    | b"%5d"
                    | b"%5D"
                    | b"%5e"
                    | b"%5E"
                    | b"%7b"
                    | b"%7B"
                    | b"%7d"
                    | b"%7D"
            )
        })
}

pub(crate) use papercat_core::json::push_int;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// rust_xlsxwriter's `escape_xml_escapes` (xmlwriter.rs), verbatim in behaviour.
    fn reference_escapes(original: &str) -> String {
        let mut escaped = original.to_string();
        for (index, _) in original.rmatch_indices("_x") {
            if index + 7 > original.len() || !original.is_char_boundary(index + 6) {
                continue;
            }
            if !original[index + 6..].starts_with('_') {
                continue;
            }
            if original[index + 2..index + 6]
                .chars()
                .all(|c| c.is_ascii_hexdigit())
            {
                escaped.replace_range(index..index, "_x005F");
            }
        }
        escaped
    }

    /// rust_xlsxwriter's `escape_xml_data` after `escape_xml_escapes`, as its string cells do.
    fn reference_text(s: &str) -> String {
        let mut out = String::new();
        for c in reference_escapes(s).chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\t' | '\n' => out.push(c),
                c if (c as u32) < 0x20 => out.push_str(&format!("_x{:04X}_", c as u32)),
                '\u{FFFE}' => out.push_str("_xFFFE_"),
                '\u{FFFF}' => out.push_str("_xFFFF_"),
                c => out.push(c),
            }
        }
        out
    }

    fn text(s: &str) -> String {
        let mut out = Vec::new();
        push_text(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_escapes() {
        assert_eq!(text("a & <b> \"c\""), "a &amp; &lt;b&gt; \"c\"");
        assert_eq!(text("_x0041_ _x41_ _xZZZZ_"), "_x005F_x0041_ _x41_ _xZZZZ_");
        assert_eq!(text("\r\n\t\u{1}\u{1F}"), "_x000D_\n\t_x0001__x001F_");
        assert_eq!(
            text("\u{FFFE}\u{FFFF}\u{FFFD}长"),
            "_xFFFE__xFFFF_\u{FFFD}长"
        );
        assert_eq!(text("_x_x0041_"), "_x_x005F_x0041_");
    }

    #[test]
    fn attributes_and_links() {
        let mut out = Vec::new();
        push_attr(&mut out, "a&b\"c<d>e\nf");
        assert_eq!(out, b"a&amp;b&quot;c&lt;d&gt;e&#xA;f");
        let p = link_parts("https://x.org/a b#sec 1").unwrap();
        assert_eq!(
            (p.target.as_ref(), p.anchor),
            ("https://x.org/a%20b", "sec 1")
        );
        let p = link_parts("https://x.org/a%20b{}").unwrap();
        assert_eq!(p.target, "https://x.org/a%20b{}");
        let p = link_parts("mailto:a@b.org#x").unwrap();
        assert_eq!((p.target.as_ref(), p.anchor), ("mailto:a@b.org#x", ""));
        for plain in [
            "notes/a.md",
            "internal:Sheet1!A1",
            "file:///etc/passwd",
            "https://a\u{1}",
        ] {
            assert_eq!(link_parts(plain), None, "{plain}");
        }
    }

    #[test]
    fn ints() {
        for n in [0, 7, -5, 2023, i64::MAX, i64::MIN] {
            let mut out = Vec::new();
            push_int(&mut out, n);
            assert_eq!(String::from_utf8(out).unwrap(), n.to_string());
        }
    }

    proptest! {
        #[test]
        fn one_pass_text_matches_rust_xlsxwriter(
            parts in proptest::collection::vec(
                prop_oneof![
                    any::<String>(),
                    prop::sample::select(vec![
                        "_x0041_", "_x005F_", "_x", "_xABCD", "_x12_", "\r", "\u{1}", "\u{FFFE}",
                        "\u{FFFF}", "\u{FFFD}", "&<>", "中", "\t", "\n", " ", "_", "x", "0A",
                    ]).prop_map(String::from),
                ],
                0..12,
            )
        ) {
            let s = parts.concat();
            prop_assert_eq!(text(&s), reference_text(&s));
        }
    }
}
