//! Re-exporting an edited and re-ordered catalogue: the same GUIDs, and Anki updates the notes
//! in place without touching review history (issue #7).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use papercat_anki::{apkg, Options};
use papercat_core::Catalogue;
use serde_json::Value;

mod common;

/// Two sections, five papers: four with a method (one with bold phrases for a cloze), one
/// with only a motivation.
const FIRST: &str = "# 论文研读

## 多模态篇

- [LLaVA：视觉指令微调](notes/llava.md)
  - 论文名称：Visual Instruction Tuning
  - 论文地址：https://arxiv.org/abs/2304.08485
  - 会议：NeurIPS 2023
  - 作者：Haotian Liu, Chunyuan Li, Qingyang Wu, Yong Jae Lee
  - 动机：让大语言模型接收图像输入。
  - 论文方法：CLIP 视觉编码器 + **线性映射层** + Vicuna。

- CLIP
  - 论文名称：Learning Transferable Visual Models From Natural Language Supervision
  - 论文地址：https://arxiv.org/abs/2103.00020
  - 会议：ICML 2021
  - 论文方法：4 亿图文对上的对比学习。

## PEFT 篇

- [LoRA：低秩适配](notes/lora.md)
  - 论文名称：LoRA: Low-Rank Adaptation of Large Language Models
  - 论文地址：https://arxiv.org/abs/2106.09685
  - 会议：ICLR 2022
  - 动机：全量微调大模型的显存和存储成本太高。
  - 论文方法：冻结原权重，在旁路上训练低秩矩阵 **A** 和 **B**。

- QLoRA：量化微调
  - 论文名称：QLoRA: Efficient Finetuning of Quantized LLMs
  - 论文地址：https://arxiv.org/abs/2305.14314
  - 会议：NeurIPS 2023
  - 论文方法：**4-bit NormalFloat** 量化与分页优化器。

- Prompt Tuning
  - 论文名称：The Power of Scale for Parameter-Efficient Prompt Tuning
  - 论文地址：https://aclanthology.org/2021.emnlp-main.243/
  - 会议：EMNLP 2021
  - 动机：为每个任务保存一份完整模型太贵。
";

/// The sections swapped, the papers of each in reverse order, CLIP moved to the other
/// section (so the papers are listed in exactly the reverse order), LoRA's method rewritten.
const SECOND: &str = "# 论文研读

## PEFT 篇

- Prompt Tuning
  - 论文名称：The Power of Scale for Parameter-Efficient Prompt Tuning
  - 论文地址：https://aclanthology.org/2021.emnlp-main.243/
  - 会议：EMNLP 2021
  - 动机：为每个任务保存一份完整模型太贵。

- QLoRA：量化微调
  - 论文名称：QLoRA: Efficient Finetuning of Quantized LLMs
  - 论文地址：https://arxiv.org/abs/2305.14314
  - 会议：NeurIPS 2023
  - 论文方法：**4-bit NormalFloat** 量化与分页优化器。

- [LoRA：低秩适配](notes/lora.md)
  - 论文名称：LoRA: Low-Rank Adaptation of Large Language Models
  - 论文地址：https://arxiv.org/abs/2106.09685
  - 会议：ICLR 2022
  - 动机：全量微调大模型的显存和存储成本太高。
  - 论文方法：改写后的方法：只训练 **低秩增量** ΔW = BA，推理时合并回原权重。

- CLIP
  - 论文名称：Learning Transferable Visual Models From Natural Language Supervision
  - 论文地址：https://arxiv.org/abs/2103.00020
  - 会议：ICML 2021
  - 论文方法：4 亿图文对上的对比学习。

## 多模态篇

- [LLaVA：视觉指令微调](notes/llava.md)
  - 论文名称：Visual Instruction Tuning
  - 论文地址：https://arxiv.org/abs/2304.08485
  - 会议：NeurIPS 2023
  - 作者：Haotian Liu, Chunyuan Li, Qingyang Wu, Yong Jae Lee
  - 动机：让大语言模型接收图像输入。
  - 论文方法：CLIP 视觉编码器 + **线性映射层** + Vicuna。
";

const EDITED_METHOD: &str =
    "<p>改写后的方法：只训练 <strong>低秩增量</strong> ΔW = BA，推理时合并回原权重。</p>";

fn opts(timestamp: i64) -> Options {
    Options {
        cloze: true,
        timestamp,
        ..Options::default()
    }
}

fn package(cat: &Catalogue, opts: &Options) -> Vec<u8> {
    let mut out = Vec::new();
    apkg::write(cat, &mut out, opts).unwrap();
    out
}

/// One note of a package as rusqlite reads it.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    notetype: String,
    guid: String,
    fields: Vec<String>,
    /// The deck of the note's first card.
    deck: String,
}

/// Every note of a package, keyed by (note type name, paper key).
fn notes(bytes: &[u8]) -> BTreeMap<(String, String), Row> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut db = Vec::new();
    zip.by_name("collection.anki2")
        .unwrap()
        .read_to_end(&mut db)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collection.anki2");
    std::fs::write(&path, db).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let models: String = conn
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .unwrap();
    let models: Value = serde_json::from_str(&models).unwrap();
    let decks: String = conn
        .query_row("SELECT decks FROM col", [], |r| r.get(0))
        .unwrap();
    let decks: Value = serde_json::from_str(&decks).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT mid, guid, flds, \
             (SELECT did FROM cards WHERE nid = notes.id ORDER BY ord LIMIT 1) FROM notes",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })
    .unwrap()
    .map(|row| {
        let (mid, guid, flds, did) = row.unwrap();
        let deck = decks[did.to_string()]["name"].as_str().unwrap().to_string();
        let notetype = models[mid.to_string()]["name"]
            .as_str()
            .unwrap()
            .to_string();
        let fields: Vec<String> = flds.split('\x1f').map(String::from).collect();
        (
            (notetype.clone(), fields[0].clone()),
            Row {
                notetype,
                guid,
                fields,
                deck,
            },
        )
    })
    .collect()
}

/// The key of the paper whose heading starts with `heading`.
fn key_of(cat: &Catalogue, heading: &str) -> String {
    let paper = cat.papers.iter().find(|p| p.heading.starts_with(heading));
    paper.unwrap().key.clone()
}

#[test]
fn reordering_and_editing_the_catalogue_changes_no_guid() {
    let first = papercat_core::parse_str(FIRST);
    let second = papercat_core::parse_str(SECOND);
    let keys = |c: &Catalogue| c.papers.iter().map(|p| p.key.clone()).collect::<Vec<_>>();
    assert_eq!(first.papers.len(), 5, "{:?}", keys(&first));
    let mut reversed = keys(&second);
    reversed.reverse();
    assert_eq!(
        keys(&first),
        reversed,
        "the second catalogue lists the papers in reverse"
    );

    let before = notes(&package(&first, &opts(1_700_000_000)));
    let after = notes(&package(&second, &opts(1_700_003_600)));
    // 5 paper notes (every paper has a card) and 3 cloze notes (LLaVA, LoRA, QLoRA).
    let count = |rows: &BTreeMap<(String, String), Row>, nt: &str| {
        rows.keys().filter(|(n, _)| n == nt).count()
    };
    assert_eq!(count(&before, "papercat paper v2"), 5);
    assert_eq!(count(&before, "papercat method cloze v2"), 3);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    for (key, row) in &before {
        assert_eq!(row.guid, after[key].guid, "{key:?}");
    }
    let lora = key_of(&first, "LoRA");
    let method = |rows: &BTreeMap<(String, String), Row>| {
        rows[&("papercat paper v2".to_string(), lora.clone())].fields[11].clone()
    };
    assert_eq!(method(&after), EDITED_METHOD);
    assert_ne!(method(&before), method(&after));
    let clip = key_of(&first, "CLIP");
    let section = |rows: &BTreeMap<(String, String), Row>| {
        rows[&("papercat paper v2".to_string(), clip.clone())].fields[5].clone()
    };
    assert_eq!(
        (section(&before), section(&after)),
        ("多模态篇".into(), "PEFT 篇".into())
    );
    let deck = |rows: &BTreeMap<(String, String), Row>| {
        rows[&("papercat paper v2".to_string(), clip.clone())]
            .deck
            .clone()
    };
    assert_eq!(
        (deck(&before), deck(&after)),
        ("论文研读::多模态篇".into(), "论文研读::PEFT 篇".into())
    );
    // Only the edited paper's method and its cloze, the moved paper's section and the source
    // lines differ.
    for (key, row) in &before {
        for (i, (a, b)) in row.fields.iter().zip(&after[key].fields).enumerate() {
            let source = (key.0 == "papercat paper v2" && (i == 14 || key.1 == clip && i == 5))
                || (key.0 == "papercat method cloze v2" && i == 4);
            let edited = key.1 == lora
                && (key.0 == "papercat paper v2" && i == 11
                    || key.0 == "papercat method cloze v2" && i == 1);
            if !source && !edited {
                assert_eq!(a, b, "{key:?} field {i}");
            }
        }
    }
}

#[test]
fn anki_keeps_review_history_when_the_edited_catalogue_is_imported_again() {
    let Some(python) = papercat_testkit::python(
        "anki",
        "anki_keeps_review_history_when_the_edited_catalogue_is_imported_again",
    ) else {
        return;
    };
    eprintln!("running the anki Python library: import, study, re-import");
    let dir = tempfile::tempdir().unwrap();
    let first_cat = papercat_core::parse_str(FIRST);
    let second_cat = papercat_core::parse_str(SECOND);
    let first_bytes = package(&first_cat, &opts(1_700_000_000));
    let second_bytes = package(&second_cat, &opts(1_700_003_600));
    let first = dir.path().join("first.apkg");
    let second = dir.path().join("second.apkg");
    std::fs::write(&first, &first_bytes).unwrap();
    std::fs::write(&second, &second_bytes).unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let report = common::run_python(&python, "anki_reimport.py", &[work, first, second]);

    let ours = notes(&first_bytes);
    let written = notes(&second_bytes);
    let guid = |heading: &str| {
        ours[&("papercat paper v2".to_string(), key_of(&first_cat, heading))]
            .guid
            .clone()
    };
    let (lora, clip) = (guid("LoRA"), guid("CLIP"));

    // First import: 8 notes; cards: LLaVA 4, CLIP 2 (method, acronym), LoRA 4, QLoRA 2,
    // Prompt Tuning 2 (motivation, which paper; `Prompt` is no short name) and one cloze card
    // per bold phrase: LLaVA 1, LoRA 2, QLoRA 1.
    assert_eq!(report["first_log"]["new"], 8, "{}", report["first_log"]);
    let first = &report["first"];
    assert_eq!(first["note_count"], 8);
    assert_eq!(first["card_count"], 18);

    // Studying gave the cards history: 12 answers, each to a different new card (learning
    // steps are not due yet); Easy makes a review card with an interval of days, the other
    // ratings learning cards.
    let study = &report["study"];
    assert_eq!(study["new_count"], 18, "{study}");
    let answered = study["answered"].as_array().unwrap();
    assert_eq!(answered.len(), 12, "{study}");
    let before = &report["before"];
    let revlog = before["revlog"].as_array().unwrap();
    assert_eq!(revlog.len(), 12);
    let before_cards = before["cards"].as_object().unwrap();
    assert_eq!(before_cards.len(), 18);
    let count = |f: &dyn Fn(&Value) -> bool| before_cards.values().filter(|c| f(c)).count();
    assert_eq!(count(&|c| c["reps"] == 1), 12);
    assert_eq!(
        count(&|c| c["type"] == 2 && c["ivl"].as_i64().unwrap() >= 1),
        3,
        "three Easy answers"
    );
    assert_eq!(count(&|c| c["type"] == 1), 9, "nine learning cards");
    assert_eq!(count(&|c| c["type"] == 0), 6, "six still new");
    assert!(
        before_cards
            .values()
            .any(|c| c["guid"] == lora.as_str() && c["reps"] == 1),
        "the edited note has reviewed cards: {study}"
    );

    // The second package (re-ordered, LoRA's method edited, a later timestamp) with Anki's
    // default "update if newer": every note updated, none added.
    let log = &report["second_log"];
    assert_eq!(log["new"], 0, "{log}");
    assert_eq!(log["updated"], 8, "{log}");
    let after = &report["after"];
    let snap = &after["snapshot"];
    assert_eq!(snap["note_count"], 8);
    assert_eq!(snap["card_count"], 18);
    assert_eq!(
        snap["notes"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        first["notes"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>()
    );
    assert_eq!(
        snap["notes"][&lora]["fields"]["Method"], EDITED_METHOD,
        "{}",
        snap["notes"][&lora]
    );
    // The moved paper's note says its new section, but Anki leaves its existing cards in
    // their deck though the package puts them in the new one (the package import never
    // moves existing cards).
    let moved = &snap["notes"][&clip];
    assert_eq!(moved["fields"]["Section"], "PEFT 篇", "{moved}");
    assert_eq!(moved["decks"], serde_json::json!(["论文研读::多模态篇"]));
    // Anki now holds exactly the fields of the second package.
    for row in written.values() {
        let fields = &snap["notes"][&row.guid]["fields"];
        let names = if row.notetype == "papercat paper v2" {
            &papercat_anki::PAPER_FIELDS[..]
        } else {
            &papercat_anki::CLOZE_FIELDS[..]
        };
        for (name, value) in names.iter().zip(&row.fields) {
            assert_eq!(fields[*name], value.as_str(), "{} {name}", row.guid);
        }
    }
    // The history is intact: the same revlog rows, every card's scheduling unchanged.
    assert_eq!(after["revlog"], before["revlog"]);
    assert_eq!(after["cards"], before["cards"]);
}
