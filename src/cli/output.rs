//! Atomic output: every file is written to a temporary file in its target folder, synced,
//! then renamed over the target, so an existing file is never left half-written.
//! `--all` stages every file first and renames them only when all were written; if a rename
//! fails, the files already replaced are restored from their backups. On Ctrl-C the staged
//! temporary files are removed before exiting.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};

/// Temporary files not yet renamed into place; removed if the process is interrupted.
static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On Ctrl-C (or SIGTERM), remove the staged temporary files and exit with 130, so an
/// interrupted export leaves no partial file (targets are only ever replaced by a rename).
pub fn remove_staged_on_interrupt() {
    let _ = ctrlc::set_handler(|| {
        let staged = STAGED.lock().map(|v| v.clone()).unwrap_or_default();
        for p in staged {
            let _ = std::fs::remove_file(p);
        }
        std::process::exit(130);
    });
}

fn track(path: &Path, staged: bool) {
    if let Ok(mut v) = STAGED.lock() {
        if staged {
            v.push(path.to_path_buf());
        } else {
            v.retain(|p| p != path);
        }
    }
}

/// A staged temporary file; untracked when dropped (deleted) or persisted.
struct Staged(Option<tempfile::NamedTempFile>);

impl Staged {
    fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let Some(tmp) = self.0.take() else {
            return Ok(());
        };
        let path = tmp.path().to_path_buf();
        let result = tmp.persist(target).map(|_| ()).map_err(|e| e.error);
        track(&path, false);
        result
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(tmp) = self.0.take() {
            track(tmp.path(), false);
        }
    }
}

fn stage(bytes: &[u8], target: &Path) -> Result<Staged> {
    let dir = parent_of(target);
    let tmp = tempfile::Builder::new()
        .prefix(".papercat-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| {
            format!(
                "cannot create a temporary file in {} (is the folder writable?)",
                dir.display()
            )
        })?;
    track(tmp.path(), true);
    let mut staged = Staged(Some(tmp));
    if let Some(tmp) = staged.0.as_mut() {
        tmp.write_all(bytes)
            .and_then(|()| permissions_for(target, tmp.as_file()))
            .and_then(|p| tmp.as_file().set_permissions(p))
            .and_then(|()| tmp.as_file().sync_all())
            .with_context(|| format!("cannot write {} (disk full?)", target.display()))?;
    }
    Ok(staged)
}

/// The permissions of the file being replaced, else the usual `rw-r--r--` (temporary files
/// are created private, which would be wrong for the output).
fn permissions_for(target: &Path, tmp: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(target) {
        return Ok(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = tmp;
        Ok(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        tmp.metadata().map(|m| m.permissions())
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Write one file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(bytes, path)?
        .persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))
}

/// Write several files into `dir` (created if missing): all of them, or none.
pub fn write_all_atomic(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create folder {}", dir.display()))?;
    let mut staged = Vec::new();
    for (path, bytes) in files {
        staged.push((path, stage(bytes, path)?));
    }
    // Replaced files are moved to backups first, so a failure can put everything back.
    let mut done: Vec<(&PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    for (path, tmp) in staged {
        if let Err(e) = replace(path, tmp, &mut done) {
            for (p, backup) in done.into_iter().rev() {
                match backup {
                    Some(b) => {
                        let _ = std::fs::rename(&b, p);
                    }
                    None => {
                        let _ = std::fs::remove_file(p);
                    }
                }
            }
            return Err(e.context(format!(
                "cannot write {}; no file was changed",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Move an existing `path` to a backup, then the staged file into place.
fn replace<'a>(
    path: &'a PathBuf,
    tmp: Staged,
    done: &mut Vec<(&'a PathBuf, Option<tempfile::TempPath>)>,
) -> Result<()> {
    let backup = if path.symlink_metadata().is_ok() {
        let b = tempfile::Builder::new()
            .prefix(".papercat-backup-")
            .tempfile_in(parent_of(path))?
            .into_temp_path();
        std::fs::rename(path, &b)
            .with_context(|| format!("cannot move {} aside", path.display()))?;
        Some(b)
    } else {
        None
    };
    if let Err(e) = tmp.persist(path) {
        if let Some(b) = &backup {
            let _ = std::fs::rename(b, path);
        }
        return Err(e.into());
    }
    done.push((path, backup));
    Ok(())
}
