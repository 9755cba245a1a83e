//! A scan of HTML for markup that could run code, for the Anki checks.

/// Why the HTML `s` could run code, if it could: a script-like element, an event handler
/// attribute, or a link/source URL with a script or data scheme. Escaped text is not markup,
/// so `&lt;script&gt;` is fine; the scan follows quoted attribute values.
pub fn html_hazard(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        if b.get(j) == Some(&b'/') {
            j += 1;
        }
        let name_start = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
            j += 1;
        }
        if j == name_start {
            if s[i..].starts_with("<!") || s[i..].starts_with("<?") {
                return Some("a comment or declaration in markup".into());
            }
            i += 1;
            continue;
        }
        let name = s[name_start..j].to_ascii_lowercase();
        if matches!(
            name.as_str(),
            "script"
                | "iframe"
                | "object"
                | "embed"
                | "style"
                | "svg"
                | "math"
                | "form"
                | "base"
                | "meta"
                | "link"
                | "frame"
                | "frameset"
        ) {
            return Some(format!("a <{name}> element"));
        }
        // Attributes, up to the closing `>`.
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() {
                return Some(format!("an unterminated <{name}> tag"));
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let attr_start = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = s[attr_start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = "";
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = s[j + 1..].find(char::from(q)).map(|e| j + 1 + e);
                        let Some(end) = end else {
                            return Some(format!("an unterminated attribute in <{name}>"));
                        };
                        value = &s[j + 1..end];
                        j = end + 1;
                    }
                    _ => {
                        let start = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = &s[start..j];
                    }
                }
            }
            if attr.starts_with("on") {
                return Some(format!("an event handler `{attr}` on <{name}>"));
            }
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "srcset"
                    | "poster"
                    | "background"
                    | "data"
            ) {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                if ["javascript:", "vbscript:", "data:"]
                    .iter()
                    .any(|scheme| v.starts_with(scheme))
                {
                    return Some(format!("a script URL in `{attr}` of <{name}>"));
                }
            }
        }
        i = j;
    }
    None
}
