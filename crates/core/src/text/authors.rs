//! Author lists and other comma-separated lists.

use crate::model::Author;

use super::cjk::has_cjk;
use super::markup::strip_inline_markup_cow;

/// Parse an author list: `A, B, C`, `A、B`, BibTeX `Li, Yunshui and Hui, Binyuan and others`,
/// trailing `et al.`/`等`. Returns the authors and the et-al flag.
pub fn parse_authors(raw: &str) -> (Vec<Author>, bool) {
    let stripped = strip_inline_markup_cow(raw);
    let mut s: &str = stripped.trim();
    let mut et_al = false;
    for tail in ["et al.", "et al", "等人", "等"] {
        if let Some(r) = s.strip_suffix(tail) {
            s = r.trim().trim_end_matches([',', '，', '、']).trim();
            et_al = true;
        }
    }
    let mut out = Vec::new();
    // `Li, Yunshui and Hui, Binyuan` (BibTeX: every part `Family, Given`) against
    // `A, B, and C` / `A, B and C` (a plain list whose last name follows `and`).
    let has_and = s.contains(" and ");
    let bibtex = has_and
        && s.split(" and ")
            .map(str::trim)
            .filter(|p| !p.eq_ignore_ascii_case("others"))
            .all(|p| p.matches(',').count() == 1 && !p.ends_with(','));
    let replaced;
    if !bibtex && has_and {
        replaced = s.replace(", and ", ", ").replace(" and ", ", ");
        s = &replaced;
    }
    if bibtex {
        for part in s.split(" and ") {
            let p = part.trim();
            if p.eq_ignore_ascii_case("others") {
                et_al = true;
            } else if !p.is_empty() {
                out.push(match p.split_once(',') {
                    Some((family, given)) if !has_cjk(p) => Author::Person {
                        given: given.trim().into(),
                        family: family.trim().into(),
                    },
                    _ => person(p),
                });
            }
        }
    } else {
        for part in s.split([',', '，', '、', ';', '；']) {
            let p = part.trim();
            if p.eq_ignore_ascii_case("others") || p.eq_ignore_ascii_case("et al.") {
                et_al = true;
            } else if !p.is_empty() {
                out.push(person(p));
            }
        }
    }
    (out, et_al)
}

fn person(name: &str) -> Author {
    if has_cjk(name) {
        return Author::Literal {
            literal: name.to_string(),
        };
    }
    // The last word is the family name, with the particles right before it (`Mihaela van
    // der Schaar`, `Nicola De Cao`); the words before (one space apart) are the given names,
    // at least one of them (`Le Song` is given `Le`).
    let words: Vec<&str> = name.split_whitespace().collect();
    let Some(last) = words.len().checked_sub(1) else {
        return Author::Person {
            given: String::new(),
            family: String::new(),
        };
    };
    let mut start = last;
    // `Minh Van Nguyen`: Văn is a Vietnamese middle name, not a particle.
    let vietnamese = VIETNAMESE_FAMILY_NAMES
        .iter()
        .any(|n| n.eq_ignore_ascii_case(words[last]));
    while start > 1 && !vietnamese && is_particle(words[start - 1]) {
        start -= 1;
    }
    Author::Person {
        given: words[..start].join(" "),
        family: words[start..].join(" "),
    }
}

/// Name particles that belong to the family name (`van`, `von`, `de`, `der`, `Le`...), in any
/// case.
const PARTICLES: &[&str] = &[
    "da", "dal", "dalla", "das", "de", "dei", "del", "della", "den", "der", "des", "di", "do",
    "dos", "du", "la", "le", "ten", "ter", "van", "vande", "vander", "vom", "von", "zu", "zum",
    "zur",
];

/// The commonest Vietnamese family names, written without diacritics: before one of them,
/// `Van` or `Le` is a middle name, not a particle.
const VIETNAMESE_FAMILY_NAMES: &[&str] = &[
    "Bui", "Dang", "Dinh", "Do", "Doan", "Duong", "Ha", "Ho", "Hoang", "Huynh", "Lam", "Le",
    "Luong", "Ly", "Mai", "Ngo", "Nguyen", "Pham", "Phan", "Ta", "Tran", "Trinh", "Truong", "Vo",
    "Vu",
];

/// True for a name particle (see [`PARTICLES`]).
pub(crate) fn is_particle(word: &str) -> bool {
    PARTICLES.iter().any(|p| p.eq_ignore_ascii_case(word))
}

/// Split a list such as topics or institutions on `、 , ， ; ；` (and `和`/` and ` for
/// institutions), trimming and dropping empty parts.
pub fn split_list(raw: &str, with_and: bool) -> Vec<String> {
    let s = strip_inline_markup_cow(raw);
    let mut seen: Vec<String> = Vec::new();
    let mut add = |p: &str| {
        if !p.is_empty() {
            seen.push(p.to_string());
        }
    };
    for part in s.split(['、', ',', '，', ';', '；', '/']) {
        let p = part.trim();
        if p.is_empty() {
            continue;
        }
        if with_and {
            for q in p.split(" and ") {
                for r in q.split('和') {
                    add(r.trim());
                }
            }
        } else {
            add(p);
        }
    }
    // Repeats are dropped, the first kept.
    crate::dedup::keep_first(&mut seen, crate::dedup::hash, |a, b| a == b);
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_belong_to_the_family_name() {
        for (name, given, family) in [
            ("Mihaela van der Schaar", "Mihaela", "van der Schaar"),
            ("Mihaela Van Der Schaar", "Mihaela", "Van Der Schaar"),
            ("Johannes von Oswald", "Johannes", "von Oswald"),
            ("José G. C. de Souza", "José G. C.", "de Souza"),
            (
                "Pedro Zuidberg Dos Martires",
                "Pedro Zuidberg",
                "Dos Martires",
            ),
            ("Teven Le Scao", "Teven", "Le Scao"),
            // One given name is always kept.
            ("Le Song", "Le", "Song"),
            ("De Cao", "De", "Cao"),
            ("van Hoof", "van", "Hoof"),
            ("Yann LeCun", "Yann", "LeCun"),
            ("Minh Van Nguyen", "Minh Van", "Nguyen"),
            ("Luc Van Gool", "Luc", "Van Gool"),
            ("Plato", "", "Plato"),
        ] {
            let (a, _) = parse_authors(name);
            assert_eq!(
                a,
                vec![Author::Person {
                    given: given.into(),
                    family: family.into()
                }],
                "{name}"
            );
        }
    }

    #[test]
    fn authors() {
        let (a, e) = parse_authors("Hexiang Hu, Kelvin C.K. Chan, Yu-Chuan Su");
        assert_eq!(a.len(), 3);
        assert_eq!(
            a[1],
            Author::Person {
                given: "Kelvin C.K.".into(),
                family: "Chan".into()
            }
        );
        assert!(!e);
        let (a, e) = parse_authors("Li, Yunshui and Hui, Binyuan and others");
        assert_eq!(
            a[0],
            Author::Person {
                given: "Yunshui".into(),
                family: "Li".into()
            }
        );
        assert_eq!(a.len(), 2);
        assert!(e);
        let (a, e) = parse_authors("张三、李四 等");
        assert_eq!(
            a,
            vec![
                Author::Literal {
                    literal: "张三".into()
                },
                Author::Literal {
                    literal: "李四".into()
                }
            ]
        );
        assert!(e);
        let (a, _) = parse_authors("Ashish Vaswani, Noam Shazeer, and Niki Parmar");
        assert_eq!(
            a.iter().map(Author::family).collect::<Vec<_>>(),
            vec!["Vaswani", "Shazeer", "Parmar"]
        );
        let (a, _) = parse_authors("Kaiming He, Xiangyu Zhang and Jian Sun");
        assert_eq!(
            a.iter().map(Author::family).collect::<Vec<_>>(),
            vec!["He", "Zhang", "Sun"]
        );
        let (a, _) = parse_authors("Diederik P. Kingma and Jimmy Ba");
        assert_eq!(
            a.iter().map(Author::display).collect::<Vec<_>>(),
            vec!["Diederik P. Kingma", "Jimmy Ba"]
        );
        let (a, e) = parse_authors("A. Smith et al.");
        assert_eq!(a.len(), 1);
        assert!(e);
        assert_eq!(
            split_list("佐治亚理工、Adobe和斯坦福", true),
            vec!["佐治亚理工", "Adobe", "斯坦福"]
        );
        assert_eq!(
            split_list("指令微调、多模态", false),
            vec!["指令微调", "多模态"]
        );
    }
}
