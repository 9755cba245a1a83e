//! Paper identifiers in URLs and text: arXiv ids, DOIs and ACL Anthology ids.

use super::url::host_path;

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
pub(super) fn doi_parts(url: &str) -> Option<(&str, &str)> {
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
pub(super) fn acl_id(url: &str) -> Option<&str> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arxiv_ids() {
        // The id an arXiv URL gives, as `id@version`, `invalid text` or `none`.
        for (path, want) in [
            ("pdf/2312.11805", "2312.11805"),
            ("abs/2304.08485", "2304.08485"),
            ("pdf/2306.17107.pdf", "2306.17107"),
            ("pdf/2210.07558v2.pdf", "2210.07558@2"),
            ("html/2401.00001v3", "2401.00001@3"),
            ("ftp/arxiv/papers/2310/2310.11266.pdf", "2310.11266"),
            ("abs/hep-th/9901001", "hep-th/9901001"),
            ("abs/math.GT/0309136v1", "math.GT/0309136@1"),
            ("abs/1412.6980", "1412.6980"),
            ("pdf/2305.1636", "invalid 2305.1636"),
            ("abs/1412.69801", "invalid 1412.69801"),
            ("abs/2313.00001", "invalid 2313.00001"),
        ] {
            let got = match arxiv_from_url(&format!("https://arxiv.org/{path}")) {
                Some(ArxivMatch::Valid(id, ver)) => {
                    format!("{id}{}", ver.map(|v| format!("@{v}")).unwrap_or_default())
                }
                Some(ArxivMatch::Invalid(t, _)) => format!("invalid {t}"),
                None => "none".into(),
            };
            assert_eq!(got, want, "{path}");
        }
        assert_eq!(arxiv_from_url("https://github.com/a/b"), None);
        assert_eq!(
            arxiv_from_text("see arXiv:2304.08485v2."),
            Some(ArxivMatch::Valid("2304.08485".into(), Some(2)))
        );
    }
}
