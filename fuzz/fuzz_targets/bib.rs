//! Arbitrary bytes -> `arbitrary_catalogue` (a hostile model, with the parser's guarantees on keys
//! and sections) -> BibTeX, BibLaTeX and CSL-JSON (`papercat-bib`). Each writer must return `Ok`,
//! never panic, write the same bytes twice and keep the promises
//! `papercat_testkit::writer_checks::check_output` lists, read back by an independent reader.
#![no_main]

use libfuzzer_sys::fuzz_target;
use papercat_testkit::arbitrary::arbitrary_catalogue;
use papercat_testkit::writer_checks::{check, Writer};

fuzz_target!(|data: &[u8]| {
    let cat = arbitrary_catalogue(data);
    for w in [Writer::Bibtex, Writer::Biblatex, Writer::CslJson] {
        if let Err(e) = check(w, &cat) {
            panic!("{e}");
        }
    }
});
