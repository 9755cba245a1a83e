//! papercat-anki
