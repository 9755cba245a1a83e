//! Reading the catalogues named on the command line.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use papercat_core::{Catalogue, Input};

/// Read and parse every input file (`-` = stdin) into one catalogue.
pub(super) fn load(files: &[PathBuf]) -> Result<Catalogue> {
    Ok(papercat_core::parse(&read_inputs(files)?))
}

/// The most papercat reads from one file: a catalogue or spreadsheet is megabytes, and a
/// device that never ends (`/dev/zero`) or a wrong file must stop with an error, not fill
/// the memory.
pub(super) const MAX_INPUT_BYTES: u64 = 1 << 30;

/// Read `f` whole, up to [`MAX_INPUT_BYTES`].
pub(super) fn read_file(f: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(f).with_context(|| format!("cannot read {}", f.display()))?;
    // A regular file's size sizes the buffer once (as `std::fs::read` does); a device says 0.
    let size = file.metadata().map_or(0, |m| m.len()).min(MAX_INPUT_BYTES);
    read_capped(file, &f.display().to_string(), size)
}

/// Read `r` whole, up to [`MAX_INPUT_BYTES`]; `name` names it in errors, `size` is the
/// expected size (0 when unknown).
fn read_capped(r: impl Read, name: &str, size: u64) -> Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(usize::try_from(size).map_or(0, |n| n.saturating_add(1)));
    r.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut buf)
        .with_context(|| format!("cannot read {name}"))?;
    if buf.len() as u64 > MAX_INPUT_BYTES {
        bail!(
            "{name} is larger than {} GiB, more than papercat reads from one file: give the \
             catalogue itself (a Markdown file), or split it into several files",
            MAX_INPUT_BYTES >> 30
        );
    }
    Ok(buf)
}

/// Read the input files (`-` is standard input).
pub(super) fn read_inputs(files: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for f in files {
        if f.as_os_str() == "-" {
            let buf = read_capped(std::io::stdin().lock(), "standard input", 0)?;
            inputs.push(Input::from_vec("-", buf, None));
            continue;
        }
        if f.is_dir() {
            bail!(
                "{} is a folder; give the catalogue's Markdown file (e.g. {}/README.md)",
                f.display(),
                f.display()
            );
        }
        let bytes = read_file(f)?;
        let dir = f
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .map(Path::to_path_buf);
        inputs.push(Input::from_vec(&f.display().to_string(), bytes, dir));
    }
    Ok(inputs)
}
