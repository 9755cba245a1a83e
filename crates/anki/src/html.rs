//! Field text: Markdown to sanitised one-line HTML, plain text escaping, HTML stripping.
//!
//! Every field leaves this module without tabs, line breaks or control characters (tabs become
//! `&#9;`, line breaks `<br>` or nothing), so the `.apkg` and the text format hold the same
//! bytes and the text format never needs to quote a field for them.

use pulldown_cmark::{html::push_html, Event, Options as MdOptions, Parser};

/// Renders and sanitises field HTML. Built once per write (ammonia's builder is not free).
pub(crate) struct Renderer {
    cleaner: ammonia::Builder<'static>,
}

impl Renderer {
    pub(crate) fn new() -> Self {
        // ammonia's defaults already drop <script>/<style>, every `on*` attribute and any URL
        // scheme outside its allow-list (so `javascript:` and `data:` go); links get
        // rel="noopener noreferrer".
        Renderer {
            cleaner: ammonia::Builder::default(),
        }
    }

    /// Markdown (as the model stores field text) to sanitised one-line HTML.
    pub(crate) fn markdown(&self, md: &str) -> String {
        let md = drop_script_elements(&clean_controls(md));
        if md.trim().is_empty() {
            return String::new();
        }
        let opts = MdOptions::ENABLE_STRIKETHROUGH | MdOptions::ENABLE_TABLES;
        // Hand-written notes are line oriented: keep their line breaks.
        let events = Parser::new_ext(&md, opts).map(|e| match e {
            Event::SoftBreak => Event::HardBreak,
            e => e,
        });
        let mut raw = String::new();
        push_html(&mut raw, events);
        self.sanitize(&raw)
    }

    /// Sanitises HTML built here (links, notes) or taken from the catalogue.
    pub(crate) fn sanitize(&self, html: &str) -> String {
        let clean = self.cleaner.clean(html).to_string();
        one_line(&clean)
    }
}

/// Removes `<script>` and `<style>` elements, content included, before Markdown parsing.
///
/// ammonia would drop them anyway, but CommonMark makes a line starting with `<script>` a raw
/// HTML block, which would also swallow the Markdown after it on that line (bold, links).
fn drop_script_elements(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    'outer: loop {
        let lower = rest.to_ascii_lowercase();
        let mut found = None;
        for name in ["script", "style"] {
            let mut from = 0;
            while let Some(p) = lower[from..].find(&format!("<{name}")).map(|p| p + from) {
                let after = lower.as_bytes().get(p + 1 + name.len()).copied();
                if matches!(after, None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n')) {
                    match found {
                        Some((q, _)) if q <= p => {}
                        _ => found = Some((p, name)),
                    }
                    break;
                }
                from = p + 1;
            }
        }
        let Some((start, name)) = found else {
            out.push_str(rest);
            break 'outer;
        };
        out.push_str(&rest[..start]);
        let close = format!("</{name}");
        let end = lower[start..].find(&close).map(|c| {
            let c = start + c;
            lower[c..].find('>').map_or(lower.len(), |g| c + g + 1)
        });
        match end {
            Some(end) => rest = &rest[end..],
            None => break 'outer,
        }
    }
    out
}

/// Removes control characters other than tab and line breaks (`\x1f` separates Anki fields)
/// and turns `\r\n` and lone `\r` into `\n`.
pub(crate) fn clean_controls(s: &str) -> String {
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    s.chars()
        .filter(|&c| c == '\t' || c == '\n' || !c.is_control())
        .collect()
}

/// Plain text to HTML: escaped, line breaks as `<br>`, tabs as `&#9;`.
pub(crate) fn text(s: &str) -> String {
    let s = clean_controls(s);
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

/// An attribute value, escaped for double quotes.
pub(crate) fn attr(s: &str) -> String {
    text(s).replace("<br>", "&#10;")
}

/// Makes sanitised HTML one line. Inside `<pre>` a line break becomes `<br>`; elsewhere it is
/// dropped next to a tag (block separators) and a space otherwise. Tabs become `&#9;`.
fn one_line(html: &str) -> String {
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

/// Strips HTML the way Anki does for its sort field and checksum: tags removed (an image
/// keeps its file name), entities decoded.
pub(crate) fn strip(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag_and_after = &rest[start..];
        match tag_and_after.find('>') {
            Some(end) => {
                let tag = &tag_and_after[..=end];
                if let Some(src) = img_src(tag) {
                    out.push(' ');
                    out.push_str(&src);
                    out.push(' ');
                }
                rest = &tag_and_after[end + 1..];
            }
            None => {
                out.push_str(tag_and_after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn img_src(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    if !lower.starts_with("<img") {
        return None;
    }
    let at = lower.find("src=\"")? + 5;
    let len = tag[at..].find('"')?;
    Some(decode_entities(&tag[at..at + len]))
}

/// Decodes the named entities our writers and ammonia produce, and numeric ones.
pub(crate) fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let num = name.strip_prefix('#')?;
                    let code = match num.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => num.parse().ok()?,
                    };
                    char::from_u32(code)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Turns every bold phrase (`<strong>`, `<b>`) of sanitised HTML into its own cloze,
/// `{{c1::..}}`, `{{c2::..}}`...; returns the text and the number of clozes. Braces already in
/// the text become entities so that they can never be read as cloze markup.
pub(crate) fn clozify(html: &str) -> (String, u16) {
    let html = html.replace('{', "&#123;").replace('}', "&#125;");
    let mut out = String::with_capacity(html.len() + 32);
    let mut n: u16 = 0;
    let mut rest = html.as_str();
    while let Some((open_end, close)) = next_bold(rest) {
        let Some(close_at) = rest[open_end..].find(close).map(|p| p + open_end) else {
            break;
        };
        let inner = &rest[open_end..close_at];
        out.push_str(&rest[..open_end]);
        if strip(inner).trim().is_empty() || n == u16::MAX {
            out.push_str(inner);
        } else {
            n += 1;
            out.push_str(&format!("{{{{c{n}::{}}}}}", inner.replace("::", ":&#58;")));
        }
        out.push_str(close);
        rest = &rest[close_at + close.len()..];
    }
    out.push_str(rest);
    (out, n)
}

/// The next `<strong ..>` or `<b ..>` opening tag: (end after its `>`, the closing tag).
fn next_bold(s: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    while let Some(p) = s[from..].find('<').map(|p| p + from) {
        let tail = &s[p..];
        let close = if starts_tag(tail, "<strong") {
            Some("</strong>")
        } else if starts_tag(tail, "<b") {
            Some("</b>")
        } else {
            None
        };
        if let Some(close) = close {
            let end = tail.find('>')? + p + 1;
            return Some((end, close));
        }
        from = p + 1;
    }
    None
}

fn starts_tag(s: &str, name: &str) -> bool {
    s.starts_with(name) && matches!(s.as_bytes().get(name.len()), Some(b'>' | b' '))
}

#[cfg(test)]
mod tests {
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
}
