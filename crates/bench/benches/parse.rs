//! Criterion benchmarks over generated 1 MB and 20 MB catalogues, as input throughput:
//!
//! - `catalogue/pulldown`: the bare pulldown-cmark event walk (the baseline);
//! - `catalogue/parse`: `papercat_core::parse` on the same text (dropping the catalogue is
//!   not timed, as a process exiting does not do it either);
//! - `write/<format>`: each writer on the parsed catalogue, into memory.
//!
//! `cargo bench -p papercat-bench` runs them all; `cargo bench -p papercat-bench -- parse`
//! only the parse group. Whole-command timings (with peak memory and pandoc) are in
//! `crates/bench/bench.sh`.

use criterion::{criterion_main, BenchmarkId, Criterion, Throughput};
use papercat_testkit::generator::generate;
use papercat_testkit::writer_checks::Writer;
use std::time::Duration;

const SIZES: [(&str, usize); 2] = [("1MB", 1_000_000), ("20MB", 20_000_000)];

fn parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("catalogue");
    for (label, size) in SIZES {
        let text = generate(size, 0x5EED);
        let inputs = [papercat_core::Input {
            name: "cat.md".into(),
            text: text.clone(),
            ..Default::default()
        }];
        g.throughput(Throughput::Bytes(text.len() as u64));
        if size > 5_000_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(20));
        } else {
            g.sample_size(20).measurement_time(Duration::from_secs(5));
        }
        g.bench_with_input(BenchmarkId::new("pulldown", label), &text, |b, t| {
            b.iter(|| papercat_testkit::baseline::pulldown_events(t))
        });
        g.bench_with_input(BenchmarkId::new("parse", label), &inputs, |b, i| {
            b.iter_with_large_drop(|| papercat_core::parse(i))
        });
    }
    g.finish();
}

fn write(c: &mut Criterion) {
    let mut g = c.benchmark_group("write");
    for (label, size) in SIZES {
        let text = generate(size, 0x5EED);
        let cat = papercat_core::parse_str(&text);
        // Throughput of the writers is also counted in input Markdown bytes.
        g.throughput(Throughput::Bytes(text.len() as u64));
        if size > 5_000_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(15));
        } else {
            g.sample_size(10).measurement_time(Duration::from_secs(3));
        }
        for w in Writer::ALL {
            g.bench_with_input(BenchmarkId::new(w.name(), label), &cat, |b, cat| {
                b.iter_with_large_drop(|| w.write(cat))
            });
        }
    }
    g.finish();
}

// criterion_group! defines an undocumented pub fn.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::parse, super::write);
}
use group::benches;
criterion_main!(benches);
