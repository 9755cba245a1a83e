//! Identifiers and URLs: normalising hand-typed links and recognising arXiv ids, DOIs,
//! ACL Anthology ids and code repositories in them. One module a topic: URLs as typed
//! ([`normalize_url`], [`find_urls`]), paper identifiers ([`arxiv_from_url`],
//! [`doi_from_url`], [`acl_from_url`]), link roles (what a link is) and venues named by ids.

mod ident;
mod roles;
mod url;
mod venue;

pub use ident::{
    acl_from_url, arxiv_from_text, arxiv_from_url, doi_from_url, parse_arxiv_id, ArxivMatch,
};
pub use roles::canonical_repo;
pub use roles::classify;
pub(crate) use roles::{badge_repo, paper_url};
pub use url::{find_urls, host_path, normalize_url, NormalizedUrl, UrlFix};
pub use venue::acl_venue_parts;
pub(crate) use venue::{acl_venue, cvf_venue, proceedings_venue};

#[cfg(test)]
mod tests {
    use super::*;

    /// The helpers that read one string out of a URL or an id: DOIs, ACL Anthology ids,
    /// repositories and venues. Each case is (helper, input, what it gives).
    #[test]
    fn string_helpers() {
        type Helper = fn(&str) -> Option<String>;
        let doi: Helper = doi_from_url;
        let acl: Helper = acl_from_url;
        let repo: Helper = canonical_repo;
        let acl_venue: Helper = acl_venue;
        let cvf_venue: Helper = cvf_venue;
        let cases: &[(Helper, &str, Option<&str>)] = &[
            (
                doi,
                "https://dl.acm.org/doi/10.1145/3486622.3493957",
                Some("10.1145/3486622.3493957"),
            ),
            (
                doi,
                "https://dl.acm.org/doi/abs/10.1145/3486622.3493957",
                Some("10.1145/3486622.3493957"),
            ),
            (
                doi,
                "https://doi.org/10.18653/v1/2023.acl-long.1",
                Some("10.18653/v1/2023.acl-long.1"),
            ),
            (
                doi,
                "https://link.springer.com/article/10.1007/s11263-023-01891-x",
                Some("10.1007/s11263-023-01891-x"),
            ),
            (doi, "https://arxiv.org/abs/2304.08485", None),
            (
                acl,
                "https://aclanthology.org/2023.findings-acl.61.pdf",
                Some("2023.findings-acl.61"),
            ),
            (
                acl,
                "https://aclanthology.org/2022.emnlp-main.249/",
                Some("2022.emnlp-main.249"),
            ),
            (
                acl,
                "https://aclanthology.org/P19-1001.pdf",
                Some("P19-1001"),
            ),
            (acl, "https://aclanthology.org/events/acl-2023/", None),
            (
                repo,
                "https://github.com/pldlgb/nuggets/blob/master/README.md",
                Some("https://github.com/pldlgb/nuggets"),
            ),
            (
                repo,
                "https://github.com/huawei-noah/KD-NLP/tree/main/DyLoRA",
                Some("https://github.com/huawei-noah/KD-NLP/tree/main/DyLoRA"),
            ),
            (
                repo,
                "https://github.com/LC1332/Chat-Haruhi-Suzumiya/tree/main",
                Some("https://github.com/LC1332/Chat-Haruhi-Suzumiya"),
            ),
            (
                repo,
                "https://github.com/WillyHC22/InstructTODS/",
                Some("https://github.com/WillyHC22/InstructTODS"),
            ),
            (
                repo,
                "https://github.com/a/b.git",
                Some("https://github.com/a/b"),
            ),
            (repo, "https://github.com/a", None),
            (acl_venue, "2023.emnlp-main.923", Some("EMNLP 2023")),
            (
                acl_venue,
                "2025.findings-acl.12",
                Some("Findings of ACL 2025"),
            ),
            (acl_venue, "P19-1001", Some("ACL 2019")),
            (acl_venue, "W19-1001", None),
            (acl_venue, "D98-1001", Some("EMNLP 1998")),
            (acl_venue, "K19-1001", Some("CoNLL 2019")),
            (acl_venue, "2023.tacl-1.5", Some("TACL 2023")),
            (acl_venue, "2023.semeval-1.12", Some("SemEval 2023")),
            (acl_venue, "2023.emnlp-demo.1", Some("EMNLP 2023")),
            (acl_venue, "", None),
            (
                cvf_venue,
                "https://openaccess.thecvf.com/content/CVPR2021/html/x.html",
                Some("CVPR 2021"),
            ),
            (
                cvf_venue,
                "https://openaccess.thecvf.com/content_iccv_2017/html/x.html",
                Some("ICCV 2017"),
            ),
        ];
        for (helper, input, want) in cases {
            assert_eq!(helper(input).as_deref(), *want, "{input}");
        }
    }
}
