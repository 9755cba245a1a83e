//! Reading the catalogues named on the command line.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use papercat_core::{Catalogue, Input};

/// Read and parse every input file (`-` = stdin) into one catalogue.
pub(super) fn load(files: &[PathBuf]) -> Result<Catalogue> {
    Ok(papercat_core::parse(&read_inputs(files)?))
}

/// Read the input files (`-` is standard input).
pub(super) fn read_inputs(files: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for f in files {
        if f.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
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
        let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
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
