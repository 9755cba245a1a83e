//! The cell formats the workbook's sheets share (header, body, identifiers, dates), the
//! header table style, and how every sheet prints.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, Table, TableColumn, TableStyle, Worksheet, XlsxError,
};

use crate::Column;

/// The header row's own format: white bold text on the blue of the table style, with thin
/// borders. The table style draws the same in Excel, but LibreOffice does not draw table
/// styles, so without it the header looked like any other row there.
pub(super) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_font_color(Color::White)
        .set_background_color(Color::RGB(HEADER_FILL))
        .set_border(FormatBorder::Thin)
        .set_border_color(Color::RGB(HEADER_BORDER))
        .set_align(FormatAlign::Top)
}

/// An Excel table named `name` in the banded blue style, with these headers in
/// [`header_format`].
pub(super) fn header_table(name: &str, headers: &[String]) -> Table {
    let columns: Vec<TableColumn> = headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(h.as_str())
                .set_header_format(header_format())
        })
        .collect();
    Table::new()
        .set_name(name)
        .set_style(TableStyle::Medium2)
        .set_columns(&columns)
}

/// The header fill: the header colour of [`TableStyle::Medium2`].
const HEADER_FILL: u32 = 0x4472C4;
/// The header borders: a darker shade of [`HEADER_FILL`].
const HEADER_BORDER: u32 = 0x2F5597;

/// Excel's text number format: a cell keeps what is typed into it as text.
pub(super) const TEXT_FORMAT: &str = "@";

/// Whether `column` holds identifiers (the key, arXiv ids, DOIs): text that a spreadsheet
/// program must never turn into a number (`1412.6980` would show as 1412.698). Their cells are
/// strings with the text format [`TEXT_FORMAT`], so a value typed into them stays text too.
pub(super) fn is_id(column: Column) -> bool {
    matches!(column, Column::Key | Column::Arxiv | Column::Doi)
}

pub(super) fn body_format() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

/// How every sheet prints: landscape, scaled to one page wide (as many pages tall as needed),
/// the header row repeated on every page. Without it the `Papers` sheet of a 100-paper
/// catalogue printed on 141 pages, three columns each, the header on the first ones only.
/// The paper size is left to the printer (A4 or Letter, by locale).
pub(super) fn page_setup(ws: &mut Worksheet) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// The format of carried dates.
pub(super) fn date_format() -> Format {
    Format::new()
        .set_num_format("yyyy-mm-dd hh:mm")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left)
}
