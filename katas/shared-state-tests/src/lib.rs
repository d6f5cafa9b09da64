//! The order export under test (`subject/`), under this kata's name.
pub use shared_state_tests_subject::*;
