//! openpyxl (the Python reader behind pandas' Excel support) opens the fixture workbook and
//! checks freeze panes, tables, data validation, conditional formats, links and properties.

use std::process::Command;

use papercat_sheet::xlsx::Options;

use crate::xlsx_bytes;

#[test]
fn openpyxl_sees_what_excel_shows() {
    let Some(python) = papercat_testkit::python("openpyxl", "openpyxl_sees_what_excel_shows")
    else {
        return;
    };
    let (bytes, _) = xlsx_bytes(&papercat_testkit::fixture(), &Options::default());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("fixture.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/check_xlsx.py");
    eprintln!(
        "running openpyxl ({}) on {}",
        python.display(),
        file.display()
    );
    let out = Command::new(&python)
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "check_xlsx.py failed:\n{stdout}\n{stderr}"
    );
    assert_eq!(stdout.trim(), "ok", "{stderr}");
}
