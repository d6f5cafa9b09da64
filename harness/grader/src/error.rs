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
    /// Wrap an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
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
