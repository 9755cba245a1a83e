//! The `Sections` sheet: papers per section and per year, and its bar chart.

use std::collections::{BTreeMap, HashMap};

use papercat_core::Catalogue;
use rust_xlsxwriter::{Chart, ChartType, Format, FormatAlign, Worksheet, XlsxError};

use super::measure::{display_width, fit};
use super::styles::{header_table, page_setup};
use super::{SECTIONS_SHEET, SECTIONS_TABLE};
use crate::cells::section_label;

/// One row of the `Sections` sheet.
pub(super) struct SectionRow {
    pub(super) label: String,
    pub(super) level: usize,
    pub(super) papers: usize,
    pub(super) by_year: BTreeMap<Option<i32>, usize>,
}

pub(super) fn section_rows(catalogue: &Catalogue) -> Vec<SectionRow> {
    // Every section path once, declared ones first, then the listed ones, in order.
    let mut index: HashMap<&[String], usize> = HashMap::new();
    let mut rows: Vec<SectionRow> = Vec::new();
    let declared = catalogue.sections.iter().map(|s| s.path.as_slice());
    let listed = catalogue
        .papers
        .iter()
        .flat_map(|p| p.occurrences.iter().map(|o| o.section.as_slice()));
    for path in declared.chain(listed) {
        if !path.is_empty() && !index.contains_key(path) {
            index.insert(path, rows.len());
            rows.push(SectionRow {
                label: section_label(path),
                level: path.len(),
                papers: 0,
                by_year: BTreeMap::new(),
            });
        }
    }
    // A paper counts once in every section that holds one of its listings, or holds it below.
    let mut unsectioned = SectionRow {
        label: "(no section)".into(),
        level: 0,
        papers: 0,
        by_year: BTreeMap::new(),
    };
    let mut hit: Vec<usize> = Vec::new();
    for p in &catalogue.papers {
        hit.clear();
        for o in &p.occurrences {
            for depth in 1..=o.section.len() {
                if let Some(&r) = index.get(&o.section[..depth]) {
                    if !hit.contains(&r) {
                        hit.push(r);
                    }
                }
            }
        }
        for &r in &hit {
            rows[r].papers += 1;
            *rows[r].by_year.entry(p.work.year).or_insert(0) += 1;
        }
        if p.occurrences.iter().all(|o| o.section.is_empty()) {
            unsectioned.papers += 1;
            *unsectioned.by_year.entry(p.work.year).or_insert(0) += 1;
        }
    }
    // A section with no paper in it or below it (a heading kept for later, a list of links
    // that are not papers) is not a row: it would be a row of zeros and an empty bar.
    rows.retain(|r| r.papers > 0);
    if unsectioned.papers > 0 {
        rows.push(unsectioned);
    }
    rows
}

pub(super) fn write_sections(ws: &mut Worksheet, catalogue: &Catalogue) -> Result<(), XlsxError> {
    let rows = section_rows(catalogue);
    let mut years: Vec<i32> = catalogue
        .papers
        .iter()
        .filter_map(|p| p.work.year)
        .collect();
    years.sort_unstable();
    years.dedup();
    let no_year = catalogue.papers.iter().any(|p| p.work.year.is_none());
    let mut headers: Vec<String> = vec!["section".into(), "level".into(), "papers".into()];
    headers.extend(years.iter().map(i32::to_string));
    if no_year {
        headers.push("no year".into());
    }
    let mut year_keys: Vec<Option<i32>> = years.iter().copied().map(Some).collect();
    if no_year {
        year_keys.push(None);
    }

    let top = Format::new().set_align(FormatAlign::Top);
    let mut label_width = "section".len() + 3;
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let (label, _) = fit(&r.label);
        label_width = label_width.max(display_width(&label, 60) + 1);
        ws.write_string_with_format(row, 0, label.as_ref(), &top)?;
        ws.write_number_with_format(row, 1, r.level as f64, &top)?;
        ws.write_number_with_format(row, 2, r.papers as f64, &top)?;
        for (k, year) in year_keys.iter().enumerate() {
            let n = r.by_year.get(year).copied().unwrap_or(0);
            ws.write_number_with_format(row, 3 + k as u16, n as f64, &top)?;
        }
    }
    ws.set_column_width(0, label_width.clamp(16, 60) as f64)?;
    for (c, header) in headers.iter().enumerate().skip(1) {
        ws.set_column_width(c as u16, (header.len() + 4) as f64)?;
    }
    let last_row = u32::try_from(rows.len().max(1)).unwrap_or(u32::MAX);
    let last_col = (headers.len() - 1) as u16; // at least the three fixed headers
    let table = header_table(SECTIONS_TABLE, &headers);
    ws.add_table(0, 0, last_row, last_col, &table)?;
    ws.set_freeze_panes(1, 1)?;
    page_setup(ws)?;

    if !rows.is_empty() {
        let n = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        let mut chart = Chart::new(ChartType::Bar);
        chart
            .add_series()
            .set_categories((SECTIONS_SHEET, 1, 0, n, 0))
            .set_values((SECTIONS_SHEET, 1, 2, n, 2))
            .set_name("papers");
        chart.title().set_name("Papers per section");
        chart.legend().set_hidden();
        // Bar charts draw the first category at the bottom; reverse the category axis (the
        // y axis of a bar chart in rust_xlsxwriter) to read top-down like the table.
        chart.y_axis().set_reverse();
        chart.set_width(640);
        chart.set_height(n.saturating_mul(28).saturating_add(90).clamp(288, 6000));
        ws.insert_chart(0, last_col + 2, &chart)?;
    }
    Ok(())
}
