//! Test helpers shared by the papercat crates (dev-dependency only).
//!
//! Tests that need an external program (biber, pandoc, the Python `anki` library...) call
//! [`tool`] or [`python`]. Locally, when the program is missing, they get `None` and the test
//! prints a `SKIPPED` line on stderr. Under `PAPERCAT_REQUIRE_TOOLS=1` (set by `.ci/run`) a
//! missing program is a test failure instead, so CI can never skip silently.

use std::path::{Path, PathBuf};

/// True when missing tools must fail the test (CI).
pub fn tools_required() -> bool {
    std::env::var_os("PAPERCAT_REQUIRE_TOOLS").is_some_and(|v| v == "1")
}

fn missing(what: &str, test: &str) -> Option<PathBuf> {
    if tools_required() {
        panic!("{test}: {what} is required (PAPERCAT_REQUIRE_TOOLS=1) but was not found; run .ci/run or install it");
    }
    eprintln!("SKIPPED {test}: {what} not found (install it, or run .ci/run, to run this test)");
    None
}

/// The workspace root (the folder holding the root `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// Find `program` on PATH; `None` (with a SKIPPED line) when absent, panic under CI.
pub fn tool(program: &str, test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let candidate = dir.join(program);
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    missing(program, test)
}

/// The Python interpreter of the test venv that has `module` importable.
///
/// Looks at `PAPERCAT_PYTHON`, then `<workspace>/.venv/bin/python3`.
pub fn python(module: &str, test: &str) -> Option<PathBuf> {
    let candidates = std::env::var_os("PAPERCAT_PYTHON")
        .map(PathBuf::from)
        .into_iter()
        .chain(std::iter::once(workspace_root().join(".venv/bin/python3")));
    for py in candidates {
        if !py.is_file() {
            continue;
        }
        let ok = std::process::Command::new(&py)
            .args(["-c", &format!("import {module}")])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if ok {
            return Some(py);
        }
    }
    missing(&format!("python module `{module}` (venv .venv or PAPERCAT_PYTHON)"), test)
}

/// The shared corpus folder `../shared` beside the checkout, when present.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = workspace_root().join("../shared");
    dir.is_dir().then_some(dir)
}
