//! What the BibTeX and BibLaTeX writers promise, read back with the `biblatex` crate.

use papercat_core::Catalogue;

use super::{count_mismatch, snippet};

pub(super) fn check_bib(cat: &Catalogue, out: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(out).map_err(|e| format!("not UTF-8: {e}"))?;
    let mut depth = 0i64;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('@') && depth != 0 {
            return Err(format!(
                "line {} starts an entry at brace depth {depth}",
                n + 1
            ));
        }
        for c in line.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return Err(format!(
                    "line {}: `}}` closes nothing: {}",
                    n + 1,
                    snippet(line)
                ));
            }
        }
    }
    if depth != 0 {
        return Err(format!("{depth} brace(s) left open at the end"));
    }
    let bib = biblatex::Bibliography::parse(text).map_err(|e| format!("biblatex crate: {e}"))?;
    count_mismatch("entries", bib.len(), cat)?;
    for p in &cat.papers {
        if bib.get(&p.key).is_none() {
            return Err(format!("no entry with key `{}`", p.key));
        }
    }
    Ok(())
}
