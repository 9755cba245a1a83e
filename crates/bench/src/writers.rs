//! Property checks for the nine writers, shared by the fuzz targets (`fuzz/fuzz_targets/`) and
//! the proptest `crates/bench/tests/writers.rs`.
//!
//! [`arbitrary_catalogue`] decodes any bytes into a [`Catalogue`] with the shape the parser
//! guarantees (unique non-empty keys of ASCII `[a-z0-9_-]`, at least one occurrence per paper,
//! section paths that exist) and the most hostile content it can find: lossy UTF-8, TeX and
//! CSV specials, unbalanced braces, formula starts, HTML and `javascript:` payloads, control
//! characters, CJK text, emoji, combining marks, strings past Excel's cell limit, any year and
//! month. [`check`] writes a catalogue with one [`Writer`]'s default options and reads the
//! output back with an independent reader (serde_json, biblatex, csv, calamine, zip and
//! rusqlite), checking what that writer promises.
//!
//! ```
//! use papercat_bench::writers::{arbitrary_catalogue, check, Writer};
//!
//! let cat = arbitrary_catalogue(b"any bytes at all \xff\x00{=cmd|' /C calc'!A0");
//! for w in Writer::ALL {
//!     check(w, &cat).unwrap();
//! }
//! ```

use std::collections::HashSet;
use std::io::{Cursor, Read};
use std::panic::{catch_unwind, AssertUnwindSafe};

use papercat_core::{
    Author, Catalogue, Code, Diagnostic, Field, FieldKind, Link, LinkKind, Occurrence, Paper,
    Provenance, Section, Severity, Venue,
};

// ---------------------------------------------------------------------------------------------
// Bytes -> catalogue
// ---------------------------------------------------------------------------------------------

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

const FIELD_KINDS: [FieldKind; 14] = [
    FieldKind::Title,
    FieldKind::Link,
    FieldKind::Code,
    FieldKind::Venue,
    FieldKind::Institution,
    FieldKind::Authors,
    FieldKind::Date,
    FieldKind::Topics,
    FieldKind::Motivation,
    FieldKind::Method,
    FieldKind::Results,
    FieldKind::Summary,
    FieldKind::Note,
    FieldKind::Other,
];

const LINK_KINDS: [LinkKind; 10] = [
    LinkKind::Paper,
    LinkKind::Pdf,
    LinkKind::Code,
    LinkKind::Project,
    LinkKind::Dataset,
    LinkKind::Media,
    LinkKind::Profile,
    LinkKind::Note,
    LinkKind::Badge,
    LinkKind::Other,
];

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
        title,
        note_link,
        occurrences,
        arxiv,
        arxiv_version,
        arxiv_category,
        doi,
        acl,
        url,
        links,
        code,
        venue,
        year,
        month,
        authors,
        et_al,
        institutions,
        topics,
        fields,
        provenance,
    }
}

// ---------------------------------------------------------------------------------------------
// Writers and their promises
// ---------------------------------------------------------------------------------------------

/// One of the nine writers, always with its default options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Writer {
    /// `papercat_core::json::write`.
    Json,
    /// `papercat_bib::bibtex::write`.
    Bibtex,
    /// `papercat_bib::biblatex::write`.
    Biblatex,
    /// `papercat_bib::csljson::write`.
    CslJson,
    /// `papercat_sheet::csv::write`.
    Csv,
    /// `papercat_sheet::xlsx::write`.
    Xlsx,
    /// `papercat_jsonld::write`.
    JsonLd,
    /// `papercat_anki::apkg::write`.
    Apkg,
    /// `papercat_anki::txt::write`.
    AnkiTxt,
}

impl Writer {
    /// Every writer.
    pub const ALL: [Writer; 9] = [
        Writer::Json,
        Writer::Bibtex,
        Writer::Biblatex,
        Writer::CslJson,
        Writer::Csv,
        Writer::Xlsx,
        Writer::JsonLd,
        Writer::Apkg,
        Writer::AnkiTxt,
    ];

    /// A short name for messages (`json`, `bibtex`, ..., `anki-txt`).
    pub fn name(self) -> &'static str {
        match self {
            Writer::Json => "json",
            Writer::Bibtex => "bibtex",
            Writer::Biblatex => "biblatex",
            Writer::CslJson => "csljson",
            Writer::Csv => "csv",
            Writer::Xlsx => "xlsx",
            Writer::JsonLd => "jsonld",
            Writer::Apkg => "apkg",
            Writer::AnkiTxt => "anki-txt",
        }
    }

    /// Writes `cat` with the default options; the bytes and the diagnostics.
    ///
    /// # Errors
    ///
    /// The writer's error, as text.
    pub fn write(self, cat: &Catalogue) -> Result<(Vec<u8>, Vec<Diagnostic>), String> {
        let mut out = Vec::new();
        let diags = match self {
            Writer::Json => {
                papercat_core::json::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::Bibtex => {
                papercat_bib::bibtex::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::Biblatex => {
                papercat_bib::biblatex::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::CslJson => {
                papercat_bib::csljson::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::Csv => {
                papercat_sheet::csv::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::Xlsx => {
                papercat_sheet::xlsx::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::JsonLd => {
                papercat_jsonld::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::Apkg => {
                papercat_anki::apkg::write(cat, &mut out, &Default::default()).map_err(err)?
            }
            Writer::AnkiTxt => {
                papercat_anki::txt::write(cat, &mut out, &Default::default()).map_err(err)?
            }
        };
        Ok((out, diags))
    }
}

fn err(e: impl std::fmt::Display) -> String {
    format!("{e:#}")
}

/// Writes `cat` twice with `writer`'s default options and checks its promises: no panic,
/// `Ok`, the same bytes both times, and [`check_output`] on the bytes.
///
/// # Errors
///
/// What failed, naming the writer.
pub fn check(writer: Writer, cat: &Catalogue) -> Result<(), String> {
    let name = writer.name();
    let run = || {
        catch_unwind(AssertUnwindSafe(|| writer.write(cat)))
            .map_err(|p| format!("{name}: panicked: {}", panic_text(&p)))?
            .map_err(|e| format!("{name}: returned an error: {e}"))
    };
    let (first, diags) = run()?;
    let (second, _) = run()?;
    if first != second {
        return Err(format!(
            "{name}: two writes of the same catalogue differ ({} and {} bytes)",
            first.len(),
            second.len()
        ));
    }
    check_output(writer, cat, &first, &diags)
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Checks `out`, what `writer` wrote for `cat` (with `diagnostics` returned), against the
/// writer's promises, reading it with an independent reader:
///
/// - `json`: serde_json reads it; `papers` holds one object per paper, with its key,
///   heading and title unchanged.
/// - `bibtex`, `biblatex`: UTF-8; every `{` and `}` (escaped or not, as BibTeX counts them)
///   balances, and every entry starts at depth 0; the `biblatex` crate parses one entry per
///   paper, under its key.
/// - `csljson`: serde_json reads an array of one item per paper, `id` = the key, in order.
/// - `csv`: a BOM, then the `csv` crate reads the header (the column names) and one record
///   per paper of equal length, the first cell its key; no cell starts with `=`, `+`, `-`,
///   `@`, tab, CR or `＝＋－＠` unless neutralised by a leading `'`.
/// - `xlsx`: calamine opens it; `Papers` holds the header and one row per paper, the first
///   cell its key; `Sections` exists.
/// - `jsonld`: serde_json reads an object whose `@graph` holds one `ScholarlyArticle` per
///   paper; every `@id` is unique among nodes and an absolute `http(s)` IRI without white
///   space, control or IRI-excluded characters.
/// - `apkg`: a zip holding `collection.anki2` and `media`; rusqlite opens the collection,
///   `PRAGMA integrity_check` is `ok`; each paper has exactly one note (15 fields, `Key`
///   first, in catalogue order) or one `anki-no-card` diagnostic; every note has a card;
///   no field holds dangerous markup (see below).
/// - `anki-txt`: `#` header lines, then one line per note (same rule as `apkg`), each of
///   exactly 4 + 15 tab-separated cells, key in the fifth; no field holds dangerous markup:
///   no `<script>`/`<iframe>`/`<object>`/`<embed>`/`<style>`/`<svg>`/`<math>`/`<form>`
///   element, no `on*` attribute, no `href`/`src`/`action` URL with a `javascript:`,
///   `vbscript:` or `data:` scheme. (Text such as `onerror=` or `javascript:` is fine where
///   it is escaped text, not markup: `&lt;img onerror=..&gt;` runs nothing.)
///
/// # Errors
///
/// The first property that does not hold, naming the writer.
pub fn check_output(
    writer: Writer,
    cat: &Catalogue,
    out: &[u8],
    diagnostics: &[Diagnostic],
) -> Result<(), String> {
    let result = match writer {
        Writer::Json => check_json(cat, out),
        Writer::Bibtex | Writer::Biblatex => check_bib(cat, out),
        Writer::CslJson => check_csljson(cat, out),
        Writer::Csv => check_csv(cat, out),
        Writer::Xlsx => check_xlsx(cat, out),
        Writer::JsonLd => check_jsonld(cat, out),
        Writer::Apkg => check_apkg(cat, out, diagnostics),
        Writer::AnkiTxt => check_anki_txt(cat, out, diagnostics),
    };
    result.map_err(|e| format!("{}: {e}", writer.name()))
}

/// At most 120 characters of `s`, for messages.
fn snippet(s: &str) -> String {
    let mut t: String = s.chars().take(120).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    format!("{t:?}")
}

fn count_mismatch(what: &str, got: usize, cat: &Catalogue) -> Result<(), String> {
    if got == cat.papers.len() {
        Ok(())
    } else {
        Err(format!("{got} {what} for {} papers", cat.papers.len()))
    }
}

fn check_json(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(out).map_err(|e| format!("not JSON: {e}"))?;
    let papers = v["papers"].as_array().ok_or("no `papers` array")?;
    count_mismatch("objects in `papers`", papers.len(), cat)?;
    for (p, j) in cat.papers.iter().zip(papers) {
        if j["key"] != p.key.as_str() || j["heading"] != p.heading.as_str() {
            return Err(format!(
                "paper `{}` does not read back: {}",
                p.key,
                snippet(&j.to_string())
            ));
        }
        let title = serde_json::to_value(&p.title).map_err(err)?;
        if j["title"] != title {
            return Err(format!("title of `{}` does not read back", p.key));
        }
    }
    Ok(())
}

fn check_bib(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(out).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut depth = 0i64;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('@') && depth != 0 {
            return Err(format!(
                "line {} starts an entry at brace depth {depth}",
                n + 1
            ));
        }
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return Err(format!(
                    "line {}: `}}` closes nothing: {}",
                    n + 1,
                    snippet(line)
                ));
            }
        }
    }
    if depth != 0 {
        return Err(format!("{depth} brace(s) left open at the end"));
    }
    let bib = biblatex::Bibliography::parse(text).map_err(|e| format!("biblatex crate: {e}"))?;
    count_mismatch("entries", bib.len(), cat)?;
    for p in &cat.papers {
        if bib.get(&p.key).is_none() {
            return Err(format!("no entry with key `{}`", p.key));
        }
    }
    Ok(())
}

fn check_csljson(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(out).map_err(|e| format!("not JSON: {e}"))?;
    let items = v.as_array().ok_or("not a JSON array")?;
    count_mismatch("items", items.len(), cat)?;
    for (p, item) in cat.papers.iter().zip(items) {
        if item["id"] != p.key.as_str() {
            return Err(format!("item {} is not `{}`", item["id"], p.key));
        }
        if !item["type"].is_string() {
            return Err(format!("item `{}` has no type", p.key));
        }
    }
    Ok(())
}

/// The characters a spreadsheet may read as the start of a formula.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

fn check_csv(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let body = out
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .ok_or("no UTF-8 byte order mark")?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body);
    let headers = reader
        .headers()
        .map_err(|e| format!("csv header: {e}"))?
        .clone();
    let names: Vec<&str> = papercat_sheet::Column::ALL
        .iter()
        .map(|c| c.name())
        .collect();
    if headers.iter().collect::<Vec<_>>() != names {
        return Err(format!("header is {headers:?}"));
    }
    let mut rows = 0;
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("csv record {}: {e}", i + 1))?;
        let Some(paper) = cat.papers.get(i) else {
            return Err(format!("record {} has no paper", i + 1));
        };
        let key = record.get(0).unwrap_or_default();
        if key != paper.key && key.strip_prefix('\'') != Some(paper.key.as_str()) {
            return Err(format!("record {} is `{key}`, not `{}`", i + 1, paper.key));
        }
        for cell in &record {
            if cell.starts_with(FORMULA_STARTS) {
                return Err(format!(
                    "paper `{}`: a cell starts a formula: {}",
                    paper.key,
                    snippet(cell)
                ));
            }
        }
        rows += 1;
    }
    count_mismatch("records", rows, cat)
}

/// Undoes the `_xHHHH_` escapes of OOXML strings (which calamine leaves in place).
fn ooxml_unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if b[i] == b'_'
            && i + 7 <= b.len()
            && b[i + 1] == b'x'
            && b[i + 6] == b'_'
            && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
        {
            let hex = &s[i + 2..i + 6];
            if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                out.push(c);
                i += 7;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

fn check_xlsx(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(out))
        .map_err(|e| format!("calamine cannot open it: {e}"))?;
    let papers = book
        .worksheet_range(papercat_sheet::xlsx::PAPERS_SHEET)
        .map_err(|e| format!("calamine: sheet Papers: {e}"))?;
    book.worksheet_range(papercat_sheet::xlsx::SECTIONS_SHEET)
        .map_err(|e| format!("calamine: sheet Sections: {e}"))?;
    let mut rows = papers.rows();
    let header: Vec<String> = rows
        .next()
        .ok_or("Papers is empty")?
        .iter()
        .map(|c| c.to_string())
        .collect();
    let names: Vec<&str> = papercat_sheet::Column::ALL
        .iter()
        .map(|c| c.name())
        .collect();
    if header != names {
        return Err(format!("Papers header is {header:?}"));
    }
    let mut n = 0;
    for (i, row) in rows.enumerate() {
        let Some(paper) = cat.papers.get(i) else {
            return Err(format!("row {} has no paper", i + 2));
        };
        let key = row
            .first()
            .map(|c| ooxml_unescape(&c.to_string()))
            .unwrap_or_default();
        if key != paper.key {
            return Err(format!("row {} is `{key}`, not `{}`", i + 2, paper.key));
        }
        n += 1;
    }
    count_mismatch("rows in Papers", n, cat)
}

fn check_jsonld(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_slice(out).map_err(|e| format!("not JSON: {e}"))?;
    let graph = v["@graph"].as_array().ok_or("no `@graph` array")?;
    let articles = graph
        .iter()
        .filter(|n| n["@type"] == "ScholarlyArticle")
        .count();
    count_mismatch("ScholarlyArticle nodes", articles, cat)?;
    let mut ids = HashSet::new();
    for node in graph {
        let id = node["@id"].as_str().ok_or("a node without `@id`")?;
        if !ids.insert(id) {
            return Err(format!("two nodes share the @id {}", snippet(id)));
        }
    }
    let mut bad = None;
    visit_ids(&v, &mut |id| {
        let excluded = |c: char| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c);
        let absolute = id.starts_with("https://") || id.starts_with("http://");
        if bad.is_none() && (!absolute || id.contains(excluded)) {
            bad = Some(id.to_string());
        }
    });
    match bad {
        Some(id) => Err(format!("@id is not an absolute IRI: {}", snippet(&id))),
        None => Ok(()),
    }
}

fn visit_ids(v: &serde_json::Value, f: &mut impl FnMut(&str)) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, x) in map {
                match (k.as_str(), x) {
                    ("@id", serde_json::Value::String(s)) => f(s),
                    // The context maps terms to IRIs; those are ours, not the catalogue's.
                    ("@context", _) => {}
                    _ => visit_ids(x, f),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|x| visit_ids(x, f)),
        _ => {}
    }
}

/// The keys that must have a note: every paper not named by an `anki-no-card` diagnostic.
fn keys_with_notes<'c>(
    cat: &'c Catalogue,
    diagnostics: &[Diagnostic],
) -> Result<Vec<&'c str>, String> {
    let no_card: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == "anki-no-card")
        .collect();
    let mut keys = Vec::new();
    let mut skipped = 0;
    for p in &cat.papers {
        let tick = format!("`{}`", p.key);
        if no_card.iter().any(|d| d.message.contains(&tick)) {
            skipped += 1;
        } else {
            keys.push(p.key.as_str());
        }
    }
    if skipped != no_card.len() {
        return Err(format!(
            "{} anki-no-card diagnostics for {skipped} papers",
            no_card.len()
        ));
    }
    Ok(keys)
}

fn check_notes(expected: &[&str], notes: &[Vec<String>]) -> Result<(), String> {
    if notes.len() != expected.len() {
        return Err(format!(
            "{} notes, expected {} (papers without an anki-no-card diagnostic)",
            notes.len(),
            expected.len()
        ));
    }
    for (fields, key) in notes.iter().zip(expected) {
        if fields.len() != papercat_anki::PAPER_FIELDS.len() {
            return Err(format!("note `{key}` has {} fields", fields.len()));
        }
        if fields[0] != *key {
            return Err(format!("note {} is not `{key}`", snippet(&fields[0])));
        }
        for (name, f) in papercat_anki::PAPER_FIELDS.iter().zip(fields) {
            if let Some(why) = html_hazard(f) {
                return Err(format!("note `{key}` field {name}: {why}: {}", snippet(f)));
            }
        }
    }
    Ok(())
}

fn check_apkg(cat: &Catalogue, out: &[u8], diagnostics: &[Diagnostic]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(out)).map_err(|e| format!("not a zip: {e}"))?;
    let mut media = String::new();
    zip.by_name("media")
        .map_err(|e| format!("no media entry: {e}"))?
        .read_to_string(&mut media)
        .map_err(|e| format!("media: {e}"))?;
    serde_json::from_str::<serde_json::Value>(&media).map_err(|e| format!("media: {e}"))?;
    let mut db = Vec::new();
    zip.by_name("collection.anki2")
        .map_err(|e| format!("no collection.anki2: {e}"))?
        .read_to_end(&mut db)
        .map_err(|e| format!("collection.anki2: {e}"))?;
    let file = tempfile::NamedTempFile::new().map_err(|e| format!("temp file: {e}"))?;
    std::fs::write(file.path(), &db).map_err(|e| format!("temp file: {e}"))?;
    let conn = rusqlite::Connection::open_with_flags(
        file.path(),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .map_err(|e| format!("rusqlite cannot open it: {e}"))?;
    let sql = |e: rusqlite::Error| format!("rusqlite: {e}");
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(sql)?;
    if ok != "ok" {
        return Err(format!("integrity_check: {ok}"));
    }
    let mut stmt = conn
        .prepare("SELECT flds FROM notes ORDER BY id")
        .map_err(sql)?;
    let notes: Vec<Vec<String>> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(sql)?
        .map(|f| f.map(|f| f.split('\x1f').map(str::to_string).collect()))
        .collect::<Result<_, _>>()
        .map_err(sql)?;
    check_notes(&keys_with_notes(cat, diagnostics)?, &notes)?;
    let cardless: i64 = conn
        .query_row(
            "SELECT count(*) FROM notes WHERE id NOT IN (SELECT nid FROM cards)",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    let orphans: i64 = conn
        .query_row(
            "SELECT count(*) FROM cards WHERE nid NOT IN (SELECT id FROM notes)",
            [],
            |r| r.get(0),
        )
        .map_err(sql)?;
    if cardless != 0 || orphans != 0 {
        return Err(format!(
            "{cardless} notes without cards, {orphans} cards without notes"
        ));
    }
    Ok(())
}

fn check_anki_txt(cat: &Catalogue, out: &[u8], diagnostics: &[Diagnostic]) -> Result<(), String> {
    let text = std::str::from_utf8(out).map_err(|e| format!("not UTF-8: {e}"))?;
    let body = text
        .strip_suffix('\n')
        .ok_or("does not end with a line break")?;
    let width = 4 + papercat_anki::PAPER_FIELDS.len();
    let mut in_header = true;
    let mut notes = Vec::new();
    for (n, line) in body.split('\n').enumerate() {
        if line.starts_with('#') {
            if !in_header {
                return Err(format!("line {}: a `#` line after the notes", n + 1));
            }
            if let Some(cols) = line.strip_prefix("#columns:") {
                if cols.split('\t').count() != width {
                    return Err(format!(
                        "#columns names {} columns",
                        cols.split('\t').count()
                    ));
                }
            }
            continue;
        }
        in_header = false;
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() != width || line.contains('\r') {
            return Err(format!(
                "line {}: {} cells, expected {width}: {}",
                n + 1,
                cells.len(),
                snippet(line)
            ));
        }
        notes.push(cells[4..].iter().map(|c| unquote(c)).collect::<Vec<_>>());
    }
    check_notes(&keys_with_notes(cat, diagnostics)?, &notes)
}

/// A cell of Anki's text format, its CSV quoting undone.
fn unquote(cell: &str) -> String {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => cell.to_string(),
    }
}

/// Why the HTML `s` could run code, if it could: a script-like element, an event handler
/// attribute, or a link/source URL with a script or data scheme. Escaped text is not markup,
/// so `&lt;script&gt;` is fine; the scan follows quoted attribute values.
pub fn html_hazard(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        if j == name_start {
            if s[i..].starts_with("<!") || s[i..].starts_with("<?") {
                return Some("a comment or declaration in markup".into());
            }
            i += 1;
            continue;
        }
        let name = s[name_start..j].to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script"
                | "iframe"
                | "object"
                | "embed"
                | "style"
                | "svg"
                | "math"
                | "form"
                | "base"
                | "meta"
                | "link"
                | "frame"
                | "frameset"
        ) {
            return Some(format!("a <{name}> element"));
        }
        // Attributes, up to the closing `>`.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() {
                return Some(format!("an unterminated <{name}> tag"));
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let attr_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = s[attr_start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = "";
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = s[j + 1..].find(char::from(q)).map(|e| j + 1 + e);
                        let Some(end) = end else {
                            return Some(format!("an unterminated attribute in <{name}>"));
                        };
                        value = &s[j + 1..end];
                        j = end + 1;
                    }
                    _ => {
                        let start = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = &s[start..j];
                    }
                }
            }
            if attr.starts_with("on") {
                return Some(format!("an event handler `{attr}` on <{name}>"));
            }
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "srcset"
                    | "poster"
                    | "background"
                    | "data"
            ) {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|scheme| v.starts_with(scheme))
                {
                    return Some(format!("a script URL in `{attr}` of <{name}>"));
                }
            }
        }
        i = j;
    }
    None
}
