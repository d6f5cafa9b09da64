//! A kata's corpus of variants: other valid fixes that must be graded solved, and partial
//! fixes and cheats that must not be, each naming the checks that must catch it.
//! `cargo kata verify` grades them all beside the kata and its solution, so a check that
//! lets a cheat through, or fails a valid fix, shows up as a kata that is not live.
//!
//! A variant is a crate like a solution, under `solutions/<id>/variants/<name>/`: its
//! `[lib]` has the kata's library name and its `[[test]]` target is the kata's own
//! `tests/checks.rs`, so the very same checks run against it (`cargo test -p
//! <id>-variant-<name>` works too). Its `Cargo.toml` says what it is:
//!
//! ```toml
//! [package.metadata.variant]
//! kind = "cheat"            # "valid", "partial" or "cheat"
//! summary = "Recognises the measured input by its power-of-two size."
//! caught_by = ["dedupe-scaling", "policy"]   # partial and cheat: checks that must fail
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::grade::KataReport;

/// What a variant is meant to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Another correct fix: every check must pass.
    Valid,
    /// A fix that does part of the job: not solved, caught by the checks it names.
    Partial,
    /// A way to get the points without the fix: not solved, caught by the checks it names.
    Cheat,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Valid => "valid",
            Kind::Partial => "partial",
            Kind::Cheat => "cheat",
        }
    }
}

/// One variant of a kata.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// Its folder name.
    pub name: String,
    /// Its cargo package: `<kata>-variant-<name>`.
    pub package: String,
    #[serde(skip)]
    pub dir: PathBuf,
    pub kind: Kind,
    pub summary: String,
    /// For partial fixes and cheats: the checks that must fail.
    pub caught_by: Vec<String>,
}

#[derive(Deserialize)]
struct Manifest {
    package: Package,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    metadata: Option<Metadata>,
}

#[derive(Deserialize)]
struct Metadata {
    variant: Option<Meta>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    kind: Kind,
    summary: String,
    #[serde(default)]
    caught_by: Vec<String>,
}

/// The variants of kata `id`, sorted by name (none when it has no `variants/` folder).
pub fn of(root: &Path, id: &str, check_ids: &[&str]) -> Result<Vec<Variant>, Error> {
    let folder = root.join("solutions").join(id).join("variants");
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(Vec::new());
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| load(root, id, &dir, check_ids))
        .collect()
}

fn load(root: &Path, id: &str, dir: &Path, check_ids: &[&str]) -> Result<Variant, Error> {
    let path = dir.join("Cargo.toml");
    let shown = path
        .strip_prefix(root)
        .unwrap_or(&path)
        .display()
        .to_string()
        .replace('\\', "/");
    let problem = |what: String| Error::Config(format!("{shown}: {what}"));
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let manifest: Manifest = toml::from_str(&text).map_err(|e| problem(e.to_string()))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let package = format!("{id}-variant-{name}");
    if manifest.package.name != package {
        return Err(problem(format!(
            "package.name must be `{package}` (the kata, `-variant-`, the folder's name)"
        )));
    }
    let meta = manifest
        .package
        .metadata
        .and_then(|m| m.variant)
        .ok_or_else(|| problem("needs a [package.metadata.variant] table".into()))?;
    if meta.summary.trim().is_empty() {
        return Err(problem(
            "package.metadata.variant.summary: say what it does".into(),
        ));
    }
    match meta.kind {
        Kind::Valid if !meta.caught_by.is_empty() => {
            return Err(problem(
                "package.metadata.variant.caught_by: a valid variant is caught by nothing".into(),
            ));
        }
        Kind::Partial | Kind::Cheat if meta.caught_by.is_empty() => {
            return Err(problem(
                "package.metadata.variant.caught_by: name the checks that must catch it".into(),
            ));
        }
        _ => {}
    }
    if let Some(unknown) = meta
        .caught_by
        .iter()
        .find(|c| !check_ids.contains(&c.as_str()))
    {
        return Err(problem(format!(
            "package.metadata.variant.caught_by: the kata has no check `{unknown}`"
        )));
    }
    Ok(Variant {
        name,
        package,
        dir: dir.to_owned(),
        kind: meta.kind,
        summary: meta.summary,
        caught_by: meta.caught_by,
    })
}

/// Whether `report` is what `variant` promises; `None` when it is, else what differs.
pub fn judge(variant: &Variant, report: &KataReport) -> Option<String> {
    let who = format!(
        "variant `{}` ({}: {})",
        variant.name,
        variant.kind.as_str(),
        variant.summary
    );
    match variant.kind {
        Kind::Valid if report.solved => None,
        Kind::Valid => {
            let failed: Vec<String> = report
                .checks
                .iter()
                .filter(|c| !c.passed())
                .map(|c| {
                    let message = c.message.as_deref().unwrap_or_default();
                    let first = message.lines().next().unwrap_or_default();
                    format!("`{}` {}: {first}", c.id, c.outcome.label())
                })
                .collect();
            Some(format!(
                "{who} must be graded solved, but {}",
                failed.join("; ")
            ))
        }
        Kind::Partial | Kind::Cheat => {
            // Caught because it does not build, or because a check could not run, says
            // nothing about the checks: a variant must be caught by a verdict on its code.
            if let Some(error) = &report.build_error {
                return Some(format!(
                    "{who} does not compile, so it shows nothing about the checks: {}",
                    error.lines().next().unwrap_or_default()
                ));
            }
            if let Some(c) = report.checks.iter().find(|c| {
                variant.caught_by.contains(&c.id)
                    && matches!(
                        c.outcome,
                        crate::checks::Outcome::NotBuilt | crate::checks::Outcome::Error
                    )
            }) {
                return Some(format!(
                    "{who}: `{}` could not judge it ({}): {}",
                    c.id,
                    c.outcome.label(),
                    c.message
                        .as_deref()
                        .unwrap_or_default()
                        .lines()
                        .next()
                        .unwrap_or_default()
                ));
            }
            let escaped: Vec<&str> = variant
                .caught_by
                .iter()
                .filter(|id| report.checks.iter().any(|c| &c.id == *id && c.passed()))
                .map(String::as_str)
                .collect();
            if escaped.is_empty() && !report.solved {
                None
            } else if report.solved {
                Some(format!("{who} was graded solved"))
            } else {
                Some(format!(
                    "{who} passed {}, which must catch it",
                    escaped
                        .iter()
                        .map(|id| format!("`{id}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        }
    }
}
