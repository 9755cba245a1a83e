//! CJK characters: the one place in papercat that knows their Unicode ranges.
//!
//! - [`is_cjk`]: ideographs, kana and hangul (is this text Chinese, Japanese or Korean?);
//! - [`is_han`]: Han ideographs only (a name written in Chinese characters);
//! - [`is_wide`]: characters shown two columns wide (East Asian wide and full-width);
//! - [`is_caseless`] and [`is_cjk_punct_or_full_width`]: ranges that fast paths skip.

/// True when the text contains a CJK ideograph, kana or hangul.
pub fn has_cjk(text: &str) -> bool {
    text.chars().any(is_cjk)
}

/// True for CJK ideographs (with extension A, compatibility ideographs and extensions B to
/// F), kana and hangul syllables.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// True for Han ideographs: the unified ideographs with extensions A to H and the
/// compatibility ideographs (no kana, no hangul).
pub fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x323AF)
}

/// True when `s` holds a Han character. Han characters are three or four bytes long in UTF-8,
/// so a text without a byte of 0xE3 or more has none (the common English case is one scan).
pub fn has_han(s: &str) -> bool {
    s.bytes().any(|b| b >= 0xE3) && s.chars().any(is_han)
}

/// True for characters shown two columns wide: East Asian wide and full-width characters
/// (Hangul jamo, CJK symbols and punctuation, kana, ideographs, Yi, hangul syllables,
/// full-width forms, and the emoji pictographs U+1F300 to U+1F64F).
pub fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x20000..=0x3FFFD)
}

/// True for U+3000 to U+9FFF (CJK symbols, kana, ideographs), which have no case: their
/// lower case is themselves, with no look-up in the Unicode case tables.
pub(crate) fn is_caseless(c: char) -> bool {
    ('\u{3000}'..='\u{9FFF}').contains(&c)
}

/// True for CJK symbols and punctuation (U+3000 to U+303F: `　`, `、`, `。`, `「`) and
/// half- and full-width forms (U+FF00 to U+FFEF: `，`, `：`, `（`), which end a bare URL.
pub(crate) fn is_cjk_punct_or_full_width(c: char) -> bool {
    ('\u{3000}'..='\u{303F}').contains(&c) || ('\u{FF00}'..='\u{FFEF}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert!(is_cjk('论') && is_cjk('の') && is_cjk('한') && !is_cjk('a') && !is_cjk('，'));
        assert!(has_cjk("GPT 论文") && !has_cjk("GPT paper"));
        assert!(is_han('论') && !is_han('の') && !is_han('한') && is_han('\u{30000}'));
        assert!(has_han("王 Wang") && !has_han("Wang") && !has_han("の"));
        assert!(is_wide('论') && is_wide('，') && !is_wide('a') && !is_wide('é'));
        assert!(is_caseless('　') && is_caseless('论') && !is_caseless('Ａ'));
        assert!(is_cjk_punct_or_full_width('。') && is_cjk_punct_or_full_width('，'));
        assert!(!is_cjk_punct_or_full_width('论'));
    }

    #[test]
    fn caseless_range_has_no_case() {
        // `label_key` passes these through without the case tables.
        for c in ('\u{3000}'..='\u{9FFF}').filter(|c| !c.is_whitespace()) {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
    }
}
