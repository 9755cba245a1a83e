//! `--fetch` against a local server answering like the arXiv API, Crossref and the ACL
//! Anthology (formats from their published documentation; the records are made up from the
//! catalogue's own titles, with invented authors).

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use papercat_testkit::http::{Hit, Reply, Server};

use super::{bin, json, papers, sample, stderr};

/// The papercat command with every endpoint and the cache pointed at test places.
fn papercat(server: &Server, cache: &Path) -> Command {
    let mut c = bin();
    c.env("PAPERCAT_ARXIV_API", format!("{}/api/query", server.url))
        .env("PAPERCAT_CROSSREF_API", &server.url)
        .env("PAPERCAT_ACL_API", format!("{}/acl", server.url))
        .env("PAPERCAT_CACHE_DIR", cache)
        .env("PAPERCAT_ARXIV_SPACING_MS", "0")
        .env("PAPERCAT_FETCH_BACKOFF_MS", "10")
        .env("PAPERCAT_FETCH_TIMEOUT_MS", "5000")
        .env_remove("PAPERCAT_MAILTO");
    c
}

fn output(mut c: Command, args: &[&str]) -> Output {
    c.args(args).output().expect("run papercat")
}

/// arXiv id -> title, from the sample as parsed.
fn sample_titles() -> HashMap<String, String> {
    let out = super::run(&["parse", sample("llm-reading-notes.md")]);
    let v = json(&out);
    papers(&v)
        .iter()
        .filter_map(|p| {
            let id = p["arxiv"].as_str()?;
            let title = p["title"].as_str().or_else(|| p["heading"].as_str())?;
            Some((id.to_string(), title.to_string()))
        })
        .collect()
}

fn atom(entries: &[(String, String)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    for (id, title) in entries {
        let title = title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        s.push_str(&format!(
            "<entry>\n<id>http://arxiv.org/abs/{id}v1</id>\n<published>2023-05-01T00:00:00Z</published>\n\
             <title>{title}</title>\n<author><name>Ada Lovelace</name></author>\n<author><name>Alan M. Turing</name></author>\n\
             <arxiv:primary_category xmlns:arxiv=\"http://arxiv.org/schemas/atom\" term=\"cs.CL\"/>\n</entry>\n"
        ));
    }
    s.push_str("</feed>\n");
    s
}

/// A server that knows every arXiv id of the sample.
fn arxiv_server() -> Server {
    let titles = Arc::new(sample_titles());
    Server::start(move |hit: &Hit, _| {
        let Some(q) = hit.path.strip_prefix("/api/query?id_list=") else {
            return Reply::status(404, "Not Found");
        };
        let ids = q.split('&').next().unwrap_or("");
        let entries: Vec<(String, String)> = ids
            .split(',')
            .filter_map(|id| Some((id.to_string(), titles.get(id)?.clone())))
            .collect();
        Reply::ok(atom(&entries))
    })
}

#[test]
fn fetch_fills_the_sample_and_the_cache_gives_the_same_bytes_offline() {
    let tmp = tempfile::tempdir().expect("tmp");
    let cache = tmp.path().join("cache");
    let first = tmp.path().join("first.bib");
    let server = arxiv_server();
    let out = output(
        papercat(&server, &cache),
        &[
            "export",
            sample("llm-reading-notes.md"),
            "--to",
            "bibtex",
            "--fetch",
            "-o",
            first.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "the sample's own error is reported, the file is written: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(err.contains("online metadata for"), "{err}");
    assert!(!err.contains("warning[fetch-failed]"), "{err}");
    assert!(!err.contains("warning[fetch-bad-response]"), "{err}");
    // The server knows no ACL paper: two 404s, each a warning at the paper's line.
    assert_eq!(err.matches("warning[fetch-not-found]").count(), 2, "{err}");
    let bib = std::fs::read_to_string(&first).expect("bib written");
    // Flamingo listed no authors; now it has the server's.
    let flamingo = bib
        .split("\n@")
        .find(|e| e.contains("2204.14198"))
        .expect("Flamingo entry");
    assert!(
        flamingo.contains("author        = {Lovelace, Ada and Turing, Alan M.}"),
        "{flamingo}"
    );
    let hits = server.hits();
    let arxiv: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.path.starts_with("/api/"))
        .collect();
    assert_eq!(arxiv.len(), 1, "one arXiv batch: {hits:?}");
    assert_eq!(hits.len(), 3, "and the two ACL ids: {hits:?}");
    assert!(hits[0].user_agent.starts_with("papercat/"));
    drop(server);

    // The server is gone: the cache answers, byte for byte.
    let server = Server::start(|_, _| Reply::status(500, "must not be asked"));
    let second = tmp.path().join("second.bib");
    let out = output(
        papercat(&server, &cache),
        &[
            "export",
            sample("llm-reading-notes.md"),
            "--to",
            "bibtex",
            "--fetch",
            "-o",
            second.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&first).expect("first"),
        std::fs::read(&second).expect("second")
    );
    let out = output(
        papercat(&server, &cache),
        &[
            "parse",
            sample("llm-reading-notes.md"),
            "--fetch",
            "--offline",
        ],
    );
    let v = json(&out);
    let fl = papers(&v)
        .iter()
        .find(|p| p["arxiv"] == "2204.14198")
        .expect("Flamingo");
    assert_eq!(fl["authors"][0]["family"], "Lovelace");
    let prov = fl["provenance"]
        .as_array()
        .and_then(|a| a.iter().find(|p| p["field"] == "authors"))
        .expect("authors provenance");
    assert!(
        prov["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("/api/query?id_list=2204.14198")),
        "{prov}"
    );
    assert!(server.hits().is_empty(), "{:?}", server.hits());
}

#[test]
fn without_fetch_the_network_is_never_used() {
    let tmp = tempfile::tempdir().expect("tmp");
    let server = Server::start(|_, _| Reply::ok(""));
    let cache = tmp.path().join("cache");
    let bib = tmp.path().join("out.bib");
    let s = sample("llm-reading-notes.md");
    // Exit codes: the sample's own error fails `parse` and `check`; `export` still succeeds.
    for (args, code) in [
        (
            vec![
                "export",
                s,
                "--to",
                "bibtex",
                "-o",
                bib.to_str().expect("utf-8"),
            ],
            0,
        ),
        (
            vec![
                "export",
                s,
                "--all",
                "--out-dir",
                tmp.path().to_str().expect("utf-8"),
            ],
            0,
        ),
        (vec!["parse", s], 1),
        (vec!["check", s], 1),
    ] {
        let out = output(papercat(&server, &cache), &args);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {}", stderr(&out));
    }
    let out = output(papercat(&server, &cache), &["enrich", s]);
    assert_eq!(out.status.code(), Some(2), "enrich needs --with or --fetch");
    assert!(server.hits().is_empty(), "{:?}", server.hits());
    assert!(!cache.exists());
}

#[test]
fn a_malformed_answer_is_a_warning_and_the_export_is_still_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let md = tmp.path().join("notes.md");
    std::fs::write(
        &md,
        "## Papers\n\n- Flamingo\n  - 论文名称：Flamingo: a Visual Language Model for Few-Shot Learning\n  - 论文地址：https://arxiv.org/abs/2204.14198\n\n\
         - ResNet\n  - 论文名称：Deep Residual Learning for Image Recognition\n  - 论文地址：https://doi.org/10.1109/CVPR.2016.90\n",
    )
    .expect("write");
    let server = Server::start(|hit, _| {
        if hit.path.starts_with("/works/") {
            Reply::ok("{\"status\":\"ok\",\"message\":")
        } else {
            Reply::ok("")
        }
    });
    let out_file = tmp.path().join("out.csv");
    let mut c = papercat(&server, &tmp.path().join("cache"));
    c.env("PAPERCAT_MAILTO", "me@example.org");
    let out = output(
        c,
        &[
            "export",
            md.to_str().expect("utf-8"),
            "--to",
            "csv",
            "--fetch",
            "-o",
            out_file.to_str().expect("utf-8"),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(out_file.exists());
    assert!(
        err.contains("notes.md:3:1: warning[fetch-bad-response]: `Flamingo: a Visual Language Model for Few-Shot Learning`: arXiv API 2204.14198"),
        "{err}"
    );
    assert!(
        err.contains("warning[fetch-bad-response]: `Deep Residual Learning for Image Recognition`: Crossref 10.1109/cvpr.2016.90"),
        "{err}"
    );
    assert!(server
        .hits()
        .iter()
        .all(|h| h.user_agent.contains("mailto:me@example.org")));
    // --deny-warnings turns them into a failing exit code, still with the file written.
    let out = output(
        papercat(&server, &tmp.path().join("cache")),
        &[
            "export",
            md.to_str().expect("utf-8"),
            "--to",
            "csv",
            "--fetch",
            "--deny-warnings",
            "-o",
            out_file.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
}
