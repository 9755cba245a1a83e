//! The identifier and URL functions as they were before the fast paths (commit dd7b73e), the
//! reference the equivalence tests compare the current ones with.

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
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// Normalise a hand-typed URL: repair scheme typos, add a missing scheme, cut trailing
/// punctuation and spaces. Returns `None` when the text is not a URL at all.
pub fn normalize_url(raw: &str) -> Option<NormalizedUrl> {
    let mut s = raw.trim().trim_start_matches(['<', '(', '（']).to_string();
    // A URL ends at the first whitespace.
    if let Some(i) = s.find(char::is_whitespace) {
        s.truncate(i);
    }
    let mut tidied = false;
    while let Some(c) = s.chars().last() {
        if TRAILING_JUNK.contains(&c) {
            // Keep a closing paren that balances one inside the URL (Wikipedia-style links).
            if (c == ')' && s.matches('(').count() >= s.matches(')').count())
                || (c == '）' && s.matches('（').count() >= s.matches('）').count())
            {
                break;
            }
            s.pop();
            tidied = true;
        } else {
            break;
        }
    }
    // Cut at a full-width character that cannot be part of a URL.
    if let Some(i) = s.find(|c: char| "。，；）】》“”".contains(c)) {
        s.truncate(i);
        tidied = true;
    }
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    let mut repaired = false;
    let body = if let Some(rest) = strip_scheme(&lower, &s) {
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            repaired = true;
        }
        rest.to_string()
    } else if looks_like_host(&s) {
        tidied = true;
        s.clone()
    } else {
        return None;
    };
    let scheme = if lower.starts_with("http://") {
        "http://"
    } else {
        "https://"
    };
    let (host, path) = match body.find('/') {
        Some(i) => (&body[..i], &body[i..]),
        None => (body.as_str(), ""),
    };
    if !looks_like_host(host) {
        return None;
    }
    let url = format!("{scheme}{}{path}", host.to_ascii_lowercase());
    let fix = if repaired {
        UrlFix::Repaired(raw.trim().to_string())
    } else if tidied || url != raw.trim() {
        UrlFix::Tidied(raw.trim().to_string())
    } else {
        UrlFix::None
    };
    Some(NormalizedUrl { url, fix })
}

/// Strip a scheme, including common typos; returns the rest (from the original string).
fn strip_scheme<'a>(lower: &str, orig: &'a str) -> Option<&'a str> {
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
        if lower.starts_with(p) {
            return Some(&orig[p.len()..]);
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
    let path = path.split(['?', '#']).next().unwrap_or("");
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
    let lower = text.to_ascii_lowercase();
    let i = lower.find("arxiv:").map(|i| i + 6)?;
    let rest = text[i..].trim_start();
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '/' || c == '-'))
        .unwrap_or(rest.len());
    parse_arxiv_id(rest[..end].trim_end_matches('.'))
}

/// A DOI in a doi.org or publisher URL, prefix lower-cased.
pub fn doi_from_url(url: &str) -> Option<String> {
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
    let suffix = suffix.trim_end_matches(".pdf");
    Some(format!("{}/{}", prefix.to_ascii_lowercase(), suffix))
}

/// An ACL Anthology id (`2023.findings-acl.61`, `P19-1001`).
pub fn acl_from_url(url: &str) -> Option<String> {
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
    (new_style || old_style).then(|| id.to_string())
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
    if !CODE_HOSTS.contains(&host) {
        return None;
    }
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        return None;
    }
    let owner = parts[0];
    let repo = parts[1].trim_end_matches(".git");
    if repo.is_empty() {
        return None;
    }
    let mut out = format!("https://{host}/{owner}/{repo}");
    // Keep a sub-path inside the repository (`/tree/main/DyLoRA`), not a bare branch.
    if parts.len() > 4 && parts[2] == "tree" {
        for p in &parts[2..] {
            out.push('/');
            out.push_str(p);
        }
    }
    Some(out)
}

/// Find every URL in a piece of Markdown text: link destinations and bare URLs,
/// including scheme-less `arxiv.org/...`/`github.com/...`. Returns byte offsets and raw text.
///
/// One pass over the bytes: only an ASCII `h`, `t`, `a`, `g` or `w` can start a URL, so other
/// bytes (including every byte of a multi-byte character) are skipped without work.
pub fn find_urls(text: &str) -> Vec<(usize, &str)> {
    fn starts_ci(hay: &[u8], needle: &[u8]) -> bool {
        hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
    }
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
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
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || "<>\"`|[]".contains(c)
                        || ('\u{3000}'..='\u{303F}').contains(&c)
                        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
                })
                .unwrap_or(rest.len());
            let mut url = &rest[..end];
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
