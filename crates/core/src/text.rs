//! Normalisers for the text of fields: labels, venues, dates, authors, titles and lists.

use crate::model::{Author, FieldKind, Venue};

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
    ("github项目", FieldKind::Code),
    ("github链接", FieldKind::Code),
    ("github仓库", FieldKind::Code),
    ("代码链接", FieldKind::Code),
    ("代码仓库", FieldKind::Code),
    ("论文源码地址", FieldKind::Code),
    ("论文源码", FieldKind::Code),
    ("论文代码地址", FieldKind::Code),
    ("项目代码", FieldKind::Code),
    ("官方代码", FieldKind::Code),
    ("源代码", FieldKind::Code),
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

/// Whether a label character is left out of its comparison key.
fn key_skips(c: char) -> bool {
    c.is_whitespace() || matches!(c, '*' | '_' | '【' | '】' | '[' | ']' | '`')
}

/// Feed the characters of a label's comparison key (see [`label_key`]) to `push`. ASCII and
/// CJK (U+3000 to U+9FFF, which has no case) need no look-up in the Unicode case tables.
fn key_chars(label: &str, mut push: impl FnMut(char)) {
    for c in label.chars() {
        if key_skips(c) {
            continue;
        }
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else if ('\u{3000}'..='\u{9FFF}').contains(&c) {
            push(c);
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
}

/// The comparison key of a label: lower-case, without spaces, bold markers and brackets.
pub fn label_key(label: &str) -> String {
    let mut key = String::with_capacity(label.len());
    key_chars(label, |c| key.push(c));
    key
}

/// Call `f` with a label's [`label_key`], built on the stack when it is short (as labels are).
pub(crate) fn with_label_key<R>(label: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    let mut len = 0;
    let mut fits = true;
    key_chars(label, |c| {
        let w = c.len_utf8();
        match buf.get_mut(len..len + w) {
            Some(dst) if fits => {
                c.encode_utf8(dst);
                len += w;
            }
            _ => fits = false,
        }
    });
    // Whole characters were written, so this is valid UTF-8.
    match std::str::from_utf8(buf.get(..len).unwrap_or_default()) {
        Ok(key) if fits => f(key),
        _ => f(&label_key(label)),
    }
}

/// The label table as a map, built once.
fn label_map() -> &'static crate::dedup::FastMap<&'static str, FieldKind> {
    static MAP: std::sync::OnceLock<crate::dedup::FastMap<&'static str, FieldKind>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| LABELS.iter().copied().collect())
}

/// What a label means; `Other` for unknown ones.
pub fn label_kind(label: &str) -> FieldKind {
    with_label_key(label, |key| {
        // "Paper(Oral)" / "Code1": drop a trailing qualifier or digit.
        let base = key.split(['(', '（']).next().unwrap_or(key);
        let base_nodigit = base.trim_end_matches(|c: char| c.is_ascii_digit());
        let map = label_map();
        // Each distinct candidate is looked up once (they are prefixes of `key`).
        map.get(key)
            .or_else(|| (base.len() < key.len()).then(|| map.get(base)).flatten())
            .or_else(|| {
                (base_nodigit.len() < base.len())
                    .then(|| map.get(base_nodigit))
                    .flatten()
            })
            .copied()
            .unwrap_or(FieldKind::Other)
    })
}

/// Whether an `other` label is one we know (so no `unknown-label` note is due).
pub fn label_is_known_other(label: &str) -> bool {
    with_label_key(label, |key| {
        let base = key.split(['(', '（']).next().unwrap_or(key);
        KNOWN_OTHER.contains(&base)
    })
}

/// Whether `s` contains the short byte string `seq`: a plain scan for its first byte, since
/// `str::contains` sets up a two-way searcher, which costs more than scanning a short text.
fn has_seq(s: &str, seq: &[u8]) -> bool {
    let b = s.as_bytes();
    let Some((&first, rest)) = seq.split_first() else {
        return true;
    };
    b.iter()
        .enumerate()
        .any(|(i, &x)| x == first && b.get(i + 1..i + seq.len()) == Some(rest))
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
    matches!(
        c,
        '，' | '。'
            | ','
            | '；'
            | ';'
            | '！'
            | '!'
            | '？'
            | '?'
            | '、'
            | '“'
            | '”'
            | '"'
            | '《'
            | '》'
            | '('
            | ')'
            | '（'
            | '）'
    )
}

fn label_ok(label: &str) -> bool {
    let l = label.trim();
    if l.is_empty() {
        return false;
    }
    // One pass: at most 16 characters, at most 4 words, no sentence punctuation but brackets.
    let (mut chars, mut words, mut in_word) = (0, 0, false);
    for c in l.chars() {
        chars += 1;
        if chars > 16 {
            return false;
        }
        if c.is_whitespace() {
            in_word = false;
        } else {
            if !in_word {
                words += 1;
                in_word = true;
            }
            if is_sentence_punct(c) && !matches!(c, '(' | ')' | '（' | '）') {
                return false;
            }
        }
    }
    if words > 4 {
        return false;
    }
    // Lower-casing cannot make or break `://`, so the label itself is searched.
    if l.eq_ignore_ascii_case("http") || l.eq_ignore_ascii_case("https") || has_seq(l, b"://") {
        return false;
    }
    // A label is a name, not a sentence.
    !l.starts_with(|c: char| c.is_ascii_digit() && l.contains(". "))
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
    if t.is_empty() || has_seq(t, b"://") || has_seq(t, b"](") {
        return false;
    }
    // One pass: no CJK, at least 8 characters, 2 words, and ASCII letters for half the bytes.
    let (mut chars, mut letters, mut words, mut in_word) = (0usize, 0usize, 0usize, false);
    for c in t.chars() {
        if is_cjk(c) {
            return false;
        }
        chars += 1;
        if c.is_ascii_alphabetic() {
            letters += 1;
        }
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    chars >= 8 && words >= 2 && letters * 2 > t.len()
}

/// True when the text reads as a list of person names: two or more comma- (or `and`-)
/// separated names of one to five capitalised words (initials and particles such as `van`,
/// `de` allowed), or names ending in `et al.`.
pub fn looks_like_author_list(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() || t.contains([':', '：', '?', '!', '(', '[']) || has_cjk(t) {
        return false;
    }
    let (t, et_al) = match t
        .strip_suffix("et al")
        .or_else(|| t.strip_suffix("et. al"))
        .or_else(|| t.strip_suffix("etc"))
    {
        Some(rest) => (rest.trim().trim_end_matches(',').trim(), true),
        None => (t, false),
    };
    let parts: Vec<&str> = t
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || (parts.len() < 2 && !et_al) {
        return false;
    }
    const PARTICLES: &[&str] = &[
        "van", "der", "de", "von", "da", "di", "la", "le", "del", "dos", "bin", "al",
    ];
    parts.iter().all(|p| {
        let words: Vec<&str> = p.split_whitespace().collect();
        (1..=5).contains(&words.len())
            && words.iter().all(|w| {
                let first = w.chars().next().unwrap_or(' ');
                (first.is_uppercase() && !w.chars().any(|c| c.is_ascii_digit()))
                    || PARTICLES.contains(w)
            })
            && words
                .iter()
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    })
}

/// True when the text is one or more person names: an author list, or a single name of two
/// to four capitalised words (`Phil Wang`, `Ruibo Liu, Ruixin (Ray) Yang`).
pub fn looks_like_person_names(text: &str) -> bool {
    if looks_like_author_list(text) {
        return true;
    }
    let words: Vec<&str> = text
        .split([',', ' '])
        .filter(|w| !w.is_empty() && !w.starts_with('('))
        .collect();
    (2..=12).contains(&words.len())
        && !has_cjk(text)
        && !text.contains([':', '：'])
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | ')'))
        })
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
    if title_is_normal(raw) {
        return raw.to_string();
    }
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

/// Whether [`normalize_title`] would return the title unchanged: no markup (`*`, `` ` ``,
/// `[`, `__`), no full-width colon, no space before a colon, and single ASCII spaces only
/// between words (none at the ends).
fn title_is_normal(raw: &str) -> bool {
    let mut prev_space = true; // a leading space is not normal
    for c in raw.chars() {
        match c {
            ' ' if prev_space => return false,
            ' ' => prev_space = true,
            '*' | '`' | '[' | '：' => return false,
            ':' if prev_space => return false,
            c if c.is_whitespace() => return false,
            _ => prev_space = false,
        }
    }
    // Empty or a trailing space: not normal.
    !prev_space && !has_seq(raw, b"__")
}

/// Remove `**`, `__`, backticks and `[text](url)` link syntax (keeping the text).
pub fn strip_inline_markup(s: &str) -> String {
    if !has_inline_markup(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    strip_inline_markup_into(s, &mut out);
    out
}

/// Whether [`strip_inline_markup`] could change the text.
fn has_inline_markup(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'*' | b'`' | b'[')) || has_seq(s, b"__")
}

/// [`strip_inline_markup`], borrowing the text when there is nothing to strip.
fn strip_inline_markup_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if has_inline_markup(s) {
        let mut out = String::with_capacity(s.len());
        strip_inline_markup_into(s, &mut out);
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn strip_inline_markup_into(s: &str, out: &mut String) {
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
                        strip_inline_markup_into(&s[i + 1..i + close], out);
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
}

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
pub fn is_known_venue(raw: &str) -> bool {
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
    let mut digits = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    let first = digits.next()?;
    if first.len() != 4 {
        return None;
    }
    let year: i32 = first.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let month = digits
        .next()
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
    let stripped = strip_inline_markup_cow(raw);
    let mut s: &str = stripped.trim();
    let mut et_al = false;
    for tail in ["et al.", "et al", "等人", "等"] {
        if let Some(r) = s.strip_suffix(tail) {
            s = r.trim().trim_end_matches([',', '，', '、']).trim();
            et_al = true;
        }
    }
    let mut out = Vec::new();
    // `Li, Yunshui and Hui, Binyuan` (BibTeX: every part `Family, Given`) against
    // `A, B, and C` / `A, B and C` (a plain list whose last name follows `and`).
    let has_and = s.contains(" and ");
    let bibtex = has_and
        && s.split(" and ")
            .map(str::trim)
            .filter(|p| !p.eq_ignore_ascii_case("others"))
            .all(|p| p.matches(',').count() == 1 && !p.ends_with(','));
    let replaced;
    if !bibtex && has_and {
        replaced = s.replace(", and ", ", ").replace(" and ", ", ");
        s = &replaced;
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
    // The last word is the family name, the others (one space apart) the given names.
    let mut words = name.split_whitespace();
    let family = words.next_back().unwrap_or("").to_string();
    let mut given = String::new();
    for w in words {
        if !given.is_empty() {
            given.push(' ');
        }
        given.push_str(w);
    }
    Author::Person { given, family }
}

/// Split a list such as topics or institutions on `、 , ， ; ；` (and `和`/` and ` for
/// institutions), trimming and dropping empty parts.
pub fn split_list(raw: &str, with_and: bool) -> Vec<String> {
    let s = strip_inline_markup_cow(raw);
    let mut seen: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if !p.is_empty() {
            seen.push(p.to_string());
        }
    };
    for part in s.split(['、', ',', '，', ';', '；', '/']) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if with_and {
            for q in p.split(" and ") {
                for r in q.split('和') {
                    add(r.trim());
                }
            }
        } else {
            add(p);
        }
    }
    // Repeats are dropped, the first kept.
    crate::dedup::keep_first(&mut seen, crate::dedup::hash, |a, b| a == b);
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let l = |s: &str| split_label(s).map(|l| (l.label.to_string(), l.rest.to_string()));
        assert_eq!(
            l("论文名称：Visual Instruction Tuning"),
            Some(("论文名称".into(), "Visual Instruction Tuning".into()))
        );
        assert_eq!(
            l("论文名称: DARE: Data"),
            Some(("论文名称".into(), "DARE: Data".into()))
        );
        assert_eq!(
            l("论文地址:https://arxiv.org/pdf/2310.01299v1.pdf"),
            Some((
                "论文地址".into(),
                "https://arxiv.org/pdf/2310.01299v1.pdf".into()
            ))
        );
        assert_eq!(
            l("**Metrics:** BLEU"),
            Some(("Metrics".into(), "BLEU".into()))
        );
        assert_eq!(
            l("**Code**: github.com/a/b"),
            Some(("Code".into(), "github.com/a/b".into()))
        );
        assert_eq!(
            l("【Findings】 yes"),
            Some(("Findings".into(), "yes".into()))
        );
        assert_eq!(l("Github 地址："), Some(("Github 地址".into(), "".into())));
        assert_eq!(l("https://arxiv.org/abs/1"), None);
        assert_eq!(l("研究结果显示，引入视觉Chain-of-Thought的多模态：x"), None);
        assert_eq!(l("提出了一个Prompt Uncertainty 思路：假设有"), None);
        assert_eq!(label_kind("Github 地址"), FieldKind::Code);
        assert_eq!(label_kind("论文 Github地址"), FieldKind::Code);
        assert_eq!(label_kind("GitHub 地址"), FieldKind::Code);
        assert_eq!(label_kind("Paper(Oral)"), FieldKind::Link);
        assert_eq!(label_kind("Code1"), FieldKind::Code);
        assert_eq!(label_kind("论文链接"), FieldKind::Link);
        assert_eq!(label_kind("训练方式"), FieldKind::Other);
        assert!(label_is_known_other("Homepage"));
    }

    #[test]
    fn cjk_range_has_no_case() {
        // `key_chars` passes U+3000..=U+9FFF through without the case tables.
        for c in ('\u{3000}'..='\u{9FFF}').filter(|c| !c.is_whitespace()) {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
        let long =
            "Ｃｏｄｅ 地址 with a very long qualifier (that does not fit in sixty-four bytes)";
        assert_eq!(with_label_key(long, str::to_string), label_key(long));
    }

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

    #[test]
    fn dates_and_titles() {
        assert_eq!(parse_date("2024.01.20"), Some((2024, Some(1))));
        assert_eq!(parse_date("2021.11"), Some((2021, Some(11))));
        assert_eq!(parse_date("2023年5月"), Some((2023, Some(5))));
        assert_eq!(parse_date("soon"), None);
        assert_eq!(arxiv_year_month("2304.08485"), Some((2023, 4)));
        assert_eq!(arxiv_year_month("hep-th/9901001"), Some((1999, 1)));
        assert_eq!(
            normalize_title("VeRA：Vector-based Random  Matrix"),
            "VeRA: Vector-based Random Matrix"
        );
        assert_eq!(
            normalize_title("FreeAL: Towards Human-Free[J]. "),
            "FreeAL: Towards Human-Free"
        );
        assert_eq!(normalize_title("**Bold** [T](x)"), "Bold T");
        assert!(looks_like_english_title("Can AI Be as Creative as Humans?"));
        assert!(!looks_like_english_title("研究结果显示 LLM"));
    }

    #[test]
    fn authors() {
        let (a, e) = parse_authors("Hexiang Hu, Kelvin C.K. Chan, Yu-Chuan Su");
        assert_eq!(a.len(), 3);
        assert_eq!(
            a[1],
            Author::Person {
                given: "Kelvin C.K.".into(),
                family: "Chan".into()
            }
        );
        assert!(!e);
        let (a, e) = parse_authors("Li, Yunshui and Hui, Binyuan and others");
        assert_eq!(
            a[0],
            Author::Person {
                given: "Yunshui".into(),
                family: "Li".into()
            }
        );
        assert_eq!(a.len(), 2);
        assert!(e);
        let (a, e) = parse_authors("张三、李四 等");
        assert_eq!(
            a,
            vec![
                Author::Literal {
                    literal: "张三".into()
                },
                Author::Literal {
                    literal: "李四".into()
                }
            ]
        );
        assert!(e);
        let (a, _) = parse_authors("Ashish Vaswani, Noam Shazeer, and Niki Parmar");
        assert_eq!(
            a.iter().map(Author::family).collect::<Vec<_>>(),
            vec!["Vaswani", "Shazeer", "Parmar"]
        );
        let (a, _) = parse_authors("Kaiming He, Xiangyu Zhang and Jian Sun");
        assert_eq!(
            a.iter().map(Author::family).collect::<Vec<_>>(),
            vec!["He", "Zhang", "Sun"]
        );
        let (a, _) = parse_authors("Diederik P. Kingma and Jimmy Ba");
        assert_eq!(
            a.iter().map(Author::display).collect::<Vec<_>>(),
            vec!["Diederik P. Kingma", "Jimmy Ba"]
        );
        let (a, e) = parse_authors("A. Smith et al.");
        assert_eq!(a.len(), 1);
        assert!(e);
        assert_eq!(
            split_list("佐治亚理工、Adobe和斯坦福", true),
            vec!["佐治亚理工", "Adobe", "斯坦福"]
        );
        assert_eq!(
            split_list("指令微调、多模态", false),
            vec!["指令微调", "多模态"]
        );
    }
}
