//! The text and identifier helpers (`text`, `ids`), whose byte-wise fast paths are easy to get
//! subtly wrong: every function's result on hand-picked cases is pinned by a snapshot
//! (`tests/snapshots/fast_paths__hand_picked_cases.snap`), and on strings built from the
//! characters those functions look at (proptest) they never panic and keep a few properties:
//! URLs are found where they are, a normalised URL's host is lower-case, a label's rest is
//! part of its line, an arXiv id found re-parses to itself. (`normalize_url` and
//! `normalize_title` are not idempotent: each call cuts one layer of trailing punctuation or
//! citation marker.)

use std::fmt::Write as _;

use papercat_core::{ids, text};
use proptest::prelude::*;

/// Pieces that exercise labels, markup, spacing, URLs, ids, venues, dates and authors.
const PIECES: &[&str] = &[
    "a",
    "B",
    "x",
    "Z",
    "0",
    "1",
    "2",
    "7",
    "9",
    " ",
    "  ",
    "\t",
    "\n",
    "\u{a0}",
    "\u{3000}",
    "\u{b}",
    "*",
    "**",
    "_",
    "__",
    "`",
    "[",
    "]",
    "](",
    "(",
    ")",
    "（",
    "）",
    "【",
    "】",
    ":",
    "：",
    ".",
    "。",
    ",",
    "，",
    "、",
    ";",
    "；",
    "/",
    "//",
    "\\",
    "<",
    ">",
    "\"",
    "'",
    "’",
    "“",
    "”",
    "!",
    "！",
    "?",
    "《",
    "》",
    "|",
    "-",
    "#",
    "?q=1",
    "和",
    " and ",
    ", and ",
    "et al.",
    "等",
    "others",
    "论文",
    "名称",
    "地址",
    "Github",
    "github",
    "代码",
    "Code",
    "Paper",
    "Oral",
    "Comments",
    "comment",
    "Homepage",
    "Title",
    "ΣΑ",
    "İ",
    "K",
    "ß",
    "é",
    "Ø",
    "http",
    "https",
    "http://",
    "https://",
    "hhttps://",
    "ttps://",
    "htps://",
    "https//",
    "https:/",
    "HTTPS://",
    "www.",
    "arxiv.org",
    "arXiv:",
    "ARXIV.ORG/",
    "arxiv.org/abs/",
    "arxiv.org/pdf/",
    "/abs/",
    "2304.08485",
    "2305.1636",
    "v2",
    ".pdf",
    ".PDF",
    "hep-th/9901001",
    "/ftp/arxiv/papers/",
    "github.com/",
    "GitHub.com/",
    "gitlab.com",
    "/tree/",
    "main",
    ".git",
    "doi.org/",
    "dx.doi.org/",
    "/doi/",
    "10.1145/",
    "3486622",
    "link.springer.com",
    "aclanthology.org/",
    "aclweb.org/anthology/",
    "2023.findings-acl.61",
    "P19-1001",
    "x.github.io",
    ".io",
    "NeurIPS",
    "nips",
    "ICML",
    "Findings of ",
    "findings",
    "EMNLP",
    "2023",
    "'23",
    "1949",
    "2024.01.20",
    "年",
    "月",
    "[J].",
    "[C]",
    "Li, Yunshui",
    "Hui",
    "张三",
    "A. Smith",
];

fn piece_string() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..14).prop_map(|v| v.concat())
}

/// Hand-picked inputs: labels, markup, author lists, venues, dates, URLs and arXiv ids.
const CASES: &[&str] = &[
    "",
    " ",
    "论文名称：Visual Instruction Tuning",
    "**Metrics:** BLEU",
    "【Findings】 yes",
    "Github 地址：",
    "Paper(Oral)",
    "Code1",
    "Ｃｏｄｅ",
    "VeRA：Vector-based Random  Matrix",
    "FreeAL: Towards Human-Free[J]. ",
    "**Bold** [T](x)",
    "Visual Instruction Tuning",
    " Leading space",
    "Trailing space ",
    "Space : colon",
    "snake__case",
    "Li, Yunshui and Hui, Binyuan and others",
    "Ashish Vaswani, Noam Shazeer, and Niki Parmar",
    "张三、李四 等",
    "佐治亚理工、Adobe和斯坦福",
    "NeurIPS 2023 (Oral)",
    "EMNLP'23",
    "Findings of ACL 2023",
    "2023年5月",
    "hhttps://arxiv.org/pdf/2305.14314.pdf",
    "见 [pdf](https://a.org/x.pdf)，代码 github.com/a/b 和https://c.org/d。end",
    "https://en.wikipedia.org/wiki/A_(b)",
    "https://GitHub.com/a/b/tree/main/sub/dir",
    "https://dl.acm.org/doi/abs/10.1145/3486622.3493957",
    "https://aclanthology.org/2023.findings-acl.61.pdf",
    "see arXiv:2304.08485v2.",
    "ARXIV: 2304.08485",
    "x.github.io",
    "https://arxiv.org/PDF/2305.1",
    "https://x.org/A.PDF",
];

/// Every `text` function's result on `s`, one per line (`function: Debug`).
fn text_results(s: &str) -> String {
    let mut out = String::new();
    let mut line = |f: &str, v: String| {
        let _ = writeln!(out, "  {f}: {v}");
    };
    line("label_key", format!("{:?}", text::label_key(s)));
    line("label_kind", format!("{:?}", text::label_kind(s)));
    line(
        "label_is_known_other",
        format!("{:?}", text::label_is_known_other(s)),
    );
    line(
        "split_label",
        format!("{:?}", text::split_label(s).map(|l| (l.label, l.rest))),
    );
    line("normalize_title", format!("{:?}", text::normalize_title(s)));
    line(
        "strip_inline_markup",
        format!("{:?}", text::strip_inline_markup(s)),
    );
    line("parse_authors", format!("{:?}", text::parse_authors(s)));
    line("split_list", format!("{:?}", text::split_list(s, false)));
    line(
        "split_list with and",
        format!("{:?}", text::split_list(s, true)),
    );
    line("parse_venue", format!("{:?}", text::parse_venue(s)));
    line("venue_in_text", format!("{:?}", text::venue_in_text(s)));
    line("parse_date", format!("{:?}", text::parse_date(s)));
    line(
        "looks_like_english_title",
        format!("{:?}", text::looks_like_english_title(s)),
    );
    out
}

/// Every `ids` function's result on `s` and, for the URL functions, on its normalised URL.
fn ids_results(s: &str) -> String {
    let mut out = String::new();
    let normalized = ids::normalize_url(s);
    let _ = writeln!(out, "  normalize_url: {normalized:?}");
    let _ = writeln!(out, "  arxiv_from_text: {:?}", ids::arxiv_from_text(s));
    let _ = writeln!(out, "  parse_arxiv_id: {:?}", ids::parse_arxiv_id(s));
    let _ = writeln!(out, "  find_urls: {:?}", ids::find_urls(s));
    let mut urls = vec![s.to_string()];
    urls.extend(normalized.map(|n| n.url).filter(|u| u != s));
    for u in &urls {
        let _ = writeln!(out, "  on {u:?}:");
        let _ = writeln!(out, "    host_path: {:?}", ids::host_path(u));
        let _ = writeln!(out, "    arxiv_from_url: {:?}", ids::arxiv_from_url(u));
        let _ = writeln!(out, "    doi_from_url: {:?}", ids::doi_from_url(u));
        let _ = writeln!(out, "    acl_from_url: {:?}", ids::acl_from_url(u));
        let _ = writeln!(out, "    canonical_repo: {:?}", ids::canonical_repo(u));
        let _ = writeln!(out, "    classify: {:?}", ids::classify(u, None));
    }
    out
}

#[test]
fn hand_picked_cases() {
    let mut out = String::new();
    for s in CASES {
        let _ = write!(out, "{s:?}\n{}{}\n", text_results(s), ids_results(s));
    }
    insta::assert_snapshot!(out);
}

/// What must hold for any input (besides not panicking, which running them checks).
fn check_properties(s: &str) {
    text_results(s);
    ids_results(s);
    for (at, url) in ids::find_urls(s) {
        assert!(
            s[at..].starts_with(url),
            "find_urls {s:?}: {url:?} is not at {at}"
        );
    }
    if let Some(n) = ids::normalize_url(s) {
        let (host, _) = ids::host_path(&n.url);
        // ASCII letters are lower-cased; other letters are left as written (a real
        // internationalised host would be punycode, which is ASCII).
        assert_eq!(
            host,
            host.to_ascii_lowercase(),
            "host_path of {:?} from {s:?}",
            n.url
        );
    }
    if let Some(l) = text::split_label(s) {
        assert!(
            s.contains(l.rest),
            "split_label {s:?}: rest {:?} is not in the line",
            l.rest
        );
    }
    if let Some(ids::ArxivMatch::Valid(id, _)) = ids::parse_arxiv_id(s) {
        assert_eq!(
            ids::parse_arxiv_id(&id),
            Some(ids::ArxivMatch::Valid(id.clone(), None)),
            "parse_arxiv_id on its own id, from {s:?}"
        );
    }
}

#[test]
fn hand_picked_cases_keep_the_properties() {
    for s in CASES {
        check_properties(s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn properties_hold_on_pieces(s in piece_string()) {
        check_properties(&s);
    }

    #[test]
    fn urls_are_found_where_they_are_in_long_text(
        v in prop::collection::vec(prop::sample::select(PIECES), 0..80)
    ) {
        let s = v.concat();
        let found = ids::find_urls(&s);
        for (at, url) in &found {
            prop_assert!(s[*at..].starts_with(url), "{url:?} is not at {at} in {s:?}");
        }
        for pair in found.windows(2) {
            prop_assert!(pair[0].0 + pair[0].1.len() <= pair[1].0, "overlap in {s:?}: {found:?}");
        }
    }

    #[test]
    fn properties_hold_on_any_text(s in "\\PC{0,40}") {
        check_properties(&s);
    }
}
