//! Hostile inputs too large for a test (the others are papercat-core's `tests/robustness.rs`):
//!
//! - `hostile/indented_list_10000_levels`: a staircase of 10,000 list levels written with
//!   indentation, 100 MB of text, parsed on a thread with a 2 MiB stack. Before timing, one
//!   parse must finish without overflowing the stack and still find the entry after the
//!   staircase.
//!
//! `cargo bench -p papercat-bench --bench hostile`; `-- --test` runs the check and one parse.

use std::time::Duration;

use criterion::{criterion_main, Criterion, Throughput};
use papercat_core::{Catalogue, Input};

/// The stack of a normal spawned thread (the main thread's is often larger).
const SMALL_STACK: usize = 2 * 1024 * 1024;

/// `papercat_core::parse` on a thread with a [`SMALL_STACK`].
fn parse_on_small_stack(inputs: &[Input]) -> Catalogue {
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .stack_size(SMALL_STACK)
            .spawn_scoped(s, || papercat_core::parse(inputs))
            .expect("spawn a thread")
            .join()
            .expect("the parse panicked or overflowed its stack")
    })
}

/// 10,000 levels of `- 论文名称：Level`, each two spaces deeper, then one ordinary entry.
fn staircase(levels: usize) -> String {
    let mut s = String::with_capacity(levels * levels + 64 * levels);
    for k in 0..levels {
        s.push_str(&"  ".repeat(k));
        s.push_str("- 论文名称：Level\n");
    }
    s.push_str("- 论文名称：After\n  - 论文地址：https://arxiv.org/abs/2301.00002\n");
    s
}

fn indented_list(c: &mut Criterion) {
    let text = staircase(10_000);
    let inputs = [Input {
        name: "staircase.md".into(),
        text,
        ..Default::default()
    }];
    let cat = parse_on_small_stack(&inputs);
    assert!(
        cat.papers
            .iter()
            .any(|p| p.work.arxiv.as_deref() == Some("2301.00002")),
        "the entry after the staircase is lost"
    );
    let mut g = c.benchmark_group("hostile");
    g.throughput(Throughput::Bytes(inputs[0].text.len() as u64));
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("indented_list_10000_levels", |b| {
        b.iter_with_large_drop(|| parse_on_small_stack(&inputs))
    });
    g.finish();
}

// criterion_group! defines an undocumented pub fn.
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::indented_list);
}
use group::benches;
criterion_main!(benches);
