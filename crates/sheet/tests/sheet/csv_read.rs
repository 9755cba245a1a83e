//! CSV read back with `csv::Reader`: every cell, the fixture's hostile text, and proptest.

use papercat_core::{Catalogue, Field, FieldKind, Occurrence, Paper, Work};
use papercat_sheet::csv::{neutralise, Options, ARXIV_PREFIX, BOM};
use papercat_sheet::Column;
use proptest::prelude::*;

use crate::{csv_bytes, csv_records, split_any};

fn header() -> Vec<String> {
    Column::ALL.iter().map(|c| c.name().to_string()).collect()
}

#[test]
fn fixture_round_trips_every_cell() {
    let cat = papercat_testkit::fixture();
    let safe = csv_bytes(&cat, &Options::default());
    assert!(safe.starts_with(BOM));
    let raw = csv_bytes(
        &cat,
        &Options {
            raw_cells: true,
            ..Options::default()
        },
    );
    let safe = csv_records(&safe, b',');
    let raw = csv_records(&raw, b',');
    assert_eq!(safe.len(), 1 + cat.papers.len());
    assert_eq!(safe[0], header());
    assert_eq!(raw[0], header());
    let col = |name: &str| Column::ALL.iter().position(|c| c.name() == name).unwrap();
    for (row, (s_row, r_row)) in safe.iter().zip(&raw).enumerate() {
        assert_eq!(s_row.len(), Column::ALL.len());
        for (c, (s, r)) in s_row.iter().zip(r_row).enumerate() {
            if row > 0 && c == col("arxiv") && !r.is_empty() {
                assert_eq!(s, &format!("{ARXIV_PREFIX}{r}"));
            } else {
                assert_eq!(s, &neutralise(r));
            }
        }
    }

    let llava = &raw[1];
    assert_eq!(llava[col("key")], "liu2023visual");
    assert_eq!(llava[col("status")], "");
    assert_eq!(llava[col("sections")], "多模态篇; PEFT 系列篇");
    assert_eq!(llava[col("heading")], "LLaVA：经典的多模态大模型");
    assert_eq!(llava[col("year")], "2023");
    assert_eq!(
        llava[col("authors")],
        "Haotian Liu; Chunyuan Li; Qingyang Wu; et al."
    );
    assert_eq!(llava[col("institutions")], "微软研究院; 哥伦比亚大学");
    assert_eq!(llava[col("code")], "https://github.com/haotian-liu/LLaVA");
    assert_eq!(
        llava[col("method")],
        "LLaVA提出了一种方法，\n• 将Clip作为图像的编码器，在Clip后面加入一个线性映射层;\n• 将其和文本的编码一起送入到Language Model中。"
    );
    assert_eq!(
        llava[col("other")],
        "训练方式: • 第一阶段：预训练阶段\n• 第二阶段：微调阶段\nnote link: Multimodal/LLaVA/readme.md"
    );
    assert_eq!(llava[col("line")], "5; 22");
    assert_eq!(raw[2][col("sections")], "搜索 篇 > 排序");
    assert_eq!(raw[2][col("venue")], "EMNLP2023");
    assert_eq!(raw[2][col("authors")], "Weiwei Sun; 任昭春");
    assert_eq!(raw[3][col("doi")], "10.1145/3486622.3493957");

    let hostile = &raw[5];
    let safe_hostile = &safe[5];
    assert_eq!(
        hostile[col("heading")],
        "=HYPERLINK(\"http://evil\") 100% {unbalanced _under & <b>bold</b>"
    );
    assert_eq!(
        safe_hostile[col("heading")],
        "'=HYPERLINK(\"http://evil\") 100% {unbalanced _under & <b>bold</b>"
    );
    assert_eq!(
        safe_hostile[col("motivation")],
        "'=HYPERLINK(\"http://evil\",\"click\")"
    );
    assert_eq!(
        hostile[col("results")],
        "长文本".repeat(20_000),
        "csv never cuts"
    );
    assert_eq!(
        hostile[col("other")],
        "#备注: #hashtag start\twith tab\r\nand CRLF; +1 -1 @at ＝全角\n@SUM(A1:A2) unlabelled note\n\
         pdf: https://arxiv.org/pdf/2305.14314v2.pdf"
    );
    assert_eq!(
        hostile[col("authors")],
        "Tim Dettmers; Pagnoni; Google DeepMind"
    );
    assert_eq!(hostile[col("arxiv")], "2305.14314");
    assert_eq!(safe_hostile[col("arxiv")], "arXiv:2305.14314");
}

/// Issue #15: LibreOffice opens a CSV splitting on `,`, `;` and tab at once (its default): every
/// row of the fixture and the samples, written with each delimiter, still has the cells
/// `csv::Reader` reads with the one delimiter the file uses.
#[test]
fn reading_with_all_three_delimiters_gives_the_same_cells() {
    let mut catalogues = vec![("fixture".to_string(), papercat_testkit::fixture())];
    for path in papercat_testkit::sample_paths() {
        let name = path.display().to_string();
        catalogues.push((name, papercat_testkit::parse_files(&[path])));
    }
    for (name, cat) in &catalogues {
        for delimiter in [b',', b';', b'\t'] {
            for raw_cells in [false, true] {
                let opts = Options {
                    delimiter,
                    raw_cells,
                    ..Options::default()
                };
                let bytes = csv_bytes(cat, &opts);
                let want = csv_records(&bytes, delimiter);
                assert_eq!(want.len(), cat.papers.len() + 1, "{name}");
                assert_eq!(split_any(&bytes), want, "{name}, delimiter {delimiter}");
            }
        }
    }
}

#[test]
fn same_catalogue_same_bytes() {
    let cat = papercat_testkit::fixture();
    assert_eq!(
        csv_bytes(&cat, &Options::default()),
        csv_bytes(&cat, &Options::default())
    );
}

fn catalogue_of(texts: &[String]) -> Catalogue {
    Catalogue {
        papers: vec![Paper {
            key: "k".into(),
            heading: texts[0].clone(),
            topics: vec![texts[2].clone()],
            occurrences: vec![Occurrence {
                file: "a.md".into(),
                line: 1,
                section: vec![texts[3].clone()],
            }],
            fields: vec![Field {
                label: String::new(),
                kind: FieldKind::Method,
                text: texts[4].clone(),
                line: 2,
            }],
            work: Work {
                title: Some(texts[1].clone()),
                ..Default::default()
            },
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        // Strings built from the characters that matter to CSV and to spreadsheets.
        proptest::collection::vec(
            prop::sample::select(vec![
                ",", ";", "\t", "\"", "'", "\r", "\n", "\r\n", "=", "+", "-", "@", "＝", "＋",
                "－", "＠", " ", "a", "中", "\u{feff}", "#",
            ]),
            0..12
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_round_trips(
        texts in proptest::collection::vec(any_text(), 5),
        delimiter in prop::sample::select(vec![b',', b';', b'\t']),
        bom in any::<bool>(),
        raw_cells in any::<bool>(),
    ) {
        let cat = catalogue_of(&texts);
        let opts = Options {
            columns: vec![Column::Heading, Column::Title, Column::Topics, Column::Sections, Column::Method],
            bom,
            delimiter,
            raw_cells,
            keep_removed: false,
        };
        let bytes = csv_bytes(&cat, &opts);
        prop_assert_eq!(bytes.starts_with(BOM), bom);
        let records = csv_records(&bytes, delimiter);
        prop_assert_eq!(&split_any(&bytes), &records);
        prop_assert_eq!(records.len(), 2);
        prop_assert_eq!(&records[0], &vec!["heading", "title", "topics", "sections", "method"]);
        for (i, (got, original)) in records[1].iter().zip(&texts).enumerate() {
            // The method is a note: its Markdown is rendered as plain text.
            let original = if i == 4 { papercat_sheet::plain_text(original) } else { original.clone() };
            let dangerous = ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"]
                .iter()
                .any(|p| original.starts_with(p));
            let want = if dangerous && !raw_cells {
                format!("'{original}")
            } else {
                original
            };
            prop_assert_eq!(got, &want);
        }
    }
}
