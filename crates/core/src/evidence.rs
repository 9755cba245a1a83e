//! Is this block a paper, and which link is what: the one place that decides.
//!
//! Every link of an entry is normalised and given a role ([`crate::ids::classify`]); an
//! entry is a paper when it has a title, or a paper or PDF link among the links that identify
//! it ([`has_evidence`]). The reader asks this to decide shapes (is this list a field list,
//! is this heading a paper), and the builder to drop entries that are not papers; neither
//! decides it on its own.

use crate::diag::{Code, Diagnostic, Severity};
use crate::entry::RawEntry;
use crate::ids;
use crate::model::{FieldKind, Link, LinkKind};
use crate::text;

/// The entry's title: its first non-empty title field's first line, normalised.
pub(crate) fn entry_title(entry: &RawEntry) -> Option<String> {
    entry
        .fields
        .iter()
        .find(|f| f.kind == FieldKind::Title && !f.text.trim().is_empty())
        .map(|f| text::normalize_title(f.text.lines().next().unwrap_or("")))
}

pub(crate) fn evidence_of(title: Option<&str>, el: &EntryLinks) -> bool {
    // Slides, handbooks and tutorials are not papers, even as PDFs.
    if title.is_some_and(crate::titles::names_non_paper) {
        return false;
    }
    title.is_some()
        || el
            .identifying
            .iter()
            .any(|i| matches!(el.links[*i].kind, LinkKind::Paper | LinkKind::Pdf))
}

/// Whether an entry has paper evidence: a title, or a paper or PDF link among its
/// identifying links (a code, project, media or note link alone is not a paper). The parser asks this to decide shapes; [`build`] drops the rest.
pub(crate) fn has_evidence(entry: &RawEntry) -> bool {
    // A title is evidence enough (`entry_title` is `Some` exactly then): no need to work out
    // the links, which `candidate` does anyway.
    if entry
        .fields
        .iter()
        .any(|f| f.kind == FieldKind::Title && !f.text.trim().is_empty())
    {
        return true;
    }
    if crate::titles::names_non_paper(&entry.heading) {
        return false;
    }
    let el = entry_links(entry, &mut Vec::new());
    evidence_of(None, &el)
}

/// Links found in an entry, normalised, classified and reported.
#[derive(Default)]
pub(crate) struct EntryLinks {
    pub links: Vec<Link>,
    /// Links that identify the paper (from link/code fields, the heading, bare URL children).
    pub identifying: Vec<usize>,
    /// For each link, the line it was first found on (its field's, or the entry's).
    pub lines: Vec<u32>,
    /// For each link, whether it is in `identifying`.
    ident: Vec<bool>,
    /// Link indices by URL hash, once there are more than [`crate::dedup::SMALL`] links.
    by_url: Option<crate::dedup::FastMap<u64, Vec<usize>>>,
}

impl EntryLinks {
    /// Record a link (the first time its URL is seen) and whether it identifies the paper.
    fn push(&mut self, url: String, kind: LinkKind, label: &str, ident: bool, line: u32) {
        if self.by_url.is_none() && self.links.len() > crate::dedup::SMALL {
            let mut map = crate::dedup::FastMap::default();
            for (i, l) in self.links.iter().enumerate() {
                map.entry(crate::dedup::hash(&l.url))
                    .or_insert_with(Vec::new)
                    .push(i);
            }
            self.by_url = Some(map);
        }
        let found = match &self.by_url {
            None => self.links.iter().position(|l| l.url == url),
            Some(map) => map
                .get(&crate::dedup::hash(&url))
                .and_then(|b| b.iter().copied().find(|&i| self.links[i].url == url)),
        };
        let i = match found {
            Some(i) => i,
            None => {
                let i = self.links.len();
                if let Some(map) = &mut self.by_url {
                    map.entry(crate::dedup::hash(&url)).or_default().push(i);
                }
                self.links.push(Link {
                    url,
                    kind,
                    label: label.to_string(),
                });
                self.lines.push(line);
                self.ident.push(false);
                i
            }
        };
        if ident && !self.ident[i] {
            self.ident[i] = true;
            self.identifying.push(i);
        }
    }
}

const PLACEHOLDERS: &[&str] = &[
    "none",
    "null",
    "n/a",
    "na",
    "无",
    "暂无",
    "-",
    "tbd",
    "todo",
    "coming soon",
    "待更新",
];

/// Extract, normalise and classify every URL of an entry; report repaired and malformed ones.
pub(crate) fn entry_links(e: &RawEntry, diags: &mut Vec<Diagnostic>) -> EntryLinks {
    let mut found = EntryLinks::default();
    for h in &e.heading_links {
        if h.trim().is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::PlaceholderLink,
                    &e.file,
                    e.line,
                    e.column,
                    "`[…]()` is a link with no address; no link recorded",
                )
                .with_hint("put the paper's URL between the parentheses, or drop the brackets"),
            );
            continue;
        }
        if let Some(n) = ids::normalize_url(h) {
            let kind = ids::classify(&n.url, None);
            if kind == LinkKind::Badge {
                if let Some(repo) = ids::badge_repo(&n.url) {
                    found.push(repo, LinkKind::Code, "", true, e.line);
                }
                continue;
            }
            found.push(
                n.url,
                kind,
                "",
                matches!(kind, LinkKind::Paper | LinkKind::Pdf | LinkKind::Code),
                e.line,
            );
        }
    }
    for f in &e.fields {
        let label_hint = match f.kind {
            FieldKind::Link => Some(LinkKind::Paper),
            FieldKind::Code => Some(LinkKind::Code),
            FieldKind::Other => other_hint(&f.label),
            _ => None,
        };
        let ident_field = matches!(f.kind, FieldKind::Link | FieldKind::Code)
            || (f.kind == FieldKind::Other && label_hint.is_some())
            || (f.kind == FieldKind::Note
                && f.text.trim().contains("://")
                && !f.text.trim().contains(char::is_whitespace));
        let mut urls = ids::find_urls(&f.text);
        // `arXiv:2302.04761` written where a link belongs stands for its abs page.
        let arxiv_url;
        if urls.is_empty() && f.kind == FieldKind::Link {
            if let Some(ids::ArxivMatch::Valid(id, _)) = ids::arxiv_from_text(&f.text) {
                arxiv_url = format!("https://arxiv.org/abs/{id}");
                urls.push((0, arxiv_url.as_str()));
            }
        }
        if urls.is_empty() && matches!(f.kind, FieldKind::Link | FieldKind::Code) {
            let t = f.text.trim();
            if PLACEHOLDERS.contains(&t.to_lowercase().as_str()) {
                diags.push(
                    Diagnostic::new(
                        Code::PlaceholderLink,
                        &e.file,
                        f.line,
                        1,
                        format!("`{}: {t}` is a placeholder; no link recorded", f.label),
                    )
                    .with_hint("fill in the URL when there is one, or remove the line"),
                );
            } else if !t.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::MalformedUrl,
                        &e.file,
                        f.line,
                        1,
                        format!("`{}` holds `{t}`, which is not a URL", f.label),
                    )
                    .with_hint("write the full link, e.g. https://arxiv.org/abs/2304.08485"),
                );
            }
        }
        for (_, raw) in urls {
            match ids::normalize_url(raw) {
                None => diags.push(
                    Diagnostic::new(
                        Code::MalformedUrl,
                        &e.file,
                        f.line,
                        1,
                        format!("`{raw}` is not a valid URL"),
                    )
                    .with_hint("fix the link so it starts with https:// and a host name"),
                ),
                Some(n) if ids::classify(&n.url, None) == LinkKind::Badge => {
                    // A badge is never a link of the paper; a GitHub-stars badge names the
                    // paper's repository.
                    if let Some(repo) = ids::badge_repo(&n.url) {
                        found.push(repo, LinkKind::Code, &f.label, ident_field, f.line);
                    }
                }
                Some(n) => {
                    if ident_field {
                        // A repair is a warning with advice; a tidied link only a note.
                        let fix = match &n.fix {
                            ids::UrlFix::Repaired(orig) => Some((orig, "repaired", "to", true)),
                            ids::UrlFix::Tidied(orig) => Some((orig, "read", "as", false)),
                            ids::UrlFix::None => None,
                        };
                        if let Some((orig, verb, how, repaired)) = fix {
                            let msg = format!("{verb} `{orig}` {how} `{}`", n.url);
                            let d = Diagnostic::new(Code::RepairedUrl, &e.file, f.line, 1, msg);
                            diags.push(if repaired {
                                d.with_hint("correct the link in the catalogue")
                            } else {
                                d.with_severity(Severity::Note)
                            });
                        }
                    }
                    let kind = if ident_field {
                        ids::classify(&n.url, label_hint)
                    } else {
                        match ids::classify(&n.url, None) {
                            LinkKind::Code | LinkKind::Project => LinkKind::Other,
                            k => {
                                if k == LinkKind::Paper || k == LinkKind::Pdf {
                                    LinkKind::Other
                                } else {
                                    k
                                }
                            }
                        }
                    };
                    found.push(n.url, kind, &f.label, ident_field, f.line);
                }
            }
        }
    }
    found
}

pub(crate) fn other_hint(label: &str) -> Option<LinkKind> {
    let k = text::label_key(label);
    let k = k.split(['(', '（']).next().unwrap_or("");
    match k {
        "homepage" | "project" | "projectpage" | "demo" | "论文示例" | "主页" | "项目主页"
        | "website" => Some(LinkKind::Project),
        _ => None,
    }
}

/// Why an entry is or is not a paper, in words: `(is a paper, reason)`. The same rule as
/// [`has_evidence`] and the builder, spelled out for `papercat check --explain`.
pub(crate) fn explain_entry(e: &RawEntry) -> (bool, String) {
    let el = entry_links(e, &mut Vec::new());
    let title = entry_title(e);
    let paper_link = el
        .identifying
        .iter()
        .map(|&i| &el.links[i])
        .find(|l| matches!(l.kind, LinkKind::Paper | LinkKind::Pdf));
    let named = title.as_deref().unwrap_or(&e.heading);
    if crate::titles::names_non_paper(named) && (title.is_some() || paper_link.is_none()) {
        return (
            false,
            format!("`{named}` names slides, a handbook or a tutorial, not a paper"),
        );
    }
    match (&title, paper_link) {
        (Some(t), Some(l)) => (
            true,
            format!("title `{t}` and {} link {}", l.kind.as_str(), l.url),
        ),
        (Some(t), None) => (true, format!("title `{t}` (no paper link)")),
        (None, Some(l)) => (true, format!("{} link {}", l.kind.as_str(), l.url)),
        (None, None) => {
            let mut others: Vec<String> = el
                .links
                .iter()
                .take(3)
                .map(|l| format!("{} {}", l.kind.as_str(), l.url))
                .collect();
            if el.links.len() > 3 {
                others.push(format!("{} more", el.links.len() - 3));
            }
            let links = if others.is_empty() {
                String::new()
            } else {
                format!("; its links: {}", others.join(", "))
            };
            (
                false,
                format!("no title field and no paper or PDF link{links} (add `论文名称：` or `论文地址：` if it is a paper)"),
            )
        }
    }
}
