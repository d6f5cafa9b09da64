//! The shipping quotes under test (`subject/`), under this kata's name.
pub use fixture_scopes_subject::*;
