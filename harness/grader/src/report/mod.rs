//! Renderings of grades, verifications and the kata list. Each format is one module;
//! reporters consume [`crate::events`] or the finished reports.

pub mod escape;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
mod text;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned, coloured text for people.
    Human,
    /// One JSON document with a versioned schema (see docs/json-schema.md).
    Json,
    /// JUnit XML: a test suite per kata, a test case per check.
    Junit,
    /// GitHub Actions annotations at the failing lines, and the Markdown summary appended
    /// to `$GITHUB_STEP_SUMMARY`.
    Github,
    /// Markdown tables, for a pull request or a review.
    Markdown,
    /// One self-contained HTML page with a chart for every curve a check measured.
    Html,
}

impl Format {
    /// The formats a command that writes `--output FORMAT=PATH` files accepts.
    pub fn parse_output(spec: &str) -> Result<(Format, std::path::PathBuf), String> {
        use clap::ValueEnum;
        let (name, path) = spec.split_once('=').ok_or_else(|| {
            format!("`{spec}`: expected FORMAT=PATH, e.g. junit=target/kata/report.xml")
        })?;
        let format = Format::from_str(name, true).map_err(|_| {
            format!("`{name}` is not a format (human, json, junit, github, markdown, html)")
        })?;
        if path.is_empty() {
            return Err(format!("`{spec}`: the path is empty"));
        }
        Ok((format, std::path::PathBuf::from(path)))
    }
}
