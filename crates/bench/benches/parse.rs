//! parse (papercat_core::parse_str) vs the bare pulldown-cmark event walk vs JSON export,
//! over generated 1 MB and 20 MB catalogues, reported as throughput.

use criterion::{criterion_main, BenchmarkId, Criterion, Throughput};
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("catalogue");
    for (label, size) in [("1MB", 1_000_000usize), ("20MB", 20_000_000)] {
        let text = papercat_bench::generate(size, 0x5EED);
        let cat = papercat_core::parse_str(&text);
        g.throughput(Throughput::Bytes(text.len() as u64));
        if size > 5_000_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(40));
        } else {
            g.sample_size(20).measurement_time(Duration::from_secs(5));
        }
        g.bench_with_input(BenchmarkId::new("pulldown", label), &text, |b, t| {
            b.iter(|| papercat_bench::pulldown_events(t))
        });
        g.bench_with_input(BenchmarkId::new("parse", label), &text, |b, t| {
            b.iter(|| papercat_core::parse_str(t))
        });
        // Throughput of the JSON export is also counted in input Markdown bytes.
        let opts = papercat_core::json::Options { pretty: true };
        g.bench_with_input(BenchmarkId::new("json", label), &cat, |b, cat| {
            b.iter(|| {
                let mut buf = Vec::with_capacity(4 * size);
                papercat_core::json::write(cat, &mut buf, &opts).map(|_| buf.len())
            })
        });
    }
    g.finish();
}

// criterion_group! defines an undocumented pub fn.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
use group::benches;
criterion_main!(benches);
