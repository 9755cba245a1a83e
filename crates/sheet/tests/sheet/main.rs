//! Reads every spreadsheet papercat-sheet writes back with independent readers: `csv::Reader`,
//! calamine and (through the test venv) openpyxl; snapshots of the fixture (`golden.rs`).

mod corpus;
mod csv_read;
mod golden;
mod libreoffice;
mod libreoffice_view;
mod openpyxl;
mod xlsx_read;

use papercat_core::Catalogue;

/// The CSV bytes of `catalogue` with `opts`.
pub fn csv_bytes(catalogue: &Catalogue, opts: &papercat_sheet::csv::Options) -> Vec<u8> {
    let mut buf = Vec::new();
    let warnings = papercat_sheet::csv::write(catalogue, &mut buf, opts).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    buf
}

/// The XLSX bytes of `catalogue` with `opts`, and the warnings.
pub fn xlsx_bytes(
    catalogue: &Catalogue,
    opts: &papercat_sheet::xlsx::Options,
) -> (Vec<u8>, Vec<papercat_core::Diagnostic>) {
    let mut buf = Vec::new();
    let warnings = papercat_sheet::xlsx::write(catalogue, &mut buf, opts).unwrap();
    (buf, warnings)
}

/// Every record of a CSV file, header included, read by `csv::Reader`.
pub fn csv_records(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(bytes);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// Every record of a CSV file split as LibreOffice splits it with its default import settings:
/// a field ends at any of `,`, `;` and tab outside double quotes, a field that starts with `"`
/// runs to the closing quote (`""` inside is one quote), a record ends at LF or CR LF outside
/// quotes. A leading byte order mark is skipped.
pub fn split_any(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut at_start = true; // at the start of a field
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            ',' | ';' | '\t' => {
                record.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                at_start = true;
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    records
}

/// The cell text calamine gives, with Excel's `_xHHHH_` escapes decoded.
pub use papercat_sheet::decode_escapes as decode_ooxml;
