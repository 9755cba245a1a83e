//! papercat-fetch: complete a catalogue's papers from online services, with an on-disk cache.
//!
//! Papers lacking authors, a year, a title or a venue are looked up by their identifiers:
//!
//! * arXiv ids through the arXiv API (`{PAPERCAT_ARXIV_API}?id_list=a,b,c&max_results=3`,
//!   an Atom feed), in batches, one request at a time and [`Options::arxiv_spacing`] (3 s)
//!   apart, as arXiv's terms of use ask;
//! * DOIs through the Crossref REST API (`{PAPERCAT_CROSSREF_API}/works/{doi}`), with the
//!   contact address of [`Options::mailto`] in the User-Agent (Crossref's "polite pool");
//! * ACL Anthology ids through the Anthology's per-paper BibTeX (`{PAPERCAT_ACL_API}/{id}.bib`).
//!
//! Nothing is merged here: [`fetch`] returns the answers as [`papercat_enrich::Source`]s, which
//! go through [`papercat_enrich::enrich`] like any `.bib` file, so the same matching (an id
//! whose title clearly differs fills nothing) and the same merge rules (the catalogue wins
//! unless `prefer_source`) apply. Each record carries the URL it came from, which becomes the
//! `source` of every value it fills.
//!
//! Every answer is cached by identifier in [`Options::cache_dir`]; a second run reads the cache
//! and sends nothing. [`Mode::Refresh`] fetches again, [`Mode::Offline`] never touches the
//! network.
//! A failure (timeout, HTTP error after bounded retries, malformed response, unknown id) is a
//! warning naming the paper and the service, never an error.
//!
//! ```no_run
//! let cat = papercat_core::parse_str("- LLaVA\n  - 论文地址：https://arxiv.org/abs/2304.08485\n");
//! let fetched = papercat_fetch::fetch(&cat, &papercat_fetch::Options::default());
//! let (cat, report) = papercat_enrich::enrich(cat, &fetched.sources, &Default::default());
//! eprintln!("{}{report}", fetched.summary);
//! ```

mod cache;
mod http;
mod progress;

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use papercat_core::{Catalogue, Code, Diagnostic, Paper};
use papercat_enrich::{Needs, Record, Source, SourceKind};

use cache::{default_dir, Cache, Entry, Lookup};
use http::{Client, Outcome};

/// The default arXiv API query endpoint.
const ARXIV_API: &str = "https://export.arxiv.org/api/query";
/// The default Crossref REST API.
const CROSSREF_API: &str = "https://api.crossref.org";
/// The default ACL Anthology.
const ACL_API: &str = "https://aclanthology.org";

/// Where the services are (tests and mirrors point them elsewhere).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The arXiv API query endpoint.
    pub arxiv: String,
    /// The Crossref REST API base.
    pub crossref: String,
    /// The ACL Anthology base.
    pub acl: String,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            arxiv: ARXIV_API.into(),
            crossref: CROSSREF_API.into(),
            acl: ACL_API.into(),
        }
    }
}

impl Endpoints {
    /// The defaults, each replaced by `PAPERCAT_ARXIV_API`, `PAPERCAT_CROSSREF_API` or
    /// `PAPERCAT_ACL_API` when set.
    pub fn from_env() -> Self {
        let var = |k: &str, d: &str| {
            std::env::var(k)
                .ok()
                .map(|v| v.trim().trim_end_matches('/').to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| d.to_string())
        };
        Endpoints {
            arxiv: var("PAPERCAT_ARXIV_API", ARXIV_API),
            crossref: var("PAPERCAT_CROSSREF_API", CROSSREF_API),
            acl: var("PAPERCAT_ACL_API", ACL_API),
        }
    }
}

/// How the cache and the network are used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Cached answers are used; the rest is fetched and cached.
    #[default]
    Cached,
    /// Everything is fetched again and the cache updated.
    Refresh,
    /// Only the cache is read; nothing is sent.
    Offline,
}

/// Fetching options. `Default` is what the command line uses without test overrides.
#[derive(Debug, Clone)]
pub struct Options {
    /// The services.
    pub endpoints: Endpoints,
    /// The cache folder; `None` caches nothing. Default: `PAPERCAT_CACHE_DIR` when set, else
    /// `$XDG_CACHE_HOME/papercat` or `~/.cache/papercat` (Linux and other Unix),
    /// `~/Library/Caches/papercat` (macOS), `%LOCALAPPDATA%\papercat\cache` (Windows).
    pub cache_dir: Option<PathBuf>,
    /// Cache and network use.
    pub mode: Mode,
    /// A contact address for the User-Agent (Crossref asks for one).
    pub mailto: Option<String>,
    /// Least time between two arXiv requests (3 s: arXiv's terms of use).
    pub arxiv_spacing: Duration,
    /// Least time between two requests to Crossref or the Anthology.
    pub spacing: Duration,
    /// arXiv ids per API request.
    pub arxiv_batch: usize,
    /// Time allowed for one request, connection to last byte.
    pub timeout: Duration,
    /// Retries after a 429, a 5xx, a timeout or a dropped connection.
    pub retries: u32,
    /// First wait before a retry when the server gives no `Retry-After` (doubled each time).
    pub backoff: Duration,
    /// Longest wait honoured (`Retry-After` or backoff); a longer one ends the retries.
    pub max_wait: Duration,
    /// Draw a progress bar on stderr.
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            endpoints: Endpoints::default(),
            cache_dir: default_dir(),
            mode: Mode::Cached,
            mailto: None,
            arxiv_spacing: Duration::from_secs(3),
            spacing: Duration::from_millis(200),
            arxiv_batch: 50,
            timeout: Duration::from_secs(30),
            retries: 3,
            backoff: Duration::from_secs(3),
            max_wait: Duration::from_secs(60),
            progress: false,
        }
    }
}

/// The services, in the order their sources are returned (and so tried by enrichment):
/// the published records (Crossref, the Anthology) before the preprint's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Service {
    /// Crossref, by DOI.
    Crossref,
    /// The ACL Anthology, by Anthology id.
    Acl,
    /// The arXiv API, by arXiv id.
    Arxiv,
}

impl Service {
    const ALL: [Service; 3] = [Service::Crossref, Service::Acl, Service::Arxiv];

    /// The cache folder name and stable short name: `crossref`, `acl`, `arxiv`.
    fn key(self) -> &'static str {
        match self {
            Service::Crossref => "crossref",
            Service::Acl => "acl",
            Service::Arxiv => "arxiv",
        }
    }

    /// The name people know it by.
    fn name(self) -> &'static str {
        match self {
            Service::Crossref => "Crossref",
            Service::Acl => "ACL Anthology",
            Service::Arxiv => "arXiv API",
        }
    }

    fn kind(self) -> SourceKind {
        match self {
            Service::Crossref => SourceKind::CslJson,
            Service::Acl => SourceKind::Bib,
            Service::Arxiv => SourceKind::ArxivAtom,
        }
    }
}

/// Counts of one [`fetch`] run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Identifiers looked up, per service.
    ids: HashMap<Service, usize>,
    /// Answers read from the cache.
    pub from_cache: usize,
    /// Answers fetched.
    pub fetched: usize,
    /// HTTP requests sent (retries included).
    pub requests: u64,
    /// Identifiers the services do not know.
    not_found: usize,
    /// Identifiers whose look-up failed (each has a warning).
    pub failed: usize,
    /// The cache folder used.
    cache_dir: Option<PathBuf>,
}

impl fmt::Display for Summary {
    /// `online metadata for 12 ids (arXiv API 10, Crossref 1, ACL Anthology 1): 3 fetched in
    /// 2 requests, 9 from the cache (~/.cache/papercat), 1 not found, 0 failed`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: usize = self.ids.values().sum();
        let per: Vec<String> = Service::ALL
            .iter()
            .filter_map(|s| self.ids.get(s).map(|n| format!("{} {n}", s.name())))
            .collect();
        write!(f, "online metadata for {total} ids")?;
        if !per.is_empty() {
            write!(f, " ({})", per.join(", "))?;
        }
        write!(
            f,
            ": {} fetched in {} requests, {} from the cache",
            self.fetched, self.requests, self.from_cache
        )?;
        if let Some(d) = &self.cache_dir {
            write!(f, " ({})", d.display())?;
        }
        writeln!(f, ", {} not found, {} failed", self.not_found, self.failed)
    }
}

/// What [`fetch`] found.
#[derive(Debug, Clone)]
pub struct Fetched {
    /// One source per service that answered, Crossref, the Anthology, then arXiv; to be given
    /// to [`papercat_enrich::enrich`].
    pub sources: Vec<Source>,
    /// Warnings at the papers' `file:line`: `fetch-failed` (timeout, HTTP error),
    /// `fetch-bad-response` (malformed answer), `fetch-not-found` (unknown id),
    /// `fetch-not-cached` (offline, no cache entry), `fetch-cache` (cache not writable).
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: Summary,
}

/// Does this paper lack something a service could give (authors, or only the first few
/// before "et al.", a year, a title, a venue)?
fn wants(p: &Paper) -> bool {
    let w = &p.work;
    w.authors.is_empty() || w.et_al || w.year.is_none() || w.title.is_none() || w.venue.is_none()
}

/// Look up, in the cache or online, every identifier of every paper that lacks authors (or
/// has only the first few), a year, a title or a venue. Never fails: problems are [`Fetched::diagnostics`].
pub fn fetch(cat: &Catalogue, opts: &Options) -> Fetched {
    // (service, id) -> papers, in catalogue order.
    let mut wanted: Vec<(Service, String, Vec<usize>)> = Vec::new();
    let mut seen: HashMap<(Service, String), usize> = HashMap::new();
    for (pi, p) in cat.papers.iter().enumerate() {
        if !wants(p) {
            continue;
        }
        let ids = [
            (
                Service::Crossref,
                p.work.doi.as_ref().map(|d| d.to_ascii_lowercase()),
            ),
            (Service::Acl, p.work.acl.clone()),
            (Service::Arxiv, p.work.arxiv.clone()),
        ];
        for (s, id) in ids {
            let Some(id) = id.filter(|i| !i.trim().is_empty()) else {
                continue;
            };
            match seen.get(&(s, id.clone())) {
                Some(&k) => wanted[k].2.push(pi),
                None => {
                    seen.insert((s, id.clone()), wanted.len());
                    wanted.push((s, id, vec![pi]));
                }
            }
        }
    }
    let mut run = Run {
        cat,
        opts,
        cache: opts.cache_dir.as_deref().map(Cache::new),
        records: HashMap::new(),
        diagnostics: Vec::new(),
        summary: Summary {
            cache_dir: opts.cache_dir.clone(),
            ..Summary::default()
        },
        cache_warned: false,
        progress: progress::Progress::new(wanted.len(), opts.progress),
    };
    for (s, _, _) in &wanted {
        *run.summary.ids.entry(*s).or_default() += 1;
    }
    for service in Service::ALL {
        let todo: Vec<&(Service, String, Vec<usize>)> =
            wanted.iter().filter(|w| w.0 == service).collect();
        run.service(service, &todo);
    }
    run.progress.finish();
    let sources = Service::ALL
        .iter()
        .filter_map(|s| {
            let recs = run.records.remove(s)?;
            let name = match s {
                Service::Arxiv => &opts.endpoints.arxiv,
                Service::Crossref => &opts.endpoints.crossref,
                Service::Acl => &opts.endpoints.acl,
            };
            Some(Source::from_records(
                &format!("{} {name}", s.name()),
                s.kind(),
                recs,
            ))
        })
        .collect();
    Fetched {
        sources,
        diagnostics: run.diagnostics,
        summary: run.summary,
    }
}

/// The state of one [`fetch`].
struct Run<'a> {
    cat: &'a Catalogue,
    opts: &'a Options,
    cache: Option<Cache>,
    records: HashMap<Service, Vec<Record>>,
    diagnostics: Vec<Diagnostic>,
    summary: Summary,
    cache_warned: bool,
    progress: progress::Progress,
}

/// The answer for one identifier.
#[allow(clippy::large_enum_variant)] // one at a time, consumed at once: boxing buys nothing
enum Answer {
    Found(Record),
    NotFound(String),
    Failed { code: Code, why: String },
}

impl Run<'_> {
    fn service(&mut self, service: Service, todo: &[&(Service, String, Vec<usize>)]) {
        if todo.is_empty() {
            return;
        }
        // From the cache first.
        let mut to_fetch: Vec<&(Service, String, Vec<usize>)> = Vec::new();
        for &w in todo {
            let (_, id, papers) = w;
            let hit = match (&self.cache, self.opts.mode) {
                (Some(c), Mode::Cached | Mode::Offline) => c.get(service.key(), id),
                _ => Lookup::Miss,
            };
            match hit {
                Lookup::Hit(e) => {
                    self.summary.from_cache += 1;
                    self.progress.step(service.name());
                    let answer = match e.record {
                        Some(r) => Answer::Found(r),
                        None => Answer::NotFound(e.url),
                    };
                    self.answer(service, id, papers, answer);
                }
                Lookup::Miss | Lookup::Corrupt if self.opts.mode == Mode::Offline => {
                    self.progress.step(service.name());
                    self.summary.failed += 1;
                    self.diag(
                        papers,
                        Code::FetchNotCached,
                        format!(
                            "{} {id}: not in the cache, and --offline sends nothing",
                            service.name()
                        ),
                        "run once with --fetch and without --offline to fill the cache",
                    );
                }
                Lookup::Miss | Lookup::Corrupt => to_fetch.push(w),
            }
        }
        if to_fetch.is_empty() {
            return;
        }
        let spacing = if service == Service::Arxiv {
            self.opts.arxiv_spacing
        } else {
            self.opts.spacing
        };
        let mut client = Client::new(
            &user_agent(self.opts.mailto.as_deref()),
            self.opts.timeout,
            spacing,
            self.opts.backoff,
            self.opts.retries,
            self.opts.max_wait,
        );
        match service {
            Service::Arxiv => {
                let batch = self.opts.arxiv_batch.max(1);
                for chunk in to_fetch.chunks(batch) {
                    let ids: Vec<&str> = chunk.iter().map(|w| w.1.as_str()).collect();
                    let answers = match &client.down {
                        Some(why) => ids.iter().map(|_| unreachable(why)).collect(),
                        None => arxiv_batch(&mut client, &self.opts.endpoints.arxiv, &ids),
                    };
                    for (w, a) in chunk.iter().zip(answers) {
                        self.progress.step(service.name());
                        self.fetched(service, &w.1, &w.2, a);
                    }
                }
            }
            Service::Crossref | Service::Acl => {
                for w in to_fetch {
                    let a = if let Some(why) = &client.down {
                        unreachable(why)
                    } else if service == Service::Crossref {
                        crossref(&mut client, &self.opts.endpoints.crossref, &w.1)
                    } else {
                        acl(&mut client, &self.opts.endpoints.acl, &w.1)
                    };
                    self.progress.step(service.name());
                    self.fetched(service, &w.1, &w.2, a);
                }
            }
        }
        self.summary.requests += client.requests;
    }

    /// An answer from the network: cached unless it is a failure, then used.
    fn fetched(&mut self, service: Service, id: &str, papers: &[usize], a: Answer) {
        let entry = match &a {
            Answer::Found(r) => Some(Entry::new(
                r.origin.as_deref().unwrap_or(""),
                Some(r.clone()),
            )),
            Answer::NotFound(url) => Some(Entry::new(url, None)),
            Answer::Failed { .. } => None,
        };
        if !matches!(a, Answer::Failed { .. }) {
            self.summary.fetched += 1;
        }
        if let (Some(cache), Some(entry)) = (&self.cache, entry) {
            if let Err(e) = cache.put(service.key(), id, &entry) {
                if !self.cache_warned {
                    self.cache_warned = true;
                    self.diagnostics.push(
                        Diagnostic::new(
                            Code::FetchCache,
                            &cache.dir().display().to_string(),
                            0,
                            0,
                            format!("cannot write the cache: {e}"),
                        )
                        .with_hint("set PAPERCAT_CACHE_DIR to a writable folder"),
                    );
                }
            }
        }
        self.answer(service, id, papers, a);
    }

    fn answer(&mut self, service: Service, id: &str, papers: &[usize], a: Answer) {
        match a {
            Answer::Found(r) => self.records.entry(service).or_default().push(r),
            Answer::NotFound(url) => {
                self.summary.not_found += 1;
                self.diag(
                    papers,
                    Code::FetchNotFound,
                    format!("{} has no record of {id} ({url})", service.name()),
                    "check the identifier in the catalogue",
                );
            }
            Answer::Failed { code, why } => {
                self.summary.failed += 1;
                self.diag(
                    papers,
                    code,
                    format!("{} {id}: {why}", service.name()),
                    "the paper is exported without it; run again later (answers already fetched are cached)",
                );
            }
        }
    }

    fn diag(&mut self, papers: &[usize], code: Code, message: String, hint: &str) {
        for &pi in papers {
            let Some(p) = self.cat.papers.get(pi) else {
                continue;
            };
            self.diagnostics.push(
                p.diagnostic(code, format!("`{}`: {message}", p.display_title()))
                    .with_hint(hint),
            );
        }
    }
}

/// `papercat/0.1.0 (+https://crates.io/crates/papercat; mailto:me@example.org)`.
fn user_agent(mailto: Option<&str>) -> String {
    let mut ua = format!(
        "papercat/{} (paper catalogue metadata; one request at a time",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(m) = mailto.map(str::trim).filter(|m| !m.is_empty()) {
        ua.push_str("; mailto:");
        ua.push_str(m);
    }
    ua.push(')');
    ua
}

/// Percent-encode a path segment (a DOI keeps its `/`, as Crossref's own links do).
fn encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b':') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn failed(why: impl Into<String>) -> Answer {
    Answer::Failed {
        code: Code::FetchFailed,
        why: why.into(),
    }
}

/// A look-up not attempted because the service could not be reached just before.
fn unreachable(why: &str) -> Answer {
    failed(format!(
        "not asked: the service could not be reached ({why})"
    ))
}

fn malformed(why: impl Into<String>) -> Answer {
    Answer::Failed {
        code: Code::FetchBadResponse,
        why: why.into(),
    }
}

/// The first problem a reader found in a response, for a diagnostic.
fn first_problem(src: &Source) -> String {
    src.diagnostics
        .first()
        .map_or_else(|| "no usable record".to_string(), |d| d.message.clone())
}

/// One arXiv API request for `ids`; an answer per id, in order.
fn arxiv_batch(client: &mut Client, api: &str, ids: &[&str]) -> Vec<Answer> {
    let url = format!(
        "{api}?id_list={}&max_results={}",
        ids.iter()
            .map(|i| encode_path(i))
            .collect::<Vec<_>>()
            .join(","),
        ids.len()
    );
    let one = |id: &str| format!("{api}?id_list={}", encode_path(id));
    let body = match client.get(&url, "application/atom+xml") {
        Outcome::Body(b) => b,
        Outcome::NotFound => {
            return ids
                .iter()
                .map(|_| malformed("HTTP 404 from the arXiv API"))
                .collect()
        }
        Outcome::Failed(why) => return ids.iter().map(|_| failed(why.clone())).collect(),
    };
    let src = Source::from_text(&url, SourceKind::ArxivAtom, &body, &Needs::everything());
    let clean = src.diagnostics.is_empty();
    ids.iter()
        .map(|id| {
            match src
                .records
                .iter()
                .find(|r| r.work.arxiv.as_deref() == Some(id))
            {
                Some(r) => found(r.clone(), one(id)),
                // A well-formed feed without the entry: arXiv has no such paper.
                None if clean => Answer::NotFound(one(id)),
                None => malformed(format!("malformed response: {}", first_problem(&src))),
            }
        })
        .collect()
}

/// The body at `url`, or the answer to give when there is none (not found, or failed).
// The answer is built once per request and returned straight away: its size does not matter.
#[allow(clippy::result_large_err)]
fn get(client: &mut Client, url: &str, accept: &str) -> Result<String, Answer> {
    match client.get(url, accept) {
        Outcome::Body(b) => Ok(b),
        Outcome::NotFound => Err(Answer::NotFound(url.to_string())),
        Outcome::Failed(why) => Err(failed(why)),
    }
}

/// A record a service answered with: it comes from `url`, not from a line of a file.
fn found(mut r: Record, url: String) -> Answer {
    r.line = 0;
    r.origin = Some(url);
    Answer::Found(r)
}

/// Crossref `/works/{doi}`: `{"status": "ok", "message": { ... }}`.
fn crossref(client: &mut Client, api: &str, doi: &str) -> Answer {
    let url = format!("{api}/works/{}", encode_path(doi));
    let body = match get(client, &url, "application/json") {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let v: serde_json::Value = match serde_json::from_str(&body) {
        Ok(v) => v,
        Err(e) => return malformed(format!("malformed response: not JSON ({e})")),
    };
    if v.get("status").and_then(serde_json::Value::as_str) != Some("ok") {
        return malformed("malformed response: no `\"status\": \"ok\"`");
    }
    let Some(msg) = v.get("message").filter(|m| m.is_object()) else {
        return malformed("malformed response: no `message` object");
    };
    let src = Source::from_text(
        &url,
        SourceKind::CslJson,
        &msg.to_string(),
        &Needs::everything(),
    );
    match src.records.into_iter().next() {
        Some(mut r) if r.work.title.is_some() || !r.work.authors.is_empty() => {
            if r.work.doi.is_none() {
                r.work.doi = Some(doi.to_string());
            }
            found(r, url)
        }
        _ => malformed("malformed response: the work has no title and no authors"),
    }
}

/// The Anthology's `{base}/{id}.bib`.
fn acl(client: &mut Client, base: &str, id: &str) -> Answer {
    let url = format!("{base}/{}.bib", encode_path(id));
    let body = match get(client, &url, "application/x-bibtex, text/plain") {
        Ok(b) => b,
        Err(answer) => return answer,
    };
    let src = Source::from_text(&url, SourceKind::Bib, &body, &Needs::everything());
    match src.records.first() {
        Some(r) if r.work.title.is_some() || !r.work.authors.is_empty() => {
            let mut r = r.clone();
            if r.work.acl.is_none() {
                r.work.acl = Some(id.to_string());
            }
            found(r, url)
        }
        _ => malformed(format!("malformed response: {}", first_problem(&src))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_the_contact() {
        assert!(user_agent(None).starts_with("papercat/"));
        assert!(!user_agent(None).contains("mailto"));
        assert!(user_agent(Some("me@example.org")).ends_with("; mailto:me@example.org)"));
    }

    #[test]
    fn paths_are_encoded() {
        assert_eq!(encode_path("10.1000/a b<c>"), "10.1000/a%20b%3Cc%3E");
        assert_eq!(encode_path("hep-th/9711200"), "hep-th/9711200");
    }
}
