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
//!
//! Large files are read in *independent* chunks on all cores ([`in_chunks`]): the cuts are
//! chosen up front, each chunk is parsed through the heading line of the next cut, and its
//! events are kept up to that heading. The same argument shows they are the whole file's
//! events, provided the heading is a top-level block starting exactly at the cut; each chunk
//! checks that after it is read, and when one fails (a fence or an HTML block running across
//! a cut) the caller reads the file the sequential way instead.

use std::collections::VecDeque;
use std::ops::Range;

/// The pulldown-cmark extensions the reader enables.
pub(crate) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);

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

/// Cut points for reading `src` in independent chunks of about `target` bytes:
/// `[0, c1, ..., src.len()]`, each inner cut a line found by [`next_cut`].
pub(crate) fn cuts(src: &str, target: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    let mut at = 0;
    while at < src.len() {
        at = next_cut(src, at.saturating_add(target.max(1)));
        cuts.push(at);
    }
    if cuts.len() == 1 {
        cuts.push(src.len());
    }
    cuts
}

/// The events of one chunk `src[from..to]` of a file read in independent chunks.
///
/// The chunk is parsed up to the end of the line at `to` and its events are passed on until
/// the top-level block that starts at `to` (when `to` is the end of `src`, all of them).
/// When `from` is the start of a top-level block of the whole file, and that block at `to` is
/// a heading starting exactly there, the events passed on are exactly the whole file's for
/// `from..to`, by the argument of the module documentation, and `to` is in turn the start of a
/// top-level block of the whole file. [`ChunkEvents::valid`] says whether that held, so a
/// chain of valid chunks from 0 gives the whole file's events.
pub(crate) struct ChunkEvents<'a> {
    iter: OffsetIter<'a>,
    from: usize,
    to: usize,
    last: bool,
    depth: usize,
    /// `None` while running; then whether the chunk ended as it must.
    valid: Option<bool>,
}

impl<'a> ChunkEvents<'a> {
    pub(crate) fn new(src: &'a str, from: usize, to: usize, opts: Options) -> Self {
        let last = to >= src.len();
        let end = if last {
            src.len()
        } else {
            memchr::memchr(b'\n', &src.as_bytes()[to..]).map_or(src.len(), |i| to + i + 1)
        };
        ChunkEvents {
            iter: Parser::new_ext(src.get(from..end).unwrap_or(""), opts).into_offset_iter(),
            from,
            to,
            last,
            depth: 0,
            valid: None,
        }
    }

    /// Whether the chunk's events are the whole file's (see the type's documentation); the
    /// rest of the chunk is read first when the caller stopped early.
    pub(crate) fn valid(&mut self) -> bool {
        while self.valid.is_none() {
            self.next();
        }
        self.valid == Some(true)
    }
}

impl<'a> Iterator for ChunkEvents<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.valid.is_some() {
            return None;
        }
        let Some((ev, r)) = self.iter.next() else {
            self.valid = Some(self.last);
            return None;
        };
        let r = r.start + self.from..r.end + self.from;
        if self.depth == 0 && !self.last && r.start >= self.to {
            self.valid = Some(
                r.start == self.to
                    && matches!(ev, Event::Start(pulldown_cmark::Tag::Heading { .. })),
            );
            return None;
        }
        match &ev {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        Some((ev, r))
    }
}

/// Run `read` on every chunk of `src` (see [`cuts`]), on up to `threads` threads, and return
/// the results in chunk order; `None` when the file may define link references (it must be
/// read in one piece) or a chunk's events are not provably the whole file's (then the caller
/// reads it another way). `read` gets the chunk's index.
pub(crate) fn in_chunks<'a, R: Send>(
    src: &'a str,
    opts: Options,
    target: usize,
    threads: usize,
    read: impl Fn(usize, &mut dyn Iterator<Item = (Event<'a>, Range<usize>)>) -> R + Sync,
) -> Option<Vec<R>> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    if may_define_references(src) {
        return None;
    }
    let cuts = cuts(src, target);
    let n = cuts.len() - 1;
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let work = || {
        let mut done = Vec::new();
        while !failed.load(Ordering::Relaxed) {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= n {
                break;
            }
            let mut events = ChunkEvents::new(src, cuts[k], cuts[k + 1], opts);
            let r = read(k, &mut events);
            if !events.valid() {
                failed.store(true, Ordering::Relaxed);
                break;
            }
            done.push((k, r));
        }
        done
    };
    let work = &work;
    let mut all: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (1..threads.clamp(1, n.max(1)))
            .map(|_| s.spawn(work))
            .collect();
        let mut all = work();
        for h in handles {
            all.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        all
    });
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    all.sort_unstable_by_key(|(k, _)| *k);
    Some(all.into_iter().map(|(_, r)| r).collect())
}

/// Whether reading `src` in independent chunks of about `target` bytes either declines (see
/// [`in_chunks`]) or gives exactly the events of reading it in one piece.
pub(crate) fn independent_chunks_match(src: &str, target: usize) -> bool {
    let opts = OPTIONS;
    match in_chunks(src, opts, target, 1, |_, ev| ev.collect::<Vec<_>>()) {
        None => true,
        Some(parts) => parts
            .into_iter()
            .flatten()
            .eq(Parser::new_ext(src, opts).into_offset_iter()),
    }
}

/// Whether `src` gives the same events in chunks of about `target` bytes as in one piece,
/// with the options the reader uses.
pub(crate) fn matches_whole(src: &str, target: usize) -> bool {
    let opts = OPTIONS;
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
                assert!(independent_chunks_match(doc, target), "{doc:?} at {target}");
            }
        }
    }

    /// A chunk holds when it ends right before a heading, and is refused when a block runs on
    /// past its cut.
    #[test]
    fn independent_chunks_are_checked() {
        let opts = OPTIONS;
        let read = |src| in_chunks(src, opts, 1, 2, |_, ev| ev.count());
        let doc = "# A\n\n- x\n- y\n\n## B\n\ntext\n\n# C\n";
        assert_eq!(cuts(doc, 1), vec![0, 14, 26, doc.len()]);
        assert_eq!(
            read(doc).map(|counts| counts.into_iter().sum::<usize>()),
            Some(whole(doc).len())
        );
        // The fence swallows the cut `# B`: no provable chunks.
        assert_eq!(read("# A\n\n```\ncode\n\n# B\n```\n\n# C\n"), None);
        // A reference definition anywhere keeps the file whole.
        assert_eq!(read("# A\n\n[x]: /y\n\n# B\n"), None);
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
                let parts = in_chunks(&text, opts, target, 2, |_, ev| ev.collect::<Vec<_>>());
                let parts = parts.unwrap_or_else(|| panic!("{} not read in chunks", f.display()));
                assert!(
                    parts.into_iter().flatten().eq(whole.iter().cloned()),
                    "{} differs in independent chunks of {target}",
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
            proptest::prop_assert!(independent_chunks_match(&doc, target), "{:?}", doc);
        }
    }
}
