//! Venues: `CIKM 2023`, `EMNLP'23`, `Findings of ACL 2023`, and venues named in free text.

use crate::model::Venue;

use super::date::four_digit_year;

/// Parse a venue such as `CIKM 2023`, `EMNLP2023`, `EMNLP'23`, `NeurIPS 2023 (Oral)`.
pub fn parse_venue(raw: &str) -> Option<Venue> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let mut s = raw;
    let mut note = None;
    if let Some(open) = s.find(['(', '（']) {
        let inner = s[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim();
        if !inner.is_empty() {
            note = Some(inner.to_string());
        }
        s = &s[..open];
    }
    let s = s.trim();
    // Find a year: 4 digits 19xx/20xx, or 'YY / ’YY.
    let mut year = None;
    let mut name_end = s.len();
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            if let Some(y) = four_digit_year(&s[i..i + 4]) {
                year = Some(y);
                name_end = i;
                break;
            }
        }
        i += 1;
    }
    if year.is_none() {
        for apos in ["'", "’", "‘"] {
            if let Some(p) = s.rfind(apos) {
                let digits = &s[p + apos.len()..];
                if digits.len() == 2 && digits.bytes().all(|c| c.is_ascii_digit()) {
                    year = digits.parse::<i32>().ok().map(|y| 2000 + y);
                    name_end = p;
                }
            }
        }
    }
    let name_raw = s[..name_end]
        .trim()
        .trim_end_matches(['-', '_', ',', ' '])
        .trim();
    let name = if name_raw.is_empty() {
        None
    } else {
        Some(normalize_venue_name(name_raw))
    };
    Some(Venue {
        raw: raw.to_string(),
        name,
        year,
        note,
    })
}

const KNOWN_VENUES: &[&str] = &[
    "NeurIPS",
    "ICML",
    "ICLR",
    "ACL",
    "EMNLP",
    "NAACL",
    "EACL",
    "AACL",
    "COLING",
    "CIKM",
    "KDD",
    "SIGIR",
    "WWW",
    "WSDM",
    "AAAI",
    "IJCAI",
    "CVPR",
    "ICCV",
    "ECCV",
    "TACL",
    "TPAMI",
    "JMLR",
    "RecSys",
    "ICDE",
    "LREC",
    "CoNLL",
    "INTERSPEECH",
    "ICASSP",
    "MM",
    "COLM",
    "TMLR",
];

/// Venues recognised (for deciding that a table row or a heading tag names a venue) beyond
/// [`KNOWN_VENUES`], whose spelling is normalised.
const MORE_VENUES: &[&str] = &[
    "arxiv",
    "nips",
    "tois",
    "tkde",
    "tkdd",
    "tist",
    "nature",
    "science",
    "tip",
    "tnnls",
    "tog",
    "siggraph",
    "siggraphasia",
    "iros",
    "icra",
    "corl",
    "rss",
    "uai",
    "aistats",
    "colt",
    "icme",
    "bmvc",
    "wacv",
    "3dv",
    "miccai",
    "vldb",
    "sigmod",
    "osdi",
    "sosp",
    "nsdi",
    "mlsys",
    "chi",
    "uist",
    "ijcv",
    "tmm",
    "tcsvt",
    "taslp",
    "icdm",
    "sdm",
    "ecir",
    "ecml",
    "pkdd",
    "naaclhlt",
    "aclfindings",
    "emnlpfindings",
    "acmmm",
    "iclrworkshop",
    "neuripsworkshop",
    "techreport",
    "technicalreport",
    "openreview",
    "tpami",
    "journal",
    "jair",
    "ai",
    "ml",
    "pami",
    "cvprw",
    "iccvw",
    "eccvw",
    "icassp",
    "interspeech",
    "tacl",
    "cl",
    "www",
    "thewebconf",
];

/// Whether a venue as written names a venue papercat knows (`CVPR 2021`, `arXiv`,
/// `Findings of EMNLP`), as opposed to any capitalised word (`Blog`, `Google 2017`).
pub(crate) fn is_known_venue(raw: &str) -> bool {
    let Some(v) = parse_venue(raw) else {
        return false;
    };
    let Some(name) = v.name.as_deref() else {
        return false;
    };
    if KNOWN_VENUES.contains(&name) || name.starts_with("Findings of ") {
        return true;
    }
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    MORE_VENUES.contains(&key.as_str())
        || KNOWN_VENUES
            .iter()
            .any(|k| key.starts_with(&k.to_ascii_lowercase()) && key.len() <= k.len() + 9)
}

fn normalize_venue_name(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if key == "nips" {
        return "NeurIPS".into();
    }
    // `key` is lower-case and the names are ASCII: equal ignoring ASCII case is equal to
    // the lower-cased name.
    if let Some(k) = KNOWN_VENUES.iter().find(|k| k.eq_ignore_ascii_case(&key)) {
        return (*k).to_string();
    }
    if let Some(rest) = key
        .strip_prefix("findingsof")
        .or_else(|| key.strip_prefix("findings"))
    {
        if let Some(k) = KNOWN_VENUES.iter().find(|k| k.eq_ignore_ascii_case(rest)) {
            return format!("Findings of {k}");
        }
    }
    name.to_string()
}

/// Find a venue with its year inside free text, such as an arXiv comment
/// (`Accepted to ICML 2025`, `(NeurIPS 2023 Oral)`, `Findings of EMNLP 2023`). Only the
/// venues papercat knows by name are recognised, so an arbitrary capitalised word is not.
pub fn venue_in_text(text: &str) -> Option<Venue> {
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    for (i, (start, w)) in words.iter().enumerate() {
        let known = w.starts_with(|c: char| c.is_ascii_uppercase())
            && (KNOWN_VENUES.iter().any(|k| k.eq_ignore_ascii_case(w))
                || w.eq_ignore_ascii_case("nips"));
        let Some((ystart, y)) = words.get(i + 1) else {
            continue;
        };
        let year_ok = four_digit_year(y).is_some();
        if !(known && year_ok) {
            continue;
        }
        let between = &text[start + w.len()..*ystart];
        if !between.chars().all(|c| c == ' ' || c == '-' || c == '\'') {
            continue;
        }
        let begin = match i.checked_sub(2).map(|j| (words[j], words[j + 1])) {
            Some(((fs, f), (_, "of"))) if f.eq_ignore_ascii_case("findings") => fs,
            _ => *start,
        };
        let begin = match (begin == *start, i.checked_sub(1).map(|j| words[j])) {
            (true, Some((fs, f))) if f.eq_ignore_ascii_case("findings") => fs,
            _ => begin,
        };
        let mut v = parse_venue(&text[begin..ystart + 4])?;
        v.note = None;
        return Some(v);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn venues() {
        let v = |s: &str| {
            let v = parse_venue(s).unwrap();
            (v.name.unwrap_or_default(), v.year, v.note)
        };
        assert_eq!(v("CIKM 2023"), ("CIKM".into(), Some(2023), None));
        assert_eq!(v("EMNLP2023"), ("EMNLP".into(), Some(2023), None));
        assert_eq!(v("ACL2023"), ("ACL".into(), Some(2023), None));
        assert_eq!(v("EMNLP'23"), ("EMNLP".into(), Some(2023), None));
        assert_eq!(v("KDD'21"), ("KDD".into(), Some(2021), None));
        assert_eq!(
            v("NeurIPS 2023 (Oral)"),
            ("NeurIPS".into(), Some(2023), Some("Oral".into()))
        );
        assert_eq!(v("nips 2017"), ("NeurIPS".into(), Some(2017), None));
        assert_eq!(
            v("Findings of ACL 2023"),
            ("Findings of ACL".into(), Some(2023), None)
        );
        assert!(parse_venue("  ").is_none());
    }

    #[test]
    fn venues_in_comments() {
        let v = |s: &str| venue_in_text(s).map(|v| (v.raw, v.name.unwrap_or_default(), v.year));
        assert_eq!(
            v("Accepted to ICML 2025; 12 pages"),
            Some(("ICML 2025".into(), "ICML".into(), Some(2025)))
        );
        assert_eq!(
            v("camera ready (NeurIPS 2023 Oral)"),
            Some(("NeurIPS 2023".into(), "NeurIPS".into(), Some(2023)))
        );
        assert_eq!(
            v("Findings of EMNLP 2023"),
            Some((
                "Findings of EMNLP 2023".into(),
                "Findings of EMNLP".into(),
                Some(2023)
            ))
        );
        assert_eq!(
            v("我们的备注：发表于 NeurIPS 2023"),
            Some(("NeurIPS 2023".into(), "NeurIPS".into(), Some(2023)))
        );
        assert_eq!(v("Work in progress, 2023"), None);
        assert_eq!(v("the acl 2023 workshop"), None);
    }
}
