//! Write a synthetic arXiv metadata snapshot of N records (JSON lines) for benchmarks.
//!
//! ```text
//! cargo run --release -p papercat-enrich --example gen_snapshot -- 2000000 > /tmp/snapshot.jsonl
//! ```
//!
//! The ids never collide with real arXiv ids (see `papercat_enrich::synthetic`), so appending
//! real lines (for example `tests/fixtures/arxiv-snapshot.jsonl`) gives a file where exactly
//! those lines match a catalogue.

use std::io::{self, BufWriter};
use std::process::ExitCode;

fn main() -> ExitCode {
    let n = match std::env::args()
        .nth(1)
        .map(|a| a.replace('_', "").parse::<u64>())
    {
        Some(Ok(n)) => n,
        _ => {
            eprintln!("usage: gen_snapshot N > snapshot.jsonl");
            return ExitCode::from(2);
        }
    };
    let out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    match papercat_enrich::synthetic::write_snapshot(out, n) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_snapshot: {e}");
            ExitCode::from(2)
        }
    }
}
