//! Times the CSV and XLSX writers alone on a catalogue: parses it once, then writes each format
//! to a file several times and prints the least CPU time of the writing thread (from
//! `/proc/thread-self/schedstat`, so other processes on the machine do not count).
//!
//! `cargo run --release -p papercat-sheet --example sheet_bench -- CATALOGUE.md [REPS] [OUT_DIR]`

use std::io::BufWriter;

fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Peak and current resident memory of the process, from `/proc/self/status` (kB).
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap_or("?")
            .to_string()
    };
    format!("peak {} kB, now {} kB", field("VmHWM:"), field("VmRSS:"))
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: sheet_bench CATALOGUE.md [REPS] [OUT_DIR]");
        std::process::exit(2);
    };
    let reps: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let dir = args
        .next()
        .unwrap_or_else(|| std::env::temp_dir().display().to_string());
    let text = std::fs::read_to_string(&path).expect("cannot read the catalogue");
    let cat = papercat_core::parse_str(&text);
    drop(text);
    println!("parsed: {}", memory());
    for format in ["csv", "xlsx"] {
        let out = std::path::Path::new(&dir).join(format!("sheet_bench.{format}"));
        let mut best = u64::MAX;
        for _ in 0..reps {
            let file = std::fs::File::create(&out).expect("cannot create the output");
            let w = BufWriter::with_capacity(1 << 18, file);
            let start = thread_cpu_ns();
            match format {
                "csv" => drop(papercat_sheet::csv::write(&cat, w, &Default::default()).unwrap()),
                _ => drop(papercat_sheet::xlsx::write(&cat, w, &Default::default()).unwrap()),
            }
            best = best.min(thread_cpu_ns() - start);
        }
        let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
        println!(
            "{format}: {} papers, {:.1} ms CPU (best of {reps}), {size} bytes",
            cat.papers.len(),
            best as f64 / 1e6
        );
        println!("  after {format}: {}", memory());
    }
}
