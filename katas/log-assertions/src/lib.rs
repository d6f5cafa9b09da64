//! The sign-in and gateway service under test (`subject/`), under this kata's name.
pub use log_assertions_subject::*;
