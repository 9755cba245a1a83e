//! Times the two writers on a catalogue file, parse excluded:
//! `cargo run --release -p papercat-anki --example anki_bench -- FILE [RUNS [FORMAT]]`.
//!
//! Prints, for each writer, the least CPU time of the thread over the runs (from
//! `/proc/thread-self/schedstat`, so other processes on the machine do not count) and the
//! output size.

use std::io::Write;

use papercat_anki::{apkg, txt, Options};
use papercat_core::{parse, Input};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// CPU time of this thread in nanoseconds.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Counts the bytes written.
struct Count(u64);

impl Write for Count {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: anki_bench FILE [RUNS]");
    let runs: usize = args
        .next()
        .map_or(3, |r| r.parse().expect("RUNS is a number"));
    let only = args.next();
    let bytes = std::fs::read(&path).expect("cannot read the catalogue");
    let t = cpu_ns();
    let cat = parse(&[Input::from_vec(&path, bytes, None)]);
    println!(
        "parse: {:.3} s CPU ({} papers)",
        (cpu_ns() - t) as f64 / 1e9,
        cat.papers.len()
    );
    let opts = Options::default();
    type Writer = fn(&papercat_core::Catalogue, &mut Count, &Options) -> u64;
    let writers: [(&str, Writer); 2] = [
        ("anki-txt", |c, w, o| {
            txt::write(c, &mut *w, o).unwrap();
            w.0
        }),
        ("apkg", |c, w, o| {
            apkg::write(c, &mut *w, o).unwrap();
            w.0
        }),
    ];
    for (name, write) in writers {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let mut best = u64::MAX;
        let mut size = 0;
        for _ in 0..runs {
            let t = cpu_ns();
            size = write(&cat, &mut Count(0), &opts);
            best = best.min(cpu_ns() - t);
        }
        println!("{name}: {:.3} s CPU, {size} bytes", best as f64 / 1e9);
    }
}
