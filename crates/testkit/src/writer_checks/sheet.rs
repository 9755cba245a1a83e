//! What the CSV and XLSX writers promise, read back with the `csv` crate and calamine.

use std::io::Cursor;

use papercat_core::Catalogue;

use super::{count_mismatch, snippet};

/// The characters a spreadsheet may read as the start of a formula.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

pub(super) fn check_csv(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let body = out
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .ok_or("no UTF-8 byte order mark")?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    let headers = reader
        .headers()
        .map_err(|e| format!("csv header: {e}"))?
        .clone();
    let names: Vec<&str> = papercat_sheet::Column::ALL
        .iter()
        .map(|c| c.name())
        .collect();
    if headers.iter().collect::<Vec<_>>() != names {
        return Err(format!("header is {headers:?}"));
    }
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("csv record {}: {e}", i + 1))?;
        let Some(paper) = cat.papers.get(i) else {
            return Err(format!("record {} has no paper", i + 1));
        };
        let key = record.get(0).unwrap_or_default();
        if key != paper.key && key.strip_prefix('\'') != Some(paper.key.as_str()) {
            return Err(format!("record {} is `{key}`, not `{}`", i + 1, paper.key));
        }
        for cell in &record {
            if cell.starts_with(FORMULA_STARTS) {
                return Err(format!(
                    "paper `{}`: a cell starts a formula: {}",
                    paper.key,
                    snippet(cell)
                ));
            }
        }
        rows += 1;
    }
    count_mismatch("records", rows, cat)
}

/// Undoes the `_xHHHH_` escapes of OOXML strings (which calamine leaves in place).
fn ooxml_unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if b[i] == b'_'
            && i + 7 <= b.len()
            && b[i + 1] == b'x'
            && b[i + 6] == b'_'
            && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
        {
            let hex = &s[i + 2..i + 6];
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                out.push(c);
                i += 7;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

pub(super) fn check_xlsx(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(out))
        .map_err(|e| format!("calamine cannot open it: {e}"))?;
    let papers = book
        .worksheet_range(papercat_sheet::xlsx::PAPERS_SHEET)
        .map_err(|e| format!("calamine: sheet Papers: {e}"))?;
    book.worksheet_range(papercat_sheet::xlsx::SECTIONS_SHEET)
        .map_err(|e| format!("calamine: sheet Sections: {e}"))?;
    let mut rows = papers.rows();
    let header: Vec<String> = rows
        .next()
        .ok_or("Papers is empty")?
        .iter()
        .map(|c| c.to_string())
        .collect();
    let names: Vec<&str> = papercat_sheet::Column::ALL
        .iter()
        .map(|c| c.name())
        .collect();
    if header != names {
        return Err(format!("Papers header is {header:?}"));
    }
    let mut n = 0;
    for (i, row) in rows.enumerate() {
        let Some(paper) = cat.papers.get(i) else {
            return Err(format!("row {} has no paper", i + 2));
        };
        let key = row
            .first()
            .map(|c| ooxml_unescape(&c.to_string()))
            .unwrap_or_default();
        if key != paper.key {
            return Err(format!("row {} is `{key}`, not `{}`", i + 2, paper.key));
        }
        n += 1;
    }
    count_mismatch("rows in Papers", n, cat)
}
