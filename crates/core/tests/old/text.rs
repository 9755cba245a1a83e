//! The text normalisers as they were before the fast paths (commit dd7b73e), the reference
//! the equivalence tests compare the current ones with.

use papercat_core::model::{Author, FieldKind, Venue};

/// Known labels (compared after [`label_key`]) and what they mean.
const LABELS: &[(&str, FieldKind)] = &[
    // title
    ("论文名称", FieldKind::Title),
    ("论文标题", FieldKind::Title),
    ("标题", FieldKind::Title),
    ("论文", FieldKind::Title),
    ("项目名称", FieldKind::Title),
    ("title", FieldKind::Title),
    ("论文题目", FieldKind::Title),
    // link
    ("论文地址", FieldKind::Link),
    ("论文链接", FieldKind::Link),
    ("链接", FieldKind::Link),
    ("论文下载地址", FieldKind::Link),
    ("原文地址", FieldKind::Link),
    ("paper", FieldKind::Link),
    ("pdf", FieldKind::Link),
    ("arxiv", FieldKind::Link),
    ("地址", FieldKind::Link),
    // code
    ("github地址", FieldKind::Code),
    ("论文github地址", FieldKind::Code),
    ("github代码", FieldKind::Code),
    ("github", FieldKind::Code),
    ("代码", FieldKind::Code),
    ("代码地址", FieldKind::Code),
    ("论文代码", FieldKind::Code),
    ("源码地址", FieldKind::Code),
    ("源码", FieldKind::Code),
    ("开源代码", FieldKind::Code),
    ("项目地址", FieldKind::Code),
    ("code", FieldKind::Code),
    ("repo", FieldKind::Code),
    // venue
    ("会议", FieldKind::Venue),
    ("发表会议", FieldKind::Venue),
    ("论文会议", FieldKind::Venue),
    ("论文出处", FieldKind::Venue),
    ("来源", FieldKind::Venue),
    ("期刊", FieldKind::Venue),
    ("venue", FieldKind::Venue),
    ("conference", FieldKind::Venue),
    // institution
    ("机构", FieldKind::Institution),
    ("单位", FieldKind::Institution),
    ("作者单位", FieldKind::Institution),
    ("affiliation", FieldKind::Institution),
    ("institution", FieldKind::Institution),
    // authors
    ("作者", FieldKind::Authors),
    ("authors", FieldKind::Authors),
    ("author", FieldKind::Authors),
    // date
    ("发表时间", FieldKind::Date),
    ("时间", FieldKind::Date),
    ("发布时间", FieldKind::Date),
    ("date", FieldKind::Date),
    // topics
    ("相关领域", FieldKind::Topics),
    ("领域", FieldKind::Topics),
    ("关键词", FieldKind::Topics),
    ("keywords", FieldKind::Topics),
    ("tags", FieldKind::Topics),
    // motivation
    ("动机", FieldKind::Motivation),
    ("论文动机", FieldKind::Motivation),
    ("论文背景", FieldKind::Motivation),
    ("背景", FieldKind::Motivation),
    ("目的", FieldKind::Motivation),
    ("研究动机", FieldKind::Motivation),
    ("motivation", FieldKind::Motivation),
    // method
    ("论文方法", FieldKind::Method),
    ("方法", FieldKind::Method),
    ("论文思路", FieldKind::Method),
    ("思路", FieldKind::Method),
    ("论文框架", FieldKind::Method),
    ("method", FieldKind::Method),
    // results
    ("论文实验结果", FieldKind::Results),
    ("实验结果", FieldKind::Results),
    ("实验效果", FieldKind::Results),
    ("效果", FieldKind::Results),
    ("results", FieldKind::Results),
    // summary
    ("介绍", FieldKind::Summary),
    ("简介", FieldKind::Summary),
    ("摘要", FieldKind::Summary),
    ("论文摘要", FieldKind::Summary),
    ("论文概要", FieldKind::Summary),
    ("comments", FieldKind::Summary),
    ("comment", FieldKind::Summary),
    ("abstract", FieldKind::Summary),
    ("summary", FieldKind::Summary),
    ("tldr", FieldKind::Summary),
];

/// Labels known to be `other` (not worth an `unknown-label` note).
const KNOWN_OTHER: &[&str] = &[
    "homepage",
    "project",
    "blog",
    "demo",
    "dataset",
    "datasets",
    "metrics",
    "中文解读",
    "优点",
    "缺点",
    "分析",
    "论文结论",
    "结论",
    "训练方式",
    "模型结构",
    "论文示例",
    "优化策略",
    "findings",
    "备注",
    "笔记",
    "解读",
    "code1",
    "code2",
    "video",
    "slides",
    "poster",
    "website",
];

/// The comparison key of a label: lower-case, without spaces, bold markers and brackets.
pub fn label_key(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    for c in label.chars() {
        if c.is_whitespace() || matches!(c, '*' | '_' | '【' | '】' | '[' | ']' | '`') {
            continue;
        }
        if c.is_ascii() {
            key.push(c.to_ascii_lowercase());
        } else {
            key.extend(c.to_lowercase());
        }
    }
    key
}

/// The label table as a map, built once.
fn label_map() -> &'static std::collections::HashMap<&'static str, FieldKind> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<&'static str, FieldKind>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| LABELS.iter().copied().collect())
}

/// What a label means; `Other` for unknown ones.
pub fn label_kind(label: &str) -> FieldKind {
    let key = label_key(label);
    // "Paper(Oral)" / "Code1": drop a trailing qualifier or digit.
    let base = key.split(['(', '（']).next().unwrap_or(&key);
    let base_nodigit = base.trim_end_matches(|c: char| c.is_ascii_digit());
    let map = label_map();
    let kind = [key.as_str(), base, base_nodigit]
        .into_iter()
        .find_map(|k| map.get(k).copied())
        .unwrap_or(FieldKind::Other);
    kind
}

/// Whether an `other` label is one we know (so no `unknown-label` note is due).
pub fn label_is_known_other(label: &str) -> bool {
    let key = label_key(label);
    let base = key.split(['(', '（']).next().unwrap_or(&key);
    KNOWN_OTHER.contains(&base)
}

/// A label split off the start of a child's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled<'a> {
    /// The label as written (without bold markers, brackets and colon).
    pub label: &'a str,
    /// The rest of the first line after the label.
    pub rest: &'a str,
}

fn is_sentence_punct(c: char) -> bool {
    "，。,；;！!？?、“”\"《》()（）".contains(c)
}

fn label_ok(label: &str) -> bool {
    let l = label.trim();
    if l.is_empty() || l.chars().count() > 16 {
        return false;
    }
    let lower = l.to_ascii_lowercase();
    if lower == "http" || lower == "https" || lower.contains("://") {
        return false;
    }
    if l.split_whitespace().count() > 4 {
        return false;
    }
    // A label is a name, not a sentence.
    let punct_ok = l
        .chars()
        .all(|c| !is_sentence_punct(c) || c == '(' || c == ')' || c == '（' || c == '）');
    punct_ok && !l.starts_with(|c: char| c.is_ascii_digit() && l.contains(". "))
}

/// Split `label：rest`, `**label:** rest`, `**label**: rest` or `【label】rest` off a line.
pub fn split_label(line: &str) -> Option<Labelled<'_>> {
    let t = line.trim_start();
    // 【Findings】 rest
    if let Some(r) = t.strip_prefix('【') {
        let end = r.find('】')?;
        let label = &r[..end];
        let rest = r[end + '】'.len_utf8()..]
            .trim_start_matches(['：', ':'])
            .trim();
        return label_ok(label).then_some(Labelled {
            label: label.trim(),
            rest,
        });
    }
    // **label:** rest  /  **label**: rest
    if let Some(r) = t.strip_prefix("**") {
        let end = r.find("**")?;
        let inner = &r[..end];
        let after = &r[end + 2..];
        if let Some(label) = inner.strip_suffix(['：', ':']) {
            return label_ok(label).then_some(Labelled {
                label: label.trim(),
                rest: after.trim(),
            });
        }
        if let Some(rest) = after.strip_prefix(['：', ':']) {
            return label_ok(inner).then_some(Labelled {
                label: inner.trim(),
                rest: rest.trim(),
            });
        }
        return None;
    }
    // label：rest (first colon; ASCII colon must not be part of a URL scheme)
    let mut idx = None;
    for (i, c) in t.char_indices() {
        if c == '：' {
            idx = Some((i, c.len_utf8()));
            break;
        }
        if c == ':' {
            if t[i + 1..].starts_with("//") {
                return None;
            }
            idx = Some((i, 1));
            break;
        }
    }
    let (i, w) = idx?;
    let label = &t[..i];
    label_ok(label).then(|| Labelled {
        label: label.trim(),
        rest: t[i + w..].trim(),
    })
}

/// True when the text is a CJK-free English title (several words, mostly letters).
pub fn looks_like_english_title(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || has_cjk(t) || t.contains("://") || t.contains("](") || t.chars().count() < 8
    {
        return false;
    }
    let words = t.split_whitespace().count();
    let letters = t.chars().filter(|c| c.is_ascii_alphabetic()).count();
    words >= 2 && letters * 2 > t.len()
}

/// True when the text contains a CJK ideograph, kana or hangul.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// True for CJK ideographs, kana, hangul and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Normalise an English title: collapse spaces, full-width colon to `: `, drop a trailing
/// citation marker such as `[J].`.
pub fn normalize_title(raw: &str) -> String {
    let mut t = strip_inline_markup(raw);
    for marker in ["[J].", "[J]", "[C].", "[C]"] {
        if let Some(s) = t.trim_end().strip_suffix(marker) {
            t = s.to_string();
        }
    }
    let t = t.replace('：', ": ");
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    t.replace(" :", ":").trim().to_string()
}

/// Remove `**`, `__`, backticks and `[text](url)` link syntax (keeping the text).
pub fn strip_inline_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '*' | '`' => {}
            '_' if s[i..].starts_with("__") => {
                chars.next();
            }
            '[' => {
                // [text](url) -> text
                if let Some(close) = s[i..].find("](") {
                    let after = i + close + 2;
                    if let Some(end) = s[after..].find(')') {
                        out.push_str(&strip_inline_markup(&s[i + 1..i + close]));
                        let skip_to = after + end + 1;
                        while chars.peek().is_some_and(|(j, _)| *j < skip_to) {
                            chars.next();
                        }
                        continue;
                    }
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Parse a venue such as `CIKM 2023`, `EMNLP2023`, `EMNLP'23`, `NeurIPS 2023 (Oral)`.
pub fn parse_venue(raw: &str) -> Option<Venue> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let mut s = raw.to_string();
    let mut note = None;
    if let Some(open) = s.find(['(', '（']) {
        let inner: String = s[open..]
            .trim_start_matches(['(', '（'])
            .trim_end_matches([')', '）'])
            .trim()
            .to_string();
        if !inner.is_empty() {
            note = Some(inner);
        }
        s.truncate(open);
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
            let y: i32 = s[i..i + 4].parse().unwrap_or(0);
            if (1950..=2100).contains(&y) {
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

fn normalize_venue_name(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    if key == "nips" {
        return "NeurIPS".into();
    }
    if let Some(k) = KNOWN_VENUES.iter().find(|k| k.to_lowercase() == key) {
        return (*k).to_string();
    }
    if let Some(rest) = key
        .strip_prefix("findingsof")
        .or_else(|| key.strip_prefix("findings"))
    {
        if let Some(k) = KNOWN_VENUES.iter().find(|k| k.to_lowercase() == rest) {
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
        let year_ok = y.len() == 4
            && y.bytes().all(|b| b.is_ascii_digit())
            && (1950..=2100).contains(&y.parse::<i32>().unwrap_or(0));
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

/// Parse a date such as `2024.01.20`, `2024-01`, `2021.11`, `2023年5月`, `2023`.
pub fn parse_date(raw: &str) -> Option<(i32, Option<u8>)> {
    let digits: Vec<&str> = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    let first = digits.first()?;
    if first.len() != 4 {
        return None;
    }
    let year: i32 = first.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let month = digits
        .get(1)
        .and_then(|m| m.parse::<u8>().ok())
        .filter(|m| (1..=12).contains(m));
    Some((year, month))
}

/// The year and month encoded in a new-style arXiv id (`2304.08485` -> 2023, 4).
pub fn arxiv_year_month(id: &str) -> Option<(i32, u8)> {
    let yymm = if let Some((yymm, _)) = id.split_once('.').filter(|(a, _)| a.len() == 4) {
        yymm
    } else {
        let num = id.split_once('/')?.1;
        num.get(..4)?
    };
    let yy: i32 = yymm.get(..2)?.parse().ok()?;
    let mm: u8 = yymm.get(2..4)?.parse().ok()?;
    let year = if yy >= 91 { 1900 + yy } else { 2000 + yy };
    (1..=12).contains(&mm).then_some((year, mm))
}

/// Parse an author list: `A, B, C`, `A、B`, BibTeX `Li, Yunshui and Hui, Binyuan and others`,
/// trailing `et al.`/`等`. Returns the authors and the et-al flag.
pub fn parse_authors(raw: &str) -> (Vec<Author>, bool) {
    let mut s = strip_inline_markup(raw).trim().to_string();
    let mut et_al = false;
    for tail in ["et al.", "et al", "等人", "等"] {
        if let Some(r) = s.strip_suffix(tail) {
            s = r
                .trim()
                .trim_end_matches([',', '，', '、'])
                .trim()
                .to_string();
            et_al = true;
        }
    }
    let mut out = Vec::new();
    // `Li, Yunshui and Hui, Binyuan` (BibTeX: every part `Family, Given`) against
    // `A, B, and C` / `A, B and C` (a plain list whose last name follows `and`).
    let bibtex = s.contains(" and ")
        && s.split(" and ")
            .map(str::trim)
            .filter(|p| !p.eq_ignore_ascii_case("others"))
            .all(|p| p.matches(',').count() == 1 && !p.ends_with(','));
    if !bibtex && s.contains(" and ") {
        s = s.replace(", and ", ", ").replace(" and ", ", ");
    }
    if bibtex {
        for part in s.split(" and ") {
            let p = part.trim();
            if p.eq_ignore_ascii_case("others") {
                et_al = true;
            } else if !p.is_empty() {
                out.push(match p.split_once(',') {
                    Some((family, given)) if !has_cjk(p) => Author::Person {
                        given: given.trim().into(),
                        family: family.trim().into(),
                    },
                    _ => person(p),
                });
            }
        }
    } else {
        for part in s.split([',', '，', '、', ';', '；']) {
            let p = part.trim();
            if p.eq_ignore_ascii_case("others") || p.eq_ignore_ascii_case("et al.") {
                et_al = true;
            } else if !p.is_empty() {
                out.push(person(p));
            }
        }
    }
    (out, et_al)
}

fn person(name: &str) -> Author {
    if has_cjk(name) {
        return Author::Literal {
            literal: name.to_string(),
        };
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.rsplit_once(' ') {
        Some((given, family)) => Author::Person {
            given: given.into(),
            family: family.into(),
        },
        None => Author::Person {
            given: String::new(),
            family: name,
        },
    }
}

/// Split a list such as topics or institutions on `、 , ， ; ；` (and `和`/` and ` for
/// institutions), trimming and dropping empty parts.
pub fn split_list(raw: &str, with_and: bool) -> Vec<String> {
    let s = strip_inline_markup(raw);
    let mut parts: Vec<String> = s
        .split(['、', ',', '，', ';', '；', '/'])
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if with_and {
        parts = parts
            .into_iter()
            .flat_map(|p| {
                p.split(" and ")
                    .flat_map(|q| {
                        q.split('和')
                            .map(|r| r.trim().to_string())
                            .collect::<Vec<_>>()
                    })
                    .filter(|q| !q.is_empty())
                    .collect::<Vec<_>>()
            })
            .collect();
    }
    let mut seen = Vec::new();
    for p in parts {
        if !seen.contains(&p) {
            seen.push(p);
        }
    }
    seen
}
