//! Checks over a finished catalogue (after any enrichment), run by `papercat check`.

use crate::diag::{Code, Diagnostic};
use crate::model::Catalogue;

/// Findings that depend on the whole, possibly enriched, catalogue:
/// `no-year` for each paper without a year (biber warns about a missing date for it).
pub fn lint(cat: &Catalogue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in cat.papers.iter().filter(|p| p.work.year.is_none()) {
        out.push(
            p.diagnostic(
                Code::NoYear,
                format!(
                    "`{}` has no year; bibliographies will lack its date (biber warns)",
                    p.display_title()
                ),
            )
            .with_hint("add `会议：Venue 2023` or `发表时间：2023.05`, or fill it with --enrich"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn papers_without_year_are_reported() {
        let cat = crate::parse_str(
            "- A\n  - 论文名称：Has A Year Here\n  - 论文地址：https://arxiv.org/abs/2106.09685\n\n- B\n  - 论文名称：Has No Year At All\n  - 论文地址：https://example.org/paper\n",
        );
        let d = super::lint(&cat);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].code.as_str(), d[0].line), ("no-year", 5));
    }
}
