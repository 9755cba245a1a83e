//! What a run reports on stderr and stdout: diagnostics, their exit code, statistics.

use std::io::Write;
use std::path::PathBuf;

use papercat_core::filter;
use papercat_core::{Diagnostic, Severity};

pub(super) fn write_stats(out: &mut impl Write, s: &filter::Stats) -> std::io::Result<()> {
    let pct = |n: usize| {
        if s.papers == 0 {
            0.0
        } else {
            n as f64 * 100.0 / s.papers as f64
        }
    };
    writeln!(out, "papers: {} ({} listings)", s.papers, s.listings)?;
    writeln!(
        out,
        "identifiers: arXiv {} ({:.0}%), DOI {}, ACL Anthology {}, none {}",
        s.with_arxiv,
        pct(s.with_arxiv),
        s.with_doi,
        s.with_acl,
        s.without_identifier
    )?;
    writeln!(
        out,
        "code: {} ({:.0}%); authors: {} ({:.0}%)",
        s.with_code,
        pct(s.with_code),
        s.with_authors,
        pct(s.with_authors)
    )?;
    for (title, map) in [
        ("per section", &s.per_section),
        ("per year", &s.per_year),
        ("per venue", &s.per_venue),
    ] {
        writeln!(out, "\n{title}:")?;
        for (k, v) in map {
            writeln!(out, "  {v:>5}  {k}")?;
        }
    }
    Ok(())
}

/// Diagnostics in input order: by file (as given), then line and column.
pub(super) fn sort_diagnostics(diags: &mut [Diagnostic], files: &[PathBuf]) {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let order = |name: &str| names.iter().position(|f| f == name).unwrap_or(usize::MAX);
    diags.sort_by_key(|d| (order(&d.file), d.line, d.column));
}

/// 1 when there are errors (or warnings under `deny_warnings`), else 0.
pub(super) fn exit_code(diags: &[Diagnostic], deny_warnings: bool) -> u8 {
    let bad = diags.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    u8::from(bad)
}

/// Print errors and warnings on stderr; returns the exit code they imply.
pub(super) fn report_to_stderr(diags: &[Diagnostic], deny_warnings: bool) -> u8 {
    let mut err = std::io::stderr().lock();
    for d in diags.iter().filter(|d| d.severity > Severity::Note) {
        let _ = writeln!(err, "{d}");
    }
    exit_code(diags, deny_warnings)
}
