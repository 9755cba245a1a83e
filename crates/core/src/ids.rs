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
pub(crate) use roles::{badge_repo, classify, paper_url};
pub use url::{find_urls, host_path, normalize_url, NormalizedUrl, UrlFix};
pub(crate) use venue::{acl_venue, cvf_venue, proceedings_venue};
