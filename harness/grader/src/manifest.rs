//! `kata.toml`: the single source of truth about a kata. The schema is documented in
//! `docs/kata-toml.md`; [`load`] parses and validates it, and every error names the file,
//! the line and the field.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::glob;
use crate::report::escape;

/// The manifest schema version this grader reads.
pub const SCHEMA: u32 = 1;

/// A parsed, validated `kata.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Must be [`SCHEMA`].
    pub schema: u32,
    /// Human title.
    pub title: String,
    /// The flaw family (one of [`FAMILIES`]).
    pub family: String,
    /// How hard the kata is.
    pub difficulty: Difficulty,
    /// Position in the learning track: `cargo kata list` sorts by it.
    pub track: u32,
    /// One sentence: what is wrong and what to achieve.
    pub summary: String,
    /// The source-text topics the kata teaches.
    pub topics: Vec<String>,
    /// Hard limit for one run of a test binary, in seconds; a run past it is killed.
    #[serde(default = "default_time_limit")]
    pub time_limit_secs: u64,
    /// Progressive hints, from gentle to explicit; `cargo kata hint` reveals one per call.
    pub hints: Vec<String>,
    /// What one run of a test binary may use (memory, processes, output, temp disk).
    #[serde(default)]
    pub limits: crate::limits::Limits,
    /// Which paths the learner edits and which the grader protects.
    pub paths: Paths,
    /// The checks, in the order they are shown.
    #[serde(rename = "check")]
    pub checks: Vec<Spanned<Check>>,
}

fn default_time_limit() -> u64 {
    120
}

/// The families of flaw, in track order.
pub const FAMILIES: &[&str] = &[
    "flaky-tests",
    "seams-and-mocks",
    "logging",
    "hot-paths",
    "memory",
    "concurrency-io",
    "serialization",
    "test-craft",
];

/// How hard a kata is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    Intro,
    Core,
    Advanced,
}

impl Difficulty {
    /// The name used in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Intro => "intro",
            Difficulty::Core => "core",
            Difficulty::Advanced => "advanced",
        }
    }
}

/// What the learner may change and what the grader protects (globs, see [`crate::glob`]).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paths {
    /// Paths the learner is meant to edit.
    pub editable: Vec<String>,
    /// Paths that must stay as shipped (the tamper check).
    pub protected: Vec<String>,
}

/// One graded check.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    /// Short unique id, shown in reports (`schedule`, `no-real-sleep`).
    pub id: String,
    /// What kind of check.
    pub kind: CheckKind,
    /// Points earned when it passes.
    #[serde(default)]
    pub points: u32,
    /// Shown when the check fails.
    #[serde(default)]
    pub hint: Option<String>,
    /// What `cargo kata verify` expects of the kata as shipped.
    pub shipped: Expect,
    /// `kind = "test"`: a test's full name, or a module path that selects every test
    /// below it.
    #[serde(default)]
    pub test: Option<String>,
    /// `kind = "budget"`: the most seconds the whole suite may take.
    #[serde(default)]
    pub max_secs: Option<f64>,
    /// `kind = "flake"` and `"budget"`: libtest thread counts to run the suite at.
    #[serde(default)]
    pub threads: Option<Vec<u32>>,
    /// `kind = "flake"`: how many times to run the suite at each thread count.
    #[serde(default)]
    pub repeats: Option<u32>,
    /// The figure as the shipped code measures it, for reports (e.g. `"≈ 2.0"`).
    #[serde(default)]
    pub shipped_figure: Option<String>,
    /// `kind = "policy"`: paths from the default policy this kata's code may use (its
    /// lesson needs them, e.g. `std::thread::sleep` in a kata about real sleeping).
    #[serde(default)]
    pub allow: Option<Vec<String>>,
    /// `kind = "policy"`: more paths this kata's code may not use (its lesson's own
    /// loopholes, e.g. an uncounted `std::sync::Mutex` in a kata that counts locks).
    #[serde(default)]
    pub forbid: Option<Vec<String>>,
}

/// The kinds of check (DESIGN.md, "Grading model").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// Named tests in the kata's `tests/` must pass.
    Test,
    /// The whole suite, repeated at several thread counts, must be green every time.
    Flake,
    /// Every test must pass when run alone.
    Isolation,
    /// The whole suite must finish within a gross wall-time cap.
    Budget,
    /// Protected files must equal upstream.
    Tamper,
    /// The editable code calls nothing the kata's policy forbids (clippy's `disallowed-*`
    /// lints, see `policy.rs`).
    Policy,
}

impl CheckKind {
    /// The name used in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckKind::Test => "test",
            CheckKind::Flake => "flake",
            CheckKind::Isolation => "isolation",
            CheckKind::Budget => "budget",
            CheckKind::Tamper => "tamper",
            CheckKind::Policy => "policy",
        }
    }
}

/// What a check does on the kata as shipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Expect {
    /// The flaw makes it fail.
    Fails,
    /// It already passes; it guards behaviour the fix must keep.
    Passes,
}

/// A manifest that could not be read, parsed or validated.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {field}: {message}", path.display())]
pub struct ManifestError {
    /// The manifest's path, relative to the repo where possible.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The field concerned (`check[2].test`), or `kata.toml` for the whole file.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Manifest {
    /// Total points over all checks.
    pub fn max_points(&self) -> u32 {
        self.checks.iter().map(|c| c.get_ref().points).sum()
    }
}

/// Read and validate the manifest at `path` (shown as `display_path` in errors).
pub fn load(path: &Path, display_path: &Path) -> Result<Manifest, ManifestError> {
    let text = std::fs::read_to_string(path).map_err(|e| ManifestError {
        path: display_path.to_owned(),
        line: 1,
        column: 1,
        field: "kata.toml".into(),
        message: format!("cannot read: {e}"),
    })?;
    parse(&text, display_path)
}

/// Parse and validate manifest text.
pub fn parse(text: &str, display_path: &Path) -> Result<Manifest, ManifestError> {
    // The field and the message can quote the manifest (a quoted key, a value): each is
    // kept to one printable line, so the error is one `file:line:column: field: message`.
    let error_at = |span: Option<Range<usize>>, field: &str, message: String| {
        let (line, column) = line_column(text, span.map_or(0, |s| s.start));
        ManifestError {
            path: display_path.to_owned(),
            line,
            column,
            field: escape::terminal_line(field),
            message: escape::terminal_line(&message),
        }
    };
    let manifest: Manifest = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_owned();
        let field = field_from_message(&message).unwrap_or_else(|| "kata.toml".to_owned());
        error_at(e.span(), &field, message)
    })?;
    // Semantic rules: the position is that of the whole file or of the check concerned.
    let whole = |field: &str, message: String| error_at(field_span(text, field), field, message);
    if manifest.schema != SCHEMA {
        return Err(whole(
            "schema",
            format!(
                "schema {} is not supported; this grader reads schema {SCHEMA}",
                manifest.schema
            ),
        ));
    }
    for (name, value) in [("title", &manifest.title), ("summary", &manifest.summary)] {
        if value.trim().is_empty() {
            return Err(whole(name, "must not be empty".into()));
        }
    }
    if !FAMILIES.contains(&manifest.family.as_str()) {
        return Err(whole(
            "family",
            format!(
                "unknown family `{}`; expected one of {}",
                manifest.family,
                FAMILIES.join(", ")
            ),
        ));
    }
    if manifest.hints.is_empty() {
        return Err(whole("hints", "give at least one hint".into()));
    }
    if manifest.time_limit_secs == 0 {
        return Err(whole("time_limit_secs", "must be at least 1".into()));
    }
    manifest
        .limits
        .validate()
        .map_err(|(field, m)| whole(field, m))?;
    for (name, patterns) in [
        ("paths.editable", &manifest.paths.editable),
        ("paths.protected", &manifest.paths.protected),
    ] {
        if patterns.is_empty() {
            return Err(whole(name, "list at least one path".into()));
        }
        for p in patterns {
            glob::validate(p).map_err(|m| whole(name, m))?;
        }
    }
    if manifest.checks.is_empty() {
        return Err(whole("check", "a kata needs at least one [[check]]".into()));
    }
    let mut seen = Vec::new();
    for (i, spanned) in manifest.checks.iter().enumerate() {
        let check = spanned.get_ref();
        let at = |field: &str, message: String| {
            error_at(
                Some(spanned.span()),
                &format!("check[{i}].{field}"),
                message,
            )
        };
        if check.id.is_empty()
            || !check
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(at(
                "id",
                format!(
                    "`{}` must be non-empty letters, digits, `-` or `_`",
                    check.id
                ),
            ));
        }
        if seen.contains(&check.id) {
            return Err(at("id", format!("`{}` is used by another check", check.id)));
        }
        seen.push(check.id.clone());
        validate_kind_fields(check).map_err(|(field, message)| at(field, message))?;
        if check.points > 0 && check.hint.as_deref().is_none_or(|h| h.trim().is_empty()) {
            return Err(at("hint", "a check worth points needs a hint".into()));
        }
    }
    Ok(manifest)
}

/// Each kind takes its own fields and no others.
fn validate_kind_fields(check: &Check) -> Result<(), (&'static str, String)> {
    let kind = check.kind.as_str();
    let allowed: &[&str] = match check.kind {
        CheckKind::Test => &["test"],
        CheckKind::Flake => &["threads", "repeats"],
        CheckKind::Budget => &["max_secs", "threads"],
        CheckKind::Isolation | CheckKind::Tamper => &[],
        CheckKind::Policy => &["allow", "forbid"],
    };
    let present = [
        ("test", check.test.is_some()),
        ("max_secs", check.max_secs.is_some()),
        ("threads", check.threads.is_some()),
        ("repeats", check.repeats.is_some()),
        ("allow", check.allow.is_some()),
        ("forbid", check.forbid.is_some()),
    ];
    for (field, is_set) in present {
        if is_set && !allowed.contains(&field) {
            return Err((
                field_name(field),
                format!("`{field}` does not apply to kind = \"{kind}\""),
            ));
        }
    }
    match check.kind {
        CheckKind::Test => match &check.test {
            None => {
                return Err((
                    "test",
                    "kind = \"test\" needs `test`: a test name or module path".into(),
                ));
            }
            Some(t) if t.trim().is_empty() => return Err(("test", "must not be empty".into())),
            Some(_) => {}
        },
        CheckKind::Budget => match check.max_secs {
            Some(s) if s > 0.0 && s.is_finite() => {}
            Some(s) => {
                return Err((
                    "max_secs",
                    format!("{s} is not a positive number of seconds"),
                ));
            }
            None => return Err(("max_secs", "kind = \"budget\" needs `max_secs`".into())),
        },
        CheckKind::Policy => {
            for path in check.forbid.iter().flatten() {
                if !path.contains("::") || path.contains(char::is_whitespace) {
                    return Err((
                        "forbid",
                        format!("`{path}` is not a path such as `std::sync::Mutex`"),
                    ));
                }
            }
            for path in check.allow.iter().flatten() {
                if !crate::policy::is_known(path) {
                    return Err((
                        "allow",
                        format!(
                            "`{path}` is not in the default policy; it lists {}",
                            crate::policy::known_paths().join(", ")
                        ),
                    ));
                }
            }
        }
        _ => {}
    }
    if check
        .threads
        .as_ref()
        .is_some_and(|t| t.is_empty() || t.contains(&0))
    {
        return Err((
            "threads",
            "list one or more thread counts, each at least 1".into(),
        ));
    }
    if check.repeats == Some(0) {
        return Err(("repeats", "must be at least 1".into()));
    }
    Ok(())
}

fn field_name(field: &str) -> &'static str {
    match field {
        "test" => "test",
        "max_secs" => "max_secs",
        "threads" => "threads",
        "allow" => "allow",
        "forbid" => "forbid",
        _ => "repeats",
    }
}

/// toml's messages name the field in backticks: "missing field `title`".
fn field_from_message(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let end = start + message[start..].find('`')?;
    Some(message[start..end].to_owned())
}

/// Where a top-level key (or a dotted `table.key`) is written, for errors about it.
fn field_span(text: &str, field: &str) -> Option<Range<usize>> {
    let key = field.rsplit('.').next()?;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            let start = offset + (line.len() - trimmed.len());
            return Some(start..start + key.len());
        }
        offset += line.len();
    }
    None
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
schema = 1
title = "Sleepy retry"
family = "flaky-tests"
difficulty = "intro"
track = 10
summary = "Backoff sleeps for real."
topics = ["mock time"]
hints = ["Look at how the retrier waits."]

[paths]
editable = ["src/**"]
protected = ["tests/**", "Cargo.toml", "kata.toml"]

[[check]]
id = "schedule"
kind = "test"
test = "schedule"
points = 3
hint = "Which clock does the wait use?"
shipped = "fails"

[[check]]
id = "tamper"
kind = "tamper"
shipped = "passes"
"#;

    fn err(text: &str) -> ManifestError {
        parse(text, Path::new("katas/x/kata.toml")).unwrap_err()
    }

    #[test]
    fn reads_a_good_manifest() {
        let m = parse(GOOD, Path::new("kata.toml")).unwrap();
        assert_eq!(m.checks.len(), 2);
        assert_eq!(m.max_points(), 3);
        assert_eq!(m.time_limit_secs, 120);
    }

    #[test]
    fn unknown_field_names_file_line_and_field() {
        let e = err(&GOOD.replace("title =", "titel ="));
        assert_eq!((e.line, e.field.as_str()), (3, "titel"), "{e}");
        assert!(e.to_string().starts_with("katas/x/kata.toml:3:"), "{e}");
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let e = err(&GOOD.replace("points = 3", "points = \"three\""));
        assert_eq!(e.line, 19, "{e}");
    }

    #[test]
    fn kind_specific_fields_are_checked() {
        let e = err(&GOOD.replace("test = \"schedule\"", "max_secs = 1.0"));
        assert_eq!(e.field, "check[0].max_secs", "{e}");
        assert_eq!(e.line, 15, "{e}");
        let e = err(&GOOD.replace("test = \"schedule\"\n", ""));
        assert_eq!(e.field, "check[0].test", "{e}");
    }

    #[test]
    fn semantic_errors_name_the_line() {
        let e = err(&GOOD.replace("\"flaky-tests\"", "\"flaky\""));
        assert_eq!((e.line, e.field.as_str()), (4, "family"), "{e}");
        let e = err(&GOOD.replace("id = \"tamper\"", "id = \"schedule\""));
        assert_eq!(e.field, "check[1].id", "{e}");
        let e = err(&GOOD.replace("\"src/**\"", "\"../src\""));
        assert_eq!(e.field, "paths.editable", "{e}");
    }

    #[test]
    fn syntax_error_is_located() {
        let e = err("schema = 1\ntitle = \n");
        assert_eq!(e.line, 2, "{e}");
    }
}
