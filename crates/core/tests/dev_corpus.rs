//! Reading quality on the development corpus (`../shared/corpus/dev/`, eight real paper lists
//! in other shapes), scored against hand-made annotations in `tests/dev/NAME.tsv` (see
//! `papercat_testkit::score`). Fails below the targets of issue #14: precision and recall at
//! least 95% on every file, and at least 97% of the arXiv ids written in a file carried by
//! some paper. Skipped (with a message) where `../shared` is absent; required in CI.

use papercat_testkit::score;

const PRECISION: f64 = 0.95;
const RECALL: f64 = 0.95;
const ARXIV: f64 = 0.97;

#[test]
fn dev_corpus_meets_the_reading_targets() {
    let Some(shared) = papercat_testkit::shared_dir() else {
        assert!(
            !papercat_testkit::tools_required(),
            "../shared is required in CI (PAPERCAT_REQUIRE_TOOLS=1) but is missing"
        );
        eprintln!("SKIPPED dev corpus scoring: ../shared/corpus/dev is not beside the checkout");
        return;
    };
    let ann_dir = papercat_testkit::workspace_root().join("crates/core/tests/dev");
    let mut names: Vec<String> = std::fs::read_dir(&ann_dir)
        .expect("annotations folder")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".tsv"))
                .map(String::from)
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 8, "one annotation per dev file: {names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let src_path = shared.join("corpus/dev").join(format!("{name}.md"));
        let src = std::fs::read_to_string(&src_path).expect("dev file");
        let rows =
            score::read_annotation(&ann_dir.join(format!("{name}.tsv"))).expect("annotation");
        let c =
            papercat_core::parse(&[papercat_core::Input::from_bytes(name, src.as_bytes(), None)]);
        let s = score::score(&c, &rows);
        let (ids, covered) = score::arxiv_coverage(&src, &c);
        let cov = if ids == 0 {
            1.0
        } else {
            covered as f64 / ids as f64
        };
        eprintln!(
            "{name:50} gold {:4} found {:4} precision {:5.1}% recall {:5.1}% titles {}/{} arXiv ids {covered}/{ids}",
            s.gold,
            s.found,
            100.0 * s.precision(),
            100.0 * s.recall(),
            s.titles_right,
            s.true_pos,
        );
        if s.precision() < PRECISION {
            failures.push(format!(
                "{name}: precision {:.3}; not papers: {:?}",
                s.precision(),
                &s.false_pos[..s.false_pos.len().min(10)]
            ));
        }
        if s.recall() < RECALL {
            failures.push(format!(
                "{name}: recall {:.3}; missed: {:?}",
                s.recall(),
                &s.missed[..s.missed.len().min(10)]
            ));
        }
        if cov < ARXIV {
            failures.push(format!("{name}: arXiv coverage {covered}/{ids}"));
        }
        // A list that holds no papers gives none.
        if s.gold == 0 {
            assert_eq!(
                s.found - s.maybe,
                0,
                "{name} holds no papers but papercat found {:?}",
                s.false_pos
            );
        }
    }
    assert!(
        failures.is_empty(),
        "below the reading targets:\n{}",
        failures.join("\n")
    );
}
