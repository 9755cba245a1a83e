//! Issue #16: the reader's work in the review spreadsheet survives exporting it again.
//!
//! Each test exports the sample, edits the file as a person would (openpyxl for the workbook,
//! Python's csv module for the CSV: independent of our reader), edits the catalogue (a paper
//! added, one removed, one title changed so that its key changes), exports again and reads the
//! result back with the same independent tools.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use super::{run, s, sample, stderr};

/// The statuses and notes the "reader" puts in, by key.
const MARKS: [(&str, &str, &str); 3] = [
    ("hu2022lora", "read", "great paper"),
    ("liu2023visual", "reading", "check v1.5"),
    ("lester2021power", "skip", "not now"),
];
/// The one note edited afterwards.
const EDITED: (&str, &str) = ("hu2022lora", "great paper, reread section 4");
/// The user's column.
const NOTES: &str = "my notes";

/// The sample in `dir`, and the same catalogue edited: LLaVA's title changed (its key
/// `liu2023visual` becomes `liu2023improved`), Prompt Tuning (`lester2021power`) removed,
/// Mamba added.
fn catalogues(dir: &Path) -> (PathBuf, String) {
    let text = std::fs::read_to_string(sample("llm-reading-notes.md")).expect("sample");
    let removed = "- Prompt Tuning\n  - 论文名称：The Power of Scale for Parameter-Efficient Prompt Tuning\n  - 论文地址：https://aclanthology.org/2021.emnlp-main.243/\n  - 会议：EMNLP'21\n  - 作者：Brian Lester, Rami Al-Rfou, Noah Constant\n  - 实验效果：模型越大，Prompt Tuning 越接近全量微调。\n\n";
    assert!(
        text.contains(removed),
        "the sample changed: update this test"
    );
    let edited = text
        .replace(removed, "")
        .replacen(
            "  - 论文名称：Visual Instruction Tuning\n",
            "  - 论文名称：Improved Visual Instruction Tuning\n",
            1,
        )
        .replacen(
            "- CLIP\n",
            "- Mamba：选择性状态空间\n  - 论文名称：Mamba: Linear-Time Sequence Modeling with Selective State Spaces\n  - 论文地址：https://arxiv.org/abs/2312.00752\n\n- CLIP\n",
            1,
        );
    assert_ne!(edited, text);
    let path = dir.join("notes.md");
    std::fs::write(&path, &text).expect("write catalogue");
    (path, edited)
}

/// Runs `script` with `python` and the arguments; its stdout.
fn python(python: &Path, script: &str, args: &[&str]) -> String {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "python failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

const EDIT_XLSX: &str = r#"
import sys, openpyxl
path, marks, edited, notes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
marks = dict((k, (st, n)) for k, st, n in (m.split("|") for m in marks.split(";")))
wb = openpyxl.load_workbook(path)
ws = wb["Papers"]
header = [c.value for c in ws[1]]
key, status = header.index("key") + 1, header.index("status") + 1
col = len(header) + 1
ws.cell(1, col, notes)
for r in range(2, ws.max_row + 1):
    k = ws.cell(r, key).value
    if k in marks:
        ws.cell(r, status, marks[k][0])
        ws.cell(r, col, marks[k][1])
wb.save(path)
# A later session edits one cell of the user's column.
wb = openpyxl.load_workbook(path)
ws = wb["Papers"]
k, text = edited.split("|")
for r in range(2, ws.max_row + 1):
    if ws.cell(r, key).value == k:
        ws.cell(r, col, text)
wb.save(path)
"#;

const DUMP_XLSX: &str = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames}
for name in ("Papers", "Removed"):
    if name in wb.sheetnames:
        out[name] = [[c.value for c in row] for row in wb[name].iter_rows()]
print(json.dumps(out, default=str))
"#;

const EDIT_CSV: &str = r#"
import csv, sys
path, marks, edited, notes = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
marks = dict((k, (st, n)) for k, st, n in (m.split("|") for m in marks.split(";")))
with open(path, encoding="utf-8-sig", newline="") as f:
    rows = list(csv.reader(f))
header = rows[0]
key, status = header.index("key"), header.index("status")
header.append(notes)
for row in rows[1:]:
    st, n = marks.get(row[key], ("", ""))
    if st:
        row[status] = st
    row.append(n)
k, text = edited.split("|")
for row in rows[1:]:
    if row[key] == k:
        row[-1] = text
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    csv.writer(f, lineterminator="\r\n").writerows(rows)
"#;

const DUMP_CSV: &str = r#"
import csv, json, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    print(json.dumps({"Papers": list(csv.reader(f))}))
"#;

/// The reader's review, made by `script` in `file`: the marks, one edited cell and the notes
/// column; returns the reviewed file's bytes.
fn review(py: &Path, script: &str, file: &Path) -> Vec<u8> {
    python(
        py,
        script,
        &[
            s(file),
            &marks_arg(),
            &format!("{}|{}", EDITED.0, EDITED.1),
            NOTES,
        ],
    );
    std::fs::read(file).expect("reviewed")
}

fn marks_arg() -> String {
    MARKS
        .iter()
        .map(|(k, st, n)| format!("{k}|{st}|{n}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// The rows of a dumped sheet by key, each as header -> cell.
fn by_key(sheet: &Value) -> (Vec<String>, HashMap<String, HashMap<String, Value>>) {
    let rows = sheet.as_array().expect("rows");
    let header: Vec<String> = rows[0]
        .as_array()
        .expect("header")
        .iter()
        .map(|h| h.as_str().unwrap_or_default().to_string())
        .collect();
    let mut out = HashMap::new();
    for row in &rows[1..] {
        let cells: HashMap<String, Value> = header
            .iter()
            .cloned()
            .zip(row.as_array().expect("row").iter().cloned())
            .collect();
        let key = cells["key"].as_str().unwrap_or_default().to_string();
        out.insert(key, cells);
    }
    (header, out)
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or_default()
}

/// The checks both formats share, on the Papers rows after the second export.
fn check_papers(rows: &HashMap<String, HashMap<String, Value>>) {
    assert_eq!(text(&rows["hu2022lora"]["status"]), "read");
    assert_eq!(text(&rows["hu2022lora"][NOTES]), EDITED.1);
    // The title changed, so did the key: matched by arXiv id.
    assert!(!rows.contains_key("liu2023visual"), "old key still there");
    let llava = &rows["liu2023improved"];
    assert_eq!(text(&llava["status"]), "reading");
    assert_eq!(text(&llava[NOTES]), "check v1.5");
    assert_eq!(text(&llava["title"]), "Improved Visual Instruction Tuning");
    // The new paper: empty status, no note. (The CSV writes its id as `arXiv:2312.00752`.)
    let mamba = rows
        .values()
        .find(|r| text(&r["arxiv"]).trim_start_matches("arXiv:") == "2312.00752")
        .expect("the new paper");
    assert_eq!(text(&mamba["status"]), "");
    assert_eq!(text(&mamba[NOTES]), "");
    // Every other paper: nothing carried, nothing invented.
    for (key, row) in rows {
        if !["hu2022lora", "liu2023improved", "lester2021power"].contains(&key.as_str()) {
            assert_eq!(text(&row["status"]), "", "{key}");
            assert_eq!(text(&row[NOTES]), "", "{key}");
        }
    }
}

#[test]
fn xlsx_review_survives_a_changed_catalogue() {
    let test = "xlsx_review_survives_a_changed_catalogue";
    let Some(py) = papercat_testkit::python("openpyxl", test) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let (cat, edited) = catalogues(tmp.path());
    let out = tmp.path().join("review.xlsx");
    let first = run(&["export", s(&cat), "--to", "xlsx", "-o", s(&out)]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let reviewed = review(&py, EDIT_XLSX, &out);
    std::fs::write(&cat, edited).expect("edit catalogue");

    let again = run(&["export", s(&cat), "--to", "xlsx", "-o", s(&out)]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let err = stderr(&again);
    assert!(
        err.contains("carried over 2 statuses, column `my notes` (2 cells)"),
        "{err}"
    );
    assert!(
        err.contains("`liu2023visual` is now `liu2023improved` (matched by arXiv id)"),
        "{err}"
    );
    assert!(err.contains("1 new paper"), "{err}");
    assert!(
        err.contains("on the `Removed` sheet: lester2021power"),
        "{err}"
    );

    let dump: Value = serde_json::from_str(&python(&py, DUMP_XLSX, &[s(&out)])).expect("json");
    assert_eq!(
        dump["sheets"],
        serde_json::json!(["Papers", "Sections", "Removed"])
    );
    let (header, rows) = by_key(&dump["Papers"]);
    // The user's column keeps its header and its place: after `line`, the last column.
    assert_eq!(header.last().map(String::as_str), Some(NOTES));
    assert_eq!(header[1], "status");
    check_papers(&rows);
    // The removed paper, whole, with its marks, on the Removed sheet.
    let (removed_header, removed) = by_key(&dump["Removed"]);
    assert_eq!(removed_header, header);
    assert_eq!(removed.len(), 1);
    let gone = &removed["lester2021power"];
    assert_eq!(text(&gone["status"]), "skip");
    assert_eq!(text(&gone[NOTES]), "not now");
    assert_eq!(
        text(&gone["title"]),
        "The Power of Scale for Parameter-Efficient Prompt Tuning"
    );

    // Deterministic: the same catalogue and the same reviewed file give the same bytes, and
    // exporting over the result changes nothing (a fixed point).
    let result = std::fs::read(&out).expect("result");
    let copy = tmp.path().join("copy.xlsx");
    std::fs::write(&copy, &reviewed).expect("copy");
    run(&["export", s(&cat), "--to", "xlsx", "-o", s(&copy)]);
    assert!(
        std::fs::read(&copy).expect("copy") == result,
        "not deterministic"
    );
    let third = run(&["export", s(&cat), "--to", "xlsx", "-o", s(&out)]);
    assert!(
        std::fs::read(&out).expect("again") == result,
        "a second carry changed the file: {}",
        stderr(&third)
    );

    // --fresh forgets everything.
    let fresh = tmp.path().join("fresh.xlsx");
    std::fs::write(&fresh, &result).expect("copy");
    run(&[
        "export",
        s(&cat),
        "--to",
        "xlsx",
        "-o",
        s(&fresh),
        "--fresh",
    ]);
    let dump: Value = serde_json::from_str(&python(&py, DUMP_XLSX, &[s(&fresh)])).expect("json");
    assert_eq!(dump["sheets"], serde_json::json!(["Papers", "Sections"]));
    let (header, _) = by_key(&dump["Papers"]);
    assert!(!header.iter().any(|h| h == NOTES));

    // stats reads the statuses back, per section.
    let stats = run(&["stats", s(&cat), "--format", "json", "--sheet", s(&out)]);
    assert_eq!(stats.status.code(), Some(0), "{}", stderr(&stats));
    let v: Value = serde_json::from_slice(&stats.stdout).expect("stats json");
    let reading = &v["reading"];
    assert_eq!(reading["total"]["read"], 1);
    assert_eq!(reading["total"]["reading"], 1);
    assert_eq!(
        reading["total"]["unread"],
        v["papers"].as_u64().expect("papers") - 2
    );
    assert_eq!(reading["per_section"]["PEFT 篇"]["read"], 1);
    assert_eq!(reading["per_section"]["多模态篇"]["reading"], 1);
    let stats = run(&["stats", s(&cat), "--sheet", s(&out)]);
    let text = String::from_utf8_lossy(&stats.stdout);
    assert!(text.contains("reading status (from "), "{text}");
    assert!(
        text.contains("PEFT 篇: read 1, reading 0, unread "),
        "{text}"
    );

    libreoffice_opens(&out, test);
}

#[test]
fn csv_review_survives_a_changed_catalogue() {
    let test = "csv_review_survives_a_changed_catalogue";
    let Some(py) = papercat_testkit::python("csv", test) else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let (cat, edited) = catalogues(tmp.path());
    let out = tmp.path().join("review.csv");
    run(&["export", s(&cat), "--to", "csv", "-o", s(&out)]);
    let reviewed = review(&py, EDIT_CSV, &out);
    std::fs::write(&cat, edited).expect("edit catalogue");

    // Without --keep-removed: the removed paper is named in a warning.
    let keep_copy = tmp.path().join("keep.csv");
    std::fs::write(&keep_copy, &reviewed).expect("copy");
    let again = run(&["export", s(&cat), "--to", "csv", "-o", s(&out)]);
    let err = stderr(&again);
    assert!(
        err.contains("carried over 2 statuses, column `my notes` (2 cells)"),
        "{err}"
    );
    assert!(
        err.contains("warning")
            && err.contains("lester2021power (--keep-removed keeps them as rows)"),
        "{err}"
    );
    let dump: Value = serde_json::from_str(&python(&py, DUMP_CSV, &[s(&out)])).expect("json");
    let (header, rows) = by_key(&dump["Papers"]);
    assert_eq!(header.last().map(String::as_str), Some(NOTES));
    check_papers(&rows);
    assert!(!rows.contains_key("lester2021power"));

    // With --keep-removed: it stays, as the last row, with its marks.
    let kept = run(&[
        "export",
        s(&cat),
        "--to",
        "csv",
        "-o",
        s(&keep_copy),
        "--keep-removed",
    ]);
    assert!(
        stderr(&kept).contains("kept as the last rows: lester2021power"),
        "{}",
        stderr(&kept)
    );
    let dump: Value = serde_json::from_str(&python(&py, DUMP_CSV, &[s(&keep_copy)])).expect("json");
    let last = dump["Papers"]
        .as_array()
        .and_then(|r| r.last())
        .expect("rows");
    assert_eq!(last[0], "lester2021power");
    let (_, rows) = by_key(&dump["Papers"]);
    check_papers(&rows);
    assert_eq!(text(&rows["lester2021power"]["status"]), "skip");
    assert_eq!(text(&rows["lester2021power"][NOTES]), "not now");

    // Deterministic, and a fixed point.
    let result = std::fs::read(&out).expect("result");
    let copy = tmp.path().join("copy.csv");
    std::fs::write(&copy, &reviewed).expect("copy");
    run(&["export", s(&cat), "--to", "csv", "-o", s(&copy)]);
    assert!(
        std::fs::read(&copy).expect("copy") == result,
        "not deterministic"
    );
    run(&["export", s(&cat), "--to", "csv", "-o", s(&out)]);
    assert!(
        std::fs::read(&out).expect("again") == result,
        "not a fixed point"
    );
}

#[test]
fn a_file_papercat_did_not_write_is_not_replaced() {
    let tmp = tempfile::tempdir().expect("tmp");
    let f = sample("hostile.md");
    for (name, bytes) in [
        ("mine.csv", &b"name,score\r\nx,1\r\n"[..]),
        ("mine.xlsx", b"PK\x03\x04 not really a workbook"),
        ("noise.xlsx", b"\x00\x01\x02 binary noise"),
    ] {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let to = if name.ends_with("csv") { "csv" } else { "xlsx" };
        let out = run(&["export", f, "--to", to, "-o", s(&path)]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("pass --fresh to replace it"),
            "{}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(&path).expect("kept"),
            bytes,
            "{name} was changed"
        );
        // --all stops before writing anything, too.
        let dir = tmp.path().join(format!("all-{to}"));
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join(format!("hostile.{to}")), bytes).expect("write");
        let out = run(&["export", f, "--all", "--out-dir", s(&dir)]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert_eq!(std::fs::read_dir(&dir).expect("ls").count(), 1);
        // --fresh replaces it.
        let out = run(&["export", f, "--to", to, "-o", s(&path), "--fresh"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
}

#[test]
fn stale_temporary_files_of_a_killed_run_are_removed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    // A process that has ended: its pid is not running.
    let mut child = Command::new("true").spawn().expect("spawn true");
    child.wait().expect("wait");
    let dead = child.id();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let make = |name: &str, age: Option<std::time::SystemTime>| {
        let p = dir.join(name);
        let f = std::fs::File::create(&p).expect("create");
        if let Some(t) = age {
            f.set_modified(t).expect("mtime");
        }
        p
    };
    let stale = make(&format!(".papercat-p{dead}-aB3dE9.tmp"), Some(old));
    let recent = make(&format!(".papercat-p{dead}-xY7zQ1.tmp"), None);
    let alive = make(
        &format!(".papercat-p{}-qQ1aZ2.tmp", std::process::id()),
        Some(old),
    );
    let backup = make(".papercat-backup-Zx81Qa", Some(old));
    let legacy = make(".papercat-Ab12Cd.tmp", Some(old));
    let out = run(&[
        "export",
        sample("hostile.md"),
        "--to",
        "json",
        "-o",
        s(&dir.join("x.json")),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("removed 1 temporary file"),
        "{}",
        stderr(&out)
    );
    assert!(!stale.exists(), "the abandoned file is still there");
    for kept in [recent, alive, backup, legacy] {
        assert!(kept.exists(), "{} was removed", kept.display());
    }
}

/// LibreOffice opens `xlsx` headless without complaint (it says nothing but its Java notice
/// on stderr, and converts the file).
fn libreoffice_opens(xlsx: &Path, test: &str) {
    let Some(program) = papercat_testkit::tool("libreoffice", test) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    for sub in ["profile", "home", "out"] {
        std::fs::create_dir(dir.path().join(sub)).expect("mkdir");
    }
    let out = Command::new(program)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
        ])
        .arg(dir.path().join("out"))
        .arg(xlsx)
        .env("HOME", dir.path().join("home"))
        .output()
        .expect("run libreoffice");
    let said = String::from_utf8_lossy(&out.stderr);
    let complaints: Vec<&str> = said
        .lines()
        .filter(|l| {
            !l.trim().is_empty()
                && *l != "Warning: failed to launch javaldx - java may not function correctly"
        })
        .collect();
    assert!(
        out.status.success() && complaints.is_empty(),
        "LibreOffice: {said}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("convert "));
    let csv = std::fs::read_to_string(dir.path().join("out/review.csv")).expect("converted");
    assert!(csv.contains("great paper, reread section 4"), "{csv}");
}
