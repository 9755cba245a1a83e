//! Arbitrary catalogues for property tests and fuzz targets.
//!
//! [`arbitrary_catalogue`] decodes any bytes into a [`Catalogue`] with the shape the parser
//! guarantees (unique non-empty keys of ASCII `[a-z0-9_-]`, at least one occurrence per paper,
//! section paths that exist) and the most hostile content it can find: lossy UTF-8, TeX and
//! CSV specials, unbalanced braces, formula starts, HTML and `javascript:` payloads, control
//! characters, CJK text, emoji, combining marks, strings past Excel's cell limit, any year and
//! month. The writers' promises on such catalogues are checked by
//! `papercat_testkit::writer_checks` (feature `writers`).
//!
//! ```
//! use papercat_testkit::arbitrary::arbitrary_catalogue;
//!
//! let bytes = b"any bytes at all \xff\x00{=cmd|' /C calc'!A0";
//! let cat = arbitrary_catalogue(bytes);
//! assert_eq!(cat, arbitrary_catalogue(bytes)); // the same bytes, the same model
//! ```

use std::collections::HashSet;

use papercat_core::{
    Author, Catalogue, Code, Diagnostic, Field, FieldKind, Link, LinkKind, Occurrence, Paper,
    Provenance, Section, Severity, Venue, Work,
};

/// The most papers [`arbitrary_catalogue`] builds.
pub const MAX_PAPERS: usize = 24;
/// The most sections [`arbitrary_catalogue`] builds.
pub const MAX_SECTIONS: usize = 12;

/// Pieces hostile to some writer: TeX and CSV specials, formula starts, HTML payloads, CJK
/// and full-width punctuation, control characters, emoji and combining marks.
const TOKENS: &[&str] = &[
    "论文",
    "多模态大模型",
    "经典的指令微调",
    "：",
    "（",
    "）",
    "，",
    "、",
    "；",
    "＝",
    "＋",
    "－",
    "＠",
    "{",
    "}",
    "}{",
    "{{",
    "}}",
    "\\",
    "\\\\",
    "%",
    "&",
    "#",
    "$",
    "_",
    "^",
    "~",
    "--",
    "---",
    "=cmd|' /C calc'!A0",
    "=HYPERLINK(\"http://evil\",\"x\")",
    "=",
    "+",
    "-",
    "@",
    "@misc{evil,",
    "\n@article{x,\n",
    "title = {",
    "\\end{document}",
    "\\textbf{",
    "\t",
    "\r",
    "\n",
    "\r\n",
    "\n\n",
    "\n  - ",
    "\n- ",
    "\0",
    "\u{1}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "\u{fffd}",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.y/z.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[x](javascript:alert(1))",
    "[x](jav&#x09;ascript:alert(1))",
    "![i](x \"t onerror=alert(1)\")",
    "<svg onload=alert(1)>",
    "<!-- c -->",
    "&lt;script&gt;",
    "&amp;",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "🇨🇳",
    "e\u{301}",
    "\u{301}",
    "\u{20dd}",
    "**bold**",
    "**",
    "`code`",
    "```\nfence\n",
    "$$x^2$$",
    "\"",
    "\"\"",
    "'",
    ",",
    ";",
    "|",
    "::",
    ":",
    " and ",
    "et al.",
    "_x0041_",
    "_x005F_",
    "https://arxiv.org/abs/2304.08485",
    "LLaVA",
    "GPT-4V",
    "Self-RAG",
    "QLoRA：",
    "ACL 2023",
    "EMNLP2023",
    "NeurIPS 2023 (Oral)",
    " ",
    "  ",
    "0",
    "-1",
    "1e308",
];

/// Long runs, past Excel's 32,767-character cell and BibTeX's buffers.
const LONG: &[(&str, usize)] = &[
    ("x", 33_000),
    ("长", 17_000),
    ("{", 3_000),
    ("}", 3_000),
    ("\\", 3_000),
    ("a ", 20_000),
    ("😀", 9_000),
    ("<b>", 2_000),
];

/// Every field kind, in declaration order (the decoder picks one by index).
#[rustfmt::skip]
const FIELD_KINDS: [FieldKind; 14] = {
    use FieldKind::*;
    [Title, Link, Code, Venue, Institution, Authors, Date, Topics, Motivation, Method, Results,
     Summary, Note, Other]
};

/// Every link kind, in declaration order.
#[rustfmt::skip]
const LINK_KINDS: [LinkKind; 10] = {
    use LinkKind::*;
    [Paper, Pdf, Code, Project, Dataset, Media, Profile, Note, Badge, Other]
};

const LABELS: &[&str] = &[
    "论文名称",
    "论文地址",
    "Github 地址",
    "会议",
    "机构",
    "作者",
    "发表时间",
    "相关领域",
    "动机",
    "论文方法",
    "实验结果",
    "简介",
    "",
    "Code",
    "pdf",
];

const URL_PREFIXES: &[&str] = &[
    "https://arxiv.org/abs/",
    "https://arxiv.org/pdf/",
    "https://github.com/",
    "https://doi.org/10.1145/",
    "https://aclanthology.org/",
    "http://example.com/",
    "https://",
    "ftp://x/",
    "javascript:",
    "",
];

const CODE_HOSTS: &[&str] = &["github.com", "gitlab.com", "gitee.com", "huggingface.co"];

const FILES: &[&str] = &["README.md", "a.md", "多模态/笔记.md", "dir with space/x.md"];

const KEY_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789_-";

/// A reader of the fuzz input; past the end every byte is 0, so decoding always ends.
struct Bytes<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos = self.pos.saturating_add(1).min(self.data.len());
        b
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        let v = if n <= 256 {
            usize::from(self.byte())
        } else {
            usize::from(u16::from_le_bytes([self.byte(), self.byte()]))
        };
        v % n
    }

    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }

    fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    fn pick<'t>(&mut self, from: &[&'t str]) -> &'t str {
        from[self.below(from.len())]
    }

    /// Hostile text of up to `pieces` pieces.
    fn text(&mut self, pieces: usize) -> String {
        let n = self.below(pieces + 1);
        let mut s = String::new();
        for _ in 0..n {
            let b = self.byte();
            match b {
                0..=127 => s.push_str(TOKENS[usize::from(b) % TOKENS.len()]),
                128..=175 => {
                    let len = self.below(24);
                    let start = self.pos;
                    for _ in 0..len {
                        self.byte();
                    }
                    s.push_str(&String::from_utf8_lossy(&self.data[start..self.pos]));
                }
                176..=215 => {
                    const WORD: &[u8] =
                        b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .";
                    for _ in 0..1 + self.below(12) {
                        s.push(char::from(WORD[self.below(WORD.len())]));
                    }
                }
                216..=239 => {
                    let c = self.u32() % 0x11_0000;
                    s.push(char::from_u32(c).unwrap_or('\u{fffd}'));
                }
                240..=243 => {
                    let (piece, times) = LONG[self.below(LONG.len())];
                    s.push_str(&piece.repeat(times));
                }
                _ => s.push_str(self.pick(&["\n", "\n  - ", "\n\n", " ", "\t"])),
            }
        }
        s
    }

    fn opt_text(&mut self, pieces: usize) -> Option<String> {
        self.flag().then(|| self.text(pieces))
    }

    /// Text with no white space, as a normalised URL or identifier is.
    fn word(&mut self, pieces: usize) -> String {
        self.text(pieces)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    fn url(&mut self) -> String {
        let prefix = self.pick(URL_PREFIXES);
        format!("{prefix}{}", self.word(4))
    }

    fn year(&mut self) -> Option<i32> {
        match self.below(8) {
            0 => None,
            1 | 2 => Some(1990 + self.below(40) as i32),
            3 => Some(0),
            4 => Some(-1 - self.below(3000) as i32),
            5 => Some(
                *[i32::MAX, i32::MIN, 9999, 10_000]
                    .get(self.below(4))
                    .unwrap_or(&0),
            ),
            6 => Some(self.u32() as i32),
            _ => Some(10_000 + self.below(90_000) as i32),
        }
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }

    fn arxiv(&mut self) -> String {
        if self.below(4) == 0 {
            format!("hep-th/{}", self.digits(7))
        } else {
            let n = 4 + self.below(2);
            format!("{}.{}", self.digits(4), self.digits(n))
        }
    }

    /// ACL ids: the parser checks only the outer shape, so the middle part may hold any ASCII.
    fn acl(&mut self) -> String {
        match self.below(3) {
            0 => format!("P{}-{}", self.digits(2), self.digits(4)),
            1 => format!("{}.findings-acl.{}", self.digits(4), self.below(999)),
            _ => {
                let mid: String = self
                    .word(3)
                    .chars()
                    .filter(|c| c.is_ascii() && *c != '.' && *c != '/')
                    .collect();
                format!("{}.{mid}.{}", self.digits(4), self.below(99))
            }
        }
    }

    /// DOIs: any non-white-space suffix, as `doi_from_url` accepts.
    fn doi(&mut self) -> String {
        let suffix = self.word(4);
        let suffix = if suffix.is_empty() {
            "x".into()
        } else {
            suffix
        };
        let n = 4 + self.below(2);
        format!("10.{}/{suffix}", self.digits(n))
    }

    fn code_url(&mut self) -> String {
        let host = self.pick(CODE_HOSTS);
        let owner: String = self.word(2).replace('/', "");
        let repo: String = self.word(2).replace('/', "");
        format!(
            "https://{host}/{}/{}",
            if owner.is_empty() { "o" } else { &owner },
            if repo.is_empty() { "r" } else { &repo }
        )
    }

    fn key(&mut self, used: &mut HashSet<String>) -> String {
        let len = 1 + self.below(24);
        let mut key: String = (0..len)
            .map(|_| char::from(KEY_CHARS[self.below(KEY_CHARS.len())]))
            .collect();
        let mut n = 0usize;
        while used.contains(&key) {
            key.push(char::from(b'a' + (n % 26) as u8));
            n += 1;
        }
        used.insert(key.clone());
        key
    }
}

/// Decodes `data` into a catalogue, deterministically: the same bytes give the same model.
///
/// The model has the shape [`papercat_core::parse`] guarantees: keys unique, non-empty,
/// ASCII `[a-z0-9_-]`; every paper has one to three occurrences whose section paths are
/// paths of [`Catalogue::sections`] (or empty); sections form a tree with valid `parent`
/// indexes and levels 1 to 6. Everything else is as hostile as the bytes make it: text
/// mixes lossy UTF-8 with `TOKENS`-like pieces (TeX specials, unbalanced braces, formula
/// starts, HTML and `javascript:` payloads, control characters, CJK, emoji, combining marks)
/// and runs past 32,767 characters; years span `i32`, months `0..=255`; fields, links and
/// authors use every kind. Up to [`MAX_PAPERS`] papers and [`MAX_SECTIONS`] sections.
pub fn arbitrary_catalogue(data: &[u8]) -> Catalogue {
    let mut r = Bytes { data, pos: 0 };
    let title = r.opt_text(4);

    let mut sections: Vec<Section> = Vec::new();
    for _ in 0..r.below(MAX_SECTIONS + 1) {
        let level = 1 + r.below(6) as u8;
        let parent = sections.iter().rposition(|s| s.level < level);
        let title = r.text(3);
        let mut path = parent.map_or_else(Vec::new, |p| sections[p].path.clone());
        path.push(title.clone());
        sections.push(Section {
            title,
            level,
            path,
            parent,
            file: r.pick(FILES).to_string(),
            line: r.u32(),
        });
    }

    let mut used = HashSet::new();
    let mut papers = Vec::new();
    for _ in 0..r.below(MAX_PAPERS + 1) {
        papers.push(arbitrary_paper(&mut r, &sections, &mut used));
    }

    let mut diagnostics = Vec::new();
    for _ in 0..r.below(3) {
        let severity = [Severity::Note, Severity::Warning, Severity::Error][r.below(3)];
        let file = r.pick(FILES);
        let message = r.text(3);
        let mut d = Diagnostic::new(Code::Explain, file, r.u32(), r.u32(), message);
        d.severity = severity;
        if r.flag() {
            d = d.with_hint(r.text(2));
        }
        diagnostics.push(d);
    }

    Catalogue {
        title,
        sections,
        papers,
        diagnostics,
    }
}

fn arbitrary_paper(r: &mut Bytes<'_>, sections: &[Section], used: &mut HashSet<String>) -> Paper {
    let key = r.key(used);
    let heading = r.text(5);
    let title = r.opt_text(5);
    let note_link = r.flag().then(|| r.word(3));

    let mut occurrences = Vec::new();
    for _ in 0..1 + r.below(3) {
        let i = r.below(sections.len() + 1);
        occurrences.push(Occurrence {
            file: r.pick(FILES).to_string(),
            line: r.u32(),
            section: sections.get(i).map_or_else(Vec::new, |s| s.path.clone()),
        });
    }

    let arxiv = r.flag().then(|| r.arxiv());
    let arxiv_version = r.flag().then(|| r.u32());
    let arxiv_category = r.flag().then(|| {
        if r.flag() {
            "cs.CL".to_string()
        } else {
            r.word(2)
        }
    });
    let doi = r.flag().then(|| r.doi());
    let acl = r.flag().then(|| r.acl());
    let url = r.flag().then(|| r.url());

    let mut links = Vec::new();
    for _ in 0..r.below(5) {
        links.push(Link {
            url: r.url(),
            kind: LINK_KINDS[r.below(LINK_KINDS.len())],
            label: if r.flag() {
                r.pick(LABELS).to_string()
            } else {
                r.text(2)
            },
        });
    }
    let mut code = Vec::new();
    for _ in 0..r.below(3) {
        let c = r.code_url();
        if !code.contains(&c) {
            code.push(c);
        }
    }

    let venue = r.flag().then(|| Venue {
        raw: r.text(3),
        name: r.flag().then(|| {
            if r.flag() {
                r.pick(&["ACL", "EMNLP", "NeurIPS", "Findings of ACL", "ICLR"])
                    .to_string()
            } else {
                r.text(2)
            }
        }),
        year: r.year(),
        note: r.opt_text(2),
    });
    let year = r.year();
    let month = r.flag().then(|| r.byte());

    let mut authors = Vec::new();
    for _ in 0..r.below(6) {
        authors.push(if r.flag() {
            Author::Person {
                given: r.text(2),
                family: r.text(2),
            }
        } else {
            Author::Literal { literal: r.text(3) }
        });
    }
    let et_al = r.flag();
    let institutions = (0..r.below(4)).map(|_| r.text(3)).collect();
    let topics = (0..r.below(5)).map(|_| r.text(2)).collect();

    let mut fields = Vec::new();
    for _ in 0..r.below(12) {
        let kind = FIELD_KINDS[r.below(FIELD_KINDS.len())];
        fields.push(Field {
            label: if r.flag() {
                r.pick(LABELS).to_string()
            } else {
                r.text(2)
            },
            kind,
            text: r.text(8),
            line: r.u32(),
        });
    }
    let provenance = (0..r.below(2))
        .map(|_| Provenance {
            field: r.pick(&["authors", "year", "title", "venue"]).to_string(),
            source: r.text(2),
            matched_by: r.pick(&["arxiv", "doi", "acl", "title"]).to_string(),
        })
        .collect();

    Paper {
        key,
        heading,
        note_link,
        occurrences,
        arxiv_version,
        url,
        links,
        code,
        institutions,
        topics,
        fields,
        provenance,
        work: Work {
            title,
            arxiv,
            arxiv_category,
            doi,
            acl,
            venue,
            year,
            month,
            authors,
            et_al,
        },
    }
}
