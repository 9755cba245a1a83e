//! Unit tests of the field HTML: Markdown, sanitising, escaping, stripping and clozes.

use super::strip::decode_entities;
use super::*;

/// Every start tag of serialised HTML (attribute values always double-quoted, as ammonia
/// writes them): its name and attributes, lower-cased names.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || b.get(i + 1) == Some(&b'/') {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !matches!(b[i], b' ' | b'>' | b'/') {
            i += 1;
        }
        let name = html[start..i].to_lowercase();
        let mut attrs = Vec::new();
        while i < b.len() && b[i] != b'>' {
            if matches!(b[i], b' ' | b'/') {
                i += 1;
                continue;
            }
            let a = i;
            while i < b.len() && !matches!(b[i], b'=' | b' ' | b'>') {
                i += 1;
            }
            let attr = html[a..i].to_lowercase();
            let mut value = String::new();
            if b.get(i) == Some(&b'=') && b.get(i + 1) == Some(&b'"') {
                let v = i + 2;
                let end = html[v..].find('"').map_or(b.len(), |e| v + e);
                value = decode_entities(&html[v..end]);
                i = end + 1;
            }
            attrs.push((attr, value));
        }
        out.push((name, attrs));
    }
    out
}

fn md(s: &str) -> String {
    Renderer::new().markdown(s)
}

#[test]
fn markdown_bold_lists_links_code() {
    assert_eq!(
        md("方法，\n- 用 **线性映射层**;\n- 和 `code` 与 [链接](https://x.org/a?b=1&c=2)"),
        "<p>方法，</p><ul><li>用 <strong>线性映射层</strong>;</li><li>和 <code>code</code> 与 \
         <a href=\"https://x.org/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">链接</a></li></ul>"
    );
}

#[test]
fn soft_breaks_are_kept_and_pre_keeps_lines() {
    assert_eq!(md("一行\n二行"), "<p>一行<br>二行</p>");
    assert_eq!(
        md("```\na\n\tb\n```"),
        "<pre><code>a<br>&#9;b<br></code></pre>"
    );
}

#[test]
fn hostile_html_is_removed() {
    let out = md("<script>alert(1)</script><img src=x onerror=alert(2)> [link](javascript:alert(3)) <a href=\"JaVaScRiPt:x\" onclick=\"y\">z</a>");
    assert!(!out.contains("script"), "{out}");
    assert!(!out.contains("onerror"), "{out}");
    assert!(!out.contains("onclick"), "{out}");
    assert!(!out.to_ascii_lowercase().contains("javascript:"), "{out}");
    assert!(out.contains("<img src=\"x\">"), "{out}");
}

#[test]
fn script_elements_are_dropped_before_parsing() {
    assert_eq!(
        drop_script_elements("<SCRIPT>a</script >x<style>b</style><scripts>c"),
        "x<scripts>c"
    );
    assert_eq!(drop_script_elements("a<script>never closed"), "a");
    assert_eq!(
        md("<script>alert(1)</script>**4-bit** [l](javascript:x)"),
        "<p><strong>4-bit</strong> <a rel=\"noopener noreferrer\">l</a></p>"
    );
}

proptest::proptest! {
    /// Plain text: escaped, one line, and decoded back to the same text (control
    /// characters other than tab and line breaks dropped, line breaks normalised).
    #[test]
    fn text_round_trips(s in proptest::prelude::any::<String>()) {
        let html = text(&s);
        proptest::prop_assert!(!html.contains(['\t', '\n', '\r', '\x1f', '<', '>', '"']) || html.contains("<br>"));
        proptest::prop_assert!(!html.replace("<br>", "").contains(['\t', '\n', '\r', '\x1f', '<', '>', '"']));
        let back = decode_entities(&html.replace("<br>", "\n"));
        proptest::prop_assert_eq!(back, clean_controls(&s));
        proptest::prop_assert_eq!(strip(&html), clean_controls(&s).replace('\n', ""));
    }

    /// Markdown: any input gives one line of HTML without scripts or handlers.
    #[test]
    fn markdown_is_one_safe_line(s in "(\\PC|[<>\"'`*_\\[\\]()\n\t]|<script>|onerror=|javascript:|<img src=x )*") {
        let html = Renderer::new().markdown(&s);
        proptest::prop_assert!(!html.contains(['\t', '\n', '\r', '\x1f']), "{:?}", html);
        for (tag, attrs) in tags(&html) {
            proptest::prop_assert!(tag != "script" && tag != "style", "{:?}", html);
            for (name, value) in attrs {
                proptest::prop_assert!(!name.starts_with("on"), "{:?}", html);
                proptest::prop_assert!(!value.to_lowercase().trim_start().starts_with("javascript:"), "{:?}", html);
            }
        }
    }
}

#[test]
fn text_escapes() {
    assert_eq!(
        text("a<b> & \"c\"\r\nd\te\u{1f}"),
        "a&lt;b&gt; &amp; &quot;c&quot;<br>d&#9;e"
    );
}

#[test]
fn strip_matches_anki() {
    assert_eq!(strip("<b>a</b>&amp;b<img src=\"x.png\">"), "a&b x.png ");
    assert_eq!(
        strip("1 &lt; 2 &#20013; &#x6587; &bogus; &"),
        "1 < 2 中 文 &bogus; &"
    );
}

#[test]
fn clozes_number_bold_phrases() {
    let (out, n) = clozify("<p>用 <strong>CLIP</strong> 和 <b>线性层</b>，{{c9::x}} a::b</p>");
    assert_eq!(n, 2);
    assert_eq!(
        out,
        "<p>用 <strong>{{c1::CLIP}}</strong> 和 <b>{{c2::线性层}}</b>，&#123;&#123;c9::x&#125;&#125; a::b</p>"
    );
    let (out, n) = clozify("<strong>a::b</strong><br><strong> </strong>");
    assert_eq!(
        (out.as_str(), n),
        ("<strong>{{c1::a:&#58;b}}</strong><br><strong> </strong>", 1)
    );
}
