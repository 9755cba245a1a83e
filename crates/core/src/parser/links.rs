//! The links of a heading or list item: which is the note link, which identify the paper.

/// Split a heading's or item's links into the note link (relative) and URL links.
pub(super) fn split_links(links: Vec<String>) -> (Option<String>, Vec<String>) {
    let mut note_link = None;
    let mut urls = Vec::new();
    for l in links {
        if l.starts_with('#') {
            continue;
        }
        // An empty destination (`[title]()`) is kept so entry_links can report it.
        if l.is_empty() || l.contains("://") || l.starts_with("www.") {
            urls.push(l);
        } else if note_link.is_none() && !l.starts_with("mailto:") {
            note_link = Some(l);
        }
    }
    (note_link, urls)
}
