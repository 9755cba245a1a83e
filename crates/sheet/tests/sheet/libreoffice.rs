//! Issue #5: LibreOffice Calc opens every workbook we write without complaint
//! (`libreoffice --headless --convert-to csv`), and the CSV it makes of the `Papers` sheet (the
//! first sheet, which is what it converts) holds the values of our own CSV: `key`, `title`,
//! `year` and `heading` exactly, every other column up to two known differences (see
//! [`as_libreoffice_shows`]).
//!
//! One test function runs every conversion in turn: each is a LibreOffice start (about a second),
//! and a private profile (`-env:UserInstallation`) and `HOME` keep parallel test runs apart.

use std::path::{Path, PathBuf};
use std::process::Command;

use papercat_core::Catalogue;
use papercat_sheet::xlsx::{MAX_CELL_CHARS, TRUNCATED_MARKER};
use papercat_sheet::Column;

use crate::{csv_bytes, csv_records, xlsx_bytes};

/// The CSV export filter with its options spelled out: `,` between fields, `"` around text,
/// UTF-8 (76). With a bare `csv` LibreOffice writes the system's 8-bit code page, which turns
/// CJK text into `?`.
const CSV_FILTER: &str = "csv:Text - txt - csv (StarCalc):44,34,76";

/// What the `libreoffice` launcher (oosplash) says on stderr when no Java runtime is installed
/// (Debian's `--no-install-recommends` install has none). It is about the launcher, not the
/// file: every other stderr line fails the test.
const NO_JAVA: &str = "Warning: failed to launch javaldx - java may not function correctly";

/// The columns that must equal our CSV exactly.
const EXACT: [Column; 4] = [Column::Key, Column::Title, Column::Year, Column::Heading];

/// A LibreOffice with its own profile and home under one temporary folder.
pub(crate) struct Office {
    program: PathBuf,
    dir: tempfile::TempDir,
}

impl Office {
    pub(crate) fn new(program: PathBuf) -> Office {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["profile", "home", "in", "out"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        Office { program, dir }
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    /// Converts `xlsx` (bytes) to CSV. `Ok(csv bytes)` when LibreOffice exits 0, says nothing
    /// on stderr but [`NO_JAVA`], reports the conversion on stdout and writes the file; else
    /// `Err(what it said)`. (LibreOffice exits 0 even when it cannot load the file.)
    fn convert(&self, name: &str, xlsx: &[u8]) -> Result<Vec<u8>, String> {
        self.convert_file(&format!("{name}.xlsx"), xlsx, None, CSV_FILTER)
    }

    /// Converts the file `input` (a name with its extension, and its bytes) with `convert_to`
    /// (`EXT` or `EXT:filter`), reading it with `infilter` when given; the result as
    /// [`Office::convert`] says.
    ///
    /// A conversion that fails is run once more, with what the first said on stderr: under a
    /// heavy load (CI's parallel tests) LibreOffice has been seen to exit before converting
    /// anything. The same file failing twice is a failure.
    pub(crate) fn convert_file(
        &self,
        input: &str,
        bytes: &[u8],
        infilter: Option<&str>,
        convert_to: &str,
    ) -> Result<Vec<u8>, String> {
        self.convert_once(input, bytes, infilter, convert_to)
            .or_else(|first| {
                eprintln!("LibreOffice failed on {input}; trying once more. It said: {first}");
                self.convert_once(input, bytes, infilter, convert_to)
            })
    }

    fn convert_once(
        &self,
        input: &str,
        bytes: &[u8],
        infilter: Option<&str>,
        convert_to: &str,
    ) -> Result<Vec<u8>, String> {
        let stem = Path::new(input).file_stem().unwrap().to_string_lossy();
        let ext = convert_to.split(':').next().unwrap();
        let output = self.path("out").join(format!("{stem}.{ext}"));
        let input = self.path("in").join(input);
        std::fs::write(&input, bytes).unwrap();
        let mut command = Command::new(&self.program);
        command.arg(format!(
            "-env:UserInstallation=file://{}",
            self.path("profile").display()
        ));
        if let Some(infilter) = infilter {
            command.arg(format!("--infilter={infilter}"));
        }
        let out = command
            .args(["--headless", "--convert-to", convert_to, "--outdir"])
            .arg(self.path("out"))
            .arg(&input)
            .env("HOME", self.path("home"))
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.program.display()));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let complaints: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.trim().is_empty() && *l != NO_JAVA)
            .collect();
        let said = format!("exit {}\nstdout: {stdout}\nstderr: {stderr}", out.status);
        if !out.status.success() || !complaints.is_empty() || !stdout.contains("convert ") {
            return Err(said);
        }
        std::fs::read(&output).map_err(|e| format!("{}: {e}\n{said}", output.display()))
    }
}

/// The fixture, each sample, and the shared corpus when it is there.
pub(crate) fn catalogues() -> Vec<(String, Catalogue)> {
    let mut all = vec![("fixture".to_string(), papercat_testkit::fixture())];
    let samples = papercat_testkit::workspace_root().join("samples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&samples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "samples/*.md: {paths:?}");
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        all.push((stem(&path), papercat_core::parse_str(&text)));
    }
    let corpus = papercat_testkit::shared_dir().map(|d| d.join("corpus/000_592348f81878be69.txt"));
    match corpus.filter(|c| c.is_file()) {
        Some(path) => {
            let text = std::fs::read_to_string(&path).unwrap();
            all.push(("corpus".to_string(), papercat_core::parse_str(&text)));
        }
        None => eprintln!("libreoffice: shared corpus not found, checking fixture and samples"),
    }
    all
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// Our CSV of `cat`: every cell as it is (no formula guard), no byte order mark.
fn our_csv(cat: &Catalogue) -> Vec<Vec<String>> {
    let opts = papercat_sheet::csv::Options {
        raw_cells: true,
        bom: false,
        ..Default::default()
    };
    csv_records(&csv_bytes(cat, &opts), b',')
}

/// Our CSV cell as LibreOffice's CSV shows it: a cell longer than Excel's limit was cut in the
/// workbook (with a `cell-truncated` warning; the CSV keeps it whole), and LibreOffice reads a
/// CR LF inside a cell (written as `_x000D_` + LF) as a lone LF.
fn as_libreoffice_shows(ours: &str) -> String {
    let ours = ours.replace("\r\n", "\n");
    if ours.encode_utf16().count() <= MAX_CELL_CHARS {
        return ours;
    }
    let budget = MAX_CELL_CHARS - TRUNCATED_MARKER.encode_utf16().count();
    let mut used = 0;
    let kept: String = ours
        .chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= budget
        })
        .collect();
    kept + TRUNCATED_MARKER
}

#[test]
fn libreoffice_opens_every_workbook_without_complaint() {
    let Some(program) = papercat_testkit::tool(
        "libreoffice",
        "libreoffice_opens_every_workbook_without_complaint",
    ) else {
        return;
    };
    let office = Office::new(program);
    let mut checked = 0;
    for (name, cat) in catalogues() {
        assert!(!cat.papers.is_empty(), "{name}: no papers parsed");
        let (xlsx, _) = xlsx_bytes(&cat, &Default::default());
        eprintln!(
            "libreoffice: converting {name}.xlsx ({} papers)",
            cat.papers.len()
        );
        let theirs = office
            .convert(&name, &xlsx)
            .unwrap_or_else(|said| panic!("{name}.xlsx: LibreOffice complained:\n{said}"));
        let theirs = csv_records(&theirs, b',');
        let ours = our_csv(&cat);
        assert_eq!(theirs[0], ours[0], "{name}: header row");
        assert_eq!(theirs.len(), ours.len(), "{name}: row count");
        for (i, column) in ours[0].iter().enumerate() {
            let exact = EXACT.iter().any(|c| c.name() == column);
            for (row, (t, o)) in theirs.iter().zip(&ours).enumerate().skip(1) {
                if exact {
                    assert_eq!(t[i], o[i], "{name}: row {row}, column {column}");
                } else {
                    let o = as_libreoffice_shows(&o[i]);
                    assert!(
                        t[i] == o,
                        "{name}: row {row}, column {column}:\n{:?}\n{o:?}",
                        t[i]
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} cells compared");

    // The check can fail: a cut-off workbook is reported (LibreOffice still exits 0).
    let (xlsx, _) = xlsx_bytes(&papercat_testkit::fixture(), &Default::default());
    let said = office
        .convert("broken", &xlsx[..xlsx.len() / 2])
        .expect_err("LibreOffice accepted half a workbook");
    assert!(said.contains("could not be loaded"), "{said}");
}
