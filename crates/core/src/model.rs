//! The typed catalogue model every format is written from.
//!
//! A [`Catalogue`] is what [`crate::parse`] builds from one or more Markdown files: the section
//! tree, the papers (one per distinct paper, however often it is listed) and the diagnostics.
//! Every type here is plain data with public fields, `serde`-serialisable, and `Default` so that
//! tests and format crates can build values with `..Default::default()`.

use serde::{Deserialize, Serialize};

use crate::diag::{Code, Diagnostic};

/// A whole catalogue: one or more Markdown files merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalogue {
    /// The title: the first level-1 heading of the first file, if any.
    pub title: Option<String>,
    /// Every section heading, in document order (a flat arena; see [`Section::parent`]).
    pub sections: Vec<Section>,
    /// The papers, in order of first occurrence.
    pub papers: Vec<Paper>,
    /// Everything the parser found worth telling the author, in input order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Catalogue {
    /// Checks that every paper's citation key can be written in every format and that no two
    /// papers share one, reporting the first offending key in paper order.
    ///
    /// [`crate::parse`] always gives keys that pass (ASCII `[a-z0-9_-]`, unique); a catalogue
    /// built by hand or read back from JSON may not, so a writer that depends on the keys calls
    /// this once before writing instead of checking them itself.
    pub fn validate(&self) -> Result<(), KeyError> {
        let mut seen = std::collections::HashSet::with_capacity(self.papers.len());
        for p in &self.papers {
            if !is_usable_key(&p.key) {
                return Err(KeyError::Invalid(p.key.clone()));
            }
            if !seen.insert(p.key.as_str()) {
                return Err(KeyError::Duplicate(p.key.clone()));
            }
        }
        Ok(())
    }
}

/// True when `key` can be a citation key in every format: non-empty printable ASCII without
/// the characters that end a key or start markup in a `.bib` file
/// (`, { } ( ) " # % ' = ~ \`).
pub fn is_usable_key(key: &str) -> bool {
    !key.is_empty()
        && key.chars().all(|c| {
            c.is_ascii_graphic()
                && !matches!(
                    c,
                    ',' | '{' | '}' | '(' | ')' | '"' | '#' | '%' | '\'' | '=' | '~' | '\\'
                )
        })
}

/// Why [`Catalogue::validate`] refused a catalogue's keys.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// A key is empty or holds a character that [`is_usable_key`] refuses.
    #[error("citation key `{0}` cannot be written: keys must be non-empty ASCII without spaces, commas, braces, quotes, `#`, `%`, `=`, `~` or backslashes")]
    Invalid(String),
    /// Two papers share this key.
    #[error("citation key `{0}` is used by two papers")]
    Duplicate(String),
}

/// One heading of the catalogue that is not a paper.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The heading text, markup removed.
    pub title: String,
    /// The heading level, 1 to 6.
    pub level: u8,
    /// The titles from the outermost section down to this one (the catalogue title excluded).
    pub path: Vec<String>,
    /// Index into [`Catalogue::sections`] of the enclosing section.
    pub parent: Option<usize>,
    /// The file the heading is in.
    pub file: String,
    /// 1-based line of the heading.
    pub line: u32,
}

/// One paper. Listed several times, it is still one `Paper` with several occurrences.
///
/// Its bibliographic record (title, authors, date, venue, identifiers) is a [`Work`], the one
/// record shape that enrichment sources are read into too; the rest is what the catalogue says
/// about the paper (its heading, listings, links, notes). In JSON the work's fields stand
/// beside the paper's own (`#[serde(flatten)]`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Paper {
    /// Deterministic citation key, ASCII `[a-z0-9_-]`, unique in the catalogue.
    pub key: String,
    /// The list item's own text with markup removed (often a Chinese summary title).
    pub heading: String,
    /// The relative link of the heading (`[text](path/to/note.md)`), if any.
    pub note_link: Option<String>,
    /// Where the paper is listed: one entry per occurrence, in input order.
    pub occurrences: Vec<Occurrence>,
    /// The bibliographic record: title, authors, date, venue and identifiers.
    #[serde(flatten)]
    pub work: Work,
    /// The arXiv version the catalogue linked to (`v2` gives `Some(2)`), kept apart from the id.
    pub arxiv_version: Option<u32>,
    /// The primary link: the paper link the catalogue gives first, normalised.
    pub url: Option<String>,
    /// Every link written for the paper, normalised and classified, in input order.
    pub links: Vec<Link>,
    /// Canonical code repository URLs (`https://github.com/owner/repo`), deduplicated.
    pub code: Vec<String>,
    /// Institutions (affiliations), never authors.
    pub institutions: Vec<String>,
    /// Topics (`相关领域`), split on `、`, `,`, `;`.
    pub topics: Vec<String>,
    /// Every labelled (and unlabelled) child of the item, in order. Nothing is dropped.
    pub fields: Vec<Field>,
    /// Which fields were filled from outside the catalogue, and from where.
    pub provenance: Vec<Provenance>,
}

/// A bibliographic record: what identifies a paper and what a citation of it says.
///
/// The one record shape of papercat: a [`Paper`] holds one (read from the catalogue, then
/// completed by enrichment), and every enrichment source (a `.bib` entry, a CSL-JSON item, an
/// arXiv record, an online answer) is read into one, so filling and comparing go field by
/// field between two values of the same type. The bibliography writers derive their entries
/// from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Work {
    /// The English title, when known (the catalogue's, or a source's with TeX converted to
    /// Unicode and white space collapsed).
    pub title: Option<String>,
    /// Authors in order.
    pub authors: Vec<Author>,
    /// The author list ends with "et al." / "and others".
    pub et_al: bool,
    /// Publication year, from the venue, a date field or the arXiv id.
    pub year: Option<i32>,
    /// Publication month 1-12, from a date field or the arXiv id.
    pub month: Option<u8>,
    /// The venue as written plus its normalised parts.
    pub venue: Option<Venue>,
    /// arXiv identifier without version (`2304.08485`, `hep-th/9901001`).
    pub arxiv: Option<String>,
    /// Primary arXiv category (`cs.CL`), when known (usually from enrichment).
    pub arxiv_category: Option<String>,
    /// DOI, lower-cased prefix and original suffix (`10.1145/3486622.3493957`).
    pub doi: Option<String>,
    /// ACL Anthology id (`2023.findings-acl.61`).
    pub acl: Option<String>,
}

/// Where one listing of a paper stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The file.
    pub file: String,
    /// 1-based line of the list item (or heading) that starts the entry.
    pub line: u32,
    /// The section path the entry stands under (outermost first; may be empty).
    pub section: Vec<String>,
}

/// A link, normalised and classified.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The normalised URL.
    pub url: String,
    /// What the link points at.
    pub kind: LinkKind,
    /// The label it was written under (`论文地址`, `Code`, `pdf`...), or empty.
    pub label: String,
}

/// What a link points at.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// A landing page of the paper (arXiv abs, ACL Anthology page, DOI, publisher page).
    Paper,
    /// A PDF of the paper.
    Pdf,
    /// A code repository.
    Code,
    /// A project page, demo or homepage.
    Project,
    /// A dataset or model page (Hugging Face, Kaggle).
    Dataset,
    /// A blog post, article, video, slides or social post about the paper.
    Media,
    /// A person's profile page (Google Scholar, ORCID, DBLP).
    Profile,
    /// A note page: a relative link or a Markdown page inside a repository.
    Note,
    /// A badge image (shields.io): never the paper's link.
    Badge,
    /// Anything else.
    #[default]
    Other,
}

impl LinkKind {
    /// The name used in the JSON model and in messages (`paper`, `pdf`, `code`...).
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::Paper => "paper",
            LinkKind::Pdf => "pdf",
            LinkKind::Code => "code",
            LinkKind::Project => "project",
            LinkKind::Dataset => "dataset",
            LinkKind::Media => "media",
            LinkKind::Profile => "profile",
            LinkKind::Note => "note",
            LinkKind::Badge => "badge",
            LinkKind::Other => "other",
        }
    }
}

/// A venue: as written plus normalised name and year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    /// Exactly as written (trimmed), e.g. `NeurIPS 2023 (Oral)`.
    pub raw: String,
    /// Normalised short name, e.g. `NeurIPS`, `EMNLP`, `Findings of ACL`.
    pub name: Option<String>,
    /// The year, when the venue gives one.
    pub year: Option<i32>,
    /// A qualifier such as `Oral`, `Spotlight`, `Findings`, when written.
    pub note: Option<String>,
}

/// One author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Author {
    /// A name split into given and family parts.
    Person {
        /// Given name(s), possibly empty.
        given: String,
        /// Family name.
        family: String,
    },
    /// A name that must not be split (CJK names, organisations).
    Literal {
        /// The name as written.
        literal: String,
    },
}

impl Author {
    /// A name split into `given` and `family` parts.
    pub fn person(given: impl Into<String>, family: impl Into<String>) -> Self {
        Author::Person {
            given: given.into(),
            family: family.into(),
        }
    }

    /// A name kept whole (a CJK name, an organisation).
    pub fn literal(name: impl Into<String>) -> Self {
        Author::Literal {
            literal: name.into(),
        }
    }

    /// The family name, or the literal name.
    pub fn family(&self) -> &str {
        match self {
            Author::Person { family, .. } => family,
            Author::Literal { literal } => literal,
        }
    }

    /// The name for display, `Given Family` or the literal.
    pub fn display(&self) -> String {
        match self {
            Author::Person { given, family } if given.is_empty() => family.clone(),
            Author::Person { given, family } => format!("{given} {family}"),
            Author::Literal { literal } => literal.clone(),
        }
    }
}

/// One labelled child of a paper entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field {
    /// The label exactly as written (`论文名称`, `Github 地址`), empty for an unlabelled child.
    pub label: String,
    /// What the label means.
    pub kind: FieldKind,
    /// The text after the label, as Markdown: nested lists kept as indented `- ` lines.
    pub text: String,
    /// 1-based line where the field starts.
    pub line: u32,
}

/// The normalised meaning of a field label.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FieldKind {
    /// English title (`论文名称`, or an unlabelled English title line).
    Title,
    /// Paper link (`论文地址`, `Paper`).
    Link,
    /// Code repository (`Github 地址`, `代码`, `Code`).
    Code,
    /// Venue (`会议`).
    Venue,
    /// Institutions (`机构`).
    Institution,
    /// Authors (`作者`).
    Authors,
    /// Publication date (`发表时间`).
    Date,
    /// Topics (`相关领域`).
    Topics,
    /// Motivation (`动机`).
    Motivation,
    /// Method (`论文方法`).
    Method,
    /// Results (`实验结果`).
    Results,
    /// Summary or abstract (`简介`, `Comments`).
    Summary,
    /// An unlabelled child: a note that continues the entry.
    Note,
    /// Any other label, kept with its raw label.
    #[default]
    Other,
}

impl FieldKind {
    /// The stable lowercase name used in JSON and documentation.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Title => "title",
            FieldKind::Link => "link",
            FieldKind::Code => "code",
            FieldKind::Venue => "venue",
            FieldKind::Institution => "institution",
            FieldKind::Authors => "authors",
            FieldKind::Date => "date",
            FieldKind::Topics => "topics",
            FieldKind::Motivation => "motivation",
            FieldKind::Method => "method",
            FieldKind::Results => "results",
            FieldKind::Summary => "summary",
            FieldKind::Note => "note",
            FieldKind::Other => "other",
        }
    }
}

/// Records that a value came from outside the catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The model field that was filled (`authors`, `year`, `title`...).
    pub field: String,
    /// The source (a file name).
    pub source: String,
    /// How the paper was matched (`arxiv`, `doi`, `acl`, `title`).
    pub matched_by: String,
}

impl Paper {
    /// A diagnostic about this paper, at its first listing (file and line of its first
    /// occurrence, column 1), with the code's default severity.
    pub fn diagnostic(&self, code: Code, message: impl Into<String>) -> Diagnostic {
        let (file, line) = self
            .occurrences
            .first()
            .map_or(("", 0), |o| (o.file.as_str(), o.line));
        Diagnostic::new(code, file, line, 1, message)
    }

    /// The text of every field of `kind`, joined by blank lines; empty when there is none.
    pub fn text_of(&self, kind: FieldKind) -> String {
        let mut out = String::new();
        self.push_text_of(kind, &mut out);
        out
    }

    /// Appends the text of every field of `kind` to `out`, each after a blank line unless
    /// `out` is still empty (so on an empty `out` it gives [`Paper::text_of`]).
    pub fn push_text_of(&self, kind: FieldKind, out: &mut String) {
        for f in self
            .fields
            .iter()
            .filter(|f| f.kind == kind && !f.text.is_empty())
        {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&f.text);
        }
    }

    /// Motivation text (all `motivation` fields).
    pub fn motivation(&self) -> String {
        self.text_of(FieldKind::Motivation)
    }

    /// Method text (all `method` fields).
    pub fn method(&self) -> String {
        self.text_of(FieldKind::Method)
    }

    /// Results text (all `results` fields).
    pub fn results(&self) -> String {
        self.text_of(FieldKind::Results)
    }

    /// Summary text (all `summary` fields).
    pub fn summary(&self) -> String {
        self.text_of(FieldKind::Summary)
    }

    /// The section paths of every occurrence, deduplicated, in order.
    pub fn sections(&self) -> Vec<&[String]> {
        let mut out: Vec<&[String]> = Vec::new();
        for o in &self.occurrences {
            if !out.contains(&o.section.as_slice()) {
                out.push(&o.section);
            }
        }
        out
    }

    /// 1-based line of the first occurrence (0 when the paper has none).
    pub fn line(&self) -> u32 {
        self.occurrences.first().map_or(0, |o| o.line)
    }

    /// The English title if known, else the heading.
    pub fn display_title(&self) -> &str {
        self.work.title.as_deref().unwrap_or(&self.heading)
    }

    /// The first PDF link, if any.
    pub fn pdf_url(&self) -> Option<&str> {
        self.links
            .iter()
            .find(|l| l.kind == LinkKind::Pdf)
            .map(|l| l.url.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_keys(keys: &[&str]) -> Catalogue {
        Catalogue {
            papers: keys
                .iter()
                .map(|k| Paper {
                    key: (*k).to_string(),
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn validate_reports_the_first_bad_key() {
        assert_eq!(with_keys(&["a", "b:c", "A-1"]).validate(), Ok(()));
        assert_eq!(
            with_keys(&["a", "a b", "a"]).validate(),
            Err(KeyError::Invalid("a b".into()))
        );
        assert_eq!(
            with_keys(&["a", "b", "a", ""]).validate(),
            Err(KeyError::Duplicate("a".into()))
        );
        assert_eq!(
            with_keys(&["x{"]).validate(),
            Err(KeyError::Invalid("x{".into()))
        );
    }

    #[test]
    fn parsed_catalogues_validate() {
        let text = "# T\n\n- A\n  - 论文名称：Visual Instruction Tuning\n  - 论文地址：https://arxiv.org/abs/2304.08485\n\
                    - B\n  - 论文名称：Visual Instruction Tuning Again\n  - 论文地址：https://arxiv.org/abs/2310.03744\n\
                    - C\n  - 论文名称：Visual Instruction Tuning\n  - 论文地址：https://arxiv.org/abs/2305.00001\n";
        let cat = crate::parse_str(text);
        assert_eq!(cat.papers.len(), 3);
        assert_eq!(cat.validate(), Ok(()));
    }
}
