//! The workbook as rust_xlsxwriter builds it, without the `Papers` rows: document properties,
//! the format cells the streamed rows take their styles from, the tables, panes, the status
//! drop-down and colours, and the `Removed` sheet.

use papercat_core::Catalogue;
use rust_xlsxwriter::{
    utility::column_number_to_name, Color, ConditionalFormatFormula, DataValidation, DocProperties,
    ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError,
};

use super::measure::fit;
use super::sections::write_sections;
use super::styles::{
    body_format, date_format, header_format, header_table, is_id, page_setup, TEXT_FORMAT,
};
use super::{PAPERS_SHEET, PAPERS_TABLE, REMOVED_SHEET, ROW_MAX, SECTIONS_SHEET, STATUSES};
use crate::carry::{Plan, Slot, Value};
use crate::Column;

fn properties(catalogue: &Catalogue, created: &ExcelDateTime) -> DocProperties {
    let mut keywords = vec!["papercat".to_string(), "reading list".to_string()];
    for s in &catalogue.sections {
        if let Some(top) = s.path.first() {
            if !keywords.contains(top) {
                keywords.push(top.clone());
            }
        }
    }
    let mut props = DocProperties::new()
        .set_subject(format!(
            "Paper review spreadsheet: {} papers",
            catalogue.papers.len()
        ))
        .set_keywords(keywords.join(", "))
        .set_comment("Written by papercat from a Markdown catalogue of paper-reading notes.")
        .set_creation_datetime(created);
    if let Some(title) = &catalogue.title {
        props = props.set_title(title.clone());
    }
    props
}

/// How many columns at the left of the `Papers` sheet stay in view: `key` and `status` when
/// they lead (in either order), else only `key` when it leads, else none (the header row is
/// always frozen). At most 38 character units wide ([`width_bounds`](super::measure::width_bounds)), about 280 pixels: a
/// fifth of a 1366-pixel window, so the notes can be read beside them (the old frozen block of
/// key, status, sections and title took 80%, and LibreOffice drops a freeze wider than the
/// window).
pub(super) fn frozen_columns(slots: &[Slot]) -> u16 {
    let key = Slot::Paper(Column::Key);
    let status = Slot::Paper(Column::Status);
    match slots {
        [a, b, ..] if (*a == key && *b == status) || (*a == status && *b == key) => 2,
        [a, ..] if *a == key => 1,
        _ => 0,
    }
}

/// The workbook without the `Papers` rows: everything else (styles, the tables, panes, the
/// status drop-down and colours, column widths, the `Sections` sheet and its chart, document
/// properties) as rust_xlsxwriter writes it. Cells below the header (`A2:A6`, `A7`) carry the
/// body, number, link, identifier, identifier link (and date) formats, so that the styles part has them and the streamed rows can
/// use their indices; those rows are replaced.
pub(super) fn skeleton(
    catalogue: &Catalogue,
    plan: &Plan,
    widths: &[usize],
    created: &ExcelDateTime,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(catalogue, created));
    workbook.set_zip_compression_level(1);

    let ws = workbook.add_worksheet();
    ws.set_name(PAPERS_SHEET)?;
    let body = body_format();
    let number = Format::new()
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let link = body_format().set_hyperlink();
    let id = body_format().set_num_format(TEXT_FORMAT);
    let id_link = link.clone().set_num_format(TEXT_FORMAT);
    ws.write_number_with_format(1, 0, 0.0, &body)?;
    ws.write_number_with_format(2, 0, 0.0, &number)?;
    ws.write_number_with_format(3, 0, 0.0, &link)?;
    ws.write_number_with_format(4, 0, 0.0, &id)?;
    ws.write_number_with_format(5, 0, 0.0, &id_link)?;
    // Carried dates need a date format (only then, so that other workbooks keep their bytes).
    if plan.has_dates() {
        ws.write_number_with_format(6, 0, 0.0, &date_format())?;
    }

    let last_row = u32::try_from(catalogue.papers.len().max(1)).unwrap_or(u32::MAX);
    if last_row as usize >= ROW_MAX {
        return Err(XlsxError::RowColumnLimitError);
    }
    let last_col = u16::try_from(plan.slots.len() - 1) // never empty here
        .map_err(|_| XlsxError::RowColumnLimitError)?;
    for (c, (&w, &slot)) in widths.iter().zip(&plan.slots).enumerate() {
        ws.set_column_width(c as u16, w as f64)?;
        let id_column = matches!(slot, Slot::Paper(column) if is_id(column));
        ws.set_column_format(c as u16, if id_column { &id } else { &body })?;
    }
    let table = header_table(PAPERS_TABLE, &plan.headers);
    // rust_xlsxwriter keeps a map entry per table cell (to catch overlapping tables): give it
    // the header and one row, and set the real range in the table part (`table_range`).
    ws.add_table(0, 0, 1, last_col, &table)?;

    ws.set_freeze_panes(1, frozen_columns(&plan.slots))?;
    page_setup(ws)?;

    if let Some(s) = plan
        .slots
        .iter()
        .position(|&c| c == Slot::Paper(Column::Status))
    {
        let s = s as u16;
        let validation = DataValidation::new()
            .allow_list_strings(&STATUSES)?
            .set_input_title("status")?
            .set_input_message(STATUSES.join(", "))?;
        ws.add_data_validation(1, s, last_row, s, &validation)?;
        let letter = column_number_to_name(s);
        let colours = [
            ("unread", 0xDDEBF7),
            ("reading", 0xFFF2CC),
            ("read", 0xE2EFDA),
            ("skip", 0xD9D9D9),
        ];
        for (status, rgb) in colours {
            let mut format = Format::new().set_background_color(Color::RGB(rgb));
            if status == "skip" {
                format = format.set_font_color(Color::RGB(0x808080));
            }
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${letter}2=\"{status}\"").as_str())
                .set_format(format);
            ws.add_conditional_format(1, 0, last_row, last_col, &rule)?;
        }
    }

    let sections = workbook.add_worksheet();
    sections.set_name(SECTIONS_SHEET)?;
    write_sections(sections, catalogue)?;
    if plan.removed_rows() > 0 {
        let removed = workbook.add_worksheet();
        removed.set_name(REMOVED_SHEET)?;
        write_removed(removed, plan, widths)?;
    }
    workbook.save_to_buffer()
}

/// The `Removed` sheet: the same columns as `Papers`, a row per old row that matches no paper,
/// as it was (catalogue columns included, so the reader sees which paper it was).
fn write_removed(ws: &mut Worksheet, plan: &Plan, widths: &[usize]) -> Result<(), XlsxError> {
    let header = header_format();
    let body = body_format();
    let date = date_format();
    for (c, h) in plan.headers.iter().enumerate() {
        let c = c as u16; // checked by the caller
        ws.write_string_with_format(0, c, h.as_str(), &header)?;
        ws.set_column_width(c, widths.get(usize::from(c)).copied().unwrap_or(12) as f64)?;
    }
    for k in 0..plan.removed_rows() {
        let row = u32::try_from(k + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        if row as usize >= ROW_MAX {
            return Err(XlsxError::RowColumnLimitError);
        }
        for (c, &slot) in plan.slots.iter().enumerate() {
            let c = c as u16;
            match plan.removed(k, slot) {
                None => {}
                Some(Value::Text(t)) => {
                    ws.write_string_with_format(row, c, fit(t).0.as_ref(), &body)?;
                }
                Some(Value::Number(n)) => {
                    ws.write_number_with_format(row, c, *n, &body)?;
                }
                Some(Value::Bool(b)) => {
                    ws.write_boolean_with_format(row, c, *b, &body)?;
                }
                Some(Value::Date(d)) => {
                    ws.write_number_with_format(row, c, *d, &date)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    page_setup(ws)?;
    Ok(())
}
