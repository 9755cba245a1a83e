//! Title matching: the keys titles are compared by, and the rules that say whether two
//! titles name one paper.
//!
//! Two rules share the same folding (`fold_alnum`: lower-case, keep letters and digits):
//!
//! - [`title_key`] and the comparisons over it ([`compare_titles`], [`titles_match`],
//!   [`similarity`]) are used by enrichment to match a catalogue's papers to the records of a
//!   source: TeX is converted, compatibility forms and diacritics are folded, word breaks kept.
//! - [`listing_key`] and [`listings_agree`] are used by the catalogue builder to decide whether
//!   two listings that share an identifier are one paper: the text is folded as written
//!   (no TeX, no decomposition) and word breaks dropped, so `Self-RAG` and `SelfRAG` agree.

mod tex;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub use tex::tex_to_unicode;

/// Append the lower-cased letters and digits of `chars` to `out`. With `sep`, each run of
/// other characters between two kept ones becomes one `sep` (none at either end).
fn fold_alnum(chars: impl Iterator<Item = char>, sep: Option<char>, out: &mut String) {
    let mut gap = false;
    for c in chars {
        let keep = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if !keep {
            gap = true;
            continue;
        }
        if let Some(sep) = sep.filter(|_| gap && !out.is_empty()) {
            out.push(sep);
        }
        gap = false;
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// The matching key of a title or name: TeX converted, compatibility-folded (full-width
/// letters and punctuation become ASCII), diacritics dropped, lower-cased, every run of
/// non-alphanumeric characters turned into one space.
///
/// `Self-RAG：Learning {to} Retrieve` and `self rag: learning to retrieve` share a key.
pub fn title_key(s: &str) -> String {
    let s = tex_to_unicode(s);
    let mut out = String::with_capacity(s.len());
    fold_alnum(
        s.nfkd().filter(|c| !is_combining_mark(*c)),
        Some(' '),
        &mut out,
    );
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

/// The builder's key of a title: its letters and digits as written, lower-cased, nothing
/// between them (`Self-RAG: Learning` gives `selfraglearning`).
pub fn listing_key(t: &str) -> String {
    let mut key = String::with_capacity(t.len());
    fold_alnum(t.chars(), None, &mut key);
    key
}

/// True when two listings that share an identifier may be one paper, by their titles: a
/// missing title agrees with anything; else equal [`listing_key`]s, one key of 12 or more
/// characters inside the other, or at least 70% of their words of three or more letters
/// shared (counted over both titles' words).
pub fn listings_agree(a: Option<&str>, b: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return true;
    };
    let (ka, kb) = (listing_key(a), listing_key(b));
    if ka == kb {
        return true;
    }
    if ka.len() >= 12 && kb.len() >= 12 && (ka.contains(&kb) || kb.contains(&ka)) {
        return true;
    }
    let words = |s: &str| -> std::collections::BTreeSet<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2)
            .map(str::to_lowercase)
            .collect()
    };
    let (wa, wb) = (words(a), words(b));
    let inter = wa.intersection(&wb).count();
    let union = wa.union(&wb).count();
    union > 0 && inter * 10 >= union * 7
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn listing_titles() {
        assert!(listings_agree(
            Some("CHATKBQA: A GENERATE-THEN-RETRIEVE"),
            Some("ChatKBQA: A Generate-then-Retrieve")
        ));
        assert!(!listings_agree(
            Some("Large Search Model: Redefining Search Stack"),
            Some("DARE: Data Augmented Relation Extraction with GPT-2")
        ));
        assert!(listings_agree(None, Some("x")));
        assert_eq!(listing_key("Self-RAG：Learning Ünï"), "selfraglearningünï");
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
    }
}
