//! Column roles and one row as a paper entry.

use crate::diag::{Code, Diagnostic};
use crate::entry::RawEntry;
use crate::ids;
use crate::lines::LineIndex;
use crate::model::{Field, FieldKind, LinkKind};
use crate::text;

use super::cells::{Cell, Row};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
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

pub(super) fn role_of(header: &str) -> Role {
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
pub(super) fn name_column(roles: &[Role]) -> Option<usize> {
    roles.iter().position(|r| *r == Role::Name)
}

/// A paper or PDF link (not a badge, blog, repository or note page), normalised. A row's
/// links are asked about several times (title, evidence, other links): the last few answers
/// are remembered, per thread.
pub(super) fn paper_link(url: &str) -> Option<String> {
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
    let answer = ids::paper_url(url);
    RECENT.with(|r| {
        let mut r = r.borrow_mut();
        let slot = r.0 % 8;
        r.0 = r.0.wrapping_add(1);
        r.1[slot] = (url.to_string(), answer.clone());
    });
    answer
}

/// One row as a paper entry, when it has paper evidence; a row with a title but no evidence
/// gets a `note[explain]` in `explained` instead.
#[allow(clippy::too_many_arguments)]
pub(super) fn row_entry(
    file: &str,
    idx: &LineIndex<'_>,
    header: &[Cell],
    roles: &[Role],
    title_col: usize,
    venue_col: Option<usize>,
    paper_column: bool,
    row: &Row,
    explained: &mut Vec<Diagnostic>,
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
    let (line, column) = idx.pos(row.start);
    let not_a_paper = |why: &str| {
        Diagnostic::new(
            Code::Explain,
            file,
            line,
            column,
            format!("table row `{title}`: not a paper: {why}"),
        )
    };
    if any_paper.is_none() && !venue_known && !column_says_paper {
        explained.push(not_a_paper(
            "no paper or PDF link in the row (badges, blogs, code and note pages do not count) \
             and no known venue",
        ));
        return None;
    }
    if crate::titles::names_non_paper(&cell.text) && any_paper.is_none() {
        explained.push(not_a_paper(
            "its title names slides, a tutorial or a handbook, and the row has no paper link",
        ));
        return None;
    }
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
pub(super) fn clean_cell_title(t: &str) -> String {
    let t = text::strip_inline_markup(t);
    let t = t.trim().trim_start_matches(['✨', '🔥', '⭐', '★']).trim();
    crate::titles::clean_title(t)
}
