//! The JSON and JSON-LD writers alone, with each of their output options, on one large
//! catalogue parsed once (output discarded, so only the writer is timed):
//!
//! - `json/pretty`, `json/compact`: `papercat_core::json::write`;
//! - `jsonld/compact`, `jsonld/expanded`: `papercat_jsonld::write`.
//!
//! The catalogue is the file named by `PAPERCAT_BENCH_FILE`, or else a generated 20 MB one
//! (`papercat_testkit::generator`). Throughput is counted in input Markdown bytes:
//!
//! `PAPERCAT_BENCH_FILE=/tmp/papercat-bench/cat20.md cargo bench -p papercat-bench --bench json`

use std::time::Duration;

use criterion::{criterion_main, BenchmarkGroup, Criterion, Throughput};
use papercat_core::Catalogue;

/// The catalogue to write and the size of its Markdown.
fn input() -> (Catalogue, usize) {
    let bytes = match std::env::var_os("PAPERCAT_BENCH_FILE") {
        Some(path) => std::fs::read(&path)
            .unwrap_or_else(|e| panic!("PAPERCAT_BENCH_FILE={}: {e}", path.to_string_lossy())),
        None => papercat_testkit::generator::generate(20_000_000, 0x5EED).into_bytes(),
    };
    let len = bytes.len();
    let cat = papercat_core::parse(&[papercat_core::Input::from_vec("bench.md", bytes, None)]);
    (cat, len)
}

fn group<'c>(
    c: &'c mut Criterion,
    name: &str,
    len: usize,
) -> BenchmarkGroup<'c, criterion::measurement::WallTime> {
    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Bytes(len as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g
}

fn writers(c: &mut Criterion) {
    let (cat, len) = input();
    let mut g = group(c, "json", len);
    for (label, pretty) in [("pretty", true), ("compact", false)] {
        let opts = papercat_core::json::Options { pretty };
        g.bench_function(label, |b| {
            b.iter(|| papercat_core::json::write(&cat, std::io::sink(), &opts))
        });
    }
    g.finish();
    let mut g = group(c, "jsonld", len);
    for (label, expanded) in [("compact", false), ("expanded", true)] {
        let opts = papercat_jsonld::Options {
            expanded,
            ..Default::default()
        };
        g.bench_function(label, |b| {
            b.iter(|| papercat_jsonld::write(&cat, std::io::sink(), &opts))
        });
    }
    g.finish();
}

// criterion_group! defines an undocumented pub fn.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::writers);
}
use group::benches;
criterion_main!(benches);
