//! Write a deterministic generated catalogue:
//! `gen-catalogue --size 20MB [--seed N] [--mixed] [-o FILE]` (standard output without `-o`);
//! `--mixed` writes sections in all four entry shapes instead of the corpus's one.

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: gen-catalogue --size SIZE [--seed N] [--mixed] [-o FILE]\n  SIZE: bytes, or with a unit (20MB, 1.5MB, 512KiB)\n  --mixed: sections in the four entry shapes (list, heading, bold title, reference item)";

fn main() -> ExitCode {
    let mut size = None;
    let mut seed = 0x5EED_u64;
    let mut out = None;
    let mut mixed = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let value = |args: &mut dyn Iterator<Item = String>| args.next();
        match a.as_str() {
            "--size" | "-s" => {
                size = value(&mut args).and_then(|v| papercat_testkit::generator::parse_size(&v))
            }
            "--seed" => match value(&mut args).and_then(|v| v.parse().ok()) {
                Some(s) => seed = s,
                None => return usage("--seed needs a number"),
            },
            "-o" | "--output" => out = value(&mut args),
            "--mixed" => mixed = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => return usage(&format!("unexpected argument `{a}`")),
        }
    }
    let Some(size) = size else {
        return usage("give --size SIZE");
    };
    let (text, stats) = if mixed {
        papercat_testkit::generator::generate_mixed(size, seed)
    } else {
        papercat_testkit::generator::generate_with_stats(size, seed)
    };
    let res = match out.as_deref() {
        None | Some("-") => std::io::stdout().lock().write_all(text.as_bytes()),
        Some(p) => std::fs::write(p, text.as_bytes()),
    };
    if let Err(e) = res {
        eprintln!("gen-catalogue: error: cannot write: {e}");
        return ExitCode::from(2);
    }
    eprintln!(
        "gen-catalogue: {} bytes, {} papers, {} duplicate entries, {} sections, {} hhttps typos, {} scheme-less URLs",
        text.len(),
        stats.papers,
        stats.duplicates,
        stats.sections,
        stats.typos,
        stats.schemeless
    );
    ExitCode::SUCCESS
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("gen-catalogue: error: {msg}\n{USAGE}");
    ExitCode::from(2)
}
