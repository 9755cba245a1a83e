//! Note text as a spreadsheet cell shows it: the few Markdown marks catalogues use in their
//! notes, rendered as plain text.
//!
//! A cell shows its text as written, so `**linear layer**` and a `- ` list were read with their
//! marks, and the CSV formula guard put a `'` before every note that opened with a list. Line by
//! line:
//!
//! - a list item (`- `, `* ` or `+ ` after any indentation) starts with `• ` instead;
//! - `**strong**` loses its marks (paired on the line; a lone `**` stays);
//! - `` `code` `` loses its backticks (paired on the line);
//! - `[text](url)` reads `text (url)`, or `url` when the text is the URL.
//!
//! Everything else (numbered lists, `_`, single `*`, HTML) is kept as written: those marks are
//! rare in notes and often mean something else (`__init__`, `a*b`). Each rule looks at most at
//! the text up to its closing mark, so a cell of any length renders in linear time.

/// Appends `text` rendered as plain text (see the module docs) to `out`.
pub(crate) fn push_plain(text: &str, out: &mut String) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches([' ', '\t']);
        let indent = &line[..line.len() - body.len()];
        match body.as_bytes() {
            [b'-' | b'*' | b'+', b' ', ..] => {
                out.push_str(indent);
                out.push_str("• ");
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy as _;

    fn plain(s: &str) -> String {
        let mut out = String::new();
        push_plain(s, &mut out);
        out
    }

    #[test]
    fn lists_become_bullets() {
        assert_eq!(
            plain("LLaVA提出了一种方法，\n- 将Clip作为编码器;\n  - 子项\n* 星\n+ 加"),
            "LLaVA提出了一种方法，\n• 将Clip作为编码器;\n  • 子项\n• 星\n• 加"
        );
        // Not list items: no space after the mark, or a number.
        for kept in ["-1 point", "--flag", "*a*", "1. first", "-", "+1"] {
            assert_eq!(plain(kept), kept);
        }
    }

    #[test]
    fn strong_code_and_links_lose_their_marks() {
        assert_eq!(
            plain("- 第一阶段：**预训练阶段**，**。然而**"),
            "• 第一阶段：预训练阶段，。然而"
        );
        assert_eq!(plain("**「中文」**"), "「中文」");
        assert_eq!(plain("2**10 is big"), "2**10 is big");
        assert_eq!(plain("a **b** c **d"), "a b c **d");
        assert_eq!(plain("**a\nb**"), "**a\nb**");
        assert_eq!(plain("****"), "****");
        assert_eq!(plain("use `x = 1` here, `odd"), "use x = 1 here, `odd");
        assert_eq!(
            plain("Page: [Github](https://github.com/a/b)\nName: **MME**"),
            "Page: Github (https://github.com/a/b)\nName: MME"
        );
        assert_eq!(plain("[https://x.org](https://x.org)"), "https://x.org");
        assert_eq!(plain("[**bold** link](u)"), "bold link (u)");
        for kept in [
            "[1] cited",
            "[x] (y)",
            "[a](b c)",
            "[](u)",
            "[a]()",
            "f(x)[0]",
            "__init__",
            "<a href=\"u\">Paper</a>",
        ] {
            assert_eq!(plain(kept), kept);
        }
        assert_eq!(plain("[a[b](c)"), "[ab (c)");
        assert_eq!(plain("a **b [x](y) `c`"), "a **b x (y) c");
        assert_eq!(plain("[a] [b](c)"), "[a] b (c)");
    }

    #[test]
    fn text_without_marks_is_unchanged() {
        for s in ["", "plain 中文", "a\r\nb", "\n\n", " lead", "tab\tin"] {
            assert_eq!(plain(s), s);
        }
    }

    proptest::proptest! {
        /// Any text renders without panicking, and text without marks is unchanged.
        #[test]
        fn any_text(parts in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::arbitrary::any::<String>(),
                proptest::sample::select(vec![
                    "**", "*", "`", "[", "]", "(", ")", "- ", "\n", " ", "a", "中", "https://x",
                ]).prop_map(String::from),
            ],
            0..16,
        )) {
            let s = parts.concat();
            let out = plain(&s);
            if !s.contains(['*', '`', '[', '-', '+']) {
                proptest::prop_assert_eq!(out, s);
            }
        }
    }
}
