//! Escaping text into HTML (as our writers and as html5ever do it) and making HTML one line.

use super::sanitise::clean_controls;

/// Escapes text as html5ever serialises it: `&`, `<`, `>`, no-break space and, in attribute
/// values, `"`.
pub(super) fn escape_html5(out: &mut String, s: &str, attr: bool) {
    let b = s.as_bytes();
    let mut mark = 0;
    let mut i = 0;
    while i < b.len() {
        let (rep, len) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attr => ("&quot;", 1),
            0xC2 if b.get(i + 1) == Some(&0xA0) => ("&nbsp;", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[mark..i]);
        out.push_str(rep);
        i += len;
        mark = i;
    }
    out.push_str(&s[mark..]);
}

/// Plain text to HTML: escaped, line breaks as `<br>`, tabs as `&#9;`.
#[cfg(test)]
pub(super) fn text(s: &str) -> String {
    collect(|out| text_into(out, s))
}

/// Appends [`text`] of `s` to `out`.
pub(crate) fn text_into(out: &mut String, s: &str) {
    escape_text(out, s, "<br>");
}

/// Escapes `s` (controls cleaned first): `&<>"`, tabs as `&#9;`, line breaks as `newline`.
fn escape_text(out: &mut String, s: &str, newline: &str) {
    let s = clean_controls(s);
    let b = s.as_bytes();
    let mut mark = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep = match c {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\n' => newline,
            b'\t' => "&#9;",
            _ => continue,
        };
        out.push_str(&s[mark..i]);
        out.push_str(rep);
        mark = i + 1;
    }
    out.push_str(&s[mark..]);
}

/// An attribute value, escaped for double quotes.
#[cfg(test)]
pub(super) fn attr(s: &str) -> String {
    collect(|out| escape_text(out, s, "&#10;"))
}

/// Makes sanitised HTML one line. Inside `<pre>` a line break becomes `<br>`; elsewhere it is
/// dropped next to a tag (block separators) and a space otherwise. Tabs become `&#9;`.
#[cfg(test)]
pub(super) fn one_line(html: &str) -> String {
    collect(|out| one_line_into(out, html))
}

/// What `append` appends to an empty string: the tests' form of the `_into` functions.
#[cfg(test)]
fn collect(append: impl FnOnce(&mut String)) -> String {
    let mut out = String::new();
    append(&mut out);
    out
}

/// Appends [`one_line`] of `html` to `out`.
pub(super) fn one_line_into(out: &mut String, html: &str) {
    let start = out.len();
    let b = html.as_bytes();
    let mut in_pre = false;
    let mut mark = 0;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'<' => {
                let rest = &b[i + 1..];
                if starts_with_ignore_case(rest, b"pre") {
                    in_pre = true;
                } else if starts_with_ignore_case(rest, b"/pre") {
                    in_pre = false;
                }
            }
            b'\n' | b'\r' | b'\t' => {
                out.push_str(&html[mark..i]);
                mark = i + 1;
                match c {
                    b'\n' if in_pre => out.push_str("<br>"),
                    b'\n' => {
                        let prev_tag = out.len() == start || out.as_bytes()[out.len() - 1] == b'>';
                        let next_tag = matches!(b.get(i + 1), None | Some(b'<'));
                        if !(prev_tag || next_tag) {
                            out.push(' ');
                        }
                    }
                    b'\t' => out.push_str("&#9;"),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out.push_str(&html[mark..]);
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}
