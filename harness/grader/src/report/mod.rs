//! Renderings of grades, verifications and the kata list. Each format is one module;
//! reporters consume [`crate::events`] or the finished reports.

pub mod human;
pub mod json;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned, coloured text for people.
    Human,
    /// One JSON document with a versioned schema (see docs/json-schema.md).
    Json,
}
