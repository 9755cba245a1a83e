//! CLI integration tests: run the `papercat` binary as a user would.

mod carry;
mod errors;
mod fetch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_papercat"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> &'static str {
    let p = root().join("samples").join(name);
    Box::leak(p.to_string_lossy().into_owned().into_boxed_str())
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run papercat")
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn papers(v: &serde_json::Value) -> &Vec<serde_json::Value> {
    v["papers"].as_array().expect("papers array")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn parse_sample_follows_the_json_contract() {
    let out = run(&["parse", sample("llm-reading-notes.md")]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the sample has one deliberate error"
    );
    let v = json(&out);
    let ps = papers(&v);
    assert_eq!(ps.len(), 37);
    for p in ps {
        for k in [
            "key",
            "title",
            "heading",
            "sections",
            "line",
            "arxiv",
            "doi",
            "acl",
            "url",
            "links",
            "code",
            "venue",
            "year",
            "authors",
            "et_al",
            "institutions",
            "topics",
            "fields",
        ] {
            assert!(p.get(k).is_some(), "paper lacks {k}: {p}");
        }
        assert_ne!(
            p["venue"],
            serde_json::json!(""),
            "venue is never an empty string"
        );
    }
    let lora = ps
        .iter()
        .find(|p| p["arxiv"] == "2106.09685")
        .expect("LoRA");
    assert_eq!(lora["key"], "hu2022lora");
    assert_eq!(lora["venue"], "ICLR 2022");
    assert_eq!(lora["year"], 2022);
    assert_eq!(lora["code"][0], "https://github.com/microsoft/LoRA");
    assert_eq!(lora["authors"][0]["given"], "Edward J.");
    assert_eq!(lora["fields"][0]["label"], "论文名称");
    assert_eq!(lora["fields"][0]["kind"], "title");
    let cot = ps.iter().find(|p| p["arxiv"] == "2201.11903").expect("CoT");
    assert_eq!(
        cot["sections"].as_array().map(Vec::len),
        Some(1),
        "merged within one section"
    );
    assert_eq!(cot["occurrences"].as_array().map(Vec::len), Some(2));
    let bert = ps
        .iter()
        .find(|p| p["arxiv"] == "1810.04805")
        .expect("BERT");
    assert_eq!(bert["authors"][3]["family"], "Toutanova");
    assert_eq!(bert["url"], "https://arxiv.org/abs/1810.04805");
    let rope = ps
        .iter()
        .find(|p| p["arxiv"] == "2104.09864")
        .expect("RoPE");
    assert_eq!(rope["authors"][0]["literal"], "苏剑林");
    assert_eq!(rope["et_al"], true);
    assert_eq!(rope["arxiv_version"], 5);
    let maldacena = ps
        .iter()
        .find(|p| p["arxiv"] == "hep-th/9711200")
        .expect("old-style id");
    assert_eq!(maldacena["year"], 1997);
    let d = v["diagnostics"].as_array().expect("diagnostics");
    let bad = d
        .iter()
        .find(|d| d["code"] == "bad-arxiv-id")
        .expect("bad-arxiv-id");
    assert_eq!(bad["severity"], "error");
    assert!(bad["line"].as_u64().unwrap_or(0) > 0 && bad["column"].as_u64().unwrap_or(0) > 0);
    assert!(bad["file"]
        .as_str()
        .is_some_and(|f| f.ends_with("llm-reading-notes.md")));
    assert!(stderr(&out).contains("error[bad-arxiv-id]"));
}

#[test]
fn hostile_markdown_yields_exactly_its_papers() {
    let out = run(&["parse", sample("hostile.md")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    let ids: Vec<&str> = papers(&v)
        .iter()
        .filter_map(|p| p["arxiv"].as_str())
        .collect();
    assert_eq!(
        ids,
        vec!["1706.03762", "2201.11903", "2106.09685", "2305.18290"]
    );
    assert_eq!(papers(&v).len(), 4);
    let sections: Vec<&str> = v["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .filter_map(|s| s["title"].as_str())
        .collect();
    assert_eq!(
        sections,
        vec![
            "Table of contents",
            "Code",
            "Attention",
            "Plain lists and questions"
        ]
    );
}

#[test]
fn check_reports_like_a_compiler_and_sets_exit_codes() {
    let out = run(&["check", sample("llm-reading-notes.md")]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("llm-reading-notes.md:294:1: error[bad-arxiv-id]"),
        "{text}"
    );
    assert!(text.contains("warning[shared-identifier]"));
    assert!(text.contains("= hint:"));
    let out = run(&["check", sample("hostile.md")]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&["check", "--deny-warnings", sample("hostile.md")]);
    assert_eq!(out.status.code(), Some(0), "notes never fail");
    let tmp = tempfile::tempdir().expect("tmp");
    let warn = tmp.path().join("w.md");
    std::fs::write(
        &warn,
        "- T\n  - 论文名称：Some Paper Title\n  - 论文地址：hhttps://arxiv.org/abs/2106.09685\n",
    )
    .expect("write");
    assert_eq!(run(&["check", s(&warn)]).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--deny-warnings", s(&warn)]).status.code(),
        Some(1)
    );
    let out = run(&["check", "--format", "json", s(&warn)]);
    let v = json(&out);
    assert_eq!(v[0]["code"], "repaired-url");
    assert_eq!(v[0]["line"], 3);
}

/// The README's first command, on a fresh clone: it writes every format and exits 0, though
/// the sample holds a deliberate error that it reports (and that `check` fails on).
#[test]
fn readme_first_command_succeeds_and_check_fails_on_the_same_sample() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("out");
    let f = sample("llm-reading-notes.md");
    let out = run(&["export", f, "--all", "--out-dir", s(&dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("error[bad-arxiv-id]"),
        "the error is still reported: {}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_dir(&dir).expect("ls").count(), 10);
    // The export policy: --strict (or --deny-warnings) fails on input errors, after writing.
    let strict = tmp.path().join("strict.bib");
    let out = run(&["export", f, "--to", "bibtex", "--strict", "-o", s(&strict)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(strict.is_file());
    let out = run(&["export", f, "--to", "bibtex", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // A clean catalogue passes --strict.
    let out = run(&["export", sample("hostile.md"), "--to", "bibtex", "--strict"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // `check` is the linter: the same sample fails it.
    assert_eq!(run(&["check", f]).status.code(), Some(1));
}

/// Binary formats go to a pipe (the tests' stdout is one) and to `-o -`; the terminal case
/// is tested on the decision function in `src/cli/mod.rs`.
#[test]
fn binary_formats_go_to_a_pipe() {
    let f = sample("hostile.md");
    for to in ["xlsx", "apkg"] {
        for args in [
            &["export", f, "--to", to][..],
            &["export", f, "--to", to, "-o", "-"],
        ] {
            let out = run(args);
            assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
            assert!(
                out.stdout.starts_with(b"PK"),
                "{args:?}: zip bytes on stdout"
            );
        }
    }
}

/// A full disk on standard output (Linux's `/dev/full`) is an error of every command that
/// writes there, named once, with exit code 2; `-o /dev/full` names the file.
#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_names_standard_output_or_the_file_once() {
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let hostile = sample("hostile.md");
    let bib = root().join("crates/enrich/tests/fixtures/refs.bib");
    let commands: [&[&str]; 8] = [
        &["parse", hostile],
        &["check", hostile],
        &["check", "--format", "json", hostile],
        &["stats", hostile],
        &["stats", "--format", "json", hostile],
        &["export", hostile, "--to", "json"],
        &["export", hostile, "--to", "bibtex"],
        &["enrich", hostile, "--with", s(&bib)],
    ];
    let no_space = "No space left on device (os error 28)";
    for args in commands {
        let out = bin()
            .args(args)
            .stdout(full())
            .output()
            .expect("run papercat");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert_eq!(
            err.lines().last(),
            Some(format!("papercat: error: cannot write standard output: {no_space}").as_str()),
            "{args:?}: {err}"
        );
    }
    let out = run(&["export", hostile, "--to", "csv", "-o", "/dev/full"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().last(),
        Some(format!("papercat: error: cannot write /dev/full: {no_space}").as_str()),
        "{}",
        stderr(&out)
    );
}

/// A device that never ends, given as the catalogue or as the spreadsheet to read statuses
/// from, stops at the input limit with an error instead of filling the memory.
#[cfg(target_os = "linux")]
#[test]
fn an_endless_input_stops_with_an_error() {
    for args in [
        &["parse", "/dev/zero"][..],
        &["stats", sample("hostile.md"), "--sheet", "/dev/zero"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(
            err.contains("/dev/zero is larger than 1 GiB, more than papercat reads from one file"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn usage_and_io_errors_exit_2_and_name_the_path() {
    let out = run(&["parse", "/no/such/file.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/file.md"),
        "{}",
        stderr(&out)
    );
    let out = run(&["parse", s(&root().join("samples"))]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a folder"));
    assert_eq!(
        run(&["export", sample("hostile.md")]).status.code(),
        Some(2),
        "--to or --all required"
    );
    assert_eq!(run(&["frobnicate"]).status.code(), Some(2));
    let out = run(&[
        "export",
        sample("hostile.md"),
        "--to",
        "json",
        "-o",
        "/no/such/dir/x.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    // The cause said once, with what to do, and no temporary file's name.
    assert_eq!(
        stderr(&out).lines().last(),
        Some("papercat: error: the folder /no/such/dir does not exist: create it first, or write somewhere else"),
        "{}",
        stderr(&out)
    );
    // A folder given where the spreadsheet goes.
    let dir = tempfile::tempdir().unwrap();
    let out = run(&[
        "export",
        sample("hostile.md"),
        "--to",
        "xlsx",
        "-o",
        s(dir.path()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.contains("is a folder; give the file to write"),
        "{err}"
    );
    assert!(!last.contains("directory"), "the cause said twice: {err}");
    assert_eq!(run(&["--help"]).status.code(), Some(0));
}

#[test]
fn hostile_bytes_never_crash() {
    // Invalid UTF-8: decoded lossily with a warning naming the byte offset.
    let out = run_stdin(&["parse", "-"], b"- T\n  - \xff\xfe \xe4\xbd\n  - \xe8\xae\xba\xe6\x96\x87\xe5\x90\x8d\xe7\xa7\xb0\xef\xbc\x9aX Y Z\n");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("invalid UTF-8 at byte offset 8"),
        "{}",
        stderr(&out)
    );
    // 10,000-level nested list, binary noise, an empty file, a huge line.
    // 10,000 nested lists on one line (`- - - …`), and 1,000 levels by indentation.
    let mut deep = "- ".repeat(10_000);
    deep.push_str("论文名称：x\n");
    let mut indented = String::new();
    for i in 0..1_000 {
        indented.push_str(&" ".repeat(i * 2));
        indented.push_str("- 论文名称：x\n");
    }
    let noise: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let huge = format!("- T\n  - 论文名称：{}\n", "a".repeat(5_000_000));
    for input in [
        deep.into_bytes(),
        indented.into_bytes(),
        noise,
        Vec::new(),
        huge.into_bytes(),
        b"\0\0\0- \0".to_vec(),
    ] {
        let out = run_stdin(&["parse", "-"], &input);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "exit {:?}: {}",
            out.status.code(),
            stderr(&out)
        );
        json(&out);
    }
}

#[test]
fn filters_select_papers() {
    let f = sample("llm-reading-notes.md");
    let count = |extra: &[&str]| {
        let mut args = vec!["parse", f];
        args.extend_from_slice(extra);
        papers(&json(&run(&args))).len()
    };
    assert_eq!(count(&["--section", "peft"]), 6);
    assert_eq!(count(&["--year", "2017..2019"]), 3);
    assert_eq!(count(&["--has", "doi"]), 2);
    assert_eq!(count(&["--has", "code", "--section", "RAG"]), 2);
    let out = run(&["parse", f, "--year", "2024..2020"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("invalid year range"));
}

#[test]
fn stats_counts_sections_years_and_identifiers() {
    let out = run(&["stats", sample("llm-reading-notes.md"), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["papers"], 37);
    assert_eq!(v["listings"], 38);
    assert_eq!(v["with_doi"], 2);
    assert_eq!(v["per_section"]["PEFT 篇"], 6);
    assert_eq!(v["per_year"]["2023"], 14);
    let out = run(&["stats", sample("llm-reading-notes.md")]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("papers: 37 (38 listings)"));
}

#[test]
fn export_json_is_atomic_and_matches_parse() {
    let tmp = tempfile::tempdir().expect("tmp");
    let target = tmp.path().join("out.json");
    let f = sample("hostile.md");
    let out = run(&["export", f, "--to", "json", "-o", s(&target)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let written = std::fs::read(&target).expect("written");
    assert_eq!(
        written,
        run(&["parse", f]).stdout,
        "export --to json prints what parse prints"
    );
    // Same input, same bytes.
    let again = run(&["export", f, "--to", "json"]).stdout;
    assert_eq!(written, again);
    // No temporary files left behind.
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["out.json"]);
}

#[test]
fn failed_export_all_leaves_the_folder_as_it_was() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let f = sample("hostile.md");
    // First a good run writes every file.
    let out = run(&["export", f, "--all", "--out-dir", s(dir)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut before: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| {
            let e = e.expect("entry");
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    before.sort();
    assert!(before.iter().any(|(n, _)| n == "hostile.json"));
    // Make the last target impossible to replace: a non-empty folder in its place.
    let names: Vec<String> = before.iter().map(|(n, _)| n.clone()).collect();
    let last = names
        .iter()
        .max_by_key(|n| n.len())
        .expect("a file")
        .clone();
    std::fs::remove_file(dir.join(&last)).expect("rm");
    std::fs::create_dir(dir.join(&last)).expect("mkdir");
    std::fs::write(dir.join(&last).join("keep"), b"x").expect("write");
    // Change the input so a successful run would change the files.
    let changed = dir.join("input");
    std::fs::create_dir(&changed).expect("mkdir");
    let input = changed.join("hostile.md");
    std::fs::write(&input, "- X\n  - 论文名称：Another Paper Entirely\n  - 论文地址：https://arxiv.org/abs/2305.18290\n").expect("write");
    let out = run(&["export", s(&input), "--all", "--out-dir", s(dir)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no file was changed"),
        "{}",
        stderr(&out)
    );
    for (name, bytes) in &before {
        if *name != last {
            assert_eq!(
                &std::fs::read(dir.join(name)).expect("still there"),
                bytes,
                "{name} changed"
            );
        }
    }
    let leftovers: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".papercat"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn closed_stdout_pipe_is_success() {
    let mut child = bin()
        .args(["parse", sample("llm-reading-notes.md")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let status = child.wait().expect("wait");
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "not a crash: {status:?}"
    );
}

#[test]
fn interrupted_export_leaves_no_partial_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let input = dir.join("big.md");
    let mut text = String::from("# Big\n\n## 篇\n\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "- 论文 {i}\n  - 论文名称：Paper Number {i} About Things\n  - 论文地址：https://arxiv.org/abs/2301.{:05}\n  - 论文方法：**方法** {i}\n    - 细节一\n    - 细节二\n\n",
            i + 1
        ));
    }
    std::fs::write(&input, text).expect("write input");
    let out_dir = dir.join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let old = b"{\"old\": true}\n".to_vec();
    std::fs::write(out_dir.join("big.json"), &old).expect("old file");
    let child = bin()
        .args(["export", s(&input), "--all", "--out-dir", s(&out_dir)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(std::time::Duration::from_millis(400));
    let _ = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let out = child.wait_with_output().expect("wait");
    assert!(
        matches!(out.status.code(), Some(0 | 130)),
        "exit {:?}",
        out.status
    );
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".papercat")),
        "partial files left: {names:?}"
    );
    let json_now = std::fs::read(out_dir.join("big.json")).expect("big.json still there");
    if out.status.code() == Some(130) {
        eprintln!("interrupted export: exit 130, files: {names:?}");
        assert_eq!(
            json_now, old,
            "an interrupted export must not change existing files"
        );
    } else {
        serde_json::from_slice::<serde_json::Value>(&json_now).expect("complete JSON");
    }
}

#[test]
fn enrich_fills_gaps_with_provenance() {
    let fixtures = root().join("crates/enrich/tests/fixtures");
    let snapshot = fixtures.join("arxiv-snapshot.jsonl");
    let bib = fixtures.join("refs.bib");
    let tmp = tempfile::tempdir().expect("tmp");
    let target = tmp.path().join("enriched.json");
    let out = run(&[
        "enrich",
        sample("llm-reading-notes.md"),
        "--with",
        s(&snapshot),
        "--with",
        s(&bib),
        "-o",
        s(&target),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "the sample's bad arXiv id is still an error"
    );
    assert!(
        stderr(&out).contains("enrichment of 37 papers from 2 sources"),
        "{}",
        stderr(&out)
    );
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&target).expect("written")).expect("json");
    let llava = papers(&v)
        .iter()
        .find(|p| p["arxiv"] == "2304.08485")
        .expect("LLaVA");
    assert_eq!(llava["key"], "liu2023visual", "keys never change");
    assert_eq!(llava["arxiv_category"], "cs.CV");
    let prov = llava["provenance"].as_array().expect("provenance");
    assert!(prov
        .iter()
        .any(|p| p["field"] == "arxiv_category" && p["matched_by"] == "arxiv"));
    // parse shows the same provenance.
    let out = run(&[
        "parse",
        sample("llm-reading-notes.md"),
        "--with",
        s(&snapshot),
    ]);
    let v = json(&out);
    let llava = papers(&v)
        .iter()
        .find(|p| p["arxiv"] == "2304.08485")
        .expect("LLaVA");
    assert_eq!(llava["provenance"][0]["source"], s(&snapshot));
    // The same sources through export: the bibliography gets the category.
    let out = run(&[
        "export",
        sample("llm-reading-notes.md"),
        "--to",
        "bibtex",
        "--enrich",
        s(&snapshot),
    ]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("primaryClass  = {cs.CV}"));
    // A missing source is an I/O error naming it.
    let out = run(&[
        "enrich",
        sample("hostile.md"),
        "--with",
        "/no/such/refs.bib",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("/no/such/refs.bib"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        run(&["enrich", sample("hostile.md")]).status.code(),
        Some(2),
        "a source is required"
    );
}

#[test]
fn check_reports_missing_years_placeholders_and_source_conflicts() {
    let out = run(&["check", "--notes", sample("llm-reading-notes.md")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("llm-reading-notes.md:297:1: warning[no-year]"),
        "{text}"
    );
    let out = run(&["check", "--notes", sample("mixed-shapes.md")]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("mixed-shapes.md:113:1: note[placeholder-link]"),
        "{text}"
    );
    // A source whose record disagrees with the catalogue: check names the source.
    let tmp = tempfile::tempdir().expect("tmp");
    let cat = tmp.path().join("c.md");
    std::fs::write(&cat, "- LoRA\n  - 论文名称：LoRA: Low-Rank Adaptation of Large Language Models\n  - 论文地址：https://arxiv.org/abs/2106.09685\n  - 会议：ICLR 2021\n").expect("write");
    let src = tmp.path().join("arxiv.jsonl");
    std::fs::write(&src, "{\"id\":\"2106.09685\",\"title\":\"LoRA: Low-Rank Adaptation of Large Language Models\",\"authors\":\"Edward J. Hu, Yelong Shen\",\"authors_parsed\":[[\"Hu\",\"Edward J.\",\"\"],[\"Shen\",\"Yelong\",\"\"]],\"categories\":\"cs.CL cs.AI cs.LG\",\"journal-ref\":\"ICLR 2022\"}\n").expect("write");
    let out = run(&["check", s(&cat), "--with", s(&src)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("enrich-conflict") && text.contains("arxiv.jsonl"),
        "{text}"
    );
}

#[test]
fn check_explain_says_why_each_block_is_or_is_not_a_paper() {
    let doc = "# Reading list\n\n## Tools\n\n- [vLLM](https://github.com/vllm-project/vllm) - serving\n\n\
               ## Papers\n\n- [Attention Is All You Need](https://arxiv.org/abs/1706.03762)\n";
    let out = run_stdin(&["check", "--explain", "-"], doc.as_bytes());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("-:5:1: note[explain]: list item `vLLM - serving`: not a paper: no title field and no paper or PDF link; its links: code https://github.com/vllm-project/vllm"),
        "{text}"
    );
    assert!(
        text.contains("-:9:1: note[explain]: list item `Attention Is All You Need`: a paper: title `Attention Is All You Need` and paper link https://arxiv.org/abs/1706.03762"),
        "{text}"
    );
    assert!(
        text.contains("-:3:1: note[explain]: `Tools` is a section"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_explain_says_why_a_table_row_or_a_table_is_not_a_paper() {
    let doc = "# Models\n\n\
               | Title | Link |\n|---|---|\n\
               | Introducing Some Model | [blog](https://example.com/blog/model) |\n\
               | Attention Is All You Need | [pdf](https://arxiv.org/pdf/1706.03762) |\n\n\
               | Step | Command |\n|---|---|\n| build | cargo build |\n";
    let out = run_stdin(&["check", "--explain", "-"], doc.as_bytes());
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "-:5:1: note[explain]: table row `Introducing Some Model`: not a paper: no paper or PDF link in the row",
        "-:6:1: note[explain]: table row `Attention Is All You Need`: a paper",
        "-:8:1: note[explain]: table: not a paper list: no column is named for titles",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    assert!(text.contains("1 papers;"), "{text}");
}
