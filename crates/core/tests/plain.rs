//! The plain-text renderer (`papercat_core::plain`): what JSON-LD prose and spreadsheet cells
//! make of a note's Markdown.

use papercat_core::plain::{plain_text, Syntax};

use proptest::strategy::Strategy as _;

/// [`Syntax::CommonMark`], as the JSON-LD gives notes.
fn prose(s: &str) -> String {
    plain_text(s, Syntax::CommonMark)
}

#[test]
fn markup_goes_words_stay() {
    for (input, want) in [
        (
            "**粗体**与 `code` 和 [链接](http://x.y)",
            "粗体与 code 和 链接",
        ),
        (
            "第一段\n第二行\n\n- 甲\n  - 乙\n- 丙",
            "第一段\n第二行\n• 甲\n  • 乙\n• 丙",
        ),
        ("a<br>b <span>c</span>", "ab c"),
        ("  \n", ""),
        ("# 标题\n正文", "标题\n正文"),
    ] {
        assert_eq!(prose(input), want, "{input}");
    }
}

proptest::proptest! {
    /// Plain text without Markdown syntax comes back as it was (trimmed, lines trimmed).
    #[test]
    fn plain_words_come_back(s in "[a-z中文。，（）0-9]([a-z中文。，（）0-9 ]*[a-z中文。，（）0-9])?") {
        proptest::prop_assert_eq!(prose(&s), s);
    }
}

/// [`Syntax::LineMarks`], as spreadsheet cells show notes.
fn plain(s: &str) -> String {
    plain_text(s, Syntax::LineMarks)
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
    for (input, want) in [
        (
            "- 第一阶段：**预训练阶段**，**。然而**",
            "• 第一阶段：预训练阶段，。然而",
        ),
        ("**「中文」**", "「中文」"),
        ("2**10 is big", "2**10 is big"),
        ("a **b** c **d", "a b c **d"),
        ("**a\nb**", "**a\nb**"),
        ("****", "****"),
        ("use `x = 1` here, `odd", "use x = 1 here, `odd"),
        (
            "Page: [Github](https://github.com/a/b)\nName: **MME**",
            "Page: Github (https://github.com/a/b)\nName: MME",
        ),
        ("[https://x.org](https://x.org)", "https://x.org"),
        ("[**bold** link](u)", "bold link (u)"),
    ] {
        assert_eq!(plain(input), want, "{input}");
    }
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
