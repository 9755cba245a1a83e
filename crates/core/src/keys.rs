//! Citation keys: a base key from author, year and title words, then a suffix for repeats.

use std::fmt::Write as _;

use crate::dedup::FastMap;
use crate::model::Paper;

const STOPWORDS: &[&str] = &[
    "a", "an", "the", "of", "on", "in", "for", "to", "with", "and", "or", "via", "by", "from",
    "is", "are", "at", "as", "towards", "toward", "how", "what", "do", "does", "can", "be", "we",
    "you", "your", "all", "that", "this", "its", "into", "when", "why", "which", "using", "use",
    "not", "our", "it", "about",
];

/// A character folded to lower-case ASCII: accented Latin letters to their base letter, ASCII
/// letters and digits kept, anything else a space.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            ' '
        };
    }
    match c {
        'à'..='å' | 'À'..='Å' | 'ā' => 'a',
        'ç' | 'Ç' | 'č' => 'c',
        'è'..='ë' | 'È'..='Ë' | 'ē' => 'e',
        'ì'..='ï' | 'Ì'..='Ï' => 'i',
        'ñ' | 'Ñ' | 'ń' => 'n',
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' | 'ō' => 'o',
        'ù'..='ü' | 'Ù'..='Ü' | 'ū' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        'š' | 'Š' | 'ś' => 's',
        'ž' | 'Ž' | 'ź' | 'ż' => 'z',
        'ł' | 'Ł' => 'l',
        'ß' => 's',
        _ => ' ',
    }
}

/// The first two significant words of a title: folded to ASCII (see [`fold_char`]), not a
/// stop word, with a letter, cut to 24 characters. The title is folded only as far as needed.
fn significant_words(s: &str) -> [Option<String>; 2] {
    if s.is_ascii() {
        // Folding ASCII keeps letters and digits (lower-cased) and turns the rest into
        // spaces: the words are the runs of letters and digits. Stop words are lower-case.
        let mut words = s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| {
                !w.is_empty()
                    && !STOPWORDS.iter().any(|sw| sw.eq_ignore_ascii_case(w))
                    && w.bytes().any(|b| b.is_ascii_alphabetic())
            })
            .map(|w| w.get(..24).unwrap_or(w).to_ascii_lowercase());
        return [words.next(), words.next()];
    }
    let mut first = None;
    let mut word = String::new();
    for c in s.chars().map(fold_char).chain(std::iter::once(' ')) {
        if c != ' ' {
            word.push(c);
            continue;
        }
        if word.is_empty() {
            continue;
        }
        if !STOPWORDS.contains(&word.as_str()) && word.bytes().any(|b| b.is_ascii_alphabetic()) {
            if let Some((i, _)) = word.char_indices().nth(24) {
                word.truncate(i);
            }
            let w = std::mem::take(&mut word);
            if first.is_none() {
                first = Some(w);
            } else {
                return [first, Some(w)];
            }
        } else {
            word.clear();
        }
    }
    [first, None]
}

/// The base citation key of a paper (before the uniqueness suffix).
pub(crate) fn base_key(p: &Paper) -> String {
    let title_src = p.work.title.as_deref().unwrap_or(&p.heading);
    let [first, second] = significant_words(title_src);
    // The first author's family name without its leading particles (`van der Schaar` gives
    // `schaar`, as BibTeX sorts it), folded, without spaces.
    let author = p
        .work
        .authors
        .first()
        .map(|a| {
            // Leading particles are skipped while another word follows them.
            let mut rest = a.family().trim_start();
            while let Some((word, tail)) = rest.split_once(char::is_whitespace) {
                if !crate::text::is_particle(word) || tail.trim().is_empty() {
                    break;
                }
                rest = tail.trim_start();
            }
            rest.chars()
                .map(fold_char)
                .filter(|c| *c != ' ')
                .collect::<String>()
        })
        .filter(|s| !s.is_empty());
    let (base, short) = match author {
        Some(a) => (a, first),
        None => (first.unwrap_or_else(|| "paper".into()), second),
    };
    // At most 24 characters of the base.
    let mut key = base;
    if let Some((i, _)) = key.char_indices().nth(24) {
        key.truncate(i);
    }
    if let Some(y) = p.work.year {
        if (1000..=9999).contains(&y) {
            // Four digits, without the formatting machinery.
            for d in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
                key.push(char::from(b'0' + d as u8));
            }
        } else {
            // Writing to a String cannot fail.
            let _ = write!(key, "{y}");
        }
    }
    if let Some(s) = short {
        if !key.is_empty()
            && key.ends_with(|c: char| c.is_ascii_alphabetic())
            && p.work.year.is_none()
        {
            key.push('_');
        }
        key.push_str(&s);
    }
    key
}

/// Assign unique keys in input order: the first paper gets the base key, later ones `a`, `b`...
/// Each paper's `key` holds its base key on entry (see [`base_key`]).
pub(crate) fn assign_keys(papers: &mut [Paper]) {
    // Every base key is taken before any suffix is given, so that a suffixed key never
    // takes another paper's base key (`liu2023visual` twice and `liu2023visuala` once).
    let bases: FastMap<&str, ()> = papers.iter().map(|p| (p.key.as_str(), ())).collect();
    // Per base key: how many suffixes were tried so far (0 until its second paper).
    let mut next: FastMap<&str, usize> =
        FastMap::with_capacity_and_hasher(papers.len(), Default::default());
    let mut given: FastMap<String, ()> = FastMap::default();
    let mut renamed = Vec::new();
    for (i, p) in papers.iter().enumerate() {
        let n = next.entry(p.key.as_str()).or_insert(0);
        if *n == 0 {
            *n = 1;
            continue;
        }
        loop {
            let key = format!("{}{}", p.key, suffix(*n - 1));
            *n += 1;
            if !bases.contains_key(key.as_str()) && !given.contains_key(&key) {
                given.insert(key.clone(), ());
                renamed.push((i, key));
                break;
            }
        }
    }
    for (i, key) in renamed {
        papers[i].key = key;
    }
}

fn suffix(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Author;
    use crate::Work;

    #[test]
    fn keys() {
        let mut p = Paper {
            work: Work {
                title: Some("Visual Instruction Tuning".into()),
                year: Some(2023),
                authors: vec![Author::Person {
                    given: "Haotian".into(),
                    family: "Liu".into(),
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        assert_eq!(base_key(&p), "liu2023visual");
        // Particles do not make the key: it stays what it was when they were given names.
        for family in ["van der Schaar", "Van Der Schaar", "Schaar"] {
            p.work.authors[0] = Author::person("Mihaela", family);
            assert_eq!(base_key(&p), "schaar2023visual", "{family}");
        }
        p.work.authors[0] = Author::person("", "van");
        assert_eq!(base_key(&p), "van2023visual");
        p.work.authors.clear();
        assert_eq!(base_key(&p), "visual2023instruction");
        p.work.year = None;
        p.work.title = Some("The LLaVA".into());
        assert_eq!(base_key(&p), "llava");
        p.work.title = None;
        p.heading = "中文标题".into();
        assert_eq!(base_key(&p), "paper");
        assert_eq!(suffix(0), "a");
        assert_eq!(suffix(25), "z");
        assert_eq!(suffix(26), "aa");
        p.key = base_key(&p);
        let mut ps = vec![p.clone(), p.clone(), p];
        assign_keys(&mut ps);
        assert_eq!(
            ps.iter().map(|p| p.key.as_str()).collect::<Vec<_>>(),
            vec!["paper", "papera", "paperb"]
        );
    }

    /// The definition of the significant words, written plainly: fold the whole text to
    /// ASCII, split at white space, drop stop words and words without a letter, keep 24
    /// characters of each. [`significant_words`] does this in one pass.
    fn significant_words_by_definition(s: &str) -> Vec<String> {
        s.chars()
            .map(fold_char)
            .collect::<String>()
            .split_whitespace()
            .filter(|w| !STOPWORDS.contains(w) && w.chars().any(|c| c.is_ascii_alphabetic()))
            .map(|w| w.chars().take(24).collect())
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn significant_words_follow_their_definition(
            v in proptest::collection::vec(proptest::sample::select(&[
                "a", "The", "of", "Über", "Łódź", "ß", " ", "  ", "-", "x", "2023", "9", "é",
                "Ångström", "中文", "Transformers", "abcdefghijklmnopqrstuvwxyz0123", ":", "\t",
            ][..]), 0..12)
        ) {
            let s = v.concat();
            let want = significant_words_by_definition(&s);
            let [a, b] = significant_words(&s);
            proptest::prop_assert_eq!(a.as_ref(), want.first());
            proptest::prop_assert_eq!(b.as_ref(), want.get(1));
        }
    }

    #[test]
    fn suffixed_keys_never_take_a_base_key() {
        let mut ps: Vec<Paper> = ["x", "x", "xa", "x"]
            .iter()
            .map(|k| Paper {
                key: (*k).to_string(),
                ..Default::default()
            })
            .collect();
        assign_keys(&mut ps);
        let keys: Vec<&str> = ps.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["x", "xb", "xa", "xc"]);
    }
}
