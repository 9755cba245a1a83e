//! Arbitrary bytes -> `Input::from_bytes` -> `parse` -> `json::write`: nothing may panic,
//! the JSON writer must succeed, and reading the text in small chunks (as large files are
//! read) must give exactly the pulldown-cmark events, and the entries, of reading it in one
//! piece.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papercat_core::{chunked_events_match, chunked_read_matches, json, parse, Input};

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes("fuzz.md", data, None);
    let chunk = 1 + data.first().map_or(0, |b| usize::from(*b) % 64);
    assert!(
        chunked_events_match(&input.text, chunk),
        "chunked events differ (chunk {chunk})"
    );
    assert_ne!(
        chunked_read_matches(&input.text, chunk),
        Some(false),
        "reading in chunks differs (chunk {chunk})"
    );
    let cat = parse(&[input]);
    let mut out = Vec::new();
    json::write(&cat, &mut out, &json::Options { pretty: false }).expect("json::write failed");
});
