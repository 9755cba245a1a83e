//! The baseline papercat's parser is measured against: a bare pulldown-cmark event walk.

/// The pulldown-cmark options papercat-core's parser uses (see `crates/core/src/parser.rs`).
pub fn pulldown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// The baseline papercat's parser is measured against: walk every pulldown-cmark event with
/// its byte range, as the parser does, and count them.
pub fn pulldown_events(text: &str) -> usize {
    let mut n = 0;
    for item in pulldown_cmark::Parser::new_ext(text, pulldown_options()).into_offset_iter() {
        std::hint::black_box(&item);
        n += 1;
    }
    n
}
