//! Text folding for matching: TeX to Unicode, title keys, similarity.

use unicode_normalization::char::is_combining_mark;
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

/// Collapse runs of white space (including newlines) into single spaces and trim.
pub fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The matching key of a title or name: TeX converted, compatibility-folded (full-width
/// letters and punctuation become ASCII), diacritics dropped, lower-cased, every run of
/// non-alphanumeric characters turned into one space.
///
/// `Self-RAG：Learning {to} Retrieve` and `self rag: learning to retrieve` share a key.
pub fn title_key(s: &str) -> String {
    let s = tex_to_unicode(s);
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Words that say little about which paper a title names.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "for", "to", "with", "and", "or", "via", "by", "from",
    "is", "are", "at", "as", "its", "your", "we", "do", "does", "can", "be", "how", "what",
];

/// The content words of a title key (stop words removed).
pub fn content_words(key: &str) -> Vec<&str> {
    key.split(' ')
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(w))
        .collect()
}

/// Levenshtein distance between two strings in characters, or `None` when it exceeds `max`
/// (computed in a band of width `2 * max + 1`, so comparing long titles stays cheap).
pub fn bounded_levenshtein(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        let d = n.max(m);
        return (d <= max).then_some(d);
    }
    let big = max + 1;
    let mut prev = vec![big; m + 1];
    let mut cur = vec![big; m + 1];
    for (j, v) in prev.iter_mut().enumerate().take(max.min(m) + 1) {
        *v = j;
    }
    for i in 1..=n {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(m);
        cur.iter_mut().for_each(|v| *v = big);
        if i <= max {
            cur[0] = i;
        }
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let v = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            cur[j] = v.min(big);
            row_min = row_min.min(cur[j]);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[m];
    (d <= max).then_some(d)
}

/// Similarity of two keys in `0.0..=1.0`: one minus the edit distance over the longer length.
/// Returns 0 when the similarity is below `floor` (the computation stops early).
pub fn similarity(a: &str, b: &str, floor: f64) -> f64 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    let max = ((1.0 - floor) * longest as f64).floor() as usize;
    match bounded_levenshtein(a, b, max) {
        Some(d) => 1.0 - d as f64 / longest as f64,
        None => 0.0,
    }
}

/// How two titles of what is supposed to be the same paper compare.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TitleVerdict {
    /// Equal keys: same title up to case, punctuation, width, diacritics and TeX.
    Same,
    /// One title is the other with its subtitle left out (`Self-RAG` vs `Self-RAG: Learning..`)
    /// or with a short name put in front (`HyDE: Precise..` vs `Precise..`).
    Shortened,
    /// Close enough to be the same paper written differently (a typo, a word changed).
    Close,
    /// Clearly different titles: two different papers.
    Different,
}

/// Compare two title keys (see [`title_key`]) of records that share an identifier.
///
/// The bar is "could a person have written one for the other": a key similarity of 0.75,
/// a title shortened to its part before the colon (or with a name such as `HyDE:` put in
/// front), or at least 80% of the shorter title's
/// content words (three or more) found in the longer one. Two different papers on one topic
/// (`LLaMA: Open and Efficient Foundation Language Models` vs `Llama 2: Open Foundation and
/// Fine-Tuned Chat Models`) stay below it.
pub fn compare_titles(a: &str, b: &str) -> TitleVerdict {
    if a == b {
        return TitleVerdict::Same;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if !short.is_empty() {
        let prefix = long.starts_with(short) && long.as_bytes().get(short.len()) == Some(&b' ');
        // `HyDE: Precise Zero-Shot..` for `Precise Zero-Shot..`: a name put in front.
        let suffix = long.ends_with(short)
            && long.len() > short.len()
            && long.as_bytes()[long.len() - short.len() - 1] == b' '
            && content_words(short).len() >= 2;
        if prefix || suffix {
            return TitleVerdict::Shortened;
        }
    }
    if similarity(a, b, 0.75) >= 0.75 {
        return TitleVerdict::Close;
    }
    let sw = content_words(short);
    let lw = content_words(long);
    if sw.len() >= 3 {
        let found = sw.iter().filter(|w| lw.contains(w)).count();
        if found * 5 >= sw.len() * 4 {
            return TitleVerdict::Close;
        }
    }
    TitleVerdict::Different
}

/// True when two title keys are close enough to match papers by title alone: equal keys, or
/// a similarity of at least 0.92 between titles of 25 characters or more (a typo or two).
/// Short titles (`Mistral 7B`) must be equal.
pub fn titles_match(a: &str, b: &str) -> bool {
    if a == b {
        return !a.is_empty();
    }
    let shortest = a.chars().count().min(b.chars().count());
    shortest >= 25 && similarity(a, b, TITLE_ONLY_THRESHOLD) >= TITLE_ONLY_THRESHOLD
}

/// The similarity [`titles_match`] requires.
pub const TITLE_ONLY_THRESHOLD: f64 = 0.92;

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

    #[test]
    fn keys_fold_case_punctuation_width_and_tex() {
        assert_eq!(
            title_key("Self-RAG：Learning {to} Retrieve"),
            "self rag learning to retrieve"
        );
        assert_eq!(
            title_key("ＱＬｏＲＡ：Ｅｆｆｉｃｉｅｎｔ"),
            "qlora efficient"
        );
        assert_eq!(title_key(r#"Na\"ive   Bayes\n"#), "naive bayes");
        assert_eq!(
            title_key("Visual\n  Instruction Tuning"),
            "visual instruction tuning"
        );
        assert_eq!(title_key("注意力 就是一切"), "注意力 就是一切");
        assert_eq!(title_key("  "), "");
    }

    #[test]
    fn levenshtein_is_bounded() {
        assert_eq!(bounded_levenshtein("kitten", "sitting", 3), Some(3));
        assert_eq!(bounded_levenshtein("kitten", "sitting", 2), None);
        assert_eq!(bounded_levenshtein("", "abc", 3), Some(3));
        assert_eq!(bounded_levenshtein("abc", "abc", 0), Some(0));
        assert_eq!(bounded_levenshtein("abcdef", "abcxef", 1), Some(1));
        assert_eq!(bounded_levenshtein("a", "bcdefgh", 3), None);
    }

    #[test]
    fn verdicts() {
        let k = |s: &str| title_key(s);
        use TitleVerdict::*;
        assert_eq!(
            compare_titles(
                &k("Visual Instruction Tuning"),
                &k("visual instruction-tuning")
            ),
            Same
        );
        assert_eq!(
            compare_titles(
                &k("Self-RAG"),
                &k("Self-RAG: Learning to Retrieve, Generate, and Critique through Self-Reflection")
            ),
            Shortened
        );
        assert_eq!(
            compare_titles(
                &k("HyDE: Precise Zero-Shot Dense Retrieval without Relevance Labels"),
                &k("Precise Zero-Shot Dense Retrieval without Relevance Labels")
            ),
            Shortened
        );
        assert_eq!(compare_titles(&k("Large Models"), &k("Models")), Different);
        assert_eq!(
            compare_titles(
                &k("Visual Instruction Tunning"),
                &k("Visual Instruction Tuning")
            ),
            Close
        );
        assert_eq!(
            compare_titles(
                &k("Query2doc: Query Expansion with Large Language Models"),
                &k("Precise Zero-Shot Dense Retrieval without Relevance Labels")
            ),
            Different
        );
        assert_eq!(
            compare_titles(
                &k("LLaMA: Open and Efficient Foundation Language Models"),
                &k("Llama 2: Open Foundation and Fine-Tuned Chat Models")
            ),
            Different
        );
        assert_eq!(
            compare_titles(
                &k("Chain-of-Thought Prompting Elicits Reasoning in Large Language Models"),
                &k("Self-Consistency Improves Chain of Thought Reasoning in Language Models")
            ),
            Different
        );
    }

    #[test]
    fn title_only_matching_is_strict() {
        let k = |s: &str| title_key(s);
        assert!(titles_match(
            &k("QLoRA：Efficient Finetuning of Quantized LLMs"),
            &k("QLoRA: Efficient Finetuning of Quantized LLMs")
        ));
        assert!(titles_match(
            &k("Direct Preference Optimisation: Your Language Model is Secretly a Reward Model"),
            &k("Direct Preference Optimization: Your Language Model is Secretly a Reward Model")
        ));
        assert!(!titles_match(&k("Mistral 7B"), &k("Mistral 8B")));
        assert!(!titles_match(
            &k("Tree of Thoughts: Deliberate Problem Solving with Large Language Models"),
            &k("Graph of Thoughts: Solving Elaborate Problems with Large Language Models")
        ));
        assert!(!titles_match(
            &k("Llama 2: Open Foundation and Fine-Tuned Chat Models"),
            &k("Code Llama: Open Foundation Models for Code")
        ));
        assert!(!titles_match("", ""));
    }

    fn naive_levenshtein(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                cur[j] = (prev[j - 1] + cost).min(prev[j] + 1).min(cur[j - 1] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    proptest::proptest! {
        #[test]
        fn banded_levenshtein_agrees_with_the_textbook_one(
            a in "[abcé ]{0,12}", b in "[abcé ]{0,12}", max in 0usize..14
        ) {
            let d = naive_levenshtein(&a, &b);
            let want = (d <= max).then_some(d);
            proptest::prop_assert_eq!(bounded_levenshtein(&a, &b, max), want);
        }

        #[test]
        fn title_keys_are_idempotent_and_never_panic(s in "\\PC{0,40}") {
            let k = title_key(&s);
            proptest::prop_assert_eq!(title_key(&k), k.clone());
            proptest::prop_assert!(!k.starts_with(' ') && !k.ends_with(' ') && !k.contains("  "));
            if !k.is_empty() {
                proptest::prop_assert!(titles_match(&k, &k));
                proptest::prop_assert_eq!(compare_titles(&k, &k), TitleVerdict::Same);
            }
        }

        #[test]
        fn tex_never_panics(s in "[\\\\{}$'`^\"~=.a-zA-Z0-9 ]{0,30}") {
            let _ = tex_to_unicode(&s);
        }
    }
}
