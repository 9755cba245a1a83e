//! Golden files: `tests/golden/fixture.csv`, `tests/golden/fixture.xlsx` (to open in Excel) and
//! its unzipped parts under `tests/golden/fixture.xlsx.parts/` (to review as a diff).
//!
//! `UPDATE_GOLDEN=1 cargo test -p papercat-sheet` rewrites them; otherwise the CSV is compared
//! byte for byte and the workbook part by part (both the fresh output and the stored `.xlsx`
//! against the stored parts, so neither can drift).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::{csv_bytes, xlsx_bytes};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn update() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

#[test]
fn csv_golden() {
    let bytes = csv_bytes(
        &papercat_testkit::fixture(),
        &papercat_sheet::csv::Options::default(),
    );
    let path = golden_dir().join("fixture.csv");
    if update() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, &bytes).unwrap();
    }
    let want = std::fs::read(&path).expect("missing golden file: run with UPDATE_GOLDEN=1");
    assert!(
        want == bytes,
        "{} differs from the output; review and run with UPDATE_GOLDEN=1",
        path.display()
    );
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        parts.insert(f.name().to_string(), data);
    }
    parts
}

fn read_tree(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_tree(root, &path, out);
        } else {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(name, std::fs::read(&path).unwrap());
        }
    }
}

fn compare_parts(what: &str, got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>(),
        "{what}: the parts differ"
    );
    for (name, data) in got {
        assert!(
            data == &want[name],
            "{what}: part {name} differs from tests/golden/fixture.xlsx.parts/{name}; review and run \
             with UPDATE_GOLDEN=1"
        );
    }
}

#[test]
fn xlsx_golden() {
    let (bytes, _) = xlsx_bytes(
        &papercat_testkit::fixture(),
        &papercat_sheet::xlsx::Options::default(),
    );
    let fresh = unzip(&bytes);
    let file = golden_dir().join("fixture.xlsx");
    let parts_dir = golden_dir().join("fixture.xlsx.parts");
    if update() {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&file, &bytes).unwrap();
        if parts_dir.exists() {
            std::fs::remove_dir_all(&parts_dir).unwrap();
        }
        for (name, data) in &fresh {
            let path = parts_dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, data).unwrap();
        }
    }
    let mut want = BTreeMap::new();
    assert!(
        parts_dir.is_dir(),
        "missing golden parts: run with UPDATE_GOLDEN=1"
    );
    read_tree(&parts_dir, &parts_dir, &mut want);
    compare_parts("fresh output", &fresh, &want);
    let stored = std::fs::read(&file).expect("missing golden file: run with UPDATE_GOLDEN=1");
    compare_parts("tests/golden/fixture.xlsx", &unzip(&stored), &want);
}
