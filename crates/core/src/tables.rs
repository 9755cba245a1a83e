//! Markdown tables as paper lists: one paper per row.
//!
//! A table is a paper list when a column holds the titles (by its header name, or else the
//! column whose cells most often link a paper) and at least one row has paper evidence: a
//! paper or PDF link (badges, blogs, note pages and repositories do not count), or a title
//! with a known venue in the venue column (`| **Title** | CVPR 2021 |`). Rows without
//! evidence (blog posts, talks, tools) stay prose, as does a table of contents or a table of
//! links to yearly pages.
//!
//! Column roles come from the header names, in English and Chinese:
//!
//! | role | header names |
//! |---|---|
//! | title | Title, Paper, Papers, 标题, 论文, 题目, 论文名称 (then Name, Model, 名字, 名称) |
//! | venue | Venue, Conference, Publication, Journal, 会议, 期刊 |
//! | date | Date, Year, Time, 时间, 日期, 年份 |
//! | code | Code, Github, Repo, 代码, 源码 |
//! | authors | Author(s), 作者 |
//! | institution | Institution, Institute, Affiliation, Organization, 机构, 单位 |
//! | topics | Keywords, Tags, Topic, 关键词, 领域 |
//! | notes | Notes, Comment, Summary, Description, TL;DR, 备注, 简介, 说明 |
//!
//! Every other cell is kept as an `other` field labelled with its header, so nothing is lost.

mod cells;
mod footnote;
mod html;
mod rows;

use pulldown_cmark::Event;

use crate::diag::{Code, Diagnostic};
use crate::entry::RawEntry;
use crate::lines::LineIndex;

use cells::{collect, Row};
pub(crate) use footnote::read_footnote;
pub(crate) use html::read_html_table;
use rows::{name_column, paper_link, role_of, row_entry, Role};

/// Read the events of one table (from `Start(Table)` to `End(Table)`, inclusive) into
/// entries, one per row with paper evidence. `None` when the table is not a paper list.
/// Why a row or the table is not a paper goes to `explained` (`check --explain`).
pub(crate) fn read_table(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    events: &[(Event<'_>, std::ops::Range<usize>)],
    explained: &mut Vec<Diagnostic>,
) -> Option<Vec<(usize, RawEntry)>> {
    let (header, rows) = collect(src, events);
    if rows.is_empty() {
        return None;
    }
    let roles: Vec<Role> = header.iter().map(|c| role_of(&c.text)).collect();
    let title_col = roles
        .iter()
        .position(|r| *r == Role::Title)
        .or_else(|| name_column(&roles))
        .or_else(|| {
            // The column whose cells most often link a paper.
            let mut best = (0usize, None);
            for c in 0..header.len() {
                let n = rows
                    .iter()
                    .filter(|r| {
                        r.cells.get(c).is_some_and(|cell| {
                            cell.links.iter().any(|(u, _)| paper_link(u).is_some())
                        })
                    })
                    .count();
                if n > best.0 {
                    best = (n, Some(c));
                }
            }
            best.1.filter(|_| best.0 * 2 >= rows.len())
        });
    let Some(title_col) = title_col else {
        let (line, column) = idx.pos(events.first().map_or(0, |(_, r)| r.start));
        explained.push(Diagnostic::new(
            Code::Explain,
            file,
            line,
            column,
            "table: not a paper list: no column is named for titles (Title, Paper, 论文, Name, \
             Model...) and no column mostly links papers",
        ));
        return None;
    };
    let venue_col = roles.iter().position(|r| *r == Role::Venue);
    // Is the title column a paper column, most of whose rows link a paper?
    let linked = rows
        .iter()
        .filter(|r| {
            r.cells
                .get(title_col)
                .is_some_and(|c| c.links.iter().any(|(u, _)| paper_link(u).is_some()))
        })
        .count();
    let paper_column = roles.get(title_col) == Some(&Role::Title) && linked * 5 >= rows.len() * 3;
    let mut entry = |row: &Row| {
        row_entry(
            file,
            idx,
            &header,
            &roles,
            title_col,
            venue_col,
            paper_column,
            row,
            &mut *explained,
        )
    };
    let mut out = Vec::new();
    for row in &rows {
        // `[GPT](pdf), [GPT-2](pdf), [GPT-3](arxiv) 精读`: one paper per paper link.
        let papers_in_cell: Vec<(String, String)> = row
            .cells
            .get(title_col)
            .map(|c| {
                c.links
                    .iter()
                    .filter(|(u, t)| paper_link(u).is_some() && !t.trim().is_empty())
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        // (A cell of dozens of links is a list, not a few papers: read as one row.)
        if (2..=16).contains(&papers_in_cell.len()) {
            for link in papers_in_cell {
                let mut one = Row {
                    start: row.start,
                    cells: row.cells.clone(),
                };
                if let Some(c) = one.cells.get_mut(title_col) {
                    c.text = link.1.clone();
                    c.bold.clear();
                    c.links = vec![link];
                }
                out.extend(entry(&one).map(|e| (row.start, e)));
            }
            continue;
        }
        out.extend(entry(row).map(|e| (row.start, e)));
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldKind;

    fn read(doc: &str) -> Option<Vec<RawEntry>> {
        let idx = LineIndex::new(doc);
        let events: Vec<_> = pulldown_cmark::Parser::new_ext(doc, crate::events::OPTIONS)
            .into_offset_iter()
            .collect();
        read_table("t.md", doc, &idx, &events, &mut Vec::new())
            .map(|v| v.into_iter().map(|(_, e)| e).collect())
    }

    #[test]
    fn linked_bold_titles_with_badges() {
        let doc = "| Title | Venue | Date | Code |\n|---|---|---|---|\n\
            | ![Star](https://img.shields.io/github/stars/haotian-liu/LLaVA.svg?style=social) <br> [**Visual Instruction Tuning**](https://arxiv.org/abs/2304.08485) <br> | NeurIPS | 2023-04-17 | [Github](https://github.com/haotian-liu/LLaVA) |\n\
            | [**Introducing Some Model**](https://example.com/blog/x) | Blog | 2024-01-01 | - |\n";
        let rows = read(doc).unwrap();
        assert_eq!(rows.len(), 1);
        let e = &rows[0];
        assert_eq!(e.heading, "Visual Instruction Tuning");
        assert_eq!(e.line, 3);
        let kinds: Vec<_> = e.fields.iter().map(|f| (f.kind, f.text.as_str())).collect();
        assert!(kinds.contains(&(FieldKind::Link, "https://arxiv.org/abs/2304.08485")));
        assert!(kinds.contains(&(FieldKind::Venue, "NeurIPS")));
        assert!(kinds.contains(&(FieldKind::Code, "https://github.com/haotian-liu/LLaVA")));
    }

    #[test]
    fn chinese_headers_and_inline_links() {
        let doc = "| 日期 | 标题 | 时长 |\n|---|---|---|\n\
            | 10/22/21 | [ResNet](https://arxiv.org/abs/1512.03385) 论文逐段精读 | 53:46 |\n\
            | 10/06/21 | 如何读论文 | 06:39 |\n";
        let rows = read(doc).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].heading, "ResNet");
    }

    #[test]
    fn tables_of_contents_are_not_papers() {
        let doc =
            "| Year | Page |\n|---|---|\n| 2023 | [2023](2023.md) |\n| 2024 | [2024](#y2024) |\n";
        assert!(read(doc).is_none());
        let doc =
            "| Tool | Stars |\n|---|---|\n| [vLLM](https://github.com/vllm-project/vllm) | 1k |\n";
        assert!(read(doc).is_none());
    }
}
