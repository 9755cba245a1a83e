//! Placeholders are never links and always reported (issue #3).

#[test]
fn placeholders_produce_no_links_and_a_diagnostic() {
    let c = papercat_core::parse_str(
        "## S\n\n- [Some Paper]()\n  - 论文名称：Some Paper About Things\n  - Code: None\n  - Paper: none\n  - 论文地址：https://arxiv.org/abs/2106.09685\n",
    );
    assert_eq!(c.papers.len(), 1);
    let p = &c.papers[0];
    assert_eq!(p.links.len(), 1, "only the real link: {:?}", p.links);
    assert!(p.code.is_empty());
    assert!(p.note_link.is_none());
    let lines: Vec<u32> = c
        .diagnostics
        .iter()
        .filter(|d| d.code == "placeholder-link")
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, vec![3, 5, 6]);
    // The placeholder fields themselves are kept: nothing written is dropped.
    assert!(p
        .fields
        .iter()
        .any(|f| f.label == "Code" && f.text == "None"));
}
