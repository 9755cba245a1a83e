//! The `.apkg` read back with rusqlite and imported by the real `anki` Python library.

mod common;

use std::io::{Cursor, Read};

use papercat_anki::{apkg, txt, CardKind, Options, TagSource, PAPER_FIELDS};
use papercat_core::{Catalogue, FieldKind, Severity};
use papercat_testkit::{fixture, snapshot::file_text};
use serde_json::Value;
use sha1::{Digest, Sha1};

fn package(cat: &Catalogue, opts: &Options) -> Vec<u8> {
    let mut out = Vec::new();
    apkg::write(cat, &mut out, opts).unwrap();
    out
}

/// The zip's entries, by name, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().to_string(), data)
        })
        .collect()
}

struct Collection {
    _dir: tempfile::TempDir,
    conn: rusqlite::Connection,
}

fn open(bytes: &[u8]) -> Collection {
    let entries = entries(bytes);
    let db = &entries
        .iter()
        .find(|(n, _)| n == "collection.anki2")
        .unwrap()
        .1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("collection.anki2");
    std::fs::write(&path, db).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    Collection { _dir: dir, conn }
}

#[derive(Debug, Clone, PartialEq)]
struct NoteRow {
    id: i64,
    guid: String,
    mid: i64,
    modified: i64,
    tags: String,
    flds: Vec<String>,
    sfld: String,
    csum: i64,
}

fn notes(c: &Collection) -> Vec<NoteRow> {
    let mut stmt = c
        .conn
        .prepare("SELECT id, guid, mid, mod, tags, flds, sfld, csum FROM notes ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| {
        Ok(NoteRow {
            id: r.get(0)?,
            guid: r.get(1)?,
            mid: r.get(2)?,
            modified: r.get(3)?,
            tags: r.get(4)?,
            flds: r
                .get::<_, String>(5)?
                .split('\x1f')
                .map(String::from)
                .collect(),
            sfld: r.get(6)?,
            csum: r.get(7)?,
        })
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn col_json(c: &Collection, column: &str) -> Value {
    let s: String = c
        .conn
        .query_row(&format!("SELECT {column} FROM col"), [], |r| r.get(0))
        .unwrap();
    serde_json::from_str(&s).unwrap()
}

fn field<'a>(row: &'a NoteRow, name: &str) -> &'a str {
    let i = PAPER_FIELDS.iter().position(|f| *f == name).unwrap();
    &row.flds[i]
}

/// The text outside tags.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn edit_method(cat: &mut Catalogue, key: &str, text: &str) {
    let paper = cat.papers.iter_mut().find(|p| p.key == key).unwrap();
    let f = paper
        .fields
        .iter_mut()
        .find(|f| f.kind == FieldKind::Method)
        .unwrap();
    f.text = text.to_string();
}

#[test]
fn package_layout_and_collection() {
    let bytes = package(&fixture(), &Options::default());
    let entries = entries(&bytes);
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["collection.anki2", "media"]);
    assert_eq!(entries[1].1, b"{}");

    let c = open(&bytes);
    let (ver, crt, modified): (i64, i64, i64) = c
        .conn
        .query_row("SELECT ver, crt, mod FROM col", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!((ver, crt, modified), (11, 1_700_000_000, 1_700_000_000_000));
    for table in ["revlog", "graves"] {
        let n: i64 = c
            .conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }

    let rows = notes(&c);
    // neural (empty motivation, no short name) and the notion page have nothing to ask.
    let keys: Vec<&str> = rows.iter().map(|r| r.flds[0].as_str()).collect();
    assert_eq!(keys, ["liu2023visual", "sun2023chatgpt", "hostile_2024"]);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.id, 1_700_000_000_000 + i as i64);
        assert_eq!(r.modified, 1_700_000_000);
        assert_eq!(r.flds.len(), PAPER_FIELDS.len());
        assert_eq!(r.sfld, r.flds[0]);
        let hex = format!("{:x}", Sha1::digest(r.flds[0].as_bytes()));
        assert_eq!(r.csum, i64::from_str_radix(&hex[..8], 16).unwrap());
    }
    let llava = &rows[0];
    assert_eq!(llava.tags, " 多模态 指令微调 year::2023 ");
    assert_eq!(field(llava, "Short"), "LLaVA");
    assert_eq!(field(llava, "Title"), "Visual Instruction Tuning");
    assert_eq!(field(llava, "Section"), "多模态篇<br>PEFT 系列篇");
    assert_eq!(
        field(llava, "Method"),
        "<p>LLaVA提出了一种方法，</p><ul><li>将Clip作为图像的编码器，在Clip后面加入一个\
         <strong>线性映射层</strong>;</li><li>将其和文本的编码一起送入到Language Model中。</li></ul>"
    );
    assert_eq!(
        field(llava, "Authors"),
        "Haotian Liu, Chunyuan Li, Qingyang Wu, et al."
    );
    // The results join the other notes, each under its label.
    assert_eq!(
        field(llava, "Notes"),
        "<div><b>实验效果</b><p>相对于 GPT-4 获得了 85.1% 的相对得分。</p></div><div><b>训练方式</b><ul><li>第一阶段：<strong>预训练阶段</strong></li><li>第二阶段：<strong>微调阶段</strong></li></ul></div>"
    );
    assert_eq!(
        field(llava, "Source"),
        "fixture.md:5 · Multimodal/LLaVA/readme.md"
    );
    let rankgpt = &rows[1];
    assert_eq!(rankgpt.tags, " venue::EMNLP year::2023 ");
    assert_eq!(field(rankgpt, "Venue"), "EMNLP2023");
    assert_eq!(field(rankgpt, "Motivation"), "");

    // Cards: LLaVA all four, RankGPT method + acronym, hostile method + motivation + which.
    let mut stmt = c
        .conn
        .prepare("SELECT nid, did, ord, due, type, queue FROM cards ORDER BY id")
        .unwrap();
    let cards: Vec<(i64, i64, i64, i64, i64, i64)> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let ords: Vec<(i64, i64)> = cards.iter().map(|c| (c.0 - rows[0].id, c.2)).collect();
    assert_eq!(
        ords,
        [
            (0, 0),
            (0, 1),
            (0, 2),
            (0, 3),
            (0, 4),
            (1, 0),
            (1, 3),
            (2, 0),
            (2, 1),
            (2, 2),
            (2, 4)
        ]
    );
    assert!(cards.iter().all(|c| c.4 == 0 && c.5 == 0));

    // Decks: each paper's first section under the catalogue title, with every ancestor.
    let decks = col_json(&c, "decks");
    let by_id = |id: i64| decks[id.to_string()]["name"].as_str().unwrap().to_string();
    assert_eq!(by_id(cards[0].1), "LLMs 论文研读社::多模态篇");
    assert_eq!(by_id(cards[5].1), "LLMs 论文研读社::搜索 篇::排序");
    let mut names: Vec<&str> = decks
        .as_object()
        .unwrap()
        .values()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Default",
            "LLMs 论文研读社",
            "LLMs 论文研读社::多模态篇",
            "LLMs 论文研读社::搜索 篇",
            "LLMs 论文研读社::搜索 篇::排序"
        ]
    );

    let models = col_json(&c, "models");
    let models = models.as_object().unwrap();
    assert_eq!(models.len(), 1);
    let (id, model) = models.iter().next().unwrap();
    assert_eq!(model["name"], "papercat paper v2");
    assert_eq!(model["id"].as_i64().unwrap().to_string(), *id);
    assert_eq!(rows[0].mid.to_string(), *id);
    let fields: Vec<&str> = model["flds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields, PAPER_FIELDS);
    let tmpls = model["tmpls"].as_array().unwrap();
    assert_eq!(tmpls.len(), 5);
    for t in tmpls {
        let q = t["qfmt"].as_str().unwrap();
        assert!(
            q.starts_with("{{#") && q.ends_with("{{/Method}}")
                || q.ends_with("{{/Motivation}}")
                || q.ends_with("{{/Short}}")
                || q.ends_with("{{/Notes}}"),
            "{q}"
        );
    }
    assert!(model["css"].as_str().unwrap().contains(".nightMode"));
}

#[test]
fn diagnostics_point_at_the_paper() {
    let mut out = Vec::new();
    let diags = apkg::write(&fixture(), &mut out, &Options::default()).unwrap();
    let got: Vec<(String, u32, Severity, &str)> = diags
        .iter()
        .map(|d| (d.file.clone(), d.line, d.severity, d.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("fixture.md".into(), 50, Severity::Note, "anki-no-card"),
            ("fixture.md".into(), 60, Severity::Note, "anki-no-card"),
        ]
    );
    let mut text = Vec::new();
    assert_eq!(
        txt::write(&fixture(), &mut text, &Options::default()).unwrap(),
        diags
    );
}

#[test]
fn deterministic_bytes() {
    let opts = Options::default();
    let a = package(&fixture(), &opts);
    let b = package(&fixture(), &opts);
    assert!(a == b, "same catalogue, same options: same bytes");
    let later = package(
        &fixture(),
        &Options {
            timestamp: 1_700_000_100,
            ..Options::default()
        },
    );
    assert!(a != later);
}

#[test]
fn guids_are_stable_across_text_edits() {
    let opts = Options::default();
    let before = notes(&open(&package(&fixture(), &opts)));
    let mut edited = fixture();
    edit_method(&mut edited, "liu2023visual", "全新的方法描述");
    edited.papers[0].heading = "LLaVA：改过的标题".into();
    edited.papers[0].topics.push("新 话题".into());
    let after = notes(&open(&package(&edited, &opts)));
    let guids = |rows: &[NoteRow]| rows.iter().map(|r| r.guid.clone()).collect::<Vec<_>>();
    assert_eq!(guids(&before), guids(&after));
    assert_eq!(field(&after[0], "Method"), "<p>全新的方法描述</p>");
    assert_eq!(after[0].tags, " 多模态 指令微调 新_话题 year::2023 ");
    assert_ne!(before[0].flds, after[0].flds);
    assert_eq!(before[1], after[1]);

    // Another note type (a card subset) gets other GUIDs, so the two never clash.
    let subset = notes(&open(&package(
        &fixture(),
        &Options {
            cards: vec![CardKind::Method],
            ..Options::default()
        },
    )));
    assert_eq!(subset.len(), 3);
    assert!(subset.iter().all(|r| !guids(&before).contains(&r.guid)));
}

#[test]
fn fixture_hostile_text_is_sanitised() {
    for opts in [
        Options::default(),
        Options {
            cloze: true,
            ..Options::default()
        },
    ] {
        let c = open(&package(&fixture(), &opts));
        for row in notes(&c) {
            for f in &row.flds {
                let lower = f.to_lowercase();
                for bad in ["<script", "onerror", "javascript:", "alert(1)"] {
                    assert!(!lower.contains(bad), "{bad} in {f}");
                }
                assert!(!f.contains(['\t', '\n', '\r', '\x1f']), "{f:?}");
            }
        }
        let hostile = notes(&c)
            .into_iter()
            .find(|r| r.flds[0] == "hostile_2024")
            .unwrap();
        if !opts.cloze {
            assert_eq!(
                field(&hostile, "Method"),
                "<p><img src=\"x\"> <a rel=\"noopener noreferrer\">link</a> <strong>4-bit NormalFloat</strong> and <code>code</code></p>"
            );
            assert_eq!(
                field(&hostile, "Heading"),
                "=HYPERLINK(&quot;http://evil&quot;) 100% {unbalanced _under &amp; &lt;b&gt;bold&lt;/b&gt;"
            );
            let notes = field(&hostile, "Notes");
            assert!(
                notes.ends_with("<div><b>#备注</b><p>#hashtag start&#9;with tab<br>and CRLF; +1 -1 @at ＝全角</p></div><div><p>@SUM(A1:A2) unlabelled note</p></div>"),
                "{}",
                &notes[notes.len() - 300..]
            );
        }
    }
}

#[test]
fn cloze_notes_over_bold_method_phrases() {
    let opts = Options {
        cloze: true,
        cards: vec![],
        tags_from: vec![TagSource::Year],
        deck: Some("Review :: Papers".into()),
        ..Options::default()
    };
    let c = open(&package(&fixture(), &opts));
    let rows = notes(&c);
    // Only LLaVA and the hostile paper have bold method phrases.
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].flds[0], "liu2023visual");
    assert!(
        rows[0].flds[1].contains("<strong>{{c1::线性映射层}}</strong>"),
        "{}",
        rows[0].flds[1]
    );
    assert_eq!(rows[0].tags, " year::2023 ");
    assert!(rows[1].flds[1].contains("<strong>{{c1::4-bit NormalFloat}}</strong>"));
    let models = col_json(&c, "models");
    let model = models.as_object().unwrap().values().next().unwrap().clone();
    assert_eq!(model["name"], "papercat method cloze v2");
    assert_eq!(model["type"], 1);
    let decks = col_json(&c, "decks");
    assert!(decks
        .as_object()
        .unwrap()
        .values()
        .any(|d| d["name"] == "Review::Papers::多模态篇"));
}

fn dump_notes(bytes: &[u8]) -> String {
    let c = open(bytes);
    let models = col_json(&c, "models");
    let decks = col_json(&c, "decks");
    let mut out = Vec::new();
    for row in notes(&c) {
        let model = &models[row.mid.to_string()];
        let names: Vec<&str> = model["flds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        let fields: serde_json::Map<String, Value> = names
            .iter()
            .zip(&row.flds)
            .map(|(n, v)| (n.to_string(), Value::String(v.clone())))
            .collect();
        let mut stmt = c
            .conn
            .prepare("SELECT ord, did FROM cards WHERE nid = ?1 ORDER BY ord")
            .unwrap();
        let cards: Vec<Value> = stmt
            .query_map([row.id], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
            .unwrap()
            .map(|c| {
                let (ord, did) = c.unwrap();
                serde_json::json!({
                    "template": model["tmpls"][ord as usize]["name"],
                    "deck": decks[did.to_string()]["name"],
                })
            })
            .collect();
        out.push(serde_json::json!({
            "guid": row.guid,
            "notetype": model["name"],
            "tags": row.tags,
            "fields": fields,
            "cards": cards,
        }));
    }
    let mut s = serde_json::to_string_pretty(&out).unwrap();
    s.push('\n');
    s
}

/// The fixture with its 60,000-character results field cut to 12 characters, so that the
/// snapshots stay reviewable (the long field is checked in `long_fields_are_kept_whole`).
fn golden_fixture() -> Catalogue {
    let mut cat = fixture();
    for p in &mut cat.papers {
        for f in &mut p.fields {
            if f.text.chars().count() > 10_000 {
                f.text = f.text.chars().take(12).collect();
            }
        }
    }
    cat
}

#[test]
fn long_fields_are_kept_whole() {
    let c = open(&package(&fixture(), &Options::default()));
    let hostile = notes(&c)
        .into_iter()
        .find(|r| r.flds[0] == "hostile_2024")
        .unwrap();
    let notes = field(&hostile, "Notes");
    let long = format!("<p>{}</p>", "长文本".repeat(20_000));
    assert!(notes.contains(&long), "the results are whole in Notes");
}

/// Snapshots in `tests/snapshots/`: a change fails with a line diff; accept it with `cargo
/// insta review` (or rerun with `INSTA_UPDATE=always`) and review `git diff`.
#[test]
fn golden_files() {
    let opts = Options {
        cloze: true,
        ..Options::default()
    };
    let cat = golden_fixture();
    insta::assert_snapshot!("fixture.apkg-notes.json", dump_notes(&package(&cat, &opts)));
    let mut text = Vec::new();
    txt::write(&cat, &mut text, &opts).unwrap();
    insta::assert_snapshot!("fixture.anki.txt", file_text(&text));
}

#[test]
fn anki_imports_and_updates_in_place() {
    let Some(python) = papercat_testkit::python("anki", "anki_imports_and_updates_in_place") else {
        return;
    };
    eprintln!("running the anki Python library on the packages");
    let dir = tempfile::tempdir().unwrap();
    let opts = Options {
        cloze: true,
        ..Options::default()
    };
    let write = |name: &str, cat: &Catalogue, opts: &Options| {
        let path = dir.path().join(name);
        std::fs::write(&path, package(cat, opts)).unwrap();
        path
    };
    let first = write("first.apkg", &fixture(), &opts);
    let mut edited = fixture();
    edit_method(
        &mut edited,
        "liu2023visual",
        "改过的方法：**投影层** 与 MLP",
    );
    let later = Options {
        timestamp: opts.timestamp + 3600,
        ..opts.clone()
    };
    let second = write("edited.apkg", &edited, &later);
    let mut again = edited.clone();
    edit_method(&mut again, "liu2023visual", "同一时间再改：**Q-Former**");
    let third = write("same-time.apkg", &again, &later);
    let mut by_text = again.clone();
    edit_method(&mut by_text, "liu2023visual", "从文本导入：**文本** 方法");
    let txt_path = dir.path().join("edited.txt");
    let mut text = Vec::new();
    txt::write(&by_text, &mut text, &later).unwrap();
    std::fs::write(&txt_path, text).unwrap();

    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let report = common::run_python(
        &python,
        "anki_import.py",
        &[work, first.clone(), second, third, txt_path],
    );

    let ours = notes(&open(&std::fs::read(&first).unwrap()));
    let llava_guid = ours[0].guid.clone();
    let method = |step: &str| {
        report[step]["notes"][&llava_guid]["fields"]["Method"]
            .as_str()
            .unwrap()
            .to_string()
    };

    // First import: 3 paper notes + 2 cloze notes, 11 + 2 cards, our decks and note types.
    let first = &report["first"];
    assert_eq!(report["first_log"]["new"], 5, "{}", report["first_log"]);
    assert_eq!(first["note_count"], 5);
    assert_eq!(first["card_count"], 13);
    assert_eq!(first["empty_cards"], 0, "every card we wrote has a front");
    let decks: Vec<&str> = first["decks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    for deck in [
        "LLMs 论文研读社",
        "LLMs 论文研读社::多模态篇",
        "LLMs 论文研读社::搜索 篇",
        "LLMs 论文研读社::搜索 篇::排序",
    ] {
        assert!(decks.contains(&deck), "{deck} not in {decks:?}");
    }
    let notetypes = first["notetypes"].to_string();
    assert!(notetypes.contains("\"papercat paper v2\""), "{notetypes}");
    assert!(
        notetypes.contains("\"papercat method cloze v2\""),
        "{notetypes}"
    );
    let llava = &first["notes"][&llava_guid];
    assert_eq!(llava["notetype"], "papercat paper v2");
    assert_eq!(llava["cards"], 5);
    assert_eq!(
        llava["decks"],
        serde_json::json!(["LLMs 论文研读社::多模态篇"])
    );
    assert_eq!(
        llava["tags"],
        serde_json::json!(["year::2023", "多模态", "指令微调"])
    );
    assert_eq!(llava["fields"]["Short"], "LLaVA");
    // Anki renders our templates: fronts ask, backs answer.
    let rendered = llava["rendered"].as_array().unwrap();
    let names: Vec<&str> = rendered
        .iter()
        .map(|r| r["template"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Paper → Method",
            "Paper → Motivation",
            "Motivation → Paper",
            "Acronym → Title",
            "Paper → Notes"
        ]
    );
    let q = |i: usize| rendered[i]["question"].as_str().unwrap();
    let a = |i: usize| rendered[i]["answer"].as_str().unwrap();
    assert!(q(0).contains("LLaVA：经典的多模态大模型") && q(0).contains("这篇论文的方法是什么"));
    assert!(!q(0).contains("线性映射层"));
    assert!(a(0).contains("<strong>线性映射层</strong>") && a(0).contains("相对得分"));
    assert!(q(2).contains("如何让大语言模型接收图像输入") && !q(2).contains("LLaVA："));
    assert!(a(2).contains("Visual Instruction Tuning"));
    assert!(q(3).contains(">LLaVA<") && !q(3).contains("Visual Instruction Tuning"));
    assert!(a(3).contains("Visual Instruction Tuning"));
    let cloze = first["notes"]
        .as_object()
        .unwrap()
        .values()
        .find(|n| {
            n["notetype"] == "papercat method cloze v2" && n["fields"]["Key"] == "liu2023visual"
        })
        .unwrap();
    let card = &cloze["rendered"][0];
    assert!(card["question"].as_str().unwrap().contains("[...]"));
    // Anki keeps the answer in a data-cloze attribute; the visible text hides it.
    assert!(!visible(card["question"].as_str().unwrap()).contains("线性映射层"));
    assert!(card["answer"].as_str().unwrap().contains("线性映射层"));
    // Anki computed the same sort field and checksum as we did.
    for row in &ours {
        let anki = &first["csum"][&row.guid];
        assert_eq!(anki[0], row.sfld.as_str());
        assert_eq!(anki[1], row.csum);
    }
    // Nothing hostile survived Anki's own import either.
    let all = first["notes"].to_string().to_lowercase();
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!all.contains(bad), "{bad}");
    }

    // A later package with an edited method updates in place (Anki's default "if newer"
    // counts every newer note as updated).
    assert_eq!(
        report["edited_log"]["updated"], 5,
        "{}",
        report["edited_log"]
    );
    assert_eq!(report["edited_log"]["new"], 0);
    assert_eq!(report["edited"]["note_count"], 5);
    assert_eq!(report["edited"]["card_count"], 13);
    assert_eq!(
        method("edited"),
        "<p>改过的方法：<strong>投影层</strong> 与 MLP</p>"
    );

    // Same timestamp: Anki takes an equal modification time to mean an unchanged note and
    // keeps its own, even with update_notes=ALWAYS. Hence Options::timestamp must advance.
    assert_eq!(
        report["same_time_log"]["duplicate"], 5,
        "{}",
        report["same_time_log"]
    );
    assert_eq!(report["same_time_log"]["updated"], 0);
    assert_eq!(report["same_time"]["note_count"], 5);
    assert_eq!(method("same_time"), method("edited"));

    // The text file, read with the metadata Anki takes from its headers, updates by GUID.
    let meta = &report["txt_metadata"];
    assert_eq!(meta["guid_column"], 1);
    assert_eq!(meta["notetype_column"], 2);
    assert_eq!(meta["deck_column"], 3);
    assert_eq!(meta["tags_column"], 4);
    assert_eq!(meta["is_html"], true);
    assert_eq!(meta["dupe_resolution"], 0, "update current");
    assert_eq!(report["txt_log"]["new"], 0, "{}", report["txt_log"]);
    assert_eq!(report["txt_log"]["missing_notetype"], 0);
    assert_eq!(report["txt"]["note_count"], 5);
    assert_eq!(report["txt"]["card_count"], 13);
    assert_eq!(
        method("txt"),
        "<p>从文本导入：<strong>文本</strong> 方法</p>"
    );
    let llava = &report["txt"]["notes"][&llava_guid];
    assert_eq!(
        llava["tags"],
        serde_json::json!(["year::2023", "多模态", "指令微调"])
    );
    assert_eq!(llava["fields"]["Heading"], "LLaVA：经典的多模态大模型");
    // Every field came through the text file unchanged except the edited method.
    for (guid, note) in report["same_time"]["notes"].as_object().unwrap() {
        let after = &report["txt"]["notes"][guid];
        for (name, value) in note["fields"].as_object().unwrap() {
            if note["fields"]["Key"] == "liu2023visual" && (name == "Method" || name == "Text") {
                assert_ne!(
                    &after["fields"][name], value,
                    "{guid} {name} was not updated"
                );
                continue;
            }
            assert_eq!(&after["fields"][name], value, "{guid} {name}");
        }
        assert_eq!(after["decks"], note["decks"], "{guid}");
    }
}

#[test]
fn nothing_selected_gives_an_empty_valid_package() {
    let opts = Options {
        cards: vec![],
        ..Options::default()
    };
    let mut out = Vec::new();
    let diags = apkg::write(&fixture(), &mut out, &opts).unwrap();
    assert_eq!(diags.len(), fixture().papers.len());
    assert!(diags.iter().all(|d| d.code == "anki-no-card"));
    let c = open(&out);
    assert!(notes(&c).is_empty());
    assert_eq!(col_json(&c, "models"), serde_json::json!({}));
    assert_eq!(
        col_json(&c, "decks")
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["1"]
    );
    let empty = Catalogue::default();
    let c = open(&package(&empty, &Options::default()));
    assert!(notes(&c).is_empty());
}
