//! `papercat export`: write one format, or every format at once, atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use papercat_core::{Catalogue, Diagnostic};

use super::inputs::load;
use super::report::report_to_stderr;
use super::{carry, output, ExportArgs, Format};

/// What writing one format reports: export-time warnings, and what a spreadsheet carried over.
type Rendered = (Vec<Diagnostic>, Option<papercat_sheet::CarryReport>);

/// Write one format to `buf` (streamed), carrying `previous` over (spreadsheets); returns the
/// export-time warnings and what was carried.
fn render(
    format: Format,
    cat: &Catalogue,
    args: &ExportArgs,
    previous: Option<&papercat_sheet::Previous>,
    buf: &mut dyn Write,
) -> Result<Rendered> {
    let mut carried = None;
    // A spreadsheet also reports what it carried over from the file it replaces.
    let mut sheet = |written: papercat_sheet::Written| {
        carried = written.carried;
        written.warnings
    };
    let columns = args
        .sheet
        .columns
        .clone()
        .unwrap_or_else(|| papercat_sheet::Column::ALL.to_vec());
    let anki = || papercat_anki::Options {
        deck: args.anki.deck.clone(),
        cards: if args.anki.cards.is_empty() {
            papercat_anki::Options::default().cards
        } else {
            args.anki.cards.clone()
        },
        cloze: args.anki.cloze,
        tags_from: if args.anki.tags_from.is_empty() {
            papercat_anki::Options::default().tags_from
        } else {
            args.anki.tags_from.clone()
        },
        timestamp: anki_timestamp(args),
    };
    let warnings = match format {
        Format::Json => papercat_core::json::write(
            cat,
            &mut *buf,
            &papercat_core::json::Options { pretty: true },
        )?,
        Format::Bibtex => papercat_bib::bibtex::write(cat, &mut *buf, &Default::default())?,
        Format::Biblatex => papercat_bib::biblatex::write(cat, &mut *buf, &Default::default())?,
        Format::Csljson => papercat_bib::csljson::write(cat, &mut *buf, &Default::default())?,
        Format::Ris => papercat_bib::ris::write(cat, &mut *buf, &Default::default())?,
        Format::Csv => sheet(papercat_sheet::write_carrying(
            cat,
            previous,
            &mut *buf,
            papercat_sheet::Format::Csv(&papercat_sheet::csv::Options {
                columns,
                bom: !args.sheet.no_bom,
                delimiter: args.sheet.delimiter,
                raw_cells: args.sheet.raw_cells,
                keep_removed: args.sheet.keep_removed,
            }),
        )?),
        Format::Xlsx => sheet(papercat_sheet::write_carrying(
            cat,
            previous,
            &mut *buf,
            papercat_sheet::Format::Xlsx(&papercat_sheet::xlsx::Options {
                columns,
                ..Default::default()
            }),
        )?),
        Format::Jsonld => papercat_jsonld::write(
            cat,
            &mut *buf,
            &papercat_jsonld::Options {
                base_iri: args.jsonld.base_iri.clone(),
                expanded: args.jsonld.expanded,
            },
        )?,
        Format::Apkg => papercat_anki::apkg::write(cat, &mut *buf, &anki())?,
        Format::AnkiTxt => papercat_anki::txt::write(cat, &mut *buf, &anki())?,
    };
    Ok((warnings, carried))
}

/// `--timestamp`, else SOURCE_DATE_EPOCH, else the newest input's mtime, else a fixed default.
fn anki_timestamp(args: &ExportArgs) -> i64 {
    if let Some(t) = args.anki.timestamp {
        return t;
    }
    if let Some(t) = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        return t;
    }
    args.input
        .files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok()?.modified().ok())
        .filter_map(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .max()
        .unwrap_or(papercat_anki::DEFAULT_TIMESTAMP)
}

/// Run `job` (given the format's index in `formats`) for every format, on as many threads
/// as there are cores (one after the other on one core), the costliest formats first so
/// that the threads finish together. Results keep the order of `formats`. At most one writer per core runs at a time, which bounds
/// the memory the writers hold.
fn in_parallel<T: Send>(
    formats: &[Format],
    job: impl Fn(usize, Format) -> Result<T> + Sync,
) -> Vec<Result<T>> {
    // Rough cost on the generated catalogues, most expensive first.
    const COST_ORDER: [Format; 10] = [
        Format::Xlsx,
        Format::Apkg,
        Format::Json,
        Format::Jsonld,
        Format::AnkiTxt,
        Format::Bibtex,
        Format::Biblatex,
        Format::Csv,
        Format::Csljson,
        Format::Ris,
    ];
    let mut order: Vec<usize> = (0..formats.len()).collect();
    order.sort_by_key(|&i| COST_ORDER.iter().position(|&f| f == formats[i]));
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let workers = cores.min(formats.len());
    if workers < 2 {
        return formats
            .iter()
            .enumerate()
            .map(|(i, &f)| job(i, f))
            .collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Mutex<Option<Result<T>>>> = formats.iter().map(|_| Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&i) = order.get(k) else { break };
                let r =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(i, formats[i])))
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("the writer panicked")));
                if let Ok(mut slot) = results[i].lock() {
                    *slot = Some(r);
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err(anyhow::anyhow!("the writer did not finish")))
        })
        .collect()
}

/// Why `format` must not be written to standard output, when it must not: a binary format
/// with no `-o` while standard output is a terminal (as gzip refuses to write compressed data
/// to one). `-o -` asks for standard output explicitly and is always honoured; a pipe or a
/// redirection is never a terminal.
fn refuse_binary_on_terminal(
    format: Format,
    output: Option<&Path>,
    stdout_is_terminal: bool,
) -> Option<String> {
    if !format.is_binary() || output.is_some() || !stdout_is_terminal {
        return None;
    }
    let ext = format.extension();
    Some(format!(
        "not writing {} (binary zip data) to a terminal; add -o FILE.{ext} to write a file, \
         or -o - (or a pipe: `| cat > FILE.{ext}`) to send the bytes to standard output",
        format_name(format)
    ))
}

pub(super) fn export(args: ExportArgs) -> Result<u8> {
    use std::io::IsTerminal;
    if let Some(format) = args.to.filter(|_| !args.all) {
        let terminal = std::io::stdout().is_terminal();
        if let Some(why) = refuse_binary_on_terminal(format, args.output.as_deref(), terminal) {
            bail!(why);
        }
    }
    output::remove_staged_on_interrupt();
    let cat = args.filter.to_filter().apply(load(&args.input.files)?);
    let (cat, report) = args.enrich.apply(cat)?;
    if let Some(report) = report {
        eprint!("{report}");
    }
    // The policy: `check` is the linter; export reports the same problems but succeeds once
    // it wrote its files, unless asked to fail on them.
    let strict = args.strict || args.deny_warnings;
    let gate = |code: u8| if strict { code } else { 0 };
    let mut code = gate(report_to_stderr(&cat.diagnostics, args.deny_warnings));
    if args.all {
        let dir = args.out_dir.as_deref().context("--all needs --out-dir")?;
        let stem = args
            .input
            .files
            .first()
            .and_then(|f| f.file_stem())
            .filter(|s| *s != "-")
            .map_or_else(
                || "catalogue".to_string(),
                |s| s.to_string_lossy().into_owned(),
            );
        let targets: Vec<PathBuf> = Format::ALL
            .iter()
            .map(|f| dir.join(format!("{stem}.{}", f.extension())))
            .collect();
        // The work in the spreadsheets being replaced is read before anything is written: a
        // file that cannot be carried over stops the run with the folder as it was.
        let previous = Format::ALL
            .iter()
            .zip(&targets)
            .map(|(&f, t)| carry::previous(f, t, args.sheet.fresh, args.sheet.delimiter))
            .collect::<Result<Vec<_>>>()?;
        let carried = |reports: Vec<Option<papercat_sheet::CarryReport>>| {
            for ((f, target), r) in Format::ALL.iter().zip(&targets).zip(reports) {
                if let Some(r) = r {
                    carry::report(target, *f, args.sheet.keep_removed, args.dry_run, &r);
                }
            }
        };
        if args.dry_run {
            let sizes = in_parallel(Format::ALL, |i, f| {
                let mut sink = output::Counting::new(std::io::sink());
                let rendered = render(f, &cat, &args, previous[i].as_ref(), &mut sink)?;
                Ok((sink.bytes, rendered))
            });
            let mut reports = Vec::new();
            for (target, size) in targets.iter().zip(sizes) {
                let (bytes, (warnings, report)) =
                    size.with_context(|| format!("cannot write {}", target.display()))?;
                code = code.max(gate(report_to_stderr(&warnings, args.deny_warnings)));
                println!("would write {} ({bytes} bytes)", target.display());
                reports.push(report);
            }
            carried(reports);
        } else {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create folder {}", dir.display()))?;
            output::clean_stale(dir);
            let staged = in_parallel(Format::ALL, |i, f| {
                output::stage_with(&targets[i], |w| {
                    render(f, &cat, &args, previous[i].as_ref(), w)
                })
            });
            // Every file is staged before any is renamed: on an error the staged files are
            // dropped (deleted) and the folder is left as it was.
            let mut files = Vec::new();
            let mut reports = Vec::new();
            for result in staged {
                // Every error names the file (see `output::stage_with`).
                let (pending, (warnings, report)) = result?;
                code = code.max(gate(report_to_stderr(&warnings, args.deny_warnings)));
                files.push(pending);
                reports.push(report);
            }
            let wrote: Vec<String> = files
                .iter()
                .map(|p| format!("wrote {} ({} bytes)", p.target().display(), p.bytes))
                .collect();
            output::commit_all(files)?;
            for line in wrote {
                eprintln!("{line}");
            }
            carried(reports);
        }
    } else {
        let format = args.to.context("give --to FORMAT or --all")?;
        let file = args.output.as_deref().filter(|p| p.as_os_str() != "-");
        let previous = match file {
            Some(p) => carry::previous(format, p, args.sheet.fresh, args.sheet.delimiter)?,
            None => None,
        };
        let (warnings, report) = match file {
            Some(p) if args.dry_run => {
                let mut sink = output::Counting::new(std::io::sink());
                let rendered = render(format, &cat, &args, previous.as_ref(), &mut sink)?;
                println!("would write {} ({} bytes)", p.display(), sink.bytes);
                rendered
            }
            Some(p) => {
                output::clean_stale(&output::parent_of(p));
                let (pending, rendered) =
                    output::stage_with(p, |w| render(format, &cat, &args, previous.as_ref(), w))?;
                output::commit(pending)?;
                rendered
            }
            None => {
                let mut out = std::io::BufWriter::with_capacity(1 << 18, std::io::stdout().lock());
                render(format, &cat, &args, None, &mut out)
                    .and_then(|r| Ok(out.flush().map(|()| r)?))
                    .map_err(|e| output::write_failed(output::STDOUT, e))?
            }
        };
        code = code.max(gate(report_to_stderr(&warnings, args.deny_warnings)));
        if let (Some(p), Some(r)) = (file, report) {
            carry::report(p, format, args.sheet.keep_removed, args.dry_run, &r);
        }
    }
    // The process ends here: freeing a large catalogue piece by piece only costs time.
    std::mem::forget(cat);
    Ok(code)
}

fn format_name(f: Format) -> String {
    f.to_possible_value()
        .map_or_else(|| format!("{f:?}"), |v| v.get_name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_formats_are_never_written_to_a_terminal_unasked() {
        let dash = Path::new("-");
        let file = Path::new("notes.xlsx");
        for format in [Format::Xlsx, Format::Apkg] {
            let why = refuse_binary_on_terminal(format, None, true).expect("refused");
            assert!(
                why.contains(&format!("-o FILE.{}", format.extension())),
                "{why}"
            );
            assert!(why.contains("-o -"), "{why}");
            // A pipe or redirection, `-o -` and a file all get the bytes.
            assert_eq!(refuse_binary_on_terminal(format, None, false), None);
            assert_eq!(refuse_binary_on_terminal(format, Some(dash), true), None);
            assert_eq!(refuse_binary_on_terminal(format, Some(file), true), None);
        }
        for &format in Format::ALL.iter().filter(|f| !f.is_binary()) {
            assert_eq!(refuse_binary_on_terminal(format, None, true), None);
        }
    }
}
