//! papercat-jsonld
