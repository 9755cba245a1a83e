//! papercat-jsonld: the catalogue as one schema.org JSON-LD graph.
//!
//! ```
//! use papercat_core::{Catalogue, Paper, Work};
//!
//! let catalogue = Catalogue {
//!     title: Some("Reading list".into()),
//!     papers: vec![Paper {
//!         key: "liu2023visual".into(),
//!         heading: "LLaVA：经典的多模态大模型".into(),
//!         work: Work {
//!             title: Some("Visual Instruction Tuning".into()),
//!             arxiv: Some("2304.08485".into()),
//!             ..Default::default()
//!         },
//!         ..Default::default()
//!     }],
//!     ..Default::default()
//! };
//! let mut out = Vec::new();
//! let warnings = papercat_jsonld::write(&catalogue, &mut out, &papercat_jsonld::Options::default())?;
//! assert!(warnings.is_empty());
//!
//! let doc: serde_json::Value = serde_json::from_slice(&out)?;
//! let paper = &doc["@graph"][1];
//! assert_eq!(paper["@id"], "https://arxiv.org/abs/2304.08485");
//! assert_eq!(paper["name"], "Visual Instruction Tuning");
//! assert_eq!(paper["alternateName"]["@language"], "zh");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The document
//!
//! The compact form (the default) is one object:
//!
//! - `@context`: `["https://schema.org/", {project terms}]`. schema.org's context maps its
//!   terms to `http://schema.org/…` (plain `http`, as its `@vocab` says). The project terms are
//!   the ones schema.org lacks, under [`NAMESPACE`]: `motivation`, `method`, `results`
//!   (the notes `动机`, `论文方法`, `实验结果`), `note` (any other labelled or unlabelled child, a
//!   `PropertyValue` whose `name` is the label), and `seeAlso` (`rdfs:seeAlso`, for project pages
//!   and other links).
//! - `@graph`, in this order:
//!   - a `Dataset` for the catalogue, `@id` = [`Options::base_iri`], `name` its title (else
//!     `Paper reading list`), `description` a sentence of 50 to 5,000 characters (how many
//!     papers, which top-level sections), `hasPart` the top-level sections (and papers listed
//!     outside any section). A `Dataset` rather than an `ItemList` or a bare `Collection`:
//!     the catalogue is structured data about papers (identifiers, authors, notes), and
//!     `Dataset` is the type dataset search engines index; its required properties (Google's
//!     Dataset rich result: `name`, `description`) are always there;
//!   - a `Collection` per section that lists a paper (itself or below it; a section with no
//!     paper would be an empty collection and is left out), `@id` = base + `section/` + its
//!     title path (each title
//!     percent-encoded as one segment, readable Chinese kept), with `name`, `position` (1-based
//!     among the siblings written), `isPartOf` its parent, `hasPart` its subsections then its
//!     papers;
//!   - a `ScholarlyArticle` per paper (below);
//!   - a `SoftwareSourceCode` per distinct code repository, `@id` and `codeRepository` its URL,
//!     `isBasedOn` the papers that give it: schema.org's "a resource from which this work is
//!     derived", which is what an implementation is to its paper. The paper does not link back:
//!     schema.org has no property from a work to its implementation, and `subjectOf` (a work
//!     *about* the paper) would be false.
//!
//! A paper's `@id` is the first of its arXiv abs URL, `https://doi.org/` URL and ACL
//! Anthology URL that no earlier node holds; else base + `paper/` + its key, which is why the
//! writer refuses a catalogue whose keys are unusable or shared ([`Error::Key`]; the parser's
//! never are). Two papers that share an arXiv id (a copy-paste slip in the catalogue) thus
//! stay two nodes: the later one gets its key IRI and a `id-fallback` warning, and keeps the
//! `identifier`. Its properties:
//! `name` (the English title, else the heading), `alternateName` (the heading), `inLanguage`
//! `en` when the English title is known, `author` (`Person` with `name`, `givenName`,
//! `familyName`; undivided names are a `Person` with a `name`, or an `Organization` when they
//! look like one), `sourceOrganization` (one `Organization` per institution), `datePublished`
//! (`YYYY` or `YYYY-MM`), `identifier` (`PropertyValue`: `propertyID` `arXiv`, `DOI` or
//! `ACL Anthology`, `value`, `url`), `url` (the primary link), `sameAs` (other landing pages),
//! `encoding` (PDFs, as `MediaObject`), `seeAlso`, `isPartOf` (its sections), `publication`
//! (the venue as a `PublicationEvent`: `name`, `alternateName` as written, `startDate` the
//! year), `keywords` (topics), `abstract` (the summary as plain text), `description` (the
//! other notes as plain text, each `label：text`, for consumers that read only schema.org) and
//! the notes again as Markdown source in the project terms.
//!
//! Text written by the catalogue's author (headings, section titles, topics, notes) is tagged
//! `"@language": "zh"` when it holds a Han character, and is a plain string otherwise. The
//! project terms hold Markdown source text; `abstract` and `description` hold it as plain
//! text (emphasis, code and link syntax removed, list items as `• `). Links that are not absolute `http(s)` URLs are left out, with a
//! `bad-url` warning.
//!
//! With [`Options::expanded`] the same graph is written in JSON-LD expanded form, as a
//! JSON-LD processor's `expand` would give it for the compact document, without fetching the
//! context: full IRIs, `@type` arrays, every value an array of `{"@value": …}` / `{"@id": …}`.
//!
//! Keys come in a fixed order and the output is pretty-printed with two spaces: the same
//! catalogue always gives the same bytes. The document is streamed node by node: only the
//! `@id`s and links of the graph are settled beforehand, never the whole graph or text.

mod graph;
mod iri;
mod json;
mod vocab;

use papercat_core::{Catalogue, Diagnostic, KeyError};

/// The namespace of the project terms (`motivation`, `method`, `results`, `note`).
///
/// `.invalid` is a reserved top-level domain (RFC 6761): the IRIs can never name anything
/// else, and nobody can mistake them for a published vocabulary.
pub const NAMESPACE: &str = "https://papercat.invalid/ns#";

/// The default [`Options::base_iri`].
pub const DEFAULT_BASE_IRI: &str = "https://papercat.invalid/catalogue/";

/// How to write the JSON-LD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The IRI of the catalogue node; sections get `<base>section/<path>`, papers without an
    /// arXiv, DOI or ACL Anthology id `<base>paper/<key>`. Must be absolute; a `/` is appended
    /// when it ends in neither `/` nor `#`. Default [`DEFAULT_BASE_IRI`], under the reserved
    /// `.invalid` domain so that the IRIs never clash with real ones: set it to where the
    /// catalogue is published (e.g. `https://you.github.io/papers/`) to get resolvable IRIs.
    pub base_iri: String,
    /// Write the expanded form instead of the compact one. Default `false`.
    pub expanded: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            base_iri: DEFAULT_BASE_IRI.to_string(),
            expanded: false,
        }
    }
}

/// Why the JSON-LD could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// [`Options::base_iri`] is not an absolute IRI.
    #[error("invalid base IRI `{iri}`: {reason}")]
    BaseIri {
        /// The base IRI given.
        iri: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Writing to the output failed.
    #[error("cannot write the JSON-LD")]
    Io(#[from] std::io::Error),
    /// A key is empty, unusable or shared by two papers ([`Catalogue::validate`]): a paper
    /// without an arXiv, DOI or ACL Anthology id is identified by its key, so two papers
    /// cannot share one.
    #[error(transparent)]
    Key(#[from] KeyError),
}

/// Writes `catalogue` as one JSON-LD document (see the [crate docs](crate) for its shape).
///
/// Returns the warnings found while writing (codes `id-fallback`, `bad-url`, `bad-date`,
/// `unknown-section`, `bad-section-parent`), each pointing at the paper's first occurrence or
/// the section's heading.
///
/// # Errors
///
/// [`Error::Key`] when a key is unusable or shared ([`Catalogue::validate`]; nothing is
/// written); [`Error::BaseIri`] when [`Options::base_iri`] is not an absolute IRI (nothing is
/// written); [`Error::Io`] when writing to `out` fails.
pub fn write<W: std::io::Write>(
    catalogue: &Catalogue,
    mut out: W,
    opts: &Options,
) -> Result<Vec<Diagnostic>, Error> {
    catalogue.validate()?;
    let base = iri::check_base(&opts.base_iri).map_err(|reason| Error::BaseIri {
        iri: opts.base_iri.clone(),
        reason,
    })?;
    let mut diagnostics = Vec::new();
    let plan = graph::plan(catalogue, &base, &mut diagnostics);
    let mut printer = json::Printer::new(opts.expanded);
    plan.write(&mut diagnostics, &mut printer, &mut out)?;
    printer.finish(&mut out)?;
    out.flush()?;
    Ok(diagnostics)
}
