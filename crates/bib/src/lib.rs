//! papercat-bib
