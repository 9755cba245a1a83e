//! Citation keys are stable: adding a paper at the end changes no existing key, and keys do
//! not depend on where other, unrelated papers stand.

fn keys(md: &str) -> Vec<String> {
    papercat_core::parse_str(md)
        .papers
        .into_iter()
        .map(|p| p.key)
        .collect()
}

const A: &str = "- A\n  - 论文名称：Attention Is All You Need\n  - 论文地址：https://arxiv.org/abs/1706.03762\n  - 作者：Ashish Vaswani, Noam Shazeer\n\n";
const B: &str = "- B\n  - 论文名称：Attention Is All You Need Too\n  - 论文地址：https://arxiv.org/abs/1706.99999\n  - 作者：Ashish Vaswani\n\n";
const C: &str = "- C\n  - 论文名称：LoRA: Low-Rank Adaptation of Large Language Models\n  - 论文地址：https://arxiv.org/abs/2106.09685\n\n";

#[test]
fn appending_a_paper_changes_no_existing_key() {
    let before = keys(&format!("{A}{C}"));
    assert_eq!(before, vec!["vaswani2017attention", "lora2021low"]);
    let after = keys(&format!("{A}{C}{B}"));
    assert_eq!(&after[..2], &before[..]);
    assert_eq!(
        after[2], "vaswani2017attentiona",
        "a clash gets a suffix, in input order"
    );
    // An unrelated paper inserted before does not change a key either.
    let moved = keys(&format!("{C}{A}"));
    assert_eq!(moved, vec!["lora2021low", "vaswani2017attention"]);
}
