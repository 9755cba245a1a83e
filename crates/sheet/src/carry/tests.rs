//! Unit tests of carrying over: matching, layout, reading CSV and XLSX back.

use super::*;
use papercat_core::{Catalogue, Occurrence, Paper, Work};

use crate::Column;

fn paper(key: &str, arxiv: Option<&str>) -> Paper {
    Paper {
        key: key.into(),
        occurrences: vec![Occurrence {
            file: "a.md".into(),
            line: 1,
            section: vec!["S".into()],
        }],
        work: Work {
            arxiv: arxiv.map(String::from),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn catalogue(papers: Vec<Paper>) -> Catalogue {
    Catalogue {
        papers,
        ..Default::default()
    }
}

fn csv_of(cat: &Catalogue, prev: Option<&Previous>, keep_removed: bool) -> String {
    let opts = crate::csv::Options {
        bom: false,
        columns: crate::parse_columns("key,status,title,arxiv").unwrap(),
        keep_removed,
        ..Default::default()
    };
    let mut buf = Vec::new();
    crate::write_carrying(cat, prev, &mut buf, crate::Format::Csv(&opts)).unwrap();
    String::from_utf8(buf).unwrap()
}

#[test]
fn user_columns_keep_their_place_and_rows_follow_keys_then_ids() {
    let old = "key,status,mine,title,arxiv,later\r\n\
               a,read,note a,,1111.1111,x\r\n\
               b,reading,'=1+1,,2222.2222,\r\n\
               gone,skip,bye,,,\r\n";
    let prev = Previous::from_csv(old.as_bytes(), b',').unwrap();
    // `b` was retitled (new key, same arXiv id); `c` is new; `gone` left.
    let cat = catalogue(vec![
        paper("c", None),
        paper("b2", Some("2222.2222")),
        paper("a", Some("1111.1111")),
    ]);
    assert_eq!(
        csv_of(&cat, Some(&prev), false),
        "key,status,mine,title,arxiv,later\r\n\
         c,,,,,\r\n\
         b2,reading,'=1+1,,arXiv:2222.2222,\r\n\
         a,read,note a,,arXiv:1111.1111,x\r\n"
    );
    let kept = csv_of(&cat, Some(&prev), true);
    assert!(kept.ends_with("gone,skip,bye,,,\r\n"), "{kept}");
    let plan = prev.plan(
        &cat,
        &crate::parse_columns("key,status,title,arxiv").unwrap(),
    );
    let r = &plan.report;
    assert_eq!(r.statuses, 2);
    assert_eq!(r.columns, vec![("mine".into(), 2), ("later".into(), 1)]);
    assert_eq!(
        r.rekeyed,
        vec![Rekeyed {
            old: "b".into(),
            new: "b2".into(),
            by: "arXiv id"
        }]
    );
    assert_eq!((r.new_papers, r.removed.clone()), (1, vec!["gone".into()]));
    assert_eq!(
        prev.statuses_for(&cat),
        vec![None, Some("reading".into()), Some("read".into())]
    );
}

#[test]
fn arxiv_ids_match_with_or_without_their_csv_prefix() {
    let cat = catalogue(vec![paper("new", Some("1412.6980"))]);
    let fresh = csv_of(
        &catalogue(vec![paper("old", Some("1412.6980"))]),
        None,
        false,
    );
    assert!(fresh.contains(",arXiv:1412.6980\r\n"), "{fresh}");
    for old in [
        fresh.replace("old,,", "old,read,"),
        "key,status,arxiv\r\nold,read,1412.6980\r\n".to_string(),
    ] {
        let prev = Previous::from_csv(old.as_bytes(), b',').unwrap();
        assert_eq!(prev.statuses_for(&cat), vec![Some("read".into())], "{old}");
    }
}

#[test]
fn a_key_still_in_the_catalogue_is_never_taken_by_id() {
    // `a` and `b` share an arXiv id in the old file; both keys remain: each keeps its own.
    let old = "key,status,arxiv\r\na,read,1\r\nb,skip,1\r\n";
    let prev = Previous::from_csv(old.as_bytes(), b',').unwrap();
    let cat = catalogue(vec![paper("b", Some("1")), paper("a", Some("1"))]);
    assert_eq!(
        prev.statuses_for(&cat),
        vec![Some("skip".into()), Some("read".into())]
    );
}

#[test]
fn not_papercat_and_damaged_files_are_errors() {
    assert!(matches!(
        Previous::from_csv(b"name,score\r\n", b','),
        Err(ReadError::NotPapercat(_))
    ));
    assert!(matches!(
        Previous::from_csv(b"\xff\xfe k", b','),
        Err(ReadError::Unreadable(_))
    ));
    assert!(matches!(
        Previous::from_csv(b"", b','),
        Err(ReadError::NotPapercat(_))
    ));
    // A semicolon file (as a spreadsheet program may save it) is still read.
    let prev = Previous::from_csv(b"\xEF\xBB\xBFkey;status\r\na;read\r\n", b',').unwrap();
    assert_eq!(prev.rows(), 1);
    // A workbook without a Papers sheet.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().set_name("Mine").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    assert!(matches!(
        Previous::from_xlsx(&bytes),
        Err(ReadError::NotPapercat(_))
    ));
}

#[test]
fn xlsx_values_keep_their_types_and_the_result_is_a_fixed_point() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Papers").unwrap();
    for (c, h) in ["key", "status", "title", "rating", "done", "when", "Title"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "a").unwrap();
    ws.write_string(1, 1, "read").unwrap();
    ws.write_number(1, 3, 4.5).unwrap();
    ws.write_boolean(1, 4, true).unwrap();
    let date = ExcelDateTime::parse_from_str("2024-03-01").unwrap();
    ws.write_datetime_with_format(1, 5, &date, &Format::new().set_num_format("yyyy-mm-dd"))
        .unwrap();
    ws.write_string(1, 6, "my own Title _x0041_ & <b>").unwrap();
    ws.write_string(2, 0, "gone").unwrap();
    ws.write_number(2, 3, 1.0).unwrap();
    let old = wb.save_to_buffer().unwrap();

    let cat = catalogue(vec![paper("new", None), paper("a", None)]);
    let prev = Previous::from_xlsx(&old).unwrap();
    let write = |prev: &Previous| {
        let mut buf = Vec::new();
        let opts = crate::xlsx::Options::default();
        let w =
            crate::write_carrying(&cat, Some(prev), &mut buf, crate::Format::Xlsx(&opts)).unwrap();
        (buf, w.carried.unwrap())
    };
    let (first, report) = write(&prev);
    assert_eq!(report.removed, vec!["gone".to_string()]);
    // The clashing header got a number.
    assert!(
        report.columns.iter().any(|(h, _)| h == "Title 2"),
        "{report:?}"
    );
    let again = Previous::from_xlsx(&first).unwrap();
    let plan = again.plan(&cat, &Column::ALL);
    let id = |name: &str| again.id(name).unwrap();
    assert_eq!(
        plan.carried(1, Slot::Carried(id("rating"))),
        Some(&Value::Number(4.5))
    );
    assert_eq!(
        plan.carried(1, Slot::Carried(id("done"))),
        Some(&Value::Bool(true))
    );
    assert!(matches!(
        plan.carried(1, Slot::Carried(id("when"))),
        Some(Value::Date(d)) if (*d - 45352.0).abs() < 1e-9
    ));
    assert_eq!(
        plan.carried(1, Slot::Carried(id("Title 2"))),
        Some(&Value::Text("my own Title _x0041_ & <b>".into()))
    );
    assert_eq!(plan.carried(0, Slot::Paper(Column::Status)), None);
    assert_eq!(plan.removed_rows(), 1);
    // Writing over the result changes nothing.
    let (second, _) = write(&again);
    assert!(first == second, "not a fixed point");
}
