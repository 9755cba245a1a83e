//! Reading a workbook back (with calamine) for [`crate::carry::Previous`].

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::carry::{Grid, ReadError, Value};
use crate::xlsx::{PAPERS_SHEET, REMOVED_SHEET};

/// The `Papers` sheet and, when present, the `Removed` sheet, as grids (header row first).
/// An empty list when the workbook has no `Papers` sheet.
pub(crate) fn xlsx_sheets(bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    // calamine is a parser of untrusted input; a panic inside it must not end the program, so
    // it becomes an error like any other damaged file.
    std::panic::catch_unwind(|| read(bytes)).unwrap_or_else(|_| {
        Err(ReadError::Unreadable(
            "the XLSX reader failed on this file".into(),
        ))
    })
}

fn read(bytes: &[u8]) -> Result<Vec<Grid>, ReadError> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| ReadError::Unreadable(format!("not an XLSX workbook: {e}")))?;
    let names = book.sheet_names();
    let mut out = Vec::new();
    for wanted in [PAPERS_SHEET, REMOVED_SHEET] {
        if !names.iter().any(|n| n == wanted) {
            if wanted == PAPERS_SHEET {
                return Ok(out);
            }
            continue;
        }
        let values = book
            .worksheet_range(wanted)
            .map_err(|e| ReadError::Unreadable(format!("sheet `{wanted}`: {e}")))?;
        let formulas = book.worksheet_formula(wanted).ok();
        let Some((rows, cols)) = values.end() else {
            // An empty sheet: no header.
            out.push(Grid {
                header: Vec::new(),
                rows: Vec::new(),
                formulas: 0,
            });
            continue;
        };
        let mut grid = Grid {
            header: Vec::new(),
            rows: Vec::new(),
            formulas: 0,
        };
        for r in 0..=rows {
            let mut row: Vec<Option<Value>> = Vec::with_capacity(cols as usize + 1);
            for c in 0..=cols {
                let formula = formulas
                    .as_ref()
                    .and_then(|f| f.get_value((r, c)))
                    .filter(|f| !f.is_empty());
                let mut v = values.get_value((r, c)).and_then(value);
                if let Some(f) = formula {
                    if r > 0 {
                        grid.formulas += 1;
                    }
                    if v.is_none() {
                        v = Some(Value::Text(format!("={f}")));
                    }
                }
                row.push(v);
            }
            if r == 0 {
                grid.header = row
                    .into_iter()
                    .map(|v| v.map(|v| v.text()).unwrap_or_default())
                    .collect();
            } else {
                grid.rows.push(row);
            }
        }
        out.push(grid);
    }
    Ok(out)
}

/// A cell as a carried value; `None` when empty.
fn value(d: &Data) -> Option<Value> {
    Some(match d {
        Data::Empty => return None,
        Data::String(s) if s.is_empty() => return None,
        Data::String(s) => Value::Text(decode_escapes(s)),
        Data::Int(n) => Value::Number(*n as f64),
        Data::Float(f) if f.is_finite() => Value::Number(*f),
        Data::Float(f) => Value::Text(f.to_string()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(d.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
        Data::Error(e) => Value::Text(e.to_string()),
    })
}

/// Decodes Excel's `_xHHHH_` escapes (ECMA-376 ST_Xstring), which calamine leaves as they are:
/// the inverse of what the writer does for control characters and for a literal `_xHHHH_`.
/// A reader of our workbooks through calamine needs it to get the cell text back.
///
/// ```
/// assert_eq!(papercat_sheet::decode_escapes("a_x000D_b _x005F_x0041_"), "a\rb _x0041_");
/// ```
pub fn decode_escapes(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_string();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode() {
        assert_eq!(decode_escapes("a_x000D_b"), "a\rb");
        assert_eq!(decode_escapes("_x005F_x0041_"), "_x0041_");
        assert_eq!(decode_escapes("_xZZ_ _x12"), "_xZZ_ _x12");
        assert_eq!(decode_escapes("plain"), "plain");
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        for bytes in [&b""[..], b"PK\x03\x04garbage", b"hello, world"] {
            assert!(matches!(xlsx_sheets(bytes), Err(ReadError::Unreadable(_))));
        }
    }
}
