//! Markdown notes as plain text, for outputs that show text as it is: a spreadsheet cell, or
//! schema.org's `description` and `abstract`. There `**bold**` would be read as asterisks and a
//! list marker as a dash.
//!
//! Both ways of reading a note start list items with `• ` and drop emphasis and code marks; they
//! differ in how much Markdown they read, so [`Syntax`] picks one:
//!
//! - [`Syntax::CommonMark`] reads the whole of CommonMark (pulldown-cmark, with tables and
//!   strikethrough) and keeps the words: emphasis, code and link syntax go (a link keeps its
//!   text), raw HTML tags go, list items start with `• ` (nested ones indented by two spaces per
//!   level), and blocks are separated by line breaks; the result is trimmed. For prose that
//!   readers see without its source (JSON-LD).
//! - [`Syntax::LineMarks`] reads only the few marks catalogues use in their notes, line by line:
//!   a list item (`- `, `* ` or `+ ` after any indentation) starts with `• ` instead;
//!   `**strong**` loses its marks (paired on the line; a lone `**` stays); `` `code` `` loses its
//!   backticks (paired on the line); `[text](url)` reads `text (url)`, or `url` when the text is
//!   the URL. Everything else (numbered lists, `_`, single `*`, HTML, indentation, blank lines) is
//!   kept as written: those marks are rare in notes and often mean something else (`__init__`,
//!   `a*b`). Each rule looks at most at the text up to its closing mark, so a cell of any length
//!   renders in linear time. For spreadsheet cells, where the reader may still want the URL.
//!
//! ```
//! use papercat_core::plain::{plain_text, Syntax};
//!
//! let note = "- 冻结**视觉编码器**\n- see [code](https://x.org)";
//! assert_eq!(plain_text(note, Syntax::CommonMark), "• 冻结视觉编码器\n• see code");
//! assert_eq!(
//!     plain_text(note, Syntax::LineMarks),
//!     "• 冻结视觉编码器\n• see code (https://x.org)"
//! );
//! ```

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// How much Markdown a note is read with (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// All of CommonMark; links keep their text only; the result is trimmed.
    CommonMark,
    /// Only list markers, `**strong**`, `` `code` `` and `[text](url)`, line by line; links
    /// read `text (url)`; everything else as written.
    LineMarks,
}

/// What a list item starts with.
const BULLET: &str = "• ";

/// The plain text of the Markdown `md`.
pub fn plain_text(md: &str, syntax: Syntax) -> String {
    let mut out = String::with_capacity(md.len());
    push_plain(md, syntax, &mut out);
    out
}

/// Appends the plain text of the Markdown `md` to `out` (what `out` held is left as it was).
pub fn push_plain(md: &str, syntax: Syntax, out: &mut String) {
    match syntax {
        Syntax::CommonMark => push_commonmark(md, out),
        Syntax::LineMarks => push_line_marks(md, out),
    }
}

/// [`Syntax::CommonMark`]: appends the plain text of `md`, trimmed, to `out`.
fn push_commonmark(md: &str, out: &mut String) {
    let start = out.len();
    let mut depth = 0usize;
    // Ends the current line, unless the text written so far ends one already.
    fn newline(out: &mut String, start: usize) {
        if out.len() > start && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    for event in Parser::new_ext(md, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::List(_)) => {
                newline(out, start);
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                newline(out, start);
                for _ in 1..depth {
                    out.push_str("  ");
                }
                out.push_str(BULLET);
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::TableRow
                | Tag::TableHead,
            ) => newline(out, start),
            Event::End(TagEnd::TableCell) => out.push('\t'),
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Rule => newline(out, start),
            // Raw HTML, footnotes, math and task markers carry no plain text of their own.
            _ => {}
        }
    }
    // Trim the end and the start of what was appended.
    let end = out.trim_end().len().max(start);
    out.truncate(end);
    let lead = out[start..].len() - out[start..].trim_start().len();
    if lead > 0 {
        out.replace_range(start..start + lead, "");
    }
}

/// [`Syntax::LineMarks`]: appends `text` rendered line by line to `out`.
fn push_line_marks(text: &str, out: &mut String) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - body.len()];
        match body.as_bytes() {
            [b'-' | b'*' | b'+', b' ', ..] => {
                out.push_str(indent);
                out.push_str(BULLET);
                push_inline(&body[2..], out);
            }
            _ => push_inline(line, out),
        }
    }
}

/// Appends one line with its inline marks rendered.
fn push_inline(line: &str, out: &mut String) {
    let b = line.as_bytes();
    let mut i = 0;
    // Copied verbatim up to here.
    let mut run = 0;
    // Set once a `**` finds no closing one: no later `**` can.
    let mut unpaired = false;
    while i < b.len() {
        match b[i] {
            b'*' if b.get(i + 1) == Some(&b'*') && !unpaired => {
                let Some(len) = line[i + 2..].find("**") else {
                    unpaired = true;
                    i += 2;
                    continue;
                };
                if len == 0 {
                    i += 4; // `****`: kept as written
                    continue;
                }
                out.push_str(&line[run..i]);
                push_inline(&line[i + 2..i + 2 + len], out);
                i += len + 4;
                run = i;
            }
            b'`' => {
                let Some(len) = line[i + 1..].find('`') else {
                    i += 1;
                    continue;
                };
                out.push_str(&line[run..i]);
                out.push_str(&line[i + 1..i + 1 + len]);
                i += len + 2;
                run = i;
            }
            b'[' => match link_at(&line[i..]) {
                Some((text, url, len)) => {
                    out.push_str(&line[run..i]);
                    if text == url {
                        out.push_str(url);
                    } else {
                        push_inline(text, out);
                        out.push_str(" (");
                        out.push_str(url);
                        out.push(')');
                    }
                    i += len;
                    run = i;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
    out.push_str(&line[run..]);
}

/// `[text](url)` at the start of `s`: the text, the URL and the length of the whole link. The
/// text holds no bracket; the URL is not empty and holds no bracket, parenthesis or space.
fn link_at(s: &str) -> Option<(&str, &str, usize)> {
    let close = s[1..].find(['[', ']'])? + 1;
    if s.as_bytes()[close] != b']' || close == 1 {
        return None;
    }
    let rest = s[close + 1..].strip_prefix('(')?;
    let end = rest.find(|c: char| matches!(c, '(' | ')' | '[' | ']') || c.is_whitespace())?;
    if end == 0 || rest.as_bytes()[end] != b')' {
        return None;
    }
    Some((&s[1..close], &rest[..end], close + 2 + end + 1))
}
