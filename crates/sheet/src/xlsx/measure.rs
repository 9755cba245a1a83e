//! Measuring text for the `Papers` sheet: display widths (CJK counts two), width bounds by
//! column, wrapped line counts for row heights, and cutting text to what an Excel cell holds.

use std::borrow::Cow;

use super::{MAX_CELL_CHARS, MAX_ROW_LINES, TRUNCATED_MARKER};
use crate::Column;

/// Each column's narrowest and widest width (Excel character units), in [`Column::ALL`]'s
/// order: the table has a row for every column, and the check below keeps the rows in that
/// order, so [`width_bounds`] finds a column's row by its place.
const WIDTH_BOUNDS: [(Column, usize, usize); Column::ALL.len()] = [
    (Column::Key, 10, 28),
    (Column::Status, 10, 10),
    (Column::Sections, 14, 36),
    (Column::Title, 20, 50),
    (Column::Heading, 20, 44),
    (Column::Year, 7, 7),
    (Column::Venue, 8, 24),
    (Column::Authors, 12, 40),
    (Column::Institutions, 14, 32),
    (Column::Topics, 10, 24),
    (Column::Arxiv, 10, 16),
    (Column::Doi, 10, 32),
    (Column::Url, 12, 44),
    (Column::Code, 12, 44),
    (Column::Motivation, 24, 60),
    (Column::Method, 24, 60),
    (Column::Results, 24, 60),
    (Column::Other, 24, 60),
    (Column::Line, 7, 16),
];

// Compile-time check: row `i` of `WIDTH_BOUNDS` is the column declared `i`-th (the order of
// `Column::ALL`).
const _: () = {
    let mut i = 0;
    while i < WIDTH_BOUNDS.len() {
        assert!(
            WIDTH_BOUNDS[i].0 as usize == i,
            "WIDTH_BOUNDS is out of order"
        );
        i += 1;
    }
};

/// The narrowest and widest width of `column` (Excel character units), from [`WIDTH_BOUNDS`].
pub(super) fn width_bounds(column: Column) -> (usize, usize) {
    let (_, narrowest, widest) = WIDTH_BOUNDS[column as usize];
    (narrowest, widest)
}

/// Display width of a character: 2 for East Asian wide and full-width characters, else 1.
pub(super) fn char_width(c: char) -> usize {
    if papercat_core::text::is_wide(c) {
        2
    } else {
        1
    }
}

/// The widest line of `text`, counting no further than `cap`.
pub(super) fn display_width(text: &str, cap: usize) -> usize {
    let mut widest = 0;
    for line in text.lines() {
        let mut w = 0;
        for c in line.chars() {
            w += char_width(c);
            if w >= cap {
                return cap;
            }
        }
        widest = widest.max(w);
    }
    widest
}

pub(super) fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// How many lines `text` takes wrapped in a column `width` characters wide, at most
/// [`MAX_ROW_LINES`]: lines break at spaces where they can (as Excel and LibreOffice do, so a
/// label and a long URL after it take two lines or more), a word wider than the column is
/// broken where it reaches the edge, and CJK text breaks between any two characters.
pub(super) fn wrapped_lines(text: &str, width: usize) -> usize {
    // Leave room for the cell padding, and for fonts whose CJK glyphs are a bit over two
    // character units wide.
    let usable = (width * 9 / 10).saturating_sub(1).max(1);
    // A line is never wider than its UTF-8 length: short single-line text needs no scan.
    if text.len() <= usable && !text.contains('\n') {
        return 1;
    }
    let mut lines = 0;
    for line in text.split('\n') {
        lines += 1;
        // The width taken on the current line.
        let mut used = 0;
        for word in line.split(' ') {
            let w = display_width(word, usable * MAX_ROW_LINES);
            if used > 0 && used + 1 + w <= usable {
                used += 1 + w;
                continue;
            }
            // CJK text breaks between any two characters: it fills the line it starts on.
            let cjk = used > 0 && word.chars().any(|c| char_width(c) == 2);
            let end = if cjk {
                used + 1 + w
            } else {
                if used > 0 {
                    lines += 1;
                }
                w
            };
            // The word takes as many lines as it needs.
            lines += end.saturating_sub(1) / usable;
            used = end.saturating_sub(1) % usable + 1;
            if lines >= MAX_ROW_LINES {
                return MAX_ROW_LINES;
            }
        }
    }
    lines.clamp(1, MAX_ROW_LINES)
}

/// The text as Excel can hold it: cut to [`MAX_CELL_CHARS`] UTF-16 units, ending with
/// [`TRUNCATED_MARKER`], when too long. The flag tells whether it was cut.
pub(super) fn fit(text: &str) -> (Cow<'_, str>, bool) {
    if utf16_len(text) <= MAX_CELL_CHARS {
        return (Cow::Borrowed(text), false);
    }
    let budget = MAX_CELL_CHARS - utf16_len(TRUNCATED_MARKER);
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            used += c.len_utf16();
            used > budget
        })
        .map_or(text.len(), |(i, _)| i);
    (
        Cow::Owned(format!("{}{TRUNCATED_MARKER}", &text[..end])),
        true,
    )
}

/// [`fit`] in place: cuts `text` when too long and returns its length (UTF-16 units) before.
pub(super) fn fit_in_place(text: &mut String) -> Option<usize> {
    // UTF-16 units never outnumber UTF-8 bytes.
    if text.len() <= MAX_CELL_CHARS {
        return None;
    }
    let chars = utf16_len(text);
    if let (Cow::Owned(cut), true) = fit(text) {
        *text = cut;
        return Some(chars);
    }
    None
}
