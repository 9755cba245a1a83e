//! The Markdown reader: pulldown-cmark events (with byte offsets) into raw entries.
//!
//! # Input grammar
//!
//! A catalogue mixes four shapes of paper entry; which one a block is gets decided from the
//! evidence around it (labels, links, what its children are), never by a switch.
//!
//! ```text
//! catalogue   = { block } ;
//! block       = heading | list | bold-para | quote | other ;   (* code, HTML, tables: prose *)
//! heading     = "#"{1..6} ( text | "[" text "](" url ")" ) ;   (* first level-1 heading = title *)
//!
//! (* Shape A, list item per paper (the shared corpus) *)
//! list        = item { item } ;
//! item        = marker own-text [ children ] ;
//! own-text    = text | "[" text "](" path-or-url ")" [ text ] ;
//! children    = child { child } ;                 (* indented 2, 3 or 4 spaces, mixed *)
//! child       = marker ( labelled | bare-label | english-title | note ) [ nested ] ;
//! labelled    = label ( "：" | ":" ) text
//!             | "**" label ( "：" | ":" ) "**" text
//!             | "**" label "**" ( "：" | ":" ) text
//!             | "【" label "】" text ;
//! bare-label  = label nested ;                    (* a short label with no colon *)
//! nested      = list ;                            (* kept as Markdown in the field text *)
//!
//! (* Shape B, heading per paper *)
//! paper-head  = heading field-list { field-list | quote | prose } { sub-heading { prose } } ;
//! field-list  = marker labelled { marker labelled } ;   (* items are fields, not papers *)
//! quote       = ">" text ;                        (* the summary *)
//! sub-heading = deeper heading, e.g. "#### 一、论文动机" (* label = text minus the ordinal *)
//!
//! (* Shape C, bold title paragraph *)
//! bold-para   = "**" title "**" NEWLINE field-list ;      (* `- Paper: url`, `- Code: None` *)
//!
//! (* Shape D, reference item *)
//! ref-item    = marker "**" title "**" [ venue "." ] [ "*" authors "*" ]
//!               { "[[" label "](" url ")]" } [ yyyy "." mm ] ;
//! ```
//!
//! A list under a heading (or right after a bold paragraph) is a *field list* when most of
//! its items are known labels, at least one of them a title, link, code, date, venue or
//! author label, and none of its items is itself a paper. A heading is a paper when it has a
//! field list (or links a paper in its text) with paper evidence and none of the headings or
//! lists under it is a paper; otherwise it is a section. The deeper headings of a paper
//! heading, and its prose, become its fields.
//!
//! An entry becomes a paper only with paper evidence: a title field, or a link or code field
//! holding a URL, or a paper/code link in its own text. Everything else (tables of contents,
//! plain lists, lone reference links, interview questions) is not a paper.
//!
//! The reader is a single pass over the event stream that only tracks list depth, followed by
//! one pass over the headings; no step recurses on the input's nesting, so input of any
//! depth costs constant stack, and the work is linear in the input.
//!
//! The stages, one module each: `pass` reads a run of events into headings, blocks and list
//! items (the state it keeps is in `state`); `lists` decides what a finished top-level list
//! is (papers, a field list, prose); `items` turns a list item into an entry, `fields` its
//! children into fields, and `links` sorts its links; `heads` decides which headings are
//! papers and which are sections, and places every entry under its section.

mod fields;
mod heads;
mod items;
mod links;
mod lists;
mod pass;
mod state;

use crate::events::OPTIONS;
use crate::lines::LineIndex;

use pass::read_part;
pub(crate) use state::FileRead;
use state::Reader;

/// Read one Markdown file. Large files are read in chunks on all cores (see
/// [`crate::events::in_chunks`]), or else tokenised on a second thread while this one reads
/// the events (see [`crate::events::pipelined`]); the result is the same either way.
pub(crate) fn read_file(file: &str, src: &str) -> FileRead {
    let threads = crate::par::threads();
    let chunk = (threads >= 2 && src.len() >= PARALLEL_MIN).then_some(crate::events::CHUNK);
    read_file_with(file, src, chunk, threads)
}

/// Files at least this large are read in chunks on all cores.
const PARALLEL_MIN: usize = 1 << 20;

/// [`read_file`], reading in independent chunks of about `chunk` bytes on `threads` threads
/// when `chunk` is given and the chunks can be shown to give the whole file's events.
fn read_file_with(file: &str, src: &str, chunk: Option<usize>, threads: usize) -> FileRead {
    let idx = LineIndex::new(src);
    chunk
        .and_then(|target| read_in_chunks(file, src, &idx, target, threads))
        .unwrap_or_else(|| read_whole(file, src, &idx))
}

/// Read `src` in independent chunks (see [`crate::events::in_chunks`]); `None` when the
/// chunks are refused, or the first chunk holds no heading (the first heading decides the
/// title).
fn read_in_chunks(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    target: usize,
    threads: usize,
) -> Option<FileRead> {
    let parts = crate::events::in_chunks(src, OPTIONS, target, threads, |k, events| {
        read_part(file, src, idx, events, k == 0)
    })
    .filter(|p| p.len() == 1 || p[0].saw_heading)?;
    let mut r = Reader {
        file,
        src,
        idx,
        heads: Vec::with_capacity(parts.iter().map(|p| p.heads.len()).sum()),
        placed: Vec::with_capacity(parts.iter().map(|p| p.placed.len()).sum()),
        diags: Vec::with_capacity(parts.iter().map(|p| p.diags.len()).sum()),
        explained: Vec::new(),
    };
    let mut title = None;
    for part in parts {
        let base = r.heads.len();
        title = title.or(part.title);
        r.heads.extend(part.heads);
        r.placed.extend(part.placed.into_iter().map(|mut p| {
            p.owner = p.owner.map(|o| o + base);
            p
        }));
        r.diags.extend(part.diags);
        r.explained.extend(part.explained);
    }
    Some(r.finish(title))
}

/// Read `src` as one run of events (tokenised on a second thread when it is large).
fn read_whole(file: &str, src: &str, idx: &LineIndex<'_>) -> FileRead {
    let part = crate::events::pipelined(src, OPTIONS, |events| {
        read_part(file, src, idx, events, true)
    });
    Reader {
        file,
        src,
        idx,
        heads: part.heads,
        placed: part.placed,
        diags: part.diags,
        explained: part.explained,
    }
    .finish(part.title)
}

/// Testing hook: whether reading `src` in independent chunks of about `chunk` bytes on two
/// threads gives the same title, sections, entries and diagnostics as reading it in one piece;
/// `None` when the chunks are refused (the file is then read in one piece anyway).
pub(crate) fn chunked_read_matches(src: &str, chunk: usize) -> Option<bool> {
    let show = |r: &FileRead| {
        format!(
            "{:?} {:?} {:?} {:?} {:?}",
            r.title, r.sections, r.entries, r.diagnostics, r.explained
        )
    };
    let idx = LineIndex::new(src);
    let chunked = read_in_chunks("f", src, &idx, chunk, 2)?;
    Some(show(&chunked) == show(&read_whole("f", src, &idx)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shape, with a cut (a heading after a blank line) before every heading: reading
    /// the chunks on two threads gives exactly the one-piece read.
    #[test]
    fn chunks_read_like_one_piece() {
        let doc = "# Reading notes\n\n\
            Intro prose.\n\n\
            ## Contents\n\n- [RAG](#rag)\n- [Agents](#agents)\n\n\
            ## RAG\n\n\
            - Self-RAG\n  - 论文名称：Self-RAG: Learning to Retrieve\n  - 论文地址：https://arxiv.org/abs/2310.11511\n\n\
            ### [Toolformer](https://arxiv.org/abs/2302.04761)\n\n\
            * 作者：Timo Schick, Jane Dwivedi-Yu\n* 发表时间：2023.02.09\n\n\
            > A model that teaches itself to call tools.\n\n\
            #### 一、论文动机\n\nTools help.\n\n- a point\n- another\n\n\
            #### 二、论文思路\n\nSelf-supervised.\n\n\
            ### 杂项\n\n* 作者：某人\n* Code: None\n\n\
            ## Agents\n\n\
            **ReAct: Synergizing Reasoning and Acting**\n- Paper: https://arxiv.org/abs/2210.03629\n- Code: None\n\n\
            1. **Reflexion: Language Agents with Verbal Reinforcement Learning.** NeurIPS 2023.\n   *Noah Shinn, Federico Cassano.*\n   [[pdf](https://arxiv.org/abs/2303.11366)] 2023.03\n\n\
            # 附录\n\n\
            - 一些想法\n- 论文名称：\n\n\
            ```\n# not a heading\n```\n";
        for chunk in [1, 10, 60, 200, usize::MAX] {
            assert_eq!(
                chunked_read_matches(doc, chunk),
                Some(true),
                "chunk {chunk}"
            );
        }
        let read = read_file_with("f", doc, Some(1), 2);
        assert_eq!(read.title.as_deref(), Some("Reading notes"));
        let titles: Vec<&str> = read.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Contents", "RAG", "杂项", "Agents", "附录"]);
        assert_eq!(read.entries.len(), 10, "{:#?}", read.entries);
        // A preamble without a heading in the first chunk: refused, read in one piece.
        let doc = "Intro.\n\n## A\n\n- 论文名称：T\n";
        assert_eq!(chunked_read_matches(doc, 1), None);
        // A fence across a cut: refused.
        let doc = "# T\n\n```\n\n# in code\n```\n\n## A\n";
        assert_eq!(chunked_read_matches(doc, 1), None);
    }

    #[test]
    fn line_index() {
        let idx = LineIndex::new("ab\n论文\nx");
        assert_eq!(idx.pos(0), (1, 1));
        assert_eq!(idx.pos(3), (2, 1));
        assert_eq!(idx.pos(6), (2, 2));
        assert_eq!(idx.pos(10), (3, 1));
        assert_eq!(idx.pos(99), (3, 2));
        // Lookups in any order (the search starts at the previous lookup's line).
        let text: String = (0..500)
            .map(|i| format!("{}\n", "x".repeat(i % 7)))
            .collect();
        let idx = LineIndex::new(&text);
        let naive = |o: usize| {
            let line = text[..o].matches('\n').count() + 1;
            let col = o - text[..o].rfind('\n').map_or(0, |i| i + 1) + 1;
            (line as u32, col as u32)
        };
        let mut o = 0usize;
        for step in [1, 3, 1000, 7, 1, 250, 2, 5000] {
            o = (o * 31 + step) % text.len();
            assert_eq!(idx.pos(o), naive(o), "offset {o}");
            assert_eq!(idx.pos(o / 2), naive(o / 2), "offset {}", o / 2);
        }
    }
}
