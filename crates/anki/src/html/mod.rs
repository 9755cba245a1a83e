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

use pulldown_cmark::{html::push_html, Event, LinkType, Options as MdOptions, Tag, TagEnd};

#[cfg(test)]
mod equivalence;
mod escape;
mod sanitise;
mod simple;
mod strip;
#[cfg(test)]
mod tests;

use escape::{escape_html5, one_line_into};
use sanitise::{drop_script_elements, url_allowed, LINK_REL};
use simple::simple_blocks;
use strip::unescape_href;

pub(crate) use escape::text_into;
#[cfg(test)]
use escape::{attr, text};
use sanitise::clean_controls;
pub(crate) use strip::{clozify, strip};

/// The Markdown extensions fields are rendered with.
const MD_OPTIONS: MdOptions = MdOptions::ENABLE_STRIKETHROUGH.union(MdOptions::ENABLE_TABLES);

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
            self.general(&md);
        } else if self.html.contains('\r') {
            normalize_newlines(&mut self.html);
        }
        one_line_into(out, &self.html);
    }

    /// The general path, which the fast paths above give the bytes of: pulldown-cmark's
    /// events (with the CJK bold repair) and HTML writer, then ammonia, into `self.html`.
    fn general(&mut self, md: &str) {
        self.scratch.clear();
        let events = crate::cjk::events(md, MD_OPTIONS).map(hard_breaks);
        push_html(&mut self.scratch, events);
        self.html.clear();
        self.html
            .push_str(&self.cleaner.clean(&self.scratch).to_string());
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

/// Soft line breaks become hard ones: hand-written notes are line oriented.
fn hard_breaks(e: Event<'_>) -> Event<'_> {
    match e {
        Event::SoftBreak => Event::HardBreak,
        e => e,
    }
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
