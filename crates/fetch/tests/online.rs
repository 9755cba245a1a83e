//! Fetching against a local server that answers in the documented formats of the three
//! services (responses written by us from the arXiv API user manual, the Crossref REST API
//! documentation and the Anthology's per-paper BibTeX).

use std::time::Duration;

use papercat_core::Catalogue;
use papercat_fetch::{fetch, Endpoints, Fetched, Mode, Options};
use papercat_testkit::http::{Hit, Reply, Server};

const CATALOGUE: &str = "\
## Papers

- LLaVA：视觉指令微调
  - 论文地址：https://arxiv.org/abs/2304.08485

- Query2doc
  - 论文名称：Query2doc: Query Expansion with Large Language Models
  - 论文地址：https://arxiv.org/abs/2303.07678

- ResNet
  - 论文名称：Deep Residual Learning for Image Recognition
  - 论文地址：https://doi.org/10.1109/CVPR.2016.90

- SimCSE
  - 论文名称：SimCSE: Simple Contrastive Learning of Sentence Embeddings
  - 论文地址：https://aclanthology.org/2021.emnlp-main.552/
";

fn entry(id: &str, title: &str, authors: &[&str], published: &str, extra: &str) -> String {
    let names: String = authors
        .iter()
        .map(|a| format!("    <author><name>{a}</name></author>\n"))
        .collect();
    format!(
        "  <entry>\n    <id>http://arxiv.org/abs/{id}v1</id>\n    <updated>{published}</updated>\n    \
         <published>{published}</published>\n    <title>{title}</title>\n    <summary>An abstract.</summary>\n\
         {names}{extra}    <link href=\"http://arxiv.org/abs/{id}v1\" rel=\"alternate\" type=\"text/html\"/>\n    \
         <arxiv:primary_category xmlns:arxiv=\"http://arxiv.org/schemas/atom\" term=\"cs.CL\" scheme=\"http://arxiv.org/schemas/atom\"/>\n  </entry>\n"
    )
}

fn feed(entries: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  \
         <title type=\"html\">ArXiv Query</title>\n  <id>http://arxiv.org/api/x</id>\n  \
         <opensearch:totalResults xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">{}</opensearch:totalResults>\n{}</feed>\n",
        entries.len(),
        entries.concat()
    )
}

fn arxiv_entry(id: &str) -> Option<String> {
    Some(match id {
        "2304.08485" => entry(
            id,
            "Visual Instruction Tuning",
            &["Haotian Liu", "Chunyuan Li", "Qingyang Wu", "Yong Jae Lee"],
            "2023-04-17T17:59:25Z",
            "    <arxiv:journal_ref xmlns:arxiv=\"http://arxiv.org/schemas/atom\">NeurIPS 2023</arxiv:journal_ref>\n",
        ),
        "2303.07678" => entry(
            id,
            "Query2doc: Query Expansion with Large Language Models",
            &["Liang Wang", "Nan Yang", "Furu Wei"],
            "2023-03-14T07:27:30Z",
            "",
        ),
        _ => return None,
    })
}

const CROSSREF: &str = r#"{"status":"ok","message-type":"work","message-version":"1.0.0","message":{
 "DOI":"10.1109/cvpr.2016.90","type":"proceedings-article","publisher":"IEEE",
 "title":["Deep Residual Learning for Image Recognition"],
 "container-title":["2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"],
 "author":[{"given":"Kaiming","family":"He","sequence":"first","affiliation":[]},
           {"given":"Xiangyu","family":"Zhang","sequence":"additional","affiliation":[]},
           {"given":"Shaoqing","family":"Ren","sequence":"additional","affiliation":[]},
           {"given":"Jian","family":"Sun","sequence":"additional","affiliation":[]}],
 "issued":{"date-parts":[[2016,6]]},"URL":"https://doi.org/10.1109/cvpr.2016.90"}}"#;

const ACL_BIB: &str = r#"@inproceedings{gao-etal-2021-simcse,
    title = "{S}im{CSE}: Simple Contrastive Learning of Sentence Embeddings",
    author = "Gao, Tianyu  and
      Yao, Xingcheng  and
      Chen, Danqi",
    booktitle = "Proceedings of the 2021 Conference on Empirical Methods in Natural Language Processing",
    month = nov,
    year = "2021",
    address = "Online and Punta Cana, Dominican Republic",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/2021.emnlp-main.552/",
    doi = "10.18653/v1/2021.emnlp-main.552",
    pages = "6894--6910",
}
"#;

/// The three services, well-behaved.
fn services(hit: &Hit, _n: usize) -> Reply {
    if let Some(q) = hit.path.strip_prefix("/api/query?id_list=") {
        let ids = q.split('&').next().unwrap_or("");
        let entries: Vec<String> = ids.split(',').filter_map(arxiv_entry).collect();
        return Reply::ok(feed(&entries)).header("Content-Type", "application/atom+xml");
    }
    match hit.path.as_str() {
        "/works/10.1109/cvpr.2016.90" => {
            Reply::ok(CROSSREF).header("Content-Type", "application/json")
        }
        "/acl/2021.emnlp-main.552.bib" => Reply::ok(ACL_BIB),
        "/works/10.1000/missing" => Reply::status(404, "Resource not found."),
        _ => Reply::status(404, "Not Found"),
    }
}

fn opts(server: &Server, cache: Option<&std::path::Path>) -> Options {
    Options {
        endpoints: Endpoints {
            arxiv: format!("{}/api/query", server.url),
            crossref: server.url.clone(),
            acl: format!("{}/acl", server.url),
        },
        cache_dir: cache.map(std::path::Path::to_path_buf),
        mailto: Some("papercat-tests@example.org".into()),
        arxiv_spacing: Duration::from_millis(200),
        spacing: Duration::ZERO,
        timeout: Duration::from_secs(5),
        backoff: Duration::from_millis(50),
        ..Options::default()
    }
}

fn run(cat: &Catalogue, o: &Options) -> (Catalogue, Fetched) {
    let f = fetch(cat, o);
    let (out, _) = papercat_enrich::enrich(cat.clone(), &f.sources, &Default::default());
    (out, f)
}

fn paper<'a>(cat: &'a Catalogue, needle: &str) -> &'a papercat_core::Paper {
    cat.papers
        .iter()
        .find(|p| {
            p.work.arxiv.as_deref() == Some(needle)
                || p.work
                    .doi
                    .as_deref()
                    .is_some_and(|d| d.eq_ignore_ascii_case(needle))
                || p.work.acl.as_deref() == Some(needle)
        })
        .unwrap_or_else(|| panic!("no paper {needle}"))
}

fn codes(f: &Fetched) -> Vec<&str> {
    f.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn three_services_fill_authors_year_and_venue_with_provenance() {
    let server = Server::start(services);
    let cat = papercat_core::parse_str(CATALOGUE);
    let (out, f) = run(&cat, &opts(&server, None));
    assert!(f.diagnostics.is_empty(), "{:?}", f.diagnostics);

    let llava = paper(&out, "2304.08485");
    assert_eq!(
        llava.work.title.as_deref(),
        Some("Visual Instruction Tuning")
    );
    assert_eq!(llava.work.authors.len(), 4);
    assert_eq!(llava.work.authors[3].display(), "Yong Jae Lee");
    assert_eq!(
        llava.work.venue.as_ref().map(|v| v.raw.as_str()),
        Some("NeurIPS 2023")
    );
    let prov = llava
        .provenance
        .iter()
        .find(|p| p.field == "authors")
        .expect("provenance");
    assert_eq!(
        prov.source,
        format!("{}/api/query?id_list=2304.08485", server.url)
    );
    assert_eq!(prov.matched_by, "arxiv");

    let resnet = paper(&out, "10.1109/CVPR.2016.90");
    assert_eq!(resnet.work.authors[0].display(), "Kaiming He");
    assert_eq!(resnet.work.year, Some(2016));
    assert!(resnet
        .work
        .venue
        .as_ref()
        .is_some_and(|v| v.raw.contains("CVPR")));
    let prov = resnet
        .provenance
        .iter()
        .find(|p| p.field == "venue")
        .expect("provenance");
    assert_eq!(
        prov.source,
        format!("{}/works/10.1109/cvpr.2016.90", server.url)
    );
    assert_eq!(prov.matched_by, "doi");

    let simcse = paper(&out, "2021.emnlp-main.552");
    assert_eq!(simcse.work.authors.len(), 3);
    assert_eq!(simcse.work.authors[0].family(), "Gao");
    assert_eq!(simcse.work.year, Some(2021));
    // The catalogue's ACL Anthology id already names the venue (EMNLP 2021), and the
    // catalogue wins: the fetched booktitle does not replace it.
    assert!(simcse
        .work
        .venue
        .as_ref()
        .is_some_and(|v| v.raw == "EMNLP 2021"));
    let prov = simcse
        .provenance
        .iter()
        .find(|p| p.field == "authors")
        .expect("provenance");
    assert_eq!(
        prov.source,
        format!("{}/acl/2021.emnlp-main.552.bib", server.url)
    );

    // The two arXiv ids went in one batch; the contact address is in every User-Agent.
    let hits = server.hits();
    let arxiv: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.path.starts_with("/api/query"))
        .collect();
    assert_eq!(arxiv.len(), 1, "{hits:?}");
    assert_eq!(
        arxiv[0].path,
        "/api/query?id_list=2304.08485,2303.07678&max_results=2"
    );
    assert_eq!(hits.len(), 3);
    for h in &hits {
        assert!(h.user_agent.starts_with("papercat/"), "{}", h.user_agent);
        assert!(h.user_agent.contains("mailto:papercat-tests@example.org"));
    }
    assert_eq!(f.summary.fetched, 4);
    assert_eq!(f.summary.requests, 3);
}

#[test]
fn arxiv_batches_are_spaced() {
    let server = Server::start(services);
    let md: String = (0..5)
        .map(|i| format!("- Paper {i}\n  - 论文地址：https://arxiv.org/abs/2401.0000{i}\n\n"))
        .collect();
    let cat = papercat_core::parse_str(&md);
    let o = Options {
        arxiv_batch: 2,
        arxiv_spacing: Duration::from_millis(400),
        ..opts(&server, None)
    };
    let f = fetch(&cat, &o);
    let hits = server.hits();
    let paths: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/api/query?id_list=2401.00000,2401.00001&max_results=2",
            "/api/query?id_list=2401.00002,2401.00003&max_results=2",
            "/api/query?id_list=2401.00004&max_results=1",
        ]
    );
    for w in hits.windows(2) {
        let gap = w[1].at.duration_since(w[0].at);
        assert!(gap >= Duration::from_millis(380), "requests {gap:?} apart");
    }
    // The server knows none of them: a well-formed empty feed means "no such paper".
    assert_eq!(codes(&f), ["fetch-not-found"; 5]);
    assert!(f.diagnostics[0].message.contains("2401.00000"));
    assert_eq!(f.diagnostics[0].line, 1);
}

#[test]
fn retry_after_503_is_honoured() {
    let server = Server::start(|hit, n| {
        if n == 0 {
            Reply::status(503, "busy").header("Retry-After", "1")
        } else {
            services(hit, n)
        }
    });
    let cat = papercat_core::parse_str(CATALOGUE);
    let (out, f) = run(&cat, &opts(&server, None));
    assert!(f.diagnostics.is_empty(), "{:?}", f.diagnostics);
    assert_eq!(paper(&out, "2304.08485").work.authors.len(), 4);
    assert_eq!(paper(&out, "10.1109/CVPR.2016.90").work.authors.len(), 4);
    let hits = server.hits();
    assert_eq!(hits.len(), 6, "each path asked twice: {hits:?}");
    let first = hits
        .iter()
        .filter(|h| h.path.starts_with("/works/"))
        .collect::<Vec<_>>();
    assert!(first[1].at.duration_since(first[0].at) >= Duration::from_millis(950));
}

#[test]
fn retries_are_bounded() {
    let server = Server::start(|_, _| Reply::status(503, "busy"));
    let cat = papercat_core::parse_str(CATALOGUE);
    let o = Options {
        retries: 2,
        ..opts(&server, None)
    };
    let f = fetch(&cat, &o);
    assert_eq!(codes(&f), ["fetch-failed"; 4], "{:?}", f.diagnostics);
    assert!(f.diagnostics[0].message.contains("HTTP 503"));
    // 3 services (arXiv in one batch), 3 tries each.
    assert_eq!(server.hits().len(), 9);
    // A Retry-After longer than papercat waits ends the retries at once.
    let server = Server::start(|_, _| Reply::status(503, "busy").header("Retry-After", "3600"));
    let f = fetch(&cat, &opts(&server, None));
    assert_eq!(server.hits().len(), 3);
    assert!(
        f.diagnostics[0].message.contains("retry after 3600 s"),
        "{}",
        f.diagnostics[0].message
    );
}

#[test]
fn malformed_and_empty_responses_are_diagnostics_naming_paper_and_service() {
    let server = Server::start(|hit, _| {
        if hit.path.starts_with("/api/query") {
            Reply::ok("<html><body>Service Unavailable</body></html>")
        } else if hit.path.starts_with("/works/") {
            Reply::ok("")
        } else {
            Reply::ok("<!DOCTYPE html><html>not bibtex</html>")
        }
    });
    let cat = papercat_core::parse_str(CATALOGUE);
    let (out, f) = run(&cat, &opts(&server, None));
    assert_eq!(codes(&f), ["fetch-bad-response"; 4], "{:?}", f.diagnostics);
    let msgs: Vec<&str> = f.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        msgs[0].contains("Crossref 10.1109/cvpr.2016.90"),
        "{msgs:?}"
    );
    assert!(msgs[0].contains("Deep Residual Learning"), "{msgs:?}");
    assert!(
        msgs[1].contains("ACL Anthology 2021.emnlp-main.552"),
        "{msgs:?}"
    );
    assert!(msgs[2].contains("arXiv API 2304.08485"), "{msgs:?}");
    assert!(out.papers.iter().all(|p| p.work.authors.is_empty()));
    assert_eq!(f.summary.failed, 4);
}

#[test]
fn timeouts_are_diagnostics() {
    let server = Server::start(|hit, n| {
        let mut r = services(hit, n);
        r.delay = Duration::from_millis(1500);
        r
    });
    let md = "- X\n  - 论文地址：https://arxiv.org/abs/2304.08485\n";
    let cat = papercat_core::parse_str(md);
    let o = Options {
        timeout: Duration::from_millis(300),
        retries: 0,
        ..opts(&server, None)
    };
    let f = fetch(&cat, &o);
    assert_eq!(codes(&f), ["fetch-failed"]);
    assert!(
        f.diagnostics[0].message.contains("timeout"),
        "{}",
        f.diagnostics[0].message
    );
}

#[test]
fn an_id_whose_title_differs_fills_nothing() {
    // Query2doc listed with LLaVA's arXiv id (a copy-paste error).
    let md = "- Query2doc\n  - 论文名称：Query2doc: Query Expansion with Large Language Models\n  - 论文地址：https://arxiv.org/abs/2304.08485\n";
    let server = Server::start(services);
    let cat = papercat_core::parse_str(md);
    let (out, f) = run(&cat, &opts(&server, None));
    assert!(f.diagnostics.is_empty());
    assert!(out.papers[0].work.authors.is_empty());
    assert!(out.papers[0].provenance.is_empty());
    assert!(out
        .diagnostics
        .iter()
        .any(|d| d.code == "enrich-title-mismatch"));
}

#[test]
fn the_cache_answers_the_second_run_and_modes_work() {
    let dir = tempfile::tempdir().unwrap();
    let md = format!("{CATALOGUE}\n- Missing\n  - 论文名称：A Paper Crossref Does Not Know\n  - 论文地址：https://doi.org/10.1000/missing\n");
    let cat = papercat_core::parse_str(&md);
    let server = Server::start(services);
    let o = opts(&server, Some(dir.path()));
    let (first, f1) = run(&cat, &o);
    assert_eq!(codes(&f1), ["fetch-not-found"]);
    assert_eq!(server.hits().len(), 4);
    drop(server);

    // The server is gone: everything comes from the cache, the same.
    let (second, f2) = run(&cat, &o);
    assert_eq!(first, second);
    assert_eq!(
        codes(&f2),
        ["fetch-not-found"],
        "not-found answers are cached too"
    );
    assert_eq!((f2.summary.from_cache, f2.summary.requests), (5, 0));
    let offline = Options {
        mode: Mode::Offline,
        ..o.clone()
    };
    let (third, _) = run(&cat, &offline);
    assert_eq!(first, third);

    // A corrupt entry is fetched again, not fatal; offline it is only a warning.
    let entry = dir.path().join("arxiv").join("2304.08485.json");
    std::fs::write(&entry, "{ truncated").unwrap();
    let (_, f3) = run(&cat, &offline);
    assert!(f3.diagnostics.iter().any(|d| d.code == "fetch-not-cached"));
    let server = Server::start(services);
    let o = opts(&server, Some(dir.path()));
    let (fourth, f4) = run(&cat, &o);
    assert!(f4.diagnostics.iter().all(|d| d.code == "fetch-not-found"));
    assert_eq!(
        paper(&fourth, "2304.08485").work.authors,
        paper(&first, "2304.08485").work.authors
    );
    assert_eq!(server.hits().len(), 1, "only the corrupt entry is fetched");
    assert!(std::fs::read_to_string(&entry)
        .unwrap()
        .contains("Visual Instruction Tuning"));

    // Refresh asks again for everything.
    let refresh = Options {
        mode: Mode::Refresh,
        ..o
    };
    let _ = run(&cat, &refresh);
    assert_eq!(server.hits().len(), 5);
}
