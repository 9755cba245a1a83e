//! The `papercat` command line.
fn main() {}
