//! The on-disk cache: one small JSON file per service and identifier,
//! `DIR/{arxiv,crossref,acl}/ID.json`, holding the record read from the service (or the fact
//! that the service has no such identifier) and the URL it came from.
//!
//! Files are written to a temporary file in the same folder and renamed into place, so an
//! interrupted run leaves each entry whole or absent. An entry that cannot be read (truncated,
//! edited, from another version) counts as absent and is fetched again.

use std::io::Write;
use std::path::{Path, PathBuf};

use papercat_enrich::Record;
use serde::{Deserialize, Serialize};

/// Bumped when the entry format changes: older entries are then fetched again.
/// 2: a record's venue is the model's `Venue` (`raw`, `name`, `year`, `note`), not a string.
const VERSION: u32 = 2;

/// Temporary files left by an interrupted write start with this; they are never read.
const PARTIAL: &str = ".partial-";

/// One cache entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub version: u32,
    /// The URL the record was read from.
    pub url: String,
    /// The record, or `None` when the service answered that it has no such identifier.
    pub record: Option<Record>,
}

impl Entry {
    pub(crate) fn new(url: &str, record: Option<Record>) -> Entry {
        Entry {
            version: VERSION,
            url: url.to_string(),
            record,
        }
    }
}

/// What a cache look-up found.
#[derive(Debug)]
pub(crate) enum Lookup {
    Hit(Box<Entry>),
    Miss,
    /// A file that cannot be read as an entry; it will be replaced.
    Corrupt,
}

/// The cache folder.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// A cache in `dir` (created when the first entry is written).
    pub(crate) fn new(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
        }
    }

    /// The folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, service: &str, id: &str) -> PathBuf {
        self.dir
            .join(service)
            .join(format!("{}.json", file_name(id)))
    }

    pub(crate) fn get(&self, service: &str, id: &str) -> Lookup {
        let bytes = match std::fs::read(self.path(service, id)) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Lookup::Miss,
            Err(_) => return Lookup::Corrupt,
        };
        match serde_json::from_slice::<Entry>(&bytes) {
            Ok(e) if e.version == VERSION => Lookup::Hit(Box::new(e)),
            _ => Lookup::Corrupt,
        }
    }

    /// Write an entry atomically.
    pub(crate) fn put(&self, service: &str, id: &str, entry: &Entry) -> std::io::Result<()> {
        let path = self.path(service, id);
        let dir = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::Builder::new()
            .prefix(PARTIAL)
            .suffix(".tmp")
            .tempfile_in(dir)?;
        let json = serde_json::to_vec_pretty(entry).map_err(std::io::Error::other)?;
        tmp.write_all(&json)?;
        tmp.write_all(b"\n")?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The platform's cache folder for papercat: `PAPERCAT_CACHE_DIR` when set, else
/// `$XDG_CACHE_HOME/papercat` or `~/.cache/papercat` (Linux and other Unix),
/// `~/Library/Caches/papercat` (macOS), `%LOCALAPPDATA%\papercat\cache` (Windows).
pub(crate) fn default_dir() -> Option<PathBuf> {
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = var("PAPERCAT_CACHE_DIR") {
        return Some(d);
    }
    if cfg!(windows) {
        return var("LOCALAPPDATA").map(|d| d.join("papercat").join("cache"));
    }
    if cfg!(target_os = "macos") {
        return var("HOME").map(|h| h.join("Library").join("Caches").join("papercat"));
    }
    var("XDG_CACHE_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| var("HOME").map(|h| h.join(".cache")))
        .map(|d| d.join("papercat"))
}

/// A file name for an identifier: ASCII letters, digits, `.`, `-` and `_` kept, every other
/// byte written `%XX` (so `hep-th/9711200` and DOIs stay distinct and readable); lower-cased,
/// since DOIs are case-insensitive and arXiv and ACL ids are lower-case. Names that would be
/// too long for a file system end with a hash instead.
fn file_name(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.trim().to_ascii_lowercase().bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if out.starts_with('.') {
        out.replace_range(0..1, "%2E");
    }
    if out.len() > 150 {
        // FNV-1a: stable across runs and platforms.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in id.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        let mut cut = 120;
        while !out.is_char_boundary(cut) {
            cut -= 1;
        }
        out.truncate(cut);
        out.push_str(&format!("~{h:016x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use papercat_core::Work;

    #[test]
    fn file_names_are_safe_and_distinct() {
        assert_eq!(file_name("2304.08485"), "2304.08485");
        assert_eq!(file_name("hep-th/9711200"), "hep-th%2F9711200");
        assert_eq!(
            file_name("10.1109/CVPR.2016.90"),
            file_name("10.1109/cvpr.2016.90")
        );
        assert_eq!(file_name(".."), "%2E.");
        let long = "10.1000/".to_string() + &"x".repeat(300);
        assert!(file_name(&long).len() < 160);
        assert_ne!(file_name(&long), file_name(&(long.clone() + "y")));
    }

    #[test]
    fn entries_round_trip_and_corrupt_ones_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::new(dir.path());
        assert!(matches!(c.get("arxiv", "2304.08485"), Lookup::Miss));
        let r = Record {
            work: Work {
                title: Some("Visual Instruction Tuning".into()),
                arxiv: Some("2304.08485".into()),
                year: Some(2023),
                ..Default::default()
            },
            ..Default::default()
        };
        let e = Entry::new("http://x/api?id_list=2304.08485", Some(r));
        c.put("arxiv", "2304.08485", &e).unwrap();
        match c.get("arxiv", "2304.08485") {
            Lookup::Hit(got) => assert_eq!(*got, e),
            other => panic!("{other:?}"),
        }
        std::fs::write(c.path("arxiv", "2304.08485"), b"{\"version\": 1, \"url\": ").unwrap();
        assert!(matches!(c.get("arxiv", "2304.08485"), Lookup::Corrupt));
        let left: Vec<_> = std::fs::read_dir(dir.path().join("arxiv"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file is left: {left:?}");
    }
}
