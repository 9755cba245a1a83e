//! Inline Markdown markup in field text, and normalised English titles.

/// Whether `s` contains the short byte string `seq`: a plain scan for its first byte, since
/// `str::contains` sets up a two-way searcher, which costs more than scanning a short text.
pub(super) fn has_seq(s: &str, seq: &[u8]) -> bool {
    let b = s.as_bytes();
    let Some((&first, rest)) = seq.split_first() else {
        return true;
    };
    b.iter()
        .enumerate()
        .any(|(i, &x)| x == first && b.get(i + 1..i + seq.len()) == Some(rest))
}

/// The words of `s` one space apart (`split_whitespace` joined with `" "`), in one String.
pub(crate) fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Normalise an English title: collapse spaces, full-width colon to `: `, drop a trailing
/// citation marker such as `[J].`.
pub fn normalize_title(raw: &str) -> String {
    if title_is_normal(raw) {
        return raw.to_string();
    }
    let mut t = strip_inline_markup(raw);
    for marker in ["[J].", "[J]", "[C].", "[C]"] {
        if let Some(s) = t.trim_end().strip_suffix(marker) {
            t = s.to_string();
        }
    }
    let t = t.replace('：', ": ");
    let t = collapse_spaces(&t);
    t.replace(" :", ":").trim().to_string()
}

/// Whether [`normalize_title`] would return the title unchanged: no markup (`*`, `` ` ``,
/// `[`, `__`), no full-width colon, no space before a colon, and single ASCII spaces only
/// between words (none at the ends).
fn title_is_normal(raw: &str) -> bool {
    let mut prev_space = true; // a leading space is not normal
    for c in raw.chars() {
        match c {
            ' ' if prev_space => return false,
            ' ' => prev_space = true,
            '*' | '`' | '[' | '：' => return false,
            ':' if prev_space => return false,
            c if c.is_whitespace() => return false,
            _ => prev_space = false,
        }
    }
    // Empty or a trailing space: not normal.
    !prev_space && !has_seq(raw, b"__")
}

/// Remove `**`, `__`, backticks and `[text](url)` link syntax (keeping the text).
pub fn strip_inline_markup(s: &str) -> String {
    if !has_inline_markup(s) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    strip_inline_markup_into(s, &mut out);
    out
}

/// Whether [`strip_inline_markup`] could change the text.
fn has_inline_markup(s: &str) -> bool {
    s.bytes().any(|b| matches!(b, b'*' | b'`' | b'[')) || has_seq(s, b"__")
}

/// [`strip_inline_markup`], borrowing the text when there is nothing to strip.
pub(super) fn strip_inline_markup_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if has_inline_markup(s) {
        let mut out = String::with_capacity(s.len());
        strip_inline_markup_into(s, &mut out);
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn strip_inline_markup_into(s: &str, out: &mut String) {
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '*' | '`' => {}
            '_' if s[i..].starts_with("__") => {
                chars.next();
            }
            '[' => {
                // [text](url) -> text
                if let Some(close) = s[i..].find("](") {
                    let after = i + close + 2;
                    if let Some(end) = s[after..].find(')') {
                        strip_inline_markup_into(&s[i + 1..i + close], out);
                        let skip_to = after + end + 1;
                        while chars.peek().is_some_and(|(j, _)| *j < skip_to) {
                            chars.next();
                        }
                        continue;
                    }
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles() {
        assert_eq!(
            normalize_title("VeRA：Vector-based Random  Matrix"),
            "VeRA: Vector-based Random Matrix"
        );
        assert_eq!(
            normalize_title("FreeAL: Towards Human-Free[J]. "),
            "FreeAL: Towards Human-Free"
        );
        assert_eq!(normalize_title("**Bold** [T](x)"), "Bold T");
    }
}
