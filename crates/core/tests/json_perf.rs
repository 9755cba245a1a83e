//! Timing of the writer alone on a large generated catalogue (ignored by default):
//! `PAPERCAT_BENCH_FILE=/tmp/papercat-bench/cat20.md cargo test --release -p papercat-core
//! --test json_perf -- --ignored --nocapture`.

use std::time::Instant;

#[test]
#[ignore = "a benchmark: needs PAPERCAT_BENCH_FILE"]
fn time_the_writer() {
    let Some(path) = std::env::var_os("PAPERCAT_BENCH_FILE") else {
        eprintln!("SKIPPED: set PAPERCAT_BENCH_FILE to a catalogue");
        return;
    };
    // CPU time is steadier than wall time on a shared machine: compare `perf stat -e
    // task-clock` of runs with PAPERCAT_BENCH_ITERS=0 and =N.
    let iters: usize = std::env::var("PAPERCAT_BENCH_ITERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    let bytes = std::fs::read(&path).unwrap();
    let cat = papercat_core::parse(&[papercat_core::Input::from_vec("bench.md", bytes, None)]);
    for pretty in [true, false] {
        let opts = papercat_core::json::Options { pretty };
        let mut best = f64::INFINITY;
        let mut size = 0;
        for _ in 0..iters {
            let mut out = CountingSink(0);
            let t = Instant::now();
            papercat_core::json::write(&cat, &mut out, &opts).unwrap();
            best = best.min(t.elapsed().as_secs_f64());
            size = out.0;
        }
        eprintln!("json pretty={pretty}: {best:.3} s, {size} bytes");
    }
}

struct CountingSink(usize);

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
