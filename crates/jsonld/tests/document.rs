//! The compact and expanded documents of the fixture, read back with serde_json.

mod common;

use common::*;
use papercat_core::Catalogue;
use papercat_jsonld::{write, Error, Options, NAMESPACE};
use serde_json::{json, Value};
use std::collections::HashMap;

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
    let ids = node_ids(graph);
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
    assert_eq!(p["name"], src.work.title.clone().unwrap());
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
