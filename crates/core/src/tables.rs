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

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::entry::RawEntry;
use crate::ids;
use crate::lines::LineIndex;
use crate::model::{Field, FieldKind, LinkKind};
use crate::text;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Title,
    /// A name column (`Name`, `Model`): the title only when no title column is given.
    Name,
    Venue,
    Date,
    Code,
    Authors,
    Institution,
    Topics,
    Notes,
    Other,
}

/// One cell: its raw Markdown, its text, links (URL, link text) and bold runs.
#[derive(Debug, Default, Clone)]
struct Cell {
    /// Where the cell starts in the source (HTML tables), for the row's line.
    at: Option<usize>,
    raw: String,
    text: String,
    links: Vec<(String, String)>,
    bold: Vec<String>,
    images: Vec<String>,
}

/// A table row and its source offset.
struct Row {
    start: usize,
    cells: Vec<Cell>,
}

fn role_of(header: &str) -> Role {
    let h = text::strip_inline_markup(header);
    let key: String = h
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | ':' | '：'))
        .flat_map(char::to_lowercase)
        .collect();
    let key = key.trim_end_matches(|c: char| c == 's' && key.len() > 4);
    match key {
        "title" | "paper" | "papertitle" | "标题" | "论文" | "题目" | "论文名称" | "论文标题"
        | "文章" | "paperlink" | "article" => Role::Title,
        "name" | "model" | "名字" | "名称" | "模型" | "method" | "方法" => Role::Name,
        "venue" | "conference" | "conf" | "publication" | "journal" | "pub" | "会议" | "期刊"
        | "会议/期刊" | "期刊/会议" | "发表" | "来源" | "published" | "source" => {
            Role::Venue
        }
        "date" | "year" | "time" | "时间" | "日期" | "年份" | "发表时间" | "release"
        | "releasedate" | "发布时间" => Role::Date,
        "code" | "github" | "repo" | "repository" | "代码" | "源码" | "开源" | "sourcecode"
        | "开源代码" | "代码地址" => Role::Code,
        "author" | "作者" => Role::Authors,
        "institution" | "institute" | "affiliation" | "organization" | "org" | "机构" | "单位"
        | "team" | "lab" => Role::Institution,
        "keyword" | "tag" | "tags" | "topic" | "关键词" | "领域" | "category" | "类别" => {
            Role::Topics
        }
        "note" | "comment" | "summary" | "description" | "tldr" | "tl;dr" | "备注" | "简介"
        | "说明" | "描述" | "remark" | "highlight" | "摘要" | "contribution" => Role::Notes,
        _ => Role::Other,
    }
}

/// The last few links asked about (next slot, (URL, answer)).
type Recent = (usize, [(String, Option<String>); 8]);

/// The column that names the papers when no column is a title column.
fn name_column(roles: &[Role]) -> Option<usize> {
    roles.iter().position(|r| *r == Role::Name)
}

/// A paper or PDF link (not a badge, blog, repository or note page), normalised. A row's
/// links are asked about several times (title, evidence, other links): the last few answers
/// are remembered, per thread.
fn paper_link(url: &str) -> Option<String> {
    thread_local! {
        static RECENT: std::cell::RefCell<Recent> = std::cell::RefCell::new(Default::default());
    }
    if let Some(hit) = RECENT.with(|r| {
        r.borrow()
            .1
            .iter()
            .find(|(u, _)| u == url)
            .map(|(_, p)| p.clone())
    }) {
        return hit;
    }
    let answer = ids::normalize_url(url)
        .filter(|n| matches!(ids::classify(&n.url, None), LinkKind::Paper | LinkKind::Pdf))
        .map(|n| n.url);
    RECENT.with(|r| {
        let mut r = r.borrow_mut();
        let slot = r.0 % 8;
        r.0 = r.0.wrapping_add(1);
        r.1[slot] = (url.to_string(), answer.clone());
    });
    answer
}

/// Read the events of one table (from `Start(Table)` to `End(Table)`, inclusive) into
/// entries, one per row with paper evidence. `None` when the table is not a paper list.
pub(crate) fn read_table(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    events: &[(Event<'_>, std::ops::Range<usize>)],
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
        })?;
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
    let entry = |row: &Row| {
        row_entry(
            file,
            idx,
            &header,
            &roles,
            title_col,
            venue_col,
            paper_column,
            row,
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

/// One row as a paper entry, when it has paper evidence.
#[allow(clippy::too_many_arguments)]
fn row_entry(
    file: &str,
    idx: &LineIndex<'_>,
    header: &[Cell],
    roles: &[Role],
    title_col: usize,
    venue_col: Option<usize>,
    paper_column: bool,
    row: &Row,
) -> Option<RawEntry> {
    let cell = row.cells.get(title_col)?;
    // The title: the text of the cell's paper link, else its first link's or bold run's
    // text, else the cell's text.
    let paper_in_title = cell
        .links
        .iter()
        .find_map(|(u, t)| paper_link(u).map(|n| (n, t.clone())));
    let title = paper_in_title
        .as_ref()
        .map(|(_, t)| t.clone())
        .filter(|t| !t.trim().is_empty())
        .or_else(|| cell.bold.first().cloned())
        .or_else(|| {
            cell.links
                .iter()
                .map(|(_, t)| t.clone())
                .find(|t| !t.trim().is_empty())
        })
        .unwrap_or_else(|| cell.text.clone());
    let title = clean_cell_title(&title);
    if title.is_empty() {
        return None;
    }
    // Paper evidence: a paper link anywhere in the row, or a known venue.
    let any_paper = row
        .cells
        .iter()
        .flat_map(|c| c.links.iter())
        .find_map(|(u, _)| paper_link(u));
    let venue_known = venue_col
        .and_then(|v| row.cells.get(v))
        .is_some_and(|c| text::is_known_venue(c.text.trim()));
    // In a column named for papers (`Paper`, `论文`) of a table that is mostly papers, a
    // row whose title links a page that is not a blog, dataset or note is a paper too
    // (`[Title](https://lab.example/publications/x)`), unless its venue says otherwise.
    let column_says_paper = paper_column
        && venue_col.is_none()
        && cell.links.iter().any(|(u, _)| {
            ids::normalize_url(u).is_some_and(|n| {
                !ids::host_path(&n.url).1.contains("/book")
                    && matches!(
                        ids::classify(&n.url, None),
                        LinkKind::Code | LinkKind::Project | LinkKind::Other
                    )
            })
        });
    if any_paper.is_none() && !venue_known && !column_says_paper {
        return None;
    }
    if crate::titles::names_non_paper(&cell.text) && any_paper.is_none() {
        return None;
    }
    let (line, column) = idx.pos(row.start);
    // A name column (`Model`, `名字`) gives the paper's short name, not its title: the row
    // then merges with a fuller listing of the same paper elsewhere.
    let by_name = roles.get(title_col) == Some(&Role::Name)
        && (paper_in_title.is_some() || any_paper.is_some());
    let mut fields = vec![Field {
        label: header_label(header, title_col),
        kind: if by_name {
            FieldKind::Other
        } else {
            FieldKind::Title
        },
        text: title.clone(),
        line,
    }];
    if let Some(url) = paper_in_title.map(|(u, _)| u).or(any_paper) {
        fields.push(Field {
            label: header_label(header, title_col),
            kind: FieldKind::Link,
            text: url,
            line,
        });
    }
    // Links of the title cell that are not the paper: code, project, media...
    for (u, t) in &cell.links {
        if paper_link(u).is_none() {
            fields.push(Field {
                label: if t.trim().is_empty() {
                    "link".into()
                } else {
                    t.trim().to_string()
                },
                kind: FieldKind::Other,
                text: u.clone(),
                line,
            });
        }
    }
    for img in &cell.images {
        if let Some(repo) = ids::badge_repo(img) {
            fields.push(Field {
                label: "Star".into(),
                kind: FieldKind::Code,
                text: repo,
                line,
            });
        }
    }
    for (c, cell) in row.cells.iter().enumerate() {
        if c == title_col {
            continue;
        }
        let raw = cell.raw.trim();
        if raw.is_empty() || matches!(raw, "-" | "—" | "/" | "N/A" | "n/a") {
            continue;
        }
        let role = roles.get(c).copied().unwrap_or(Role::Other);
        let (kind, text) = match role {
            Role::Venue => (FieldKind::Venue, cell.text.trim().to_string()),
            Role::Date => (FieldKind::Date, cell.text.trim().to_string()),
            Role::Authors => (FieldKind::Authors, cell.text.trim().to_string()),
            Role::Institution => (FieldKind::Institution, cell.text.trim().to_string()),
            Role::Topics => (FieldKind::Topics, cell.text.trim().to_string()),
            Role::Code => {
                let urls: Vec<&str> = cell
                    .links
                    .iter()
                    .map(|(u, _)| u.as_str())
                    .filter(|u| u.contains("://"))
                    .collect();
                if urls.is_empty() {
                    (FieldKind::Other, raw.to_string())
                } else {
                    (FieldKind::Code, urls.join(" "))
                }
            }
            Role::Notes => (FieldKind::Note, raw.to_string()),
            Role::Title | Role::Name | Role::Other => (FieldKind::Other, raw.to_string()),
        };
        fields.push(Field {
            label: header_label(header, c),
            kind,
            text,
            line,
        });
    }
    Some(RawEntry {
        file: file.to_string(),
        line,
        column,
        section: Vec::new(),
        heading: title,
        note_link: None,
        heading_links: Vec::new(),
        fields,
        shape: "table row",
    })
}

fn header_label(header: &[Cell], c: usize) -> String {
    header
        .get(c)
        .map(|h| text::strip_inline_markup(h.text.trim()))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| format!("column {}", c + 1))
}

/// A title from a cell: markup and decoration removed, spaces collapsed.
fn clean_cell_title(t: &str) -> String {
    let t = text::strip_inline_markup(t);
    let t = t.trim().trim_start_matches(['✨', '🔥', '⭐', '★']).trim();
    crate::titles::clean_title(t)
}

/// Read an HTML `<table>` block (`<tr>`, `<th>`/`<td>`, `<a href>`, `rowspan`) the same
/// way as a Markdown table. `None` when it is not a paper list.
pub(crate) fn read_html_table(
    file: &str,
    src: &str,
    idx: &LineIndex<'_>,
    block: std::ops::Range<usize>,
) -> Option<Vec<(usize, RawEntry)>> {
    let html = src.get(block.clone())?;
    let lower = html.to_ascii_lowercase();
    if !lower.contains("<table") || !lower.contains("<tr") {
        return None;
    }
    let mut header: Vec<Cell> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    // Remaining rows each column is still covered by a `rowspan` cell above.
    let mut spans: Vec<usize> = Vec::new();
    let mut pos = 0;
    while let Some(tr) = lower[pos..].find("<tr") {
        let start = pos + tr;
        let body_from = start + 3;
        // The row ends at `</tr>` or at the next `<tr` (a missing `</tr>`); `</tr` is looked
        // for only up to the next row, so the whole block is scanned a bounded number of
        // times whatever its tags.
        let next_tr = lower[body_from..]
            .find("<tr")
            .map_or(lower.len(), |e| body_from + e);
        let end = lower[body_from..next_tr]
            .find("</tr")
            .map_or(next_tr, |e| body_from + e);
        let mut cells: Vec<(Cell, usize, bool)> = Vec::new();
        let mut c = body_from;
        while let Some(open) = find_cell(&lower[c..end]) {
            let at = c + open;
            let Some(gt) = lower[at..end].find('>') else {
                break;
            };
            let tag = &lower[at..at + gt];
            let is_th = tag.starts_with("<th");
            let rowspan = attr(tag, "rowspan")
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(1);
            let inner_from = at + gt + 1;
            let next_cell = find_cell(&lower[inner_from..end]).map_or(end, |e| inner_from + e);
            let inner_end = lower[inner_from..next_cell]
                .find("</t")
                .map_or(next_cell, |e| inner_from + e);
            let inner = &html[inner_from..inner_end];
            let mut cell = html_cell(inner);
            cell.at = Some(block.start + at);
            // Rows wider than any paper table are cut (and `rowspan` bounded), so that a
            // hostile table cannot make the carried-down cells grow with rows × columns.
            if cells.len() < MAX_COLUMNS {
                cells.push((cell, rowspan.min(MAX_ROWSPAN), is_th));
            }
            c = inner_end.max(inner_from);
            if c == at {
                break;
            }
        }
        pos = end.max(start + 3);
        if cells.is_empty() {
            continue;
        }
        if cells.iter().all(|(_, _, th)| *th) && rows.is_empty() {
            header = cells.into_iter().map(|(c, _, _)| c).collect();
            spans = vec![0; header.len()];
            continue;
        }
        // Place the cells into columns, skipping those still covered from above.
        let mut placed: Vec<Cell> = Vec::new();
        let mut it = cells.into_iter();
        let mut col = 0;
        while col < MAX_COLUMNS {
            if spans.get(col).is_some_and(|s| *s > 0) {
                spans[col] -= 1;
                placed.push(Cell::default());
                col += 1;
                continue;
            }
            let Some((cell, rowspan, _)) = it.next() else {
                break;
            };
            if spans.len() <= col {
                spans.resize(col + 1, 0);
            }
            spans[col] = rowspan.saturating_sub(1);
            placed.push(cell);
            col += 1;
        }
        rows.push(Row {
            start: block.start + start,
            cells: placed,
        });
    }
    if rows.is_empty() || header.is_empty() {
        return None;
    }
    let roles: Vec<Role> = header.iter().map(|c| role_of(&c.text)).collect();
    let title_col = roles
        .iter()
        .position(|r| *r == Role::Title)
        .or_else(|| name_column(&roles))?;
    let venue_col = roles.iter().position(|r| *r == Role::Venue);
    // A row stands at its title cell's line (an HTML row spans several lines).
    for row in &mut rows {
        if let Some(at) = row.cells.get(title_col).and_then(|c| c.at) {
            row.start = at;
        }
    }
    let mut out = Vec::new();
    for row in &rows {
        if let Some(e) = row_entry(file, idx, &header, &roles, title_col, venue_col, false, row) {
            out.push((row.start, e));
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A footnote definition that cites papers (`[^a]: 1 [Title](arxiv)，2 [Title](pdf)`): one
/// entry per paper link, titled with the link text.
pub(crate) fn read_footnote(
    file: &str,
    idx: &LineIndex<'_>,
    events: &[(Event<'_>, std::ops::Range<usize>)],
) -> Vec<(usize, RawEntry)> {
    let mut reader = CellReader::default();
    for (ev, _) in events {
        reader.inline(ev);
    }
    let cell = reader.finish();
    let mut out = Vec::new();
    let Some(start) = events.first().map(|e| e.1.start) else {
        return out;
    };
    let (line, column) = idx.pos(start);
    for (u, t) in &cell.links {
        let Some(url) = paper_link(u) else { continue };
        let title = clean_cell_title(t);
        if title.is_empty() {
            continue;
        }
        out.push((
            start,
            RawEntry {
                file: file.to_string(),
                line,
                column,
                section: Vec::new(),
                heading: title.clone(),
                note_link: None,
                heading_links: Vec::new(),
                fields: vec![
                    Field {
                        label: String::new(),
                        kind: FieldKind::Title,
                        text: title,
                        line,
                    },
                    Field {
                        label: String::new(),
                        kind: FieldKind::Link,
                        text: url,
                        line,
                    },
                ],
                shape: "footnote",
            },
        ));
    }
    out
}

/// Cells read per HTML table row, and the largest `rowspan` honoured.
const MAX_COLUMNS: usize = 64;
const MAX_ROWSPAN: usize = 10_000;

/// The offset of the next `<td` or `<th` in lower-cased HTML (one scan, up to it).
fn find_cell(lower: &str) -> Option<usize> {
    let b = lower.as_bytes();
    let mut from = 0;
    while let Some(i) = lower.get(from..)?.find("<t") {
        let j = from + i;
        if matches!(b.get(j + 2), Some(b'd' | b'h')) {
            return Some(j);
        }
        from = j + 2;
    }
    None
}

/// An attribute's value in a lower-cased tag (`rowspan="27"`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let at = tag.find(name)? + name.len();
    let rest = tag[at..].trim_start().strip_prefix('=')?.trim_start();
    let q = rest.chars().next()?;
    if q == '"' || q == '\'' {
        let rest = &rest[1..];
        rest.find(q).map(|e| &rest[..e])
    } else {
        rest.split([' ', '>']).next()
    }
}

/// A cell's text (tags removed) and its `<a href>` links.
fn html_cell(inner: &str) -> Cell {
    let mut cell = Cell {
        raw: inner.trim().to_string(),
        ..Cell::default()
    };
    let mut text = String::new();
    let mut link: Option<(String, usize)> = None;
    let mut rest = inner;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = &rest[lt..lt + gt + 1];
        let lower = tag.to_ascii_lowercase();
        if lower.starts_with("<a ") || lower.starts_with("<a\t") {
            let href = attr(&lower, "href").map(|v| {
                // The value as written (case kept): find it in the original tag.
                let at = lower.find(v).unwrap_or(0);
                tag.get(at..at + v.len()).unwrap_or(v).to_string()
            });
            link = href.map(|h| (h, text.len()));
        } else if lower.starts_with("</a") {
            if let Some((url, at)) = link.take() {
                let t = text.get(at..).unwrap_or("").trim().to_string();
                cell.links.push((url, t));
            }
        } else if lower.starts_with("<br") {
            text.push(' ');
        }
        rest = &rest[lt + gt + 1..];
    }
    text.push_str(rest);
    let text = text.replace("&amp;", "&").replace("&nbsp;", " ");
    cell.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    cell
}

/// Reads one cell's inline events: its text, links (with their text), bold runs and images.
#[derive(Default)]
struct CellReader {
    cell: Cell,
    link: Option<(String, usize)>,
    bold: Option<usize>,
    image: usize,
}

impl CellReader {
    fn inline(&mut self, ev: &Event<'_>) {
        let c = &mut self.cell;
        match ev {
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.image += 1;
                c.images.push(dest_url.to_string());
            }
            Event::End(TagEnd::Image) => self.image = self.image.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some((dest_url.to_string(), c.text.len()));
            }
            Event::End(TagEnd::Link) => {
                if let Some((url, at)) = self.link.take() {
                    let t = c.text.get(at..).unwrap_or("").trim().to_string();
                    c.links.push((url, t));
                }
            }
            Event::Start(Tag::Strong) => self.bold = Some(c.text.len()),
            Event::End(TagEnd::Strong) => {
                if let Some(at) = self.bold.take() {
                    let t = c.text.get(at..).unwrap_or("").trim().to_string();
                    if !t.is_empty() {
                        c.bold.push(t);
                    }
                }
            }
            Event::Text(t) | Event::Code(t) if self.image == 0 => c.text.push_str(t),
            Event::SoftBreak | Event::HardBreak => c.text.push(' '),
            // `<br>` separates parts of a cell; `<sup>3</sup>` and the like join.
            Event::InlineHtml(h) | Event::Html(h)
                if h.trim_start().to_ascii_lowercase().starts_with("<br") =>
            {
                c.text.push(' ')
            }
            _ => {}
        }
    }

    fn finish(self) -> Cell {
        let mut c = self.cell;
        c.text = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
        c
    }
}

/// The header cells and the body rows of a table's events.
fn collect(src: &str, events: &[(Event<'_>, std::ops::Range<usize>)]) -> (Vec<Cell>, Vec<Row>) {
    let mut header: Vec<Cell> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut in_head = false;
    let mut cell: Option<CellReader> = None;
    for (ev, range) in events {
        match ev {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => rows.push(Row {
                start: range.start,
                cells: Vec::new(),
            }),
            Event::Start(Tag::TableCell) => {
                let mut r = CellReader::default();
                r.cell.raw = src.get(range.clone()).unwrap_or("").to_string();
                cell = Some(r);
            }
            Event::End(TagEnd::TableCell) => {
                if let Some(c) = cell.take().map(CellReader::finish) {
                    if in_head {
                        header.push(c);
                    } else if let Some(r) = rows.last_mut() {
                        r.cells.push(c);
                    }
                }
            }
            ev => {
                if let Some(c) = cell.as_mut() {
                    c.inline(ev);
                }
            }
        }
    }
    // Header-less or ragged tables: pad nothing, roles default to `Other`.
    (header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(doc: &str) -> Option<Vec<RawEntry>> {
        let idx = LineIndex::new(doc);
        let events: Vec<_> = pulldown_cmark::Parser::new_ext(doc, crate::events::OPTIONS)
            .into_offset_iter()
            .collect();
        read_table("t.md", doc, &idx, &events).map(|v| v.into_iter().map(|(_, e)| e).collect())
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

    /// Unclosed rows and cells, one huge row and huge row spans stay linear (this took
    /// minutes with a search to the block's end per row and per cell).
    #[test]
    fn hostile_html_tables_are_read_in_linear_time() {
        let idx_doc = |doc: &str| {
            let idx = LineIndex::new(doc);
            read_html_table("t.md", doc, &idx, 0..doc.len()).map(|v| v.len())
        };
        let mut doc = String::from("<table><tr><th>Title</th><th>Link</th>");
        for i in 0..20_000 {
            doc.push_str(&format!("<tr><td rowspan=\"999999999\">P{i}<td><a href=\"https://arxiv.org/abs/2301.{:05}\">x</a>", i));
        }
        let start = std::time::Instant::now();
        let _ = idx_doc(&doc);
        let mut wide = String::from("<table><tr><th>Title</th></tr><tr>");
        for _ in 0..100_000 {
            wide.push_str("<td rowspan=5>x");
        }
        for _ in 0..1_000 {
            wide.push_str("<tr><td>y");
        }
        let _ = idx_doc(&wide);
        // Generous: a debug build reads both in well under a second.
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
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
