//! The simple path: Markdown made of plain paragraphs, list items, `**bold**` and `` `code` ``
//! written straight to the HTML that the full pipeline would give, without parsing.

use super::escape::escape_html5;

/// Bytes that the simple path never takes, wherever they are in a line: they may start
/// Markdown syntax (escapes, emphasis with `_`, strikethrough, links, raw HTML, entities,
/// tables) or be tabs and carriage returns.
const fn special_bytes() -> [bool; 256] {
    let mut t = [false; 256];
    let specials = b"\\_~[]<&|\t\r";
    let mut i = 0;
    while i < specials.len() {
        t[specials[i] as usize] = true;
        i += 1;
    }
    t
}
const SPECIAL: [bool; 256] = special_bytes();

/// The fastest path, for the shape most fields have: an optional paragraph of plain lines,
/// then an optional tight bullet list of one-line `- ` items, some with tight sub-items
/// (`  - `), and no blank line.
///
/// A line holds no [`SPECIAL`] byte; `*` only in `**` pairs around text that starts and ends
/// with a letter or digit (bold), and `` ` `` only in code spans of one backtick around text
/// without `<` that neither starts nor ends with a space. The text of a line (after its `- `)
/// does not start with a space, a digit (an ordered list) or a byte that could start a block
/// (`-`, `+`, `*` with a space, `#`, `=`, `>`), nor end with a space (hard breaks). Then
/// CommonMark reads the paragraph lines as one paragraph with soft breaks, the `- ` lines as
/// one tight list, the `**` pairs as strong emphasis, and the HTML is
/// `<p>line<br>line</p><ul><li>item<ul><li>sub-item</li></ul></li></ul>`. Returns `false`,
/// with `out` unchanged, for any other text.
pub(super) fn simple_blocks(md: &str, out: &mut String) -> bool {
    let start = out.len();
    if simple_blocks_into(md, out).is_none() {
        out.truncate(start);
        return false;
    }
    true
}

fn simple_blocks_into(md: &str, out: &mut String) -> Option<()> {
    let mut in_paragraph = false;
    let mut in_list = false;
    let mut in_sublist = false;
    for line in md.split('\n') {
        if let Some(item) = line.strip_prefix("- ") {
            if in_paragraph {
                out.push_str("</p>");
                in_paragraph = false;
            }
            if in_sublist {
                out.push_str("</li></ul></li>");
                in_sublist = false;
            } else if in_list {
                out.push_str("</li>");
            } else {
                out.push_str("<ul>");
                in_list = true;
            }
            out.push_str("<li>");
            simple_inline(item, out)?;
        } else if let Some(item) = line.strip_prefix("  - ") {
            if !in_list {
                return None;
            }
            out.push_str(if in_sublist { "</li><li>" } else { "<ul><li>" });
            in_sublist = true;
            simple_inline(item, out)?;
        } else {
            if in_list {
                // A lazy continuation line of the last item.
                return None;
            }
            out.push_str(if in_paragraph { "<br>" } else { "<p>" });
            in_paragraph = true;
            simple_inline(line, out)?;
        }
    }
    if in_sublist {
        out.push_str("</li></ul>");
    }
    out.push_str(if in_list { "</li></ul>" } else { "</p>" });
    Some(())
}

/// The text of one line of [`simple_blocks`]: escaped, `**` pairs as `<strong>`, code spans
/// as `<code>`; `None` when the line does not qualify.
fn simple_inline(line: &str, out: &mut String) -> Option<()> {
    let b = line.as_bytes();
    match b.first() {
        None | Some(b' ' | b'-' | b'+' | b'#' | b'=' | b'>') => return None,
        Some(c) if c.is_ascii_digit() => return None,
        _ => {}
    }
    if b.last() == Some(&b' ') {
        return None;
    }
    let mut bold = false;
    let mut mark = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b'*' => {
                // Exactly two stars, the inner side a letter or digit: a left-flanking opener
                // or a right-flanking closer (whatever the outer side), never a run of 3.
                if b.get(i + 1) != Some(&b'*') || b.get(i + 2) == Some(&b'*') {
                    return None;
                }
                let inner = if bold {
                    line[..i].chars().next_back()
                } else {
                    line[i + 2..].chars().next()
                };
                if !inner.is_some_and(char::is_alphanumeric) {
                    return None;
                }
                out.push_str(&line[mark..i]);
                out.push_str(if bold { "</strong>" } else { "<strong>" });
                bold = !bold;
                i += 2;
                mark = i;
            }
            b'`' => {
                // Runs of exactly one backtick around text without `<` (an autolink or HTML
                // tag would take precedence), `|` (a table cell), `\\`, tabs, and no space at
                // either end (CommonMark strips one).
                let len = b[i + 1..].iter().position(|&c| c == b'`')?;
                let code = &line[i + 1..i + 1 + len];
                if code.is_empty()
                    || b.get(i + 2 + len) == Some(&b'`')
                    || code.starts_with(' ')
                    || code.ends_with(' ')
                    || code
                        .bytes()
                        .any(|c| matches!(c, b'<' | b'|' | b'\\' | b'\t' | b'\r'))
                {
                    return None;
                }
                out.push_str(&line[mark..i]);
                out.push_str("<code>");
                escape_html5(out, code, false);
                out.push_str("</code>");
                i += len + 2;
                mark = i;
            }
            b'>' => {
                out.push_str(&line[mark..i]);
                out.push_str("&gt;");
                i += 1;
                mark = i;
            }
            0xC2 if b.get(i + 1) == Some(&0xA0) => {
                out.push_str(&line[mark..i]);
                out.push_str("&nbsp;");
                i += 2;
                mark = i;
            }
            c if SPECIAL[c as usize] => return None,
            _ => i += 1,
        }
    }
    if bold {
        return None;
    }
    out.push_str(&line[mark..]);
    Some(())
}
