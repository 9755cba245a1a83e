//! The column model: what each column holds for one paper, shared by the CSV and XLSX writers.

use papercat_core::{Catalogue, FieldKind, Paper};

use crate::Column;

/// Joins list items (sections, authors, institutions, topics).
pub(crate) const LIST_SEP: &str = "; ";
/// Joins the levels of a section path.
pub(crate) const PATH_SEP: &str = " > ";

/// One cell: its text, plus what the XLSX writer can make of it.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Cell {
    /// The text (what CSV writes; what XLSX shows).
    pub text: String,
    /// Set when the cell is a plain integer (year, a single source line): XLSX writes a number.
    pub number: Option<f64>,
    /// Set when the cell is a link target (url, code, arxiv, doi): XLSX writes a hyperlink.
    pub link: Option<String>,
}

impl Cell {
    fn text(text: String) -> Cell {
        Cell {
            text,
            ..Cell::default()
        }
    }

    fn linked(text: String, link: Option<String>) -> Cell {
        Cell {
            text,
            link,
            number: None,
        }
    }
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
    path.join(PATH_SEP)
}

/// The cell of `column` for `paper`.
pub(crate) fn cell(paper: &Paper, column: Column, ctx: Context) -> Cell {
    match column {
        Column::Key => Cell::text(paper.key.clone()),
        Column::Status => Cell::default(),
        Column::Sections => Cell::text(
            paper
                .sections()
                .into_iter()
                .filter(|p| !p.is_empty())
                .map(section_label)
                .collect::<Vec<_>>()
                .join(LIST_SEP),
        ),
        Column::Title => Cell::text(paper.title.clone().unwrap_or_default()),
        Column::Heading => Cell::text(paper.heading.clone()),
        Column::Year => match paper.year {
            Some(y) => Cell {
                text: y.to_string(),
                number: Some(f64::from(y)),
                link: None,
            },
            None => Cell::default(),
        },
        Column::Venue => Cell::text(
            paper
                .venue
                .as_ref()
                .map(|v| v.raw.clone())
                .unwrap_or_default(),
        ),
        Column::Authors => {
            let mut names: Vec<String> = paper.authors.iter().map(|a| a.display()).collect();
            if paper.et_al {
                names.push("et al.".into());
            }
            Cell::text(names.join(LIST_SEP))
        }
        Column::Institutions => Cell::text(paper.institutions.join(LIST_SEP)),
        Column::Topics => Cell::text(paper.topics.join(LIST_SEP)),
        Column::Arxiv => match &paper.arxiv {
            Some(id) => Cell::linked(id.clone(), Some(format!("https://arxiv.org/abs/{id}"))),
            None => Cell::default(),
        },
        Column::Doi => match &paper.doi {
            Some(doi) => Cell::linked(doi.clone(), Some(format!("https://doi.org/{doi}"))),
            None => Cell::default(),
        },
        Column::Url => match &paper.url {
            Some(url) => Cell::linked(url.clone(), Some(url.clone())),
            None => Cell::default(),
        },
        Column::Code => Cell::linked(paper.code.join("\n"), paper.code.first().cloned()),
        Column::Motivation => Cell::text(paper.motivation()),
        Column::Method => Cell::text(paper.method()),
        Column::Results => Cell::text(paper.results()),
        Column::Other => Cell::text(other(paper)),
        Column::Line => line(paper, ctx),
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
/// the note link.
fn other(paper: &Paper) -> String {
    let mut lines: Vec<String> = Vec::new();
    for f in paper
        .fields
        .iter()
        .filter(|f| !has_own_column(f.kind) && !f.text.is_empty())
    {
        if f.label.is_empty() {
            lines.push(f.text.clone());
        } else {
            lines.push(format!("{}: {}", f.label, f.text));
        }
    }
    for link in &paper.links {
        let shown = paper.url.as_deref() == Some(link.url.as_str())
            || paper.code.contains(&link.url)
            || lines.iter().any(|l| l.contains(&link.url));
        if !shown {
            let label = if link.label.is_empty() {
                format!("{:?}", link.kind).to_lowercase()
            } else {
                link.label.clone()
            };
            lines.push(format!("{label}: {}", link.url));
        }
    }
    if let Some(note) = &paper.note_link {
        lines.push(format!("note link: {note}"));
    }
    lines.join("\n")
}

fn line(paper: &Paper, ctx: Context) -> Cell {
    match paper.occurrences.as_slice() {
        [] => Cell::default(),
        [only] if !ctx.several_files => Cell {
            text: only.line.to_string(),
            number: Some(f64::from(only.line)),
            link: None,
        },
        many => Cell::text(
            many.iter()
                .map(|o| {
                    if ctx.several_files {
                        format!("{}:{}", o.file, o.line)
                    } else {
                        o.line.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(LIST_SEP),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::{Author, Field, Link, LinkKind, Occurrence, Venue};

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
            year: Some(2023),
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
            institutions: vec!["微软研究院".into(), "哥伦比亚大学".into()],
            topics: vec!["量化".into()],
            arxiv: Some("2305.14314".into()),
            doi: Some("10.1145/3486622.3493957".into()),
            code: vec![
                "https://github.com/a/b".into(),
                "https://github.com/c/d".into(),
            ],
            venue: Some(Venue {
                raw: "NeurIPS 2023 (Oral)".into(),
                ..Default::default()
            }),
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
            "发表时间: 2023-04\n训练方式: - 第一阶段\n- 第二阶段\nunlabelled note\n简介: S\n\
             demo: see https://demo.example/\npdf: https://arxiv.org/pdf/1\n\
             other: https://blog.example/x\nnote link: notes/a.md"
        );
        assert_eq!(text(&p, Column::Motivation), "M");
    }
}
