//! Reads every spreadsheet papercat-sheet writes back with independent readers: `csv::Reader`,
//! calamine and (through the test venv) openpyxl; compares golden files part by part.

mod corpus;
mod csv_read;
mod golden;
mod libreoffice;
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

/// Decodes Excel's `_xHHHH_` escapes (ECMA-376 ST_Xstring), which calamine leaves as they are.
pub fn decode_ooxml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("_x") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let code = tail
            .get(2..6)
            .filter(|h| {
                h.bytes().all(|b| b.is_ascii_hexdigit()) && tail.as_bytes().get(6) == Some(&b'_')
            })
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .and_then(char::from_u32);
        match code {
            Some(c) => {
                out.push(c);
                rest = &tail[7..];
            }
            None => {
                out.push_str("_x");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}
