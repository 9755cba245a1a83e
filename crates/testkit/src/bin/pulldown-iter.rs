//! The baseline: read a file and walk pulldown-cmark's offset events with the options
//! papercat's parser uses, doing nothing else. `pulldown-iter FILE` prints the event count.

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pulldown-iter FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pulldown-iter: error: cannot read {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    println!(
        "{} events",
        papercat_testkit::baseline::pulldown_events(&text)
    );
    ExitCode::SUCCESS
}
