//! papercat-sheet
