//! What the JSON, CSL-JSON and JSON-LD writers promise, read back with serde_json.

use std::collections::HashSet;

use papercat_core::Catalogue;

use super::{count_mismatch, err, snippet};

pub(super) fn check_json(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(out).map_err(|e| format!("not JSON: {e}"))?;
    let papers = v["papers"].as_array().ok_or("no `papers` array")?;
    count_mismatch("objects in `papers`", papers.len(), cat)?;
    for (p, j) in cat.papers.iter().zip(papers) {
        if j["key"] != p.key.as_str() || j["heading"] != p.heading.as_str() {
            return Err(format!(
                "paper `{}` does not read back: {}",
                p.key,
                snippet(&j.to_string())
            ));
        }
        let title = serde_json::to_value(&p.work.title).map_err(err)?;
        if j["title"] != title {
            return Err(format!("title of `{}` does not read back", p.key));
        }
    }
    Ok(())
}

pub(super) fn check_csljson(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(out).map_err(|e| format!("not JSON: {e}"))?;
    let items = v.as_array().ok_or("not a JSON array")?;
    count_mismatch("items", items.len(), cat)?;
    for (p, item) in cat.papers.iter().zip(items) {
        if item["id"] != p.key.as_str() {
            return Err(format!("item {} is not `{}`", item["id"], p.key));
        }
        if !item["type"].is_string() {
            return Err(format!("item `{}` has no type", p.key));
        }
    }
    Ok(())
}

pub(super) fn check_jsonld(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(out).map_err(|e| format!("not JSON: {e}"))?;
    let graph = v["@graph"].as_array().ok_or("no `@graph` array")?;
    let articles = graph
        .iter()
        .filter(|n| n["@type"] == "ScholarlyArticle")
        .count();
    count_mismatch("ScholarlyArticle nodes", articles, cat)?;
    let mut ids = HashSet::new();
    for node in graph {
        let id = node["@id"].as_str().ok_or("a node without `@id`")?;
        if !ids.insert(id) {
            return Err(format!("two nodes share the @id {}", snippet(id)));
        }
    }
    let mut bad = None;
    visit_ids(&v, &mut |id| {
        let excluded = |c: char| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c);
        let absolute = id.starts_with("https://") || id.starts_with("http://");
        if bad.is_none() && (!absolute || id.contains(excluded)) {
            bad = Some(id.to_string());
        }
    });
    match bad {
        Some(id) => Err(format!("@id is not an absolute IRI: {}", snippet(&id))),
        None => Ok(()),
    }
}

fn visit_ids(v: &serde_json::Value, f: &mut impl FnMut(&str)) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("@id", serde_json::Value::String(s)) => f(s),
                    // The context maps terms to IRIs; those are ours, not the catalogue's.
                    ("@context", _) => {}
                    _ => visit_ids(x, f),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| visit_ids(x, f)),
        _ => {}
    }
}
