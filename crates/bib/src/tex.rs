//! Text for `.bib` field values: cleaning, LaTeX escaping, capital protection, names.
//!
//! Everything here returns text that goes between the braces of `field = {...}` and keeps
//! those braces balanced for any input (see the crate docs for the exact rules).

use std::ops::Range;

use papercat_core::Author;

/// Drops control characters, turns each run of ASCII whitespace into one space, trims.
///
/// Other Unicode spaces (U+3000, U+00A0) are kept: they are text, not layout.
pub(crate) fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_ascii_whitespace() || c == '\u{b}' {
            pending_space = !out.is_empty();
        } else if c.is_control() {
            // Dropped: LaTeX cannot typeset C0/C1 controls and no reader wants them.
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Escapes cleaned text for a braced `.bib` value.
pub(crate) fn escape(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let matched = match_braces(&chars, &[]);
    let mut out = String::with_capacity(s.len() + 8);
    escape_range(&chars, &matched, 0..chars.len(), &mut out);
    out
}

/// Marks the braces that pair up. Braces pair only within one protected word (`cores`:
/// sorted, disjoint character ranges) or both outside any, so that the groups they make nest
/// properly with the protecting braces.
fn match_braces(chars: &[char], cores: &[Range<usize>]) -> Vec<bool> {
    let mut matched = vec![false; chars.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut next_core = 0;
    for (i, &c) in chars.iter().enumerate() {
        while next_core < cores.len() && cores[next_core].end <= i {
            // Leaving a protected word: its open braces can no longer pair.
            while stack
                .last()
                .is_some_and(|&(_, scope)| scope == next_core + 1)
            {
                stack.pop();
            }
            next_core += 1;
        }
        let scope = match cores.get(next_core) {
            Some(core) if core.contains(&i) => next_core + 1,
            _ => 0,
        };
        match c {
            '{' => stack.push((i, scope)),
            '}' => {
                if let Some(&(open, s)) = stack.last() {
                    if s == scope {
                        stack.pop();
                        matched[open] = true;
                        matched[i] = true;
                    }
                }
            }
            _ => {}
        }
    }
    matched
}

/// Escapes `chars[range]`. Paired braces become `\{` `\}` (balanced for BibTeX, which counts
/// them as braces, and read by every LaTeX reader); a lone brace becomes
/// `\textbraceleft{}` or `\textbraceright{}`, which no reader counts.
fn escape_range(chars: &[char], matched: &[bool], range: Range<usize>, out: &mut String) {
    for i in range {
        let c = chars[i];
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' if matched[i] => out.push_str("\\{"),
            '}' if matched[i] => out.push_str("\\}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '%' | '&' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '-' if chars.get(i + 1) == Some(&'-') => out.push_str("-{}"),
            _ => match greek(c) {
                Some(math) => out.push_str(math),
                None => out.push(c),
            },
        }
    }
}

/// Cleans, escapes and brace-protects a title, so that sentence-casing styles (BibTeX's
/// `change.case$`) keep what must stay capital and lower-case the rest:
///
/// * in each word, the hyphen- or slash-separated parts from the first up to the last one
///   with an inner capital or in capitals (`{LLaVA}`, `{GPT-4V}`, `{Self-RAG}`,
///   `{IO}-Awareness`, `{LLM}-Generated`) are wrapped in one pair of braces;
/// * a capitalised word that starts a sentence after `?` or `!` (`Search? {Investigating}`)
///   is braced too: BibTeX only keeps the first letter of a title and the one after a colon;
/// * the title as a whole is never double-braced.
pub(crate) fn title(s: &str) -> String {
    let chars: Vec<char> = clean(s).chars().collect();
    // Each word (between single spaces) and the part of it to protect.
    let mut words: Vec<(Range<usize>, Option<Range<usize>>)> = Vec::new();
    let mut start = 0;
    let mut sentence_start = false;
    for i in 0..=chars.len() {
        if i == chars.len() || chars[i] == ' ' {
            let word = &chars[start..i];
            let core = word.iter().position(|c| c.is_alphanumeric()).and_then(|a| {
                let b = word.iter().rposition(|c| c.is_alphanumeric())?;
                Some(start + a..start + b + 1)
            });
            let protect = core.and_then(|core| {
                let end = protected_end(&chars[core.clone()]);
                if sentence_start && chars[core.start].is_uppercase() {
                    Some(core)
                } else {
                    end.map(|end| core.start..core.start + end)
                }
            });
            sentence_start = word
                .iter()
                .rev()
                .find(|c| !matches!(c, '"' | '\'' | ')' | '\u{201d}' | '\u{2019}'))
                .is_some_and(|c| matches!(c, '?' | '!'));
            words.push((start..i, protect));
            start = i + 1;
        }
    }
    let protected: Vec<Range<usize>> = words.iter().filter_map(|(_, p)| p.clone()).collect();
    let matched = match_braces(&chars, &protected);
    let mut out = String::with_capacity(chars.len() + 16);
    for (n, (word, protect)) in words.into_iter().enumerate() {
        if n > 0 {
            out.push(' ');
        }
        match protect {
            Some(p) => {
                escape_range(&chars, &matched, word.start..p.start, &mut out);
                out.push('{');
                escape_range(&chars, &matched, p.clone(), &mut out);
                out.push('}');
                escape_range(&chars, &matched, p.end..word.end, &mut out);
            }
            None => escape_range(&chars, &matched, word, &mut out),
        }
    }
    out
}

/// Where protection of a word's core ends: after the last part (split at `-` and `/`) that
/// has a capital letter other than its first character (`LLaVA`, `GPT-4V`, `BERT`, `3D`,
/// `iPhone`, `IO-Awareness` up to `IO`), or `None` when no part has (`Re-Ranking`).
fn protected_end(core: &[char]) -> Option<usize> {
    let mut end = None;
    let mut part_start = 0;
    for i in 0..=core.len() {
        if i == core.len() || matches!(core[i], '-' | '/') {
            let part = &core[part_start..i];
            if part.iter().skip(1).any(|c| c.is_uppercase()) {
                end = Some(i);
            }
            part_start = i + 1;
        }
    }
    end
}

/// Greek letters as LaTeX math (`φ` is `$\varphi$`, as in unicode-math), braced so that
/// BibTeX's case changes leave them alone: pdflatex cannot typeset them as text.
fn greek(c: char) -> Option<&'static str> {
    Some(match c {
        'α' => "{$\\alpha$}",
        'β' => "{$\\beta$}",
        'γ' => "{$\\gamma$}",
        'δ' => "{$\\delta$}",
        'ε' => "{$\\varepsilon$}",
        'ϵ' => "{$\\epsilon$}",
        'ζ' => "{$\\zeta$}",
        'η' => "{$\\eta$}",
        'θ' => "{$\\theta$}",
        'ϑ' => "{$\\vartheta$}",
        'ι' => "{$\\iota$}",
        'κ' => "{$\\kappa$}",
        'λ' => "{$\\lambda$}",
        'μ' => "{$\\mu$}",
        'ν' => "{$\\nu$}",
        'ξ' => "{$\\xi$}",
        'ο' => "{$o$}",
        'π' => "{$\\pi$}",
        'ϖ' => "{$\\varpi$}",
        'ρ' => "{$\\rho$}",
        'ϱ' => "{$\\varrho$}",
        'σ' => "{$\\sigma$}",
        'ς' => "{$\\varsigma$}",
        'τ' => "{$\\tau$}",
        'υ' => "{$\\upsilon$}",
        'φ' => "{$\\varphi$}",
        'ϕ' => "{$\\phi$}",
        'χ' => "{$\\chi$}",
        'ψ' => "{$\\psi$}",
        'ω' => "{$\\omega$}",
        'Α' => "{$\\mathrm{A}$}",
        'Β' => "{$\\mathrm{B}$}",
        'Γ' => "{$\\Gamma$}",
        'Δ' => "{$\\Delta$}",
        'Ε' => "{$\\mathrm{E}$}",
        'Ζ' => "{$\\mathrm{Z}$}",
        'Η' => "{$\\mathrm{H}$}",
        'Θ' => "{$\\Theta$}",
        'Ι' => "{$\\mathrm{I}$}",
        'Κ' => "{$\\mathrm{K}$}",
        'Λ' => "{$\\Lambda$}",
        'Μ' => "{$\\mathrm{M}$}",
        'Ν' => "{$\\mathrm{N}$}",
        'Ξ' => "{$\\Xi$}",
        'Ο' => "{$\\mathrm{O}$}",
        'Π' => "{$\\Pi$}",
        'Ρ' => "{$\\mathrm{P}$}",
        'Σ' => "{$\\Sigma$}",
        'Τ' => "{$\\mathrm{T}$}",
        'Υ' => "{$\\Upsilon$}",
        'Φ' => "{$\\Phi$}",
        'Χ' => "{$\\mathrm{X}$}",
        'Ψ' => "{$\\Psi$}",
        'Ω' => "{$\\Omega$}",
        _ => return None,
    })
}

/// Percent-encodes what a verbatim field (`url`, `doi`, `eprint`) cannot hold: braces,
/// backslashes, whitespace and control characters. Everything else stays as it is.
pub(crate) fn verbatim(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if matches!(c, '{' | '}' | '\\') || c.is_whitespace() || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A link as `\url{...}`, which breaks lines only at sensible places and is never hyphenated:
/// the URL is [`verbatim`], and `%`, `#` and `^` (which `\url` cannot take inside another
/// command's argument, as in biblatex's `.bbl`) are written `\%`, `\#` and `\%5E`, and `$`
/// (math to readers that do not know `\url`) is `\%24`. Text that
/// is not an `http(s)` link is escaped as text instead. `s` is already [`clean`]ed.
pub(crate) fn url(s: &str) -> String {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return escape(s);
    }
    let mut out = String::from("\\url{");
    for c in verbatim(s).chars() {
        match c {
            '%' => out.push_str("\\%"),
            '#' => out.push_str("\\#"),
            '^' => out.push_str("\\%5E"),
            // `\url` takes `$` as it is, but readers of `.bib` files that do not know `\url`
            // (the `biblatex` crate) read it as the start of math.
            '$' => out.push_str("\\%24"),
            _ => out.push(c),
        }
    }
    out.push('}');
    out
}

/// The `author` value: `Family, Given` joined by ` and `, literal names braced, `and others`
/// for et al. `None` when no author has a name.
pub(crate) fn names(authors: &[Author], et_al: bool) -> Option<String> {
    let mut parts: Vec<String> = authors.iter().filter_map(name).collect();
    if parts.is_empty() {
        return None;
    }
    if et_al {
        parts.push("others".to_string());
    }
    Some(parts.join(" and "))
}

/// One author as BibTeX name syntax, `None` when the name is empty.
pub(crate) fn name(author: &Author) -> Option<String> {
    match author {
        Author::Literal { literal } => braced(literal),
        Author::Person { given, family } => {
            let (given, family) = (clean(given), clean(family));
            match (given.is_empty(), family.is_empty()) {
                (true, true) => None,
                (false, true) => braced(&given),
                (true, false) => {
                    if family.contains(' ') || splits_names(&family) {
                        braced(&family)
                    } else {
                        Some(escape(&family))
                    }
                }
                (false, false) => Some(format!("{}, {}", name_part(&family), name_part(&given))),
            }
        }
    }
}

fn braced(s: &str) -> Option<String> {
    let s = clean(s);
    (!s.is_empty()).then(|| format!("{{{}}}", escape(&s)))
}

/// A family or given part, braced when BibTeX would otherwise split it.
fn name_part(s: &str) -> String {
    if splits_names(s) {
        format!("{{{}}}", escape(s))
    } else {
        escape(s)
    }
}

/// True when the text would change how BibTeX splits a name list: a comma, the word `and`
/// or a lone `others`.
fn splits_names(s: &str) -> bool {
    s.contains(',')
        || s.eq_ignore_ascii_case("others")
        || s.split(' ').any(|w| w.eq_ignore_ascii_case("and"))
}

/// The `keywords` value: the (already cleaned, comma-free) keywords escaped, joined by `, `.
pub(crate) fn keywords(words: &[String]) -> Option<String> {
    (!words.is_empty()).then(|| {
        words
            .iter()
            .map(|w| escape(w))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_ascii_whitespace_and_drops_controls() {
        assert_eq!(clean("  a\t\r\n b\u{0}c\u{7f} "), "a bc");
        assert_eq!(clean("中\u{3000}文"), "中\u{3000}文");
        assert_eq!(clean(""), "");
    }

    #[test]
    fn escape_covers_every_latex_special() {
        assert_eq!(
            escape(r"% & $ # _ { } ~ ^ \"),
            r"\% \& \$ \# \_ \{ \} \textasciitilde{} \textasciicircum{} \textbackslash{}"
        );
        assert_eq!(escape("}{"), r"\textbraceright{}\textbraceleft{}");
        assert_eq!(escape("{{}"), r"\textbraceleft{}\{\}");
        assert_eq!(escape("a--b---c"), "a-{}-b-{}-{}-c");
        assert_eq!(escape("Chain-of-Thought"), "Chain-of-Thought");
    }

    #[test]
    fn title_protects_words_with_inner_capitals_only() {
        assert_eq!(
            title("Visual Instruction Tuning"),
            "Visual Instruction Tuning"
        );
        assert_eq!(
            title("QLoRA: Efficient Finetuning of LLMs with GPT-4V and BERT"),
            "{QLoRA}: Efficient Finetuning of {LLMs} with {GPT-4V} and {BERT}"
        );
        assert_eq!(
            title("Re-Ranking (LLaVA) 3D a I"),
            "Re-Ranking ({LLaVA}) {3D} a I"
        );
        assert_eq!(
            title("BERT_base x^2 --"),
            r"{BERT\_base} x\textasciicircum{}2 -{}-"
        );
        assert_eq!(title("{Quantized}"), r"\{Quantized\}");
        assert_eq!(title("a{b c}d}"), r"a\{b c\}d\textbraceright{}");
        // A pair split across a protected word cannot nest: its braces stay unpaired.
        assert_eq!(
            title("FlashAttention with IO-Awareness and LLM-Generated Self-RAG"),
            "{FlashAttention} with {IO}-Awareness and {LLM}-Generated {Self-RAG}"
        );
        assert_eq!(
            title("Is ChatGPT Good at Search? Investigating Agents! (Wow) \"Yes?\" No: Maybe"),
            "Is {ChatGPT} Good at Search? {Investigating} Agents! ({Wow}) \"Yes?\" {No}: Maybe"
        );
        assert_eq!(
            title("LLaVA-φ and Φ-Nets via σ"),
            r"{LLaVA}-{$\varphi$} and {$\Phi$}-Nets via {$\sigma$}"
        );
        assert_eq!(
            title("AB{C D}E {x LLaVA}"),
            r"{AB\textbraceleft{}C} {D\textbraceright{}E} \{x {LLaVA}\}"
        );
    }

    #[test]
    fn verbatim_percent_encodes_only_what_breaks_a_field() {
        assert_eq!(
            verbatim("https://x.org/a b{c}\\d%20#e_f~g"),
            "https://x.org/a%20b%7Bc%7D%5Cd%20#e_f~g"
        );
    }

    #[test]
    fn urls_are_url_commands_that_survive_an_argument() {
        assert_eq!(
            url("https://github.com/a/b#readme?x=1%202^3 4$"),
            r"\url{https://github.com/a/b\#readme?x=1\%202\%5E3\%204\%24}"
        );
        assert_eq!(url("github.com/a_b"), r"github.com/a\_b");
    }

    #[test]
    fn names_follow_bibtex_syntax() {
        let authors = vec![
            Author::person("Haotian", "Liu"),
            Author::person("", "Pagnoni"),
            Author::literal("任昭春"),
            Author::person("Jr, John", "Smith, III"),
            Author::person("Anna", "Black and White"),
            Author::person("", "van der Berg"),
            Author::person("", ""),
        ];
        assert_eq!(
            names(&authors, true).as_deref(),
            Some("Liu, Haotian and Pagnoni and {任昭春} and {Smith, III}, {Jr, John} and {Black and White}, Anna and {van der Berg} and others")
        );
        assert_eq!(names(&[], true), None);
        assert_eq!(names(&[Author::person(" ", "")], false), None);
    }
}
