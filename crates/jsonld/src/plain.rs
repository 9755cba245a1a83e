//! Markdown notes as plain text, the form schema.org's `description` and `abstract` expect.
//!
//! Consumers show these properties as they are: `**bold**` would be read as asterisks and a
//! list marker as a dash. [`plain_text`] keeps the words, drops the markup: emphasis, code
//! and link syntax go (a link keeps its text), raw HTML tags go, list items start with `• `
//! (nested ones indented by two spaces per level), and blocks are separated by line breaks.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The plain text of the Markdown `md`, trimmed.
pub(crate) fn plain_text(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    plain_text_into(md, &mut out);
    out
}

/// Appends [`plain_text`] of `md` to `out`.
pub(crate) fn plain_text_into(md: &str, out: &mut String) {
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
                out.push_str("• ");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_words_stay() {
        assert_eq!(
            plain_text("**粗体**与 `code` 和 [链接](http://x.y)"),
            "粗体与 code 和 链接"
        );
        assert_eq!(
            plain_text("第一段\n第二行\n\n- 甲\n  - 乙\n- 丙"),
            "第一段\n第二行\n• 甲\n  • 乙\n• 丙"
        );
        assert_eq!(plain_text("a<br>b <span>c</span>"), "ab c");
        assert_eq!(plain_text("  \n"), "");
        assert_eq!(plain_text("# 标题\n正文"), "标题\n正文");
    }

    proptest::proptest! {
        /// Plain text without Markdown syntax comes back as it was (trimmed, lines trimmed).
        #[test]
        fn plain_words_come_back(s in "[a-z中文。，（）0-9]([a-z中文。，（）0-9 ]*[a-z中文。，（）0-9])?") {
            proptest::prop_assert_eq!(plain_text(&s), s);
        }
    }
}
