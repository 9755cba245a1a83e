//! Unit tests of the note plan: names, contexts, tags, decks and ids.

use papercat_core::Work;
use sha1::{Digest, Sha1};

use super::fields::{deck_component, same_tag, short_name, tag, venue_year};
use super::ids::{checksum, guid};
use super::*;

#[test]
fn short_names() {
    assert_eq!(short_name("LLaVA：经典的多模态大模型"), Some("LLaVA"));
    assert_eq!(short_name("RankGPT：ChatGPT擅长搜索吗？"), Some("RankGPT"));
    assert_eq!(short_name("LLaVA-1.5（多模态）"), Some("LLaVA-1.5"));
    assert_eq!(short_name("Gemini：一族模型"), Some("Gemini"));
    assert_eq!(short_name("Prompt"), None);
    assert_eq!(short_name("LLMs 研究 —— 自我解释"), None);
    assert_eq!(short_name("Transformer <span>经典</span>"), None);
    assert_eq!(short_name("Self-RAG"), Some("Self-RAG"));
    assert_eq!(short_name("QLoRA: 4-bit"), Some("QLoRA"));
    assert_eq!(short_name("Visual Instruction Tuning"), None);
    assert_eq!(short_name("面向信息检索的神经文本生成"), None);
    assert_eq!(short_name("=HYPERLINK(\"x\")"), None);
    assert_eq!(short_name("word2vec：词向量"), None);
    assert_eq!(short_name("A：x"), None);
}

fn paper(key: &str, heading: &str, title: &str, venue: &str, year: i32) -> Paper {
    Paper {
        key: key.into(),
        heading: heading.into(),
        work: Work {
            title: Some(title.into()),
            venue: (!venue.is_empty()).then(|| papercat_core::Venue {
                raw: venue.into(),
                ..Default::default()
            }),
            year: Some(year),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn venue_year_says_the_year_once() {
    assert_eq!(
        venue_year(&paper("a", "h", "t", "NeurIPS 2017", 2017)),
        "NeurIPS 2017"
    );
    assert_eq!(
        venue_year(&paper("a", "h", "t", "NeurIPS", 2017)),
        "NeurIPS 2017"
    );
    assert_eq!(venue_year(&paper("a", "h", "t", "", 2017)), "2017");
}

#[test]
fn contexts_tell_shared_fronts_apart() {
    let cat = Catalogue {
        papers: vec![
            paper(
                "liu2023visual",
                "LLaVA：多模态",
                "Visual Instruction Tuning",
                "NeurIPS 2023",
                2023,
            ),
            paper(
                "liu2024improved",
                "LLaVA：改进版",
                "Improved Baselines",
                "CVPR 2024",
                2024,
            ),
            paper("x2023a", "Same", "Same Title", "", 2023),
            paper("x2023b", "Same", "Same Title", "", 2023),
            paper("other", "Other：x", "Other Title", "", 2023),
        ],
        ..Default::default()
    };
    let c = contexts(&cat);
    // The two `LLaVA` acronym cards: venue and year suffice.
    assert_eq!(c[&0], "NeurIPS 2023");
    assert_eq!(c[&1], "CVPR 2024");
    // Same heading, title and year, no author or id: only the key tells them apart.
    assert_eq!(c[&2], "2023 · x2023a");
    assert_eq!(c[&3], "2023 · x2023b");
    assert!(!c.contains_key(&4));
}

#[test]
fn tags_and_decks() {
    assert_eq!(tag(" 指令 微调\u{3000}x\"y"), "指令_微调_xy");
    for (name, component) in [
        ("  搜索   篇 :: 排序 ", "搜索 篇 : 排序"),
        ("a:::b", "a:b"),
        (" :: a: ", "a"),
        (":", ""),
    ] {
        assert_eq!(deck_component(name), component, "{name:?}");
    }
}

proptest::proptest! {
    /// Tags compare as their lower-case forms do.
    #[test]
    fn same_tag_is_lowercase_equality(
        a in "([aAσςΣßİK\u{212a}ǅǆ中_-]|\\PC)*",
        b in "([aAσςΣßİK\u{212a}ǅǆ中_-]|\\PC)*",
    ) {
        proptest::prop_assert_eq!(same_tag(&a, &b), a.to_lowercase() == b.to_lowercase());
        let lower = a.to_lowercase();
        proptest::prop_assert_eq!(same_tag(&a, &lower), lower == lower.to_lowercase());
    }

    #[test]
    fn tags_and_deck_components_are_well_formed(s in proptest::prelude::any::<String>()) {
        let t = tag(&s);
        proptest::prop_assert!(!t.contains(char::is_whitespace) && !t.contains('"'));
        proptest::prop_assert!(!t.chars().any(char::is_control));
        proptest::prop_assert_eq!(t.is_empty(), s.trim().chars().all(|c| c == '"' || (c.is_control() && !c.is_whitespace())));
        let d = deck_component(&s);
        proptest::prop_assert!(!d.contains("::") && d.trim() == d && !d.contains("  "));
        proptest::prop_assert!(!d.starts_with(':') && !d.ends_with(':'), "{:?}", d);
        proptest::prop_assert!(!d.chars().any(|c| c.is_control() || (c.is_whitespace() && c != ' ')));
    }
}

#[test]
fn ids_are_stable() {
    assert_eq!(
        guid("liu2023visual", "papercat paper v1"),
        guid("liu2023visual", "papercat paper v1")
    );
    assert_ne!(
        guid("liu2023visual", "papercat paper v1"),
        guid("liu2023visual", "papercat method cloze v1")
    );
    assert_eq!(guid("liu2023visual", "papercat paper v1").len(), 11);
    let id = stable_id("x");
    assert!(id > 1 << 41 && id < 1 << 53);
    // sha1("liu2023visual") starts with these 8 hex digits.
    let hex = format!("{:x}", Sha1::digest(b"liu2023visual"));
    assert_eq!(
        checksum("liu2023visual"),
        i64::from_str_radix(&hex[..8], 16).unwrap()
    );
}
