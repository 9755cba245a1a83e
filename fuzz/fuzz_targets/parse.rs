//! Arbitrary bytes -> `Input::from_bytes` -> `parse` -> `json::write`: nothing may panic,
//! and the JSON writer must succeed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papercat_core::{json, parse, Input};

fuzz_target!(|data: &[u8]| {
    let cat = parse(&[Input::from_bytes("fuzz.md", data, None)]);
    let mut out = Vec::new();
    json::write(&cat, &mut out, &json::Options { pretty: false }).expect("json::write failed");
});
