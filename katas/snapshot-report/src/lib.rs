//! The nightly build report under test (`subject/`), under this kata's name.
pub use snapshot_report_subject::*;

/// This crate's snapshot folder, `tests/snapshots/` beside `tests/suite.rs`, as an absolute
/// path. Give it to insta (`insta::with_settings!({ snapshot_path => SNAPSHOTS }, { ... })`):
/// insta finds the folder on its own by asking `cargo metadata` where the workspace is,
/// which works under `cargo test` but not in the grader's sandbox, where it would look in
/// the wrong place and report every snapshot missing.
pub const SNAPSHOTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots");
