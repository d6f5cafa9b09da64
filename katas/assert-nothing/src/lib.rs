//! The loyalty scheme under test (`subject/`), under this kata's name.
pub use assert_nothing_subject::*;
