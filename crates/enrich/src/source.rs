//! Sources: what kind a file is, and reading it, with the reader its kind names, into
//! [`Record`]s.

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::str::FromStr;

use papercat_core::{Code, Diagnostic};
use serde::Serialize;

use crate::reading::{Needs, ReadStats, Sink, MAX_DIAGNOSTICS};
use crate::record::Record;
use crate::{arxiv, atom, bib, csl};

/// The kinds of source enrichment reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum SourceKind {
    /// A BibTeX or BibLaTeX file (a Zotero or Better BibTeX export), read with `biblatex`.
    #[serde(rename = "bib")]
    Bib,
    /// A CSL-JSON file: an array of items (or one item).
    #[serde(rename = "csl-json")]
    CslJson,
    /// The arXiv metadata snapshot: one JSON object per line, streamed.
    #[serde(rename = "arxiv-jsonl")]
    ArxivJsonl,
    /// An arXiv API response: an Atom feed with one `<entry>` per paper.
    #[serde(rename = "arxiv-atom")]
    ArxivAtom,
}

impl SourceKind {
    /// Every kind, in the order of [`SourceKind::name`]'s documentation.
    pub const ALL: &'static [SourceKind] = &[
        SourceKind::Bib,
        SourceKind::CslJson,
        SourceKind::ArxivJsonl,
        SourceKind::ArxivAtom,
    ];

    /// The stable name: `bib`, `csl-json`, `arxiv-jsonl`, `arxiv-atom`.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Bib => "bib",
            SourceKind::CslJson => "csl-json",
            SourceKind::ArxivJsonl => "arxiv-jsonl",
            SourceKind::ArxivAtom => "arxiv-atom",
        }
    }

    /// The kind a file extension says: `.bib`/`.bibtex`/`.biblatex` are bib, `.jsonl`/
    /// `.ndjson` the arXiv snapshot, `.csl`/`.csljson` CSL-JSON. `.json` is ambiguous (the
    /// Kaggle snapshot is named `arxiv-metadata-oai-snapshot.json`) and gives `None`: use
    /// [`SourceKind::sniff`] on its first bytes.
    pub fn from_extension(path: &Path) -> Option<SourceKind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "bib" | "bibtex" | "biblatex" => Some(SourceKind::Bib),
            "jsonl" | "ndjson" => Some(SourceKind::ArxivJsonl),
            "csl" | "csljson" => Some(SourceKind::CslJson),
            "atom" => Some(SourceKind::ArxivAtom),
            _ => None,
        }
    }

    /// The kind the first bytes of a file say: `@` or `%` starts a bib file, `[` a CSL-JSON
    /// array; a `{` starts the arXiv snapshot when the first line is a whole object with an
    /// `id` and `authors_parsed` or `categories`, and a single CSL-JSON item otherwise.
    pub fn sniff(head: &[u8]) -> Option<SourceKind> {
        let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
        let head = &head[start..];
        match head[0] {
            b'@' | b'%' => Some(SourceKind::Bib),
            b'[' => Some(SourceKind::CslJson),
            b'<' => Some(SourceKind::ArxivAtom),
            b'{' => {
                let line = head.split(|b| *b == b'\n').next().unwrap_or(head);
                match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line) {
                    Ok(obj)
                        if obj.contains_key("id")
                            && (obj.contains_key("authors_parsed")
                                || obj.contains_key("categories")) =>
                    {
                        Some(SourceKind::ArxivJsonl)
                    }
                    Ok(_) => Some(SourceKind::CslJson),
                    // A first line that is not a whole object: a pretty-printed CSL item.
                    Err(_) => Some(SourceKind::CslJson),
                }
            }
            _ => None,
        }
    }

    /// The kind of a file: its extension, else its first bytes.
    pub fn detect(path: &Path, head: &[u8]) -> Option<SourceKind> {
        Self::from_extension(path).or_else(|| Self::sniff(head))
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for SourceKind {
    type Err = String;

    /// Parse `bib`, `csl-json` (or `csl`), `arxiv-jsonl` (or `arxiv`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "bib" | "bibtex" | "biblatex" => Ok(SourceKind::Bib),
            "csl-json" | "csl" | "csljson" => Ok(SourceKind::CslJson),
            "arxiv-jsonl" | "arxiv" | "jsonl" => Ok(SourceKind::ArxivJsonl),
            "arxiv-atom" | "atom" => Ok(SourceKind::ArxivAtom),
            _ => Err(format!(
                "unknown source kind `{s}`; expected bib, csl-json, arxiv-jsonl or arxiv-atom"
            )),
        }
    }
}

/// An error that stops a source from being read at all. Problems inside a readable source
/// (a bad entry, a bad line) are diagnostics in [`Source::diagnostics`] instead.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The file could not be opened or read.
    #[error("cannot read {name}")]
    Io {
        /// The source name.
        name: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Neither the extension nor the first bytes say what the file is.
    #[error("cannot tell what kind of source {name} is: expected a .bib file, a CSL-JSON array or the arXiv JSON-lines snapshot")]
    UnknownKind {
        /// The source name.
        name: String,
    },
}

/// A source read into records.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name used in diagnostics and provenance (the path as given).
    pub name: String,
    /// What it is.
    pub kind: SourceKind,
    /// The records kept, in source order.
    pub records: Vec<Record>,
    /// Problems in the source (`enrich-bad-record` warnings at `name:line`), capped at
    /// [`MAX_DIAGNOSTICS`] plus one summary.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub stats: ReadStats,
}

impl Source {
    /// Open and read a file; its kind comes from [`SourceKind::detect`] unless `kind` is given.
    /// The name is the path as given.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be opened or read, [`Error::UnknownKind`] when its
    /// kind cannot be told.
    pub fn open(path: &Path, kind: Option<SourceKind>, needs: &Needs) -> Result<Source, Error> {
        let name = path.display().to_string();
        let io = |source| Error::Io {
            name: name.clone(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        let mut reader = BufReader::with_capacity(1 << 16, file);
        let kind = match kind.or_else(|| SourceKind::from_extension(path)) {
            Some(k) => k,
            None => {
                let head = reader.fill_buf().map_err(io)?;
                SourceKind::sniff(head).ok_or_else(|| Error::UnknownKind { name: name.clone() })?
            }
        };
        Source::from_reader(&name, kind, reader, needs)
    }

    /// Read a source of a known kind from any reader. The arXiv snapshot is streamed line by
    /// line and only the records `needs` wants are kept; bib and CSL-JSON files are read
    /// whole and kept whole (they are small, and the matcher compares their titles fuzzily).
    ///
    /// # Errors
    /// [`Error::Io`] when reading fails.
    pub fn from_reader<R: Read>(
        name: &str,
        kind: SourceKind,
        reader: R,
        needs: &Needs,
    ) -> Result<Source, Error> {
        let io = |source| Error::Io {
            name: name.to_string(),
            source,
        };
        let mut sink = Sink::new(name);
        match kind {
            SourceKind::ArxivJsonl => {
                arxiv::read(BufReader::with_capacity(1 << 16, reader), needs, &mut sink)
                    .map_err(io)?;
            }
            SourceKind::Bib | SourceKind::CslJson | SourceKind::ArxivAtom => {
                let mut bytes = Vec::new();
                let mut reader = reader;
                reader.read_to_end(&mut bytes).map_err(io)?;
                let text = sink.decode(&bytes);
                match kind {
                    SourceKind::Bib => bib::read(&text, &mut sink),
                    SourceKind::CslJson => csl::read(&text, &mut sink),
                    _ => atom::read(&text, needs, &mut sink),
                }
            }
        }
        Ok(Source::read(sink, kind))
    }

    /// The source a reader filled `sink` with: counts completed, and one summary for the bad entries past the cap.
    fn read(mut sink: Sink, kind: SourceKind) -> Source {
        sink.stats.kept = sink.records.len() as u64;
        if sink.stats.bad as usize > MAX_DIAGNOSTICS {
            let more = sink.stats.bad as usize - MAX_DIAGNOSTICS;
            let name = &sink.name;
            sink.diagnostics.push(Diagnostic::new(
                Code::EnrichBadRecord,
                name,
                0,
                0,
                format!("{more} more unreadable entries in {name} were not listed"),
            ));
        }
        Source {
            name: sink.name,
            kind,
            records: sink.records,
            diagnostics: sink.diagnostics,
            stats: sink.stats,
        }
    }

    /// A source made of records read elsewhere (fetched from an online service, or from a
    /// cache of such records), named `name` in reports.
    pub fn from_records(name: &str, kind: SourceKind, records: Vec<Record>) -> Source {
        let n = records.len() as u64;
        Source {
            name: name.to_string(),
            kind,
            records,
            diagnostics: Vec::new(),
            stats: ReadStats {
                entries: n,
                kept: n,
                ..ReadStats::default()
            },
        }
    }

    /// Read a source from text (tests, examples).
    pub fn from_text(name: &str, kind: SourceKind, text: &str, needs: &Needs) -> Source {
        // Reading from a byte slice cannot fail.
        Source::from_reader(name, kind, text.as_bytes(), needs).unwrap_or_else(|_| Source {
            name: name.to_string(),
            kind,
            records: Vec::new(),
            diagnostics: Vec::new(),
            stats: ReadStats::default(),
        })
    }
}

/// A source of `kind` read from `text` with every field wanted: what the readers' unit tests
/// start from.
#[cfg(test)]
pub(crate) fn read_all(name: &str, kind: SourceKind, text: &str) -> Source {
    Source::from_text(name, kind, text, &Needs::everything())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_extension_and_content() {
        assert_eq!(
            SourceKind::from_extension(Path::new("refs.BIB")),
            Some(SourceKind::Bib)
        );
        assert_eq!(
            SourceKind::from_extension(Path::new("a.jsonl")),
            Some(SourceKind::ArxivJsonl)
        );
        assert_eq!(SourceKind::from_extension(Path::new("a.json")), None);
        let sniffed: [(&[u8], Option<SourceKind>); 8] = [
            (b"\xEF\xBB\xBF  @inproceedings{x,", Some(SourceKind::Bib)),
            (b"% comment\n@misc{", Some(SourceKind::Bib)),
            (b"\n[\n  {\"id\": \"x\"}", Some(SourceKind::CslJson)),
            (
                b"{\"id\":\"0704.0001\",\"categories\":\"hep-ph\"}\n{\"id\"",
                Some(SourceKind::ArxivJsonl),
            ),
            (b"{\n  \"id\": \"x\",\n", Some(SourceKind::CslJson)),
            (
                b"{\"id\":\"x\",\"type\":\"book\"}",
                Some(SourceKind::CslJson),
            ),
            (b"PK\x03\x04", None),
            (b"   ", None),
        ];
        for (bytes, kind) in sniffed {
            assert_eq!(SourceKind::sniff(bytes), kind, "{bytes:?}");
        }
        assert_eq!(
            SourceKind::detect(
                Path::new("arxiv-metadata-oai-snapshot.json"),
                b"{\"id\":\"1\",\"authors_parsed\":[]}"
            ),
            Some(SourceKind::ArxivJsonl)
        );
        for k in SourceKind::ALL {
            assert_eq!(k.name().parse::<SourceKind>(), Ok(*k));
        }
        assert!("ris".parse::<SourceKind>().is_err());
    }

    #[test]
    fn open_reports_missing_and_unknown_files() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope.bib");
        let e = Source::open(&missing, None, &Needs::everything()).unwrap_err();
        assert!(matches!(e, Error::Io { .. }));
        assert!(e.to_string().starts_with("cannot read "), "{e}");
        let odd = dir.path().join("refs.txt");
        std::fs::write(&odd, "just text").unwrap();
        let e = Source::open(&odd, None, &Needs::everything()).unwrap_err();
        assert!(matches!(e, Error::UnknownKind { .. }), "{e}");
        let bib = dir.path().join("refs.txt");
        std::fs::write(&bib, "@misc{k, title={A Title}}").unwrap();
        let s = Source::open(&bib, None, &Needs::everything()).unwrap();
        assert_eq!(s.kind, SourceKind::Bib);
        assert_eq!(s.records.len(), 1);
    }

    #[test]
    fn invalid_utf8_is_a_warning_not_an_error() {
        let s = Source::from_reader(
            "x.bib",
            SourceKind::Bib,
            &b"@misc{k,\n title={Caf\xe9 Tables}}"[..],
            &Needs::everything(),
        )
        .unwrap();
        assert_eq!(s.diagnostics[0].code, "invalid-utf8");
        assert_eq!(s.diagnostics[0].line, 2);
        assert_eq!(
            s.records[0].work.title.as_deref(),
            Some("Caf\u{FFFD} Tables")
        );
    }
}
