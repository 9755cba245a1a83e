//! What the three writers share: which kind of entry a paper is, its venue, its links, its
//! keywords, its language and its annotation, all derived from the model without invention.

use papercat_core::ids::{acl_venue_parts, arxiv_from_url, ArxivMatch};
use papercat_core::{Code, Diagnostic, FieldKind, LinkKind, Paper, Work};

use crate::tex::clean;
use crate::{Booktitle, Options};

/// The kind of a paper, from what the catalogue knows about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A venue is known (written, or named by the ACL Anthology id).
    Conference,
    /// An arXiv paper with no known venue.
    Preprint,
    /// A link but no identifier (arXiv, DOI, ACL): a web page.
    Web,
    /// Anything else: a DOI or ACL paper of unknown venue, or nothing but a title.
    Other,
}

/// A conference venue: normalised name and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VenueInfo {
    pub name: String,
    pub year: Option<i32>,
}

impl VenueInfo {
    /// `Proceedings of EMNLP 2023` or `EMNLP 2023`.
    pub(crate) fn booktitle(&self, style: Booktitle) -> String {
        let mut out = String::new();
        let lower = self.name.to_ascii_lowercase();
        if style == Booktitle::Proceedings
            && !lower.starts_with("findings")
            && !lower.starts_with("proceedings")
        {
            out.push_str("Proceedings of ");
        }
        out.push_str(&self.name);
        if let Some(y) = self.year {
            let y = y.to_string();
            if !self.name.contains(&y) {
                out.push(' ');
                out.push_str(&y);
            }
        }
        out
    }
}

/// Everything a writer needs about one paper.
pub(crate) struct Facts<'a> {
    pub paper: &'a Paper,
    pub kind: Kind,
    pub venue: Option<VenueInfo>,
    /// The paper's record as it is cited: identifiers trimmed, the English title cleaned, the
    /// year the venue's for a conference paper (else the paper's), and the month only when
    /// the year is known and the paper is not a conference paper (the month a catalogue knows
    /// is the preprint's, arXiv v1, not the conference's).
    pub work: Work,
    /// The written title: the English title, else the heading; cleaned (may be empty).
    pub title: String,
    /// The landing page: the ACL Anthology page, the arXiv abstract page, else the paper's
    /// primary link (or its first paper or PDF link), never an arXiv link whose id is invalid.
    pub url: Option<String>,
    /// The title is an English one (an English title was given and is in Latin script).
    pub english: bool,
    /// Section paths joined with `/`, then topics; cleaned, deduplicated, without commas.
    pub keywords: Vec<String>,
}

impl<'a> Facts<'a> {
    pub(crate) fn new(paper: &'a Paper) -> Self {
        let nonempty = |s: &Option<String>| s.as_deref().map(clean).filter(|s| !s.is_empty());
        // Identifiers and links are only trimmed: the `.bib` writers percent-encode what a
        // verbatim field cannot hold, and collapsing spaces would change the link.
        let trimmed = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let arxiv = trimmed(&paper.work.arxiv);
        let doi = trimmed(&paper.work.doi);
        let acl = trimmed(&paper.work.acl);
        let venue = venue_of(paper, acl.as_deref());
        let url = if let Some(id) = &acl {
            Some(format!("https://aclanthology.org/{id}"))
        } else if let Some(id) = &arxiv {
            Some(format!("https://arxiv.org/abs/{id}"))
        } else {
            landing_page(paper)
        };
        let kind = if venue.is_some() {
            Kind::Conference
        } else if arxiv.is_some() {
            Kind::Preprint
        } else if doi.is_none() && acl.is_none() && url.is_some() {
            Kind::Web
        } else {
            Kind::Other
        };
        let venue_year = venue.as_ref().and_then(|v| v.year);
        let year = if kind == Kind::Conference {
            venue_year.or(paper.work.year)
        } else {
            paper.work.year.or(venue_year)
        };
        let month = paper
            .work
            .month
            .filter(|m| (1..=12).contains(m) && year.is_some() && kind != Kind::Conference);
        let title = uncapitalise_shouting(&clean(paper.display_title()));
        let english_title = nonempty(&paper.work.title);
        let english = english_title.as_deref().is_some_and(is_latin_script);
        let work = Work {
            title: english_title,
            authors: paper.work.authors.clone(),
            et_al: paper.work.et_al,
            year,
            month,
            venue: paper.work.venue.clone(),
            arxiv,
            arxiv_category: nonempty(&paper.work.arxiv_category),
            doi,
            acl,
        };
        Facts {
            paper,
            kind,
            venue,
            work,
            title,
            url,
            english,
            keywords: keywords(paper),
        }
    }

    /// True when BibTeX's and biblatex's standard styles can take the paper as a conference
    /// paper: a venue, at least one author and a year. Otherwise the writers fall back to a
    /// generic entry with the venue in `howpublished`.
    pub(crate) fn complete_conference(&self) -> bool {
        self.kind == Kind::Conference && self.work.year.is_some() && self.has_authors()
    }

    pub(crate) fn has_authors(&self) -> bool {
        crate::tex::names(&self.work.authors, false).is_some()
    }

    /// The code repositories, cleaned.
    pub(crate) fn code(&self) -> Vec<String> {
        self.paper
            .code
            .iter()
            .map(|c| clean(c))
            .filter(|c| !c.is_empty())
            .collect()
    }
}

/// The paper's primary link, else its first paper or PDF link, skipping every arXiv link
/// whose id is invalid (a truncated id the parser reported as `bad-arxiv-id`): such a link
/// leads nowhere, or to another paper.
fn landing_page(paper: &Paper) -> Option<String> {
    let usable =
        |u: &&str| !u.is_empty() && !matches!(arxiv_from_url(u), Some(ArxivMatch::Invalid(..)));
    paper
        .url
        .as_deref()
        .map(str::trim)
        .filter(usable)
        .or_else(|| {
            paper
                .links
                .iter()
                .filter(|l| matches!(l.kind, LinkKind::Paper | LinkKind::Pdf))
                .map(|l| l.url.trim())
                .find(usable)
        })
        .map(str::to_string)
}

/// Small words that title case leaves in lower case (unless they start the title or follow a
/// colon).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
    "or", "over", "the", "to", "via", "vs", "with",
];

/// A title written in capitals (`LORA: LOW-RANK ADAPTATION OF LARGE LANGUAGE MODELS`) in
/// title case (`LORA: Low-Rank Adaptation of Large Language Models`), so that no style
/// shouts it and sentence-casing styles can lower-case it. A single word before the first
/// colon is kept as written: it is a name. Titles with a lower-case letter, with fewer than
/// three words of letters or ten capitals (`GPT-4 API`) are returned unchanged.
pub(crate) fn uncapitalise_shouting(title: &str) -> String {
    let cased: Vec<char> = title.chars().filter(|c| c.is_alphabetic()).collect();
    let words_with_letters = title
        .split(' ')
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let shouting = words_with_letters >= 3
        && cased.iter().filter(|c| c.is_uppercase()).count() >= 10
        && !cased.iter().any(|c| c.is_lowercase());
    if !shouting {
        return title.to_string();
    }
    let name_end = title
        .find(": ")
        .filter(|&i| !title[..i].contains(' '))
        .unwrap_or(0);
    let mut out = String::with_capacity(title.len());
    out.push_str(&title[..name_end]);
    let mut after_colon = true;
    for (i, word) in title[name_end..].split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let lower = word.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
        if !after_colon && SMALL_WORDS.contains(&bare) {
            out.push_str(&lower);
        } else {
            // Capitalise each part of a hyphenated word: `FINE-TUNING` is `Fine-Tuning`.
            let mut start = true;
            for c in lower.chars() {
                if start && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    start = false;
                } else {
                    out.push(c);
                    if matches!(c, '-' | '/') {
                        start = true;
                    }
                }
            }
        }
        after_colon = word.ends_with(':');
    }
    out
}

/// A short label for a paper without authors, taken from the first words of its title as
/// author-less works are cited in author-year styles: the part before the first colon when it
/// has at most four words (`Gemini`, `LLaVA-φ`), else the words up to the second one that is
/// not a small word (`Scaling Laws`, `The Power of Scale`). When that would be the whole
/// title, only up to the first such word (`Mixtral`, `Segment`), so that a style that prints
/// the label in the author's place (plainnat) never prints the title twice. A one-word title
/// is its own label. `None` for an empty title.
pub(crate) fn short_label(title: &str) -> Option<String> {
    let trim = |s: &str| {
        s.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, ')' | ']'))
            .to_string()
    };
    if let Some(i) = title.find(": ") {
        let head = trim(&title[..i]);
        if !head.is_empty() && head.split(' ').count() <= 4 {
            return Some(head);
        }
    }
    let words: Vec<&str> = title.split(' ').filter(|w| !w.is_empty()).collect();
    let significant = |w: &&str| {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        !bare.is_empty() && !SMALL_WORDS.contains(&bare.as_str())
    };
    let upto = |n: usize| -> usize {
        let mut seen = 0;
        for (i, w) in words.iter().enumerate() {
            if significant(w) {
                seen += 1;
                if seen == n {
                    return i + 1;
                }
            }
        }
        words.len()
    };
    let mut end = upto(2);
    if end == words.len() {
        end = upto(1);
    }
    let label = trim(&words[..end].join(" "));
    (!label.is_empty()).then_some(label)
}

/// The venue written in the catalogue, else the one the ACL Anthology id names.
fn venue_of(paper: &Paper, acl: Option<&str>) -> Option<VenueInfo> {
    if let Some(v) = &paper.work.venue {
        let name = v.name.as_deref().map(clean).unwrap_or_default();
        if !name.is_empty() {
            return Some(VenueInfo {
                name,
                year: v.year.or(paper.work.year),
            });
        }
    }
    let (name, year) = acl.and_then(acl_venue_parts)?;
    Some(VenueInfo {
        name,
        year: Some(year),
    })
}

/// Latin script: no letter outside Basic Latin, Latin-1 and Latin Extended, and at least one.
fn is_latin_script(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| (c as u32) < 0x0250)
}

fn keywords(paper: &Paper) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let sections = paper.sections().into_iter().map(|path| {
        path.iter()
            .map(|s| clean(s))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/")
    });
    for k in sections.chain(paper.topics.iter().map(|t| clean(t))) {
        let k = k.replace(',', ";");
        if !k.is_empty() && !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The annotation lines [`annotation`] gives when `opts` asks for annotations (`None` when
/// it does not), with an `annotation-truncated` warning in `diags` when they were cut.
/// `field` names the field in the warning (`RIS N1`), which ends with `hint`.
pub(crate) fn annotation_lines(
    facts: &Facts<'_>,
    opts: &Options,
    field: &str,
    hint: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<String>> {
    if !opts.annotations {
        return None;
    }
    let paper = facts.paper;
    let (lines, cut) = annotation(facts, opts.max_annotation_chars);
    if cut {
        diags.push(
            paper
                .diagnostic(
                    Code::AnnotationTruncated,
                    format!(
                        "the notes of `{}` were cut to {} characters in the {field}",
                        paper.key,
                        opts.max_annotation_chars.unwrap_or_default()
                    ),
                )
                .with_hint(hint),
        );
    }
    Some(lines)
}

/// The annotation: the heading (when it is not already the title) and the reading notes,
/// one line per line of the notes, each field starting with its label. Lines are cleaned and
/// empty ones dropped. With `max`, the text is cut after that many characters (`…` added);
/// the second value tells whether it was.
pub(crate) fn annotation(facts: &Facts<'_>, max: Option<usize>) -> (Vec<String>, bool) {
    let paper = facts.paper;
    let mut lines = Vec::new();
    let heading = clean(&paper.heading);
    if !heading.is_empty() && heading != facts.title {
        lines.push(heading);
    }
    for f in &paper.fields {
        let wanted = matches!(
            f.kind,
            FieldKind::Motivation
                | FieldKind::Method
                | FieldKind::Results
                | FieldKind::Summary
                | FieldKind::Note
                | FieldKind::Other
        );
        if !wanted {
            continue;
        }
        let body: Vec<String> = f
            .text
            .lines()
            .map(clean)
            .filter(|l| !l.is_empty())
            .collect();
        if body.is_empty() {
            continue;
        }
        let label = clean(&f.label);
        for (i, line) in body.into_iter().enumerate() {
            if i == 0 && !label.is_empty() {
                lines.push(format!("{label}: {line}"));
            } else {
                lines.push(line);
            }
        }
    }
    let Some(max) = max else {
        return (lines, false);
    };
    let mut budget = max;
    let mut out = Vec::new();
    for line in lines {
        let n = line.chars().count();
        if n <= budget {
            budget -= n;
            out.push(line);
        } else {
            let mut cut: String = line.chars().take(budget).collect();
            cut.push('…');
            out.push(cut);
            return (out, true);
        }
    }
    (out, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booktitles() {
        let v = |name: &str, year| VenueInfo {
            name: name.into(),
            year,
        };
        assert_eq!(
            v("EMNLP", Some(2023)).booktitle(Booktitle::Proceedings),
            "Proceedings of EMNLP 2023"
        );
        assert_eq!(
            v("EMNLP", Some(2023)).booktitle(Booktitle::Short),
            "EMNLP 2023"
        );
        assert_eq!(
            v("Findings of ACL", Some(2023)).booktitle(Booktitle::Proceedings),
            "Findings of ACL 2023"
        );
        assert_eq!(
            v("NeurIPS 2023", Some(2023)).booktitle(Booktitle::Proceedings),
            "Proceedings of NeurIPS 2023"
        );
        assert_eq!(v("CIKM", None).booktitle(Booktitle::Short), "CIKM");
    }

    #[test]
    fn shouting_titles_become_title_case() {
        let u = uncapitalise_shouting;
        assert_eq!(
            u("LORA: LOW-RANK ADAPTATION OF LARGE LANGUAGE MODELS"),
            "LORA: Low-Rank Adaptation of Large Language Models"
        );
        assert_eq!(
            u("FULL PARAMETER FINE-TUNING FOR LARGE LANGUAGE MODELS WITH LIMITED RESOURCES"),
            "Full Parameter Fine-Tuning for Large Language Models with Limited Resources"
        );
        assert_eq!(u("A STUDY: OF THINGS"), "A Study: Of Things");
        for kept in [
            "BERT",
            "GPT-4 API",
            "MIT AI LAB",
            "QLoRA: Efficient LLMs",
            "多模态 大模型",
            "",
        ] {
            assert_eq!(u(kept), kept);
        }
    }

    #[test]
    fn short_labels_are_the_first_words_of_the_title() {
        let l = |t: &str| short_label(t).unwrap_or_default();
        for (input, want) in [
            (
                "Gemini: A Family of Highly Capable Multimodal Models",
                "Gemini",
            ),
            ("LLaVA-φ: Efficient Multi-Modal Assistant", "LLaVA-φ"),
            ("Scaling Laws for Neural Language Models", "Scaling Laws"),
            ("The Power of Scale for Prompt Tuning", "The Power of Scale"),
            ("Mixtral of Experts", "Mixtral"),
            ("Segment Anything", "Segment"),
            ("Flamingo", "Flamingo"),
            (
                "Can Large Language Models Explain Themselves? A Study",
                "Can Large",
            ),
            (
                "System 2 Attention (is something you might need too)",
                "System 2",
            ),
            ("“Quoted” Title: Here", "Quoted” Title"),
        ] {
            assert_eq!(l(input), want, "{input}");
        }
        assert_eq!(short_label(""), None);
        assert_eq!(short_label("--"), None);
    }

    #[test]
    fn conference_papers_take_the_venue_year_and_no_month() {
        let mut p = papercat_testkit::fixture().papers[4].clone();
        p.work.year = Some(2022);
        p.work.month = Some(6);
        let f = Facts::new(&p);
        assert_eq!(f.kind, Kind::Conference);
        assert_eq!((f.work.year, f.work.month), (Some(2023), None));
        p.work.venue = None;
        let f = Facts::new(&p);
        assert_eq!((f.work.year, f.work.month), (Some(2022), Some(6)));
    }

    #[test]
    fn invalid_arxiv_links_are_never_the_url() {
        let p = Paper {
            key: "k".into(),
            url: Some("https://arxiv.org/pdf/2305.1636".into()),
            links: vec![
                papercat_core::Link {
                    url: "https://arxiv.org/pdf/2305.1636".into(),
                    kind: LinkKind::Pdf,
                    label: "论文地址".into(),
                },
                papercat_core::Link {
                    url: "https://example.org/paper".into(),
                    kind: LinkKind::Paper,
                    label: "主页".into(),
                },
            ],
            ..Default::default()
        };
        assert_eq!(
            Facts::new(&p).url.as_deref(),
            Some("https://example.org/paper")
        );
        let only_bad = Paper { links: vec![], ..p };
        assert_eq!(Facts::new(&only_bad).url, None);
        assert_eq!(Facts::new(&only_bad).kind, Kind::Other);
    }

    #[test]
    fn fixture_kinds() {
        let cat = papercat_testkit::fixture();
        let kinds: Vec<Kind> = cat.papers.iter().map(|p| Facts::new(p).kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Preprint,
                Kind::Conference,
                Kind::Other,
                Kind::Web,
                Kind::Conference
            ]
        );
        let llava = Facts::new(&cat.papers[0]);
        assert_eq!(
            llava.keywords,
            ["多模态篇", "PEFT 系列篇", "多模态", "指令微调"]
        );
        assert!(llava.english);
        let (lines, cut) = annotation(&llava, None);
        assert!(!cut);
        assert_eq!(lines[0], "LLaVA：经典的多模态大模型");
        assert_eq!(lines[2], "论文方法: LLaVA提出了一种方法，");
        assert_eq!(
            lines[3],
            "- 将Clip作为图像的编码器，在Clip后面加入一个**线性映射层**;"
        );
        let (lines, cut) = annotation(&llava, Some(20));
        assert!(cut);
        assert_eq!(lines.concat().chars().count(), 21);
    }
}
