//! One entry as the reader found it: the unit every shape produces and the builder turns
//! into papers.

use crate::model::Field;

/// One entry as read from the Markdown, before identity and derivation.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawEntry {
    /// File name.
    pub file: String,
    /// 1-based line and column of the entry.
    pub line: u32,
    /// Column.
    pub column: u32,
    /// Section path.
    pub section: Vec<String>,
    /// Own text, markup removed.
    pub heading: String,
    /// Relative link of the heading.
    pub note_link: Option<String>,
    /// URL links written in the heading itself.
    pub heading_links: Vec<String>,
    /// Fields in order.
    pub fields: Vec<Field>,
    /// The shape the entry was read in (`list item`, `table row`...), for `check --explain`.
    pub shape: &'static str,
}
