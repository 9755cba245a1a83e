//! XLSX read back with calamine: sheets, tables, headers, values, CJK text, truncation, limits.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use papercat_core::{Catalogue, Paper, Work};
use papercat_sheet::xlsx::{Options, MAX_CELL_CHARS, MAX_LINKS, TRUNCATED_MARKER};
use papercat_sheet::Column;
use proptest::prelude::*;

use crate::{decode_ooxml, xlsx_bytes};
use papercat_testkit::snapshot::zip_part;

fn open(bytes: &[u8]) -> Xlsx<Cursor<Vec<u8>>> {
    Xlsx::new(Cursor::new(bytes.to_vec())).unwrap()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => decode_ooxml(s),
        Data::Empty => String::new(),
        other => panic!("expected text, got {other:?}"),
    }
}

#[test]
fn fixture_reads_back() {
    let cat = papercat_testkit::fixture();
    let (bytes, warnings) = xlsx_bytes(&cat, &Options::default());
    let mut book = open(&bytes);
    assert_eq!(book.sheet_names(), vec!["Papers", "Sections"]);

    let range = book.worksheet_range("Papers").unwrap();
    assert_eq!(range.get_size(), (6, Column::ALL.len()));
    let headers: Vec<String> = range.rows().next().unwrap().iter().map(text).collect();
    let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(headers, names);

    let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
    let cell = |row: usize, name: &str| range.get((row, col(name))).cloned().unwrap_or_default();
    assert_eq!(text(&cell(1, "key")), "liu2023visual");
    assert_eq!(text(&cell(1, "heading")), "LLaVA：经典的多模态大模型");
    assert_eq!(text(&cell(1, "sections")), "多模态篇; PEFT 系列篇");
    assert_eq!(text(&cell(1, "institutions")), "微软研究院; 哥伦比亚大学");
    assert_eq!(
        text(&cell(1, "motivation")),
        "像ChatGPT这种大语言模型只接受文字输入，那么如何让大语言模型接收图像输入呢？"
    );
    assert_eq!(cell(1, "year"), Data::Float(2023.0));
    assert_eq!(text(&cell(1, "line")), "5; 22");
    assert_eq!(cell(2, "line"), Data::Float(44.0));
    assert_eq!(text(&cell(1, "url")), "https://arxiv.org/abs/2304.08485");
    assert_eq!(text(&cell(1, "status")), "");
    assert_eq!(text(&cell(2, "authors")), "Weiwei Sun; 任昭春");
    assert_eq!(cell(4, "year"), Data::Empty);
    // Identifiers are strings, never numbers.
    assert_eq!(cell(1, "arxiv"), Data::String("2304.08485".into()));
    assert_eq!(
        cell(3, "doi"),
        Data::String("10.1145/3486622.3493957".into())
    );

    // Hostile text is stored as text, never as a formula, and without CSV's quote.
    assert_eq!(
        text(&cell(5, "heading")),
        "=HYPERLINK(\"http://evil\") 100% {unbalanced _under & <b>bold</b>"
    );
    assert_eq!(
        text(&cell(5, "other")),
        "#备注: #hashtag start\twith tab\r\nand CRLF; +1 -1 @at ＝全角\n@SUM(A1:A2) unlabelled note\n\
         pdf: https://arxiv.org/pdf/2305.14314v2.pdf"
    );
    let formulas = book.worksheet_formula("Papers").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    // The 60,000-character results are cut to Excel's limit with a visible marker.
    let results = text(&cell(5, "results"));
    assert_eq!(results.chars().count(), MAX_CELL_CHARS);
    assert!(results.ends_with(TRUNCATED_MARKER));
    assert_eq!(
        results.trim_end_matches(TRUNCATED_MARKER),
        &"长文本".repeat(20_000)[..(MAX_CELL_CHARS - TRUNCATED_MARKER.chars().count()) * 3]
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(
        (w.code.as_str(), w.file.as_str(), w.line),
        ("cell-truncated", "fixture.md", 70)
    );
    assert_eq!(
        w.to_string(),
        "fixture.md:70:1: warning[cell-truncated]: the `results` text of `hostile_2024` has 60000 \
         characters; an Excel cell holds 32767, so the xlsx cell was cut and ends with \
         `…[truncated]`\n  = hint: the CSV output keeps the whole text"
    );

    // Tables.
    book.load_tables().unwrap();
    assert_eq!(book.table_names(), vec!["PapersTable", "SectionsTable"]);
    let table = book.table_by_name("PapersTable").unwrap();
    assert_eq!(table.sheet_name(), "Papers");
    assert_eq!(table.columns(), names.as_slice());
    let table = book.table_by_name("SectionsTable").unwrap();
    assert_eq!(
        table.columns(),
        ["section", "level", "papers", "2021", "2023", "no year"]
    );

    // Sections: papers per section (a section counts the papers of its subsections) and year.
    let sections = book.worksheet_range("Sections").unwrap();
    let rows: Vec<Vec<String>> = sections
        .rows()
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::Float(f) => f.to_string(),
                    d => text(d),
                })
                .collect()
        })
        .collect();
    let want = [
        ["section", "level", "papers", "2021", "2023", "no year"],
        ["多模态篇", "1", "2", "0", "2", "0"],
        ["PEFT 系列篇", "1", "2", "0", "1", "1"],
        ["搜索 篇", "1", "2", "1", "1", "0"],
        ["搜索 篇 > 排序", "2", "1", "0", "1", "0"],
    ];
    assert_eq!(rows, want.map(|r| r.map(String::from).to_vec()).to_vec());
}

#[test]
fn picked_columns_in_order() {
    let cat = papercat_testkit::fixture();
    let opts = Options {
        columns: papercat_sheet::parse_columns("title,key,year").unwrap(),
        ..Options::default()
    };
    let (bytes, warnings) = xlsx_bytes(&cat, &opts);
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut book = open(&bytes);
    let range = book.worksheet_range("Papers").unwrap();
    assert_eq!(range.get_size(), (6, 3));
    assert_eq!(range.get((0, 0)), Some(&Data::String("title".into())));
    assert_eq!(
        range.get((2, 0)),
        Some(&Data::String(
            "Is ChatGPT Good at Search? Investigating Large Language Models as Re-Ranking Agents"
                .into()
        ))
    );
    assert_eq!(
        range.get((2, 1)),
        Some(&Data::String("sun2023chatgpt".into()))
    );
}

#[test]
fn empty_catalogue_is_a_valid_workbook() {
    let (bytes, warnings) = xlsx_bytes(&Catalogue::default(), &Options::default());
    assert!(warnings.is_empty());
    let mut book = open(&bytes);
    let range = book.worksheet_range("Papers").unwrap();
    assert_eq!(range.get((0, 0)), Some(&Data::String("key".into())));
    book.load_tables().unwrap();
    assert_eq!(book.table_names().len(), 2);
}

#[test]
fn same_catalogue_same_bytes_and_pinned_time() {
    let cat = papercat_testkit::fixture();
    let (a, _) = xlsx_bytes(&cat, &Options::default());
    let (b, _) = xlsx_bytes(&cat, &Options::default());
    assert!(a == b, "two writes of the same catalogue differ");
    let core = zip_part(&a, "docProps/core.xml");
    assert!(
        core.contains(
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-01-01T00:00:00Z</dcterms:created>"
        ),
        "{core}"
    );
    let opts = Options {
        created: "2025-03-04T05:06:07Z".into(),
        ..Options::default()
    };
    let (c, _) = xlsx_bytes(&cat, &opts);
    assert!(zip_part(&c, "docProps/core.xml").contains(">2025-03-04T05:06:07Z<"));
    let bad = Options {
        created: "yesterday".into(),
        ..Options::default()
    };
    let err = papercat_sheet::xlsx::write(&cat, Vec::new(), &bad).unwrap_err();
    assert!(matches!(err, papercat_sheet::Error::BadCreated(_)), "{err}");
}

/// The `n`-th (0-based) `<tag` element inside `<list ...>...</list>` of `xml`, up to the next one.
fn nth<'a>(xml: &'a str, list: &str, tag: &str, n: usize) -> &'a str {
    let start = xml.find(&format!("<{list}")).unwrap();
    let end = start + xml[start..].find(&format!("</{list}>")).unwrap();
    let open = format!("<{tag}");
    let items: Vec<usize> = xml[start..end]
        .match_indices(&open)
        .map(|(i, _)| i)
        .collect();
    let from = items[n];
    let to = items.get(n + 1).copied().unwrap_or(end - start);
    &xml[start..end][from..to]
}

/// The value of attribute `name` in the element text `element`.
fn attr<'a>(element: &'a str, name: &str) -> &'a str {
    let key = format!(" {name}=\"");
    let at = element.find(&key).unwrap() + key.len();
    &element[at..at + element[at..].find('"').unwrap()]
}

/// Issue #15, what the workbook itself says (no program needed; openpyxl and LibreOffice check
/// the same from their side): a narrow freeze, a header with its own format, row heights that
/// are never fixed, and a page setup.
#[test]
fn layout_for_libreoffice_and_print() {
    let (bytes, _) = xlsx_bytes(&papercat_testkit::fixture(), &Options::default());
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    let styles = zip_part(&bytes, "xl/styles.xml");
    let workbook = zip_part(&bytes, "xl/workbook.xml");

    // The header row and the key and status columns are frozen.
    assert!(
        sheet.contains("<pane xSplit=\"2\" ySplit=\"1\" topLeftCell=\"C2\" activePane=\"bottomRight\" state=\"frozen\"/>"),
        "{}",
        &sheet[..600]
    );

    // Every header cell has one explicit format: bold white font, solid blue fill, thin borders.
    let header = &sheet[sheet.find("<row r=\"1\"").unwrap()..];
    let header = &header[..header.find("</row>").unwrap()];
    let xfs: Vec<&str> = header.split("<c ").skip(1).map(|c| attr(c, "s")).collect();
    assert_eq!(xfs.len(), Column::ALL.len());
    assert!(xfs.iter().all(|x| *x == xfs[0]), "{xfs:?}");
    let xf = nth(&styles, "cellXfs", "xf ", xfs[0].parse().unwrap());
    let font = nth(
        &styles,
        "fonts",
        "font>",
        attr(xf, "fontId").parse().unwrap(),
    );
    assert!(
        font.contains("<b/>") && font.contains("rgb=\"FFFFFFFF\""),
        "{font}"
    );
    let fill = nth(
        &styles,
        "fills",
        "fill>",
        attr(xf, "fillId").parse().unwrap(),
    );
    assert!(
        fill.contains("patternType=\"solid\"") && fill.contains("FF4472C4"),
        "{fill}"
    );
    let border = nth(
        &styles,
        "borders",
        "border>",
        attr(xf, "borderId").parse().unwrap(),
    );
    assert_eq!(border.matches("style=\"thin\"").count(), 4, "{border}");

    // Row heights are the program's: a stored height, never a custom (fixed) one.
    assert!(!sheet.contains("customHeight"));
    assert!(sheet.contains("<row r=\"2\" ht=\"60\">"));

    // Printing: landscape, one page wide and any number tall, row 1 on every page.
    assert!(sheet.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"));
    let setup = &sheet[sheet.find("<pageSetup ").unwrap()..];
    let setup = &setup[..setup.find("/>").unwrap()];
    assert_eq!(attr(setup, "orientation"), "landscape");
    assert_eq!(attr(setup, "fitToHeight"), "0");
    assert!(!setup.contains("fitToWidth"), "1, the default: {setup}");
    assert!(workbook.contains(
        "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">Papers!$1:$1</definedName>"
    ));
}

#[test]
fn excel_link_limit_is_respected() {
    let papers = papercat_testkit::linked_papers(MAX_LINKS + 1, "big.md");
    let cat = Catalogue {
        papers,
        ..Default::default()
    };
    let opts = Options {
        columns: vec![Column::Url],
        ..Options::default()
    };
    let (bytes, warnings) = xlsx_bytes(&cat, &opts);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, "too-many-links");
    assert_eq!(warnings[0].line, MAX_LINKS as u32 + 1);
    let sheet = zip_part(&bytes, "xl/worksheets/sheet1.xml");
    assert_eq!(sheet.matches("<hyperlink ").count(), MAX_LINKS);
    let last = MAX_LINKS + 1;
    let mut book = open(&bytes);
    let range = book.worksheet_range("Papers").unwrap();
    assert_eq!(
        range.get((last, 0)),
        Some(&Data::String(format!("https://example.org/{MAX_LINKS}")))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_text_round_trips_through_calamine(
        heading in any::<String>(),
        tricky in proptest::collection::vec(
            prop::sample::select(vec!["_x0041_", "_x005F_", "_x", "\r", "\u{1}", "\u{FFFE}", "&<>", "中", "\t", "\n", " "]),
            0..10,
        ),
    ) {
        let tricky = tricky.concat();
        let cat = Catalogue {
            papers: vec![Paper { key: "k".into(), heading: heading.clone(), work: Work { title: Some(tricky.clone()), ..Default::default() }, ..Default::default() }],
            ..Default::default()
        };
        let opts = Options { columns: vec![Column::Heading, Column::Title], ..Options::default() };
        let (bytes, warnings) = xlsx_bytes(&cat, &opts);
        prop_assert!(warnings.is_empty());
        let mut book = open(&bytes);
        let range = book.worksheet_range("Papers").unwrap();
        let got = |c: usize| range.get((1, c)).map(text).unwrap_or_default();
        prop_assert_eq!(got(0), heading);
        prop_assert_eq!(got(1), tricky);
    }
}
