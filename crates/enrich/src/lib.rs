//! papercat-enrich
