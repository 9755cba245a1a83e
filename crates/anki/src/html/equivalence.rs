//! The fast paths against the reference pipeline they replace.

use super::escape::one_line;
use super::sanitise::{drop_script_elements_slow, plain_http_url};
use super::*;

/// The original `clean_controls`.
fn clean_controls_ref(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|&c| c == '\t' || c == '\n' || !c.is_control())
        .collect()
}

/// The original `text`.
fn text_ref(s: &str) -> String {
    let s = clean_controls_ref(s);
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

/// The original `one_line`.
fn one_line_ref(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_pre = false;
    let chars: Vec<char> = html.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '<' {
            let rest: String = chars[i..chars.len().min(i + 6)].iter().collect();
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("<pre") {
                in_pre = true;
            } else if lower.starts_with("</pre") {
                in_pre = false;
            }
        }
        match c {
            '\n' if in_pre => out.push_str("<br>"),
            '\n' => {
                let prev = out.chars().last();
                let next = chars.get(i + 1).copied();
                let at_tag = matches!(prev, None | Some('>')) || matches!(next, None | Some('<'));
                if !at_tag {
                    out.push(' ');
                }
            }
            '\r' => {}
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// The original Markdown pipeline: pulldown-cmark's events with the CJK bold repair, its
/// HTML, ammonia, `one_line`.
fn markdown_ref(md: &str) -> String {
    let md = drop_script_elements_slow(&clean_controls_ref(md));
    if md.trim().is_empty() {
        return String::new();
    }
    let events = crate::cjk::events(&md, MD_OPTIONS).map(hard_breaks);
    let mut raw = String::new();
    push_html(&mut raw, events);
    one_line_ref(&ammonia::Builder::default().clean(&raw).to_string())
}

/// The original Links field: `<a>` elements joined by ` · `, sanitised.
fn links_ref(links: &[(String, String)]) -> String {
    let html: Vec<String> = links
        .iter()
        .map(|(url, label)| {
            format!(
                "<a href=\"{}\">{}</a>",
                text_ref(url).replace("<br>", "&#10;"),
                text_ref(label)
            )
        })
        .collect();
    one_line_ref(
        &ammonia::Builder::default()
            .clean(&html.join(" · "))
            .to_string(),
    )
}

fn fast_path_taken(md: &str) -> bool {
    let (mut out, mut href) = (String::new(), String::new());
    emit_markdown(md, &mut out, &mut href).is_ok()
}

/// Markdown-heavy text: block and inline syntax, entities (`&#13;` decodes to `\r`),
/// no-break spaces, links with allowed, disallowed and broken schemes, autolinks, raw HTML.
const MARKDOWN: &str = "(\\PC|[ \t\n\r\u{0}\u{1f}\u{85}\u{a0}*_`~#>+=|:!'\"\\\\&;<>()\\[\\]0-9a-z-]|&#13;|&amp;|&nbsp;|&#0;|&quot;|&#x27;|\n- |\n1. |\n3\\) |\n> |\n## |\n---\n|\n```rs\n|\n    |  \n|\\[l\\]\\(|\\)|\\]\\(|\\[x\\]: |\"t\"|http://a.b/c\\?d=e&f|hhttps://g|javascript:alert\\(1\\)|JaVaScRiPt:|data:text/html,x|mailto:a@b.c|http://\\[::1|//x.y|<http://x.y/>|<a@b.c>|<https://\\[x|<script>|</script>|<b>|<br>|<img src=x onerror=y>|\\|a\\|b\\|\n\\|-\\|-\\||!\\[i\\]\\(u\\))*";

/// [`MARKDOWN`] without raw HTML, images and tables.
const MARKDOWN_NO_HTML: &str = "([^<>!|\\p{Cc}]|[ \t\n\r\u{0}\u{85}\u{a0}*_`~#+=:'\"\\\\&;()\\[\\]0-9a-z-]|&#13;|&#13;\n|&amp;|&nbsp;|&#0;|&quot;|&#x27;|&lt;b&gt;|\n- |\n  - |\n1. |\n3\\) |\n> |\n## |\nx\n===\n|\n---\n|\n```rs\n|\n    |  \n|\\\\\n|\\[l\\]\\(|\\)|\\]\\(|\\[x\\]: |\\[x\\]|\"t\"| 't'|http://a.b/c\\?d=e&f|hhttps://g|javascript:alert\\(1\\)|JaVaScRiPt:|data:text/html,x|mailto:a@b.c|http://\\[::1|//x.y|<http://x.y/>|<a@b.c>|<https://\\[x|<mailto:a@b>|~~x~~|\\*\\*b\\*\\*|`c`)*";

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

    /// The fast Markdown path gives the bytes of the reference pipeline.
    #[test]
    fn markdown_fast_equals_reference(s in MARKDOWN) {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_ref(&s), "{:?}", s);
    }

    /// Markdown that the fast path writes (no raw HTML, images or tables): still the
    /// bytes of the reference pipeline.
    #[test]
    fn markdown_fast_path_equals_reference(s in MARKDOWN_NO_HTML) {
        proptest::prop_assume!(fast_path_taken(&s));
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_ref(&s), "{:?}", s);
    }

    /// Plain text, most of it taking the plain paragraph path.
    #[test]
    fn plain_text_equals_reference(s in "([a-zA-Z0-9 \n.,;:?'\"()$%^{}@/\u{a0}\u{3000}\u{2028}\u{feff}中文。，（）]|\n1|\n1\\.|\n  | \n|\n\n|\\.|1\\) )*") {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_ref(&s), "{:?}", s);
    }

    /// The same on arbitrary strings.
    #[test]
    fn markdown_fast_equals_reference_any(s in proptest::prelude::any::<String>()) {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_ref(&s), "{:?}", s);
    }

    /// The fast Links field gives the bytes of the reference pipeline.
    #[test]
    fn links_fast_equal_reference(links in proptest::collection::vec((
        "(https?://|hhttps://|javascript:|JAVASCRIPT:|data:|mailto:|ftp://|//|/|x:|[a-z]{1,8}:|http://\\[|\\PC|[ \t\n\r\u{0}\u{85}\u{a0}\"'<>&#%?=])*",
        "(\\PC|[ \t\n\r\u{0}\u{85}\u{a0}\"'<>&#;]|&amp;|<br>)*",
    ), 0..4)) {
        let mut r = Renderer::new();
        let mut fast = String::new();
        r.links(&mut fast, links.iter().map(|(u, l)| (u.as_str(), l.as_str())));
        proptest::prop_assert_eq!(fast, links_ref(&links));
    }

    /// The byte-wise helpers equal the originals.
    #[test]
    fn helpers_equal_reference(s in "(\\PC|[ \t\n\r\u{0}\u{1f}\u{7f}\u{85}\u{9f}\u{a0}<>&\"]|<pre>|</PRE>|<p>)*") {
        proptest::prop_assert_eq!(clean_controls(&s).into_owned(), clean_controls_ref(&s));
        proptest::prop_assert_eq!(text(&s), text_ref(&s));
        proptest::prop_assert_eq!(attr(&s), text_ref(&s).replace("<br>", "&#10;"));
        proptest::prop_assert_eq!(one_line(&s), one_line_ref(&s));
        let mut appended = String::from("x");
        one_line_into(&mut appended, &s);
        proptest::prop_assert_eq!(&appended[1..], one_line_ref(&s));
        proptest::prop_assert_eq!(drop_script_elements(&s).into_owned(), drop_script_elements_slow(&s));
    }
}

/// Lines in the shape of [`simple_blocks`], with the near misses around it.
const SIMPLE: &str = "(([a-zA-Z0-9 .,;:?'\"()$%^{}@/!=+#>*\u{a0}\u{3000}中文。，：（）-]|\\*\\*|\\*|\\*\\*\\*| \\*\\*|\\*\\* |：\\*\\*|\\*\\*，|`|``|` |`a`|`a\\\\`|`\\*\\*`|`<`|`&amp;`|[#>_<&~|])*(\n|\n- |\n-  |\n  - |\n    - |\n   - |\n- 1. |\n-|\n\n|\n- - |\n+ |\n# |\n=|\n---)?)*";

/// One line of the simple shape.
const SIMPLE_LINE: &str = "[a-zA-Z中（(`]([a-zA-Z0-9中文。，：；（）.,?%(!=+#>-]|\\*\\*[a-zA-Z0-9中é]+( [a-zA-Z0-9中é]+)?\\*\\*|`[a-z*_&#>~\\[\\] -]*[a-z]`| |\u{a0})*[a-z中。)]";

/// Text of the simple shape: paragraph lines, then `- ` items.
fn simple_likely() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    (
        proptest::collection::vec(SIMPLE_LINE, 0..3),
        proptest::collection::vec((SIMPLE_LINE, any::<bool>()), 0..5),
    )
        .prop_filter("some text", |(p, l)| !p.is_empty() || !l.is_empty())
        .prop_map(|(p, l)| {
            let items: Vec<String> = l
                .iter()
                .enumerate()
                .map(|(n, (i, sub))| {
                    if *sub && n > 0 {
                        format!("  - {i}")
                    } else {
                        format!("- {i}")
                    }
                })
                .collect();
            [p, items].concat().join("\n")
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 1000,
        max_global_rejects: 1_000_000,
        ..Default::default()
    })]

    /// Text in and around the simple shape gives the bytes of the reference pipeline.
    #[test]
    fn simple_blocks_equal_reference(s in SIMPLE) {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_ref(&s), "{:?}", s);
    }

    /// The same, restricted to text that takes the simple path.
    #[test]
    fn simple_path_equals_reference(s in simple_likely()) {
        proptest::prop_assume!(simple_blocks(&s, &mut String::new()));
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_ref(&s), "{:?}", s);
    }

    /// The quick URL test never accepts a URL that the URL parser rejects or that has
    /// another scheme.
    #[test]
    fn plain_http_urls_parse(u in "(https?://|HTTP://|http:/|https://xn--)([a-z0-9.:@\\[\\]_A-Z-]|xn--|\\.\\.|\\.1|\\.0x1|1\\.2\\.3\\.4|999)*([/?#\\\\][ -~\t\n\u{a0}中]*)?") {
        if plain_http_url(&u) {
            let parsed = url::Url::parse(&u);
            proptest::prop_assert!(parsed.as_ref().is_ok_and(|p| p.scheme().starts_with("http")), "{:?} {:?}", u, parsed);
        }
    }
}

#[test]
fn simple_shapes() {
    for (md, html) in [
        ("一行\n二行", "<p>一行<br>二行</p>"),
        (
            "方法。\n- 第二阶段：**微调阶段**，冻结参数；\n- a**b**c",
            "<p>方法。</p><ul><li>第二阶段：<strong>微调阶段</strong>，冻结参数；</li><li>a<strong>b</strong>c</li></ul>",
        ),
        ("- x\u{a0}y", "<ul><li>x&nbsp;y</li></ul>"),
    ] {
        let mut out = String::new();
        assert!(simple_blocks(md, &mut out), "{md}");
        assert_eq!(out, html);
        assert_eq!(markdown_ref(md), html);
    }
    for md in [
        "a\n\nb", "- a\nb", "**a **", "1. a", "a ", "- ", "x*y", "***a***",
    ] {
        assert!(!simple_blocks(md, &mut String::new()), "{md}");
    }
    for u in [
        "https://github.com/x/y",
        "http://a-b.c/d?f#g",
        "https://x.org",
    ] {
        assert!(plain_http_url(u), "{u}");
    }
    for u in [
        "https://1.2.3.4/",
        "https://a.1",
        "https://x.org:8080/",
        "https://u@x.org",
        "https://X.org",
        "https://xn--a.org",
        "https://a..b",
        " https://a.b",
    ] {
        assert!(!plain_http_url(u), "{u}");
    }
}

#[test]
fn typical_fields_take_the_fast_path() {
    for md in [
        "研究团队改进了现有的多模态对齐模块。\n- 在 7B 和 13B 上验证；\n- 第二阶段：**微调阶段**，冻结参数；",
        "[链接](https://x.org/a?b=1&c=2 \"t\") `code` *em* ~~del~~\n\n1. a\n2. b\n\n> q\n\n```rust\nfn x() {}\n```",
        "<http://x.y> <a@b.c> [bad](javascript:alert(1)) [typo](hhttps://g)",
    ] {
        assert!(fast_path_taken(md), "{md}");
        assert_eq!(Renderer::new().markdown(md), markdown_ref(md), "{md}");
    }
    for md in ["<b>x</b>", "![i](u)", "|a|b|\n|-|-|\n|1|2|"] {
        assert!(!fast_path_taken(md), "{md}");
        assert_eq!(Renderer::new().markdown(md), markdown_ref(md), "{md}");
    }
}
