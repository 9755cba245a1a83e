//! Identifiers and URLs: normalising hand-typed links and recognising arXiv ids, DOIs,
//! ACL Anthology ids and code repositories in them.

use crate::model::LinkKind;

/// What [`normalize_url`] did to a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlFix {
    /// Nothing: the URL was already clean.
    None,
    /// Cosmetic: a scheme was added or trailing punctuation removed.
    Tidied(String),
    /// A typo was repaired (`hhttps://`, `ttps://`).
    Repaired(String),
}

/// A normalised URL and what was done to get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedUrl {
    /// The URL after normalisation.
    pub url: String,
    /// What was changed.
    pub fix: UrlFix,
}

const TRAILING_JUNK: &[char] = &[
    '。', '，', ',', '.', ')', '）', '】', ']', '>', '》', ';', '；', '、', '"', '\'', '”', '’',
    '！', '!',
];

/// Hosts we accept without a scheme (`arxiv.org/abs/...`).
fn looks_like_host(s: &str) -> bool {
    let host = s.split('/').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() || !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return false;
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    tld.len() >= 2
        && tld.bytes().all(|c| c.is_ascii_alphabetic())
        && host
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'-')
}

/// Whether `s` starts with the ASCII `prefix`, ignoring ASCII case.
fn starts_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether `s` ends with the ASCII `suffix`, ignoring ASCII case.
fn ends_ci(s: &str, suffix: &str) -> bool {
    s.len() >= suffix.len()
        && s.as_bytes()
            .get(s.len() - suffix.len()..)
            .is_some_and(|h| h.eq_ignore_ascii_case(suffix.as_bytes()))
}

/// Normalise a hand-typed URL: repair scheme typos, add a missing scheme, cut trailing
/// punctuation and spaces. Returns `None` when the text is not a URL at all.
pub fn normalize_url(raw: &str) -> Option<NormalizedUrl> {
    let raw = raw.trim();
    let mut s = raw.trim_start_matches(['<', '(', '（']);
    let ascii = s.is_ascii();
    // A URL ends at the first whitespace.
    let space = if ascii {
        // `char::is_whitespace` on ASCII: also the vertical tab.
        s.bytes().position(|b| b.is_ascii_whitespace() || b == 0x0B)
    } else {
        s.find(char::is_whitespace)
    };
    if let Some(i) = space {
        s = &s[..i];
    }
    let mut tidied = false;
    while let Some(c) = s.chars().next_back() {
        if TRAILING_JUNK.contains(&c) {
            // Keep a closing paren that balances one inside the URL (Wikipedia-style links).
            if (c == ')' && s.matches('(').count() >= s.matches(')').count())
                || (c == '）' && s.matches('（').count() >= s.matches('）').count())
            {
                break;
            }
            s = &s[..s.len() - c.len_utf8()];
            tidied = true;
        } else {
            break;
        }
    }
    // Cut at a full-width character that cannot be part of a URL (none in ASCII text).
    let cut = if ascii {
        None
    } else {
        s.find(['。', '，', '；', '）', '】', '》', '“', '”'])
    };
    if let Some(i) = cut {
        s = &s[..i];
        tidied = true;
    }
    if s.is_empty() {
        return None;
    }
    let mut repaired = false;
    let body = if let Some(rest) = strip_scheme(s) {
        if !(starts_ci(s, "http://") || starts_ci(s, "https://")) {
            repaired = true;
        }
        rest
    } else if looks_like_host(s) {
        tidied = true;
        s
    } else {
        return None;
    };
    let scheme = if starts_ci(s, "http://") {
        "http://"
    } else {
        "https://"
    };
    let (host, path) = match body.find('/') {
        Some(i) => (&body[..i], &body[i..]),
        None => (body, ""),
    };
    if !looks_like_host(host) {
        return None;
    }
    let mut url = String::with_capacity(scheme.len() + body.len());
    url.push_str(scheme);
    url.push_str(host);
    url.make_ascii_lowercase(); // the scheme is lower-case already
    url.push_str(path);
    let fix = if repaired {
        UrlFix::Repaired(raw.to_string())
    } else if tidied || url != raw {
        UrlFix::Tidied(raw.to_string())
    } else {
        UrlFix::None
    };
    Some(NormalizedUrl { url, fix })
}

/// Strip a scheme, including common typos (ignoring ASCII case); returns the rest.
fn strip_scheme(s: &str) -> Option<&str> {
    for p in [
        "https://",
        "http://",
        "hhttps://",
        "hhttp://",
        "ttps://",
        "htps://",
        "htts://",
        "https//",
        "http//",
        "https:/",
        "https:\\\\",
    ] {
        if starts_ci(s, p) {
            // The matched prefix is ASCII, so its end is a character boundary.
            return s.get(p.len()..);
        }
    }
    None
}

/// Split a normalised URL into lower-case host and path (path keeps its case, no query).
pub fn host_path(url: &str) -> (&str, &str) {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(url);
    let (host, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    // The query or fragment starts at the first ASCII `?` or `#`: a byte search will do.
    let path = match path.bytes().position(|b| b == b'?' || b == b'#') {
        Some(i) => &path[..i],
        None => path,
    };
    (host.trim_start_matches("www."), path)
}

/// The result of looking for an arXiv id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArxivMatch {
    /// A valid id, without version, and the version if one was given.
    Valid(String, Option<u32>),
    /// Something that is meant as an arXiv id but cannot be one; the text and why.
    Invalid(String, &'static str),
}

/// Validate a new-style (`YYMM.NNNNN`) or old-style (`hep-th/9901001`) id, with optional `vN`.
pub fn parse_arxiv_id(text: &str) -> Option<ArxivMatch> {
    let t = text.trim().trim_end_matches(".pdf").trim_end_matches('/');
    let (id, version) = split_version(t);
    if let Some((yymm, num)) = id.split_once('.') {
        if yymm.len() == 4 && yymm.bytes().all(|b| b.is_ascii_digit()) {
            if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
                return Some(ArxivMatch::Invalid(
                    t.to_string(),
                    "the part after the dot must be digits",
                ));
            }
            let yy: u32 = yymm[..2].parse().ok()?;
            let mm: u32 = yymm[2..].parse().ok()?;
            if !(1..=12).contains(&mm) {
                return Some(ArxivMatch::Invalid(t.to_string(), "month must be 01 to 12"));
            }
            if yy < 7 || (yy == 7 && mm < 4) {
                return Some(ArxivMatch::Invalid(
                    t.to_string(),
                    "new-style ids start in April 2007 (0704)",
                ));
            }
            let want = if yy >= 15 { 5 } else { 4 };
            if num.len() != want {
                return Some(ArxivMatch::Invalid(
                    t.to_string(),
                    if want == 5 {
                        "ids from 2015 on have 5 digits after the dot (truncated?)"
                    } else {
                        "ids from 2007 to 2014 have 4 digits after the dot"
                    },
                ));
            }
            return Some(ArxivMatch::Valid(id.to_string(), version));
        }
    }
    // Old style: archive(.SUB)/YYMMNNN
    if let Some((archive, num)) = id.split_once('/') {
        let arch_ok = !archive.is_empty()
            && archive
                .chars()
                .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '.')
            && archive
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_lowercase());
        if arch_ok && num.len() == 7 && num.bytes().all(|b| b.is_ascii_digit()) {
            let mm: u32 = num[2..4].parse().ok()?;
            if (1..=12).contains(&mm) {
                return Some(ArxivMatch::Valid(id.to_string(), version));
            }
        }
    }
    None
}

fn split_version(t: &str) -> (&str, Option<u32>) {
    if let Some(i) = t.rfind('v') {
        let (a, b) = (&t[..i], &t[i + 1..]);
        if !b.is_empty() && b.len() <= 3 && b.bytes().all(|c| c.is_ascii_digit()) && !a.is_empty() {
            return (a, b.parse().ok());
        }
    }
    (t, None)
}

/// The arXiv id in a normalised URL (abs, pdf, html, ftp papers folder).
pub fn arxiv_from_url(url: &str) -> Option<ArxivMatch> {
    let (host, path) = host_path(url);
    if !(host == "arxiv.org" || host.ends_with(".arxiv.org")) {
        return None;
    }
    if let Some(rest) = path.strip_prefix("/ftp/arxiv/papers/") {
        // /ftp/arxiv/papers/YYMM/ID.pdf
        let file = rest.rsplit('/').next()?;
        return parse_arxiv_id(file);
    }
    for prefix in ["/abs/", "/pdf/", "/html/", "/format/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            return parse_arxiv_id(rest).or_else(|| {
                Some(ArxivMatch::Invalid(
                    rest.to_string(),
                    "not an arXiv identifier",
                ))
            });
        }
    }
    None
}

/// The arXiv ids written as text (`arXiv:2304.08485`, `arXiv 2304.08485v2`).
pub fn arxiv_from_text(text: &str) -> Option<ArxivMatch> {
    // The first `arxiv:` (any case) ends at the first colon that follows `arxiv`.
    let b = text.as_bytes();
    let i = memchr::memchr_iter(b':', b)
        .find(|&c| c >= 5 && b[c - 5..c].eq_ignore_ascii_case(b"arxiv"))
        .map(|c| c + 1)?;
    let rest = text[i..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '/' || c == '-'))
        .unwrap_or(rest.len());
    parse_arxiv_id(rest[..end].trim_end_matches('.'))
}

/// A DOI in a doi.org or publisher URL, prefix lower-cased.
pub fn doi_from_url(url: &str) -> Option<String> {
    let (prefix, suffix) = doi_parts(url)?;
    let mut doi = String::with_capacity(prefix.len() + 1 + suffix.len());
    doi.push_str(prefix);
    doi.make_ascii_lowercase();
    doi.push('/');
    doi.push_str(suffix);
    Some(doi)
}

/// The prefix and suffix of the DOI in a URL (see [`doi_from_url`]), as written.
fn doi_parts(url: &str) -> Option<(&str, &str)> {
    let (host, path) = host_path(url);
    let candidate = if host == "doi.org" || host == "dx.doi.org" {
        path.trim_start_matches('/')
    } else if let Some(i) = path.find("/doi/") {
        let mut rest = &path[i + 5..];
        for sub in ["abs/", "pdf/", "full/", "epdf/", "fullHtml/", "book/"] {
            if let Some(r) = rest.strip_prefix(sub) {
                rest = r;
            }
        }
        rest
    } else if host == "link.springer.com" {
        let i = path.find("/10.")?;
        &path[i + 1..]
    } else {
        return None;
    };
    let candidate = candidate.trim_end_matches('/');
    let (prefix, suffix) = candidate.split_once('/')?;
    let reg = prefix.strip_prefix("10.")?;
    if reg.len() < 4 || !reg.bytes().all(|b| b.is_ascii_digit() || b == b'.') || suffix.is_empty() {
        return None;
    }
    Some((prefix, suffix.trim_end_matches(".pdf")))
}

/// An ACL Anthology id (`2023.findings-acl.61`, `P19-1001`).
pub fn acl_from_url(url: &str) -> Option<String> {
    acl_id(url).map(str::to_string)
}

/// The ACL Anthology id in a URL (see [`acl_from_url`]).
fn acl_id(url: &str) -> Option<&str> {
    let (host, path) = host_path(url);
    let rest = if host == "aclanthology.org" {
        path.trim_start_matches('/')
    } else if host == "aclweb.org" {
        path.strip_prefix("/anthology/")?
    } else {
        return None;
    };
    let id = rest.trim_end_matches('/').trim_end_matches(".pdf");
    let id = id.split('/').next()?;
    // Byte-wise checks: the id may hold any text, and slicing a str could split a character.
    let b = id.as_bytes();
    let new_style = b.len() > 5
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'.'
        && id.split('.').count() == 3
        && id
            .rsplit('.')
            .next()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit()))
        && id.is_ascii();
    let old_style = b.len() == 8
        && b[0].is_ascii_uppercase()
        && b[1..3].iter().all(u8::is_ascii_digit)
        && b[3] == b'-'
        && b[4..].iter().all(u8::is_ascii_digit);
    (new_style || old_style).then_some(id)
}

const CODE_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "gitee.com",
    "bitbucket.org",
    "codeberg.org",
];

/// The canonical repository URL (`https://github.com/owner/repo`, keeping `/tree/branch/sub/path`).
pub fn canonical_repo(url: &str) -> Option<String> {
    let (host, path) = host_path(url);
    let (owner, repo) = repo_parts(host, path)?;
    let mut out = String::with_capacity(8 + host.len() + path.len());
    out.push_str("https://");
    out.push_str(host);
    out.push('/');
    out.push_str(owner);
    out.push('/');
    out.push_str(repo);
    // Keep a sub-path inside the repository (`/tree/main/DyLoRA`), not a bare branch.
    let mut parts = path.split('/').filter(|p| !p.is_empty()).skip(2);
    if parts.clone().next() == Some("tree") && parts.clone().nth(2).is_some() {
        for p in &mut parts {
            out.push('/');
            out.push_str(p);
        }
    }
    Some(out)
}

/// Owner and repository name of a code-host URL's host and path, if it names a repository.
fn repo_parts<'a>(host: &str, path: &'a str) -> Option<(&'a str, &'a str)> {
    if !CODE_HOSTS.contains(&host) {
        return None;
    }
    let mut parts = path.split('/').filter(|p| !p.is_empty());
    let owner = parts.next()?;
    let repo = parts.next()?.trim_end_matches(".git");
    (!repo.is_empty()).then_some((owner, repo))
}

/// Classify a normalised link, given the kind its label suggests.
pub fn classify(url: &str, label_hint: Option<LinkKind>) -> LinkKind {
    let (host, path) = host_path(url);
    if is_badge(host, path) {
        return LinkKind::Badge;
    }
    if repo_parts(host, path).is_some() {
        // A file inside a repository (`blob/main/notes/x.md`) is a page of it, not the
        // repository; a PDF kept in a repository is the paper. A folder (`tree/...`) is
        // still code: a sub-project.
        let mut parts = path.split('/').filter(|p| !p.is_empty()).skip(2);
        let is_file = matches!(parts.next(), Some("blob" | "raw")) && parts.nth(1).is_some();
        return if !is_file || (label_hint == Some(LinkKind::Code) && !ends_ci(path, ".pdf")) {
            // Under a code label, a file of the repository (its README) stands for it.
            LinkKind::Code
        } else if ends_ci(path, ".pdf") {
            LinkKind::Pdf
        } else {
            LinkKind::Note
        };
    }
    if host == "raw.githubusercontent.com" && ends_ci(path, ".pdf") {
        return LinkKind::Pdf;
    }
    if host == "arxiv.org" {
        return if starts_ci(path, "/pdf/") || starts_ci(path, "/ftp/") {
            LinkKind::Pdf
        } else {
            LinkKind::Paper
        };
    }
    if ends_ci(path, ".pdf") {
        return LinkKind::Pdf;
    }
    if acl_id(url).is_some() || doi_parts(url).is_some() {
        return LinkKind::Paper;
    }
    if let Some(kind) = host_role(host, path) {
        return kind;
    }
    if host.ends_with("github.io") {
        return label_hint
            .filter(|k| *k != LinkKind::Paper)
            .unwrap_or(LinkKind::Project);
    }
    label_hint.unwrap_or(LinkKind::Other)
}

/// The venue an ACL Anthology id names: `2023.emnlp-main.923` gives `EMNLP 2023`,
/// `2025.findings-acl.12` gives `Findings of ACL 2025`, `P19-1001` gives `ACL 2019`.
pub fn acl_venue(id: &str) -> Option<String> {
    let name = |key: &str| -> Option<&'static str> {
        Some(match key {
            "acl" => "ACL",
            "emnlp" => "EMNLP",
            "naacl" => "NAACL",
            "eacl" => "EACL",
            "aacl" => "AACL",
            "coling" => "COLING",
            "conll" => "CoNLL",
            "tacl" => "TACL",
            "cl" => "CL",
            "lrec" => "LREC",
            _ => return None,
        })
    };
    if let Some((year, rest)) = id.split_once('.') {
        let year: i32 = year.parse().ok().filter(|y| (1950..=2100).contains(y))?;
        let volume = rest.split('.').next()?;
        if let Some(v) = volume.strip_prefix("findings-") {
            return Some(format!("Findings of {} {year}", name(v)?));
        }
        let v = volume.split('-').next()?;
        return Some(format!("{} {year}", name(v)?));
    }
    // Old ids: a letter for the venue, two digits for the year.
    let b = id.as_bytes();
    if b.len() >= 4 && b[1..3].iter().all(u8::is_ascii_digit) && b[3] == b'-' {
        let yy: i32 = id[1..3].parse().ok()?;
        let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
        let v = match b[0] {
            b'P' => "ACL",
            b'D' => "EMNLP",
            b'N' => "NAACL",
            b'E' => "EACL",
            b'C' => "COLING",
            b'Q' => "TACL",
            b'J' => "CL",
            _ => return None,
        };
        return Some(format!("{v} {year}"));
    }
    None
}

/// The venue a CVF open-access URL names (`openaccess.thecvf.com/content/CVPR2021/...`,
/// `content_iccv_2017/...`): `CVPR 2021`.
pub fn cvf_venue(url: &str) -> Option<String> {
    let (host, path) = host_path(url);
    if host != "openaccess.thecvf.com" {
        return None;
    }
    let part = path
        .split('/')
        .find(|p| p.starts_with("content") && p.len() > 7)
        .map(|p| p.trim_start_matches("content").trim_start_matches('_'))
        .or_else(|| path.split('/').nth(2))?;
    let letters: String = part.chars().filter(char::is_ascii_alphabetic).collect();
    let digits: String = part.chars().filter(char::is_ascii_digit).collect();
    let venue = match letters.to_ascii_uppercase().as_str() {
        "CVPR" => "CVPR",
        "ICCV" => "ICCV",
        "ECCV" => "ECCV",
        "WACV" => "WACV",
        "ACCV" => "ACCV",
        _ => return None,
    };
    (digits.len() == 4).then(|| format!("{venue} {digits}"))
}

/// The venue a proceedings URL names by its path: NeurIPS (`papers.nips.cc/paper/2014/…`,
/// `proceedings.neurips.cc/paper_files/paper/2019/…`) gives `NeurIPS 2014`.
pub fn proceedings_venue(url: &str) -> Option<String> {
    let (host, path) = host_path(url);
    if !matches!(
        host,
        "papers.nips.cc" | "proceedings.neurips.cc" | "papers.neurips.cc"
    ) {
        return None;
    }
    let year = path
        .split('/')
        .find(|p| p.len() == 4 && p.bytes().all(|b| b.is_ascii_digit()))?;
    Some(format!("NeurIPS {year}"))
}

/// Whether a host and path name a badge image (shields.io and the like).
fn is_badge(host: &str, path: &str) -> bool {
    matches!(
        host,
        "img.shields.io"
            | "badgen.net"
            | "badge.fury.io"
            | "flat.badgen.net"
            | "camo.githubusercontent.com"
    ) || (ends_ci(path, ".svg") && path.contains("badge"))
}

/// The repository a GitHub-stars badge names (`img.shields.io/github/stars/OWNER/REPO...`).
pub fn badge_repo(url: &str) -> Option<String> {
    let (host, path) = host_path(url);
    if host != "img.shields.io" {
        return None;
    }
    let rest = path.strip_prefix("/github/stars/")?;
    let mut parts = rest.split('/');
    let owner = parts.next().filter(|o| !o.is_empty())?;
    let repo = parts.next()?.trim_end_matches(".svg");
    (!repo.is_empty()).then(|| format!("https://github.com/{owner}/{repo}"))
}

/// The registrable part of a host: its last two labels (`openaccess.thecvf.com` gives
/// `thecvf.com`).
fn base_domain(host: &str) -> &str {
    let mut dots = host.rmatch_indices('.');
    dots.next();
    match dots.next() {
        Some((i, _)) => &host[i + 1..],
        None => host,
    }
}

/// Domains whose pages are papers: proceedings, publishers, indexes.
fn paper_domain(base: &str) -> bool {
    matches!(
        base,
        "openreview.net"
            | "nips.cc"
            | "neurips.cc"
            | "mlr.press"
            | "jmlr.org"
            | "thecvf.com"
            | "aaai.org"
            | "ijcai.org"
            | "springer.com"
            | "ieee.org"
            | "acm.org"
            | "nature.com"
            | "science.org"
            | "sciencedirect.com"
            | "nih.gov"
            | "aclweb.org"
            | "aclanthology.org"
            | "semanticscholar.org"
            | "biorxiv.org"
            | "medrxiv.org"
            | "ssrn.com"
            | "ecva.net"
            | "cv-foundation.org"
            | "researchgate.net"
            | "wiley.com"
            | "pnas.org"
            | "mdpi.com"
            | "frontiersin.org"
            | "oup.com"
            | "tandfonline.com"
            | "iclr.cc"
            | "isca-speech.org"
            | "vldb.org"
            | "usenix.org"
            | "arxiv-vanity.com"
            | "arxiv.org"
            | "paperswithcode.com"
            | "distill.pub"
    )
}

/// Domains of media: blogs, articles, videos, slides, social posts.
fn media_domain(base: &str) -> bool {
    matches!(
        base,
        "zhihu.com"
            | "qq.com"
            | "bilibili.com"
            | "b23.tv"
            | "youtube.com"
            | "youtu.be"
            | "medium.com"
            | "towardsdatascience.com"
            | "jiqizhixin.com"
            | "csdn.net"
            | "cnblogs.com"
            | "jianshu.com"
            | "slideshare.net"
            | "speakerdeck.com"
            | "twitter.com"
            | "x.com"
            | "notion.site"
            | "substack.com"
            | "wandb.ai"
            | "reddit.com"
            | "ycombinator.com"
            | "vimeo.com"
            | "ixigua.com"
            | "douyin.com"
            | "techcrunch.com"
            | "theverge.com"
    )
}

/// The role a host gives a link, whatever its label says.
fn host_role(host: &str, path: &str) -> Option<LinkKind> {
    let base = base_domain(host);
    if host == "huggingface.co" || host == "hf.co" {
        return Some(if starts_ci(path, "/papers/") {
            LinkKind::Paper
        } else if starts_ci(path, "/spaces/") {
            LinkKind::Project
        } else {
            LinkKind::Dataset
        });
    }
    if host == "scholar.google.com" && starts_ci(path, "/citations")
        || host == "orcid.org"
        || host == "linkedin.com"
        || host == "dblp.org" && starts_ci(path, "/pid")
    {
        return Some(LinkKind::Profile);
    }
    if host == "semanticscholar.org" && starts_ci(path, "/author") {
        return Some(LinkKind::Profile);
    }
    if host == "kaggle.com" || host == "paperswithcode.com" && starts_ci(path, "/dataset") {
        return Some(LinkKind::Dataset);
    }
    if host == "ncbi.nlm.nih.gov" && !starts_ci(path, "/pmc") {
        return None;
    }
    // nips.cc itself hosts tutorials and talks; its papers are on papers. and proceedings.
    if matches!(base, "nips.cc" | "neurips.cc")
        && !(host.starts_with("papers.") || host.starts_with("proceedings."))
    {
        return None;
    }
    if paper_domain(base) && path.len() > 1 {
        if host == "paperswithcode.com" && !starts_ci(path, "/paper/") {
            return None;
        }
        return Some(LinkKind::Paper);
    }
    // A research lab's publication page (`deepmind.com/publications/x`).
    if path.contains("/publications/") || path.contains("/publication/") {
        return Some(LinkKind::Paper);
    }
    if host.ends_with(".blog") || host.contains("blog.") {
        return Some(LinkKind::Media);
    }
    if media_domain(base)
        || matches!(host, "lilianweng.github.io" | "jalammar.github.io")
        || host.starts_with("blog.")
        || path.contains("/blog/")
        || starts_ci(path, "/blog")
    {
        return Some(LinkKind::Media);
    }
    None
}

/// Find every URL in a piece of Markdown text: link destinations and bare URLs,
/// including scheme-less `arxiv.org/...`/`github.com/...`. Returns byte offsets and raw text.
///
/// One pass over the bytes: only an ASCII `h`, `t`, `a`, `g` or `w` can start a URL, so other
/// bytes (including every byte of a multi-byte character) are skipped without work. And every
/// start we look for has a `:` or `.` 3 to 6 bytes after it (`http://`, `www.`, `github.com/`),
/// so the scan jumps (with `memchr`) to 6 bytes before the next one.
pub fn find_urls(text: &str) -> Vec<(usize, &str)> {
    fn starts_ci(hay: &[u8], needle: &[u8]) -> bool {
        hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
    }
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let next_mark = |from: usize| {
        bytes
            .get(from..)
            .and_then(|b| memchr::memchr2(b':', b'.', b))
            .map(|p| p + from)
    };
    // The first `:` or `.` at or after `i + 3`.
    let mut mark = next_mark(3);
    let mut i = 0;
    while i < bytes.len() {
        if mark.is_some_and(|m| m < i + 3) {
            mark = next_mark(i + 3);
        }
        let Some(m) = mark else {
            break;
        };
        if m > i + 6 {
            i = m - 6;
        }
        if !matches!(bytes[i] | 0x20, b'h' | b't' | b'a' | b'g' | b'w') {
            i += 1;
            continue;
        }
        let rest_b = &bytes[i..];
        let prev = i.checked_sub(1).map(|p| bytes[p]);
        let with_scheme = starts_ci(rest_b, b"http://")
            || starts_ci(rest_b, b"https://")
            || starts_ci(rest_b, b"hhttps://")
            || starts_ci(rest_b, b"ttps://");
        let bare_host = (starts_ci(rest_b, b"arxiv.org/")
            || starts_ci(rest_b, b"github.com/")
            || starts_ci(rest_b, b"www."))
            && prev.is_none_or(|p| !p.is_ascii_alphanumeric() && p != b'.' && p != b'/');
        let boundary = prev.is_none_or(|p| !p.is_ascii_alphabetic()) || rest_b.starts_with(b"http");
        if (with_scheme || bare_host) && boundary {
            // `i` is an ASCII byte, hence a char boundary.
            let rest = &text[i..];
            let mut url = &rest[..url_end(rest)];
            // A Markdown link destination ends at the matching ')'.
            if prev == Some(b'(') {
                if let Some(p) = url.find(')') {
                    url = &url[..p];
                }
            } else if url.matches(')').count() > url.matches('(').count() {
                if let Some(p) = url.rfind(')') {
                    url = &url[..p];
                }
            }
            out.push((i, url));
            i += url.len().max(1);
            continue;
        }
        i += 1;
    }
    out
}

/// Where a URL starting `rest` ends: at whitespace, `<>"`|[]`, CJK punctuation (U+3000 to
/// U+303F) or a full-width form (U+FF00 to U+FFEF). ASCII bytes are tested without decoding.
fn url_end(rest: &str) -> usize {
    let b = rest.as_bytes();
    let mut i = 0;
    while let Some(&x) = b.get(i) {
        if x.is_ascii() {
            // ASCII whitespace as `char::is_whitespace` has it: also vertical tab.
            if x.is_ascii_whitespace()
                || matches!(x, 0x0B | b'<' | b'>' | b'"' | b'`' | b'|' | b'[' | b']')
            {
                return i;
            }
            i += 1;
        } else {
            let Some(c) = rest.get(i..).and_then(|r| r.chars().next()) else {
                return i;
            };
            if c.is_whitespace() || crate::text::is_cjk_punct_or_full_width(c) {
                return i;
            }
            i += c.len_utf8();
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        normalize_url(s).map(|n| n.url).unwrap_or_default()
    }

    #[test]
    fn urls_are_repaired() {
        assert_eq!(
            norm("hhttps://arxiv.org/pdf/2305.14314.pdf"),
            "https://arxiv.org/pdf/2305.14314.pdf"
        );
        assert_eq!(norm("ttps://github.com/a/b"), "https://github.com/a/b");
        assert_eq!(
            norm("arxiv.org/abs/2312.06109"),
            "https://arxiv.org/abs/2312.06109"
        );
        assert_eq!(
            norm("github.com/zhuyiche/llava-phi"),
            "https://github.com/zhuyiche/llava-phi"
        );
        assert_eq!(norm(" https://x.org/a。"), "https://x.org/a");
        assert_eq!(norm("https://x.org/a)"), "https://x.org/a");
        assert_eq!(norm("https://x.org/a）"), "https://x.org/a");
        assert_eq!(norm("https://x.org/a,"), "https://x.org/a");
        assert_eq!(
            norm("https://en.wikipedia.org/wiki/A_(b)"),
            "https://en.wikipedia.org/wiki/A_(b)"
        );
        assert!(normalize_url("not a url").is_none());
        assert!(normalize_url("https://").is_none());
        assert!(matches!(
            normalize_url("hhttps://a.org").unwrap().fix,
            UrlFix::Repaired(_)
        ));
        assert!(matches!(
            normalize_url("a.org/x").unwrap().fix,
            UrlFix::Tidied(_)
        ));
        assert_eq!(normalize_url("https://a.org/x").unwrap().fix, UrlFix::None);
    }

    #[test]
    fn arxiv_ids() {
        let v = |s: &str| match arxiv_from_url(&norm(s)) {
            Some(ArxivMatch::Valid(id, ver)) => {
                format!("{id}{}", ver.map(|v| format!("@{v}")).unwrap_or_default())
            }
            Some(ArxivMatch::Invalid(t, _)) => format!("invalid {t}"),
            None => "none".into(),
        };
        assert_eq!(v("https://arxiv.org/pdf/2312.11805"), "2312.11805");
        assert_eq!(v("https://arxiv.org/abs/2304.08485"), "2304.08485");
        assert_eq!(v("https://arxiv.org/pdf/2306.17107.pdf"), "2306.17107");
        assert_eq!(v("https://arxiv.org/pdf/2210.07558v2.pdf"), "2210.07558@2");
        assert_eq!(v("https://arxiv.org/html/2401.00001v3"), "2401.00001@3");
        assert_eq!(
            v("https://arxiv.org/ftp/arxiv/papers/2310/2310.11266.pdf"),
            "2310.11266"
        );
        assert_eq!(v("https://arxiv.org/abs/hep-th/9901001"), "hep-th/9901001");
        assert_eq!(
            v("https://arxiv.org/abs/math.GT/0309136v1"),
            "math.GT/0309136@1"
        );
        assert_eq!(v("https://arxiv.org/abs/1412.6980"), "1412.6980");
        assert_eq!(v("https://arxiv.org/pdf/2305.1636"), "invalid 2305.1636");
        assert_eq!(v("https://arxiv.org/abs/1412.69801"), "invalid 1412.69801");
        assert_eq!(v("https://arxiv.org/abs/2313.00001"), "invalid 2313.00001");
        assert_eq!(v("https://github.com/a/b"), "none");
        assert_eq!(
            arxiv_from_text("see arXiv:2304.08485v2."),
            Some(ArxivMatch::Valid("2304.08485".into(), Some(2)))
        );
    }

    #[test]
    fn dois_and_acl() {
        assert_eq!(
            doi_from_url("https://dl.acm.org/doi/10.1145/3486622.3493957").as_deref(),
            Some("10.1145/3486622.3493957")
        );
        assert_eq!(
            doi_from_url("https://dl.acm.org/doi/abs/10.1145/3486622.3493957").as_deref(),
            Some("10.1145/3486622.3493957")
        );
        assert_eq!(
            doi_from_url("https://doi.org/10.18653/v1/2023.acl-long.1").as_deref(),
            Some("10.18653/v1/2023.acl-long.1")
        );
        assert_eq!(
            doi_from_url("https://link.springer.com/article/10.1007/s11263-023-01891-x").as_deref(),
            Some("10.1007/s11263-023-01891-x")
        );
        assert_eq!(doi_from_url("https://arxiv.org/abs/2304.08485"), None);
        assert_eq!(
            acl_from_url("https://aclanthology.org/2023.findings-acl.61.pdf").as_deref(),
            Some("2023.findings-acl.61")
        );
        assert_eq!(
            acl_from_url("https://aclanthology.org/2022.emnlp-main.249/").as_deref(),
            Some("2022.emnlp-main.249")
        );
        assert_eq!(
            acl_from_url("https://aclanthology.org/P19-1001.pdf").as_deref(),
            Some("P19-1001")
        );
        assert_eq!(
            acl_from_url("https://aclanthology.org/events/acl-2023/"),
            None
        );
    }

    #[test]
    fn repos() {
        assert_eq!(
            canonical_repo("https://github.com/pldlgb/nuggets/blob/master/README.md").as_deref(),
            Some("https://github.com/pldlgb/nuggets")
        );
        assert_eq!(
            canonical_repo("https://github.com/huawei-noah/KD-NLP/tree/main/DyLoRA").as_deref(),
            Some("https://github.com/huawei-noah/KD-NLP/tree/main/DyLoRA")
        );
        assert_eq!(
            canonical_repo("https://github.com/LC1332/Chat-Haruhi-Suzumiya/tree/main").as_deref(),
            Some("https://github.com/LC1332/Chat-Haruhi-Suzumiya")
        );
        assert_eq!(
            canonical_repo("https://github.com/WillyHC22/InstructTODS/").as_deref(),
            Some("https://github.com/WillyHC22/InstructTODS")
        );
        assert_eq!(
            canonical_repo("https://github.com/a/b.git").as_deref(),
            Some("https://github.com/a/b")
        );
        assert_eq!(canonical_repo("https://github.com/a"), None);
        assert_eq!(
            classify("https://gpt4video.github.io/", None),
            LinkKind::Project
        );
        assert_eq!(classify("https://arxiv.org/pdf/1", None), LinkKind::Pdf);
    }

    #[test]
    fn urls_in_text() {
        let t = "见 [pdf](https://a.org/x.pdf)，代码 github.com/a/b 和https://c.org/d。end";
        let found: Vec<&str> = find_urls(t).into_iter().map(|(_, u)| u).collect();
        assert_eq!(
            found,
            vec!["https://a.org/x.pdf", "github.com/a/b", "https://c.org/d"]
        );
    }

    #[test]
    fn link_roles() {
        use LinkKind as K;
        let c = |u: &str| classify(u, None);
        assert_eq!(
            c("https://img.shields.io/github/stars/a/b.svg?style=social"),
            K::Badge
        );
        assert_eq!(
            badge_repo("https://img.shields.io/github/stars/haotian-liu/LLaVA.svg?style=social"),
            Some("https://github.com/haotian-liu/LLaVA".into())
        );
        assert_eq!(c("https://github.com/o/notes/blob/master/x/y.md"), K::Note);
        assert_eq!(c("https://github.com/o/papers/blob/master/x/y.pdf"), K::Pdf);
        assert_eq!(
            classify(
                "https://github.com/o/r/blob/master/README.md",
                Some(K::Code)
            ),
            K::Code
        );
        assert_eq!(c("https://github.com/o/r/tree/main/sub"), K::Code);
        assert_eq!(c("https://openreview.net/forum?id=x"), K::Paper);
        assert_eq!(
            c("https://openaccess.thecvf.com/content/CVPR2021/html/x.html"),
            K::Paper
        );
        assert_eq!(c("https://huggingface.co/papers/2304.08485"), K::Paper);
        assert_eq!(c("https://huggingface.co/datasets/x/y"), K::Dataset);
        assert_eq!(c("https://zhuanlan.zhihu.com/p/1"), K::Media);
        assert_eq!(
            classify("https://mp.weixin.qq.com/s/x", Some(K::Paper)),
            K::Media
        );
        assert_eq!(c("https://ai.meta.com/blog/x"), K::Media);
        assert_eq!(c("https://scholar.google.com/citations?user=x"), K::Profile);
        assert_eq!(c("https://www.deepmind.com/publications/x"), K::Paper);
    }

    #[test]
    fn venues_from_ids() {
        assert_eq!(
            acl_venue("2023.emnlp-main.923").as_deref(),
            Some("EMNLP 2023")
        );
        assert_eq!(
            acl_venue("2025.findings-acl.12").as_deref(),
            Some("Findings of ACL 2025")
        );
        assert_eq!(acl_venue("P19-1001").as_deref(), Some("ACL 2019"));
        assert_eq!(acl_venue("W19-1001"), None);
        assert_eq!(
            cvf_venue("https://openaccess.thecvf.com/content/CVPR2021/html/x.html").as_deref(),
            Some("CVPR 2021")
        );
        assert_eq!(
            cvf_venue("https://openaccess.thecvf.com/content_iccv_2017/html/x.html").as_deref(),
            Some("ICCV 2017")
        );
    }
}
