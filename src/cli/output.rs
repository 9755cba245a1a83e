//! Atomic output: every file is written to a temporary file in its target folder, synced,
//! then renamed over the target, so an existing file is never left half-written.
//! `--all` stages every file first and renames them only when all were written; if a rename
//! fails, the files already replaced are restored from their backups. On Ctrl-C the staged
//! temporary files are removed before exiting.
//!
//! A run killed outright (SIGKILL, power loss) cannot remove its staged files. Their names
//! record the process id (`.papercat-p<PID>-<random>.tmp`), so a later run in the same folder
//! removes those it can prove are abandoned ([`clean_stale`]).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{anyhow, Context, Result};

/// Temporary files not yet renamed into place; removed if the process is interrupted.
static STAGED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// On Ctrl-C (or SIGTERM), remove the staged temporary files and exit with 130, so an
/// interrupted export leaves no partial file (targets are only ever replaced by a rename).
pub(super) fn remove_staged_on_interrupt() {
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

/// Bytes written through a writer, for the "wrote N bytes" messages.
pub(super) struct Counting<W> {
    inner: W,
    /// Bytes written so far.
    pub bytes: u64,
}

impl<W> Counting<W> {
    /// Count what goes into `inner`.
    pub(super) fn new(inner: W) -> Self {
        Counting { inner, bytes: 0 }
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A file written next to its target and not yet renamed over it (see [`stage_with`]).
pub(super) struct Pending {
    target: PathBuf,
    staged: Staged,
    /// Size of the file.
    pub bytes: u64,
}

impl Pending {
    /// The file this one will replace.
    pub(super) fn target(&self) -> &Path {
        &self.target
    }
}

/// What standard output is called in errors.
pub(super) const STDOUT: &str = "standard output";

/// A failed write to `what` (a path or [`STDOUT`]), with its cause said once: the I/O error
/// when there is one (a writer's own "cannot write JSON" layer adds nothing to it), else the
/// writer's error. The I/O error's kind is kept, so a closed pipe is still recognised.
pub(super) fn write_failed(what: impl std::fmt::Display, e: anyhow::Error) -> anyhow::Error {
    let io = e
        .chain()
        .find_map(|c| c.downcast_ref::<std::io::Error>())
        .map(|io| std::io::Error::new(io.kind(), io.to_string()));
    match io {
        Some(io) => anyhow::Error::new(io).context(format!("cannot write {what}")),
        None => e.context(format!("cannot write {what}")),
    }
}

/// Why no temporary file could be made in `dir`, and what to do, said once: the error's own
/// text would repeat the cause and name the temporary file, which the user never sees.
fn cannot_stage_in(folder: &Path, e: &std::io::Error) -> anyhow::Error {
    let dir = folder.display();
    match e.kind() {
        std::io::ErrorKind::NotFound if !folder.exists() => {
            anyhow!("the folder {dir} does not exist: create it first, or write somewhere else")
        }
        std::io::ErrorKind::PermissionDenied => anyhow!(
            "cannot write in {dir}: permission denied; write somewhere else, or make the folder writable"
        ),
        _ => anyhow!(
            "cannot create a temporary file in {dir} (every output is written to one, then renamed): {}",
            std::io::Error::from(e.kind())
        ),
    }
}

/// Write a temporary file in `target`'s folder through `write` (buffered, streamed: the
/// output is never held in memory), then set its permissions and sync it. The target is not
/// touched; [`commit`] or [`commit_all`] renames the file into place, dropping the
/// [`Pending`] deletes it.
pub(super) fn stage_with<T>(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<(Pending, T)> {
    if is_special(target) {
        return write_special(target, write);
    }
    let dir = parent_of(target);
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{STAGED_PREFIX}{}-", std::process::id()))
        .suffix(STAGED_SUFFIX)
        .tempfile_in(&dir)
        .map_err(|e| cannot_stage_in(&dir, &e))?;
    track(tmp.path(), true);
    let staged = Staged(Some(tmp));
    let tmp = staged
        .0
        .as_ref()
        .context("internal error: the temporary file is gone")?;
    let mut out = Counting::new(std::io::BufWriter::with_capacity(1 << 18, tmp.as_file()));
    let value = write(&mut out).map_err(|e| write_failed(target.display(), e))?;
    let bytes = out.bytes;
    out.flush()
        .and_then(|()| permissions_for(target, tmp.as_file()))
        .and_then(|p| tmp.as_file().set_permissions(p))
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {} (disk full?)", target.display()))?;
    drop(out);
    Ok((
        Pending {
            target: target.to_path_buf(),
            staged,
            bytes,
        },
        value,
    ))
}

/// True when `target` exists and is neither a regular file nor a folder (`/dev/null`, a FIFO,
/// `/dev/stdout` on a pipe): renaming a file over it would replace the device or pipe itself,
/// so it is written in place.
pub(super) fn is_special(target: &Path) -> bool {
    std::fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Write straight into a device or pipe (see [`is_special`]); there is nothing to rename.
fn write_special<T>(
    target: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<(Pending, T)> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(target)
        .with_context(|| format!("cannot open {} for writing", target.display()))?;
    let mut out = Counting::new(std::io::BufWriter::with_capacity(1 << 18, file));
    let value = write(&mut out).map_err(|e| write_failed(target.display(), e))?;
    let bytes = out.bytes;
    out.flush()
        .with_context(|| format!("cannot write {}", target.display()))?;
    Ok((
        Pending {
            target: target.to_path_buf(),
            staged: Staged(None),
            bytes,
        },
        value,
    ))
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

/// Staged files are named `.papercat-p<PID>-<random>.tmp`.
const STAGED_PREFIX: &str = ".papercat-p";
const STAGED_SUFFIX: &str = ".tmp";

/// How long a staged file must have been left untouched before [`clean_stale`] may remove it.
/// Staging writes the file continuously and renames it within seconds; ten minutes also covers
/// a folder shared with another machine, whose processes this one cannot see.
pub(super) const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// The process id recorded in a staged file's name, when `name` is exactly such a name.
fn staged_pid(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(STAGED_PREFIX)?
        .strip_suffix(STAGED_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    let ok = !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
        && !random.is_empty()
        && random.bytes().all(|b| b.is_ascii_alphanumeric());
    ok.then(|| pid.parse().ok()).flatten()
}

/// Removes the staged files in `dir` that a killed papercat run left behind, and says so on
/// stderr. A file is removed only when every one of these holds, which together prove it is
/// papercat's own and abandoned:
///
/// - its name is exactly a staged file's (`.papercat-p<PID>-<random>.tmp`); backups
///   (`.papercat-backup-*`, which may hold your previous file) and older names are never touched;
/// - it is a regular file (not a link) owned by the user running papercat;
/// - no process `<PID>` is running on this machine (checked in `/proc`; without `/proc`
///   nothing is removed);
/// - it has not been modified for [`STALE_AFTER`].
///
/// Failures are ignored: cleaning is a courtesy, never a reason to fail an export.
pub(super) fn clean_stale(dir: &Path) -> usize {
    let removed = stale_files(dir)
        .into_iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count();
    if removed > 0 {
        eprintln!(
            "papercat: removed {removed} temporary file{} left in {} by an interrupted run",
            if removed == 1 { "" } else { "s" },
            dir.display()
        );
    }
    removed
}

#[cfg(unix)]
fn stale_files(dir: &Path) -> Vec<PathBuf> {
    use std::os::unix::fs::MetadataExt;
    let proc = Path::new("/proc");
    let Ok(me) = std::fs::metadata(proc.join("self")) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(staged_pid) else {
            continue;
        };
        if pid == std::process::id() || proc.join(pid.to_string()).exists() {
            continue;
        }
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else {
            continue;
        };
        let old = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if meta.file_type().is_file() && meta.uid() == me.uid() && old {
            out.push(entry.path());
        }
    }
    out.sort();
    out
}

#[cfg(not(unix))]
fn stale_files(_dir: &Path) -> Vec<PathBuf> {
    Vec::new()
}

/// The folder of `path` (`.` for a bare file name).
pub(super) fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Write one file atomically.
pub(super) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let (pending, ()) = stage_with(path, |w| Ok(w.write_all(bytes)?))?;
    commit(pending)
}

/// Rename a staged file over its target.
pub(super) fn commit(pending: Pending) -> Result<()> {
    let Pending { target, staged, .. } = pending;
    staged
        .persist(&target)
        .with_context(|| format!("cannot replace {}", target.display()))
}

/// Rename several staged files over their targets: all of them, or none (files replaced
/// before a failing rename are restored from backups).
pub(super) fn commit_all(files: Vec<Pending>) -> Result<()> {
    // Replaced files are moved to backups first, so a failure can put everything back.
    let mut done: Vec<(PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    for Pending { target, staged, .. } in files {
        if let Err(e) = replace(&target, staged, &mut done) {
            for (p, backup) in done.into_iter().rev() {
                match backup {
                    Some(b) => {
                        let _ = std::fs::rename(&b, &p);
                    }
                    None => {
                        let _ = std::fs::remove_file(&p);
                    }
                }
            }
            return Err(e.context(format!(
                "cannot write {}; no file was changed",
                target.display()
            )));
        }
    }
    Ok(())
}

/// Move an existing `path` to a backup, then the staged file into place.
fn replace(
    path: &Path,
    tmp: Staged,
    done: &mut Vec<(PathBuf, Option<tempfile::TempPath>)>,
) -> Result<()> {
    if tmp.0.is_none() {
        // Written in place already (a device or a pipe): nothing to move.
        return Ok(());
    }
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
    done.push((path.to_path_buf(), backup));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staged_names_record_the_pid() {
        assert_eq!(staged_pid(".papercat-p123-aB3xYz.tmp"), Some(123));
        for other in [
            ".papercat-aB3xYz.tmp",
            ".papercat-backup-aB3xYz",
            ".papercat-p-aB3xYz.tmp",
            ".papercat-p12-.tmp",
            ".papercat-p12-a/b.tmp",
            ".papercat-p99999999999-abc.tmp",
            "papercat-p1-abc.tmp",
            ".papercat-p1-abc.tmp.bak",
        ] {
            assert_eq!(staged_pid(other), None, "{other}");
        }
    }

    /// A device is written in place: renaming over it (as root) would replace `/dev/null`
    /// with a regular file.
    #[cfg(unix)]
    #[test]
    fn devices_are_written_in_place() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        let (pending, ()) = stage_with(null, |w| Ok(w.write_all(b"bytes")?)).unwrap();
        assert_eq!(pending.bytes, 5);
        commit_all(vec![pending]).unwrap();
        let (pending, ()) = stage_with(null, |_| Ok(())).unwrap();
        commit(pending).unwrap();
        assert!(std::fs::metadata(null)
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[test]
    fn staging_uses_the_recorded_name() {
        let dir = tempfile::tempdir().unwrap();
        let (pending, ()) = stage_with(&dir.path().join("x.txt"), |_| Ok(())).unwrap();
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 1);
        assert_eq!(staged_pid(&names[0]), Some(std::process::id()));
        // Our own (live) staged file is never stale.
        assert!(stale_files(dir.path()).is_empty());
        drop(pending);
    }
}
