//! Unit tests of the xlsx writer: its option parsing, text measuring, layout and links.

use std::borrow::Cow;

use papercat_core::{Catalogue, Occurrence, Paper};
use papercat_testkit::snapshot::zip_part;
use rust_xlsxwriter::Workbook;

use super::measure::{char_width, display_width, fit, utf16_len, width_bounds, wrapped_lines};
use super::sections::section_rows;
use super::skeleton::frozen_columns;
use super::styles::body_format;
use super::*;
use crate::carry::Slot;

#[test]
fn created_accepts_dates_and_utc_times_only() {
    assert!(parse_created("2024-01-01").is_ok());
    assert!(parse_created("2024-01-01T08:30:00Z").is_ok());
    assert!(parse_created("2024-01-01T08:30:00").is_ok());
    for bad in [
        "",
        "2024",
        "2024-1-1",
        "01/01/2024",
        "2024-01-01 08:30:00",
        "2024-13-40",
        "now",
    ] {
        let Err(err) = parse_created(bad) else {
            panic!("{bad:?} accepted")
        };
        assert_eq!(
            err.to_string(),
            format!("bad creation time `{bad}`: use YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ")
        );
    }
}

#[test]
fn fit_cuts_with_marker_within_the_limit() {
    let (s, cut) = fit("短");
    assert_eq!((s.as_ref(), cut), ("短", false));
    let exact = "a".repeat(MAX_CELL_CHARS);
    assert_eq!(fit(&exact), (Cow::Borrowed(exact.as_str()), false));
    let long = "长文本".repeat(20_000);
    let (s, cut) = fit(&long);
    assert!(cut);
    assert_eq!(utf16_len(&s), MAX_CELL_CHARS);
    assert!(s.ends_with(TRUNCATED_MARKER));
    assert!(long.starts_with(s.trim_end_matches(TRUNCATED_MARKER)));
    // Astral characters count two UTF-16 units and are never split.
    let astral = "𝕏".repeat(MAX_CELL_CHARS);
    let (s, cut) = fit(&astral);
    assert!(cut);
    assert_eq!(utf16_len(&s), MAX_CELL_CHARS - 1);
}

#[test]
fn sheet_and_table_names_follow_excel_rules() {
    use rust_xlsxwriter::utility::{check_name, check_sheet_name};
    for sheet in [PAPERS_SHEET, SECTIONS_SHEET] {
        assert!(check_sheet_name(sheet).is_ok(), "{sheet}");
    }
    for table in [PAPERS_TABLE, SECTIONS_TABLE] {
        assert!(check_name(table).is_ok(), "{table}");
        // Table names share one namespace with defined names; keep them apart from sheets.
        assert!(!table.eq_ignore_ascii_case(PAPERS_SHEET));
        assert!(!table.eq_ignore_ascii_case(SECTIONS_SHEET));
    }
}

#[test]
fn wrapped_lines_estimate() {
    assert_eq!(wrapped_lines("", 10), 1);
    assert_eq!(wrapped_lines("abc", 10), 1);
    assert_eq!(wrapped_lines("abcdefgh", 10), 1);
    assert_eq!(wrapped_lines("abcdefghi", 10), 2);
    assert_eq!(wrapped_lines("多模态篇多模", 15), 1);
    assert_eq!(wrapped_lines("多模态篇多模", 14), 2);
    assert_eq!(wrapped_lines("a\nb\n\nc", 10), 4);
    // Lines break at spaces: a label and a URL that does not fit after it.
    let url = "https://www.morganclaypool.com/doi/10.2200/S00980ED1V01Y202001AIM045";
    assert_eq!(wrapped_lines(&format!("book: {url}"), 60), 3);
    assert_eq!(wrapped_lines("aaaa bbbb cccc", 12), 2);
    assert_eq!(wrapped_lines("aaa  bbb", 12), 1);
    assert_eq!(wrapped_lines("ab 多模态篇多模", 14), 2);
    assert_eq!(wrapped_lines("ab 多模态篇", 14), 1);
    assert_eq!(wrapped_lines(&"长".repeat(10_000), 60), MAX_ROW_LINES);
}

#[test]
fn frozen_columns_are_a_leading_key_and_status() {
    let slots = |list: &str| -> Vec<Slot> {
        crate::parse_columns(list)
            .unwrap()
            .into_iter()
            .map(Slot::Paper)
            .collect()
    };
    assert_eq!(frozen_columns(&slots("key,status,sections,title")), 2);
    assert_eq!(frozen_columns(&slots("status,key,title")), 2);
    assert_eq!(frozen_columns(&slots("key,title,status")), 1);
    assert_eq!(frozen_columns(&slots("key")), 1);
    assert_eq!(frozen_columns(&slots("title,key,status")), 0);
    assert_eq!(frozen_columns(&slots("status,title")), 0);
    assert_eq!(frozen_columns(&[]), 0);
    // At most 38 character units: well under half of a 1366-pixel window.
    let (_, key) = width_bounds(Column::Key);
    let (_, status) = width_bounds(Column::Status);
    assert!((key + status) * 7 + 10 < 1366 / 4, "{key} + {status}");
}

#[test]
fn widths_count_cjk_double() {
    assert_eq!(display_width("abc", 60), 3);
    assert_eq!(display_width("多模态", 60), 6);
    assert_eq!(display_width("ab\n多模态篇", 60), 8);
    assert_eq!(display_width(&"长".repeat(100), 60), 60);
    assert_eq!(char_width('，'), 2);
}

#[test]
fn section_rows_count_subtrees_and_years() {
    let cat = papercat_testkit::fixture();
    let rows = section_rows(&cat);
    let got: Vec<(&str, usize, usize)> = rows
        .iter()
        .map(|r| (r.label.as_str(), r.level, r.papers))
        .collect();
    assert_eq!(
        got,
        vec![
            ("多模态篇", 1, 2),
            ("PEFT 系列篇", 1, 2),
            ("搜索 篇", 1, 2),
            ("搜索 篇 > 排序", 2, 1),
        ]
    );
    assert_eq!(rows[1].by_year.get(&Some(2023)), Some(&1));
    assert_eq!(rows[1].by_year.get(&None), Some(&1));
    let extra = Catalogue {
        papers: vec![Paper {
            occurrences: vec![Occurrence::default()],
            ..Default::default()
        }],
        ..Default::default()
    };
    let rows = section_rows(&extra);
    assert_eq!(rows.len(), 1);
    // Declared sections without papers (nor papers below them) are left out.
    let mut sparse = papercat_testkit::fixture();
    for path in [vec!["空篇"], vec!["搜索 篇", "空"], vec!["空篇", "也空"]] {
        sparse.sections.push(papercat_core::Section {
            path: path.into_iter().map(String::from).collect(),
            ..Default::default()
        });
    }
    let labels: Vec<String> = section_rows(&sparse).into_iter().map(|r| r.label).collect();
    assert_eq!(
        labels,
        ["多模态篇", "PEFT 系列篇", "搜索 篇", "搜索 篇 > 排序"]
    );
    assert_eq!(
        (rows[0].label.as_str(), rows[0].papers),
        ("(no section)", 1)
    );
}

#[test]
fn link_limit_falls_back_to_text_with_one_warning() {
    let cat = Catalogue {
        papers: papercat_testkit::linked_papers(5, "a.md"),
        ..Default::default()
    };
    let opts = Options {
        columns: vec![Column::Key, Column::Url],
        ..Options::default()
    };
    let mut buf = Vec::new();
    let plan = Plan::fresh(&opts.columns).unwrap();
    let warnings = write_plan(&cat, &plan, &mut buf, &opts, 3).unwrap();
    let [w] = warnings.as_slice() else {
        panic!("one warning expected: {warnings:?}")
    };
    assert_eq!(w.code, "too-many-links");
    // At the first paper past the limit, which it names.
    assert_eq!((w.file.as_str(), w.line), ("a.md", 4));
    assert!(w.message.contains("`p3`"), "{w:?}");
}

/// The `<hyperlink>` elements of a sheet without their `r:id`, and the hyperlink targets
/// of its relationships, in order.
fn links_of(xlsx: &[u8]) -> (Vec<String>, Vec<String>) {
    let sheet = zip_part(xlsx, PAPERS_PART);
    let elements = sheet
        .split("<hyperlink ")
        .skip(1)
        .map(|h| {
            let h = &h[..h.find("/>").unwrap()];
            let start = h.find(" r:id=\"").unwrap();
            let end = start + 7 + h[start + 7..].find('"').unwrap() + 1;
            format!("{}{}", &h[..start], &h[end..])
        })
        .collect();
    let rels = zip_part(xlsx, PAPERS_RELS);
    let targets = rels
        .split("<Relationship ")
        .filter(|r| r.contains("/hyperlink\""))
        .map(|r| {
            let t = &r[r.find("Target=\"").unwrap() + 8..];
            t[..t.find('"').unwrap()].to_string()
        })
        .collect();
    (elements, targets)
}

#[test]
fn hyperlinks_match_rust_xlsxwriter() {
    let urls = [
        "https://arxiv.org/abs/2304.08485",
        "https://x.org/a b?q=\"1\"&r=<2>#frag & \"more\"",
        "https://x.org/already%20escaped [x]",
        "http://x.org/{a}^`|~%",
        "ftp://files.example/readme.txt",
        "mailto:someone@example.org#not-an-anchor",
        "https://x.org/#",
        "https://长.example/路径#锚",
    ];
    let papers: Vec<Paper> = urls
        .iter()
        .enumerate()
        .map(|(i, u)| Paper {
            key: format!("p{i}"),
            url: Some(u.to_string()),
            ..Default::default()
        })
        .collect();
    let cat = Catalogue {
        papers,
        ..Default::default()
    };
    let opts = Options {
        columns: vec![Column::Key, Column::Url],
        ..Options::default()
    };
    let mut ours = Vec::new();
    assert!(write(&cat, &mut ours, &opts).unwrap().is_empty());

    // The same links written by rust_xlsxwriter itself.
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    for (i, u) in urls.iter().enumerate() {
        let url = rust_xlsxwriter::Url::new(*u).set_text(*u);
        ws.write_url_with_format(i as u32 + 1, 1, url, &body_format().set_hyperlink())
            .unwrap();
    }
    let theirs = workbook.save_to_buffer().unwrap();
    assert_eq!(links_of(&ours), links_of(&theirs));
    assert_eq!(links_of(&ours).0.len(), urls.len());
}
