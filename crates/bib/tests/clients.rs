//! Real clients read the fixture's files: bibtex (several standard styles), biber's
//! data-model validation, pandoc (bibtex, biblatex and CSL-JSON readers, and citeproc),
//! bibtexparser and jsonschema. Each test says SKIPPED when its program is missing locally;
//! under PAPERCAT_REQUIRE_TOOLS=1 (CI) a missing program fails it.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{biber_complaints, bibtex_with_style, run, text};

use papercat_core::{Author, Catalogue, Paper, Venue, Work};
use papercat_testkit::{python, tool};

const KEYS: [&str; 5] = [
    "liu2023visual",
    "sun2023chatgpt",
    "wang2021neural",
    "initial_exploration",
    "hostile_2024",
];

/// The fixture plus papers that exercise the fallbacks: a conference paper with no authors
/// (written as @misc), an ACL paper with no venue field, a paper with nothing but a heading.
fn extended() -> Catalogue {
    let mut cat = papercat_testkit::fixture();
    cat.papers.push(Paper {
        key: "anon2023cikm".into(),
        heading: "没有作者的会议论文".into(),
        work: Work {
            title: Some("A CIKM Paper Without Authors".into()),
            venue: Some(Venue {
                raw: "CIKM 2023".into(),
                name: Some("CIKM".into()),
                year: Some(2023),
                note: None,
            }),
            year: Some(2023),
            ..Default::default()
        },
        ..Default::default()
    });
    cat.papers.push(Paper {
        key: "findings2023".into(),
        heading: "Findings paper".into(),
        work: Work {
            title: Some("Findings Paper".into()),
            acl: Some("2023.findings-acl.61".into()),
            authors: vec![Author::Person {
                given: "Ada".into(),
                family: "Lovelace".into(),
            }],
            month: Some(7),
            year: Some(2023),
            ..Default::default()
        },
        ..Default::default()
    });
    cat.papers.push(Paper {
        key: "bare".into(),
        heading: "只有标题".into(),
        ..Default::default()
    });
    cat
}

#[test]
fn bibtex_standard_styles_accept_the_file_without_warnings() {
    let Some(bibtex) = tool(
        "bibtex",
        "bibtex_standard_styles_accept_the_file_without_warnings",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (bib, _) = common::bibtex(&extended());
    let bbl = bibtex_with_style("plain", &bib, dir.path(), &bibtex);
    for key in KEYS.iter().chain(&["anon2023cikm", "findings2023", "bare"]) {
        assert!(
            bbl.contains(&format!("\\bibitem{{{key}}}")),
            "{key} missing:\n{bbl}"
        );
    }
    let flat = bbl.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Haotian Liu, Chunyuan Li, Qingyang Wu, et~al. \\newblock Visual instruction tuning. \\newblock arXiv preprint arXiv:2304.08485, April 2023.",
        "\\newblock Code: \\url{https://github.com/haotian-liu/LLaVA}.",
        "Weiwei Sun and {任昭春}. \\newblock Is {ChatGPT} good at search? {Investigating} large language models as re-ranking agents. \\newblock In {\\em Proceedings of {EMNLP} 2023}, 2023.",
        "{QLoRA}: 100\\% efficient finetuning of \\{Quantized\\} {LLMs} with {GPT-4V} \\& {BERT\\_base} \\#1 \\textasciitilde{} \\$x\\textasciicircum{}2\\$ \\textbackslash{}relax.",
        "\\bibitem{anon2023cikm} A {CIKM} paper without authors. \\newblock Proceedings of {CIKM} 2023, 2023.",
        "Ada Lovelace. \\newblock Findings paper. \\newblock In {\\em Findings of {ACL} 2023}, 2023.",
        "\\newblock In {\\em Proceedings of {NeurIPS} 2023}, 2023. \\newblock arXiv:2305.14314. Code: \\url{https://github.com/artidoro/qlora/tree/main/examples}.",
    ] {
        assert!(flat.contains(expected), "plain.bbl lacks {expected:?}:\n{flat}");
    }
    for style in ["unsrt", "abbrv", "alpha"] {
        bibtex_with_style(style, &bib, dir.path(), &bibtex);
    }
}

#[test]
fn biber_validates_both_files_against_the_biblatex_data_model() {
    let Some(biber) = tool(
        "biber",
        "biber_validates_both_files_against_the_biblatex_data_model",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cat = extended();
    let (biblatex, diags) = common::biblatex(&cat);
    // The only complaint allowed is the one the writer announced: an entry with no date.
    let expected = common::expected_biber_warnings(&diags);
    assert_eq!(
        expected.len(),
        2,
        "initial_exploration and bare have no date"
    );
    for (name, bib) in [("biblatex", biblatex), ("bibtex", common::bibtex(&cat).0)] {
        let (complaints, out) = biber_complaints(&biber, &bib, dir.path());
        let complaints: BTreeSet<String> = complaints.into_iter().collect();
        assert_eq!(complaints, expected, "{name}: biber complained");
        assert!(
            out.contains("EPRINTTYPE = {arxiv}") || out.contains("EPRINTTYPE = {arXiv}"),
            "{name}:\n{out}"
        );
        assert!(
            out.contains("ANNOTATION = {LLaVA：经典的多模态大模型"),
            "{name}:\n{out}"
        );
        assert!(
            out.contains("@INPROCEEDINGS{sun2023chatgpt,"),
            "{name}:\n{out}"
        );
    }
}

#[test]
fn pandoc_reads_the_bib_files_like_the_model() {
    let Some(pandoc) = tool("pandoc", "pandoc_reads_the_bib_files_like_the_model") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cat = papercat_testkit::fixture();
    for (from, bib) in [
        ("bibtex", common::bibtex(&cat).0),
        ("biblatex", common::biblatex(&cat).0),
    ] {
        let path = dir.path().join(format!("{from}.bib"));
        std::fs::write(&path, bib).unwrap();
        let out = run(Command::new(&pandoc)
            .arg(&path)
            .args(["-f", from, "-t", "csljson"]));
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{from}: {}",
            text(&out.stderr)
        );
        let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let items = items.as_array().unwrap();
        let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids, KEYS, "{from}");
        let hostile = &items[4];
        // pandoc makes English titles sentence case, keeping the protected words.
        assert_eq!(
            hostile["title"],
            "QLoRA: 100% efficient finetuning of {quantized} LLMs with GPT-4V & BERT_base #1 ~ $x^2$ \\relax",
            "{from}"
        );
        assert_eq!(
            hostile["author"],
            serde_json::json!([{"family": "Dettmers", "given": "Tim"}, {"family": "Pagnoni"}, {"literal": "Google DeepMind"}]),
            "{from}"
        );
        assert_eq!(
            hostile["container-title"], "Proceedings of NeurIPS 2023",
            "{from}"
        );
        assert_eq!(items[1]["author"][1]["literal"], "任昭春", "{from}");
        assert_eq!(
            items[0]["issued"],
            serde_json::json!({"date-parts": [[2023, 4]]}),
            "{from}"
        );
        assert_eq!(items[2]["DOI"], "10.1145/3486622.3493957", "{from}");
    }
}

#[test]
fn pandoc_citeproc_formats_every_file_without_warnings() {
    let Some(pandoc) = tool(
        "pandoc",
        "pandoc_citeproc_formats_every_file_without_warnings",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cat = extended();
    std::fs::write(
        dir.path().join("doc.md"),
        "---\nnocite: \"@*\"\n---\n\nText.\n",
    )
    .unwrap();
    for (name, body) in [
        ("x.bib", common::bibtex(&cat).0),
        ("x.biblatex", common::biblatex(&cat).0),
        ("x.json", common::csljson(&cat).0),
    ] {
        std::fs::write(dir.path().join(name), body).unwrap();
        let out = run(Command::new(&pandoc)
            .args([
                "doc.md",
                "--citeproc",
                "--wrap=none",
                "-t",
                "plain",
                "--bibliography",
                name,
            ])
            .current_dir(dir.path()));
        let stdout = text(&out.stdout);
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{name}: {}",
            text(&out.stderr)
        );
        for expected in [
            "Sun, Weiwei, and 任昭春. 2023. “Is ChatGPT Good at Search? Investigating Large Language Models as Re-Ranking Agents.” In Proceedings of EMNLP 2023. https://aclanthology.org/2023.emnlp-main.923.",
            "“Neural Text Generation for Query Expansion in Information Retrieval.” 2021. https://doi.org/10.1145/3486622.3493957.",
            "Lovelace, Ada. 2023. “Findings Paper.” In Findings of ACL 2023. https://aclanthology.org/2023.findings-acl.61.",
        ] {
            assert!(stdout.contains(expected), "{name} lacks {expected:?}:\n{stdout}");
        }
    }
}

#[test]
fn bibtexparser_reads_every_entry_and_field() {
    let Some(py) = python("bibtexparser", "bibtexparser_reads_every_entry_and_field") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let cat = extended();
    let (tex, latex) = (common::bibtex(&cat).0, common::biblatex(&cat).0);
    let read = common::bibtexparser(&py, &[&tex, &latex], dir.path());
    // Issue #4 asks for bibtexparser 2 (1.x reads these files differently).
    assert!(read[0].version.starts_with("2."), "{}", read[0].version);
    for (name, bib, theirs) in [("bibtex", &tex, &read[0]), ("biblatex", &latex, &read[1])] {
        let wrong = common::roundtrip_differences(&cat, bib, theirs);
        assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
    }
    let (tex, latex) = (&read[0].entries, &read[1].entries);
    let types = |entries: &[serde_json::Value]| -> Vec<String> {
        entries
            .iter()
            .map(|e| e["type"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        types(tex),
        [
            "misc",
            "inproceedings",
            "misc",
            "misc",
            "inproceedings",
            "misc",
            "inproceedings",
            "misc"
        ]
    );
    assert_eq!(
        types(latex),
        [
            "online",
            "inproceedings",
            "misc",
            "online",
            "inproceedings",
            "misc",
            "inproceedings",
            "misc"
        ]
    );
    let f = |e: &serde_json::Value, name: &str| {
        let fields = e["fields"].as_array().unwrap();
        let field = fields.iter().find(|f| f[0] == name);
        field.map(|f| f[1].clone()).unwrap_or_default()
    };
    assert_eq!(f(&tex[0], "archivePrefix"), "arXiv");
    assert_eq!(f(&tex[0], "eprint"), "2304.08485");
    // `month = apr` is a BibTeX macro; bibtexparser keeps the name.
    assert_eq!(f(&tex[0], "month"), "apr");
    assert_eq!(
        f(&tex[0], "author"),
        "Liu, Haotian and Li, Chunyuan and Wu, Qingyang and others"
    );
    assert_eq!(f(&latex[0], "eprinttype"), "arxiv");
    assert_eq!(f(&latex[0], "date"), "2023-04");
    assert_eq!(
        f(&latex[4], "addendum"),
        "Code: \\url{https://github.com/artidoro/qlora/tree/main/examples}"
    );
    assert_eq!(
        f(&tex[3], "url"),
        "https://yaofu.notion.site/An-Initial-Exploration-dc480d9bf7ff4659afd8c9fb738086eb"
    );
    assert_eq!(
        tex[4]["title_text"],
        "QLoRA: 100% Efficient Finetuning of {Quantized} LLMs with GPT-4V & BERT_base #1 ~ $x^2$ \\relax"
    );
    assert_eq!(tex[1]["title_text"], latex[1]["title_text"]);
    assert_eq!(latex[7]["title_text"], "只有标题");
}

#[test]
fn bibtexparser_reads_hostile_text_back_to_the_original() {
    let Some(py) = python(
        "bibtexparser",
        "bibtexparser_reads_hostile_text_back_to_the_original",
    ) else {
        return;
    };
    let cat = hostile_catalogue(&hostile_strings(300));
    let dir = tempfile::tempdir().unwrap();
    let (tex, latex) = (common::bibtex(&cat).0, common::biblatex(&cat).0);
    let read = common::bibtexparser(&py, &[&tex, &latex], dir.path());
    for (name, bib, theirs) in [("bibtex", &tex, &read[0]), ("biblatex", &latex, &read[1])] {
        assert_eq!(theirs.entries.len(), 300, "{name}");
        let wrong = common::roundtrip_differences(&cat, bib, theirs);
        assert!(
            wrong.is_empty(),
            "{name}: {} differences:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}

#[test]
fn csl_json_is_valid_against_the_csl_schema() {
    let Some(py) = python("jsonschema", "csl_json_is_valid_against_the_csl_schema") else {
        return;
    };
    let schema = papercat_testkit::shared_dir().map(|d| d.join("schemas/csl-data.json"));
    let Some(schema) = schema.filter(|s| s.is_file()) else {
        assert!(
            !papercat_testkit::tools_required(),
            "shared/schemas/csl-data.json is required under PAPERCAT_REQUIRE_TOOLS=1"
        );
        eprintln!("SKIPPED csl_json_is_valid_against_the_csl_schema: shared/schemas/csl-data.json not found");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.json");
    std::fs::write(&path, common::csljson(&extended()).0).unwrap();
    let out = run(Command::new(&py)
        .arg(common::script("validate_csl.py"))
        .arg(&schema)
        .arg(&path));
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert_eq!(text(&out.stdout).trim(), "valid 8 items");
    // The validator itself rejects what the schema forbids (so the check above can fail).
    std::fs::write(&path, r#"[{"id": "x", "type": "preprint", "title": 1}]"#).unwrap();
    let bad = run(Command::new(&py)
        .arg(common::script("validate_csl.py"))
        .arg(&schema)
        .arg(&path));
    assert!(!bad.status.success());
}

/// Deterministic hostile strings: LaTeX specials, brace mixes, dashes, CJK, spaces.
fn hostile_strings(n: usize) -> Vec<String> {
    const ALPHABET: &[&str] = &[
        "\\", "{", "}", "~", "^", "%", "&", "$", "#", "_", "-", "--", " ", "a", "B", "x y",
        "LLaVA", "中文", "and", ",", "@", "=", "\"", "'", "`", "1", ".", ":", "\\relax",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..n)
        .map(|_| {
            let len = 1 + next() % 12;
            let s: String = (0..len)
                .map(|_| ALPHABET[next() % ALPHABET.len()])
                .collect();
            format!("Q{s}")
        })
        .collect()
}

/// One paper per hostile string, as heading (so title) and literal author.
fn hostile_catalogue(strings: &[String]) -> Catalogue {
    Catalogue {
        papers: strings
            .iter()
            .enumerate()
            .map(|(i, s)| Paper {
                key: format!("k{i}"),
                heading: s.clone(),
                fields: vec![papercat_core::Field {
                    label: "x".into(),
                    kind: papercat_core::FieldKind::Note,
                    text: format!("{s}\n{s} = 1\n@{s}"),
                    line: 1,
                }],
                work: Work {
                    authors: vec![Author::Literal { literal: s.clone() }],
                    year: Some(2020),
                    ..Default::default()
                },
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn bibtex_and_biber_take_hostile_text_without_complaint() {
    let test = "bibtex_and_biber_take_hostile_text_without_complaint";
    let cat = hostile_catalogue(&hostile_strings(300));
    let dir = tempfile::tempdir().unwrap();
    if let Some(bibtex) = tool("bibtex", test) {
        let bbl = bibtex_with_style("plain", &common::bibtex(&cat).0, dir.path(), &bibtex);
        assert_eq!(bbl.matches("\\bibitem{").count(), 300);
    }
    if let Some(biber) = tool("biber", test) {
        for bib in [common::bibtex(&cat).0, common::biblatex(&cat).0] {
            let (complaints, out) = biber_complaints(&biber, &bib, dir.path());
            assert_eq!(complaints, Vec::<String>::new());
            assert_eq!(out.matches("@MISC{").count(), 300);
        }
    }
}

#[test]
fn pandoc_decodes_hostile_text_back_to_the_original() {
    let Some(pandoc) = tool("pandoc", "pandoc_decodes_hostile_text_back_to_the_original") else {
        return;
    };
    let strings = hostile_strings(300);
    let cat = hostile_catalogue(&strings);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.bib");
    std::fs::write(&path, common::biblatex(&cat).0).unwrap();
    let out = run(Command::new(&pandoc)
        .arg(&path)
        .args(["-f", "biblatex", "-t", "csljson"]));
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{}",
        text(&out.stderr)
    );
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut wrong = Vec::new();
    for (item, s) in items.as_array().unwrap().iter().zip(&strings) {
        let expected = s.split_whitespace().collect::<Vec<_>>().join(" ");
        // What pandoc does on purpose is undone before comparing: it typesets quotes as
        // LaTeX does (`` ` ' `` and their doubles become curly quotes, which it may also
        // flip), sentence-cases titles, and (2.17) drops the lone braces written as
        // \textbraceleft / \textbraceright.
        let ours = |t: &str| t.replace(['`', '\'', '"', '{', '}'], "");
        let theirs = |t: &str| t.replace(['“', '”', '‘', '’', '`', '\'', '"', '{', '}'], "");
        let title = item["title"].as_str().unwrap_or_default();
        if theirs(title).to_lowercase() != ours(&expected).to_lowercase() {
            wrong.push(format!("title {expected:?} came back as {title:?}"));
        }
        let author = item["author"][0]["literal"].as_str().unwrap_or_default();
        if theirs(author) != ours(&expected) {
            wrong.push(format!("author {expected:?} came back as {author:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of 300 differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
