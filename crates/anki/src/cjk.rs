//! Strong emphasis next to CJK punctuation, which CommonMark leaves as literal `**`.
//!
//! CommonMark decides whether `**` opens or closes emphasis from the characters on either side
//! (the "flanking" rules): a run followed by punctuation opens only when preceded by
//! whitespace or punctuation. Chinese text has no spaces, so in `这是**「中文」**的` the first
//! `**` is preceded by `是` and followed by `「`: it cannot open, and pulldown-cmark writes
//! both runs as text. Readers of Chinese notes (and GitHub's own renderer, for some of these)
//! expect bold.
//!
//! [`events`] parses with pulldown-cmark as usual. When a `**` run is left over as text, it
//! puts an invisible U+2060 WORD JOINER between each `**` run (left over, or delimiting bold
//! that pulldown-cmark did pair) and the non-ASCII punctuation right beside it, parses
//! again and removes the joiners from the text. A joiner is neither whitespace nor
//! punctuation, so each run is then flanked by ordinary characters and CommonMark pairs the
//! runs in order, as a reader does: `**（A）**与**（B）**` is two bold phrases, not a bold `与`
//! inside literal stars. CommonMark itself still decides everything else (code spans,
//! escapes, links), so only emphasis changes, and the events go through the same HTML
//! writers and the same sanitising as any other bold text. Text that already holds a joiner,
//! runs of three or more stars and escaped stars (`\*\*`) are left alone.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag};

/// The Markdown events of `md`, with [the pairs described above](self) as strong emphasis.
pub(crate) fn events(md: &str, options: Options) -> Events<'_> {
    if md.is_ascii() || !md.contains("**") {
        return Events::Plain(Parser::new_ext(md, options));
    }
    match fix(md, options) {
        Some(events) => Events::Fixed(events.into_iter()),
        None => Events::Plain(Parser::new_ext(md, options)),
    }
}

/// The events of [`events`]: straight from the parser when nothing can need fixing.
// One lives on the stack per field rendered; boxing the parser would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Events<'a> {
    /// Text without a CJK character or without `**`.
    Plain(Parser<'a>),
    /// Text whose events were collected and fixed.
    Fixed(std::vec::IntoIter<Event<'static>>),
}

impl<'a> Iterator for Events<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        match self {
            Events::Plain(p) => p.next(),
            Events::Fixed(it) => it.next(),
        }
    }
}

/// U+2060 WORD JOINER: invisible, neither whitespace nor punctuation for CommonMark.
const JOINER: char = '\u{2060}';

/// Whether `c` is punctuation that is not ASCII (CJK or other): next to it, a `**` run may
/// fail CommonMark's flanking rules.
fn wide_punct(c: char) -> bool {
    !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && c != JOINER
}

/// The fixed events, or `None` when nothing needs fixing.
fn fix(md: &str, options: Options) -> Option<Vec<Event<'static>>> {
    if md.contains(JOINER) {
        return None;
    }
    // The `**` runs to look at (byte offsets): leftovers that pulldown-cmark wrote as text,
    // and the delimiters of the strong emphasis it did pair (it may have paired the inner
    // ones of `**（A）**与**（B）**`).
    let mut runs: Vec<usize> = Vec::new();
    let mut leftover = false;
    let mut prev_text_end = usize::MAX;
    for (event, range) in Parser::new_ext(md, options).into_offset_iter() {
        match &event {
            Event::Start(Tag::Strong) if md[range.clone()].starts_with("**") => {
                runs.push(range.start);
                runs.push(range.end - 2);
            }
            // pulldown-cmark gives each delimiter it did not use as its own `Text("*")`.
            Event::Text(t) if &**t == "*" && md.get(range.clone()) == Some("*") => {
                if prev_text_end == range.start && md[..range.start].ends_with('*') {
                    let at = range.start - 1;
                    let single = !md[..at].ends_with('*') && !md[range.end..].starts_with('*');
                    if single && runs.last() != Some(&at) {
                        runs.push(at);
                        leftover = true;
                    }
                }
                prev_text_end = range.end;
                continue;
            }
            _ => {}
        }
        prev_text_end = usize::MAX;
    }
    if !leftover {
        return None;
    }
    runs.sort_unstable();
    runs.dedup();
    // A joiner between each run and the wide punctuation beside it: the run is then flanked
    // by ordinary characters on that side, and CommonMark pairs the runs in order.
    let mut fixed = String::with_capacity(md.len() + runs.len() * 6);
    let mut mark = 0;
    let mut changed = false;
    for at in runs {
        if md[..at].chars().next_back().is_some_and(wide_punct) {
            fixed.push_str(&md[mark..at]);
            fixed.push(JOINER);
            mark = at;
            changed = true;
        }
        if md[at + 2..].chars().next().is_some_and(wide_punct) {
            fixed.push_str(&md[mark..at + 2]);
            fixed.push(JOINER);
            mark = at + 2;
            changed = true;
        }
    }
    if !changed {
        return None;
    }
    fixed.push_str(&md[mark..]);
    let events = Parser::new_ext(&fixed, options)
        .map(|e| match e {
            Event::Text(t) if t.contains(JOINER) => {
                Event::Text(CowStr::from(t.replace(JOINER, "")))
            }
            e => e.into_static(),
        })
        .collect();
    Some(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events(md, Options::empty()));
        out
    }

    #[test]
    fn pairs_runs_beside_cjk_punctuation() {
        assert_eq!(
            html("这是**「中文」**的"),
            "<p>这是<strong>「中文」</strong>的</p>\n"
        );
        assert_eq!(html("**「中文」**"), "<p><strong>「中文」</strong></p>\n");
        assert_eq!(
            html("方法**（A）**与**（B）**比较"),
            "<p>方法<strong>（A）</strong>与<strong>（B）</strong>比较</p>\n"
        );
        assert_eq!(
            html("：**预训练阶段**。然后**「微调」**的"),
            "<p>：<strong>预训练阶段</strong>。然后<strong>「微调」</strong>的</p>\n"
        );
        assert_eq!(
            html("- 结果**提升。**然后"),
            "<ul>\n<li>结果<strong>提升。</strong>然后</li>\n</ul>\n"
        );
        // CommonMark already pairs these: unchanged.
        assert_eq!(html("中**粗体**中"), "<p>中<strong>粗体</strong>中</p>\n");
    }

    #[test]
    fn leaves_everything_else_alone() {
        for md in [
            "a ** b ** c 中",
            "中文 ** 「x」 **",
            "这是\\*\\*「中文」\\*\\*的",
            "这是***「中文」***的",
            "这是`**「中文」**`的",
            "```\n这是**「中文」**的\n```",
            "这是**「中文」",
            "这是****的",
            "ascii**(text)**only",
        ] {
            let plain = {
                let mut out = String::new();
                pulldown_cmark::html::push_html(&mut out, Parser::new_ext(md, Options::empty()));
                out
            };
            assert_eq!(html(md), plain, "{md:?}");
        }
    }

    #[test]
    fn pairs_only_within_one_block() {
        // The runs are in different list items.
        assert_eq!(
            html("- 这是**「中文\n- 」**的"),
            "<ul>\n<li>这是**「中文</li>\n<li>」**的</li>\n</ul>\n"
        );
        // Around a link: both runs are in the paragraph.
        assert_eq!(
            html("见**「[链接](http://x.y)」**吧"),
            "<p>见<strong>「<a href=\"http://x.y\">链接</a>」</strong>吧</p>\n"
        );
    }

    proptest::proptest! {
        /// Any text: the events stay balanced and the text is kept (only stars may go).
        #[test]
        fn balanced_and_lossless(s in "([a-z 中文「」（），。*_\\\\`\n\\[\\]()-]|\\*\\*|\\]\\(u\\))*") {
            let mut depth = 0i32;
            let mut text = String::new();
            for e in events(&s, Options::empty()) {
                match e {
                    Event::Start(_) => depth += 1,
                    Event::End(_) => { depth -= 1; proptest::prop_assert!(depth >= 0); }
                    Event::Text(t) | Event::Code(t) => text.push_str(&t),
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(depth, 0);
            let mut plain = String::new();
            for e in Parser::new_ext(&s, Options::empty()) {
                if let Event::Text(t) | Event::Code(t) = e {
                    plain.push_str(&t);
                }
            }
            proptest::prop_assert!(!text.contains(JOINER));
            proptest::prop_assert_eq!(text.replace('*', ""), plain.replace('*', ""));
        }
    }
}
