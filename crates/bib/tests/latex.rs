//! Issue #15: the bibliographies compiled as a user would, citing every entry of the fixture,
//! of each sample and of the shared corpus:
//!
//! * natbib + `plainnat` with pdflatex and bibtex (CJK text set with `CJKutf8`, as pdflatex
//!   users do), and the entries whose printed text is Latin or Greek without any CJK package;
//! * biblatex + biber with xelatex (a font with CJK glyphs for the Chinese headings and
//!   names), and with
//!   pdflatex for the Latin and Greek entries.
//!
//! Each run must end without a LaTeX error, and the natbib `.bbl` must show every entry's
//! title once (no short label repeating a title of two words or more), every arXiv id, and
//! every code link as `\url`. Needs pdflatex, xelatex, bibtex and biber (`.ci/run` installs
//! them); says SKIPPED without them, and fails under PAPERCAT_REQUIRE_TOOLS=1.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{run, text};
use papercat_core::{Catalogue, Paper};

struct Tools {
    pdflatex: PathBuf,
    xelatex: PathBuf,
    bibtex: PathBuf,
    biber: PathBuf,
}

fn tools(test: &str) -> Option<Tools> {
    Some(Tools {
        pdflatex: papercat_testkit::tool("pdflatex", test)?,
        xelatex: papercat_testkit::tool("xelatex", test)?,
        bibtex: papercat_testkit::tool("bibtex", test)?,
        biber: papercat_testkit::tool("biber", test)?,
    })
}

/// Runs a TeX engine on `doc.tex` in `dir`; panics with the log's errors when it fails.
fn tex(engine: &Path, dir: &Path, what: &str) -> String {
    let out = run(Command::new(engine)
        .args(["-interaction=nonstopmode", "-halt-on-error", "doc.tex"])
        .current_dir(dir));
    let log = std::fs::read_to_string(dir.join("doc.log")).unwrap_or_default();
    let errors: Vec<&str> = log.lines().filter(|l| l.starts_with('!')).collect();
    assert!(
        out.status.success() && errors.is_empty(),
        "{what}: {} failed: {errors:?}\n{}",
        engine.display(),
        text(&out.stdout)
    );
    log
}

/// Runs bibtex or biber on `doc` in `dir`: no error (bibtex warnings such as plainnat's
/// "empty year" are the data's, not the file's).
fn bib_program(program: &Path, dir: &Path, what: &str) {
    let out = run(Command::new(program).arg("doc").current_dir(dir));
    let all = text(&out.stdout) + &text(&out.stderr);
    let bibtex_ok = out.status.code().is_some_and(|c| c <= 1) && !all.contains("error message");
    assert!(
        bibtex_ok && !all.contains("ERROR"),
        "{what}: {} failed:\n{all}",
        program.display()
    );
}

/// `\citet` of every key (so every label is typeset), then the whole bibliography.
fn citations(cat: &Catalogue) -> String {
    let mut s = String::new();
    for p in &cat.papers {
        s.push_str(&format!("\\citet{{{}}}.\n", p.key));
    }
    s
}

fn natbib_doc(cat: &Catalogue, cjk: bool) -> String {
    let (open, close) = if cjk {
        ("\\begin{CJK}{UTF8}{gbsn}\n", "\\end{CJK}\n")
    } else {
        ("", "")
    };
    format!(
        "\\documentclass{{article}}\n\\usepackage[utf8]{{inputenc}}\n{}\\usepackage{{natbib}}\n\\usepackage{{url}}\n\\begin{{document}}\n{open}{}\\bibliographystyle{{plainnat}}\n\\bibliography{{x}}\n{close}\\end{{document}}\n",
        if cjk { "\\usepackage{CJKutf8}\n" } else { "" },
        citations(cat)
    )
}

fn biblatex_doc(cat: &Catalogue, xelatex: bool) -> String {
    let fonts = if xelatex {
        // One font with Latin, Greek and CJK glyphs (fonts-wqy-microhei); xeCJK would need
        // texlive-lang-chinese's ctex hooks.
        "\\usepackage{fontspec}\n\\setmainfont{WenQuanYi Micro Hei}\n"
    } else {
        "\\usepackage[utf8]{inputenc}\n"
    };
    format!(
        "\\documentclass{{article}}\n{fonts}\\usepackage[backend=biber,style=authoryear]{{biblatex}}\n\\usepackage{{url}}\n\\addbibresource{{x.bib}}\n\\begin{{document}}\n{}\\printbibliography\n\\end{{document}}\n",
        citations(cat).replace("\\citet", "\\textcite")
    )
}

/// Letters pdflatex sets without a CJK package: Latin ones (inputenc) and Greek ones (written
/// as math).
fn latin_or_greek(s: &str) -> bool {
    s.chars()
        .all(|c| (c as u32) < 0x0250 || ('\u{370}'..='\u{3ff}').contains(&c))
}

/// The papers whose printed fields (title, authors, venue) pdflatex can set without CJK.
fn latin_only(cat: &Catalogue) -> Catalogue {
    let printed = |p: &Paper| {
        latin_or_greek(p.display_title())
            && p.work.authors.iter().all(|a| latin_or_greek(&a.display()))
            && p.work
                .venue
                .as_ref()
                .and_then(|v| v.name.as_deref())
                .is_none_or(latin_or_greek)
    };
    Catalogue {
        papers: cat.papers.iter().filter(|p| printed(p)).cloned().collect(),
        ..Default::default()
    }
}

/// Only ASCII letters and digits, lower-cased, after dropping TeX control words.
fn letters(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            while chars.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
                chars.next();
            }
        } else if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// `text` without its `\url{...}` groups.
fn without_urls(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("\\url{") {
        out.push_str(&rest[..i]);
        rest = rest[i..].split_once('}').map_or("", |(_, r)| r);
    }
    out.push_str(rest);
    out
}

/// Each `\bibitem`'s key and text in a natbib `.bbl`.
fn bibitems(bbl: &str) -> Vec<(String, String)> {
    bbl.split("\\bibitem")
        .skip(1)
        .filter_map(|item| {
            let rest = item.trim_start();
            // `[label]{key}` (natbib) or `{key}`; a label may hold braces, so skip it by depth.
            let rest = if rest.starts_with('[') {
                let mut depth = 0;
                let end = rest.char_indices().find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        ']' if depth == 0 => return true,
                        _ => {}
                    }
                    false
                })?;
                &rest[end.0 + 1..]
            } else {
                rest
            };
            let close = rest.find('}')?;
            let body = rest[close + 1..].replace("\\end{thebibliography}", "");
            Some((rest[1..close].to_string(), body))
        })
        .collect()
}

/// The `.bbl` checks of issue #15, every problem listed.
fn check_natbib_bbl(name: &str, cat: &Catalogue, bbl: &str) {
    let items = bibitems(bbl);
    assert_eq!(items.len(), cat.papers.len(), "{name}: bibitems");
    let mut wrong = Vec::new();
    for p in &cat.papers {
        let Some((_, body)) = items.iter().find(|(k, _)| k == &p.key) else {
            wrong.push(format!("{}: no \\bibitem", p.key));
            continue;
        };
        let title = papercat_bib::written_title(p);
        let t = letters(&title);
        // Links often spell the title (`github.com/.../segment-anything`): not text.
        let body_letters = letters(&without_urls(body));
        // A one-word title is its own label (there is nothing shorter to cite it by).
        if title.split(' ').count() > 1 && t.len() >= 4 && body_letters.matches(&t).count() > 1 {
            wrong.push(format!("{}: title printed twice: {body}", p.key));
        }
        if let Some(id) = &p.work.arxiv {
            if !body.contains(&format!("arXiv:{id}")) {
                wrong.push(format!("{}: arXiv id {id} not printed: {body}", p.key));
            }
        }
        let urls = p.code.iter().filter(|c| c.starts_with("http")).count();
        if body.matches("\\url{").count() < urls + usize::from(body.contains("\\newblock URL")) {
            wrong.push(format!("{}: code links are not all \\url: {body}", p.key));
        }
    }
    assert!(wrong.is_empty(), "{name}:\n{}", wrong.join("\n"));
}

fn compile_natbib(t: &Tools, name: &str, cat: &Catalogue, dir: &Path, cjk: bool) -> String {
    let (bib, _) = common::bibtex(cat);
    std::fs::write(dir.join("x.bib"), bib).unwrap();
    std::fs::write(dir.join("doc.tex"), natbib_doc(cat, cjk)).unwrap();
    let what = format!("{name} natbib (cjk: {cjk})");
    tex(&t.pdflatex, dir, &what);
    bib_program(&t.bibtex, dir, &what);
    tex(&t.pdflatex, dir, &what);
    tex(&t.pdflatex, dir, &what);
    std::fs::read_to_string(dir.join("doc.bbl")).unwrap()
}

fn compile_biblatex(t: &Tools, name: &str, cat: &Catalogue, dir: &Path, xelatex: bool) {
    let (bib, _) = common::biblatex(cat);
    std::fs::write(dir.join("x.bib"), bib).unwrap();
    std::fs::write(dir.join("doc.tex"), biblatex_doc(cat, xelatex)).unwrap();
    let engine = if xelatex { &t.xelatex } else { &t.pdflatex };
    let what = format!("{name} biblatex ({})", engine.display());
    tex(engine, dir, &what);
    bib_program(&t.biber, dir, &what);
    let log = tex(engine, dir, &what);
    let missing: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("Missing character"))
        .collect();
    assert!(missing.is_empty(), "{what}: {missing:?}");
    let bbl = std::fs::read_to_string(dir.join("doc.bbl")).unwrap();
    for p in &cat.papers {
        if let Some(id) = &p.work.arxiv {
            assert!(bbl.contains(id.as_str()), "{what}: {} lacks {id}", p.key);
        }
    }
}

fn check(t: &Tools, name: &str, cat: &Catalogue) {
    assert!(!cat.papers.is_empty(), "{name}: no papers");
    let dir = tempfile::tempdir().unwrap();
    eprintln!("{name}: natbib/plainnat, pdflatex + CJKutf8");
    let bbl = compile_natbib(t, name, cat, dir.path(), true);
    check_natbib_bbl(name, cat, &bbl);
    let latin = latin_only(cat);
    if !latin.papers.is_empty() {
        eprintln!(
            "{name}: natbib/plainnat and biblatex, pdflatex, {} Latin/Greek entries",
            latin.papers.len()
        );
        let dir = tempfile::tempdir().unwrap();
        let bbl = compile_natbib(t, name, &latin, dir.path(), false);
        check_natbib_bbl(name, &latin, &bbl);
        let dir = tempfile::tempdir().unwrap();
        compile_biblatex(t, name, &latin, dir.path(), false);
    }
    eprintln!("{name}: biblatex/biber, xelatex");
    let dir = tempfile::tempdir().unwrap();
    compile_biblatex(t, name, cat, dir.path(), true);
}

#[test]
fn the_fixture_and_every_sample_compile_with_natbib_and_biblatex() {
    let Some(t) = tools("the_fixture_and_every_sample_compile_with_natbib_and_biblatex") else {
        return;
    };
    check(&t, "fixture", &papercat_testkit::fixture());
    let paths = papercat_testkit::sample_paths();
    check(&t, "samples", &papercat_testkit::parse_files(&paths));
}

#[test]
fn the_shared_corpus_compiles_with_natbib_and_biblatex() {
    let Some(t) = tools("the_shared_corpus_compiles_with_natbib_and_biblatex") else {
        return;
    };
    let Some(shared) = papercat_testkit::shared_dir() else {
        eprintln!(
            "SKIPPED the_shared_corpus_compiles_with_natbib_and_biblatex: ../shared not found"
        );
        return;
    };
    let corpus = shared.join("corpus/000_592348f81878be69.txt");
    check(&t, "corpus", &papercat_testkit::parse_files(&[corpus]));
}

#[test]
fn bibitems_are_split_with_their_keys() {
    let bbl = "\\begin{thebibliography}{2}\n\\bibitem[{A}(2020)]{a1}\nA. \\newblock T.\n\n\\bibitem{b}\nB.\n\\end{thebibliography}\n";
    let items = bibitems(bbl);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].0, "a1");
    assert_eq!(items[1].0, "b");
    assert!(!items[1].1.contains("thebibliography"));
    assert_eq!(letters("{LLaVA}-{$\\varphi$}: X"), "llavax");
    assert_eq!(without_urls("a \\url{x} b \\url{y}"), "a  b ");
}
