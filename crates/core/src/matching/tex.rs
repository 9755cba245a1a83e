//! TeX to Unicode, for the titles and names of BibTeX files and arXiv metadata.

use unicode_normalization::UnicodeNormalization;

/// Convert the TeX found in BibTeX files and arXiv metadata to Unicode: accents (`\'e`,
/// `{\"o}`, `\c{c}`), special letters (`\o`, `\ss`, `\aa`), escaped symbols (`\&`, `\%`) and
/// grouping braces (dropped). Unknown commands lose their name and keep their argument;
/// math (`$..$`) is kept as written.
pub fn tex_to_unicode(s: &str) -> String {
    if !s.contains(['\\', '{', '}']) {
        return s.to_string();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    convert(&chars, &mut 0, &mut out, false);
    out.nfc().collect()
}

/// The combining mark of a TeX accent command, if `name` is one.
fn accent_mark(name: &str) -> Option<char> {
    Some(match name {
        "'" => '\u{301}',
        "`" => '\u{300}',
        "^" => '\u{302}',
        "\"" => '\u{308}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "." => '\u{307}',
        "u" => '\u{306}',
        "v" => '\u{30C}',
        "H" => '\u{30B}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "r" => '\u{30A}',
        "d" => '\u{323}',
        "b" => '\u{331}',
        _ => return None,
    })
}

fn special_letter(name: &str) -> Option<&'static str> {
    Some(match name {
        "o" => "ø",
        "O" => "Ø",
        "ss" => "ß",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        _ => return None,
    })
}

/// Convert `chars[*i..]` into `out`, stopping after the `}` closing the current group when
/// `in_group` is set.
fn convert(chars: &[char], i: &mut usize, out: &mut String, in_group: bool) {
    let mut math = false;
    while *i < chars.len() {
        let c = chars[*i];
        *i += 1;
        match c {
            '$' => {
                math = !math;
                out.push(c);
            }
            _ if math => out.push(c),
            '{' => convert(chars, i, out, true),
            '}' if in_group => return,
            '}' => {}
            '\\' => command(chars, i, out),
            _ => out.push(c),
        }
    }
}

fn command(chars: &[char], i: &mut usize, out: &mut String) {
    let Some(&first) = chars.get(*i) else {
        out.push('\\');
        return;
    };
    let name: String = if first.is_ascii_alphabetic() {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_alphabetic) {
            *i += 1;
        }
        chars[start..*i].iter().collect()
    } else {
        *i += 1;
        first.to_string()
    };
    let is_word = first.is_ascii_alphabetic();
    if let Some(mark) = accent_mark(&name) {
        if is_word {
            skip_spaces(chars, i);
        }
        let arg = argument(chars, i);
        let mut it = arg.chars();
        if let Some(base) = it.next() {
            out.push(match base {
                'ı' => 'i',
                'ȷ' => 'j',
                b => b,
            });
            out.push(mark);
            out.extend(it);
        }
        return;
    }
    if let Some(letter) = special_letter(&name) {
        out.push_str(letter);
        // A control word eats the spaces after it; `{\o}` and `\o{}` need nothing.
        skip_spaces(chars, i);
        if chars.get(*i) == Some(&'{') && chars.get(*i + 1) == Some(&'}') {
            *i += 2;
        }
        return;
    }
    if !is_word {
        // `\&`, `\%`, `\_`, `\$`, `\#`, `\{`, `\}`, `\ `, `\-` (a hyphenation hint: dropped).
        match first {
            '-' => {}
            '\\' => out.push(' '),
            c => out.push(c),
        }
        return;
    }
    // An unknown command such as `\emph` or `\textbf`: keep what follows.
    skip_spaces(chars, i);
}

fn skip_spaces(chars: &[char], i: &mut usize) {
    while chars.get(*i).is_some_and(|c| *c == ' ') {
        *i += 1;
    }
}

/// One TeX argument: a braced group (converted) or a single character.
fn argument(chars: &[char], i: &mut usize) -> String {
    let mut arg = String::new();
    match chars.get(*i) {
        Some('{') => {
            *i += 1;
            convert(chars, i, &mut arg, true);
        }
        Some('\\') => {
            *i += 1;
            command(chars, i, &mut arg);
        }
        Some(&c) => {
            *i += 1;
            arg.push(c);
        }
        None => {}
    }
    arg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tex_accents_and_specials() {
        assert_eq!(tex_to_unicode(r"Christopher R\'e"), "Christopher Ré");
        assert_eq!(tex_to_unicode(r"Barlas O{\u g}uz"), "Barlas Oğuz");
        assert_eq!(tex_to_unicode(r"Roberto Dess{\`\i}"), "Roberto Dessì");
        assert_eq!(tex_to_unicode(r#"G{\"o}del"#), "Gödel");
        assert_eq!(tex_to_unicode(r"\c{C}a\u{g}lar"), "Çağlar");
        assert_eq!(
            tex_to_unicode(r#"Sm{\o}rgrav \ss\ \AA ngstr\"om"#),
            "Smørgrav ß Ångström"
        );
        assert_eq!(tex_to_unicode(r"R\&D 50\% \emph{fast}"), "R&D 50% fast");
        assert_eq!(
            tex_to_unicode(r"{BERT}: {P}re-training"),
            "BERT: Pre-training"
        );
        assert_eq!(tex_to_unicode(r"$\alpha$-{Net}"), r"$\alpha$-Net");
        // Broken input never panics and keeps the text.
        assert_eq!(tex_to_unicode(r"a\"), r"a\");
        assert_eq!(tex_to_unicode(r"\'"), "");
        assert_eq!(tex_to_unicode("{{{unclosed"), "unclosed");
    }

    proptest::proptest! {
        #[test]
        fn tex_never_panics(s in "[\\\\{}$'`^\"~=.a-zA-Z0-9 ]{0,30}") {
            let _ = tex_to_unicode(&s);
        }
    }
}
