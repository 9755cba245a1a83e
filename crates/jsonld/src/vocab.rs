//! The terms and classes the writer uses, with the meaning the JSON-LD contexts give them.
//!
//! schema.org's context (`https://schema.org/`, version 29.3 checked in the tests) maps every
//! term to `http://schema.org/<term>` (its `@vocab` is `http://schema.org/`, plain `http`) and
//! coerces some properties: `url`, `sameAs`, `isPartOf`, `isBasedOn`, `codeRepository` and
//! `contentUrl` take IRIs as plain strings (`"@type": "@id"`); `datePublished` and `startDate`
//! type plain strings as `schema:Date`. The table below mirrors those definitions so that the
//! writer can print both the compact form (terms) and the expanded form (full IRIs, explicit
//! value objects) from one graph. A unit test compares the table with the context file.
//!
//! Terms schema.org lacks live in the project context, an inline object after the schema.org
//! URL in `@context`, under [`crate::NAMESPACE`].

/// How the active context coerces a plain string value of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coerce {
    /// No coercion: a string is a plain literal.
    None,
    /// `"@type": "@id"`: a string is an IRI.
    Id,
    /// `"@type": "Date"`: a string is a `schema:Date` literal.
    Date,
}

/// One property term.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Term {
    /// The compact name.
    pub name: &'static str,
    /// The full IRI it expands to.
    pub iri: &'static str,
    /// The coercion the context defines.
    pub coerce: Coerce,
    /// Printed as an array in the compact form even with one value (a list by nature).
    pub many: bool,
    /// Defined by the project context rather than schema.org's.
    pub project: bool,
}

/// The namespace of schema.org's context (`@vocab`), as the 29.3 context file has it.
#[cfg(test)]
pub(crate) const SCHEMA: &str = "http://schema.org/";

/// The URL of schema.org's context, the first entry of `@context`.
pub(crate) const SCHEMA_CONTEXT: &str = "https://schema.org/";

macro_rules! schema_terms {
    ($($konst:ident = $name:literal, $coerce:ident, $many:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "` (`http://schema.org/", $name, "`).")]
            pub(crate) const $konst: Term = Term {
                name: $name,
                iri: concat!("http://schema.org/", $name),
                coerce: Coerce::$coerce,
                many: $many,
                project: false,
            };
        )*
    };
}

macro_rules! project_terms {
    ($($konst:ident = $name:literal, $iri:expr, $coerce:ident, $many:literal;)*) => {
        $(
            #[doc = concat!("`", $name, "`, a project term.")]
            pub(crate) const $konst: Term = Term {
                name: $name,
                iri: $iri,
                coerce: Coerce::$coerce,
                many: $many,
                project: true,
            };
        )*
    };
}

schema_terms! {
    NAME = "name", None, false;
    ALTERNATE_NAME = "alternateName", None, false;
    HAS_PART = "hasPart", None, true;
    IS_PART_OF = "isPartOf", Id, true;
    POSITION = "position", None, false;
    AUTHOR = "author", None, true;
    GIVEN_NAME = "givenName", None, false;
    FAMILY_NAME = "familyName", None, false;
    SOURCE_ORGANIZATION = "sourceOrganization", None, true;
    DATE_PUBLISHED = "datePublished", Date, false;
    IDENTIFIER = "identifier", None, true;
    PROPERTY_ID = "propertyID", None, false;
    VALUE = "value", None, false;
    SAME_AS = "sameAs", Id, true;
    URL = "url", Id, false;
    PUBLICATION = "publication", None, false;
    KEYWORDS = "keywords", None, true;
    IN_LANGUAGE = "inLanguage", None, false;
    CODE_REPOSITORY = "codeRepository", Id, false;
    IS_BASED_ON = "isBasedOn", Id, true;
    ENCODING = "encoding", None, true;
    CONTENT_URL = "contentUrl", Id, false;
    ENCODING_FORMAT = "encodingFormat", None, false;
    ABSTRACT = "abstract", None, false;
    DESCRIPTION = "description", None, false;
    START_DATE = "startDate", Date, false;
}

project_terms! {
    MOTIVATION = "motivation", "https://papercat.invalid/ns#motivation", None, false;
    METHOD = "method", "https://papercat.invalid/ns#method", None, false;
    RESULTS = "results", "https://papercat.invalid/ns#results", None, false;
    NOTE = "note", "https://papercat.invalid/ns#note", None, true;
    SEE_ALSO = "seeAlso", "http://www.w3.org/2000/01/rdf-schema#seeAlso", Id, true;
}

/// Every property term, schema.org's first, in the order the project context lists its own.
pub(crate) const TERMS: &[&Term] = &[
    &NAME,
    &ALTERNATE_NAME,
    &HAS_PART,
    &IS_PART_OF,
    &POSITION,
    &AUTHOR,
    &GIVEN_NAME,
    &FAMILY_NAME,
    &SOURCE_ORGANIZATION,
    &DATE_PUBLISHED,
    &IDENTIFIER,
    &PROPERTY_ID,
    &VALUE,
    &SAME_AS,
    &URL,
    &PUBLICATION,
    &KEYWORDS,
    &IN_LANGUAGE,
    &CODE_REPOSITORY,
    &IS_BASED_ON,
    &ENCODING,
    &CONTENT_URL,
    &ENCODING_FORMAT,
    &ABSTRACT,
    &DESCRIPTION,
    &START_DATE,
    &MOTIVATION,
    &METHOD,
    &RESULTS,
    &NOTE,
    &SEE_ALSO,
];

/// A class (a value of `@type`), all from schema.org.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Dataset,
    Collection,
    ScholarlyArticle,
    Person,
    Organization,
    PropertyValue,
    PublicationEvent,
    SoftwareSourceCode,
    MediaObject,
}

impl Class {
    /// Every class, for the context test.
    #[cfg(test)]
    pub(crate) const ALL: &'static [Class] = &[
        Class::Dataset,
        Class::Collection,
        Class::ScholarlyArticle,
        Class::Person,
        Class::Organization,
        Class::PropertyValue,
        Class::PublicationEvent,
        Class::SoftwareSourceCode,
        Class::MediaObject,
    ];

    /// The term (compact form).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Class::Dataset => "Dataset",
            Class::Collection => "Collection",
            Class::ScholarlyArticle => "ScholarlyArticle",
            Class::Person => "Person",
            Class::Organization => "Organization",
            Class::PropertyValue => "PropertyValue",
            Class::PublicationEvent => "PublicationEvent",
            Class::SoftwareSourceCode => "SoftwareSourceCode",
            Class::MediaObject => "MediaObject",
        }
    }

    /// The full IRI (expanded form).
    pub(crate) fn iri(self) -> &'static str {
        match self {
            Class::Dataset => "http://schema.org/Dataset",
            Class::Collection => "http://schema.org/Collection",
            Class::ScholarlyArticle => "http://schema.org/ScholarlyArticle",
            Class::Person => "http://schema.org/Person",
            Class::Organization => "http://schema.org/Organization",
            Class::PropertyValue => "http://schema.org/PropertyValue",
            Class::PublicationEvent => "http://schema.org/PublicationEvent",
            Class::SoftwareSourceCode => "http://schema.org/SoftwareSourceCode",
            Class::MediaObject => "http://schema.org/MediaObject",
        }
    }
}

/// The full IRI of `schema:Date`, the datatype of [`Coerce::Date`] literals.
pub(crate) const DATE_TYPE: &str = "http://schema.org/Date";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The schema.org context file, or `None` (SKIPPED) when the shared folder is absent.
    fn context() -> Option<serde_json::Map<String, Value>> {
        let path = papercat_testkit::shared_dir()
            .map(|d| d.join("schemas/schemaorg-context-29.3.jsonld"))
            .filter(|p| p.is_file());
        let Some(path) = path else {
            assert!(
                !papercat_testkit::tools_required(),
                "the schema.org context ../shared/schemas/schemaorg-context-29.3.jsonld is required"
            );
            eprintln!(
                "SKIPPED vocab::tests: ../shared/schemas/schemaorg-context-29.3.jsonld not found"
            );
            return None;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        Some(doc["@context"].as_object().unwrap().clone())
    }

    #[test]
    fn schema_terms_match_the_context_file() {
        let Some(ctx) = context() else { return };
        assert_eq!(ctx["@vocab"], SCHEMA);
        assert_eq!(ctx["schema"], SCHEMA);
        for term in TERMS.iter().filter(|t| !t.project) {
            let def = ctx
                .get(term.name)
                .unwrap_or_else(|| panic!("{} is not in the context", term.name));
            let id = def["@id"].as_str().unwrap();
            assert_eq!(
                id.replace("schema:", SCHEMA),
                term.iri,
                "{} maps elsewhere",
                term.name
            );
            let coerce = match def.get("@type").and_then(Value::as_str) {
                None => Coerce::None,
                Some("@id") => Coerce::Id,
                Some("Date") => Coerce::Date,
                Some(other) => panic!("{}: unexpected coercion {other}", term.name),
            };
            assert_eq!(coerce, term.coerce, "{} coercion differs", term.name);
            assert!(
                def.get("@container").is_none(),
                "{} has a container",
                term.name
            );
        }
        assert_eq!(ctx["Date"]["@id"], "schema:Date");
        for class in Class::ALL {
            assert_eq!(
                ctx[class.name()]["@id"].as_str(),
                Some(format!("schema:{}", class.name()).as_str())
            );
        }
    }

    #[test]
    fn project_terms_do_not_shadow_schema_org() {
        let Some(ctx) = context() else { return };
        for term in TERMS.iter().filter(|t| t.project) {
            assert!(
                !ctx.contains_key(term.name),
                "{} is a schema.org term",
                term.name
            );
        }
    }

    #[test]
    fn class_iris_are_in_the_schema_namespace() {
        for class in Class::ALL {
            assert_eq!(class.iri(), format!("{SCHEMA}{}", class.name()));
        }
    }

    #[test]
    fn term_names_are_unique() {
        for (i, a) in TERMS.iter().enumerate() {
            for b in &TERMS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.iri, b.iri);
            }
        }
    }
}
