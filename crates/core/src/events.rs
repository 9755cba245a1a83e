//! The pulldown-cmark event stream of a whole file, produced chunk by chunk.
//!
//! pulldown-cmark builds a tree of the whole input before it yields the first event, so a
//! 20 MB catalogue costs a tree several times its size. Reading the file in chunks keeps
//! memory flat (the tree of one chunk at a time); the events must be exactly those of the
//! whole file, which holds by construction:
//!
//! - Block structure is decided line by line, so a top-level block that is *followed by
//!   another top-level block inside the chunk* ended where it ends in the whole file, with
//!   the same events and ranges. Its events are passed on.
//! - The *last* top-level block of a chunk may run on past the cut (a list, a fenced code
//!   block without its closing fence yet, an HTML block, a paragraph with a setext
//!   underline...), and pulldown-cmark gives a block at the end of its input slightly
//!   different ranges. Its events are dropped, and the next chunk starts at the start of that
//!   block's line, where the whole-file parse also starts a fresh top-level block. When the
//!   block is the chunk's only one, the chunk is doubled instead, so the work stays linear.
//! - Link reference and footnote definitions are global to the document: when a file has any
//!   line that may hold one, it is read in one piece.
//!
//! Cuts are made at a top-level heading that follows a blank line, so the block dropped at
//! the end of a chunk is usually a section's last list, not the whole section. The property
//! tests, and the `parse` fuzz target, compare chunked and whole-file events.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, OffsetIter, Options, Parser};

/// Chunk size the reader aims for; a chunk ends at the first cut point after this many bytes.
pub(crate) const CHUNK: usize = 512 * 1024;

/// Inputs at least this large are tokenised on a second thread.
const PIPELINE_MIN: usize = 1 << 20;
/// Events per batch handed from the tokenising thread to the reader.
const BATCH: usize = 8192;

/// Run `read` over the events of `src`. When the input is large and a second core is
/// present, the events are produced on a scoped thread and handed over in batches, so that
/// tokenising and reading overlap; the events and their order are the same either way.
pub(crate) fn pipelined<'a, R>(
    src: &'a str,
    opts: Options,
    read: impl FnOnce(&mut dyn Iterator<Item = (Event<'a>, Range<usize>)>) -> R,
) -> R {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    if cores < 2 || src.len() < PIPELINE_MIN {
        return read(&mut Events::new(src, opts, CHUNK));
    }
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(Event<'a>, Range<usize>)>>(4);
        s.spawn(move || {
            let mut events = Events::new(src, opts, CHUNK);
            loop {
                let mut batch = Vec::with_capacity(BATCH);
                batch.extend(events.by_ref().take(BATCH));
                // The reader hung up (it panicked): stop quietly, the panic is reported there.
                if batch.is_empty() || tx.send(batch).is_err() {
                    break;
                }
            }
        });
        read(&mut rx.into_iter().flatten())
    })
}

/// Events of `src` with absolute byte ranges, as if `src` were parsed in one piece.
pub(crate) struct Events<'a> {
    src: &'a str,
    opts: Options,
    target: usize,
    /// Start of the current chunk.
    start: usize,
    /// End of the current chunk.
    end: usize,
    /// The next chunk must end after this offset (set when a chunk is extended).
    min_end: usize,
    iter: Option<OffsetIter<'a>>,
    depth: usize,
    /// Events of the current chunk's latest top-level block.
    held: Vec<(Event<'a>, Range<usize>)>,
    /// A block of the current chunk has been passed on.
    passed: bool,
    ready: VecDeque<(Event<'a>, Range<usize>)>,
}

impl<'a> Events<'a> {
    /// Events of `src`, parsed in chunks of about `target` bytes (`usize::MAX`: one piece).
    pub(crate) fn new(src: &'a str, opts: Options, target: usize) -> Self {
        let target = if may_define_references(src) {
            usize::MAX
        } else {
            target.max(1)
        };
        Events {
            src,
            opts,
            target,
            start: 0,
            end: 0,
            min_end: 0,
            iter: None,
            depth: 0,
            held: Vec::new(),
            passed: false,
            ready: VecDeque::new(),
        }
    }

    fn open(&mut self) {
        let from = self.start.saturating_add(self.target).max(self.min_end);
        self.end = next_cut(self.src, from);
        self.depth = 0;
        self.passed = false;
        self.iter = Some(
            Parser::new_ext(self.src.get(self.start..self.end).unwrap_or(""), self.opts)
                .into_offset_iter(),
        );
    }

    /// The chunk's events are exhausted: its last top-level block is read again at the
    /// start of the next chunk (or the chunk doubles when that block was its only one).
    fn close(&mut self) {
        self.iter = None;
        if self.end >= self.src.len() {
            self.ready.extend(self.held.drain(..));
            self.start = self.end;
            return;
        }
        let Some(block_start) = self.held.first().map(|(_, r)| r.start) else {
            // Nothing but blank lines.
            self.start = self.end;
            return;
        };
        self.held.clear();
        // The start of the block's line (its indentation matters; a bare CR ends a line).
        let line_start = memchr::memrchr2(b'\n', b'\r', &self.src.as_bytes()[..block_start])
            .map_or(0, |i| i + 1);
        if self.passed && line_start > self.start {
            self.start = line_start;
            self.min_end = 0;
        } else {
            // The block is the chunk's only one: read a chunk twice as long from here.
            self.min_end = self.start + 2 * (self.end - self.start) + 1;
        }
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(e) = self.ready.pop_front() {
                return Some(e);
            }
            if self.iter.is_none() {
                if self.start >= self.src.len() {
                    return None;
                }
                self.open();
            }
            let Some((ev, r)) = self.iter.as_mut().and_then(Iterator::next) else {
                self.close();
                continue;
            };
            let r = r.start + self.start..r.end + self.start;
            if self.depth == 0 && !self.held.is_empty() {
                // A new top-level block: the one held before it is complete.
                self.ready.extend(self.held.drain(..));
                self.passed = true;
            }
            match &ev {
                Event::Start(_) => self.depth += 1,
                Event::End(_) => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
            self.held.push((ev, r));
        }
    }
}

/// Whether `src` gives the same events in chunks of about `target` bytes as in one piece,
/// with the options the reader uses.
pub(crate) fn matches_whole(src: &str, target: usize) -> bool {
    let opts = crate::parser::OPTIONS;
    Events::new(src, opts, target).eq(Parser::new_ext(src, opts).into_offset_iter())
}

/// The first cut point at or after `from`: the start of a line that opens an ATX heading
/// (`#` to `######` at column 0, then a space, a tab or the line end) and follows a blank
/// line; the end of `src` when there is none.
fn next_cut(src: &str, from: usize) -> usize {
    let bytes = src.as_bytes();
    let mut at = from.min(bytes.len());
    while let Some(i) = find(&bytes[at..], b"\n#") {
        let p = at + i + 1;
        at = p;
        let hashes = bytes[p..].iter().take_while(|&&b| b == b'#').count();
        let after = bytes.get(p + hashes).copied();
        if hashes > 6 || !matches!(after, None | Some(b' ' | b'\t' | b'\n' | b'\r')) {
            continue;
        }
        // The line before must be blank.
        let prev_end = p - 1;
        let prev_start = memchr::memrchr(b'\n', &bytes[..prev_end]).map_or(0, |i| i + 1);
        if prev_start > 0
            && bytes[prev_start..prev_end]
                .iter()
                .all(u8::is_ascii_whitespace)
        {
            return p;
        }
    }
    bytes.len()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Whether any line may hold a link reference definition or a footnote definition
/// (`[label]:` after optional indentation, quote markers and list markers).
fn may_define_references(src: &str) -> bool {
    let bytes = src.as_bytes();
    let mut at = 0;
    while let Some(i) = find(&bytes[at..], b"]:") {
        let p = at + i;
        at = p + 2;
        let line_start = memchr::memrchr2(b'\n', b'\r', &bytes[..p]).map_or(0, |i| i + 1);
        let mut line = src.get(line_start..p).unwrap_or("");
        loop {
            let t = line.trim_start_matches([' ', '\t', '>']);
            let t = t
                .strip_prefix(['-', '*', '+'])
                .or_else(|| {
                    let d = t.trim_start_matches(|c: char| c.is_ascii_digit());
                    (d.len() < t.len())
                        .then(|| d.strip_prefix(['.', ')']))
                        .flatten()
                })
                .unwrap_or(t);
            if t.len() == line.len() {
                break;
            }
            line = t;
        }
        if line.starts_with('[') {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(src: &str) -> Vec<(Event<'_>, Range<usize>)> {
        Parser::new_ext(src, Options::all())
            .into_offset_iter()
            .collect()
    }

    fn chunked(src: &str, target: usize) -> Vec<(Event<'_>, Range<usize>)> {
        Events::new(src, Options::all(), target).collect()
    }

    #[test]
    fn chunks_give_the_whole_file_events() {
        let docs = [
            "# A\n\n- x\n- y\n\n## B\n\ntext\n\n# C\n",
            "# A\n\n```\ncode\n\n# not a heading\n```\n\n# B\n\nafter\n",
            "# A\n\n~~~~\n\n# inside\n~~~\n\n# still inside\n~~~~\n\n# B\n",
            "# A\n\n<!-- note\n\n# inside comment\n-->\n\n# B\n",
            "# A\n\n<pre>\n\n# inside pre\n</pre>\n\n# B\n",
            "# A\n\n<div>\n# inside div (no blank line)\n</div>\n\n# B\n",
            "# A\n\n- item\n  ```\n  open fence in a list\n\n# B\n\n```\n\n# in fence\n```\n",
            "# A\n\n```\nnever closed\n\n# B\n\n# C\n",
            "",
            "\n\n# only\n",
            "# A\r\n\r\n# B\r\n\r\ntext\r\n",
            // Found by the fuzzer: the line before the comment ends with a bare CR.
            "\u{FFFD}\r <!--\u{FFFD}#\u{FFFD} \u{FFFD}\n\n#",
            "para\r<!-- open\n\n# inside\n-->\n\n# B\n",
            // Found by the fuzzer: an empty item ends a list just before a cut; pulldown-cmark
            // gives it a longer range at the end of its input.
            "# A\n\n- [x](#x)\n- \n\n## B\n\ntext\n",
            "# A\n\nTitle\n\n# B\n===\n",
            "# A\n\nsee [x]\n\n# B\n\nfoo\r[x]: https://example.org\n",
        ];
        for doc in docs {
            for target in [1, 3, 10, 1000] {
                assert_eq!(chunked(doc, target), whole(doc), "{doc:?} at {target}");
            }
        }
    }

    #[test]
    fn reference_definitions_keep_the_file_whole() {
        assert!(may_define_references("# A\n\n[x]: https://x\n"));
        assert!(may_define_references("- > [^1]: note\n"));
        assert!(may_define_references("  1. [a]: /b\n"));
        assert!(may_define_references("text\r[a]: /b\n"));
        assert!(!may_define_references("- 论文名称：a\n- Paper: [x](y)\n"));
        let doc = "# A\n\nsee [x]\n\n# B\n\n[x]: https://example.org\n";
        assert_eq!(chunked(doc, 1), whole(doc));
    }

    /// The samples, the shared corpus and a generated-like document give the same events
    /// in chunks of any size as in one piece.
    #[test]
    fn real_catalogues_chunk_like_whole() {
        let mut files = papercat_testkit::sample_paths();
        if let Some(shared) = papercat_testkit::shared_dir() {
            files.push(shared.join("corpus/000_592348f81878be69.txt"));
        }
        assert!(files.len() >= 3, "samples missing: {files:?}");
        let opts = Options::ENABLE_TABLES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_FOOTNOTES;
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read");
            let whole: Vec<_> = Parser::new_ext(&text, opts).into_offset_iter().collect();
            for target in [1, 200, 4096] {
                let chunked: Vec<_> = Events::new(&text, opts, target).collect();
                assert!(
                    chunked == whole,
                    "{} differs at chunk size {target}",
                    f.display()
                );
            }
        }
    }

    /// Lines that open, close or cut blocks, shuffled into random documents.
    const PIECES: &[&str] = &[
        "# H",
        "## H2",
        "####### seven",
        "#no-space",
        "",
        "",
        "",
        "text",
        "- item",
        "  - child",
        "  ```",
        "```",
        "```rust",
        "~~~",
        "````",
        "    indented",
        "<!--",
        "-->",
        "<pre>",
        "</pre>",
        "<div>",
        "</div>",
        "<?php",
        "?>",
        "<!DOCTYPE",
        ">",
        "<![CDATA[",
        "]]>",
        "> quote",
        "| a | b |",
        "|---|---|",
        "1. **Title.** Venue.",
        "- 论文名称：名字",
        "<script>",
        "</script>",
        "<style >",
        "</style>",
        "<textarea>",
        "</textarea>",
        "\t# tab",
        "x\r<!--",
        "\r```",
        "para\r[r]: /url",
        " \r",
        "- ",
        "-",
        "===",
        "---",
    ];

    proptest::proptest! {
        #[test]
        fn random_documents_chunk_like_whole(
            picks in proptest::collection::vec(0..PIECES.len(), 0..60),
            crlf: bool,
            target in 1usize..40,
        ) {
            let nl = if crlf { "\r\n" } else { "\n" };
            let doc: String = picks.iter().map(|&i| format!("{}{nl}", PIECES[i])).collect();
            let opts = Options::ENABLE_TABLES
                | Options::ENABLE_STRIKETHROUGH
                | Options::ENABLE_TASKLISTS
                | Options::ENABLE_FOOTNOTES;
            let whole: Vec<_> = Parser::new_ext(&doc, opts).into_offset_iter().collect();
            let chunked: Vec<_> = Events::new(&doc, opts, target).collect();
            proptest::prop_assert_eq!(chunked, whole, "{:?}", doc);
        }
    }
}
