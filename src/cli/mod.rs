//! Command definitions (clap derive) and their implementations.

mod carry;
mod output;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use papercat_core::filter::{self, Filter, Has};
use papercat_core::{Catalogue, Diagnostic, Input, Severity};

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
pub struct Cli {
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

impl EnrichArgs {
    /// Enrich the catalogue from the given sources, then (with --fetch) from the online
    /// services for what is still missing; returns it and the report, if any.
    fn apply(&self, cat: Catalogue) -> Result<(Catalogue, Option<papercat_enrich::Report>)> {
        let opts = papercat_enrich::Options {
            prefer_source: self.prefer_source,
        };
        let (mut cat, mut report) = if self.sources.is_empty() {
            (cat, None)
        } else {
            let needs = papercat_enrich::Needs::of(&cat);
            let sources = self
                .sources
                .iter()
                .map(|p| papercat_enrich::Source::open(p, self.source_kind, &needs))
                .collect::<Result<Vec<_>, _>>()?;
            let (cat, report) = papercat_enrich::enrich(cat, &sources, &opts);
            (cat, Some(report))
        };
        if self.fetch {
            // Ctrl-C while fetching: cache entries are renamed into place whole, and no
            // output has been staged yet; exit 130 at once.
            output::remove_staged_on_interrupt();
            let fetched = papercat_fetch::fetch(&cat, &self.fetch_options());
            eprint!("{}", fetched.summary);
            let (mut online, r) = papercat_enrich::enrich(cat, &fetched.sources, &opts);
            online.diagnostics.extend(fetched.diagnostics);
            report = Some(match report {
                None => r,
                Some(mut first) => {
                    first.sources.extend(r.sources);
                    first.without_authors = r.without_authors;
                    first.without_year = r.without_year;
                    first
                }
            });
            cat = online;
        }
        Ok((cat, report))
    }

    /// The fetching options: the flags, the PAPERCAT_* endpoints and cache folder, and three
    /// knobs for tests and mirrors (milliseconds): PAPERCAT_ARXIV_SPACING_MS (default 3000),
    /// PAPERCAT_FETCH_TIMEOUT_MS (30000) and PAPERCAT_FETCH_BACKOFF_MS (3000).
    fn fetch_options(&self) -> papercat_fetch::Options {
        use std::io::IsTerminal;
        let ms = |k: &str| {
            std::env::var(k)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(std::time::Duration::from_millis)
        };
        let d = papercat_fetch::Options::default();
        papercat_fetch::Options {
            endpoints: papercat_fetch::Endpoints::from_env(),
            mode: if self.offline {
                papercat_fetch::Mode::Offline
            } else if self.refresh {
                papercat_fetch::Mode::Refresh
            } else {
                papercat_fetch::Mode::Cached
            },
            mailto: self
                .mailto
                .clone()
                .or_else(|| std::env::var("PAPERCAT_MAILTO").ok())
                .filter(|m| !m.trim().is_empty()),
            arxiv_spacing: ms("PAPERCAT_ARXIV_SPACING_MS").unwrap_or(d.arxiv_spacing),
            timeout: ms("PAPERCAT_FETCH_TIMEOUT_MS").unwrap_or(d.timeout),
            backoff: ms("PAPERCAT_FETCH_BACKOFF_MS").unwrap_or(d.backoff),
            progress: std::io::stderr().is_terminal(),
            ..d
        }
    }
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
pub enum Format {
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
    pub const ALL: &'static [Format] = &[
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
    pub fn is_binary(self) -> bool {
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
    pub fn extension(self) -> &'static str {
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
pub fn run(cli: Cli) -> Result<u8> {
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
            )?;
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
            out.flush()?;
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
                _ => std::io::stdout().lock().write_all(&buf)?,
            }
            Ok(code)
        }
    }
}

fn write_stats(out: &mut impl Write, s: &filter::Stats) -> std::io::Result<()> {
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
fn sort_diagnostics(diags: &mut [Diagnostic], files: &[PathBuf]) {
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let order = |name: &str| names.iter().position(|f| f == name).unwrap_or(usize::MAX);
    diags.sort_by_key(|d| (order(&d.file), d.line, d.column));
}

/// 1 when there are errors (or warnings under `deny_warnings`), else 0.
fn exit_code(diags: &[Diagnostic], deny_warnings: bool) -> u8 {
    let bad = diags.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    u8::from(bad)
}

/// Print errors and warnings on stderr; returns the exit code they imply.
fn report_to_stderr(diags: &[Diagnostic], deny_warnings: bool) -> u8 {
    let mut err = std::io::stderr().lock();
    for d in diags.iter().filter(|d| d.severity > Severity::Note) {
        let _ = writeln!(err, "{d}");
    }
    exit_code(diags, deny_warnings)
}

/// Read and parse every input file (`-` = stdin) into one catalogue.
fn load(files: &[PathBuf]) -> Result<Catalogue> {
    Ok(papercat_core::parse(&read_inputs(files)?))
}

/// Read the input files (`-` is standard input).
fn read_inputs(files: &[PathBuf]) -> Result<Vec<Input>> {
    let mut inputs = Vec::new();
    for f in files {
        if f.as_os_str() == "-" {
            let mut buf = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut buf)
                .context("cannot read standard input")?;
            inputs.push(Input::from_vec("-", buf, None));
            continue;
        }
        if f.is_dir() {
            bail!(
                "{} is a folder; give the catalogue's Markdown file (e.g. {}/README.md)",
                f.display(),
                f.display()
            );
        }
        let bytes = std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?;
        let dir = f
            .parent()
            .map(|p| {
                if p.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    p
                }
            })
            .map(Path::to_path_buf);
        inputs.push(Input::from_vec(&f.display().to_string(), bytes, dir));
    }
    Ok(inputs)
}

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
        Format::Csv => {
            let written = papercat_sheet::csv::write_carrying(
                cat,
                previous,
                &mut *buf,
                &papercat_sheet::csv::Options {
                    columns,
                    bom: !args.sheet.no_bom,
                    delimiter: args.sheet.delimiter,
                    raw_cells: args.sheet.raw_cells,
                    keep_removed: args.sheet.keep_removed,
                },
            )?;
            carried = written.carried;
            written.warnings
        }
        Format::Xlsx => {
            let written = papercat_sheet::xlsx::write_carrying(
                cat,
                previous,
                &mut *buf,
                &papercat_sheet::xlsx::Options {
                    columns,
                    ..Default::default()
                },
            )?;
            carried = written.carried;
            written.warnings
        }
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

fn export(args: ExportArgs) -> Result<u8> {
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
            for ((f, target), size) in Format::ALL.iter().zip(&targets).zip(sizes) {
                let (bytes, (warnings, report)) =
                    size.with_context(|| format!("cannot write {}", format_name(*f)))?;
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
            for (f, result) in Format::ALL.iter().zip(staged) {
                let (pending, (warnings, report)) =
                    result.with_context(|| format!("cannot write {}", format_name(*f)))?;
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
                let rendered = render(format, &cat, &args, None, &mut out)?;
                out.flush()?;
                rendered
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
