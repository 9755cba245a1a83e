//! The venue a paper identifier or proceedings URL names.

use super::url::host_path;

/// The venue an ACL Anthology id names: `2023.emnlp-main.923` gives `EMNLP 2023`,
/// `2025.findings-acl.12` gives `Findings of ACL 2025`, `P19-1001` gives `ACL 2019`.
pub(crate) fn acl_venue(id: &str) -> Option<String> {
    let (name, year) = acl_venue_parts(id)?;
    Some(format!("{name} {year}"))
}

/// The venue an ACL Anthology id names, as its name and year: `2023.emnlp-main.923` gives
/// (`EMNLP`, 2023), `2023.findings-acl.61` (`Findings of ACL`, 2023), `P19-1001` (`ACL`,
/// 2019). Workshops (`W19-1001`) and unknown volumes give `None`.
pub fn acl_venue_parts(id: &str) -> Option<(String, i32)> {
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
            "semeval" => "SemEval",
            "ijcnlp" => "IJCNLP",
            "inlg" => "INLG",
            _ => return None,
        })
    };
    if let Some((year, rest)) = id.split_once('.') {
        let year: i32 = year.parse().ok().filter(|y| (1950..=2100).contains(y))?;
        let volume = rest.split('.').next()?;
        if let Some(v) = volume.strip_prefix("findings-") {
            return Some((format!("Findings of {}", name(v)?), year));
        }
        let v = volume.split('-').next()?;
        return Some((name(v)?.to_string(), year));
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
            b'K' => "CoNLL",
            b'Q' => "TACL",
            b'J' => "CL",
            _ => return None,
        };
        return Some((v.to_string(), year));
    }
    None
}

/// The venue a CVF open-access URL names (`openaccess.thecvf.com/content/CVPR2021/...`,
/// `content_iccv_2017/...`): `CVPR 2021`.
pub(crate) fn cvf_venue(url: &str) -> Option<String> {
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
pub(crate) fn proceedings_venue(url: &str) -> Option<String> {
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
