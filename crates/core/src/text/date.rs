//! Dates as written (`2024.01.20`, `2023年5月`) and the date in an arXiv id.

/// Parse a date such as `2024.01.20`, `2024-01`, `2021.11`, `2023年5月`, `2023`.
pub fn parse_date(raw: &str) -> Option<(i32, Option<u8>)> {
    let mut digits = raw
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty());
    let first = digits.next()?;
    if first.len() != 4 {
        return None;
    }
    let year: i32 = first.parse().ok()?;
    if !(1900..=2100).contains(&year) {
        return None;
    }
    let month = digits
        .next()
        .and_then(|m| m.parse::<u8>().ok())
        .filter(|m| (1..=12).contains(m));
    Some((year, month))
}

/// A year written as exactly four ASCII digits from 1950 to 2100 (`2023`), as venues and
/// headings write it.
pub(crate) fn four_digit_year(s: &str) -> Option<i32> {
    (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
        .filter(|y| (1950..=2100).contains(y))
}

/// Whether a run of digits is a year of the 1900s or 2000s (`19xx`, `20xx`).
pub(crate) fn is_19xx_or_20xx(digits: &str) -> bool {
    digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"))
}

/// The year and month encoded in a new-style arXiv id (`2304.08485` -> 2023, 4).
pub fn arxiv_year_month(id: &str) -> Option<(i32, u8)> {
    let yymm = if let Some((yymm, _)) = id.split_once('.').filter(|(a, _)| a.len() == 4) {
        yymm
    } else {
        let num = id.split_once('/')?.1;
        num.get(..4)?
    };
    let yy: i32 = yymm.get(..2)?.parse().ok()?;
    let mm: u8 = yymm.get(2..4)?.parse().ok()?;
    let year = if yy >= 91 { 1900 + yy } else { 2000 + yy };
    (1..=12).contains(&mm).then_some((year, mm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024.01.20"), Some((2024, Some(1))));
        assert_eq!(parse_date("2021.11"), Some((2021, Some(11))));
        assert_eq!(parse_date("2023年5月"), Some((2023, Some(5))));
        assert_eq!(parse_date("soon"), None);
        assert_eq!(arxiv_year_month("2304.08485"), Some((2023, 4)));
        assert_eq!(arxiv_year_month("hep-th/9901001"), Some((1999, 1)));
        assert_eq!(four_digit_year("2023"), Some(2023));
        assert_eq!(four_digit_year("1949"), None);
        assert_eq!(four_digit_year(" 2023"), None);
        assert!(is_19xx_or_20xx("1998") && is_19xx_or_20xx("2024") && !is_19xx_or_20xx("2100"));
    }
}
