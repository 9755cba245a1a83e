//! Unit tests: the compact and expanded documents, read back with serde_json.

use super::*;
use papercat_core::{Author, Field, FieldKind, Link, LinkKind, Occurrence, Paper, Section};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

fn out(cat: &Catalogue, opts: &Options) -> (String, Vec<Diagnostic>) {
    let mut buf = Vec::new();
    let diags = write(cat, &mut buf, opts).unwrap();
    (String::from_utf8(buf).unwrap(), diags)
}

fn doc(cat: &Catalogue) -> Value {
    serde_json::from_str(&out(cat, &Options::default()).0).unwrap()
}

fn graph(cat: &Catalogue) -> Vec<Value> {
    doc(cat)["@graph"].as_array().unwrap().clone()
}

fn by_id<'a>(graph: &'a [Value], id: &str) -> &'a Value {
    graph
        .iter()
        .find(|n| n["@id"] == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

const BASE: &str = "https://papercat.invalid/catalogue/";

/// Properties whose values name nodes of the graph (as opposed to outside resources).
const LINKS: &[&str] = &["hasPart", "isPartOf", "isBasedOn"];

fn as_list(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.clone(),
        Value::Null => vec![],
        other => vec![other.clone()],
    }
}

/// Every @id of the graph is defined once and every link names a defined node.
fn assert_ids_resolve(graph: &[Value]) {
    let mut defined = BTreeSet::new();
    for node in graph {
        let id = node["@id"].as_str().expect("top-level nodes have an @id");
        assert!(defined.insert(id.to_string()), "{id} is defined twice");
    }
    for node in graph {
        for prop in LINKS {
            for target in as_list(&node[prop]) {
                let id = target
                    .as_str()
                    .or_else(|| target["@id"].as_str())
                    .unwrap_or_else(|| panic!("{prop} value {target} names no node"));
                assert!(defined.contains(id), "{prop} -> {id} is not defined");
            }
        }
    }
}

fn paper(key: &str) -> Paper {
    Paper {
        key: key.into(),
        heading: format!("{key} 标题"),
        title: Some(format!("Title of {key}")),
        occurrences: vec![Occurrence {
            file: "a.md".into(),
            line: 7,
            section: vec![],
        }],
        ..Default::default()
    }
}

#[test]
fn fixture_ids_resolve_and_are_unique() {
    let cat = papercat_testkit::fixture();
    let (text, diags) = out(&cat, &Options::default());
    assert!(diags.is_empty(), "{diags:?}");
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        doc["@context"],
        json!(["https://schema.org/", {
            "motivation": {"@id": "https://papercat.invalid/ns#motivation"},
            "method": {"@id": "https://papercat.invalid/ns#method"},
            "results": {"@id": "https://papercat.invalid/ns#results"},
            "note": {"@id": "https://papercat.invalid/ns#note"},
            "seeAlso": {"@id": "http://www.w3.org/2000/01/rdf-schema#seeAlso", "@type": "@id"},
        }])
    );
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    let ids: Vec<&str> = graph.iter().map(|n| n["@id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            BASE,
            "https://papercat.invalid/catalogue/section/多模态篇",
            "https://papercat.invalid/catalogue/section/PEFT%20系列篇",
            "https://papercat.invalid/catalogue/section/搜索%20篇",
            "https://papercat.invalid/catalogue/section/搜索%20篇/排序",
            "https://arxiv.org/abs/2304.08485",
            "https://aclanthology.org/2023.emnlp-main.923/",
            "https://doi.org/10.1145/3486622.3493957",
            "https://papercat.invalid/catalogue/paper/initial_exploration",
            "https://arxiv.org/abs/2305.14314",
            "https://github.com/haotian-liu/LLaVA",
            "https://github.com/artidoro/qlora/tree/main/examples",
        ]
    );
    assert_eq!(NAMESPACE, "https://papercat.invalid/ns#");
}

#[test]
fn catalogue_and_sections_nest() {
    let mut graph = graph(&papercat_testkit::fixture());
    let description = graph[0]
        .as_object_mut()
        .unwrap()
        .remove("description")
        .unwrap();
    assert_eq!(
        description,
        "A reading list of 5 research papers with reading notes (motivation, method, results), \
         written as a Markdown catalogue and converted by papercat. Sections: 多模态篇; \
         PEFT 系列篇; 搜索 篇."
    );
    assert_eq!(
        graph[0],
        json!({
            "@id": BASE,
            "@type": "Dataset",
            "name": {"@value": "LLMs 论文研读社", "@language": "zh"},
            "hasPart": [
                {"@id": "https://papercat.invalid/catalogue/section/多模态篇"},
                {"@id": "https://papercat.invalid/catalogue/section/PEFT%20系列篇"},
                {"@id": "https://papercat.invalid/catalogue/section/搜索%20篇"},
            ]
        })
    );
    assert_eq!(
        graph[3],
        json!({
            "@id": "https://papercat.invalid/catalogue/section/搜索%20篇",
            "@type": "Collection",
            "name": {"@value": "搜索 篇", "@language": "zh"},
            "position": 3,
            "isPartOf": [BASE],
            "hasPart": [
                {"@id": "https://papercat.invalid/catalogue/section/搜索%20篇/排序"},
                {"@id": "https://doi.org/10.1145/3486622.3493957"},
            ]
        })
    );
    assert_eq!(graph[4]["position"], 1);
    assert_eq!(
        graph[4]["isPartOf"],
        json!(["https://papercat.invalid/catalogue/section/搜索%20篇"])
    );
    assert_eq!(
        graph[4]["hasPart"],
        json!([{"@id": "https://aclanthology.org/2023.emnlp-main.923/"}])
    );
    // LLaVA is listed twice: part of both sections.
    assert_eq!(
        graph[2]["hasPart"],
        json!([
            {"@id": "https://arxiv.org/abs/2304.08485"},
            {"@id": "https://papercat.invalid/catalogue/paper/initial_exploration"},
        ])
    );
}

#[test]
fn arxiv_paper_has_every_property() {
    let graph = graph(&papercat_testkit::fixture());
    let llava = by_id(&graph, "https://arxiv.org/abs/2304.08485");
    let method = "LLaVA提出了一种方法，\n- 将Clip作为图像的编码器，在Clip后面加入一个**线性映射层**;\n- 将其和文本的编码一起送入到Language Model中。";
    // The notes as plain text, for consumers that read only schema.org.
    let description = "动机：像ChatGPT这种大语言模型只接受文字输入，那么如何让大语言模型接收图像输入呢？\n\n\
        论文方法：LLaVA提出了一种方法，\n• 将Clip作为图像的编码器，在Clip后面加入一个线性映射层;\n• 将其和文本的编码一起送入到Language Model中。\n\n\
        实验效果：相对于 GPT-4 获得了 85.1% 的相对得分。\n\n\
        训练方式：\n• 第一阶段：预训练阶段\n• 第二阶段：微调阶段";
    assert_eq!(
        *llava,
        json!({
            "@id": "https://arxiv.org/abs/2304.08485",
            "@type": "ScholarlyArticle",
            "name": "Visual Instruction Tuning",
            "alternateName": {"@value": "LLaVA：经典的多模态大模型", "@language": "zh"},
            "inLanguage": "en",
            "author": [
                {"@type": "Person", "name": "Haotian Liu", "givenName": "Haotian", "familyName": "Liu"},
                {"@type": "Person", "name": "Chunyuan Li", "givenName": "Chunyuan", "familyName": "Li"},
                {"@type": "Person", "name": "Qingyang Wu", "givenName": "Qingyang", "familyName": "Wu"},
            ],
            "sourceOrganization": [
                {"@type": "Organization", "name": {"@value": "微软研究院", "@language": "zh"}},
                {"@type": "Organization", "name": {"@value": "哥伦比亚大学", "@language": "zh"}},
            ],
            "datePublished": "2023-04",
            "identifier": [{
                "@type": "PropertyValue",
                "propertyID": "arXiv",
                "value": "2304.08485",
                "url": "https://arxiv.org/abs/2304.08485",
            }],
            "url": "https://arxiv.org/abs/2304.08485",
            "isPartOf": [
                "https://papercat.invalid/catalogue/section/多模态篇",
                "https://papercat.invalid/catalogue/section/PEFT%20系列篇",
            ],
            "keywords": [
                {"@value": "多模态", "@language": "zh"},
                {"@value": "指令微调", "@language": "zh"},
            ],
            "description": {"@value": description, "@language": "zh"},
            "motivation": {"@value": "像ChatGPT这种大语言模型只接受文字输入，那么如何让大语言模型接收图像输入呢？", "@language": "zh"},
            "method": {"@value": method, "@language": "zh"},
            "results": {"@value": "相对于 GPT-4 获得了 85.1% 的相对得分。", "@language": "zh"},
            "note": [{
                "@type": "PropertyValue",
                "name": {"@value": "训练方式", "@language": "zh"},
                "value": {"@value": "- 第一阶段：**预训练阶段**\n- 第二阶段：**微调阶段**", "@language": "zh"},
            }],
        })
    );
    let code = by_id(&graph, "https://github.com/haotian-liu/LLaVA");
    assert_eq!(
        *code,
        json!({
            "@id": "https://github.com/haotian-liu/LLaVA",
            "@type": "SoftwareSourceCode",
            "codeRepository": "https://github.com/haotian-liu/LLaVA",
            "isBasedOn": ["https://arxiv.org/abs/2304.08485"],
        })
    );
}

#[test]
fn acl_doi_and_plain_papers() {
    let graph = graph(&papercat_testkit::fixture());
    let rank = by_id(&graph, "https://aclanthology.org/2023.emnlp-main.923/");
    assert_eq!(
        rank["identifier"],
        json!([{
            "@type": "PropertyValue",
            "propertyID": "ACL Anthology",
            "value": "2023.emnlp-main.923",
            "url": "https://aclanthology.org/2023.emnlp-main.923/",
        }])
    );
    assert_eq!(
        rank["publication"],
        json!({"@type": "PublicationEvent", "name": "EMNLP", "alternateName": "EMNLP2023", "startDate": "2023"})
    );
    assert_eq!(
        rank["author"][1],
        json!({"@type": "Person", "name": "任昭春"})
    );
    assert_eq!(rank["datePublished"], "2023");
    assert_eq!(
        rank["method"],
        json!({"@value": "RankGPT 采用滑动窗口的方法 (list-wise)。", "@language": "zh"})
    );

    let neural = by_id(&graph, "https://doi.org/10.1145/3486622.3493957");
    assert_eq!(neural["identifier"][0]["propertyID"], "DOI");
    assert_eq!(neural["identifier"][0]["value"], "10.1145/3486622.3493957");
    assert_eq!(
        neural["url"],
        "https://dl.acm.org/doi/10.1145/3486622.3493957"
    );
    assert!(neural.get("sameAs").is_none());
    assert!(
        neural.get("motivation").is_none(),
        "empty notes are left out"
    );
    assert_eq!(
        neural["isPartOf"],
        json!([format!("{BASE}section/搜索%20篇")])
    );

    let notion = by_id(&graph, &format!("{BASE}paper/initial_exploration"));
    assert!(notion.get("identifier").is_none());
    assert!(
        notion.get("seeAlso").is_none(),
        "the primary link is `url` only"
    );
    assert_eq!(
        notion["url"],
        "https://yaofu.notion.site/An-Initial-Exploration-dc480d9bf7ff4659afd8c9fb738086eb"
    );
}

#[test]
fn hostile_paper_keeps_its_text() {
    let cat = papercat_testkit::fixture();
    let graph = graph(&cat);
    let p = by_id(&graph, "https://arxiv.org/abs/2305.14314");
    let src = &cat.papers[4];
    assert_eq!(p["name"], src.title.clone().unwrap());
    assert_eq!(p["alternateName"], src.heading, "no Han: a plain string");
    assert_eq!(
        p["author"],
        json!([
            {"@type": "Person", "name": "Tim Dettmers", "givenName": "Tim", "familyName": "Dettmers"},
            {"@type": "Person", "name": "Pagnoni", "familyName": "Pagnoni"},
            {"@type": "Organization", "name": "Google DeepMind"},
        ])
    );
    assert_eq!(
        p["encoding"],
        json!([{"@type": "MediaObject", "contentUrl": "https://arxiv.org/pdf/2305.14314v2.pdf", "encodingFormat": "application/pdf"}])
    );
    assert_eq!(p["results"]["@value"], src.results());
    assert_eq!(
        p["results"]["@value"].as_str().unwrap().chars().count(),
        60_000
    );
    assert_eq!(p["motivation"], "=HYPERLINK(\"http://evil\",\"click\")");
    assert_eq!(p["method"], src.method());
    assert_eq!(
        p["note"],
        json!([
            {
                "@type": "PropertyValue",
                "name": {"@value": "#备注", "@language": "zh"},
                "value": {"@value": "#hashtag start\twith tab\r\nand CRLF; +1 -1 @at ＝全角", "@language": "zh"},
            },
            {"@type": "PropertyValue", "value": "@SUM(A1:A2) unlabelled note"},
        ])
    );
    assert_eq!(
        p["publication"],
        json!({"@type": "PublicationEvent", "name": "NeurIPS", "alternateName": "NeurIPS 2023 (Oral)", "startDate": "2023"})
    );
    assert_eq!(
        by_id(
            &graph,
            "https://github.com/artidoro/qlora/tree/main/examples"
        )["isBasedOn"],
        json!(["https://arxiv.org/abs/2305.14314"])
    );
}

#[test]
fn shared_arxiv_id_keeps_papers_apart() {
    let mut a = paper("a2023");
    a.arxiv = Some("2304.08485".into());
    a.links = vec![Link {
        url: "https://arxiv.org/abs/2304.08485".into(),
        kind: LinkKind::Paper,
        label: String::new(),
    }];
    let mut b = paper("b2023");
    b.arxiv = Some("2304.08485".into());
    b.occurrences[0].line = 30;
    b.links = a.links.clone();
    let mut c = paper("c2023");
    c.arxiv = Some("2304.08485".into());
    c.doi = Some("10.1/x".into());
    let cat = Catalogue {
        papers: vec![a, b, c],
        ..Default::default()
    };
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    assert_eq!(graph[1]["@id"], "https://arxiv.org/abs/2304.08485");
    assert_eq!(graph[2]["@id"], format!("{BASE}paper/b2023"));
    assert_eq!(graph[3]["@id"], "https://doi.org/10.1/x");
    for node in &graph[2..4] {
        assert_eq!(node["identifier"][0]["value"], "2304.08485");
        assert!(node.get("sameAs").is_none(), "{node}");
        assert_eq!(
            node["seeAlso"].as_array().map(Vec::len).unwrap_or(0),
            usize::from(node["@id"] == format!("{BASE}paper/b2023"))
        );
    }
    assert_eq!(graph[0]["hasPart"].as_array().unwrap().len(), 3);
    assert_eq!(diags.len(), 2);
    assert_eq!(diags[0].code, "id-fallback");
    assert_eq!((diags[0].file.as_str(), diags[0].line), ("a.md", 30));
    assert!(
        diags[0].message.contains("paper `a2023` (line 7)"),
        "{}",
        diags[0].message
    );
}

#[test]
fn duplicate_keys_and_sections_get_distinct_iris() {
    let sec = |title: &str, parent: Option<usize>, path: &[&str]| Section {
        title: title.into(),
        level: 2,
        path: path.iter().map(|s| s.to_string()).collect(),
        parent,
        file: "a.md".into(),
        line: 1,
    };
    let mut p = paper("same");
    p.occurrences[0].section = vec!["其他".into()];
    // Papers in the nested sections, so that every section is written.
    let mut a = paper("a");
    a.occurrences[0].section = vec!["其他".into(), "子".into()];
    let mut b = paper("b");
    b.occurrences[0].section = vec!["其他".into(), "/".into()];
    let cat = Catalogue {
        sections: vec![
            sec("其他", None, &["其他"]),
            sec("其他", None, &["其他"]),
            sec("子", Some(5), &["其他", "子"]),
            sec("/", Some(1), &["其他", "/"]),
        ],
        papers: vec![p.clone(), p, a, b],
        ..Default::default()
    };
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    let ids: Vec<&str> = graph.iter().map(|n| n["@id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            BASE,
            "https://papercat.invalid/catalogue/section/其他",
            "https://papercat.invalid/catalogue/section/其他-2",
            "https://papercat.invalid/catalogue/section/其他/子",
            "https://papercat.invalid/catalogue/section/其他/%2F",
            "https://papercat.invalid/catalogue/paper/same",
            "https://papercat.invalid/catalogue/paper/same-2",
            "https://papercat.invalid/catalogue/paper/a",
            "https://papercat.invalid/catalogue/paper/b",
        ]
    );
    assert_eq!(
        graph[3]["isPartOf"],
        json!([BASE]),
        "a forward parent is dropped"
    );
    assert_eq!(graph[3]["position"], 3);
    assert_eq!(
        graph[4]["isPartOf"],
        json!([format!("{BASE}section/其他-2")])
    );
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["bad-section-parent", "duplicate-key"]);
}

#[test]
fn bad_links_and_dates_warn() {
    let mut p = paper("x");
    p.url = Some("javascript:alert(1)".into());
    p.code = vec!["../code".into(), "https://github.com/a/b".into()];
    p.links = vec![Link {
        url: "https://x.org/a b".into(),
        kind: LinkKind::Project,
        label: String::new(),
    }];
    p.year = Some(12345);
    p.occurrences[0].section = vec!["nowhere".into()];
    let mut q = paper("y");
    q.year = Some(2020);
    q.month = Some(13);
    q.code = vec!["https://github.com/a/b".into()];
    q.authors = vec![
        Author::Literal {
            literal: " ".into(),
        },
        Author::Literal {
            literal: "清华大学".into(),
        },
    ];
    let cat = Catalogue {
        papers: vec![p, q],
        ..Default::default()
    };
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    assert_ids_resolve(graph);
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "unknown-section",
            "bad-url",
            "bad-date",
            "bad-url",
            "bad-date"
        ]
    );
    assert!(graph[1].get("url").is_none());
    assert!(graph[1].get("datePublished").is_none());
    assert_eq!(graph[1]["seeAlso"], json!(["https://x.org/a%20b"]));
    assert_eq!(graph[1]["isPartOf"], json!([BASE]));
    assert_eq!(graph[2]["datePublished"], "2020");
    assert_eq!(
        graph[2]["author"],
        json!([{"@type": "Organization", "name": "清华大学"}])
    );
    assert_eq!(
        graph[3]["isBasedOn"],
        json!([format!("{BASE}paper/x"), format!("{BASE}paper/y")])
    );
}

#[test]
fn code_url_taken_by_a_paper_gets_another_id() {
    let mut p = paper("x");
    p.arxiv = Some("1234.5678".into());
    p.code = vec!["https://arxiv.org/abs/1234.5678".into()];
    let cat = Catalogue {
        papers: vec![p],
        ..Default::default()
    };
    let graph = graph(&cat);
    assert_ids_resolve(&graph);
    assert_eq!(graph[2]["@id"], format!("{BASE}code/1"));
    assert_eq!(
        graph[2]["codeRepository"],
        "https://arxiv.org/abs/1234.5678"
    );
}

#[test]
fn base_iri_is_checked_and_completed() {
    let cat = papercat_testkit::fixture();
    let opts = Options {
        base_iri: "https://example.org/papers".into(),
        ..Options::default()
    };
    let doc: Value = serde_json::from_str(&out(&cat, &opts).0).unwrap();
    assert_eq!(doc["@graph"][0]["@id"], "https://example.org/papers/");
    assert_eq!(
        doc["@graph"][1]["@id"],
        "https://example.org/papers/section/多模态篇"
    );
    for bad in ["", "papers/", "https://x.org/a b"] {
        let opts = Options {
            base_iri: bad.into(),
            ..Options::default()
        };
        let mut buf = Vec::new();
        let err = write(&cat, &mut buf, &opts).unwrap_err();
        assert!(matches!(err, Error::BaseIri { .. }));
        assert!(err.to_string().starts_with("invalid base IRI"), "{err}");
        assert!(buf.is_empty());
    }
}

#[test]
fn io_errors_are_reported() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let err = write(&papercat_testkit::fixture(), Broken, &Options::default()).unwrap_err();
    assert!(matches!(err, Error::Io(_)));
    assert_eq!(err.to_string(), "cannot write the JSON-LD");
}

#[test]
fn output_is_deterministic() {
    let cat = papercat_testkit::fixture();
    for expanded in [false, true] {
        let opts = Options {
            expanded,
            ..Options::default()
        };
        assert_eq!(out(&cat, &opts).0, out(&cat, &opts).0);
    }
    assert_eq!(out(&Catalogue::default(), &Options::default()).0, "{\n  \"@context\": [\n    \"https://schema.org/\",\n    {\n      \"motivation\": {\n        \"@id\": \"https://papercat.invalid/ns#motivation\"\n      },\n      \"method\": {\n        \"@id\": \"https://papercat.invalid/ns#method\"\n      },\n      \"results\": {\n        \"@id\": \"https://papercat.invalid/ns#results\"\n      },\n      \"note\": {\n        \"@id\": \"https://papercat.invalid/ns#note\"\n      },\n      \"seeAlso\": {\n        \"@id\": \"http://www.w3.org/2000/01/rdf-schema#seeAlso\",\n        \"@type\": \"@id\"\n      }\n    }\n  ],\n  \"@graph\": [\n    {\n      \"@id\": \"https://papercat.invalid/catalogue/\",\n      \"@type\": \"Dataset\",\n      \"name\": \"Paper reading list\",\n      \"description\": \"A reading list of 0 research papers with reading notes (motivation, method, results), written as a Markdown catalogue and converted by papercat.\"\n    }\n  ]\n}\n");
}

/// A small expander for the compact documents this crate writes: the context is the vocab
/// table restated from schema.org's context file, independent of `vocab.rs`.
fn expand(compact: &Value) -> Value {
    let coerce: HashMap<&str, &str> = [
        ("isPartOf", "@id"),
        ("sameAs", "@id"),
        ("url", "@id"),
        ("codeRepository", "@id"),
        ("isBasedOn", "@id"),
        ("contentUrl", "@id"),
        ("seeAlso", "@id"),
        ("datePublished", "http://schema.org/Date"),
        ("startDate", "http://schema.org/Date"),
    ]
    .into_iter()
    .collect();
    let iri = |term: &str| match term {
        "motivation" | "method" | "results" | "note" => format!("{NAMESPACE}{term}"),
        "seeAlso" => "http://www.w3.org/2000/01/rdf-schema#seeAlso".to_string(),
        "Date" => "http://schema.org/Date".to_string(),
        t => format!("http://schema.org/{t}"),
    };
    fn node(n: &Value, coerce: &HashMap<&str, &str>, iri: &dyn Fn(&str) -> String) -> Value {
        let mut out = serde_json::Map::new();
        for (k, v) in n.as_object().unwrap() {
            match k.as_str() {
                "@id" => {
                    out.insert(k.clone(), v.clone());
                }
                "@type" => {
                    out.insert(k.clone(), json!([iri(v.as_str().unwrap())]));
                }
                term => {
                    let values: Vec<Value> = as_list(v)
                        .iter()
                        .map(|x| match x {
                            Value::String(s) => match coerce.get(term) {
                                Some(&"@id") => json!({"@id": s}),
                                Some(t) => json!({"@value": s, "@type": t}),
                                None => json!({"@value": s}),
                            },
                            Value::Number(_) => json!({"@value": x}),
                            Value::Object(o) if o.contains_key("@value") => {
                                let mut o = o.clone();
                                if let Some(Value::String(t)) = o.get("@type").cloned() {
                                    o.insert("@type".into(), json!(iri(&t)));
                                }
                                Value::Object(o)
                            }
                            Value::Object(o) if o.len() == 1 && o.contains_key("@id") => x.clone(),
                            _ => node(x, coerce, iri),
                        })
                        .collect();
                    out.insert(iri(term), Value::Array(values));
                }
            }
        }
        Value::Object(out)
    }
    Value::Array(
        compact["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| node(n, &coerce, &iri))
            .collect(),
    )
}

#[test]
fn expanded_form_is_the_expansion_of_the_compact_one() {
    let cat = papercat_testkit::fixture();
    let compact: Value = serde_json::from_str(&out(&cat, &Options::default()).0).unwrap();
    let (text, _) = out(
        &cat,
        &Options {
            expanded: true,
            ..Options::default()
        },
    );
    let expanded: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(expanded, expand(&compact));
    assert_eq!(
        expanded[5]["http://schema.org/datePublished"],
        json!([{"@value": "2023-04", "@type": "http://schema.org/Date"}])
    );
    assert_eq!(
        expanded[1]["http://schema.org/position"],
        json!([{"@value": 1}])
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~中文\u{3000}\\n\\t\"\\\\@#%/]{0,30}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_comes_back(
        title in text_strategy(),
        heading in text_strategy(),
        note in text_strategy(),
        section in text_strategy(),
        key in text_strategy(),
        arxiv in text_strategy(),
        url in text_strategy(),
    ) {
        let mut p = paper(&key);
        p.title = Some(title.clone());
        p.heading = heading.clone();
        p.arxiv = Some(arxiv.clone());
        p.url = Some(format!("https://x.org/{url}"));
        p.fields = vec![Field { label: "动机".into(), kind: FieldKind::Motivation, text: note.clone(), line: 1 }];
        p.occurrences[0].section = vec![section.clone()];
        let cat = Catalogue {
            title: Some(title.clone()),
            sections: vec![Section { title: section.clone(), level: 2, path: vec![section.clone()], ..Default::default() }],
            papers: vec![p],
            ..Default::default()
        };
        for expanded in [false, true] {
            let (text, _) = out(&cat, &Options { expanded, ..Options::default() });
            let _: Value = serde_json::from_str(&text).unwrap();
        }
        let graph = graph(&cat);
        assert_ids_resolve(&graph);
        let lit = |v: &Value| v.as_str().map(str::to_string).unwrap_or_else(|| v["@value"].as_str().unwrap().to_string());
        let sec = &graph[1];
        if !section.trim().is_empty() {
            prop_assert_eq!(lit(&sec["name"]), section.clone());
        }
        let p = &graph[2];
        prop_assert_eq!(&p["isPartOf"], &json!([sec["@id"]]));
        prop_assert!(iri::is_iri_text(p["@id"].as_str().unwrap()));
        prop_assert!(iri::is_iri_text(sec["@id"].as_str().unwrap()));
        prop_assert!(iri::is_iri_text(p["url"].as_str().unwrap()));
        if !title.trim().is_empty() {
            prop_assert_eq!(lit(&p["name"]), title.trim());
        }
        if !note.trim().is_empty() {
            prop_assert_eq!(lit(&p["motivation"]), note.clone());
        }
        if !arxiv.trim().is_empty() {
            prop_assert_eq!(lit(&p["identifier"][0]["value"]), arxiv.trim());
        }
    }
}

/// Many nodes sharing one stem (the same key, section path or repository) get distinct
/// @ids without rescanning the ones taken (linear, not quadratic, in their number).
#[test]
fn many_shared_stems_stay_distinct() {
    let n = 5000;
    let cat = Catalogue {
        sections: (0..n)
            .map(|i| Section {
                title: "S".into(),
                level: 2,
                path: vec!["S".into()],
                line: i,
                ..Default::default()
            })
            .collect(),
        papers: (0..n)
            .map(|_| Paper {
                code: vec!["https://github.com/a/b".into()],
                ..paper("k")
            })
            .collect(),
        ..Default::default()
    };
    // Papers outside every section: the sections are empty and left out, but still claim
    // their IRIs.
    let (text, diags) = out(&cat, &Options::default());
    let doc: Value = serde_json::from_str(&text).unwrap();
    let graph = doc["@graph"].as_array().unwrap();
    let ids: BTreeSet<&str> = graph.iter().map(|n| n["@id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), graph.len());
    assert_eq!(graph.len(), 1 + n as usize + 1);
    assert!(ids.contains(format!("{BASE}paper/k-{n}").as_str()));
    assert_eq!(diags.len(), n as usize - 1);
}

/// A section with no paper anywhere below it would be an empty `Collection`: it is left out,
/// and the positions count the sections written.
#[test]
fn empty_sections_are_left_out() {
    let sec = |title: &str, parent: Option<usize>, path: &[&str]| Section {
        title: title.into(),
        level: 2,
        path: path.iter().map(|s| s.to_string()).collect(),
        parent,
        file: "a.md".into(),
        line: 1,
    };
    let mut a = paper("a");
    a.occurrences[0].section = vec!["A".into()];
    let mut e = paper("e");
    e.occurrences[0].section = vec!["D".into(), "E".into()];
    let cat = Catalogue {
        sections: vec![
            sec("A", None, &["A"]),
            sec("B", None, &["B"]),
            sec("D", None, &["D"]),
            sec("E", Some(2), &["D", "E"]),
            sec("F", Some(2), &["D", "F"]),
        ],
        papers: vec![a, e],
        ..Default::default()
    };
    let graph = graph(&cat);
    assert_ids_resolve(&graph);
    let ids: Vec<&str> = graph.iter().map(|n| n["@id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            BASE,
            "https://papercat.invalid/catalogue/section/A",
            "https://papercat.invalid/catalogue/section/D",
            "https://papercat.invalid/catalogue/section/D/E",
            "https://papercat.invalid/catalogue/paper/a",
            "https://papercat.invalid/catalogue/paper/e",
        ]
    );
    assert_eq!(
        graph[0]["hasPart"],
        json!([{"@id": format!("{BASE}section/A")}, {"@id": format!("{BASE}section/D")}])
    );
    assert_eq!(graph[2]["position"], 2, "D is the second section written");
    assert_eq!(
        graph[2]["hasPart"],
        json!([{"@id": format!("{BASE}section/D/E")}])
    );
}

/// What Google's Dataset rich result requires (name and a description of 50 to 5,000
/// characters) holds for any catalogue, even one without a title or papers.
#[test]
fn catalogue_is_a_dataset_google_accepts() {
    let long = Catalogue {
        sections: (0..2000)
            .map(|i| Section {
                title: format!("第{i}节"),
                level: 2,
                path: vec![format!("第{i}节")],
                ..Default::default()
            })
            .collect(),
        papers: (0..2000)
            .map(|i| {
                let mut p = paper(&format!("k{i}"));
                p.occurrences[0].section = vec![format!("第{i}节")];
                p
            })
            .collect(),
        ..Default::default()
    };
    for cat in [Catalogue::default(), papercat_testkit::fixture(), long] {
        let root = graph(&cat)[0].clone();
        assert_eq!(root["@type"], "Dataset");
        let text = |v: &Value| {
            v.as_str()
                .or_else(|| v["@value"].as_str())
                .unwrap_or_default()
                .to_string()
        };
        assert!(!text(&root["name"]).trim().is_empty(), "{root}");
        let description = text(&root["description"]).chars().count();
        assert!((50..=5000).contains(&description), "{description}: {root}");
    }
}
