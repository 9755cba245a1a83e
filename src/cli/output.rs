//! Atomic output: every file is written to a temporary file in its target folder, synced,
//! then renamed over the target, so an existing file is never left half-written.
//! `--all` stages every file first and renames them only when all were written; if a rename
//! fails, the files already replaced are restored from their backups.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

fn stage(dir: &Path, bytes: &[u8], target: &Path) -> Result<tempfile::NamedTempFile> {
    let mut tmp = tempfile::Builder::new()
        .prefix(".papercat-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| {
            format!(
                "cannot create a temporary file in {} (is the folder writable?)",
                dir.display()
            )
        })?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {} (disk full?)", target.display()))?;
    Ok(tmp)
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Write one file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_of(path);
    let tmp = stage(&dir, bytes, path)?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}

/// Write several files into `dir` (created if missing): all of them, or none.
pub fn write_all_atomic(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder {}", dir.display()))?;
    let mut staged = Vec::new();
    for (path, bytes) in files {
        staged.push((path, stage(&parent_of(path), bytes, path)?));
    }
    // Keep backups of files we replace, to restore them if a later rename fails.
    let mut done: Vec<(&PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    for (path, tmp) in staged {
        let backup = if path.exists() {
            let b = tempfile::Builder::new()
                .prefix(".papercat-backup-")
                .tempfile_in(parent_of(path))
                .with_context(|| format!("cannot back up {}", path.display()))?
                .into_temp_path();
            std::fs::rename(path, &b)
                .with_context(|| format!("cannot back up {}", path.display()))?;
            Some(b)
        } else {
            None
        };
        if let Err(e) = tmp.persist(path) {
            if let Some(b) = &backup {
                let _ = std::fs::rename(b, path);
            }
            for (p, b) in done.into_iter().rev() {
                match b {
                    Some(b) => {
                        let _ = std::fs::rename(&b, p);
                    }
                    None => {
                        let _ = std::fs::remove_file(p);
                    }
                }
            }
            return Err(e.error)
                .with_context(|| format!("cannot write {}; no file was changed", path.display()));
        }
        done.push((path, backup));
    }
    Ok(())
}
