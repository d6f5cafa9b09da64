//! The currency converter under test (`subject/`), under this kata's name.
pub use hidden_autouse_subject::*;
