//! A deterministic generator of large catalogues in the shape of a real paper-reading
//! catalogue, for benchmarks, memory measurements and robustness tests.
//!
//! ```
//! use papercat_testkit::generator::{generate, generate_with_stats};
//!
//! let md = generate(20_000, 7);
//! assert!(md.len() >= 20_000);
//! assert_eq!(md, generate(20_000, 7)); // same seed, same bytes
//!
//! let cat = papercat_core::parse_str(&md);
//! let (_, stats) = generate_with_stats(20_000, 7);
//! assert_eq!(cat.papers.len(), stats.papers);
//! ```
//!
//! The text is made of `## `/`### `/`#### ` sections holding top-level bullets (a short Chinese
//! heading) with labelled child bullets: `论文名称`, `论文地址` (unique arXiv ids from
//! `2301.00001` upward, written as `abs`, `pdf`, `.pdf`, `v2`, scheme-less and `hhttps://`
//! variants), `机构`, `Github 地址` (often empty), `会议` (`ACL 2023`, `EMNLP2023` or empty),
//! `作者`, `相关领域`, `动机` and `论文方法` with nested lists. A few percent of entries repeat
//! an earlier paper under another section, as hand-kept catalogues do.

mod vocab;

use std::fmt::Write as _;

use vocab::*;

/// A small xorshift64* generator: deterministic, no dependencies, good enough for text.
#[derive(Debug, Clone)]
pub struct XorShift(u64);

impl XorShift {
    /// A generator from a seed (0 is mapped to a fixed non-zero state).
    pub fn new(seed: u64) -> Self {
        XorShift(if seed == 0 {
            0x9E37_79B9_7F4A_7C15
        } else {
            seed
        })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0; 0 gives 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        ((self.next_u64() >> 32) as usize) % n
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// What [`generate_with_stats`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Distinct papers (distinct arXiv ids).
    pub papers: usize,
    /// Entries that repeat an earlier paper under another section.
    pub duplicates: usize,
    /// Headings of level 2 to 4.
    pub sections: usize,
    /// URLs written with the `hhttps://` typo.
    pub typos: usize,
    /// arXiv URLs written without a scheme (`arxiv.org/pdf/...`).
    pub schemeless: usize,
}

/// Generate a catalogue of about `bytes` bytes (it stops after the first entry that reaches
/// the size) from `seed`. The same arguments always give the same text.
pub fn generate(bytes: usize, seed: u64) -> String {
    generate_with_stats(bytes, seed).0
}

/// Parse a size such as `20MB`, `1.5MB`, `512KiB`, `3GB` or `1000` (bytes). `KB`/`MB`/`GB` are
/// powers of 1000, `KiB`/`MiB`/`GiB` powers of 1024; the case of the unit does not matter.
pub fn parse_size(s: &str) -> Option<usize> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let num: f64 = num.parse().ok()?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "m" | "mb" => 1e6,
        "g" | "gb" => 1e9,
        "kib" => 1024.0,
        "mib" => 1024.0 * 1024.0,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let n = num * mult;
    (n.is_finite() && n >= 0.0).then_some(n as usize)
}

/// The arXiv id of the `i`-th distinct paper: months 2301 to 2512 in turn, numbers from 00001.
pub fn arxiv_id(i: usize) -> String {
    let month = i % 36;
    let yy = 23 + month / 12;
    let mm = month % 12 + 1;
    format!("{yy:02}{mm:02}.{:05}", i / 36 + 1)
}

const SYLLABLES: [&str; 16] = [
    "Ka", "Lo", "Mi", "Ne", "Ru", "Sa", "Te", "Vo", "Zi", "Pa", "Qu", "Xe", "Bo", "Da", "Fi", "Gu",
];

/// A model name unique to `i` (base-16 digits spelt as syllables).
fn model_name(mut i: usize) -> String {
    let mut parts = Vec::new();
    loop {
        parts.push(SYLLABLES[i % 16]);
        i /= 16;
        if i == 0 {
            break;
        }
    }
    while parts.len() < 2 {
        parts.push("Ha");
    }
    parts.reverse();
    parts.concat()
}

/// One distinct paper, kept to repeat it later under another section.
struct Written {
    index: usize,
    section: usize,
    heading: String,
    title: String,
}

struct Gen {
    rng: XorShift,
    out: String,
    stats: Stats,
    written: Vec<Written>,
    section_no: usize,
    /// Write sections in all four entry shapes (see [`generate_mixed`]).
    mixed: bool,
}

/// How a section's papers are written (see `docs/catalogue-format.md`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A top-level bullet with labelled child bullets (the shared corpus).
    List,
    /// A heading per paper, labelled bullets, a quote, `####` sub-headings.
    Heading,
    /// A bold title paragraph followed by `- Paper: url` bullets.
    Bold,
    /// A numbered reference item with italic authors and `[[pdf](url)]` links.
    Reference,
}

impl Gen {
    fn authors(&mut self) -> String {
        let n = 2 + self.rng.below(4);
        let mut names: Vec<String> = (0..n)
            .map(|_| format!("{} {}", self.rng.pick(FIRST), self.rng.pick(LAST)))
            .collect();
        if self.rng.chance(15) {
            names.push("等".into());
        }
        names.join(", ")
    }

    fn sentence(&mut self) -> String {
        format!(
            "{}{}{}{}。",
            self.rng.pick(SUBJ),
            self.rng.pick(VERB),
            self.rng.pick(OBJ),
            self.rng.pick(GOAL)
        )
    }

    fn arxiv_url(&mut self, id: &str, first: bool) -> String {
        let r = self.rng.below(100);
        match r {
            0..=39 => format!("https://arxiv.org/abs/{id}"),
            40..=69 => format!("https://arxiv.org/pdf/{id}"),
            70..=79 => format!("https://arxiv.org/pdf/{id}.pdf"),
            // A version only on a paper's first listing: the copy keeps the bare id.
            80..=87 if first => format!("https://arxiv.org/abs/{id}v2"),
            80..=92 => {
                self.stats.schemeless += 1;
                format!("arxiv.org/pdf/{id}")
            }
            _ => {
                self.stats.typos += 1;
                format!("hhttps://arxiv.org/abs/{id}")
            }
        }
    }

    fn section(&mut self, shape: Shape) {
        self.section_no += 1;
        let n = self.section_no;
        // A heading-per-paper section, and the section after it, stay at level 2: a deeper
        // heading after a paper heading would read as one of that paper's sub-headings.
        let after_heading_shape = self.mixed && self.section_no > 1 && {
            let prev = (self.section_no - 2) % 4;
            prev == 1
        };
        let depth =
            if n == 1 || shape == Shape::Heading || after_heading_shape || self.rng.chance(55) {
                2
            } else if self.rng.chance(70) {
                3
            } else {
                4
            };
        let name = if depth == 2 {
            SECTION[(n - 1) % SECTION.len()].to_string()
        } else {
            self.rng.pick(SUBSECTION).to_string()
        };
        let round = (n - 1) / SECTION.len();
        let _ = write!(self.out, "{} {name}", "#".repeat(depth));
        if round > 0 {
            let _ = write!(self.out, "（续 {round}）");
        }
        self.out.push_str("\n\n");
        self.stats.sections += 1;
        if self.rng.chance(10) {
            self.out.push_str(
                "> 说明：本节论文按发布时间排列，带 ★ 的为精读论文。\n\n- [返回目录](#目录)\n\n",
            );
        }
    }

    fn paper(&mut self) {
        let i = self.stats.papers;
        self.stats.papers += 1;
        let id = arxiv_id(i);
        let name = model_name(i);
        let suffix = self.rng.pick(SUFFIX);
        let title = format!(
            "{name}{suffix}: {} {} for {}",
            self.rng.pick(ADJ),
            self.rng.pick(NOUN),
            self.rng.pick(TASK)
        );
        let heading = format!("{name}{suffix}：{}", self.rng.pick(CN_HEAD));
        let url = self.arxiv_url(&id, true);
        let o = &mut self.out;
        let _ = writeln!(o, "- {heading}");
        let _ = writeln!(o, "  - 论文名称：{title}");
        let _ = writeln!(o, "  - 论文地址：{url}");
        let inst = self.rng.pick(INST);
        let _ = writeln!(self.out, "  - 机构：{inst}");
        let repo = format!(
            "github.com/{}/{}",
            self.rng.pick(LAST).to_lowercase().replace('ü', "u"),
            name.to_lowercase()
        );
        if self.rng.chance(45) {
            let scheme = if self.rng.chance(6) {
                self.stats.typos += 1;
                "hhttps"
            } else {
                "https"
            };
            let label = if self.rng.chance(20) {
                "代码"
            } else {
                "Github 地址"
            };
            let _ = writeln!(self.out, "  - {label}：{scheme}://{repo}");
        } else {
            self.out.push_str("  - Github 地址：\n");
        }
        if self.rng.chance(40) {
            let venue = self.rng.pick(VENUE);
            let year = 2022 + self.rng.below(3);
            let sep = if self.rng.chance(50) { " " } else { "" };
            let _ = writeln!(self.out, "  - 会议：{venue}{sep}{year}");
        } else {
            self.out.push_str("  - 会议：\n");
        }
        if self.rng.chance(60) {
            let a = self.authors();
            let _ = writeln!(self.out, "  - 作者：{a}");
        }
        if self.rng.chance(50) {
            let n = 1 + self.rng.below(3);
            let d: Vec<&str> = (0..n).map(|_| self.rng.pick(DOMAIN)).collect();
            let _ = writeln!(self.out, "  - 相关领域：{}", d.join("、"));
        }
        if self.rng.chance(60) {
            let m = self.rng.pick(MOTIVE);
            let _ = writeln!(self.out, "  - 动机：{m}");
        }
        let s = self.sentence();
        let _ = writeln!(self.out, "  - 论文方法：{s}");
        let steps = self.rng.below(5);
        for k in 0..steps {
            let st = self.rng.pick(STEP);
            let _ = writeln!(self.out, "    - {st}");
            if k == 0 && self.rng.chance(30) {
                let s = self.sentence();
                let _ = writeln!(self.out, "      - 细节：{s}");
            }
        }
        if self.rng.chance(50) {
            let (a, b) = (self.sentence(), self.sentence());
            let gain = 1 + self.rng.below(30);
            let _ = writeln!(
                self.out,
                "  - 论文实验结果：{a}{b}在基准上相对提升 {gain}.{}%。",
                self.rng.below(10)
            );
        }
        self.out.push('\n');
        self.written.push(Written {
            index: i,
            section: self.section_no,
            heading,
            title,
        });
    }

    /// The facts of the next distinct paper: (index, arXiv id, short name, title).
    fn facts(&mut self) -> (usize, String, String, String) {
        let i = self.stats.papers;
        self.stats.papers += 1;
        let id = arxiv_id(i);
        let name = format!("{}{}", model_name(i), self.rng.pick(SUFFIX));
        let title = format!(
            "{name}: {} {} for {}",
            self.rng.pick(ADJ),
            self.rng.pick(NOUN),
            self.rng.pick(TASK)
        );
        (i, id, name, title)
    }

    fn repo(&mut self, name: &str) -> String {
        format!(
            "https://github.com/{}/{}",
            self.rng.pick(LAST).to_lowercase().replace('ü', "u"),
            name.to_lowercase()
        )
    }

    /// A heading per paper: `### Name` or `### [Title](url)`, labelled bullets, a quote and
    /// `####` sub-headings for motivation, method and results.
    fn paper_heading(&mut self) {
        let (_, id, name, title) = self.facts();
        let url = self.arxiv_url(&id, true);
        if self.rng.chance(50) {
            let _ = writeln!(self.out, "### [{title}]({url})\n");
        } else {
            let _ = writeln!(self.out, "### {name}\n");
            let _ = writeln!(self.out, "* 论文名称：{title}");
        }
        let _ = writeln!(self.out, "* 论文地址：{url}");
        if self.rng.chance(60) {
            let a = self.authors();
            let _ = writeln!(self.out, "* 作者：{a}");
        }
        let (y, m, d) = (
            2022 + self.rng.below(3),
            1 + self.rng.below(12),
            1 + self.rng.below(28),
        );
        let _ = writeln!(self.out, "* 发表时间：{y}.{m:02}.{d:02}");
        if self.rng.chance(45) {
            let r = self.repo(&name);
            let _ = writeln!(self.out, "- **Code:** {r}");
        }
        if self.rng.chance(40) {
            let venue = self.rng.pick(VENUE);
            let _ = writeln!(self.out, "- **Comments:** {venue} {y}");
        }
        let s = self.sentence();
        let _ = writeln!(self.out, "\n> {s}\n");
        let m = self.rng.pick(MOTIVE);
        let _ = writeln!(self.out, "#### 一、论文动机\n\n{m}\n");
        let s = self.sentence();
        let _ = writeln!(self.out, "#### 二、论文思路\n\n{s}\n");
        for _ in 0..self.rng.below(4) {
            let st = self.rng.pick(STEP);
            let _ = writeln!(self.out, "- {st}");
        }
        if self.rng.chance(50) {
            let s = self.sentence();
            let _ = writeln!(self.out, "\n#### 三、实验结果\n\n{s}");
        }
        self.out.push('\n');
    }

    /// A bold title paragraph followed by labelled links (`Code: None` now and then).
    fn paper_bold(&mut self) {
        let (_, id, name, title) = self.facts();
        let url = self.arxiv_url(&id, true);
        let label = if self.rng.chance(10) {
            "Paper(Oral)"
        } else {
            "Paper"
        };
        let _ = writeln!(self.out, "**{title}**\n\n- {label}: {url}");
        if self.rng.chance(60) {
            let r = self.repo(&name);
            let _ = writeln!(self.out, "- Code: {r}");
        } else {
            self.out.push_str("- Code: None\n");
        }
        if self.rng.chance(25) {
            let _ = writeln!(
                self.out,
                "- Homepage: https://{}.github.io/",
                name.to_lowercase()
            );
        }
        self.out.push('\n');
    }

    /// A numbered reference item: bold title, venue, italic authors, `[[pdf](url)]` links
    /// and a trailing `YYYY.MM`.
    fn paper_reference(&mut self, n: usize) {
        let (_, id, name, title) = self.facts();
        let venue = self.rng.pick(VENUE);
        let y = 2022 + self.rng.below(3);
        let authors = self.authors().replace(", 等", "");
        let _ = write!(
            self.out,
            "{n}. **{title}.** {venue} {y}. *{authors}.* [[pdf](https://arxiv.org/pdf/{id})]"
        );
        if self.rng.chance(40) {
            let r = self.repo(&name);
            let _ = write!(self.out, " [[code]({r})]");
        }
        let _ = writeln!(self.out, " {y}.{:02}\n", 1 + self.rng.below(12));
    }

    /// Repeat an earlier paper from another section; false when there is none.
    fn duplicate(&mut self) -> bool {
        if self.written.is_empty() {
            return false;
        }
        let k = self.rng.below(self.written.len());
        if self.written[k].section == self.section_no {
            return false;
        }
        let id = arxiv_id(self.written[k].index);
        let url = self.arxiv_url(&id, false);
        let w = &self.written[k];
        let _ = writeln!(self.out, "- {}", w.heading);
        let _ = writeln!(self.out, "  - 论文名称：{}", w.title);
        let _ = writeln!(self.out, "  - 论文地址：{url}");
        self.out
            .push_str("  - 论文方法：见前文同名论文的笔记。\n\n");
        self.stats.duplicates += 1;
        true
    }
}

/// Like [`generate`], also returning what was written.
pub fn generate_with_stats(bytes: usize, seed: u64) -> (String, Stats) {
    generate_impl(bytes, seed, false)
}

/// A catalogue of about `bytes` bytes whose sections use the four entry shapes in turn (a
/// list per paper as in the corpus, a heading per paper, bold title paragraphs, numbered
/// reference items), for issue #3's speed bound. Deterministic for a seed, like [`generate`].
pub fn generate_mixed(bytes: usize, seed: u64) -> (String, Stats) {
    generate_impl(bytes, seed, true)
}

fn generate_impl(bytes: usize, seed: u64, mixed: bool) -> (String, Stats) {
    let mut g = Gen {
        rng: XorShift::new(seed),
        out: String::with_capacity(bytes + 4096),
        stats: Stats::default(),
        written: Vec::new(),
        section_no: 0,
        mixed,
    };
    // The header names papercat-bench, where the generator used to live: kept, so that a seed
    // still gives the bytes earlier measurements (crates/bench/RESULTS.md) and fuzz seeds used.
    g.out.push_str(
        "# 大模型论文研读笔记（生成的基准目录）\n\n\
         > 作者：papercat-bench\n>\n\
         > 介绍：由固定随机种子生成的论文笔记目录，用于性能测试，形状与手写目录一致。\n\n",
    );
    const SHAPES: [Shape; 4] = [Shape::List, Shape::Heading, Shape::Bold, Shape::Reference];
    while g.out.len() < bytes {
        let shape = if g.mixed {
            SHAPES[g.section_no % SHAPES.len()]
        } else {
            Shape::List
        };
        g.section(shape);
        let n = 5 + g.rng.below(36);
        for k in 0..n {
            if g.out.len() >= bytes {
                break;
            }
            match shape {
                Shape::List => {
                    if !(g.rng.chance(3) && g.duplicate()) {
                        g.paper();
                    }
                }
                Shape::Heading => g.paper_heading(),
                Shape::Bold => g.paper_bold(),
                Shape::Reference => g.paper_reference(k + 1),
            }
        }
    }
    (g.out, g.stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("20MB"), Some(20_000_000));
        assert_eq!(parse_size("1.5mb"), Some(1_500_000));
        assert_eq!(parse_size("2KiB"), Some(2048));
        assert_eq!(parse_size("100"), Some(100));
        assert_eq!(parse_size("3 GB"), Some(3_000_000_000));
        assert_eq!(parse_size("MB"), None);
        assert_eq!(parse_size("5TB"), None);
    }

    #[test]
    fn ids_are_unique_and_valid() {
        assert_eq!(arxiv_id(0), "2301.00001");
        assert_eq!(arxiv_id(1), "2302.00001");
        assert_eq!(arxiv_id(35), "2512.00001");
        assert_eq!(arxiv_id(36), "2301.00002");
        let ids: std::collections::HashSet<String> = (0..100_000).map(arxiv_id).collect();
        assert_eq!(ids.len(), 100_000);
        let names: std::collections::HashSet<String> = (0..100_000).map(model_name).collect();
        assert_eq!(names.len(), 100_000);
    }

    #[test]
    fn deterministic_and_sized() {
        let a = generate(50_000, 1);
        assert_eq!(a, generate(50_000, 1));
        assert_ne!(a, generate(50_000, 2));
        assert!(a.len() >= 50_000 && a.len() < 52_000, "{}", a.len());
        assert!(generate(0, 1).starts_with("# "));
    }
}
