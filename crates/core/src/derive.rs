//! Values derived from a paper's fields: venue, year and month, authors, institutions
//! and topics.

use crate::dedup;
use crate::ids;
use crate::model::{FieldKind, Paper};
use crate::text;

fn first_text(p: &Paper, kind: FieldKind) -> Option<&str> {
    p.fields
        .iter()
        .find(|f| f.kind == kind && !f.text.trim().is_empty())
        .map(|f| f.text.trim())
}

/// Fill venue, year, month, authors, institutions and topics from the fields.
pub(crate) fn derive(p: &mut Paper) {
    p.work.venue = first_text(p, FieldKind::Venue).and_then(text::parse_venue);
    if p.work.venue.is_none() {
        // `Comments: 9 pages (ICML 2025)`: an arXiv comment naming the venue.
        p.work.venue = p
            .fields
            .iter()
            .filter(|f| {
                // Only `c` and `C` lower-case to `c`: labels without one (most) are skipped
                // without building their key.
                f.label.bytes().any(|b| b | 0x20 == b'c')
                    && text::with_label_key(&f.label, |k| matches!(k, "comments" | "comment"))
            })
            .find_map(|f| text::venue_in_text(&f.text));
    }
    if p.work.venue.is_none() {
        // `#### 1.2 中文标题 (NIPS 2012)`, `[CVPR 2021] Title`, then the ACL Anthology id and
        // a CVF open-access URL.
        p.work.venue = crate::titles::venue_tag(&p.heading)
            .or_else(|| p.work.title.as_deref().and_then(crate::titles::venue_tag))
            .or_else(|| p.work.acl.as_deref().and_then(ids::acl_venue))
            .or_else(|| p.links.iter().find_map(|l| ids::cvf_venue(&l.url)))
            .or_else(|| p.links.iter().find_map(|l| ids::proceedings_venue(&l.url)))
            .and_then(|v| text::parse_venue(&v));
    }
    // The first date that parses: a merged paper may have a talk date (`10/27/21`) first.
    let date = p
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Date)
        .find_map(|f| text::parse_date(f.text.trim()));
    let ax = p.work.arxiv.as_deref().and_then(text::arxiv_year_month);
    p.work.year = p
        .work
        .venue
        .as_ref()
        .and_then(|v| v.year)
        .or(date.map(|d| d.0))
        .or(ax.map(|a| a.0))
        .or_else(|| written_year(p));
    p.work.month = match (date, ax) {
        (Some((y, Some(m))), _) if Some(y) == p.work.year => Some(m),
        (_, Some((y, m))) if Some(y) == p.work.year => Some(m),
        _ => None,
    };
    if let Some(a) = first_text(p, FieldKind::Authors) {
        let (authors, et_al) = text::parse_authors(a);
        p.work.authors = authors;
        p.work.et_al = et_al;
    }
    let collect = |p: &Paper, kind: FieldKind, with_and: bool| {
        let mut out: Vec<String> = Vec::new();
        for f in p.fields.iter().filter(|f| f.kind == kind) {
            out.extend(text::split_list(
                f.text.lines().next().unwrap_or(""),
                with_and,
            ));
        }
        dedup::keep_first(&mut out, dedup::hash, |a, b| a == b);
        out
    };
    p.institutions = collect(p, FieldKind::Institution, true);
    p.topics = collect(p, FieldKind::Topics, false);
}

/// A year written beside the paper rather than in a field: a trailing tag of its heading
/// (`[DIN] Deep Interest Network (Alibaba 2018)`), or a section that is a year (`### 2024`).
fn written_year(p: &Paper) -> Option<i32> {
    let year = |s: &str| text::four_digit_year(s.trim());
    let tag_year = crate::titles::split_trailing_tag(&p.heading).and_then(|(_, tag)| {
        tag.rsplit(|c: char| !c.is_ascii_digit())
            .find(|w| !w.is_empty())
            .and_then(year)
    });
    tag_year.or_else(|| {
        p.occurrences
            .iter()
            .find_map(|o| o.section.last().and_then(|s| year(s)))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_c_lower_cases_to_c() {
        // `derive` skips labels without an ASCII `c` before looking for `comments`.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if c.to_lowercase().any(|l| l == 'c') {
                assert!(matches!(c, 'c' | 'C'), "{c:?}");
            }
        }
    }
}
