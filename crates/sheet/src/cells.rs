//! The column model: what each column holds for one paper, shared by the CSV and XLSX writers.

use papercat_core::{Author, Catalogue, Field, FieldKind, Link, Paper};

use crate::Column;
use crate::CELL_SYNTAX;
use papercat_core::plain::push_plain;

/// Joins list items (sections, authors, institutions, topics).
pub(crate) const LIST_SEP: &str = "; ";
/// Joins the levels of a section path.
pub(crate) const PATH_SEP: &str = " > ";

/// One cell: its text, plus what the XLSX writer can make of it (the tests' view of a cell).
#[cfg(test)]
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cell {
    /// The text (what CSV writes; what XLSX shows).
    pub text: String,
    /// Set when the cell is a plain integer (year, a single source line): XLSX writes a number.
    pub number: Option<f64>,
    /// Set when the cell is a link target (url, code, arxiv, doi): XLSX writes a hyperlink.
    pub link: Option<String>,
}

/// What a cell needs to know about the whole catalogue.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Context {
    /// The papers come from more than one file: the `line` column names the file.
    pub several_files: bool,
}

impl Context {
    pub(crate) fn new(catalogue: &Catalogue) -> Context {
        let mut files = catalogue
            .papers
            .iter()
            .flat_map(|p| p.occurrences.iter().map(|o| o.file.as_str()));
        let several_files = match files.next() {
            Some(first) => files.any(|f| f != first),
            None => false,
        };
        Context { several_files }
    }
}

/// A section path as one label: `A > B > C`.
pub(crate) fn section_label(path: &[String]) -> String {
    let mut out = String::new();
    push_section_label(path, &mut out);
    out
}

fn push_section_label(path: &[String], out: &mut String) {
    for (i, level) in path.iter().enumerate() {
        if i > 0 {
            out.push_str(PATH_SEP);
        }
        out.push_str(level);
    }
}

/// Appends `items` joined by [`LIST_SEP`].
fn push_joined(items: &[String], out: &mut String) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(LIST_SEP);
        }
        out.push_str(item);
    }
}

/// Appends every non-empty field of `kind`, joined by blank lines (as `Paper::text_of`).
fn push_text_of(paper: &Paper, kind: FieldKind, out: &mut String) {
    let start = out.len();
    for f in paper
        .fields
        .iter()
        .filter(|f| f.kind == kind && !f.text.is_empty())
    {
        if out.len() > start {
            out.push_str("\n\n");
        }
        push_plain(&f.text, CELL_SYNTAX, out);
    }
}

/// The cell of `column` for `paper` (text, number and link in one value; for tests).
#[cfg(test)]
pub(crate) fn cell(paper: &Paper, column: Column, ctx: Context) -> Cell {
    let mut text = String::new();
    write_text(paper, column, ctx, &mut text);
    let mut target = String::new();
    let link = write_link(paper, column, &mut target).then_some(target);
    Cell {
        text,
        number: number(paper, column, ctx).map(|n| n as f64),
        link,
    }
}

/// Sets `out` to the text of the `column` cell of `paper` (what CSV writes, what XLSX shows).
pub(crate) fn write_text(paper: &Paper, column: Column, ctx: Context, out: &mut String) {
    use std::fmt::Write as _;
    out.clear();
    match column {
        Column::Key => out.push_str(&paper.key),
        Column::Status => {}
        Column::Sections => {
            // `Paper::sections` without its Vec: each distinct non-empty path once, in order.
            let occ = &paper.occurrences;
            for (i, o) in occ.iter().enumerate() {
                if o.section.is_empty() || occ[..i].iter().any(|p| p.section == o.section) {
                    continue;
                }
                if !out.is_empty() {
                    out.push_str(LIST_SEP);
                }
                push_section_label(&o.section, out);
            }
        }
        Column::Title => out.push_str(paper.work.title.as_deref().unwrap_or_default()),
        Column::Heading => out.push_str(&paper.heading),
        Column::Year => {
            if let Some(y) = paper.work.year {
                let _ = write!(out, "{y}");
            }
        }
        Column::Venue => {
            if let Some(v) = &paper.work.venue {
                out.push_str(&v.raw);
            }
        }
        Column::Authors => {
            for (i, a) in paper.work.authors.iter().enumerate() {
                if i > 0 {
                    out.push_str(LIST_SEP);
                }
                match a {
                    Author::Person { given, family } if given.is_empty() => out.push_str(family),
                    Author::Person { given, family } => {
                        out.push_str(given);
                        out.push(' ');
                        out.push_str(family);
                    }
                    Author::Literal { literal } => out.push_str(literal),
                }
            }
            if paper.work.et_al {
                if !paper.work.authors.is_empty() {
                    out.push_str(LIST_SEP);
                }
                out.push_str("et al.");
            }
        }
        Column::Institutions => push_joined(&paper.institutions, out),
        Column::Topics => push_joined(&paper.topics, out),
        Column::Arxiv => out.push_str(paper.work.arxiv.as_deref().unwrap_or_default()),
        Column::Doi => out.push_str(paper.work.doi.as_deref().unwrap_or_default()),
        Column::Url => out.push_str(paper.url.as_deref().unwrap_or_default()),
        Column::Code => {
            for (i, url) in paper.code.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(url);
            }
        }
        Column::Motivation => push_text_of(paper, FieldKind::Motivation, out),
        Column::Method => push_text_of(paper, FieldKind::Method, out),
        Column::Results => push_text_of(paper, FieldKind::Results, out),
        Column::Other => other(paper, out),
        Column::Line => match paper.occurrences.as_slice() {
            [] => {}
            [only] if !ctx.several_files => {
                let _ = write!(out, "{}", only.line);
            }
            many => {
                for (i, o) in many.iter().enumerate() {
                    if i > 0 {
                        out.push_str(LIST_SEP);
                    }
                    if ctx.several_files {
                        let _ = write!(out, "{}:{}", o.file, o.line);
                    } else {
                        let _ = write!(out, "{}", o.line);
                    }
                }
            }
        },
    }
}

/// The cell as a number, when it is a plain integer (year, a single source line): XLSX writes
/// it as a number; its text is the same integer.
pub(crate) fn number(paper: &Paper, column: Column, ctx: Context) -> Option<i64> {
    match column {
        Column::Year => paper.work.year.map(i64::from),
        Column::Line => match paper.occurrences.as_slice() {
            [only] if !ctx.several_files => Some(i64::from(only.line)),
            _ => None,
        },
        _ => None,
    }
}

/// Sets `out` to the link target of the cell (url, code, arxiv, doi) and returns true, or
/// returns false when the cell links nowhere.
pub(crate) fn write_link(paper: &Paper, column: Column, out: &mut String) -> bool {
    out.clear();
    match column {
        Column::Arxiv => match &paper.work.arxiv {
            Some(id) => {
                out.push_str("https://arxiv.org/abs/");
                out.push_str(id);
                true
            }
            None => false,
        },
        Column::Doi => match &paper.work.doi {
            Some(doi) => {
                out.push_str("https://doi.org/");
                out.push_str(doi);
                true
            }
            None => false,
        },
        Column::Url => match &paper.url {
            Some(url) => {
                out.push_str(url);
                true
            }
            None => false,
        },
        Column::Code => match paper.code.first() {
            Some(url) => {
                out.push_str(url);
                true
            }
            None => false,
        },
        _ => false,
    }
}

/// Whether a field of this kind has a column of its own (and so is not repeated in `other`).
fn has_own_column(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Title
            | FieldKind::Link
            | FieldKind::Code
            | FieldKind::Venue
            | FieldKind::Institution
            | FieldKind::Authors
            | FieldKind::Topics
            | FieldKind::Motivation
            | FieldKind::Method
            | FieldKind::Results
    )
}

/// `label: text` for every field without a column, then the links no other column shows, then
/// the note link, one per line, appended to `out` (which is empty).
fn other(paper: &Paper, out: &mut String) {
    // A link is "shown" when an earlier line contains its URL. Lines never hold an empty
    // string, so searching the joined text is the same as searching line by line unless the
    // URL itself spans a line break: take the line-by-line path for those (never in practice).
    if paper.links.iter().any(|l| l.url.contains('\n')) {
        out.push_str(&other_by_lines(paper));
        return;
    }
    fn new_line(out: &mut String) {
        if !out.is_empty() {
            out.push('\n');
        }
    }
    for f in paper
        .fields
        .iter()
        .filter(|f| !has_own_column(f.kind) && !f.text.is_empty())
    {
        new_line(out);
        let label = field_label(f);
        if !label.is_empty() {
            out.push_str(label);
            out.push_str(": ");
        }
        push_plain(&f.text, CELL_SYNTAX, out);
    }
    for link in &paper.links {
        let shown = paper.url.as_deref() == Some(link.url.as_str())
            || paper.code.contains(&link.url)
            || (!out.is_empty() && out.contains(link.url.as_str()));
        if !shown {
            new_line(out);
            push_link_label(link, out);
            out.push_str(": ");
            out.push_str(&link.url);
        }
    }
    if let Some(note) = &paper.note_link {
        new_line(out);
        out.push_str("note link: ");
        out.push_str(note);
    }
}

/// The label a field is shown with in `other`: its own, or for an unlabelled date or summary
/// the kind's name (a bare `2022.10` would read as a number, shown 2022.1, in a spreadsheet);
/// an unlabelled note has none.
fn field_label(f: &Field) -> &str {
    match (f.label.as_str(), f.kind) {
        ("", FieldKind::Date | FieldKind::Summary) => f.kind.as_str(),
        (label, _) => label,
    }
}

/// The link's label, or its kind in lower case when it has none.
fn push_link_label(link: &Link, out: &mut String) {
    use std::fmt::Write as _;
    if link.label.is_empty() {
        let start = out.len();
        let _ = write!(out, "{:?}", link.kind);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&link.label);
    }
}

/// [`other`] line by line, the reference definition.
fn other_by_lines(paper: &Paper) -> String {
    let mut lines: Vec<String> = Vec::new();
    for f in paper
        .fields
        .iter()
        .filter(|f| !has_own_column(f.kind) && !f.text.is_empty())
    {
        let mut text = String::new();
        push_plain(&f.text, CELL_SYNTAX, &mut text);
        let label = field_label(f);
        if label.is_empty() {
            lines.push(text);
        } else {
            lines.push(format!("{label}: {text}"));
        }
    }
    for link in &paper.links {
        let shown = paper.url.as_deref() == Some(link.url.as_str())
            || paper.code.contains(&link.url)
            || lines.iter().any(|l| l.contains(&link.url));
        if !shown {
            let mut line = String::new();
            push_link_label(link, &mut line);
            line.push_str(": ");
            line.push_str(&link.url);
            lines.push(line);
        }
    }
    if let Some(note) = &paper.note_link {
        lines.push(format!("note link: {note}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::{Author, Field, Link, LinkKind, Occurrence, Venue, Work};

    fn occ(file: &str, line: u32, section: &[&str]) -> Occurrence {
        Occurrence {
            file: file.into(),
            line,
            section: section.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn text(paper: &Paper, column: Column) -> String {
        cell(paper, column, Context::default()).text
    }

    #[test]
    fn sections_lists_every_path_once() {
        let p = Paper {
            occurrences: vec![
                occ("a.md", 5, &["搜索 篇", "排序"]),
                occ("a.md", 9, &["多模态篇"]),
                occ("a.md", 12, &["搜索 篇", "排序"]),
                occ("a.md", 14, &[]),
            ],
            ..Default::default()
        };
        assert_eq!(text(&p, Column::Sections), "搜索 篇 > 排序; 多模态篇");
        assert_eq!(text(&p, Column::Line), "5; 9; 12; 14");
        let several = Context {
            several_files: true,
        };
        assert_eq!(
            cell(&p, Column::Line, several).text,
            "a.md:5; a.md:9; a.md:12; a.md:14"
        );
    }

    #[test]
    fn single_line_and_year_are_numbers() {
        let p = Paper {
            occurrences: vec![occ("a.md", 7, &[])],
            work: Work {
                year: Some(2023),
                ..Default::default()
            },
            ..Default::default()
        };
        let c = cell(&p, Column::Line, Context::default());
        assert_eq!((c.text.as_str(), c.number), ("7", Some(7.0)));
        let c = cell(&p, Column::Year, Context::default());
        assert_eq!((c.text.as_str(), c.number), ("2023", Some(2023.0)));
        assert_eq!(
            cell(&Paper::default(), Column::Year, Context::default()),
            Cell::default()
        );
    }

    #[test]
    fn several_files_are_detected() {
        let p = |f: &str| Paper {
            occurrences: vec![occ(f, 1, &[])],
            ..Default::default()
        };
        let one = Catalogue {
            papers: vec![p("a.md"), p("a.md")],
            ..Default::default()
        };
        let two = Catalogue {
            papers: vec![p("a.md"), p("b.md")],
            ..Default::default()
        };
        assert!(!Context::new(&one).several_files);
        assert!(Context::new(&two).several_files);
        assert_eq!(
            cell(&two.papers[1], Column::Line, Context::new(&two)).text,
            "b.md:1"
        );
    }

    #[test]
    fn lists_and_links() {
        let p = Paper {
            institutions: vec!["微软研究院".into(), "哥伦比亚大学".into()],
            topics: vec!["量化".into()],
            code: vec![
                "https://github.com/a/b".into(),
                "https://github.com/c/d".into(),
            ],
            work: Work {
                authors: vec![
                    Author::Person {
                        given: "Tim".into(),
                        family: "Dettmers".into(),
                    },
                    Author::Literal {
                        literal: "任昭春".into(),
                    },
                ],
                et_al: true,
                arxiv: Some("2305.14314".into()),
                doi: Some("10.1145/3486622.3493957".into()),
                venue: Some(Venue {
                    raw: "NeurIPS 2023 (Oral)".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(text(&p, Column::Authors), "Tim Dettmers; 任昭春; et al.");
        assert_eq!(text(&p, Column::Institutions), "微软研究院; 哥伦比亚大学");
        assert_eq!(text(&p, Column::Topics), "量化");
        assert_eq!(text(&p, Column::Venue), "NeurIPS 2023 (Oral)");
        assert_eq!(text(&p, Column::Status), "");
        let c = cell(&p, Column::Arxiv, Context::default());
        assert_eq!(c.link.as_deref(), Some("https://arxiv.org/abs/2305.14314"));
        let c = cell(&p, Column::Doi, Context::default());
        assert_eq!(
            c.link.as_deref(),
            Some("https://doi.org/10.1145/3486622.3493957")
        );
        let c = cell(&p, Column::Code, Context::default());
        assert_eq!(c.text, "https://github.com/a/b\nhttps://github.com/c/d");
        assert_eq!(c.link.as_deref(), Some("https://github.com/a/b"));
        assert_eq!(
            cell(&Paper::default(), Column::Code, Context::default()),
            Cell::default()
        );
    }

    #[test]
    fn other_keeps_everything_without_a_column() {
        let field = |label: &str, kind, text: &str| Field {
            label: label.into(),
            kind,
            text: text.into(),
            line: 1,
        };
        let p = Paper {
            url: Some("https://arxiv.org/abs/1".into()),
            code: vec!["https://github.com/a/b".into()],
            note_link: Some("notes/a.md".into()),
            links: vec![
                Link {
                    url: "https://arxiv.org/abs/1".into(),
                    kind: LinkKind::Paper,
                    label: "论文地址".into(),
                },
                Link {
                    url: "https://github.com/a/b".into(),
                    kind: LinkKind::Code,
                    label: "Code".into(),
                },
                Link {
                    url: "https://arxiv.org/pdf/1".into(),
                    kind: LinkKind::Pdf,
                    label: "pdf".into(),
                },
                Link {
                    url: "https://blog.example/x".into(),
                    kind: LinkKind::Other,
                    label: "".into(),
                },
                Link {
                    url: "https://demo.example/".into(),
                    kind: LinkKind::Project,
                    label: "".into(),
                },
            ],
            fields: vec![
                field("论文名称", FieldKind::Title, "T"),
                field("动机", FieldKind::Motivation, "M"),
                field("发表时间", FieldKind::Date, "2023-04"),
                field("训练方式", FieldKind::Other, "- 第一阶段\n- 第二阶段"),
                field("", FieldKind::Note, "unlabelled note"),
                field("简介", FieldKind::Summary, "S"),
                field("空", FieldKind::Other, ""),
                field("demo", FieldKind::Other, "see https://demo.example/"),
            ],
            ..Default::default()
        };
        assert_eq!(
            text(&p, Column::Other),
            "发表时间: 2023-04\n训练方式: • 第一阶段\n• 第二阶段\nunlabelled note\n简介: S\n\
             demo: see https://demo.example/\npdf: https://arxiv.org/pdf/1\n\
             other: https://blog.example/x\nnote link: notes/a.md"
        );
        assert_eq!(text(&p, Column::Motivation), "M");
    }

    #[test]
    fn unlabelled_dates_and_summaries_are_named() {
        let field = |kind, text: &str| Field {
            label: String::new(),
            kind,
            text: text.into(),
            line: 1,
        };
        let p = Paper {
            fields: vec![
                field(FieldKind::Date, "2022.10"),
                field(FieldKind::Summary, "S"),
                field(FieldKind::Note, "N"),
                field(FieldKind::Other, "O"),
            ],
            ..Default::default()
        };
        assert_eq!(text(&p, Column::Other), "date: 2022.10\nsummary: S\nN\nO");
    }

    proptest::proptest! {
        /// The `other` column built in one buffer equals the line-by-line definition, with URLs
        /// that repeat field text, each other, the paper URL or code, or are empty.
        #[test]
        fn other_matches_line_by_line(
            texts in proptest::collection::vec(
                proptest::sample::select(vec!["", "a", "see https://x/1", "https://x/1", "x\ny", "https://x/", "note"]),
                0..5,
            ),
            urls in proptest::collection::vec(
                proptest::sample::select(vec!["", "https://x/1", "https://x/", "x\ny", "y", "a", "https://c/"]),
                0..5,
            ),
            labels in proptest::collection::vec(proptest::sample::select(vec!["", "L"]), 5),
            url in proptest::option::of(proptest::sample::select(vec!["https://x/1", ""])),
            note in proptest::option::of(proptest::sample::select(vec!["n.md", ""])),
        ) {
            let kinds = [FieldKind::Other, FieldKind::Note, FieldKind::Method, FieldKind::Date, FieldKind::Summary];
            let p = Paper {
                url: url.map(String::from),
                code: vec!["https://c/".into()],
                note_link: note.map(String::from),
                fields: texts
                    .iter()
                    .enumerate()
                    .map(|(i, t)| Field {
                        label: labels[i].into(),
                        kind: kinds[i],
                        text: t.to_string(),
                        line: 1,
                    })
                    .collect(),
                links: urls
                    .iter()
                    .enumerate()
                    .map(|(i, u)| Link {
                        url: u.to_string(),
                        kind: LinkKind::Project,
                        label: labels[i].into(),
                    })
                    .collect(),
                ..Default::default()
            };
            let mut fast = String::new();
            other(&p, &mut fast);
            proptest::prop_assert_eq!(fast, other_by_lines(&p));
        }
    }
}
