//! What a link is: a paper, a PDF, code, a badge, a note, media, a profile (its role).

use crate::model::LinkKind;

use super::ident::{acl_id, doi_parts};
use super::url::{ends_ci, host_path, normalize_url, starts_ci};

const CODE_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "gitee.com",
    "bitbucket.org",
    "codeberg.org",
];

/// The normalised URL of a paper or PDF link (not a badge, blog, repository or note page);
/// `None` for any other link, or text that is not a URL.
pub(crate) fn paper_url(raw: &str) -> Option<String> {
    normalize_url(raw)
        .map(|n| n.url)
        .filter(|u| matches!(classify(u, None), LinkKind::Paper | LinkKind::Pdf))
}

/// The canonical repository URL (`https://github.com/owner/repo`, keeping `/tree/branch/sub/path`).
pub fn canonical_repo(url: &str) -> Option<String> {
    let (host, path) = host_path(url);
    let (owner, repo) = repo_parts(host, path)?;
    let mut out = String::with_capacity(8 + host.len() + path.len());
    out.push_str("https://");
    out.push_str(host);
    out.push('/');
    out.push_str(owner);
    out.push('/');
    out.push_str(repo);
    // Keep a sub-path inside the repository (`/tree/main/DyLoRA`), not a bare branch.
    let mut parts = path.split('/').filter(|p| !p.is_empty()).skip(2);
    if parts.clone().next() == Some("tree") && parts.clone().nth(2).is_some() {
        for p in &mut parts {
            out.push('/');
            out.push_str(p);
        }
    }
    Some(out)
}

/// Owner and repository name of a code-host URL's host and path, if it names a repository.
fn repo_parts<'a>(host: &str, path: &'a str) -> Option<(&'a str, &'a str)> {
    if !CODE_HOSTS.contains(&host) {
        return None;
    }
    let mut parts = path.split('/').filter(|p| !p.is_empty());
    let owner = parts.next()?;
    let repo = parts.next()?.trim_end_matches(".git");
    (!repo.is_empty()).then_some((owner, repo))
}

/// Classify a normalised link, given the kind its label suggests.
pub fn classify(url: &str, label_hint: Option<LinkKind>) -> LinkKind {
    let (host, path) = host_path(url);
    if is_badge(host, path) {
        return LinkKind::Badge;
    }
    if repo_parts(host, path).is_some() {
        // A file inside a repository (`blob/main/notes/x.md`) is a page of it, not the
        // repository; a PDF kept in a repository is the paper. A folder (`tree/...`) is
        // still code: a sub-project.
        let mut parts = path.split('/').filter(|p| !p.is_empty()).skip(2);
        let is_file = matches!(parts.next(), Some("blob" | "raw")) && parts.nth(1).is_some();
        return if !is_file || (label_hint == Some(LinkKind::Code) && !ends_ci(path, ".pdf")) {
            // Under a code label, a file of the repository (its README) stands for it.
            LinkKind::Code
        } else if ends_ci(path, ".pdf") {
            LinkKind::Pdf
        } else {
            LinkKind::Note
        };
    }
    if host == "raw.githubusercontent.com" && ends_ci(path, ".pdf") {
        return LinkKind::Pdf;
    }
    if host == "arxiv.org" {
        return if starts_ci(path, "/pdf/") || starts_ci(path, "/ftp/") {
            LinkKind::Pdf
        } else {
            LinkKind::Paper
        };
    }
    if ends_ci(path, ".pdf") {
        return LinkKind::Pdf;
    }
    if acl_id(url).is_some() || doi_parts(url).is_some() {
        return LinkKind::Paper;
    }
    if let Some(kind) = host_role(host, path) {
        return kind;
    }
    if host.ends_with("github.io") {
        return label_hint
            .filter(|k| *k != LinkKind::Paper)
            .unwrap_or(LinkKind::Project);
    }
    label_hint.unwrap_or(LinkKind::Other)
}

/// Whether a host and path name a badge image (shields.io and the like).
fn is_badge(host: &str, path: &str) -> bool {
    matches!(
        host,
        "img.shields.io"
            | "badgen.net"
            | "badge.fury.io"
            | "flat.badgen.net"
            | "camo.githubusercontent.com"
    ) || (ends_ci(path, ".svg") && path.contains("badge"))
}

/// The repository a GitHub-stars badge names (`img.shields.io/github/stars/OWNER/REPO...`).
pub(crate) fn badge_repo(url: &str) -> Option<String> {
    let (host, path) = host_path(url);
    if host != "img.shields.io" {
        return None;
    }
    let rest = path.strip_prefix("/github/stars/")?;
    let mut parts = rest.split('/');
    let owner = parts.next().filter(|o| !o.is_empty())?;
    let repo = parts.next()?.trim_end_matches(".svg");
    (!repo.is_empty()).then(|| format!("https://github.com/{owner}/{repo}"))
}

/// The registrable part of a host: its last two labels (`openaccess.thecvf.com` gives
/// `thecvf.com`).
fn base_domain(host: &str) -> &str {
    let mut dots = host.rmatch_indices('.');
    dots.next();
    match dots.next() {
        Some((i, _)) => &host[i + 1..],
        None => host,
    }
}

/// Domains whose pages are papers: proceedings, publishers, indexes.
fn paper_domain(base: &str) -> bool {
    matches!(
        base,
        "openreview.net"
            | "nips.cc"
            | "neurips.cc"
            | "mlr.press"
            | "jmlr.org"
            | "thecvf.com"
            | "aaai.org"
            | "ijcai.org"
            | "springer.com"
            | "ieee.org"
            | "acm.org"
            | "nature.com"
            | "science.org"
            | "sciencedirect.com"
            | "nih.gov"
            | "aclweb.org"
            | "aclanthology.org"
            | "semanticscholar.org"
            | "biorxiv.org"
            | "medrxiv.org"
            | "ssrn.com"
            | "ecva.net"
            | "cv-foundation.org"
            | "researchgate.net"
            | "wiley.com"
            | "pnas.org"
            | "mdpi.com"
            | "frontiersin.org"
            | "oup.com"
            | "tandfonline.com"
            | "iclr.cc"
            | "isca-speech.org"
            | "vldb.org"
            | "usenix.org"
            | "arxiv-vanity.com"
            | "arxiv.org"
            | "paperswithcode.com"
            | "distill.pub"
    )
}

/// Domains of media: blogs, articles, videos, slides, social posts.
fn media_domain(base: &str) -> bool {
    matches!(
        base,
        "zhihu.com"
            | "qq.com"
            | "bilibili.com"
            | "b23.tv"
            | "youtube.com"
            | "youtu.be"
            | "medium.com"
            | "towardsdatascience.com"
            | "jiqizhixin.com"
            | "csdn.net"
            | "cnblogs.com"
            | "jianshu.com"
            | "slideshare.net"
            | "speakerdeck.com"
            | "twitter.com"
            | "x.com"
            | "notion.site"
            | "substack.com"
            | "wandb.ai"
            | "reddit.com"
            | "ycombinator.com"
            | "vimeo.com"
            | "ixigua.com"
            | "douyin.com"
            | "techcrunch.com"
            | "theverge.com"
    )
}

/// The role a host gives a link, whatever its label says.
fn host_role(host: &str, path: &str) -> Option<LinkKind> {
    let base = base_domain(host);
    if host == "huggingface.co" || host == "hf.co" {
        return Some(if starts_ci(path, "/papers/") {
            LinkKind::Paper
        } else if starts_ci(path, "/spaces/") {
            LinkKind::Project
        } else {
            LinkKind::Dataset
        });
    }
    if host == "scholar.google.com" && starts_ci(path, "/citations")
        || host == "orcid.org"
        || host == "linkedin.com"
        || host == "dblp.org" && starts_ci(path, "/pid")
    {
        return Some(LinkKind::Profile);
    }
    if host == "semanticscholar.org" && starts_ci(path, "/author") {
        return Some(LinkKind::Profile);
    }
    if host == "kaggle.com" || host == "paperswithcode.com" && starts_ci(path, "/dataset") {
        return Some(LinkKind::Dataset);
    }
    if host == "ncbi.nlm.nih.gov" && !starts_ci(path, "/pmc") {
        return None;
    }
    // nips.cc itself hosts tutorials and talks; its papers are on papers. and proceedings.
    if matches!(base, "nips.cc" | "neurips.cc")
        && !(host.starts_with("papers.") || host.starts_with("proceedings."))
    {
        return None;
    }
    if paper_domain(base) && path.len() > 1 {
        if host == "paperswithcode.com" && !starts_ci(path, "/paper/") {
            return None;
        }
        return Some(LinkKind::Paper);
    }
    // A research lab's publication page (`deepmind.com/publications/x`).
    if path.contains("/publications/") || path.contains("/publication/") {
        return Some(LinkKind::Paper);
    }
    if host.ends_with(".blog") || host.contains("blog.") {
        return Some(LinkKind::Media);
    }
    if media_domain(base)
        || matches!(host, "lilianweng.github.io" | "jalammar.github.io")
        || host.starts_with("blog.")
        || path.contains("/blog/")
        || starts_ci(path, "/blog")
    {
        return Some(LinkKind::Media);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_pages() {
        assert_eq!(
            classify("https://gpt4video.github.io/", None),
            LinkKind::Project
        );
        assert_eq!(classify("https://arxiv.org/pdf/1", None), LinkKind::Pdf);
    }

    #[test]
    fn link_roles() {
        use LinkKind as K;
        let c = |u: &str| classify(u, None);
        assert_eq!(
            c("https://img.shields.io/github/stars/a/b.svg?style=social"),
            K::Badge
        );
        assert_eq!(
            badge_repo("https://img.shields.io/github/stars/haotian-liu/LLaVA.svg?style=social"),
            Some("https://github.com/haotian-liu/LLaVA".into())
        );
        assert_eq!(c("https://github.com/o/notes/blob/master/x/y.md"), K::Note);
        assert_eq!(c("https://github.com/o/papers/blob/master/x/y.pdf"), K::Pdf);
        assert_eq!(
            classify(
                "https://github.com/o/r/blob/master/README.md",
                Some(K::Code)
            ),
            K::Code
        );
        assert_eq!(c("https://github.com/o/r/tree/main/sub"), K::Code);
        assert_eq!(c("https://openreview.net/forum?id=x"), K::Paper);
        assert_eq!(
            c("https://openaccess.thecvf.com/content/CVPR2021/html/x.html"),
            K::Paper
        );
        assert_eq!(c("https://huggingface.co/papers/2304.08485"), K::Paper);
        assert_eq!(c("https://huggingface.co/datasets/x/y"), K::Dataset);
        assert_eq!(c("https://zhuanlan.zhihu.com/p/1"), K::Media);
        assert_eq!(
            classify("https://mp.weixin.qq.com/s/x", Some(K::Paper)),
            K::Media
        );
        assert_eq!(c("https://ai.meta.com/blog/x"), K::Media);
        assert_eq!(c("https://scholar.google.com/citations?user=x"), K::Profile);
        assert_eq!(c("https://www.deepmind.com/publications/x"), K::Paper);
    }
}
