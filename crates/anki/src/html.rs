//! Field text: Markdown to sanitised one-line HTML, plain text escaping, HTML stripping.
//!
//! Every field leaves this module without tabs, line breaks or control characters (tabs become
//! `&#9;`, line breaks `<br>` or nothing), so the `.apkg` and the text format hold the same
//! bytes and the text format never needs to quote a field for them.
//!
//! # Fast and slow paths
//!
//! The reference pipeline for a Markdown field is: pulldown-cmark's events (with bold next to
//! CJK punctuation repaired by [`crate::cjk`]), its HTML writer, then ammonia
//! (html5ever parses the HTML, drops what is not allowed, serialises the tree again), then
//! [`one_line`]. Parsing and serialising with html5ever is by far the costliest step, and for
//! the HTML that pulldown-cmark writes from Markdown *without raw HTML* its effect is small
//! and known: `<br />` becomes `<br>`, code blocks lose their `class`, every link gets
//! `rel="noopener noreferrer"` and loses an `href` whose scheme ammonia does not allow, text
//! and attribute values are escaped the way html5ever escapes them. [`emit_markdown`] writes
//! exactly that from the Markdown events and gives up (falling back to the reference
//! pipeline) on anything else: raw HTML, images, tables, nested links. Links built from the
//! catalogue's URLs ([`Renderer::links`]) get the same treatment. The unit tests check with
//! proptest that the fast and the reference paths give the same bytes.

use std::borrow::Cow;

use pulldown_cmark::{html::push_html, Event, LinkType, Options as MdOptions, Tag, TagEnd};

/// The Markdown extensions fields are rendered with.
const MD_OPTIONS: MdOptions = MdOptions::ENABLE_STRIKETHROUGH.union(MdOptions::ENABLE_TABLES);

/// ammonia's default URL schemes (`ammonia::Builder::default().url_schemes`).
const URL_SCHEMES: [&str; 25] = [
    "bitcoin",
    "ftp",
    "ftps",
    "geo",
    "http",
    "https",
    "im",
    "irc",
    "ircs",
    "magnet",
    "mailto",
    "mms",
    "mx",
    "news",
    "nntp",
    "openpgp4fpr",
    "sip",
    "sms",
    "smsto",
    "ssh",
    "tel",
    "url",
    "webcal",
    "wtai",
    "xmpp",
];

/// The `rel` ammonia adds to every link.
const LINK_REL: &str = " rel=\"noopener noreferrer\">";

/// Renders and sanitises field HTML. Built once per write (ammonia's builder is not free);
/// holds scratch buffers reused from field to field.
pub(crate) struct Renderer {
    cleaner: ammonia::Builder<'static>,
    /// The sanitised HTML before [`one_line`].
    html: String,
    /// pulldown-cmark's HTML (slow path) or an escaped href (fast path).
    scratch: String,
}

/// A Markdown construct the fast path does not write; the slow path takes over.
#[derive(Debug)]
struct Unsupported;

impl Renderer {
    pub(crate) fn new() -> Self {
        // ammonia's defaults already drop <script>/<style>, every `on*` attribute and any URL
        // scheme outside its allow-list (so `javascript:` and `data:` go); links get
        // rel="noopener noreferrer".
        Renderer {
            cleaner: ammonia::Builder::default(),
            html: String::new(),
            scratch: String::new(),
        }
    }

    /// Markdown (as the model stores field text) to sanitised one-line HTML.
    #[cfg(test)]
    pub(crate) fn markdown(&mut self, md: &str) -> String {
        let mut out = String::new();
        self.markdown_into(&mut out, md);
        out
    }

    /// Appends the sanitised one-line HTML of the Markdown `md` to `out`.
    pub(crate) fn markdown_into(&mut self, out: &mut String, md: &str) {
        let md = clean_controls(md);
        let md = drop_script_elements(&md);
        if md.trim().is_empty() {
            return;
        }
        if simple_blocks(&md, out) {
            return;
        }
        self.html.clear();
        if emit_markdown(&md, &mut self.html, &mut self.scratch).is_err() {
            self.scratch.clear();
            let events = crate::cjk::events(&md, MD_OPTIONS).map(hard_breaks);
            push_html(&mut self.scratch, events);
            self.html.clear();
            self.html
                .push_str(&self.cleaner.clean(&self.scratch).to_string());
        } else if self.html.contains('\r') {
            normalize_newlines(&mut self.html);
        }
        one_line_into(out, &self.html);
    }

    /// Appends the sanitised one-line HTML of `links` (URL and label), joined by ` · `, to
    /// `out`: what sanitising `<a href="{attr(url)}">{text(label)}</a> · ...` gives.
    pub(crate) fn links<'a>(
        &mut self,
        out: &mut String,
        links: impl Iterator<Item = (&'a str, &'a str)>,
    ) {
        self.html.clear();
        for (i, (url, label)) in links.enumerate() {
            if i > 0 {
                self.html.push_str(" · ");
            }
            self.html.push_str("<a");
            let url = clean_controls(url);
            if url_allowed(&url) {
                self.html.push_str(" href=\"");
                escape_html5(&mut self.html, &url, true);
                self.html.push('"');
            }
            self.html.push_str(LINK_REL);
            let label = clean_controls(label);
            let mut lines = label.split('\n');
            if let Some(first) = lines.next() {
                escape_html5(&mut self.html, first, false);
            }
            for line in lines {
                self.html.push_str("<br>");
                escape_html5(&mut self.html, line, false);
            }
            self.html.push_str("</a>");
        }
        one_line_into(out, &self.html);
    }
}

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
fn simple_blocks(md: &str, out: &mut String) -> bool {
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

/// Soft line breaks become hard ones: hand-written notes are line oriented.
fn hard_breaks(e: Event<'_>) -> Event<'_> {
    match e {
        Event::SoftBreak => Event::HardBreak,
        e => e,
    }
}

/// Whether ammonia keeps `url` as an `href`: a relative URL, or an absolute one with an
/// allowed scheme (the same test as ammonia's, with the same URL parser).
fn url_allowed(url: &str) -> bool {
    if plain_http_url(url) {
        return true;
    }
    match url::Url::parse(url) {
        Ok(u) => URL_SCHEMES.contains(&u.scheme()),
        Err(e) => e == url::ParseError::RelativeUrlWithoutBase,
    }
}

/// Whether `url` is `http://` or `https://` with a plain host (lower-case ASCII letters,
/// digits, `-` and dots between non-empty labels, no `xn--` label, no port or user, the last
/// label starting with a letter so that it is never read as an IPv4 address): such a URL
/// always parses, whatever its path, query or fragment.
fn plain_http_url(url: &str) -> bool {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return false;
    };
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let host = &rest[..end];
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with("xn--")
                && label
                    .bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        })
        && host
            .rsplit('.')
            .next()
            .is_some_and(|last| last.as_bytes()[0].is_ascii_lowercase())
        // Tabs and line breaks anywhere are dropped by the URL parser; a trailing space or
        // control character is trimmed. Leave both to it.
        && !url.bytes().any(|c| c <= b' ')
}

/// Escapes text as html5ever serialises it: `&`, `<`, `>`, no-break space and, in attribute
/// values, `"`.
fn escape_html5(out: &mut String, s: &str, attr: bool) {
    let b = s.as_bytes();
    let mut mark = 0;
    let mut i = 0;
    while i < b.len() {
        let (rep, len) = match b[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if attr => ("&quot;", 1),
            0xC2 if b.get(i + 1) == Some(&0xA0) => ("&nbsp;", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[mark..i]);
        out.push_str(rep);
        i += len;
        mark = i;
    }
    out.push_str(&s[mark..]);
}

/// html5ever's input preprocessing: `\r\n` and lone `\r` become `\n`.
fn normalize_newlines(s: &mut String) {
    *s = s.replace("\r\n", "\n").replace('\r', "\n");
}

/// Writes what ammonia would make of pulldown-cmark's HTML for `md` (before [`one_line`]), or
/// gives up on constructs whose sanitising is not a fixed rewrite (raw HTML, images, tables,
/// nested links...). `\r` from character references is left for [`normalize_newlines`].
///
/// Mirrors `pulldown_cmark::html::push_html`, including where it writes line breaks.
fn emit_markdown(md: &str, out: &mut String, href: &mut String) -> Result<(), Unsupported> {
    let mut end_newline = true;
    let mut in_link = false;
    // A block start: pulldown-cmark writes a line break first unless one was just written.
    fn block(out: &mut String, end_newline: bool, tag: &str) {
        if !end_newline {
            out.push('\n');
        }
        out.push_str(tag);
    }
    for event in crate::cjk::events(md, MD_OPTIONS) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    block(out, end_newline, "<p>");
                    end_newline = false;
                }
                Tag::Heading {
                    level,
                    id: None,
                    classes,
                    attrs,
                } if classes.is_empty() && attrs.is_empty() => {
                    block(out, end_newline, "<");
                    out.push_str(heading_name(level));
                    out.push('>');
                    end_newline = false;
                }
                Tag::BlockQuote(None) => {
                    block(out, end_newline, "<blockquote>\n");
                    end_newline = true;
                }
                Tag::CodeBlock(_) => {
                    // The `class="language-.."` pulldown-cmark writes is not allowed.
                    block(out, end_newline, "<pre><code>");
                    end_newline = false;
                }
                Tag::List(Some(1)) => {
                    block(out, end_newline, "<ol>\n");
                    end_newline = true;
                }
                Tag::List(Some(start)) => {
                    block(out, end_newline, "<ol start=\"");
                    out.push_str(&start.to_string());
                    out.push_str("\">\n");
                    end_newline = true;
                }
                Tag::List(None) => {
                    block(out, end_newline, "<ul>\n");
                    end_newline = true;
                }
                Tag::Item => {
                    block(out, end_newline, "<li>");
                    end_newline = false;
                }
                Tag::Emphasis => {
                    out.push_str("<em>");
                    end_newline = false;
                }
                Tag::Strong => {
                    out.push_str("<strong>");
                    end_newline = false;
                }
                Tag::Strikethrough => {
                    out.push_str("<del>");
                    end_newline = false;
                }
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    ..
                } => {
                    if in_link {
                        // html5ever's adoption agency would restructure nested links.
                        return Err(Unsupported);
                    }
                    in_link = true;
                    // The href as html5ever reads pulldown-cmark's attribute back.
                    let mut escaped = String::new();
                    if link_type == LinkType::Email {
                        escaped.push_str("mailto:");
                    }
                    let _ = pulldown_cmark_escape::escape_href(&mut escaped, &dest_url);
                    href.clear();
                    unescape_href(href, &escaped);
                    out.push_str("<a");
                    if url_allowed(href) {
                        out.push_str(" href=\"");
                        escape_html5(out, href, true);
                        out.push('"');
                    }
                    if !title.is_empty() {
                        out.push_str(" title=\"");
                        escape_html5(out, &title, true);
                        out.push('"');
                    }
                    out.push_str(LINK_REL);
                    end_newline = false;
                }
                _ => return Err(Unsupported),
            },
            Event::End(tag) => {
                let s = match tag {
                    TagEnd::Paragraph => "</p>\n",
                    TagEnd::Heading(level) => {
                        out.push_str("</");
                        out.push_str(heading_name(level));
                        ">\n"
                    }
                    TagEnd::BlockQuote(_) => "</blockquote>\n",
                    TagEnd::CodeBlock => "</code></pre>\n",
                    TagEnd::List(true) => "</ol>\n",
                    TagEnd::List(false) => "</ul>\n",
                    TagEnd::Item => "</li>\n",
                    TagEnd::Emphasis => "</em>",
                    TagEnd::Strong => "</strong>",
                    TagEnd::Strikethrough => "</del>",
                    TagEnd::Link => {
                        in_link = false;
                        "</a>"
                    }
                    _ => return Err(Unsupported),
                };
                out.push_str(s);
                end_newline = s.ends_with('\n');
            }
            Event::Text(text) => {
                escape_html5(out, &text, false);
                end_newline = text.ends_with('\n');
            }
            Event::Code(text) => {
                out.push_str("<code>");
                escape_html5(out, &text, false);
                out.push_str("</code>");
                end_newline = false;
            }
            Event::SoftBreak | Event::HardBreak => {
                out.push_str("<br>\n");
                end_newline = true;
            }
            Event::Rule => {
                block(out, end_newline, "<hr>\n");
                end_newline = true;
            }
            _ => return Err(Unsupported),
        }
    }
    Ok(())
}

fn heading_name(level: pulldown_cmark::HeadingLevel) -> &'static str {
    use pulldown_cmark::HeadingLevel::*;
    match level {
        H1 => "h1",
        H2 => "h2",
        H3 => "h3",
        H4 => "h4",
        H5 => "h5",
        H6 => "h6",
    }
}

/// Decodes the two entities `escape_href` writes (`&amp;`, `&#x27;`); every other character
/// it writes is plain ASCII.
fn unescape_href(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        if let Some(t) = tail.strip_prefix("&amp;") {
            out.push('&');
            rest = t;
        } else if let Some(t) = tail.strip_prefix("&#x27;") {
            out.push('\'');
            rest = t;
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
}

/// Whether `hay` contains `needle` (ASCII lower case) in any letter case.
fn contains_ignore_case(hay: &str, needle: &str) -> bool {
    let n = needle.as_bytes();
    hay.as_bytes()
        .windows(n.len())
        .any(|w| w.eq_ignore_ascii_case(n))
}

/// Removes `<script>` and `<style>` elements, content included, before Markdown parsing.
///
/// ammonia would drop them anyway, but CommonMark makes a line starting with `<script>` a raw
/// HTML block, which would also swallow the Markdown after it on that line (bold, links).
fn drop_script_elements(md: &str) -> Cow<'_, str> {
    if !md.contains('<')
        || (!contains_ignore_case(md, "<script") && !contains_ignore_case(md, "<style"))
    {
        return Cow::Borrowed(md);
    }
    Cow::Owned(drop_script_elements_slow(md))
}

fn drop_script_elements_slow(md: &str) -> String {
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
/// and turns `\r\n` and lone `\r` into `\n`. Borrows when there is nothing to remove.
pub(crate) fn clean_controls(s: &str) -> Cow<'_, str> {
    if !needs_cleaning(s) {
        return Cow::Borrowed(s);
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    Cow::Owned(
        s.chars()
            .filter(|&c| c == '\t' || c == '\n' || !c.is_control())
            .collect(),
    )
}

/// Whether `s` has a `\r` or a control character other than tab and `\n` (C0, DEL, C1).
fn needs_cleaning(s: &str) -> bool {
    let b = s.as_bytes();
    // A branch-free test per chunk (vectorised), the exact one only where it hits: 0xC2 also
    // starts `·`, `°`, no-break space...
    for (n, chunk) in b.chunks(32).enumerate() {
        let maybe = chunk.iter().fold(false, |acc, &c| {
            acc | ((c < 0x20) & (c != b'\t') & (c != b'\n')) | (c == 0x7f) | (c == 0xC2)
        });
        if maybe {
            let at = n * 32;
            let exact = chunk.iter().enumerate().any(|(i, &c)| {
                (c < 0x20 && c != b'\t' && c != b'\n')
                    || c == 0x7f
                    || (c == 0xC2 && b.get(at + i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)))
            });
            if exact {
                return true;
            }
        }
    }
    false
}

/// Plain text to HTML: escaped, line breaks as `<br>`, tabs as `&#9;`.
#[cfg(test)]
pub(crate) fn text(s: &str) -> String {
    let mut out = String::new();
    text_into(&mut out, s);
    out
}

/// Appends [`text`] of `s` to `out`.
pub(crate) fn text_into(out: &mut String, s: &str) {
    escape_text(out, s, "<br>");
}

/// Escapes `s` (controls cleaned first): `&<>"`, tabs as `&#9;`, line breaks as `newline`.
fn escape_text(out: &mut String, s: &str, newline: &str) {
    let s = clean_controls(s);
    let b = s.as_bytes();
    let mut mark = 0;
    for (i, &c) in b.iter().enumerate() {
        let rep = match c {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\n' => newline,
            b'\t' => "&#9;",
            _ => continue,
        };
        out.push_str(&s[mark..i]);
        out.push_str(rep);
        mark = i + 1;
    }
    out.push_str(&s[mark..]);
}

/// An attribute value, escaped for double quotes.
#[cfg(test)]
pub(crate) fn attr(s: &str) -> String {
    let mut out = String::new();
    escape_text(&mut out, s, "&#10;");
    out
}

/// Makes sanitised HTML one line. Inside `<pre>` a line break becomes `<br>`; elsewhere it is
/// dropped next to a tag (block separators) and a space otherwise. Tabs become `&#9;`.
#[cfg(test)]
fn one_line(html: &str) -> String {
    let mut out = String::new();
    one_line_into(&mut out, html);
    out
}

/// Appends [`one_line`] of `html` to `out`.
fn one_line_into(out: &mut String, html: &str) {
    let start = out.len();
    let b = html.as_bytes();
    let mut in_pre = false;
    let mut mark = 0;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'<' => {
                let rest = &b[i + 1..];
                if starts_with_ignore_case(rest, b"pre") {
                    in_pre = true;
                } else if starts_with_ignore_case(rest, b"/pre") {
                    in_pre = false;
                }
            }
            b'\n' | b'\r' | b'\t' => {
                out.push_str(&html[mark..i]);
                mark = i + 1;
                match c {
                    b'\n' if in_pre => out.push_str("<br>"),
                    b'\n' => {
                        let prev_tag = out.len() == start || out.as_bytes()[out.len() - 1] == b'>';
                        let next_tag = matches!(b.get(i + 1), None | Some(b'<'));
                        if !(prev_tag || next_tag) {
                            out.push(' ');
                        }
                    }
                    b'\t' => out.push_str("&#9;"),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out.push_str(&html[mark..]);
}

fn starts_with_ignore_case(s: &[u8], prefix: &[u8]) -> bool {
    s.len() >= prefix.len() && s[..prefix.len()].eq_ignore_ascii_case(prefix)
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
    if out.contains('&') {
        decode_entities(&out)
    } else {
        out
    }
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

/// The fast paths against the reference pipeline they replace.
#[cfg(test)]
mod equivalence {
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
                    let at_tag =
                        matches!(prev, None | Some('>')) || matches!(next, None | Some('<'));
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
}
