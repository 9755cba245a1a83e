//! Issue #15: what LibreOffice Calc makes of our files when a person opens them.
//!
//! - The CSV, imported with LibreOffice's default text-import settings (separated by comma,
//!   semicolon *and* tab, `"` as string delimiter, formulas not evaluated, quoted fields not
//!   forced to text), gives every row the cells of our CSV: no list joined with `; ` moves a
//!   column; ids stay text (`arXiv:1412.6980`), only `year` and `line` become numbers.
//! - The workbook, opened and saved as ODS (`xlsx -> ods`), then opened again (`ods -> ods`,
//!   which makes LibreOffice fit every automatic row height to its text): `key`, `arxiv` and
//!   `doi` cells are strings, and no row we stored is shorter than LibreOffice's fit.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use papercat_sheet::xlsx::{MAX_CELL_CHARS, MAX_ROW_LINES};
use papercat_sheet::Column;

use crate::libreoffice::{catalogues, Office};
use crate::{csv_bytes, csv_records, xlsx_bytes};

/// LibreOffice's default CSV import settings (its registry, `Office.Calc/Filter/Import/CSVImport`):
/// separators `,` `;` tab, `"`, UTF-8, from line 1, no column types, default language, quoted
/// fields not as text, no special numbers, (export-only tokens), no space trimming, (export
/// sheet), formulas not evaluated.
const CSV_IMPORT: &str =
    "Text - txt - csv (StarCalc):44/59/9,34,76,1,,0,false,false,false,false,false,-1,false";

fn column(name: &str) -> usize {
    Column::ALL.iter().position(|c| c.name() == name).unwrap()
}

#[test]
fn libreoffice_opens_our_csv_with_the_same_columns_and_ids_as_text() {
    let test = "libreoffice_opens_our_csv_with_the_same_columns_and_ids_as_text";
    let Some(program) = papercat_testkit::tool("libreoffice", test) else {
        return;
    };
    let office = Office::new(program);
    let mut ids = 0;
    for (name, cat) in catalogues() {
        let bytes = csv_bytes(&cat, &papercat_sheet::csv::Options::default());
        eprintln!(
            "libreoffice: importing {name}.csv ({} papers)",
            cat.papers.len()
        );
        let xlsx = office
            .convert_file(&format!("{name}.csv"), &bytes, Some(CSV_IMPORT), "xlsx")
            .unwrap_or_else(|said| panic!("{name}.csv: LibreOffice complained:\n{said}"));
        let mut book = Xlsx::new(Cursor::new(xlsx)).unwrap();
        let first = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&first).unwrap();
        let ours = csv_records(&bytes, b',');
        assert_eq!(range.height(), ours.len(), "{name}: rows");
        assert_eq!(range.width(), Column::ALL.len(), "{name}: columns");
        for (r, want) in ours.iter().enumerate() {
            for (c, want) in want.iter().enumerate() {
                let got = range.get((r, c)).cloned().unwrap_or(Data::Empty);
                let header = Column::ALL[c].name();
                let want = want.replace("\r\n", "\n");
                match got {
                    // LibreOffice cuts a cell to Excel's limit when it saves the xlsx.
                    Data::String(s) if want.encode_utf16().count() > MAX_CELL_CHARS => assert!(
                        s.encode_utf16().count() == MAX_CELL_CHARS && want.starts_with(&s),
                        "{name}: row {r}, column {header}: {} of {} characters",
                        s.chars().count(),
                        want.chars().count()
                    ),
                    Data::String(s) => assert_eq!(s, want, "{name}: row {r}, column {header}"),
                    Data::Empty => assert_eq!(want, "", "{name}: row {r}, column {header}"),
                    Data::Float(f) if r > 0 && (header == "year" || header == "line") => {
                        assert_eq!(want.parse::<f64>().ok(), Some(f), "{name}: row {r}");
                    }
                    other => panic!("{name}: row {r}, column {header}: {other:?} for {want:?}"),
                }
            }
            let arxiv = range.get((r, column("arxiv")));
            if r > 0 && !matches!(arxiv, None | Some(Data::Empty)) {
                assert!(
                    matches!(arxiv, Some(Data::String(s)) if s.starts_with("arXiv:")),
                    "{name}: row {r}: {arxiv:?}"
                );
                ids += 1;
            }
        }
    }
    assert!(ids > 20, "only {ids} arXiv ids checked");
}

/// A `<row ...>` element's height in points as our workbook stores it (15, the default, when
/// it has none), for each row of the `Papers` sheet.
fn our_heights(xlsx: &[u8]) -> Vec<f64> {
    papercat_testkit::snapshot::zip_part(xlsx, "xl/worksheets/sheet1.xml")
        .split("<row ")
        .skip(1)
        .map(|row| {
            let tag = &row[..row.find('>').unwrap()];
            tag.split(" ht=\"")
                .nth(1)
                .map_or(15.0, |h| h[..h.find('"').unwrap()].parse().unwrap())
        })
        .collect()
}

/// The value of attribute `name` in a start tag (or what follows its element name).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = tag
        .match_indices(&key)
        .find(|&(i, _)| i == 0 || tag.as_bytes()[i - 1] == b' ')?
        .0
        + key.len();
    Some(&tag[at..at + tag[at..].find('"')?])
}

/// One row of an ODS table: its height in points and each cell's `office:value-type`.
struct OdsRow {
    height: f64,
    types: Vec<Option<String>>,
}

/// The rows of the `Papers` table of an ODS `content.xml`, down to the last row with a cell.
fn ods_rows(content: &str) -> Vec<OdsRow> {
    let heights: std::collections::HashMap<&str, f64> = content
        .split("<style:style ")
        .skip(1)
        .filter(|s| s.contains("style:family=\"table-row\""))
        .filter_map(|s| {
            let name = attr(s, "style:name")?;
            let inches = attr(s, "style:row-height")?.strip_suffix("in")?;
            Some((name, inches.parse::<f64>().ok()? * 72.0))
        })
        .collect();
    let start = content.find("<table:table table:name=\"Papers\"").unwrap();
    let end = start + content[start..].find("</table:table>").unwrap();
    let mut rows = Vec::new();
    for row in content[start..end].split("<table:table-row ").skip(1) {
        let tag = &row[..row.find('>').unwrap()];
        let height = heights[attr(tag, "table:style-name").unwrap()];
        let mut types = Vec::new();
        for cell in row.split("<table:").skip(1) {
            if !(cell.starts_with("table-cell") || cell.starts_with("covered-table-cell")) {
                continue;
            }
            let cell_tag = &cell[..cell.find('>').unwrap()];
            let repeat: usize =
                attr(cell_tag, "table:number-columns-repeated").map_or(1, |n| n.parse().unwrap());
            let kind = attr(cell_tag, "office:value-type").map(String::from);
            types.extend(std::iter::repeat_n(kind, repeat.min(Column::ALL.len())));
        }
        let repeat: usize =
            attr(tag, "table:number-rows-repeated").map_or(1, |n| n.parse().unwrap());
        if types.iter().all(Option::is_none) {
            continue; // the empty rows below the table
        }
        for _ in 0..repeat {
            rows.push(OdsRow {
                height,
                types: types.clone(),
            });
        }
    }
    rows
}

#[test]
fn libreoffice_keeps_ids_as_text_and_no_row_is_too_short() {
    let test = "libreoffice_keeps_ids_as_text_and_no_row_is_too_short";
    let Some(program) = papercat_testkit::tool("libreoffice", test) else {
        return;
    };
    let office = Office::new(program);
    let mut fitted = 0;
    for (name, cat) in catalogues() {
        let (xlsx, _) = xlsx_bytes(&cat, &Default::default());
        eprintln!("libreoffice: {name}.xlsx -> ods -> ods");
        let said = |said: String| panic!("{name}: LibreOffice complained:\n{said}");
        let ods = office
            .convert_file(&format!("{name}.xlsx"), &xlsx, None, "ods")
            .unwrap_or_else(said);
        let ods = office
            .convert_file(&format!("{name}-saved.ods"), &ods, None, "ods")
            .unwrap_or_else(said);
        let mut zip = zip::ZipArchive::new(Cursor::new(ods)).unwrap();
        let mut content = String::new();
        zip.by_name("content.xml")
            .unwrap()
            .read_to_string(&mut content)
            .unwrap();
        let rows = ods_rows(&content);
        let ours = our_heights(&xlsx);
        assert_eq!(rows.len(), cat.papers.len() + 1, "{name}: rows");
        assert_eq!(ours.len(), rows.len(), "{name}: rows");
        let tallest = MAX_ROW_LINES as f64 * 15.0;
        for (r, (row, &height)) in rows.iter().zip(&ours).enumerate().skip(1) {
            for id in ["key", "arxiv", "doi"] {
                let kind = row.types.get(column(id)).cloned().flatten();
                assert!(
                    kind.is_none() || kind.as_deref() == Some("string"),
                    "{name}: row {r}, {id} is {kind:?}"
                );
            }
            if height < tallest {
                assert!(
                    row.height <= height + 0.5,
                    "{name}: row {r} is {height} pt, LibreOffice fits it in {:.1} pt",
                    row.height
                );
                fitted += 1;
            }
        }
    }
    assert!(fitted > 100, "only {fitted} rows compared");
}
