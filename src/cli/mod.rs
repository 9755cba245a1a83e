//! Command definitions (clap derive) and their implementations.

mod carry;
mod enrich;
mod export;
mod inputs;
mod output;
mod report;

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use papercat_core::filter::{self, Filter, Has};
use papercat_core::{Diagnostic, Severity};

use export::export;
use inputs::{load, read_inputs};
use report::{exit_code, report_to_stderr, sort_diagnostics, write_stats};

/// Turn a Markdown catalogue of paper-reading notes into the files people use:
/// BibTeX/BibLaTeX/CSL-JSON, CSV/XLSX, JSON-LD and Anki decks.
///
/// Exit codes: 0 success; 1 the input has errors (or warnings under --deny-warnings);
/// 2 usage or I/O error. `export` reports the input's problems but exits 0 once its files are
/// written, unless --strict (or --deny-warnings).
#[derive(Debug, Parser)]
#[command(name = "papercat", version, about, long_about = None, after_help = "\
Examples:
  papercat check notes.md                      report problems with file:line:column
  papercat parse notes.md > notes.json         the model as JSON
  papercat export notes.md --to bibtex -o refs.bib
  papercat export notes.md --all --out-dir out/
  papercat stats notes.md
  papercat enrich notes.md --with zotero.bib -o enriched.json
  papercat export notes.md --to bibtex --fetch -o refs.bib   authors etc. from arXiv/Crossref/ACL

Exit codes: 0 success, 1 input errors (or warnings with --deny-warnings), 2 usage or I/O error,
130 interrupted. `check` is the linter: it exits 1 when the input has errors. `export` prints the
same diagnostics but exits 0 once its files are written; add --strict to exit 1 on input errors.
xlsx and apkg are binary: without -o they are not written to a terminal (-o - forces it).")]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Parse catalogues and print the model as JSON (see docs/json-format.md).
    Parse {
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ParseFormat::Json)]
        format: ParseFormat,
        #[command(flatten)]
        filter: FilterArgs,
        #[command(flatten)]
        enrich: EnrichArgs,
    },
    /// Check catalogues and report problems like a compiler: file, line, column, severity, code.
    Check {
        #[command(flatten)]
        input: InputArgs,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Exit with 1 on warnings too, not only on errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Also show notes (empty fields, merged duplicates, tidied URLs, unknown labels).
        #[arg(long)]
        notes: bool,
        /// Explain the reading: for every block (list item, heading, bold title, reference
        /// item, table row, footnote), whether it is a paper and why (its title and paper
        /// link, or what it lacks), and which headings are sections. Use it when papercat
        /// reads your catalogue differently from what you meant.
        #[arg(long)]
        explain: bool,
        #[command(flatten)]
        enrich: EnrichArgs,
    },
    /// Count papers per section, year and venue, and identifier coverage.
    Stats {
        #[command(flatten)]
        input: InputArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Also count papers read / reading / unread (overall and per section) from the
        /// `status` column of a review spreadsheet papercat wrote (.xlsx, or .csv).
        #[arg(long, value_name = "PATH")]
        sheet: Option<PathBuf>,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// Write the catalogue in one format (--to) or in every format (--all).
    Export(Box<ExportArgs>),
    /// Fill missing authors, years, titles and ids from .bib, CSL-JSON or arXiv snapshot files,
    /// or online (--fetch).
    ///
    /// Sources: a .bib/BibLaTeX export (Zotero, Better BibTeX), a CSL-JSON file, or the arXiv
    /// metadata snapshot (JSON lines, streamed); with --fetch, the arXiv API, Crossref and the
    /// ACL Anthology, cached. Writes the enriched model as JSON with per-field provenance; a
    /// report on stderr says what each source completed.
    Enrich {
        #[command(flatten)]
        input: InputArgs,
        #[command(flatten)]
        enrich: EnrichArgs,
        /// Output file for the enriched JSON (`-` = standard output, the default).
        #[arg(short = 'o', long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// Format of the report printed on stderr.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Exit with 1 on warnings too, not only on errors.
        #[arg(long)]
        deny_warnings: bool,
        #[command(flatten)]
        filter: FilterArgs,
    },
}

/// Enrichment sources.
#[derive(Debug, Args)]
#[command(next_help_heading = "Enrichment")]
struct EnrichArgs {
    /// A metadata source (repeatable): .bib, CSL-JSON (.json/.csl.json) or the arXiv snapshot
    /// (.jsonl). The catalogue's own values win; gaps are filled, differences are warned about.
    #[arg(long = "with", visible_alias = "enrich", value_name = "SOURCE")]
    sources: Vec<PathBuf>,
    /// Let the sources' values replace the catalogue's (title, authors, year, venue...).
    #[arg(long)]
    prefer_source: bool,
    /// The kind of every source, when its name does not tell: bib, csl-json, arxiv-jsonl,
    /// arxiv-atom.
    #[arg(long, value_name = "KIND")]
    source_kind: Option<papercat_enrich::SourceKind>,
    /// Complete papers lacking authors, a year, a title or a venue online: arXiv ids from the
    /// arXiv API, DOIs from Crossref, ACL ids from the ACL Anthology. Answers are cached
    /// (PAPERCAT_CACHE_DIR, else the platform's cache folder), so a second run sends nothing.
    /// Without --fetch papercat never uses the network.
    #[arg(long)]
    fetch: bool,
    /// With --fetch: ask the services again instead of using cached answers.
    #[arg(long, requires = "fetch", conflicts_with = "offline")]
    refresh: bool,
    /// With --fetch: use only cached answers; send nothing.
    #[arg(long, requires = "fetch")]
    offline: bool,
    /// With --fetch: a contact address sent in the User-Agent (Crossref asks for one);
    /// default PAPERCAT_MAILTO.
    #[arg(long, value_name = "EMAIL", requires = "fetch")]
    mailto: Option<String>,
}

#[derive(Debug, Args)]
struct InputArgs {
    /// Markdown catalogues to read (`-` for standard input); several are merged into one.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
struct FilterArgs {
    /// Keep papers listed under a section whose heading contains TEXT (case-insensitive).
    #[arg(long, value_name = "TEXT")]
    section: Option<String>,
    /// Keep papers published in a year range: 2023, 2023..2024, 2023.. or ..2024.
    #[arg(long, value_name = "RANGE", value_parser = filter::parse_years)]
    year: Option<(i32, i32)>,
    /// Keep papers that have a code repository, an arXiv id or a DOI (repeatable).
    #[arg(long, value_enum, value_name = "WHAT")]
    has: Vec<HasArg>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum HasArg {
    Code,
    Arxiv,
    Doi,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ParseFormat {
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

/// The output formats. Each has a name (`--to NAME`) and a file extension (`--all`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// The model as JSON (`.json`), see docs/json-format.md.
    Json,
    /// BibTeX for bibtex/natbib (`.bib`).
    Bibtex,
    /// BibLaTeX for biber (`.biblatex.bib`).
    Biblatex,
    /// CSL-JSON for pandoc, Zotero and citeproc (`.csl.json`).
    Csljson,
    /// RIS for EndNote, Mendeley, RefWorks and Zotero (`.ris`).
    Ris,
    /// A review spreadsheet as CSV, UTF-8 with BOM (`.csv`).
    Csv,
    /// A review spreadsheet as an Excel workbook (`.xlsx`).
    Xlsx,
    /// schema.org linked data (`.jsonld`).
    Jsonld,
    /// An Anki deck package (`.apkg`).
    Apkg,
    /// Anki's text import format, updating notes by GUID (`.anki.txt`).
    AnkiTxt,
}

impl Format {
    /// Every format, in the order `--all` writes them.
    pub(crate) const ALL: &'static [Format] = &[
        Format::Json,
        Format::Bibtex,
        Format::Biblatex,
        Format::Csljson,
        Format::Ris,
        Format::Csv,
        Format::Xlsx,
        Format::Jsonld,
        Format::Apkg,
        Format::AnkiTxt,
    ];

    /// Whether the format is binary (a zip container): such bytes are never written to a
    /// terminal unless asked for with `-o -`.
    pub(crate) fn is_binary(self) -> bool {
        match self {
            Format::Xlsx | Format::Apkg => true,
            Format::Json
            | Format::Bibtex
            | Format::Biblatex
            | Format::Csljson
            | Format::Ris
            | Format::Csv
            | Format::Jsonld
            | Format::AnkiTxt => false,
        }
    }

    /// The file extension `--all` uses.
    pub(crate) fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Bibtex => "bib",
            Format::Biblatex => "biblatex.bib",
            Format::Csljson => "csl.json",
            Format::Ris => "ris",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Jsonld => "jsonld",
            Format::Apkg => "apkg",
            Format::AnkiTxt => "anki.txt",
        }
    }
}

/// Options of the spreadsheet formats.
#[derive(Debug, Args)]
#[command(next_help_heading = "Spreadsheet options (csv, xlsx)")]
struct SheetArgs {
    /// Columns to write, in order, comma-separated (default: all). Names: key, status,
    /// sections, title, heading, year, venue, authors, institutions, topics, arxiv, doi, url,
    /// code, motivation, method, results, other, line.
    #[arg(long, value_name = "LIST", value_parser = parse_columns)]
    columns: Option<Vec<papercat_sheet::Column>>,
    /// CSV: omit the UTF-8 byte-order mark (Excel needs it to read Chinese correctly).
    #[arg(long)]
    no_bom: bool,
    /// CSV field delimiter: `,` `;` or `tab`.
    #[arg(long, value_name = "CHAR", default_value = ",", value_parser = parse_delimiter)]
    delimiter: u8,
    /// CSV: write cells exactly as they are. By default a cell starting with = + - @ tab or CR
    /// gets a leading ' so spreadsheets never run it as a formula, and an arXiv id is written
    /// arXiv:ID so spreadsheets keep it as text.
    #[arg(long)]
    raw_cells: bool,
    /// Replace an existing CSV/XLSX without carrying anything over from it. By default the
    /// statuses and the columns you added are carried over by citation key, and a file
    /// papercat did not write is not replaced.
    #[arg(long)]
    fresh: bool,
    /// CSV: keep the rows of papers that left the catalogue (at the end) instead of dropping
    /// them with a warning. XLSX always moves them to its `Removed` sheet.
    #[arg(long, conflicts_with = "fresh")]
    keep_removed: bool,
}

/// Options of the JSON-LD format.
#[derive(Debug, Args)]
#[command(next_help_heading = "JSON-LD options")]
struct JsonldArgs {
    /// Base IRI for papers and sections without a public identifier.
    #[arg(long, value_name = "IRI", default_value = papercat_jsonld::DEFAULT_BASE_IRI)]
    base_iri: String,
    /// Write expanded JSON-LD instead of the compact form.
    #[arg(long, conflicts_with = "compact")]
    expanded: bool,
    /// Write compact JSON-LD with the schema.org context (the default).
    #[arg(long)]
    compact: bool,
}

/// Options of the Anki formats.
#[derive(Debug, Args)]
#[command(next_help_heading = "Anki options (apkg, anki-txt)")]
struct AnkiArgs {
    /// Root deck name (default: the catalogue title). Sections become subdecks (Root::A::B).
    #[arg(long, value_name = "NAME")]
    deck: Option<String>,
    /// Card templates to generate, comma-separated: method, motivation, which-paper, acronym,
    /// notes.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    cards: Vec<papercat_anki::CardKind>,
    /// Add a cloze note per paper over its method text (bold phrases become clozes).
    #[arg(long)]
    cloze: bool,
    /// Tag sources, comma-separated: topics, venue, year.
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    tags_from: Vec<papercat_anki::TagSource>,
    /// Modification time (Unix seconds) stamped on notes. Anki updates a re-imported note only
    /// when this is newer, so the default is SOURCE_DATE_EPOCH if set, else the newest input
    /// file's modification time: same input, same bytes; edited input, notes update.
    #[arg(long, value_name = "SECS")]
    timestamp: Option<i64>,
}

fn parse_columns(s: &str) -> Result<Vec<papercat_sheet::Column>, String> {
    papercat_sheet::parse_columns(s).map_err(|e| e.to_string())
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        _ => Err(format!(
            "unsupported delimiter `{s}`: use `,`, `;` or `tab`"
        )),
    }
}

#[derive(Debug, Args)]
struct ExportArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The format to write.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        required_unless_present = "all",
        conflicts_with = "all"
    )]
    to: Option<Format>,
    /// Output file for --to (`-` = standard output, the default). The binary formats (xlsx,
    /// apkg) are never written to a terminal unless asked with `-o -`.
    #[arg(short = 'o', long, value_name = "PATH", conflicts_with = "all")]
    output: Option<PathBuf>,
    /// Write every format to --out-dir, named after the first input: NAME.json, NAME.bib...
    #[arg(long, requires = "out_dir")]
    all: bool,
    /// The folder for --all (created if missing).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Show what would be written, write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Exit with 1 when the input has errors. Without it, export reports the input's
    /// diagnostics on stderr and exits 0 once its files are written (`check` is the linter).
    #[arg(long)]
    strict: bool,
    /// Exit with 1 on warnings too, not only on errors (implies --strict).
    #[arg(long)]
    deny_warnings: bool,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    enrich: EnrichArgs,
    #[command(flatten)]
    sheet: SheetArgs,
    #[command(flatten)]
    jsonld: JsonldArgs,
    #[command(flatten)]
    anki: AnkiArgs,
}

impl FilterArgs {
    fn to_filter(&self) -> Filter {
        Filter {
            section: self.section.clone(),
            years: self.year,
            has: self
                .has
                .iter()
                .map(|h| match h {
                    HasArg::Code => Has::Code,
                    HasArg::Arxiv => Has::Arxiv,
                    HasArg::Doi => Has::Doi,
                })
                .collect(),
        }
    }
}

/// Run a parsed command line; returns the exit code.
pub(crate) fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Parse {
            input,
            format: ParseFormat::Json,
            filter,
            enrich,
        } => {
            let (cat, report) = enrich.apply(filter.to_filter().apply(load(&input.files)?))?;
            if let Some(report) = report {
                eprint!("{report}");
            }
            let code = report_to_stderr(&cat.diagnostics, false);
            // Buffered: stdout is line-buffered, and pretty JSON has a newline per value.
            let stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            papercat_core::json::write(
                &cat,
                stdout,
                &papercat_core::json::Options { pretty: true },
            )
            .map_err(|e| output::write_failed(output::STDOUT, e.into()))?;
            Ok(code)
        }
        Command::Check {
            input,
            format,
            deny_warnings,
            notes,
            explain,
            enrich,
        } => {
            let inputs = read_inputs(&input.files)?;
            let mut explained = if explain {
                papercat_core::explain(&inputs)
            } else {
                Vec::new()
            };
            let (mut cat, _) = enrich.apply(papercat_core::parse(&inputs))?;
            drop(inputs);
            let lints = papercat_core::lint::lint(&cat);
            cat.diagnostics.extend(lints);
            sort_diagnostics(&mut cat.diagnostics, &input.files);
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let mut shown: Vec<&Diagnostic> = cat
                .diagnostics
                .iter()
                .filter(|d| notes || d.severity > Severity::Note)
                .collect();
            // Explanations go with the diagnostics of their lines.
            sort_diagnostics(&mut explained, &input.files);
            shown.extend(explained.iter());
            let order: Vec<&std::path::PathBuf> = input.files.iter().collect();
            shown.sort_by_key(|d| {
                (
                    order
                        .iter()
                        .position(|f| f.display().to_string() == d.file)
                        .unwrap_or(usize::MAX),
                    d.line,
                    d.column,
                )
            });
            let mut written = || -> Result<()> {
                match format {
                    ReportFormat::Json => {
                        serde_json::to_writer_pretty(&mut out, &shown)?;
                        writeln!(out)?;
                    }
                    ReportFormat::Text => {
                        for d in &shown {
                            writeln!(out, "{d}")?;
                        }
                        let count = |s| cat.diagnostics.iter().filter(|d| d.severity == s).count();
                        writeln!(
                            out,
                            "{} papers; {} errors, {} warnings, {} notes{}",
                            cat.papers.len(),
                            count(Severity::Error),
                            count(Severity::Warning),
                            count(Severity::Note),
                            if notes { "" } else { " (--notes shows them)" }
                        )?;
                    }
                }
                Ok(out.flush()?)
            };
            written().map_err(|e| output::write_failed(output::STDOUT, e))?;
            let code = exit_code(&cat.diagnostics, deny_warnings);
            // The process ends here: freeing a large catalogue piece by piece only costs time.
            std::mem::forget(cat);
            Ok(code)
        }
        Command::Stats {
            input,
            format,
            sheet,
            filter,
        } => {
            let cat = filter.to_filter().apply(load(&input.files)?);
            let s = filter::stats(&cat);
            let progress = sheet
                .as_deref()
                .map(|p| carry::progress(&cat, p))
                .transpose()?;
            let mut out = std::io::stdout().lock();
            let mut written = || -> Result<()> {
                match format {
                    ReportFormat::Json => {
                        let mut v = serde_json::to_value(&s)?;
                        if let (Some(p), Some(obj)) = (&progress, v.as_object_mut()) {
                            obj.insert("reading".into(), p.to_json());
                        }
                        serde_json::to_writer_pretty(&mut out, &v)?;
                        writeln!(out)?;
                    }
                    ReportFormat::Text => {
                        write_stats(&mut out, &s)?;
                        if let Some(p) = &progress {
                            carry::write_progress(&mut out, p)?;
                        }
                    }
                }
                Ok(out.flush()?)
            };
            written().map_err(|e| output::write_failed(output::STDOUT, e))?;
            Ok(0)
        }
        Command::Export(args) => export(*args),
        Command::Enrich {
            input,
            enrich,
            output,
            format,
            deny_warnings,
            filter,
        } => {
            if enrich.sources.is_empty() && !enrich.fetch {
                bail!(
                    "give at least one source with --with SOURCE (.bib, CSL-JSON or arXiv .jsonl), or --fetch"
                );
            }
            let cat = filter.to_filter().apply(load(&input.files)?);
            let (cat, report) = enrich.apply(cat)?;
            let code = report_to_stderr(&cat.diagnostics, deny_warnings);
            if let Some(report) = report {
                match format {
                    ReportFormat::Text => eprint!("{report}"),
                    ReportFormat::Json => eprintln!("{}", serde_json::to_string_pretty(&report)?),
                }
            }
            let mut buf = Vec::new();
            papercat_core::json::write(
                &cat,
                &mut buf,
                &papercat_core::json::Options { pretty: true },
            )?;
            match output.as_deref() {
                Some(p) if p.as_os_str() != "-" => output::write_atomic(p, &buf)?,
                _ => std::io::stdout()
                    .lock()
                    .write_all(&buf)
                    .map_err(|e| output::write_failed(output::STDOUT, e.into()))?,
            }
            Ok(code)
        }
    }
}
