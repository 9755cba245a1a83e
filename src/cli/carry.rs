//! The reader's work in a CSV or XLSX survives writing it again (issue #16): the old file is
//! read before the new one is staged, its statuses and columns are carried by papercat-sheet,
//! and what was carried is reported on stderr. `stats --sheet` reads the statuses back.
//!
//! Policy for the file being replaced:
//! - missing or empty: nothing to carry;
//! - papercat's (a `key` column): its work is carried over;
//! - anything else (not a spreadsheet, damaged, no `key` column): the export fails with exit
//!   code 2 and names the file, before anything is written; `--fresh` replaces it.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use anyhow::{anyhow, bail, Context, Result};
use papercat_core::Catalogue;
use papercat_sheet::{CarryReport, Previous};

use super::{output, Format};

/// The work held by the file at `target`, when `format` carries work over and the file is
/// papercat's; `None` when there is nothing to carry (no file, an empty one, `--fresh`).
///
/// # Errors
///
/// The file exists but cannot be read, or was not written by papercat.
pub(super) fn previous(
    format: Format,
    target: &Path,
    fresh: bool,
    delimiter: u8,
) -> Result<Option<Previous>> {
    // A device or pipe (`-o /dev/stdout`, a FIFO) holds no earlier work, and reading one may
    // never end (`/dev/zero`).
    if fresh || !matches!(format, Format::Csv | Format::Xlsx) || output::is_special(target) {
        return Ok(None);
    }
    let bytes = match std::fs::read(target) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(_) if target.is_dir() => {
            return Err(anyhow!(
                "{} is a folder; give the file to write, e.g. {}",
                target.display(),
                target
                    .join(format!("papers.{}", format.extension()))
                    .display()
            ))
        }
        Err(e) => {
            let what = format!("cannot read {} to carry your work over", target.display());
            return Err(e).context(format!("{what} (--fresh replaces it without reading it)"));
        }
    };
    if bytes.is_empty() {
        return Ok(None);
    }
    let read = match format {
        Format::Csv => Previous::from_csv(&bytes, delimiter),
        _ => Previous::from_xlsx(&bytes),
    };
    match read {
        Ok(p) => Ok(Some(p)),
        Err(e) => bail!(
            "{} exists but {e}; papercat only replaces a spreadsheet it wrote, carrying your \
             statuses and columns over. Write to another file, or pass --fresh to replace it",
            target.display()
        ),
    }
}

/// Reports on stderr what was carried into `target`.
pub(super) fn report(
    target: &Path,
    format: Format,
    keep_removed: bool,
    dry_run: bool,
    r: &CarryReport,
) {
    let name = target.display();
    let verb = if dry_run { "would carry" } else { "carried" };
    eprintln!("papercat: {name}: {verb} over {r}");
    if r.removed.is_empty() {
        return;
    }
    let keys = r.removed.join(", ");
    let n = r.removed.len();
    let papers = if n == 1 { "paper" } else { "papers" };
    match format {
        Format::Xlsx => eprintln!(
            "papercat: {name}: {n} {papers} no longer in the catalogue, on the `{}` sheet: {keys}",
            papercat_sheet::xlsx::REMOVED_SHEET
        ),
        _ if keep_removed => eprintln!(
            "papercat: {name}: {n} {papers} no longer in the catalogue, kept as the last rows: {keys}"
        ),
        _ => eprintln!(
            "papercat: warning: {name}: {n} {papers} no longer in the catalogue, dropped with \
             their status and your cells: {keys} (--keep-removed keeps them as rows)"
        ),
    }
}

/// Reading progress from a review spreadsheet: papers by status, overall and per section.
#[derive(Debug)]
pub(super) struct Progress {
    /// The spreadsheet read.
    pub sheet: String,
    /// Papers by status (`read`, `reading`, `unread` always; an empty status is `unread`).
    pub total: BTreeMap<String, usize>,
    /// The same per section path (`A > B`), as in `per_section`.
    pub per_section: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Reads the statuses of `sheet` (XLSX, or CSV by its extension) for the catalogue's papers,
/// matched as an export matches them (key, then identifiers).
///
/// # Errors
///
/// The file cannot be read, or is not a papercat spreadsheet.
pub(super) fn progress(cat: &Catalogue, sheet: &Path) -> Result<Progress> {
    let bytes = super::inputs::read_file(sheet)?;
    let is_csv = sheet
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let previous = if is_csv {
        Previous::from_csv(&bytes, b',')
    } else {
        Previous::from_xlsx(&bytes)
    }
    .map_err(|e| anyhow::anyhow!("cannot read statuses from {}: {e}", sheet.display()))?;
    let statuses = previous.statuses_for(cat);
    let blank = || -> BTreeMap<String, usize> {
        ["read", "reading", "unread"]
            .into_iter()
            .map(|s| (s.to_string(), 0))
            .collect()
    };
    let mut total = blank();
    let mut per_section: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (paper, status) in cat.papers.iter().zip(statuses) {
        let status = status
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "unread".into());
        *total.entry(status.clone()).or_default() += 1;
        for sec in paper.sections() {
            let name = if sec.is_empty() {
                "(none)".to_string()
            } else {
                sec.join(" > ")
            };
            *per_section
                .entry(name)
                .or_insert_with(blank)
                .entry(status.clone())
                .or_default() += 1;
        }
    }
    Ok(Progress {
        sheet: sheet.display().to_string(),
        total,
        per_section,
    })
}

impl Progress {
    /// The progress as JSON (`stats --format json` puts it under `reading`).
    pub(super) fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "sheet": self.sheet,
            "total": self.total,
            "per_section": self.per_section,
        })
    }
}

/// The progress as text, after the other statistics.
pub(super) fn write_progress(out: &mut impl Write, p: &Progress) -> std::io::Result<()> {
    let line = |m: &BTreeMap<String, usize>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    writeln!(
        out,
        "\nreading status (from {}): {}",
        p.sheet,
        line(&p.total)
    )?;
    for (section, m) in &p.per_section {
        writeln!(out, "  {section}: {}", line(m))?;
    }
    Ok(())
}
