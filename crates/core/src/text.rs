//! Normalisers for the text of fields, one module a topic: labels ([`label_kind`],
//! [`split_label`]), what a text looks like ([`looks_like_english_title`]), inline markup and
//! titles ([`normalize_title`]), venues ([`parse_venue`]), dates ([`parse_date`]), authors and
//! lists ([`parse_authors`]), and the CJK ranges ([`is_cjk`]).

mod authors;
mod cjk;
mod date;
mod labels;
mod looks;
mod markup;
mod venue;

pub(crate) use authors::is_particle;
pub use authors::{parse_authors, split_list};
pub(crate) use cjk::is_cjk_punct_or_full_width;
pub use cjk::{has_cjk, has_han, is_cjk, is_han, is_wide};
pub use date::{arxiv_year_month, parse_date};
pub(crate) use date::{four_digit_year, is_19xx_or_20xx};
pub(crate) use labels::with_label_key;
pub use labels::{label_is_known_other, label_key, label_kind, split_label, Labelled};
pub(crate) use looks::looks_like_author_list;
pub use looks::looks_like_english_title;
pub(crate) use looks::looks_like_person_names;
pub(crate) use markup::collapse_spaces;
pub use markup::{normalize_title, strip_inline_markup};
pub(crate) use venue::is_known_venue;
pub use venue::{parse_venue, venue_in_text};
