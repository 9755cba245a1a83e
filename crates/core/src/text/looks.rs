//! What a piece of text looks like: an English title, an author list, person names.

use super::cjk::{has_cjk, is_cjk};
use super::markup::has_seq;

/// True when the text is a CJK-free English title (several words, mostly letters).
pub fn looks_like_english_title(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || has_seq(t, b"://") || has_seq(t, b"](") {
        return false;
    }
    // One pass: no CJK, at least 8 characters, 2 words, and ASCII letters for half the bytes.
    let (mut chars, mut letters, mut words, mut in_word) = (0usize, 0usize, 0usize, false);
    for c in t.chars() {
        if is_cjk(c) {
            return false;
        }
        chars += 1;
        if c.is_ascii_alphabetic() {
            letters += 1;
        }
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    chars >= 8 && words >= 2 && letters * 2 > t.len()
}

/// True when the text reads as a list of person names: two or more comma- (or `and`-)
/// separated names of one to five capitalised words (initials and particles such as `van`,
/// `de` allowed), or names ending in `et al.`.
pub(crate) fn looks_like_author_list(text: &str) -> bool {
    let t = text.trim().trim_end_matches('.');
    if t.is_empty() || t.contains([':', '：', '?', '!', '(', '[']) || has_cjk(t) {
        return false;
    }
    let (t, et_al) = match t
        .strip_suffix("et al")
        .or_else(|| t.strip_suffix("et. al"))
        .or_else(|| t.strip_suffix("etc"))
    {
        Some(rest) => (rest.trim().trim_end_matches(',').trim(), true),
        None => (t, false),
    };
    let parts: Vec<&str> = t
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() || (parts.len() < 2 && !et_al) {
        return false;
    }
    const PARTICLES: &[&str] = &[
        "van", "der", "de", "von", "da", "di", "la", "le", "del", "dos", "bin", "al",
    ];
    parts.iter().all(|p| {
        let words: Vec<&str> = p.split_whitespace().collect();
        (1..=5).contains(&words.len())
            && words.iter().all(|w| {
                let first = w.chars().next().unwrap_or(' ');
                (first.is_uppercase() && !w.chars().any(|c| c.is_ascii_digit()))
                    || PARTICLES.contains(w)
            })
            && words
                .iter()
                .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
    })
}

/// True when the text is one or more person names: an author list, or a single name of two
/// to four capitalised words (`Phil Wang`, `Ruibo Liu, Ruixin (Ray) Yang`).
pub(crate) fn looks_like_person_names(text: &str) -> bool {
    if looks_like_author_list(text) {
        return true;
    }
    let words: Vec<&str> = text
        .split([',', ' '])
        .filter(|w| !w.is_empty() && !w.starts_with('('))
        .collect();
    (2..=12).contains(&words.len())
        && !has_cjk(text)
        && !text.contains([':', '：'])
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | ')'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_titles() {
        assert!(looks_like_english_title("Can AI Be as Creative as Humans?"));
        assert!(!looks_like_english_title("研究结果显示 LLM"));
    }
}
