//! Note text as a spreadsheet cell shows it: core's plain-text renderer, reading the few Markdown
//! marks catalogues use in their notes line by line ([`Syntax::LineMarks`]: list items start
//! with `• `, `**strong**` and `` `code` `` lose their marks, `[text](url)` reads `text (url)`;
//! everything else is kept as written).

use papercat_core::plain::{self, Syntax};

/// Appends `text` as a cell shows it to `out`.
pub(crate) fn push_plain(text: &str, out: &mut String) {
    plain::push_plain(text, Syntax::LineMarks, out);
}
