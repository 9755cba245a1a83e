//! What the writers' unit tests share: running a writer on a few papers, and the paper most
//! of them start from.

use papercat_core::{Author, Catalogue, Diagnostic, Paper, Work};

use crate::Error;

/// The text and warnings `write` (a writer with its options) gives for a catalogue of
/// `papers`.
pub(crate) fn written(
    papers: Vec<Paper>,
    write: impl FnOnce(&Catalogue, &mut Vec<u8>) -> Result<Vec<Diagnostic>, Error>,
) -> (String, Vec<Diagnostic>) {
    let cat = Catalogue {
        papers,
        ..Default::default()
    };
    let mut buf = Vec::new();
    let diags = write(&cat, &mut buf).unwrap();
    (String::from_utf8(buf).unwrap(), diags)
}

/// An arXiv preprint with one author and a code link (LLaVA).
pub(crate) fn llava() -> Paper {
    Paper {
        key: "liu2023visual".into(),
        heading: "LLaVA：经典的多模态大模型".into(),
        code: vec!["https://github.com/haotian-liu/LLaVA".into()],
        work: Work {
            title: Some("Visual Instruction Tuning".into()),
            arxiv: Some("2304.08485".into()),
            year: Some(2023),
            month: Some(4),
            authors: vec![Author::person("Haotian", "Liu")],
            ..Default::default()
        },
        ..Default::default()
    }
}
