//! No input makes the parser panic or overflow the stack, and the JSON writer always succeeds.
//!
//! The 10,000-level staircase written with indentation (100 MB of text) is too large for a
//! test: it is the benchmark `cargo bench -p papercat-bench --bench hostile`, which checks the
//! parse before timing it.

use papercat_core::{json, parse, Catalogue, Input};
use proptest::prelude::*;

/// Parse bytes as the CLI does and write JSON; returns the catalogue and the JSON value.
fn parse_and_write(bytes: &[u8]) -> (Catalogue, serde_json::Value) {
    let cat = parse(&[Input::from_bytes("in.md", bytes, None)]);
    let mut buf = Vec::new();
    json::write(&cat, &mut buf, &json::Options { pretty: false }).expect("json::write failed");
    let v: serde_json::Value =
        serde_json::from_slice(&buf).expect("json::write wrote invalid JSON");
    assert_eq!(
        v["papers"].as_array().map(Vec::len),
        Some(cat.papers.len()),
        "paper count differs in JSON"
    );
    (cat, v)
}

/// Run `f` on a thread with a normal 2 MiB stack (the main thread's is often larger).
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the parse panicked or overflowed its stack")
}

/// Pieces of the catalogue grammar and of hostile Markdown, glued at random.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("- ".to_string()),
        Just("* ".to_string()),
        Just("1. ".to_string()),
        Just("  ".to_string()),
        Just("    ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("## ".to_string()),
        Just("# ".to_string()),
        Just("> ".to_string()),
        Just("论文名称：".to_string()),
        Just("论文地址：".to_string()),
        Just("Github 地址：".to_string()),
        Just("会议：ACL 2023".to_string()),
        Just("作者：A. B, C D 等".to_string()),
        Just("**论文方法**：".to_string()),
        Just("【动机】".to_string()),
        Just("https://arxiv.org/abs/2301.00001".to_string()),
        Just("hhttps://arxiv.org/pdf/2301.00001v2.pdf".to_string()),
        Just("arxiv.org/abs/".to_string()),
        Just("https://github.com/a/b".to_string()),
        Just("doi.org/10.1/x".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("`".to_string()),
        Just("```".to_string()),
        Just("~~".to_string()),
        Just("[^1]".to_string()),
        Just("[^1]: ".to_string()),
        Just("- [ ] ".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("<!-- ".to_string()),
        Just("<details>".to_string()),
        Just("\0".to_string()),
        Just("\u{FFFD}".to_string()),
        Just("\u{200B}\u{FEFF}".to_string()),
        Just("e\u{301}".to_string()),
        Just("：".to_string()),
        Just(":".to_string()),
        "\\PC{0,12}",
        any::<String>(),
    ]
}

fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..80).prop_map(|v| v.concat())
}

/// ACL Anthology URLs whose ids are cut short or hold non-ASCII characters, in an entry.
fn acl_entry() -> impl Strategy<Value = String> {
    let host = prop::sample::select(vec![
        "https://aclanthology.org/",
        "aclanthology.org/",
        "https://aclweb.org/anthology/",
    ]);
    let part = prop::sample::select(vec![
        "202", "3", ".", "acl", "-", "long", "P1", "9", "1001", "é", "论", "\u{FFFD}", "/", ".pdf",
    ]);
    (host, prop::collection::vec(part, 1..6), markdownish()).prop_map(|(h, id, tail)| {
        format!("- 论文名称：T\n  - 论文地址：{h}{}\n{tail}", id.concat())
    })
}

/// A staircase of list items: every line `step` spaces deeper than the last.
fn staircase() -> impl Strategy<Value = String> {
    (
        1usize..300,
        1usize..6,
        prop::sample::select(vec!["- ", "* ", "1. ", "> - "]),
    )
        .prop_map(|(depth, step, marker)| {
            let mut s = String::new();
            for k in 0..depth {
                s.push_str(&" ".repeat(k * step));
                s.push_str(marker);
                s.push_str(if k % 3 == 0 {
                    "论文名称：T"
                } else {
                    "论文地址：https://arxiv.org/abs/2301.00001"
                });
                s.push('\n');
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_string(s in any::<String>()) {
        parse_and_write(s.as_bytes());
    }

    #[test]
    fn any_bytes(b in prop::collection::vec(any::<u8>(), 0..2000)) {
        let (cat, _) = parse_and_write(&b);
        if std::str::from_utf8(b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b)).is_err() {
            prop_assert!(cat.diagnostics.iter().any(|d| d.code == "invalid-utf8"));
        }
    }

    #[test]
    fn catalogue_like_text(s in markdownish()) {
        parse_and_write(s.as_bytes());
    }

    /// Reading in chunks on two threads, as large files are read, gives the one-piece read
    /// whenever the chunks are accepted.
    #[test]
    fn catalogue_like_text_reads_in_chunks_like_one_piece(s in markdownish(), chunk in 1usize..64) {
        prop_assert_ne!(papercat_core::chunked_read_matches(&s, chunk), Some(false), "{:?}", s);
    }

    /// Found by `cargo fuzz run parse` and by this test (fixed in core 285bbd8): `acl_from_url`
    /// sliced ids by byte index (`id[..4]`, `id[1..3]`) and panicked inside a character, e.g. on
    /// `- 论文名称：T\n  - 论文地址：https://aclanthology.org/202论文\n`.
    #[test]
    fn acl_urls(s in acl_entry()) {
        parse_and_write(s.as_bytes());
    }

    /// Lone surrogates in CESU-8/WTF-8 bytes become U+FFFD; NULs stay.
    #[test]
    fn surrogates_and_nuls(prefix in markdownish(), n in 0usize..50) {
        let mut b = prefix.into_bytes();
        for i in 0..n {
            b.extend_from_slice(if i % 2 == 0 { b"\xED\xA0\x80" } else { b"- \0\n  - \xED\xBF\xBF" });
        }
        parse_and_write(&b);
    }

}

proptest! {
    // Each case here is large (up to 300 nested levels, or a line of up to 200,000 chars).
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn deep_staircases(s in staircase()) {
        parse_and_write(s.as_bytes());
    }

    #[test]
    fn huge_lines(c in prop::sample::select(vec!["a", "论", "*", "[", "`", "- ", "\0", "<", "\\"]), n in 10_000usize..200_000) {
        let s = format!("- 论文名称：{}\n  - 论文地址：https://arxiv.org/abs/2301.00001\n", c.repeat(n));
        parse_and_write(s.as_bytes());
    }
}

#[test]
fn ten_thousand_level_list_on_one_line() {
    let cat = on_small_stack(|| {
        let mut s = "- ".repeat(10_000);
        s.push_str("论文名称：Deep\n");
        parse_and_write(s.as_bytes()).0
    });
    assert!(cat.papers.len() <= 1);
}

#[test]
fn ten_thousand_level_nesting_of_mixed_containers() {
    on_small_stack(|| {
        for unit in ["> ", "- > ", "1. ", "* - ", "> 1. "] {
            let mut s = unit.repeat(10_000);
            s.push_str("论文地址：https://arxiv.org/abs/2301.00001\n");
            parse_and_write(s.as_bytes());
        }
    });
}

#[test]
fn two_thousand_level_indented_list() {
    // 10,000 levels written as indentation would be 100 MB of spaces; 2,000 levels (4 MB) is
    // the same shape at a size a debug test can afford.
    let cat = on_small_stack(|| {
        let mut s = String::from("## 深\n\n");
        for k in 0..2_000 {
            s.push_str(&"  ".repeat(k));
            s.push_str("- 论文名称：Level\n");
        }
        s.push_str(
            "- 论文名称：After the staircase\n  - 论文地址：https://arxiv.org/abs/2301.00002\n",
        );
        parse_and_write(s.as_bytes()).0
    });
    assert!(cat
        .papers
        .iter()
        .any(|p| p.work.arxiv.as_deref() == Some("2301.00002")));
}

#[test]
fn deep_inline_nesting() {
    on_small_stack(|| {
        for (open, close) in [
            ("[", "](u)"),
            ("*", "*"),
            ("**", "**"),
            ("~~", "~~"),
            ("`", "`"),
        ] {
            let s = format!(
                "- 论文名称：{}x{}\n",
                open.repeat(10_000),
                close.repeat(10_000)
            );
            parse_and_write(s.as_bytes());
        }
    });
}

#[test]
fn five_megabyte_single_line() {
    let cat = on_small_stack(|| {
        let mut s = String::from("- 论文名称：");
        while s.len() < 5_000_000 {
            s.push_str("很长的标题 long title **bold** [link](https://example.org) ");
        }
        s.push_str("\n  - 论文地址：https://arxiv.org/abs/2301.00003\n");
        parse_and_write(s.as_bytes()).0
    });
    assert_eq!(cat.papers.len(), 1);
    assert_eq!(cat.papers[0].work.arxiv.as_deref(), Some("2301.00003"));
}

#[test]
fn five_megabyte_line_without_newline() {
    on_small_stack(|| {
        parse_and_write("x".repeat(5_000_000).as_bytes());
        parse_and_write("[".repeat(5_000_000).as_bytes());
    });
}

/// One entry holding tens of thousands of links, repeated fields, list items and repositories,
/// each written twice: the repeats are dropped and the first kept, in time linear in the
/// count (comparing each with all earlier ones took seconds at this size, and minutes at the
/// sizes a 20 MB line allows). The same URL invalid as an arXiv id is reported on its field's
/// line.
#[test]
fn entries_with_huge_lists_dedup_in_linear_time() {
    let n = 40_000;
    let twice = |f: &dyn Fn(usize) -> String, sep: &str| {
        (0..2 * n).map(|i| f(i % n)).collect::<Vec<_>>().join(sep)
    };
    let mut s =
        String::from("- 论文名称：Huge lists\n  - 论文地址：https://arxiv.org/abs/2301.00001\n");
    s += &format!(
        "  - 笔记：{}\n",
        twice(&|i| format!("https://e.org/{i}"), " ")
    );
    s += &format!("  - 机构：{}\n", twice(&|i| format!("Inst{i}"), "，"));
    s += &format!("  - 相关领域：{}\n", twice(&|i| format!("t{i}"), "、"));
    s += &format!(
        "  - Github 地址：{}\n",
        twice(&|i| format!("https://github.com/a/r{i}"), " ")
    );
    s += "  - Paper: https://arxiv.org/abs/2305.1636\n";
    for i in 0..2 * n {
        s += &format!("  - 动机：m{}\n", i % n);
    }
    let (cat, _) = parse_and_write(s.as_bytes());
    assert_eq!(cat.papers.len(), 1);
    let p = &cat.papers[0];
    assert_eq!(p.institutions.len(), n);
    assert_eq!(p.topics.len(), n);
    assert_eq!(p.code.len(), n);
    assert_eq!(p.code[n - 1], format!("https://github.com/a/r{}", n - 1));
    // arXiv abs, n notes, n repositories, the bad arXiv link.
    assert_eq!(p.links.len(), 1 + 2 * n + 1);
    let motives = p.fields.iter().filter(|f| f.label == "动机").count();
    assert_eq!(motives, n);
    let bad: Vec<u32> = cat
        .diagnostics
        .iter()
        .filter(|d| d.code == "bad-arxiv-id")
        .map(|d| d.line)
        .collect();
    assert_eq!(bad, vec![7]);
}

/// Tens of thousands of plain items nested under a scalar field are kept as that field's
/// text, in time linear in their count (each item used to copy all the text before it).
#[test]
fn many_items_nested_under_a_field_are_kept_in_linear_time() {
    let n = 40_000;
    let mut s = String::from(
        "- 论文名称：Nested\n  - 论文地址：https://arxiv.org/abs/2301.00001\n  - 作者：Ada Lovelace\n",
    );
    for i in 0..n {
        s += &format!("    - item {i}\n");
    }
    let (cat, _) = parse_and_write(s.as_bytes());
    assert_eq!(cat.papers.len(), 1);
    let authors = cat.papers[0]
        .fields
        .iter()
        .find(|f| f.label == "作者")
        .expect("the authors field");
    assert_eq!(authors.text.lines().count(), n + 1);
    assert!(authors.text.ends_with(&format!("- item {}", n - 1)));
}
