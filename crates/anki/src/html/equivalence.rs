//! The fast paths against the general path (pulldown-cmark's HTML, then ammonia) whose bytes
//! they give.

use super::escape::one_line;
use super::sanitise::{drop_script_elements_slow, plain_http_url};
use super::*;

/// What the general path (pulldown-cmark, ammonia) makes of `md`: the fast paths of
/// [`Renderer::markdown`] must give these bytes.
fn markdown_general(md: &str) -> String {
    let md = drop_script_elements_slow(&clean_controls(md));
    if md.trim().is_empty() {
        return String::new();
    }
    let mut r = Renderer::new();
    r.general(&md);
    one_line(&r.html)
}

/// The Links field as sanitising `<a>` elements joined by ` · ` gives it: what
/// [`Renderer::links`] writes without ammonia.
fn links_general(links: &[(String, String)]) -> String {
    let html: Vec<String> = links
        .iter()
        .map(|(url, label)| format!("<a href=\"{}\">{}</a>", attr(url), text(label)))
        .collect();
    one_line(
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

    /// The fast Markdown path gives the bytes of the general path.
    #[test]
    fn markdown_fast_equals_general(s in MARKDOWN) {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_general(&s), "{:?}", s);
    }

    /// Markdown that the fast path writes (no raw HTML, images or tables): still the
    /// bytes of the general path.
    #[test]
    fn markdown_fast_path_equals_general(s in MARKDOWN_NO_HTML) {
        proptest::prop_assume!(fast_path_taken(&s));
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_general(&s), "{:?}", s);
    }

    /// Plain text, most of it taking the plain paragraph path.
    #[test]
    fn plain_text_equals_general(s in "([a-zA-Z0-9 \n.,;:?'\"()$%^{}@/\u{a0}\u{3000}\u{2028}\u{feff}中文。，（）]|\n1|\n1\\.|\n  | \n|\n\n|\\.|1\\) )*") {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_general(&s), "{:?}", s);
    }

    /// The same on arbitrary strings.
    #[test]
    fn markdown_fast_equals_general_any(s in proptest::prelude::any::<String>()) {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_general(&s), "{:?}", s);
    }

    /// The fast Links field gives the bytes of the general path.
    #[test]
    fn links_fast_equal_general(links in proptest::collection::vec((
        "(https?://|hhttps://|javascript:|JAVASCRIPT:|data:|mailto:|ftp://|//|/|x:|[a-z]{1,8}:|http://\\[|\\PC|[ \t\n\r\u{0}\u{85}\u{a0}\"'<>&#%?=])*",
        "(\\PC|[ \t\n\r\u{0}\u{85}\u{a0}\"'<>&#;]|&amp;|<br>)*",
    ), 0..4)) {
        let mut r = Renderer::new();
        let mut fast = String::new();
        r.links(&mut fast, links.iter().map(|(u, l)| (u.as_str(), l.as_str())));
        proptest::prop_assert_eq!(fast, links_general(&links));
    }

    /// The byte-wise helpers agree with each other: an attribute is text with line breaks as
    /// `&#10;`, appending equals returning, and the quick script dropper equals the slow one.
    #[test]
    fn helpers_agree(s in "(\\PC|[ \t\n\r\u{0}\u{1f}\u{7f}\u{85}\u{9f}\u{a0}<>&\"]|<pre>|</PRE>|<p>)*") {
        proptest::prop_assert_eq!(attr(&s), text(&s).replace("<br>", "&#10;"));
        let mut appended = String::from("x");
        one_line_into(&mut appended, &s);
        proptest::prop_assert_eq!(&appended[1..], one_line(&s));
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

    /// Text in and around the simple shape gives the bytes of the general path.
    #[test]
    fn simple_blocks_equal_general(s in SIMPLE) {
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_general(&s), "{:?}", s);
    }

    /// The same, restricted to text that takes the simple path.
    #[test]
    fn simple_path_equals_general(s in simple_likely()) {
        proptest::prop_assume!(simple_blocks(&s, &mut String::new()));
        let mut r = Renderer::new();
        proptest::prop_assert_eq!(r.markdown(&s), markdown_general(&s), "{:?}", s);
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
        assert_eq!(markdown_general(md), html);
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
        assert_eq!(Renderer::new().markdown(md), markdown_general(md), "{md}");
    }
    for md in ["<b>x</b>", "![i](u)", "|a|b|\n|-|-|\n|1|2|"] {
        assert!(!fast_path_taken(md), "{md}");
        assert_eq!(Renderer::new().markdown(md), markdown_general(md), "{md}");
    }
}
