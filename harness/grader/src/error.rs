//! The grader's errors. Each one is a usage or configuration problem (exit code 2): a
//! learner's broken code is never an error here, it is a verdict (see `checks`).

use std::path::PathBuf;

/// Everything that stops the grader before it can give a verdict.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("not inside a kata workspace: no Cargo.toml with a katas/ folder in {0} or above it")]
    NoWorkspace(PathBuf),

    #[error("no kata named `{name}`{}", match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::from("; `cargo kata list` shows them all"),
    })]
    UnknownKata {
        name: String,
        suggestion: Option<String>,
    },

    #[error(
        "no kata given, and the current folder is not inside one (try `cargo kata grade <kata>`)"
    )]
    NoKataHere,

    #[error("{0}")]
    Manifest(#[from] crate::manifest::ManifestError),

    #[error("could not run `{command}`: {source}")]
    Spawn {
        command: String,
        source: std::io::Error,
    },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{0}")]
    Config(String),
}

impl Error {
    /// The error as `cargo kata` prints it on stderr, for a command run with `format`.
    ///
    /// An error can quote text the grader does not control (a quoted key of a learner's
    /// `kata.toml`, a kata folder's name, git's output), so it is escaped: in the `github`
    /// format it is one `::error` annotation, whatever it says; in the others it is text
    /// for a terminal ([`crate::report::escape::terminal`]: no escape sequence or control
    /// character, and no line that GitHub Actions would read as a workflow command).
    pub fn render(&self, format: Option<crate::report::Format>) -> String {
        use crate::report::{Format, escape, github};
        use crate::ui::{paint, style};
        match format {
            Some(Format::Github) => github::error(&self.to_string()),
            _ => format!(
                "{} {}\n",
                paint("error:", style::FAIL),
                escape::terminal(&self.to_string())
            ),
        }
    }

    /// Wrap an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Format;
    use crate::report::escape::hostile;

    /// A manifest error that quotes a hostile key, as `toml` reports an unknown field.
    fn manifest_error() -> Error {
        let key = format!("{}{}{}", hostile::COMMAND, hostile::CLEAR, hostile::TITLE);
        let text = format!("{} = 1\n", hostile::toml_string(&key));
        Error::Manifest(
            crate::manifest::parse(&text, std::path::Path::new("katas/x/kata.toml")).unwrap_err(),
        )
    }

    #[test]
    fn a_hostile_manifest_key_is_one_annotation_in_github_format() {
        let error = manifest_error();
        let out = error.render(Some(Format::Github));
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.starts_with("::error title=cargo kata::katas/x/kata.toml:1:1: "),
            "{out}"
        );
        assert!(out.contains("unknown field"), "{out}");
        assert!(!hostile::has_raw_control(&out), "{out:?}");
    }

    #[test]
    fn a_hostile_manifest_key_reaches_no_terminal_raw() {
        for format in [
            None,
            Some(Format::Human),
            Some(Format::Json),
            Some(Format::Junit),
        ] {
            let out = manifest_error().render(format);
            assert!(hostile::workflow_commands(&out).is_empty(), "{out}");
            assert!(!hostile::has_raw_control(&out), "{out:?}");
            assert_eq!(out.lines().count(), 1, "{out}");
        }
        let out = Error::Config(hostile::text()).render(None);
        assert!(hostile::workflow_commands(&out).is_empty(), "{out}");
        assert!(!hostile::has_raw_control(&out), "{out:?}");
    }
}

/// Exit codes, stable for scripts and CI.
pub mod exit {
    /// Everything graded passed (or the command succeeded).
    pub const OK: i32 = 0;
    /// A check failed, or a kata is not live.
    pub const CHECKS_FAILED: i32 = 1;
    /// Bad usage or configuration: nothing was graded.
    pub const USAGE: i32 = 2;
}
