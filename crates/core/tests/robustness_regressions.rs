//! Inputs that once broke the parser (found by fuzzing or the robustness tests), one file each
//! in `tests/regressions/`; every one must parse and write JSON without a panic.

use std::path::Path;

use papercat_core::{json, parse, Input};

fn check(path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.display().to_string();
    let run = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let cat = parse(&[Input::from_bytes(&name, &bytes, None)]);
            let mut out = Vec::new();
            json::write(&cat, &mut out, &json::Options { pretty: false }).map(|_| out.len())
        })
        .map_err(|e| e.to_string())?;
    match run.join() {
        Ok(Ok(n)) if n > 0 => Ok(()),
        Ok(Ok(_)) => Err(format!("{}: empty JSON", path.display())),
        Ok(Err(e)) => Err(format!("{}: {e}", path.display())),
        Err(_) => Err(format!("{}: panicked", path.display())),
    }
}

#[test]
fn every_regression_input_parses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions")
        .map(|e| e.expect("dir entry").path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 3,
        "regression inputs missing in {}",
        dir.display()
    );
    let failures: Vec<String> = files.iter().filter_map(|f| check(f).err()).collect();
    assert!(failures.is_empty(), "{failures:#?}");
}
