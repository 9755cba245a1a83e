//! Diagnostics: what the parser tells a catalogue's author, like a compiler does.
//!
//! Every diagnostic has a [`Code`] from the one table below: its kebab-case name (what the text
//! and JSON outputs show), its severity and a one-line description. The diagnostics table of
//! `docs/catalogue-format.md` is [`Code::markdown_table`]; a test keeps the two in step.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Note,
    /// Probably a mistake in the catalogue; fails `check --deny-warnings`.
    #[default]
    Warning,
    /// Certainly a mistake (an identifier that cannot be right); fails `check`.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Declares [`Code`] from one row per code: `Variant = "kebab-name", Severity, "description";`.
/// The severity is the one [`Diagnostic::new`] gives; [`Code::severities`] lists the codes
/// also reported with another ([`Diagnostic::with_severity`]).
macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $description:literal;)+) => {
        /// A diagnostic's stable code, shown in kebab case (`bad-arxiv-id`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = $description]
                $variant,
            )+
        }

        impl Code {
            /// Every code, in the order of the documentation's table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The stable kebab-case name, e.g. `bad-arxiv-id`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }

            /// The severity [`Diagnostic::new`] gives.
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)+
                }
            }

            /// What it means, in one line of Markdown.
            pub const fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $description,)+
                }
            }
        }
    };
}

codes! {
    BadArxivId = "bad-arxiv-id", Error, "an arXiv link or `arXiv:` text whose id cannot be valid";
    SharedIdentifier = "shared-identifier", Warning, "two different titles share an arXiv id, DOI or ACL id";
    SharedCode = "shared-code", Warning, "two different papers share a code repository";
    RepairedUrl = "repaired-url", Warning, "a URL typo was repaired (warning) or a scheme added (note)";
    MalformedUrl = "malformed-url", Warning, "a link or code field that holds no usable URL";
    PaperWithoutLink = "paper-without-link", Warning, "a paper with no paper or PDF link";
    FieldOutsidePaper = "field-outside-paper", Warning, "a paper field under an item that is not a paper";
    NoYear = "no-year", Warning, "(`check` only) a paper with no year: bibliographies lack its date";
    PlaceholderLink = "placeholder-link", Note, "`Code: None`, `Paper: none`, `[title]()`: no link recorded";
    Explain = "explain", Note, "(`check --explain` only) why a block is or is not a paper, and which headings are sections";
    MissingNote = "missing-note", Warning, "a note link to a path that does not exist (checked when its folder exists beside the catalogue)";
    InvalidUtf8 = "invalid-utf8", Warning, "the file (a catalogue or an enrichment source) is not UTF-8; bad bytes were replaced with U+FFFD";
    DuplicateMerged = "duplicate-merged", Note, "a paper listed again was merged with its first listing";
    EmptyField = "empty-field", Note, "a field with no text";
    UnknownLabel = "unknown-label", Note, "a label papercat does not know, kept as `other`";
    IncompleteEntry = "incomplete-entry", Note, "(BibTeX) a conference paper without authors or a year, written as `@misc` with its venue in `howpublished`";
    EmptyTitle = "empty-title", Warning, "(BibTeX, BibLaTeX) a paper with neither a title nor a heading";
    MissingDate = "missing-date", Note, "(BibLaTeX) a paper with no publication date, which biblatex's data model expects";
    AnnotationTruncated = "annotation-truncated", Warning, "(BibTeX, BibLaTeX, CSL-JSON, RIS) a paper's notes were cut to the annotation limit";
    CellTruncated = "cell-truncated", Warning, "(XLSX) a text longer than an Excel cell holds was cut; the CSV keeps it whole";
    TooManyLinks = "too-many-links", Warning, "(XLSX) the sheet reached Excel's limit of hyperlinks; the later link cells are plain text";
    LinkTooLong = "link-too-long", Warning, "(XLSX) a link longer than Excel allows, written as plain text";
    AnkiNoCard = "anki-no-card", Warning, "(Anki) a paper none of the chosen card kinds asks about (warning) or with nothing to ask about (note) gets no note";
    BadSectionParent = "bad-section-parent", Warning, "(JSON-LD) a section whose parent does not come before it is written as a top-level section";
    UnknownSection = "unknown-section", Warning, "(JSON-LD) a paper under a section the catalogue does not hold is written as part of the catalogue";
    IdFallback = "id-fallback", Warning, "(JSON-LD) a paper shares an identifier with another paper, which holds the @id it names";
    BadDate = "bad-date", Warning, "(JSON-LD) a year or month that is not a date; `datePublished` is shortened or left out";
    BadUrl = "bad-url", Warning, "(JSON-LD) a paper or code link that is not an absolute http(s) URL is left out";
    EnrichBadRecord = "enrich-bad-record", Warning, "(enrich) an entry of a source that cannot be read is skipped";
    EnrichConflict = "enrich-conflict", Warning, "(enrich) a source gives a field differently (warning; the catalogue's value is kept) or its value replaced the catalogue's (note)";
    EnrichTitleMismatch = "enrich-title-mismatch", Warning, "(enrich) a source gives this paper's identifier to a different title; not filled from it";
    EnrichIdConflict = "enrich-id-conflict", Warning, "(enrich) a source has this title under another identifier; not filled from it";
    EnrichAmbiguous = "enrich-ambiguous", Note, "(enrich) several entries of a source have this title with different identifiers; none was used";
    FetchCache = "fetch-cache", Warning, "(`--fetch`) the cache folder cannot be written";
    FetchNotCached = "fetch-not-cached", Warning, "(`--offline`) an identifier not in the cache is not looked up";
    FetchNotFound = "fetch-not-found", Warning, "(`--fetch`) the service has no record of the identifier";
    FetchFailed = "fetch-failed", Warning, "(`--fetch`) the service could not be reached or answered with an error";
    FetchBadResponse = "fetch-bad-response", Warning, "(`--fetch`) the service's answer could not be read";
}

impl Code {
    /// The severities it is reported with; the first is [`Code::severity`], the default.
    pub const fn severities(self) -> &'static [Severity] {
        match self {
            // The three codes that say which of two cases they report by their severity.
            Code::RepairedUrl | Code::AnkiNoCard | Code::EnrichConflict => {
                &[Severity::Warning, Severity::Note]
            }
            _ => match self.severity() {
                Severity::Note => &[Severity::Note],
                Severity::Warning => &[Severity::Warning],
                Severity::Error => &[Severity::Error],
            },
        }
    }

    /// The code named `name` (kebab case), if there is one.
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }

    /// The diagnostics table of `docs/catalogue-format.md`: code, severity, meaning.
    pub fn markdown_table() -> String {
        let mut out = String::from("| code | severity | meaning |\n|---|---|---|\n");
        for c in Code::ALL {
            let severities: Vec<String> = c.severities().iter().map(|s| s.to_string()).collect();
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                c.as_str(),
                severities.join(" / "),
                c.description()
            ));
        }
        out
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    /// A known kebab-case name; any other string is an error (not a panic).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Code::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format_args!("unknown diagnostic code `{name}`"))
        })
    }
}

/// One finding, with its place in the input and a stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The file (as named on the command line; `-` for stdin).
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
    /// How serious it is.
    pub severity: Severity,
    /// A stable code, e.g. `bad-arxiv-id` (listed in `docs/catalogue-format.md`).
    pub code: Code,
    /// What was found.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A new diagnostic, with the code's default severity. For one about a paper, at its first
    /// listing, see `Paper::diagnostic`.
    pub fn new(code: Code, file: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            severity: code.severity(),
            code,
            message: message.into(),
            hint: None,
        }
    }

    /// The same diagnostic with another of its code's severities.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        debug_assert!(
            self.code.severities().contains(&severity),
            "`{}` is not documented as a {severity}",
            self.code
        );
        self.severity = severity;
        self
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: severity[code]: message` and, when there is one, `\n  = hint: ...`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file, self.line, self.column, self.severity, self.code, self.message
        )?;
        if let Some(h) = &self.hint {
            write!(f, "\n  = hint: {h}")?;
        }
        Ok(())
    }
}
