//! The JSON-LD read by real clients: snapshots, schema.org's context, pyld and rdflib.
//!
//! pyld and rdflib run from the test venv (`papercat_testkit::python`); schema.org's context
//! is the local copy `../shared/schemas/schemaorg-context-29.3.jsonld`, so nothing is fetched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use papercat_core::{Catalogue, Field, FieldKind, Link, LinkKind, Occurrence, Paper, Work};
use papercat_jsonld::{write, Options};
use papercat_testkit::snapshot::file_text;
use serde_json::{json, Value};

fn out(cat: &Catalogue, opts: &Options) -> String {
    let mut buf = Vec::new();
    write(cat, &mut buf, opts).unwrap();
    String::from_utf8(buf).unwrap()
}

fn expanded() -> Options {
    Options {
        expanded: true,
        ..Options::default()
    }
}

/// Snapshots of the fixture in `tests/snapshots/`: a change fails with a line diff; accept it
/// with `cargo insta review` (or rerun with `INSTA_UPDATE=always`) and review `git diff`.
#[test]
fn golden_compact() {
    let text = out(&papercat_testkit::fixture(), &Options::default());
    insta::assert_snapshot!("fixture.jsonld", file_text(text.as_bytes()));
}

#[test]
fn golden_expanded() {
    let text = out(&papercat_testkit::fixture(), &expanded());
    insta::assert_snapshot!("fixture.expanded.jsonld", file_text(text.as_bytes()));
}

/// The schema.org context file, `None` (SKIPPED) when absent, a failure under CI.
fn schema_context(test: &str) -> Option<PathBuf> {
    let path = papercat_testkit::shared_dir()
        .map(|d| d.join("schemas/schemaorg-context-29.3.jsonld"))
        .filter(|p| p.is_file());
    if path.is_none() {
        assert!(
            !papercat_testkit::tools_required(),
            "{test}: ../shared/schemas/schemaorg-context-29.3.jsonld is required"
        );
        eprintln!("SKIPPED {test}: ../shared/schemas/schemaorg-context-29.3.jsonld not found");
    }
    path
}

/// The fixture plus a paper that (by a copy-paste slip) shares LLaVA's arXiv id, with a
/// summary, another landing page and a project page (which the fixture lacks).
fn catalogue() -> Catalogue {
    let mut cat = papercat_testkit::fixture();
    cat.papers.push(Paper {
        key: "dup2023".into(),
        heading: "复制粘贴的条目".into(),
        occurrences: vec![Occurrence {
            file: "fixture.md".into(),
            line: 80,
            section: vec!["搜索 篇".into(), "排序".into()],
        }],
        links: vec![
            Link {
                url: "https://openreview.net/forum?id=w0H2xGHlkw".into(),
                kind: LinkKind::Paper,
                label: "Paper".into(),
            },
            Link {
                url: "https://llava-vl.github.io/".into(),
                kind: LinkKind::Project,
                label: "项目主页".into(),
            },
        ],
        fields: vec![Field {
            label: "简介".into(),
            kind: FieldKind::Summary,
            text: "一段简介。".into(),
            line: 81,
        }],
        work: Work {
            title: Some("A Different Paper".into()),
            arxiv: Some("2304.08485".into()),
            ..Default::default()
        },
        ..Default::default()
    });
    cat
}

fn walk<'a>(v: &'a Value, keys: &mut BTreeSet<&'a str>, types: &mut BTreeSet<&'a str>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "@type" {
                    if let Some(t) = x.as_str() {
                        types.insert(t);
                    }
                    continue;
                }
                keys.insert(k);
                walk(x, keys, types);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| walk(x, keys, types)),
        _ => {}
    }
}

#[test]
fn every_term_is_defined_by_a_context() {
    let Some(path) = schema_context("every_term_is_defined_by_a_context") else {
        return;
    };
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let schema = schema["@context"].as_object().unwrap();
    let doc: Value = serde_json::from_str(&out(&catalogue(), &Options::default())).unwrap();
    let project = doc["@context"][1].as_object().unwrap();
    assert_eq!(doc["@context"][0], "https://schema.org/");
    assert_eq!(
        project.keys().collect::<Vec<_>>(),
        ["method", "motivation", "note", "results", "seeAlso"],
        "serde_json sorts keys"
    );
    for (term, def) in project {
        assert!(
            !schema.contains_key(term),
            "{term} shadows a schema.org term"
        );
        let iri = def["@id"].as_str().unwrap();
        assert!(
            iri.starts_with(papercat_jsonld::NAMESPACE)
                || iri == "http://www.w3.org/2000/01/rdf-schema#seeAlso",
            "{iri}"
        );
    }

    let (mut keys, mut types) = (BTreeSet::new(), BTreeSet::new());
    for node in doc["@graph"].as_array().unwrap() {
        walk(node, &mut keys, &mut types);
    }
    let keywords = ["@id", "@value", "@language"];
    let undefined: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| !keywords.contains(k) && !schema.contains_key(*k) && !project.contains_key(*k))
        .collect();
    assert!(undefined.is_empty(), "terms in no context: {undefined:?}");
    // The document does use the whole vocabulary (the test would pass vacuously otherwise).
    assert_eq!(keys.len(), 3 + 31, "{keys:?}");
    for t in &types {
        let def = schema
            .get(*t)
            .unwrap_or_else(|| panic!("class {t} is not in the context"));
        assert_eq!(def["@id"], format!("schema:{t}"));
    }
    assert_eq!(
        types.into_iter().collect::<Vec<_>>(),
        [
            "Collection",
            "Dataset",
            "MediaObject",
            "Organization",
            "Person",
            "PropertyValue",
            "PublicationEvent",
            "ScholarlyArticle",
            "SoftwareSourceCode"
        ]
    );
}

/// The two checks of issue 15, against schema.org's own context file:
///
/// - the catalogue is a `Dataset` with what Google's Dataset rich result requires: `name`
///   and a `description` of 50 to 5,000 characters;
/// - a repository is related to its paper by `isBasedOn` on the `SoftwareSourceCode` node
///   ("a resource from which this work is derived": the code implements the paper), a
///   schema.org term whose values are node references (`"@type": "@id"`); the paper no
///   longer claims to be `subjectOf` its repository (the repository is not *about* it).
#[test]
fn dataset_and_code_relation_use_schema_org_as_defined() {
    let Some(path) = schema_context("dataset_and_code_relation_use_schema_org_as_defined") else {
        return;
    };
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let schema = schema["@context"].as_object().unwrap();
    for cat in [catalogue(), Catalogue::default()] {
        let doc: Value = serde_json::from_str(&out(&cat, &Options::default())).unwrap();
        let graph = doc["@graph"].as_array().unwrap();
        let datasets: Vec<&Value> = graph.iter().filter(|n| n["@type"] == "Dataset").collect();
        assert_eq!(datasets.len(), 1);
        let text = |v: &Value| {
            v.as_str()
                .or_else(|| v["@value"].as_str())
                .map(str::to_string)
        };
        for required in ["name", "description"] {
            assert_eq!(schema[required]["@id"], format!("schema:{required}"));
            let value = text(&datasets[0][required])
                .unwrap_or_else(|| panic!("the Dataset has no {required}: {}", datasets[0]));
            assert!(!value.trim().is_empty());
        }
        let description = text(&datasets[0]["description"]).unwrap();
        assert!(
            (50..=5000).contains(&description.chars().count()),
            "{description}"
        );
        assert!(!doc.to_string().contains("subjectOf"));
    }
    assert_eq!(schema["isBasedOn"]["@id"], "schema:isBasedOn");
    assert_eq!(schema["isBasedOn"]["@type"], "@id");
    assert_eq!(schema["codeRepository"]["@type"], "@id");
    let doc: Value = serde_json::from_str(&out(&catalogue(), &Options::default())).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    let papers: BTreeSet<&str> = graph
        .iter()
        .filter(|n| n["@type"] == "ScholarlyArticle")
        .map(|n| n["@id"].as_str().unwrap())
        .collect();
    let code: Vec<&Value> = graph
        .iter()
        .filter(|n| n["@type"] == "SoftwareSourceCode")
        .collect();
    assert!(!code.is_empty());
    for c in code {
        let based_on = c["isBasedOn"].as_array().unwrap();
        assert!(!based_on.is_empty());
        assert!(
            based_on
                .iter()
                .all(|p| papers.contains(p.as_str().unwrap())),
            "{c}"
        );
    }
}

/// Runs `tests/<script>` with the venv's Python on the compact and expanded documents.
fn run_script(module: &str, script: &str, test: &str, cat: &Catalogue) -> Option<String> {
    let python = papercat_testkit::python(module, test)?;
    let context = schema_context(test)?;
    let dir = tempfile::tempdir().unwrap();
    let compact = dir.path().join("catalogue.jsonld");
    let expanded_path = dir.path().join("catalogue.expanded.jsonld");
    std::fs::write(&compact, out(cat, &Options::default())).unwrap();
    std::fs::write(&expanded_path, out(cat, &expanded())).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    eprintln!("{test}: running {} {}", python.display(), script.display());
    let output = Command::new(python)
        .arg(script)
        .args([&compact, &expanded_path, &context])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{test} failed:\n{stderr}");
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn pyld_expands_the_compact_form_to_the_expanded_one() {
    let Some(nquads) = run_script(
        "pyld",
        "check_pyld.py",
        "pyld_expands_the_compact_form_to_the_expanded_one",
        &catalogue(),
    ) else {
        return;
    };
    let lines: BTreeSet<&str> = nquads.lines().collect();
    let llava = "<https://arxiv.org/abs/2304.08485>";
    let dup = "<https://papercat.invalid/catalogue/paper/dup2023>";
    for want in [
        format!("{llava} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/ScholarlyArticle> ."),
        format!("{llava} <http://schema.org/name> \"Visual Instruction Tuning\" ."),
        format!("{llava} <http://schema.org/alternateName> \"LLaVA：经典的多模态大模型\"@zh ."),
        format!("{llava} <http://schema.org/datePublished> \"2023-04\"^^<http://schema.org/Date> ."),
        format!("{llava} <http://schema.org/inLanguage> \"en\" ."),
        format!("{llava} <http://schema.org/url> <https://arxiv.org/abs/2304.08485> ."),
        format!("{llava} <http://schema.org/isPartOf> <https://papercat.invalid/catalogue/section/PEFT%20系列篇> ."),
        format!("{llava} <http://schema.org/description> \"动机：像ChatGPT这种大语言模型只接受文字输入，那么如何让大语言模型接收图像输入呢？\\n\\n论文方法：LLaVA提出了一种方法，\\n• 将Clip作为图像的编码器，在Clip后面加入一个线性映射层;\\n• 将其和文本的编码一起送入到Language Model中。\\n\\n实验效果：相对于 GPT-4 获得了 85.1% 的相对得分。\\n\\n训练方式：\\n• 第一阶段：预训练阶段\\n• 第二阶段：微调阶段\"@zh ."),
        format!("{llava} <https://papercat.invalid/ns#results> \"相对于 GPT-4 获得了 85.1% 的相对得分。\"@zh ."),
        "<https://github.com/haotian-liu/LLaVA> <http://schema.org/isBasedOn> <https://arxiv.org/abs/2304.08485> .".into(),
        "<https://github.com/haotian-liu/LLaVA> <http://schema.org/codeRepository> <https://github.com/haotian-liu/LLaVA> .".into(),
        "<https://papercat.invalid/catalogue/section/搜索%20篇/排序> <http://schema.org/position> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .".into(),
        "<https://papercat.invalid/catalogue/section/搜索%20篇/排序> <http://schema.org/isPartOf> <https://papercat.invalid/catalogue/section/搜索%20篇> .".into(),
        format!("<https://papercat.invalid/catalogue/section/搜索%20篇/排序> <http://schema.org/hasPart> {dup} ."),
        "<https://papercat.invalid/catalogue/> <http://schema.org/name> \"LLMs 论文研读社\"@zh .".into(),
        format!("{dup} <http://schema.org/name> \"A Different Paper\" ."),
    ] {
        assert!(lines.contains(want.as_str()), "missing: {want}\n(got {} lines)", lines.len());
    }
    // A PDF is a MediaObject the paper links to with `encoding`.
    assert!(lines.iter().any(|l| l
        .ends_with("<http://schema.org/contentUrl> <https://arxiv.org/pdf/2305.14314v2.pdf> .")));
    assert!(!nquads.contains("seeAlso> <https://arxiv.org/pdf/"));
    // The copy-pasted paper is a node of its own, with no sameAs to LLaVA.
    let same_as: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with(&format!("{dup} <http://schema.org/sameAs>")))
        .collect();
    assert_eq!(
        same_as,
        [&format!(
            "{dup} <http://schema.org/sameAs> <https://openreview.net/forum?id=w0H2xGHlkw> ."
        )
        .as_str()]
    );
    assert!(lines.contains(
        format!(
            "{dup} <http://www.w3.org/2000/01/rdf-schema#seeAlso> <https://llava-vl.github.io/> ."
        )
        .as_str()
    ));
    assert!(
        lines.contains(format!("{dup} <http://schema.org/abstract> \"一段简介。\"@zh .").as_str())
    );
    let articles = lines
        .iter()
        .filter(|l| l.ends_with("<http://schema.org/ScholarlyArticle> ."))
        .count();
    assert_eq!(articles, 6);
}

#[test]
fn rdflib_finds_every_paper_name_and_identifier() {
    let cat = catalogue();
    let Some(stdout) = run_script(
        "rdflib",
        "check_rdflib.py",
        "rdflib_finds_every_paper_name_and_identifier",
        &cat,
    ) else {
        return;
    };
    let got: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut want: Vec<Value> = vec![
        json!({"paper": "https://aclanthology.org/2023.emnlp-main.923/",
               "name": "Is ChatGPT Good at Search? Investigating Large Language Models as Re-Ranking Agents",
               "identifiers": [["ACL Anthology", "2023.emnlp-main.923"]]}),
        json!({"paper": "https://arxiv.org/abs/2304.08485", "name": "Visual Instruction Tuning",
               "identifiers": [["arXiv", "2304.08485"]]}),
        json!({"paper": "https://arxiv.org/abs/2305.14314", "name": cat.papers[4].work.title,
               "identifiers": [["arXiv", "2305.14314"]]}),
        json!({"paper": "https://doi.org/10.1145/3486622.3493957",
               "name": "Neural text generation for query expansion in information retrieval",
               "identifiers": [["DOI", "10.1145/3486622.3493957"]]}),
        json!({"paper": "https://papercat.invalid/catalogue/paper/dup2023", "name": "A Different Paper",
               "identifiers": [["arXiv", "2304.08485"]]}),
        json!({"paper": "https://papercat.invalid/catalogue/paper/initial_exploration",
               "name": "An Initial Exploration of Theoretical Support for Language Model Data Engineering",
               "identifiers": []}),
    ];
    want.sort_by(|a, b| a["paper"].as_str().cmp(&b["paper"].as_str()));
    assert_eq!(got, want);
}

/// The shared real catalogue parsed by papercat-core, `None` (SKIPPED) without `../shared`.
fn corpus(test: &str) -> Option<Catalogue> {
    let path = papercat_testkit::shared_dir()
        .map(|d| d.join("corpus/000_592348f81878be69.txt"))
        .filter(|p| p.is_file());
    let Some(path) = path else {
        assert!(
            !papercat_testkit::tools_required(),
            "{test}: ../shared/corpus is required in CI (PAPERCAT_REQUIRE_TOOLS=1)"
        );
        eprintln!("SKIPPED {test}: ../shared/corpus is not beside the checkout");
        return None;
    };
    let bytes = std::fs::read(&path).unwrap();
    Some(papercat_core::parse(&[papercat_core::Input::from_bytes(
        "corpus.md",
        &bytes,
        None,
    )]))
}

/// Every top-level node has a distinct @id and every internal link names one of them.
fn assert_ids_resolve(graph: &[Value]) {
    let mut defined = BTreeSet::new();
    for node in graph {
        let id = node["@id"].as_str().expect("top-level nodes have an @id");
        assert!(defined.insert(id), "{id} is defined twice");
    }
    for node in graph {
        for prop in ["hasPart", "isPartOf", "isBasedOn"] {
            let values = match &node[prop] {
                Value::Array(a) => a.clone(),
                Value::Null => vec![],
                other => vec![other.clone()],
            };
            for v in values {
                let id = v.as_str().or_else(|| v["@id"].as_str()).unwrap();
                assert!(defined.contains(id), "{prop} -> {id} is not defined");
            }
        }
    }
}

#[test]
fn corpus_graph_resolves_and_reads_back() {
    let test = "corpus_graph_resolves_and_reads_back";
    let Some(cat) = corpus(test) else {
        return;
    };
    let mut buf = Vec::new();
    let warnings = write(&cat, &mut buf, &Options::default()).unwrap();
    let doc: Value = serde_json::from_slice(&buf).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    let articles: Vec<&Value> = graph
        .iter()
        .filter(|n| n["@type"] == "ScholarlyArticle")
        .collect();
    assert_eq!(articles.len(), cat.papers.len());
    assert_eq!(graph[0]["name"]["@value"], "LLMs 论文研读社");
    // The corpus lists four arXiv ids and one ACL Anthology id under two different papers.
    let codes: Vec<(&str, u32)> = warnings.iter().map(|w| (w.code.as_str(), w.line)).collect();
    assert_eq!(
        codes,
        [
            ("id-fallback", 524),
            ("id-fallback", 548),
            ("id-fallback", 568),
            ("id-fallback", 718),
            ("id-fallback", 743)
        ]
    );

    let Some(stdout) = run_script("rdflib", "check_rdflib.py", test, &cat) else {
        return;
    };
    let got: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let lit = |v: &Value| {
        v.as_str()
            .or_else(|| v["@value"].as_str())
            .unwrap()
            .to_string()
    };
    let mut want: Vec<Value> = articles
        .iter()
        .map(|a| {
            let mut ids: Vec<Value> = a["identifier"]
                .as_array()
                .map(|ids| {
                    ids.iter()
                        .map(|i| json!([i["propertyID"], i["value"]]))
                        .collect()
                })
                .unwrap_or_default();
            ids.sort_by_key(|v| v.to_string());
            json!({"paper": a["@id"], "name": lit(&a["name"]), "identifiers": ids})
        })
        .collect();
    want.sort_by(|a, b| a["paper"].as_str().cmp(&b["paper"].as_str()));
    assert_eq!(got, want);
    run_script("pyld", "check_pyld.py", test, &cat);
}

#[test]
fn samples_read_back() {
    let test = "samples_read_back";
    let dir = papercat_testkit::workspace_root().join("samples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "samples/*.md are missing");
    for path in files {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let cat = papercat_core::parse(&[papercat_core::Input::from_bytes(
            &name,
            &bytes,
            Some(dir.clone()),
        )]);
        assert!(!cat.papers.is_empty(), "{name}: no papers");
        let mut buf = Vec::new();
        write(&cat, &mut buf, &Options::default()).unwrap();
        let doc: Value = serde_json::from_slice(&buf).unwrap();
        let graph = doc["@graph"].as_array().unwrap();
        assert_ids_resolve(graph);
        let articles = graph
            .iter()
            .filter(|n| n["@type"] == "ScholarlyArticle")
            .count();
        assert_eq!(articles, cat.papers.len(), "{name}");
        let _: Value = serde_json::from_str(&out(&cat, &expanded())).unwrap();
        run_script("pyld", "check_pyld.py", test, &cat);
        run_script("rdflib", "check_rdflib.py", test, &cat);
    }
}
