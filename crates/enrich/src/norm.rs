//! Text folding for matching: the title keys and comparisons of
//! [`papercat_core::matching`], and white-space collapsing.

pub(crate) use papercat_core::matching::{
    compare_titles, similarity, tex_to_unicode, title_key, TitleVerdict, TITLE_ONLY_THRESHOLD,
};

/// Collapse runs of white space (including newlines) into single spaces and trim.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
